"""OCR of scanned pages on real scans from ../shared: searchable, marked as OCR, cached
(never OCR'd twice), safe against kill -9, and the archive still works without Tesseract.

Kept to a handful of pages (1848-scan.pdf, 3 pages): OCR costs about a second per page."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zvdj_viewer import ocr
from zvdj_viewer.archive import Archive

pytestmark = pytest.mark.skipif(not ocr.available(), reason="Tesseract with the 'nld' language is not installed")

SCAN = "hard-cases/1848-scan.pdf"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """1848-scan.pdf OCR'd once into a data directory the tests below share."""
    from tests.conftest import SAMPLES

    if not (SAMPLES / SCAN).exists():
        pytest.skip(f"real documents not found at {SAMPLES}")
    root = tmp_path_factory.mktemp("ocr")
    folder, data = root / "scans", root / "data"
    folder.mkdir()
    shutil.copy(SAMPLES / SCAN, folder / "scan.pdf")
    seen = []
    with Archive(data) as a:
        a.add_folder(folder)
        report = a.update(workers=1, ocr=True, progress=seen.append)
    return folder, data, report, seen


def test_scanned_pages_become_searchable_and_are_marked_ocr(scanned):
    folder, data, report, seen = scanned
    assert report.ocr_pages == 3
    # words read off the pages by eye, each found on its own page
    with Archive(data) as a:
        for word, page in (("Kernpunten", 1), ("Toelichting", 2), ("gemeentepolis", 2)):
            hits = a.search(word)
            assert hits, word
            assert page in [p.page for h in hits for p in h.pages], word
        doc = a.documents()[0]
        pages = a.document_pages(doc.id)
        assert [p.text_source for p in pages] == ["ocr"] * 3
        assert all(p.ocr_confidence and 50 < p.ocr_confidence <= 100 for p in pages)
        export = a.export_json()
    src = export["sources"][0]
    assert [p["text_source"] for p in src["text_sources"]] == ["ocr"] * 3
    assert not any("no text layer" in p for p in src["problems"])
    # progress in the words the user reads, page by page
    ocr_steps = [p for p in seen if p.phase == "ocr"]
    assert ocr_steps[-1].message == "OCR: 3/3 pagina's"
    # the text-layer phase was indexed (and linked) before OCR began
    phases = [p.phase for p in seen]
    assert phases.index("indexing") < phases.index("ocr")


def test_hits_on_ocr_pages_have_word_boxes(scanned):
    from zvdj_viewer import render

    folder, data, _, _ = scanned
    with Archive(data):
        boxes = render.find_boxes(str(folder / "scan.pdf"), 2, ["Toelichting"])
    assert len(boxes) == 1
    x0, y0, x1, y1 = boxes[0]
    assert 60 < x0 < x1 < 200 and 400 < y0 < y1 < 500  # where the heading is printed (by eye)


def test_no_second_ocr_after_rebuild_or_move(scanned, tmp_path, monkeypatch):
    folder, data, _, _ = scanned
    # a copy of the data directory without catalog and index, the file moved elsewhere,
    # and no Tesseract at all: the text must come from the cache
    data2 = tmp_path / "data"
    shutil.copytree(data / ocr.CACHE_DIR, data2 / ocr.CACHE_DIR)
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    shutil.copy(folder / "scan.pdf", moved / "renamed.pdf")
    monkeypatch.setenv("ZVDJ_TESSERACT", str(tmp_path / "no-tesseract"))
    assert not ocr.available()
    with Archive(data2) as a:
        a.add_folder(moved)
        report = a.update(workers=0, ocr=True)
        assert report.ocr_pages == 0 and report.ocr_notice is None
        assert a.search("gemeentepolis")


