"""Agenda items as PDFs print them (fictional documents written here): items glued on one
line, numbers alone on their line with the title below, "N. Agendapunt:" lists of committee
besluitenlijsten, council items ending in a full stop."""

from zvdj_viewer.understanding.items import find_items
from zvdj_viewer.model import DocLine, Line


def pdf_doc(rows):
    """rows: text or (text, bold)."""
    out = []
    for i, r in enumerate(rows):
        text, bold = (r, False) if isinstance(r, str) else r
        out.append(DocLine(1, i, Line(text, bold=bold, size=11 if bold else 10)))
    return out


def items(rows, doc_type="agenda"):
    return [(i.number, i.title) for i in find_items(pdf_doc(rows), doc_type)]


def test_glued_items_then_bold_numbered_lines():
    rows = ["Agenda", "Betreft Overleg van de werkgroep",
            "1 Opening2 Verslag van 3 maart 2021 (bijlage 1)3 Begroting van de regio",
            ("4 Subsidieregeling sport", True), "Tekst over de regeling.",
            ("5 Rondvraag en sluiting", True)]
    assert items(rows) == [("1", "Opening"), ("2", "Verslag van 3 maart 2021"), ("3", "Begroting van de regio"),
                           ("4", "Subsidieregeling sport"), ("5", "Rondvraag en sluiting")]


def test_glue_needs_the_next_number():
    # "in 2021 2 keer" or "artikel 12 lid 3" are no glued items
    rows = ["1 Opening", "Tekst.", "2 Verslag van de vergadering van 12 maart3 gemeenten waren er"]
    assert [n for n, _ in items(rows)] == ["1", "2"]


def test_number_alone_with_title_on_the_next_line():
    rows = ["Nota", ("1", True), "Aanleiding en doel overleg", "Tekst.", ("3", True), "Te bespreken punten",
            ("1", True), "Opening en mededelingen", "U kunt melden dat.", ("2", True),
            "Conceptverslag van 3 maart (bijlage 1)", ("3", True), "Rondvraag en sluiting"]
    assert items(rows, "nota") == [("1", "Opening en mededelingen"), ("2", "Conceptverslag van 3 maart"),
                                   ("3", "Rondvraag en sluiting")]


def test_committee_agendapunt_lists_and_page_numbers():
    rows = ["Besluitenlijst van de procedurevergadering van dinsdag 3 maart 2020",
            "1. Agendapunt:", "Besluitenlijst van de vergadering van 18 februari 2020", "Besluit: vastgesteld",
            "2.", "Agendapunt:", "Brief over de subsidieregeling", "voor sportverenigingen", "Zaak:",
            "Brief regering - 1 maart 2020", "Besluit:", "Voor kennisgeving aangenomen.",
            "3", "Zaak:", "Brief regering - 2 maart 2020",
            "3. Agendapunt:", "Rondvraag"]
    assert items(rows, "besluitenlijst") == [
        ("1", "Besluitenlijst van de vergadering van 18 februari 2020"),
        ("2", "Brief over de subsidieregeling voor sportverenigingen"), ("3", "Rondvraag")]


def test_council_items_end_with_a_full_stop():
    rows = ["Besluitenlijst raadsvergadering 2 maart 2020 aanvang 19.30 uur",
            "1. Opening.", "Er is bericht van verhindering ontvangen.",
            "2. Voorstel tot het vaststellen van de verordening op de speelautomaten 2020.",
            "De raad besluit unaniem:", "1. de verordening vast te stellen.",
            "3. Sluiting."]
    assert items(rows, "besluitenlijst") == [
        ("1", "Opening"), ("2", "Voorstel tot het vaststellen van de verordening op de speelautomaten 2020"),
        ("3", "Sluiting")]


