"""Inventory tables of Woo releases, on fictional cells as the text layer gives them."""

from zvdj_viewer.inventory_table import assessment_of, is_inventory_page, parse_rows

NUMBERED = [
    "Bijlage 2 \u2013 Inventarislijst", "Nr.", "Datum", "Document", "Beoordeling", "Weigeringsgrond",
    "1", "3\u20102\u20102021", "E-mail over de planning", "Deels openbaar", "10.2.e",
    "2.", "4-2-2021 Notitie wachtlijsten", "Uitgesteld", "openbaar", "Art. 10.2.g",
    "2a", "4-2-2021", "Bijlage bij de notitie", "Niet openbaar", "11.1, 10.2.e",
    "3", "Agenda overleg", "Openbaar",
]


def test_a_table_page_is_recognised_and_prose_is_not():
    assert is_inventory_page(NUMBERED)
    prose = ["Ik heb besloten de documenten deels openbaar te maken.",
             "Openbaar maken betekent dat iedereen ze kan lezen.",
             "De inventarislijst vindt u in bijlage 2.", "Hoogachtend,"]
    assert not is_inventory_page(prose)


def test_numbered_rows():
    rows = parse_rows(NUMBERED)
    assert [r["number"] for r in rows] == ["1", "2", "2a", "3"]
    assert rows[0] == {"number": "1", "date": "2021-02-03", "title": "E-mail over de planning",
                       "assessment": "deels openbaar", "grounds": ["10.2.e"]}
    assert rows[1]["title"] == "Notitie wachtlijsten" and rows[1]["assessment"] == "uitgesteld openbaar"
    assert rows[1]["grounds"] == ["10.2.g"]
    assert rows[2]["assessment"] == "niet openbaar" and rows[2]["grounds"] == ["11.1", "10.2.e"]
    assert rows[3]["date"] is None and rows[3]["assessment"] == "openbaar"


def test_rows_without_a_number_column():
    cells = ["Document", "Datum", "Beoordeling", "Naam of zakelijke omschrijving",
             "Brief over de brug", "27-7-2017 Openbaar",
             "Verslag stuurgroep", "12-10-2017 deels openbaar", "10.2.e", "Buiten verzoek",
             "Presentatie", "1-11-2017 niet openbaar"]
    rows = parse_rows(cells)
    assert [(r["title"], r["date"], r["assessment"]) for r in rows] == [
        ("Brief over de brug", "2017-07-27", "openbaar"),
        ("Verslag stuurgroep", "2017-10-12", "deels openbaar"),
        ("Presentatie", "2017-11-01", "niet openbaar")]
    assert rows[1]["grounds"] == ["10.2.e"]


def test_assessments_in_any_case():
    assert assessment_of("DEELS OPENBAAR") == "deels openbaar"
    assert assessment_of("Gedeeltelijk openbaar") == "deels openbaar"
    assert assessment_of("reeds openbaar") == "reeds openbaar"
    assert assessment_of("geweigerd") == "niet openbaar"
    assert assessment_of("Agenda") is None
