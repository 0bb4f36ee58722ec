"""Every reader on real files from ../shared (expected values checked by opening the files),
and every way a PDF can be bad, made here in tmp_path."""

import builtins
import os
from collections import Counter

import pymupdf
import pytest

from zvdj_viewer import readers
from zvdj_viewer.understanding.furniture import mark_furniture
from zvdj_viewer.model import ReadError
from zvdj_viewer.readers.pdf import is_garbled
from zvdj_viewer.readers.words import join_hyphenated, words

OBK = "officielebekendmakingen"


# --- PDF ------------------------------------------------------------------------------------

def test_pdf_pages_lines_fonts_and_bookmarks(samples_dir):
    s = readers.read(samples_dir / "woo-bundles" / "Bij-documenten.pdf")
    assert s.kind == "pdf" and s.page_count == 29 and s.problems == []
    assert len(s.bookmarks) == 24 and s.bookmarks[0].page == 1
    assert all(b.level >= 1 and 1 <= b.page <= 29 for b in s.bookmarks)
    first = s.pages[0]
    assert first.has_text and not first.garbled and first.width > 500
    assert all(ln.bbox and ln.size and ln.size > 4 for ln in first.lines)
    # page 1 is a newsletter: its 36 pt bold title, its 8.2 pt body
    (title,) = [ln for ln in first.lines if ln.text == "Corona-update"]
    assert title.bold and title.size == 36.0
    assert any(ln.text == "Beste bewoners," and ln.size == 8.2 for ln in first.lines)


def test_pdf_letter_lines_keep_bold_headings(samples_dir):
    s = readers.read(samples_dir / "woo-bundles" / "Bes-Besluit+2020-101+A.pdf")
    assert s.page_count == 9 and s.problems == ["page 1: no text layer"]
    texts = {ln.text: ln for ln in s.pages[1].lines}
    assert texts["Besluit"].bold and texts["Overwegingen"].bold
    assert not texts["van dit besluit."].bold
    # a sentence is one line in reading order, not scattered words
    assert "Ik heb besloten deels aan uw verzoek tegemoet te komen en de informatie waar u" in texts


def test_pages_without_text_layer_are_kept_and_reported(samples_dir):
    s = readers.read(samples_dir / "woo-bundles" / "test.pdf")
    assert s.page_count == 20  # none dropped
    assert [p.number for p in s.pages if not p.has_text] == list(range(8, 21))
    assert s.problems == ["page 8-20: no text layer"]
    scan = readers.read(samples_dir / "hard-cases" / "1848-scan.pdf")
    assert scan.page_count == 3 and scan.problems == ["page 1-3: no text layer"]
    mixed = readers.read(samples_dir / "woo-bundles" / "Bes-Ordner1.doc.1-15.pdf")
    assert mixed.problems == ["page 3, 5-8, 10-13: no text layer"] and len(mixed.bookmarks) == 11


def test_garbled_text_layer_is_detected_only_where_it_is(samples_dir):
    g = readers.read(samples_dir / "hard-cases" / "garble.pdf")
    assert g.page_count == 11 and all(p.has_text and p.garbled for p in g.pages)
    assert g.problems == ["page 1-11: unreadable text layer (garbled characters)"]
    for name in ("woo-bundles/Bij-documenten.pdf", "woo-bundles/Bes-Besluit+2020-101+A.pdf",
                 "woo-bundles/test.pdf", "besluitenlijsten/besluitenlijst_example2.pdf",
                 f"{OBK}/ah-tk-20202021-3235.pdf", "hard-cases/1848-notificatie-met-undefined-unicodes.pdf"):
        s = readers.read(samples_dir / name)
        assert not any(p.garbled for p in s.pages), name


def test_undefined_glyphs_become_replacement_characters(samples_dir):
    s = readers.read(samples_dir / "hard-cases" / "1848-notificatie-met-undefined-unicodes.pdf")
    assert s.page_count == 17 and s.problems == []
    text = "\n".join(p.text for p in s.pages)
    assert "\uffff" not in text  # a noncharacter: stored and shown as U+FFFD instead
    assert "\ufffd Inbreng van de leden van de VVD-fractie" in text
    assert "Verslag van een schriftelijk overleg" in text
    text.encode("utf-8")  # storable


