"""References, topics and decisions on small fictional texts."""

from zvdj_viewer.link.decisions import find_decisions
from zvdj_viewer.link.references import (
    conceptverslag_links, find_references, kamerstuk_ids, meeting_mentions, resolve_date, target_doc,
)
from zvdj_viewer.link.topics import topic_links

MEETINGS = [
    {"id": "mA", "series": "BO Rijk-VNG", "date": "2021-02-11", "documents": [(11, "verslag")]},
    {"id": "mB", "series": "BO Zorg voor de Jeugd", "date": "2021-02-11", "documents": []},
    {"id": "mC", "series": "BO Zorg voor de Jeugd", "date": "2021-03-30", "documents": []},
    {"id": "mS", "series": "Stuurgroep Zorg voor de Jeugd", "date": "2021-05-02", "documents": []},
    {"id": "mR", "series": "BO Rijk-VNG", "date": "2021-05-20", "documents": []},
]


def unit(text, series="BO Rijk-VNG", meeting="mR", date="2021-05-20", doc=1, number="2"):
    return {"doc": doc, "number": number, "text": text, "series": series, "meeting": meeting, "date": date}


def test_resolve_date_years():
    assert resolve_date("11", "februari", None, "2021-05-20", "past") == "2021-02-11"
    assert resolve_date("11", "december", None, "2021-05-20", "past") == "2020-12-11"
    assert resolve_date("11", "december", None, "2021-05-20", "future") == "2021-12-11"
    assert resolve_date("1", "juni", "2019", None) == "2019-06-01"


def test_conceptverslag_same_series_when_date_is_shared():
    [link] = conceptverslag_links(unit("Conceptverslag van 11 februari 2021"), MEETINGS)
    assert link["to_meeting"] == "mA" and link["to_doc"] == 11
    [link] = conceptverslag_links(unit("Ter vaststelling: conceptverslag van 11 februari", series="BO Zorg voor de Jeugd",
                                       meeting="mC", date="2021-03-30"), MEETINGS)
    assert link["to_meeting"] == "mB"


def test_conceptverslag_other_series_only_or_absent_stays_unresolved():
    [link] = conceptverslag_links(unit("Conceptverslag van 30 maart 2021"), MEETINGS)  # only a BO ZvdJ then
    assert link["to_meeting"] is None and link["to_date"] == "2021-03-30" and "another series" in link["to_text"]
    links = conceptverslag_links(unit("Conceptverslag van 2 januari 2020 en 11 februari 2021 (ambtelijk)"), MEETINGS)
    assert [(x["to_meeting"], x["to_date"]) for x in links] == [(None, "2020-01-02"), ("mA", "2021-02-11")]


def test_meeting_mentions():
    u = unit("Zoals in de stuurgroep van 2 mei besproken. Tijdens het BO Rijk-VNG op 11 februari jl. is "
             "afgesproken ... Ook in het BO Zorg voor de Jeugd van 30 maart.", series=None, meeting=None)
    got = {x["to_meeting"] for x in meeting_mentions(u, MEETINGS)}
    assert got == {"mS", "mA", "mC"}
    # "het BO van 11 februari" in a document of no series: two BOs that day -> ambiguous, kept
    [link] = meeting_mentions(unit("het BO van 11 februari", series=None, meeting=None), MEETINGS)
    assert link["to_meeting"] is None and "ambiguous" in link["to_text"]
    # in a BO Rijk-VNG document it means its own series
    [link] = meeting_mentions(unit("het BO van 11 februari"), MEETINGS)
    assert link["to_meeting"] == "mA"
    # the meeting the document belongs to is no reference
    assert meeting_mentions(unit("in het BO Rijk-VNG van 20 mei"), MEETINGS) == []


