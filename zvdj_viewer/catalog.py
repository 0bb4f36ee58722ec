"""The SQLite catalog: what was read from which file, and what the analysis found in it.

One database file (``DATA/catalog.sqlite``), stdlib ``sqlite3``, WAL journal (readers never
block the one writer), foreign keys on so deleting a source deletes its pages, documents,
items, redactions and links in one statement.

Rules that keep it consistent:

- Everything about one source is written in ONE transaction (``write_source``): a crash
  leaves either the old entries or the new ones, never half a source.
- ``sources.indexed_at`` is set only after the full-text index has committed that source's
  pages. A source with ``indexed_at IS NULL`` and no error is re-done on the next update, so
  a crash between catalog and index is healed by the next run.
- Meetings, aligned items and links are derived data: ``replace_links`` rewrites them all
  after every update (cheap: a few hundred rows).

Threads: every thread gets its own connection (``threading.local``). The desktop UI calls
``Archive.update`` in a worker thread while reading in the UI thread; with WAL the readers see
the last committed state and are never blocked. ``close()`` closes every connection opened.

Schema versions: ``MIGRATIONS[i]`` brings a database from version ``i`` to ``i + 1``. Version
1 is the first release. Add a migration for every change; never edit a released one.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, overload

from .errors import ZvdjError
from .fsnames import TEXT_FACTORY, db_text
from .stored_text import pack, slice_at, slicer, unpack

if TYPE_CHECKING:  # only named in annotations: a search need not import the reading model
    from .model import Document, Page, SourceText


class CatalogError(ZvdjError):
    """The catalog cannot be used (e.g. made by a newer version). ``str()`` says why."""


SCHEMA_V1 = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version (version) VALUES (0);

-- the archive roots the user added (folders or single files)
CREATE TABLE folders (
    path     TEXT PRIMARY KEY,
    added_at TEXT NOT NULL
);

CREATE TABLE sources (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    path       TEXT NOT NULL UNIQUE,      -- absolute path
    folder     TEXT,                      -- the archive root it was found under
    size       INTEGER,
    mtime_ns   INTEGER,
    sha256     TEXT,                      -- NULL: the file could not even be opened
    kind       TEXT,                      -- pdf | html | xml | text
    reader     TEXT,                      -- which reader produced the text
    pages      INTEGER,
    lines      INTEGER,                   -- text/XML/HTML sources: number of lines
    title      TEXT,
    metadata   TEXT NOT NULL DEFAULT '{}',   -- json: what the file itself says
    bookmarks  TEXT NOT NULL DEFAULT '[]',   -- json: [[level, title, page], ...]
    error      TEXT,                      -- why the file could not be read (NULL = read)
    problems   TEXT NOT NULL DEFAULT '[]',   -- json: non-fatal problems ("page 8-20: no text layer")
    indexed_at TEXT                       -- set once the full-text index has it
);

CREATE TABLE pages (
    source_id    INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,        -- 1-based
    text         TEXT NOT NULL,           -- lines joined with \\n (one line per Line)
    has_text     INTEGER NOT NULL,
    garbled      INTEGER NOT NULL,
    furniture    TEXT NOT NULL DEFAULT '[]',  -- json: 0-based indices of furniture lines
    line_numbers TEXT,                    -- json: file line number of each line (text sources)
    PRIMARY KEY (source_id, number)
);

CREATE TABLE documents (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,   -- exposed as "d<id>"
    source_id     INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    ord           INTEGER NOT NULL,       -- position within the source
    start_page    INTEGER NOT NULL, start_line INTEGER NOT NULL,  -- DocSpan (line: 0-based index)
    end_page      INTEGER NOT NULL, end_line   INTEGER NOT NULL,
    span_evidence TEXT,
    first_page INTEGER, last_page INTEGER, first_line INTEGER, last_line INTEGER,
    type TEXT NOT NULL, type_evidence TEXT, title TEXT, doc_date TEXT, kenmerk TEXT,
    betreft TEXT, series TEXT, meeting_date TEXT, start_time TEXT, end_time TEXT, place TEXT,
    participants TEXT NOT NULL DEFAULT '{}', absent TEXT NOT NULL DEFAULT '{}',
    text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX documents_source ON documents(source_id);
CREATE INDEX documents_type ON documents(type);

CREATE TABLE items (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL, number TEXT NOT NULL, title TEXT, page INTEGER, line INTEGER,
    level INTEGER NOT NULL DEFAULT 0, parent TEXT, text TEXT,
    start_page INTEGER, start_line INTEGER
);
CREATE INDEX items_document ON items(document_id);

CREATE TABLE redactions (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    code TEXT NOT NULL, raw TEXT, page INTEGER, line INTEGER
);
CREATE INDEX redactions_document ON redactions(document_id);

-- derived by linking; rewritten after every update
CREATE TABLE meetings (
    id TEXT PRIMARY KEY,                  -- "m2019-11-06-bo-rijk-vng"
    series TEXT, date TEXT, start TEXT, "end" TEXT, place TEXT
);
CREATE TABLE meeting_documents (
    meeting_id  TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    role        TEXT NOT NULL,            -- the document type within the meeting
    PRIMARY KEY (meeting_id, document_id)
);
CREATE TABLE meeting_items (
    id         INTEGER PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL, number TEXT, title TEXT,
    agenda_doc  INTEGER REFERENCES documents(id) ON DELETE SET NULL, agenda_number  TEXT,
    nota_doc    INTEGER REFERENCES documents(id) ON DELETE SET NULL, nota_number    TEXT,
    verslag_doc INTEGER REFERENCES documents(id) ON DELETE SET NULL, verslag_number TEXT
);
CREATE TABLE links (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    from_doc    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    from_number TEXT,
    to_meeting  TEXT,
    to_doc      INTEGER REFERENCES documents(id) ON DELETE CASCADE,
    to_number   TEXT,
    to_text     TEXT,
    to_date     TEXT,
    evidence    TEXT,
    score       REAL
);
CREATE INDEX links_from ON links(from_doc);
"""

# MIGRATIONS[i] takes the database from version i to i + 1: an SQL script or a callable
# that gets the connection (inside the transaction).
Migration = str | Callable[[sqlite3.Connection], None]
# v2: links are also looked up by their target ("which items link to this one?")
SCHEMA_V2 = """
CREATE INDEX IF NOT EXISTS links_to ON links(to_doc, to_number);
CREATE INDEX IF NOT EXISTS meeting_documents_document ON meeting_documents(document_id);
"""

