"""Meetings and item alignment on small hand-built inputs (fictional titles)."""

from zvdj_viewer.link.align import align_items, title_similarity
from zvdj_viewer.link.meetings import group_meetings


def doc(i, type_, series="BO Test", date="2021-03-04", start="10:00", **kw):
    return {"id": i, "type": type_, "series": series, "meeting_date": date, "start_time": start,
            "end_time": None, "place": None, **kw}


def it(number, title, level=0):
    return {"number": number, "title": title, "level": level, "text": ""}


def test_two_meetings_on_one_date_stay_apart():
    ms = group_meetings([doc(1, "agenda", "BO Rijk-VNG", start="09:30"),
                         doc(2, "agenda", "BO Zorg voor de Jeugd", start="10:30"),
                         doc(3, "nota", "BO Zorg voor de Jeugd", start="10:30")])
    assert [(m["series"], sorted(k for k, _ in m["documents"])) for m in ms] == [
        ("BO Rijk-VNG", [1]), ("BO Zorg voor de Jeugd", [2, 3])]
    assert ms[0]["id"] != ms[1]["id"]


def test_partial_meeting_and_untimed_document():
    ms = group_meetings([doc(1, "nota", start="14:00"), doc(2, "verslag", start=None),
                         doc(3, "kamerbrief", series=None, date=None)])
    assert len(ms) == 1 and sorted(k for k, _ in ms[0]["documents"]) == [1, 2]
    # a start time five minutes off is the same meeting
    ms = group_meetings([doc(1, "agenda", start="14:00"), doc(2, "nota", start="14:05")])
    assert len(ms) == 1


def test_title_similarity():
    assert title_similarity("Perspectief voor de Jeugd", "Ter bespreking: Wetsvoorstel Perspectief voor de Jeugd") == 1.0
    assert title_similarity("WVTTK", "WTTK") == 1.0
    assert title_similarity("Rondvraag", "Rondvraag en sluiting") == 1.0
    assert title_similarity("Opening", "Huisvesting van statushouders") < 0.3


def test_wrong_number_in_nota_aligns_by_title():
    items = {
        1: [it("1", "Opening"), it("2", "Fietsbeleid"), it("3", "Rondvraag en sluiting")],
        2: [it("1", "Opening"), it("2", "Fietsbeleid in de regio"), it("4", "Rondvraag")],  # 4 should be 3
    }
    rows = align_items([(1, "agenda"), (2, "nota")], items)
    assert [(r["number"], r.get("nota_number")) for r in rows] == [("1", "1"), ("2", "2"), ("3", "4")]


def test_nota_that_lost_its_first_items_and_verslag_subitems():
    items = {
        1: [it("1", "Opening"), it("2", "Conceptverslag van 3 maart"), it("3", "Havenvisie"), it("4", "Rondvraag")],
        2: [it("3", "Havenvisie"), it("4", "Rondvraag")],
        3: [it("1", "Opening"), it("2", "Conceptverslag"), it("3", "Havenvisie"), it("3.1", "Kades", 1),
            it("4", "Rondvraag en sluiting")],
    }
    rows = align_items([(1, "agenda"), (2, "nota"), (3, "verslag")], items)
    got = [(r["number"], r.get("agenda_number"), r.get("nota_number"), r.get("verslag_number")) for r in rows]
    assert got == [("1", "1", None, "1"), ("2", "2", None, "2"), ("3", "3", "3", "3"),
                   ("3.1", None, None, "3.1"), ("4", "4", "4", "4")]


def test_annotation_with_wrong_number_and_same_number_other_title():
    # the nota calls the second item "3", and its real item 3 is missing: the title decides
    items = {1: [it("1", "Opening"), it("2", "Contourennota onderwijs"), it("3", "Lerend stelsel")],
             2: [it("3", "Contourennota onderwijs")]}
    rows = align_items([(1, "agenda"), (2, "nota")], items)
    assert [(r["number"], r.get("nota_number")) for r in rows] == [("1", None), ("2", "3"), ("3", None)]


def test_no_agenda_uses_verslag_order():
    items = {5: [it("1", "Opening"), it("2", "Begroting")], 6: [it("2", "Begroting 2022")]}
    rows = align_items([(5, "verslag"), (6, "nota")], items)
    assert [(r["number"], r.get("verslag_doc"), r.get("nota_number")) for r in rows] == [("1", 5, None), ("2", 5, "2")]


def test_alignment_of_huge_documents_is_bounded_and_falls_back_to_numbers():
    """Two 100 KB documents of fictional items (issue 16, point 6): alignment runs in the main
    process on every relink, so it must stay bounded; beyond MAX_PAIRS items join by number."""
    import time

    from zvdj_viewer.link import align as align_mod

    words = ["kwispel", "staart", "regeling", "pleeggezin", "wachtlijst", "budgetplafond", "gemeenteraad"]

    def doc(n: int, shift: int) -> list[dict]:
        return [{"number": str(i + 1), "title": " ".join(f"{words[(i + k + shift) % 7]}{i % 97}" for k in range(8)),
                 "level": 0} for i in range(n)]

    agenda, nota = doc(1500, 0), doc(1500, 3)
    assert sum(len(it["title"]) for it in agenda) > 100_000
    t0 = time.process_time()
    rows = align_mod.align_items([(1, "agenda"), (2, "nota")], {1: agenda, 2: nota})
    assert time.process_time() - t0 < 5
    assert len(rows) == 1500 and all(r["nota_number"] == r["agenda_number"] for r in rows)
    # one title of 100 KB against the others: judged by its first words
    long_title = [{"number": "1", "title": "kwispelstaart " * 8000, "level": 0}] + doc(40, 1)[1:]
    t0 = time.process_time()
    align_mod.align_items([(1, "agenda"), (2, "nota")], {1: long_title, 2: doc(40, 2)})
    assert time.process_time() - t0 < 5


def test_align_by_number_keeps_order_and_skips_unknown_numbers():
    from zvdj_viewer.link.align import align_by_number

    rows = [[{"number": n}] for n in ("1", "2", "3", "2", "4")]
    seq = [{"number": "2"}, {"number": "9"}, {"number": "1"}, {"number": "2"}, {"number": "4"}]
    assert align_by_number(rows, seq) == [1, None, None, 3, 4]
