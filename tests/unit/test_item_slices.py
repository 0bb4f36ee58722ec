"""An agenda item's text that is a piece of its document's text is stored as its place there
(stored_text.slice_at, catalog schema v8), and every reading method hands out the same str as
when it was stored itself; a catalog from before v8 is turned into slices by the migration."""

from __future__ import annotations

import sqlite3

from zvdj_viewer import catalog as cat_mod
from zvdj_viewer.catalog import Catalog, SourceRecord
from zvdj_viewer.model import Document, DocSpan, Item, Line, Page, Pos, SourceText
from zvdj_viewer.stored_text import MIN_SLICED, pack, slice_at, slicer, unpack

# fictional; non-ASCII and a character outside the BMP before the items, so a slice counted
# in bytes or UTF-16 units would start in the wrong place
LONG = "\n".join(f"{i}) Punt {i}: het Ministerie van Fictie en de gemeenten 😀 over ﬁnanciën, café ({i})"
                 for i in range(1, 40))
FIRST = LONG[LONG.index("3) Punt"):LONG.index("5) Punt")]  # a piece of the document's text
OWN = "Een tekst die niet in het document staat, lang genoeg om te tellen."  # not a piece of it


def _write(c: Catalog) -> None:
    src = SourceText(path="/archive/a.pdf", kind="pdf", title="Fictief")
    src.pages = [Page(1, [Line(t) for t in LONG.split("\n")])]
    doc = Document(source=src.path, span=DocSpan(Pos(1, 0), Pos(1, 38)), type="agenda", title="Agenda", text=LONG)
    doc.items = [Item("3", "Punt 3", page=1, text=FIRST), Item("4", "Eigen", page=1, text=OWN),
                 Item("5", "Kort", page=1, text="5) Punt"), Item("6", "Leeg", page=1, text=None)]
    c.write_source(SourceRecord(src.path, "/archive", 1, 1, "abc", kind="pdf"), src, [doc])


EXPECTED = [FIRST, OWN, "5) Punt", None]


def _read(c: Catalog) -> dict:
    key = c.documents()[0]["id"]
    return {
        "items": [r["text"] for r in c.items()],
        "items_of_doc": [r["text"] for r in c.items(key)],
        "items_of": [it["text"] for it in c.items_of([key])[key]],
        "stream": [[it["text"] for it in its] for _, its in c.stream_documents()][0],
        "with_items": [[it["text"] for it in its] for _, its in c.documents_with_items([key])][0],
    }


def test_slice_at_finds_a_piece_and_leaves_short_or_foreign_texts():
    a, b = slice_at(LONG, FIRST)
    assert LONG[a:b] == FIRST
    assert slice_at(LONG, OWN) is None
    assert slice_at(LONG, LONG[:MIN_SLICED - 1]) is None  # short: kept as it is
    assert slice_at(LONG, None) is None and slice_at("", FIRST) is None
    cut = slicer()
    assert cut(pack(LONG), a, b) == FIRST and cut(pack(LONG), 0, 2) == LONG[:2]  # kept text reused
    assert cut(LONG, a, b) == FIRST and cut(None, a, b) is None


def test_an_item_that_is_a_piece_of_its_document_is_stored_as_its_place(tmp_path):
    c = Catalog(tmp_path / "catalog.sqlite")
    _write(c)
    stored = c.conn.execute("SELECT text, text_from, text_to FROM items ORDER BY ord").fetchall()
    a = LONG.index(FIRST)
    assert tuple(stored[0]) == (None, a, a + len(FIRST))
    assert unpack(stored[1][0]) == OWN and stored[1][1] is None
    assert tuple(stored[2]) == ("5) Punt", None, None) and tuple(stored[3]) == (None, None, None)
    assert _read(c) == {k: EXPECTED for k in ("items", "items_of_doc", "items_of", "stream", "with_items")}
    # where the text is kept is not part of the row the catalog hands out
    assert "text_from" not in c.items()[0].keys() and "text_to" not in dict(c.items_of([1])[1][0])
    c.close()


def test_a_catalog_from_before_v8_is_turned_into_slices_and_reads_the_same(tmp_path):
    db = tmp_path / "catalog.sqlite"
    c = Catalog(db)
    _write(c)
    before = _read(c)
    c.close()
    # as a v7 catalog: each item's text stored itself, no slice columns
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("UPDATE items SET text = ? WHERE number = '3'", (pack(FIRST),))
    conn.execute("ALTER TABLE items DROP COLUMN text_from")
    conn.execute("ALTER TABLE items DROP COLUMN text_to")
    conn.execute("UPDATE schema_version SET version = ?", (cat_mod.MIGRATIONS.index(cat_mod.schema_v8),))
    conn.close()
    c = Catalog(db)
    assert c.conn.execute("SELECT text IS NULL, text_from FROM items WHERE number = '3'").fetchone()[0] == 1
    assert c.conn.execute("SELECT text_from FROM items WHERE number = '4'").fetchone()[0] is None
    assert _read(c) == before
    c.close()
