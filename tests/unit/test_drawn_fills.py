"""A page's text and its drawn redaction boxes from one MuPDF interpretation
(readers/drawn_fills.py, issue 22 round 6): the text page is the one PyMuPDF's call makes, the
boxes are those ``vector_boxes`` finds with ``get_cdrawings()``, and a page that carries a
code is not interpreted again for them. Fictional pages drawn here, and the sample PDFs."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from pymupdf import extra, mupdf

from zvdj_viewer import pipeline, readers
from zvdj_viewer import redaction_boxes as rb
from zvdj_viewer.readers import drawn_fills
from zvdj_viewer.readers import pdf as pdf_reader

pytestmark = pytest.mark.skipif(not drawn_fills.available(), reason="no ctypes view of this MuPDF")


def _plain_dict(page) -> dict:
    textpage = mupdf.FzStextPage(extra.page_get_textpage(page.this, None, pdf_reader._TEXT_FLAGS,
                                                         pymupdf.Matrix(1, 1)))
    out: dict = {}
    extra.JM_make_textpage_dict(textpage.m_internal, out, False)
    return out


def _one_pass(page):
    textpage, fills = drawn_fills.text_page_and_fills(page, pdf_reader._TEXT_FLAGS)
    out: dict = {}
    extra.JM_make_textpage_dict(textpage.m_internal, out, False)
    return out, fills


def _drawn_page(doc):
    """Fills of every kind the box rules tell apart, with text among them."""
    page = doc.new_page()  # 595 x 842
    page.insert_text((72, 60), "Overleg met 10.2.e en 5.1.2e over de zaak")
    black = dict(color=None, fill=(0, 0, 0))
    page.draw_rect(pymupdf.Rect(140, 48, 200, 64), **black)  # a box
    page.draw_rect(pymupdf.Rect(100, 100, 100 + rb.MIN_W, 100 + rb.MIN_H), **black)  # just a box
    page.draw_rect(pymupdf.Rect(100, 150, 100 + rb.MIN_W - 0.01, 170), **black)  # a hair narrow
    page.draw_rect(pymupdf.Rect(100, 200, 160, 200 + rb.MIN_H - 0.01), **black)  # a hair low
    page.draw_circle((300, 300), 20, **black)  # curves
    page.draw_rect(pymupdf.Rect(100, 400, 200, 420), color=None, fill=(0.95, 0.95, 0.95))  # light
    page.draw_rect(pymupdf.Rect(100, 430, 200, 450), color=None, fill=(0.3, 0.3, 0.3))  # grey box
    page.draw_rect(pymupdf.Rect(10, 500, 585, 520), **black)  # wider than MAX_W_SHARE of the page
    page.draw_rect(pymupdf.Rect(300, 430, 360, 446), color=(0, 0, 0), fill=(0.1, 0.1, 0.1))  # fill + stroke
    shape = page.new_shape()  # two rectangles in one path: one drawing, its rect spans both
    shape.draw_rect(pymupdf.Rect(100, 600, 150, 615))
    shape.draw_rect(pymupdf.Rect(200, 600, 250, 615))
    shape.finish(color=None, fill=(0.2, 0.2, 0.2))
    shape.draw_polyline([(300, 600), (380, 600), (380, 620), (300, 620), (300, 600)])  # four lines
    shape.finish(color=None, fill=(0, 0, 0), closePath=True)
    shape.draw_polyline([(400, 600), (480, 600), (480, 620), (400, 620)])  # three lines, closed
    shape.finish(color=None, fill=(0, 0, 0), closePath=True)
    shape.draw_quad(pymupdf.Quad((100, 700), (170, 690), (105, 730), (175, 720)))  # a slanted quad
    shape.finish(color=None, fill=(0, 0, 0))
    shape.commit()
    # colour spaces other than RGB, written into the page's content as they come in real files
    xref = page.get_contents()[0]
    doc.update_stream(xref, doc.xref_stream(xref) + b"\nq 0 0 0 1 k 72 760 80 14 re f Q"
                      b"\nq 0.5 g 200 760 80 14 re f Q\nq 0.7 0 0.7 0 k 300 760 80 14 re f Q\n")
    return page


def test_the_text_and_boxes_of_one_pass_are_those_of_two(tmp_path):
    doc = pymupdf.open()
    _drawn_page(doc)
    src = pymupdf.open()
    _drawn_page(src)
    form = doc.new_page()  # in form XObjects: scaled; turned (its rectangles are lines then)
    form.show_pdf_page(pymupdf.Rect(0, 0, 500, 700), src, 0)
    doc.new_page().show_pdf_page(doc[0].rect, src, 0, rotate=90)
    path = tmp_path / "vlakken.pdf"
    doc.save(path)
    with pymupdf.open(path) as doc:
        found = 0
        for page in doc:
            text, fills = _one_pass(page)
            assert text == _plain_dict(page) and fills is not None
            boxes = rb.fill_boxes(fills, page.rect.width)
            assert boxes == rb.vector_boxes(page)
            found += len(boxes)
    assert found == 18  # nine on the page, nine in the scaled form; none turned (lines, not "re")


def test_on_the_sample_pdfs_too(samples_dir):
    """Every page of the samples (the first 40 of each file): the same text page, and the
    same boxes wherever the fills were followed (a page of more than MAX_FILLS_FOLLOWED fills
    is not: its boxes are read the old way)."""
    pages = followed = 0
    for path in sorted(Path(samples_dir).rglob("*.pdf")):
        with pymupdf.open(path) as doc:
            for page in doc:
                if page.number >= 40 or page.rotation:
                    continue
                text, fills = _one_pass(page)
                assert text == _plain_dict(page), (path.name, page.number + 1)
                pages += 1
                if fills is not None:
                    followed += 1
                    assert rb.fill_boxes(fills, page.rect.width) == rb.vector_boxes(page), \
                        (path.name, page.number + 1)
    assert pages > 200 and followed > 150


def test_a_page_with_a_code_is_not_interpreted_again_for_its_boxes(tmp_path, monkeypatch):
    path = tmp_path / "bundel.pdf"
    doc = pymupdf.open()
    for n in range(3):
        page = doc.new_page()
        page.insert_text((72, 100), f"Pagina {n + 1}: overleg met 10.2.e over de zaak")
        page.draw_rect(pymupdf.Rect(150, 88, 230, 104), color=None, fill=(0.2, 0.2, 0.2))
        if n == 1:  # a page of many small fills (letters drawn as outlines): not followed
            for i in range(drawn_fills.MAX_FILLS_FOLLOWED + 1):
                page.draw_rect(pymupdf.Rect(72 + 7 * (i % 60), 300 + 9 * (i // 60), 77 + 7 * (i % 60),
                                            307 + 9 * (i // 60)), color=None, fill=(0, 0, 0))
        if n == 2:
            page.set_rotation(90)  # read the long way, its boxes too
    doc.save(path)
    fresh = [(b.page, b.bbox, b.code) for d in pipeline.process_file(str(path)).documents for b in d.boxes]
    interpreted = []
    real = pymupdf.Page.get_cdrawings

    def counted(page, *args, **kwargs):
        interpreted.append(page.number + 1)
        return real(page, *args, **kwargs)

    monkeypatch.setattr(pymupdf.Page, "get_cdrawings", counted)
    kept: list = []
    source = readers.read(path, keep_open=kept)
    documents = pipeline.analyse(source)
    rb.attach_boxes(source, documents, kept[0])
    kept[0].close()
    assert interpreted == [2, 3]  # page 1 not again; the page of many fills and the turned page
    assert [(b.page, b.bbox, b.code) for d in documents for b in d.boxes] == fresh
    assert [p for p, _, _ in fresh] == [1, 2, 3]


def test_a_fill_in_a_separation_colour_space_sends_the_page_the_old_way(tmp_path):
    """Converting a Separation (or DeviceN, Indexed) colour runs the PDF's own tint function,
    where a MuPDF error would jump over the Python callback: such a page is not followed (its
    boxes come from the second interpretation), and its boxes are still found."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Overleg met 10.2.e over de zaak")
    page.draw_rect(pymupdf.Rect(150, 88, 230, 104), color=None, fill=(0, 0, 0))  # DeviceRGB
    res = doc.xref_get_key(page.xref, "Resources")
    tint = doc.get_new_xref()
    doc.update_object(tint, "<< /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [0 0 0 1] /N 1 >>")
    spot = f"[/Separation /Zwart /DeviceCMYK {tint} 0 R]"
    if res[0] == "xref":
        doc.xref_set_key(int(res[1].split()[0]), "ColorSpace", f"<< /CS0 {spot} >>")
    else:
        doc.xref_set_key(page.xref, "Resources/ColorSpace", f"<< /CS0 {spot} >>")
    xref = page.get_contents()[0]
    doc.update_stream(xref, doc.xref_stream(xref) + b"\nq /CS0 cs 1 scn 300 88 80 16 re f Q\n")
    path = tmp_path / "steunkleur.pdf"
    doc.save(path)
    with pymupdf.open(path) as doc:
        page = doc[0]
        text, fills = _one_pass(page)
        assert text == _plain_dict(page)
        assert fills is None  # not followed: read the old way
        boxes = rb.vector_boxes(page)
        assert len(boxes) == 2  # the RGB box and the spot-colour box, both found that way
