"""'Mijn notities' driven as a user would: add a note on an agenda item through the dialog,
re-index the archive from scratch (new ids), the note is still there and leads back to the
item; search with tag:; the reading list keeps read state and the last page."""

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fixtures" / "notes"))
from notes_archive import NOTA, VERSLAG, doc_of, index, write  # noqa: E402

from zvdj_viewer import notes as N  # noqa: E402
from zvdj_viewer.ui.navigation import Location  # noqa: E402
from zvdj_viewer.ui.note_dialog import NoteDialog, add_note  # noqa: E402
from zvdj_viewer.ui.notes_view import NotesView  # noqa: E402
from zvdj_viewer.ui.reading_list import ReadingListView  # noqa: E402


@pytest.fixture
def world(tmp_path):
    files = write(tmp_path / "archief", verslag=VERSLAG)
    archive = index(tmp_path / "data", files)
    store = N.NoteStore(tmp_path / "user" / "notes.sqlite")
    yield tmp_path, files, archive, store
    store.close()
    archive.close()


def _fill_dialog(body: str, tags: str):
    def run():
        dlg = next(w for w in QApplication.topLevelWidgets() if isinstance(w, NoteDialog) and w.isVisible())
        dlg.body.setPlainText(body)
        dlg.tags.setText(tags)
        dlg.accept()
    QTimer.singleShot(50, run)


def test_note_on_item_survives_reindex_and_navigates(world, qtbot):
    tmp, files, archive, store = world
    view = NotesView(archive, store)
    qtbot.addWidget(view)
    view.resize(520, 420)
    view.show()
    qtbot.waitExposed(view)
    assert "Nog geen notities" in view.status.text()

    nota = doc_of(archive, "nota")
    _fill_dialog("Cijfers per regio opvragen bij de wethouder", "navragen, besluit nodig")
    note = add_note(view, store, N.anchor_item(archive, nota, "2"))
    assert note is not None and note.tags == ("besluit nodig", "navragen")
    view.refresh()
    assert view.notes_shown() == [note.uuid]
    assert view.group_titles()[0].startswith("12 maart 2020")

    # re-index from scratch: other file order, new data dir, so the ids change
    archive2 = index(tmp / "data2", files[1:] + files[:1])
    nota2 = doc_of(archive2, "nota")
    assert nota2 != nota
    assert store.reattach(archive2).attached == 1
    view.archive = archive2
    view.refresh()
    assert view.notes_shown() == [note.uuid]
    with qtbot.waitSignal(view.navigate, timeout=1000) as sig:
        view.select_note(note.uuid)
        item = view.tree.currentItem()
        rect = view.tree.visualItemRect(item)
        qtbot.mouseClick(view.tree.viewport(), Qt.LeftButton, pos=rect.center())
    assert sig.args[0] == Location("document", nota2, item="2", page=None, line=5)
    archive2.close()


def test_search_tag_and_orphaned_group(world, qtbot):
    tmp, files, archive, store = world
    nota = doc_of(archive, "nota")
    a = store.add_note(N.anchor_item(archive, nota, "2"), "Cijfers opvragen", ["navragen"])
    b = store.add_note(N.anchor_selection(archive, nota, "wethouder van Noordwaarde"), "Wie is dit?", ["besluit nodig"])
    view = NotesView(archive, store)
    qtbot.addWidget(view)
    view.show()
    assert set(view.notes_shown()) == {a.uuid, b.uuid}
    qtbot.keyClicks(view.search, "tag:navragen")
    assert view.notes_shown() == [a.uuid]
    assert "1 van 2" in view.status.text()
    view.search.setText('tag:"besluit nodig"')
    assert view.notes_shown() == [b.uuid]
    view.search.setText("tag:bestaat-niet")
    assert view.notes_shown() == [] and "Geen notities" in view.status.text()
    view.search.clear()
    # a new version of the nota without the quoted sentence: b is orphaned, shown last, not lost
    files[1].write_text(NOTA.replace("Let op: de wethouder van Noordwaarde wil hier een afspraak over maken.\n", ""),
                        encoding="utf-8")
    archive2 = index(tmp / "data2", files)
    store.reattach(archive2)
    view.archive = archive2
    view.refresh()
    assert view.group_titles()[-1] == "Verweesde notities (1)"
    assert view.notes_shown() == [a.uuid, b.uuid]
    view.select_note(b.uuid)
    assert not view.go_button.isEnabled()
    view.delete_current(confirm=False)
    assert view.notes_shown() == [a.uuid]
    archive2.close()


def test_reading_list_read_state_and_last_position(world, qtbot):
    _, _, archive, store = world
    nota = doc_of(archive, "nota")
    e1 = store.queue(N.anchor_document(archive, nota))
    e2 = store.queue(N.anchor_meeting(archive, archive.meetings()[0].id))
    store.remember_position(nota, 1, 6)
    view = ReadingListView(archive, store)
    qtbot.addWidget(view)
    view.show()
    assert view.entries_shown() == [e1.uuid, e2.uuid]
    assert "verder bij regel" not in view.tree.topLevelItem(0).text(0)  # a page was remembered
    assert "verder op p. 1" in view.tree.topLevelItem(0).text(0)
    with qtbot.waitSignal(view.navigate, timeout=1000) as sig:
        view.tree.setCurrentItem(view.tree.topLevelItem(0))
        view.open_button.click()
    assert sig.args[0] == Location("document", nota, page=1, line=6)
    view.tree.topLevelItem(0).setCheckState(0, Qt.Checked)
    assert store.reading_entry(e1.uuid).read
    view.unread_only.setChecked(True)
    assert view.entries_shown() == [e2.uuid]
    assert "1 te lezen, 1 gelezen" in view.status.text()
