"""Inventory lists inside Woo releases: recognise their pages and read their rows.

A Woo decision comes with an inventarislijst (inventarisatielijst): a table with one row per
document found, in columns such as number, date, description, assessment (openbaar / deels
openbaar / niet openbaar / uitgesteld openbaar) and the grounds for what is withheld. In the
text layer a table comes out as short cells, one or a few per line, row after row.

``is_inventory_page(texts)`` says whether a page's lines look like such a table (so no
document starts on one of its rows); ``parse_rows(texts)`` reads the rows into entries
``{"number", "date", "title", "assessment", "grounds": [...]}`` (a field it cannot find is
None or empty). The rules read cells, not layout, so they hold for OCR'd text too: labels
and assessments are matched case-insensitively, hyphens of every kind are one hyphen.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right

from .dates import parse_date
from .furniture import is_page_marker
from .prefilter import has_any, lowered
from .redactions import normalise

_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                          "\u00ad": "-"})

# An assessment cell: "Openbaar", "Deels openbaar", "Gedeeltelijk openbaar", "Niet openbaar",
# "Uitgesteld openbaar", "Reeds openbaar", possibly after the row's date ("27-7-2017 Openbaar")
# and with a short tail ("deels openbaar; exclusief bijlage").
_ASSESS = re.compile(
    r"\b(?:(deels|gedeeltelijk|niet|uitgesteld|reeds)\s+)?(openbaar)\b|\b(weigeren|geweigerd|niet verstrekt)\b",
    re.I)
_CELL_DATE = re.compile(r"^\d{1,2}-\d{1,2}-\d{2,4}\b")
# an OCR'd row line ends with its assessment, or with its first word ("Gedeeltelijk", the
# "openbaar" at the end of the row's next line)
_QUALIFIER_END = re.compile(r"\s(deels|gedeeltelijk|niet|uitgesteld)$", re.I)
_ASSESS_END = re.compile(r"\s(?:(deels|gedeeltelijk|niet|uitgesteld|reeds)\s+)?openbaar$", re.I)
_HEADER_WORDS = re.compile(
    r"^(?:nr\.?|nummer|doc(?:ument)?\.?\s*nr\.?|document(?:nummer)?|datum|titel(?:\s+doc\.?)?|onderwerp|"
    r"omschrijving|naam of zakelijke omschrijving|beoordeling|besluit|weigeringsgrond(?:en)?(?:\s+w[oe][ob])?|"
    r"w[oe][ob]|grond(?:en)?|toelichting|reden|soort(?:\s+document)?|afzender|ontvanger|opmerking(?:en)?)\s*:?$",
    re.I)
_TITLE_WORDS = re.compile(r"\binventari(?:s|satie)(?:lijst)?\b", re.I)
_ROW_NUMBER = re.compile(r"^(\d{1,4})\s*[.)]?(?:\s+(.*))?$")
_SUB_ROW = re.compile(r"^(\d{1,4})?([a-z])[.)]?$")
_CITE = re.compile(r"\bart(?:ikel|\.)?\s*", re.I)
_CODE = re.compile(r"(?<![\d.])(?:10\.[12]\.?\s?[a-g]|5\.1\.[12]\.?\s?[a-i]|11\.1|5\.1\.[45]|5\.2)(?![\d])", re.I)


@functools.lru_cache(maxsize=16384)  # a table's lines are read again with each page's context
def norm(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").translate(_HYPHENS)).strip()


# OCR reads a table's column rules as "|": "o1. | Amstelstraat 7 - ... Gedeeltelijk | Art. 10.2.e."
# the row number cell as OCR reads it: "o1." (0 read as o), "og." (09)
_OCR_NUMBER = re.compile(r"^[0-9oO][0-9oOg]{0,2}[.)]$")
_OCR_DIGITS = str.maketrans({"o": "0", "O": "0", "g": "9"})


def _cells(texts: list[str]) -> list[str]:
    """The cleaned lines of a table, an OCR'd line split at its column rules into cells."""
    out: list[str] = []
    for t in texts:
        if t and t.strip():
            out += _line_cells(t)
    return out


@functools.lru_cache(maxsize=16384)  # as norm: each page's lines are read again with the next page
def _line_cells(t: str) -> tuple[str, ...]:
    return tuple(_split_rules(norm(t)))


