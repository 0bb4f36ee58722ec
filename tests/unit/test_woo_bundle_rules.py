"""Splitting rules for Woo bundles on fictional PDF pages: stamped numbers, letter references,
letterhead on every page, inventory tables, outlines; and ranked titles."""

import sys
from pathlib import Path

from zvdj_viewer.understanding.analyse import analyse
from zvdj_viewer.understanding.furniture import mark_furniture
from zvdj_viewer.model import Bookmark, DocLine, Line, Page, SourceText
from zvdj_viewer.understanding.outline import document_starts
from zvdj_viewer.understanding.segment import segment
from zvdj_viewer.understanding.stamps import reference_of, stamp_of
from zvdj_viewer.understanding.titles import betreft, choose_title, is_bad_title
from zvdj_viewer.woo.release_check import check_release

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fixtures" / "bundles"))


def page(n, rows, has_text=True):
    """rows: (text, x, y, size, bold) or plain text (body lines from y=300 down)."""
    out = []
    y = 300
    for r in rows:
        if isinstance(r, str):
            out.append(Line(r, bbox=(70, y, 70 + 5 * len(r), y + 10), size=9))
            y += 14
        else:
            t, x, yy, size, bold = r
            out.append(Line(t, bbox=(x, yy, x + 0.5 * size * len(t), yy + size), size=size, bold=bold))
    return Page(n, out, width=595, height=842, has_text=has_text)


def starts(pages, bookmarks=()):
    s = SourceText(path="/x.pdf", kind="pdf", pages=pages, bookmarks=list(bookmarks))
    mark_furniture(s)
    return [sp.start.page for sp in segment(s)]


BODY = ["Dit is de tekst van het stuk over de regietafel jeugd.", "Er volgt nog een alinea tekst."]


def test_a_new_stamped_number_starts_a_document_the_same_number_continues_it():
    pages = [page(1, [("00001", 500, 20, 9, False), *BODY]),
             page(2, [("00001", 500, 20, 9, False), *BODY]),
             page(3, [("00002Deels Openbaar", 480, 20, 9, False), *BODY]),
             page(4, [("Doc. 3", 500, 815, 9, False), *BODY]),
             page(5, [("Doc. 3", 500, 815, 9, False), *BODY])]
    assert [stamp_of(p) for p in pages] == ["1", "1", "2", "3", "3"]
    assert starts(pages) == [1, 3, 4]


def test_an_enclosure_under_the_letters_own_reference_stays_with_the_letter():
    def letter(n, k, total, ref):
        return page(n, [("Onze referentie", 460, 100, 6.5, True), (ref, 460, 110, 6.5, False),
                        (f"Pagina {k} van {total}", 460, 800, 6.5, False), *BODY])

    pages = [letter(1, 1, 2, "2024/0017"), letter(2, 2, 2, "2024/0017"),
             page(3, [("Pagina 1 van 2", 460, 800, 6.5, False), "Informatie over bezwaar maken"]),
             letter(4, 2, 2, "2024/0017"),  # the enclosure's second page names the letter
             letter(5, 1, 1, "2024/0018")]  # a new letter
    assert reference_of(pages[0]) == "2024/0017"
    assert starts(pages) == [1, 5]


def test_a_masthead_on_consecutive_pages_is_letterhead_unless_a_new_date_follows_it():
    def sheet(n, date=None):
        rows = [("ACME BV", 70, 40, 30, True)]
        if date:
            rows.append((date, 70, 90, 9, True))
        return page(n, rows + BODY)

    # a three-page letter on company paper, then another letter: the masthead repeats,
    # only the dates tell the issues apart
    assert starts([sheet(1, "maandag 3 juni 2024"), sheet(2), sheet(3), page(4, ["Los stuk zonder kop"])]) == [1]
    assert starts([sheet(1, "maandag 3 juni 2024"), sheet(2, "dinsdag 4 juni 2024"),
                   page(3, ["Los stuk zonder kop"]), sheet(4, "woensdag 5 juni 2024")]) == [1, 2, 4]