def test_pdf_title_from_metadata_only_when_it_is_a_title(samples_dir, tmp_path):
    # this file's title field holds layout text ("Logo      Den Haag, ..."): not a title
    s = readers.read(samples_dir / "besluitenlijsten" / "besluitenlijst_example2.pdf")
    assert s.title is None and s.metadata["title"].startswith("Logo")
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Fictief verslag van de kwispelcommissie")
    doc.set_metadata({"title": "Verslag kwispelcommissie", "author": "Secretariaat"})
    doc.set_toc([[1, "Verslag", 1]])
    doc.save(tmp_path / "titel.pdf")
    s = readers.read(tmp_path / "titel.pdf")
    assert s.title == "Verslag kwispelcommissie" and s.metadata["author"] == "Secretariaat"
    assert [(b.level, b.title, b.page) for b in s.bookmarks] == [(1, "Verslag", 1)]


def _fail(path) -> str:
    with pytest.raises(ReadError) as err:
        readers.read(path)
    return str(err.value)


def test_bad_pdfs_give_one_clear_reason(samples_dir, tmp_path):
    good = (samples_dir / OBK / "ah-tk-20202021-3235.pdf").read_bytes()
    (tmp_path / "nul.pdf").write_bytes(b"")
    assert _fail(tmp_path / "nul.pdf") == "empty file (0 bytes)"
    (tmp_path / "tekst.pdf").write_text("Dit is geen PDF.\n", encoding="utf-8")
    assert _fail(tmp_path / "tekst.pdf").startswith("not a PDF file (starts with 'Dit is geen ")
    (tmp_path / "ruis.pdf").write_bytes(bytes(range(256)) * 20)
    assert _fail(tmp_path / "ruis.pdf").startswith("not a PDF file (starts with '\\x00\\x01")
    (tmp_path / "kop.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    assert _fail(tmp_path / "kop.pdf") == "damaged or truncated PDF (no PDF structure could be found)"
    (tmp_path / "derde.pdf").write_bytes(good[: len(good) // 3])
    assert _fail(tmp_path / "derde.pdf").startswith("damaged or truncated PDF")
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Geheim fictief verslag")
    doc.save(tmp_path / "slot.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="geheim", owner_pw="baas")
    assert _fail(tmp_path / "slot.pdf") == "encrypted PDF: it needs a password"
    assert _fail(tmp_path / "bestaat-niet.pdf") == "file not found"
    assert not any(str(tmp_path) in _fail(tmp_path / n) for n in ("kop.pdf", "derde.pdf"))  # caller adds the name


def test_pdf_with_only_an_owner_password_reads(tmp_path):
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Openbaar fictief besluit")
    doc.save(tmp_path / "eigenaar.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="baas", permissions=0)
    s = readers.read(tmp_path / "eigenaar.pdf")
    assert s.pages[0].text == "Openbaar fictief besluit"


def test_cut_short_pdf_that_mupdf_repairs_is_read_with_a_warning(samples_dir, tmp_path):
    good = (samples_dir / OBK / "ah-tk-20202021-3235.pdf").read_bytes()
    (tmp_path / "kort.pdf").write_bytes(good[:-300])  # the cross-reference table is lost
    s = readers.read(tmp_path / "kort.pdf")
    assert s.page_count == 3 and s.problems == ["damaged PDF, repaired when opened: some text may be missing"]


def test_unreadable_pdf(tmp_path, monkeypatch):
    p = tmp_path / "dicht.pdf"
    p.write_bytes(b"%PDF-1.4\n")
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):  # root reads anything: simulate
        os.chmod(p, 0)
        assert _fail(p) == "no permission to read the file"
        os.chmod(p, 0o644)
    real_open = builtins.open

    def deny(file, *a, **k):
        if str(file) == str(p):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *a, **k)

    monkeypatch.setattr(builtins, "open", deny)
    assert _fail(p) == "no permission to read the file"


def test_garble_measure_on_small_strings():
    assert not is_garbled("De gemeenten en het Rijk maken afspraken over de jeugdhulp in de regio. " * 3)
    assert not is_garbled("Totaal\t2019\t2020\n€ 1.250.000\t€ 1.300.000\n12,5%\t13,1%\n" * 3)  # a table
    assert not is_garbled("!\"#$%&'()")  # too little to judge
    assert is_garbled("\x02\x03\x04\x05 !\"#$%&'()*+,-./0123 " * 5)  # glyph ids as characters
    assert is_garbled("\ue001\ue002\ue003 \ue004\ue005 " * 10)  # private-use glyphs
    assert is_garbled("Bkdtrw gnpsq vrtklm shtpq Xcvbnm zxcvb " * 6)  # no vowels: wrong mapping


def test_garble_check_is_its_three_signs_on_random_text():
    """The garble check counts letters and digits only when the words' letters fall short of
    half the text: on random text of every mix (letters, digits, punctuation, private-use
    and control characters, accented and non-Latin letters, numerals) it says what the three
    signs, counted in full, say."""
    import random
    import re

    bad = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff\ufffd]")
    word3 = re.compile(r"[^\W\d_]{3,}")
    vowel = re.compile(r"[aeiouyáéíóúäëïöüàèìòùâêîôû]", re.I)

    def signs(text: str) -> bool:
        text = text[:4000]
        n = len(re.sub(r"\s", "", text))
        if n < 20:
            return False
        if len(bad.findall(text)) / n > 0.1:
            return True
        if len(re.sub(r"[\W_]", "", text)) / n < 0.5:
            return True
        words = word3.findall(text)
        if len(words) < 20:
            return False
        return sum(1 for w in words if vowel.search(w)) / len(words) < 0.6

    pools = ["aeiou", "bcdfghklmnpqrstvwxz", "0123456789", " \n\t", ".,;:!?-()/€%_", "éëïöüÉ",
             "\ue001\ufffd\x02", "½²Ⅻ", "жфщ", "_"]
    rnd = random.Random(7)
    verdicts = set()
    for _ in range(1000):
        weights = [rnd.random() ** 3 for _ in pools]
        text = "".join(rnd.choice(rnd.choices(pools, weights)[0]) for _ in range(rnd.randint(10, 600)))
        assert is_garbled(text) == signs(text), repr(text)
        verdicts.add(is_garbled(text))
    assert verdicts == {True, False}


def test_garble_vowels_are_the_vowels_of_either_case():
    """The garble check's vowel set holds exactly the characters the vowel class matches
    with re.I, over every code point (Python folds the dotted and dotless i in as well)."""
    import re

    from zvdj_viewer.readers.pdf import _VOWELS

    vowel = re.compile(r"[aeiouyáéíóúäëïöüàèìòùâêîôû]", re.I)
    assert {chr(c) for c in range(0x110000) if vowel.match(chr(c))} == _VOWELS


def test_page_blocks_are_what_get_text_dict_gives(samples_dir, tmp_path):
    """The reader's shortcut to the dict extraction (MuPDF's two calls under PyMuPDF's
    get_text) gives the blocks get_text("dict", sort=True) gives, on every page of the
    samples and on rotated pages (which take PyMuPDF's way)."""
    import pymupdf

    from zvdj_viewer.readers import pdf

    rotated = tmp_path / "gedraaid.pdf"
    doc = pymupdf.open()
    for angle in (0, 90, 180, 270):
        page = doc.new_page()
        page.insert_text((72, 72), f"Kwispel gedraaid {angle}", fontsize=11)
        page.set_rotation(angle)
    doc.save(rotated)
    compared = 0
    for path in [rotated] + sorted(samples_dir.rglob("*.pdf")):
        with pymupdf.open(path) as doc:
            for page in doc:
                want = page.get_text("dict", sort=True, flags=pdf._TEXT_FLAGS)["blocks"]
                assert pdf._page_blocks(page) == want, (path.name, page.number)
                compared += 1
    assert compared > 100


def test_remembered_rounding_is_round(monkeypatch):
    """The reader's remembered round(x, 1) gives what round gives, asked once or again: the
    sign of a zero, an int, NaN, halves either side; and it stops remembering at its cap."""
    import random

    from zvdj_viewer.readers import pdf

    monkeypatch.setattr(pdf, "_ROUNDED", {})
    monkeypatch.setattr(pdf, "_MAX_ROUNDED", 1000)
    rnd = random.Random(7)
    values = [0.0, -0.0, 0, 12, 12.0, -12, 0.05, 0.15, 0.25, 2.675, -0.04, 72.35, float("nan"), float("inf"), 1e300]
    values += [rnd.uniform(-900, 900) for _ in range(3000)] + [round(rnd.uniform(0, 800), 2) for _ in range(3000)]
    for x in values + values[::-1]:
        assert repr(pdf._round1(x)) == repr(round(x, 1)), x
    assert len(pdf._ROUNDED) == 1000


def test_pdf_speed(samples_dir):
    """About 1-8 ms per page (measured 2-4 ms/page on these files); 50 ms/page means a regression."""
    import time

    start, pages = time.perf_counter(), 0
    for name in ("woo-bundles/Bij-documenten.pdf", "besluitenlijsten/besluitenlijst_example2.pdf"):
        pages += readers.read(samples_dir / name).page_count
    assert (time.perf_counter() - start) / pages < 0.05


# --- officielebekendmakingen XML and HTML ------------------------------------------------------

def _body_words(path) -> Counter:
    s = readers.read(path)
    mark_furniture(s)  # the PDF's running headers; no-op on XML/HTML
    return Counter(words("\n".join(p.reading_text() for p in s.pages)))


def _jaccard(a: Counter, b: Counter) -> float:
    return sum((a & b).values()) / sum((a | b).values())


def test_xml_html_and_pdf_of_one_publication_give_the_same_words(samples_dir):
    base = samples_dir / OBK / "ah-tk-20202021-3235"
    x, h, p = (_body_words(f"{base}.{ext}") for ext in ("xml", "html", "pdf"))
    # every word of the XML is in the PDF, as often; the PDF adds only its footer line
    # ("ah-tk-20202021-3235 ISSN 0921-7398 's-Gravenhage 2021"); measured Jaccard 0.990
    assert not x - p, x - p
    assert set(p - x) <= {"ah", "tk", "20202021", "3235", "issn", "0921", "7398", "s", "gravenhage", "2021"}
    assert _jaccard(x, p) > 0.98
    # the HTML has every word of the XML body; it leaves out only the heading block
    # ("Vergaderjaar 2020-2021, Tweede Kamer ..., Aanhangsel van de Handelingen"), whose
    # div is empty in the HTML rendition: measured 0.970
    assert not h - x, h - x
    assert _jaccard(x, h) > 0.95


def test_publication_metadata_from_file_and_sidecar(samples_dir):
    s = readers.read(samples_dir / OBK / "ah-tk-20202021-3235.xml")
    assert s.kind == "xml" and s.page_count == 1 and s.problems == []
    m = s.metadata
    assert m["number"] == "3235" and m["identifier"] == "ah-tk-20202021-3235" and m["date"] == "2021-06-21"
    assert m["type"] == "Aanhangsel van de Handelingen" and m["vergaderjaar"] == "2020-2021"
    assert m["indiener"] == "S.P.R.A. van Weyenberg; R.H. (Romke) de Jong; H. Kat"
    assert s.title.startswith("Antwoord op vragen van de leden Van Weyenberg")
    lines = s.pages[0].lines
    assert [ln.number for ln in lines] == list(range(1, len(lines) + 1)) and s.line_count == len(lines)
    # names and dates inside a sentence stay inside its line; headings as in the HTML rendition
    (ask,) = [ln for ln in lines if ln.text.startswith("Vragen van de leden Van Weyenberg, Romke de Jong en Kat")]
    assert ask.heading == 1 and ask.text.endswith("over de TOZO (ingezonden 3 juni 2021).")
    assert [ln.text for ln in lines if ln.heading == 2][:3] == ["Vraag 1", "Antwoord 1", "Vraag 2"]
    h = readers.read(samples_dir / OBK / "ah-tk-20202021-3235.html")
    assert {k: h.metadata[k] for k in ("number", "identifier", "date", "type")} == \
        {k: m[k] for k in ("number", "identifier", "date", "type")}
    assert [ln.text for ln in h.pages[0].lines if ln.heading == 2][:3] == ["Vraag 1", "Antwoord 1", "Vraag 2"]
    assert not readers.is_supported(samples_dir / OBK / "ah-tk-20202021-3235__metadata.xml")


def test_html_reads_only_the_publication(samples_dir):
    h = readers.read(samples_dir / OBK / "gmb.html")
    assert h.metadata["identifier"] == "gmb-2017-100007" and h.metadata["number"] == "100007"
    assert h.title == "Bekendmaking Wet op de kansspelen St. Inloophuis Velp Zuid"
    lines = [ln.text for ln in h.pages[0].lines]
    assert lines[0] == h.title and "Activiteit: Bingoavond op 17 juni 2017." in lines
    assert not any(t in ("Zoeken", "Home", "Contact") for t in lines)  # site chrome left out
    assert len(lines) == h.line_count == 18


def test_gazette_xml_title_and_identifier(samples_dir):
    g = readers.read(samples_dir / OBK / "gmb.xml")
    # the masthead "GEMEENTEBLAD" is text, not the title
    assert g.title == "Ingediende aanvraag omgevingsvergunning, Zuiderweg 21 Midwolda"
    assert g.metadata == {"identifier": "gmb-2017-100002"}
    assert g.pages[0].lines[0].text == "GEMEENTEBLAD" and g.pages[0].lines[-1].text == "Winschoten, 14 juni 2017"
    s = readers.read(samples_dir / OBK / "stcrt.xml")
    assert s.title == "Ter inzage: omgevingsvergunning" and s.metadata["identifier"] == "stcrt-2015-47076"
    # three <nadruk> runs inside one <tussenkop> are one line
    assert "Bergen, 2 3 december 2015" in [ln.text for ln in s.pages[0].lines]


@pytest.mark.parametrize("name, lines, identifier", [("stcrt.html", 9, "stcrt-2013-10981"),
                                                     ("h-tk-20172018-50-1.xml", 8, "h-tk-20172018-50-1")])
def test_other_publication_shapes_read(samples_dir, name, lines, identifier):
    s = readers.read(samples_dir / OBK / name)
    assert s.line_count == lines and s.problems == [] and s.metadata["identifier"] == identifier


def test_malformed_xml_is_a_clear_error(samples_dir):
    # text (a byte-order mark decoded twice) before the XML declaration: lxml, even with
    # recover=True, finds no document
    reason = _fail(samples_dir / "hard-cases" / "h-tk-20172018-70-14.xml")
    assert reason == ("malformed XML (Start tag expected, '<' not found, line 1, column 1); "
                      "the file starts with '\u00ef\u00bb\u00bf' before the XML")


def test_malformed_xml_with_readable_text_is_recovered(tmp_path):
    p = tmp_path / "kapot.xml"
    p.write_text('<?xml version="1.0"?><officiele-publicatie><stuk><kop><titel>Fictieve regeling</titel></kop>'
                 "<al>Eerste alinea.</al><al>Tweede alinea & meer", encoding="utf-8")
    s = readers.read(p)
    assert [ln.text for ln in s.pages[0].lines] == ["Fictieve regeling", "Eerste alinea.", "Tweede alinea meer"]
    assert len(s.problems) == 1 and s.problems[0].startswith("malformed XML, recovered the readable part (")
    p.write_text("<<<>>> niets", encoding="utf-8")
    assert _fail(p).startswith("malformed XML (")


def test_xml_lists_and_tables_as_lines(tmp_path):
    p = tmp_path / "regeling.xml"
    p.write_text(
        '<?xml version="1.0" encoding="utf-8"?><officiele-publicatie><kop><titel>FICTIEBLAD</titel></kop>'
        '<stuk><kop><titel>Regeling over <nadruk type="vet">kwispelstaarten</nadruk></titel></kop>'
        '<al>Een alinea met een <extref doc="x">verwijzing</extref> erin.</al>'
        "<lijst><li><li.nr>1.</li.nr><al>Eerste punt</al></li><li><li.nr>2.</li.nr><al>Tweede punt</al></li></lijst>"
        "<table><tgroup cols='2'><tbody><row><entry><al>Post</al></entry><entry>Bedrag</entry></row>"
        "<row><entry>Koffie</entry><entry>\u20ac 12,50</entry></row></tbody></tgroup></table></stuk>"
        "</officiele-publicatie>", encoding="utf-8")
    s = readers.read(p)
    assert [(ln.number, ln.text, ln.heading) for ln in s.pages[0].lines] == [
        (1, "FICTIEBLAD", 2), (2, "Regeling over kwispelstaarten", 2),
        (3, "Een alinea met een verwijzing erin.", 0), (4, "1. Eerste punt", 0), (5, "2. Tweede punt", 0),
        (6, "Post\tBedrag", 0), (7, "Koffie\t\u20ac 12,50", 0)]
    assert s.title == "Regeling over kwispelstaarten"


def test_html_without_charset_is_utf8(tmp_path):
    p = tmp_path / "bekendmaking.html"
    p.write_bytes("<html><body><nav>Zoeken</nav><div id='broodtekst'><h2>Kop</h2><p>Kosten \u20ac 5</p>"
                  "<table><tr><td>a</td><td>b</td></tr></table></div></body></html>".encode("utf-8"))
    s = readers.read(p)
    assert [(ln.text, ln.heading) for ln in s.pages[0].lines] == [("Kop", 2), ("Kosten \u20ac 5", 0), ("a\tb", 0)]


# --- text ---------------------------------------------------------------------------------------

def test_seed_text_keeps_line_numbers_and_markdown_hints(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        s = readers.read(path)
        raw = path.read_text(encoding="utf-8-sig").splitlines()
        lines = s.pages[0].lines
        assert [ln.text for ln in lines] == raw, path.name
        assert [ln.number for ln in lines] == list(range(1, len(raw) + 1)) and s.line_count == len(raw)
        for ln in lines:
            assert bool(ln.heading) == ln.text.startswith("#"), ln.text
        assert s.problems == [] and s.kind == "text"
    s = readers.read(sorted(seeds_dir.glob("000_*.txt"))[0])
    assert s.title and "stuurgroep" in s.title.lower()
    by_text = {ln.text: ln for ln in s.pages[0].lines}
    # '#### **2. Contourennota ...**' is a level-4 heading; a table row whose first cell alone
    # is bold is not a bold line
    (h,) = [ln for t, ln in by_text.items() if t.startswith("#### **2. Contourennota")]
    assert h.heading == 4
    (row,) = [ln for t, ln in by_text.items() if t.startswith("<b>1. Opening en mededelingen:</b>\t")]
    assert not row.bold and row.heading == 0


def test_hyphen_joining():
    assert join_hyphenated("beperk-\ntere regels") == "beperktere\n regels"
    assert join_hyphenated("BO Rijk-\nVNG") == "BO Rijk-\nVNG"
    assert join_hyphenated("jeugd-\nen gezinsbeleid") == "jeugd-\nen gezinsbeleid"


def test_supported_files():
    for name in ("a.pdf", "B.PDF", "c.xml", "d.html", "e.htm", "f.txt", "g.md", "h.markdown"):
        assert readers.is_supported(name), name
    for name in ("x__metadata.xml", "a.docx", "a.png", ".verborgen.txt", "~$lock.md", "geen"):
        assert not readers.is_supported(name), name
    assert set(readers.SUPPORTED_SUFFIXES) >= {".pdf", ".xml", ".html", ".htm", ".txt", ".md", ".markdown"}


def test_ligatures_are_read_as_letters(tmp_path):
    """Fonts that draw "fi" as one glyph (U+FB01) must not hide the word from search."""
    from zvdj_viewer.readers.pdf import _clean

    assert _clean("steun\ufb01guur en \ufb02exibele e\ufb00ecten") == "steunfiguur en flexibele effecten"
