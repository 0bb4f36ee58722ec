"""A dossier of a real seed meeting: index ../shared/seeds into a fresh data dir, export the
meeting with the most items that have an agenda, a nota and a verslag text, and read the PDF
back with PyMuPDF: the text of all three documents of every such item is there, in item
order (agenda, nota, verslag within an item; items one after the other)."""

import re

import pymupdf
import pytest

from zvdj_viewer.archive import Archive
from zvdj_viewer.dossier import build_dossier, write_dossier
from zvdj_viewer.notes import NoteStore, anchor_item, normalise


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seeds_dir):
    data = tmp_path_factory.mktemp("data")
    archive = Archive(data)
    archive.add_folder(seeds_dir)
    archive.update(workers=1)
    yield archive
    archive.close()


def _complete_rows(d):
    return [it for it in d.items if len(it.parts) == 3 and all(len(normalise(p.text).split()) >= 4 for p in it.parts)]


def test_dossier_of_a_seed_meeting(seeded, tmp_path):
    archive = seeded
    best, rows = None, []
    for m in archive.meetings():
        d = build_dossier(archive, m.id)
        r = _complete_rows(d)
        if len(r) > len(rows):
            best, rows = m, r
    if best is None or len(rows) < 2:
        pytest.skip("no seed meeting has two items with agenda, nota and verslag text aligned (linker/items)")
    store = NoteStore.for_archive(archive)
    nota_part = rows[1].parts[1]
    store.add_note(anchor_item(archive, nota_part.doc_id, nota_part.number), "Vraag voor het overleg", ["navragen"])
    out = write_dossier(archive, best.id, tmp_path / "dossier.pdf", store)
    store.close()
    pdf = pymupdf.open(out)
    text = normalise(" ".join(p.get_text() for p in pdf))
    print(f"{best.id}: {len(rows)} complete items, {pdf.page_count} pages")
    assert pdf.page_count >= 2
    last = -1
    for it in rows:
        for part in it.parts:
            needle = " ".join(normalise(part.text).split()[:8])
            at = text.find(needle, last + 1)
            assert at > last, f"item {it.number} {part.role}: {needle!r} not found after position {last}"
            last = at
    assert "vraag voor het overleg" in text and "navragen" in text
    # the title and the date of the meeting head the first page
    first = normalise(pdf[0].get_text())
    assert "dossier" in first and re.sub(r"\D", "", best.date or "")[:4] in first
