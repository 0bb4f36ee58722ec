"""Sections of documents without agenda items, as ends of same-topic links.

A Kamerbrief, a voortgangsrapportage, a Kamerstuk or a verslag van een schriftelijk overleg
treats the topics of the meetings in sections: markdown headings of the top levels ("#",
"##"), "Actielijn 2: ..." lines, numbered headings ("3. Jeugdbescherming", "2.1 Toegang").
Each section becomes a topic unit (topics.py) so a topic thread runs from the meeting items
to the letter and the report: the link's end is the document and the section's label
("Actielijn 2", "3", "2.1", or "§4" for an unnumbered heading, counted in the document).
A document with no headings is one unit (number None) under its own title.

Units of one document share a pseudo-meeting ("doc:<id>"), so sections of one document are
not linked to each other; ``real_meetings`` turns that back into "no meeting" on the links.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence

SECTION_TYPES = ("kamerbrief", "voortgangsrapportage", "kamerstuk", "verslag_schriftelijk_overleg")
MAX_HEADING = 120
MIN_SECTION_CHARS = 200  # shorter sections (a table-of-contents entry) join the next
MAX_SECTIONS = 80  # per document; beyond this the headings are a list, not sections
PSEUDO = "doc:"

_MD = re.compile(r"^(#{1,2})\s+(.+)$")
_BOLD = re.compile(r"^\*\*([^*]{2,80})\*\*$")  # "**Steunfiguur**": a letter's paragraph heading
_ACTIELIJN = re.compile(r"^[*_#\s]*(actielijn\s+\d{1,2})\b[\s:.*_-]*(.*)$", re.I)
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})?)\.?\s+([A-ZÀ-Ý][^.:;!?]{2,100})$")
_MARKS = re.compile(r"[*_#<>]|</?\w+>")


def _clean(t: str) -> str:
    return re.sub(r"\s+", " ", _MARKS.sub("", t)).strip()


def find_sections(text: str) -> list[tuple[str, str, str]]:
    """(label, heading, body) of each section, in order; [] when the text has no headings."""
    return [(label, title, body) for label, title, body, _start in section_heads(text)]


def section_heads(text: str) -> list[tuple[str, str, str, int]]:
    """As find_sections, with the index of the text line where each section starts (its
    heading; 0 for the opening text): where a viewer shows the section."""
    heads: list[tuple[int, str, str]] = []  # (line index, label, heading)
    lines = (text or "").splitlines()
    unnumbered = 0
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line or len(line) > MAX_HEADING + 10:
            continue
        a = _ACTIELIJN.match(line)
        if a:
            label = a.group(1).capitalize()
            label = re.sub(r"\s+", " ", label)
            heads.append((i, label, _clean(line)))
            continue
        m = _MD.match(line) or _BOLD.match(line)
        if m:
            assert m.lastindex is not None  # both patterns end in a group that always takes part
            title = _clean(m.group(m.lastindex))
            if m.re is _BOLD and title.endswith((".", ":")):
                continue  # a bold sentence or label, not a heading
            n = _NUMBERED.match(title)
            if n:
                heads.append((i, n.group(1), title))
            elif title and len(title) <= MAX_HEADING:
                unnumbered += 1
                heads.append((i, f"§{unnumbered}", title))
            continue
        n = _NUMBERED.match(_clean(line))
        if n and (i + 1 >= len(lines) or not lines[i + 1].strip() or len(lines[i + 1]) > 60):
            heads.append((i, n.group(1), _clean(line)))
    if not heads or len(heads) > MAX_SECTIONS:
        return []
    out: list[tuple[str, str, str, int]] = []
    intro = "\n".join(lines[:heads[0][0]]).strip()
    if len(intro) >= MIN_SECTION_CHARS:  # the opening text above the first heading
        out.append(("§0", "", intro, 0))
    seen: dict[str, int] = {}
    for k, (i, label, title) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        body = "\n".join(lines[i + 1:end]).strip()
        start = i
        if label in seen:  # "Actielijn 5" printed over three pages: one section
            j = seen[label]
            out[j] = (out[j][0], out[j][1], out[j][2] + "\n" + body, out[j][3])
            continue
        if out and len(out[-1][2]) < MIN_SECTION_CHARS and out[-1][0].startswith("Actielijn") \
                and label.startswith("§"):
            # "## Actielijn 3:" / "# Alle kinderen de kans ...": the heading's second line
            prev = out.pop()
            out.append((prev[0], f"{prev[1]} {title}", (prev[2] + "\n" + body).strip(), prev[3]))
            continue
        if out and len(out[-1][2]) < MIN_SECTION_CHARS and not out[-1][0].startswith(("Actielijn", "§0")):
            # a heading right above another ("# Beschouwing" / "## Opgave ..."): one section
            prev = out.pop()
            seen.pop(prev[0], None)
            title = f"{prev[1]} / {title}" if prev[2] == "" else title
            body = (prev[2] + "\n" + body).strip()
            label = prev[0] if not label.startswith("Actielijn") else label
            start = prev[3]
        seen[label] = len(out)
        out.append((label, title, body, start))
    return out


def section_units(docs: Sequence[dict], text_of: Callable[[int], str | None]) -> list[dict]:
    """Topic units (see link.topic_units) for the sections of every document of
    SECTION_TYPES that belongs to no meeting. docs: dicts id, type, title, doc_date;
    text_of(id): its text."""
    out = []
    for d in docs:
        if d.get("type") not in SECTION_TYPES:
            continue
        text = text_of(d["id"]) or ""
        base = {"meeting": f"{PSEUDO}{d['id']}", "date": d.get("doc_date"), "doc": d["id"]}
        sections = find_sections(text)
        if not sections:
            out.append({**base, "number": None, "title": d.get("title") or "", "text": text})
            continue
        for label, title, body in sections:
            out.append({**base, "number": label, "title": title or d.get("title") or "", "text": body})
    return out


def real_meetings(links: Iterable[dict]) -> Iterator[dict]:
    """Same-topic links with a section's pseudo-meeting taken out again."""
    for x in links:
        if (x.get("to_meeting") or "").startswith(PSEUDO):
            x = {**x, "to_meeting": None}
        yield x
