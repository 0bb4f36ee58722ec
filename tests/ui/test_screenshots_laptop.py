"""Every screen at 1280x800, 1600x1000 and 1920x1080, in Dutch and in English (and dark at
1280x800), with the sample archive, one Woo bundle from ../shared when it is there, two
fictional releases of one nota (version links) and a file that cannot be read (failed files),
saved as PNG under artifacts/screenshots/laptop/ for people to look at (run under Xvfb with
QT_QPA_PLATFORM=xcb for real fonts). The asserts check that each screen shows what it should."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from zvdj_viewer.archive import Archive
from zvdj_viewer.resources import SAMPLE_ARCHIVE
from zvdj_viewer.ui import i18n
from zvdj_viewer.ui.main_window import MainWindow
from zvdj_viewer.ui.navigation import Location
from zvdj_viewer.ui.settings import Settings

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "laptop"
BUNDLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "woo-bundles" / "Bij-documenten.pdf"
SIZES = [(1280, 800), (1600, 1000), (1920, 1080)]

# two releases of one fictional nota: the document view lists the other as a version
BODY = "\n".join(f"Punt {i}: de regio bespreekt de inkoop van jeugdhulp en de wachttijden in gemeente {i}."
                 for i in range(40))


def shot(widget, prefix: str, name: str, least: int = 3_000) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()  # pending layouts first: a photo of what a person would see
    path = SHOTS / f"{prefix}-{name}.png"
    assert widget.grab().save(str(path))
    assert path.stat().st_size > least  # not blank
    return path


def shot_modal(qtbot, open_it, prefix: str, name: str) -> str:
    """Open a modal dialog with open_it(), photograph it and close it; its text is returned."""
    seen: dict[str, str] = {}

    def grab() -> None:
        dlg = QApplication.activeModalWidget()
        if dlg is None:
            QTimer.singleShot(50, grab)
            return
        qtbot.wait(50)
        shot(dlg, prefix, name)
        seen["text"] = dlg.text() if isinstance(dlg, QMessageBox) else dlg.windowTitle()
        dlg.done(0) if isinstance(dlg, QDialog) else dlg.close()

    QTimer.singleShot(50, grab)
    open_it()
    assert "text" in seen, f"{name}: no dialog came up"
    return seen["text"]


def trigger(win, dutch_text: str) -> None:
    next(a for a, text in win._source_texts if text == dutch_text).trigger()


def prepare_folders(tmp_path: Path, archive) -> None:
    releases = tmp_path / "versies"
    releases.mkdir()
    (releases / "nota-concept.txt").write_text("Nota over de inkoop\n\n" + BODY + "\n", encoding="utf-8")
    (releases / "nota-definitief.txt").write_text(
        "Nota over de inkoop\n\n" + BODY + "\nPunt 41: het besluit volgt in het voorjaar.\n", encoding="utf-8")
    (releases / "kapot.pdf").write_bytes(b"%PDF-1.4\nthis is not a pdf body\n")
    archive.add_folder(str(SAMPLE_ARCHIVE))
    archive.add_folder(str(releases))
    if BUNDLE.exists():
        (tmp_path / "woo").mkdir()
        shutil.copy(BUNDLE, tmp_path / "woo" / BUNDLE.name)
        archive.add_folder(str(tmp_path / "woo"))


def every_screen(qtbot, tmp_path, lang: str, size: tuple[int, int], *, dark: bool = False) -> None:
    from zvdj_viewer.notes import NoteStore, anchor_document, anchor_meeting

    prefix = f"{size[0]}x{size[1]}-{lang}" + ("-dark" if dark else "")
    i18n.set_language(lang)
    locale = QLocale()
    i18n.install_qt_translations(QApplication.instance(), lang)  # as the app does: Qt's own buttons too
    archive = Archive(data_dir=tmp_path / "data")
    store = NoteStore.for_archive(archive)
    win = None
    try:
        win = MainWindow(archive, settings=Settings(str(tmp_path / "s.ini")), notes_store=store)
        qtbot.addWidget(win)
        win.resize(*size)
        win.show()
        qtbot.waitExposed(win)
        assert (win.width(), win.height()) == size
        assert win.stack.currentWidget() is win.welcome
        shot(win, prefix, "01-welcome")
        prepare_folders(tmp_path, archive)
        assert win.start_indexing()
        assert win.stack.currentWidget() is win.loading
        shot(win, prefix, "02-loading")
        qtbot.waitUntil(lambda: win.progress.maximum() > 0 or not win.indexer.running(), timeout=120000)
        shot(win, prefix, "03-indexing-progress")
        qtbot.waitUntil(lambda: not win.indexer.running(), timeout=240000)
        qtbot.wait(50)
        shot(win, prefix, "04-library")
        assert win.failed_files and win.failed_button.isVisible()
        shot_modal(qtbot, win.failed_button.click, prefix, "05-failed-files")
        # the library's three views: meetings, documents by type, by source file (opened)
        lib = win.library
        for i in range(lib.tree.topLevelItemCount()):
            top = lib.tree.topLevelItem(i)
            top.setExpanded(True)
            if top.childCount():
                top.child(0).setExpanded(True)
        bundle = next((it for it in lib._all_items() if it.text(0).startswith(BUNDLE.name)), None)
        if bundle is not None:  # a Woo bundle and the documents it was split into
            bundle.setExpanded(True)
            lib.tree.scrollToItem(bundle.child(bundle.childCount() - 1))
        shot(win, prefix, "06-library-types-and-files")

        m = max(archive.meetings(), key=lambda m: sum(len(v) for v in m.documents.values()))
        assert win.go(Location("meeting", m.id))
        rows = [r for r in m.items if r.number]
        win.meeting_view.choose_item(rows[min(2, len(rows) - 1)].number)
        store.add_note(anchor_meeting(archive, m.id), "Navragen bij de regio", tags=["inkoop"])
        win._note_marks_changed()
        win.notes_view.refresh()
        shot(win, prefix, "07-meeting")

        trigger(win, "&Zoeken")
        qtbot.keyClicks(win.search.field, "steunfiguur")
        qtbot.waitUntil(lambda: bool(win.search.last_hits), timeout=5000)
        shot(win, prefix, "08-search")
        assert win.search.open_first()
        shot(win, prefix, "09-document-reading-text")
        from tests.ui.test_screen_defects import wrap_breaks

        assert not wrap_breaks(win.document_view.links.tree)[1], "'Elders besproken' wrapped narrower than it is"
        pdf = next((d for d in archive.documents() if d.source.lower().endswith(".pdf")), None)
        if pdf is not None:
            assert win.go(Location("document", pdf.id, page=pdf.first_page))
            win.document_view.tabs.setCurrentIndex(1)
            qtbot.wait(50)
            shot(win, prefix, "10-document-original-pages")
        # a document with sections in its outline, or else the one with the most items
        docs = archive.documents()
        versioned = next(d for d in docs if d.source.endswith("nota-definitief.txt"))
        assert win.go(Location("document", versioned.id))
        store.add_note(anchor_document(archive, versioned.id), "Vergelijk met het concept")
        win._note_marks_changed()
        shot(win, prefix, "11-document-version-links")
        # the outline: an agenda's items, and a letter's sections (the list holds no items)
        rich = max(docs, key=lambda d: len(archive.document(d.id).items))
        assert win.go(Location("document", rich.id))
        assert win.document_view.outline.topLevelItemCount() > 3
        shot(win, prefix, "12-document-outline-items-details")
        letter = next(d for d in docs if d.type == "kamerbrief")
        assert win.go(Location("document", letter.id))
        assert win.document_view.outline.topLevelItemCount() > 1
        shot(win, prefix, "12b-document-outline-sections")

        from zvdj_viewer.woo import service

        pairs = service.archive_versions(archive)
        verslagen = [d.id for d in docs if d.type == "verslag"]
        win.open_compare(*(pairs[0].a, pairs[0].b) if pairs else verslagen[:2])
        assert win.stack.currentWidget() is win.compare_view
        shot(win, prefix, "13-compare")
        trigger(win, "&Lakkingen controleren")
        qtbot.waitUntil(lambda: not win.audit_view.running(), timeout=120000)
        assert win.audit_view.findings
        shot(win, prefix, "14-audit")
        win.side.setCurrentWidget(win.versions)
        shot(win, prefix, "15-audit-and-versions-of-the-letter")
        assert win.go(Location("document", versioned.id))  # the panel follows the open document
        win.show_side_tab(win.side.indexOf(win.versions))
        shot(win, prefix, "15b-versions-of-the-nota")

        assert win.go(Location("meeting", m.id))
        trigger(win, "Op &leeslijst zetten")
        win.show_side_tab(win.side.indexOf(win.notes_view))
        shot(win, prefix, "16-my-notes")
        win.show_side_tab(win.side.indexOf(win.reading_list))
        assert win.reading_list.entries_shown()
        shot(win, prefix, "17-reading-list")
        trigger(win, "&Zijpaneel")
        shot(win, prefix, "18-meeting-without-side-panel")
        trigger(win, "&Zijpaneel")

        from zvdj_viewer.ui.folders_dialog import FoldersDialog

        dlg = FoldersDialog(archive, win)
        dlg.show()
        qtbot.waitExposed(dlg)
        shot(dlg, prefix, "19-folders-dialog")
        dlg.close()
        lang_menu = next(a.menu() for a in win.menus["view"].actions() if a.menu() is not None
                         and a.menu() is not win.menus["tabs"])
        win.menus["view"].popup(win.mapToGlobal(win.rect().topLeft()))
        qtbot.wait(50)
        lang_menu.popup(win.mapToGlobal(win.rect().center()))
        qtbot.wait(50)
        shot(win.menus["view"], prefix, "20-view-menu", 1_000)
        shot(lang_menu, prefix, "20-settings-language-menu", 1_000)
        lang_menu.close()
        win.menus["view"].close()
        trigger(win, "&Zoektips")  # photographed by the test's stand-in for QMessageBox.information
        about = shot_modal(qtbot, lambda: trigger(win, "&Over ZvdJ Viewer"), prefix, "22-about")
        assert "ZvdJ Viewer" in about
    finally:
        if win is not None:
            win.stop_background()
        store.close()
        archive.close()
        i18n.install_qt_translations(QApplication.instance(), "en")  # none: Qt's own English again
        QLocale.setDefault(locale)
        i18n.set_language("nl")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_screen(qtbot, tmp_path, lang, size, monkeypatch):
    help_text = {}
    real_info = QMessageBox.information

    def info(parent, title, text, *a, **k):
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
        box.show()
        qtbot.waitExposed(box)
        shot(box, f"{size[0]}x{size[1]}-{lang}", "21-help-search-syntax")
        help_text["text"] = text
        box.close()

    monkeypatch.setattr(QMessageBox, "information", info)
    every_screen(qtbot, tmp_path, lang, size)
    monkeypatch.setattr(QMessageBox, "information", real_info)
    assert help_text, "the search tips did not show"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_screen_dark(qtbot, tmp_path, lang, monkeypatch):
    from tests.ui.test_dark_mode import dark_palette

    before = QApplication.palette()
    QApplication.setPalette(dark_palette())
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    try:
        every_screen(qtbot, tmp_path, lang, (1280, 800), dark=True)
    finally:
        QApplication.setPalette(before)