def test_section_heading_glued_to_the_first_item_and_unitalic_item_lists():
    rows = ["Nota", "3 Te bespreken punten1. Opening en vaststellen agenda", "Tekst.",
            "2. Verslag van 3 maart (bijlage 1)3. Subsidies voor verenigingen", "Tekst.",
            ("4", True), "Regiobeeld:", "Tekst onder een genummerd punt van de annotatie."]
    assert items(rows, "nota") == [("1", "Opening en vaststellen agenda"), ("2", "Verslag van 3 maart"),
                                   ("3", "Subsidies voor verenigingen")]
    # a PDF prints the list of items as "- 1) Opening" without italics: next numbers are items
    rows = ["Nota", "Te bespreken punten", "- 1) Opening", "- 2) Verslag van 3 maart", "Tekst met", "- 1) een lijst"]
    assert [n for n, _ in items(rows, "nota")] == ["1", "2"]


def test_table_of_items_one_row_per_line():
    rows = ["Agendapunten Tijd Inbrenger", "1. Opening en mededelingen 15.00 – 15.05 VWS",
            "2. Evaluatie passend onderwijs 15.05 – 15.35 OCW", "3. Lerend stelsel (15:35-16:15) OZJ"]
    assert items(rows) == [("1", "Opening en mededelingen"), ("2", "Evaluatie passend onderwijs"),
                           ("3", "Lerend stelsel")]


def test_nota_with_a_deadline_stamp_or_a_code_first_still_types_as_nota():
    from zvdj_viewer.understanding.classify import classify

    body = ["Nota", "Betreft Overleg van de werkgroep", "Vergaderdatum en tijd 3 maart 2021 10:00-11:00",
            "1 Aanleiding en doel overleg", "Tekst."]
    for first in (["Deadline: 1 maart 2021"], ["10.2.e", "10.2.e"]):
        assert classify(pdf_doc(first + body), "pdf", {})[0] == "nota"


def test_sub_points_of_the_rondvraag_and_the_mededelingen():
    rows = [("1 Opening en mededelingen", True), ("Annotatie ad 1) Mededelingen 1 – Stand van het onderzoek", True),
            "Tekst.", ("Annotatie ad 1) Mededelingen 2 - Expertisecentra in de regio", True), "Tekst.",
            ("2 Rondvraag", True), ("Rondvraag 1: 'Een mentor voor elk kind' (10)(2e)", True), "Tekst.",
            "Rondvraag 2: Planning van het najaar", "Tekst.",
            ("3 Sluiting", True), "Rondvraag 3: hoort niet bij de sluiting"]
    assert items(rows) == [("1", "Opening en mededelingen"), ("1.1", "Stand van het onderzoek"),
                           ("1.2", "Expertisecentra in de regio"), ("2", "Rondvraag"),
                           ("2.1", "Een mentor voor elk kind"), ("2.2", "Planning van het najaar"), ("3", "Sluiting")]


# -- issue 20: what still went wrong on the seed bundle laid out as a PDF (fictional lines) ------

def test_glued_after_a_year_and_the_last_title_wrapped():
    # the next number right after a date's year; the last glued title goes on below
    rows = ["Agenda", "Betreft Overleg van de werkgroep",
            "1 Opening2 Verslag van 6 november 20193 Inkoop van",
            "jeugdhulp in de regio (bijlage 2, ±5 min.)", "Tekst over de inkoop.",
            ("4 Rondvraag en sluiting", True)]
    assert items(rows) == [("1", "Opening"), ("2", "Verslag van 6 november 2019"),
                           ("3", "Inkoop van jeugdhulp in de regio"), ("4", "Rondvraag en sluiting")]


def test_a_bracket_in_the_title_does_not_end_it_but_the_note_does():
    rows = ["Agenda", "1 Opening2 Financiering jeugdhulp (observatie)", "minderjarigen (±5 minuten, bijlage 2)",
            "tekst die volgt op de titel.", ("3 Rondvraag", True)]
    assert items(rows)[1] == ("2", "Financiering jeugdhulp (observatie) minderjarigen")
    rows = ["Agenda", "1 Opening2 Verslag (bijlage 1)", "gemeenten melden hun wensen.", ("3 Rondvraag", True)]
    assert items(rows)[1] == ("2", "Verslag")


