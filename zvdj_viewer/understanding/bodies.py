"""Meetings of other bodies, named in a document's title or first lines.

A besluitenlijst, verslag, agenda or notulen of a committee, council or ambtelijk overleg
says which meeting it belongs to in its opening words, not in a "Betreft / Vergaderdatum"
header:

- "Besluitenlijst van de procedurevergadering van donderdag 2 april 2009", with the body in
  a "Voortouwcommissie: vaste commissie voor ..." block above it (Tweede Kamer committees);
- "Besluitenlijst raadsvergadering 29 juni 2015 aanvang 17.00 uur" (a municipal council);
- "Agenda ambtelijk overleg jeugd d.d. 3 maart 2020", "Verslag van de vergadering van het
  Algemeen Bestuur van 12 mei 2021".

``body_meeting`` returns the series (the kind of meeting and, when printed, the body) and
the date, so such a document forms a meeting like the BO documents do. Only the opening
lines are read (a besluitenlijst's item 1 "Besluitenlijst van de vergadering van 19 maart"
names the previous meeting, not this one).
"""

from __future__ import annotations

import re

from .dates import find_dates, parse_time_range

HEAD_LINES = 60
# what a meeting document calls itself, then the meeting ("van de procedurevergadering")
_OPENING = re.compile(r"^(besluitenlijst|besluiten- en actielijst|actielijst|verslag|notulen|agenda)\b[\s:,-]*(.*)$", re.I)
_MEETING_NOUN = re.compile(
    r"(vergadering|overleg|beraad|commissie|stuurgroep|werkgroep|raad\b|bestuur|sessie|bijeenkomst)", re.I)
_BODY_LABEL = re.compile(r"^(voortouwcommissie|commissie|orgaan|gremium)\s*:?\s*(.*)$", re.I)
_WEEKDAY = re.compile(r"\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b", re.I)
_LEAD = re.compile(r"^(?:van\s+(?:de|het)\s+|van\s+|der\s+|de\s+|het\s+)", re.I)
_TAIL_WORDS = {"van", "op", "d.d", "d.d.", "dd", "gehouden", "de", "het", ""}
_NOT_OF_A_MEETING = re.compile(r"\b(schriftelijk overleg|vorige vergadering)", re.I)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "").replace("#", "")).strip()


def body_meeting(plains: list[str]) -> dict:
    """{series, meeting_date, start_time?} of the meeting the opening lines name, else {}.

    plains: the document's lines without markup, in reading order."""
    lines = [_clean(p) for p in plains[:HEAD_LINES]]
    lines = [x for x in lines if x]
    body = None
    for i, t in enumerate(lines):
        b = _BODY_LABEL.match(t)
        if b and body is None and re.match(r"(?i)voortouw", b.group(1)):
            body = b.group(2) or (lines[i + 1] if i + 1 < len(lines) else "")
        m = _OPENING.match(t)
        if not m or _NOT_OF_A_MEETING.search(t):
            continue
        # a title may wrap: "... van woensdag 26" / "oktober 2016"
        window = t + (" " + lines[i + 1] if i + 1 < len(lines) else "")
        dates = find_dates(window)
        if not dates:
            continue
        iso, start, _end = dates[0]
        what = window[len(m.group(1)):start]
        what = _WEEKDAY.sub(" ", what)
        words = _LEAD.sub("", _clean(what).strip(" ,:-")).split()
        while words and words[-1].lower().strip(",.:;-") in _TAIL_WORDS:
            words.pop()
        what = " ".join(words)
        if not what or not _MEETING_NOUN.search(what) or len(what) > 100:
            continue
        series = what[0].upper() + what[1:]
        if body and _clean(body).lower() not in series.lower():
            series = f"{series} {_clean(body)}"
        out = {"series": series, "meeting_date": iso}
        after = window[_end:_end + 200]  # the time stands right after the date
        # one run of spaces before and one after the comma (\s*,?\s* was quadratic on long runs)
        tm = re.search(r"(?i)\baanvang\s+(\d{1,2}[.:]\d{2})", after) or re.match(r"\s*(?:,\s*)?(\d{1,2}[.:]\d{2})", after)
        if tm:
            out["start_time"] = tm.group(1).replace(".", ":").zfill(5)
        else:
            s, _e = parse_time_range(after[:40])
            if s:
                out["start_time"] = s
        return out
    return {}
