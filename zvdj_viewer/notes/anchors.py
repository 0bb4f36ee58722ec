"""Anchoring a note to what it is about, and finding that place again (package docstring).

A note remembers the SHA-256 of the source file, the file name, the document's type, title and
position in its file, the item number and title, the page/line and a quote; ``resolve`` finds
that place in the current catalog (attached, reattached or orphaned).
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING

from ..errors import ZvdjError
from ..fsnames import readable

if TYPE_CHECKING:
    from ..archive.contract import ArchiveReader

QUOTE_CHARS = 200  # how much text a note keeps as its anchor quote

KINDS = ("document", "item", "selection", "meeting")
ATTACHED, REATTACHED, ORPHANED = "attached", "reattached", "orphaned"


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