# v3 (helper h19, Woo bundles): per document its stamped number, inventory rows and an
# official publication's dossier/volgnummer, as one JSON object (NULL when there is none)
SCHEMA_V3 = """
ALTER TABLE documents ADD COLUMN woo TEXT;
"""

# v4 (OCR, issue 18): where a page's text came from, OCR confidence and cache key; redaction
# boxes found on page images and drawings
SCHEMA_V4 = """
ALTER TABLE pages ADD COLUMN text_source TEXT NOT NULL DEFAULT 'layer';
ALTER TABLE pages ADD COLUMN ocr_confidence REAL;
ALTER TABLE pages ADD COLUMN ocr_key TEXT;
-- the pages still to OCR, found without reading every page's text (no-change runs stay fast)
CREATE INDEX pages_to_ocr ON pages(source_id, number) WHERE text_source = 'layer' AND (has_text = 0 OR garbled = 1);
CREATE TABLE redaction_boxes (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page INTEGER NOT NULL, x0 REAL, y0 REAL, x1 REAL, y1 REAL, code TEXT
);
CREATE INDEX redaction_boxes_document ON redaction_boxes(document_id);
CREATE TABLE citations (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    code TEXT NOT NULL, raw TEXT, page INTEGER, line INTEGER
);
CREATE INDEX citations_document ON citations(document_id);
"""



def schema_v5(conn: sqlite3.Connection) -> None:
    """v5 (helper h20c, version links stored at relink): each document's MinHash signature
    (link/versions.py), made once when the document is written, so a relink need not hash
    every word of the archive again. Documents already catalogued get theirs here, once."""
    from .link.versions import signature

    conn.execute("ALTER TABLE documents ADD COLUMN minhash BLOB")
    sigs = [(signature(r[1]), r[0]) for r in conn.execute("SELECT id, text FROM documents")]
    conn.executemany("UPDATE documents SET minhash = ? WHERE id = ?", sigs)


def schema_v6(conn: sqlite3.Connection) -> None:
    """v6 (helper s7-index, issue 22: the data folder's size): the long texts (pages.text,
    documents.text, items.text) stored compressed (stored_text.py). Rows already there are
    packed here; the room they free is reused by later writes (VACUUM would give it back to
    the disk, but cannot run inside this transaction)."""
    from .stored_text import pack

    for table, key in (("pages", "rowid"), ("documents", "id"), ("items", "id")):
        rows = conn.execute(f"SELECT {key}, text FROM {table} WHERE typeof(text) = 'text'").fetchall()
        conn.executemany(f"UPDATE {table} SET text = ? WHERE {key} = ?", [(pack(t), k) for k, t in rows])


def schema_v7(conn: sqlite3.Connection) -> None:
    """v7 (helper s8-link, issue 22: linking's CPU time): each document's reference mentions
    (link/mentions.py), found by the reader process that made the document, so a relink only
    resolves them instead of scanning every text of the archive again. Documents already
    catalogued get theirs here, once (made from their stored text and items)."""
    from .link.mentions import scan_document, to_json

    if "mentions" not in {r[1] for r in conn.execute("PRAGMA table_info(documents)")}:
        conn.execute("ALTER TABLE documents ADD COLUMN mentions BLOB")
    items: dict[int, list[dict]] = {}
    # (the texts as the catalog reads them: v7 also runs again on a catalog whose items are slices)
    text = "text"
    if "text_from" in {r[1] for r in conn.execute("PRAGMA table_info(items)")}:
        conn.create_function("text_slice", 3, slicer(), deterministic=True)
        text = item_text_sql("items", "text")
    for doc, number, title, raw in conn.execute(f"SELECT document_id, number, title, {text} FROM items"
                                                " ORDER BY document_id, ord"):
        items.setdefault(doc, []).append({"number": number, "title": title, "text": unpack(raw)})
    rows = [(pack(to_json(scan_document(unpack(text) or "", items.get(key, [])))), key)
            for key, text in conn.execute("SELECT id, text FROM documents").fetchall()]
    conn.executemany("UPDATE documents SET mentions = ? WHERE id = ?", rows)


# items.text_from / text_to (v8): where an item's text stands in its document's text
_ITEM_SLICE_COLUMNS = ("text_from", "text_to")


def item_text_sql(items: str, own: str) -> str:
    """The SQL for an item's text (of the items table named ``items`` in the query): ``own``
    (its text column, or how to read it) or, for a slice, that slice of its document's text
    (needs the function text_slice = stored_text.slicer())."""
    return (f"CASE WHEN {items}.text_from IS NULL THEN {own} ELSE text_slice((SELECT t.text FROM documents t"
            f" WHERE t.id = {items}.document_id), {items}.text_from, {items}.text_to) END")


def schema_v8(conn: sqlite3.Connection) -> None:
    """v8 (helper h22d, issue 22: the data folder's size): an item's text that is a piece of
    its document's text is stored as its place there (text_from, text_to; text NULL), not a
    second time (stored_text.slice_at). Items already catalogued are turned into slices here;
    the room they free is reused by later writes."""
    have = {r[1] for r in conn.execute("PRAGMA table_info(items)")}
    for column in _ITEM_SLICE_COLUMNS:
        if column not in have:
            conn.execute(f"ALTER TABLE items ADD COLUMN {column} INTEGER")
    rows = []
    whole_key, whole = None, None
    for key, doc, text in conn.execute("SELECT id, document_id, text FROM items ORDER BY document_id").fetchall():
        if doc != whole_key:
            got = conn.execute("SELECT text FROM documents WHERE id = ?", (doc,)).fetchone()
            whole_key, whole = doc, unpack(got[0]) if got else None
        at = slice_at(whole, unpack(text))
        if at is not None:
            rows.append((at[0], at[1], key))
    conn.executemany("UPDATE items SET text = NULL, text_from = ?, text_to = ? WHERE id = ?", rows)


