"""The document view: open at a page with a query, hits highlighted, next hit moves; outline;
citation; open in the system viewer; the page view renders lazily."""

import time

import pytest
from PySide6.QtGui import QGuiApplication

from viewer_fakes import FakeArchive
from zvdj_viewer.ui.document_view import DocumentView, reading_text, terms_regex
from zvdj_viewer.ui.navigation import Location
from zvdj_viewer.ui.page_view import PageView


@pytest.fixture
def archive(tmp_path):
    return FakeArchive(tmp_path / "archief")


@pytest.fixture
def view(qtbot, archive):
    v = DocumentView(archive)
    qtbot.addWidget(v)
    v.resize(1300, 800)
    v.show()
    qtbot.waitExposed(v)
    return v


def test_open_at_page_with_query_highlights_hits_and_next_hit_moves(view, qtbot):
    t0 = time.perf_counter()
    assert view.open(Location("document", "d2", page=2, query="wachttijden"))
    print(f"open PDF document view at a page: {(time.perf_counter() - t0) * 1000:.0f} ms")
    pv = view.page_view
    assert view.tabs.currentWidget() is pv
    assert pv.current_page() == 2
    hits = pv.hits()
    assert [p for p, _ in hits] == [2, 2, 2]  # "Wachttijden" twice and "wachttijden." once, only on page 2
    assert pv.current_hit() == 0
    assert view.hit_label.text() == "1 van 3 treffers"
    ys = [r[1] for _, r in hits]
    assert ys == sorted(ys)
    qtbot.mouseClick(view.next_button, pytest.importorskip("PySide6.QtCore").Qt.LeftButton)
    assert pv.current_hit() == 1 and view.hit_label.text() == "2 van 3 treffers"
    view.previous_hit()
    view.previous_hit()
    assert pv.current_hit() == 2  # wraps around
    # the redaction code is marked on its page
    assert list(pv.code_boxes()) == [2]


def test_hits_in_reading_text(view):
    view.open(Location("document", "d3", query="wachttijden"))
    assert view.tabs.currentWidget() is view.text  # a text source has no pages
    assert not view.tabs.isTabEnabled(1)
    n = view.hit_count()
    assert n == view.reading.plain.casefold().count("wachttijden") and n > 3
    from zvdj_viewer.ui.colours import scheme

    assert scheme(view.palette()).hit_bg.name() in view.reading.html  # the hit colour of the palette
    assert view.hit_label.text() == f"1 van {n} treffers"
    first = view.text.textCursor().selectionStart()
    view.next_hit()
    assert view.text.textCursor().selectedText().casefold().startswith("wachttijden")
    assert view.text.textCursor().selectionStart() > first


def test_outline_moves_text_and_pages_to_item(view, qtbot):
    view.open(Location("document", "d2"))
    assert view.outline.topLevelItemCount() == 5
    view.tabs.setCurrentIndex(0)
    node = view.outline.topLevelItem(3)
    assert node.text(0).startswith("4")
    view.outline.setCurrentItem(node)
    view._outline_chosen(node)
    assert view.item_at_top() == "4"
    assert view.page_view.current_page() == 3
    # the line carrying "Annotatie ad 4)" is where item 4 starts, not the top of page 3
    assert "Annotatie ad 4)" in view.reading.plain.split("\n")[view.reading.item_block["4"]]


def test_citation_and_open_source(view, archive, monkeypatch):
    view.open(Location("document", "d2", page=2))
    cite = view.copy_citation()
    assert cite == "“Nota Bestuurlijk Overleg Proefregio”, nota, 5 maart 2020, kenmerk 2020-0042, p. 2 (nota-2020-03-12.pdf)"
    assert QGuiApplication.clipboard().text() == cite
    opened = []
    view.open_url = lambda url: opened.append(url.toLocalFile()) or True
    assert view.open_source()
    assert opened == [archive.docs["d2"].source]


