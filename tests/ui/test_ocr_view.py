"""A scanned document after OCR in the document view: its pages say their text was read by
OCR, and a search hit is boxed on the page image from the OCR word boxes."""

import shutil

import pytest

from zvdj_viewer import ocr
from zvdj_viewer.archive import Archive
from zvdj_viewer.ui.document_view import DocumentView
from zvdj_viewer.ui.navigation import Location

pytestmark = pytest.mark.skipif(not ocr.available(), reason="Tesseract with the 'nld' language is not installed")


@pytest.fixture
def archive(samples_dir, tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    shutil.copy(samples_dir / "hard-cases/1848-scan.pdf", folder / "scan.pdf")
    a = Archive(tmp_path / "data")
    a.add_folder(folder)
    a.update(ocr=True, workers=1)
    yield a
    a.close()


def test_ocr_pages_are_labelled_and_hits_boxed_on_the_scan(qtbot, archive):
    view = DocumentView(archive)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    doc = archive.documents()[0]
    assert view.open(Location("document", doc.id, page=2, query="Toelichting"))
    hits = view.page_view.hits()
    assert [p for p, _ in hits] == [2]
    x0, y0, x1, y1 = hits[0][1]
    assert 60 < x0 < x1 < 200 and 400 < y0 < y1 < 500  # the heading's place on the scan
    view.tabs.setCurrentIndex(0)  # the reading text labels each page's source
    assert "tekst door OCR gelezen" in view.text.toPlainText()