MIGRATIONS: list[Migration] = [SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, schema_v5, schema_v6, schema_v7,
                               schema_v8]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    has = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not has:
        return 0
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the database up to ``len(migrations)``; each step in its own transaction."""
    current = schema_version(conn)
    if current > len(migrations):
        raise CatalogError(
            f"the catalog has schema version {current}, made by a newer ZvdJ Viewer; "
            f"this version knows up to {len(migrations)}"
        )
    for version in range(current, len(migrations)):
        step = migrations[version]
        conn.execute("BEGIN IMMEDIATE")
        try:
            if callable(step):
                step(conn)
            else:
                # split on ';' at line ends: executescript() would commit on its own
                for stmt in _statements(step):
                    conn.execute(stmt)
            conn.execute("UPDATE schema_version SET version = ?", (version + 1,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return len(migrations)


def _statements(script: str) -> Iterator[str]:
    buf: list[str] = []
    for line in script.splitlines():
        if line.strip().startswith("--"):
            continue
        buf.append(line)
        if line.rstrip().endswith(";"):
            stmt = "\n".join(buf).strip()
            if sqlite3.complete_statement(stmt):
                yield stmt
                buf = []
    rest = "\n".join(buf).strip()
    if rest:
        yield rest


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class SourceRecord:
    """File facts for one source as seen on disk (before or without reading it)."""

    path: str
    folder: str | None
    size: int | None
    mtime_ns: int | None
    sha256: str | None
    kind: str | None = None
    reader: str | None = None
    error: str | None = None
    problems: list[str] = field(default_factory=list)


def doc_key(doc_id: str | int) -> int | None:
    """'d12' -> 12; anything else -> None."""
    if isinstance(doc_id, int):
        return doc_id
    if isinstance(doc_id, str) and doc_id.startswith("d") and doc_id[1:].isdigit():
        return int(doc_id[1:])
    return None


@overload
def doc_name(key: int) -> str: ...
@overload
def doc_name(key: None) -> None: ...
def doc_name(key: int | None) -> str | None:
    return None if key is None else f"d{key}"


class Catalog:
    def __init__(self, path: str | Path, *, read_only: bool = False):
        """read_only: a data folder we may not write (a read-only disk, another user's
        archive): the catalog is only read, never migrated (see _connect_read_only)."""
        self.path = Path(path)
        self.read_only = read_only
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        self._immutable = False
        self._columns: dict[tuple[str, str | None], str] = {}  # see _all_columns
        if read_only:
            found = schema_version(self.conn)
            if found != SCHEMA_VERSION:
                raise CatalogError(
                    f"the catalog in {self.path.parent} has schema version {found}, this version "
                    f"uses {SCHEMA_VERSION}; it cannot be updated in a read-only folder")
        else:
            migrate(self.conn)

    def _connect_read_only(self) -> sqlite3.Connection:
        """A reading connection. In WAL mode SQLite needs the -shm file beside the catalog;
        when it is absent and cannot be made (the folder is read-only) the catalog is opened
        as immutable: nobody can write it there either."""
        uri = self.path.resolve().as_uri()
        if not self._immutable:
            c = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None,
                                check_same_thread=False, timeout=30)
            try:
                c.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
                return c
            except sqlite3.OperationalError:
                c.close()
                self._immutable = True
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None,
                               check_same_thread=False)

    # -- connections -------------------------------------------------------------------
    @property
    def conn(self) -> sqlite3.Connection:
        c = getattr(self._local, "conn", None)
        if c is None:
            # check_same_thread=False only so close() may close it from another thread;
            # each connection is still used by the one thread that opened it.
            if self.read_only:
                c = self._connect_read_only()
            else:
                c = sqlite3.connect(
                    self.path, isolation_level=None, check_same_thread=False, timeout=30
                )
            c.row_factory = sqlite3.Row
            c.text_factory = TEXT_FACTORY  # file names that are not UTF-8: fsnames.py
            # the long texts are stored packed (stored_text.py); queries read them through this
            c.create_function("unpacked", 1, unpack, deterministic=True)
            c.create_function("text_slice", 3, slicer(), deterministic=True)  # items' texts (v8)
            if not self.read_only:
                c.execute("PRAGMA journal_mode = WAL")
            c.execute("PRAGMA foreign_keys = ON")
            if not self.read_only:
                c.execute("PRAGMA synchronous = NORMAL")
            self._local.conn = c
            with self._all_lock:
                self._all.append(c)
        return c

    def close(self) -> None:
        with self._all_lock:
            for c in self._all:
                try:
                    c.close()
                except sqlite3.Error:
                    pass
            self._all.clear()
        self._local = threading.local()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            yield c
        except BaseException:
            c.execute("ROLLBACK")
            raise
        c.execute("COMMIT")

    # -- folders -----------------------------------------------------------------------
    def folders(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT path FROM folders ORDER BY path")]

    def add_folder(self, path: str) -> None:
        with self.transaction() as c:
            c.execute(
                "INSERT OR IGNORE INTO folders (path, added_at) VALUES (CAST(? AS TEXT), ?)",
                (db_text(path), now_iso())
            )

    def remove_folder(self, path: str) -> list[str]:
        """Forget a root and every source under it; returns the removed source paths."""
        with self.transaction() as c:
            key = db_text(path)
            c.execute("DELETE FROM folders WHERE path = CAST(? AS TEXT)", (key,))
            gone = [r[0] for r in c.execute("SELECT path FROM sources WHERE folder = CAST(? AS TEXT)", (key,))]
            c.execute("DELETE FROM sources WHERE folder = CAST(? AS TEXT)", (key,))
        return gone

    # -- sources: bookkeeping ----------------------------------------------------------
    def source_states(self) -> dict[str, sqlite3.Row]:
        """path -> row(id, path, folder, size, mtime_ns, sha256, error, indexed_at)."""
        rows = self.conn.execute(
            "SELECT id, path, folder, size, mtime_ns, sha256, error, problems, indexed_at FROM sources"
        )
        return {r["path"]: r for r in rows}

    def write_source(
        self, rec: SourceRecord, source: SourceText | None, documents: Sequence[Document],
        stored_pages: Sequence[StoredPage] | None = None,
    ) -> int:
        """Replace everything known about ``rec.path`` in one transaction; returns source id.
        ``stored_pages``: the source's pages as ``stored_page`` made them (in the reader
        process), written instead of ``source.pages``."""
        with self.transaction() as c:
            c.execute("DELETE FROM sources WHERE path = CAST(? AS TEXT)", (db_text(rec.path),))
            problems = list(rec.problems) + (list(source.problems) if source else [])
            cur = c.execute(
                "INSERT INTO sources (path, folder, size, mtime_ns, sha256, kind, reader, pages,"
                " lines, title, metadata, bookmarks, error, problems)"
                " VALUES (CAST(? AS TEXT), CAST(? AS TEXT), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    db_text(rec.path), db_text(rec.folder), rec.size, rec.mtime_ns, rec.sha256,
                    source.kind if source else rec.kind, rec.reader,
                    source.page_count if source else None,
                    source.line_count if source else None,
                    source.title if source else None,
                    json.dumps(source.metadata if source else {}, ensure_ascii=False),
                    json.dumps([[b.level, b.title, b.page] for b in source.bookmarks] if source else [],
                               ensure_ascii=False),
                    rec.error,
                    json.dumps(problems, ensure_ascii=False),
                ),
            )
            assert cur.lastrowid is not None  # set by the INSERT just made
            sid = int(cur.lastrowid)
            if source is not None:
                c.executemany(
                    "INSERT INTO pages (source_id, number, text, has_text, garbled, furniture,"
                    " line_numbers, text_source, ocr_confidence, ocr_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(sid, *row) for row in (stored_pages if stored_pages is not None
                                             else map(stored_page, source.pages))],
                )
            rows = _ChildRows()
            for ord_, doc in enumerate(documents):
                _insert_document(c, sid, ord_, doc, rows)
            rows.insert(c)
        return sid

    def touch_source(self, path: str, size: int, mtime_ns: int) -> None:
        """Same content, new mtime: remember the new stat so the next run skips it cheaply."""
        with self.transaction() as c:
            c.execute("UPDATE sources SET size = ?, mtime_ns = ? WHERE path = CAST(? AS TEXT)",
                      (size, mtime_ns, db_text(path)))

    def rename_source(self, old: str, new: str, folder: str | None, size: int, mtime_ns: int) -> int:
        """Re-point a source at its new path, keeping its documents (and their ids)."""
        with self.transaction() as c:
            c.execute("DELETE FROM sources WHERE path = CAST(? AS TEXT)", (db_text(new),))
            c.execute(
                "UPDATE sources SET path = CAST(? AS TEXT), folder = CAST(? AS TEXT), size = ?, mtime_ns = ?,"
                " indexed_at = NULL WHERE path = CAST(? AS TEXT)",
                (db_text(new), db_text(folder), size, mtime_ns, db_text(old)),
            )
            return int(c.execute("SELECT id FROM sources WHERE path = CAST(? AS TEXT)",
                                 (db_text(new),)).fetchone()[0])

    def delete_sources(self, paths: Iterable[str]) -> None:
        with self.transaction() as c:
            c.executemany("DELETE FROM sources WHERE path = CAST(? AS TEXT)", [(db_text(p),) for p in paths])

    def mark_indexed(self, source_ids: Iterable[int]) -> None:
        stamp = now_iso()
        with self.transaction() as c:
            c.executemany(
                "UPDATE sources SET indexed_at = ? WHERE id = ?", [(stamp, i) for i in source_ids]
            )

    def clear_indexed(self) -> None:
        """Forget that anything is indexed (the index was lost or rebuilt)."""
        with self.transaction() as c:
            c.execute("UPDATE sources SET indexed_at = NULL")

    # -- reading -----------------------------------------------------------------------
    def sources(self) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT * FROM sources ORDER BY path").fetchall()

    def source_state(self, path: str) -> sqlite3.Row | None:
        return self.conn.execute(
            "SELECT id, path, folder, size, mtime_ns, sha256, error FROM sources WHERE path = ?", (path,)
        ).fetchone()

    def document_text(self, key: int) -> str:
        """The reading text of one document ("" when it has none or is gone)."""
        row = self.conn.execute("SELECT unpacked(text) AS text FROM documents WHERE id = ?", (key,)).fetchone()
        return (row["text"] if row else "") or ""

    def document_date(self, key: int) -> str | None:
        row = self.conn.execute("SELECT doc_date FROM documents WHERE id = ?", (key,)).fetchone()
        return row["doc_date"] if row else None

    def document_texts_in_order(self) -> Iterator[sqlite3.Row]:
        """(id, type, text) of every document, file by file in archive order, one row at a time."""
        yield from self.conn.execute("SELECT d.id, d.type, unpacked(d.text) AS text FROM documents d JOIN sources s"
                                     " ON s.id = d.source_id ORDER BY s.path, d.ord")

    def page_text_sources(self) -> dict[int, list[sqlite3.Row]]:
        """Per source id: (number, text_source, ocr_confidence, has_text, garbled) of each page."""
        out: dict[int, list[sqlite3.Row]] = {}
        for r in self.conn.execute("SELECT source_id, number, text_source, ocr_confidence, has_text, garbled"
                                   " FROM pages ORDER BY source_id, number"):
            out.setdefault(r["source_id"], []).append(r)
        return out

    def unreadable_pages(self) -> dict[int, list[int]]:
        """Per document: its PDF pages with no readable text (a scan not OCR'd, OCR that found
        nothing, a garbled layer): nobody could check what is on them."""
        out: dict[int, list[int]] = {}
        for r in self.conn.execute(
                "SELECT d.id AS doc, p.number FROM documents d JOIN sources s ON s.id = d.source_id"
                " JOIN pages p ON p.source_id = d.source_id AND p.number BETWEEN d.start_page AND d.end_page"
                " WHERE s.kind = 'pdf' AND (p.has_text = 0 OR p.garbled = 1) ORDER BY d.id, p.number"):
            out.setdefault(r["doc"], []).append(r["number"])
        return out

    def pages_needing_ocr(self) -> list[sqlite3.Row]:
        """PDF pages with no text layer or a garbled one and no OCR result yet."""
        return self.conn.execute(
            "SELECT s.id AS source_id, s.path, p.number FROM pages p JOIN sources s ON s.id = p.source_id"
            " WHERE s.kind = 'pdf' AND s.error IS NULL AND p.text_source = 'layer'"
            " AND (p.has_text = 0 OR p.garbled = 1) ORDER BY s.path, p.number"
        ).fetchall()

    def source(self, source_id: int) -> sqlite3.Row | None:
        return self.conn.execute("SELECT * FROM sources WHERE id = ?", (source_id,)).fetchone()

    def _all_columns(self, table: str, alias: str | None = None) -> str:
        """``alias.*`` spelled out, with the packed text column read as text: the select
        list for "the whole row" (taken from the table itself, so a column a later
        migration adds is in it)."""
        key = (table, alias)
        got = self._columns.get(key)
        if got is None:
            pre = f"{alias}." if alias else ""
            names = [r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")]
            text = f'unpacked({pre}"text")'
            if table == "items":  # where the text is kept is not part of the row (schema v8)
                names = [n for n in names if n not in _ITEM_SLICE_COLUMNS]
                text = item_text_sql(alias or "items", text)
            got = self._columns[key] = ", ".join(
                f'{text} AS "{n}"' if n == "text" else f'{pre}"{n}"' for n in names)
        return got

    def pages(self, source_id: int, first: int | None = None, last: int | None = None) -> list[sqlite3.Row]:
        sql = f"SELECT {self._all_columns('pages')} FROM pages WHERE source_id = ?"
        args: list[object] = [source_id]
        if first is not None:
            sql += " AND number >= ?"
            args.append(first)
        if last is not None:
            sql += " AND number <= ?"
            args.append(last)
        return self.conn.execute(sql + " ORDER BY number", args).fetchall()

    # every column of documents but its text: listing 36,000 documents with their texts read
    # 800 MB from disk (2.5 s); the text is only for linking
    _DOC_COLUMNS = ", ".join(
        "d." + c for c in ("id source_id ord start_page start_line end_page end_line span_evidence first_page "
                           "last_page first_line last_line type type_evidence title doc_date kenmerk betreft "
                           "series meeting_date start_time end_time place participants absent woo").split())

    def documents(
        self, *, type: str | None = None, series: str | None = None, source_id: int | None = None,
        text: bool = True, outside_meetings: bool = False, source_path: str | None = None,
    ) -> list[sqlite3.Row]:
        """Documents in archive order; text=False leaves out each document's full text;
        outside_meetings=True: only documents that belong to no meeting."""
        cols = self._all_columns("documents", "d") if text else self._DOC_COLUMNS
        sql = (
            f"SELECT {cols}, s.path AS source_path, s.kind AS source_kind, md.meeting_id AS meeting_id"
            " FROM documents d JOIN sources s ON s.id = d.source_id"
            " LEFT JOIN meeting_documents md ON md.document_id = d.id WHERE 1"
        )
        args: list[object] = []
        if type is not None:
            sql += " AND d.type = ?"
            args.append(type)
        if series is not None:
            sql += " AND d.series = ?"
            args.append(series)
        if source_id is not None:
            sql += " AND d.source_id = ?"
            args.append(source_id)
        if source_path is not None:
            sql += " AND s.path = ?"
            args.append(source_path)
        if outside_meetings:
            sql += " AND md.meeting_id IS NULL"
        return self.conn.execute(sql + " ORDER BY s.path, d.ord", args).fetchall()

    def source_document_ids(self, source_id: int) -> list[int]:
        """The ids of a source's documents, in their order in the source."""
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM documents WHERE source_id = ? ORDER BY ord", (source_id,))]

    def document(self, key: int) -> sqlite3.Row | None:
        return self.conn.execute(
            f"SELECT {self._all_columns('documents', 'd')}, s.path AS source_path, md.meeting_id AS meeting_id"
            " FROM documents d"
            " JOIN sources s ON s.id = d.source_id"
            " LEFT JOIN meeting_documents md ON md.document_id = d.id WHERE d.id = ?",
            (key,),
        ).fetchone()

    def documents_by_ids(self, keys: Sequence[int]) -> dict[int, sqlite3.Row]:
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(
            "SELECT d.id, d.first_page, d.first_line, d.type, d.title, s.path AS source_path,"
            " md.meeting_id AS meeting_id FROM documents d JOIN sources s ON s.id = d.source_id"
            f" LEFT JOIN meeting_documents md ON md.document_id = d.id WHERE d.id IN ({marks})",
            list(keys),
        )
        return {r["id"]: r for r in rows}

    def items(self, document_id: int | None = None) -> list[sqlite3.Row]:
        if document_id is None:
            return self.conn.execute(f"SELECT {self._all_columns('items')} FROM items ORDER BY document_id, ord").fetchall()
        return self.conn.execute(
            f"SELECT {self._all_columns('items')} FROM items WHERE document_id = ? ORDER BY ord", (document_id,)
        ).fetchall()

    def document_count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def link_keys(self, keys: Sequence[int]) -> list[sqlite3.Row]:
        """What grouping reads of these documents (at most a few hundred), their minhash, and
        their place in archive order (source_path, ord): what the link helper prepares them
        by while the readers run (link/helper.py)."""
        marks = ",".join("?" * len(keys))
        return self.conn.execute(
            "SELECT d.id, d.type, d.series, d.meeting_date, d.start_time, d.end_time, d.place, d.title, d.doc_date,"
            f" d.minhash, s.path AS source_path, d.ord FROM documents d JOIN sources s ON s.id = d.source_id"
            f" WHERE d.id IN ({marks})", list(keys)).fetchall()

    def items_of(self, document_ids: Sequence[int]) -> dict[int, list[dict]]:
        """Items (with text) of the given documents, in order: document id -> item dicts."""
        out: dict[int, list[dict]] = {}
        keys = sorted(set(document_ids))
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                    f"SELECT {self._all_columns('items')} FROM items WHERE document_id IN ({marks})"
                    " ORDER BY document_id, ord", chunk):
                out.setdefault(r["document_id"], []).append(dict(r))
        return out

    def item_headings(self, document_ids: Sequence[int]) -> dict[int, list[dict]]:
        """As items_of, with only what aligning reads (number, title, level): no text to
        unpack (the main process aligns while the link helper reads the texts, link/helper.py)."""
        out: dict[int, list[dict]] = {}
        keys = sorted(set(document_ids))
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for key, number, title, level in self.conn.execute(
                    f"SELECT document_id, number, title, level FROM items WHERE document_id IN ({marks})"
                    " ORDER BY document_id, ord", chunk):
                out.setdefault(key, []).append({"number": number, "title": title, "level": level})
        return out

    def stream_documents(self) -> Iterator[tuple[dict, list[dict]]]:
        """Every document with its text and its items, one at a time, in archive order (as
        documents()): for linking, which cannot hold a large archive's texts at once."""
        cur = self.conn.execute(
            f"SELECT {self._all_columns('documents', 'd')}, s.path AS source_path FROM documents d"
            " JOIN sources s ON s.id = d.source_id ORDER BY s.path, d.ord")
        item_columns = self._all_columns("items")
        for r in cur:
            items = [dict(x) for x in self.conn.execute(
                f"SELECT {item_columns} FROM items WHERE document_id = ? ORDER BY ord", (r["id"],))]
            yield dict(r), items

    def document_heads(self, head: int) -> Iterator[tuple[dict, list[dict]]]:
        """Every document (id, type, title, minhash, chars: the length of its text) with the
        first ``head`` characters of its text and no items, in archive order: what linking's
        first pass reads (the whole text when no signature is stored, to make it from; no
        text when its stored scan of mentions has its kamerstuk numbers, "kst": then chars is
        the stored size, as the relink reads no text of it, link/mentions.py). Pairs, as
        stream_documents() gives."""
        from .link.mentions import from_json

        cur = self.conn.execute(
            "SELECT d.id, d.type, d.title, d.minhash, unpacked(d.mentions) AS mentions,"
            " CASE WHEN d.mentions IS NULL THEN length(unpacked(d.text)) ELSE length(d.text) END AS chars,"
            " CASE WHEN d.minhash IS NULL THEN unpacked(d.text)"
            " WHEN d.mentions IS NULL THEN substr(unpacked(d.text), 1, ?) END AS text"
            " FROM documents d JOIN sources s ON s.id = d.source_id ORDER BY s.path, d.ord", (head,))
        for r in cur:
            d = dict(r)
            scan = from_json(d.pop("mentions"))
            if scan is not None:
                d["kst"] = scan["kst"]
            elif d["text"] is None:  # a scan made by an older scanner: its text after all
                text = self.document_text(d["id"])
                d["text"], d["chars"] = text[:head], len(text)
            yield d, []

    def reference_rows(self, keys: Sequence[int]) -> list[tuple[dict, list[dict]]]:
        """documents_with_items() for finding references (link.chunk_references): a document
        whose mentions are stored (link/mentions.py) comes as id, type, series, meeting_date,
        doc_date and its "scan", without its text and items; the others whole."""
        from .link.mentions import from_json

        rows: dict[int, dict] = {}
        for i in range(0, len(keys), 500):
            chunk = list(keys[i:i + 500])
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute("SELECT id, type, series, meeting_date, doc_date, unpacked(mentions) AS m"
                                       f" FROM documents WHERE id IN ({marks})", chunk):
                scan = from_json(r["m"])
                if scan is not None:
                    rows[r["id"]] = {"id": r["id"], "type": r["type"], "series": r["series"],
                                     "meeting_date": r["meeting_date"], "doc_date": r["doc_date"], "scan": scan}
        whole = {d["id"]: (d, its) for d, its in self.documents_with_items([k for k in keys if k not in rows])}
        return [(rows[k], []) if k in rows else whole[k] for k in keys if k in rows or k in whole]

    def documents_with_items(self, keys: Sequence[int]) -> list[tuple[dict, list[dict]]]:
        """These documents with their text and items, in the order of ``keys`` (as
        stream_documents() gives them); documents that are gone are left out."""
        rows: dict[int, dict] = {}
        for i in range(0, len(keys), 500):
            chunk = list(keys[i:i + 500])
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(f"SELECT {self._all_columns('documents', 'd')}, s.path AS source_path"
                                       f" FROM documents d JOIN sources s"
                                       f" ON s.id = d.source_id WHERE d.id IN ({marks})", chunk):
                rows[r["id"]] = dict(r)
        items = self.items_of(list(rows))
        return [(rows[k], items.get(k, [])) for k in keys if k in rows]

    def redaction_counts(self, document_id: int | None = None) -> dict[int, dict[str, int]]:
        sql = "SELECT document_id, code, COUNT(*) FROM redactions"
        args: tuple[object, ...] = ()
        if document_id is not None:
            sql += " WHERE document_id = ?"
            args = (document_id,)
        out: dict[int, dict[str, int]] = {}
        for doc, code, n in self.conn.execute(sql + " GROUP BY document_id, code ORDER BY code", args):
            out.setdefault(doc, {})[code] = n
        return out

    def citation_counts(self) -> dict[int, dict[str, int]]:
        out: dict[int, dict[str, int]] = {}
        for doc, code, n in self.conn.execute(
                "SELECT document_id, code, COUNT(*) FROM citations GROUP BY document_id, code"):
            out.setdefault(doc, {})[code] = n
        return out

    def redaction_boxes(self, document_id: int | None = None) -> dict[int, list[sqlite3.Row]]:
        sql = "SELECT * FROM redaction_boxes"
        args: tuple = ()
        if document_id is not None:
            sql, args = sql + " WHERE document_id = ?", (document_id,)
        out: dict[int, list[sqlite3.Row]] = {}
        for r in self.conn.execute(sql + " ORDER BY document_id, page, y0, x0", args):
            out.setdefault(r["document_id"], []).append(r)
        return out

    def redactions(self, document_id: int) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT * FROM redactions WHERE document_id = ? ORDER BY id", (document_id,)
        ).fetchall()

    def meetings(self) -> list[sqlite3.Row]:
        return self.conn.execute('SELECT * FROM meetings ORDER BY date, start, id').fetchall()

    def meeting(self, meeting_id: str) -> sqlite3.Row | None:
        return self.conn.execute("SELECT * FROM meetings WHERE id = ?", (meeting_id,)).fetchone()

    def meeting_documents(self, meeting_id: str | None = None) -> list[sqlite3.Row]:
        sql = (
            "SELECT md.meeting_id, md.document_id, md.role FROM meeting_documents md"
            " JOIN documents d ON d.id = md.document_id"
        )
        if meeting_id is None:
            return self.conn.execute(sql + " ORDER BY md.meeting_id, d.id").fetchall()
        return self.conn.execute(sql + " WHERE md.meeting_id = ? ORDER BY d.id", (meeting_id,)).fetchall()

    def meeting_items(self, meeting_id: str | None = None) -> list[sqlite3.Row]:
        if meeting_id is None:
            return self.conn.execute("SELECT * FROM meeting_items ORDER BY meeting_id, ord").fetchall()
        return self.conn.execute(
            "SELECT * FROM meeting_items WHERE meeting_id = ? ORDER BY ord", (meeting_id,)
        ).fetchall()

    def links(self) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT * FROM links ORDER BY id").fetchall()

    def indexed_document_count(self) -> int:
        """Documents of sources whose units are in the full-text index."""
        return int(self.conn.execute(
            "SELECT COUNT(*) FROM documents d JOIN sources s ON s.id = d.source_id"
            " WHERE s.indexed_at IS NOT NULL").fetchone()[0])

    def counts(self) -> dict[str, int]:
        c = self.conn
        one = lambda sql: int(c.execute(sql).fetchone()[0])  # noqa: E731
        return {
            "folders": one("SELECT COUNT(*) FROM folders"),
            "sources": one("SELECT COUNT(*) FROM sources"),
            "failed": one("SELECT COUNT(*) FROM sources WHERE error IS NOT NULL"),
            "with_problems": one("SELECT COUNT(*) FROM sources WHERE problems != '[]'"),
            "pages": one("SELECT COUNT(*) FROM pages"),
            "documents": one("SELECT COUNT(*) FROM documents"),
            "items": one("SELECT COUNT(*) FROM items"),
            "redactions": one("SELECT COUNT(*) FROM redactions"),
            "meetings": one("SELECT COUNT(*) FROM meetings"),
            "links": one("SELECT COUNT(*) FROM links"),
        }

    def type_counts(self, outside_meetings: bool = False) -> dict[str, int]:
        where = (" WHERE NOT EXISTS (SELECT 1 FROM meeting_documents md WHERE md.document_id = d.id)"
                 if outside_meetings else "")
        return {
            t: n
            for t, n in self.conn.execute(
                f"SELECT d.type, COUNT(*) FROM documents d{where} GROUP BY d.type ORDER BY d.type"
            )
        }

    def source_document_counts(self) -> dict[str, int]:
        """Number of documents per source file (path), for files with at least one."""
        return dict(self.conn.execute(
            "SELECT s.path, COUNT(*) FROM documents d JOIN sources s ON s.id = d.source_id"
            " GROUP BY s.path ORDER BY s.path"))

    def integrity_check(self) -> str:
        """SQLite's own check of the catalog file: "ok", or the first problem it found."""
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    # -- for the archive: folders taken over, link queries ------------------------------
    def absorb_folder(self, root: str, into: str) -> None:
        """A new root ``into`` above the root ``root`` takes it over: ``root`` leaves the
        folders and its sources are filed under ``into``."""
        with self.transaction() as c:
            c.execute("DELETE FROM folders WHERE path = CAST(? AS TEXT)", (db_text(root),))
            c.execute("UPDATE sources SET folder = CAST(? AS TEXT) WHERE folder = CAST(? AS TEXT)",
                      (db_text(into), db_text(root)))

    def aligned_row(self, key: int, number: str | None) -> sqlite3.Row | None:
        """The meeting_items row holding this item as its agenda, nota or verslag item."""
        return self.conn.execute(
            "SELECT mi.* FROM meeting_items mi WHERE (agenda_doc = ? AND agenda_number = ?)"
            " OR (nota_doc = ? AND nota_number = ?) OR (verslag_doc = ? AND verslag_number = ?)",
            (key, number, key, number, key, number),
        ).fetchone()

    def meeting_of_document(self, key: int) -> str | None:
        row = self.conn.execute("SELECT meeting_id FROM meeting_documents WHERE document_id = ?", (key,)).fetchone()
        return row[0] if row else None

    def meeting_document_ids(self, meeting_id: str) -> list[int]:
        return [r["document_id"] for r in self.conn.execute(
            "SELECT document_id FROM meeting_documents WHERE meeting_id = ?", (meeting_id,))]

    def document_ids(self) -> list[int]:
        return [r["id"] for r in self.conn.execute("SELECT id FROM documents")]

    def document_title(self, key: int) -> str | None:
        row = self.conn.execute("SELECT title FROM documents WHERE id = ?", (key,)).fetchone()
        return row[0] if row else None

    def documents_of_types(self, keys: Sequence[int], types: Sequence[str]) -> dict[int, sqlite3.Row]:
        """id -> row(id, type, kind of its source) of those of ``keys`` whose type is one of ``types``."""
        marks = ",".join("?" * len(keys)) or "NULL"
        return {r["id"]: r for r in self.conn.execute(
            f"SELECT d.id, d.type, s.kind FROM documents d JOIN sources s ON s.id = d.source_id WHERE d.id IN ({marks})"
            f" AND d.type IN ({','.join('?' * len(types))})", [*keys, *types])}

    def item_title(self, key: int, number: str) -> str | None:
        r = self.conn.execute(
            "SELECT title FROM items WHERE document_id = ? AND number = ? ORDER BY ord LIMIT 1", (key, number)
        ).fetchone()
        return r["title"] if r else None

    def links_from(self, key: int, number: str | None) -> list[sqlite3.Row]:
        """Links stored from this item (number None: from the document as a whole)."""
        cond = "from_number IS ?" if number is None else "from_number = ?"
        return self.conn.execute(f"SELECT * FROM links WHERE from_doc = ? AND {cond} ORDER BY id", (key, number)).fetchall()

    def links_to(self, key: int, number: str | None) -> list[sqlite3.Row]:
        """Links stored pointing at this item (number None: at the whole document)."""
        return self.conn.execute("SELECT * FROM links WHERE to_doc = ? AND to_number IS ? ORDER BY id",
                                 (key, number)).fetchall()

    # -- derived data ------------------------------------------------------------------
    def replace_links(
        self,
        meetings: Sequence[dict],
        links: Iterable[dict] = (),
    ) -> None:
        """Rewrite meetings, their documents and aligned items, and links, in one transaction.

        meetings: dicts with id, series, date, start, end, place, documents: [(doc key, role)],
        items: [dict(number, title, agenda_doc, agenda_number, nota_doc, ...)].
        links: dicts with the columns of the links table; any iterable, read once and
        written as it is read (a large archive's links need not be in memory at once).
        """
        with self.transaction() as c:
            c.execute("DELETE FROM links")
            c.execute("DELETE FROM meeting_items")
            c.execute("DELETE FROM meeting_documents")
            c.execute("DELETE FROM meetings")
            for m in meetings:
                c.execute(
                    'INSERT INTO meetings (id, series, date, start, "end", place) VALUES (?, ?, ?, ?, ?, ?)',
                    (m["id"], m.get("series"), m.get("date"), m.get("start"), m.get("end"), m.get("place")),
                )
                c.executemany(
                    "INSERT OR IGNORE INTO meeting_documents (meeting_id, document_id, role) VALUES (?, ?, ?)",
                    [(m["id"], key, role) for key, role in m.get("documents", [])],
                )
                cols: tuple[str, ...] = ("number", "title", "agenda_doc", "agenda_number", "nota_doc",
                        "nota_number", "verslag_doc", "verslag_number")
                c.executemany(
                    "INSERT INTO meeting_items (meeting_id, ord, " + ", ".join(cols) + ")"
                    " VALUES (?, ?, " + ", ".join("?" * len(cols)) + ")",
                    [(m["id"], i, *(row.get(k) for k in cols)) for i, row in enumerate(m.get("items", []))],
                )
            cols = ("kind", "from_doc", "from_number", "to_meeting", "to_doc", "to_number",
                    "to_text", "to_date", "evidence", "score")
            c.executemany(
                "INSERT INTO links (" + ", ".join(cols) + ") VALUES (" + ", ".join("?" * len(cols)) + ")",
                (tuple(map(link.get, cols)) for link in links),
            )


