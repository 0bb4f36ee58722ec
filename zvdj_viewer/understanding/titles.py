"""A title a user recognises a document by, ranked from the candidates the document offers.

Candidates, best first for each kind of document:

* an e-mail: its subject;
* a letter, decision or nota: its "Betreft"/"Onderwerp" (with the line it wraps onto);
* an inventory list: its own heading ("Bijlage 2 - Inventarislijst");
* any document: its large-type heading at the top of the first page (two or three large lines
  together: "Informatieblad" + "Corona-update"), a document word with the line after it
  ("nota" + "Wetsvoorstel ..."), the short line just above the salutation of a letter
  without Betreft ("Sluiting avondprogramma" above "Beste bewoners,").

Rejected as titles: labels ("Kopie aan", "Bijlagen", "Van:"), letterhead and mastheads
(lines printed on more than one page of the document), stamps and codes ("Doc. nr.", "00005",
"10.2.e"), addressees ("Aan alle bewoners ..."), markers ("TER BESLISSING") and fragments
(a single character, a word without letters). Matching is case-insensitive and tolerant of
OCR noise, so scanned text that has been OCR'd gets the same treatment.
"""

from __future__ import annotations

import re
from statistics import median

from .furniture import clean, is_page_marker
from .label_value import below, beside
from ..model import DocLine

_LABEL_WORDS = re.compile(
    r"^(?:>\s*)?(?:van|aan|cc|bcc|to|from|sent|verzonden|onderwerp|subject|betreft|datum|date|kenmerk|"
    r"ons kenmerk|uw kenmerk|onze referentie|uw referentie|referentie|bijlage\(?n\)?|bijlagen|kopie aan|"
    r"afschrift aan|contactpersoon|behandeld door|doorkiesnummer|faxnummer|telefoon|e-?mail|retouradres|"
    r"bezoekadres|postadres|postbus|inlichtingen|pagina|page|importance|urgentie|via|opgesteld door|"
    r"uiterlijk bij|afgestemd met|intern \w+ afgestemd|relatienummer|projectnummer|aanvraagnummer|"
    r"document|documenten|nr|nummer|doc\.? nr|naam|adres|locatie|inspectiedatum|t\.a\.v|ter attentie van)"
    r"\s*(?:[:.]\s*)?$", re.I)  # not \s*[:.]?\s*: two runs of spaces side by side are quadratic
_MARKER = re.compile(r"^(?:ter\s+(?:beslissing|besluitvorming|ondertekening|informatie|advisering|advies|"
                     r"kennisname|bespreking|goedkeuring)|spoed|vertrouwelijk|concept|openbaar|"
                     r"deels openbaar|niet openbaar|buiten (?:het )?(?:verzoek|reikwijdte)|niet verstrekt|"
                     r"weggelakt|gelakt)\s*$", re.I)
_ADDRESSEE = re.compile(r"^(?:aan\s+|t\.a\.v\.?\s+)?(?:alle|de)\s+(?:bewoners|medewerkers|leden|residents|"
                        r"gedetineerden|ouders|collega'?s)\b|^residents\b|^aan\s+(?:de|het|alle)\b", re.I)
_SALUTATION = re.compile(r"^(?:beste|geachte|dear|hoi|hallo|hello|l\.s\.|zeer geachte)\b", re.I)
_CODE = re.compile(r"^[\W\d_]*(?:(?:10\.\d\.?\s?[a-g]|5\.1\.\d\.?\s?[a-i]|11\.1|5\.2)[\W_]*)+$", re.I)
_STAMP = re.compile(r"^(?:0{2,}\d+.*|doc(?:ument)?\.?\s*(?:nr\.?)?\s*\d*|docnr\.?\s*\d*|\d+[.)]?|file:.*|"
                    r"\S+\.(?:msg|htm|html|docx?|pdf|eml))$", re.I)
