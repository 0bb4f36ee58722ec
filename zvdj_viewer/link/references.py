"""References in the text of an item to another meeting or to a parliamentary paper.

Kinds (GUIDE.md section 3):
- ``conceptverslag``: "Conceptverslag van 13 februari 2020" -> the meeting of that date whose
  minutes are approved. Minutes are approved by the next meeting of the SAME series, so when
  the archive has no meeting of that series on that date, the reference stays unresolved
  (even if another series met that day): a wrong link costs more than a missing one.
- ``refers_to_meeting``: "het BO van 24 juni", "in de stuurgroep van 16 juni besproken",
  "Tijdens het BO Rijk-VNG op 25 september jl." -> that meeting, when the words name one
  meeting of that date; ambiguous or absent ones are kept as unresolved references.
- ``kamerstuk``: "Kamerstuk 31 839, nr. 728", "31839-728", "kst-31839-728", and moties by
  name ("motie Van der Staaij") -> the document when it is in the archive.

Unresolved references keep their words (``to_text``) and date (``to_date``).
Pure functions on plain dicts; the archive feeds them catalog rows.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence

from ..understanding.dates import _MONTH_RE, _MONTHS
from ..understanding.prefilter import lowered
from .meetings import VERSLAG_TYPES
from .text import fold

_DATE = rf"(\d{{1,2}})(?:e)?\s+({_MONTH_RE})\b\.?(?:\s+((?:19|20)\d\d)(?!\d))?"
_DATE_RE = re.compile(_DATE, re.I)
_CONCEPT = re.compile(r"concept[\s-]?verslag(?:en)?\b([^\n]{0,90})", re.I)
# an agenda item that approves minutes without the word "concept": "Verslag stuurgroep van
# 14 januari 2021", "Vaststellen verslag van ..." (only as the item's title, its first line)
_TITLE_VERSLAG = re.compile(r"^\s*(?:ter\s+vaststelling:?\s*)?(?:vaststell(?:en|ing)\s+(?:van\s+)?(?:het\s+)?)?"
                            r"verslag(?:en)?\b([^\n]{0,90})", re.I)
# "het BO van 24 juni", "BO Rijk-VNG op 25 september jl.", "stuurgroep van 16 juni",
# "Bestuurlijk Overleg Zorg voor de Jeugd van 24 juni"; up to five words of series name
# Also: "Bestuurlijk Overleg (BO) was op 6 november 2019" (a nota's opening lines), "BO Zorg
# voor de Jeugd (op 25 september)", "Stuurgroep (8 oktober)", "BO 25-09" (day-month digits).
# The kind starts with a letter class and looks behind only after it: a pattern that starts
# with a look-behind is tried at every character of the text (2x slower on long texts). It
# reads "BO", "B.O.", "bestuurlijk(e) overleg" or "stuurgroep", not inside a word or after "-".
_MEETING = re.compile(
    r"(?P<kind>[BbSs](?<![\w-][BbSs])(?:(?<=B)O|(?<=B)\.O\.|(?<=[Bb])estuurlijke?[ \t]+[Oo]verleg|(?<=[Ss])tuurgroep))"
    r"(?:[ \t]*\(BO\))?"
    r"(?P<series>(?:[ \t]+(?!van\b|op\b|was\b|d\.d\.)[A-Za-z][\w&/'-]*){0,5}?)"
    r"(?:[ \t]*\((?:op[ \t]+)?|[ \t]+(?:(?:van|op|was[ \t]+op|d\.d\.)[ \t]+)?)"
    r"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag)[ \t]+)?"
    r"(?:" + _DATE + r"|(?P<nd>\d{1,2})-(?P<nm>\d{1,2})(?:-(?P<ny>(?:19|20)\d\d))?(?![\d-])"
    r"(?!\s*(?:" + _MONTH_RE + r")\b))"  # "10-11 februari" is a range of days
    r"(?P<rel>\s+(?:jl\b\.?|j\.l\.|a\.s\.?))?"
)
_KST = [
    re.compile(r"\bKamerstuk(?:ken)?(?:\s+II)?\s+(\d{2})\s?(\d{3})(?:-[IVXLC]+)?,?\s+nr\.?\s*(\d{1,4})\b", re.I),
    re.compile(r"\bkst-(\d{2})(\d{3})-(\d{1,4})\b", re.I),
    # "31839-728", "31839 -728": a dossier of five digits, a dash, a number; not inside a
    # longer number (kenmerken like 1580026-195009-J)
    # (the look-behind after the first digit, as in _MEETING: "(?<![\d-])(\d{2})" made fast)
    re.compile(r"(\d(?<![\d-]\d)\d)(\d{3})\s?-\s?(\d{1,4})(?![\d-])"),
]
_FIVE_DIGITS = re.compile(r"\d\d{4}")  # \d{5}; a first digit the search can look for fast
_MOTIE = re.compile(  # "\bmoties?" with the word start checked after the "m" (fast, as _MEETING)
    r"m(?<!\wm)oties?\s+(?:van\s+(?:het\s+lid|de\s+leden)\s+)?"
    r"((?:[Vv]an\s+(?:der|den|de)\s+|[Dd]en?\s+|[Tt]er\s+|[Vv]an\s+)?[A-Z][\w'-]+)"
)
# capitalised words after "motie" that are not a member's name
_NOT_NAMES = {"de", "het", "een", "over", "in", "op", "zorg", "jeugd", "voor", "die", "dat", "en", "kamerleden",
              "kamer", "leden", "tweede", "eerste", "regering", "minister", "staatssecretaris", "fracties"}


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def resolve_date(day: str, month: str, year: str | None, ref_date: str | None, when: str = "near") -> str | None:
    """ISO date of "24 juni" or "24", "6" (+ optional year). Without a year the year is taken from
    ref_date: when="past" the last such date on or before ref_date, "future" the first on
    or after it, "near" the closest."""
    mo = int(month) if month.isdigit() else _MONTHS.get(month.lower().rstrip("."))
    if mo is None or not 1 <= mo <= 12:
        return None
    if year:
        return _iso(int(year), mo, int(day))
    if not ref_date:
        return None
    ry = int(ref_date[:4])
    cands = [c for c in (_iso(y, mo, int(day)) for y in (ry - 1, ry, ry + 1)) if c]
    if when == "past":
        cands = [c for c in cands if c <= ref_date]
        return max(cands) if cands else None
    if when == "future":
        cands = [c for c in cands if c >= ref_date]
        return min(cands) if cands else None
    ref = _dt.date.fromisoformat(ref_date)
    return min(cands, key=lambda c: abs((_dt.date.fromisoformat(c) - ref).days)) if cands else None


def series_family(words: str) -> str:
    """Which series a mention names: an exact series, or a prefix ("BO" = any BO, the default)."""
    w = " ".join(fold(words).split())  # "Zorg voor de\nJeugd" across a PDF's line break
    if "stuurgroep" in w:
        return "Stuurgroep"
    if "bgzj" in w:
        return "=BO Rijk-VNG-BGZJ"
    if "zorg voor de jeugd" in w or "zvdj" in w:
        return "=BO Zorg voor de Jeugd"
    if "vng" in w:
        return "=BO Rijk-VNG"
    return "BO"


def _fits(series: str | None, family: str) -> bool:
    if not series:
        return False
    if family.startswith("="):
        return series == family[1:]
    return series.startswith(family)


def _link(kind: str, unit: dict, evidence: str, **to) -> dict:
    out = {"kind": kind, "from_doc": unit["doc"], "from_number": unit.get("number"),
           "to_meeting": None, "to_doc": None, "to_number": None, "to_text": None, "to_date": None,
           "evidence": evidence.strip(), "score": 1.0}
    out.update(to)
    return out


class MeetingIndex(list):
    """The meetings (group_meetings() dicts, in its order) with lookups by date and by id:
    every mention of a date was resolved by a scan of all meetings (quadratic in the size
    of the archive: a tenth of linking at 10,000 pages). A plain list works too (scanned)."""

    def __init__(self, meetings=()):
        super().__init__(meetings)
        self.by_date: dict[str | None, list[dict]] = {}
        self.by_id: dict[str, dict] = {}
        for m in self:
            self.by_date.setdefault(m["date"], []).append(m)
            self.by_id.setdefault(m["id"], m)


def on_date(meetings: Sequence[dict], date: str | None) -> list[dict]:
    """The meetings of that date, in the order of ``meetings``."""
    if isinstance(meetings, MeetingIndex):
        return meetings.by_date.get(date, [])
    return [x for x in meetings if x["date"] == date]


def meeting_by_id(meetings: Sequence[dict], key: str | None) -> dict | None:
    """The first meeting with that id (None when there is none)."""
    if isinstance(meetings, MeetingIndex):
        return meetings.by_id.get(key) if key is not None else None
    return next((m for m in meetings if m["id"] == key), None)


def _verslag_of(meeting: dict) -> int | None:
    return next((k for k, t in meeting.get("documents", []) if t in VERSLAG_TYPES), None)


def conceptverslag_links(unit: dict, meetings: Sequence[dict]) -> list[dict]:
    """unit: dict doc, number, text, meeting (id or None), series, date (reference date)."""
    return resolve_conceptverslag(scan_conceptverslag(unit.get("text") or "", unit.get("number") is not None),
                                  unit, meetings)


def scan_conceptverslag(text: str, is_item: bool) -> list[list]:
    """The conceptverslag mentions in text as plain lists (day, month, year, evidence): what
    the text alone says, made where the text is read (link/mentions.py); is_item: the text is
    an item's (its first line is the item's title)."""
    out: list[list] = []
    # a plain test first: the case-blind pattern cannot skip ahead on its first letter
    matches = list(_CONCEPT.finditer(text)) if "concept" in text.lower() else []
    if is_item:
        matches += [m for m in [_TITLE_VERSLAG.match(text.split("\n", 1)[0])] if m]
    for m in matches:
        tail = m.group(1).split("(")[0]  # "(bijlage 1)", "(ambtelijk overleg)": not dates
        for d in _DATE_RE.finditer(tail):
            evidence = re.sub(r"\s+", " ", m.group(0)[: m.start(1) - m.start(0)] + tail[: d.end()]).strip()
            out.append([d.group(1), d.group(2), d.group(3), evidence])
    return out


def resolve_conceptverslag(found: Iterable[Sequence], unit: dict, meetings: Sequence[dict]) -> list[dict]:
    """The links of scan_conceptverslag()'s mentions, for this unit (its date, meeting, series)."""
    out = []
    for day, month, year, evidence in found:
        date = resolve_date(day, month, year, unit.get("date"), "past")
        if date is None:
            continue
        cands = [x for x in on_date(meetings, date) if x["id"] != unit.get("meeting")]
        same = [x for x in cands if unit.get("series") and x.get("series") == unit.get("series")]
        if len(same) == 1 or (not unit.get("series") and len(cands) == 1):
            target = (same or cands)[0]
            out.append(_link("conceptverslag", unit, evidence, to_meeting=target["id"],
                             to_doc=_verslag_of(target), to_date=date))
        else:
            note = ""
            if cands:
                note = " (in the archive only: " + ", ".join(sorted({x['series'] for x in cands})) + \
                       " of that date, another series)" if not same else " (ambiguous)"
            out.append(_link("conceptverslag", unit, evidence, to_text=evidence + note, to_date=date,
                             score=0.0))
    return out


