"""Lay a text seed (a bundle of meeting documents in markdown-like text) out as a PDF the way
real exports print it, for measuring linking on PDFs without committing any PDF.

What real PDFs of these bundles do, and this layout copies:
- every document starts on a new page, its type word ("Agenda", "Nota", "Verslag") bold;
- an agenda's first items are glued onto one line ("1 Opening2 Conceptverslag ...3 ..."),
  the items after it are bold, slightly larger lines (so the numbering seems to jump 1 -> 4);
- a nota prints each item number alone on its line, the title on the next line;
- a verslag prints numbered items as bold, larger lines;
- a nota's first line is the "Deadline: ..." stamp or a redaction code in the margin;
- markdown marks (#, **, *, <sup>) are gone; long lines wrap.

Used by bench/bench_linking.py and tests; writes only where it is told (a temp dir)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pymupdf

_DOC_START = re.compile(r"^#{1,2}\s*(agenda|nota|verslag)\s*$", re.I)
_ITEM = re.compile(r"^(\d{1,2}[a-h]?)\s*[).]?\s+(\S.{0,160})$")
_TAGS = re.compile(r"</?[a-zA-Z][^>]*>")
_LATIN = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...",
                        "•": "-", "\u2212": "-", "\u2009": " ", "\u202f": " "})
PAGE_W, PAGE_H, MARGIN, LEAD = 595, 842, 56, 13.5
WRAP = 92


def _plain(line: str) -> tuple[str, bool]:
    """(text without markup, was it a heading or a whole bold line?)."""
    raw = line.strip()
    if raw.startswith("- ") and "**" in raw:  # "- 1 **Opening**": a bold item, not a list entry
        raw = raw[2:].replace("**", "")
        return _plain("**" + raw + "**")
    marked = raw.startswith("#") or (raw.startswith("**") and raw.rstrip().endswith("**"))
    t = re.sub(r"^#{1,6}\s*", "", raw)
    t = _TAGS.sub("", t).replace("$\\pm$", "±").replace("$", "")
    t = t.replace("**", "").replace("*", "").replace("&amp;", "&").replace("\t", "    ")
    return t.translate(_LATIN).strip(), marked


def _documents(text: str) -> list[tuple[str, list[str]]]:
    docs: list[tuple[str, list[str]]] = []
    kind, lines = None, []
    for line in text.splitlines():
        m = _DOC_START.match(line.strip())
        if m:
            if kind is not None and any(x.strip() for x in lines):
                docs.append((kind, lines))
                lines = []
            kind = m.group(1).lower()  # the letterhead above the first marker stays with it
            continue
        lines.append(line)
    if any(x.strip() for x in lines):
        docs.append((kind or "other", lines))
    return docs


class _Writer:
    def __init__(self):
        self.doc = pymupdf.open()
        self.page = None
        self.y = 0.0

    def new_page(self):
        self.page = self.doc.new_page(width=PAGE_W, height=PAGE_H)
        self.y = MARGIN

    def line(self, text: str, *, bold=False, size=10.0):
        if self.page is None or self.y > PAGE_H - MARGIN:
            self.new_page()
        if text:
            self.page.insert_text((MARGIN, self.y), text, fontname="hebo" if bold else "helv", fontsize=size)
        self.y += LEAD * size / 10

    def para(self, text: str, **kw):
        for part in textwrap.wrap(text, WRAP) or [""]:
            self.line(part, **kw)


# layout "a": agenda glued then bold, nota number alone (bold) over the title, verslag bold.
# layout "b", made to check rules on a layout they were not written against: agenda items
# "N." alone over a bold title, nota items glued in runs then plain "N) Title", verslag items
# plain "N. Title" lines in a larger font; notas open with a code, then a stamp.
LAYOUTS = ("a", "b")


def seed_to_pdf(seed_text: str, out: Path, layout: str = "a") -> Path:
    if layout == "b":
        return _layout_b(seed_text, out)
    w = _Writer()
    notas = 0
    for kind, lines in _documents(seed_text):
        w.new_page()
        if kind == "nota":
            notas += 1
            # the stamp or the margin code comes first in the PDF's text order
            w.line("Deadline: z.s.m." if notas % 2 else "10.2.e")
        w.line(kind.capitalize(), bold=True, size=14)
        glued: list[str] = []
        glue_open = kind == "agenda"
        for raw in lines:
            t, marked = _plain(raw)
            if not t:
                if len(glued) >= 3:  # a run of items ends at a blank line
                    w.para("".join(glued))
                    glued, glue_open = [], False
                continue
            m = _ITEM.match(t)
            is_item = bool(m) and (marked or t[len(m.group(1)):len(m.group(1)) + 1] == ")")
            if kind == "agenda" and glue_open and is_item:
                glued.append(f"{m.group(1)} {m.group(2)}")
                continue
            if glued:
                w.para("".join(glued), bold=len(glued) == 1, size=11 if len(glued) == 1 else 10)
                glued, glue_open = [], False
            if is_item and kind == "nota":
                w.line(m.group(1), bold=True)
                w.para(m.group(2))
            elif is_item:
                w.para(f"{m.group(1)} {m.group(2)}", bold=True, size=11)
            else:
                w.para(t, bold=marked and len(t) < 90)
        if glued:
            w.para("".join(glued))
    w.doc.save(out)
    w.doc.close()
    return out


def _layout_b(seed_text: str, out: Path) -> Path:
    w = _Writer()
    for n, (kind, lines) in enumerate(_documents(seed_text)):
        w.new_page()
        if kind == "nota":
            w.line("10.2.e" if n % 2 else "Deadline: 1 week voor het overleg")
        w.line(kind.upper(), bold=True, size=13)
        glued: list[str] = []
        for raw in lines:
            t, marked = _plain(raw)
            m = _ITEM.match(t) if t else None
            is_item = bool(m) and (marked or t[len(m.group(1)):len(m.group(1)) + 1] == ")")
            if kind == "nota" and is_item and (glued or not t.startswith("1")) and len(glued) < 2:
                glued.append(f"{m.group(1)}) {m.group(2)}")
                continue
            if glued:
                w.para("".join(glued))
                glued = []
            if not t:
                continue
            if is_item and kind == "agenda":
                w.line(m.group(1) + ".")
                w.para(m.group(2), bold=True)
            elif is_item and kind == "verslag":
                w.para(f"{m.group(1)}. {m.group(2)}", size=12)
            elif is_item:
                w.para(f"{m.group(1)}) {m.group(2)}")
            else:
                w.para(t, bold=marked and len(t) < 90)
        if glued:
            w.para("".join(glued))
    w.doc.save(out)
    w.doc.close()
    return out
