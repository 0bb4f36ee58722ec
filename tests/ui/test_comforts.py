"""The comforts a laptop user expects, driven through actions and key presses at 1280x800:
Back/Forward through the Woo tools with their state, the keyboard in search and the side
panel, the window title, go-to-page, drag and drop, the last search remembered."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from zvdj_viewer.archive import Archive
from zvdj_viewer.resources import SAMPLE_ARCHIVE
from zvdj_viewer.ui import i18n
from zvdj_viewer.ui.main_window import MainWindow
from zvdj_viewer.ui.navigation import Location
from zvdj_viewer.ui.settings import Settings

BUNDLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "woo-bundles" / "Bij-documenten.pdf"


def make_window(qtbot, archive, settings_path):
    i18n.set_language("nl")
    w = MainWindow(archive, settings=Settings(str(settings_path)))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def win(qtbot, sample, tmp_path):
    w = make_window(qtbot, sample, tmp_path / "s.ini")
    yield w
    w.stop_background()


def action(win, dutch_text) -> QAction:
    return next(a for a, text in win._source_texts if text == dutch_text)


def test_back_from_a_finding_returns_to_the_findings_as_they_were(win, qtbot):
    action(win, "&Lakkingen controleren").trigger()
    qtbot.waitUntil(lambda: not win.audit_view.running(), timeout=60000)
    audit = win.audit_view
    findings = audit.findings
    assert len(findings) >= 2
    audit.set_filter("unredacted")
    assert audit.table.rowCount() >= 2
    audit.table.setFocus()
    audit.table.setCurrentCell(1, 0)
    qtbot.keyClick(audit.table, Qt.Key_Return)  # opens the finding
    assert win.stack.currentWidget() is win.document_view
    assert "Lakcontrole" in win.windowTitle() or win.document_view.doc.title in win.windowTitle()
    action(win, "&Terug").trigger()
    assert win.stack.currentWidget() is audit
    assert not audit.running() and audit.findings is findings, "Back must not check again"
    assert audit.filter_combo.currentData() == "unredacted"
    assert audit.table.currentRow() == 1
    action(win, "&Vooruit").trigger()
    assert win.stack.currentWidget() is win.document_view


def test_back_returns_to_a_comparison_at_its_change(win, qtbot, sample):
    from zvdj_viewer.woo import service

    docs = [d.id for d in sample.documents() if d.type == "verslag"][:2]
    action(win, "Documenten &vergelijken…").trigger()
    cv = win.compare_view
    assert win.stack.currentWidget() is cv
    cv.combo_a.setCurrentIndex(cv.combo_a.findData(docs[0]))
    cv.combo_b.setCurrentIndex(cv.combo_b.findData(docs[1]))
    qtbot.mouseClick(cv.compare_button, Qt.LeftButton)
    assert cv.change_count() >= 3
    for _ in range(3):
        qtbot.keyClick(cv.text, Qt.Key_F7)
    assert cv.current == 2
    qtbot.mouseClick(cv.open_b_button, Qt.LeftButton)
    assert win.stack.currentWidget() is win.document_view
    action(win, "&Terug").trigger()
    assert win.stack.currentWidget() is cv
    assert (cv.result.a, cv.result.b) == tuple(docs) and cv.current == 2
    assert service  # the pair came from the archive, not from a fixture


def test_enter_in_search_opens_the_first_hit_and_arrows_choose_another(win, qtbot):
    action(win, "&Zoeken").trigger()
    field = win.search.field
    qtbot.keyClicks(field, "steunfiguur")
    qtbot.keyClick(field, Qt.Key_Return)
    assert win.stack.currentWidget() is win.document_view
    first = win.document_view.doc.id
    assert first == win.search.last_hits[0].doc_id
    action(win, "&Zoeken").trigger()
    qtbot.keyClick(field, Qt.Key_Down)
    assert win.search.chosen == 1
    qtbot.keyClick(field, Qt.Key_Down)
    qtbot.keyClick(field, Qt.Key_Up)
    assert win.search.chosen == 1
    qtbot.keyClick(field, Qt.Key_Return)
    assert win.document_view.doc.id == win.search.last_hits[1].doc_id != first


def test_ctrl_number_shows_a_side_tab_and_the_title_says_what_is_open(win, qtbot, sample):
    for n in range(1, win.side.count() + 1):
        qtbot.keyClick(win, Qt.Key_0 + n, Qt.ControlModifier)
        assert win.side.currentIndex() == n - 1
    qtbot.keyClick(win, Qt.Key_F9)
    assert not win.dock.isVisible()
    qtbot.keyClick(win, Qt.Key_1, Qt.ControlModifier)
    assert win.dock.isVisible() and win.side.currentWidget() is win.library
    m = sample.meetings()[0]
    assert win.go(Location("meeting", m.id))
    assert m.series in win.windowTitle() and win.windowTitle().endswith("ZvdJ Viewer")


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # QDragEnterEvent takes a QPoint only
@pytest.mark.skipif(not BUNDLE.exists(), reason=f"{BUNDLE} not found (../shared is not beside the repository)")
def test_drop_a_pdf_then_go_to_a_page_with_ctrl_g(qtbot, tmp_path, monkeypatch):
    with Archive(data_dir=tmp_path / "data") as a:
        win = make_window(qtbot, a, tmp_path / "s.ini")
        text_only = QMimeData()
        text_only.setText("geen bestand")
        enter = QDragEnterEvent(QPoint(600, 400), Qt.CopyAction, text_only, Qt.LeftButton, Qt.NoModifier)
        QApplication.sendEvent(win, enter)
        assert not enter.isAccepted(), "only files and folders can be dropped"
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(BUNDLE))])
        enter = QDragEnterEvent(QPoint(600, 400), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
        QApplication.sendEvent(win, enter)
        assert enter.isAccepted()
        QApplication.sendEvent(win, QDropEvent(QPointF(600, 400), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))
        assert str(BUNDLE) in a.folders()
        qtbot.waitUntil(lambda: not win.indexer.running(), timeout=120000)
        doc = max(a.documents(), key=lambda d: (d.last_page or 0) - (d.first_page or 0))
        assert doc.last_page > doc.first_page
        assert win.go(Location("document", doc.id))
        win.document_view.tabs.setCurrentIndex(1)
        target = doc.first_page + 1  # page 2 of the document
        from zvdj_viewer.ui import main_window

        monkeypatch.setattr(main_window, "ask_page", lambda parent, current, first, last: 2)
        qtbot.keyClick(win, Qt.Key_G, Qt.ControlModifier)
        assert win.document_view.current_page() == target
        assert win.document_view.page_label.text() == f"pagina {target - doc.first_page + 1} van " \
                                                      f"{doc.last_page - doc.first_page + 1}"
        win.stop_background()


def test_the_last_search_is_remembered(qtbot, sample, tmp_path):
    win = make_window(qtbot, sample, tmp_path / "s.ini")
    action(win, "&Zoeken").trigger()
    qtbot.keyClicks(win.search.field, "jeugdbescherming")
    qtbot.keyClick(win.search.field, Qt.Key_Return)
    win.close()
    again = make_window(qtbot, sample, tmp_path / "s.ini")
    assert again.search.field.text() == "jeugdbescherming"
    again.stop_background()


def test_closing_right_after_opening_a_document_does_not_hang(qtbot, sample, tmp_path):
    """Opening a document starts the versions search on a thread; closing the window then
    waited out the 30 s timeout (the thread's loop only ended from the blocked main loop)."""
    import time

    win = make_window(qtbot, sample, tmp_path / "s.ini")
    action(win, "&Zoeken").trigger()
    qtbot.keyClicks(win.search.field, "steunfiguur")
    qtbot.keyClick(win.search.field, Qt.Key_Return)
    assert win.stack.currentWidget() is win.document_view
    t0 = time.perf_counter()
    win.close()
    assert time.perf_counter() - t0 < 10


@pytest.mark.skipif(not BUNDLE.exists(), reason=f"{BUNDLE} not found (../shared is not beside the repository)")
def test_switching_between_reading_text_and_pages_keeps_the_page(qtbot, tmp_path):
    with Archive(data_dir=tmp_path / "data") as a:
        a.add_folder(str(BUNDLE))
        a.update(workers=1)
        win = make_window(qtbot, a, tmp_path / "s.ini")
        doc = max(a.documents(), key=lambda d: (d.last_page or 0) - (d.first_page or 0))
        assert win.go(Location("document", doc.id))
        view = win.document_view
        view.tabs.setCurrentIndex(1)
        view.show_document_page(1)
        view.page_view.setFocus()
        for _ in range(40):  # the user scrolls the pages (not a jump that moves both tabs)
            qtbot.keyClick(view.page_view, Qt.Key_PageDown)
            if view.current_page() > doc.first_page:
                break
        page = view.current_page()
        assert page > doc.first_page
        qtbot.keyClick(view.tabs.tabBar(), Qt.Key_Left)  # to the reading text
        assert view.tabs.currentIndex() == 0
        assert view.current_page() == page
        qtbot.keyClick(view.tabs.tabBar(), Qt.Key_Right)  # back to the pages
        assert view.tabs.currentIndex() == 1 and view.current_page() == page
        win.stop_background()


def test_dutch_dates_in_the_search_filter_and_a_hint_for_a_wrong_one(win, qtbot):
    action(win, "&Zoeken").trigger()
    s = win.search
    qtbot.keyClicks(s.date_from, "01-06-2021")
    qtbot.keyClick(s.date_from, Qt.Key_Return)
    assert s.filters()["date_from"] == "2021-06-01"
    qtbot.keyClicks(s.field, "jeugd")
    qtbot.keyClick(s.field, Qt.Key_Return)
    assert all((h.date or "9999") >= "2021-06-01" for h in s.last_hits)
    s.date_to.setFocus()
    qtbot.keyClicks(s.date_to, "morgen")
    qtbot.keyClick(s.date_to, Qt.Key_Return)
    s.run()
    assert "datum niet herkend: morgen" in s.summary.text()


def _shown_in_library(win):
    """The library's current row, when it is selected and inside the visible part of the tree."""
    tree = win.library.tree
    node = tree.currentItem()
    if node is None or not node.isSelected():
        return None
    return node.loc if tree.viewport().rect().intersects(tree.visualItemRect(node)) else None


def test_the_library_highlights_what_the_search_and_back_open(win, qtbot):
    meeting = next(m for m in win.archive.meetings() if m.date == "2021-06-24")
    tree = win.library.tree
    node = next(it for it in win.library._all_items() if it.loc is not None and it.loc.target == meeting.id)
    tree.scrollToItem(node)
    qtbot.mouseClick(tree.viewport(), Qt.LeftButton, pos=tree.visualItemRect(node).center())
    assert win.meeting_view.meeting.id == meeting.id

    action(win, "&Zoeken").trigger()
    qtbot.keyClicks(win.search.field, "steunfiguur")
    qtbot.keyClick(win.search.field, Qt.Key_Return)
    doc = win.document_view.doc
    shown = _shown_in_library(win)
    assert shown is not None and (shown.kind, shown.target) == ("document", doc.id)

    action(win, "&Terug").trigger()
    shown = _shown_in_library(win)
    assert shown is not None and (shown.kind, shown.target) == ("meeting", meeting.id)
    action(win, "&Vooruit").trigger()
    assert _shown_in_library(win).target == doc.id


@contextlib.contextmanager
def searching(qtbot, tmp_path, folder, query):
    """The window on an archive of one folder, with query typed in the search field."""
    with Archive(data_dir=tmp_path / "data") as a:
        a.add_folder(str(folder))
        a.update(workers=0)
        win = make_window(qtbot, a, tmp_path / "s.ini")
        action(win, "&Zoeken").trigger()
        qtbot.keyClicks(win.search.field, query)
        yield win
        win.stop_background()


def test_the_hit_counter_follows_the_hit_that_is_selected(qtbot, tmp_path):
    folder = tmp_path / "notities"
    folder.mkdir()
    paras = [f"Alinea {i}: overleg over de regio en de gemeenten." for i in range(80)]
    for i in (3, 25, 50, 75):  # four hits, far apart (fictional text)
        paras[i] = f"Alinea {i}: de wachtlijst in de jeugdzorg."
    (folder / "overleg.md").write_text("# Overleg\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
    with searching(qtbot, tmp_path, folder, "wachtlijst") as win:
        qtbot.keyClick(win.search.field, Qt.Key_Return)
        view = win.document_view
        assert view.hit_label.text() == "1 van 4 treffers"
        text = view.text
        qtbot.mouseClick(view.next_button, Qt.LeftButton)  # ▼ (F3)
        assert view.hit_label.text() == "2 van 4 treffers"
        # the user scrolls down to the fourth hit and clicks ▼: the counter says 4, not 3
        block = text.document().find("Alinea 75:").block()
        text.verticalScrollBar().setValue(int(text.document().documentLayout().blockBoundingRect(block).top()) - 5)
        qtbot.mouseClick(view.next_button, Qt.LeftButton)  # ▼ (F3)
        assert view.hit_label.text() == "4 van 4 treffers"
        assert "wachtlijst" in text.textCursor().selectedText().lower()
        qtbot.mouseClick(view.prev_button, Qt.LeftButton)  # ▲ (Shift+F3)
        assert view.hit_label.text() == "3 van 4 treffers"
        qtbot.mouseClick(view.next_button, Qt.LeftButton)  # ▼ (F3)
        qtbot.mouseClick(view.next_button, Qt.LeftButton)  # ▼ (F3)  # round to the first
        assert view.hit_label.text() == "1 van 4 treffers"


def _listed_pages(win) -> list[int]:
    import re

    return [int(n) for n in re.findall(r"\bp\. (\d+):", win.search.results.toPlainText())]


def test_hit_pages_in_page_order_and_the_rest_opens_on_a_click(qtbot, tmp_path):
    import pymupdf

    folder = tmp_path / "stukken"
    folder.mkdir()
    pdf = pymupdf.open()
    for i in range(6):  # later pages have more hits: the best pages are not the first ones
        text = f"Pagina {i + 1} van de rapportage. " + "De wachtlijst groeit. " * (i + 1)
        pdf.new_page().insert_textbox(pymupdf.Rect(72, 72, 520, 760), text)
    pdf.save(folder / "rapportage.pdf")
    with searching(qtbot, tmp_path, folder, "wachtlijst") as win:
        win.search.run()
        shown = _listed_pages(win)
        assert len(shown) == 3 and shown == sorted(shown) and shown != [1, 2, 3]
        results = win.search.results
        import re

        more = int(re.search(r"nog (\d+) pagina's met treffers", results.toPlainText()).group(1))
        assert more >= 2
        cursor = results.document().find(f"nog {more} pagina")
        results.setTextCursor(cursor)
        results.ensureCursorVisible()
        qtbot.mouseClick(results.viewport(), Qt.LeftButton, pos=results.cursorRect(cursor).center())
        listed = _listed_pages(win)
        assert len(listed) == 3 + more and listed == sorted(listed) and set(shown) < set(listed)
        assert "nog " not in results.toPlainText()
