"""What a scanned page costs beyond its own OCR (issue 22): the margin strips and redaction
boxes read again are read by one Tesseract (``--psm 6``), and a margin is not read at all
when page OCR left no ink there unread; a black-and-white page goes to Tesseract
as a 1-bit image, which it reads faster with the same words. Pages here are fictional."""

from __future__ import annotations


import pymupdf
import pytest

from zvdj_viewer import ocr
from zvdj_viewer.ocr_margins import margin_images
from zvdj_viewer.understanding.redactions import find_in_text

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="Tesseract with the 'nld' language is not installed")

BOX = pymupdf.Rect(250, 400, 330, 416)  # a grey redaction box with its code printed in it


def _page(doc, stamp: bool = True, box: bool = True):
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 50), "Gemeente Voorbeeldstad", fontsize=11)
    if stamp:
        page.insert_text((540, 40), "4.", fontsize=11)  # a corner stamp in the top band's right half
    for i in range(6):
        page.insert_text((60, 300 + 16 * i), f"Regel {i + 1} van de brief over de jeugdhulp in de regio.", fontsize=11)
    if box:
        page.draw_rect(BOX, color=None, fill=(0.6, 0.6, 0.6))
        page.insert_text((BOX.x0 + 6, BOX.y1 - 4), "10.2.e", fontsize=10)
    return page


def _known(page, leave_out=()) -> ocr.OcrPage:
    """What page OCR read, as if it read the text layer's words except ``leave_out``."""
    words = [(w[4], round(w[0], 1), round(w[1], 1), round(w[2], 1), round(w[3], 1), 95.0)
             for w in page.get_text("words") if w[4] not in leave_out]
    return ocr.OcrPage(lines=[(w[0], tuple(w[1:5])) for w in words], words=words)


def test_a_margin_half_is_read_again_only_where_page_ocr_left_ink():
    doc = pymupdf.open()
    page = _page(doc, box=False)
    pix = ocr.page_image(page)
    missed = margin_images(page, _known(page, leave_out={"4."}), pix, ocr.DPI)
    assert [tuple(clip) for clip, _ in missed] == [(297.5, 0.0, 595.0, 0.12 * 842)]  # the top band's right half
    assert margin_images(page, _known(page), pix, ocr.DPI) == []  # every mark read: nothing to read again


def _starts(monkeypatch) -> list:
    """The Tesseract calls made: (psm, number of images), one a call of ocr.read_images."""
    starts: list = []
    real = ocr.read_images
    monkeypatch.setattr(ocr, "read_images", lambda images, dpi, psm, timeout: starts.append((psm, len(images)))
                        or real(images, dpi, psm, timeout))
    return starts


@needs_tesseract
def test_boxes_and_margins_are_read_in_one_call_and_placed_on_the_page(monkeypatch):
    doc = pymupdf.open()
    page = _page(doc)
    pix = ocr.page_image(page)
    result = _known(page, leave_out={"4.", "10.2.e"})
    result.boxes = [tuple(BOX)]
    starts = _starts(monkeypatch)
    ocr.read_again(page, result, pix)
    assert starts == [(6, 2)]  # the box and the top band's right half
    code = [(t, b) for t, b in result.lines if find_in_text(t)]
    assert [find_in_text(t)[0][0] for t, _ in code] == ["10.2.e"]
    assert code[0][1] == tuple(BOX)
    stamp = [w for w in result.words if w[0].startswith("4") and w[2] < 100]
    assert len(stamp) == 1 and abs(stamp[0][1] - 540) < 4 and 28 < stamp[0][2] < 42  # where it is printed


@needs_tesseract
def test_nothing_left_to_read_starts_no_second_tesseract(monkeypatch):
    doc = pymupdf.open()
    page = _page(doc, box=False)
    result = _known(page)
    before = list(result.lines)
    starts = _starts(monkeypatch)
    ocr.read_again(page, result, ocr.page_image(page))
    assert starts == [] and result.lines == before


@needs_tesseract
def test_a_black_and_white_page_goes_as_one_bit_and_reads_the_same():
    doc = pymupdf.open()
    page = _page(doc)
    pix = ocr.page_image(page)  # thresholded: black and white only
    assert ocr.pnm_bytes(pix).startswith(b"P4\n")
    as_grey = ocr.read_images([pix.tobytes("pnm")], ocr.DPI, 3, 60)[0]
    assert isinstance(as_grey, str)
    grey = ocr.parse_tsv(as_grey, 72.0 / ocr.DPI)
    one_bit = ocr.ocr_pixmap(pix)
    assert one_bit.words and (one_bit.lines, one_bit.words) == (grey.lines, grey.words)
    assert ocr.pnm_bytes(ocr.render_gray(page)).startswith(b"P5")  # grey levels stay grey