def _split_rules(t: str) -> list[str]:
    if "|" not in t:
        return [t]
    parts = [c.strip() for c in t.split("|") if c.strip()]
    if parts and _OCR_NUMBER.match(parts[0]):
        parts[0] = parts[0].translate(_OCR_DIGITS)
    return parts


def _ocr_row(t: str) -> bool:
    """An OCR'd table row on one line: its number cell, then a cell with an assessment or a
    ground ("o1. | Amstelstraat 7 - ... Gedeeltelijk | Art. 10.2.e.")."""
    parts = _split_rules(norm(t)) if "|" in t else []
    return len(parts) >= 2 and bool(_ROW_NUMBER.match(parts[0])) and len(parts[0]) <= 5 and any(
        _ASSESS.search(c) or _CODE.search(c) or _QUALIFIER_END.search(c) for c in parts[1:])


def assessment_of(text: str) -> str | None:
    """The normalised assessment in one cell ("deels openbaar"), or None."""
    m = _ASSESS.search(text)
    if not m:
        return None
    if m.group(3):
        return "niet openbaar"
    qual = (m.group(1) or "").lower()
    return {"": "openbaar", "deels": "deels openbaar", "gedeeltelijk": "deels openbaar",
            "niet": "niet openbaar", "uitgesteld": "uitgesteld openbaar", "reeds": "reeds openbaar"}[qual]


@functools.lru_cache(maxsize=16384)
def _is_assessment_cell(t: str) -> bool:
    """A short line that is (mostly) an assessment: a table cell, not a sentence about one."""
    t = _CELL_DATE.sub("", t).strip()
    if not t or len(t) > 60 or len(t.split()) > 7:
        return False
    m = _ASSESS.search(t)
    return m is not None and m.start() <= 2


_CUE = ("openbaar", "weiger", "verstrekt")  # words of an assessment (lower case)


def is_inventory_page(texts: list[str]) -> bool:
    """True when the (cleaned) lines of one page read as rows of an inventory table."""
    if not has_any(lowered("\n".join(t for t in texts if t)), _CUE):  # one test over the page, in C
        return False  # no assessment anywhere: the common case, decided fast
    lines = _cells(texts)
    if not lines:
        return False
    cells = sum(1 for t in lines if _is_assessment_cell(t)) + sum(1 for t in texts if t and "|" in t and _ocr_row(t))
    # "Uitgesteld" / "openbaar" split over two cells
    cells += sum(1 for a, b in zip(lines, lines[1:]) if a.lower() in ("uitgesteld", "gedeeltelijk", "deels")
                 and b.lower() == "openbaar")
    headers = sum(_header_count(t) for t in lines[:40])
    titled = any(_TITLE_WORDS.search(t) and len(t) < 80 for t in lines[:15])
    if cells >= 4:
        return True
    return cells >= 1 and (headers >= 3 or (titled and headers >= 2))


def _header_count(t: str) -> int:
    """Header cells on a line: the line itself, or (OCR reads a header row as one line,
    "Onderwerp Besluit Weigeringsgrond") each of its words when every word is one."""
    if _HEADER_WORDS.match(t):
        return 1
    words = t.split()
    if 2 <= len(words) <= 8 and all(_HEADER_WORDS.match(w) for w in words):
        return len(words)
    return 0


def continues_inventory(texts: list[str]) -> bool:
    """True when a page after an inventory page still reads as its rows: an assessment cell,
    or no more than a few lines (the wrapped tail of a cell)."""
    lines = _cells(texts)
    return len(lines) <= 3 or any(_is_assessment_cell(t) for t in lines)


def starts_inventory(texts: list[str]) -> bool:
    """True when the page begins an inventory (its title or its header row), not a later page."""
    lines = _cells(texts)[:40]
    titled = any(_TITLE_WORDS.search(t) and len(t) < 80 for t in lines[:15])
    headers = sum(1 for t in lines if _HEADER_WORDS.match(t))
    return titled or headers >= 3


def _grounds(text: str) -> list[str]:
    return list(_grounds_of(text))