def meeting_mentions(unit: dict, meetings: Sequence[dict]) -> list[dict]:
    """refers_to_meeting links (resolved or not) for the mentions of a meeting by date."""
    return resolve_meeting_mentions(scan_meeting_mentions(unit.get("text") or ""), unit, meetings)


def scan_meeting_mentions(text: str) -> list[list]:
    """The mentions of a meeting by date in text as plain lists (day, month, year, when,
    series family, evidence): what the text alone says (see scan_conceptverslag)."""
    out: list[list] = []
    if not _may_name_meeting(text):
        return out
    for m in _MEETING.finditer(text):
        # a conceptverslag reference is its own kind
        before = text[max(0, m.start() - 25): m.start()].lower()
        if "verslag" in before and (m.start() > text.find("\n") > -1 or _TITLE_VERSLAG.match(text)
                                    or "concept" in before):
            continue
        rel = (m.group("rel") or "").strip().lower()
        when = "past" if rel.startswith("j") else "future" if rel.startswith("a") else "near"
        day, month, year = (m.group("nd"), m.group("nm"), m.group("ny")) if m.group("nd") else \
            (m.group(3), m.group(4), m.group(5))
        family = series_family(m.group("kind") + " " + (m.group("series") or ""))
        evidence = re.sub(r"\s+", " ", m.group(0)).strip()
        if evidence.count("(") > evidence.count(")"):
            evidence += ")"  # "BO Zorg voor de Jeugd (op 25 september)"
        out.append([day, month, year, when, family, evidence])
    return out


