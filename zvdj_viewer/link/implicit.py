"""References to another meeting the way officials write them, without "BO van <date>":

- the meeting right before or after on the same day: "Vóór dit overleg heeft u eerst een
  Bestuurlijk Overleg met JenV en VNG", "Aangezien dit BO direct aansluit op het BO
  Rijk-VNG", "in het BO Rijk-VNG besproken, dat direct voorafgaat aan het BO met de BGZJ",
  "Aansluitend aan dit BO overlegt u met gemeenten, branches ...", "het aansluitende BO
  ZvdJ", "het voorgaande BO (Rijk-VNG / met VNG)";
- a month instead of a date: "het bestuurlijk overleg eind november werd ... geannuleerd",
  "Het laatste BO Zorg voor de Jeugd was in februari";
- a date without a year next to the meeting words, in any order: "op 8 juni in een BO
  Rijk-VNG-BGZJ besproken", "op 13 februari nogmaals spreekt tijdens het bestuurlijk overleg
  over het Programma Zorg voor de Jeugd", "13 februari zitten we in breder verband (BO Zorg
  voor de Jeugd) bijeen", "(laatste keer was op 10 april)", "Op 9 december vindt het volgende
  BO met de VNG plaats".

Each is resolved against the archive's meetings with the referring document's own meeting
(its date, start time and series); one that names no meeting of the archive is kept with its
words and date (unresolved), as references.py does. "dit BO" is the document's own meeting
and never a reference; overleg "bij" / "binnen" another organisation is not one of these
series. Sentences are cut at 400 characters; every pattern is bounded.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence

from ..understanding.dates import _MONTH_RE, _MONTHS
from .references import _CONCEPT, _MEETING, _fits, _link, meeting_by_id, on_date, resolve_date, series_family

# A sentence ends at its punctuation, a blank line, or a line that starts a list item or a
# heading; a single line break inside a paragraph is a PDF's layout, not a sentence end
# ("... tijdens het bestuurlijk overleg over\nhet Programma Zorg voor de Jeugd.").
# Written as one space first, then look-behinds (same splits as "(?<=[.!?;])\s+|\n[ \t]*..."):
# a pattern that starts with a look-behind is tried at every character, 2x slower.
_SENTENCE_END = re.compile(r"\s(?:(?<=[.!?;]\s)\s*|(?<=\n)[ \t]*(?:\n\s*|(?=[-•*#|]|\d{1,2}(?:\.\d{1,2})?[.)]?\s)))")
MAX_SENTENCE = 400
_MEETING_WORD = r"(?:\bBO\b|\b[Bb]estuurlijke?\s+[Oo]verleg\b)"

_BEFORE = [  # the meeting before this one, same day; group s names its series
    re.compile(r"\bv[óo]{1,2}r\s+dit\s+(?:overleg|BO)\b.{0,60}?\beerst\s+een\s+(?P<s>" + _MEETING_WORD + r".{0,40})",
               re.I),
    re.compile(r"\bdit\s+BO\s+(?:direct\s+)?aansluit\s+op\s+het\s+(?P<s>BO\b.{0,40})", re.I),
    re.compile(r"\bin\s+het\s+(?P<s>BO\b.{0,40}?)\s+besproken,?\s+dat\s+direct\s+voorafgaat", re.I),
    re.compile(r"\bvoorgaande\s+(?P<s>BO\b.{0,30})", re.I),
    # "dit BO sluit direct aan op het BO Rijk-VNG" (the main-clause order of "aansluit op")
    re.compile(r"\bdit\s+(?:BO|overleg)\s+sluit\s+(?:direct\s+)?aan\s+(?:op|bij)\s+(?:het|de)\s+(?P<s>"
               + _MEETING_WORD + r".{0,40})", re.I),
    re.compile(r"\bvoorafgaand\s+aan\s+dit\s+(?:overleg|BO)\b.{0,60}?\b(?:een|het)\s+(?P<s>" + _MEETING_WORD
               + r".{0,40})", re.I),
]
_AFTER = [  # the meeting after this one, same day
    re.compile(r"\bna\s+(?:afloop\s+van\s+)?dit\s+(?:overleg|BO)\b.{0,60}?\b(?:een|het)\s+(?P<s>" + _MEETING_WORD
               + r".{0,40})", re.I),
    re.compile(r"\baansluitend(?:\s+aan\s+dit\s+(?:BO|overleg))?,?\s+overlegt\s+u\s+met(?P<s>.{0,60})", re.I),
    re.compile(r"\baansluitende\s+(?P<s>BO\b.{0,40})", re.I),
]
_MONTH = re.compile(
    r"(?P<w>" + _MEETING_WORD + r"(?P<s>.{0,40}?))\s+(?:(?:was|vond)\s+(?:plaats\s+)?)?(?:eind|begin|half|medio|in)\s+"
    r"(?P<m>" + _MONTH_RE + r")\b(?!\s+\d)", re.I)
# "(?<![\d-])(\d{1,2})" with the look-behind after the first digit (as in references.py): a
# pattern that starts with a digit is searched for in C, one that starts with a look-behind is
# tried at every character (half the time on the sentences with meeting words)
_DAY = re.compile(r"(\d(?<![\d-]\d)\d?)(?:e)?\s+(" + _MONTH_RE + r")\b\.?(?:\s+((?:19|20)\d\d)(?!\d))?", re.I)
# "de bestuurlijke overleggen met de VNG en met de programmapartners": more than one meeting
_PLURAL_WORD = r"\b[Bb]estuurlijke\s+[Oo]verleggen\b|\bBO'?s\b"
# "de ambtelijke stuurgroep" is the civil servants' body of a project, not the programme's Stuurgroep
_NEAR_WORD = re.compile(r"(?<!dit )(?<!Dit )(?:" + _MEETING_WORD + r"|(?<!ambtelijke )\b[Ss]tuurgroep\b)|" + _PLURAL_WORD
                        + r"|\blaatste\s+keer\b", re.I)
_PLURAL = re.compile(_PLURAL_WORD, re.I)
_PARTS = re.compile(r"(?<!\s)\s+(?:en|of)\s+|,\s*")  # the lookbehind: one try per run of spaces
_ELSEWHERE = re.compile(r"^\s*(?:bij|binnen)\b", re.I)  # "bestuurlijk overleg bij Jeugdzorg Nederland"
_PAST = re.compile(r"\b(?:laatste|was|vond|jl\b|j\.l\.|geannuleerd|besproken|vorige)", re.I)
_FUTURE = re.compile(r"\b(?:volgende?|a\.s\.|vindt|spreekt|staat|gepland|zitten)\b", re.I)
NEAR = 50  # characters between a date and its meeting words
# cheap tests before the patterns (on the lower-cased text)
_ANY_WORD = re.compile(r"bo\b(?<!\wbo)|overleg|laatste keer|stuurgroep")  # "\bbo\b", its start checked after it
_SAME_DAY_WORDS = ("vóór dit", "voor dit", "vóor dit", "aansluit", "voorafgaat", "voorgaande", "sluit", "voorafgaand aan dit",
                   "na dit", "na afloop van dit")


def _may_be_same_day(low: str) -> bool:
    """False when no _SAME_DAY_WORDS can be in low: each holds one of these (four tests in C
    instead of ten; "voor" alone is in most sentences, "Zorg voor de Jeugd")."""
    return "dit" in low or "sluit" in low or "voora" in low or "voorg" in low


# "het vorige BO", "de vorige stuurgroep": the last meeting of that series before this one
_PREVIOUS = re.compile(r"\b(?:het|de)\s+vorige\s+(?P<s>(?:BO|[Bb]estuurlijke?\s+[Oo]verleg|[Ss]tuurgroep|overleg|"
                       r"vergadering)\b.{0,40})", re.I)
MAX_PREVIOUS_DAYS = 200  # a series meets every few months; an older one is not "the previous" one
# "\b(?:eind|begin|half|medio|in)", the word start checked after each first letter (as _DAY)
_MONTH_HINT = re.compile(r"(?:e(?<!\we)ind|b(?<!\wb)egin|h(?<!\wh)alf|m(?<!\wm)edio|i(?<!\wi)n)\s+(?:"
                         + _MONTH_RE + r")\b")


def _own(unit: dict, meetings: Sequence[dict]) -> dict | None:
    return meeting_by_id(meetings, unit.get("meeting"))


def _family(words: str, unit: dict) -> str:
    fam = series_family(words)
    if fam == "BO" and (unit.get("series") or "").startswith("BO") and not re.search(r"(?i)gemeenten|branches", words):
        return "BO"
    return fam


def _resolve(unit: dict, cands: list[dict], evidence: str, date: str | None, score: float = 0.8) -> dict | None:
    if len(cands) == 1:
        return _link("refers_to_meeting", unit, evidence, to_meeting=cands[0]["id"], to_date=cands[0]["date"],
                     score=score)
    if date is None:
        return None
    note = " (ambiguous: " + ", ".join(sorted(x["series"] for x in cands)) + ")" if cands else ""
    return _link("refers_to_meeting", unit, evidence, to_text=evidence + note, to_date=date, score=0.0)


def _same_day(unit: dict, meetings: Sequence[dict], own: dict | None, family: str, after: bool) -> list[dict]:
    date = unit.get("date")
    start = (own or {}).get("start") or ""
    out = []
    for m in on_date(meetings, date):
        if m["id"] == unit.get("meeting") or not _fits(m.get("series"), family):
            continue
        s = m.get("start") or ""
        if start and s and ((s > start) != after):
            continue
        out.append(m)
    return out


def implicit_mentions(unit: dict, meetings: Sequence[dict]) -> list[dict]:
    """refers_to_meeting links (resolved or not) for the forms above."""
    return resolve_implicit(scan_implicit(unit.get("text") or ""), unit, meetings)


def scan_implicit(text: str) -> list[list]:
    """The mentions of the forms above in text as plain lists, in the order their links come:
    what the text alone says (made where the text is read, link/mentions.py); resolve_implicit()
    makes the links with the unit's own meeting, date and series. Kinds: ["same", after,
    is "voorgaande", words, evidence], ["prev", family, evidence], ["month", month, words,
    first day, last day, evidence], ["day", day, month, year, when, plural, words, evidence,
    "laatste keer"]."""
    if not text:
        return []
    low_text = text.lower()
    if not _ANY_WORD.search(low_text):
        return []  # no meeting words at all: most texts of a large archive
    out: list[list] = []
    for sentence in _SENTENCE_END.split(text):
        s = sentence[:MAX_SENTENCE]
        low = s.lower()
        if "\n" in s:
            # joining the lines puts a space where white space was: it cannot make a meeting
            # word, but for "laatste keer" across a line break; most sentences have none, and
            # are passed over before they are joined
            if not _ANY_WORD.search(low) and "laatste" not in low:
                continue
            s = " ".join(line.strip(" \t") for line in s.split("\n"))
            low = s.lower()
        if not _ANY_WORD.search(low):
            continue
        same_day = _may_be_same_day(low) and any(w in low for w in _SAME_DAY_WORDS)
        for pats, after in ((_BEFORE, False), (_AFTER, True)) if same_day else ():
            for pat in pats:
                m = pat.search(s)
                if m:
                    out.append(["same", after, pat is _BEFORE[3], m.group("s"), m.group(0)[:120].strip()])
        if "vorige" in low and not _DAY.search(s):
            m = _PREVIOUS.search(s)
            if m:
                words = m.group("s")
                named = re.match(r"(?i)bo\b|bestuurlijk|stuurgroep", words)
                out.append(["prev", series_family(words) if named else "BO",
                            re.sub(r"\s+", " ", m.group(0))[:120].strip()])
        for m in _MONTH.finditer(s) if _MONTH_HINT.search(low) else ():
            if _ELSEWHERE.match(m.group("s")):
                continue
            month = _MONTHS.get(m.group("m").lower().rstrip("."))
            part = m.group(0).lower()
            days = (20, 31) if " eind " in part else (1, 10) if " begin " in part else \
                (10, 20) if (" half " in part or " medio " in part) else (1, 31)
            out.append(["month", month, m.group("w"), days[0], days[1], m.group(0)[:120].strip()])
        taken = None
        for d in _DAY.finditer(s):
            before = s[max(0, d.start() - 40): d.start()].lower()
            if "verslag" in before:
                continue
            if taken is None:  # only for sentences with a date: the two patterns are slow
                taken = [(x.start(), x.end()) for pat in (_MEETING, _CONCEPT) for x in pat.finditer(s)]
            if any(a <= d.start() < b for a, b in taken):
                continue  # references.py reads these ("BO van 24 juni", "Conceptverslag van ...")
            if "brief" in before:
                continue  # "de brief 'BO Rijk-VNG' van 7 november": a letter's date
            lo, hi = max(0, d.start() - NEAR), d.end() + NEAR
            near = [w for w in _NEAR_WORD.finditer(s, lo, min(hi, len(s)))]
            if not near:
                continue
            w = min(near, key=lambda x: abs(x.start() - d.start()))
            tail = s[w.end(): w.end() + 60] if w.start() > d.start() else s[w.end(): d.start()]
            if _ELSEWHERE.match(tail):
                continue
            if w.start() > d.start():
                words = s[w.start(): w.end() + 60]
            else:
                words = s[w.start(): d.start()]
            context = s[max(0, d.start() - 60): d.end() + 40]
            when = "past" if _PAST.search(context) else "future" if _FUTURE.search(context) else "near"
            spanned = s[min(d.start(), w.start()): max(d.end(), w.end())]
            if _PLURAL.fullmatch(w.group(0)):
                out.append(["day", d.group(1), d.group(2), d.group(3), when, True,
                            s[w.start(): w.end() + 100] if w.start() > d.start() else words,
                            re.sub(r"\s+", " ", spanned), False])
            else:
                out.append(["day", d.group(1), d.group(2), d.group(3), when, False, words,
                            re.sub(r"\s+", " ", spanned).strip(), "keer" in w.group(0).lower()])
    return out


def resolve_implicit(found: Iterable[Sequence], unit: dict, meetings: Sequence[dict]) -> list[dict]:
    """The links of scan_implicit()'s mentions, for this unit (its meeting, date, series)."""
    date = unit.get("date")
    if not date:
        return []
    own = _own(unit, meetings)
    out = []
    for x in found:
        kind = x[0]
        if kind == "same":
            _k, after, voorgaande, words, evidence = x
            fam = "BO" if after and re.search(r"(?i)gemeenten|branches|cliënt", words) else _family(words, unit)
            cands = _same_day(unit, meetings, own, fam, after)
            if not cands and not after and voorgaande:
                # "het voorgaande BO" on a day with no earlier meeting: the last one of that series
                cands = sorted((m for m in meetings if m["date"] < date and _fits(m.get("series"), fam if fam != "BO" else (unit.get("series") or "BO"))),
                               key=lambda m: m["date"])[-1:]
            link = _resolve(unit, cands, evidence, date)
            if link:
                out.append(link)
        elif kind == "prev":
            link = _previous(unit, meetings, own, x[1], x[2])
            if link:
                out.append(link)
        elif kind == "month":
            _k, month, words, first, last, evidence = x
            year = int(date[:4]) if month and month <= int(date[5:7]) else int(date[:4]) - 1
            fam = _family(words, unit)
            if fam == "BO":
                fam = "=" + unit["series"] if (unit.get("series") or "").startswith("BO") else fam
            cands = [m for m in meetings if m["date"][:7] == f"{year}-{month:02d}" and m["id"] != unit.get("meeting")
                     and _fits(m.get("series"), fam) and first <= int(m["date"][8:]) <= last]
            link = _resolve(unit, cands, evidence, None, 0.6)
            if link:
                out.append(link)
        else:
            _k, day, month, year, when, plural, words, evidence, keer = x
            ref = resolve_date(day, month, year, date, when)
            if ref is None or ref == date:
                continue
            if plural:
                out += _plural(unit, meetings, words, evidence, ref)
                continue
            fam = _family(words, unit)
            if fam == "BO" and keer and unit.get("series"):
                fam = "=" + unit["series"]  # "laatste keer was op 10 april": this series
            cands = [m for m in on_date(meetings, ref) if m["id"] != unit.get("meeting")
                     and _fits(m.get("series"), fam)]
            if fam == "BO" and (unit.get("series") or "").startswith("BO"):
                # a generic "BO" in a BO document is its own series (references.py does the same)
                cands = [m for m in cands if m.get("series") == unit["series"]]
            link = _resolve(unit, cands, evidence, ref, 0.7)
            if link:
                out.append(link)
    return out


