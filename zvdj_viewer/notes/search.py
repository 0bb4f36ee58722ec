"""Searching the notes: ``tag:`` terms must all be tags of the note, ``note:`` terms and plain
words must all occur in its text (package docstring)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .anchors import normalise
from .exchange import place_label
from .store import NoteStore, normalise_tag

if TYPE_CHECKING:
    pass


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
