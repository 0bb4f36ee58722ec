"""Real scanned Woo releases (../shared/samples) split as the product splits them once its OCR
has read their pages: the product's own OCR task (``ocr.ocr_task``) on a few pages, then
``pipeline.process_file`` with that OCR cache, like an update.

Expected values are read from the page images (bench/truth/woo-bundles.json; the shared
start list). OCR costs a few seconds per page, so each test reads only the pages it needs.
"""

import json

import pytest

from zvdj_viewer import ocr
from zvdj_viewer.pipeline import process_file

pytestmark = pytest.mark.skipif(not ocr.available(), reason="Tesseract with the 'nld' language is not installed")


@pytest.fixture(scope="module")
def ocr_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("ocr-data")


def read_with_ocr(samples_dir, data_dir, rel, pages):
    path = samples_dir / rel
    if not path.exists():
        pytest.skip(f"sample {rel} is missing")
    for n in pages:
        res = ocr.ocr_task(json.dumps([str(path), n, str(data_dir)]))
        assert res.error is None, (n, res.error)
    return process_file(str(path), str(data_dir))


def test_corner_stamps_on_scans_start_their_documents(samples_dir, ocr_dir):
    # Bes-Ordner1.pdf pages 27-30 are scans of four one-page reports stamped "4." to "7." in
    # the top right corner, which Tesseract's page OCR drops; the margins read again find them
    result = read_with_ocr(samples_dir, ocr_dir, "woo-bundles/Bes-Ordner1.pdf", [27, 28, 29, 30])
    docs = {d.first_page: d for d in result.documents}
    assert [(docs[p].last_page, docs[p].stamp) for p in (27, 28, 29, 30)] == [
        (27, "4"), (28, "5"), (29, "6"), (30, "7")]


def test_a_scanned_cover_letter_then_the_permit_it_sends(samples_dir, ocr_dir):
    # bijlagen_bij_besluit_exploitatievergunningen...: page 6 is a letter (Retouradres, signed
    # "Hoogachtend, De Burgemeester van Amsterdam, namens deze"), pages 7-8 the permit it sends
    # (its masthead and title on page 7; nothing stamped, no page numbers)
    rel = "woo-bundles/bijlagen_bij_besluit_exploitatievergunningen_en_aanvragen_nyp_geredigeerd.pdf"
    result = read_with_ocr(samples_dir, ocr_dir, rel, [6, 7, 8])
    docs = {d.first_page: d for d in result.documents}
    assert (docs[6].last_page, docs[7].last_page) == (6, 8)


def test_an_ocr_read_inventory_page_starts_the_list_and_its_rows_are_read(samples_dir, ocr_dir):
    # 20201210_wob_besluit_final_geredigeerd.pdf: page 9 ("Pagina 9 van 36" like every page)
    # is a scan of the first page of "Bijlage 2 - Inventarislijst": rows 01-16 assessed
    # "Gedeeltelijk openbaar" (12: "Openbaar"), "Art. 10.2.e."; page 10 has a text layer
    result = read_with_ocr(samples_dir, ocr_dir, "woo-bundles/20201210_wob_besluit_final_geredigeerd.pdf", [9])
    inventory = next(d for d in result.documents if d.type == "inventarislijst")
    assert inventory.first_page == 9
    rows = {r["number"]: r for r in inventory.inventory}
    assert all(rows[str(n)]["assessment"] == "deels openbaar" for n in (1, 2, 3, 10, 14))
    assert rows["12"]["assessment"] == "openbaar"
    assert rows["1"]["grounds"] == ["10.2.e"]
    assert rows["3"]["title"].startswith("Brouwersgracht 101 - Caf")


def test_scanned_permits_are_dated_by_their_signature_and_named_by_their_heading(samples_dir, ocr_dir):
    # bijlagen_bij_besluit_exploitatievergunningen...: pages 4-5 are a permit headed
    # "Exploitatievergunning" / "Alcoholvrij bedrijf", "Geldig tot 1 maart 2011" at the top,
    # signed "Amsterdam, 14 AUG. 2008" on page 5; pages 21-23 a permit whose signature on
    # page 22 has the stamp "10 FEB. 2016" under "Amsterdam," (OCR: "10 FER, 2016")
    rel = "woo-bundles/bijlagen_bij_besluit_exploitatievergunningen_en_aanvragen_nyp_geredigeerd.pdf"
    result = read_with_ocr(samples_dir, ocr_dir, rel, [3, 4, 5, 21, 22])
    docs = {d.first_page: d for d in result.documents}
    assert (docs[4].doc_date, docs[4].title) == ("2008-08-14", "Exploitatievergunning Alcoholvrij bedrijf")
    assert docs[21].doc_date == "2016-02-10"


def test_a_scanned_nota_whose_first_lines_run_into_the_sidebar(samples_dir, ocr_dir):
    # hard-cases/1848-scan.pdf page 1: a VWS nota ("nota" in large type, "(ter beslissing)"
    # then "Project vermindering mijding van mondzorg om" / "financiële redenen"); Tesseract
    # puts the sidebar's "Langdurige Zorg", "Kenmerk", "Bijlage(n)" on the text column's lines
    result = read_with_ocr(samples_dir, ocr_dir, "hard-cases/1848-scan.pdf", [1])
    doc = result.documents[0]
    assert (doc.type, doc.title) == ("nota", "Project vermindering mijding van mondzorg om financiële redenen")
    # its "Datum Document" is blacked out; "Deadline: 11-10-2024" is the date an answer is due
    assert doc.doc_date is None