def _plural(unit: dict, meetings: Sequence[dict], words: str, evidence: str, ref: str) -> list[dict]:
    """"op 24 juni de bestuurlijke overleggen met de VNG en met de programmapartners Zorg voor
    de Jeugd": each meeting of that date a part of the words names ("met de VNG", "Zorg voor de
    Jeugd"); when no part names a series, every BO of that date. None: kept with its date."""
    families = {f for f in (_family(p, unit) for p in _PARTS.split(words)) if f != "BO"}
    cands = [x for x in on_date(meetings, ref) if x["id"] != unit.get("meeting")
             and any(_fits(x.get("series"), f) for f in families or {"BO"})]
    if not cands:
        return [_link("refers_to_meeting", unit, evidence, to_text=evidence, to_date=ref, score=0.0)]
    return [_link("refers_to_meeting", unit, evidence, to_meeting=x["id"], to_date=ref, score=0.6) for x in cands]


def _previous(unit: dict, meetings: Sequence[dict], own: dict | None, fam: str, evidence: str) -> dict | None:
    """"het vorige BO" / "de vorige stuurgroep" in a sentence without a date: the last meeting of
    the series the words name (fam; a plain "BO" or "overleg": the document's own series) before
    this one, within MAX_PREVIOUS_DAYS."""
    if fam == "BO":  # a plain "BO", "overleg", "vergadering": the document's own series
        if not unit.get("series"):
            return None
        fam = "=" + unit["series"]
    date, start = unit["date"], (own or {}).get("start") or ""
    earlier = [x for x in meetings if x["id"] != unit.get("meeting") and _fits(x.get("series"), fam)
               and (x["date"] < date or (x["date"] == date and start and (x.get("start") or "") < start))
               and (_dt.date.fromisoformat(date) - _dt.date.fromisoformat(x["date"])).days <= MAX_PREVIOUS_DAYS]
    if not earlier:
        return None
    last = max(earlier, key=lambda x: (x["date"], x.get("start") or ""))
    return _link("refers_to_meeting", unit, evidence, to_meeting=last["id"], to_date=last["date"], score=0.6)
