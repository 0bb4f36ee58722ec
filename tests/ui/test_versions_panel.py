"""The versions panel: a document's versions are found in the background, listed with their
similarity, and "Vergelijk" asks for the compare view, which then shows the two side by side."""

import pytest
from PySide6.QtCore import Qt

from woo_fixtures import doc_id, woo_archive  # noqa: F401  (fixture)
from zvdj_viewer.ui.compare_view import CompareView
from zvdj_viewer.ui.versions_panel import VersionsPanel
from zvdj_viewer.woo import service


@pytest.fixture
def panel(qtbot, woo_archive):
    p = VersionsPanel(woo_archive)
    qtbot.addWidget(p)
    p.resize(500, 300)
    p.show()
    qtbot.waitExposed(p)
    return p


def test_versions_of_a_nota_and_compare_request(panel, woo_archive, qtbot):
    released, concept = doc_id(woo_archive, "nota-2020"), doc_id(woo_archive, "nota-concept")
    with qtbot.waitSignal(panel.versions_ready, timeout=30000):
        panel.show_document(released)
        assert panel.busy() and panel.label.text() == "Versies zoeken…"
    (other, pair), = panel.rows
    assert other == concept and pair.relation == "version"
    (expected_other, expected), = service.versions_of(woo_archive, released)
    assert (expected_other, expected.similarity) == (concept, pair.similarity)
    assert panel.label.text() == "1 versie"
    assert panel.table.item(0, 0).text().startswith(concept)
    assert panel.table.item(0, 1).text() == f"{round(pair.similarity * 100)}%"
    assert panel.table.item(0, 2).text() == "versie"

    # the user clicks Vergelijk; the main window would open the compare view with the pair
    compare = CompareView(woo_archive)
    qtbot.addWidget(compare)
    panel.compare_requested.connect(compare.compare)
    with qtbot.waitSignal(panel.compare_requested) as sig:
        qtbot.mouseClick(panel.compare_button(0), Qt.LeftButton)
    assert sig.args == [released, concept]
    assert (compare.result.a, compare.result.b) == (released, concept)
    assert compare.summary_label.text().startswith("4 wijzigingen, 2 lakkingen verschillen")

    # double-click opens the other version
    with qtbot.waitSignal(panel.navigate) as sig:
        panel.open_version(0)
    assert (sig.args[0].kind, sig.args[0].target) == ("document", concept)


def test_document_without_versions_and_cache(panel, woo_archive, qtbot):
    pdf = doc_id(woo_archive, "besluit")
    with qtbot.waitSignal(panel.versions_ready, timeout=30000):
        panel.show_document(pdf)
    assert panel.rows == [] and panel.table.rowCount() == 0
    assert panel.label.text() == "Geen andere versies gevonden."
    # the versions are kept: showing another document needs no new search
    panel.show_document(doc_id(woo_archive, "nota-concept"))
    assert not panel.busy() and len(panel.rows) == 1
    panel.show_document(None)
    assert panel.table.rowCount() == 0
    # after indexing the panel looks again
    with qtbot.waitSignal(panel.versions_ready, timeout=30000):
        panel.show_document(pdf)
        panel.refresh()
    assert panel.label.text() == "Geen andere versies gevonden."
