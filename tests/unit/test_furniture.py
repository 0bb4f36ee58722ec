"""Page furniture on small fictional pages: letterhead blocks, page markers, running lines."""

from zvdj_viewer.understanding.furniture import letterhead_blocks, mark_furniture
from zvdj_viewer.model import Line, Page, SourceText


def text_source(text: str) -> SourceText:
    lines = [Line(t, number=i + 1) for i, t in enumerate(text.splitlines())]
    return SourceText(path="/x.txt", kind="text", pages=[Page(1, lines)])


def marked(source: SourceText) -> list[str]:
    return [ln.text for p in source.pages for ln in p.lines if ln.furniture]


LETTERHEAD = """Het overleg besprak de wachtlijsten in de regio en de inzet van het wijkteam.

**Directoraat-Generaal Sociaal Domein**
Directie Gemeenten

**Bezoekadres:**
Turfmarkt 147
2511 DP Den Haag
Postbus 20011

**Kenmerk**
2024-0042-GEM

**Datum**
3 maart 2024

Correspondentie uitsluitend
richten aan het retouradres
met vermelding van de datum
en het kenmerk van deze
brief.

Het overleg besprak daarna de begroting voor het komende jaar en de planning."""


def test_inline_letterhead_block_is_furniture_but_text_around_it_is_not():
    s = text_source(LETTERHEAD)
    mark_furniture(s)
    got = marked(s)
    assert "**Kenmerk**" in got and "2024-0042-GEM" in got and "3 maart 2024" in got
    assert "Postbus 20011" in got and "brief." in got
    assert not any("wachtlijsten" in t or "begroting" in t for t in got)
    # nothing is removed: the viewer shows the original
    assert len(s.pages[0].lines) == len(LETTERHEAD.splitlines())


def test_label_takes_one_value_not_the_participant_list_below():
    s = text_source("Kenmerk\n\n2024-0042-GEM\n\nAfwezig: Jan Jansen\n\nGemeente Noord\nPiet Pietersen\n")
    mark_furniture(s)
    got = marked(s)
    assert got == ["Kenmerk", "2024-0042-GEM"]


def test_agenda_items_after_a_running_kenmerk_stay_reading_text():
    s = text_source("**Kenmerk**\n2024-0042-GEM\n\n6) *Rondvraag*\n7 Sluiting\n")
    mark_furniture(s)
    assert marked(s) == ["**Kenmerk**", "2024-0042-GEM"]


def test_page_markers_and_print_stamps():
    s = text_source("Pagina 2 van 6\nTekst van de nota.\n- 3 -\nfile:///C:/stukken/doc%2012.htm\n")
    mark_furniture(s)
    assert marked(s) == ["Pagina 2 van 6", "- 3 -", "file:///C:/stukken/doc%2012.htm"]


def test_a_single_organisation_line_alone_is_not_a_letterhead():
    lines = [Line("Directie Jeugd"), Line("heeft het voorstel besproken met alle partijen in de regio.")]
    assert letterhead_blocks(lines) == []


def test_glued_labels_from_a_converter_stay_in_the_block():
    s = text_source("Ontworpen door\n\n10.2.e\n10.2.eT Nvt\nanna@ministerie.example\n12 mei 2022Kenmerk\n"
                    "2022-77-XJZaaknummer\n4411Bijlage(n)\n3\n\n## nota\n")
    mark_furniture(s)
    got = marked(s)
    assert "12 mei 2022Kenmerk" in got and "2022-77-XJZaaknummer" in got and "## nota" not in got


def pdf_page(number: int, lines: list[tuple[str, float, float]]) -> Page:
    """lines: (text, y, size) on an A4 page."""
    return Page(number, [Line(t, bbox=(60, y, 300, y + size), size=size) for t, y, size in lines],
                width=595, height=842)


def test_pdf_running_header_and_footer_by_position_and_repetition():
    pages = []
    for k in range(1, 5):
        pages.append(pdf_page(k, [
            ("Gemeente Fictief - Woo-besluit 2024-1", 40, 6.5),
            (f"Gewone tekst op bladzijde {k} over het onderwerp.", 300, 9),
            ("Dezelfde zin staat op elke bladzijde in de tekst.", 400, 9),
            (f"Pagina {k} van 4", 800, 6.5),
        ]))
    s = SourceText(path="/x.pdf", kind="pdf", pages=pages)
    mark_furniture(s)
    for p in s.pages:
        flags = [ln.furniture for ln in p.lines]
        # header and footer are furniture; body text, even when repeated mid-page, is not
        assert flags == [True, False, False, True]


def test_pdf_large_masthead_is_not_furniture():
    pages = [pdf_page(k, [("Nieuwsbrief", 150, 30), (f"Bericht {k} van de redactie.", 300, 9),
                          ("Tweede regel met wat meer tekst.", 312, 9)]) for k in range(1, 4)]
    s = SourceText(path="/x.pdf", kind="pdf", pages=pages)
    mark_furniture(s)
    assert not any(ln.furniture for p in s.pages for ln in p.lines)


def test_empty_and_odd_sources_do_not_raise():
    mark_furniture(SourceText(path="/x", kind="pdf"))
    mark_furniture(SourceText(path="/x", kind="pdf", pages=[Page(1, [Line("")]), Page(2, [])]))
    mark_furniture(text_source(""))


def test_a_text_column_line_left_of_a_sidebar_label_is_no_value_of_it():
    # an OCR'd nota: reading order (top down) puts the text column's "nota" and the title's
    # second line between the sidebar's labels; a value never stands left of its label
    def at(text, x, y):
        return Line(text, bbox=(x, y, x + 5 * len(text), y + 9), size=9)
    lines = [at("Directoraat Generaal", 385, 100), at("Ontworpen door", 385, 140), at("Datum Document", 385, 262),
             at("nota", 76, 264), at("Kenmerk", 385, 280), at("1234-5678-Z", 385, 290),
             at("Project gezonde wijken in", 76, 296), at("Bijlage(n)", 385, 300), at("drie gemeenten", 76, 308),
             at("1. Aanleiding", 76, 430)]
    src = SourceText(path="/nota.pdf", kind="pdf", pages=[Page(1, lines, width=595, height=842)])
    mark_furniture(src)
    assert marked(src) == ["Directoraat Generaal", "Ontworpen door", "Datum Document", "Kenmerk", "1234-5678-Z"]
