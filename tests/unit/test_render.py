"""Page rendering and word boxes on a small PDF written by the test."""

import time

import pymupdf
import pytest

from zvdj_viewer import render


@pytest.fixture
def pdf(tmp_path):
    path = tmp_path / "nota.pdf"
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)  # A4
    page.insert_text((72, 100), "Annotatie ad 4) Jeugdhulpaanbieders en gemeenten", fontsize=12)
    page.insert_text((72, 130), "Naam van de ambtenaar: 10.2.e en (10)(2e)", fontsize=11)
    page.insert_text((72, 160), "Zie paragraaf 5.2 voor de jeugdhulp in 2020.", fontsize=11)
    page2 = doc.new_page(width=595, height=842)
    page2.insert_text((72, 100), "Tweede pagina zonder zoekwoorden", fontsize=11)
    doc.save(path)
    doc.close()
    yield str(path)
    render.close_all()


def test_render_page_gives_rgb_samples_of_the_right_size(pdf):
    w, h, stride, samples = render.render_page(pdf, 1, zoom=2.0)
    assert (w, h) == (1190, 1684)
    assert stride >= 3 * w
    assert len(samples) == stride * h
    # the page is white paper with black text: both must occur
    assert max(samples) == 255 and min(samples) < 100


def test_render_zoom_scales_and_page_count(pdf):
    w1, h1, *_ = render.render_page(pdf, 2, zoom=1.0)
    assert (w1, h1) == (595, 842)
    assert render.page_count(pdf) == 2
    assert render.page_sizes(pdf) == [(595, 842), (595, 842)]


def test_page_out_of_range_names_file_and_page(pdf):
    with pytest.raises(IndexError, match=r"page 3 does not exist.*2 pages"):
        render.render_page(pdf, 3)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="weg.pdf"):
        render.render_page(str(tmp_path / "weg.pdf"), 1)


def test_find_boxes_prefix_and_case(pdf):
    boxes = render.find_boxes(pdf, 1, ["jeugdhulp"])
    # "Jeugdhulpaanbieders" on line 1 and "jeugdhulp" on line 3
    assert len(boxes) == 2
    ys = sorted(round(b[1]) for b in boxes)
    assert ys[0] < 100 < ys[1]
    assert all(b[0] < b[2] and b[1] < b[3] for b in boxes)
    assert render.find_boxes(pdf, 2, ["jeugdhulp"]) == []
    assert render.find_boxes(pdf, 1, []) == []


def test_find_code_boxes_marks_codes_and_bare_codes_only_when_known(pdf):
    assert len(render.find_code_boxes(pdf, 1)) == 2  # 10.2.e and (10)(2e), not "5.2"
    assert len(render.find_code_boxes(pdf, 1, codes=["5.2"])) == 3


def test_render_is_fast(pdf):
    render.render_page(pdf, 1, 1.5)  # opens the file
    t0 = time.perf_counter()
    for _ in range(10):
        render.render_page(pdf, 1, 1.5)
    per_page = (time.perf_counter() - t0) / 10
    print(f"render A4 page at 1.5x: {per_page * 1000:.1f} ms")
    assert per_page < 0.25