def test_kamerstuk_forms_and_moties():
    target = {"id": 7, "title": "Verslag over de motie Van Dam c.s. over fietsen", "text": "kst-31234-56\n12 345 Fietsen\nNr. 9"}
    td = target_doc(target)
    assert td["kst"] == {"31234-56", "12345-9"} and td["moties"] == {"van dam"}
    for words in ("Kamerstuk 31 234, nr. 56", "zie 31234-56.", "kst-31234-56", "de motie van het lid Van Dam"):
        links = find_references([unit(words)], MEETINGS, [td])
        assert [(x["kind"], x["to_doc"]) for x in links] == [("kamerstuk", 7)], words
    [link] = find_references([unit("Kamerstuk 33 333, nr. 3")], MEETINGS, [td])
    assert link["to_doc"] is None and link["to_text"] == "Kamerstuk 33 333, nr. 3"
    # a kenmerk is no kamerstuk; the document does not refer to itself
    assert find_references([unit("Kenmerk 1580026-195009-J")], MEETINGS, [td]) == []
    assert find_references([unit("kst-31234-56", doc=7)], MEETINGS, [td]) == []
    assert kamerstuk_ids("Brief van de minister") == set()


def test_topics_link_on_title_phrase_not_on_common_words():
    units = [
        {"meeting": "m1", "date": "2021-01-01", "doc": 1, "number": "3", "title": "Havenvisie Rotterdam",
         "text": "De havenvisie wordt besproken."},
        {"meeting": "m2", "date": "2021-02-01", "doc": 2, "number": "4", "title": "Ter bespreking: havenvisie Rotterdam",
         "text": "Vervolg."},
        {"meeting": "m2", "date": "2021-02-01", "doc": 2, "number": "9", "title": "Rondvraag",
         "text": "Vraag over de fietsbrug bij het station. De fietsbrug bij het station komt er."},
        {"meeting": "m3", "date": "2021-03-01", "doc": 3, "number": "2", "title": "Planning fietsbrug station",
         "text": "De fietsbrug bij het station."},
        {"meeting": "m3", "date": "2021-03-01", "doc": 3, "number": "5", "title": "Begroting",
         "text": "Rotterdam Rotterdam en de begroting."},
    ] + [{"meeting": f"x{i}", "date": "2020-01-01", "doc": 90 + i, "number": "1", "title": f"Onderwerp {w}",
          "text": "tekst"} for i, w in enumerate(["appels", "peren", "druiven", "kersen", "bessen"])]
    pairs = {(x["from_doc"], x["from_number"], x["to_doc"], x["to_number"]) for x in topic_links(units)}
    assert pairs == {(1, "3", 2, "4"), (2, "9", 3, "2")}


def test_decisions():
    text = ("Dhr. A licht toe.\n**Afspraak:** B stuurt de brief.\n- **Akkoord** met het plan.\n"
            "Actie: C belt D.\nAfspraak 6: Inzicht in uitgaven\nAkkoord met de set?\n"
            "De stuurgroep stemt in met het voorstel.\nVastgesteld.\nIndien partijen akkoord gaan met X, dan Y.")
    got = [(k, i) for k, _, i in find_decisions(text)]
    assert got == [("afspraak", 1), ("besluit", 2), ("actie", 3), ("besluit", 6), ("besluit", 7)]
    assert find_decisions(text)[0][1] == "Afspraak: B stuurt de brief."


def test_meeting_mentions_in_parentheses_digits_and_was_op():
    u = unit("Eerder besproken in het BO Zorg voor de Jeugd (op 30 maart) en de stuurgroep (2 mei, alle "
             "partners). Het laatste Bestuurlijk Overleg (BO) was op 11 februari 2021.")  # a BO Rijk-VNG document
    got = sorted((x["to_meeting"], x["evidence"]) for x in meeting_mentions(u, MEETINGS))
    assert got == [("mA", "Bestuurlijk Overleg (BO) was op 11 februari 2021"),
                   ("mC", "BO Zorg voor de Jeugd (op 30 maart)"), ("mS", "stuurgroep (2 mei)")]
    # "BO 11-02" in a BO Rijk-VNG document: day and month as digits, its own series that day
    [link] = meeting_mentions(unit("(geagendeerd op BO 11-02, niet besproken)"), MEETINGS)
    assert link["to_meeting"] == "mA" and link["to_date"] == "2021-02-11"
    # a range of days is no date: "de sessie na het BO van 10-11 februari"
    assert meeting_mentions(unit("het BO van 10-11 februari"), MEETINGS) == []
    assert meeting_mentions(unit("het BO van 31-02"), MEETINGS) == []  # no such day
    # in a document of no series, "the BO of 11 February" could be either of the two that day
    [link] = meeting_mentions(unit("Het laatste BO was op 11 februari 2021.", series=None, meeting=None), MEETINGS)
    assert link["to_meeting"] is None and "ambiguous" in link["to_text"]