def test_meeting_link_in_metadata_navigates(view, qtbot):
    from PySide6.QtCore import QUrl

    view.open(Location("document", "d2"))
    assert "10.2.e" in view.meta.toPlainText() and "persoonlijke levenssfeer" in view.meta.toPlainText()
    with qtbot.waitSignal(view.navigate) as sig:
        view.meta.anchorClicked.emit(QUrl("meeting:m2"))
    assert sig.args[0] == Location("meeting", "m2")


def test_unknown_document_and_missing_file(view, archive, tmp_path):
    assert not view.open(Location("document", "d404"))
    assert "d404" in view.heading.text()
    import os

    os.remove(archive.docs["d2"].source)
    assert view.open(Location("document", "d2"))
    assert not view.tabs.isTabEnabled(1)  # no pages to render, the text is still there
    assert "Wachttijden" in view.text.toPlainText()
    assert not view.open_source()


def test_page_view_renders_only_visible_pages_and_zooms(qtbot, archive):
    pv = PageView()
    qtbot.addWidget(pv)
    pv.resize(700, 500)
    pv.show()
    qtbot.waitExposed(pv)
    pv.set_document(archive.docs["d2"].source)
    assert pv.pages() == [1, 2, 3]
    qtbot.wait(50)  # let resizing settle: fit width sets the zoom
    pv._cache.clear()
    pv.render_count = 0
    pv.viewport().update()
    qtbot.waitUntil(lambda: pv.render_count >= 1)
    qtbot.wait(20)
    assert pv.visible_pages() == [1] and pv.render_count == 1  # pages 2 and 3 are not drawn
    z = pv.zoom()
    pv.zoom_in()
    assert pv.zoom() == pytest.approx(z * 1.25)
    pv.fit_width()
    assert pv.zoom() == pytest.approx(z)
    pv.show_page(3)
    assert 3 in pv.visible_pages() and pv.current_page() == 3
    t0 = time.perf_counter()
    pv._cache.clear()
    for p in pv.visible_pages():
        pv._image(p)
    print(f"paint visible pages, uncached: {(time.perf_counter() - t0) * 1000:.1f} ms")


def test_reading_text_places_items_and_leaves_out_furniture(archive):
    d = archive.docs["d2"]
    pages = archive.document_pages("d2")
    r = reading_text(pages, d.items, pdf=True)
    lines = r.plain.split("\n")
    assert "Directie Jeugd" not in r.plain
    for it in d.items:
        assert f"ad {it.number})" in lines[r.item_block[it.number]]
    orig = reading_text(pages, d.items, pdf=True, original=True)
    assert "Directie Jeugd" in orig.plain
    assert terms_regex(["jeugd"]).findall("Jeugdhulp en jeugd, bejeugd") == ["Jeugdhulp", "jeugd"]
    assert terms_regex([" "]) is None


@pytest.mark.parametrize("first,second", [("d1", "d3"), ("d3", "d2"), ("d2", "d1")])
def test_two_documents_in_a_row_without_query_show_the_second_text(view, first, second):
    assert view.open(Location("document", first))
    assert view.open(Location("document", second))
    shown = view.text.toPlainText()
    own = [ln.text for p in view.pages_text for ln in p.lines
           if ln.text.strip() and not ln.furniture and not ln.text.startswith(("#", "**"))]
    assert view.heading.text() == view.archive.document(second).title
    assert own[0] in shown and own[-1] in shown
    other = DocumentView(view.archive)
    other.open(Location("document", first))
    assert other.text.toPlainText() != shown


