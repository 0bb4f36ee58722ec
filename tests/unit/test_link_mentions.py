"""Reference mentions found where a document is read (link/mentions.py, schema v7): the
reader's scan is the one a relink would make from the catalog, a relink resolves it without
reading the texts again and makes the same links as scanning them, a catalog from before v7
gets its scans in the migration, and a scan of an older scanner is not used.
Fictional documents; the seeds where present."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from zvdj_viewer import catalog as cat_mod
from zvdj_viewer.archive import Archive
from zvdj_viewer.link import mentions

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

AGENDA = """Agenda Bestuurlijk Overleg Fictief

Datum: 10 maart 2021
Tijd: 10:00 - 11:00

1. Opening
2. Conceptverslag van 10 februari 2021
3. Speeltuinfonds (zie Kamerstuk 31 839, nr. 728)
4. Rondvraag
"""

NOTA = """Nota Bestuurlijk Overleg Fictief

Datum: 10 maart 2021

Aanleiding
Het laatste BO was op 10 februari 2021. Vóór dit overleg heeft u eerst een Bestuurlijk Overleg
met de VNG. Eind november werd het bestuurlijk overleg geannuleerd. In het vorige BO is de motie
Van der Fictief besproken, en kamerstuk 31839-728.

1. Speeltuinfonds
Op 10 februari in het BO besproken; het voorgaande BO sprak er ook over.
"""

AGENDA_FEB = """Agenda Bestuurlijk Overleg Fictief

Datum: 10 februari 2021
Tijd: 10:00 - 11:00

1. Opening
2. Speeltuinfonds
"""


def _archive(tmp_path: Path) -> Archive:
    folder = tmp_path / "stukken"
    folder.mkdir()
    (folder / "agenda-maart.md").write_text(AGENDA, encoding="utf-8")
    (folder / "nota-maart.md").write_text(NOTA, encoding="utf-8")
    (folder / "agenda-februari.md").write_text(AGENDA_FEB, encoding="utf-8")
    a = Archive(data_dir=tmp_path / "data")
    a.add_folder(str(folder))
    a.update(workers=0, ocr=False)
    return a


def _links(a: Archive) -> list[tuple]:
    return [tuple(r)[1:] for r in a.catalog.conn.execute("SELECT * FROM links ORDER BY id")]


def test_a_relink_resolves_the_stored_mentions_and_links_as_a_scan_of_the_texts(tmp_path):
    a = _archive(tmp_path)
    try:
        stored = _links(a)
        assert any(x[0] == "conceptverslag" for x in stored) and any(x[0] == "kamerstuk" for x in stored)
        keys = [r["id"] for r in a.catalog.documents(text=False)]
        rows = a.catalog.reference_rows(keys)
        # the stored scans stand in for the texts: none is read for the references
        assert [d["id"] for d, _ in rows] == keys
        assert all("scan" in d and "text" not in d and its == [] for d, its in rows)
        # the same links when every document is scanned again at relink time (no stored scans)
        with a.catalog.transaction() as c:
            c.execute("UPDATE documents SET mentions = NULL")
        assert all("scan" not in d and "text" in d for d, _ in a.catalog.reference_rows(keys))
        assert a.relink()
        assert _links(a) == stored
    finally:
        a.close()


def test_a_scan_of_an_older_scanner_is_made_again(tmp_path, monkeypatch):
    a = _archive(tmp_path)
    try:
        stored = _links(a)
        monkeypatch.setattr(mentions, "SCAN_VERSION", mentions.SCAN_VERSION + 1)
        keys = [r["id"] for r in a.catalog.documents(text=False)]
        assert all("scan" not in d for d, _ in a.catalog.reference_rows(keys))
        assert a.relink()
        assert _links(a) == stored
    finally:
        a.close()


def test_a_catalog_from_before_v7_gets_the_scans_in_the_migration(tmp_path):
    a = _archive(tmp_path)
    db = a.catalog.path
    made = [r[0] for r in a.catalog.conn.execute("SELECT unpacked(mentions) FROM documents ORDER BY id")]
    a.close()
    assert all(mentions.from_json(x) for x in made)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("UPDATE documents SET mentions = NULL")
    conn.execute("UPDATE schema_version SET version = ?", (cat_mod.MIGRATIONS.index(cat_mod.schema_v7),))
    conn.close()
    c = cat_mod.Catalog(db)
    try:
        assert [r[0] for r in c.conn.execute("SELECT unpacked(mentions) FROM documents ORDER BY id")] == made
    finally:
        c.close()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not there")
def test_the_readers_scan_is_the_scan_of_the_catalogued_text_and_items(tmp_path):
    """On the real documents: what the reader process scanned (from the Document it made) is
    what a relink would scan from the catalog's text and items (the units cut the same)."""
    a = Archive(data_dir=tmp_path / "data")
    try:
        a.add_folder(str(SEEDS))
        a.update(workers=0, ocr=False)
        rows = a.catalog.conn.execute("SELECT id, unpacked(mentions) FROM documents ORDER BY id").fetchall()
        assert len(rows) > 5
        found = 0
        for key, stored in rows:
            items = a.catalog.items_of([key]).get(key, [])
            again = mentions.scan_document(a.catalog.document_text(key), items)
            assert mentions.from_json(stored) == mentions.from_json(mentions.to_json(again)), key
            found += sum(len(x) for _n, scanned in again["units"] for x in scanned)
        assert found > 10  # the seeds do mention meetings and papers
    finally:
        a.close()


def test_a_mention_the_opening_lines_share_with_an_item_is_the_items():
    """An item's text not found verbatim in the document's (here: longer) stays in the
    text outside the items; its mention is the item's, marked in the scan and left out of
    the document's own links after the duplicates, as link.chunk_references did."""
    from zvdj_viewer.link.references import MeetingIndex, Targets

    text = "Nota\nAanleiding\nZie het BO van 10 februari 2021 voor de afspraken.\n1. Afspraken\nRest."
    items = [{"number": "1", "title": "Afspraken", "text": "Zie het BO van 10 februari 2021 voor de afspraken, "
              "en meer."}]
    scan = mentions.from_json(mentions.to_json(mentions.scan_document(text, items)))
    assert scan["whole_in_items"][1] == [True]
    meetings = MeetingIndex([{"id": "m1", "series": "BO Fictief", "date": "2021-02-10", "start": None,
                              "documents": []}])
    base = {"doc": 7, "meeting": None, "series": "BO Fictief", "date": "2021-03-10"}
    found, whole = mentions.resolve_document(scan, base, meetings, Targets([]))
    assert [(x["from_number"], x["to_meeting"]) for x in found] == [("1", "m1")]
    assert whole == []
    # without the item's words among the items, the same mention is the document's own
    items[0]["text"] = "Geen verwijzing."
    scan = mentions.scan_document(text, items)
    _found, whole = mentions.resolve_document(scan, base, meetings, Targets([]))
    assert [(x["from_number"], x["to_meeting"]) for x in whole] == [(None, "m1")]