def _may_name_meeting(text: str) -> bool:
    """False when _MEETING cannot match text (it is case-sensitive): its kinds hold "BO",
    "B.O.", "estuurlijk" or "tuurgroep". Four tests in C instead of the pattern's stops at every
    b, B, s and S of a text without them."""
    return "BO" in text or "B.O." in text or "estuurlijk" in text or "tuurgroep" in text


def resolve_meeting_mentions(found: Iterable[Sequence], unit: dict, meetings: Sequence[dict]) -> list[dict]:
    """The links of scan_meeting_mentions()'s mentions, for this unit."""
    out = []
    for day, month, year, when, family, evidence in found:
        date = resolve_date(day, month, year, unit.get("date"), when)
        if date is None:
            continue
        cands = [x for x in on_date(meetings, date) if _fits(x.get("series"), family)]
        if any(x["id"] == unit.get("meeting") for x in cands):
            continue  # the meeting this document belongs to
        own_series = unit.get("series") or ""
        if family == "BO" and own_series.startswith("BO"):
            # "het BO van 25 september" in a BO Rijk-VNG nota means the BO Rijk-VNG, even when
            # the archive only has the BO Zorg voor de Jeugd of that day
            others = [x for x in cands if x.get("series") != own_series]
            cands = [x for x in cands if x.get("series") == own_series]
            if not cands:
                note = f" (the archive has {', '.join(sorted(x['series'] for x in others))} of that date)" if others else ""
                out.append(_link("refers_to_meeting", unit, evidence, to_text=evidence + note, to_date=date, score=0.0))
                continue
        if len(cands) > 1 and unit.get("series"):
            # a generic "het BO van 24 juni" in a document of one of the two BOs that day
            own = [x for x in cands if x.get("series") == unit["series"]]
            if len(own) == 1:
                out.append(_link("refers_to_meeting", unit, evidence, to_meeting=own[0]["id"], to_date=date,
                                 score=0.7))
                continue
        if len(cands) == 1:
            out.append(_link("refers_to_meeting", unit, evidence, to_meeting=cands[0]["id"], to_date=date))
        else:
            note = " (ambiguous: " + ", ".join(sorted(x["series"] for x in cands)) + ")" if cands else ""
            out.append(_link("refers_to_meeting", unit, evidence, to_text=evidence + note, to_date=date,
                             score=0.0))
    return out


