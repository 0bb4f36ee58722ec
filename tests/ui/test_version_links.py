"""Other versions of a document in "Elders besproken" (issue 20): stored at relink as links
of kind "version", shown with their similarity when the document opens, and followed with a
click; Back returns. Two releases of one fictional nota, written here, at 1280x800."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from zvdj_viewer.archive import Archive
from zvdj_viewer.ui import i18n
from zvdj_viewer.ui.links_panel import LOC_ROLE
from zvdj_viewer.ui.main_window import MainWindow
from zvdj_viewer.ui.navigation import Location
from zvdj_viewer.ui.settings import Settings

BODY = "\n".join(f"Punt {i}: de regio bespreekt de inkoop van jeugdhulp en de wachttijden in gemeente {i}."
                 for i in range(40))


@pytest.fixture()
def two_releases(tmp_path):
    folder = tmp_path / "archief"
    folder.mkdir()
    (folder / "a-concept.txt").write_text("Nota over de inkoop\n\n" + BODY + "\n", encoding="utf-8")
    (folder / "b-definitief.txt").write_text(
        "Nota over de inkoop\n\n" + BODY + "\nPunt 41: het besluit volgt in het voorjaar.\n", encoding="utf-8")
    (folder / "c-anders.txt").write_text("Brief over iets anders\n\n" + " ".join(f"woord{i}" for i in range(300)),
                                         encoding="utf-8")
    a = Archive(data_dir=tmp_path / "data")
    a.add_folder(str(folder))
    a.update(workers=1)
    yield a
    a.close()


def _link_rows(tree):
    for i in range(tree.topLevelItemCount()):
        sec = tree.topLevelItem(i)
        for j in range(sec.childCount()):
            if sec.child(j).data(0, LOC_ROLE) is not None:
                yield sec.child(j)


def test_document_shows_its_other_version_and_opens_it(qtbot, two_releases, tmp_path):
    i18n.set_language("nl")
    a = two_releases
    by_name = {d.source.rsplit("/", 1)[-1]: d.id for d in a.documents()}
    win = MainWindow(a, settings=Settings(str(tmp_path / "s.ini")))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    assert win.go(Location("document", by_name["b-definitief.txt"]))
    panel = win.document_view.links
    rows = list(_link_rows(panel.tree))
    assert len(rows) == 1, [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]
    text = rows[0].data(0, Qt.ItemDataRole.UserRole + 2)
    assert text.startswith("Andere versie") and "Nota over de inkoop" in text and "% van de tekst komt overeen" in text
    assert rows[0].data(0, LOC_ROLE) == Location("document", by_name["a-concept.txt"])
    panel.tree.scrollToItem(rows[0])
    qtbot.mouseClick(panel.tree.viewport(), Qt.LeftButton, pos=panel.tree.visualItemRect(rows[0]).center())
    qtbot.waitUntil(lambda: win.history.current is not None
                    and win.history.current.target == by_name["a-concept.txt"], timeout=3000)
    assert win.stack.currentWidget() is win.document_view
    # from the concept, the later version is listed the same way (the link is stored once)
    back_rows = list(_link_rows(panel.tree))
    assert [r.data(0, LOC_ROLE) for r in back_rows] == [Location("document", by_name["b-definitief.txt"])]
    win.act_back.trigger()
    assert win.history.current.target == by_name["b-definitief.txt"]
    # the unrelated letter has no version (and no items)
    assert win.go(Location("document", by_name["c-anders.txt"]))
    assert list(_link_rows(panel.tree)) == []
    # a document without items: no hint to choose one, but a word that nothing was found (issue 21)
    assert panel.subtitle.text() == "Niets elders gevonden dat bij dit document hoort"
