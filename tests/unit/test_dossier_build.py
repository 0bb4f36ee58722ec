"""The meeting dossier on a small fictional meeting: all three documents per item, in order,
the user's notes with them; as HTML and as a PDF whose text is checked with PyMuPDF."""

import sys
from pathlib import Path

import pymupdf
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fixtures" / "notes"))
from notes_archive import VERSLAG, doc_of, index, write  # noqa: E402

from zvdj_viewer import notes as N  # noqa: E402
from zvdj_viewer.dossier import DossierError, build_dossier, dossier_html, write_dossier  # noqa: E402


@pytest.fixture
def archive(tmp_path):
    a = index(tmp_path / "data", write(tmp_path / "archief", verslag=VERSLAG))
    yield a
    a.close()


def test_build_dossier_rows_in_item_order_with_notes(archive, tmp_path):
    store = N.NoteStore.for_archive(archive)
    nota = doc_of(archive, "nota")
    store.add_note(N.anchor_item(archive, nota, "2"), "Vraag naar cijfers", ["navragen"])
    mid = archive.meetings()[0].id
    d = build_dossier(archive, mid, store)
    assert [i.number for i in d.items] == ["1", "2", "3"]
    two = d.items[1]
    assert [p.role for p in two.parts] == ["agenda", "nota", "verslag"]
    assert "maandelijkse cijfers" in two.parts[1].text and "elk kwartaal" in two.parts[2].text
    assert [n.body for n in two.notes] == ["Vraag naar cijfers"]
    page = dossier_html(d)
    assert page.index("Opening en mededelingen") < page.index("Wachttijden") < page.index("Rondvraag")
    assert "#navragen" in page
    with pytest.raises(DossierError, match="m-bestaat-niet"):
        build_dossier(archive, "m-bestaat-niet")
    store.close()


def test_dossier_pdf_text_in_order(archive, tmp_path):
    mid = archive.meetings()[0].id
    out = write_dossier(archive, mid, tmp_path / "dossier.pdf")
    doc = pymupdf.open(out)
    text = " ".join(" ".join(p.get_text().split()) for p in doc)
    needles = ["Welkom door de voorzitter", "U opent de vergadering", "De voorzitter opent om tien uur",
               "vier regio's van het land", "vraag de regio's om maandelijkse", "elk kwartaal te delen",
               "Geen punten aangemeld", "Geen bijzonderheden", "Er zijn geen vragen"]
    at = [text.find(n) for n in needles]
    assert -1 not in at, [n for n, i in zip(needles, at) if i < 0]
    assert at == sorted(at)
    assert "Pagina 1 van" in text
    html_out = write_dossier(archive, mid, tmp_path / "dossier.html")
    assert html_out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_dossier_and_notes_round_trip(archive, tmp_path, capsys):
    from zvdj_viewer.cli import main

    store = N.NoteStore.for_archive(archive)
    store.add_note(N.anchor_item(archive, doc_of(archive, "verslag"), "2"), "Plan volgt voor de zomer", ["besluit"])
    store.close()
    dd = ["--data-dir", str(archive.data_dir)]
    mid = archive.meetings()[0].id
    assert main(["dossier", mid, "-o", str(tmp_path / "d.pdf"), *dd]) == 0
    text = " ".join(pymupdf.open(tmp_path / "d.pdf")[0].get_text().split())
    assert "Plan volgt voor de zomer" in " ".join(" ".join(p.get_text().split()) for p in pymupdf.open(tmp_path / "d.pdf"))
    assert "Dossier" in text
    assert main(["dossier", "m-onbekend", "-o", str(tmp_path / "x.pdf"), *dd]) == 1
    assert "no meeting" in capsys.readouterr().err
    assert main(["notes", "export", str(tmp_path / "n.md"), *dd]) == 0
    other = ["--data-dir", str(tmp_path / "laptop2")]
    assert main(["notes", "import", str(tmp_path / "n.md"), *other]) == 0
    assert main(["notes", "import", str(tmp_path / "n.md"), *other]) == 0
    out = capsys.readouterr().out
    assert "1 added, 0 updated, 0 already there" in out and "0 added, 0 updated, 1 already there" in out
    assert main(["notes", "import", *other]) == 2