def test_no_document_starts_on_a_table_row():
    table = ["Inventarislijst", "Nr.", "Datum", "Document", "Beoordeling",
             "1", "Agenda", "3-2-2021", "Deels openbaar", "2", "Nota", "4-2-2021", "Openbaar",
             "3", "Verslag", "5-2-2021", "Niet openbaar", "4", "Agenda", "6-2-2021", "Openbaar"]
    more = ["5", "Agenda", "7-2-2021", "Openbaar", "6", "Nota", "8-2-2021", "Deels openbaar",
            "7", "Verslag", "9-2-2021", "Openbaar", "8", "Agenda", "9-2-2021", "Openbaar"]
    pages = [page(1, ["Besluit op uw Woo-verzoek", *BODY, ("Pagina 1 van 1", 460, 800, 6.5, False)]),
             page(2, table), page(3, more)]
    s = SourceText(path="/x.pdf", kind="pdf", pages=pages)
    docs = analyse(s)
    assert [(d.first_page, d.last_page, d.type) for d in docs] == [(1, 1, "besluit"), (2, 3, "inventarislijst")]
    assert [r["number"] for r in docs[1].inventory] == [str(i) for i in range(1, 9)]


def test_outline_entries_that_are_documents():
    marks = [Bookmark(1, "Besluit op uw Woo-verzoek", 1), Bookmark(2, "Page 1", 1), Bookmark(2, "Page 2", 2),
             Bookmark(2, "Zienswijzen", 3),
             Bookmark(1, "Bijlage 2 - Te openbaren documenten", 5),
             Bookmark(2, "Doc. 1 E-mail over de planning", 5), Bookmark(2, "Notitie wachtlijsten", 7),
             Bookmark(1, "Page 9", 9),
             Bookmark(1, "Dit is de eerste zin van een alinea die als bladwijzer is gebruikt.", 10)]
    got = document_starts(marks, continuation_pages={2, 3})
    assert [p for p, _ in got] == [1, 5, 5, 7]


def dl(text, y, size=9, bold=False, page_no=1, x=70):
    return DocLine(page_no, 0, Line(text, bbox=(x, y, x + 5 * len(text), y + size), size=size, bold=bold))


def test_titles_reject_labels_stamps_codes_and_fragments():
    for bad in ("Kopie aan", "Doc. nr.", "^", "I", "10.2.e", "00005", "Bijlagen", "Van:", "Aan: SOCW",
                "TER BESLISSING", "Pagina 2 van 4", "5.1.2e 10.2.e"):
        assert is_bad_title(bad), bad
    assert not is_bad_title("Waarschuwing")
    assert not is_bad_title("Exploitatievergunning horecabedrijf")


def test_title_ranking():
    # a decision letter: its Betreft, joined over the line it wraps onto; not the sidebar's "Bijlagen"
    letter = [dl("Bijlagen", 100, 6.5, True, x=470), dl("2", 110, 6.5, x=470),
              dl("Betreft  Besluit op uw Woo-verzoek inzake de concept-", 200),
              dl("regeling jeugdhulp", 212), dl("Geachte heer,", 240), dl("In uw brief ...", 260)]
    assert betreft(letter) == "Besluit op uw Woo-verzoek inzake de concept-regeling jeugdhulp"
    assert choose_title(letter, "besluit") == "Besluit op uw Woo-verzoek inzake de concept-regeling jeugdhulp"
    # a letter without Betreft: the line above the salutation, not the addressee
    note = [dl("Aan alle bewoners van De Horst", 160), dl("Sluiting van de sportzaal", 200),
            dl("Beste bewoners,", 230), dl("Met ingang van maandag ...", 250)]
    assert choose_title(note, "other") == "Sluiting van de sportzaal"
    # large type at the top: two large lines together
    sheet = [dl("Nieuwsbrief", 100, 28), dl("Corona-update", 140, 36, True), dl("Beste lezers,", 200),
             dl("Tekst", 220)]
    assert choose_title(sheet, "other") == "Nieuwsbrief Corona-update"
    # an e-mail: its subject
    assert choose_title(letter, "email", subject="RE: planning") == "RE: planning"


def test_inventory_check_listed_versus_released():
    class D:
        def __init__(self, id, type, stamp=None, inventory=(), redactions=None):
            self.id, self.type, self.stamp, self.inventory = id, type, stamp, list(inventory)
            self.redactions, self.first_page = redactions or {}, 1

    rows = [{"number": "1", "title": "E-mail", "assessment": "deels openbaar", "grounds": ["10.2.e"]},
            {"number": "2", "title": "Notitie", "assessment": "openbaar", "grounds": []},
            {"number": "3", "title": "Verslag", "assessment": "niet openbaar", "grounds": ["11.1"]}]
    docs = [D("d1", "besluit"), D("d2", "inventarislijst", inventory=rows),
            D("d3", "email", stamp="1", redactions={}), D("d4", "other", stamp="4")]
    kinds = [(f.kind, f.number) for f in check_release(docs)]
    assert kinds == [("grounds_not_marked", "1"), ("listed_not_released", "2"), ("released_not_listed", "4")]
    # the decision and its list only: the released documents are elsewhere, no stamp is missing
    assert [f.kind for f in check_release([D("d1", "besluit"), D("d2", "inventarislijst", inventory=rows)])] == [
        "no_documents"]
    # released documents whose numbers cannot be read (scans not OCR'd yet)
    assert check_release([D("d2", "inventarislijst", inventory=rows), D("d3", "email")])[0].kind == "no_stamps"


