"""Every menu action and shortcut of the window does what it says, driven through
QAction.trigger() and key presses as a person would (issue 15, point 2: triggered(bool) handed
checked=False to a parameter meant for a path, and the dossier export did nothing)."""

from __future__ import annotations

import pytest

from zvdj_viewer.resources import SAMPLE_ARCHIVE
from zvdj_viewer.ui.navigation import Location


@pytest.fixture(scope="module")
def sample_archive(tmp_path_factory):
    from zvdj_viewer.archive import Archive

    a = Archive(data_dir=tmp_path_factory.mktemp("sample"))
    a.add_folder(str(SAMPLE_ARCHIVE))
    a.update(workers=0)
    yield a
    a.close()


@pytest.fixture
def window(qtbot, tmp_path, sample_archive):
    from zvdj_viewer.notes import NoteStore
    from zvdj_viewer.ui import i18n
    from zvdj_viewer.ui.main_window import MainWindow
    from zvdj_viewer.ui.settings import Settings

    i18n.set_language("nl")
    store = NoteStore.for_archive(sample_archive)
    win = MainWindow(sample_archive, settings=Settings(str(tmp_path / "s.ini")), notes_store=store)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.stop_background()
    for n in store.notes():
        store.delete_note(n.uuid)
    for e in store.reading_list():
        store.dequeue(e.uuid)


def _menu_actions(win):
    out = {}
    for menu in win.menus.values():
        for a in menu.actions():
            if a.menu() is not None:  # the language submenu
                for sub in a.menu().actions():
                    out[sub.text()] = sub
            elif not a.isSeparator():
                out[dict(win._source_texts).get(a, a.text())] = a
    return out


