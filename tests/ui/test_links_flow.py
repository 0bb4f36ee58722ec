"""Follow a linked item in the real window and come back with Back (seeds indexed).

The stuurgroep of 16 June 2020 (seed 000) discusses the informele mentor; the linker links
that item to the BO Zorg voor de Jeugd of 24 June 2020 in seed 002 (checked in
tests/archive/test_linking_seeds.py). Here a user opens the stuurgroep meeting, picks an item
with links, clicks a link in "Elders besproken", lands in the other meeting, and goes Back.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from zvdj_viewer.archive import Archive
from zvdj_viewer.ui import i18n
from zvdj_viewer.ui.links_panel import LOC_ROLE
from zvdj_viewer.ui.main_window import MainWindow
from zvdj_viewer.ui.navigation import Location
from zvdj_viewer.ui.settings import Settings


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seeds_dir):
    a = Archive(data_dir=tmp_path_factory.mktemp("links-flow"))
    a.add_folder(str(seeds_dir))
    a.update(workers=2)
    yield a
    a.close()


def _rows_with_locations(tree):
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        it = stack.pop(0)
        if it.data(0, LOC_ROLE) is not None:
            yield it
        stack += [it.child(i) for i in range(it.childCount())]


def test_follow_a_link_to_another_meeting_and_back(qtbot, seeded, tmp_path):
    i18n.set_language("nl")
    stuurgroep = next(m for m in seeded.meetings() if m.date == "2020-06-16")
    win = MainWindow(seeded, settings=Settings(str(tmp_path / "s.ini")))
    qtbot.addWidget(win)
    win.show()
    assert win.go(Location("meeting", stuurgroep.id))
    panel = win.meeting_view.links
    # pick, as a user would, the first item whose panel offers a link to another meeting
    for row in stuurgroep.items:
        if not row.number:
            continue
        win.meeting_view.choose_item(row.number)
        targets = [it for it in _rows_with_locations(panel.tree)
                   if it.data(0, LOC_ROLE).kind == "meeting" and it.data(0, LOC_ROLE).target != stuurgroep.id]
        if targets:
            break
    else:
        pytest.fail("no item of the 16 June stuurgroep links to another meeting")
    here = win.history.current
    item = targets[0]
    target = item.data(0, LOC_ROLE)
    rect = panel.tree.visualItemRect(item)
    qtbot.mouseClick(panel.tree.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: win.history.current is not None and win.history.current.target == target.target,
                    timeout=3000)
    assert win.stack.currentWidget() is win.meeting_view
    assert win.meeting_view.location().target == target.target
    win.act_back.trigger()
    assert win.history.current.target == stuurgroep.id
    assert win.history.current.item == here.item
    assert win.meeting_view.location().target == stuurgroep.id


# Seed 002's BO Zorg voor de Jeugd of 25 September 2019 has item 4c "Voortgang Actielijn 2 ('zo
# thuis mogelijk')"; seed 001, the fifth voortgangsrapportage, has the section "Actielijn 2:
# Meer kinderen zo thuis mogelijk laten opgroeien" (tests/archive/test_linking_seeds.py).
def test_item_shows_the_report_section_and_opens_it(qtbot, seeded, tmp_path):
    i18n.set_language("nl")
    meeting = next(m for m in seeded.meetings() if m.date == "2019-09-25")
    report = next(d for d in seeded.documents() if d.type == "voortgangsrapportage")
    win = MainWindow(seeded, settings=Settings(str(tmp_path / "s.ini")))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    assert win.go(Location("meeting", meeting.id))
    win.meeting_view.choose_item("4c")
    panel = win.meeting_view.links
    rows = [it for it in _rows_with_locations(panel.tree)
            if it.data(0, LOC_ROLE).kind == "document" and it.data(0, LOC_ROLE).target == report.id]
    assert rows and "Actielijn 2" in rows[0].text(0)
    assert "punt Actielijn" not in rows[0].text(0)  # a section of the report, not an agenda item
    panel.tree.scrollToItem(rows[0])
    rect = panel.tree.visualItemRect(rows[0])
    qtbot.mouseClick(panel.tree.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: win.history.current is not None and win.history.current.target == report.id,
                    timeout=3000)
    assert win.stack.currentWidget() is not win.meeting_view
    win.act_back.trigger()
    assert win.history.current.target == meeting.id


def test_a_decision_shows_its_label_once(qtbot, sample):
    """The verslag prints "Afspraak: ..."; the panel puts the label in front itself, so it
    must not read "Afspraak: Afspraak: ..." (seen on a 1280x800 screenshot)."""
    from zvdj_viewer.ui.links_panel import LinksPanel

    panel = LinksPanel(sample)
    qtbot.addWidget(panel)
    panel.resize(320, 600)
    meeting = next(m for m in sample.meetings() if any(sample.decisions(r.verslag.document, r.verslag.number)
                                                       for r in m.items if r.verslag))
    row = next(r for r in meeting.items if r.verslag and sample.decisions(r.verslag.document, r.verslag.number))
    refs = [(x.document, x.number) for x in (row.agenda, row.nota, row.verslag) if x]
    panel.show_item(refs, row.title, meeting=meeting.id)
    texts = []

    def walk(item):
        texts.append(item.text(0))
        for i in range(item.childCount()):
            walk(item.child(i))

    for i in range(panel.tree.topLevelItemCount()):
        walk(panel.tree.topLevelItem(i))
    decided = [t for t in texts if t.split(":")[0] in ("Afspraak", "Actie", "Besluit")]
    assert decided, texts
    assert not [t for t in decided if t.count(t.split(":")[0] + ":") > 1], decided


def test_a_report_section_is_a_link_end_in_the_report_itself(qtbot, seeded, tmp_path):
    """Following the link from item 4c lands on the section "Actielijn 2" of the report, not on
    its first page: the outline lists the report's sections, the one linked is chosen, the
    reading text is at its heading and "Elders besproken" shows the section's own links (back
    to the meeting's item). Choosing another section in the outline with the keyboard shows
    that section's links."""
    from zvdj_viewer.ui.document_view import block_at_top

    i18n.set_language("nl")
    meeting = next(m for m in seeded.meetings() if m.date == "2019-09-25")
    report = next(d for d in seeded.documents() if d.type == "voortgangsrapportage")
    win = MainWindow(seeded, settings=Settings(str(tmp_path / "s.ini")))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    assert win.go(Location("meeting", meeting.id))
    win.meeting_view.choose_item("4c")
    panel = win.meeting_view.links
    row = next(it for it in _rows_with_locations(panel.tree)
               if it.data(0, LOC_ROLE).kind == "document" and it.data(0, LOC_ROLE).target == report.id)
    panel.tree.scrollToItem(row)
    qtbot.mouseClick(panel.tree.viewport(), Qt.LeftButton, pos=panel.tree.visualItemRect(row).center())
    qtbot.waitUntil(lambda: win.history.current is not None and win.history.current.target == report.id,
                    timeout=3000)
    view = win.document_view
    current = view.outline.currentItem()
    assert current is not None and current.text(0).startswith("Actielijn 2")
    def top() -> str:
        return view.text.document().findBlockByNumber(block_at_top(view.text)).text()

    qtbot.waitUntil(lambda: "Actielijn 2" in top(), timeout=2000)
    timeline = view.links.tree.topLevelItem(1)
    own = [timeline.child(i).text(0) for i in range(timeline.childCount())
           if "(dit document)" in timeline.child(i).text(0)]
    assert len(own) == 1 and "Meer kinderen" in own[0].replace("\n", " "), own
    back = [it.data(0, LOC_ROLE) for it in _rows_with_locations(view.links.tree)]
    assert Location("meeting", meeting.id, item="4c") in back or any(
        loc.kind == "meeting" and loc.target == meeting.id for loc in back), back
    # another section, chosen in the outline with the keyboard
    nodes = view._outline_items()
    other = next(n for n in nodes if n.text(0).startswith("Actielijn 4"))
    view.outline.setFocus()
    view.outline.setCurrentItem(other)
    qtbot.keyClick(view.outline, Qt.Key_Return)
    assert view.links.subtitle.text().startswith("Actielijn 4")
    qtbot.waitUntil(lambda: "Actielijn 4" in top(), timeout=2000)
