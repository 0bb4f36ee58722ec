"""E-mail header blocks on fictional printed mails: any order, columns, OCR damage, quotes."""

from zvdj_viewer.understanding.email_header import find_headers, label_of, page_top_header
from zvdj_viewer.model import Line


def lines(*texts):
    return [Line(t) for t in texts]


def at(x, y, text):
    return Line(text, bbox=(x, y, x + 8 * len(text), y + 12), size=10)


def test_one_line_labels_in_any_order_with_participants():
    h = find_headers(lines(
        "Onderwerp:   RE: planning regietafel",
        "Van:         Piet Voorbeeld",
        "Aan:         10.2.e; team@example.org",
        "CC:          5.1.2e",
        "Verzonden:   dinsdag 6 februari 2024 09:12",
        "Hoi allemaal,",
    ))
    assert len(h) == 1
    assert h[0].subject == "RE: planning regietafel"
    assert h[0].sent == "2024-02-06"
    assert h[0].participants() == {"from": ["Piet Voorbeeld"], "to": ["[10.2.e]", "team@example.org"],
                                   "cc": ["[5.1.2e]"]}


def test_two_column_print_values_beside_their_labels():
    # labels in the left column, values on lines of their own at the same height
    page = [at(20, 30, "Van:"), at(20, 45, "Verzonden:"), at(20, 60, "Aan:"), at(20, 75, "Onderwerp:"),
            at(160, 30, "Jan Fictief"), at(160, 45, "donderdag 9 mei 2019 16:40"), at(160, 60, "10.2.e"),
            at(160, 75, "Jaarrapportage fokkerij"), at(20, 110, "Beste collega,")]
    h = find_headers(page)
    assert len(h) == 1
    assert h[0].fields["from"] == "Jan Fictief"
    assert h[0].subject == "Jaarrapportage fokkerij"
    assert h[0].sent == "2019-05-09"
    assert h[0].people("to") == ["[10.2.e]"]


def test_english_outlook_print_and_ocr_damaged_labels():
    h = find_headers(lines("From: A. Person", "Sent: Monday, March 4, 2024 10:00", "To: B. Person",
                           "Subject: Visit", "Importance: High"))
    assert h and h[0].subject == "Visit" and h[0].fields["importance"] == "High"
    # OCR: a zero for an o, a semicolon for a colon, no colon at all before a wide gap
    h = find_headers(lines("Van;  C. Ocr", "Verzondcn: 12 maart 2021 14:02", "Aan   D. Ocr", "0nderwerp: scan"))
    assert h and h[0].subject == "scan" and h[0].sent == "2021-03-12"


def test_not_an_email():
    # a nota's header has Aan / Van / Datum but no subject; a sentence starting with "Van"
    assert find_headers(lines("Aan: de minister", "Van: directie", "Datum: 3 mei 2022", "Kernpunten")) == []
    assert label_of("Van het actieteam voor alle bewoners") is None
    assert label_of("Aan de orde is het volgende") is None
    # "Datum" with no time is a letter's date, not a sent date: no e-mail without a recipient
    assert find_headers(lines("Van: iemand", "Datum: 3 mei 2022", "Onderwerp: iets")) == []


def test_quoted_reply_is_not_a_new_message_at_the_page_top():
    page = lines("-----Oorspronkelijk bericht-----", "Van: X", "Verzonden: 1 mei 2020 10:00", "Aan: Y",
                 "Onderwerp: vraag")
    heads = find_headers(page)
    assert len(heads) == 1 and heads[0].quoted
    assert page_top_header(page) is None
    top = lines("file:///C:/export/mail%2012.htm", "Van: X", "Verzonden: 1 mei 2020 10:00", "Aan: Y",
                "Onderwerp: vraag", "tekst", "Van: Z", "Verzonden: 30 april 2020 09:00", "Aan: X",
                "Onderwerp: vraag")
    assert page_top_header(top) is not None and len(find_headers(top)) == 2
