"""Screenshots of each screen with the seeds indexed, saved to artifacts/screenshots/ for people
to look at (run under Xvfb with QT_QPA_PLATFORM=xcb for real font rendering). The asserts
check that each screen shows what it should, so this is a test and not only a camera."""

from __future__ import annotations

from pathlib import Path

import pytest

from zvdj_viewer.archive import Archive
from zvdj_viewer.ui import i18n
from zvdj_viewer.ui.main_window import MainWindow
from zvdj_viewer.ui.navigation import Location
from zvdj_viewer.ui.settings import Settings

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seeds_dir):
    data = tmp_path_factory.mktemp("seeded")
    a = Archive(data_dir=data)
    a.add_folder(str(seeds_dir))
    a.update(workers=2)
    yield a
    a.close()


def _shot(win, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    assert win.grab().save(str(path))
    return path


def test_screens_with_the_seeds(qtbot, seeded, tmp_path):
    i18n.set_language("nl")
    win = MainWindow(seeded, settings=Settings(str(tmp_path / "s.ini")))
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    assert _shot(win, "01-library").stat().st_size > 10_000
    meetings = seeded.meetings()
    if meetings:
        m = max(meetings, key=lambda m: sum(len(v) for v in m.documents.values()))
        assert win.go(Location("meeting", m.id))
        rows = [r for r in m.items if r.number]
        if rows:
            win.meeting_view.choose_item(rows[min(3, len(rows) - 1)].number)
        _shot(win, "02-meeting")
    win.focus_search()
    win.search.set_query("informele mentor")
    assert win.search.last_hits, "the seeds mention the informele mentor"
    _shot(win, "03-search")
    assert win.search.open_first()
    _shot(win, "04-document")
    win.open_audit()
    qtbot.waitUntil(lambda: not win.audit_view.running(), timeout=60000)
    assert win.stack.currentWidget() is win.audit_view
    _shot(win, "06-audit")
    from zvdj_viewer.woo import service

    pairs = service.archive_versions(seeded)
    assert pairs, "seed 002 holds documents that are versions of each other"
    win.open_compare(pairs[0].a, pairs[0].b)
    assert win.stack.currentWidget() is win.compare_view
    _shot(win, "07-compare")
    pdf = next((d for d in seeded.documents() if d.kind == "pdf"), None)
    if pdf is not None:
        win.go(Location("document", pdf.id, page=pdf.first_page))
        _shot(win, "05-pdf-page")


def test_dark_theme_screens(qtbot, seeded, tmp_path):
    """With a dark system palette the views stay readable (screenshots to look at)."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    old_palette, old_style = app.palette(), app.style().name()
    dark = QPalette()
    for role, color in ((QPalette.Window, "#2b2b2b"), (QPalette.WindowText, "#e8e8e8"), (QPalette.Base, "#1e1e1e"),
                        (QPalette.AlternateBase, "#2b2b2b"), (QPalette.Text, "#e8e8e8"), (QPalette.Button, "#3a3a3a"),
                        (QPalette.ButtonText, "#e8e8e8"), (QPalette.Highlight, "#3d6fa5"),
                        (QPalette.HighlightedText, "#ffffff"), (QPalette.Link, "#8ab4f8")):
        dark.setColor(role, QColor(color))
    app.setStyle("Fusion")
    app.setPalette(dark)
    try:
        win = MainWindow(seeded, settings=Settings(str(tmp_path / "s.ini")))
        qtbot.addWidget(win)
        win.resize(1400, 900)
        win.show()
        win.focus_search()
        win.search.set_query("informele mentor")
        assert win.search.open_first()
        _shot(win, "08-dark-document")
        meetings = seeded.meetings()
        if meetings:
            win.go(Location("meeting", meetings[-1].id))
            _shot(win, "09-dark-meeting")
    finally:
        app.setPalette(old_palette)
        app.setStyle(old_style)