def test_a_decision_keeps_its_annex_of_legal_articles():
    from loaders import text_source  # noqa: PLC0415

    text = "\n".join([
        "Besluit op uw Woo-verzoek", "", "Betreft: Besluit op uw Woo-verzoek over de regietafel", "",
        "Geachte heer,", *[f"Overweging {i}: ik maak de documenten deels openbaar." for i in range(16)],
        "Hoogachtend,", "De burgemeester", "",
        "Bijlage A - Wettelijk kader", "Artikel 5.1 Uitzonderingen", "Het openbaar maken blijft achterwege ...", "",
        "Bijlage B - Notitie over de wachtlijsten", "De wachtlijsten zijn lang.", ""])
    source = text_source(text)
    mark_furniture(source)
    lines = source.pages[0].lines
    assert [lines[sp.start.line].text for sp in segment(source)] == [
        "Besluit op uw Woo-verzoek", "Bijlage B - Notitie over de wachtlijsten"]


def test_corner_numbers_that_count_up_page_by_page_are_page_numbers():
    pages = [page(n, [(f"{n}.", 500, 20, 9, False), *BODY]) for n in range(1, 5)]
    assert starts(pages) == [1]


def test_a_quoted_reply_on_a_new_page_of_the_same_printed_message_continues_it():
    def mail(n, subject):
        stamp = f"file:///C:/export/Doc.%20{n // 3}%20bericht.htm[3-12-2020 15:22:{n:02d}]"
        return page(n, [(stamp, 20, 820, 6, False),
                        ("Van: iemand", 20, 30, 9, False), ("Verzonden: 1 mei 2020 10:00", 20, 44, 9, False),
                        ("Aan: iemand anders", 20, 58, 9, False), (f"Onderwerp: {subject}", 20, 72, 9, False),
                        *BODY])
    # pages 1 and 2 printed from Doc. 0, page 3 from Doc. 1
    assert starts([mail(1, "RE: vraag"), mail(2, "vraag"), mail(3, "ander onderwerp")]) == [1, 3]


def test_single_page_documents_stamped_in_a_row_are_not_page_numbers():
    pages = [page(1, [("1.", 500, 20, 9, False), *BODY]), page(2, BODY), page(3, BODY),
             *[page(n, [(f"{n}.", 500, 20, 9, False), *BODY]) for n in (4, 5, 6)]]
    assert starts(pages) == [1, 4, 5, 6]


def test_a_released_document_is_named_by_its_inventory_row():
    table = ["Inventarislijst", "Nr.", "Datum", "Document", "Beoordeling",
             "1", "3-2-2021", "Planning regietafel - bijlage", "Deels openbaar", "10.2.e",
             "2", "4-2-2021", "E-mail over de wachtlijsten", "Openbaar"]
    pages = [page(1, ["Besluit op uw Woo-verzoek", *BODY, ("Pagina 1 van 1", 460, 800, 6.5, False)]),
             page(2, table),
             page(3, [("00001", 500, 20, 9, False), "zie de planning hieronder, met de data per kwartaal"]),
             page(4, [("00002", 500, 20, 9, False), "Van: iemand", "Verzonden: 4 februari 2021 10:00",
                      "Aan: iemand anders", "Onderwerp: wachtlijsten", *BODY])]
    docs = analyse(SourceText(path="/x.pdf", kind="pdf", pages=pages))
    assert [(d.first_page, d.type, d.stamp) for d in docs] == [
        (1, "besluit", None), (2, "inventarislijst", None), (3, "bijlage", "1"), (4, "email", "2")]
    assert (docs[2].title, docs[2].doc_date) == ("Planning regietafel - bijlage", "2021-02-03")
    assert docs[3].title == "wachtlijsten"  # an e-mail keeps its own subject


def test_a_return_address_marks_a_letters_first_page():
    def letter(n, first):
        rows = [("> Retouradres Postbus 202, 1000 AE Waterland", 70, 130, 6.5, False)] if first else []
        return page(n, rows + BODY * 9)  # a page of text: more than a cover's few lines

    assert starts([letter(1, True), letter(2, False), letter(3, True), letter(4, False)]) == [1, 3]