HEAD_CHARS = 4000  # the opening of a document, where it names itself (kamerstuk_ids)


def kamerstuk_ids(text: str) -> set[str]:
    """The kamerstuk numbers ("31839-728") a document carries itself: "kst-31839-728" or a
    dossier line "31 839 Jeugdzorg" with "Nr. 728" in its first lines."""
    head = (text or "")[:HEAD_CHARS]
    # each pattern only where the words it needs are (tests in C; most documents have neither)
    ids = {f"{a}{b}-{n}" for a, b, n in re.findall(r"\bkst-(\d{2})(\d{3})-(\d{1,4})\b", head, re.I)} \
        if "kst-" in lowered(head) else set()
    nr = re.search(r"^[^\S\n]*Nr\.\s*(\d{1,4})\b", head, re.M) if "Nr." in head else None
    # [^\S\n]: the spaces of one line (\s* from every line start ran over all the blank lines below)
    dossier = re.search(r"^[^\S\n]*(\d{2})\s?(\d{3})\s+[A-Z][a-z]", head, re.M) if nr else None
    if dossier and nr:
        ids.add(f"{dossier.group(1)}{dossier.group(2)}-{nr.group(1)}")
    return ids


def motie_names(text: str) -> list[tuple[str, str]]:
    """(normalised name, words as printed) of moties named in text."""
    out: list[tuple[str, str]] = []
    if not text or "moti" not in text:  # _MOTIE's letters, in C: most texts name no motie
        return out
    for m in _MOTIE.finditer(text):
        name = re.sub(r"\s+", " ", fold(m.group(1))).strip()
        last = name.split()[-1]
        if last in _NOT_NAMES or len(last) < 3:
            continue
        out.append((name, m.group(0)))
    return out


