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


def test_streams_are_unpacked_only_up_to_the_cap(tmp_path, monkeypatch):
    import pymupdf

    path = tmp_path / "een.pdf"
    _write_pdf(path, zlib.compress(b"BT /F1 12 Tf 72 720 Td (Kwispel) Tj ET" + b" " * 100_000))
    doc = pymupdf.open(path)
    assert pdf._over_cap(doc, doc[0]) == (None, 100_038)
    monkeypatch.setattr(pdf, "MAX_PAGE_CONTENT_BYTES", 1000)
    assert pdf._over_cap(doc, doc[0]) == ("its content unpacks to over 0 MB (a compression bomb?)", 1000)
    monkeypatch.undo()
    assert process_file(str(path)).source.pages[0].lines[0].text == "Kwispel"


def test_a_bomb_behind_another_filter_is_capped_too(tmp_path):
    """The streams are unpacked by MuPDF's decoder, every filter of it: a bomb wrapped in
    ASCIIHex (or any filter MuPDF reads) is stopped at the cap like a plain Flate one."""
    path = tmp_path / "hexbom.pdf"
    make_bomb_page(path, 40)
    data = path.read_bytes()
    start = data.index(b"stream\n") + len(b"stream\n")
    end = data.index(b"\nendstream")
    hexed = data[start:end].hex().encode() + b">"
    head = data[:start].replace(b"/Filter /FlateDecode /Length %d" % (end - start),
                                b"/Filter [/ASCIIHexDecode /FlateDecode] /Length %d" % len(hexed))
    _rewrite_xref(path, head + hexed + data[end:])
    t0 = time.process_time()
    result = process_file(str(path))
    assert time.process_time() - t0 < 1.0
    assert result.error == ("no page could be read (page 1 too big: its content unpacks to over 16 MB "
                            "(a compression bomb?))")


def test_a_bomb_behind_a_broken_stream_is_not_counted(tmp_path):
    """MuPDF stops reading a page's content at a stream it cannot decode, so a bomb after it
    is never unpacked: the page is read (its text before the break), not refused as too big."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Kwispel", fontsize=11)
    parts = page.get_contents()
    comp = zlib.compressobj(9)
    bomb = comp.compress(b"BT /F1 12 Tf 72 720 Td (Bom) Tj ET\n") + comp.compress(b" " * 30_000_000) + comp.flush()
    for body, filt in ((zlib.compress(b"BT ET"), "/ASCIIHexDecode"), (bomb, "/FlateDecode")):
        xref = doc.get_new_xref()
        doc.update_object(xref, "<<>>")
        doc.update_stream(xref, body, compress=False)
        doc.xref_set_key(xref, "Filter", filt)
        parts.append(xref)
    doc.xref_set_key(page.xref, "Contents", "[" + " ".join(f"{x} 0 R" for x in parts) + "]")
    path = tmp_path / "gebroken.pdf"
    doc.save(path)
    t0 = time.process_time()
    result = process_file(str(path))
    assert time.process_time() - t0 < 1.0
    assert result.error is None and not [p for p in result.source.problems if "too big" in p]
    assert [ln.text for ln in result.source.pages[0].lines] == ["Kwispel"]


def _rewrite_xref(path, data: bytes) -> None:
    """``data`` with its cross-reference table made right again (objects moved)."""
    import re

    offsets = [m.start() for m in re.finditer(rb"(?m)^\d+ 0 obj", data)]
    xref_at = data.index(b"xref\n")
    table = b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    table += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    tail = data[data.index(b"trailer"):]
    tail = re.sub(rb"startxref\n\d+", b"startxref\n%d" % xref_at, tail)
    path.write_bytes(data[:xref_at] + table + tail)


@pytest.mark.parametrize("spans", [2000])
def test_a_normal_dense_page_is_read(tmp_path, spans):
    path = tmp_path / "vol.pdf"
    make_span_page(path, spans)
    result = process_file(str(path))
    assert result.error is None and result.source.pages[0].has_text


def _odd_filters_pdf(path) -> None:
    """A PDF whose page's content streams carry every form of /Filter MuPDF reads: none, a
    name, an abbreviation, a one-name array, an indirect one, null, a number, a string."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Kwispel", fontsize=11)
    parts = page.get_contents()
    body = zlib.compress(b"BT /F1 12 Tf 72 700 Td (Kwispel) Tj ET")
    for filt in (None, "/FlateDecode", "/Fl", "[/FlateDecode]", "null", "7", "(FlateDecode)", "(/FlateDecode)"):
        xref = doc.get_new_xref()
        doc.update_object(xref, "<<>>")
        doc.update_stream(xref, body, compress=False)
        if filt is not None:
            doc.xref_set_key(xref, "Filter", filt)
        parts.append(xref)
    name = doc.get_new_xref()
    doc.update_object(name, "/FlateDecode")
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, body, compress=False)
    doc.xref_set_key(xref, "Filter", f"{name} 0 R")
    parts.append(xref)
    doc.xref_set_key(page.xref, "Contents", "[" + " ".join(f"{x} 0 R" for x in parts) + "]")
    doc.save(path)
    doc.close()


def test_the_size_counted_is_what_mupdf_decodes(tmp_path):
    """pdf._over_cap counts the bytes MuPDF decodes from a page's content streams and forms
    (the space MuPDF reads between a page's content streams is not counted), for every page
    of the samples and of a page whose streams carry every form of /Filter."""
    import pymupdf

    odd = tmp_path / "filters.pdf"
    _odd_filters_pdf(odd)
    shared = Path(__file__).resolve().parents[3] / "shared"
    paths = [odd] + sorted(shared.rglob("*.pdf"))[:12]
    compared = 0
    for path in paths:
        doc = pymupdf.open(path)
        for page in doc:
            want = 0
            for xref in page.get_contents() + [x[0] for x in page.get_xobjects()]:
                try:
                    want += len(doc.xref_stream(xref) or b"")
                except Exception:
                    pass  # a stream MuPDF cannot decode is not read
            assert pdf._over_cap(doc, page) == (None, want), (path.name, page.number)
            compared += 1
        doc.close()
    assert compared > 100


def test_a_page_mupdf_gives_no_pdf_page_for_is_left_to_mupdfs_reading(tmp_path, monkeypatch):
    """When MuPDF hands back no PDF page object for a page (seen on random bytes after other
    files were read in the same process: the whole process crashed reading its NULL object),
    the caps are not checked for it and nothing is dereferenced."""
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Fictieve pagina")
    touched = []

    class NoPage:
        m_internal = None

        def obj(self):  # what would read the NULL pointer
            touched.append("obj")
            raise AssertionError("obj() of a missing PDF page")

    monkeypatch.setattr(pdf._mupdf, "pdf_page_from_fz_page", lambda page: NoPage())
    assert pdf._over_cap(doc, doc[0]) == (None, 0)
    assert touched == []
