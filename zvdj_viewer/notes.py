"""The user's own layer on the archive: notes, stars, tags and a reading list.

Stored in ``DATA/notes.sqlite`` (the data directory, never an archive folder), apart from
the catalog: the catalog is derived data that may be rebuilt from scratch at any time, the
notes are not.

Anchoring. Document ids ("d12") and meeting ids are catalog keys: they change when an
archive is indexed again from scratch or a folder moves. So a note remembers *what* it is
about, not only where: the SHA-256 of the source file, the file name, the document's type,
title and position in its file (bundles), the item number and title, the page/line, and a
quote of the text. ``resolve`` finds that place in the current catalog:

- ``attached``   the same file content is in the archive (maybe under another path);
- ``reattached`` the file changed, but the quote / item / document was found again;
- ``orphaned``   the quoted text is gone from every candidate: the note is kept and shown as
  orphaned, with what it was about, never dropped.

``NoteStore.reattach(archive)`` resolves every anchor and caches the result (doc id, meeting
id, page, line, status) so lists and searches need no archive; call it after each update.

Export/import: JSON (``{"format": "zvdj-notes", "version": 1, ...}``) and Markdown (readable,
with each entry's JSON in an HTML comment so it can be imported again). Every note, star and
reading-list entry has a uuid: importing the same file twice adds nothing the second time.

Search: ``search_notes(store, "tag:navragen note:wachttijd regio")`` - ``tag:`` terms must
all be tags of the note, ``note:`` terms and plain words must all occur in its text.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import sqlite3
import threading
import uuid as uuid_mod
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from . import paths as paths_mod
from .catalog import CatalogError, migrate
from .errors import ZvdjError
from .fsnames import readable

if TYPE_CHECKING:
    from .archive.contract import ArchiveReader

NOTES_NAME = "notes.sqlite"
EXPORT_FORMAT = "zvdj-notes"
EXPORT_VERSION = 1
QUOTE_CHARS = 200  # how much text a note keeps as its anchor quote

KINDS = ("document", "item", "selection", "meeting")
ATTACHED, REATTACHED, ORPHANED = "attached", "reattached", "orphaned"


MAX_IMPORT_BYTES = 64 * 2**20  # a notes export of 100,000 notes is some 60 MB


class NoteStoreError(ZvdjError):
    """The notes file cannot be used or an import file is not a notes file. ``str()`` says why."""


# -- anchors ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Anchor:
    """What a note (star, reading-list entry) is about, in terms that survive re-indexing."""

    kind: str  # one of KINDS
    content_hash: str | None = None  # SHA-256 of the source file
    source_name: str | None = None  # file name: a hint once the file changed
    # the file's path (readable, fsnames.py): an identical copy elsewhere is another file
    source_path: str | None = None
    doc_ord: int | None = None  # position of the document in its file (bundles)
    doc_type: str | None = None
    doc_title: str | None = None
    meeting_series: str | None = None
    meeting_date: str | None = None
    meeting_start: str | None = None
    item_number: str | None = None
    item_title: str | None = None
    page: int | None = None
    line: int | None = None
    quote: str = ""  # the selected text, or the start of the item's text
    # the ids when the anchor was made or last resolved: hints only
    doc_id: str | None = None
    meeting_id: str | None = None

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}

    @classmethod
    def from_dict(cls, data: dict) -> Anchor:
        known = {f.name for f in fields(cls)}
        clean = {k: v for k, v in (data or {}).items() if k in known}
        if clean.get("kind") not in KINDS:
            raise NoteStoreError(f"unknown anchor kind {clean.get('kind')!r}")
        return cls(**clean)


@dataclass(frozen=True)
class Place:
    """Where an anchor is in the current catalog."""

    status: str  # attached | reattached | orphaned
    doc_id: str | None = None
    meeting_id: str | None = None
    item_number: str | None = None
    page: int | None = None
    line: int | None = None


def normalise(text: str) -> str:
    """Words only, lower case, single spaces: a quote still matches after re-reading the
    file with other line breaks, hyphenation or markup."""
    return " ".join(re.findall(r"\w+", (text or "").casefold()))


class _View:
    """What resolving needs from the archive, read once per batch of anchors."""

    def __init__(self, archive: ArchiveReader):
        self.a = archive
        all_docs = archive.documents()
        self.docs = {d.id: d for d in all_docs}
        self.ord: dict[str, int] = {}
        per_source: dict[str, int] = {}
        for d in all_docs:  # ordered by source path, then position in the file
            self.ord[d.id] = per_source.get(d.source, 0)
            per_source[d.source] = per_source.get(d.source, 0) + 1
        self.hash_of = _source_hashes(archive)
        self.meetings = {m.id: m for m in archive.meetings()}
        self._full: dict[str, object] = {}
        self._lines: dict[str, tuple[str, list[tuple[int, int, int]]]] = {}

    def full(self, doc_id: str):
        if doc_id not in self._full:
            self._full[doc_id] = self.a.document(doc_id)
        return self._full[doc_id]

    def text(self, doc_id: str) -> tuple[str, list[tuple[int, int, int]]]:
        """Normalised reading text of a document and (offset, page, line) of each line."""
        if doc_id not in self._lines:
            parts, marks, pos = [], [], 0
            for p in self.a.document_pages(doc_id):
                for ln in p.lines:
                    if ln.furniture:
                        continue
                    t = normalise(ln.text)
                    if not t:
                        continue
                    marks.append((pos, p.number, ln.number))
                    parts.append(t)
                    pos += len(t) + 1
            self._lines[doc_id] = (" ".join(parts), marks)
        return self._lines[doc_id]

    def find_quote(self, doc_id: str, quote: str) -> tuple[int, int] | None:
        """(page, line) where the normalised quote starts in the document, or None."""
        q = normalise(quote)
        if not q:
            return None
        text, marks = self.text(doc_id)
        at = text.find(q)
        if at < 0:
            return None
        page, line = marks[0][1], marks[0][2]
        for off, pg, ln in marks:
            if off > at:
                break
            page, line = pg, ln
        return page, line


def _source_hashes(archive: ArchiveReader) -> dict[str, str]:
    """source path -> SHA-256, from the catalog (already computed when indexing)."""
    return archive.source_hashes()


def _meeting_label_fields(view: _View, meeting_id: str | None) -> dict:
    m = view.meetings.get(meeting_id) if meeting_id else None
    if m is None:
        return {}
    return {"meeting_series": m.series, "meeting_date": m.date, "meeting_start": m.start, "meeting_id": m.id}


def _doc_fields(view: _View, doc_id: str) -> dict:
    d = view.docs.get(doc_id)
    if d is None:
        raise KeyError(f"no document {doc_id!r} in the archive")
    out = {"content_hash": view.hash_of.get(d.source), "source_name": readable(os.path.basename(d.source)),
           "source_path": readable(d.source),
           "doc_ord": view.ord.get(doc_id), "doc_type": d.type, "doc_title": d.title, "doc_id": d.id}
    out.update(_meeting_label_fields(view, d.meeting))
    if d.meeting is None and (d.series or d.meeting_date):
        out.update(meeting_series=d.series, meeting_date=d.meeting_date, meeting_start=d.start_time)
    return out


def anchor_document(archive: ArchiveReader, doc_id: str, *, page: int | None = None) -> Anchor:
    view = _View(archive)
    return Anchor("document", page=page, **_doc_fields(view, doc_id))


def anchor_item(archive: ArchiveReader, doc_id: str, number: str) -> Anchor:
    """A note on agenda item ``number`` of a document (agenda, nota or verslag)."""
    view = _View(archive)
    base = _doc_fields(view, doc_id)
    doc = view.full(doc_id)
    it = next((i for i in doc.items if i.number == number), None) if doc else None
    if it is None:
        raise KeyError(f"document {doc_id} has no item {number!r}")
    return Anchor("item", item_number=it.number, item_title=it.title, page=it.page, line=it.line,
                  quote=_quote(it.text or it.title), **base)


def anchor_selection(archive: ArchiveReader, doc_id: str, text: str, *, page: int | None = None,
                     line: int | None = None, item: str | None = None) -> Anchor:
    """A note on a piece of selected text (the quote) in a document."""
    view = _View(archive)
    base = _doc_fields(view, doc_id)
    title = None
    if item:
        doc = view.full(doc_id)
        title = next((i.title for i in doc.items if i.number == item), None) if doc else None
    if page is None and line is None:
        found = view.find_quote(doc_id, text)
        if found:
            page, line = found
    if not item:  # the item the selection lies in, so the note shows with that item
        it = _item_at(view, doc_id, page, line)
        if it is not None:
            item, title = it.number, it.title
    return Anchor("selection", item_number=item, item_title=title, page=page, line=line,
                  quote=_quote(text), **base)


def anchor_meeting(archive: ArchiveReader, meeting_id: str) -> Anchor:
    m = archive.meeting(meeting_id)
    if m is None:
        raise KeyError(f"no meeting {meeting_id!r} in the archive")
    return Anchor("meeting", meeting_series=m.series, meeting_date=m.date, meeting_start=m.start,
                  meeting_id=m.id)


def _quote(text: str) -> str:
    t = " ".join((text or "").split())
    if len(t) <= QUOTE_CHARS:
        return t
    cut = t.rfind(" ", 0, QUOTE_CHARS)
    return t[: cut if cut > QUOTE_CHARS // 2 else QUOTE_CHARS]


def _similar(a: str | None, b: str | None) -> float:
    a, b = normalise(a or ""), normalise(b or "")
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b).ratio()


def _item_at(view: _View, doc_id: str, page: int | None, line: int | None):
    """The (top-level) item whose text holds page/line: the last one starting before it."""
    doc = view.full(doc_id)
    if doc is None or (page is None and line is None):
        return None
    here = (page or 0, line or 0)
    best = None
    for it in doc.items:
        if it.level:
            continue
        start = (it.page or (page or 0), it.line or 0)
        if start <= here:
            best = it
    return best


def _resolve_meeting(view: _View, a: Anchor) -> str | None:
    if a.meeting_date:
        same = [m for m in view.meetings.values() if m.date == a.meeting_date
                and (m.series == a.meeting_series or not a.meeting_series)]
        if len(same) > 1 and a.meeting_start:
            same = [m for m in same if m.start == a.meeting_start] or same
        if same:
            return same[0].id
    if a.meeting_id in view.meetings:
        return a.meeting_id
    return None


def _find_item(view: _View, doc_id: str, a: Anchor):
    """The item of the document that is the anchor's item: same number and a similar title,
    or (numbers get shifted in new versions) a clearly similar title."""
    doc = view.full(doc_id)
    if doc is None or not doc.items:
        return None
    best, best_score = None, 0.0
    for it in doc.items:
        score = _similar(it.title, a.item_title) if a.item_title else 0.0
        if it.number == a.item_number:
            score += 0.5 if (not a.item_title or score >= 0.6) else 0.0
        if score > best_score:
            best, best_score = it, score
    return best if best_score >= 0.8 else None


def resolve(archive_or_view, a: Anchor) -> Place:
    """Where the anchor is in the archive now (see the module text)."""
    view = archive_or_view if isinstance(archive_or_view, _View) else _View(archive_or_view)
    if a.kind == "meeting":
        mid = _resolve_meeting(view, a)
        return Place(ATTACHED if mid else ORPHANED, meeting_id=mid)

    # 1. the same file content: the note's place is exactly where it was. Unless the note's
    # own file is still in the archive with other content (it was edited): then an
    # identical copy elsewhere is only a candidate after that file (step 2), never an
    # "attached" that hides the change.
    own = {d.id for d in view.docs.values() if a.source_path and readable(d.source) == a.source_path}
    exact = [d for d in view.docs.values() if a.content_hash and view.hash_of.get(d.source) == a.content_hash]
    if exact and (not own or any(d.id in own for d in exact)):
        exact.sort(key=lambda d: (d.id not in own, view.ord.get(d.id) != a.doc_ord, d.title != a.doc_title, d.id))
        place = _place_in(view, exact[0].id, a, ATTACHED, strict=False)
        if place is not None:
            return place

    # 2. a changed or re-saved file: look in likely documents for the same text
    cands = []
    for d in view.docs.values():
        score = 3.0 if d.id in own else 0.0  # the note's own file first
        if a.source_name and readable(os.path.basename(d.source)) == a.source_name:
            score += 2
        if a.doc_title and d.title == a.doc_title:
            score += 2
        elif a.doc_title and _similar(d.title, a.doc_title) >= 0.8:
            score += 1
        if a.doc_type and d.type == a.doc_type:
            score += 0.5
        if a.meeting_date and d.meeting_date == a.meeting_date and (d.series == a.meeting_series):
            score += 1.5
        if view.ord.get(d.id) == a.doc_ord:
            score += 0.25
        if score >= 1.5:
            cands.append((score, d.id))
    cands.sort(key=lambda x: (-x[0], x[1]))
    for _score, did in cands[:25]:
        place = _place_in(view, did, a, REATTACHED, strict=True)
        if place is not None:
            return place
    return Place(ORPHANED)


def _place_in(view: _View, doc_id: str, a: Anchor, status: str, *, strict: bool) -> Place | None:
    """The anchor inside one document, or None when it is not there (strict: the content
    must be found again; not strict: the same file, so fall back to the stored page)."""
    d = view.docs[doc_id]
    meeting = d.meeting or _resolve_meeting(view, a)
    if a.kind == "document":
        if strict and not (d.title == a.doc_title or _similar(d.title, a.doc_title) >= 0.9):
            return None
        return Place(status, doc_id, meeting, None, a.page, a.line)
    if a.kind == "item":
        it = _find_item(view, doc_id, a)
        if it is not None:
            return Place(status, doc_id, meeting, it.number, it.page, it.line)
        found = view.find_quote(doc_id, a.quote) if a.quote and len(normalise(a.quote)) >= 20 else None
        if found:
            return Place(status, doc_id, meeting, a.item_number, *found)
        return None if strict else Place(status, doc_id, meeting, a.item_number, a.page, a.line)
    # selection: the quote must be there (strict), or we trust the unchanged file
    found = view.find_quote(doc_id, a.quote)
    if found:
        it = _item_at(view, doc_id, *found) if a.item_number else None
        return Place(status, doc_id, meeting, it.number if it is not None else a.item_number, *found)
    return None if strict else Place(status, doc_id, meeting, a.item_number, a.page, a.line)


# -- what the store hands out ------------------------------------------------------------------

@dataclass(frozen=True)
class Note:
    uuid: str
    anchor: Anchor
    body: str = ""
    tags: tuple[str, ...] = ()
    created: str = ""
    modified: str = ""
    place: Place = field(default_factory=lambda: Place(ATTACHED))

    @property
    def orphaned(self) -> bool:
        return self.place.status == ORPHANED


@dataclass(frozen=True)
class Star:
    uuid: str
    anchor: Anchor
    created: str = ""
    place: Place = field(default_factory=lambda: Place(ATTACHED))


@dataclass(frozen=True)
class ReadingEntry:
    uuid: str
    anchor: Anchor
    added: str = ""
    read: bool = False
    read_at: str | None = None
    last_page: int | None = None
    last_line: int | None = None
    modified: str = ""
    place: Place = field(default_factory=lambda: Place(ATTACHED))


@dataclass(frozen=True)
class ReattachReport:
    attached: int = 0
    reattached: int = 0
    orphaned: int = 0


@dataclass(frozen=True)
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0  # already there (same uuid, not newer)

    def summary(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} already there"


def normalise_tag(tag: str) -> str:
    """Tags compare case-insensitively; '#navragen' and 'Navragen' are the same tag."""
    return " ".join(tag.strip().lstrip("#").split()).casefold()


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


# -- the store --------------------------------------------------------------------------------

SCHEMA_V1 = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version (version) VALUES (0);

CREATE TABLE notes (
    uuid     TEXT PRIMARY KEY,
    kind     TEXT NOT NULL,
    body     TEXT NOT NULL DEFAULT '',
    created  TEXT NOT NULL,
    modified TEXT NOT NULL,
    anchor   TEXT NOT NULL,              -- json: Anchor
    -- where the anchor was found by the last resolve (a cache; the anchor is the truth)
    status TEXT NOT NULL DEFAULT 'attached', doc_id TEXT, meeting_id TEXT, item TEXT,
    page INTEGER, line INTEGER
);
CREATE INDEX notes_doc ON notes(doc_id);
CREATE INDEX notes_meeting ON notes(meeting_id);

CREATE TABLE note_tags (
    note_uuid TEXT NOT NULL REFERENCES notes(uuid) ON DELETE CASCADE,
    tag       TEXT NOT NULL,             -- normalised (normalise_tag)
    PRIMARY KEY (note_uuid, tag)
);
CREATE INDEX note_tags_tag ON note_tags(tag);

CREATE TABLE stars (
    uuid TEXT PRIMARY KEY, kind TEXT NOT NULL, created TEXT NOT NULL, anchor TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'attached', doc_id TEXT, meeting_id TEXT, item TEXT,
    page INTEGER, line INTEGER
);

CREATE TABLE reading_list (
    uuid TEXT PRIMARY KEY, kind TEXT NOT NULL, added TEXT NOT NULL, anchor TEXT NOT NULL,
    ord INTEGER NOT NULL DEFAULT 0,
    read INTEGER NOT NULL DEFAULT 0, read_at TEXT, last_page INTEGER, last_line INTEGER,
    modified TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'attached', doc_id TEXT, meeting_id TEXT, item TEXT,
    page INTEGER, line INTEGER
);
"""