def test_an_inventory_page_that_reads_badly_does_not_start_a_new_list():
    head = ["Inventarislijst", "Nr.", "Datum", "Document", "Beoordeling"]
    rows = ["1", "Agenda", "3-2-2021", "Deels openbaar", "2", "Nota", "4-2-2021", "Openbaar",
            "3", "Verslag", "5-2-2021", "Niet openbaar", "4", "Agenda", "6-2-2021", "Openbaar"]
    garbled = ["Ver slag st uur groep", "lO.2.e", "Oponbaar"]  # an OCR'd page that is no table
    more = ["9", "Agenda", "7-2-2021", "Openbaar", "10", "Nota", "8-2-2021", "Deels openbaar",
            "11", "Verslag", "9-2-2021", "Openbaar", "12", "Agenda", "9-2-2021", "Openbaar"]
    pages = [page(1, ["Besluit op uw Woo-verzoek", *BODY, ("Pagina 1 van 1", 460, 800, 6.5, False)]),
             page(2, head + rows), page(3, garbled + BODY), page(4, more)]
    assert starts(pages) == [1, 2]


def test_an_annex_heading_repeated_on_its_next_pages_is_a_running_head():
    close = ["Hoogachtend,", "De minister van Jeugd"]
    pages = [page(1, ["Besluit op uw Woo-verzoek", *BODY * 9, *close]),
             page(2, ["Bijlage 1: Overzicht van de woningen", *[f"Woning {k} aan de Dorpsstraat" for k in range(35)]]),
             page(3, ["Bijlage 1: Overzicht van de woningen", "Woning 2 aan de Kerkstraat"])]
    assert starts(pages) == [1, 2]


def test_page_numbers_that_run_on_hold_a_letter_and_its_enclosures_together():
    # a decision letter numbered "Pagina 1".."Pagina 3" (no "van N"), closing with the list
    # of its enclosures; the enclosures go on "Pagina 4", "Pagina 5" under their own heading
    TEXT = BODY * 5
    close = ["Met vriendelijke groet,", "De minister van Volkshuisvesting,",
             "Bijlage 1: Overzicht goedgekeurde woningen", "Bijlage 2: Overzicht afgekeurde woningen"]
    pages = [page(1, [("Retouradres Postbus 93144 2509 AC Den Haag", 70, 120, 6, False), *TEXT,
                      ("Pagina 1", 460, 810, 6, False)]),
             page(2, [*TEXT, ("Pagina 2", 460, 810, 6, False)]),
             page(3, [*TEXT, *close, ("Pagina 3", 460, 810, 6, False)]),
             page(4, [("Bijlage 1: Overzicht goedgekeurde woningen", 80, 110, 9, True), "Dorpsstraat 1 25.000,00",
                      ("Pagina 4", 460, 810, 6, False)]),
             page(5, [("Bijlage 2: Overzicht afgekeurde woningen", 80, 110, 9, True), "Dorpsstraat 3 0,00",
                      ("Pagina 5", 460, 810, 6, False)]),
             # a new letter: its numbering starts again
             page(6, [("Retouradres Postbus 93144 2509 AC Den Haag", 70, 120, 6, False), *TEXT,
                      ("Pagina 1", 460, 810, 6, False)])]
    assert starts(pages) == [1, 6]


def test_an_ocr_vertical_rule_is_no_masthead():
    # OCR reads a box edge at the top of scanned pages as a large "|": not the masthead of a
    # series whose every page is a new issue
    pages = [page(n, [("|", 73, 76, 20, False), *BODY] if n % 2 else BODY) for n in (1, 2, 3, 4)]
    assert starts(pages) == [1]


def test_a_stamp_joined_to_another_number_on_one_ocr_line():
    # OCR joins the file number at the left edge and the stamp at the right into one line
    p = page(1, [("1015242 00005", 15, 816, 8, False), *BODY])
    assert stamp_of(p) == "5"
    assert stamp_of(page(2, [("Doenr1", 6, 4, 8, False), *BODY])) == "1"  # "Docnr1", c read as e
    assert stamp_of(page(3, [("1015242 2020", 15, 816, 8, False), *BODY])) is None


def ocr_page(n, rows):
    p = page(n, rows)
    p.text_source = "ocr"
    return p


