"""The cheap tests that let the analysis skip a pattern on a line (issue 22) never skip a line
the pattern matches: output stays what it was.

Each guard is checked against its pattern on lines that match each of the pattern's forms,
written in every case and with the letters IGNORECASE reads as "i", "k" or "s" ("İ", "ı",
"K", "ſ"), with every other first character, and on every line of the real test material.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zvdj_viewer.model import Line
from zvdj_viewer.understanding import classify, furniture, inventory_table, items, metadata, redactions, segment, stamps
from zvdj_viewer.understanding.prefilter import lowered

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
_ODD = {"i": "İı", "I": "İı", "k": "\u212a", "K": "\u212a", "s": "ſ", "S": "ſ"}
# every character IGNORECASE can take for a letter: Latin letters of all kinds and the odd four
_FIRSTS = [chr(c) for c in range(0x20, 0x250)] + ["İ", "ı", "\u212a", "ſ"]


def variants(example: str) -> set[str]:
    out = {example, example.upper(), example.lower(), example.title(), example.swapcase()}
    for v in list(out):
        for k, ch in enumerate(v):
            for odd in _ODD.get(ch, ""):
                out.add(v[:k] + odd + v[k + 1:])
                out.add(v.replace(ch, odd))
    out |= {c + example[1:] for c in _FIRSTS}
    return out


def sound(matches, guard, examples: list[str]) -> None:
    hits = 0
    for e in examples:
        assert matches(e), f"example does not match its pattern: {e!r}"
        for v in variants(e):
            if matches(v):
                hits += 1
                assert guard(v), f"the guard skips a line its pattern matches: {v!r}"
    assert hits >= len(examples)


def _m(rx):
    return lambda t: bool(rx.match(t))


def _s(rx):
    return lambda t: bool(rx.search(t))


GUARDS = {
    "segment headings": (lambda t: bool(segment._ALWAYS.match(t) or segment._HEADING_ONLY.match(t)
                                        or segment._HEADING_LEAD.match(t)),
                         lambda t: t[0] in segment._HEADING_FIRST,
                         ["geannoteerde agenda", "verslag van een schriftelijk overleg", "nr. 12 verslag van een schriftelijk overleg",
                          "brief van de minister", "aan de voorzitter van de tweede kamer", "agenda", "nota:", "notitie",
                          "conceptverslag", "concept-verslag", "besluitenlijst", "besluiten- en actielijst", "actielijst",
                          "inventarislijst", "inventaris", "memo", "telefoonnotitie", "vergadernotitie", "agenda stuurgroep"]),
    "letter close": (_m(segment._LETTER_CLOSE), lambda t: t[0] in segment._CLOSE_FIRST,
                     ["hoogachtend", "met vriendelijke groet", "de minister van X", "de staatssecretaris voor Y",
                      "brief van de staatssecretaris", "aan de voorzitter van de tweede kamer"]),
    "betreft, bijlage": (lambda t: bool(segment._BETREFT.match(t) or segment._BIJLAGE.match(t)),
                         lambda t: t[0] in "bB", ["betreft: x", "bijlage 2 - een titel"]),
    "page of": (_m(furniture.PAGE_OF), lambda t: t[0] in "pPbB", ["pagina 2 van 3", "page 1 of 2", "blad 3/4"]),
    "file stamp": (_m(segment._STAMP), lambda t: t[0] in "fF", ["file:///C:/x.htm"]),
    "signed": (_m(segment._SIGNED), lambda t: t[0] in "hHnNdD",
               ["hoogachtend,", "namens deze,", "de burgemeester van Amsterdam,", "het college"]),
    "own annexes": (_s(segment._PART_OF_DECISION), segment._declares_annexes,
                    ["de bijlagen maken onderdeel uit van dit besluit", "zij vormt een deel van deze beschikking",
                     "maakt deel uit van het besluit", "vormen onderdeel van de beslissing"]),
    "reference": (_m(stamps._REF_LABEL), lambda t: t[0] in stamps._REF_FIRST,
                  ["onze referentie 123456", "ons kenmerk: 2020-123", "kenmerk 123-456", "referentie 999",
                   "our reference 1234"]),
    "letterhead label": (_m(furniture._LABEL), furniture._may_be_label,
                         [w + " x" for w in ("datum", "datum document", "kenmerk", "ons kenmerk", "uw kenmerk",
                                             "onze referentie", "uw referentie", "referentie", "bijlage(n)",
                                             "aantal pagina's", "inlichtingen bij", "bezoekadres", "postadres",
                                             "retouradres", "contactpersoon", "ontworpen door", "behandeld door",
                                             "doorkiesnummer", "zaaknummer")] + ["> datum 1 mei"]),
    "letterhead block": (lambda t: bool(furniture._LABEL.match(t) or furniture._ORG.match(t) or furniture._GLUED.match(t)),
                         furniture._may_open_block,
                         ["retouradres Postbus 1", "> retouradres x", "directoraat-generaal X", "directie Jeugd",
                          "gemeente Amsterdam", "afdeling Zorg", "provincie Utrecht", "dienst Wonen",
                          "ministerie van VWS", "minister VWS", "programma Zorg", "postbus 20350", "2500 EJ Den Haag",
                          "T 070 340 79 11", "F +31 70 123456", "M (06) 1234567", "T nvt", "www.rijksoverheid.nl",
                          "a.b@minvws.nl", "correspondentie uitsluitend richten", "richten aan het retouradres x",
                          "met vermelding van de datum", "en het kenmerk van deze brief", "brief", "langdurige zorg",
                          "welzijn en sport", "rijksoverheid.nl", "18 juni 2020Kenmerk", "xDatum document",
                          "1234Bijlage(n)", "abcZaaknummer", "xOntworpen door", "12 mei 2020Datum", "kenmerk 1"]),
    "meeting place": (_s(metadata._MEETING_WHERE), lambda t: any(w in t.lower() for w in metadata._WHERE_WORDS),
                      ["vergaderplaats Den Haag", "vergaderlocatie Utrecht", "locatie: x", "plaats: y"]),
    "meeting date": (_s(metadata._MEETING_WHEN), lambda t: "datum" in t.lower(),
                     ["vergaderdatum 1 mei", "vergaderdatum en -tijd 1 mei", "datum en tijd 1 mei",
                      "datum van de vergadering 1 mei", "12datum vergadering x"]),
    "kenmerk": (_s(metadata._KENMERK), lambda t: "kenmerk" in t.lower(), ["kenmerk 123456", "ons kenmerk: 1234"]),
    "datum label": (lambda t: len(t) < 30 and bool(metadata._DATUM.search(t)), metadata._short_datum,
                    ["datum 1 mei 2020", "datum document 1 mei", "date: 2020-01-01", "xx.nldatum 1 mei"]),
    "ocr codes": (_s(redactions._OCR_CODES), _s(redactions._OCR_HINT),
                  ["10 2 e", "I0 2 e", "io 2 e", "l0.2.e", "10,2,e", "10:2:e", "102e", "10 2 6", "5 1 2 e",
                   "S.12e", "512e", "x 10.2 g"]),
    "bullet": (_m(metadata._BULLET), metadata._may_be_bullet,
               ["- x", "• x", "· x", "  - o x", "\u2003• punt", "\t·\tx", "-\u00a0x"]),
    "decision cues": (_s(classify._DECISION_CUES), classify._may_be_decision_cue,
                      ["besluit", "beslissing ", "ik heb besloten", "wob-verzoek", "wooverzoek", "Woo-verzoek x",
                       "uw verzoek om openbaarmaking", "een verzoek om informatie", "overwegingen", "zienswijze",
                       "zienswijzen", "gelet op artikel 1", "het college verleent de vergunning", "verleen ik u"]),
    "inventory title": (_s(inventory_table._TITLE_WORDS), lambda t: "inventari" in lowered(t),
                        ["inventaris", "inventarislijst", "Inventarisatie", "de inventarisatielijst x"]),
    "redaction codes": (lambda t: bool(redactions.find_codes(t)), redactions.may_hold_code,
                        ["10.2.e", "10.2e", "(10)(2e)", "( 10 ) ( 1 g )", "5.1.2e", "5.1.1.i", "11.1", "(11)(1)",
                         "5.2", "5.1.4", "5.1.5", "x 10.2 g", "I0 2 e", "io 2 e", "l0.2.e", "10,2,e", "102e",
                         "10 2 6", "5 1 2 e", "S.12e", "512e", "SI2e", "5.2 [redacted]", "11.1, 5.2",
                         "artikel 10.1.c", "lid 5.1.2e"]),
    "items ad": (_m(items._AD), lambda t: t[0] in "aA", ["ad 4) x", "Ad 4a) x"]),
    "items numbers": (lambda t: bool(items._TOP.match(t) or items._DOTTED.match(t)), lambda t: t[0].isdigit(),
                      ["4) Titel", "12 Titel", "3.1 Titel", "٣ Titel"]),
    "items letters": (_m(items._LETTER), lambda t: "a" <= t[0] <= "h", ["a) Titel", "h. Titel"]),
}


@pytest.mark.parametrize("name", sorted(GUARDS))
def test_a_guard_never_skips_a_line_its_pattern_matches(name):
    matches, guard, examples = GUARDS[name]
    sound(matches, guard, examples)


def test_a_guard_that_leaves_a_letter_out_is_caught():
    # the check itself can fail: "agenda" dropped from the first letters of a heading
    with pytest.raises(AssertionError):
        sound(GUARDS["segment headings"][0], lambda t: t[0] in "gGvVnNbBcCiImMtTİı", ["agenda"])


def test_lowered_finds_what_ignorecase_finds():
    for word in ("inlichtingen", "kenmerk", "bezoekadres", "openbaar", "weiger", "verstrekt", "postbus"):
        for v in variants(word):
            text = f"x {v} y"
            assert (word in lowered(text)) == bool(re.search(word, text, re.I)), text


def _material_lines() -> list[str]:
    from zvdj_viewer import readers

    out: list[str] = []
    for root in (SHARED / "seeds", SHARED / "samples"):
        for p in sorted(root.rglob("*")):
            if p.suffix.lower() in (".pdf", ".md", ".txt", ".xml", ".html"):
                try:
                    src = readers.read(str(p))
                except Exception:
                    continue
                out += [t for pg in src.pages for ln in pg.lines if (t := furniture.clean(ln.text))]
    return out


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="no test material at ../shared")
def test_no_guard_skips_a_line_of_the_real_material():
    lines = _material_lines()
    assert len(lines) > 10000
    for name, (matches, guard, _) in GUARDS.items():
        for t in lines:
            if matches(t):
                assert guard(t), (name, t)
        for t in lines:  # as the plain text of metadata reads them
            p = metadata.plain(t)
            if p and matches(p):
                assert guard(p), (name, p)


def test_doc_heading_unchanged_on_marked_lines():
    assert segment.doc_heading(Line("**Agenda**")) == "Agenda"
    assert segment.doc_heading(Line("Agenda stuurgroep 3 maart", bold=True)) == "lead:Agenda stuurgroep 3 maart"
    assert segment.doc_heading(Line("Inhoud ....... 3")) is None
