"""The catalog stores its long texts packed (stored_text.py, schema v6) and hands them out as
the same str: every reading method, a catalog made before v6 (migrated), and rows of both
forms side by side."""

from __future__ import annotations

import sqlite3

from zvdj_viewer import catalog as cat_mod
from zvdj_viewer.catalog import Catalog, SourceRecord
from zvdj_viewer.model import Document, DocSpan, Item, Line, Page, Pos, SourceText
from zvdj_viewer.stored_text import MIN_PACKED, pack, unpack

# fictional text, long enough to be packed; non-ASCII, a ligature, an emoji
LONG = "\n".join(f"Regel {i}: het Ministerie van Fictie overlegt met gemeenten over jeugdhulp — ﬁnanciën, "
                 f"café, İstanbul, 😀 ({i})" for i in range(30))


def _write(c: Catalog) -> None:
    src = SourceText(path="/archive/a.pdf", kind="pdf", title="Fictief")
    src.pages = [Page(1, [Line(t) for t in LONG.split("\n")]), Page(2, [Line("kort")])]
    doc = Document(source=src.path, span=DocSpan(Pos(1, 0), Pos(2, 0)), type="nota", title="Nota", text=LONG)
    doc.items = [Item("1", "Opening", page=1, text=LONG[:500]), Item("2", "Rondvraag", page=2, text="geen")]
    c.write_source(SourceRecord(src.path, "/archive", 1, 1, "abc", kind="pdf"), src, [doc])


def _read(c: Catalog) -> dict:
    key = c.documents()[0]["id"]
    return {
        "pages": [r["text"] for r in c.pages(c.documents()[0]["source_id"])],
        "documents": [r["text"] for r in c.documents()],
        "document": c.document(key)["text"],
        "document_text": c.document_text(key),
        "in_order": [r["text"] for r in c.document_texts_in_order()],
        "items": [r["text"] for r in c.items()],
        "items_of_doc": [r["text"] for r in c.items(key)],
        "items_of": [it["text"] for it in c.items_of([key])[key]],
        "stream": [(d["text"], [it["text"] for it in its]) for d, its in c.stream_documents()],
    }


EXPECTED = {
    "pages": [LONG, "kort"], "documents": [LONG], "document": LONG, "document_text": LONG, "in_order": [LONG],
    "items": [LONG[:500], "geen"], "items_of_doc": [LONG[:500], "geen"], "items_of": [LONG[:500], "geen"],
    "stream": [(LONG, [LONG[:500], "geen"])],
}


def test_pack_round_trips_and_keeps_short_texts_plain():
    assert unpack(pack(LONG)) == LONG and isinstance(pack(LONG), bytes)
    assert len(pack(LONG)) < len(LONG.encode("utf-8")) / 2
    short = "x" * (MIN_PACKED - 1)
    assert pack(short) == short and unpack(short) == short
    assert pack("") == "" and unpack(None) is None and pack(None) is None


def test_long_texts_are_stored_packed_and_read_back_as_written(tmp_path):
    c = Catalog(tmp_path / "catalog.sqlite")
    _write(c)
    kinds = {t: [r[0] for r in c.conn.execute(f"SELECT typeof(text) FROM {t} ORDER BY rowid")]
             for t in ("pages", "documents", "items")}
    # the first item is a piece of the document's text: stored as its place there (v8, test_item_slices.py)
    assert kinds == {"pages": ["blob", "text"], "documents": ["blob"], "items": ["null", "text"]}
    assert _read(c) == EXPECTED
    c.close()


def test_a_catalog_from_before_v6_is_packed_by_the_migration_and_reads_the_same(tmp_path):
    db = tmp_path / "catalog.sqlite"
    c = Catalog(db)
    _write(c)
    c.close()
    # as a v5 catalog: every text stored plain
    conn = sqlite3.connect(db, isolation_level=None)
    for t in ("pages", "documents", "items"):
        conn.executemany(f"UPDATE {t} SET text = ? WHERE rowid = ?",
                         [(unpack(v), k) for k, v in conn.execute(f"SELECT rowid, text FROM {t}").fetchall()])
    conn.execute("UPDATE schema_version SET version = ?", (cat_mod.MIGRATIONS.index(cat_mod.schema_v6),))
    conn.close()
    c = Catalog(db)
    assert {r[0] for r in c.conn.execute("SELECT typeof(text) FROM documents")} == {"blob"}
    assert _read(c) == EXPECTED
    c.close()


def test_rows_of_both_forms_read_alike(tmp_path):
    """A catalog migrated while a text was plain, or a text written by hand: read as it is."""
    c = Catalog(tmp_path / "catalog.sqlite")
    _write(c)
    with c.transaction() as conn:
        conn.execute("UPDATE items SET text = ? WHERE number = '1'", (LONG[:500],))
    assert _read(c) == EXPECTED
    c.close()
