"""Classification on small fictional documents: type and the line that decided."""

import pytest

from zvdj_viewer.understanding.classify import classify
from zvdj_viewer.model import DOC_TYPES, DocLine, Line


def doc(text: str, furniture: set[int] = frozenset()) -> list[DocLine]:
    return [DocLine(1, i, Line(t, number=i + 1, furniture=i in furniture)) for i, t in enumerate(text.splitlines())]


@pytest.mark.parametrize("text, expected, evidence", [
    ("## Geannoteerde agenda regietafel 4 maart\n\nVergaderdatum: 4 maart 2024", "geannoteerde_agenda",
     "Geannoteerde agenda regietafel 4 maart"),
    ("Derde voortgangsrapportage\n\n# PROGRAMMA JEUGDTEAMS", "voortgangsrapportage", "Derde voortgangsrapportage"),
    ("Brief van de minister van Binnenlandse Zaken\nAan de Voorzitter van de Tweede Kamer\n", "kamerbrief",
     "Brief van de minister van Binnenlandse Zaken"),
    ("Tweede Kamer der Staten-Generaal\nVergaderjaar 2022-2023\n\nNr. 12 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG",
     "kamerstuk", "Tweede Kamer der Staten-Generaal"),
    ("Nr. 12 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG\n\nVastgesteld 3 mei 2023", "verslag_schriftelijk_overleg",
     "Nr. 12 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG"),
    ("# agenda\n\nBetreft Kernteam Pleegzorg", "agenda", "agenda"),
    ("**NOTA**\n\n(ter voorbereiding van een overleg)", "nota", "NOTA"),
    ("# Verslag\n\nBetreft Kernteam", "verslag", "Verslag"),
    ("Besluitenlijst van de procedurevergadering van 3 mei 2023\n\n1. Opening", "besluitenlijst",
     "Besluitenlijst van de procedurevergadering van 3 mei 2023"),
    ("Inventarislijst Woo-besluit 2024-17\n\nnr | document | beoordeling", "inventarislijst",
     "Inventarislijst Woo-besluit 2024-17"),
    ("Betreft Besluit op uw Woo-verzoek over jeugdhulp\n\nGeachte heer,", "besluit",
     "Betreft Besluit op uw Woo-verzoek over jeugdhulp"),
    ("Bijlage 2 – Overzicht van moties\n\nTekst", "bijlage", "Bijlage 2 – Overzicht van moties"),
    ("Van: a@b.example\nVerzonden: maandag 3 mei\nAan: c@d.example\nOnderwerp: stukken\n\nHoi,", "email",
     "Van: a@b.example"),
    ("Zomaar een tekst over pleegzorg.\nNog een regel.", "other", ""),
])
def test_types(text, expected, evidence):
    assert classify(doc(text), "text", {}) == (expected, evidence)


def test_letterhead_furniture_is_skipped():
    # "Datum" and "Kenmerk" of the letterhead are not the heading
    lines = doc("Directie Jeugd\nDatum\n3 mei 2023\n\n## nota\n", furniture={0, 1, 2})
    assert classify(lines, "text", {}) == ("nota", "nota")


def test_decision_letter_with_scanned_first_page():
    lines = doc("Onze referentie\nZienswijzen\nEen derde heeft gereageerd.\nBesluit\nIk heb besloten deels openbaar "
                "te maken.\nOverwegingen\n")
    assert classify(lines, "pdf", {})[0] == "besluit"


def test_official_publication_uses_its_metadata():
    lines = doc("Vragen van het lid X aan de minister\n")
    assert classify(lines, "xml", {"type": "Aanhangsel van de Handelingen"}) == (
        "kamerstuk", "publication type 'Aanhangsel van de Handelingen'")
    vso = doc("Verslag van een schriftelijk overleg\n")
    assert classify(vso, "html", {"type": "Kamerstuk"})[0] == "verslag_schriftelijk_overleg"


def test_types_are_from_the_contract_and_odd_input_does_not_raise():
    for lines in ([], doc(""), doc("\n\n\n")):
        t, _ = classify(lines, "text", {})
        assert t in DOC_TYPES
    assert classify(doc("agenda"), "text", None)[0] == "agenda"
