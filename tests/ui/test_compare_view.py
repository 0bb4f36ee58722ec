"""The compare view, driven as a user would: pick two fictional versions of a nota, read the
summary, step through the changes with F7 / Shift+F7, open a change in its document, switch
options, and export the comparison as HTML and PDF."""

import pymupdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from woo_fixtures import RELEASED, TextArchive, doc_id, woo_archive  # noqa: F401  (fixture)
from zvdj_viewer.ui.compare_view import CompareView, aligned_rows
from zvdj_viewer.woo.compare import compare


@pytest.fixture
def view(qtbot, woo_archive):
    v = CompareView(woo_archive)
    qtbot.addWidget(v)
    v.resize(1300, 700)
    v.show()
    qtbot.waitExposed(v)
    return v


def _ids(archive):
    return doc_id(archive, "nota-concept"), doc_id(archive, "nota-2020")


def test_aligned_rows_pair_lines_and_hold_each_change_once():
    cmp = compare("Eerste regel.\nDe gemeente betaalt.\nLaatste regel.",
                  "Eerste regel.\nDe provincie betaalt.\nNieuwe regel.\nLaatste regel.")
    rows = aligned_rows(cmp)
    changes = [c for r in rows for c in r.changes]
    assert changes == list(range(len(cmp.changes))) and len(cmp.changes) == 2
    first = rows[0]
    assert first.a == first.b == ["Eerste", "regel."] and not first.changes
    changed = next(r for r in rows if r.changes == [0])
    assert "gemeente" in " ".join(changed.a) and "provincie" in " ".join(changed.b)
    assert "line-through" in " ".join(changed.a)
    # the inserted line has its own row, with the insertion point marked on the A side
    inserted = next(r for r in rows if r.changes == [1])
    assert "Nieuwe" in " ".join(inserted.b) and "‸" in " ".join(inserted.a)
    assert rows[-1].a == rows[-1].b == ["Laatste", "regel."]


def test_pick_two_versions_and_step_through_changes(view, woo_archive, qtbot):
    concept, released = _ids(woo_archive)
    # the user picks A and B in the pickers and clicks Vergelijk
    view.combo_a.setCurrentIndex(view.combo_a.findData(concept))
    view.combo_b.setCurrentIndex(view.combo_b.findData(released))
    qtbot.mouseClick(view.compare_button, Qt.LeftButton)
    assert view.result is not None and (view.result.a, view.result.b) == (concept, released)
    # made in the fixture: "(concept)" left out of the title, a name and an e-mail address
    # redacted, "geld" became "middelen"
    assert view.summary_label.text().startswith("4 wijzigingen, 2 lakkingen verschillen")
    assert view.change_list.count() == 4
    changes = view.result.comparison.changes
    assert [(c.a_words, c.b_words) for c in changes[1:3]] == [("Pieter Bakker", "10.2.e"), ("geld", "middelen")]
    assert "lakking" in view.change_list.item(1).text() and "lakking" not in view.change_list.item(2).text()
    # both sides are in the one aligned table: the changed words sit in the same row
    row = next(r for r in view.rows if 1 in r.changes)
    assert "Pieter Bakker" in " ".join(row.a) and "10.2.e" in " ".join(row.b)

    view.text.setFocus()
    qtbot.keyClick(view.text, Qt.Key_F7)
    assert view.current == 0 and view.position_label.text() == "wijziging 1 van 4"
    qtbot.keyClick(view.text, Qt.Key_F7)
    assert view.current == 1 and view.change_list.currentRow() == 1
    assert view.change_visible(1)
    marked = {view.text.toPlainText()[s:e] for s, e in
              ((sel.cursor.selectionStart(), sel.cursor.selectionEnd()) for sel in view.text.extraSelections())}
    assert marked == {"Pieter Bakker", "10.2.e"}
    qtbot.keyClick(view.text, Qt.Key_F7, Qt.ShiftModifier)
    assert view.current == 0
    qtbot.keyClick(view.text, Qt.Key_F7, Qt.ShiftModifier)
    assert view.current == 3  # wraps to the last change
    qtbot.mouseClick(view.next_button, Qt.LeftButton)
    assert view.current == 0
    # choosing in the change list moves the text too
    view.change_list.setCurrentRow(2)
    assert view.current == 2 and view.position_label.text() == "wijziging 3 van 4"


