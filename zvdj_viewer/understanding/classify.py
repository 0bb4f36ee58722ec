"""Document type from the first lines of a document, with the line that decided.

``classify(lines, source_kind, metadata) -> (type, evidence)``. ``metadata`` is what the file
itself says (``SourceText.metadata``, e.g. the publication type of an officielebekendmakingen
XML/HTML). The rules read the head of the document (its first 60 reading lines, furniture
skipped) in order and the first line that matches a rule decides; the rules are ordered so
that the specific ("Geannoteerde agenda", "Verslag van een schriftelijk overleg") beat the
general ("agenda", "verslag").
"""

from __future__ import annotations

import re

from .dates import parse_date
from .email_header import top_email
from .furniture import clean
from .inventory_table import is_inventory_page
from .prefilter import lowered
from ..model import DOC_TYPES, DocLine
from .publication import publication_type
from .titles import betreft, is_bad_title

HEAD_LINES = 60

# (type, pattern on a cleaned line, must the line be short/heading-like)
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("geannoteerde_agenda", re.compile(r"^geannoteerde\s+agenda\b", re.I)),
    ("verslag_schriftelijk_overleg",
     re.compile(r"^(?:nr\.\s*\d+\s+)?verslag van een schriftelijk overleg\b", re.I)),
    ("voortgangsrapportage", re.compile(r"^(?:\w+\s+)?voortgangsrapportage\b.{0,80}$", re.I)),
    ("besluitenlijst", re.compile(r"^(?:concept[- ]?)?besluiten(?:lijst|-?\s*en\s+actielijst)\b.{0,100}$", re.I)),
    ("inventarislijst",
     re.compile(r"^(?:bijlage\s+\S+\s*[:–—‐-]\s*)?inventari(?:s|satie)(?:lijst)?\b.{0,100}$", re.I)),
    ("besluit", re.compile(
        r"^(?:betreft:?\s+)?(?:besluit|beslissing)\s+op\s+(?:uw\s+)?(?:\w+[- ]?)?(?:verzoek|bezwaar)"
        r"|^(?:betreft:?\s+)?(?:wob|woo)-?(?:besluit|verzoek)\b", re.I)),
    ("kamerbrief", re.compile(
        r"^brief van de (?:minister|staatssecretaris)|^aan de voorzitter van de tweede kamer", re.I)),
    ("bijlage", re.compile(r"^bijlage\s+(?:\d+|[ivx]+|[a-z])\b\s*[:–—.-]?", re.I)),
    ("agenda", re.compile(r"^(?:concept[- ]?)?agenda\s*:?$|^agenda\s+(?:\d+\s*e\s+)?(?:van|voor|bestuurlijk|stuurgroep|overleg)\b.{0,80}$", re.I)),
    ("nota", re.compile(r"^(?:nota|notitie)\s*:?$|^nota\s+(?:aan|van|voor|ter)\b.{0,80}$", re.I)),
    ("verslag", re.compile(r"^(?:concept[- ]?)?verslag\s*:?$|^(?:concept[- ]?)?verslag\s+(?:\d+\s*e\s+)?(?:van|bestuurlijk|stuurgroep|overleg)\b.{0,80}$", re.I)),
    ("email", re.compile(r"^(?:van|from)\s*:", re.I)),
    ("kamerstuk", re.compile(r"^tweede kamer der staten-generaal\b|^eerste kamer der staten-generaal\b", re.I)),
]

# Publication types of officielebekendmakingen metadata.
_PUBLICATION = [
    ("verslag_schriftelijk_overleg", re.compile(r"schriftelijk overleg", re.I)),
    ("kamerbrief", re.compile(r"^brief\b", re.I)),
    ("kamerstuk", re.compile(r"kamerstuk|kamervragen|aanhangsel|handelingen|motie|amendement|"
                              r"wetsvoorstel|memorie|nota van", re.I)),
    ("besluit", re.compile(r"besluit|beschikking|regeling", re.I)),
]