_DOC_WORD = re.compile(r"^(?:nota|notitie|memo|memorandum|brief|verslag|agenda|beslisnota|notitie)\s*:?\s*$", re.I)
_MARKER_PREFIX = re.compile(r"^\((?:ter\s+\w+|spoed|vertrouwelijk)\)\s+(?=\S)", re.I)
_INVENTORY = re.compile(r"\binventari(?:s|satie)(?:lijst)?\b", re.I)
_BETREFT = re.compile(r"^(?:betreft|onderwerp|subject|inzake)\s*[:;.]?\s*(.*)$", re.I)
_DATE_ONLY = re.compile(
    r"^(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag),?\s+)?\d{1,2}\s+\w+\s+\d{4}$", re.I)

# a body's name as its letterhead prints it ("Gemeente Amsterdam", "Ministerie van Financiën",
# "Rijksdienst voor Ondernemend Nederland"), and address lines: letterhead, never a title
_MASTHEAD = re.compile(r"^(?i:gemeente|provincie|ministerie\s+van|waterschap|rijksdienst\s+voor|stadsdeel|"
                       r"directoraat[- ]generaal|directie)(?:[\s,]+(?:[A-Z][\w'’-]*|van|voor|en|de|het|der)){0,6}\s*$"
                       r"|^(?i:gemeente|provincie|stadsdeel)\s+\S+\s*$")  # "Gemeente <OCR'd name>"
_NUM_DATE_WORD = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}")


def _without_trailing_date(t: str) -> str:
    """``t`` without a date at its end ("Gemeente X 15-09-2015", "Gemeente X 3 mei 2019"),
    by words (a regex searching for a date before the end is quadratic on runs of spaces)."""
    words = t.split()
    if words and _NUM_DATE_WORD.fullmatch(words[-1]):
        return " ".join(words[:-1])
    if len(words) > 3 and words[-3].isdigit() and words[-1].isdigit() and len(words[-1]) == 4 \
            and words[-2].rstrip(".").isalpha():
        return " ".join(words[:-3])
    return t


_ADDRESS = re.compile(r"\b(?i:postbus)\s*\d|\b[1-9]\d{3}\s?[A-Z]{2}\s[A-Z][a-z]")


def is_bad_title(t: str) -> bool:
    """True for text that names no document: a label, code, stamp, marker or fragment."""
    t = (t or "").strip().strip("*#_ ").strip()
    if len(t) < 3 or sum(ch.isalpha() for ch in t) < 3:
        return True
    if is_page_marker(t):
        return True  # "Pagina 2 van 4", "- 3 -"
    head, colon, _ = t.partition(":")
    if colon and len(head) <= 25 and _LABEL_WORDS.match(head):
        return True  # "Aan: SOCW", "Datum: 19 mei 2020"
    if "{" in t or "}" in t:
        return True  # OCR noise ("Correct} niet"): no title has braces
    return bool(_LABEL_WORDS.match(t) or _MARKER.match(t) or _CODE.match(t) or _STAMP.match(t)
                or t.endswith(":") or _DATE_ONLY.match(t) or _MASTHEAD.match(t) or _ADDRESS.search(t)
                or _MASTHEAD.match(_without_trailing_date(t)))  # a running header "Gemeente X 15-09-2015"


def _clause(t: str) -> bool:
    """True for a clause of running text ("Gelet op ... (APV);", "DE BURGEMEESTER VAN X,"):
    a title does not end in a comma or semicolon."""
    return t.rstrip().endswith((",", ";"))


def _join(parts: list[str]) -> str:
    out = ""
    for p in parts:
        p = p.strip()
        if out.endswith("-") and p[:1].islower():
            out = out + p  # "concept-" + "overgangsregeling"
        else:
            out = f"{out} {p}".strip()
    return re.sub(r"\s+", " ", out).strip(" :-")


