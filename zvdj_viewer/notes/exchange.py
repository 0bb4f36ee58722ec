"""The notes' exchange formats and labels: the JSON export's name and version, the Markdown
export (readable, each entry's JSON in an HTML comment so it can be imported again) and the
labels that say where a note is.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from .anchors import ORPHANED, Anchor

if TYPE_CHECKING:
    from .store import Note, NoteStore, ReadingEntry, Star

EXPORT_FORMAT = "zvdj-notes"
EXPORT_VERSION = 1


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