MIGRATIONS = [SCHEMA_V1]

_PLACE_COLS = ("status", "doc_id", "meeting_id", "item", "page", "line")


def notes_path(data_dir: str | os.PathLike[str] | None = None) -> Path:
    return paths_mod.data_dir(data_dir) / NOTES_NAME


def _place_of(row) -> Place:
    return Place(row["status"], row["doc_id"], row["meeting_id"], row["item"], row["page"], row["line"])


def _place_values(p: Place) -> tuple:
    return (p.status, p.doc_id, p.meeting_id, p.item_number, p.page, p.line)


def _initial_place(a: Anchor) -> Place:
    return Place(ATTACHED, a.doc_id, a.meeting_id, a.item_number, a.page, a.line)


class NoteStore:
    """Notes, stars, tags and the reading list in one SQLite file of their own."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        # one connection guarded by a lock: notes are small and written one at a time
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._conn.execute("PRAGMA journal_mode = WAL")
        try:
            migrate(self._conn, MIGRATIONS)
        except CatalogError:
            raise NoteStoreError(f"{self.path}: made by a newer ZvdJ Viewer; this version cannot "
                                 "read its notes (nothing was changed)") from None
        except sqlite3.DatabaseError as err:
            raise NoteStoreError(f"{self.path}: not a notes file ({err})") from None

    @classmethod
    def for_archive(cls, archive) -> NoteStore:
        """The notes file beside the archive's catalog, in its data directory."""
        return cls(Path(archive.data_dir) / NOTES_NAME)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> NoteStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _tx(self):
        store = self

        class _T:
            def __enter__(self_inner):
                store._lock.acquire()
                store._conn.execute("BEGIN IMMEDIATE")
                return store._conn

            def __exit__(self_inner, typ, val, tb):
                try:
                    store._conn.execute("ROLLBACK" if typ else "COMMIT")
                finally:
                    store._lock.release()

        return _T()

    def _rows(self, sql: str, args: Sequence = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, args).fetchall()

    # -- notes -----------------------------------------------------------------------------
    def add_note(self, anchor: Anchor, body: str = "", tags: Iterable[str] = (), *,
                 uuid: str | None = None, created: str | None = None, modified: str | None = None,
                 place: Place | None = None) -> Note:
        uid = uuid or str(uuid_mod.uuid4())
        stamp = now_iso()
        created = created or stamp
        modified = modified or created
        place = place or _initial_place(anchor)
        with self._tx() as c:
            c.execute(
                "INSERT INTO notes (uuid, kind, body, created, modified, anchor, status, doc_id,"
                " meeting_id, item, page, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (uid, anchor.kind, body, created, modified, json.dumps(anchor.to_dict(), ensure_ascii=False),
                 *_place_values(place)),
            )
            self._set_tags(c, uid, tags)
        return self.note(uid)

    def update_note(self, uid: str, *, body: str | None = None, tags: Iterable[str] | None = None) -> Note:
        with self._tx() as c:
            if c.execute("SELECT 1 FROM notes WHERE uuid = ?", (uid,)).fetchone() is None:
                raise KeyError(f"no note {uid}")
            if body is not None:
                c.execute("UPDATE notes SET body = ? WHERE uuid = ?", (body, uid))
            if tags is not None:
                self._set_tags(c, uid, tags)
            c.execute("UPDATE notes SET modified = ? WHERE uuid = ?", (now_iso(), uid))
        return self.note(uid)

    def delete_note(self, uid: str) -> None:
        with self._tx() as c:
            c.execute("DELETE FROM notes WHERE uuid = ?", (uid,))

    @staticmethod
    def _set_tags(c, uid: str, tags: Iterable[str]) -> None:
        c.execute("DELETE FROM note_tags WHERE note_uuid = ?", (uid,))
        clean = sorted({t for t in (normalise_tag(x) for x in tags) if t})
        c.executemany("INSERT INTO note_tags (note_uuid, tag) VALUES (?, ?)", [(uid, t) for t in clean])

    def note(self, uid: str) -> Note | None:
        found = self.notes(uuids=[uid])
        return found[0] if found else None

    def notes(self, *, doc_id: str | None = None, meeting_id: str | None = None, tag: str | None = None,
              item: str | None = None, uuids: Sequence[str] | None = None) -> list[Note]:
        """Notes in the order they were written, optionally only of a document / meeting /
        item (by the last resolved place) or with a tag."""
        sql, args = "SELECT * FROM notes WHERE 1", []
        if doc_id is not None:
            sql += " AND doc_id = ?"
            args.append(doc_id)
        if meeting_id is not None:
            sql += " AND meeting_id = ?"
            args.append(meeting_id)
        if item is not None:
            sql += " AND item = ?"
            args.append(item)
        if tag is not None:
            sql += " AND uuid IN (SELECT note_uuid FROM note_tags WHERE tag = ?)"
            args.append(normalise_tag(tag))
        if uuids is not None:
            sql += f" AND uuid IN ({','.join('?' * len(uuids))})"
            args += list(uuids)
        rows = self._rows(sql + " ORDER BY created, uuid", args)
        tags: dict[str, list[str]] = {}
        for r in self._rows("SELECT note_uuid, tag FROM note_tags ORDER BY tag"):
            tags.setdefault(r["note_uuid"], []).append(r["tag"])
        return [Note(r["uuid"], Anchor.from_dict(json.loads(r["anchor"])), r["body"], tuple(tags.get(r["uuid"], ())),
                     r["created"], r["modified"], _place_of(r)) for r in rows]

    def notes_for_item(self, refs: Iterable[tuple[str, str]]) -> list[Note]:
        """Notes on any of the (doc_id, number) pairs: the agenda, nota and verslag item of one row."""
        out, seen = [], set()
        for doc, num in refs:
            for n in self.notes(doc_id=doc, item=num):
                if n.uuid not in seen:
                    seen.add(n.uuid)
                    out.append(n)
        return sorted(out, key=lambda n: n.created)

    def tags(self) -> dict[str, int]:
        """tag -> number of notes, most used first."""
        return {r[0]: r[1] for r in self._rows(
            "SELECT tag, COUNT(*) FROM note_tags GROUP BY tag ORDER BY COUNT(*) DESC, tag")}

    # -- stars -----------------------------------------------------------------------------
    def star(self, anchor: Anchor, *, uuid: str | None = None, created: str | None = None) -> Star:
        """Star a document or meeting; starring it again returns the existing star."""
        existing = self.star_of(doc_id=anchor.doc_id if anchor.kind != "meeting" else None,
                                meeting_id=anchor.meeting_id if anchor.kind == "meeting" else None)
        if existing is not None and uuid is None:
            return existing
        uid = uuid or str(uuid_mod.uuid4())
        with self._tx() as c:
            c.execute("INSERT INTO stars (uuid, kind, created, anchor, status, doc_id, meeting_id, item, page,"
                      " line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      (uid, anchor.kind, created or now_iso(), json.dumps(anchor.to_dict(), ensure_ascii=False),
                       *_place_values(_initial_place(anchor))))
        return next(s for s in self.stars() if s.uuid == uid)

    def unstar(self, uid: str) -> None:
        with self._tx() as c:
            c.execute("DELETE FROM stars WHERE uuid = ?", (uid,))

    def stars(self) -> list[Star]:
        return [Star(r["uuid"], Anchor.from_dict(json.loads(r["anchor"])), r["created"], _place_of(r))
                for r in self._rows("SELECT * FROM stars ORDER BY created, uuid")]

    def star_of(self, *, doc_id: str | None = None, meeting_id: str | None = None) -> Star | None:
        for s in self.stars():
            if doc_id is not None and s.place.doc_id == doc_id and s.anchor.kind != "meeting":
                return s
            if meeting_id is not None and s.place.meeting_id == meeting_id and s.anchor.kind == "meeting":
                return s
        return None

    # -- reading list ----------------------------------------------------------------------
    def queue(self, anchor: Anchor, *, uuid: str | None = None) -> ReadingEntry:
        """Put a document or meeting on the reading list (once)."""
        for e in self.reading_list():
            if uuid is None and e.anchor.kind == anchor.kind and (
                    (anchor.kind == "meeting" and e.place.meeting_id == anchor.meeting_id)
                    or (anchor.kind != "meeting" and e.place.doc_id == anchor.doc_id)):
                return e
        uid = uuid or str(uuid_mod.uuid4())
        stamp = now_iso()
        with self._tx() as c:
            ord_ = c.execute("SELECT COALESCE(MAX(ord), 0) + 1 FROM reading_list").fetchone()[0]
            c.execute("INSERT INTO reading_list (uuid, kind, added, anchor, ord, modified, status, doc_id,"
                      " meeting_id, item, page, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      (uid, anchor.kind, stamp, json.dumps(anchor.to_dict(), ensure_ascii=False), ord_, stamp,
                       *_place_values(_initial_place(anchor))))
        return self.reading_entry(uid)

    def dequeue(self, uid: str) -> None:
        with self._tx() as c:
            c.execute("DELETE FROM reading_list WHERE uuid = ?", (uid,))

    def reading_list(self, *, unread_only: bool = False) -> list[ReadingEntry]:
        sql = "SELECT * FROM reading_list" + (" WHERE read = 0" if unread_only else "") + " ORDER BY ord, added"
        return [ReadingEntry(r["uuid"], Anchor.from_dict(json.loads(r["anchor"])), r["added"], bool(r["read"]),
                             r["read_at"], r["last_page"], r["last_line"], r["modified"], _place_of(r))
                for r in self._rows(sql)]

    def reading_entry(self, uid: str) -> ReadingEntry | None:
        return next((e for e in self.reading_list() if e.uuid == uid), None)

    def mark_read(self, uid: str, read: bool = True) -> None:
        stamp = now_iso()
        with self._tx() as c:
            c.execute("UPDATE reading_list SET read = ?, read_at = ?, modified = ? WHERE uuid = ?",
                      (int(read), stamp if read else None, stamp, uid))

    def remember_position(self, doc_id: str, page: int | None, line: int | None = None) -> int:
        """The last place read in a document, kept on its reading-list entries; returns how
        many entries were updated (0 when the document is not on the list)."""
        with self._tx() as c:
            cur = c.execute("UPDATE reading_list SET last_page = ?, last_line = ?, modified = ?"
                            " WHERE doc_id = ? AND kind != 'meeting'", (page, line, now_iso(), doc_id))
            return cur.rowcount

    def move(self, uid: str, offset: int) -> None:
        """Move a reading-list entry up (-1) or down (+1)."""
        entries = self.reading_list()
        i = next((k for k, e in enumerate(entries) if e.uuid == uid), None)
        if i is None or not 0 <= i + offset < len(entries):
            return
        entries.insert(i + offset, entries.pop(i))
        with self._tx() as c:
            c.executemany("UPDATE reading_list SET ord = ? WHERE uuid = ?",
                          [(k + 1, e.uuid) for k, e in enumerate(entries)])

    # -- re-attaching ----------------------------------------------------------------------
    def reattach(self, archive: ArchiveReader) -> ReattachReport:
        """Find every anchor in the archive as it is now; cache the places. Call after
        Archive.update (and when opening another data directory)."""
        view = _View(archive)
        counts = {ATTACHED: 0, REATTACHED: 0, ORPHANED: 0}
        updates: dict[str, list[tuple]] = {"notes": [], "stars": [], "reading_list": []}
        for table in updates:
            for r in self._rows(f"SELECT uuid, anchor FROM {table}"):
                place = resolve(view, Anchor.from_dict(json.loads(r["anchor"])))
                counts[place.status] += 1
                updates[table].append((*_place_values(place), r["uuid"]))
        with self._tx() as c:
            for table, rows in updates.items():
                c.executemany(f"UPDATE {table} SET status = ?, doc_id = ?, meeting_id = ?, item = ?, page = ?,"
                              " line = ? WHERE uuid = ?", rows)
        return ReattachReport(counts[ATTACHED], counts[REATTACHED], counts[ORPHANED])

    # -- export / import -------------------------------------------------------------------
    def export_data(self) -> dict:
        return {
            "format": EXPORT_FORMAT, "version": EXPORT_VERSION, "exported": now_iso(),
            "notes": [_note_dict(n) for n in self.notes()],
            "stars": [{"uuid": s.uuid, "created": s.created, "anchor": s.anchor.to_dict()} for s in self.stars()],
            "reading_list": [{"uuid": e.uuid, "added": e.added, "read": e.read, "read_at": e.read_at,
                              "last_page": e.last_page, "last_line": e.last_line, "modified": e.modified,
                              "anchor": e.anchor.to_dict()} for e in self.reading_list()],
        }

    def export_json(self, path: str | os.PathLike[str], folders: Sequence[str] = ()) -> int:
        """Write the export atomically (outfile.py); never into an archive folder."""
        from .outfile import write_atomic

        data = self.export_data()
        write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n", folders)
        return len(data["notes"])

    def export_markdown(self, path: str | os.PathLike[str] | None = None, *, archive=None,
                        folders: Sequence[str] = ()) -> str:
        from .outfile import write_atomic

        text = to_markdown(self, archive)
        if path is not None:
            write_atomic(path, text, folders)
        return text

    def import_data(self, data: dict) -> ImportReport:
        """Add what is not there yet; an entry with a known uuid is updated only when the
        imported one is newer. Importing the same data twice changes nothing.

        One transaction: a bad entry or a kill leaves the notes as they were, never half an
        import. What is there is read once, so the time grows with the entries, not with
        their square (3,060 entries took 52 s with a lookup and a commit per entry)."""
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
            raise NoteStoreError("not a ZvdJ notes export (no \"format\": \"zvdj-notes\")")
        if int(data.get("version", 0)) > EXPORT_VERSION:
            raise NoteStoreError(f"notes export version {data.get('version')} is newer than this program "
                                 f"knows ({EXPORT_VERSION})")
        added = updated = same = 0
        stamp = now_iso()

        def anchor_json(a: Anchor) -> str:
            return json.dumps(a.to_dict(), ensure_ascii=False)

        with self._tx() as c:
            notes = {r["uuid"]: r["modified"] for r in c.execute("SELECT uuid, modified FROM notes")}
            stars = {r["uuid"] for r in c.execute("SELECT uuid FROM stars")}
            entries = {r["uuid"]: r["modified"] for r in c.execute("SELECT uuid, modified FROM reading_list")}
            ord_ = c.execute("SELECT COALESCE(MAX(ord), 0) FROM reading_list").fetchone()[0]
            for n in data.get("notes", []):
                uid, anchor = n["uuid"], Anchor.from_dict(n.get("anchor", {}))
                if uid not in notes:
                    created = n.get("created") or stamp
                    modified = n.get("modified") or created
                    c.execute(
                        "INSERT INTO notes (uuid, kind, body, created, modified, anchor, status, doc_id,"
                        " meeting_id, item, page, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (uid, anchor.kind, n.get("body", ""), created, modified, anchor_json(anchor),
                         *_place_values(_initial_place(anchor))))
                    self._set_tags(c, uid, n.get("tags", ()))
                    notes[uid] = modified
                    added += 1
                elif (n.get("modified") or "") > notes[uid]:
                    c.execute("UPDATE notes SET body = ?, modified = ?, anchor = ? WHERE uuid = ?",
                              (n.get("body", ""), n["modified"], anchor_json(anchor), uid))
                    self._set_tags(c, uid, n.get("tags", ()))
                    notes[uid] = n["modified"]
                    updated += 1
                else:
                    same += 1
            for st in data.get("stars", []):
                if st["uuid"] in stars:
                    same += 1
                    continue
                anchor = Anchor.from_dict(st.get("anchor", {}))
                c.execute("INSERT INTO stars (uuid, kind, created, anchor, status, doc_id, meeting_id, item, page,"
                          " line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (st["uuid"], anchor.kind, st.get("created") or stamp, anchor_json(anchor),
                           *_place_values(_initial_place(anchor))))
                stars.add(st["uuid"])
                added += 1
            for e in data.get("reading_list", []):
                uid = e["uuid"]
                if uid not in entries:
                    anchor = Anchor.from_dict(e.get("anchor", {}))
                    ord_ += 1
                    c.execute("INSERT INTO reading_list (uuid, kind, added, anchor, ord, modified, status, doc_id,"
                              " meeting_id, item, page, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              (uid, anchor.kind, stamp, anchor_json(anchor), ord_, stamp,
                               *_place_values(_initial_place(anchor))))
                    added += 1
                elif (e.get("modified") or "") > entries[uid]:
                    updated += 1
                else:
                    same += 1
                    continue
                entries[uid] = e.get("modified") or stamp
                c.execute("UPDATE reading_list SET read = ?, read_at = ?, last_page = ?, last_line = ?,"
                          " modified = ? WHERE uuid = ?",
                          (int(bool(e.get("read"))), e.get("read_at"), e.get("last_page"), e.get("last_line"),
                           e.get("modified") or stamp, uid))
        return ImportReport(added, updated, same)

    def import_file(self, path: str | os.PathLike[str]) -> ImportReport:
        """Import a JSON or Markdown export (by content, not by suffix)."""
        p = Path(path)
        try:
            if p.stat().st_size > MAX_IMPORT_BYTES:
                raise NoteStoreError(f"{p}: larger than {MAX_IMPORT_BYTES // 2**20} MB; not a notes export")
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise NoteStoreError(f"{p}: cannot be read ({err})") from None
        if text.lstrip().startswith("{"):
            try:
                data = json.loads(text)
            except json.JSONDecodeError as err:
                raise NoteStoreError(f"{p}: not valid JSON ({err})") from None
        else:
            data = from_markdown(text)
            if not (data["notes"] or data["stars"] or data["reading_list"]):
                raise NoteStoreError(f"{p}: no notes found (a Markdown file written by 'zvdj notes export')")
        try:
            return self.import_data(data)
        except NoteStoreError as err:
            raise NoteStoreError(f"{p}: {err}") from None
        except (KeyError, TypeError, ValueError) as err:
            raise NoteStoreError(f"{p}: an entry is incomplete ({err})") from None


