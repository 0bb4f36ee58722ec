"""Page furniture: running headers and footers, letterhead sidebars, page stamps.

``mark_furniture(source)`` sets ``Line.furniture`` and removes nothing: the viewer shows the
original, and metadata extraction still reads the letterhead's "Datum" and "Kenmerk".

Two kinds of evidence:

* What a line says (all sources). Converted text puts the letterhead sidebar ("Directoraat
  Generaal ... / Directie Jeugd / Datum ... / Kenmerk ... / Bezoekadres ... Postbus ...")
  inline, anywhere on the page, so we find it as a *block*: label lines ("Kenmerk", "Datum",
  "Inlichtingen bij", ...) and organisation/address lines, with the short value lines that
  follow them. "Pagina 2 van 6" and print stamps ("file:///...") are furniture wherever they
  stand.
* Where a line sits (PDFs). A small-print line that comes back at the same height on many
  pages is a running header, footer or sidebar. Large type is left alone even when it repeats:
  a newsletter's masthead on every first page is a title, and segmentation needs it.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from statistics import median

from ..model import Line, SourceText
from .prefilter import lowered

# -- what a line says -----------------------------------------------------------------------

_MARKUP = re.compile(r"</?(?:b|i|u|sup|sub|strong|em)>", re.I)
_HEADING_MARK = re.compile(r"^\s*#{1,6}\s*")


@functools.lru_cache(maxsize=32768)  # called many times per line by several rules
def clean(text: str) -> str:
    """A line without markdown/HTML emphasis, heading marks and list bullets."""
    t = _MARKUP.sub("", text) if "<" in text else text
    if "#" in t:
        t = _HEADING_MARK.sub("", t)
    t = t.replace("**", "").replace("__", "")
    t = t.strip().strip("*_").strip()
    return t


# Label lines of a letterhead sidebar, optionally with a short value on the same line.
_LABEL = re.compile(
    r"^(?:>\s*)?(datum(?:\s+document)?|kenmerk|ons kenmerk|uw kenmerk|onze referentie|uw referentie|"
    r"referentie|bijlage\(n\)|aantal pagina'?s|inlichtingen(?: bij)?|bezoekadres|postadres|"
    r"retouradres|contactpersoon|ontworpen door|behandeld door|doorkiesnummer|zaaknummer)\s*:?\s*(.{0,40})$",
    re.I,
)
# Labels that only a first-page letterhead carries (a running sidebar has at most the
# directorate, "Datum" and "Kenmerk"). Segmentation uses them to decide to which document a
# letterhead block belongs.
FIRST_PAGE_LABELS = re.compile(
    r"^(?:>\s*)?(datum document|bijlage\(n\)|aantal pagina'?s|inlichtingen|bezoekadres|postadres|"
    r"retouradres|ontworpen door|behandeld door|contactpersoon|correspondentie uitsluitend|"
    r"ministerie van|minister\b|postbus)",
    re.I,
)
# Organisation, address and contact lines of a letterhead. Runs on every line, so linear in its
# length: the white space around a phone number's "+" or "(" matches one way only, and an
# e-mail address's domain has no "@" (a line of "a@a@a@..." tried every "@" against every
# later one).
_ORG = re.compile(
    r"^(?:(?:>\s*)?retouradres\b.*|directoraat[- ]generaal\b.{0,40}|directie\s+\w.{0,30}|(?:gemeente|afdeling|provincie|dienst)\s+[A-Z]\S*(?:\s\S+){0,3}|ministerie van\b.{0,60}|"
    r"minister\s+\w{2,6}$|programma\s+\w.{0,40}|postbus\s+\d+.*|\d{4}\s?[A-Z]{2}\s+\S.{0,30}|"
    r"[TFM]\s*+[+(]?\s*+\d[\d\s()+-]{5,}.*|[TFM]\s+nvt|www\.\S+|\S+\s?@\s?[^\s@]+\.\w{2,4}|"
    r"correspondentie uitsluitend.*|richten aan het retouradres.*|met vermelding van de datum.*|"
    r"en het kenmerk van deze.*|brief\.?|langdurige zorg|welzijn en sport|rijksoverheid\.nl)$",
    re.I,
)
# Converters glue a value to the next label: "18 juni 2020Kenmerk" (case matters here, so
# that "Vergaderdatum" is not taken for a glued "Datum").
_GLUED = re.compile(r"^.{0,40}\S(?:Datum document|Kenmerk|Bijlage\(n\)|Zaaknummer|Ontworpen door|Datum)$")
# OCR drops spaces: "Pagina 2 van3", "Pagina 2van3"
PAGE_OF = re.compile(r"^(?:pagina|page|blad)\s*(\d{1,4})\s*(?:van|of|/)\s*(\d{1,4})$", re.I)
_PAGE_NUM = re.compile(r"^(?:-\s*\d{1,4}\s*-|\d{1,4}\s*/\s*\d{1,4})$")
_STAMP = re.compile(r"^(?:file:/{2,3}\S+|\S+\.(?:msg|htm|html|docx?|pdf|eml)\s*$)", re.I)
_REDACTION_ONLY = re.compile(r"^[\s(\[]*(?:\d{1,2}(?:\.\d{1,2}){0,2}\.?\s?[a-h]?|\(\d+\)\s?\(\d\w\))[\s)\]]*$", re.I)
_ITEM_LIKE = re.compile(r"^(?:(?:\d+[a-z]?|[a-z])\)\s*\S|\d+[a-z]?\.\s+\S|\d+(?:\.\d+)*[a-z]?\s+[A-Z])")
# Labels whose value runs over several lines (a name, a function, a phone number).
_MULTI_VALUE = re.compile(r"^(?:inlichtingen|ontworpen|behandeld|contactpersoon|bezoekadres|postadres|doorkiesnummer)", re.I)
_CONTINUES = re.compile(r"(?:,|\b(?:de|van|en|voor|het|der))\s*$", re.I)


def _is_blank(text: str) -> bool:
    return not clean(text)


# How a line must begin (lower case) for _LABEL or _ORG to match: they run on every line and
# most lines begin otherwise; a prefix test is done in C. _ORG's other forms: a postcode
# ("2511 CV ..."), a phone or fax line ("T 070 ...", "F nvt"), an e-mail address (any start,
# an "@" in it).
_LABEL_STARTS = (">", "datum", "kenmerk", "ons kenmerk", "uw kenmerk", "onze referentie", "uw referentie",
                 "referentie", "bijlage(n)", "aantal pagina", "inlichtingen", "bezoekadres", "postadres",
                 "retouradres", "contactpersoon", "ontworpen door", "behandeld door", "doorkiesnummer",
                 "zaaknummer")
_ORG_STARTS = (">", "retouradres", "directoraat", "directie", "gemeente", "afdeling", "provincie", "dienst",
               "minister", "programma", "postbus", "www.", "correspondentie uitsluitend",
               "richten aan het retouradres", "met vermelding van de datum", "en het kenmerk van deze", "brief",
               "langdurige zorg", "welzijn en sport", "rijksoverheid.nl")

_BLOCK_STARTS = tuple(sorted(set(_LABEL_STARTS + _ORG_STARTS)))
_GLUED_ENDS = ("Datum document", "Kenmerk", "Bijlage(n)", "Zaaknummer", "Ontworpen door", "Datum")


def _may_be_label(t: str) -> bool:
    """False when _LABEL cannot match ``t`` (a cleaned line)."""
    return lowered(t[:16]).startswith(_LABEL_STARTS)


def _may_open_block(t: str) -> bool:
    """False when neither _LABEL, _ORG nor _GLUED can match ``t`` (a cleaned, non-empty line)."""
    c = t[0]
    if c.isdigit() or "@" in t:
        return True
    if c in "tTfFmM" and len(t) > 1 and (t[1].isspace() or t[1] in "+(" or t[1].isdigit()):
        return True
    if lowered(t[:28]).startswith(_BLOCK_STARTS):
        return True
    # _GLUED: a label word glued to the end (case matters there; "$" also matches before a final newline)
    return (t[:-1] if t[-1] == "\n" else t).endswith(_GLUED_ENDS)


def _is_label(t: str) -> bool:
    return bool(t) and _may_be_label(t) and bool(_LABEL.match(t))


def _is_org(t: str) -> bool:
    return bool(t) and _may_open_block(t) and bool(_ORG.match(t) or _GLUED.match(t))


def _is_value(t: str) -> bool:
    """Short line that can be the value of a letterhead label (a date, a code, a name)."""
    return (0 < len(t) <= 40 and not t.endswith(":") and not t.startswith(("-", "•", "·"))
            and not _ITEM_LIKE.match(t.replace("*", "")))


def is_page_marker(text: str) -> bool:
    t = clean(text)
    if not t:
        return False
    # each pattern only where its first character or its dot can be (runs on every line)
    first = t[0]
    return bool((first in "pPbB" and PAGE_OF.match(t)) or ((first == "-" or first.isdigit()) and _PAGE_NUM.match(t))
                or ((first in "fF" or ("." in t and " " not in t)) and _STAMP.match(t)))  # a file name has no space


def letterhead_blocks(lines: list[Line]) -> list[tuple[int, int]]:
    """(start, end) index ranges, end exclusive, of letterhead blocks in a run of lines.

    A block starts at a label or organisation line and takes in further labels, organisation
    lines, up to three short value lines after each of them, and blank lines (at most three
    in a row). It counts as letterhead with two or more label/organisation lines, or one
    label with its value ("Kenmerk / 1580026-195009-J").
    """
    blocks: list[tuple[int, int]] = []
    n = len(lines)
    i = 0
    while i < n:
        t = clean(lines[i].text)
        if not t or not _may_open_block(t) or not (_LABEL.match(t) or _ORG.match(t) or _GLUED.match(t)):
            i += 1
            continue
        start = i
        strong = 0
        label_with_value = False
        values_left = 0
        blanks = 0
        last_content = i
        j = i
        pending_label = False
        anchor = lines[i]  # the block's last label or organisation line
        while j < n:
            t = clean(lines[j].text)
            if not t:
                blanks += 1
                if blanks > 3:
                    break
                j += 1
                continue
            blanks = 0
            m = _LABEL.match(t) if _may_be_label(t) else None
            if not m and _left_of(lines[j], anchor):
                break  # a line of the text column beside a sidebar's label: no value of it
            if m or _is_org(t):
                anchor = lines[j]
            if m:
                strong += 1
                multi = bool(_MULTI_VALUE.match(m.group(1)))
                values_left = 4 if multi else 1
                pending_label = not m.group(2).strip()
                if not pending_label:
                    label_with_value = True
                    values_left = 3 if multi else 0
            elif _is_org(t):
                strong += 1
                # "Ministerie van Volksgezondheid," / "Programma Zorg voor de" go on next line
                values_left = 1 if _CONTINUES.search(t) else 0
                pending_label = False
            elif values_left > 0 and not lines[j].text.lstrip().startswith("#") and (
                    _is_value(t) or _REDACTION_ONLY.match(t)):
                values_left -= 1
                if pending_label:
                    label_with_value = True
                    pending_label = False
            else:
                break
            last_content = j
            j += 1
        if strong >= 2 or label_with_value:
            blocks.append((start, last_content + 1))
        i = max(last_content + 1, i + 1)
    return blocks


def _left_of(line: Line, label: Line) -> bool:
    """True when ``line`` ends left of where ``label`` begins (both placed): a label's value
    stands beside it to the right or under it, never to its left."""
    return bool(line.bbox and label.bbox and line.bbox[2] < label.bbox[0])


def _mark_text_rules(lines: list[Line]) -> None:
    for ln in lines:
        if is_page_marker(ln.text):
            ln.furniture = True
    for a, b in letterhead_blocks(lines):
        for ln in lines[a:b]:
            if clean(ln.text):
                ln.furniture = True


# -- where a line sits (PDF) ----------------------------------------------------------------

@functools.lru_cache(maxsize=32768)  # asked twice per PDF line
def _shape(text: str) -> str:
    """Text with digits folded, so "Pagina 2 van 6" and "Pagina 3 van 6" repeat."""
    return _DIGITS.sub("#", clean(text).lower())


def forget_lines() -> None:
    """Empty the per-line caches (clean, _shape). They pay within a file, where every rule
    asks about every line; kept from file to file they fill up with lines that never come
    back, ~16 MB in each reader process (issue 22: memory over all processes)."""
    clean.cache_clear()
    _shape.cache_clear()


_DIGITS = re.compile(r"\d+")


MEASURE = "measure"  # for ``body``: not given, measure it here


def body_size(source: SourceText) -> float | None:
    """The body type size of a PDF: the median size of its lines with text (None: no line has
    a size). Furniture and segmentation both weigh a line's size against it: measured once."""
    sizes = [ln.size for p in source.pages for ln in p.lines if ln.size and clean(ln.text)]
    return median(sizes) if sizes else None