def test_text_outside_items_adds_only_new_references():
    from zvdj_viewer.link import build

    docs = [{"id": 1, "type": "nota", "series": "BO Test", "meeting_date": "2021-05-20", "start_time": "10:00",
             "title": "Nota", "doc_date": None,
             "text": "1 Aanleiding\nHet laatste Bestuurlijk Overleg (BO) was op 11 februari 2021.\n"
                     "Zie ook het BO van 2 maart.\n3 Havenvisie\nZoals in het BO van 2 maart besproken."},
            {"id": 2, "type": "agenda", "series": "BO Test", "meeting_date": "2021-02-11", "start_time": "10:00",
             "title": "Agenda", "doc_date": None, "text": "1 Opening"}]
    items = {1: [{"number": "3", "title": "Havenvisie", "level": 0, "text": "Zoals in het BO van 2 maart besproken."}],
             2: [{"number": "1", "title": "Opening", "level": 0, "text": ""}]}
    _, links = build(docs, items)
    refs = sorted((x["from_number"] or "-", x["to_meeting"] or x["to_text"]) for x in links
                  if x["kind"] == "refers_to_meeting")
    # the item keeps its "BO van 2 maart" (not in the archive); the opening lines add the BO of
    # 11 February, which no item names, and do not repeat the item's reference
    assert refs == [("-", "m2021-02-11-bo-test"), ("3", "BO van 2 maart")]


def test_no_agreement_is_an_outcome():
    assert find_decisions("**Geen afspraak.**\nGeen besluitvorming vandaag.") == [("besluit", "Geen afspraak.", 0)]


def test_opening_lines_keep_their_reference_when_an_item_names_the_same_meeting():
    from zvdj_viewer.link import build

    # a nota: its opening lines and its item 3 name the same earlier BO in other words
    docs = [{"id": 1, "type": "nota", "series": "BO Test", "meeting_date": "2021-05-20", "start_time": "10:00",
             "title": "Nota", "doc_date": None,
             "text": "1 Aanleiding\nHet laatste formele Bestuurlijk Overleg (BO) was op 11 februari 2021.\n"
                     "3 Havenvisie (zie verslag BO van 11 februari)\nDe havenvisie is in het BO van 11 februari "
                     "uitvoerig besproken en krijgt nu een vervolg."},
            {"id": 2, "type": "agenda", "series": "BO Test", "meeting_date": "2021-02-11", "start_time": "10:00",
             "title": "Agenda", "doc_date": None, "text": "1 Opening"}]
    items = {1: [{"number": "3", "title": "Havenvisie", "level": 0,
                  "text": "De havenvisie is in het BO van 11 februari uitvoerig besproken en krijgt nu een vervolg."}],
             2: [{"number": "1", "title": "Opening", "level": 0, "text": ""}]}
    _, links = build(docs, items)
    refs = sorted((x["from_number"] or "-", x["to_meeting"], x["evidence"]) for x in links
                  if x["kind"] == "refers_to_meeting")
    # the opening line is the nota's own reference; the heading line's parenthesis is item 3's
    # (its stored title lacks it), and neither is repeated at the document level
    assert refs == [("-", "m2021-02-11-bo-test", "Bestuurlijk Overleg (BO) was op 11 februari 2021"),
                    ("3", "m2021-02-11-bo-test", "BO van 11 februari")]
    assert [x["from_number"] for x in links if x["kind"] == "refers_to_meeting" and "zie verslag" in x["evidence"]] == []


def test_heading_lines_stop_at_the_next_items_title():
    from zvdj_viewer.link import _heading_lines

    its = [{"title": "Opening en mededelingen"}, {"title": "Conceptverslag van 3 maart"}, {"title": "Havenvisie"}]
    text = "1 Opening en mededelingen2 Conceptverslag van 3 maart (bijlage 1)\n3 Havenvisie (bijlage 2)\n"
    assert _heading_lines(text, its) == ["Opening en mededelingen", "Conceptverslag van 3 maart (bijlage 1)",
                                         "Havenvisie (bijlage 2)"]
