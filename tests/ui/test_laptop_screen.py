"""The window on a 1280x800 laptop screen: it can be made that small, and at that size the
parts people work with are on screen (not pushed off the right edge by wide toolbars,
long titles or fixed-width columns)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect

from zvdj_viewer.archive import Archive
from zvdj_viewer.resources import SAMPLE_ARCHIVE
from zvdj_viewer.ui import i18n
from zvdj_viewer.ui.main_window import MainWindow
from zvdj_viewer.ui.navigation import Location
from zvdj_viewer.ui.settings import Settings

LAPTOP = (1280, 800)
SMALL = (1366, 768)


@pytest.fixture(params=["nl", "en"])
def win(request, qtbot, sample, tmp_path):
    i18n.set_language(request.param)
    w = MainWindow(sample, settings=Settings(str(tmp_path / "s.ini")))
    qtbot.addWidget(w)
    w.resize(*LAPTOP)
    w.show()
    qtbot.waitExposed(w)
    yield w
    i18n.set_language("nl")


def action(win, dutch_text):
    from PySide6.QtGui import QAction

    return next(a for a, text in win._source_texts if text == dutch_text)


def on_screen(win, widget, min_width=60) -> bool:
    """The widget is shown and at least min_width of it lies inside the window and inside a
    1280x800 screen (a window that cannot shrink is wider than the screen)."""
    if not widget.isVisible():
        return False
    screen = win.rect().intersected(QRect(0, 0, *LAPTOP))
    r = QRect(widget.mapTo(win, QPoint(0, 0)), widget.size()).intersected(screen)
    return r.width() >= min(min_width, widget.width()) and r.height() > 0


def meeting_with_verslag(archive):
    return next(m for m in archive.meetings() if m.documents.get("verslag") and m.documents.get("agenda"))


def views(win):
    return {"meeting": win.meeting_view, "document": win.document_view, "compare": win.compare_view,
            "audit": win.audit_view}


def open_each_view(win, qtbot):
    """Open every main view the way a user does; yields (name, view) while it is shown."""
    m = meeting_with_verslag(win.archive)
    assert win.go(Location("meeting", m.id))
    yield "meeting", win.meeting_view
    doc = win.archive.document(m.documents["agenda"][0])
    assert win.go(Location("document", doc.id))
    yield "document", win.document_view
    action(win, "Documenten &vergelijken…").trigger()
    yield "compare", win.compare_view
    action(win, "&Lakkingen controleren").trigger()
    qtbot.waitUntil(lambda: not win.audit_view.running(), timeout=60000)
    yield "audit", win.audit_view


def test_the_window_and_every_view_fit_a_laptop_screen(win, qtbot):
    for name, view in open_each_view(win, qtbot):
        assert win.stack.currentWidget() is view, name
        hint = win.minimumSizeHint()
        # well below the screen: room for the window frame, a panel, 125 % scaling
        assert hint.width() <= 1024 and hint.height() <= 640, (name, hint)
        assert view.minimumSizeHint().width() <= 760, (name, view.minimumSizeHint())
        for size in (LAPTOP, SMALL):
            win.resize(*size)
            qtbot.wait(10)
            assert win.width() <= size[0] and win.height() <= size[1], (name, size, win.size())
        win.resize(*LAPTOP)


def test_key_parts_are_on_screen_at_1280x800(win, qtbot):
    for name, view in open_each_view(win, qtbot):
        qtbot.wait(10)
        if name == "meeting":
            for role in ("agenda", "nota", "verslag"):
                assert on_screen(win, view.columns[role], 150), role
            assert on_screen(win, view.links, 150), "Elders besproken"
            assert on_screen(win, view.links.title), "Elders besproken"
        elif name == "document":
            assert on_screen(win, view.text, 300)
            for b in (view.next_button, view.open_button, view.cite_button):
                assert on_screen(win, b, b.width()), b.text()
        elif name == "compare":
            assert on_screen(win, view.compare_button, view.compare_button.width())
            assert on_screen(win, view.pdf_button, view.pdf_button.width())
        else:
            table = view.table
            x = table.columnViewportPosition(4)
            assert x >= 0
            left = table.viewport().mapTo(win, QPoint(x, 0)).x()
            assert left + 100 <= min(win.width(), LAPTOP[0]), "the reason column starts off screen"
            assert table.columnWidth(4) >= 100
            assert on_screen(win, view.run_button, view.run_button.width())


def test_the_side_panel_collapses_and_comes_back(win, qtbot):
    dock = win.side.parentWidget()
    m = meeting_with_verslag(win.archive)
    assert win.go(Location("meeting", m.id))
    before = win.meeting_view.columns["verslag"].width()
    act = action(win, "&Zijpaneel")
    act.trigger()
    qtbot.waitUntil(lambda: not dock.isVisible())
    qtbot.wait(10)
    assert win.meeting_view.columns["verslag"].width() > before
    act.trigger()
    qtbot.waitUntil(dock.isVisible)


class _Screen:
    """A screen as Qt reports it: its room for windows (without panels and docks)."""

    def __init__(self, w: int, h: int):
        self.room = QRect(0, 0, w, h)

    def availableGeometry(self) -> QRect:
        return self.room


@pytest.mark.parametrize("screen, fits", [((1280, 800), True), ((1366, 768), True), ((1920, 1080), False)])
def test_the_first_start_fits_the_screen(qtbot, sample, tmp_path, monkeypatch, screen, fits):
    """No saved size yet: on a laptop the window (with its status bar) is within the screen;
    on a big screen it is 1400x900."""
    from zvdj_viewer.ui import main_window

    monkeypatch.setattr(main_window.QApplication, "primaryScreen", staticmethod(lambda: _Screen(*screen)))
    i18n.set_language("nl")
    w = MainWindow(sample, settings=Settings(str(tmp_path / "s.ini")))
    qtbot.addWidget(w)
    w.show()
    try:
        size = w.size()
        if fits:  # with room left for a window manager's title bar and frame
            assert size.width() <= screen[0] - 16 and size.height() <= screen[1] - 40, size
            assert w.minimumSizeHint().width() <= size.width() and w.minimumSizeHint().height() <= size.height()
        else:
            assert (size.width(), size.height()) == (1400, 900)
    finally:
        w.stop_background()
