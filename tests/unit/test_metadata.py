"""Metadata from a document's header and letterhead (fictional documents written here)."""

import pytest

from zvdj_viewer.understanding.metadata import extract, normalise_series
from zvdj_viewer.model import DocLine, Line


def doc(text, furniture=()):
    """DocLines of a text; ``furniture`` holds 1-based line numbers to flag as furniture."""
    return [DocLine(1, i, Line(t, number=i + 1, furniture=(i + 1) in furniture))
            for i, t in enumerate(text.splitlines())]


@pytest.mark.parametrize("text, series", [
    ("Bestuurlijk Overleg met VWS/JenV/VNG", "BO Rijk-VNG"),
    ("BO Rijk - VNG", "BO Rijk-VNG"),
    ("Bestuurlijk Overleg met Rijk & VNG", "BO Rijk-VNG"),
    ("BO Rijk-VNG, 6 november 2019", "BO Rijk-VNG"),
    ("Bestuurlijk Overleg met VWS/JenV/VNG/BGZJ", "BO Rijk-VNG-BGZJ"),
    ("BO Rijk - VNG- BGZJ", "BO Rijk-VNG-BGZJ"),
    ("BO ZvdJ 25 sept 2019.", "BO Zorg voor de Jeugd"),
    ("Bestuurlijk Overleg Zorg voor de Jeugd", "BO Zorg voor de Jeugd"),
    ("Verslag Stuurgroep Zorg voor de Jeugd 16 juni 2020", "Stuurgroep Zorg voor de Jeugd"),
    ("Geannoteerde agenda 19e stuurgroep: Programma Zorg voor de Jeugd", "Stuurgroep Zorg voor de Jeugd"),
    ("  Regiegroep Jeugdbescherming, 3 maart 2021 ", "Regiegroep Jeugdbescherming"),
    ("", None),
])
def test_normalise_series(text, series):
    assert normalise_series(text) == series


NOTA = """Directie Jeugd
Ontworpen door
Jan Jansen
Datum document
3 maart 2021
Kenmerk
1234567-98765-J

## nota

Betreft\tBO Rijk-VNG, 10 maart 2021\t<i>kantnoot</i>
Vergaderdatum en tijd\t10 maart 2021, 14.00 – 15.00
Vergaderplaats\tUtrecht, stadskantoor\t<i>3/3</i>

**1 Aanleiding en doel overleg**

Tekst.

Directie Jeugd
Datum
1 januari 2020
Kenmerk
1234567-98765-J
"""


def test_nota_header_and_letterhead():
    meta = extract(doc(NOTA, furniture={1, 2, 3, 4, 5, 6, 7, 20, 21, 22, 23, 24}), "nota")
    assert meta["doc_date"] == "2021-03-03"  # "Datum document" beats the stale running Datum
    assert meta["kenmerk"] == "1234567-98765-J"
    assert meta["series"] == "BO Rijk-VNG"
    assert meta["meeting_date"] == "2021-03-10"
    assert (meta["start_time"], meta["end_time"]) == ("14:00", "15:00")
    assert meta["place"] == "Utrecht, stadskantoor"
    assert meta["betreft"] == "BO Rijk-VNG, 10 maart 2021"
    assert meta["title"].lower().startswith("nota")


AGENDA = """Directoraat Generaal
Directie Jeugd
Datum
9 februari 2021

Directoraat Generaal
Bezoekadres:
Hoofdstraat 1
Postbus 123
Inlichtingen bij
Piet
Datum
12 februari 2021
Aantal pagina's
2

# agenda

Betreft Bestuurlijk Overleg met VWS/JenV/VNG/BGZJ
Vergaderdatum en -tijd 15 februari 2021 09:30-10:30
Vergaderplaats Den Haag, ministerie

Aanwezig

## VWS

- Anna de Vries\tMinister
- 10.2.e\t10.2.e

## VNG

- Bert Bakker\tWethouder Ede

Afwezig 10.2.e, Carla Claes

## 1 Opening
"""


def test_first_page_letterhead_beats_running_datum():
    meta = extract(doc(AGENDA), "agenda")
    assert meta["doc_date"] == "2021-02-12"
    assert meta["series"] == "BO Rijk-VNG-BGZJ"
    assert meta["meeting_date"] == "2021-02-15"
    assert (meta["start_time"], meta["end_time"]) == ("09:30", "10:30")
    assert "kenmerk" not in meta
    assert meta["participants"] == {"VWS": ["Anna de Vries", "[10.2.e]"], "VNG": ["Bert Bakker"]}
    assert meta["absent"] == {"": ["[10.2.e]", "Carla Claes"]}


def test_title_only_document_and_unknown_series():
    text = "# Verslag Stuurgroep Zorg voor de Jeugd 16 juni 2020\n\nAanwezig: iedereen\n"
    meta = extract(doc(text), "verslag")
    assert meta["series"] == "Stuurgroep Zorg voor de Jeugd"
    assert meta["meeting_date"] == "2020-06-16"
    text = "# agenda\n\nBetreft Kerngroep Pleegzorg\nVergaderdatum / tijd: 2 april 2022, 13:00-14:00 uur\n"
    meta = extract(doc(text), "agenda")
    assert meta["series"] == "Kerngroep Pleegzorg"
    assert meta["start_time"] == "13:00"


def test_letter_has_no_meeting():
    text = "Aan de Voorzitter van de Tweede Kamer\n\nDen Haag, 21 juni 2024\n\nBetreft Voortgang jeugdzorg\n"
    meta = extract(doc(text), "kamerbrief")
    assert meta["doc_date"] == "2024-06-21"
    assert "series" not in meta and "meeting_date" not in meta
    assert extract([], "other") == {}


def test_participants_label_in_the_furniture_does_not_break_the_document():
    # mypy found it: an "Aanwezig:" line flagged as furniture (a running header repeating
    # it) started the section, whose first kept line then did not match the label: the
    # whole extraction raised AttributeError. The list starts at the label in the text.
    lines = doc("Agenda\nBetreft Bestuurlijk Overleg met VWS/VNG\nVergaderdatum en -tijd 3 maart 2022 10:00-11:00\n"
                "Aanwezig\n## IPO\n- Karin Bos\nAanwezig\n## VNG\n- Bert Bakker\n## 1 Opening", furniture={4})
    meta = extract(lines, "agenda")
    assert meta["participants"] == {"VNG": ["Bert Bakker"]}
