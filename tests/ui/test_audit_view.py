"""The redaction audit view on the fictional Woo archive: run it (in the background, with a busy
bar), read the codes and the findings, filter per check, open a finding at its page, export the
findings as CSV; narrow the scope to a meeting and a document. Also the inventory export."""

import csv
import io

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from woo_fixtures import doc_id, woo_archive  # noqa: F401  (fixture)
from zvdj_viewer.ui.audit_view import AuditView
from zvdj_viewer.ui.woo_actions import export_inventory


@pytest.fixture
def view(qtbot, woo_archive):
    v = AuditView(woo_archive)
    qtbot.addWidget(v)
    v.resize(1300, 700)
    v.show()
    qtbot.waitExposed(v)
    return v


def _run(view, qtbot):
    with qtbot.waitSignal(view.audit_done, timeout=30000):
        qtbot.mouseClick(view.run_button, Qt.LeftButton)
        assert view.running() and view.busy.isVisible() and not view.run_button.isEnabled()
    assert not view.busy.isVisible() and view.run_button.isEnabled()
    assert view.error is None


def test_whole_archive_codes_findings_filter_and_open(view, woo_archive, qtbot):
    _run(view, qtbot)
    pdf, concept, verslag = (doc_id(woo_archive, n) for n in ("besluit", "nota-concept", "verslag"))
    # two codes in the released nota, two in the verslag's participant list
    (code, n, ground), = view.code_rows()
    assert (code, n) == ("10.2.e", 4) and "persoonlijke levenssfeer" in ground and "Wob" in ground
    got = {(f.check, f.document, f.words) for f in view.findings}
    assert ("not_hidden", pdf, "Jan Geheim") in got  # the box drawn over words still in the text
    assert ("inconsistent", concept, "Pieter Bakker") in got  # redacted in the release only
    assert ("unredacted", verslag, "Karin Verhoeven") in got  # the others in her list are redacted
    assert ("unredacted", verslag, "06-12345678") in got
    assert not any("Smit" in w for _c, _d, w in got)  # an alderman is named on purpose
    assert view.table.rowCount() == len(view.findings)
    assert view.summary_label.text().startswith(f"{len(view.findings)} bevindingen in 4 documenten")

    view.set_filter("not_hidden")
    assert view.table.rowCount() == 1
    assert view.filter_combo.currentText() == "Lakking verbergt niet (1)"
    assert [view.table.item(0, c).text() for c in (0, 2, 3)] == ["Lakking verbergt niet", "p. 2", "Jan Geheim"]
    # double-click opens the PDF at the page, the words highlighted
    rect = view.table.visualRect(view.table.model().index(0, 3))
    qtbot.mouseClick(view.table.viewport(), Qt.LeftButton, pos=rect.center())  # Qt 6: a press first
    with qtbot.waitSignal(view.navigate) as sig:
        qtbot.mouseDClick(view.table.viewport(), Qt.LeftButton, pos=rect.center())
    loc = sig.args[0]
    assert (loc.kind, loc.target, loc.page, loc.line, loc.query) == ("document", pdf, 2, None, "Jan Geheim")

    # a text source opens at its line
    view.set_filter("unredacted")
    row = next(i for i, f in enumerate(view.shown) if f.words == "Karin Verhoeven")
    loc = view.finding_location(row)
    assert loc.page is None and loc.line == view.shown[row].line and loc.line > 1
    assert view.table.item(row, 2).text() == f"r. {loc.line}"


def test_export_findings_csv(view, qtbot, tmp_path, monkeypatch):
    _run(view, qtbot)
    view.set_filter("unredacted")
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "lakcontrole"), "")))
    path = view.export_csv_dialog()
    assert path == str(tmp_path / "lakcontrole.csv")
    data = open(path, "rb").read()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: a Dutch Excel reads it right
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["controle", "document"]
    assert len(rows) == 1 + len(view.shown) and all(r[0] == "Niet gelakt" for r in rows[1:])
    assert any(r[5] == "Karin Verhoeven" for r in rows[1:])


def test_scope_meeting_and_document(view, woo_archive, qtbot):
    concept = doc_id(woo_archive, "nota-concept")
    meeting = woo_archive.document(concept).meeting
    assert meeting, "the three md files of 12 March 2020 should form a meeting"
    view.set_scope("meeting", meeting)
    assert view.target_combo.isEnabled()
    _run(view, qtbot)
    # the PDF decision is not part of the meeting: its bad box is not in this scope
    assert view.findings and not any(f.check == "not_hidden" for f in view.findings)
    assert "in 3 documenten" in view.summary_label.text()

    view.set_scope("document", concept)
    _run(view, qtbot)
    assert {f.document for f in view.findings} == {concept}
    # the inconsistency needs the released version as sibling: it is still found
    assert {(f.check, f.words) for f in view.findings} >= {("inconsistent", "Pieter Bakker"),
                                                          ("unredacted", "p.bakker@proefregio.nl")}
    assert view.code_rows() == []  # the concept itself redacts nothing
    assert view.codes.item(0, 0).text() == "Geen lakcodes gevonden"


def test_scope_without_target_asks_for_one(view):
    view.set_scope("meeting")
    assert not view.run()
    assert "Kies een vergadering" in view.summary_label.text()


def test_export_inventory(woo_archive, tmp_path, monkeypatch):
    path = export_inventory(woo_archive, None, path=str(tmp_path / "inventaris"))
    assert path.endswith("inventaris.csv")
    data = open(path, "rb").read()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + len(woo_archive.documents())
    by_doc = {r[1]: r for r in rows[1:]}
    assert by_doc[doc_id(woo_archive, "nota-2020")][8] == "deels openbaar"
    assert by_doc[doc_id(woo_archive, "nota-concept")][8] == "openbaar"
    # and through the dialog; cancelling writes nothing
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    assert export_inventory(woo_archive, None) is None
