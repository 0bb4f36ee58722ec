"""`zvdj search` and a `zvdj index` with nothing changed are processes of their own, started
for every call (issue 22: search < 0.25 s, no-change index < 0.2 s). Neither reads a file, so
neither may import the reading and analysis pipeline, the linker's steps or the notes; a
search not the update either. Each test runs the command in a fresh interpreter and lists
what it imported."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from zvdj_viewer.archive import Archive

# modules (a name ending in "." stands for the package's submodules) that only reading
# files, linking or notes need. An update scans the folders, so it asks readers/__init__ which
# files are supported (and thus loads the model), and compares link/__init__'s LINK_VERSION.
READING = ("zvdj_viewer.pipeline", "zvdj_viewer.readers.", "zvdj_viewer.understanding", "multiprocessing")
LINKING = ("zvdj_viewer.link.",)
NOTES = ("zvdj_viewer.notes",)
SEARCH_ONLY = ("zvdj_viewer.archive.update", "zvdj_viewer.ocr_update", "zvdj_viewer.link", "zvdj_viewer.readers",
               "zvdj_viewer.model", "whoosh.lang.morph_en")

RUN = """
import contextlib, io, sys
from zvdj_viewer import cli
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
    rc = cli.main(sys.argv[1:])
print(rc, repr(out.getvalue()))
print(" ".join(sorted(sys.modules)))
"""

TEXTS = {  # fictional meeting papers
    "agenda-overleg.md": "# Agenda bestuurlijk overleg jeugdhulp\n\n1. Opening\n2. Wachttijden jeugdhulp in de regio\n",
    "verslag-overleg.txt": "Verslag bestuurlijk overleg\n\nDe gemeenten bespraken de wachttijden in de jeugdhulp.\n",
    "nota-inkoop.md": "# Nota regionale inkoop\n\nDe regio koopt jeugdhulp gezamenlijk in.\n",
}


@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("papers")
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    data = tmp_path_factory.mktemp("data")
    with Archive(data_dir=data) as a:
        a.add_folder(str(folder))
        a.update(workers=0, ocr=False)
    return data


def _run(*argv: str, ocr: bool = False) -> tuple[str, set[str]]:
    env = dict(os.environ)
    if ocr:  # an update that may OCR (the default), with nothing to OCR
        env.pop("ZVDJ_NO_OCR", None)
    got = subprocess.run([sys.executable, "-c", RUN, *argv], capture_output=True, text=True, timeout=300,
                         check=False, env=env)
    assert got.returncode == 0, got.stderr[-2000:]
    result, modules = got.stdout.strip().split("\n")
    return result, set(modules.split())


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    def listed(m: str, name: str) -> bool:
        return m.startswith(name) if name.endswith(".") else (m == name or m.startswith(name + "."))

    return sorted(m for m in modules if any(listed(m, n) for n in names))


def test_a_search_imports_neither_the_update_nor_reading_linking_or_notes(archive_dir):
    result, modules = _run("search", "jeugdhulp", "--data-dir", str(archive_dir))
    assert result.startswith("0 ") and "3 documents" in result, result
    assert _loaded(modules, READING + LINKING + NOTES + SEARCH_ONLY) == []


def test_a_no_change_index_imports_no_reading_linking_or_notes(archive_dir):
    result, modules = _run("index", "--data-dir", str(archive_dir), ocr=True)
    assert result.startswith("0 ") and "(nothing read)" in result, result
    assert "zvdj_viewer.archive.update" in modules  # it did run the update
    assert _loaded(modules, READING + LINKING + NOTES) == []
