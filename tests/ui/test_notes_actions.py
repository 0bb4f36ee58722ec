"""The Notities menu in the window: a note on the chosen agenda item (Ctrl+N), the open meeting
on the reading list (Ctrl+L), and the meeting dossier as a PDF — on the sample archive."""

from __future__ import annotations

import pymupdf
import pytest
from PySide6.QtWidgets import QDialog

from zvdj_viewer.archive import Archive
from zvdj_viewer.notes import NoteStore
from zvdj_viewer.resources import SAMPLE_ARCHIVE
from zvdj_viewer.ui import i18n
from zvdj_viewer.ui import note_dialog
from zvdj_viewer.ui.main_window import MainWindow
from zvdj_viewer.ui.navigation import Location
from zvdj_viewer.ui.settings import Settings


@pytest.fixture
def window(qtbot, tmp_path):
    i18n.set_language("nl")
    archive = Archive(data_dir=tmp_path / "data")
    archive.add_folder(str(SAMPLE_ARCHIVE))
    archive.update(workers=0)
    store = NoteStore.for_archive(archive)
    win = MainWindow(archive, settings=Settings(str(tmp_path / "s.ini")), notes_store=store)
    qtbot.addWidget(win)
    win.show()
    yield win
    archive.close()


def test_note_on_the_chosen_item_reading_list_and_dossier(window, monkeypatch, tmp_path):
    meeting = next(m for m in window.archive.meetings() if m.date == "2021-06-24")
    assert window.go(Location("meeting", meeting.id))
    window.meeting_view.choose_item("4")

    def typed(dlg):  # the user types a note and a tag, then presses OK
        dlg.body.setPlainText("Vragen naar de verspreiding onder gemeenten.")
        dlg.tags.setText("navragen")
        return QDialog.Accepted

    monkeypatch.setattr(note_dialog.NoteDialog, "exec", typed)
    window.act_note.trigger()
    (note,) = window.notes_store.notes()
    assert note.body.startswith("Vragen naar") and "navragen" in note.tags
    assert note.anchor.kind == "item" and note.anchor.item_number == "4"
    assert "steunfiguur" in (note.anchor.item_title or "").lower()

    window.act_queue.trigger()
    entries = window.notes_store.reading_list()
    assert len(entries) == 1

    out = window.export_dossier(str(tmp_path / "dossier.pdf"))
    import unicodedata

    text = unicodedata.normalize("NFKC", "".join(p.get_text() for p in pymupdf.open(out)))  # "ﬁ" ligatures
    assert "Handreiking steunfiguur" in text and "Vragen naar de verspreiding" in text


def test_actions_need_something_open(window):
    assert window.add_note_here() is None
    assert window.export_dossier() is None