def _mark_by_position(source: SourceText, body: float | None | str = MEASURE) -> None:
    pages = [p for p in source.pages if p.lines]
    if len(pages) < 2:
        return
    if isinstance(body, str):
        body = body_size(source)
    # the lines that can be furniture (small print, margins, sidebar), with their height band
    candidates: list[tuple[Line, int]] = []
    bands: set[int] = set()
    for p in pages:
        height = p.height or max((ln.bbox[3] for ln in p.lines if ln.bbox), default=842.0)
        width = p.width or max((ln.bbox[2] for ln in p.lines if ln.bbox), default=595.0)
        for ln in p.lines:
            if not ln.bbox or not clean(ln.text):
                continue
            if body and ln.size and ln.size > body * 1.15:
                continue  # large type: a title or masthead, not furniture
            y0 = ln.bbox[1]
            in_margin = y0 < 0.12 * height or y0 > 0.88 * height
            small = bool(body and ln.size and ln.size < body * 0.9)
            sidebar = ln.bbox[0] > 0.6 * width and small
            if not (in_margin or small or sidebar):
                continue
            band = round(y0 / 4)
            candidates.append((ln, band))
            bands.add(band)
    # on how many pages each (text shape, height band) comes back; only the bands of the
    # candidates can be asked, so the text of a line elsewhere is not looked at
    seen: Counter = Counter()
    for p in pages:
        keys = {(_shape(ln.text), band) for ln in p.lines
                if ln.bbox and (band := round(ln.bbox[1] / 4)) in bands and clean(ln.text)}
        seen.update(keys)
    need = max(2, int(0.3 * len(pages) + 0.5))
    for ln, band in candidates:
        if seen[(_shape(ln.text), band)] >= need:
            ln.furniture = True


def mark_furniture(source: SourceText, *, body: float | None | str = MEASURE) -> None:
    """Set ``Line.furniture`` on page furniture of every page. Never raises on odd input.
    ``body``: the PDF's ``body_size``, when the caller has it."""
    for page in source.pages:
        _mark_text_rules(page.lines)
    if source.kind == "pdf":
        _mark_by_position(source, body)