def _note_dict(n: Note) -> dict:
    return {"uuid": n.uuid, "created": n.created, "modified": n.modified, "body": n.body,
            "tags": list(n.tags), "anchor": n.anchor.to_dict(),
            "place": {"status": n.place.status, "doc_id": n.place.doc_id, "meeting_id": n.place.meeting_id,
                      "page": n.place.page, "line": n.place.line}}


# -- labels ----------------------------------------------------------------------------------

def meeting_label(a: Anchor) -> str:
    """"BO Rijk-VNG 2019-11-06 10:00" from what the anchor remembers."""
    parts = [a.meeting_series or "", a.meeting_date or "", a.meeting_start or ""]
    return " ".join(p for p in parts if p) or (a.meeting_id or "")


def place_label(n: Note | Star | ReadingEntry) -> str:
    """Where a note is about, in words: 'nota: Titel, punt 4 Wachttijden, p. 2'."""
    a = n.anchor
    if a.kind == "meeting":
        return meeting_label(a)
    parts = []
    head = f"{a.doc_type}: {a.doc_title}" if a.doc_type else (a.doc_title or a.source_name or "")
    parts.append(head)
    if a.item_number or a.item_title:
        parts.append(f"punt {a.item_number or '?'} {a.item_title or ''}".strip())
    page, line = (n.place.page, n.place.line) if n.place.status != ORPHANED else (a.page, a.line)
    # page 1 of a text source says nothing: its line number does
    if page and (page > 1 or not line):
        parts.append(f"p. {page}")
    if line:
        parts.append(f"r. {line}")
    return ", ".join(p for p in parts if p)


