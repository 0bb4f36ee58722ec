"""Several images read by one Tesseract (ocr.ocr_pixmaps, for the margin and redaction-box
re-reads of a page): each image is read as a page of its own, with the words a Tesseract of
its own gives it, and the Dutch model is loaded once instead of once per image (issue 22)."""

from __future__ import annotations

import subprocess

import pymupdf
import pytest

from zvdj_viewer import ocr, ocr_session

pytestmark = pytest.mark.skipif(not ocr.available(), reason="Tesseract with the 'nld' language is not installed")

LINES = ["Pagina 2 van 5", "Kenmerk 2021-0042", "", "Gemeente Voorbeeldstad 10.2.e"]  # fictional; one blank


def _images() -> list:
    doc = pymupdf.open()
    out = []
    for text in LINES:
        page = doc.new_page(width=300, height=40)
        if text:
            page.insert_text((10, 26), text, fontsize=14)
        out.append(page.get_pixmap(dpi=300, colorspace=pymupdf.csGRAY, alpha=False))
    return out


def _alone(pix) -> ocr.OcrPage:
    ocr_session.close_all()
    try:
        return ocr.ocr_pixmap(pix, psm=7)
    finally:
        ocr_session.close_all()


def test_one_tesseract_reads_each_image_as_one_of_its_own_does(monkeypatch):
    pixes = _images()
    alone = [_alone(p) for p in pixes]
    starts = []
    real_popen = subprocess.Popen
    monkeypatch.setattr(ocr_session.subprocess, "Popen", lambda *a, **k: starts.append(a[0]) or real_popen(*a, **k))
    try:
        together = ocr.ocr_pixmaps(pixes, psm=7)
    finally:
        ocr_session.close_all()
    assert len(starts) == 1
    assert [(r.lines, r.words, r.error) for r in together] == [(r.lines, r.words, r.error) for r in alone]
    # each image's words in its own place (the blank one between reads as noise, if anything)
    read = [" ".join(t for t, _ in r.lines) for r in together]
    assert [read[0], read[1], read[3]] == ["Pagina 2 van 5", "Kenmerk 2021-0042", "Gemeente Voorbeeldstad 10.2.e"]


def test_without_tesseract_every_image_says_why(monkeypatch):
    monkeypatch.setenv("ZVDJ_TESSERACT", "/nonexistent/tesseract")
    got = ocr.ocr_pixmaps(_images()[:2], psm=7)
    assert [r.error for r in got] == ["Tesseract is not installed"] * 2