def test_item_heading_with_its_note_and_a_colon_is_no_annotation_point():
    rows = ["Nota", ("1", True), "Aanleiding en doel overleg", "Tekst.", ("2", True), "Deelnemers overleg",
            "Tekst.", ("4", True), "Bestuurlijke afspraken (totaal ±40min, bijlagen 2 en 3):", "Tekst.",
            ("1", True), "Regiobeeld:", "U kunt melden dat.", ("2", True), "Stroomschema aanbieders ('ladder'):",
            "U kunt melden dat.", ("5", True), "Rondvraag en sluiting"]
    assert items(rows, "nota") == [("4", "Bestuurlijke afspraken"), ("5", "Rondvraag en sluiting")]
    # the same heading printed on one line, without bold
    rows = ["Nota", "3 Te bespreken punten", "4) Bestuurlijke afspraken (totaal ±40min, bijlagen 2 en 3):",
            "Tekst.", "1) Regiobeeld:", "Tekst."]
    assert items(rows, "nota") == [("4", "Bestuurlijke afspraken")]


def test_items_pasted_as_a_list_with_their_notes():
    rows = ["Nota", ("1) Opening (±5 min)", True), "Tekst.", ("2) Verslag (bijlage 1)", True), "Tekst.",
            "- Een punt uit de tekst.",
            "- 3) Perspectief voor de jeugd - update en uitwisseling van het denken (±30 minuten,",
            "bijlagen 2 t/m 5)", "- 3.1 Proces van de sessie (ter info: bijlage 2)",
            "- 3.2 Inbreng van de branches (bijlage 3)", "Tekst over het perspectief.",
            "- 2) een lijst in de tekst (5 min)", ("4) Rondvraag", True)]
    assert items(rows, "nota") == [("1", "Opening"), ("2", "Verslag"),
                                   ("3", "Perspectief voor de jeugd - update en uitwisseling van het denken"),
                                   ("3.1", "Proces van de sessie"), ("3.2", "Inbreng van de branches"),
                                   ("4", "Rondvraag")]


def test_kenmerk_glued_before_an_item_heading():
    rows = ["Nota", ("5) Start van de netwerken (bijlagen 5 en 6)", True), "Tekst.",
            "1234567-201105-J6) Aanpak van het regiobeeld (bijlagen 7 en 8)", "Tekst.",
            ("7) Rondvraag", True)]
    assert items(rows, "nota") == [("5", "Start van de netwerken"), ("6", "Aanpak van het regiobeeld"),
                                   ("7", "Rondvraag")]


def test_numbers_with_their_mark_alone_over_bold_titles():
    # "3a." continues item 3; "1." over a bold title: a draft agenda numbering again from 1
    rows = ["Agenda", "1.", ("Opening en mededelingen", True), "2.", ("Verslag van 6 november", True),
            "3.", ("Actualiteiten", True), "3a.", ("Voortgang van de actielijn", True),
            "1.", ("WTTK", True), "2.", ("Rondvraag en sluiting", True), "10", ("Deelnemers", True)]
    assert items(rows) == [("1", "Opening en mededelingen"), ("2", "Verslag van 6 november"), ("3", "Actualiteiten"),
                           ("3a", "Voortgang van de actielijn"), ("1", "WTTK"), ("2", "Rondvraag en sluiting")]


def test_a_note_cut_off_by_the_line_wrap_leaves_the_title_short():
    rows = ["Nota", "1. Opening", "2. Verslag", "3. Inkoop",
            "4. Perspectief voor de Jeugd - Wetsvoorstel in wording (±40 minuten, bijlagen 4 t/m 6,",
            "extern)", "Tekst."]
    assert items(rows, "nota")[3] == ("4", "Perspectief voor de Jeugd - Wetsvoorstel in wording")


def test_bulleted_sub_item_with_its_note_under_a_printed_item():
    rows = ["Agenda", ("1 Opening", True), ("2 Perspectief voor de jeugd (±30 minuten,", True), "bijlagen 2 t/m 5)",
            "- 2.1 Proces van de sessie (ter info: bijlage 2)", "- 2.2 een punt in de tekst (bijlage 3)",
            "- 5.1 Inbreng van de regio (bijlage 4)", ("3 Rondvraag", True)]
    assert items(rows) == [("1", "Opening"), ("2", "Perspectief voor de jeugd"), ("2.1", "Proces van de sessie"),
                           ("3", "Rondvraag")]
