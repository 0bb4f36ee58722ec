"""Metadata of one document read from its header and letterhead.

``extract(lines, doc_type)`` returns a dict with the keys it could find among: title,
doc_date, kenmerk, betreft, series, meeting_date, start_time, end_time, place, participants,
absent. A missing key means unknown.

Where the values come from (as the documents print them):
- the meeting header: "Betreft ...", "Vergaderdatum en -tijd 6 november 2019 10:00-11:00",
  "Vergaderdatum / tijd: 16 juni 2020, 15:00-17.00 uur", "Vergaderplaats ...";
- the letterhead: "Datum document" / "Datum" and "Kenmerk" with the value on the same or the
  next line. Templates were reused, so a running "Datum" on later pages can be stale: a
  "Datum document", or a "Datum" inside a full first-page letterhead (with "Bezoekadres",
  "Inlichtingen bij", "Aantal pagina's", ...), wins over a bare running "Datum";
- titles such as "Verslag Stuurgroep Zorg voor de Jeugd 16 juni 2020" when there is no header.
"""

from __future__ import annotations

import functools
import re

from .dates import find_dates, parse_date, parse_time_range
from ..html_tags import split_bold, strip_tags
from ..model import DocLine
from .prefilter import has_any, lowered

HEAD_LINES = 250  # the header block sits in the first lines of a document (after a letterhead)
MEETING_TYPES = ("agenda", "geannoteerde_agenda", "nota", "verslag", "besluitenlijst")