def _head(lines: list[DocLine]) -> list[str]:
    out: list[str] = []
    for dl in lines:
        if dl.line.furniture:
            continue
        t = clean(dl.line.text)
        if t:
            out.append(t)
            if len(out) >= HEAD_LINES:
                break
    return out


def classify(lines: list[DocLine], source_kind: str, metadata: dict | None = None) -> tuple[str, str]:
    """(document type from ``model.DOC_TYPES``, evidence). Never raises."""
    try:
        return _classify(lines, source_kind, metadata or {})
    except Exception as err:  # classification must never stop the analysis of a file
        return "other", f"classification failed ({type(err).__name__})"


def _classify(lines: list[DocLine], source_kind: str, metadata: dict) -> tuple[str, str]:
    head = _head(lines)
    if source_kind in ("xml", "html"):
        for t in head[:15]:
            if _RULES[1][1].match(t):
                return "verslag_schriftelijk_overleg", t
        gazette = publication_type(metadata, " ".join(head[:8]))
        if gazette:
            return gazette, f"gazette publication '{metadata.get('type') or metadata.get('publication') or ''}'"
        ptype = str(metadata.get("type") or metadata.get("publication_type") or "")
        for doc_type, pat in _PUBLICATION:
            if ptype and pat.search(ptype):
                return doc_type, f"publication type '{ptype}'"
        return "kamerstuk", f"official publication ({source_kind})" + (f" '{ptype}'" if ptype else "")
    if source_kind == "pdf" and _inventory_first(lines):
        return "inventarislijst", "inventory table on its first pages"
    header = top_email(lines)
    if header is not None:
        first = [dl for dl in lines if dl.page == lines[0].page]
        return "email", clean(first[header.first].text)
    for t in head:
        for doc_type, pat in _RULES:
            if pat.match(t):
                if doc_type == "email" and not _email_header(head, t):
                    continue
                return doc_type, t
    # A letter to parliament without a "Brief van ..." heading: addressed to the Kamer's
    # chair and opening with "Geachte voorzitter".
    if any(_TO_KAMER.match(t) for t in head) and any(_DEAR_CHAIR.match(clean(dl.text)) for dl in lines[:200]):
        return "kamerbrief", next(t for t in head if _TO_KAMER.match(t))
    # A beslisnota: "TER BESLISSING" / "TER ONDERTEKENING" above an "Aan"/"Van" header block
    marker = next((t for t in head[:30] if _NOTA_MARKER.match(t)), None)
    if marker and any(_NOTA_HEADER.match(t) for t in head[:40]):
        return "nota", marker
    # An internal memo: "Aan" and its author ("Van", "Auteur", "Opgesteld door") and "Datum"
    # as labels of their own, no salutation and no return address (a letter has both)
    if _memo_header(lines):
        return "nota", "memo header (Aan, Van or Auteur, Datum)"
    note = _dated_note(lines)
    if note:
        return "nota", f"dated note '{note[:60]}' (title, Datum, text)"
    # A letter whose subject is a decision ("Onderwerp  Besluit verlengen exploitatievergunning")
    subject = betreft(lines)
    if subject and _DECISION_SUBJECT.match(subject):
        return "besluit", subject
    # A decision letter whose first page is a scan, or a permit: its sections and formulas
    # still say what it is ("Beslissing" + "Ik heb besloten", "Gelet op ..." + "VERLEENT").
    body = [clean(dl.text) for dl in lines[:400] if not dl.furniture]
    cues = [t for t in body if t and _may_be_decision_cue(t) and _DECISION_CUES.search(t)]
    kinds = {m.group(0).lower()[:8] for t in cues for m in [_DECISION_CUES.search(t)]}
    if len(kinds) >= 2:
        return "besluit", cues[0]
    return "other", ""


_NOTA_MARKER = re.compile(
    r"^ter\s+(?:beslissing|besluitvorming|ondertekening|advisering|informatie|kennisname|goedkeuring)\s*$", re.I)
_NOTA_HEADER = re.compile(r"^(?:aan|van|via)\s*(?::|$)", re.I)