def test_after_a_signed_letter_the_next_page_is_a_new_document():
    # a scanned cover letter signed by the mayor, then the permit it sends (no stamp, no page
    # numbers); the permit's second page says "Pagina 2" and continues it
    letter = ["Geachte heer/mevrouw,", *BODY * 6, "Hoogachtend,", "De burgemeester van Waterland,", "namens deze,",
              "medewerker Vergunningen"]
    permit = [("Exploitatievergunning", 200, 70, 10, True), *BODY * 8]
    pages = [ocr_page(1, letter), ocr_page(2, permit), ocr_page(3, [("Pagina 2", 200, 110, 8, False), *BODY * 8]),
             ocr_page(4, [("Retouradres Postbus 202, 1000 AE Waterland", 300, 120, 6, False), *letter]),
             ocr_page(5, permit)]
    assert starts(pages) == [1, 2, 4, 5]


def test_a_sentence_about_the_minister_is_no_signature():
    pages = [page(1, [*BODY * 6, "De staatssecretaris zal worden verzocht de brief te sturen.", "Tekst."]),
             page(2, BODY * 6)]
    assert starts(pages) == [1]


def test_a_first_page_letterhead_at_the_top_starts_a_letter_but_not_on_every_page():
    def head(n):
        return [("Bezoekadres", 400, 30, 6, False), ("Amstel 1", 400, 40, 6, False),
                ("Postbus 202", 400, 60, 6, False), ("Onderwerp Vergunning", 60, 200, 6, False),
                ("Geachte heer,", 60, 230, 6, False), *BODY * 8]
    # the letter's page 2 runs on ("Pagina 2 van 3", its page 3 not released), then a permit
    # with its own letterhead
    pages = [ocr_page(1, head(1)), ocr_page(2, [("Pagina 2 van3", 390, 60, 6, False), *BODY * 8]),
             ocr_page(3, head(3))]
    assert starts(pages) == [1, 3]
    # the same letterhead on every page of one letter is the letterhead, not a new letter
    assert starts([ocr_page(1, head(1)), ocr_page(2, head(2)), ocr_page(3, head(3))]) == [1]


def test_an_address_block_alone_at_a_page_top_is_a_sidebar_not_a_new_letter():
    # a nota's first-page sidebar (directorate, Bezoekadres, Postbus) that the text layer, or a
    # layout made from it, put at the top of a later page: the nota runs on, nothing opens there
    sidebar = [("Directie Jeugd", 56, 60, 8, False), ("Bezoekadres:", 56, 99, 8, False),
               ("Parnassusplein 5", 56, 113, 8, False), ("Postbus 20350", 56, 127, 8, False)]
    pages = [ocr_page(1, [("Onderwerp Nota over de regietafel", 60, 100, 6, False), *BODY * 8]),
             ocr_page(2, BODY * 9), ocr_page(3, sidebar + BODY * 6)]
    assert starts(pages) == [1]


def test_a_page_k_of_n_right_after_the_last_page_of_another_document_starts_one():
    # "Pagina 3 van 3" ends a document; "Pagina 3 van 24" next is a form whose first two
    # pages were not released: a new document, not a continuation
    pages = [page(1, [*BODY * 6, ("Pagina 1 van 3", 400, 45, 6, False)]),
             page(2, [*BODY * 6, ("Pagina 2 van 3", 400, 45, 6, False)]),
             page(3, [*BODY * 6, ("Pagina 3 van 3", 400, 45, 6, False)]),
             page(4, [*BODY * 6, ("Pagina 3 van 24", 400, 45, 6, False)]),
             page(5, [*BODY * 6, ("Pagina 4 van 24", 400, 45, 6, False)])]
    assert starts(pages) == [1, 4]


def test_a_return_address_glued_to_the_line_beside_it_by_ocr():
    def letter(n, first):
        rows = [("centrum.waterland.nl Retouradres: Postbus 202, 1000 AE Waterland", 60, 120, 8, False)] if first else []
        return ocr_page(n, rows + BODY * 9)

    assert starts([letter(1, True), letter(2, False), letter(3, True)]) == [1, 3]


def test_a_corner_number_read_by_ocr_without_its_dot():
    # OCR drops the dot of a small "4." stamped in the top right corner of a scan
    assert stamp_of(ocr_page(1, [("4", 517, 28, 6, False), *BODY])) == "4"
    assert stamp_of(page(1, [("4", 517, 28, 6, False), *BODY])) is None  # a text layer prints the dot


def test_scanned_pages_before_the_first_start_are_not_taken_into_it():
    # pages 1-2 are scans not OCR'd yet (no text); page 3 is a letter's first page: what the
    # scans hold is not known, so they stay a document of their own
    letter = [("Retouradres Postbus 202, 1000 AE Waterland", 300, 120, 6, False), *BODY * 8]
    pages = [page(1, [], has_text=False), page(2, [], has_text=False), page(3, letter), page(4, BODY * 8)]
    assert starts(pages) == [1, 3]
