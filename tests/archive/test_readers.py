"""Every reader on real files from ../shared (expected values checked by opening the files)."""

from collections import Counter

import pytest

from zvdj_viewer import readers
from zvdj_viewer.model import ReadError
from zvdj_viewer.readers.pdf import is_garbled
from zvdj_viewer.readers.words import join_hyphenated, words


def test_pdf_pages_lines_fonts_and_bookmarks(samples_dir):
    s = readers.read(samples_dir / "woo-bundles" / "Bij-documenten.pdf")
    assert s.kind == "pdf" and s.page_count == 29 and s.problems == []
    assert len(s.bookmarks) == 24 and s.bookmarks[0].page == 1
    assert all(b.level >= 1 and 1 <= b.page <= 29 for b in s.bookmarks)
    first = s.pages[0]
    assert first.has_text and not first.garbled and first.width > 500
    assert all(ln.bbox and ln.size and ln.size > 4 for ln in first.lines)


def test_pages_without_text_layer_are_kept_and_reported(samples_dir):
    s = readers.read(samples_dir / "woo-bundles" / "test.pdf")
    assert s.page_count == 20  # none dropped
    assert [p.number for p in s.pages if not p.has_text] == list(range(8, 21))
    assert s.problems == ["pages 8-20: no text layer"]
    scan = readers.read(samples_dir / "hard-cases" / "1848-scan.pdf")
    assert scan.problems == ["pages 1-3: no text layer"]


def test_garbled_text_layer_is_detected_only_where_it_is(samples_dir):
    g = readers.read(samples_dir / "hard-cases" / "garble.pdf")
    assert all(p.garbled for p in g.pages) and "garbled" in g.problems[0]
    for name in ("woo-bundles/Bij-documenten.pdf", "besluitenlijsten/besluitenlijst_example2.pdf",
                 "hard-cases/1848-notificatie-met-undefined-unicodes.pdf"):
        s = readers.read(samples_dir / name)
        assert not any(p.garbled for p in s.pages), name
    assert not is_garbled("De gemeenten en het Rijk maken afspraken over de jeugdhulp in de regio. " * 3)
    assert is_garbled("\x02\x03\x04\x05 !\"#$%&'()*+,-./0123 " * 5)


def _word_counts(source):
    return Counter(words("\n".join(p.text for p in source.pages)))


def test_xml_html_and_pdf_of_one_publication_give_the_same_words(samples_dir):
    base = samples_dir / "officielebekendmakingen" / "ah-tk-20202021-3235"
    xml, html_, pdf = (readers.read(f"{base}.{ext}") for ext in ("xml", "html", "pdf"))
    x, h, p = _word_counts(xml), _word_counts(html_), _word_counts(pdf)
    # the HTML rendition lacks only the heading block (its kopregel div is empty);
    # the PDF adds running headers and the footer line (ISSN, 's-Gravenhage)
    assert not h - x, h - x
    assert not x - p, x - p
    jaccard = sum((x & p).values()) / sum((x | p).values())
    assert jaccard > 0.95, jaccard
    assert set(h) <= set(x) and len(set(h)) / len(set(x)) > 0.95


def test_publication_metadata_from_file_and_sidecar(samples_dir):
    s = readers.read(samples_dir / "officielebekendmakingen" / "ah-tk-20202021-3235.xml")
    assert s.kind == "xml" and s.page_count == 1
    assert s.metadata["number"] == "3235" and s.metadata["identifier"] == "ah-tk-20202021-3235"
    assert s.metadata["date"] == "2021-06-21"
    assert s.title.startswith("Antwoord op vragen van de leden Van Weyenberg")
    lines = s.pages[0].lines
    assert [ln.number for ln in lines] == list(range(1, len(lines) + 1)) and s.line_count == len(lines)
    # a name inside a sentence stays inside its line
    assert any("Vragen van de leden Van Weyenberg, Romke de Jong en Kat" in ln.text for ln in lines)
    h = readers.read(samples_dir / "officielebekendmakingen" / "gmb.html")
    assert h.metadata["identifier"] == "gmb-2017-100007" and h.title.startswith("Bekendmaking Wet op de kansspelen")
    # site navigation of the HTML page is not publication text
    assert not any("Zoeken" == ln.text for ln in h.pages[0].lines)
    assert not readers.is_supported(samples_dir / "officielebekendmakingen" / "ah-tk-20202021-3235__metadata.xml")


@pytest.mark.parametrize("name", ["gmb.xml", "stcrt.xml", "stcrt.html", "h-tk-20172018-50-1.xml"])
def test_other_publication_shapes_read(samples_dir, name):
    s = readers.read(samples_dir / "officielebekendmakingen" / name)
    assert s.line_count >= 8 and s.problems == []


def test_malformed_xml_is_a_clear_error(samples_dir):
    with pytest.raises(ReadError, match=r"^malformed XML \(.+\)"):
        readers.read(samples_dir / "hard-cases" / "h-tk-20172018-70-14.xml")


def test_seed_text_keeps_line_numbers_and_markdown_hints(seeds_dir):
    path = sorted(seeds_dir.glob("000_*.txt"))[0]
    s = readers.read(path)
    raw = path.read_text(encoding="utf-8").splitlines()
    lines = s.pages[0].lines
    assert [ln.text for ln in lines] == raw and [ln.number for ln in lines] == list(range(1, len(raw) + 1))
    for ln in lines:
        assert bool(ln.heading) == ln.text.lstrip().startswith("#")
    assert s.title and "stuurgroep" in s.title.lower()


def test_text_encodings_and_binary(tmp_path):
    (tmp_path / "a.md").write_bytes("\ufeff# Kop\n**Vet**\ngewoon\n".encode("utf-8"))
    s = readers.read(tmp_path / "a.md")
    assert [(ln.text, ln.heading, ln.bold) for ln in s.pages[0].lines] == [
        ("# Kop", 1, False), ("**Vet**", 0, True), ("gewoon", 0, False)]
    (tmp_path / "b.txt").write_bytes("caf\xe9 \x80 5".encode("latin-1"))
    s = readers.read(tmp_path / "b.txt")
    assert s.pages[0].lines[0].text == "café € 5" and "Windows-1252" in s.problems[0]
    (tmp_path / "c.txt").write_bytes(b"\x00\x01\x02binary" * 100)
    with pytest.raises(ReadError, match="not a text file"):
        readers.read(tmp_path / "c.txt")


def test_hyphen_joining():
    assert join_hyphenated("beperk-\ntere regels") == "beperktere\n regels"
    assert join_hyphenated("BO Rijk-\nVNG") == "BO Rijk-\nVNG"
    assert join_hyphenated("jeugd-\nen gezinsbeleid") == "jeugd-\nen gezinsbeleid"