# a page as the catalog stores it, the columns of ``pages`` after source_id
StoredPage = tuple  # (number, text (packed), has_text, garbled, furniture, line_numbers,
#                      text_source, ocr_confidence, ocr_key)


def stored_page(page: Page) -> StoredPage:
    """The row of ``page`` (without its source id). Made in the reader process when the
    page travels to the catalog (pipeline.for_catalog): a tuple of a few strings pickles in
    a fraction of the time of the page's Line objects."""
    # one stored line per Line: a newline inside a line's text would shift every later line
    texts = [ln.text.replace("\n", " ").replace("\r", " ") for ln in page.lines]
    furniture = [i for i, ln in enumerate(page.lines) if ln.furniture]
    numbers = [ln.number for ln in page.lines]
    line_numbers = json.dumps(numbers) if any(n is not None for n in numbers) else None
    return (
        page.number, pack("\n".join(texts)), int(bool(page.has_text)), int(bool(page.garbled)),
        json.dumps(furniture), line_numbers,
        page.text_source, page.ocr_confidence, page.ocr_key,
    )


def _woo_json(d: Document) -> str | None:
    """The Woo fields of a document as stored in ``documents.woo``; None when all are empty."""
    woo = {k: v for k, v in (("stamp", d.stamp), ("inventory", d.inventory), ("dossier", d.dossier),
                              ("number", d.number)) if v}
    return json.dumps(woo, ensure_ascii=False) if woo else None


