"""Opening a long document at a page with a query (issue 22): the hits of the page shown and
its neighbours are there right after opening, the other pages' hits arrive between events
(the view answers meanwhile), and stepping to the next hit waits for what it needs."""

from __future__ import annotations

import pymupdf
import pytest
from PySide6.QtCore import Qt

from zvdj_viewer.archive import Archive
from zvdj_viewer.ui.document_view import DocumentView
from zvdj_viewer.ui.navigation import Location

PAGES = 30


def _long_nota(path) -> None:
    """A fictional 30-page nota: letterhead on the first page, 'wachttijden' on every page."""
    pdf = pymupdf.open()
    for n in range(1, PAGES + 1):
        page = pdf.new_page(width=595, height=842)
        y = 80
        if n == 1:
            page.insert_text((72, 50), "Ministerie van Volksgezondheid, Welzijn en Sport", fontsize=9)
            page.insert_text((72, y), "Nota voor het bestuurlijk overleg", fontsize=16)
            y += 40
        for k in range(30):
            words = "de wachttijden in de regio nemen af" if k == 12 else "gemeenten en aanbieders overleggen"
            page.insert_text((72, y), f"{words} over de aanpak, regel {k + 1} van pagina {n}.", fontsize=10)
            y += 20
        page.insert_text((260, 810), f"Pagina {n} van {PAGES}", fontsize=8)
    pdf.save(path)
    pdf.close()


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("long")
    (root / "docs").mkdir()
    _long_nota(root / "docs" / "nota-lang.pdf")
    a = Archive(data_dir=root / "data")
    a.add_folder(str(root / "docs"))
    a.update(workers=0, ocr=False)
    yield a
    a.close()


def test_the_shown_pages_are_marked_at_once_and_the_rest_arrive(qtbot, archive):
    doc = max(archive.documents(), key=lambda d: (d.last_page or 0) - (d.first_page or 0))
    assert (doc.first_page, doc.last_page) == (1, PAGES)
    view = DocumentView(archive)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    pv = view.page_view

    assert view.open(Location("document", doc.id, page=15, query="wachttijden"))
    assert view.tabs.currentWidget() is pv
    marked = {p for p, _r in pv.known_hits()}
    assert {14, 15, 16} <= marked and len(marked) < PAGES  # the pages in sight now, not all
    assert pv.highlights_pending()
    assert pv.current_hit() >= 0 and pv.known_hits()[pv.current_hit()][0] == 15
    assert set(pv.visible_pages()) <= marked
    assert view.hit_label.text().endswith("…")  # the count still grows

    qtbot.waitUntil(lambda: not pv.highlights_pending(), timeout=20000)
    assert sorted({p for p, _r in pv.known_hits()}) == list(range(1, PAGES + 1))
    assert pv.known_hits()[pv.current_hit()][0] == 15  # the current hit stayed while the rest arrived
    assert view.hit_label.text() == f"{pv.current_hit() + 1} van {PAGES} treffers"
    qtbot.keyClick(view, Qt.Key.Key_F3)  # next hit, as a person steps
    assert pv.known_hits()[pv.current_hit()][0] == 16
    qtbot.waitUntil(lambda: not view._reading_due, timeout=20000)  # the reading text followed
    view.tabs.setCurrentIndex(0)
    assert "wachttijden" in view.text.toPlainText() and view.hit_count() == PAGES


def test_opening_another_document_stops_the_work_for_the_first(qtbot, archive):
    doc = max(archive.documents(), key=lambda d: (d.last_page or 0) - (d.first_page or 0))
    view = DocumentView(archive)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    view.open(Location("document", doc.id, page=15, query="wachttijden"))
    assert view.page_view.highlights_pending()
    view.open(Location("document", doc.id, page=3, query="aanbieders"))  # a new query: new work
    qtbot.waitUntil(lambda: not view.page_view.highlights_pending(), timeout=20000)
    # 29 lines a page say 'aanbieders'; a 'wachttijden' box of the first query would make it more
    assert len(view.page_view.known_hits()) == PAGES * 29