def test_document_view_shortcuts_work_by_key(qtbot, view):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    view.open(Location("document", "d3", query="wachttijden"))
    assert view.hit_label.text().startswith("1 van")
    view.text.setFocus()
    qtbot.keyClick(view.text, Qt.Key_F3)
    assert view.hit_label.text().startswith("2 van")
    qtbot.keyClick(view.text, Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)
    assert QGuiApplication.clipboard().text() == view.citation() != ""
    opened = []
    view.open_url = lambda url: opened.append(url.toLocalFile()) or True
    qtbot.keyClick(view.text, Qt.Key_O, Qt.ControlModifier | Qt.ShiftModifier)
    assert opened == [view.doc.source]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_redaction_grounds_in_the_details_are_the_cores(view, archive, lang):
    """One table of legal grounds, in the core: the details pane says what the core says,
    for every code it knows (a UI copy explained 10.1.d, 10.2.c and 5.1.2.i differently)."""
    import dataclasses

    from zvdj_viewer.understanding import redactions
    from zvdj_viewer.ui import document_view, i18n

    assert not hasattr(document_view, "GROUNDS")
    archive.docs["d2"] = dataclasses.replace(archive.docs["d2"],
                                             redactions={c: 1 for c in redactions.KNOWN_CODES})
    i18n.set_language(lang)
    try:
        view.open(Location("document", "d2"))
        shown = " ".join(view.meta.toPlainText().split())
    finally:
        i18n.set_language("nl")
    for code in redactions.KNOWN_CODES:
        info = redactions.ground(code)
        text = info["text_en"] if lang == "en" else info["text_nl"]
        assert f"{text} ({info['law']} art. {info['article']})" in shown, code


def _hit_in_view(pv) -> bool:
    r = pv.hit_rect()
    return r is not None and pv.viewport().rect().contains(r)


def test_a_hit_near_the_top_of_a_page_is_on_screen_centred_and_stays_after_resize(qtbot, archive):
    """As the main window opens a search hit: the view is opened while another one is
    shown, then comes to the front; the current hit must be inside the viewport, near its
    middle, and stay there when the window is resized (it landed on the previous page's
    blank space, and a resize lost it)."""
    from PySide6.QtWidgets import QLabel, QStackedWidget

    stack = QStackedWidget()
    qtbot.addWidget(stack)
    stack.addWidget(QLabel("bibliotheek"))
    view = DocumentView(archive)
    stack.addWidget(view)
    stack.resize(1280, 800)
    stack.show()
    qtbot.waitExposed(stack)
    assert view.open(Location("document", "d2", page=2, query="wachttijden"))
    stack.setCurrentWidget(view)
    qtbot.wait(20)
    pv = view.page_view
    page, rect = pv.hits()[pv.current_hit()]
    assert page == 2 and rect[1] < 842 / 4  # the first hit on page 2 stands near its top
    assert _hit_in_view(pv), (pv.hit_rect(), pv.viewport().rect())
    # near the top of its page: the page from its top (not the previous page's bottom), the
    # hit in the upper half; further down a page a hit stands in the middle
    assert pv.current_page() == 2 and pv._page_origin(2)[1] >= 0
    assert pv.hit_rect().center().y() < pv.viewport().height() / 2
    assert view.hit_label.text() == "1 van 3 treffers"
    for w, h in ((900, 600), (1280, 800), (700, 1000)):
        stack.resize(w, h)
        qtbot.wait(20)
        assert _hit_in_view(pv), (w, h, pv.hit_rect(), pv.viewport().rect())
    view.next_hit()
    view.next_hit()
    stack.resize(1000, 700)
    qtbot.wait(20)
    assert pv.current_hit() == 2 and _hit_in_view(pv)
    page, _rect = pv.hits()[2]
    centred = abs(pv.hit_rect().center().y() - pv.viewport().height() / 2) < pv.viewport().height() / 10
    assert centred or pv._page_origin(page)[1] >= 0  # centred, or its page from the top
    pv.set_zoom(2.5)  # large: the third hit is far down the page in pixels and is centred
    assert _hit_in_view(pv)
    assert abs(pv.hit_rect().center().y() - pv.viewport().height() / 2) < pv.viewport().height() / 10
    # once the user scrolls away, a resize keeps the user's place, not the hit
    pv.verticalScrollBar().setValue(0)
    stack.resize(1100, 700)
    qtbot.wait(20)
    assert pv.current_page() == 1