# -- Markdown --------------------------------------------------------------------------------

_MD_ENTRY = re.compile(r"<!--\s*zvdj-(note|star|read)\s+(\{.*\})\s*-->", re.S)  # one comment, see from_markdown


def _md_json(d: dict) -> str:
    # "--" may not appear inside an HTML comment; inside JSON strings it can be escaped
    return json.dumps(d, ensure_ascii=False).replace("--", "-\\u002d")


def to_markdown(store: NoteStore, archive=None) -> str:
    """All notes grouped by meeting, readable; each entry's data in an HTML comment."""
    out = ["# Mijn notities (ZvdJ Viewer)", "",
           "<!-- zvdj-notes version 1: import this file again with 'zvdj notes import FILE' -->", ""]
    groups: dict[str, list[Note]] = {}
    for n in store.notes():
        key = "Verweesde notities" if n.orphaned else (meeting_label(n.anchor) or "Zonder vergadering")
        groups.setdefault(key, []).append(n)
    for key in sorted(groups, key=lambda k: (k == "Verweesde notities", k == "Zonder vergadering", k)):
        out += [f"## {key}", ""]
        for n in groups[key]:
            out.append(f"### {place_label(n)}")
            out.append("")
            if n.anchor.quote and n.anchor.kind == "selection":
                out += [f"> {n.anchor.quote}", ""]
            if n.body:
                out += [n.body, ""]
            if n.tags:
                out += ["Tags: " + ", ".join(f"#{t}" for t in n.tags), ""]
            out += [f"<!-- zvdj-note {_md_json(_note_dict(n))} -->", ""]
    stars = store.stars()
    if stars:
        out += ["## Met ster", ""]
        for s in stars:
            out.append(f"- {place_label(s)} <!-- zvdj-star "
                       f"{_md_json({'uuid': s.uuid, 'created': s.created, 'anchor': s.anchor.to_dict()})} -->")
        out.append("")
    entries = store.reading_list()
    if entries:
        out += ["## Leeslijst", ""]
        for e in entries:
            d = {"uuid": e.uuid, "added": e.added, "read": e.read, "read_at": e.read_at, "last_page": e.last_page,
                 "last_line": e.last_line, "modified": e.modified, "anchor": e.anchor.to_dict()}
            out.append(f"- [{'x' if e.read else ' '}] {place_label(e)} <!-- zvdj-read {_md_json(d)} -->")
        out.append("")
    return "\n".join(out)


