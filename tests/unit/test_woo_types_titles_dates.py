"""Types, titles and dates of released documents on fictional pages (issue 19): labels and
values in two columns or stacked in a sidebar, OCR-damaged month names, decisions and permits,
the annexes a decision declares its own, letterhead names that are no titles."""

from zvdj_viewer.understanding.analyse import analyse
from zvdj_viewer.understanding.classify import classify
from zvdj_viewer.understanding.dates import parse_date, parse_date_ocr
from zvdj_viewer.understanding.email_header import find_headers
from zvdj_viewer.understanding.furniture import mark_furniture
from zvdj_viewer.model import DocLine, Line, Page, SourceText
from zvdj_viewer.understanding.segment import segment
from zvdj_viewer.understanding.titles import choose_title, is_bad_title


def ln(text, x, y, size=9.0):
    return Line(text, bbox=(x, y, x + 0.5 * size * len(text), y + size), size=size)


def doc_lines(lines, page_no=1):
    return [DocLine(page_no, i, line) for i, line in enumerate(lines)]


def body(y0, n=4):
    return [ln(f"Dit is regel {k} van de brief over de aanvraag van de vergunning.", 150, y0 + 14 * k)
            for k in range(n)]


def test_a_subject_printed_in_a_second_column_titles_the_letter():
    # "Onderwerp" at the margin, its value in the text column on the same row; reading
    # order puts the sidebar (and the value) far from the label
    lines = [ln("Datum", 40, 250), ln("Behandeld door", 40, 264), ln("Onderwerp", 40, 356),
             ln("Bezoekadres", 150, 28), ln("Postbus 99", 150, 40), ln("Parkeerontheffing", 150, 356),
             ln("Uw aanvraag van 3 maart 2021", 150, 376), ln("Geachte heer/mevrouw,", 150, 396), *body(420)]
    assert choose_title(doc_lines(lines), "other") == "Parkeerontheffing"


def test_a_decision_named_in_its_subject_column_is_a_besluit():
    lines = [ln("Onderwerp", 40, 356), ln("Kenmerk", 40, 300), ln("Besluit verlengen standplaatsvergunning", 150, 356),
             ln("Geachte heer/mevrouw,", 150, 396), *body(420)]
    assert classify(doc_lines(lines), "pdf")[0] == "besluit"


def test_a_sidebar_date_under_its_label_dates_the_inventory_list():
    rows = []
    y = 200
    for n in range(1, 6):
        rows += [ln(f"{n}.", 84, y), ln(f"Notitie over onderwerp {n}", 113, y), ln("Openbaar", 260, y)]
        y += 24
    lines = [ln("Bijlage 2 - Inventarislijst", 78, 152), ln("Datum", 466, 192),
             ln("Nr.", 84, 180), ln("Document", 113, 180), ln("Beoordeling", 260, 180), *rows,
             ln("3 maart 2021", 466, 204)]  # the sidebar's value, after the table in reading order
    src = SourceText(path="/inv.pdf", kind="pdf", pages=[Page(1, lines, width=595, height=842)])
    docs = analyse(src)
    assert docs[0].type == "inventarislijst"
    assert docs[0].doc_date == "2021-03-03"


def test_month_names_damaged_by_ocr():
    assert parse_date("Amsterdam, 14 ÂUG. 2008") == "2008-08-14"  # an accent on a stamped capital
    assert parse_date_ocr("Verzonden: maandag 5 septernber 2011 12:37") == "2011-09-05"  # rn for m
    assert parse_date_ocr("geldig tot: 1 janvari 2021") == "2021-01-01"  # one letter wrong
    assert parse_date_ocr("2 novenber 2019") == "2019-11-02"
    # not a month: a weekday, a word two letters away, or no year
    assert parse_date_ocr("12 Dinsdag 2019") is None
    assert parse_date_ocr("21 maai 2016") is None
    assert parse_date_ocr("op 5 septernber") is None


def test_an_ocr_printed_email_keeps_its_sent_date():
    lines = [ln("Van: Medewerker (DV/AVM)", 49, 84), ln("Verzonden: vrijdag 9 septernber 2011 17:34", 49, 95),
             ln("Aan: Collega (DV/AVM)", 49, 107), ln("Onderwerp: Overgangsregeling", 49, 118)]
    heads = find_headers(lines)
    assert heads and heads[0].sent == "2011-09-09" and heads[0].subject == "Overgangsregeling"


