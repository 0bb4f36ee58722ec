"""The frozen app (PyInstaller onedir) builds from the repository with the documented command
and passes its headless self-test (index the sample archive, search). Slow the first time
(a few minutes: PyInstaller is installed and the bundle collected); later runs reuse the
bundle while no source file is newer than it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BINARY = REPO / "dist" / "zvdj-viewer" / "zvdj-viewer"


def _stale() -> bool:
    if not BINARY.exists():
        return True
    built = BINARY.stat().st_mtime
    sources = [p for d in ("zvdj_viewer", "ui", "index", "resources", "packaging") for p in (REPO / d).rglob("*")
               if p.is_file() and "__pycache__" not in p.parts]
    return any(p.stat().st_mtime > built for p in sources)


@pytest.mark.skipif(os.environ.get("ZVDJ_SKIP_BUILD") == "1", reason="ZVDJ_SKIP_BUILD=1: frozen build skipped")
def test_frozen_app_builds_and_passes_self_test(tmp_path):
    if _stale():
        p = subprocess.run(["bash", str(REPO / "packaging" / "build.sh")], cwd=REPO, capture_output=True,
                           text=True, timeout=1800)
        assert p.returncode == 0, (p.stdout[-3000:], p.stderr[-3000:])
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run([str(BINARY), "--self-test", "--data-dir", str(tmp_path / "d")], capture_output=True,
                       text=True, timeout=120, env=env)
    assert r.returncode == 0 and "OK" in r.stdout, (r.stdout, r.stderr[-2000:])
    assert "hits for 'steunfiguur'" in r.stdout
    shipped = BINARY.parent / "_internal" / "licenses"
    for name in ("LICENSE", "NOTICE", "AGPL-3.0.txt", "Qt-PySide6-LGPL-3.0.txt", "GPL-3.0.txt", "README.txt"):
        assert (shipped / name).is_file(), f"licence text not shipped: {name}"