@functools.lru_cache(maxsize=16384)
def _grounds_of(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for m in _CODE.finditer(_CITE.sub("", text)):
        code = normalise(m.group(0))
        if code and code not in out:
            out.append(code)
    return tuple(out)


def _entry(number: str | None, cells: list[str]) -> dict | None:
    date = None
    title_parts: list[str] = []
    assessment = None
    grounds: list[str] = []
    for c in cells:
        if date is None:
            m = _CELL_DATE.match(c)
            if m:
                date = parse_date(m.group(0))
                c = c[m.end():].strip()
            elif not title_parts and (d := parse_date(c)) and len(c) <= 20:
                date, c = d, ""
        if not c:
            continue
        a = assessment_of(c) if _is_assessment_cell(c) or c.lower() in ("uitgesteld", "gedeeltelijk") else None
        if c.lower() in ("uitgesteld", "gedeeltelijk", "deels"):
            assessment = assessment or ("uitgesteld openbaar" if c.lower() == "uitgesteld" else "deels openbaar")
            continue
        if a:
            assessment = assessment or a
            grounds += [g for g in _grounds(c) if g not in grounds]
            continue
        codes = _grounds(c)
        if codes and len(_CODE.sub("", _CITE.sub("", c)).strip(" ,;.+&en")) <= 3:
            grounds += [g for g in codes if g not in grounds]
            continue
        if assessment is None:  # cells after the assessment are reasons, sender, recipient
            title_parts.append(c)
        else:
            grounds += [g for g in codes if g not in grounds]
    if assessment is None:
        assessment = _trailing_assessment(title_parts)
    if len(title_parts) >= 2 and _repeats_kind(title_parts[0], title_parts[1]):
        del title_parts[0]  # a "Soort" column whose value the description repeats ("Agenda" / "Agenda ...")
    title = norm(" ".join(title_parts)).strip(" -")
    if not (title or assessment):
        return None
    return {"number": number, "date": date, "title": title or None, "assessment": assessment, "grounds": grounds}


def _repeats_kind(kind: str, description: str) -> bool:
    """True when ``kind`` is a one-word cell (a document-kind column: "Agenda", "E-mail") and
    the description cell after it begins with the same word."""
    k = kind.strip().casefold()
    first = description.split(maxsplit=1)[0].casefold() if description.strip() else ""
    return bool(k) and " " not in k and k.replace("-", "").isalpha() and first == k


def _trailing_assessment(parts: list[str]) -> str | None:
    """An assessment at the end of the row's text cells, as an OCR'd row gives it (the row
    had no cell of its own for it): "... - 06-06- Gedeeltelijk" and "2018 - ... openbaar".
    The words are taken off the cells."""
    for k, c in enumerate(parts):
        m = _ASSESS_END.search(c)
        if m:
            qual = (m.group(1) or "").lower()
            parts[k] = c[:m.start()]
            if not qual and k > 0 and (q := _QUALIFIER_END.search(parts[k - 1])):
                qual = q.group(1).lower()
                parts[k - 1] = parts[k - 1][:q.start()]
            return assessment_of(f"{qual} openbaar".strip())
    return None


@functools.lru_cache(maxsize=8192)  # parse_rows reads a page's lines again with the end of the pages before
def _header_or_title(t: str) -> bool:
    """A cell of the header row, or the table's title: no part of a row."""
    return bool(_HEADER_WORDS.match(t)) or (len(t) < 80 and "inventari" in lowered(t) and bool(_TITLE_WORDS.search(t)))


def parse_rows(texts: list[str]) -> list[dict]:
    """The rows of an inventory table, from the cleaned lines of its pages in reading order."""
    lines = _cells(texts)
    lines = [t for t in lines if not _header_or_title(t)]
    numbered = _numbered_starts(lines)
    if len(numbered) >= 2 or (numbered and numbered[0][1] == "1"):
        return _rows_numbered(lines, numbered)
    return _rows_unnumbered(lines)


def _numbered_starts(lines: list[str]) -> list[tuple[int, str]]:
    """(line index, number) where a numbered row begins: numbers that count up."""
    out: list[tuple[int, str]] = []
    last = 0
    parent = None
    for i, t in enumerate(lines):
        m = _ROW_NUMBER.match(t)
        if m:
            n, rest = int(m.group(1)), m.group(2) or ""
            counts_up = last < n <= last + 5 if out else n <= 20
            cell_like = not rest or bool(_CELL_DATE.match(rest)) or rest[:1].isalpha() or rest[:1] in "'\"("
            if counts_up and cell_like:
                out.append((i, str(n)))
                last, parent = n, str(n)
                continue
        s = _SUB_ROW.match(t)
        if s and parent and i > 0 and (s.group(1) is None or s.group(1) == parent):
            out.append((i, f"{parent}{s.group(2)}"))  # "a" or "2a": an attachment of row 2
    return out


def _rows_numbered(lines: list[str], starts: list[tuple[int, str]]) -> list[dict]:
    rows: list[dict] = []
    for k, (i, number) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        first = _ROW_NUMBER.match(lines[i])
        cells = [(first.group(2) or "") if first else ""] + lines[i + 1:end]
        e = _entry(number, [c for c in cells if c])
        if e:
            rows.append(e)
    return rows


def _rows_unnumbered(lines: list[str]) -> list[dict]:
    """Rows without a number column: a row ends at its assessment cell; the code and reason
    cells after it belong to it, the next other line begins the next row."""
    rows: list[dict] = []
    cells: list[str] = []
    done = False
    for t in lines:
        reason = bool(_grounds(t)) or t.lower().startswith(("buiten", "openbaar op", "openbaar via", "http", "www."))
        if done and not reason:
            e = _entry(None, cells)
            if e:
                rows.append(e)
            cells, done = [], False
        cells.append(t)
        if _is_assessment_cell(t):
            done = True
    if cells:
        e = _entry(None, cells)
        if e and e["assessment"]:
            rows.append(e)
    return rows


# -- reading order of a table page ----------------------------------------------------------

# a row's number cell: "1", "2b", "a", or the number glued to the row's next cell ("6 12-9-2011 ...")
_ROW_CELL = re.compile(r"^(?:\d{1,4}[a-z]?[.)]?(?:\s+\S.*)?|[a-z][.)]?)$")
_COLUMN_SLACK = 12.0  # points: the cells of the number column start this close to each other
_ROW_SLACK = 3.0  # points: a cell printed a little above its row's number is still in the row


def table_order(lines: list) -> list:
    """The lines of one table page to read its rows from: row by row, the cells of a row in
    column order, without the page's furniture.

    A text layer does not always give a table's cells row by row (Inv-Inventarislijst Deel 2
    puts the assessment cells of one row after those of the next, so rows lost their
    assessment). When the page has a number column (short cells "1", "a", "2b" starting at
    the same x on two or more lines), each row runs from its number down to the next number:
    every line goes to the row its top lies in, lines above the first row first (the title
    and header row). Inside the rows nothing is furniture: a cell that comes back at the same
    place on many pages ("Bijlage", "Deels openbaar" in the first row of each page) looks like
    a running header to ``furniture``, but it is a cell. Pages without such a column (or lines
    without boxes) keep their order, without their furniture.
    """
    plain = [ln for ln in lines if not ln.furniture]
    if len(lines) < 4 or any(not ln.bbox for ln in lines):
        return plain
    cells = [ln for ln in lines if _ROW_CELL.match(ln.text.strip())]
    if len(cells) < 2:
        return plain
    xs = sorted(ln.bbox[0] for ln in cells)
    # the number column: the x0 most cells start at (within the slack), at the table's left
    col = max(xs, key=lambda x: sum(1 for y in xs if abs(y - x) <= _COLUMN_SLACK))
    if col - min(ln.bbox[0] for ln in lines) > 40:
        return plain  # short cells in the middle of the page: not a number column
    anchors = sorted({ln.bbox[1] for ln in cells if abs(ln.bbox[0] - col) <= _COLUMN_SLACK})
    if len(anchors) < 2:
        return plain
    height = max(ln.bbox[3] for ln in lines)

    def key(item):
        i, ln = item
        row = bisect_right(anchors, ln.bbox[1] + _ROW_SLACK) - 1
        if row < 0:
            return (-1, 0, 0.0, i)  # above the first row: the page's own order
        return (row, _column(ln.bbox[0]), ln.bbox[1], i)

    def kept(ln) -> bool:
        if not ln.furniture:
            return True
        above = ln.bbox[1] + _ROW_SLACK < anchors[0]
        footer = ln.bbox[1] > 0.92 * height
        return not (above or footer or is_page_marker(ln.text))

    return [ln for _, ln in sorted(enumerate(lines), key=key) if kept(ln)]


def _column(x: float) -> int:
    """Cells starting within a few points of each other are one column."""
    return int(x // 8)