_MEMO_TO = re.compile(r"^aan\s*:?$", re.I)
_MEMO_FROM = re.compile(r"^(?:van|auteur|opgesteld door|steller)\s*:?$", re.I)
_MEMO_DATE = re.compile(r"^datum\s*:?$", re.I)
_LETTER_SIGNS = re.compile(r"^(?:geachte|beste|dear|hoi|hallo)\b|^>?\s*retour\s?adres\b", re.I)


def _memo_header(lines: list[DocLine]) -> str | None:
    """The "Aan" label of a memo header on the first page (furniture included: the sidebar
    holds "Datum"), or None."""
    first = [clean(dl.text) for dl in lines if dl.page == lines[0].page][:60]
    if any(_LETTER_SIGNS.match(t) for t in first):
        return None
    to = next((t for t in first if _MEMO_TO.match(t)), None)
    if to and any(_MEMO_FROM.match(t) for t in first) and any(_MEMO_DATE.match(t) for t in first):
        return to
    return None


_DATUM_LINE = re.compile(r"^datum\s*:?\s*(.*)$", re.I)


def _dated_note(lines: list[DocLine]) -> str | None:
    """A note ("notitie", an embassy's "appreciatie"): its title, the "Datum: ..." line right
    under it (often taken for a running header), then prose; no salutation or return address.
    Returns the title, or None."""
    first = [t for dl in lines if dl.page == lines[0].page and (t := clean(dl.text))][:40]
    first = [t for t in first if not is_bad_title(t) or _DATUM_LINE.match(t)]  # markers, codes, stamps
    if len(first) < 5 or any(_LETTER_SIGNS.match(t) for t in first[:30]):
        return None
    for k in (1, 2):
        m = _DATUM_LINE.match(first[k])
        value = (m.group(1) or first[k + 1]) if m else ""
        if m and parse_date(value):
            title = first[k - 1]
            prose = [t for t in first[k + 1:k + 8] if len(t.split()) >= 8]
            if 2 <= len(title.split()) <= 16 and not title.endswith((".", ":")) and len(prose) >= 3:
                return title
            return None
    return None


def _inventory_first(lines: list[DocLine]) -> bool:
    """True when one of the document's first two pages with text is an inventory table."""
    pages: dict[int, list[str]] = {}
    for dl in lines:
        if dl.page not in pages and len(pages) == 2:
            break
        pages.setdefault(dl.page, []).append(clean(dl.text))
    return any(is_inventory_page(texts) for texts in pages.values())


_TO_KAMER = re.compile(r"^(?:de\s+)?voorzitter van de (?:tweede|eerste) kamer", re.I)
_DEAR_CHAIR = re.compile(r"^geachte (?:voorzitter|mevrouw de voorzitter|heer de voorzitter)\b", re.I)

_DECISION_CUES = re.compile(
    r"^besluit\s*$|^beslissing\s*$|^ik heb besloten|^(?:wob|woo)-?verzoek|verzoek om (?:openbaarmaking|informatie)|"
    r"^overwegingen\s*$|^zienswijzen?\s*$|^gelet op\b|\bverleent\b|\bverleen ik\b", re.I)
_CUE_STARTS = ("besluit", "beslissing", "ik heb besloten", "wob", "woo", "overwegingen", "zienswijze", "gelet op")


def _may_be_decision_cue(t: str) -> bool:
    """False when _DECISION_CUES cannot match ``t``: it starts with none of the anchored
    words and holds none of the others (a search over up to 400 lines of every document)."""
    low = lowered(t)
    return low.startswith(_CUE_STARTS) or "verzoek om" in low or "verleen" in low


# the subject of a decision letter or permit: "Besluit verlengen ...", "Beschikking ..."
_DECISION_SUBJECT = re.compile(r"^(?:besluit|beschikking|beslissing)\b(?!\s*(?:van de|vergadering|lijst))", re.I)


def _email_header(head: list[str], first: str) -> bool:
    i = head.index(first)
    more = re.compile(r"^(?:verzonden|sent|aan|to|onderwerp|subject|datum|date)\s*:", re.I)
    return sum(1 for t in head[i + 1:i + 6] if more.match(t)) >= 2


assert all(t in DOC_TYPES for t, _ in _RULES)
