"""Inventory tables of Woo releases, on fictional cells as the text layer gives them."""

from zvdj_viewer.understanding.inventory_table import assessment_of, is_inventory_page, parse_rows

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


def _table_pages():
    """Three landscape pages of a fictional inventory whose text layer gives the cells out of
    their rows: on each page the assessment of the second row comes before the first's; the
    first row of every page has its "Bijlage" and "Deels openbaar" cells at the same place
    (what ``furniture`` takes for a running header)."""
    from zvdj_viewer.model import Line, Page

    def cell(text, x, y):
        return Line(text, bbox=(x, y, x + 4.5 * len(text), y + 9), size=8)

    pages = []
    for k in range(3):
        n = 2 * k + 1
        rows = [] if k else [cell("Inventarislijst besluit", 70, 40), cell("Nr.", 48, 60), cell("Datum", 80, 60),
                            cell("Soort", 150, 60), cell("Onderwerp", 200, 60), cell("Beoordeling", 350, 60),
                            cell("Grond", 430, 60)]
        rows += [cell(str(n), 48, 90), cell(f"0{k + 1}-03-2021", 80, 90), cell("Bijlage", 150, 90),
                 cell(f"Verslag overleg wachttijden {n}", 200, 90),
                 cell(str(n + 1), 48, 140), cell(f"1{k}-03-2021", 80, 140), cell("Memo", 150, 140),
                 cell(f"Memo jeugdhulp regio {n + 1}", 200, 140),
                 cell("Openbaar", 350, 140),  # row n+1's assessment, before row n's
                 cell("Deels openbaar", 350, 90), cell("10.2.e", 430, 90)]
        pages.append(Page(k + 1, rows, width=792, height=612, has_text=True))
    return pages


def test_cells_out_of_row_order_and_repeated_cells_keep_their_rows():
    from zvdj_viewer.understanding.analyse import analyse
    from zvdj_viewer.model import SourceText

    docs = analyse(SourceText(path="/inventaris.pdf", kind="pdf", pages=_table_pages()))
    assert [(d.first_page, d.last_page, d.type) for d in docs] == [(1, 3, "inventarislijst")]
    rows = docs[0].inventory
    assert [r["number"] for r in rows] == [str(i) for i in range(1, 7)]
    assert [r["assessment"] for r in rows] == ["deels openbaar", "openbaar"] * 3
    assert [r["grounds"] for r in rows] == [["10.2.e"], []] * 3
    assert rows[2]["title"] == "Bijlage Verslag overleg wachttijden 3" and rows[2]["date"] == "2021-03-02"


# an inventory page as OCR reads it (fictional): the column rules come out as "|", the header
# row as one line, "06." as "o6." and "09." as "og.", and the assessment "Gedeeltelijk openbaar" split over the
# row's two lines
OCR_PAGE = [
    "Gemeente Waterland", "Bijlage 2 \u2014 Inventarislijst", "Nr. | Onderwerp Besluit Weigeringsgrond", "WoB",
    "Kerkstraat 7",
    "o6. | Kerkstraat 7 - Bakkerij De Korf - 06-06- Gedeeltelijk | Art. 10.2.e.",
    "2018 - Exploitatievergunning _Geredigeerd openbaar",
    "o7. | Kerkstraat 7 - Bakkerij De Korf - 31-05- Gedeeltelijk | Art. 10.2.e.",
    "2018 - Advies terras _Geredigeerd openbaar",
    "08. | Kerkstraat 7 - Bakkerij De Korf - Tekening | Openbaar",
    "og. | Dorpsplein 1 - Hotel Het Anker - Mail intern Gedeeltelijk | Art. 10.2.g.",
    "inz. terras _Geredigeerd openbaar",
]


def test_an_ocr_table_page_is_an_inventory_and_its_rows_are_read():
    assert is_inventory_page(OCR_PAGE)
    rows = parse_rows(OCR_PAGE)
    assert [r["number"] for r in rows] == ["6", "7", "8", "9"]
    assert [r["assessment"] for r in rows] == ["deels openbaar", "deels openbaar", "openbaar", "deels openbaar"]
    assert [r["grounds"] for r in rows] == [["10.2.e"], ["10.2.e"], [], ["10.2.g"]]
    assert rows[0]["title"] == "Kerkstraat 7 - Bakkerij De Korf - 06-06- 2018 - Exploitatievergunning _Geredigeerd"
    # prose that says "openbaar" at the end of its lines is no table
    prose = ["Ik heb besloten de documenten gedeeltelijk openbaar", "te maken. Document 3 maak ik openbaar",
             "en document 4 niet openbaar", "De overige documenten zijn al openbaar"]
    assert not is_inventory_page(prose)


def test_a_kind_column_the_description_repeats_is_not_doubled_in_the_title():
    # a "Soort document" column ("Agenda", "Bijlage") before the description, which often
    # begins with the same word: the title says it once; a kind it does not repeat stays
    cells = ["Bijlage 2 - Inventarislijst", "Nr.", "Datum", "Soort", "Onderwerp", "Beoordeling",
             "1", "29-07-2016", "Agenda", "Agenda Stuurgroep Gezonde Wijken", "Deels openbaar", "10.2.e",
             "a", "23-06-2016", "Bijlage", "Besluitenlijst Stuurgroep Gezonde Wijken", "Openbaar",
             "2", "26-08-2016", "Agenda", "AGENDA STUURGROEP GEZONDE WIJKEN", "Openbaar",
             "3", "09-09-2016", "Agendapunten en stukken", "Openbaar"]
    assert [r["title"] for r in parse_rows(cells)] == [
        "Agenda Stuurgroep Gezonde Wijken", "Bijlage Besluitenlijst Stuurgroep Gezonde Wijken",
        "AGENDA STUURGROEP GEZONDE WIJKEN", "Agendapunten en stukken"]
