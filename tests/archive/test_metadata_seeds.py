"""Metadata, agenda items and redactions on real seed documents (../shared/seeds).

Each document is cut from its seed here by a line range checked by reading the file (first
line of its letterhead .. last line before the next document's letterhead), so these tests
do not depend on segmentation. Furniture is marked on the whole file first, as the
pipeline does. Expected values were read by hand from the lines named in the comments.
"""

import collections

import pytest

from zvdj_viewer.understanding.furniture import mark_furniture
from zvdj_viewer.understanding.items import find_items
from zvdj_viewer.understanding.metadata import extract
from zvdj_viewer.model import DocLine, Line, Page, SourceText
from zvdj_viewer.understanding.redactions import find_redactions


def _source(path):
    lines = [Line(t, number=i + 1) for i, t in enumerate(path.read_text(encoding="utf-8").splitlines())]
    src = SourceText(path=str(path), kind="text", pages=[Page(1, lines)], line_count=len(lines))
    try:
        mark_furniture(src)
    except Exception:  # furniture is another module; metadata must work without it
        pass
    return src


@pytest.fixture(scope="module")
def seed(seeds_dir):
    cache = {}

    def get(prefix, first, last):
        if prefix not in cache:
            cache[prefix] = _source(next(seeds_dir.glob(f"{prefix}_*.txt")))
        lines = cache[prefix].pages[0].lines
        return [DocLine(1, i, lines[i]) for i in range(first - 1, last)]

    return get


ZVDJ, RV, BGZJ = "BO Zorg voor de Jeugd", "BO Rijk-VNG", "BO Rijk-VNG-BGZJ"

# (seed, first, last, type, doc_date, kenmerk, series, meeting_date, start, end)
DOCS = [
    # "Datum document 23 september 2019", "Kenmerk 1580026-195009-1" (first page; later
    # pages print ...-J); "Betreft BO ZvdJ 25 sept 2019."; "25 september 2019 11:00-12:00"
    ("002", 1, 389, "nota", "2019-09-23", "1580026-195009-1", ZVDJ, "2019-09-25", "11:00", "12:00"),
    # letterhead after the heading: "Datum 5 november 2019" (line 462)
    ("002", 390, 553, "agenda", "2019-11-05", None, RV, "2019-11-06", "10:00", "11:00"),
    # a running "Datum 21 november 2019" of the previous verslag (line 1230) comes before
    # this agenda's own first-page letterhead "Datum 19 november 2019" (line 1254)
    ("002", 1225, 1324, "agenda", "2019-11-19", None, RV, "2019-11-28", "09:30", "10:30"),
    # "Vergaderdatum en tijd 30 januari 2020, 10.30-11.15"; "Datum document 28 januari 2020"
    ("002", 1802, 2053, "nota", "2020-01-28", "1641615-201291-J", BGZJ, "2020-01-30", "10:30", "11:15"),
    # first-page "Datum 13 februari 2020" (line 2075) beats running "4 februari 2020"
    ("002", 2054, 2257, "verslag", "2020-02-13", None, BGZJ, "2020-01-30", "10:30", "11:15"),
    # "Betreft BO Rijk - VNG- BGZJ"; "Vergaderdatum en tijd 8 juni 2020, 14.00 – 15.00";
    # "Kenmerk XXXX" on the first page, the real one on later pages
    ("002", 4586, 4884, "nota", "2020-06-02", "1698052-205896-J", BGZJ, "2020-06-08", "14:00", "15:00"),
    # "Vergaderdatum en -tijd 24 juni 2020 24 juni 2020 15:30-16:30"
    ("002", 6409, 6676, "verslag", "2020-07-03", None, ZVDJ, "2020-06-24", "15:30", "16:30"),
    # "Betreft Bestuurlijk Overleg met Rijk & VNG"; stale running "Datum 3 juli 2020"
    # (line 6682) before the letterhead "Datum 25 september 2020" (line 6705)
    ("002", 6677, 6794, "agenda", "2020-09-25", None, RV, "2020-10-07", "15:00", "16:00"),
    # "Geannoteerde Agenda 19e stuurgroep ...", "Vergaderdatum / tijd: 16 juni 2020,
    # 15:00-17.00 uur"; no letterhead, so no document date
    ("000", 1, 262, "geannoteerde_agenda", None, None, "Stuurgroep Zorg voor de Jeugd",
     "2020-06-16", "15:00", "17:00"),
]


@pytest.mark.parametrize("prefix, first, last, doc_type, doc_date, kenmerk, series, date, start, end", DOCS)
def test_metadata(seed, prefix, first, last, doc_type, doc_date, kenmerk, series, date, start, end):
    meta = extract(seed(prefix, first, last), doc_type)
    assert meta.get("doc_date") == doc_date
    assert meta.get("kenmerk") == kenmerk
    assert meta.get("series") == series
    assert meta.get("meeting_date") == date
    assert (meta.get("start_time"), meta.get("end_time")) == (start, end)


