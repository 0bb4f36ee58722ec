"""The meeting view driven as a user would: open a meeting, pick an item, follow a link, Back."""

import time

import pytest

from viewer_fakes import FakeArchive
from zvdj_viewer.ui.meeting_view import MeetingView
from zvdj_viewer.ui.navigation import History, Location


@pytest.fixture
def archive(tmp_path):
    return FakeArchive(tmp_path / "archief")


@pytest.fixture
def view(qtbot, archive):
    v = MeetingView(archive)
    qtbot.addWidget(v)
    v.resize(1300, 700)
    v.show()
    qtbot.waitExposed(v)
    return v


def tops(view):
    return {role: col.item_at_top() for role, col in view.columns.items()}


def test_picking_an_item_moves_all_three_columns(view, qtbot):
    t0 = time.perf_counter()
    assert view.open(Location("meeting", "m2"))
    print(f"open meeting view: {(time.perf_counter() - t0) * 1000:.0f} ms")
    assert view.items.count() == 5
    assert tops(view) == {"agenda": "1", "nota": "1", "verslag": "1"}
    # the user clicks item 4 in the strip on top
    row = next(i for i in range(view.items.count()) if view.items.item(i).text().startswith("4"))
    rect = view.items.visualItemRect(view.items.item(row))
    qtbot.mouseClick(view.items.viewport(), pytest.importorskip("PySide6.QtCore").Qt.LeftButton, pos=rect.center())
    assert view.item == "4"
    assert tops(view) == {"agenda": "4", "nota": "4", "verslag": "4"}
    view.choose_item("2")
    assert tops(view) == {"agenda": "2", "nota": "2", "verslag": "2"}
    assert view.location() == Location("meeting", "m2", item="2")


def test_missing_documents_show_as_missing_and_columns_hide_and_move(view, qtbot):
    view.open(Location("meeting", "m1", item="3"))
    assert view.columns["agenda"].doc is None and view.columns["nota"].doc is None
    assert "Geen agenda" in view.columns["agenda"].text.toPlainText()
    assert view.columns["verslag"].doc.id == "d9"
    view.set_column_visible("nota", False)
    assert view.columns["nota"].isHidden() and not view.role_boxes["nota"].isChecked()
    assert view.visible_order() == ["agenda", "verslag"]
    view.move_column_left("verslag")
    assert view.order == ["agenda", "verslag", "nota"]
    assert view.split.indexOf(view.columns["verslag"]) == 1
    view.role_boxes["nota"].setChecked(True)
    assert view.columns["nota"].isVisible()


def test_original_text_switch_shows_page_furniture(view):
    view.open(Location("meeting", "m2", item="3"))
    nota = view.columns["nota"].text
    assert "Pagina 2 van 3" not in nota.toPlainText()
    view.original_box.setChecked(True)
    assert "Pagina 2 van 3" in nota.toPlainText()
    assert view.columns["nota"].item_at_top() == "3"  # still at the chosen item


def test_follow_a_link_and_come_back_with_back(view, qtbot):
    history = History()
    opened = []

    def go(loc):
        history.visit(loc)
        view.open(loc)
        opened.append(loc)

    view.navigate.connect(go)
    go(Location("meeting", "m2", item="3"))
    targets = view.links.locations()
    assert Location("meeting", "m1", item="3") in targets
    # click the linked item in "Elders besproken"
    tree = view.links.tree
    sec = tree.topLevelItem(0)
    child = next(sec.child(i) for i in range(sec.childCount()) if "14 januari 2020" in sec.child(i).text(0))
    assert "wachttijden jeugdhulp" in child.text(0)  # the evidence words are shown
    tree.scrollToItem(child)
    from PySide6.QtCore import Qt

    qtbot.mouseClick(tree.viewport(), Qt.LeftButton, pos=tree.visualItemRect(child).center())
    assert view.meeting.id == "m1" and view.item == "3"
    assert view.columns["verslag"].doc.id == "d9"
    back = history.back()
    view.open(back)
    assert view.meeting.id == "m2" and view.item == "3"
    assert tops(view)["verslag"] == "3"
    assert history.can_forward()


def test_unknown_meeting_is_reported(view):
    assert not view.open(Location("meeting", "m404"))
    assert "m404" in view.heading.text()


def test_real_archive_meeting(qtbot, tmp_path):
    from viewer_fakes import write_files
    from zvdj_viewer.archive import Archive

    folder = tmp_path / "archief"
    write_files(folder)
    with Archive(tmp_path / "data") as a:
        a.add_folder(folder)
        a.update(workers=1)
        meetings = a.meetings()
        assert meetings, "the three documents of 12 March 2020 should form a meeting"
        m = max(meetings, key=lambda m: len(m.documents))
        v = MeetingView(a)
        qtbot.addWidget(v)
        v.resize(1300, 700)
        v.show()
        v.open(Location("meeting", m.id))
        numbers = [r.number for r in m.items]
        assert "3" in numbers
        v.choose_item("3")
        moved = {r: c.item_at_top() for r, c in v.columns.items() if c.doc is not None}
        assert moved and all(n == "3" for n in moved.values()), moved


HEADER = """Betreft: Bestuurlijk overleg Proefregio
Vergaderdatum en -tijd: 12 maart 2020, 10:00 - 11:30 uur
"""
TWO_NOTAS = {
    "agenda.md": "# Agenda Bestuurlijk Overleg Proefregio\n\n" + HEADER
    + "\n## 1) Opening\n\n## 2) Wachttijden in de jeugdhulp\n\n## 3) Regionale samenwerking\n\n## 4) Rondvraag\n",
    # filed first, and short: one annotation only
    "a-nota-kort.md": "# Nota voor het Bestuurlijk Overleg Proefregio\n\n" + HEADER
    + "\nAnnotatie ad 1) Opening\nU opent de vergadering.\n",
    "b-nota-lang.md": "# Nota voor het Bestuurlijk Overleg Proefregio\n\n" + HEADER
    + "\nAnnotatie ad 1) Opening\nU opent de vergadering.\n"
    + "\nAnnotatie ad 2) Wachttijden in de jeugdhulp\nDe wachttijden lopen op in vier regio's.\n"
    + "\nAnnotatie ad 3) Regionale samenwerking\nDe regionale inkoop ligt op schema.\n"
    + "\nAnnotatie ad 4) Rondvraag\nGeen punten.\n",
}


def test_with_two_notas_the_column_shows_the_one_the_core_aligned(qtbot, tmp_path):
    from zvdj_viewer.archive import Archive
    from zvdj_viewer.ui import i18n

    folder = tmp_path / "stukken"
    folder.mkdir()
    for name, text in TWO_NOTAS.items():
        (folder / name).write_text(text, encoding="utf-8")
    a = Archive(data_dir=tmp_path / "data")
    try:
        a.add_folder(str(folder))
        a.update(workers=0)
        (m,) = a.meetings()
        assert len(m.documents.get("nota", [])) == 2, m.documents
        aligned = {r.nota.document for r in m.items if r.nota is not None}
        assert len(aligned) == 1 and a.document(aligned.pop()).source.endswith("b-nota-lang.md")
        assert m.columns["nota"][0] == m.items[1].nota.document  # the core says which fills the column
        i18n.set_language("nl")
        view = MeetingView(a)
        qtbot.addWidget(view)
        view.resize(1280, 800)
        view.show()
        assert view.open(Location("meeting", m.id))
        nota = view.columns["nota"]
        assert nota.doc.source.endswith("b-nota-lang.md")
        view.choose_item("2")
        assert nota.note.text() == "" and nota.item_at_top() == "2"
    finally:
        a.close()