def betreft(lines: list[DocLine], reach: int = 80) -> str | None:
    """The value of the first "Betreft"/"Onderwerp" label, with the line it wraps onto."""
    head = [dl for dl in lines[:reach] if clean(dl.text)]
    for k, dl in enumerate(head):
        t = clean(dl.text).replace("\xa0", " ")
        m = _BETREFT.match(t)
        if not m or len(t) > 200:
            continue
        parts = [m.group(1).strip()] if m.group(1).strip() else []
        nxt = head[k + 1:k + 4]
        if not parts:
            # a form's two columns: the value on the label's row, to its right, wherever
            # reading order put it ("Onderwerp" ... "Vergunningen")
            found = _beside_value(lines, dl)
            if found is not None:
                parts.append(found[0])
                nxt = found[1]  # the line under the value, where a long value wraps
        if not parts:
            if not nxt or is_bad_title(clean(nxt[0].text)):
                continue
            parts.append(clean(nxt[0].text))
            nxt = nxt[1:]
        # a wrapped value: the next line in the same column, not a label, and short
        if nxt:
            cand = clean(nxt[0].text)
            wraps = parts[-1].endswith("-") or (cand[:1].islower() and not _SALUTATION.match(cand))
            if cand and wraps and not is_bad_title(cand) and len(cand) < 120:
                parts.append(cand)
        value = _join(parts)
        if value and not is_bad_title(value):
            return value[:200]
    return None


def _beside_value(lines: list[DocLine], label: DocLine) -> tuple[str, list[DocLine]] | None:
    """The good title text on the label's row to its right (same page), with the line under
    it (in a list, empty when there is none), or None."""
    page = [dl for dl in lines if dl.page == label.page]
    at = next((k for k, dl in enumerate(page) if dl is label), None)
    if at is None:
        return None
    row = [dl.line for dl in page]
    j = beside(row, at)
    t = clean(page[j].text) if j is not None else ""
    if j is None or not t or is_bad_title(t):
        return None
    k = below(row, j)
    return t, [page[k]] if k is not None else []