def test_permits_and_decisions_with_a_scanned_first_page_are_besluit():
    permit = [ln("Standplaatsvergunning", 200, 70, 13), ln("DE BURGEMEESTER VAN ERGENS,", 40, 300),
              ln("Gelezen de aanvraag om bovenvermelde vergunning;", 40, 330),
              ln("Gelet op de artikelen van de Algemene Plaatselijke Verordening;", 40, 343),
              ln("VERLEENT aan:", 40, 372), *body(400)]
    assert classify(doc_lines(permit), "pdf")[0] == "besluit"
    ruling = [ln("Ik heb uw melding beoordeeld. In deze brief leest u mijn beslissing.", 78, 495),
              ln("Beslissing", 78, 523), ln("Ik heb besloten de verklaring af te geven.", 78, 538), *body(560)]
    assert classify(doc_lines(ruling), "pdf")[0] == "besluit"
    # a cover letter sending a permit, with the usual objection clause, is no decision itself
    cover = [ln("Geachte heer/mevrouw,", 150, 396),
             ln("Hierbij ontvangt u de vergunning en de daarbij horende voorschriften.", 150, 420),
             ln("Ingevolge de Algemene wet bestuursrecht kan een belanghebbende binnen zes weken", 150, 600),
             ln("nadat dit besluit bekend is gemaakt, bezwaar maken.", 150, 612)]
    assert classify(doc_lines(cover), "pdf")[0] == "other"


def _letter_with_annexes(declared: bool):
    close = [ln("Met vriendelijke groet,", 79, 353), ln("De minister,", 79, 375),
             ln("Bijlage 1: Overzicht goedgekeurde woningen", 79, 600),
             ln("Bijlage 2: Overzicht afgekeurde woningen", 79, 614)]
    p1 = [ln("Retouradres Postbus 1, 1000 AA Ergens", 79, 131, 6.5), ln("Betreft Definitieve verklaring", 77, 318),
          ln("Geachte heer,", 78, 379), ln("Beslissing", 79, 523),
          ln("Ik heb besloten een verklaring af te geven voor de woningen uit bijlage 1.", 78, 538),
          *body(680, 10)]
    if declared:
        p1.append(ln("Alle twee de bijlagen maken onderdeel uit van dit besluit.", 78, 658))
    annex1 = [ln("Bijlage 1: Overzicht goedgekeurde woningen", 82, 111),
              *[ln(f"De woning aan de Dorpsstraat nummer {k} is goedgekeurd.", 82, 140 + 15 * k) for k in range(8)]]
    annex2 = [ln("Bijlage 2: Overzicht afgekeurde woningen", 82, 111),
              *[ln(f"De woning aan de Kerkstraat nummer {k} is afgewezen.", 82, 140 + 15 * k) for k in range(8)]]
    pages = [Page(1, p1, width=595, height=842), Page(2, close, width=595, height=842),
             Page(3, annex1, width=595, height=842), Page(4, annex2, width=595, height=842)]
    src = SourceText(path="/besluit.pdf", kind="pdf", pages=pages)
    mark_furniture(src)
    return [sp.start.page for sp in segment(src)]


def test_a_decision_keeps_the_annexes_it_declares_its_own():
    assert _letter_with_annexes(declared=True) == [1]
    # without that sentence each annex is its own document, but the letter's list of
    # enclosures under its closing formula starts nothing
    assert _letter_with_annexes(declared=False) == [1, 3, 4]


def test_letterhead_names_and_addresses_are_no_titles():
    for bad in ("Gemeente Amsterdam", "Ministerie van Financiën", "Rijksdienst voor Ondernemend Nederland",
                "Centrum Postbus 202", "1000 AE Amsterdam", "Directie Jeugd"):
        assert is_bad_title(bad), bad
    for good in ("Gemeentelijke regeling jeugdhulp", "Exploitatievergunning alcoholvrij horecabedrijf",
                 "Gemeente Amsterdam verleent vergunning", "Nota over 2019 AB"):
        assert not is_bad_title(good), good