def woo_fields(row) -> dict:
    """The Woo fields of a stored document row: stamp, inventory, dossier, number."""
    raw = row["woo"] if "woo" in row.keys() else None
    woo = json.loads(raw) if raw else {}
    return {"stamp": woo.get("stamp"), "inventory": woo.get("inventory", []),
            "dossier": woo.get("dossier"), "number": woo.get("number")}


class _ChildRows:
    """The rows of a source's documents' items, redactions, citations and boxes, inserted
    per table in one executemany each (in document order: the same row ids as inserting them
    document by document), instead of four statements per document."""

    def __init__(self) -> None:
        self.items: list[tuple] = []
        self.redactions: list[tuple] = []
        self.citations: list[tuple] = []
        self.boxes: list[tuple] = []

    def insert(self, c: sqlite3.Connection) -> None:
        c.executemany(
            "INSERT INTO items (document_id, ord, number, title, page, line, level, parent, text,"
            " text_from, text_to, start_page, start_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.items)
        c.executemany("INSERT INTO redactions (document_id, code, raw, page, line) VALUES (?, ?, ?, ?, ?)",
                      self.redactions)
        c.executemany("INSERT INTO citations (document_id, code, raw, page, line) VALUES (?, ?, ?, ?, ?)",
                      self.citations)
        c.executemany(
            "INSERT INTO redaction_boxes (document_id, page, x0, y0, x1, y1, code) VALUES (?, ?, ?, ?, ?, ?, ?)",
            self.boxes)


def _insert_document(c: sqlite3.Connection, source_id: int, ord_: int, d: Document, rows: _ChildRows) -> int:
    """The document's row (its minhash and mentions in the same statement); its items,
    redactions, citations and boxes added to ``rows``, for the caller to insert."""
    sig = d.minhash
    if sig is None:  # not read by the pipeline's workers (which make it)
        from .link.versions import signature

        sig = signature(d.text)
    mentions = d.mentions
    if mentions is None:  # not read by the pipeline's workers (which make it); made of the items
        from .link.mentions import document_json

        mentions = document_json(d.text, d.items)
    cur = c.execute(
        "INSERT INTO documents (source_id, ord, start_page, start_line, end_page, end_line,"
        " span_evidence, first_page, last_page, first_line, last_line, type, type_evidence, title,"
        " doc_date, kenmerk, betreft, series, meeting_date, start_time, end_time, place,"
        " participants, absent, text, woo, minhash, mentions)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            source_id, ord_, d.span.start.page, d.span.start.line, d.span.end.page, d.span.end.line,
            d.span.evidence, d.first_page, d.last_page, d.first_line, d.last_line,
            d.type or "other", d.type_evidence, d.title, d.doc_date, d.kenmerk, d.betreft, d.series,
            d.meeting_date, d.start_time, d.end_time, d.place,
            json.dumps(d.participants, ensure_ascii=False), json.dumps(d.absent, ensure_ascii=False),
            pack(d.text), _woo_json(d), sig, pack(mentions),
        ),
    )
    assert cur.lastrowid is not None  # set by the INSERT just made
    key = int(cur.lastrowid)
    for i, it in enumerate(d.items):
        # an item's text is a piece of the document's text: stored as its place there (v8)
        at = slice_at(d.text, it.text)
        rows.items.append((key, i, it.number, it.title, it.page, it.line, it.level, it.parent,
                           pack(it.text) if at is None else None, *(at or (None, None)),
                           it.start.page if it.start else None, it.start.line if it.start else None))
    rows.redactions += [(key, r.code, r.raw, r.page, r.line) for r in d.redactions]
    rows.citations += [(key, r.code, r.raw, r.page, r.line) for r in d.citations]
    rows.boxes += [(key, b.page, *b.bbox, b.code) for b in d.boxes]
    return key