def test_open_a_change_in_its_document(view, woo_archive, qtbot):
    concept, released = _ids(woo_archive)
    assert view.compare(concept, released)
    view.go_to_change(1)
    with qtbot.waitSignal(view.navigate) as sig:
        qtbot.mouseClick(view.open_b_button, Qt.LeftButton)
    loc = sig.args[0]
    line = next(n for n, t in enumerate(RELEASED.splitlines(), 1) if t.startswith("Contactpersoon"))
    assert (loc.kind, loc.target, loc.line, loc.page, loc.query) == ("document", released, line, None, "10.2.e")
    with qtbot.waitSignal(view.navigate) as sig:
        view.open_change("a")
    assert (sig.args[0].target, sig.args[0].line, sig.args[0].query) == (concept, line, "Pieter Bakker")
    # the first change is a deletion: by default it opens where the words were (A)
    view.go_to_change(0)
    assert view.change_location().target == concept


def test_swap_and_wrong_choices(view, woo_archive):
    concept, released = _ids(woo_archive)
    view.compare(concept, released)
    view.swap()
    assert (view.result.a, view.result.b) == (released, concept)
    assert view.result.comparison.changes[0].op == "insert"  # "(concept)" is now added in B
    assert not view.compare(concept, concept)
    assert view.summary_label.text() == "Kies twee verschillende documenten."
    assert view.change_list.count() == 0 and not view.html_button.isEnabled()
    assert not view.run("d404", concept)
    assert "d404" in view.summary_label.text()


def test_ignore_case_and_page_furniture_options(qtbot):
    archive = TextArchive({
        "a": [("Pagina 1 van 2", True), ("De Gemeente betaalt de kosten.", False)],
        "b": [("Pagina 1 van 3", True), ("de gemeente betaalt de kosten.", False)],
    })
    v = CompareView(archive)
    qtbot.addWidget(v)
    assert v.furniture_box.isChecked()  # furniture is left out by default
    v.compare("a", "b")
    assert v.change_count() == 1  # De Gemeente / de gemeente
    v.case_box.setChecked(True)  # re-runs the comparison
    assert v.change_count() == 0
    assert v.summary_label.text() == "Geen verschillen: de teksten zijn gelijk."
    v.furniture_box.setChecked(False)
    assert v.change_count() == 1
    assert (v.result.comparison.changes[0].a_words, v.result.comparison.changes[0].b_words) == ("2", "3")


def test_export_html_and_pdf(view, woo_archive, tmp_path, monkeypatch):
    concept, released = _ids(woo_archive)
    view.compare(concept, released)
    html_path = tmp_path / "vergelijking.html"
    assert view.export_html(str(html_path)) is None
    page = html_path.read_text(encoding="utf-8")
    assert '<del class="replace">Pieter</del>' in page and '<ins class="replace">10.2.e</ins>' in page
    assert "4 wijzigingen, 2 lakkingen verschillen" in page

    # PDF through the save dialog, as the user would: no suffix typed
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "vergelijking"), "")))
    path = view.export_pdf_dialog()
    assert path == str(tmp_path / "vergelijking.pdf")
    with pymupdf.open(path) as pdf:
        assert pdf.page_count >= 1
        assert pdf[0].rect.width > pdf[0].rect.height  # landscape: two columns
        text = " ".join(p.get_text() for p in pdf)
    assert "Vergelijking" in text and "4 wijzigingen" in text
    assert "Pieter Bakker" in text and "middelen" in text and "Rondvraag" in text


def test_export_to_unwritable_place_says_why(view, woo_archive, tmp_path):
    concept, released = _ids(woo_archive)
    view.compare(concept, released)
    error = view.export_html(str(tmp_path / "bestaat-niet" / "v.html"))
    assert error and "bestaat-niet" in error
