"""Index ../shared (seeds + samples) into a fresh data folder and write what the archive
exports, to compare a refactoring's before and after byte for byte (issue 17: "export of
../shared byte-identical before and after").

    .venv/bin/python scripts/export_identity.py OUT.json            # write the export
    .venv/bin/python scripts/export_identity.py OUT.json --compare BEFORE.json

OUT.json holds the JSON export (``zvdj export --json``) and the Woo inventory list
(``zvdj export --inventory``, CSV text) as two keys, so one file says whether anything a user
can take out of the archive changed. The temporary data folder's path is replaced by
``<data>`` in case it appears. OCR is off (``--no-ocr``): Tesseract's output is not what a
refactoring of the core changes, and it takes minutes. One reading process (``--workers 1``):
document ids (``d12``) are handed out in the order files finish reading, which with two
processes varies from run to run (found when writing this script: two runs of the same code
differ in ids only); with one the order is the scan order, so two runs give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def zvdj(data: str, *args: str) -> bytes:
    env = dict(os.environ, ZVDJ_NO_OCR="1")
    proc = subprocess.run([sys.executable, "-m", "zvdj_viewer.cli", "--data-dir", data, *args],
                          cwd=REPO, env=env, capture_output=True, check=False)
    if proc.returncode not in (0, 1):  # 1: some file could not be read (named, part of the result)
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        raise SystemExit(f"zvdj {' '.join(args)}: exit {proc.returncode}")
    return proc.stdout


def export(out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="zvdj-identity-") as tmp:
        data = os.path.join(tmp, "data")
        zvdj(data, "index", "--no-ocr", "--workers", "1", str(SHARED / "seeds"), str(SHARED / "samples"))
        exported = zvdj(data, "export", "--json").decode("utf-8")
        inventory = zvdj(data, "export", "--inventory").decode("utf-8-sig")
        text = json.dumps({"export": json.loads(exported), "inventory": inventory},
                          ensure_ascii=False, indent=1, sort_keys=False)
        out.write_text(text.replace(data, "<data>") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--compare", type=Path, metavar="BEFORE", help="say whether OUT equals BEFORE byte for byte")
    args = ap.parse_args(argv)
    export(args.out)
    if args.compare is None:
        print(f"export_identity: written {args.out}")
        return 0
    same = args.out.read_bytes() == args.compare.read_bytes()
    print(f"export_identity: {args.out} {'identical to' if same else 'DIFFERS from'} {args.compare}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
