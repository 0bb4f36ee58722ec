"""Every main screen at 1280x800, in Dutch and in English, with the sample archive (and one
Woo bundle from ../shared for the page view when it is there), saved as PNG under
artifacts/screenshots/laptop/ for people to look at (run under Xvfb with QT_QPA_PLATFORM=xcb
for real fonts). The asserts check that each screen shows what it should."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction

from zvdj_viewer.archive import Archive
from zvdj_viewer.resources import SAMPLE_ARCHIVE
from zvdj_viewer.ui import i18n
from zvdj_viewer.ui.main_window import MainWindow
from zvdj_viewer.ui.navigation import Location
from zvdj_viewer.ui.settings import Settings

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "laptop"
BUNDLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "woo-bundles" / "Bij-documenten.pdf"


def shot(win, lang: str, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = "" if win.width() == 1280 else f"{win.width()}x{win.height()}-"
    path = SHOTS / f"{size}{lang}-{name}.png"
    assert win.grab().save(str(path))
    assert path.stat().st_size > 5_000
    return path


def trigger(win, dutch_text: str) -> None:
    next(a for a, text in win._source_texts if text == dutch_text).trigger()


@pytest.mark.parametrize("size", [(1280, 800), (1600, 1000), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_screen_at_1280x800(qtbot, tmp_path, lang, size):
    i18n.set_language(lang)
    archive = Archive(data_dir=tmp_path / "data")
    try:
        win = MainWindow(archive, settings=Settings(str(tmp_path / "s.ini")))
        qtbot.addWidget(win)
        win.resize(*size)
        win.show()
        qtbot.waitExposed(win)
        assert (win.width(), win.height()) == size
        assert win.stack.currentWidget() is win.welcome
        shot(win, lang, "01-welcome")
        archive.add_folder(str(SAMPLE_ARCHIVE))
        if BUNDLE.exists():
            import shutil

            (tmp_path / "woo").mkdir()
            shutil.copy(BUNDLE, tmp_path / "woo" / BUNDLE.name)
            archive.add_folder(str(tmp_path / "woo"))
        assert win.start_indexing()
        assert win.stack.currentWidget() is win.loading
        shot(win, lang, "02-loading")
        qtbot.waitUntil(lambda: not win.indexer.running(), timeout=120000)
        qtbot.wait(50)
        shot(win, lang, "03-library")
        m = max(archive.meetings(), key=lambda m: sum(len(v) for v in m.documents.values()))
        assert win.go(Location("meeting", m.id))
        rows = [r for r in m.items if r.number]
        win.meeting_view.choose_item(rows[min(2, len(rows) - 1)].number)
        shot(win, lang, "04-meeting")
        trigger(win, "&Zoeken")
        qtbot.keyClicks(win.search.field, "steunfiguur")
        qtbot.waitUntil(lambda: bool(win.search.last_hits), timeout=5000)
        shot(win, lang, "05-search")
        assert win.search.open_first()
        shot(win, lang, "06-document")
        pdf = next((d for d in archive.documents() if d.source.lower().endswith(".pdf")), None)
        if pdf is not None:
            assert win.go(Location("document", pdf.id, page=pdf.first_page))
            win.document_view.tabs.setCurrentIndex(1)
            qtbot.wait(50)
            shot(win, lang, "07-pdf-page")
        from zvdj_viewer.woo import service

        pairs = service.archive_versions(archive)
        docs = [d.id for d in archive.documents() if d.type == "verslag"]
        win.open_compare(*(pairs[0].a, pairs[0].b) if pairs else docs[:2])
        assert win.stack.currentWidget() is win.compare_view
        shot(win, lang, "08-compare")
        trigger(win, "&Lakkingen controleren")
        qtbot.waitUntil(lambda: not win.audit_view.running(), timeout=60000)
        assert win.audit_view.findings
        shot(win, lang, "09-audit")
        win.side.setCurrentWidget(win.versions)
        shot(win, lang, "10-versions")
        trigger(win, "&Zijpaneel")
        assert win.go(Location("meeting", m.id))
        shot(win, lang, "11-meeting-without-side-panel")
    finally:
        win.stop_background()
        archive.close()
        i18n.set_language("nl")
