"""A malformed query typed in the search panel (issue 16, point 11): the panel says what is
wrong instead of showing results for another question, and a listing by type works on an
index whose segments have no dated unit."""

from __future__ import annotations

import pytest

from zvdj_viewer.archive import Archive
from zvdj_viewer.ui import i18n
from zvdj_viewer.ui.main_window import MainWindow
from zvdj_viewer.ui.settings import Settings


@pytest.fixture
def window(qtbot, tmp_path):
    i18n.set_language("nl")
    folder = tmp_path / "archief"
    folder.mkdir()
    for i in range(2):  # undated notes, each in its own index batch: segments without a date column
        (folder / f"notitie{i}.txt").write_text(f"Een notitie over de kwispelstaartregeling {i}.\n", encoding="utf-8")
        with Archive(tmp_path / "data") as a:
            a.add_folder(folder)
            a.update(workers=0)
    archive = Archive(data_dir=tmp_path / "data")
    win = MainWindow(archive, settings=Settings(str(tmp_path / "settings.ini")))
    win.resize(1280, 800)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.indexer.cancel()
    win.indexer.wait()
    archive.close()


@pytest.mark.parametrize("query, says", [("date:2020-13-45", "no such month"), ('"kwispelstaartregeling', "not closed"),
                                         ("date:[2020 to", "no closing"), ("**", "too many words")])
def test_a_malformed_query_is_explained_in_the_panel(qtbot, window, query, says):
    window.focus_search()
    qtbot.keyClicks(window.search.field, query)
    qtbot.waitUntil(lambda: says in window.search.results.toPlainText(), timeout=5000)
    assert window.search.last_hits == []


def test_a_listing_of_undated_documents_by_type(qtbot, window):
    window.focus_search()
    window.search.type_box.setCurrentIndex(window.search.type_box.findData("other"))
    window.search.run()
    assert len(window.search.last_hits) == 2
