"""Caps per file and per page (issue 16, point 13): a big XML/HTML publication, a PDF page
with a huge number of text pieces and a PDF page whose content is a compressed-stream bomb
are each refused or skipped up front, by name and with the reason, and the rest of a file is
read (a file's pages together are capped too). Fictional files, made by bench/bench_memory_caps.py (which prints time and peak RSS
for the full-size cases: 60 MB XML, 1,000,000 spans, 1 GB bomb).
"""

from __future__ import annotations

import time
import zlib
from pathlib import Path

import pytest

from bench.bench_memory_caps import _write_pdf, make_bomb_page, make_span_page
from zvdj_viewer.pipeline import process_file
from zvdj_viewer.readers import obk, pdf


def test_xml_and_html_over_the_cap_are_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(obk, "MAX_PUBLICATION_BYTES", 1_000_000)
    for name in ("groot.xml", "groot.html"):
        path = tmp_path / name
        with open(path, "wb") as f:
            f.write(b"<?xml version='1.0'?><stuk><al>kwispel</al></stuk>")
            f.truncate(1_000_001)  # sparse: the size is what counts, not the bytes read
        t0 = time.perf_counter()
        result = process_file(str(path))
        assert time.perf_counter() - t0 < 5
        assert result.error == (f"too large for an {name[-4:].strip('.').upper()} publication (1,000,001 bytes; "
                                f"publications up to 1 MB are read)")


def test_a_page_with_too_many_text_pieces_is_not_read(tmp_path):
    path = tmp_path / "stukjes.pdf"
    make_span_page(path, pdf.MAX_PAGE_TEXT_PIECES + 10)
    result = process_file(str(path))
    assert result.error == ("no page could be read (page 1 too big: 100,011 pieces of text, more than a page "
                            "holds (the limit is 100,000))")


def test_a_compression_bomb_page_is_not_unpacked(tmp_path):
    path = tmp_path / "bom.pdf"
    make_bomb_page(path, 200)  # 200 MB of spaces in 0.2 MB
    t0 = time.process_time()
    result = process_file(str(path))
    assert time.process_time() - t0 < 1.0  # MuPDF took 2 s on it; the cap check unpacks 16 MB
    assert result.error == ("no page could be read (page 1 too big: its content unpacks to over 16 MB "
                            "(a compression bomb?))")


def test_the_other_pages_of_the_file_are_read(tmp_path, monkeypatch):
    import pymupdf

    good = tmp_path / "goed.pdf"
    doc = pymupdf.open()
    for n in (1, 2, 3):
        doc.new_page().insert_text((72, 72), [f"Agenda kwispeloverleg, pagina {n}"], fontsize=11)
    doc.save(good)
    doc.close()
    bomb = tmp_path / "bom.pdf"
    make_bomb_page(bomb, 20)
    doc = pymupdf.open(good)
    doc.insert_pdf(pymupdf.open(bomb), start_at=1)  # the bomb becomes page 2 of 4
    path = tmp_path / "gemengd.pdf"
    doc.save(path)  # saved as is: the bomb stream is copied, not unpacked
    monkeypatch.setattr(pdf, "MAX_PAGE_CONTENT_BYTES", 5_000_000)
    result = process_file(str(path))
    assert result.error is None
    assert "page 2: could not be read (too big: its content unpacks to over 5 MB (a compression bomb?))" \
        in result.source.problems
    texts = [ln.text for p in result.source.pages for ln in p.lines]
    assert [t for t in texts if "kwispeloverleg" in t] == [f"Agenda kwispeloverleg, pagina {n}" for n in (1, 2, 3)]


def test_the_content_of_a_whole_file_is_capped(tmp_path, monkeypatch):
    import pymupdf

    doc = pymupdf.open()
    for n in range(1, 5):
        one = tmp_path / f"{n}.pdf"
        make_bomb_page(one, 3)  # 3 MB a page, under the page cap
        doc.insert_pdf(pymupdf.open(one))
    path = tmp_path / "vier.pdf"
    doc.save(path)
    monkeypatch.setattr(pdf, "MAX_FILE_CONTENT_BYTES", 7_000_000)
    result = process_file(str(path))
    assert [p.has_text for p in result.source.pages] == [True, True, False, False]
    assert "page 3: could not be read (too big: the file's pages unpack to over 7 MB by this page)" \
        in result.source.problems


