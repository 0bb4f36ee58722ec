"""Document references that do not depend on the order of indexing (FILE#N), and the README's
examples written with them: two archives of the same files, indexed in different orders, give
different dN ids but resolve FILE#N to the same document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zvdj_viewer import cli
from zvdj_viewer.archive import Archive
from zvdj_viewer.doc_refs import RefError, resolve, stable_ref

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def _archive(data_dir, folders) -> Archive:
    a = Archive(data_dir=data_dir)
    for f in folders:
        a.add_folder(str(f))
        a.update(workers=0)  # one folder after the other: the order decides the dN ids
    return a


def _same_doc(a, id_a, b, id_b) -> None:
    da, db = a.document(id_a), b.document(id_b)
    assert (da.source, da.first_page, da.last_page, da.first_line, da.last_line, da.title) == \
           (db.source, db.first_page, db.last_page, db.first_line, db.last_line, db.title)


@pytest.fixture
def two_folders(tmp_path):
    """Fictional notes: two folders, one file name in both."""
    for name, words in (("noord", "wachttijden"), ("zuid", "pleegzorg")):
        folder = tmp_path / name
        folder.mkdir()
        for k in range(3):
            (folder / f"notitie-{name}-{k}.md").write_text(f"# Notitie {k}\n\nOver {words} in regio {name}.\n",
                                                           encoding="utf-8")
        (folder / "verslag.md").write_text(f"# Verslag {name}\n\nBesproken: {words}.\n", encoding="utf-8")
    return tmp_path / "noord", tmp_path / "zuid"


def test_file_refs_name_the_same_document_whatever_the_order(tmp_path, two_folders):
    noord, zuid = two_folders
    with _archive(tmp_path / "a", [noord, zuid]) as a, _archive(tmp_path / "b", [zuid, noord]) as b:
        ref = "notitie-zuid-2.md#1"
        ia, ib = resolve(a, ref), resolve(b, ref)
        assert ia != ib  # the catalog's numbers follow the order...
        _same_doc(a, ia, b, ib)  # ...the reference does not
        # a name in two folders needs more of its path; the full path works too
        with pytest.raises(RefError, match="names 2 indexed files"):
            resolve(a, "verslag.md#1")
        _same_doc(a, resolve(a, "zuid/verslag.md#1"), b, resolve(b, "zuid/verslag.md#1"))
        assert resolve(a, str(zuid / "verslag.md") + "#1") == resolve(a, "zuid/verslag.md#1")
        # the reference a document is shown with leads back to it
        doc = a.document(resolve(a, "zuid/verslag.md#1"))
        assert stable_ref(a, doc) == "zuid/verslag.md#1"
        assert resolve(a, "d1") == "d1"  # dN keeps working
        with pytest.raises(RefError, match="holds 1 document; there is no #2"):
            resolve(a, "notitie-zuid-2.md#2")
        with pytest.raises(RefError, match="no indexed file"):
            resolve(a, "elders.md#1")


def test_the_cli_accepts_file_refs(tmp_path, two_folders, capsys):
    noord, zuid = two_folders
    with _archive(tmp_path / "a", [noord, zuid]):
        pass
    data = ["--data-dir", str(tmp_path / "a")]
    assert cli.main(["show", "zuid/verslag.md#1"] + data) == 0
    out = capsys.readouterr().out
    assert "Verslag zuid" in out and "ref:          zuid/verslag.md#1" in out
    assert cli.main(["compare", "noord/verslag.md#1", "zuid/verslag.md#1"] + data) == 0
    assert "pleegzorg" in capsys.readouterr().out
    assert cli.main(["show", "verslag.md#1"] + data) == 1
    assert "give more of its path" in capsys.readouterr().err
    assert cli.main(["compare", "verslag.md#1", "d1"] + data) == 2  # a usage error, as for a bad dN


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    # a comment starts at " # " (a reference's "#" follows its file name)
    return [re.split(r"\s+#\s", ln)[0].strip() for ln in text.splitlines() if ln.startswith(".venv/bin/zvdj ")]


def test_the_readme_examples_use_no_order_dependent_ids():
    for line in _readme_commands():
        assert not re.search(r"\bd\d+\b", line), f"README example depends on indexing order: {line}"


def test_the_readme_compare_example_means_the_same_in_any_order(tmp_path):
    if not (SHARED / "samples").is_dir() or not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/samples and ../shared/seeds are needed (the README's example files)")
    (line,) = [ln for ln in _readme_commands() if ln.startswith(".venv/bin/zvdj compare ")]
    refs = line.split()[2:4]
    names = {r.split("#")[0] for r in refs}
    folders = sorted({p.parent for n in names for p in (SHARED / "samples").rglob(Path(n).name)})
    assert folders, f"the README's example files {names} are not in ../shared/samples"
    order = [SHARED / "seeds", *folders]
    with _archive(tmp_path / "a", order) as a, _archive(tmp_path / "b", order[::-1]) as b:
        ids_a, ids_b = [resolve(a, r) for r in refs], [resolve(b, r) for r in refs]
        assert ids_a != ids_b  # what "zvdj compare dN dM" meant differs between the two
        for ia, ib in zip(ids_a, ids_b):
            _same_doc(a, ia, b, ib)
        assert ids_a[0] != ids_a[1]


def test_a_folder_indexed_through_a_symbolic_link_is_found_by_either_path(tmp_path, two_folders, capsys):
    """Files are stored under the path the folder was added by; a user names a file by the
    path they see, which may be the link or the real folder (macOS's /var -> /private/var,
    a home folder on another disk): ``zvdj show FILE`` and FILE#N find it both ways."""
    noord, _ = two_folders
    link = tmp_path / "via-link"
    link.symlink_to(noord, target_is_directory=True)
    with _archive(tmp_path / "a", [link]):
        pass
    data = ["--data-dir", str(tmp_path / "a")]
    for named in (link / "verslag.md", noord / "verslag.md"):
        assert cli.main(["show", str(named)] + data) == 0, named
        out = capsys.readouterr().out
        assert f"{link / 'verslag.md'}: 1 documents" in out and "Verslag noord" in out
        assert cli.main(["show", f"{named}#1"] + data) == 0, named
        assert "Verslag noord" in capsys.readouterr().out