class Targets(list):
    """target_doc() dicts, with lookups by kamerstuk id and motie name (a scan of every
    document per number found was most of the linking time on a large archive)."""

    def __init__(self, docs=()):
        super().__init__(docs)
        self.by_kst: dict[str, list[dict]] = {}
        self.by_motie: dict[str, list[dict]] = {}
        for d in self:
            for k in d["kst"]:
                self.by_kst.setdefault(k, []).append(d)
            for k in d["moties"]:
                self.by_motie.setdefault(k, []).append(d)


def _having(docs: Sequence[dict], field: str, key: str) -> list[dict]:
    if isinstance(docs, Targets):
        return (docs.by_kst if field == "kst" else docs.by_motie).get(key, [])
    return [d for d in docs if key in d[field]]


def kamerstuk_links(unit: dict, docs: Sequence[dict]) -> list[dict]:
    """docs: dicts id, title, text, kst (set of ids from kamerstuk_ids), moties (names in
    its title)."""
    return resolve_kamerstukken(scan_kamerstukken(unit.get("text") or ""), unit, docs)


def scan_kamerstukken(text: str) -> list[list]:
    """The kamerstukken and moties named in text, each once, as plain lists: ["k", id,
    words, dossier part 1, part 2, number] or ["t", motie name, words] (see scan_conceptverslag)."""
    out: list[list] = []
    seen = set()
    folded = text.casefold()
    # the three patterns scan long texts slowly; each needs something a plain test finds fast
    wanted = ("kamerstuk" in folded, "kst-" in folded, bool(_FIVE_DIGITS.search(text)))
    for pat, want in zip(_KST, wanted):
        if not want:
            continue
        for m in pat.finditer(text):
            kid = f"{m.group(1)}{m.group(2)}-{m.group(3)}"
            if kid in seen:
                continue
            seen.add(kid)
            out.append(["k", kid, m.group(0), m.group(1), m.group(2), m.group(3)])
    for name, words in motie_names(text):
        if name in seen:
            continue
        seen.add(name)
        out.append(["t", name, words])
    return out


