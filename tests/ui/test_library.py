"""The library on the built-in sample archive: meetings by series and year, the other
documents in type folders that list their documents when opened or when the filter is used
(a large archive has tens of thousands: they are not all built at start)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from zvdj_viewer.archive import Archive
from zvdj_viewer.resources import SAMPLE_ARCHIVE
from zvdj_viewer.ui import i18n
from zvdj_viewer.ui.library import _LOC, Library


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    a = Archive(data_dir=tmp_path_factory.mktemp("lib"))
    a.add_folder(str(SAMPLE_ARCHIVE))
    a.update(workers=1)
    yield a
    a.close()


def _top(lib, label):
    tree = lib.tree
    return next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).text(0).startswith(label))


def _docs_under(item):
    out = []
    for i in range(item.childCount()):
        c = item.child(i)
        loc = c.data(0, _LOC)
        if loc is not None:
            out.append(loc)
        out += _docs_under(c)
    return out


def test_other_documents_are_listed_when_their_folder_opens(qtbot, sample):
    i18n.set_language("nl")
    lib = Library(sample)
    qtbot.addWidget(lib)
    others = _top(lib, "Overige documenten")
    outside = sample.documents(outside_meetings=True)
    assert outside, "the sample archive has a Kamerbrief outside any meeting"
    folders = [others.child(i) for i in range(others.childCount())]
    # the folder says how many documents it holds before any is built
    assert sum(int(f.text(0).rsplit("(", 1)[1].rstrip(")")) for f in folders) == len(outside)
    assert all(f.childCount() == 0 for f in folders)
    letters = next(f for f in folders if f.text(0).startswith("Kamerbrieven"))
    letters.setExpanded(True)  # as a click on the arrow
    listed = _docs_under(letters)
    assert {loc.target for loc in listed} == {d.id for d in outside if d.type == "kamerbrief"}
    # choosing one navigates to it
    with qtbot.waitSignal(lib.navigate) as sig:
        lib.tree.itemClicked.emit(letters.child(0), 0)
    assert sig.args[0].kind == "document" and sig.args[0].target == listed[0].target
    # the meetings are there, by series and year
    meetings = _docs_under(_top(lib, "Vergaderingen"))
    assert {m.target for m in meetings} == {m.id for m in sample.meetings()}


def test_filter_finds_documents_in_folders_not_opened(qtbot, sample):
    lib = Library(sample)
    qtbot.addWidget(lib)
    letter = next(d for d in sample.documents(outside_meetings=True) if d.type == "kamerbrief")
    word = letter.title.split()[0]
    qtbot.keyClicks(lib.filter, word)
    shown = [it for it in _all(lib) if it.data(0, _LOC) is not None and not it.isHidden()]
    assert any(it.data(0, _LOC).target == letter.id for it in shown)
    lib.filter.clear()
    qtbot.keyClicks(lib.filter, "geen-document-heet-zo")
    assert not [it for it in _all(lib) if it.data(0, _LOC) is not None and not it.isHidden()]


def _all(lib):
    stack = [lib.tree.topLevelItem(i) for i in range(lib.tree.topLevelItemCount())]
    while stack:
        it = stack.pop()
        yield it
        stack += [it.child(i) for i in range(it.childCount())]


def test_refresh_keeps_an_opened_folder_open_and_filled(qtbot, sample):
    lib = Library(sample)
    qtbot.addWidget(lib)
    folder = _top(lib, "Overige documenten").child(0)
    folder.setExpanded(True)
    n = folder.childCount()
    assert n > 0
    lib.refresh()
    again = _top(lib, "Overige documenten").child(0)
    assert again.isExpanded() and again.childCount() == n


def test_released_documents_show_their_stamped_number(qtbot, tmp_path):
    # a fictional Woo bundle: two released documents stamped 00001 and 00002 (a PDF we write)
    import pymupdf

    path = tmp_path / "release" / "bundel.pdf"
    path.parent.mkdir()
    doc = pymupdf.open()
    for n, title in ((1, "Notitie over de wachtlijsten"), (2, "Notitie over de regietafel")):
        page = doc.new_page(width=595, height=842)
        page.insert_text((500, 30), f"0000{n}", fontsize=9)
        page.insert_text((60, 120), title, fontsize=16)
        page.insert_text((60, 160), "Tekst van de notitie over het jeugdbeleid in de regio.", fontsize=9)
    doc.save(str(path))
    a = Archive(data_dir=tmp_path / "data")
    a.add_folder(str(path.parent))
    a.update(workers=1)
    try:
        i18n.set_language("nl")
        lib = Library(a)
        qtbot.addWidget(lib)
        lib.resize(1280, 800)
        lib.show()
        qtbot.waitExposed(lib)
        others = _top(lib, "Overige documenten")
        folder = others.child(0)
        lib.tree.setCurrentItem(folder)
        lib.activateWindow()
        lib.tree.setFocus()
        qtbot.keyClick(lib.tree, Qt.Key_Plus)  # open the folder as a person would
        texts = sorted(folder.child(i).text(0) for i in range(folder.childCount()))
        assert [t.split("  ", 1)[1] for t in texts] == ["Notitie over de regietafel  [nr 2]",
                                                        "Notitie over de wachtlijsten  [nr 1]"]
        assert folder.child(0).toolTip(0).endswith(", p. 1") or folder.child(0).toolTip(0).endswith(", p. 2")
    finally:
        a.close()