def test_every_menu_action_works_through_trigger(qtbot, window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

    from zvdj_viewer.ui import folders_dialog, i18n, note_dialog

    win, calls = window, []
    actions = _menu_actions(win)
    meeting = max(win.archive.meetings(), key=lambda m: len(m.items))
    docs = [d for d in win.archive.documents()][:2]
    save_to = {"path": str(tmp_path / "dossier.pdf")}
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (save_to["path"], ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: calls.append("choose-folder") or "")
    monkeypatch.setattr(QMessageBox, "about", lambda *a, **k: calls.append("about"))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: calls.append("help"))
    monkeypatch.setattr(folders_dialog.FoldersDialog, "exec", lambda self: calls.append("folders") or 0)
    monkeypatch.setattr(win.indexer, "start", lambda paths=None: calls.append(("index", paths)) or False)
    monkeypatch.setattr(win.indexer, "cancel", lambda: calls.append("cancel"))
    monkeypatch.setattr(win, "add_folder", lambda path: calls.append(("add", path)))

    def typed(dlg):
        dlg.body.setPlainText("Nagaan bij de gemeenten.")
        return QDialog.Accepted

    monkeypatch.setattr(note_dialog.NoteDialog, "exec", typed)
    done = set()

    def fire(key):
        done.add(key)
        actions[key].trigger()

    fire("Map &toevoegen…")
    assert calls[-1] == "choose-folder"
    fire("Mappen &beheren…")
    assert calls[-1] == "folders"
    fire("Index &bijwerken")
    assert calls[-1] == ("index", None)
    fire("Indexeren &afbreken")
    assert calls[-1] == "cancel"
    fire("&Voorbeeldarchief toevoegen")
    assert calls[-1][0] == "add" and calls[-1][1] == str(SAMPLE_ARCHIVE)
    save_to["path"] = str(tmp_path / "inventaris.csv")
    fire("&Inventarislijst exporteren…")
    assert (tmp_path / "inventaris.csv").stat().st_size > 100
    # Ga
    assert win.go(Location("document", docs[0].id)) and win.go(Location("document", docs[1].id))
    fire("&Terug")
    assert win.history.current.target == docs[0].id and win.document_view.doc.id == docs[0].id
    fire("&Vooruit")
    assert win.document_view.doc.id == docs[1].id
    fire("&Zoeken")
    assert win.side.currentWidget() is win.search
    # Ctrl+1…5: every tab of the side panel, through its action in the tab menu
    for i, a in enumerate(win.menus["tabs"].actions()):
        done.update(k for k, v in actions.items() if v is a)
        a.trigger()
        assert win.side.currentIndex() == i
    pdf = next((d for d in win.archive.documents() if d.source.lower().endswith(".pdf")
                and d.first_page is not None and d.last_page > d.first_page), None)
    if pdf is not None:  # Ctrl+G: a page of the open PDF document
        from zvdj_viewer.ui import main_window as mw

        monkeypatch.setattr(mw, "ask_page", lambda parent, current, first, last: last)
        assert win.go(Location("document", pdf.id))
        fire("Naar &pagina…")
        qtbot.waitUntil(lambda: win.document_view.current_page() == pdf.last_page, timeout=10000)
    else:
        done.add("Naar &pagina…")  # the sample holds no PDF: test_comforts drops one and presses Ctrl+G
    fire("&Zijpaneel")
    assert not win.dock.isVisible()
    fire("&Zijpaneel")
    assert win.dock.isVisible()
    # Woo
    fire("Documenten &vergelijken…")
    assert win.stack.currentWidget() is win.compare_view
    fire("&Lakkingen controleren")
    assert win.stack.currentWidget() is win.audit_view
    qtbot.waitUntil(lambda: not win.audit_view.running(), timeout=60000)
    # Notities, on a meeting with an item chosen
    assert win.go(Location("meeting", meeting.id))
    win.meeting_view.choose_item(meeting.items[0].number)
    fire("Notitie &toevoegen…")
    assert [n.body for n in win.notes_store.notes()] == ["Nagaan bij de gemeenten."]
    fire("Op &leeslijst zetten")
    assert len(win.notes_store.reading_list()) == 1
    save_to["path"] = str(tmp_path / "dossier.pdf")
    fire("Vergader&dossier exporteren…")
    assert (tmp_path / "dossier.pdf").read_bytes()[:5] == b"%PDF-"
    # Beeld
    size = QApplication.font().pointSizeF()
    fire("Tekst &groter")
    assert QApplication.font().pointSizeF() == size + 1
    fire("Tekst &kleiner")
    assert QApplication.font().pointSizeF() == size
    fire("English")
    assert i18n.language() == "en" and win.menus["archive"].title() == "&Archive"
    actions = _menu_actions(win)
    done.update(k for k, v in actions.items() if v in win.menus["tabs"].actions())
    fire("Nederlands")
    assert i18n.language() == "nl"
    # Help
    fire("&Zoektips")
    assert calls[-1] == "help"
    fire("&Over ZvdJ Viewer")
    assert calls[-1] == "about"
    fire("&Afsluiten")
    assert not win.isVisible()
    assert done == set(actions), f"actions without a test: {set(actions) - done}"


def test_dossier_shortcut_opens_the_save_dialog_and_writes(qtbot, window, monkeypatch, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    asked = []
    target = tmp_path / "met-sneltoets.pdf"

    def dialog(*a, **k):
        asked.append(a)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    meeting = window.archive.meetings()[0]
    assert window.go(Location("meeting", meeting.id))
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key_E, Qt.ControlModifier | Qt.ShiftModifier)
    assert asked, "Ctrl+Shift+E shows the save dialog"
    assert target.read_bytes()[:5] == b"%PDF-"




@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_window_fits_a_1280_by_800_screen(qtbot, tmp_path, sample_archive, lang):
    """Every view of the central stack sets the window's minimum width: the compare view's
    one row of controls made it 1476 pixels, wider than the screen."""
    from zvdj_viewer.ui import i18n
    from zvdj_viewer.ui.main_window import MainWindow
    from zvdj_viewer.ui.settings import Settings

    i18n.set_language(lang)
    try:
        win = MainWindow(sample_archive, settings=Settings(str(tmp_path / "s.ini")))
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
        qtbot.waitExposed(win)
        assert win.minimumSizeHint().width() <= 1280 and win.width() <= 1280
    finally:
        i18n.set_language("nl")
