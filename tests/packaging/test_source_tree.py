"""Run from a checkout without the editable install's import hook (a plain ``pip install .``,
a type checker, a frozen-build analysis), ``zvdj_viewer.ui`` and ``zvdj_viewer.resources`` are
still the checkout's ``ui/`` and ``resources/`` (zvdj_viewer/__init__.py, _source_tree_layers)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_layers_resolve_from_a_checkout_without_the_editable_hook(tmp_path):
    # -S: no site-packages, so no editable-install finder; only the checkout on sys.path
    # find_spec: where zvdj_viewer.ui is, without importing it (it needs PySide6)
    code = ("import sys, importlib.util; sys.path.insert(0, sys.argv[1]); import zvdj_viewer.resources as r; "
            "print(importlib.util.find_spec('zvdj_viewer.ui').origin); print(r.SAMPLE_ARCHIVE)")
    p = subprocess.run([sys.executable, "-S", "-c", code, str(REPO)], cwd=tmp_path, capture_output=True,
                       text=True, timeout=60, check=False)
    assert p.returncode == 0, p.stderr
    ui_file, sample = p.stdout.split()
    assert Path(ui_file) == REPO / "ui" / "__init__.py"
    assert Path(sample) == REPO / "resources" / "sample_archive"


def test_every_package_of_the_checkout_is_installed():
    # pyproject.toml lists its packages by name (ui/, index/ and resources/ are mapped into
    # zvdj_viewer), so a new sub-package that is not listed is left out of a plain
    # `pip install .` and of the frozen app, and fails only there
    import tomllib

    setup = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(setup["packages"])
    for name, folder in setup["package-dir"].items():
        for init in sorted((REPO / folder).rglob("__init__.py")):
            rel = init.parent.relative_to(REPO / folder)
            if "__pycache__" in rel.parts:
                continue
            dotted = ".".join((name, *rel.parts))
            assert dotted in listed, f"{init.parent} is not in [tool.setuptools] packages as {dotted}"