def _repeated(lines: list[DocLine]) -> set[str]:
    """Texts printed on at least half the pages of the document (two at least): letterhead,
    mastheads. A title printed twice in a long document (a second copy) is not one."""
    pages: dict[str, set[int]] = {}
    for dl in lines:
        t = clean(dl.text).lower()
        if t:
            pages.setdefault(t, set()).add(dl.page)
    n = len({dl.page for dl in lines})
    return {t for t, ps in pages.items() if len(ps) >= max(2, (n + 1) // 2)}


def _first_page(lines: list[DocLine], furniture: bool = False) -> list[DocLine]:
    """The first page's lines with text, without the letterhead sidebar (a column at the
    right edge), in reading order (top to bottom when the lines have positions)."""
    if not lines:
        return []
    first = lines[0].page
    page = [dl for dl in lines if dl.page == first and clean(dl.text) and (furniture or not dl.furniture)]
    boxes = [dl.line.bbox for dl in page if dl.line.bbox]
    if boxes and len(boxes) == len(page):
        right = max(b[2] for b in boxes)
        left = min(b[0] for b in boxes)
        # boxes[k] is page[k]'s box: every line has one
        kept = [(b, dl) for b, dl in zip(boxes, page) if b[0] < left + (right - left) * 0.72]
        kept.sort(key=lambda bd: (round(bd[0][1]), bd[0][0]))
        page = [dl for _, dl in kept]
    return page


_SECTION = re.compile(r"^(?:\d+\.?\s+)?(?:aanleiding|inleiding|samenvatting|kern(?:punten)?|kern/samenvatting|"
                      r"geadviseerd besluit|gevraagd besluit|advies|doel|achtergrond|beslispunten)\s*:?$", re.I)


def above_first_section(lines: list[DocLine]) -> str | None:
    """A nota's title: the line(s) just above its first section ("Aanleiding"), under the
    Aan/Van/Via header block."""
    page = _first_page(lines, furniture=True)
    for k, dl in enumerate(page[:60]):
        if not _SECTION.match(clean(dl.text)):
            continue
        above = [g for g in page[:k] if not is_bad_title(clean(g.text)) and not g.line.furniture]
        if not above:
            return None
        last = above[-1]
        parts = [clean(last.text)]
        # a title wrapped onto two lines of the same size
        if len(above) > 1:
            prev = above[-2]
            b0, b1 = prev.line.bbox, last.line.bbox
            if b0 and b1 and prev.line.size == last.line.size and 0 < b1[1] - b0[3] < (b1[3] - b1[1]) \
                    and abs(b0[0] - b1[0]) < 5:
                parts.insert(0, clean(prev.text))
        t = _join(parts)
        return t if len(t.split()) >= 2 and not _ADDRESSEE.match(t) else None
    return None


_DECISION_HEAD = re.compile(r"^(?:besluit|beschikking)\s*:?$", re.I)


def above_decision(lines: list[DocLine]) -> str | None:
    """A permit's or decision's name: the line right above its "Besluit" heading near the top
    of the first page ("Exploitatievergunning alcoholvrij horecabedrijf" / "Besluit")."""
    page = _first_page(lines)
    for k, dl in enumerate(page[:15]):
        if _DECISION_HEAD.match(clean(dl.text)) and k > 0:
            t = clean(page[k - 1].text)
            ok = not is_bad_title(t) and 2 <= len(t.split()) <= 12 and not t.endswith((".", ",", ";"))
            return t if ok else None
    return None


def heading(lines: list[DocLine]) -> str | None:
    """The large-type (or bold, or document-word) heading at the top of the first page."""
    page = _first_page(lines)
    if not page:
        return None
    repeated = _repeated(lines) if len({dl.page for dl in lines}) > 1 else set()
    sizes = [dl.line.size for dl in page if dl.line.size]
    body = median(sizes) if sizes else None
    ordered = sorted(page, key=lambda dl: (dl.line.bbox[1], dl.line.bbox[0]) if dl.line.bbox else (0, 0)) \
        if all(dl.line.bbox for dl in page) else page
    top = ordered[:25]

    def ok(dl: DocLine) -> bool:
        t = clean(dl.text)
        return (not is_bad_title(t) and not _clause(t) and not _ADDRESSEE.match(t) and t.lower() not in repeated
                and not _SECTION.match(t)
                and len(t.split()) <= 16 and not _SALUTATION.match(t))

    # a document word on its own line, then the title under it ("nota" / "Wetsvoorstel ...")
    for k, dl in enumerate(top):
        if _DOC_WORD.match(clean(dl.text)):
            nxt = next((g for g in top[k + 1:k + 3] if ok(g)), None)
            if nxt:
                # without the nota's marker before it ("(ter beslissing) Project ..."), with
                # the line it wraps onto ("... mondzorg om" / "financiële redenen")
                parts = [_MARKER_PREFIX.sub("", clean(nxt.text))]
                at = top.index(nxt)
                wrap = clean(top[at + 1].text) if at + 1 < len(top) else ""
                if wrap[:1].islower() and ok(top[at + 1]) and len(wrap.split()) <= 8:
                    parts.append(wrap)
                return _join(parts)
    if body:
        # a heading in large type is short and set apart from the text around it; a long
        # "large" line, or one touching its neighbours, is OCR that merged two lines
        large = [dl for dl in top if dl.line.size and dl.line.size >= body * 1.25 and ok(dl)
                 and len(clean(dl.text).split()) <= 12 and _set_apart(dl, ordered)]
        if large:
            big = max(_size(dl) for dl in large)
            # the first large line, with the large lines right after it (a wrapped title,
            # or a series name and its subtitle)
            first = next(dl for dl in large if _size(dl) >= big * 0.7)
            k = top.index(first)
            parts = [clean(first.text)]
            for g in top[k + 1:k + 3]:
                if g in large and _size(g) >= big * 0.7 and len(" ".join(parts).split()) < 12:
                    parts.append(clean(g.text))
                else:
                    break
            return _join(parts)
    bold = [dl for dl in top[:12] if dl.line.bold and ok(dl) and len(clean(dl.text).split()) >= 2]
    if bold and body and bold[0].line.size and bold[0].line.size >= body * 0.95:
        return clean(bold[0].text)
    return None


def _size(dl: DocLine) -> float:
    """The line's font size, 0 when unknown (lines in large type always have one)."""
    return dl.line.size or 0.0


def _set_apart(dl: DocLine, page: list[DocLine]) -> bool:
    """True when no other line of the page overlaps or touches ``dl`` vertically in its column."""
    b = dl.line.bbox
    if not b:
        return True
    for g in page:
        o = g.line.bbox
        if g is dl or not o or o[2] < b[0] or o[0] > b[2]:
            continue
        if o[1] < b[3] + 0.5 and o[3] > b[1] - 0.5:
            return False
    return True


def above_salutation(lines: list[DocLine]) -> str | None:
    """The short subject line right above "Beste ...,"/"Geachte ...," in a letter without Betreft."""
    page = _first_page(lines, furniture=True)
    for k, dl in enumerate(page[:40]):
        if _SALUTATION.match(clean(dl.text)) and k > 0:
            prev = clean(page[k - 1].text)
            if not is_bad_title(prev) and not _ADDRESSEE.match(prev) and 1 <= len(prev.split()) <= 10:
                return prev
            return None
    return None


def inventory_heading(lines: list[DocLine]) -> str | None:
    for dl in _first_page(lines)[:20]:
        t = clean(dl.text)
        if _INVENTORY.search(t) and len(t) <= 80:
            return t
    return None


# a one-word heading naming the kind of a permit, decision or form ("Exploitatievergunning",
# "Ontheffing", "Aanvraagformulier"), whose next line says what for ("Alcoholvrij bedrijf")
_KIND_NOUN = re.compile(r"^\w*(?:vergunning|beschikking|ontheffing|formulier|verklaring|besluit)$", re.I)


def first_line(lines: list[DocLine]) -> str | None:
    repeated = _repeated(lines) if len({dl.page for dl in lines}) > 1 else set()
    page = _first_page(lines)[:30]

    def ok(t: str) -> bool:
        return (not is_bad_title(t) and not _clause(t) and not _ADDRESSEE.match(t)
                and t.lower() not in repeated and not _SALUTATION.match(t))
    for k, dl in enumerate(page):
        t = clean(dl.text)
        if _KIND_NOUN.match(t) and k + 1 < len(page):
            nxt = clean(page[k + 1].text)
            if ok(nxt) and 1 <= len(nxt.split()) <= 8 and not nxt.endswith("."):
                return _join([t, nxt])
        if ok(t) and 2 <= len(t.split()) <= 16:
            return t
    return None


def choose_title(lines: list[DocLine], doc_type: str, subject: str | None = None,
                 current: str | None = None) -> str:
    """The best title for a document of ``doc_type``; ``subject`` an e-mail's subject,
    ``current`` a title found earlier (a publication's own title, a heading) to keep when good."""
    if doc_type == "email" and subject and not is_bad_title(subject):
        return subject[:200]
    if doc_type == "inventarislijst":
        # its own heading, else what it is: the table's first row is no title
        return inventory_heading(lines) or "Inventarislijst"
    b = betreft(lines)
    if b and doc_type in ("besluit", "nota", "kamerbrief", "other", "bijlage", "email"):
        return b
    if doc_type == "besluit" and (t := above_decision(lines)):
        return t[:200]
    for find in (heading, above_first_section, above_salutation):
        t = find(lines)
        if t:
            return t[:200]
    if current and not is_bad_title(current) and not _clause(current) and not _DOC_WORD.match(current):
        return current[:200]
    return (first_line(lines) or b or current or "")[:200]


def has_own_title(lines: list[DocLine], subject: str | None = None) -> bool:
    """True when the document names itself: an e-mail subject or a Betreft/Onderwerp."""
    return bool(subject and not is_bad_title(subject)) or betreft(lines) is not None