def resolve_kamerstukken(found: Iterable[Sequence], unit: dict, docs: Sequence[dict]) -> list[dict]:
    """The links of scan_kamerstukken()'s mentions, from this unit."""
    out = []
    for x in found:
        if x[0] == "k":
            _k, kid, words, a, b, n = x
            targets = _having(docs, "kst", kid)
            if any(d["id"] == unit["doc"] for d in targets):
                continue  # the document names itself
            if targets:
                out.append(_link("kamerstuk", unit, words, to_doc=targets[0]["id"]))
            else:
                out.append(_link("kamerstuk", unit, words, to_text=f"Kamerstuk {a} {b}, nr. {n}", score=0.0))
            continue
        _t, name, words = x
        targets = _having(docs, "moties", name)
        if any(d["id"] == unit["doc"] for d in targets):
            continue
        if targets:
            out.append(_link("kamerstuk", unit, words, to_doc=targets[0]["id"], score=0.8))
        else:
            out.append(_link("kamerstuk", unit, words, to_text=words, score=0.0))
    return out


def find_references(units: Iterable[dict], meetings: Sequence[dict], docs: Sequence[dict]) -> list[dict]:
    """All reference links of all units, without duplicates (same from, kind and target)."""
    return unique_links(resolve_unit(u, scan_unit(u.get("text") or "", u.get("number") is not None), meetings, docs)
                        for u in units)


def scan_unit(text: str, is_item: bool) -> list[list]:
    """Every mention in a unit's text (conceptverslagen, meetings by date, the implicit forms,
    kamerstukken), as the scan_* functions give them: plain lists (JSON), made from the text
    alone, so the reader process can make them (link/mentions.py) and a relink only resolves."""
    from .implicit import scan_implicit  # implicit.py builds on this module

    return [scan_conceptverslag(text, is_item), scan_meeting_mentions(text), scan_implicit(text),
            scan_kamerstukken(text)]


def resolve_unit(unit: dict, scanned: Sequence[Sequence], meetings: Sequence[dict], docs: Sequence[dict]) -> list[dict]:
    """The reference links of scan_unit()'s mentions, from this unit (doc, number, meeting,
    series, date), in find_references' order."""
    from .implicit import resolve_implicit

    concept, by_date, implicit, papers = scanned
    return resolve_conceptverslag(concept, unit, meetings) + resolve_meeting_mentions(by_date, unit, meetings) \
        + resolve_implicit(implicit, unit, meetings) + resolve_kamerstukken(papers, unit, docs)


def unique_links(per_unit: Iterable[list[dict]]) -> list[dict]:
    """The links of a run of units, without duplicates (same from, kind and target)."""
    out, seen = [], set()
    for links in per_unit:
        for link in links:
            key = link_key(link)
            if key not in seen:
                seen.add(key)
                out.append(link)
    return out


def link_key(link: dict) -> tuple:
    """What makes two reference links the same: from, kind and target."""
    unresolved = link["to_meeting"] is None and link["to_doc"] is None
    # one unresolved reference per date: "stuurgroep van 8 oktober" and "stuurgroep
    # van 8 oktober jl." in one item are the same reference
    return (link["kind"], link["from_doc"], link["from_number"], link["to_meeting"], link["to_doc"],
            (link["to_date"] or link["to_text"]) if unresolved else None)


def implicit_mentions(unit: dict, meetings: Sequence[dict]) -> list[dict]:
    from .implicit import implicit_mentions as found  # implicit.py builds on this module

    return found(unit, meetings)


def target_doc(d: dict) -> dict:
    """What kamerstuk_links needs to know about a possible target document. d: id, title,
    and "kst" (its kamerstuk_ids, as a stored scan keeps them, link/mentions.py) or its text."""
    kst = set(d["kst"]) if d.get("kst") is not None else kamerstuk_ids(d.get("text") or "")
    return {"id": d["id"], "kst": kst,
            "moties": {n for n, _ in motie_names(d.get("title") or "")}}
