"""The app shell driven as a user would: first run, add a folder, search, open a hit, Back,
cancel an indexing run, switch language, and (for people to look at) screenshots."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from zvdj_viewer.archive import Archive
from zvdj_viewer.ui import i18n
from zvdj_viewer.ui.main_window import MainWindow
from zvdj_viewer.ui.navigation import Location
from zvdj_viewer.ui.settings import Settings

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "artifacts" / "screenshots"

AGENDA = """# agenda

Betreft\tBestuurlijk Overleg Rijk-VNG
Vergaderdatum en -tijd\t9 februari 2022 10:00-11:00

## 1 Opening

## 2 Kwispelstaartregeling voor pleeggezinnen

## 3 Rondvraag
"""


@pytest.fixture
def window(qtbot, tmp_path):
    i18n.set_language("nl")
    archive = Archive(data_dir=tmp_path / "data")
    win = MainWindow(archive, settings=Settings(str(tmp_path / "settings.ini")))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.indexer.cancel()
    win.indexer.wait()
    archive.close()


def _wait_indexed(qtbot, win, timeout=60000):
    qtbot.waitUntil(lambda: not win.indexer.running() and win.indexer.last_report is not None, timeout=timeout)


def test_first_run_offers_sample_and_add_folder(window):
    assert window.stack.currentWidget() is window.welcome
    assert window.sample_button.isVisible() and window.add_button.isVisible()


def test_add_folder_index_search_open_hit_and_back(qtbot, window, tmp_path):
    folder = tmp_path / "archief"
    folder.mkdir()
    (folder / "agenda.md").write_text(AGENDA, encoding="utf-8")
    (folder / "notitie.txt").write_text("Een losse notitie over de kwispelstaartregeling.\n", encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in folder.iterdir()}
    window.add_folder(str(folder))
    assert window.progress.isVisible()
    _wait_indexed(qtbot, window)
    report = window.indexer.last_report
    assert report.files_read == 2 and not report.failed
    assert {p: p.stat().st_mtime_ns for p in folder.iterdir()} == before  # archive folder untouched
    assert window.stack.currentWidget() is window.empty
    # search as you type: results appear after the debounce
    window.focus_search()
    qtbot.keyClicks(window.search.field, "kwispelstaartregeling")
    qtbot.waitUntil(lambda: len(window.search.last_hits) == 2, timeout=5000)
    assert "<b>" in window.search.results.toHtml() or "font-weight" in window.search.results.toHtml()
    # open the best hit: the document view shows it, with the query
    assert window.search.open_first()
    assert window.stack.currentWidget() is window.document_view
    first = window.history.current
    assert first.kind == "document" and first.query == "kwispelstaartregeling"
    # open another place, then Back returns to the hit
    other = next(h for h in window.search.last_hits if h.doc_id != first.target)
    window.go(Location("document", other.doc_id))
    assert window.history.current.target == other.doc_id
    assert window.act_back.isEnabled()
    window.act_back.trigger()
    assert window.history.current == first
    window.act_forward.trigger()
    assert window.history.current.target == other.doc_id


def test_cancel_an_indexing_run(qtbot, window, tmp_path):
    folder = tmp_path / "groot"
    folder.mkdir()
    for i in range(400):
        (folder / f"stuk-{i:03}.txt").write_text(f"Stuk {i} over jeugdhulp in regio {i}.\n" * 30, encoding="utf-8")
    window.add_folder(str(folder))
    qtbot.waitUntil(lambda: window.progress.maximum() > 0 and window.progress.value() > 0, timeout=30000)
    qtbot.mouseClick(window.cancel_button, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.LeftButton)
    _wait_indexed(qtbot, window)
    report = window.indexer.last_report
    assert report.cancelled and report.files_read < 400
    assert not window.progress.isVisible() and window.act_update.isEnabled()


def test_closing_the_window_while_indexing_ends_the_run_quickly(qtbot, window, tmp_path):
    # closing waits for the run; it used to wait the full minute, since the thread's event
    # loop only quit on a queued call the waiting window could not take
    import time

    folder = tmp_path / "groot"
    folder.mkdir()
    for i in range(400):
        (folder / f"stuk-{i:03}.txt").write_text(f"Stuk {i} over pleegzorg.\n" * 30, encoding="utf-8")
    window.add_folder(str(folder))
    qtbot.waitUntil(lambda: window.progress.maximum() > 0 and window.progress.value() > 0, timeout=30000)
    t = time.monotonic()
    window.close()
    assert time.monotonic() - t < 20 and not window.indexer.thread_running()


def test_language_switch_changes_menus(window):
    titles = [m.title() for m in window.menus.values()]
    assert "&Archief" in titles
    window.switch_language("en")
    assert "&Archive" in [m.title() for m in window.menus.values()]
    assert window.act_back.text() == "&Back"
    window.switch_language("nl")
    assert window.act_back.text() == "&Terug"


def test_keyboard_shortcuts_are_in_the_menus(window):
    shortcuts = {a.shortcut().toString() for m in window.menus.values() for a in m.actions()}
    for key in ("Ctrl+O", "F5", "Alt+Left", "Alt+Right", "Ctrl+K", "Ctrl+Q"):
        assert key in shortcuts, key


def test_window_remembers_last_place(qtbot, tmp_path):
    archive = Archive(data_dir=tmp_path / "d")
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "agenda.md").write_text(AGENDA, encoding="utf-8")
    archive.add_folder(str(folder))
    archive.update(workers=0)
    settings_path = str(tmp_path / "s.ini")
    win = MainWindow(archive, settings=Settings(settings_path))
    qtbot.addWidget(win)
    doc = archive.documents()[0].id
    assert win.go(Location("document", doc))
    win.close()
    win2 = MainWindow(archive, settings=Settings(settings_path))
    qtbot.addWidget(win2)
    qtbot.waitUntil(lambda: win2.history.current is not None, timeout=3000)
    assert win2.history.current.target == doc
    archive.close()


def test_after_cancel_the_status_says_what_was_kept(qtbot, window, tmp_path):
    folder = tmp_path / "veel"
    folder.mkdir()
    for i in range(300):  # fictional notes, each with the same word
        (folder / f"notitie-{i:03}.txt").write_text(f"Notitie {i} over de kwispelstaartregeling.\n", encoding="utf-8")

    def user_cancels(p):  # the user presses Afbreken once files are being read
        if p.phase == "reading" and p.done >= 3 and window.indexer.running():
            window.act_cancel.trigger()

    window.indexer.progress.connect(user_cancels)
    window.add_folder(str(folder))
    _wait_indexed(qtbot, window, timeout=120000)
    report = window.indexer.last_report
    assert report.cancelled and 0 < report.files_read < 300
    assert window.statusBar().currentMessage() == (
        f"afgebroken: {report.files_read} bestanden gelezen en doorzoekbaar; de rest volgt bij de volgende update")
    # what it says was kept is there: every file read is found
    assert len(window.archive.search("kwispelstaartregeling", limit=500)) == report.files_read