def test_tesseract_missing_is_said_once_and_the_rest_works(samples_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ZVDJ_TESSERACT", str(tmp_path / "no-tesseract"))
    monkeypatch.setenv("ZVDJ_NO_OCR", "0")
    folder = tmp_path / "scans"
    folder.mkdir()
    shutil.copy(samples_dir / SCAN, folder / "scan.pdf")
    shutil.copy(samples_dir / "hard-cases/garble.pdf", folder / "garble.pdf")
    from zvdj_viewer import cli

    code = cli.main(["index", str(folder), "--data-dir", str(tmp_path / "d")])
    assert code == 0
    err = capsys.readouterr().err
    assert err.count("Tesseract") == 1 and "NOTE: 14 scanned pages stay unsearchable" in err
    with Archive(tmp_path / "d") as a:
        report = a.update(ocr=True, workers=0)
        assert a.documents()  # the archive works; the scan is there, unsearchable
    assert report.ocr_notice and "Tesseract" in report.ocr_notice
    assert report.ocr_notice.startswith(f"{3 + 11} scanned pages")  # 3 scanned + 11 garbled


def test_kill_during_ocr_loses_at_most_the_page_in_progress(samples_dir, tmp_path):
    folder, data = tmp_path / "scans", tmp_path / "data"
    folder.mkdir()
    shutil.copy(samples_dir / SCAN, folder / "scan.pdf")
    env = dict(os.environ, ZVDJ_NO_OCR="0")
    cmd = [sys.executable, "-m", "zvdj_viewer.cli", "index", str(folder), "--data-dir", str(data), "--workers", "1"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    cache = ocr.OcrCache(data)
    deadline = time.monotonic() + 120
    while cache.count() < 1 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the indexer and its OCR worker, mid-run
    proc.wait()
    first = {p: p.stat().st_mtime_ns for p in cache.root.glob("*/*.json")}
    assert 1 <= len(first) <= 3
    for p in first:  # every page written is whole
        assert json.loads(p.read_text())["lines"]
    run = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert cache.count() == 3
    # the pages done before the kill were not OCR'd again
    assert all(p.stat().st_mtime_ns == t for p, t in first.items())
    with Archive(data) as a:
        assert a.search("gemeentepolis")


def test_boxes_on_the_scan_reach_export_audit_and_inventory(scanned):
    from zvdj_viewer.woo import service

    folder, data, _, _ = scanned
    with Archive(data) as a:
        export = a.export_json()
        boxes = [b for d in export["documents"] for b in d["redaction_boxes"]]
        # page 1 has three grey boxes without a code (read by eye: bench/ocr_truth.json)
        assert [b["page"] for b in boxes] == [1, 1, 1]
        assert all(b["code"] is None and len(b["bbox"]) == 4 for b in boxes)
        findings = [f for f in service.audit(a) if f.check == "no_ground"]
        assert [(f.page, f.check) for f in findings] == [(1, "no_ground")] * 3
        rows = service.inventory(a)
        assert rows and all(r.status == "deels openbaar" for r in rows if r.boxes)


def test_unread_scans_are_never_called_openbaar(samples_dir, tmp_path):
    from zvdj_viewer.woo import service

    folder = tmp_path / "scans"
    folder.mkdir()
    shutil.copy(samples_dir / SCAN, folder / "scan.pdf")
    with Archive(tmp_path / "d") as a:
        a.add_folder(folder)
        a.update(ocr=False, workers=0)
        rows = service.inventory(a)
    assert [r.status for r in rows] == ["niet beoordeeld: geen tekst"]
    assert rows[0].unreadable == (1, 2, 3)


def test_cancel_during_ocr_keeps_what_was_read_and_the_next_run_goes_on(samples_dir, tmp_path):
    import threading

    folder = tmp_path / "scans"
    folder.mkdir()
    shutil.copy(samples_dir / SCAN, folder / "scan.pdf")
    cancel = threading.Event()

    def progress(p):
        if p.phase == "ocr" and p.done >= 1:
            cancel.set()  # the user presses Cancel once the first page is done

    with Archive(tmp_path / "data") as a:
        a.add_folder(folder)
        first = a.update(ocr=True, workers=1, cancel=cancel, progress=progress)
        assert first.cancelled and 1 <= first.ocr_pages < 3
        pages = a.document_pages(a.documents()[0].id)
        assert [p.text_source for p in pages].count("ocr") == first.ocr_pages  # done pages kept
        second = a.update(ocr=True, workers=1)
        assert not second.cancelled and second.ocr_pages == 3 - first.ocr_pages
        assert a.search("gemeentepolis")


def test_page_budget_is_cpu_time_and_a_busy_machine_fails_nothing_for_good(samples_dir, monkeypatch):
    import pymupdf

    with pymupdf.open(samples_dir / SCAN) as doc:
        monkeypatch.setattr(ocr, "PAGE_CPU_SECONDS", 0)  # over the CPU budget: failed for good
        over = ocr.ocr_page(doc[0])
        assert over.error and "CPU" in over.error and not over.retry
        monkeypatch.setattr(ocr, "PAGE_CPU_SECONDS", 60)
        slow = ocr.ocr_page(doc[0], timeout=0.2)  # only out of wall time: tried again later
        assert slow.error and slow.retry