def test_real_pages_are_far_below_the_caps(samples_dir):
    import pymupdf

    for path in sorted(samples_dir.rglob("*.pdf")):
        doc = pymupdf.open(path)
        for page in doc:
            assert pdf._over_cap(doc, page)[0] is None, (path.name, page.number)
        doc.close()


def test_streams_are_unpacked_only_up_to_the_cap(tmp_path):
    import pymupdf

    path = tmp_path / "een.pdf"
    _write_pdf(path, zlib.compress(b"BT /F1 12 Tf 72 720 Td (Kwispel) Tj ET" + b" " * 100_000))
    doc = pymupdf.open(path)
    xref = doc[0].get_contents()[0]
    assert len(pdf._unpacked(doc, xref, 1000)) == 1000
    assert pdf._unpacked(doc, xref, 10**6).startswith(b"BT /F1")
    assert pdf._over_cap(doc, doc[0]) == (None, 100_038)
    assert process_file(str(path)).source.pages[0].lines[0].text == "Kwispel"


@pytest.mark.parametrize("spans", [2000])
def test_a_normal_dense_page_is_read(tmp_path, spans):
    path = tmp_path / "vol.pdf"
    make_span_page(path, spans)
    result = process_file(str(path))
    assert result.error is None and result.source.pages[0].has_text


def _odd_filters_pdf(path) -> None:
    """A PDF whose streams carry every form of /Filter: none, a name, a one-name array, a
    two-name array, an indirect one, null, a number; plus objects that are no stream."""
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Kwispel", fontsize=11)
    body = zlib.compress(b"BT /F1 12 Tf 72 700 Td (Kwispel) Tj ET")
    for filt in (None, "/FlateDecode", "/Fl", "[/FlateDecode]", "[/ASCIIHexDecode /FlateDecode]",
                 "null", "7", "/ASCIIHexDecode", "(FlateDecode)", "(/FlateDecode)"):
        xref = doc.get_new_xref()
        doc.update_object(xref, "<<>>")
        doc.update_stream(xref, body, compress=False)
        if filt is not None:
            doc.xref_set_key(xref, "Filter", filt)
    name = doc.get_new_xref()
    doc.update_object(name, "/FlateDecode")
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, body, compress=False)
    doc.xref_set_key(xref, "Filter", f"{name} 0 R")
    doc.save(path)
    doc.close()


def test_low_level_stream_reading_gives_what_pymupdf_gives(tmp_path):
    """pdf._filter_and_raw (MuPDF's calls directly, for speed) returns, or raises, exactly what
    PyMuPDF's xref_get_key('Filter') and xref_stream_raw give, for every object of every PDF
    of the samples and of a file with every form of /Filter."""
    import pymupdf

    odd = tmp_path / "filters.pdf"
    _odd_filters_pdf(odd)
    shared = Path(__file__).resolve().parents[3] / "shared"
    paths = [odd] + sorted(shared.rglob("*.pdf"))[:12]
    compared = 0
    for path in paths:
        doc = pymupdf.open(path)
        low = pdf._pdf_of(doc)
        assert low is not None
        for xref in range(0, doc.xref_length() + 1):
            try:
                want = (*doc.xref_get_key(xref, "Filter"), doc.xref_stream_raw(xref) or b"")
            except Exception as err:
                want = type(err)
            try:
                got = pdf._filter_and_raw(doc, xref, low)
            except Exception as err:
                got = type(err)
            assert got == want, (path.name, xref, got, want)
            assert pdf._unpacked(doc, xref, 10**6, low) == pdf._unpacked(doc, xref, 10**6), (path.name, xref)
            compared += 1
        doc.close()
    assert compared > 100
