"""Cut a source into documents.

``segment(source, use_bookmarks=True) -> list[DocSpan]``: spans in reading order that cover
every line of the source, without gaps or overlaps. Run ``furniture.mark_furniture`` first.

How a document start is found (each start keeps its evidence):

* an *anchor*: a document heading on a line of its own ("agenda", "nota", "verslag",
  "Geannoteerde agenda ...", "Besluitenlijst", "Inventarislijst", "Brief van ...", "Verslag
  van een schriftelijk overleg"), or a meeting header ("Betreft" followed by
  "Vergaderdatum") without such a heading just above it, or, after a letter, a "Bijlage 1 -
  title" heading;
* PDFs, per page: a bookmark; "Pagina 1 van N"; the page after "Pagina N van N"; the large
  masthead of an earlier first page coming back at the top of a page; an e-mail header at the
  top of a page; the first page without a text layer after pages with one; a print stamp
  naming another file. "Pagina k van N" with k > 1 says the page continues a document, and
  outweighs everything but a bookmark.

The start of a document is then moved up over the first-page letterhead above its heading
("Ministerie van ... / Directie ... / Datum document / Kenmerk ..."). A letterhead block
alone starts nothing: converters drop the first-page sidebar anywhere on the page, often in
the middle of the text. A short running sidebar (directorate and "Datum" only) above a
heading stays with the document before it.

Official publications (XML/HTML) are one document each and are not cut.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from statistics import median

from .furniture import FIRST_PAGE_LABELS, PAGE_OF, clean, letterhead_blocks
from .model import DocSpan, Line, Pos, SourceText

# -- what starts a document -----------------------------------------------------------------

# A heading that *is* a document title: the whole line, or the title word followed by a short
# qualifier ("Agenda stuurgroep 12 maart"), but only when the line is marked as a heading.
_DOC_WORDS = (
    r"geannoteerde\s+agenda|agenda|nota|notitie|verslag|conceptverslag|concept[- ]verslag|"
    r"besluitenlijst|besluiten-?\s*en\s+actielijst|actielijst|inventarislijst|inventaris|memo|"
    r"telefoonnotitie|vergadernotitie"
)
_HEADING_ONLY = re.compile(rf"^(?:{_DOC_WORDS})\s*:?$", re.I)
_HEADING_LEAD = re.compile(rf"^(?:{_DOC_WORDS})\b(?!\s*(?:punt|punten|van\s+de\s+vergadering\s+van))", re.I)
_ALWAYS = re.compile(
    r"^(?:geannoteerde\s+agenda\b|verslag van een schriftelijk overleg\b|"
    r"(?:nr\.\s*\d+\s+)?verslag van een schriftelijk overleg|brief van de (?:minister|staatssecretaris)\b|"
    r"aan de voorzitter van de tweede kamer)",
    re.I,
)
_BIJLAGE = re.compile(r"^bijlage\s+(\d+|[ivx]+|[a-z])\s*[–—:.-]\s*\S.{2,120}$", re.I)
_LETTER_CLOSE = re.compile(
    r"^(?:hoogachtend|met vriendelijke groet|de (?:staatssecretaris|minister)\s+(?:van|voor)\b|"
    r"brief van de (?:minister|staatssecretaris)|aan de voorzitter van de tweede kamer)",
    re.I,
)
_BETREFT = re.compile(r"^betreft\b", re.I)
_MEETING = re.compile(r"^(?:vergaderdatum|datum vergadering|datum en tijd|vergadertijd)\b", re.I)
_EMAIL_FROM = re.compile(r"^(?:van|from)\s*:", re.I)
_EMAIL_MORE = re.compile(r"^(?:verzonden|sent|aan|to|onderwerp|subject|datum|date)\s*:", re.I)
_TOC_DOTS = re.compile(r"\.{4,}|…{2,}")
_STAMP = re.compile(r"^(?:file:/{2,3}\S+)", re.I)


def _heading_marked(line: Line, body: float | None) -> bool:
    raw = line.text.lstrip()
    return bool(line.heading or raw.startswith("#") or raw.startswith("**") or raw.lower().startswith("<b>")
                or line.bold or (body and line.size and line.size >= body * 1.2))


def doc_heading(line: Line, body: float | None = None) -> str | None:
    """The document-title text when this line is a document heading, else None."""
    t = clean(line.text)
    if not t or len(t) > 160 or _TOC_DOTS.search(t):
        return None
    if _ALWAYS.match(t):
        return t
    if _HEADING_ONLY.match(t):
        return t
    if _heading_marked(line, body) and _HEADING_LEAD.match(t) and len(t.split()) <= 10:
        return "lead:" + t  # only a start with more evidence (see _line_anchors)
    return None


@dataclass
class _Flat:
    page_i: int  # index into source.pages
    index: int  # line index on the page
    line: Line


def _flatten(source: SourceText) -> list[_Flat]:
    return [_Flat(pi, li, ln) for pi, p in enumerate(source.pages) for li, ln in enumerate(p.lines)]


def _body_size(source: SourceText) -> float | None:
    sizes = [ln.size for p in source.pages for ln in p.lines if ln.size and clean(ln.text)]
    return median(sizes) if sizes and source.kind == "pdf" else None


def _content(f: _Flat) -> bool:
    return bool(clean(f.line.text)) and not f.line.furniture


def _word(title: str) -> str:
    """The kind of a document title, to tell a repeated title from a new document."""
    t = title.lower()
    for w in ("geannoteerde agenda", "schriftelijk overleg", "besluitenlijst", "inventaris",
              "agenda", "nota", "notitie", "verslag", "brief van", "voorzitter", "bijlage"):
        if w in t:
            return "brief van" if w == "voorzitter" else w
    return t.split()[0] if t.split() else ""


def _has_meeting_header(flat: list[_Flat], i: int) -> bool:
    nxt = [g for g in flat[i + 1:i + 14] if clean(g.line.text)][:6]
    return any(_MEETING.match(clean(g.line.text)) for g in nxt)


def _line_anchors(flat: list[_Flat], body: float | None) -> dict[int, tuple[str, str, bool]]:
    """Anchors found in the text: flat index -> (evidence, kind of title, has own meeting header)."""
    anchors: dict[int, tuple[str, str, bool]] = {}
    letter_seen = False
    last_heading = -100
    for i, f in enumerate(flat):
        if f.line.furniture:
            continue
        t = clean(f.line.text)
        if not t:
            continue
        if _LETTER_CLOSE.match(t):
            letter_seen = True
        h = doc_heading(f.line, body)
        if h and h.startswith("lead:"):
            # "Agenda Regietafel Jeugd", "Nota naar aanleiding van het verslag": a title only
            # with its own meeting header, or at the very top of a PDF page
            h = h[5:]
            own = _has_meeting_header(flat, i)
            top = body is not None and sum(
                1 for g in flat[:i] if g.page_i == f.page_i and _content(g)) < 3
            if not (own or top):
                h = None
        if h:
            anchors[i] = (f"heading '{h[:60]}'", _word(h), _has_meeting_header(flat, i))
            last_heading = i
            continue
        if _BETREFT.match(t):
            # a meeting header block: "Betreft ..." with "Vergaderdatum ..." just below
            nxt = [g for g in flat[i + 1:i + 6] if clean(g.line.text)][:3]
            if any(_MEETING.match(clean(g.line.text)) for g in nxt):
                between = sum(1 for g in flat[max(last_heading, 0) + 1:i] if _content(g))
                if last_heading < 0 or between > 3 or i - last_heading > 15:
                    anchors[i] = ("meeting header (Betreft / Vergaderdatum)", "", True)
            continue
        if letter_seen and _BIJLAGE.match(t) and len(t) < 130:
            anchors[i] = (f"bijlage heading '{t[:60]}'", t.lower(), False)  # each bijlage its own
    return anchors


def _page_anchors(source: SourceText, use_bookmarks: bool, body: float | None) -> dict[int, str]:
    """PDF page-level starts: page index -> evidence."""
    starts: dict[int, str] = {}
    pages = source.pages
    if use_bookmarks and source.bookmarks:
        top = min(b.level for b in source.bookmarks)
        number_to_index = {p.number: i for i, p in enumerate(pages)}
        for b in source.bookmarks:
            if b.level == top and b.page in number_to_index:
                starts.setdefault(number_to_index[b.page], f"bookmark '{b.title[:60]}'")
    page_of: list[tuple[int, int] | None] = []
    for p in pages:
        found = None
        for ln in p.lines:
            m = PAGE_OF.match(clean(ln.text))
            if m:
                found = (int(m.group(1)), int(m.group(2)))
                break
        page_of.append(found)
    tops: list[tuple[str, ...]] = []
    for p in pages:
        content = [ln for ln in p.lines if clean(ln.text) and not ln.furniture]
        ordered = sorted(content, key=lambda ln: (ln.bbox[1], ln.bbox[0]) if ln.bbox else (0, 0))
        # the first large line among the top three (the title of a series; its subtitle
        # may change from one issue to the next)
        tops.append(tuple(clean(ln.text).lower() for ln in ordered[:3]
                          if body and ln.size and ln.size >= body * 1.6)[:1])
    counts: dict[tuple[str, ...], int] = {}
    for top in tops:
        if top:
            counts[top] = counts.get(top, 0) + 1
    # large type at the top of several pages, but not of every page: the masthead of a
    # series (newsletters, forms), each copy a new document
    mastheads = {t for t, c in counts.items() if 2 <= c < len(pages)}
    last_stamp = None
    for i, p in enumerate(pages):
        readable = p.has_text and not p.garbled and any(clean(ln.text) for ln in p.lines)
        prev_readable = i > 0 and pages[i - 1].has_text and not pages[i - 1].garbled and any(
            clean(ln.text) for ln in pages[i - 1].lines)
        content = [ln for ln in p.lines if clean(ln.text) and not ln.furniture]
        ordered = sorted(content, key=lambda ln: (ln.bbox[1], ln.bbox[0]) if ln.bbox else (0, 0))
        top = tops[i]
        stamp = next((clean(ln.text) for ln in p.lines if _STAMP.match(clean(ln.text))), None)
        reason = None
        if page_of[i] and page_of[i][0] == 1:
            reason = f"'Pagina 1 van {page_of[i][1]}'"
        elif i > 0 and page_of[i - 1] and page_of[i - 1][0] == page_of[i - 1][1] and readable:
            reason = f"previous page ends its document ('Pagina {page_of[i - 1][0]} van {page_of[i - 1][1]}')"
        elif top and top in mastheads:
            reason = f"masthead '{top[0][:40]}'"
        elif ordered and _EMAIL_FROM.match(clean(ordered[0].text)) and any(
                _EMAIL_MORE.match(clean(ln.text)) for ln in ordered[1:5]):
            reason = "e-mail header at top of page"
        elif i > 0 and not readable and prev_readable:
            reason = "page without text layer after pages with text"
        elif stamp and last_stamp and _stamp_file(stamp) != _stamp_file(last_stamp):
            reason = "print stamp names another file"
        if stamp:
            last_stamp = stamp
        continues = page_of[i] is not None and page_of[i][0] > 1
        if reason and not continues:
            starts.setdefault(i, reason)
        elif continues and i in starts and not starts[i].startswith("bookmark"):
            del starts[i]
    return starts


def _stamp_file(stamp: str) -> str:
    """The file named by a print stamp, without the page-dependent tail."""
    s = stamp.split("/")[-1] if "/" in stamp else stamp
    return re.sub(r"(?<!\s)\s+\d+\s*$", "", s)[:40]  # from the start of a space run only: linear


def _move_up_over_letterhead(flat: list[_Flat], a: int, pdf: bool) -> int:
    """The index where the document anchored at ``a`` really starts.

    Walk back over blank and furniture lines (not past the page start in PDFs); the document
    starts at the first first-page letterhead block in that stretch, if any.
    """
    j = a
    while j > 0:
        g = flat[j - 1]
        if pdf and g.page_i != flat[a].page_i:
            break
        if _content(g):
            # tolerate one or two short lines the furniture rules missed when more
            # furniture lies just above them
            k, missed = j - 1, 0
            while k >= 0 and missed <= 2 and (not pdf or flat[k].page_i == flat[a].page_i):
                if flat[k].line.furniture:
                    break
                t = clean(flat[k].line.text)
                if t:
                    if len(t) > 40:
                        k = -1
                        break
                    missed += 1
                k -= 1
            if k < 0 or missed > 2 or not flat[k].line.furniture:
                break
            j = k + 1
            continue
        j -= 1
    if j == a:
        return a
    if pdf and (j == 0 or flat[j - 1].page_i != flat[a].page_i):
        return j  # only furniture above the heading on this page: start at the page top
    stretch = [f.line for f in flat[j:a]]
    for s, e in letterhead_blocks(stretch):
        texts = [clean(ln.text) for ln in stretch[s:e]]
        if any(FIRST_PAGE_LABELS.match(t) for t in texts if t):
            return j + s
    return a


def segment(source: SourceText, use_bookmarks: bool = True) -> list[DocSpan]:
    """Document spans of ``source`` in order; one span for a single-document file."""
    pages = source.pages
    if not pages:
        return []
    flat = _flatten(source)
    first = Pos(pages[0].number, 0)
    last_page = pages[-1]
    whole_end = Pos(last_page.number, max(len(last_page.lines) - 1, 0))
    if source.kind in ("xml", "html") or not flat and source.kind != "pdf":
        return [DocSpan(first, whole_end, "whole file")]
    pdf = source.kind == "pdf"
    body = _body_size(source)

    keys_flat = [(f.page_i, f.index) for f in flat]

    def content_between(k0: tuple[int, int], k1: tuple[int, int]) -> int:
        lo, hi = bisect_left(keys_flat, k0), bisect_left(keys_flat, k1)
        return sum(1 for g in flat[lo:hi] if _content(g))

    # starts as (page index, line index) -> evidence
    starts: dict[tuple[int, int], str] = {}
    words: dict[tuple[int, int], str] = {}
    continuation: set[int] = set()
    if pdf:
        for pi, why in _page_anchors(source, use_bookmarks, body).items():
            starts[(pi, 0)] = why
        for pi, p in enumerate(pages):
            if any((m := PAGE_OF.match(clean(ln.text))) and int(m.group(1)) > 1 for ln in p.lines):
                continuation.add(pi)
    for a, (why, word, own_header) in sorted(_line_anchors(flat, body).items()):
        f = flat[a]
        if pdf and f.page_i in continuation:
            continue
        s = _move_up_over_letterhead(flat, a, pdf)
        key = (flat[s].page_i, flat[s].index)
        if pdf:
            # documents in a PDF bundle begin on a new page: the cover lines above a
            # heading on the same page belong to it
            key = (key[0], 0)
        earlier = [k for k in starts if k <= key]
        if earlier:
            prev = max(earlier)
            gap = content_between(prev, key)
            # the heading of a document that starts at a page top, or "## nota" and then
            # its "Betreft" block: one start, not two
            if gap <= 2 and (not pdf or prev[0] == key[0]) and (
                    not word or prev not in words or words[prev] == word):
                continue
            # a title repeated on the next lines (cover page, then title page)
            if word and words.get(prev) == word and gap <= 30 and not own_header:
                continue
        starts.setdefault(key, why)
        words[key] = word

    if not starts:
        return [DocSpan(first, whole_end, "whole file: no document start found")]
    keys = sorted(starts)
    if keys[0] != (0, 0):
        # a few lines before the first heading (a cover, a website's menu) belong to it
        if content_between((0, 0), keys[0]) <= 15:
            starts[(0, 0)] = starts.pop(keys[0])
        else:
            starts[(0, 0)] = "start of file"
        keys = sorted(starts)

    spans: list[DocSpan] = []
    for k, (pi, li) in enumerate(keys):
        if k + 1 < len(keys):
            npi, nli = keys[k + 1]
            if nli > 0:
                end = Pos(pages[npi].number, nli - 1)
            else:
                prev = pages[npi - 1]
                end = Pos(prev.number, max(len(prev.lines) - 1, 0))
        else:
            end = whole_end
        spans.append(DocSpan(Pos(pages[pi].number, li), end, starts[(pi, li)]))
    return spans


def boundary_scores(predicted, truth, before: int = 0) -> tuple[float, float]:
    """(precision, recall) of document starts against true starts.

    A predicted start matches a true start at most ``before`` positions ahead of it (text:
    the letterhead above a heading; PDF pages: 0), each true start at most once.
    """
    pred = sorted(set(predicted))
    true = sorted(set(truth))
    used: set[int] = set()
    hits = 0
    for t in true:
        for p in pred:
            if p not in used and t - before <= p <= t:
                used.add(p)
                hits += 1
                break
    precision = hits / len(pred) if pred else (1.0 if not true else 0.0)
    recall = hits / len(true) if true else 1.0
    return precision, recall
