"""Redaction boxes on page images (numpy, drawn by hand here) and as PDF drawings."""

from pathlib import Path

import numpy as np
import pymupdf
import pytest

from zvdj_viewer.redaction_boxes import code_near, raster_boxes, split_by_lines, vector_boxes


def _page():
    return np.full((842, 595), 255, dtype=np.uint8)  # 72 dpi: one pixel a point


def _text(img, x, y, n):
    """Letter-like marks: short dark strokes that change from row to row."""
    for i in range(n):
        img[y:y + 9, x + 6 * i: x + 6 * i + 2] = 0
        img[y + 4: y + 6, x + 6 * i: x + 6 * i + 4] = 0


def test_grey_and_black_boxes_are_found_text_is_not():
    img = _page()
    img[100:114, 150:260] = 170  # grey box with a code in black inside
    _text(img, 155, 102, 6)
    img[300:370, 40:280] = 0  # black box over a signature
    _text(img, 60, 200, 60)  # a line of text
    found = raster_boxes(img)
    assert found == [(150.0, 100.0, 260.0, 114.0), (40.0, 300.0, 280.0, 370.0)]


def test_logo_with_emblem_shading_rules_and_page_edges_are_not_boxes():
    img = _page()
    img[0:100, 280:318] = 40  # the logo bar from the top edge...
    img[40:70, 290:308] = 255  # ...with the emblem cut out
    img[20:60, 400:440] = 40  # a bar with a hole that does not touch the edge
    img[30:50, 410:430] = 255
    img[200, 80:520] = 0  # table rules with a grey shaded row between them
    img[201:216, 80:520] = 195
    img[216, 80:520] = 0
    img[500:520, 0:60] = 0  # a dark scan border at the page edge
    img[600:603, 100:400] = 0  # a thick rule
    assert raster_boxes(img) == []


def test_stacked_boxes_of_different_width_are_two():
    img = _page()
    img[220:231, 14:103] = 170
    img[231:243, 14:188] = 191
    assert raster_boxes(img) == [(14.0, 220.0, 103.0, 231.0), (14.0, 231.0, 188.0, 243.0)]


def test_a_box_over_two_text_lines_is_cut_between_them():
    lines = [(16, 302, 60, 313), (16, 318, 200, 329)]
    assert split_by_lines((15, 300, 135, 331), lines) == [(15, 300, 135, 315.5), (15, 315.5, 135, 331)]
    assert split_by_lines((15, 300, 135, 314), lines[:1]) == [(15, 300, 135, 314)]


def test_the_code_in_or_beside_a_box():
    words = [(152, 102, 180, 112, "10.2.e"), (300, 140, 330, 150, "5.1.2e"), (10, 140, 40, 150, "Aan:")]
    assert code_near((150, 100, 260, 114), words) == "10.2.e"
    assert code_near((250, 138, 296, 152), words) == "5.1.2.e"  # printed right after the box
    assert code_near((50, 138, 100, 152), words) is None


