"""Group catalogued documents into meetings.

A meeting is a (series, date, start time). Two meetings can share a date (09:30 BO Rijk-VNG,
10:30 BO Zorg voor de Jeugd), so the date alone never decides. A meeting with only some of
its documents in the archive (just a nota) is still one meeting.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

AGENDA_TYPES = ("agenda", "geannoteerde_agenda")
NOTA_TYPES = ("nota",)
VERSLAG_TYPES = ("verslag", "besluitenlijst")
# documents that belong to a meeting when their header names one
MEETING_TYPES = AGENDA_TYPES + NOTA_TYPES + VERSLAG_TYPES + ("bijlage", "other", "besluit")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _minutes(t: str | None) -> int | None:
    m = re.match(r"(\d{1,2})[:.](\d{2})", t or "")
    return int(m.group(1)) * 60 + int(m.group(2)) if m else None


def group_meetings(docs: Sequence[dict]) -> list[dict]:
    """Meetings from documents.

    docs: dicts with id (int), type, series, meeting_date, start_time, end_time, place.
    Returns dicts: id, series, date, start, end, place, documents [(doc id, type)], sorted by
    date and start. Documents with a series and a meeting date are grouped by (series, date,
    start). Start times of the same series and date within 15 minutes are one meeting (a
    nota says 10:00, the agenda 10:05). A document without a start time joins the one timed
    meeting of its series and date; with two timed meetings that day it stays on its own.
    Ids: "m<date>-<series slug>", plus "-<hhmm>" when one series met twice that day.
    """
    groups: dict[tuple, list[dict]] = {}
    # the keys of each (series, date), in the order made: a document is compared with the
    # meetings of its own day only (comparing it with every meeting made it quadratic)
    of_day: dict[tuple, list[tuple]] = {}
    for d in docs:
        if not (d.get("series") and d.get("meeting_date")):
            continue
        start = d.get("start_time")
        key = (d["series"], d["meeting_date"], start)
        if start is not None and key not in groups:
            # near-identical start times of the same series and day: one meeting
            m0 = _minutes(start)
            for k in of_day.get(key[:2], ()):
                if k[2] is not None and m0 is not None and abs((_minutes(k[2]) or -999) - m0) <= 15:
                    key = k
                    break
        if key not in groups:
            of_day.setdefault(key[:2], []).append(key)
        groups.setdefault(key, []).append(d)
    for key in [k for k in groups if k[2] is None]:
        timed = [k for k in of_day[key[:2]] if k[2] is not None]
        if len(timed) == 1:
            groups[timed[0]].extend(groups.pop(key))
    per_day: dict[tuple, int] = {}
    for series, date, _ in groups:
        per_day[(series, date)] = per_day.get((series, date), 0) + 1
    meetings = []
    for (series, date, start), members in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][2] or "", kv[0][0])):
        mid = f"m{date}-{slug(series)}"
        if per_day[(series, date)] > 1:
            mid += "-" + (start.replace(":", "") if start else "notime")
        first = lambda f, members=members: next((m[f] for m in members if m.get(f)), None)  # noqa: E731
        meetings.append({
            "id": mid, "series": series, "date": date, "start": start or first("start_time"),
            "end": first("end_time"), "place": first("place"),
            "documents": [(m["id"], m["type"]) for m in members],
        })
    return meetings
