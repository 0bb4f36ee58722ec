"""Redaction codes: spellings, context rules against false positives, grounds."""

import pytest

from zvdj_viewer.model import DocLine, Line
from zvdj_viewer.understanding.redactions import KNOWN_CODES, find_redactions, ground, normalise


@pytest.mark.parametrize("raw, code", [
    ("10.2.e", "10.2.e"), ("10.2e", "10.2.e"), ("(10)(2e)", "10.2.e"), ("(10)(2a)", "10.2.a"),
    ("10.2.e [redacted]", "10.2.e"), ("10.1.c", "10.1.c"), ("11.1", "11.1"), ("(11)(1)", "11.1"),
    ("5.1.2e", "5.1.2.e"), ("5.1.2.e", "5.1.2.e"), ("5.1.1.d", "5.1.1.d"), ("5.2", "5.2"),
    ("5.1.5", "5.1.5"),
])
def test_normalise(raw, code):
    assert normalise(raw) == code


@pytest.mark.parametrize("raw", ["10.3.e", "5.1.3.a", "12.1", "", "abc", "10.2.z"])
def test_normalise_rejects(raw):
    assert normalise(raw) is None


def _lines(*texts):
    return [DocLine(1, i, Line(t, number=i + 1)) for i, t in enumerate(texts)]


def codes(*texts):
    return [r.code for r in find_redactions(_lines(*texts))]


def test_codes_in_running_text_and_glued():
    assert codes("Gesprek met 10.2.e over de begroting") == ["10.2.e"]
    assert codes("M 06-10.2.e", "10.2.e@minvws.nl", "Directeur VNG10.2.e") == ["10.2.e"] * 3
    assert codes("Kosten zijn (10)(2b) en dus niet laag, (10)(2e) (10)(2e)") == ["10.2.b", "10.2.e", "10.2.e"]
    assert codes("Namens 5.1.2e 5.1.2e (OZJ)") == ["5.1.2.e", "5.1.2.e"]


def test_bare_codes_need_redaction_context():
    assert codes("5.2") == ["5.2"]  # a line of codes only
    assert codes("5.1.2e, 5.2") == ["5.1.2.e", "5.2"]  # a code list
    assert codes("11.1 [redacted]") == ["11.1"]
    # sections, times, amounts and numbers are not redactions
    assert codes("5.2 Aanleiding en doel") == []
    assert codes("Overleg om 10.30 uur, bijlage 11.1 en paragraaf 5.2") == []
    assert codes("€ 11.100.214,80 en 5.2 miljoen") == []


def test_article_citations_are_not_redactions():
    assert codes("op grond van artikel 10.2.e van de Wob") == []
    assert codes("art. 5.1.2e Woo") == []


def test_places_are_kept():
    red = find_redactions(_lines("Aanwezig", "- 10.2.e\t10.2.e"))
    assert [(r.code, r.raw, r.page, r.line) for r in red] == [("10.2.e", "10.2.e", 1, 2)] * 2


def test_grounds():
    g = ground("10.2e")
    assert g["law"] == "Wob" and g["article"] == "10, lid 2, onder e"
    assert "persoonlijke levenssfeer" in g["text_nl"] and g["woo_equivalent"] == "5.1.2.e"
    assert ground("11.1")["woo_equivalent"] == "5.2"
    assert ground("10.2.f")["woo_equivalent"] is None
    assert ground("5.1.2.i")["law"] == "Woo" and "woo_equivalent" not in ground("5.1.2.i")
    assert ground("99.9") is None
    # every known code has its texts, and each Wob equivalent is itself a known Woo code
    for code in KNOWN_CODES:
        g = ground(code)
        assert g["text_nl"] and g["text_en"] and g["article"]
        if g["law"] == "Wob" and g["woo_equivalent"]:
            assert ground(g["woo_equivalent"])["law"] == "Woo"


# -- codes as OCR prints them (issue 18) ---------------------------------------------------

from zvdj_viewer.understanding.redactions import find_citations, find_codes  # noqa: E402


@pytest.mark.parametrize("line, code", [
    ("Aan: 10 2 e", "10.2.e"), ("Van: I0 2 e", "10.2.e"), ("Hoi io 2 e,", "10.2.e"),
    ("CC: l0.2.e", "10.2.e"), ("10,2,e (DV/AVM)", "10.2.e"), ("Van: 10,2.e |", "10.2.e"),
    ("Aan: 10:2:e", "10.2.e"), ("Cc 102e [DV", "10.2.e"), ("E10.2,e @mail.example", "10.2.e"),
    ("Namens 5 1 2 e", "5.1.2.e"), ("RSIN: 512e", "5.1.2.e"), ("S.12e 2509 AC", "5.1.2.e"),
    ("T.a.v. 51.2e", "5.1.2.e"),
])
def test_ocr_spellings_are_marks(line, code):
    assert codes(line) == [code]


@pytest.mark.parametrize("line", [
    "op 10-2-2020 vergaderd", "datum 10.2.2020", "€ 10,2 miljoen", "dat is 10,2 euro",
    "bel 06 10 2 6 33 12", "tel 020 10 2 6", "10.2 Aanleiding", "punt 10 2 van de agenda",
    "de 102e vergadering", "het 512e lid", "Radio 2 en tv", "versie 10.2.6 van de software",
    "Van: 10 2 6",
])
def test_ocr_false_positive_shapes(line):
    assert codes(line) == []


def test_six_read_for_e_needs_redaction_context():
    assert codes("10 2 6, 10 2 6") == ["10.2.e", "10.2.e"]  # a list of codes
    assert codes("10 2 6 [redacted]") == ["10.2.e"]
    assert codes("10 2 6") == ["10.2.e"]  # a line of codes only


def test_marks_and_citations_are_kept_apart():
    lines = _lines("Gedeeltelijk openbaar Art. 10.2.e.", "op grond van artikel 10 2 e Wob", "", "",
                   "dat wordt openbaar gemaakt. Gesprek met 10.2.e over")
    assert [r.code for r in find_citations(lines)] == ["10.2.e", "10.2.e"]
    assert [(r.code, r.line) for r in find_redactions(lines)] == [("10.2.e", 5)]  # running text
    assert [k for *_, k in find_codes("Art. 10.2.e. en 10.2.e")] == ["citation", "mark"]


def test_long_lines_are_linear():
    import time

    line = "x " * 20000 + "10.2.e 5.2 11.1 " * 3000  # 100,000 characters, 9,000 codes
    t0 = time.process_time()  # CPU time: the machine may be busy (was 55 s when quadratic)
    found = find_codes(line)
    assert len(found) == 9000
    assert time.process_time() - t0 < 2.0


def test_codes_in_an_inventory_row_are_citations():
    lines = _lines("1. Definitieve investeringsverklaring", "Deels openbaar", "5.1,2,E", "", "", "",
                   "Geachte 5.1.2e,")
    assert [r.code for r in find_citations(lines)] == ["5.1.2.e"]
    assert [(r.code, r.line) for r in find_redactions(lines)] == [("5.1.2.e", 7)]
