"""Type-check the package with mypy and fail only on errors that are not in the baseline.

Why a staging tree: the repository keeps ``ui/``, ``index/`` and ``resources/`` at its top
level and setuptools installs them as ``zvdj_viewer.ui`` etc. (GUIDE.md). mypy cannot follow
that mapping, so this script lays out ``build/typecheck/zvdj_viewer`` as symbolic links to the
real files (no copy, instant) and checks the package as it is imported. Reported paths are
mapped back to the repository's own (``zvdj_viewer/ui/x.py`` -> ``ui/x.py``).

Why a baseline (as Paperless-ngx does): the code base predates the gate, and a change should
not have to fix every old error at once. ``scripts/mypy-baseline.txt`` lists the known errors
without line numbers (so unrelated edits do not shift them); a run fails when an error appears
that the baseline does not hold, and says when fixed errors can leave the baseline.

    .venv/bin/python scripts/typecheck.py            # check (exit 1 on new errors)
    .venv/bin/python scripts/typecheck.py --update   # rewrite the baseline from the current code
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STAGE = REPO / "build" / "typecheck"
BASELINE = REPO / "scripts" / "mypy-baseline.txt"
LAYERS = {"ui": "ui", "index": "index", "resources": "resources"}  # sub-package -> top-level folder
# test modules checked too: the UI tests' stand-in for the Archive must implement the contract
CHECKED_TESTS = ["tests/ui/viewer_fakes.py"]
_LINE = re.compile(r"^(?P<path>[^:\s]+\.py):(?P<line>\d+): error: (?P<msg>.*)$")


def stage() -> Path:
    pkg = STAGE / "zvdj_viewer"
    if STAGE.exists():
        shutil.rmtree(STAGE)
    pkg.mkdir(parents=True)
    for entry in (REPO / "zvdj_viewer").iterdir():
        if entry.name != "__pycache__":
            os.symlink(entry, pkg / entry.name)
    for name, folder in LAYERS.items():
        os.symlink(REPO / folder, pkg / name)
    for test in CHECKED_TESTS:  # beside the package, as pytest imports it (its folder on sys.path)
        os.symlink(REPO / test, STAGE / Path(test).name)
    return STAGE


def repo_path(path: str) -> str:
    tests = {Path(t).name: t for t in CHECKED_TESTS}
    if path in tests:
        return tests[path]
    parts = Path(path).parts
    if len(parts) > 1 and parts[0] == "zvdj_viewer" and parts[1] in LAYERS:
        return str(Path(LAYERS[parts[1]], *parts[2:]))
    return path


def run_mypy() -> list[str]:
    """Errors as ``path: message [code]``, one per error, line numbers left out."""
    where = stage()
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml"), "-p", "zvdj_viewer",
         *(a for t in CHECKED_TESTS for a in ("-m", Path(t).stem))],
        cwd=where, capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):  # 2: mypy itself failed (bad config, crash)
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(2)
    errors = []
    for line in proc.stdout.splitlines():
        m = _LINE.match(line)
        if m:
            errors.append(f"{repo_path(m['path'])}: {m['msg']}")
    return errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--update", action="store_true", help="rewrite the baseline from the current code")
    args = ap.parse_args(argv)
    found = Counter(run_mypy())
    if args.update:
        BASELINE.write_text("".join(f"{e}\n" for e in sorted(found.elements())), encoding="utf-8")
        print(f"typecheck: baseline written, {sum(found.values())} errors")
        return 0
    known = Counter(BASELINE.read_text(encoding="utf-8").splitlines()) if BASELINE.exists() else Counter()
    new = found - known
    gone = known - found
    for err in sorted(new.elements()):
        print(f"new: {err}")
    print(f"typecheck: {sum(found.values())} errors, baseline {sum(known.values())}, "
          f"{sum(new.values())} new, {sum(gone.values())} fixed")
    if gone and not new:
        print("typecheck: errors were fixed: shrink the baseline with scripts/typecheck.py --update")
    return 1 if new else 0


if __name__ == "__main__":
    raise SystemExit(main())
