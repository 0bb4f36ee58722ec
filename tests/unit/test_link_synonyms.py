"""Two names of one topic, learned from titles that print them side by side (fictional
units, in the manner of tests/unit/test_link_topics_more.py)."""

from zvdj_viewer.link.synonyms import alias_groups, title_aliases
from zvdj_viewer.link.text import content_words
from zvdj_viewer.link.topics import topic_links

FILLER = "De partijen spreken over de voortgang en de planning van het werk in de regio's. "


def unit(meeting, date, number, title, text=""):
    return {"meeting": meeting, "date": date, "doc": meeting, "number": number, "title": title,
            "text": text + FILLER * 3}


BACKGROUND = [unit(f"m{i}", f"2021-0{i}-01", "1", t) for i, t in
              enumerate(["Opening", "Wachttijden ggz", "Inkoop door regio's", "Huisvesting jongeren",
                         "Onderwijs en zorg", "Gesloten jeugdhulp", "Pleegzorg"], 1)]


def pairs(units):
    return {(x["from_doc"], x["to_doc"]) for x in topic_links(units)}


def test_names_side_by_side_in_a_title_are_aliases():
    got = title_aliases(["Ter bespreking: maatje / vaste begeleider voor elk kind in de opvang",
                         "Een landelijke standaard voor de toegang (LSVT)",
                         "Stroomschema voor aanbieders ('noodknop')"])
    def key(words):
        return tuple(content_words(words))

    assert {frozenset(p) for p in got} == {frozenset({key("maatje"), key("vaste begeleider")}),
                                           frozenset({key("standaard toegang"), key("LSVT")}),
                                           frozenset({key("stroomschema aanbieders"), key("noodknop")})}


def test_no_alias_from_dates_common_words_remarks_or_lists_of_bodies():
    assert title_aliases(["Terugblik overleg 23 juni / Perspectief voor de jeugd",
                          "Update / voortgang", "Bestuurlijk overleg VWS/JenV/VNG",
                          "Financiering jeugdhulp (observatie) terugkeerders", "Verslag (bijlage 2)",
                          "Wachttijden en/of wachtlijsten"]) == []


def test_a_group_that_grows_too_large_is_no_topic():
    chain = [f"Thema{c}aa / thema{c}bb" for c in "klmno"] + [f"Thema{c}bb / thema{d}aa" for c, d in zip("klmn", "lmno")]
    assert alias_groups(title_aliases(chain)) == {}


def test_the_thread_runs_through_meetings_that_used_either_name():
    us = BACKGROUND + [
        unit("a", "2021-09-01", "6", "Vaste begeleider voor kinderen in de opvang"),
        unit("b", "2021-10-01", "7", "Ter bespreking: maatje / vaste begeleider voor elk kind in de opvang"),
        unit("c", "2021-11-01", "2", "Rondvraag 2 – Maatje")]
    assert {("a", "b"), ("b", "c"), ("a", "c")} <= pairs(us)
    # without the title that joins the names, the two names do not meet
    assert ("a", "c") not in pairs(BACKGROUND + [us[-3], us[-1]])