def from_markdown(text: str) -> dict:
    """The entries of a Markdown export. Each HTML comment is found by plain string search
    and matched on its own, so the work is linear in the file (one pattern over the whole
    text searched on to the end of the file for every comment left open)."""
    data: dict = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "notes": [], "stars": [], "reading_list": []}
    key = {"note": "notes", "star": "stars", "read": "reading_list"}
    at = text.find("<!--")
    while at >= 0:
        end = text.find("-->", at + 4)
        if end < 0:
            break  # a comment left open: nothing after it is an entry
        m = _MD_ENTRY.fullmatch(text, at, end + 3)
        if m is not None:
            try:
                data[key[m[1]]].append(json.loads(m[2]))
            except json.JSONDecodeError:
                pass  # an entry edited by hand beyond repair: skip it, keep the rest
        at = text.find("<!--", end + 3)
    return data


# -- search ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class NoteHit:
    uuid: str
    score: float
    body: str
    tags: tuple[str, ...]
    label: str  # where the note is, in words (place_label)
    status: str
    doc_id: str | None
    meeting_id: str | None
    item: str | None
    page: int | None
    line: int | None
    snippet: str  # the body with <b>…</b> around matched words


_TERM = re.compile(r'(?:(note|tag):)?(?:"([^"]*)"|(\S+))', re.I)


