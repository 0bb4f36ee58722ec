"""The notes store: ``DATA/notes.sqlite``, its schema, and the notes, stars and reading list
it hands out (package docstring). All SQL of the notes lives here.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid as uuid_mod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths as paths_mod
from ..catalog import CatalogError, migrate
from .anchors import ATTACHED, ORPHANED, REATTACHED, Anchor, NoteStoreError, Place, _View, resolve
from .exchange import EXPORT_FORMAT, EXPORT_VERSION, _note_dict, from_markdown, to_markdown

if TYPE_CHECKING:
    from ..archive.contract import ArchiveReader

NOTES_NAME = paths_mod.NOTES_NAME
MAX_IMPORT_BYTES = 64 * 2**20  # a notes export of 100,000 notes is some 60 MB


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
        note = self.note(uid)
        assert note is not None  # written above
        return note

    def update_note(self, uid: str, *, body: str | None = None, tags: Iterable[str] | None = None) -> Note:
        with self._tx() as c:
            if c.execute("SELECT 1 FROM notes WHERE uuid = ?", (uid,)).fetchone() is None:
                raise KeyError(f"no note {uid}")
            if body is not None:
                c.execute("UPDATE notes SET body = ? WHERE uuid = ?", (body, uid))
            if tags is not None:
                self._set_tags(c, uid, tags)
            c.execute("UPDATE notes SET modified = ? WHERE uuid = ?", (now_iso(), uid))
        note = self.note(uid)
        assert note is not None  # it was there above, in the same transaction
        return note

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
        entry = self.reading_entry(uid)
        assert entry is not None  # written above
        return entry

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
        from ..outfile import write_atomic

        data = self.export_data()
        write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n", folders)
        return len(data["notes"])

    def export_markdown(self, path: str | os.PathLike[str] | None = None, *, archive=None,
                        folders: Sequence[str] = ()) -> str:
        from ..outfile import write_atomic

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
