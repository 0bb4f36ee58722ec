"""`zvdj explain`: what each step made of a file, on real samples."""

from __future__ import annotations

import json

from zvdj_viewer import cli
from zvdj_viewer.explain import explain, format_text
from zvdj_viewer.pipeline import process_file



def test_explain_reports_the_same_documents_as_indexing(samples_dir):
    path = str(samples_dir / "woo-bundles/Bes-Ordner1.doc.1-15.pdf")
    ex = explain(path)
    result = process_file(path)
    assert ex.error is None and ex.kind == "pdf" and ex.page_count == 15
    assert len(ex.documents) == len(result.documents)
    assert [d.type for d in ex.documents] == [d.type for d in result.documents]
    assert all(d.start_evidence for d in ex.documents)  # every start says why
    assert any("no text layer" == p.text_layer for p in ex.pages)
    assert sum(len(p.furniture) for p in ex.pages) > 0  # something was dropped, and it is shown


def test_explain_one_page_keeps_that_page_and_its_documents(samples_dir):
    path = str(samples_dir / "woo-bundles/Bes-Ordner1.doc.1-15.pdf")
    ex = explain(path, page=2)
    assert [p.number for p in ex.pages] == [2]
    assert ex.documents and all(int(d.pages.split("-")[0]) <= 2 for d in ex.documents)
    text = format_text(ex)
    assert "page 2 (text)" in text and "starts here because:" in text


def test_explain_cli_text_json_and_a_missing_file(capsys, tmp_path, samples_dir):
    path = str(samples_dir / "woo-bundles/Bes-Besluit+2020-101+A.pdf")
    assert cli.main(["explain", path, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["page_count"] == 9 and data["documents"][0]["type"]
    assert cli.main(["explain", str(tmp_path / "missing.pdf")]) == 1
    assert "not a file" in capsys.readouterr().err
    bad = tmp_path / "kapot.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    assert cli.main(["explain", str(bad)]) == 1
    assert "could not be read" in capsys.readouterr().out


def test_explain_shows_the_ocr_text_indexing_uses(capsys, tmp_path, samples_dir):
    # a scanned page has no text of its own; with --ocr-from the cached OCR text of that
    # data directory is what explain analyses and shows (here a fictional OCR result)
    import pymupdf

    from zvdj_viewer.ocr import OcrCache, OcrPage, page_key

    path = samples_dir / "hard-cases/1848-scan.pdf"
    if not path.exists():
        import pytest

        pytest.skip("sample 1848-scan.pdf is missing")
    with pymupdf.open(path) as doc:
        key = page_key(doc[0])
    OcrCache(tmp_path).put(key, OcrPage(lines=[("Kernpunten van de nota", (70.0, 90.0, 300.0, 102.0))],
                                        words=[("Kernpunten", 70.0, 90.0, 150.0, 102.0, 96.0)], confidence=96.0))
    assert cli.main(["explain", str(path), "--page", "1", "--ocr-from", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "page 1 (OCR)" in out and "| Kernpunten van de nota" in out
    assert cli.main(["explain", str(path), "--page", "1"]) == 0
    assert "page 1 (no text layer)" in capsys.readouterr().out
