"""A "✎" before the agenda items that carry a note, in the meeting's item strip and in the
document outline, appearing as soon as the note is added through the Notities menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from zvdj_viewer.archive import Archive
from zvdj_viewer.notes import NoteStore
from zvdj_viewer.resources import SAMPLE_ARCHIVE
from zvdj_viewer.ui import i18n, note_dialog
from zvdj_viewer.ui.main_window import MainWindow
from zvdj_viewer.ui.navigation import Location
from zvdj_viewer.ui.note_marks import NOTE_MARK
from zvdj_viewer.ui.settings import Settings


def open_window(qtbot, tmp_path, folder):
    """The window at 1280x800 on an archive of one folder, with a notes store."""
    i18n.set_language("nl")
    archive = Archive(data_dir=tmp_path / "data")
    archive.add_folder(str(folder))
    archive.update(workers=0)
    win = MainWindow(archive, settings=Settings(str(tmp_path / "s.ini")), notes_store=NoteStore.for_archive(archive))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def window(qtbot, tmp_path):
    win = open_window(qtbot, tmp_path, SAMPLE_ARCHIVE)
    yield win
    win.stop_background()
    win.archive.close()


def strip_labels(win) -> dict[str, str]:
    items = win.meeting_view.items
    return {items.item(i).data(win.meeting_view.ROW_ROLE): items.item(i).text() for i in range(items.count())}


def test_an_item_with_a_note_is_marked_in_the_strip_and_the_outline(window, qtbot, monkeypatch):
    meeting = next(m for m in window.archive.meetings() if m.date == "2021-06-24")
    assert window.go(Location("meeting", meeting.id))
    assert not any(t.startswith(NOTE_MARK) for t in strip_labels(window).values())
    strip = window.meeting_view.items
    row = next(i for i in range(strip.count()) if strip.item(i).data(window.meeting_view.ROW_ROLE) == "4")
    qtbot.mouseClick(strip.viewport(), Qt.LeftButton, pos=strip.visualItemRect(strip.item(row)).center())
    assert window.meeting_view.item == "4"

    monkeypatch.setattr(note_dialog.NoteDialog, "exec", lambda dlg: (dlg.body.setPlainText("Navragen."), QDialog.Accepted)[1])
    window.act_note.trigger()
    labels = strip_labels(window)
    assert labels["4"].startswith(NOTE_MARK)
    assert [n for n, t in labels.items() if t.startswith(NOTE_MARK)] == ["4"]
    assert "met notitie" in strip.item(row).toolTip()

    # the agenda of that meeting, opened as a document: its item 4 carries the marker too
    agenda = meeting.items[row].agenda
    assert window.go(Location("document", agenda.document))
    nodes = window.document_view._outline_items()
    marked = [n.text(0) for n in nodes if n.text(0).startswith(NOTE_MARK)]
    assert len(marked) == 1 and marked[0][len(NOTE_MARK):].startswith(agenda.number)


def test_a_page_with_a_note_is_marked_in_the_page_number(qtbot, tmp_path, monkeypatch):
    import pymupdf

    from zvdj_viewer.ui import main_window

    folder = tmp_path / "stukken"
    folder.mkdir()
    pdf = pymupdf.open()
    for i in range(3):  # a fictional three-page report
        pdf.new_page().insert_text((72, 72), f"Voortgangsrapportage pagina {i + 1}: wachttijden jeugdzorg.")
    pdf.save(folder / "rapportage.pdf")
    window = open_window(qtbot, tmp_path, folder)
    archive = window.archive
    (doc,) = archive.documents()
    assert window.go(Location("document", doc.id))
    window.document_view.tabs.setCurrentIndex(1)  # the original pages
    monkeypatch.setattr(main_window, "ask_page", lambda parent, current, first, last: 2)
    window.act_page.trigger()  # Ctrl+G
    label = window.document_view.page_label
    assert label.text() == "pagina 2 van 3"

    monkeypatch.setattr(note_dialog.NoteDialog, "exec", lambda dlg: (dlg.body.setPlainText("Zie tabel."), QDialog.Accepted)[1])
    window.act_note.trigger()
    assert label.text().startswith(NOTE_MARK + "pagina 2 van")
    assert label.toolTip() == "Op deze pagina staat een notitie"

    monkeypatch.setattr(main_window, "ask_page", lambda parent, current, first, last: 1)
    window.act_page.trigger()  # Ctrl+G
    assert label.text().startswith("pagina 1 van") and not label.toolTip()
    window.stop_background()
    archive.close()


def test_deleting_a_note_clears_its_marks_at_once(qtbot, tmp_path, monkeypatch):
    """A note on an item on page 2 of a PDF agenda, deleted in "Mijn notities" with the Delete
    key: the "✎" leaves the open meeting's strip and, in the agenda, its outline and page number."""
    import pymupdf
    from PySide6.QtWidgets import QMessageBox

    folder = tmp_path / "stukken"
    folder.mkdir()
    pdf = pymupdf.open()  # a fictional agenda of two pages
    page = pdf.new_page()
    for i, line in enumerate(["Agenda", "Betreft Bestuurlijk Overleg Rijk-VNG", "Vergaderdatum en -tijd 4 maart 2021 10:00-11:00",
                              "Vergaderplaats Den Haag", "1 Opening", "2 Verslag vorige vergadering"]):
        page.insert_text((72, 72 + 16 * i), line)
    page = pdf.new_page()
    for i, line in enumerate(["3 Wachttijden jeugdzorg", "4 Rondvraag"]):
        page.insert_text((72, 72 + 16 * i), line)
    pdf.save(folder / "agenda-bo-2021-03-04.pdf")
    window = open_window(qtbot, tmp_path, folder)
    try:
        archive = window.archive
        meeting = next(m for m in archive.meetings() if any(r.number == "3" for r in m.items))
        row = next(r for r in meeting.items if r.number == "3")
        assert window.go(Location("meeting", meeting.id))
        window.meeting_view.choose_item("3")
        monkeypatch.setattr(note_dialog.NoteDialog, "exec",
                            lambda dlg: (dlg.body.setPlainText("Cijfers opvragen."), QDialog.Accepted)[1])
        window.act_note.trigger()  # Ctrl+N on item 3
        assert strip_labels(window)["3"].startswith(NOTE_MARK)

        # the agenda opened at its page 2: the item and the page carry the mark
        assert window.go(Location("document", row.agenda.document, item="3"))
        view = window.document_view
        view.tabs.setCurrentIndex(1)
        view.show_document_page(2)
        assert any(n.text(0).startswith(NOTE_MARK) for n in view._outline_items())
        assert view.page_label.text().startswith(NOTE_MARK)

        # delete it in "Mijn notities" with the Delete key, confirmed
        window.side.setCurrentWidget(window.notes_view)
        tree = window.notes_view.tree
        head = tree.topLevelItem(0)
        tree.setCurrentItem(head.child(0))
        tree.setFocus()
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        qtbot.keyClick(tree, Qt.Key.Key_Delete)
        assert window.notes_store.notes() == []
        assert not any(n.text(0).startswith(NOTE_MARK) for n in view._outline_items())
        assert not view.page_label.text().startswith(NOTE_MARK) and not view.page_label.toolTip()
        # the meeting view behind it was cleared too (Back shows it as it stands)
        assert not any(t.startswith(NOTE_MARK) for t in strip_labels(window).values())
        window.act_back.trigger()
        assert window.stack.currentWidget() is window.meeting_view
        assert not any(t.startswith(NOTE_MARK) for t in strip_labels(window).values())
    finally:
        window.stop_background()
        window.archive.close()
