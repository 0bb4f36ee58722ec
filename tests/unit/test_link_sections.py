"""Sections of letters and reports as ends of same-topic links (fictional texts)."""

from zvdj_viewer.link import build
from zvdj_viewer.link.sections import find_sections, section_units

REPORT = """Derde voortgangsrapportage

Dit is de inleiding van het rapport over het programma, met genoeg tekst om een eigen deel te zijn.
""" + "Meer inleidende tekst over het programma en de partners. " * 5 + """

## Actielijn 1: Snellere toegang tot hulp

""" + "De toegang tot hulp voor gezinnen wordt eenvoudiger gemaakt door wijkteams. " * 6 + """

## Actielijn 2: Pleegzorg en gezinshuizen versterken

""" + "Het aantal pleegouders groeit; gezinshuisouders krijgen scholing en de pleegzorg wordt versterkt. " * 6 + """

## Actielijn 2: Pleegzorg en gezinshuizen versterken

Vervolg van de tweede actielijn op een nieuwe pagina met meer over pleegzorg.

3. Financiering van de regio's

""" + "De regio's krijgen extra middelen voor de financiering van specialistische hulp en pleegzorg. " * 4


def test_sections_with_labels_as_printed():
    got = find_sections(REPORT)
    assert [x[0] for x in got] == ["§0", "Actielijn 1", "Actielijn 2", "3"]
    assert "nieuwe pagina" in got[2][2]  # a section printed twice is one section
    assert find_sections("Een brief zonder kopjes.\nNog een regel.") == []


def test_items_link_to_the_section_of_their_topic():
    docs = [{"id": 1, "type": "agenda", "series": "Overleg Jeugd", "meeting_date": "2021-03-01", "start_time": None,
             "end_time": None, "place": None, "title": "Agenda", "doc_date": "2021-02-20", "text": ""},
            {"id": 2, "type": "voortgangsrapportage", "series": None, "meeting_date": None, "start_time": None,
             "end_time": None, "place": None, "title": "Derde voortgangsrapportage", "doc_date": "2021-04-01",
             "text": REPORT}]
    items = {1: [{"number": "1", "title": "Opening", "level": 0, "text": ""},
                 {"number": "2", "title": "Pleegzorg en gezinshuizen", "level": 0,
                  "text": "Over de pleegzorg en de scholing van gezinshuisouders; pleegzorg groeit."}]}
    units = section_units(docs, {2: REPORT}.get)
    assert [u["number"] for u in units] == ["§0", "Actielijn 1", "Actielijn 2", "3"]
    _meetings, links = build(docs, items)
    topic = [x for x in links if x["kind"] == "same_topic"]
    assert [(x["from_doc"], x["from_number"], x["to_doc"], x["to_number"], x["to_meeting"]) for x in topic] == [
        (1, "2", 2, "Actielijn 2", None)]