def test_places_and_participants(seed):
    meta = extract(seed("002", 390, 553), "agenda")
    assert meta["place"] == "Den Haag, ministerie VWS – ministerzaal (A5.41)"
    # "## VWS" / "- Hugo de Jonge<TAB>Minister van VWS" / four redacted names (lines 398-404)
    assert meta["participants"]["VWS"] == ["Hugo de Jonge"] + ["[10.2.e]"] * 4
    assert meta["participants"]["VNG"][:3] == ["Eelco Eerenberg", "Leon Meijer", "Ali Rabarison"]
    assert meta["absent"] == {"": ["[10.2.e]", "Viktor Everhardt"]}  # line 428
    assert extract(seed("000", 1, 262), "geannoteerde_agenda")["place"].startswith("Op uw eigen werkplek")


ITEMS = [
    # lines 162-382: "## 1) Opening ...", "- a)" sub-items under 3 and 4, "5) WVTKK",
    # "6) Rondvraag en sluiting"; "1 Aanleiding", "2 Deelnemers", "3 Te bespreken punten"
    # (lines 44, 50, 160) are sections, and "1. Pleegzorg" (line 268) is a body list
    ("002", 1, 389, "nota", ["1", "2", "3", "3a", "4", "4a", "4b", "4c", "4d", "5", "6"]),
    # "### 1 ..", "### 3 ..", "**4 ..**", "### **5 ..**", "**6 WTTK**", "**7 Rondvraag ..**"
    ("002", 390, 553, "agenda", ["1", "2", "3", "4", "5", "6", "7"]),
    # "## 1" .. "#### 4" .. "## **5 ..**" .. "**7 ..**"; "- 3) Zorgvuldigheidseisen" is a list
    ("002", 972, 1224, "verslag", ["1", "2", "3", "4", "5", "6", "7"]),
    # "- 3.1" .. "- 3.3" under "**3 Perspectief voor de Jeugd ...**" (lines 1776-1780)
    ("002", 1659, 1801, "agenda", ["1", "2", "3", "3.1", "3.2", "3.3", "4", "5"]),
    # "**1 Opening****2 Conceptverslag ...****3 ...**" glued on line 3054
    ("002", 2934, 3247, "verslag", ["1", "2", "3", "4", "5", "6", "7", "8", "8.1", "8.2", "9", "9.1",
                                    "9.2", "10", "11"]),
    # "**3 Te bespreken punten**1. *Opening ...*" glued (line 4739); "6. Bespreking brief
    # BGZJ ... i.r.t." (line 4835); "1) Sinds de 20 maart brief ..." is body text
    ("002", 4586, 4884, "nota", ["1", "2", "3", "4", "5", "6", "7", "8"]),
    # the nota prints "9) Rondvraag en sluiting" after item 7 (no 8): kept as printed
    ("002", 5984, 6408, "nota", ["1", "2", "3", "4", "5", "6", "7", "9"]),
    # table rows "<b>1. Opening en mededelingen:</b>" .. "<b>6. Rondvraag</b>" and the same
    # items again in the "Toelichting": one item each; "Rondvraag 1: ..", "Rondvraag 2: ..",
    # "Rondvraag 3: .." (lines 199, 214, 257) are sub-points of item 6, their own link ends
    ("000", 1, 262, "geannoteerde_agenda", ["1", "2", "3", "4", "5", "6", "6.1", "6.2", "6.3"]),
]


@pytest.mark.parametrize("prefix, first, last, doc_type, expected", ITEMS)
def test_items(seed, prefix, first, last, doc_type, expected):
    items = find_items(seed(prefix, first, last), doc_type)
    assert [i.number for i in items] == expected


def test_item_details(seed):
    items = {i.number: i for i in find_items(seed("002", 390, 553), "agenda")}
    assert items["4"].title == "Bestuurlijke afspraken"  # "**4 Bestuurlijke afspraken (totaal ±40min, ...):**"
    assert items["4"].line == 476 and items["4"].start.line == 475
    assert "Faire tarieven" in items["4"].text and "Bezoekadres" not in items["4"].text
    items = {i.number: i for i in find_items(seed("000", 1, 262), "geannoteerde_agenda")}
    assert items["2"].title == "Contourennota evaluatie Passend Onderwijs"
    assert items["2"].line == 15  # the agenda table; its "Toelichting" (line 54) joins the text
    assert "Graag praat OCW u bij" in items["2"].text


def test_redaction_counts(seed):
    # seed 000 prints "(10)(2e)" 49 times, "(10)(2a)" once, "(10)(2b)" three times
    counts = collections.Counter(r.code for r in find_redactions(seed("000", 1, 262)))
    assert counts == {"10.2.e": 49, "10.2.a": 1, "10.2.b": 3}
    # the first nota of seed 002 prints "10.2.e" 36 times (names, phone, e-mail, sidebar)
    reds = find_redactions(seed("002", 1, 389))
    assert len(reds) == 36 and {r.code for r in reds} == {"10.2.e"}
    assert reds[0].line == 16 and reds[0].raw == "10.2.e"
    # glued to a word: "Directeur VNG10.2.e" (line 1372) still counts
    assert [r.line for r in find_redactions(seed("002", 1372, 1372))] == [1372]