def parse_note_query(query: str) -> tuple[list[str], list[str], list[str]]:
    """(tag terms, note terms, plain words) of a query. Field names other than note:/tag:
    (type:nota) are left to the document search and ignored here."""
    tags, notes, words = [], [], []
    for m in _TERM.finditer(query or ""):
        field_, value = (m[1] or "").lower(), m[2] if m[2] is not None else m[3]
        if not value:
            continue
        if field_ == "tag":
            tags.append(normalise_tag(value.replace("_", " ")))
        elif field_ == "note":
            notes.append(value)
        elif re.match(r"^\w+:", value) or value.upper() in ("AND", "OR", "NOT"):
            continue
        else:
            words.append(value)
    return tags, notes, words


def has_note_terms(query: str) -> bool:
    tags, notes, _ = parse_note_query(query)
    return bool(tags or notes)


def strip_note_terms(query: str) -> str:
    """The query without note:/tag: terms, for the document search."""
    return " ".join(_TERM.sub(lambda m: "" if m[1] else m[0], query or "").split())


def search_notes(store: NoteStore, query: str, *, limit: int = 200) -> list[NoteHit]:
    """Notes matching the query: every tag: term a tag of the note (a tag matches also with
    '-' for spaces), every note: term and plain word in the note's body, tags, quote or
    item/document title (whole-word prefix, case- and accent-blind as normalise() is)."""
    tags, note_terms, words = parse_note_query(query)
    if not (tags or note_terms or words):
        return []
    hits = []
    for n in store.notes():
        note_tags = {t for t in n.tags} | {t.replace(" ", "-") for t in n.tags}
        if any(t not in note_tags and t.replace(" ", "-") not in note_tags for t in tags):
            continue
        body = normalise(n.body)
        haystack = " " + " ".join([body, normalise(" ".join(n.tags)), normalise(n.anchor.quote),
                                   normalise(n.anchor.item_title or ""), normalise(n.anchor.doc_title or "")]) + " "
        score = float(len(tags))
        ok = True
        for term in note_terms + words:
            t = normalise(term)
            if not t:
                continue
            if " " + t not in haystack:
                ok = False
                break
            score += 2.0 if " " + t in " " + body else 1.0
        if not ok:
            continue
        hits.append(NoteHit(n.uuid, score, n.body, n.tags, place_label(n), n.place.status, n.place.doc_id,
                            n.place.meeting_id, n.place.item_number, n.place.page, n.place.line,
                            _highlight(n.body, note_terms + words)))
    hits.sort(key=lambda h: (-h.score, h.uuid))
    return hits[:limit]


def _highlight(text: str, terms: Sequence[str]) -> str:
    import html as html_mod

    out = html_mod.escape(text[:400])
    for t in sorted({x for x in terms if x.strip()}, key=len, reverse=True):
        out = re.sub(r"(?i)\b(" + re.escape(html_mod.escape(t)) + r"\w*)", r"<b>\1</b>", out)
    return out


__all__ = [
    "Anchor", "Place", "Note", "Star", "ReadingEntry", "NoteHit", "NoteStore", "NoteStoreError",
    "ReattachReport", "ImportReport", "anchor_document", "anchor_item", "anchor_selection",
    "anchor_meeting", "resolve", "search_notes", "parse_note_query", "has_note_terms",
    "strip_note_terms", "normalise", "normalise_tag", "place_label", "meeting_label",
    "to_markdown", "from_markdown", "notes_path",
]