# Unicode spaces (no-break, em, thin, ideographic ...) read as a plain space; a run of white
# space with a tab in it as one tab. PDFs and converters fill table cells and "Datum" values
# with long runs of them.
_UNICODE_SPACES = str.maketrans({c: " " for c in "\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                                 "\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"})
_TAB_RUN = re.compile(r"(?<![ \t])[ \t]*\t[ \t]*")  # from the start of a run only: linear


@functools.lru_cache(maxsize=16384)  # every line of every document; several steps ask
def plain(text: str) -> str:
    """A line without HTML tags, markdown heading marks, emphasis and list bullets.

    Tabs are kept (they separate label, value and side notes in converted tables)."""
    # runs on every line: each regex only when its character is on the line
    t = text or ""
    if "<" in t:
        t = strip_tags(t)
    if "&" in t:
        t = t.replace("&amp;", "&")
    if not t.isascii():
        t = t.translate(_UNICODE_SPACES)
    if "\t" in t:
        t = _TAB_RUN.sub("\t", t)
    if "#" in t:
        t = _HEADING_MARK.sub("", t)
    t = t.replace("**", "").replace("__", "")
    if _may_be_bullet(t):
        t = _BULLET.sub("", t)
    if "   " in t:
        t = _SPACES.sub("  ", t)
    return t.strip().strip("*_").strip()


_HEADING_MARK = re.compile(r"^\s*(?:>\s*)?#{1,6}\s*")
_BULLET = re.compile(r"^\s*[-•·]\s+(?:o\s+)?")
_SPACES = re.compile(r"[ ]{2,}")


def _may_be_bullet(t: str) -> bool:
    """False when _BULLET cannot match: its bullet after the leading white space (\\s is
    what str.lstrip() strips, character for character) is not there."""
    return t.lstrip().startswith(("-", "•", "·"))


# ---------------------------------------------------------------------------------- series

_SERIES_ZVDJ = re.compile(r"zorg\s+voor\s+(?:de\s+)?jeugd|\bzvdj\b", re.I)
_BO = re.compile(r"bestuurlijk\s+overleg|\bbo\b", re.I)
_DATE_TIME_NOISE = re.compile(
    r"\d{1,2}[:.]\d{2}\s*(?:-|–|tot)\s*\d{1,2}[:.]\d{2}\s*(?:uur|u)?|\d{1,2}[:.]\d{2}\s*(?:uur|u)\b", re.I)


def _strip_dates(text: str) -> str:
    out, last = [], 0
    for _, s, e in find_dates(text, default_year=2000):
        out.append(text[last:s])
        last = e
    out.append(text[last:])
    return _DATE_TIME_NOISE.sub(" ", "".join(out))


def normalise_series(text: str | None) -> str | None:
    """The meeting series named in ``text`` in its canonical spelling.

    "Bestuurlijk Overleg met VWS/JenV/VNG", "BO Rijk - VNG", "BO Rijk & VNG" -> "BO Rijk-VNG";
    with BGZJ -> "BO Rijk-VNG-BGZJ"; "BO ZvdJ", "Bestuurlijk Overleg Zorg voor de Jeugd" ->
    "BO Zorg voor de Jeugd"; a stuurgroep of Zorg voor de Jeugd -> "Stuurgroep Zorg voor de
    Jeugd". Anything else is returned as written, trimmed and without dates and times.
    """
    if not text:
        return None
    t = re.sub(r"\s+", " ", plain(text)).strip()
    if not t:
        return None
    low = t.lower()
    if "stuurgroep" in low and _SERIES_ZVDJ.search(t):
        return "Stuurgroep Zorg voor de Jeugd"
    if _BO.search(t):
        has_vng = re.search(r"\bvng\b|gemeenten", low) is not None
        has_bgzj = re.search(r"\bbgzj\b|branches\s+gezamenlijk", low) is not None
        if has_vng and has_bgzj:
            return "BO Rijk-VNG-BGZJ"
        if has_vng:
            return "BO Rijk-VNG"
        if _SERIES_ZVDJ.search(t):
            return "BO Zorg voor de Jeugd"
    kept = _strip_dates(t)
    kept = re.sub(r"\s+", " ", kept).strip(" \t,.;:-–()")
    return kept or None


# ------------------------------------------------------------------------------ the header

_BETREFT = re.compile(r"^(?:betreft|onderwerp)\b\s*:?\s*(.*)$", re.I)
_MEETING_WHEN = re.compile(
    r"(?:^|(?<=\d))(?:vergaderdatum(?:\s*(?:en|/|&)\s*-?\s*tijd)?|datum\s*(?:en|/|&)\s*-?\s*tijd|"
    r"datum\s+(?:van\s+de\s+)?vergadering)\s*:?\s*(.*)$", re.I)
_MEETING_WHERE = re.compile(r"(?:vergaderplaats|vergaderlocatie|locatie\s*:|plaats\s*:)\s*:?\s*(.*)$", re.I)
# what a line must hold (lower case) for _MEETING_WHERE to match: without "i" and "s", whose
# other forms ("ı", "ſ") the pattern's IGNORECASE accepts and str.lower() does not give
_WHERE_WORDS = ("laat", "locat")
_MEETING_WORDS = re.compile(
    r"overleg|stuurgroep|vergadering|\bbo\b|beraad|commissie|werkgroep|regiegroep|\bmt\b|"
    r"kerngroep|klankbordgroep|bijeenkomst|sessie|platform", re.I)


def _first_field(value: str) -> str:
    """The value up to the first tab: converted tables put side notes in later cells."""
    for part in value.split("\t"):
        if part.strip():
            return part.strip()
    return ""


def _next_value(plains: list[str], i: int, reach: int = 3) -> str:
    """The first non-blank line after ``i`` within ``reach`` lines."""
    for j in range(i + 1, min(i + 1 + reach, len(plains))):
        if plains[j]:
            return plains[j]
    return ""


def _is_label(text: str) -> bool:
    return bool(_BETREFT.match(text) or _MEETING_WHEN.search(text) or _MEETING_WHERE.search(text))


def _header(plains: list[str]) -> dict[str, tuple[int, str]]:
    """{field: (line index, value)} of Betreft / Vergaderdatum / Vergaderplaats."""
    found: dict[str, tuple[int, str]] = {}
    for i, t in enumerate(plains[:HEAD_LINES]):
        if not t:
            continue
        low = t.lower()
        for key, rx, needs in (("betreft", _BETREFT, None), ("when", _MEETING_WHEN, ("datum",)),
                               ("where", _MEETING_WHERE, _WHERE_WORDS)):
            if key in found:
                continue
            if needs is not None and not any(w in low for w in needs):
                continue  # a word the pattern needs is not on the line (most lines)
            m = rx.match(t) if key == "betreft" else rx.search(t)
            if not m:
                continue
            value = _first_field(m.group(1))
            if not value:
                nxt = _next_value(plains, i, 2)
                value = "" if _is_label(nxt) else _first_field(nxt)
            if value:
                found[key] = (i, value)
            break
    return found


# ------------------------------------------------------------------------ letterhead values

_DATUM = re.compile(r"(?:^|(?<=[a-z0-9.]))(datum(?:\s+document)?|date)\s*:?\s*(.*)$", re.I)
# words only a full first-page letterhead has (looked for as words: a regex alternation of
# them over a block of lines tried every position, 0.1 ms a block)
_FULL_LETTERHEAD = ("bezoekadres", "postadres", "inlichtingen", "aantal pagina", "correspondentie uitsluitend",
                    "retouradres", "ontworpen door", "behandeld door", "postbus")
_PLACE_DATE = re.compile(r"^(?:den haag|'s-gravenhage|utrecht|amsterdam|rotterdam)\s*,\s*(.*)$", re.I)
_KENMERK = re.compile(r"(?:^|(?<=[a-z.]))(?<!uw )(?:ons\s+)?kenmerk\s*:?\s*(.*)$", re.I)
_KENMERK_VALUE = re.compile(r"[A-Z]{0,6}[-/ ]?\d[\d./\-]*(?:[A-Z](?![a-z]))?")


_BLOCK_START = re.compile(r"^(?:directoraat|ministerie|bezoekadres|postadres|retouradres)", re.I)


def _short_datum(t: str) -> bool:
    """A short line with a "Datum" label (the label of another letterhead block)."""
    return len(t) < 30 and "dat" in t.lower() and bool(_DATUM.search(t))  # the search is the slow test


def _block(plains: list[str], i: int, back: int = 20, ahead: int = 8) -> list[str]:
    """The lines around the "Datum" label at ``i`` that belong to the same letterhead: up to
    ``back`` lines before and ``ahead`` after, stopping at another "Datum" label (a running
    header right before a first-page letterhead must not borrow its "Bezoekadres")."""
    lo = i
    while lo > max(0, i - back) and not _short_datum(plains[lo - 1]):
        lo -= 1
    hi = i + 1
    while hi < min(len(plains), i + 1 + ahead) and not _short_datum(plains[hi]):
        if _BLOCK_START.match(plains[hi]):
            break  # the next letterhead begins: its address is not this block's
        hi += 1
    return plains[lo:hi]


def _doc_date(plains: list[str], default_year: int | None) -> str | None:
    best: tuple[int, int, str] | None = None  # (-score, index, iso)
    for i, t in enumerate(plains):
        if not t or len(t) > 80:
            continue
        score, iso = 0, None
        m = _DATUM.search(t) if "dat" in t.lower() else None  # the search is slow, the test not
        if m and "van de datum" not in t.lower() and "datum en" not in t.lower():
            label = m.group(1).lower()
            if m.start() > 0 and "document" not in label:
                continue  # "Vergaderdatum", "verzenddatum": another date; only a merged
                # "...nlDatum document" may have text before the label
            value = m.group(2) or _next_value(plains, i)
            iso = parse_date(value)
            if iso:
                near = " ".join(_block(plains, i))
                score = 4 if "document" in label else (3 if has_any(lowered(near), _FULL_LETTERHEAD) else 1)
        elif i < 40:
            m = _PLACE_DATE.match(t)
            if m and (iso := parse_date(m.group(1))):
                score = 3
        if iso and score and (best is None or (-score, i) < best[:2]):
            best = (-score, i, iso)
    return best[2] if best else None


def _kenmerk(plains: list[str]) -> str | None:
    for i, t in enumerate(plains):
        if not t or len(t) > 80:
            continue
        low = t.lower()
        if "kenmerk van deze" in low or "kenmerk" not in low:  # the pattern needs the word
            continue
        m = _KENMERK.search(t)
        if not m:
            continue
        value = m.group(1).strip() or _next_value(plains, i, 2)
        v = _KENMERK_VALUE.match(value.strip())
        if v:
            code = v.group(0).strip(" -./")
            if len(code) >= 4 and sum(ch.isdigit() for ch in code) >= 3:
                return code
    return None


# ------------------------------------------------------------------------------------ title

_TYPE_WORDS = ("agenda", "nota", "verslag", "besluitenlijst", "geannoteerde agenda", "conceptverslag",
               "concept verslag", "notitie", "memo")


def _title(lines: list[DocLine], plains: list[str], betreft: str | None) -> str | None:
    """The document's own heading (markdown/HTML heading or bold line near the top)."""
    for dl, t in zip(lines[:HEAD_LINES], plains):
        if dl.furniture or not t or len(t) > 200:
            continue
        raw = dl.text.lstrip()
        is_heading = dl.line.heading > 0 or raw.startswith("#") or (raw.startswith("**") and raw.rstrip().endswith("**"))
        if not is_heading:
            continue
        if re.match(r"^\d", t) or _is_label(t):
            continue  # a numbered section or item, not the title
        t = re.sub(r"\s+", " ", t)
        if t.lower().strip(" :") in _TYPE_WORDS and betreft:
            return f"{t[:1].upper()}{t[1:]}: {betreft}"
        return t
    return None


# ----------------------------------------------------------------------------- participants

_PART_START = re.compile(r"^(?:\d+\s+)?(aanwezig(?:en)?|deelnemers(?:\s+overleg)?|genodigden)\b\s*:?\s*(.*)$", re.I)
_ABSENT_START = re.compile(r"^(afwezig(?:en)?|afgemeld|verhinderd|afmeldingen)\b\s*:?\s*(.*)$", re.I)
_PART_END = re.compile(
    r"^(?:kopie aan|\d+[.)]?\s+\S|ad\s+\d|annotatie|agendapunten|te bespreken|opening\b|toelichting)", re.I)
_ROLE = re.compile(
    r"^\(?(?:wethouder|directeur|minister|voorzitter|staatssecretaris|secretaris|beleidsmedewerker|"
    r"lid\b|plv|adviseur|programma|directie|gedeputeerde|burgemeester|verslag|senior|coördinator|"
    r"projectleider|hoofd|manager|ambassadeur|namens|mede namens|federatie)", re.I)
# A line of redaction codes only ("10.2.e", "(10)(2e)", "5.1.2e [redacted] 5.1.2e"): codes
# separated by white space or "[redacted]". Written so that each character has one way to
# match (possessive runs; a code's letter ends its digits): the form with nested optional
# parts took minutes on a 39-character line of numbers such as "12.50 15.00 17.50 EUR".
_CODE = r"\(?\d[\d.()]*+(?:[a-i]\)?\(?\d[\d.()]*+)*+(?:[a-i]\)?)?"
_CODE_SEP = r"(?:\s++(?:\[redacted\]\s*+)?|\[redacted\]\s*+)"
_CODE_ONLY = re.compile(rf"^{_CODE}(?:{_CODE_SEP}{_CODE})*+{_CODE_SEP}?$", re.I)


def _person(raw: str, t: str) -> str | None:
    """The name on a participant line ("- Name<TAB>Role", "Name *Role*", "Name   Role")."""
    name = re.split(r"\t|\s{2,}|\*", t)[0].strip(" ,;")
    if not re.search(r"[A-Za-z0-9]", name) or _ROLE.match(name):  # "----------" table rules
        return None
    if _CODE_ONLY.match(name):
        code = re.search(r"\(?\d+[\d.()]*[a-i]?\)?", name)
        return f"[{code.group(0)}]" if code else None
    if len(name.split()) > 6:
        return None
    return name


def _participants(lines: list[DocLine], plains: list[str]) -> tuple[dict, dict]:
    present: dict[str, list[str]] = {}
    absent: dict[str, list[str]] = {}
    # the label in the text, not one repeated in a running header (furniture): the section
    # below leaves furniture out, so its first line must be the label itself
    start = next((i for i, t in enumerate(plains[:HEAD_LINES])
                  if _PART_START.match(t) and not lines[i].furniture), None)
    if start is None:
        return present, absent
    # the section: up to the first item or other section, at most 120 lines
    end = start + 1
    while end < min(len(plains), start + 120):
        t = plains[end]
        if t and _PART_END.match(t) and not _ABSENT_START.match(t):
            break
        end += 1
    section = [(lines[i], plains[i]) for i in range(start, end) if plains[i] and not lines[i].furniture]
    marked = [(dl, t) for dl, t in section[1:] if _is_org_marked(dl.text, t)]
    target, org = present, ""
    label = _PART_START.match(section[0][1]) if section else None  # section[0] is the label's line
    first = label.group(2) if label else ""
    if first:
        _inline(section[0][0].text, target)
    for dl, t in section[1:]:
        m = _ABSENT_START.match(t)
        if m:
            target, org = absent, ""
            if m.group(2):
                for name in re.split(r",|;|\ben\b", m.group(2)):
                    p = _person(name, name.strip())
                    if p:
                        absent.setdefault("", []).append(p)
            continue
        is_org = _is_org_marked(dl.text, t) if marked else _is_org_plain(dl.text, t)
        if is_org:
            org = t.rstrip(":").strip()
            continue
        p = _person(dl.text, t)
        if p:
            target.setdefault(org, []).append(p)
    return present, absent


def _is_org_marked(raw: str, t: str) -> bool:
    r = raw.strip()
    short = 0 < len(t) <= 60 and len(t.split()) <= 7 and "\t" not in t
    return short and (r.startswith("#") or (r.startswith("**") and r.rstrip().endswith("**"))
                      or r.startswith("<b>") or t.endswith(":")) and not _CODE_ONLY.match(t)


def _is_org_plain(raw: str, t: str) -> bool:
    r = raw.strip()
    return (0 < len(t) <= 40 and len(t.split()) <= 4 and "\t" not in t and not r.startswith(("-", "•"))
            and "*" not in r and not _CODE_ONLY.match(t) and not re.search(r"\d", t) and not _ROLE.match(t))


def _inline(raw: str, target: dict[str, list[str]]) -> None:
    """"Genodigden: <b>VWS:</b> A (voorzitter), B <b>JenV:</b> C" on one line."""
    parts = split_bold(raw)
    for org, names in zip(parts[1::2], parts[2::2]):
        org = org.strip().rstrip(":").strip()
        for chunk in names.split(","):
            chunk = re.sub(r"\((?:voorzitter|plv|verslag|o\.v\.)\)", "", chunk).strip()
            if chunk:
                target.setdefault(org, []).append(chunk)


# ---------------------------------------------------------------------------------- extract

def extract(lines: list[DocLine], doc_type: str) -> dict:
    """Metadata of one document (its lines in reading order, furniture included)."""
    if not lines:
        return {}
    plains = [plain(dl.line.text) for dl in lines]
    meta: dict = {}
    head = _header(plains)
    betreft = head.get("betreft", (0, ""))[1] or None
    if betreft:
        meta["betreft"] = re.sub(r"\s+", " ", betreft).strip()
    doc_date = _doc_date(plains, None)
    if doc_date:
        meta["doc_date"] = doc_date
    kenmerk = _kenmerk(plains)
    if kenmerk:
        meta["kenmerk"] = kenmerk
    title = _title(lines, plains, meta.get("betreft"))
    if title:
        meta["title"] = title[:200]

    year = int(doc_date[:4]) if doc_date else None
    when = head.get("when", (0, ""))[1]
    meeting_like = bool(when) or doc_type in MEETING_TYPES
    sources = [s for s in (when, betreft, title) if s]
    if meeting_like:
        for s in sources:
            iso = parse_date(s, year)
            if iso:
                meta["meeting_date"] = iso
                break
        for s in sources:
            start, end = parse_time_range(s)
            if start:
                meta["start_time"] = start
                if end:
                    meta["end_time"] = end
                break
        series = None
        if betreft and (when or _MEETING_WORDS.search(betreft)):
            series = normalise_series(betreft)
        if not series and title and _MEETING_WORDS.search(title):
            series = normalise_series(title)
        if series:
            meta["series"] = series
        if "where" in head:
            meta["place"] = re.sub(r"\s+", " ", head["where"][1]).strip()
        present, absent = _participants(lines, plains)
        if present:
            meta["participants"] = present
        if absent:
            meta["absent"] = absent
    return meta
