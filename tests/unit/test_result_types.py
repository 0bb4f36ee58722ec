"""The typed vocabulary of archive/types.py: the columns of a meeting are the fields of a
row, and a row answers for each column without callers probing it by name."""

from __future__ import annotations

from dataclasses import fields

from zvdj_viewer.archive.types import ROLES, ItemRef, MeetingRow


def test_every_role_is_a_field_of_the_row():
    assert set(ROLES) <= {f.name for f in fields(MeetingRow)}


def test_a_row_gives_its_item_of_each_column():
    row = MeetingRow("4", "Wachttijden", agenda=ItemRef("d1", "4"), nota=None, verslag=ItemRef("d3", "5"))
    assert [row.ref(role) for role in ROLES] == [ItemRef("d1", "4"), None, ItemRef("d3", "5")]


def test_lists_hand_out_summaries_and_the_full_document_the_rest(tmp_path):
    """documents() gives DocumentSummary: no items or participants to read as empty by mistake
    (a list's DocumentInfo had items=() and kind=None), and the kind of its source filled."""
    from zvdj_viewer.archive import Archive
    from zvdj_viewer.archive.types import DocumentInfo, DocumentSummary

    folder = tmp_path / "archief"
    folder.mkdir()
    (folder / "agenda.md").write_text("# Agenda overleg\n\n1. Opening\n2. Verslag vorige keer\n3. Rondvraag\n",
                                      encoding="utf-8")
    archive = Archive(data_dir=tmp_path / "data")
    try:
        archive.add_folder(str(folder))
        archive.update(ocr=False)
        (summary,) = archive.documents()
        full = archive.document(summary.id)
    finally:
        archive.close()
    assert type(summary) is DocumentSummary and not hasattr(summary, "items")
    assert isinstance(full, DocumentInfo) and full.items
    assert summary.kind is not None and summary.kind == full.kind
    assert full.summary() == summary
