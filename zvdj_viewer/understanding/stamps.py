"""Numbers stamped on released documents, and the reference a letter repeats on every page.

A Woo release stamps each document's inventory number in a margin or header: "00001",
"00005Deels Openbaar", "Doc. 3", "doc. nr. 12", "Docnr1", or a bare "3." in the top corner.
A new number starts a document; the same number on the next page continues it.

``stamp_of(page)`` is the page's stamped number (as an integer string, "3"), or None;
``stamps_of(pages)`` the same for a run of pages, leaving out corner numbers that count up
page by page from 1 (page numbers).
``reference_of(page)`` is the letter reference printed on the page ("Onze referentie",
"Ons kenmerk", "Kenmerk"), or None: a letter's enclosure carries the letter's reference.
"""

from __future__ import annotations

import re

from .furniture import clean
from ..model import Page

# specific enough to count anywhere near an edge of the page
_STAMP_SPECIFIC = re.compile(
    r"^(?:0{2,}(\d{1,4})(?:\s*(?:deels\s+|niet\s+)?openbaar)?"
    r"|doc(?:ument)?\.?\s*(?:nr\.?|nummer)?\s*(\d{1,4})"
    r"|do[ce]nr\.?\s*(\d{1,4}))$", re.I)  # "Doenr1": OCR reads c as e
# a zero-padded number as one word of a short edge line: OCR joins "1015242 00005" (a file
# number at the left edge, the stamp at the right) into one line
_PADDED = re.compile(r"^0{2,}(\d{1,4})$")
# a bare number with a dot: only in the top corner
_STAMP_BARE = re.compile(r"^(\d{1,3})\.$")
_STAMP_BARE_OCR = re.compile(r"^(\d{1,3})\.?$")  # OCR loses the dot of a small "4."
_REF_LABEL = re.compile(r"^(?:onze\s+referentie|ons\s+kenmerk|kenmerk|referentie|our\s+reference)\s*:?\s*(.*)$", re.I)
_REF_FIRST = frozenset("oOkKrR\u212a")  # how _REF_LABEL can begin (IGNORECASE: the Kelvin sign for "k")


def stamps_of(pages: list[Page]) -> list[str | None]:
    """``stamp_of`` per page, without bare corner numbers that are page numbers: a run of
    consecutive pages numbered 1, 2, 3 ... (or 2, 3, ... after an unnumbered first page).
    Single-page documents stamped 4., 5., 6. in a row count up too, but not from 1."""
    found = [_stamp(p) for p in pages]
    out = [f[0] if f else None for f in found]
    bare = [int(f[0]) if f and not f[1] else None for f in found]  # the numbers are digits
    i = 0
    while i < len(pages):
        first = bare[i]
        if first is None:
            i += 1
            continue
        j, prev = i, first
        while j + 1 < len(pages) and (nxt := bare[j + 1]) is not None and nxt == prev + 1:
            j, prev = j + 1, nxt
        if j > i and first <= 2:
            for k in range(i, j + 1):
                out[k] = None
        i = j + 1
    return out


def stamp_of(page: Page) -> str | None:
    """The number stamped at the top or bottom edge of ``page``, else None."""
    found = _stamp(page)
    return found[0] if found else None


def _stamp(page: Page) -> tuple[str, bool] | None:
    """(number, specific) of the page's stamp: specific for "00005"/"Doc. 5", not for "5."."""
    h = page.height or 842.0
    w = page.width or 595.0
    for ln in page.lines:
        top = bottom = False
        if ln.bbox:
            top = ln.bbox[3] <= h * 0.12
            bottom = ln.bbox[1] >= h * 0.90
            if not (top or bottom):
                continue  # a stamp sits at an edge; the body is not read at all
        if len(ln.text) > 40:
            continue
        t = clean(ln.text).replace("\xa0", " ").strip()
        if not t or len(t) > 30:
            continue
        m = _STAMP_SPECIFIC.match(t)
        if m and (top or bottom or not ln.bbox):
            return str(int(next(g for g in m.groups() if g))), True
        words = t.split()
        if 1 < len(words) <= 3 and (top or bottom):
            padded = [w for w in words if _PADDED.match(w)]
            if len(padded) == 1:
                return str(int(padded[0])), True
        m = (_STAMP_BARE_OCR if page.text_source == "ocr" else _STAMP_BARE).match(t)
        if m and top and ln.bbox and ln.bbox[0] >= w * 0.6:
            return str(int(m.group(1))), False
    return None


def reference_of(page: Page) -> str | None:
    """The letter reference printed on ``page`` (running sidebar or first-page block)."""
    for i, ln in enumerate(page.lines):
        t = clean(ln.text)
        if not t or t[0] not in _REF_FIRST:
            continue  # most lines: no label can match
        t = t.replace("\xa0", " ").strip()
        if len(t) > 60:
            continue
        m = _REF_LABEL.match(t)
        if not m:
            continue
        after = (clean(x.text).replace("\xa0", " ").strip() for x in page.lines[i + 1:i + 3])
        value = m.group(1).strip() or next((x for x in after if x), "")
        value = value.split()[0] if value.split() else ""
        if sum(ch.isdigit() for ch in value) >= 3:
            return value
    return None