def test_drawn_boxes_on_a_born_digital_page(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Gesprek met 10.2.e over de begroting")
    page.draw_rect(pymupdf.Rect(140, 88, 200, 104), color=None, fill=(0, 0, 0))  # redaction
    page.draw_rect(pymupdf.Rect(72, 200, 500, 216), color=None, fill=(0.9, 0.9, 0.9))  # shading
    page.draw_rect(pymupdf.Rect(72, 300, 76, 304), color=None, fill=(0, 0, 0))  # a bullet
    assert vector_boxes(page) == [(140.0, 88.0, 200.0, 104.0)]


def test_documents_get_the_boxes_of_their_pages(tmp_path):
    from zvdj_viewer.pipeline import process_file

    path = tmp_path / "besluit.pdf"
    doc = pymupdf.open()
    for n in range(2):
        page = doc.new_page()
        page.insert_text((72, 100), f"Pagina {n + 1}: overleg met 10.2.e over de zaak")
        page.draw_rect(pymupdf.Rect(150, 88, 230, 104), color=None, fill=(0.3, 0.3, 0.3))
    doc.save(path)
    result = process_file(str(path))
    boxes = [b for d in result.documents for b in d.boxes]
    assert [(b.page, b.code) for b in boxes] == [(1, "10.2.e"), (2, "10.2.e")]
    assert boxes[0].bbox == pytest.approx((150, 88, 230, 104))


def test_vector_boxes_are_those_get_drawings_gives():
    """vector_boxes reads get_cdrawings() (for speed): the boxes are what the same rules give
    on get_drawings(), on every page of the sample PDFs (the first 60 of each file)."""
    from zvdj_viewer import redaction_boxes as rb

    def by_get_drawings(page):
        out, pw = [], page.rect.width
        for d in page.get_drawings():
            fill = d.get("fill")
            if fill is None or not d.get("items") or not all(it[0] in ("re", "qu") for it in d["items"]):
                continue
            r = d["rect"]
            lum = 255 * (0.299 * fill[0] + 0.587 * fill[1] + 0.114 * fill[2]) if len(fill) >= 3 else 255 * fill[0]
            if lum >= rb.DARK or r.width < rb.MIN_W or r.height < rb.MIN_H or r.width > rb.MAX_W_SHARE * pw:
                continue
            out.append((round(r.x0, 1), round(r.y0, 1), round(r.x1, 1), round(r.y1, 1)))
        return out

    shared = Path(__file__).resolve().parents[3] / "shared"
    paths = sorted(shared.rglob("*.pdf"))
    if not paths:
        pytest.skip(f"no sample PDFs in {shared}")
    found = 0
    for path in paths:
        with pymupdf.open(path) as doc:
            for page in doc:
                if page.number >= 60:
                    break
                want = by_get_drawings(page)
                assert vector_boxes(page) == want, (path.name, page.number + 1)
                found += len(want)
    assert found > 0


def test_vector_boxes_at_the_size_limits_and_with_curves():
    """The size test comes first in vector_boxes (most filled paths are glyph outlines): a
    box exactly MIN_W wide and MIN_H high is kept, one a hair smaller is not, in either
    direction; a dark shape with a curve, a light box and a page-wide bar are no boxes."""
    from zvdj_viewer import redaction_boxes as rb

    doc = pymupdf.open()
    page = doc.new_page()  # 595 x 842
    black = dict(color=None, fill=(0, 0, 0))
    page.draw_rect(pymupdf.Rect(100, 100, 100 + rb.MIN_W, 100 + rb.MIN_H), **black)  # just a box
    page.draw_rect(pymupdf.Rect(100, 150, 100 + rb.MIN_W - 0.01, 170), **black)  # a hair narrow
    page.draw_rect(pymupdf.Rect(100, 200, 160, 200 + rb.MIN_H - 0.01), **black)  # a hair low
    page.draw_circle((300, 300), 20, **black)  # curves
    page.draw_rect(pymupdf.Rect(100, 400, 200, 420), color=None, fill=(0.95, 0.95, 0.95))  # light
    page.draw_rect(pymupdf.Rect(10, 500, 585, 520), **black)  # wider than MAX_W_SHARE of the page
    shape = page.new_shape()  # two rectangles in one path: one drawing, its rect spans both
    shape.draw_rect(pymupdf.Rect(100, 600, 150, 615))
    shape.draw_rect(pymupdf.Rect(200, 600, 250, 615))
    shape.finish(color=None, fill=(0.2, 0.2, 0.2))
    shape.commit()
    assert vector_boxes(page) == [(100.0, 100.0, 111.0, 106.0), (100.0, 600.0, 250.0, 615.0)]


def test_process_file_finds_drawn_boxes_in_the_document_its_reader_left_open(tmp_path, monkeypatch):
    """The PDF is opened once: the reader leaves it open for the redaction boxes (opened
    again, its fonts and objects were loaded again), and it is closed when they are found."""
    from zvdj_viewer import pipeline

    path = tmp_path / "besluit.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Overleg met 10.2.e over de zaak")
    page.draw_rect(pymupdf.Rect(150, 88, 230, 104), color=None, fill=(0.3, 0.3, 0.3))
    doc.save(path)
    opened = []
    real_open = pymupdf.open

    def counting_open(*args, **kwargs):
        opened.append(real_open(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(pymupdf, "open", counting_open)
    result = pipeline.process_file(str(path))
    assert [(b.page, b.code) for d in result.documents for b in d.boxes] == [(1, "10.2.e")]
    assert len(opened) == 1 and opened[0].is_closed


def test_the_document_left_open_is_closed_when_the_analysis_breaks_off(tmp_path, monkeypatch):
    """Whatever stops process_file after the read (here an interrupt from the analysis), the
    PDF its reader left open is closed: a reader process lives for many files."""
    from zvdj_viewer import pipeline

    path = tmp_path / "nota.pdf"
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), "Nota over 10.2.e")
    doc.save(path)
    opened = []
    real_open = pymupdf.open

    def counting_open(*args, **kwargs):
        opened.append(real_open(*args, **kwargs))
        return opened[-1]

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pymupdf, "open", counting_open)
    monkeypatch.setattr(pipeline, "analyse_within_budget", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pipeline.process_file(str(path))
    assert len(opened) == 1 and opened[0].is_closed


def test_drawn_boxes_from_the_open_document_are_those_of_the_file_opened_again(tmp_path):
    """attach_boxes on the document the reader left open finds what it finds on the file
    opened anew: boxes drawn on the page, inside a form XObject, and on a rotated page."""
    from zvdj_viewer import pipeline, readers
    from zvdj_viewer.redaction_boxes import attach_boxes

    src = pymupdf.open()
    inner = src.new_page()
    inner.insert_text((72, 300), "Bijlage van 5.1.2e aan de gemeente")
    inner.draw_rect(pymupdf.Rect(130, 288, 190, 304), color=None, fill=(0, 0, 0))
    doc = pymupdf.open()
    for n in range(3):
        page = doc.new_page()
        page.insert_text((72, 100), f"Pagina {n + 1}: overleg met 10.2.e over de zaak")
        page.draw_rect(pymupdf.Rect(150, 88, 230, 104), color=None, fill=(0.2, 0.2, 0.2))
        if n == 1:
            page.show_pdf_page(page.rect, src, 0)  # the bijlage's box, in a form XObject
        if n == 2:
            page.set_rotation(90)
    path = tmp_path / "bundel.pdf"
    doc.save(path)
    kept: list = []
    source = readers.read(path, keep_open=kept)
    documents = pipeline.analyse(source)
    attach_boxes(source, documents)
    fresh = [(b.page, b.bbox, b.code) for d in documents for b in d.boxes]
    for d in documents:
        d.boxes = []
    attach_boxes(source, documents, kept[0])
    kept[0].close()
    assert [(b.page, b.bbox, b.code) for d in documents for b in d.boxes] == fresh
    assert len(fresh) == 4 and "5.1.2.e" in [code for _, _, code in fresh]
