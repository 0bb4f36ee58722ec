"""Cut a source into documents.

``segment(source, use_bookmarks=True) -> list[DocSpan]``: spans in reading order that cover
every line of the source, without gaps or overlaps. Run ``furniture.mark_furniture`` first.

How a document start is found (each start keeps its evidence):

* an *anchor*: a document heading on a line of its own ("agenda", "nota", "verslag",
  "Geannoteerde agenda ...", "Besluitenlijst", "Inventarislijst", "Brief van ...", "Verslag
  van een schriftelijk overleg"), or a meeting header ("Betreft" followed by
  "Vergaderdatum") without such a heading just above it, or, after a letter, a "Bijlage 1 -
  title" heading;
* PDFs, per page: a bookmark (``outline.document_starts``: top level, and deeper levels under
  a container or with document numbers); the first page of an inventory table
  (``inventory_table``); a new stamped document number (``stamps``); "Pagina 1 van N" (unless
  its pages carry the current letter's reference: an enclosure); the page after "Pagina N
  van N"; the large masthead of a series coming back at the top of a page (on consecutive
  pages only with a new date or edition under it: else it is letterhead); an e-mail header
  at the top of a page (``email_header``, not a quoted reply); the first page without a text
  layer after pages with one (not while "Pagina k van N" runs on); a print stamp naming
  another file than the previous page's; the page after an authority's signed letter
  ("Hoogachtend", "namens deze", "De burgemeester van ..."), unless it opens the legal annex;
  a first-page letterhead ("Bezoekadres", "Postbus ...") at the top of a page, not when the
  page before has one too (the letterhead of every page). "Pagina k van N" with k > 1 (not
  right after another document's "Pagina N van N"), page numbers that run on ("Pagina 4"
  after "Pagina 3"), the same stamped number, or the next page of an inventory table say the
  page continues a document, and outweigh everything but a bookmark; no line on an inventory
  page, or on a page that continues one, is a heading.

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
from difflib import SequenceMatcher

from .dates import parse_date
from .email_header import ends_with_quote_mark, page_top_header
from .furniture import FIRST_PAGE_LABELS, MEASURE, PAGE_OF, body_size, clean, letterhead_blocks
from .inventory_table import continues_inventory, is_inventory_page, starts_inventory
from ..model import DocSpan, Line, Pos, SourceText
from .outline import document_starts
from .prefilter import lowered
from .stamps import reference_of, stamps_of

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
# the annex of legal articles of a decision letter is part of the decision, not a document
_LEGAL_ANNEX = re.compile(r"wettelijk kader|juridisch kader|relevante (?:wets)?artikelen|wet- en regelgeving|"
                          r"artikelen uit de (?:wob|woo|wet)|toepasselijke (?:artikelen|bepalingen)", re.I)
# annexes the decision declares its own ("Alle twee de bijlagen maken onderdeel uit van dit
# besluit"): part of the decision, not documents of their own
_PART_OF_DECISION = re.compile(r"\b(?:maken|maakt|vormen|vormt)\s+(?:een\s+)?(?:onderdeel|deel)\s+(?:uit\s+)?"
                               r"van\s+(?:dit|deze|het|de)\s+(?:besluit|beschikking|beslissing)\b", re.I)
_BETREFT = re.compile(r"^betreft\b", re.I)


def _declares_annexes(t: str) -> bool:
    """_PART_OF_DECISION.search(t), run only when ``t`` holds the words it needs ("deel" and
    "maken", "maakt" or "vorm..."): the search over a line or a page is slow, the test not."""
    low = lowered(t)
    return "deel" in low and ("mak" in low or "maak" in low or "vorm" in low) and _PART_OF_DECISION.search(t) is not None

_MEETING = re.compile(r"^(?:vergaderdatum|datum vergadering|datum en tijd|vergadertijd)\b", re.I)
_EMAIL_FROM = re.compile(r"^(?:van|from)\s*:", re.I)
_EMAIL_MORE = re.compile(r"^(?:verzonden|sent|aan|to|onderwerp|subject|datum|date)\s*:", re.I)
_STAMP = re.compile(r"^(?:file:/{2,3}\S+)", re.I)

# The first characters a line can have for the anchored patterns above to match (they run on
# every line; most lines start otherwise). IGNORECASE also takes "İ" and "ı" for an "i".
_HEADING_FIRST = frozenset("gGvVnNbBaAcCiImMtTİı")  # _ALWAYS, _HEADING_ONLY, _HEADING_LEAD
_CLOSE_FIRST = frozenset("hHmMdDbBaA")  # _LETTER_CLOSE


def _heading_marked(line: Line, body: float | None) -> bool:
    raw = line.text.lstrip()
    return bool(line.heading or raw.startswith("#") or raw.startswith("**") or raw.lower().startswith("<b>")
                or line.bold or (body and line.size and line.size >= body * 1.2))


def doc_heading(line: Line, body: float | None = None) -> str | None:
    """The document-title text when this line is a document heading, else None."""
    return _heading_of(clean(line.text), line, body)


def _heading_of(t: str, line: Line, body: float | None) -> str | None:
    """``doc_heading`` of ``line``, its cleaned text ``t`` given."""
    if not t or len(t) > 160 or t[0] not in _HEADING_FIRST or "...." in t or "……" in t:  # a dot leader: a table of contents
        return None
    if _ALWAYS.match(t):
        return t
    if _HEADING_ONLY.match(t):
        return t
    if _HEADING_LEAD.match(t) and _heading_marked(line, body) and len(t.split()) <= 10:  # the match is the cheaper test
        return "lead:" + t  # only a start with more evidence (see _line_anchors)
    return None


@dataclass(slots=True)  # one per line of the source
class _Flat:
    page_i: int  # index into source.pages
    index: int  # line index on the page
    line: Line


def _flatten(source: SourceText) -> list[_Flat]:
    return [_Flat(pi, li, ln) for pi, p in enumerate(source.pages) for li, ln in enumerate(p.lines)]


def _body_size(source: SourceText) -> float | None:
    return body_size(source) if source.kind == "pdf" else None


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


def _line_anchors(flat: list[_Flat], body: float | None,
                  page_starts: set[int] | frozenset[int] = frozenset()) -> dict[int, tuple[str, str, bool]]:
    """Anchors found in the text: flat index -> (evidence, kind of title, has own meeting header).
    ``page_starts``: indexes of PDF pages that start a document on page evidence."""
    anchors: dict[int, tuple[str, str, bool]] = {}
    letter_seen = False
    close_page = -1  # the PDF page of the last letter's closing formula
    annexes_own_from = -1  # the page from which the decision's own annexes follow (-1: none)
    last_heading = -100
    for i, f in enumerate(flat):
        if f.line.furniture:
            continue
        t = clean(f.line.text)
        if not t:
            continue
        if annexes_own_from >= 0 and f.page_i > annexes_own_from and f.page_i in page_starts:
            annexes_own_from = -1  # another document began: its annexes are its own
        if t[0] in _CLOSE_FIRST and _LETTER_CLOSE.match(t):
            letter_seen = True
            close_page = f.page_i
        if _declares_annexes(t):
            annexes_own_from = f.page_i
        h = _heading_of(t, f.line, body)
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
        if t[0] in "bB" and _BETREFT.match(t):
            # a meeting header block: "Betreft ..." with "Vergaderdatum ..." just below
            nxt = [g for g in flat[i + 1:i + 6] if clean(g.line.text)][:3]
            if any(_MEETING.match(clean(g.line.text)) for g in nxt):
                between = sum(1 for g in flat[max(last_heading, 0) + 1:i] if _content(g))
                if last_heading < 0 or between > 3 or i - last_heading > 15:
                    anchors[i] = ("meeting header (Betreft / Vergaderdatum)", "", True)
            continue
        if letter_seen and t[0] in "bB" and _BIJLAGE.match(t) and len(t) < 130 and not _LEGAL_ANNEX.search(t):
            if body is not None and f.page_i == close_page:
                continue  # under the closing formula on its page: the letter's list of enclosures
            if annexes_own_from >= 0:
                continue  # an annex the decision says is part of it
            anchors[i] = (f"bijlage heading '{t[:60]}'", t.lower(), False)  # each bijlage its own
    return anchors


def _readable(p) -> bool:
    return p.has_text and not p.garbled and any(clean(ln.text) for ln in p.lines)


def page_texts(pages) -> list[list[str]]:
    """The cleaned text of every line, page by page: made once for the many rules that read
    every line of every page (each would otherwise clean each line again)."""
    return [[clean(ln.text) for ln in p.lines] for p in pages]


def _page_evidence(source: SourceText, use_bookmarks: bool, body: float | None,
                   running: list[bool] | None = None,
                   texts: list[list[str]] | None = None) -> tuple[dict[int, str], set[int]]:
    """PDF page-level starts and tables: (page index -> evidence of a start, indexes of the
    pages that are rows of an inventory table). ``running``: ``running_page_numbers`` of the
    pages, ``texts``: their ``page_texts``, when the caller has them."""
    starts: dict[int, str] = {}
    pages = source.pages
    if texts is None:
        texts = page_texts(pages)
    readable_pages = [p.has_text and not p.garbled and any(tx) for p, tx in zip(pages, texts)]  # _readable
    page_of: list[tuple[int, int] | None] = []
    for tx in texts:
        found = None
        for t in tx:
            m = PAGE_OF.match(t) if t[:1] in "pPbB" else None  # "pagina", "page", "blad"
            if m:
                found = (int(m.group(1)), int(m.group(2)))
                break
        page_of.append(found)
    if running is None:
        running = running_page_numbers(pages, texts)
    number_to_index = {p.number: i for i, p in enumerate(pages)}
    if use_bookmarks and source.bookmarks:
        continuation_pages = {p.number for p, po in zip(pages, page_of) if po and po[0] > 1}
        for page, title in document_starts(source.bookmarks, continuation_pages):
            if page in number_to_index:
                starts.setdefault(number_to_index[page], f"bookmark '{title[:60]}'")
    tops: list[tuple[str, ...]] = []
    has_content: list[bool] = []  # the page has a non-empty line that is not furniture (for the second pass)
    contents = [[ln for ln, t in zip(p.lines, tx) if t and not ln.furniture] for p, tx in zip(pages, texts)]
    for content in contents:
        has_content.append(bool(content))
        ordered = sorted(content, key=lambda ln: (ln.bbox[1], ln.bbox[0]) if ln.bbox else (0, 0))
        # the first large line among the top three (the title of a series; its subtitle
        # may change from one issue to the next)
        tops.append(tuple(clean(ln.text).lower() for ln in ordered[:3]
                          if body and ln.size and ln.size >= body * 1.6 and _wordlike(ln.text))[:1])
    counts: dict[tuple[str, ...], int] = {}
    for top in tops:
        if top:
            counts[top] = counts.get(top, 0) + 1
    # large type at the top of several pages, but not of every page: the masthead of a
    # series (newsletters, forms), each copy a new document
    mastheads = {t for t, c in counts.items() if 2 <= c < len(pages)}
    inventory = [readable_pages[i] and is_inventory_page(texts[i]) for i in range(len(pages))]
    stamps = stamps_of(pages)
    last = -1
    for i, p in enumerate(pages):
        if not readable_pages[i]:
            continue
        if not inventory[i] and not stamps[i] and last >= 0 and inventory[last] and continues_inventory(
                [clean(ln.text) for ln in p.lines if not ln.furniture]):
            inventory[i] = True  # the table's last rows, or the tail of a cell
        last = i
    refs = [reference_of(p) for p in pages]
    signed = [readable and _signed_off(p, content) for p, content, readable in zip(pages, contents, readable_pages)]
    # "De bijlagen maken onderdeel uit van dit besluit": the decision's annexes after its
    # signature are its own, not new documents (the signed-letter rule below yields to it)
    # one search over the page: the pattern matches no NUL, so it cannot cross from one line into the next
    declares_annexes = [readable and _declares_annexes("\0".join(tx)) for tx, readable in zip(texts, readable_pages)]
    annexes_own = False
    heads = [readable and _letterhead_on_top(p) for p, readable in zip(pages, readable_pages)]
    top_issues = [_top_issue(p, content) for p, content in zip(pages, contents)]
    cur_ref: str | None = None  # the letter reference of the current document
    cur_stamp: str | None = None  # its stamped number
    cur_issue: str | None = None  # the date or edition at the top of its first page
    cur_inventory = False  # the current document is an inventory list
    last_text = -1  # index of the last page with a text layer
    prev_stamp = None  # the print stamp of the previous page
    for i, p in enumerate(pages):
        readable = readable_pages[i]
        prev_readable = i > 0 and readable_pages[i - 1]
        top = tops[i]
        stamp = next((t for t in texts[i] if t[:1] in "fF" and _STAMP.match(t)), None)
        prev_text_inventory = last_text >= 0 and inventory[last_text]
        here = page_of[i]  # ("Pagina N van M") of this page, of the one before, of the last with text
        before = page_of[i - 1] if i > 0 else None
        ran = page_of[last_text] if last_text >= 0 else None
        prev_text_runs_on = ran is not None and ran[0] + (i - last_text) <= ran[1]
        reason = None
        hold = False  # evidence that the page continues the current document
        if inventory[i]:
            if prev_text_inventory or (cur_inventory and not starts_inventory(texts[i])):
                hold = True  # the table runs on (a page between that did not read as rows too)
            else:
                reason = "inventory list"
        elif stamps[i] and stamps[i] != cur_stamp:
            reason = f"stamped number {stamps[i]}"
        elif stamps[i] and stamps[i] == cur_stamp:
            hold = True
        elif running[i]:
            hold = True  # "Pagina 4" after "Pagina 3": the page numbers run on
        elif here and here[0] == 1:
            run = [refs[j] for j in range(i, min(len(pages), i + here[1]))]
            if cur_ref and cur_ref in run:
                hold = True  # an enclosure under the letter's own reference
            else:
                reason = f"'Pagina 1 van {here[1]}'"
        elif i > 0 and _return_address(p):
            # the return address for the window envelope is printed on a letter's first page
            reason = "first page of a letter (Retouradres)"
        elif before and before[0] == before[1] and readable:
            reason = f"previous page ends its document ('Pagina {before[0]} van {before[1]}')"
        elif i > 0 and readable and prev_readable and signed[i - 1] and not _opens_legal_annex(p) \
                and not annexes_own:
            reason = "the letter on the previous page is signed"
        elif i > 0 and readable and heads[i] and not heads[i - 1]:
            # on consecutive pages it is the letterhead of every page, not a new letter
            reason = "first-page letterhead (Bezoekadres / Postbus) at the top"
        elif top and top in mastheads and (
                i == 0 or tops[i - 1] != top or (top_issues[i] and top_issues[i] != cur_issue)):
            # the same masthead on consecutive pages is letterhead, unless a new date or
            # edition says a new issue begins
            reason = f"masthead '{top[0][:40]}'"
        elif has_content[i] and page_top_header(p.lines) is not None and not (
                i > 0 and ends_with_quote_mark(pages[i - 1].lines)):
            if stamp and prev_stamp and _same_file(stamp, prev_stamp):
                hold = True  # printed from the same message file: a quoted reply on a new page
            else:
                reason = "e-mail header at top of page"
        elif i > 0 and not readable and prev_readable and not prev_text_runs_on:
            reason = "page without text layer after pages with text"
        elif stamp and prev_stamp and not _same_file(stamp, prev_stamp):
            reason = "print stamp names another file"
        prev_stamp = stamp
        # "Pagina 3 van 24" continues a document, but not right after "Pagina 3 van 3": that
        # page ended its own, and this one is a document whose first pages are not released
        # (the same "Pagina 3 van 3" twice: a page of it scanned out of order, or twice)
        after_end = before is not None and here is not None and here != before and (
            before[0] == before[1] or (before[1] != here[1] and here[0] != before[0] + 1))
        continues = here is not None and here[0] > 1 and reason != "inventory list" and not after_end
        if reason and not continues and not hold:
            starts.setdefault(i, reason)
        elif (continues or hold) and i in starts and not starts[i].startswith("bookmark"):
            del starts[i]
        if i in starts and not declares_annexes[i]:
            annexes_own = False  # another document began: its annexes are its own
        if declares_annexes[i]:
            annexes_own = True
        if inventory[i] and reason == "inventory list" and i in starts:
            # an inventory whose first rows are on scanned pages just before it
            j = i
            while j - 1 > 0 and not readable_pages[j - 1] and i - j < 3 and (j - 1) not in starts:
                j -= 1
            if j < i and not starts_inventory(texts[i]) and readable_pages[j - 1]:
                starts[j] = starts.pop(i) + " (its first rows on a scanned page)"
        if i in starts:
            cur_ref, cur_stamp, cur_issue = refs[i], stamps[i], top_issues[i]
            cur_inventory = starts[i].startswith("inventory list")
        else:
            cur_ref = cur_ref or refs[i]
            cur_stamp = cur_stamp or stamps[i]
        if readable:
            last_text = i
    return starts, {i for i, v in enumerate(inventory) if v}


_PAGE_NUMBER = re.compile(r"^(?:pagina|page|blad)\s+(\d{1,4})(?:\s+(?:van|of|/)\s+\d{1,4})?$", re.I)


def running_page_numbers(pages, texts: list[list[str]] | None = None) -> list[bool]:
    """Per page: True when it prints "Pagina k" (with or without "van N"), k > 1, and the page
    before printed "Pagina k-1": the page numbers run on, so the page continues a document
    (a letter's enclosures numbered on with it, "Bijlage 1" on "Pagina 4"). ``texts``: the
    pages' ``page_texts``, when the caller has them."""
    numbers: list[int | None] = []
    for tx in (texts if texts is not None else page_texts(pages)):
        found = None
        for t in tx:
            if t[:1] in "pPbB" and (m := _PAGE_NUMBER.match(t)):
                found = int(m.group(1))
                break
        numbers.append(found)
    return [i > 0 and n is not None and n > 1 and numbers[i - 1] == n - 1 for i, n in enumerate(numbers)]


def _wordlike(text: str) -> bool:
    """A line with a word in it: OCR reads a vertical rule or a box edge as "|" or "I"."""
    return sum(ch.isalpha() for ch in text) >= 3


_RETURN_ADDRESS = re.compile(r"^>?\s*retour\s?adres\b", re.I)
# OCR joins it to the line beside it: "centrum.amsterdam.nl Retouradres: Postbus 202, ..."
_RETURN_ADDRESS_IN = re.compile(r"\bretour\s?adres\s*:\s*(?:postbus|\d)", re.I)


def _return_address(page) -> bool:
    """True when the top half of the page carries a "Retouradres" line."""
    h = page.height or 842.0
    # both patterns need "retour" (no "i", "k" or "s": str.lower() finds every form IGNORECASE takes)
    return any(_RETURN_ADDRESS.match(t) or _RETURN_ADDRESS_IN.search(t) for ln in page.lines
               if (not ln.bbox or ln.bbox[1] < h * 0.45) and len(ln.text) < 120 and (t := clean(ln.text))
               and "retour" in t.lower())


# The signature of an authority's letter or decision: after it, the letter is done.
_SIGNED = re.compile(r"^(?:hoogachtend\b.{0,30}|namens\s+deze\b.{0,60}|(?:de|het)\s+(?:burgemeester|minister|"
                     r"staatssecretaris|college|wethouder|directeur)(?:\s+(?:van|voor|der)\s+[^,.;:!?]{2,50})?\s*,?)$",
                     re.I)  # the whole line: "De staatssecretaris zal ..." is a sentence, no signature


def _content_lines(page) -> list[Line]:
    return [ln for ln in page.lines if clean(ln.text) and not ln.furniture]


def _signed_off(page, content: list[Line] | None = None) -> bool:
    """True when the page ends a signed letter: "Hoogachtend", "namens deze" or the signing
    authority in its lower half, with at most a few lines of text after it (the signer's
    name and function, a printed note on objection in small type). ``content``: the page's
    ``_content_lines``, when the caller has them."""
    h = page.height or 842.0
    content = _content_lines(page) if content is None else content
    for k, ln in enumerate(content):
        if ln.bbox and ln.bbox[1] < h * 0.4:
            continue
        if clean(ln.text)[0] in "hHnNdD" and _SIGNED.match(clean(ln.text)) and len(ln.text) < 80:
            after = [x for x in content[k + 1:] if len(clean(x.text)) > 3]
            return len(after) <= 15
    return False


_FIRST_PAGE_ADDRESS = re.compile(r"^(?:bezoekadres|postadres|postbus\s+\d)", re.I)


def _letterhead_on_top(page) -> bool:
    """True when the top fifth of the page carries a first-page letterhead: the sender's
    "Bezoekadres" / "Postadres" / "Postbus ..." block, as a scanned letter, permit or decision
    prints it on its first page only (a running sidebar has the directorate and "Datum")."""
    h = page.height or 842.0
    if not any(_FIRST_PAGE_ADDRESS.match(clean(ln.text)) for ln in page.lines
               if ln.bbox and ln.bbox[1] < h * 0.2 and len(ln.text) < 60):
        return False
    # a letter's first page also opens the letter (subject, salutation, addressee's reference);
    # an address block alone at a page top is a first page's sidebar that the text layer (or a
    # layout of it) put on a later page, as in bundles converted from text
    return any(_LETTER_OPENING.match(clean(ln.text)) for ln in page.lines if len(ln.text) < 200)


_LETTER_OPENING = re.compile(r"^(?:geachte|beste|onderwerp\b|betreft\b|uw\s+(?:kenmerk|brief|verzoek)|"
                             r"ons\s+kenmerk|besluit\b|beschikking\b|vergunning\b)", re.I)


def _opens_legal_annex(page) -> bool:
    """True when the page begins the annex of legal articles a decision letter ends with."""
    return any(_LEGAL_ANNEX.search(clean(ln.text)) for ln in page.lines[:8] if len(ln.text) < 120)


_ISSUE = re.compile(r"\b(?:editie|nummer|nr\.?|jaargang|week|uitgave|issue)\s*\d+", re.I)


def _top_issue(page, content: list[Line] | None = None) -> str | None:
    """What tells one issue of a series from the next, printed near the top of the page:
    a date on a short line ("Donderdag 11 juni 2020"), or an edition ("Editie 2")."""
    content = _content_lines(page) if content is None else content
    for ln in content[:8]:
        t = clean(ln.text)
        if len(t.split()) > 8:
            continue
        iso = parse_date(t)
        if iso:
            return iso
        m = _ISSUE.search(t)
        if m:
            return m.group(0).lower()
    return None


def _stamp_file(stamp: str) -> str:
    """The file named by a print stamp, without the page-dependent tail."""
    s = stamp.split("/")[-1] if "/" in stamp else stamp
    return re.sub(r"(?<!\s)\s+\d+\s*$", "", s)[:40]  # from the start of a space run only: linear


def _same_file(a: str, b: str) -> bool:
    """True when two print stamps name the same file. OCR of a scanned stamp adds, drops or
    changes a character or two ("checklisten”%20fp", "kleine%20Orassen"): compare letters and
    digits only, and allow that much difference in the letters; the digits (the document's
    number in "Doc.%2011") must be the same."""
    x, y = ("".join(ch for ch in _stamp_file(t).lower() if ch.isalnum()) for t in (a, b))
    if x == y:
        return True
    digits = ["".join(ch for ch in v if ch.isdigit()) for v in (x, y)]
    return (digits[0] == digits[1] and min(len(x), len(y)) >= 12
            and SequenceMatcher(None, x, y).ratio() >= 0.9)


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


def segment(source: SourceText, use_bookmarks: bool = True, *, body: float | None | str = MEASURE) -> list[DocSpan]:
    """Document spans of ``source`` in order; one span for a single-document file. ``body``:
    the PDF's ``furniture.body_size``, when the caller has it."""
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
    body = _body_size(source) if isinstance(body, str) else body

    keys_flat = [(f.page_i, f.index) for f in flat]

    def content_between(k0: tuple[int, int], k1: tuple[int, int]) -> int:
        lo, hi = bisect_left(keys_flat, k0), bisect_left(keys_flat, k1)
        return sum(1 for g in flat[lo:hi] if _content(g))

    # starts as (page index, line index) -> evidence
    starts: dict[tuple[int, int], str] = {}
    words: dict[tuple[int, int], str] = {}
    continuation: set[int] = set()
    if pdf:
        texts = page_texts(pages)
        running = running_page_numbers(pages, texts)
        page_starts, inventory_pages = _page_evidence(source, use_bookmarks, body, running, texts)
        for pi, why in page_starts.items():
            starts[(pi, 0)] = why
        # the rows of an inventory table are not document headings
        continuation |= inventory_pages
        for pi, tx in enumerate(texts):
            if any(t[:1] in "pPbB" and (m := PAGE_OF.match(t)) and int(m.group(1)) > 1 for t in tx):
                continuation.add(pi)
        continuation |= {pi for pi, runs in enumerate(running) if runs}
    for a, (why, word, own_header) in sorted(_line_anchors(flat, body, {pi for pi, _ in starts}).items()):
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
                if word:
                    words.setdefault(prev, word)  # a page start named by its heading
                continue
            # a title repeated on the next lines (cover page, then title page)
            if word and words.get(prev) == word and gap <= 30 and not own_header:
                continue
            # an annex's heading printed again on its next pages: a running head
            if pdf and word.startswith("bijlage") and words.get(prev) == word:
                continue
        starts.setdefault(key, why)
        words.setdefault(key, word)  # several headings on one PDF page: the first names it

    if not starts:
        return [DocSpan(first, whole_end, "whole file: no document start found")]
    keys = sorted(starts)
    if keys[0] != (0, 0):
        # a few lines before the first heading (a cover, a website's menu) belong to it; not
        # pages without text before it (scans not OCR'd yet): what they hold is not known
        unread = pdf and any(not _readable(pages[j]) for j in range(keys[0][0]))
        if content_between((0, 0), keys[0]) <= 15 and not unread:
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
                prev_page = pages[npi - 1]
                end = Pos(prev_page.number, max(len(prev_page.lines) - 1, 0))
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
