"""The library on the built-in sample archive: meetings by series and year, the other
documents in type folders that list their documents when opened or when the filter is used
(a large archive has tens of thousands: they are not all built at start)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from zvdj_viewer.archive import Archive
from zvdj_viewer.resources import SAMPLE_ARCHIVE
from zvdj_viewer.ui import i18n
from zvdj_viewer.ui.library import Library


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
        loc = c.loc
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
    shown = [it for it in _all(lib) if it.loc is not None and not it.isHidden()]
    assert any(it.loc.target == letter.id for it in shown)
    lib.filter.clear()
    qtbot.keyClicks(lib.filter, "geen-document-heet-zo")
    assert not [it for it in _all(lib) if it.loc is not None and not it.isHidden()]


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


@pytest.fixture(scope="module")
def bundles_only(tmp_path_factory, samples_dir):
    """Two real Woo bundles and nothing else: documents, but no meeting."""
    a = Archive(data_dir=tmp_path_factory.mktemp("bundles"))
    for name in ("Bij-documenten.pdf", "Bes-Besluit-Wob-verzoek-EKV-Mozambique.pdf"):
        a.add_folder(str(samples_dir / "woo-bundles" / name))
    a.update(workers=1)
    assert a.documents() and not a.meetings(), "bundles without agendas, notas or verslagen"
    yield a
    a.close()


def _visible(lib, item) -> bool:
    """Shown on screen: not hidden, every parent open, and a row the tree draws."""
    parent = item.parent()
    while parent is not None:
        if parent.isHidden() or not parent.isExpanded():
            return False
        parent = parent.parent()
    return not item.isHidden() and lib.tree.visualItemRect(item).height() > 0


def test_without_meetings_every_type_is_listed_with_its_count(qtbot, bundles_only):
    i18n.set_language("nl")
    lib = Library(bundles_only)
    qtbot.addWidget(lib)
    lib.resize(400, 800)
    lib.show()
    qtbot.waitExposed(lib)
    others = _top(lib, "Documenten per soort")  # without meetings none is "other"
    folders = [others.child(i) for i in range(others.childCount())]
    counts = bundles_only.document_type_counts()
    assert len(folders) == len(counts)
    for f in folders:  # on screen before anything is typed or opened
        assert _visible(lib, f), f.text(0)
    assert sum(int(f.text(0).rsplit("(", 1)[1].rstrip(")")) for f in folders) == sum(counts.values())
    for f in folders:
        f.setExpanded(True)
    shown = [it for it in _all(lib) if it.loc is not None and _visible(lib, it)]
    assert {it.loc.target for it in shown} >= {d.id for d in bundles_only.documents()}


def test_by_source_file_a_bundle_lists_its_documents_in_order(qtbot, bundles_only):
    lib = Library(bundles_only)
    qtbot.addWidget(lib)
    lib.show()
    files = _top(lib, "Per bronbestand")
    by_name = {files.child(i).text(0): files.child(i) for i in range(files.childCount())}
    per_file = bundles_only.source_document_counts()
    assert set(by_name) == {f"{Path(p).name} ({n})" for p, n in per_file.items()}
    bundle = next(f for name, f in by_name.items() if name.startswith("Bij-documenten.pdf"))
    files.setExpanded(True)
    bundle.setExpanded(True)
    listed = [bundle.child(i).loc.target for i in range(bundle.childCount())]
    assert bundle.child(0).text(0).startswith("p. 1  ")  # where it stands in the bundle
    expected = [d.id for d in bundles_only.documents() if Path(d.source).name == "Bij-documenten.pdf"]
    assert listed == expected and len(listed) > 10
    assert all(_visible(lib, bundle.child(i)) for i in range(bundle.childCount()))
    with qtbot.waitSignal(lib.navigate) as sig:
        lib.tree.itemClicked.emit(bundle.child(2), 0)
    assert sig.args[0].target == expected[2]


def test_500_keystrokes_and_500_refreshes_do_not_abort(qtbot, sample):
    """PySide6 6.12 on CPython 3.11 drops a reference to None on every Qt call that returns
    None (item data() of an empty role, every void method); the library makes many of those
    per row on each keystroke and refresh and the app aborted ("none_dealloc") after some
    tens. None must keep far more references than the run can lose (ui/pyside_guard.py), or,
    with a PySide6 that does not lose them (6.11.3, the pinned ones), keep what it had."""
    import sys

    start = sys.getrefcount(None)

    def safe() -> bool:  # the bug loses some 500 a keystroke; the count itself wavers by far less
        now = sys.getrefcount(None)
        return now > 1_000_000 or now >= start - 5000

    lib = Library(sample)
    qtbot.addWidget(lib)
    lib.show()
    for it in list(_all(lib)):
        it.setExpanded(True)  # every folder listed: the most rows to look at
    assert sum(1 for _ in _all(lib)) > 20
    words = "wachttijden jeugdhulp verslag 2021 gemeenten "
    for n in range(500):
        qtbot.keyClick(lib.filter, words[n % len(words)])
        if n % 40 == 39:
            lib.filter.clear()
        if n % 50 == 49:  # checked on the way: the bug would abort the run before its end
            assert safe(), f"None is about to be freed after {n + 1} keys"
    lib.filter.clear()
    for n in range(500):
        lib.refresh()
        if n % 50 == 49:
            assert safe(), f"None is about to be freed after {n + 1} refreshes"
    assert lib.count_meetings() == len(sample.meetings())


def test_the_guard_is_on_where_pyside_loses_references_to_none():
    import sys

    import PySide6

    from zvdj_viewer.ui import pyside_guard

    assert pyside_guard.needs_guard((6, 12, 0), (3, 11, 7))
    assert not pyside_guard.needs_guard((6, 11, 3), (3, 11, 7))
    assert not pyside_guard.needs_guard((6, 12, 0), (3, 12, 1))
    if pyside_guard.needs_guard(PySide6.__version_info__, sys.version_info):
        assert pyside_guard.protect_none() and sys.getrefcount(None) > pyside_guard.SPARE_REFERENCES // 2


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
        others = _top(lib, "Documenten per soort")  # no meetings: every type listed
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