def test_a_permit_is_titled_by_the_line_above_its_besluit_heading():
    # a scanned permit: the municipality's logo in large OCR'd type, then the permit's name
    lines = [ln("Gemeente gezel", 82, 28, 22), ln("Amsterdam zoas PN Amsterdam", 81, 50, 17),
             ln("Centrum Postbus 202", 81, 73, 15), ln("Standplaatsvergunning markt zonder luifel", 81, 149, 12),
             ln("Besluit", 81, 177, 8), ln("De burgemeester verleent aan:", 81, 188, 11), *body(230)]
    assert choose_title(doc_lines(lines), "besluit") == "Standplaatsvergunning markt zonder luifel"
    assert is_bad_title("Gemeente gezel")  # "Gemeente" and an OCR'd name: the logo


def test_ocr_of_a_print_stamp_names_the_same_file_despite_a_stray_character():
    from zvdj_viewer.understanding.segment import _same_file

    a = "file:///T/Documenten/Doc.%209%20FW%20Status%20van%20de%20kleine%20rassen.htm[3-12-2020 16:16:59]"
    assert _same_file(a, a.replace("kleine%20rassen", "kleine%20Orassen"))
    assert _same_file(a, a.replace("Status%20", "Status”%20"))
    # another document number is another file, however alike the names
    assert not _same_file(a, a.replace("Doc.%209", "Doc.%208"))
    assert not _same_file(a, "file:///T/Documenten/Doc.%2010%20RE%20Planning%20overleg.htm")


def test_an_internal_memo_with_aan_author_and_datum_labels_is_a_nota():
    memo = [ln("Aan", 89, 161), ln("Directie Belastingen", 89, 182), ln("Datum", 458, 243, 5),
            ln("22 september 2011", 458, 251, 6), ln("Auteur", 458, 264, 5),
            ln("Overgangsregelingen wegens afschaffing van de heffing", 124, 319), *body(350)]
    assert classify(doc_lines(memo), "pdf")[0] == "nota"
    # a letter has the same labels, but a salutation (or a return address) too
    letter = [*memo[:6], ln("Geachte heer,", 124, 340), *body(360)]
    assert classify(doc_lines(letter), "pdf")[0] == "other"


def test_an_ocr_read_colon_as_exclamation_mark_still_labels_an_email_field():
    lines = [ln("Van: Medewerker (DV/AVM)", 49, 84), ln("Verzonden: donderdag 25 augustus 2011 13:13", 49, 95),
             ln("Aan! Collega (DV/AVM)", 49, 107), ln("Onderwerp: Overgangsbepalingen", 49, 118)]
    heads = find_headers(lines)
    assert heads and heads[0].participants()["to"] == ["Collega (DV/AVM)"]


def test_a_dated_note_title_datum_then_prose_is_a_nota():
    prose = [ln("De afdeling adviseert om bij de beoordeling van het project nadrukkelijker de risico's", 72, 108 + 12 * k)
             for k in range(5)]
    note = [ln("buiten reikwijdte", 246, 142), ln("Windpark Noordzee: appreciatie van de afdeling", 72, 72),
            ln("Datum: 19 mei 2020", 72, 84), *prose]
    assert classify(doc_lines(note), "pdf") == (
        "nota", "dated note 'Windpark Noordzee: appreciatie van de afdeling' (title, Datum, text)")
    # a newsletter with a date under its title addresses its readers: no note
    sheet = [note[1], note[2], ln("Beste bewoners,", 72, 100), *prose]
    assert classify(doc_lines(sheet), "pdf")[0] == "other"


def test_a_letter_without_a_readable_date_is_dated_by_the_running_header_of_its_next_page():
    p1 = [ln("Onderwerp Besluit verlengen standplaatsvergunning", 75, 346), ln("Geachte heer, mevrouw,", 75, 374),
          *body(400, 12)]
    p2 = [ln("Gemeente Ergens 21-03-2016", 80, 35), *body(120, 12)]
    src = SourceText(path="/brief.pdf", kind="pdf", pages=[Page(1, p1, width=595, height=842),
                                                           Page(2, p2, width=595, height=842)])
    docs = analyse(src)
    assert [(d.type, d.doc_date) for d in docs] == [("besluit", "2016-03-21")]


def test_a_blacked_out_sender_with_a_department_is_counted_as_redacted():
    lines = [ln("Van: 10,2.e (AFP/EDA)", 49, 84), ln("Verzonden: vrijdag 19 januari 2018 15:59", 49, 95),
             ln("Aan: 10.2.e (BLKB/UA); Jan Jansen", 49, 107), ln("Onderwerp: FW: Overgangsregelingen", 49, 118)]
    people = find_headers(lines)[0].participants()
    assert people["from"] == ["[10.2.e] (AFP/EDA)"]
    assert people["to"] == ["[10.2.e] (BLKB/UA)", "Jan Jansen"]


