"""Dutch dates and times as they are printed in meeting documents, turned into ISO strings.

Forms handled: "6 november 2019", "dinsdag 6 november 2019", "25 sept 2019", "28 nov. 2019",
"1e juli 2020", "2019-11-06", "6-11-2019", "06/11/2019", and, when the caller knows the year
from context ("default_year"), year-less dates such as "25 september jl." or "24 juni a.s.".
Times: "10:30-11:15", "15.00 – 15.30", "15:00-17.00 uur", "van 10.00 tot 11.00 uur",
"10.00 uur".

Pure functions on strings; no locale settings (the Dutch month names are in a table).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re

# Month names and the abbreviations seen in official letters (with or without a dot).
_MONTHS = {
    "januari": 1, "jan": 1,
    "februari": 2, "feb": 2, "febr": 2,
    "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_RE = r"(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|ma|di|wo|do|vr|za|zo)\.?,?\s+"

# "dinsdag 6 november 2019", "25 sept. 2019", "1e juli 2020"; the year is optional here and
# checked in code, so that "6 november" without a year is only used with a default year.
# Each run of white space has one way to match (possessive, no two runs side by side): a day
# number followed by 20,000 tabs took seconds with "\s*(?:<sup>...)?\s+".
_WORD_DATE = re.compile(
    rf"(?<![\w-])(?:{_WEEKDAY_RE})?(\d{{1,2}})(?:e|ste|de)?(?:\s*+<sup>\s*+e\s*+</sup>)?\s++"
    rf"({_MONTH_RE})\b\.?(?:\s*+,?\s*+((?:19|20)\d\d)(?!\d))?",
    re.I,
)
_ISO_DATE = re.compile(r"(?<![\d.-])((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})(?![\d-])")
# "6-11-2019", "06/11/2019", "6.11.2019" (day first, as Dutch writes it)
_NUM_DATE = re.compile(r"(?<![\d.\-/])(\d{1,2})([-/.])(\d{1,2})\2((?:19|20)\d\d)(?![\d\-/]|\.\d)")

# A clock time: hours 0-23, a colon or dot, two minute digits; not part of a longer number
# or code ("10.2.e", "1.10.2020", "31.839").
_TIME = r"(?<![\d.:,])([01]?\d|2[0-3])[:.]([0-5]\d)(?![\d]|[.:,]\d)"
_TIME_RANGE = re.compile(
    rf"(?:van\s+)?{_TIME}\s*(?:u(?:ur)?\.?\s*)?(?:-|–|—|tot(?:\s+en\s+met)?|t/m)\s*{_TIME}", re.I
)
_TIME_ONE = re.compile(rf"{_TIME}(\s*u(?:ur)?\b)?", re.I)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# OCR puts accents on capitals of stamped dates ("14 ÂUG. 2008"): read them as the plain
# letter (one character for one, so positions stay those of the text given)
_FOLD = str.maketrans("ÀÁÂÃÄÅàáâãäåÈÉÊËèéêëÌÍÎÏìíîïÒÓÔÕÖòóôõöÙÚÛÜùúûü",
                      "AAAAAAaaaaaaEEEEeeeeIIIIiiiiOOOOOoooooUUUUuuuu")


def find_dates(text: str, default_year: int | None = None) -> list[tuple[str, int, int]]:
    """Every date in ``text`` as (iso, start, end), in order of appearance.

    Dates without a year are only returned when ``default_year`` is given.
    """
    if not text:
        return []
    if not text.isascii():
        text = text.translate(_FOLD)
    found: list[tuple[str, int, int]] = []
    for m in _WORD_DATE.finditer(text):
        year = int(m.group(3)) if m.group(3) else default_year
        if year is None:
            continue
        iso = _iso(year, _MONTHS[m.group(2).lower()], int(m.group(1)))
        if iso:
            found.append((iso, m.start(), m.end()))
    for m in _ISO_DATE.finditer(text):
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            found.append((iso, m.start(), m.end()))
    for m in _NUM_DATE.finditer(text):
        iso = _iso(int(m.group(4)), int(m.group(3)), int(m.group(1)))
        if iso:
            found.append((iso, m.start(), m.end()))
    found.sort(key=lambda f: f[1])
    # drop matches inside an earlier one
    out: list[tuple[str, int, int]] = []
    for f in found:
        if out and f[1] < out[-1][2]:
            continue
        out.append(f)
    return out


@functools.lru_cache(maxsize=16384)  # the same line is read by several steps (and repeats on pages)
def parse_date(text: str, default_year: int | None = None) -> str | None:
    """The first date in ``text`` as ISO "YYYY-MM-DD", or None."""
    found = find_dates(text or "", default_year)
    return found[0][0] if found else None


# "5 septernber 2011", "1 janvari 2021": a word of letters between a day and a year that is
# one OCR error away from a month name (a letter wrong, lost or added; "rn" read for "m")
_OCR_DATE = re.compile(r"(?<![\w-])(\d{1,2})\s{1,3}([A-Za-z]{4,10})\.?,?\s{1,3}((?:19|20)\d\d)(?!\d)")


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one substituted, lost or added letter."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


_FULL_MONTHS = [m for m in _MONTHS if len(m) >= 5] + ["sept"]


def _ocr_month(word: str) -> int | None:
    w = word.lower().replace("rn", "m")
    if w in _MONTHS:
        return _MONTHS[w]
    hits = {_MONTHS[m] for m in _FULL_MONTHS if _one_edit(w, m)}
    return hits.pop() if len(hits) == 1 else None


# A date stamp ("14 AUG. 2008", "10 FEB. 2016"): a day, a three-letter month in capitals with
# a dot or comma, a year. OCR reads the stamp's ink badly: "{0 FER. 2016", "20 0KT, 2015" -
# a "1" as "{", "|", "l" or "I" and a "0" as "O" in the day, an "O" as "0" or one wrong
# letter in the month. Capitals and the dot are what keep prose ("3 van 2016") out.
_STAMP_DATE = re.compile(r"(?<![\w{|-])([\d{|lIOo]{1,2})\s{1,2}([A-Z0-9]{3})[.,]\s{0,2}((?:19|20)\d\d)(?!\d)")
_STAMP_DAY = str.maketrans("{|lIOo", "111100")
_STAMP_MONTHS = {"JAN": 1, "FEB": 2, "MRT": 3, "MAR": 3, "APR": 4, "MEI": 5, "JUN": 6, "JUL": 7, "AUG": 8,
                 "SEP": 9, "OKT": 10, "OCT": 10, "NOV": 11, "DEC": 12}


def _stamp_month(word: str) -> int | None:
    w = word.replace("0", "O").replace("1", "I")
    if w in _STAMP_MONTHS:
        return _STAMP_MONTHS[w]
    hits = {n for m, n in _STAMP_MONTHS.items() if sum(x != y for x, y in zip(w, m)) == 1}
    return hits.pop() if len(hits) == 1 else None


def parse_date_ocr(text: str) -> str | None:
    """``parse_date``, and else a date whose month name OCR damaged ("9 septernber 2011"), or
    a date stamp OCR damaged ("{0 FER. 2016")."""
    iso = parse_date(text)
    if iso or not text:
        return iso
    folded = text[:300].translate(_FOLD)
    for m in _OCR_DATE.finditer(folded):
        month = _ocr_month(m.group(2))
        if month and (iso := _iso(int(m.group(3)), month, int(m.group(1)))):
            return iso
    for m in _STAMP_DATE.finditer(folded):
        day = m.group(1).translate(_STAMP_DAY)
        month = _stamp_month(m.group(2))
        if month and day != "0" and (iso := _iso(int(m.group(3)), month, int(day))):
            return iso
    return None


def _hhmm(h: str, m: str) -> str:
    return f"{int(h):02d}:{m}"


def parse_time_range(text: str) -> tuple[str | None, str | None]:
    """(start, end) as "HH:MM" from "10:30-11:15", "15.00 – 15.30", "10.00 uur" (end None).

    A single time counts only when it is clearly a time ("10:30", "10.30 uur"): a bare
    "10.30" may be a number or a section.
    """
    if not text:
        return None, None
    m = _TIME_RANGE.search(text)
    if m:
        start, end = _hhmm(m.group(1), m.group(2)), _hhmm(m.group(3), m.group(4))
        if end > start:
            return start, end
    for m in _TIME_ONE.finditer(text):
        sep = text[m.start(2) - 1]
        if sep == ":" or m.group(3):
            return _hhmm(m.group(1), m.group(2)), None
    return None, None
