"""Document starts in PDF bundles against the bundles' own bookmarks.

For measuring, segmentation runs with the bookmarks NOT used as input; the scores are
printed (run with -s) and held to what was measured, so a change for the worse fails.
"""

import sys
from pathlib import Path

import pytest

from zvdj_viewer.understanding.analyse import analyse
from zvdj_viewer.understanding.furniture import mark_furniture
from zvdj_viewer.understanding.segment import boundary_scores, segment

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "bundles"
sys.path.insert(0, str(FIXTURES))
from loaders import load  # noqa: E402
from make_pdf_bundle import HEADER, make_bundle  # noqa: E402


def starts_without_bookmarks(source):
    mark_furniture(source)
    return [sp.start.page for sp in segment(source, use_bookmarks=False)]


def bookmark_starts(source):
    top = min(b.level for b in source.bookmarks)
    return sorted({b.page for b in source.bookmarks if b.level == top})


# measured: (precision, recall) at least
@pytest.mark.parametrize("name, min_precision, min_recall", [
    ("Bij-documenten.pdf", 1.0, 1.0),  # 24 documents: mastheads, "Pagina 1 van N"
    ("Bes-Ordner1.doc.1-15.pdf", 0.8, 0.55),  # 9 pages without text layer hide starts
])
def test_starts_agree_with_bookmarks(samples_dir, name, min_precision, min_recall):
    source = load(samples_dir / "woo-bundles" / name)
    truth = bookmark_starts(source)
    pred = starts_without_bookmarks(source)
    p, r = boundary_scores(pred, truth)
    print(f"{name}: {len(pred)} starts found, {len(truth)} bookmarks; precision {p:.2f}, recall {r:.2f}")
    assert p >= min_precision and r >= min_recall
    # with the bookmarks as input every bookmarked start is a document start
    with_marks = [d.first_page for d in analyse(load(samples_dir / "woo-bundles" / name))]
    assert set(truth) <= set(with_marks)


@pytest.mark.parametrize("name, starts, first_type", [
    # a Wob decision of 8 pages with its annex of legal articles ("Pagina 2 van 9" ... on
    # every page), then its inventory list on page 9 (woo-bundle-starts.json)
    ("Bes-Besluit+2020-101+A.pdf", [1, 9], "besluit"),
    # a Woo decision of 6 pages ("Pagina 1 van 7"), its inventory list on page 7, then the one
    # released document as scans
    ("test.pdf", [1, 7, 8], "besluit"),
])
def test_bundles_without_bookmarks(samples_dir, name, starts, first_type):
    docs = analyse(load(samples_dir / "woo-bundles" / name))
    assert [d.first_page for d in docs] == starts
    assert docs[0].type == first_type
    assert docs[-1].last_page == load(samples_dir / "woo-bundles" / name).page_count


def test_besluitenlijst_stays_one_document(samples_dir):
    docs = analyse(load(samples_dir / "besluitenlijsten" / "besluitenlijst_example2.pdf"))
    assert [(d.first_page, d.last_page, d.type) for d in docs] == [(1, 16, "besluitenlijst")]


def test_fictional_pdf_bundle_with_real_furniture(tmp_path):
    path = tmp_path / "bundel.pdf"
    expected = make_bundle(path)
    source = load(path)
    pred = starts_without_bookmarks(source)
    p, r = boundary_scores(pred, [page for page, _ in expected])
    print(f"fictional bundle: precision {p:.2f}, recall {r:.2f}")
    assert pred == [page for page, _ in expected]
    # the running header and the "Pagina k van 3" footers are furniture, the text is not
    for page in source.pages:
        for ln in page.lines:
            if ln.text.strip() == HEADER.strip() or ln.text.strip().startswith("Pagina "):
                assert ln.furniture, (page.number, ln.text)
            if ln.text.startswith(("Overweging", "Regel", "Nieuws over")):
                assert not ln.furniture, (page.number, ln.text)
    docs = analyse(load(path))
    assert [(d.first_page, d.type) for d in docs] == expected
    assert all(HEADER not in d.text for d in docs)