def test_date_stamps_damaged_by_ocr():
    # a stamp: day, a month in capitals with a dot or comma, a year; OCR reads "1" as "{" and
    # "O" as "0", or gets one letter of the month wrong
    assert parse_date_ocr("{0 FER. 2016") == "2016-02-10"
    assert parse_date_ocr("10 FER, 2016") == "2016-02-10"
    assert parse_date_ocr("20 0KT, 2015") == "2015-10-20"
    assert parse_date_ocr("l4 AUG. 2008") == "2008-08-14"
    # prose and unreadable stamps give nothing
    assert parse_date_ocr("op 3 van 2016") is None
    assert parse_date_ocr("9 gokt, 2015") is None
    assert parse_date_ocr("5 0 OKT, 2015") is None  # day 0
    assert parse_date_ocr("3 XYZ. 2015") is None


def _permit(pages):
    src = SourceText(path="/vergunning.pdf", kind="pdf",
                     pages=[Page(k + 1, p, width=595, height=842) for k, p in enumerate(pages)])
    return analyse(src)


_PERMIT_TOP = [ln("Gemeente Ergens", 204, 23, 7), ln("Stadsdeel Noord", 204, 38, 10),
               ln("Exploitatievergunning", 205, 69, 10), ln("Alcoholvrij bedrijf", 204, 88, 10),
               ln("Perceel Dorpsstraat 12", 43, 194), ln("Geldig tot 1 maart 2011", 42, 221),
               ln("Deadline: 3-2-2011", 42, 235),
               ln("Openingstijden", 42, 249),
               ln("DE BURGEMEESTER VAN ERGENS, NAMENS DEZE, DE VOORZITTER VAN STADSDEEL NOORD,", 42, 300, 11),
               ln("Gelet op de artikelen uit hoofdstuk 3 van de Algemene Plaatselijke Verordening (APV);", 42, 320, 11),
               ln("VERLEENT aan:", 42, 334)]


def test_a_permit_is_dated_by_its_signature_not_by_the_date_it_is_valid_until():
    docs = _permit([[*_PERMIT_TOP, *body(350, 20)], [*body(60, 20), ln("Amsterdam, 14 AUG. 2008", 42, 400),
                                                      ln("De burgemeester van Ergens,", 42, 420)]])
    assert [(d.type, d.doc_date) for d in docs] == [("besluit", "2008-08-14")]
    # its name is the kind heading with the line under it, not a clause of its preamble
    assert docs[0].title == "Exploitatievergunning Alcoholvrij bedrijf"


def test_a_date_stamp_read_as_a_line_under_the_signing_place_dates_the_document():
    end = [ln("Amsterdam,", 42, 400), ln("De burgemeester van Ergens,", 42, 414), ln("10 FER, 2016", 200, 430, 12)]
    docs = _permit([[*_PERMIT_TOP, *body(350, 20)], [*body(60, 20), *end]])
    assert docs[0].doc_date == "2016-02-10"


def test_a_running_header_with_a_date_is_no_title_of_a_form():
    lines = [ln("Gemeente Ergens 15-09-2015", 83, 26, 6), ln("Stadsdeel Noord", 83, 38, 5),
             ln("Aanvraagformulier Verlenging exploitatievergunning", 83, 113, 10),
             ln("Hieronder staan de gegevens van uw horecabedrijf zoals die bij ons bekend zijn.", 83, 124, 11),
             ln("1. Naam exploitant horecazaak", 83, 179), ln("Correct} niet", 408, 188, 12)]
    assert is_bad_title("Gemeente Ergens 15-09-2015") and is_bad_title("Correct} niet")
    assert choose_title(doc_lines(lines), "other", current="Correct} niet") == (
        "Aanvraagformulier Verlenging exploitatievergunning")


def test_a_nota_title_loses_its_marker_and_keeps_the_line_it_wraps_onto():
    lines = [ln("nota", 76, 263, 19), ln("(ter beslissing) Project gezonde wijken in", 76, 296),
             ln("drie gemeenten", 76, 308), ln("1. Aanleiding", 77, 435), *body(447)]
    assert choose_title(doc_lines(lines), "nota") == "Project gezonde wijken in drie gemeenten"
