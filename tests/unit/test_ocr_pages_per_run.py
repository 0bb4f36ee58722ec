"""Several pages of a scan in one Tesseract run (issue 22, OCR >= 1 page/s): ``ocr.read_pages``
reads a few pages of one file with two Tesseract starts in all instead of up to two a page,
and gives each page exactly what ``ocr.read_page`` gives it alone; ``ocr_update.ocr_tasks``
hands the pages out in such runs, and an update OCRs a scan with them end to end.
Pages here are fictional."""

from __future__ import annotations

import json
import subprocess

import pymupdf
import pytest

from zvdj_viewer import ocr
from zvdj_viewer.ocr_update import PAGES_PER_TASK, ocr_tasks

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="Tesseract with the 'nld' language is not installed")

BOX = pymupdf.Rect(150, 200, 230, 216)  # a grey redaction box with its code printed in it
PLACES = ["Appelhof", "Berkenlaan", "Cederdorp", "Duinwijk", "Eikenrode", "Fazantveld"]  # one a page, fictional


def _scan(path, n: int, box_on=(1,)) -> None:
    """An image-only PDF of ``n`` small fictional letters: a corner stamp, a few lines, and on
    the pages ``box_on`` a grey box with its code."""
    text = pymupdf.open()
    for i in range(1, n + 1):
        page = text.new_page(width=420, height=300)
        page.insert_text((380, 24), f"{i}.", fontsize=11)  # the stamp page OCR tends to drop
        for k in range(3):
            page.insert_text((40, 80 + 18 * k), f"Regel {k + 1} over jeugdhulp in {PLACES[i - 1]}.", fontsize=11)
        if i in box_on:
            page.draw_rect(BOX, color=None, fill=(0.6, 0.6, 0.6))
            page.insert_text((BOX.x0 + 6, BOX.y1 - 4), "10.2.e", fontsize=10)
    scan = pymupdf.open()
    for page in text:
        pix = page.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
        out = scan.new_page(width=page.rect.width, height=page.rect.height)
        out.insert_image(out.rect, pixmap=pix)
    scan.save(path)


def _starts(monkeypatch) -> list:
    starts: list = []
    real_run = subprocess.run
    monkeypatch.setattr(ocr.subprocess, "run", lambda *a, **k: starts.append(a[0]) or real_run(*a, **k))
    return starts


def _same(a: ocr.OcrPage, b: ocr.OcrPage) -> bool:
    return a.to_json() == b.to_json()


@needs_tesseract
def test_pages_read_together_are_read_as_each_alone_with_two_starts(tmp_path, monkeypatch):
    _scan(tmp_path / "scan.pdf", 3)
    with pymupdf.open(tmp_path / "scan.pdf") as doc:
        alone = [ocr.read_page(p) for p in doc]
        starts = _starts(monkeypatch)
        together = ocr.read_pages(list(doc))
    assert len(starts) == 2  # the page images, then what they left to read again
    assert all(_same(a, b) for a, b in zip(alone, together)) and len(together) == 3
    assert any("10.2.e" in t for t, _ in together[0].lines) and together[0].boxes  # the re-reads are in


@needs_tesseract
def test_a_failed_run_of_several_pages_reads_each_page_on_its_own(tmp_path, monkeypatch):
    _scan(tmp_path / "scan.pdf", 2)
    real = ocr._tesseract

    def no_lists(source, *a, **k):  # as if one page of the list ran over the budget
        return ocr.OcrPage(error="OCR needed more than 60 s of CPU time") if source.endswith(".txt") else real(source, *a, **k)

    with pymupdf.open(tmp_path / "scan.pdf") as doc:
        alone = [ocr.read_page(p) for p in doc]
        monkeypatch.setattr(ocr, "_tesseract", no_lists)
        got = ocr.read_pages(list(doc))
    assert [p.error for p in got] == [None, None]
    assert [p.lines for p in got] == [p.lines for p in alone]  # page OCR alone (re-reads of one page need no list)


def test_tasks_run_a_few_pages_of_a_file_each_and_short_files_page_by_page():
    def sizes(todo, workers):
        return [len(json.loads(t)[1]) for t in ocr_tasks(todo, workers, "/data")]

    # an 8-page scan: 4 tasks for 2 workers, the last two (one per worker) cut in halves
    assert sizes({"a.pdf": list(range(1, 9))}, 2) == [2, 2, 1, 1, 1, 1]
    half = PAGES_PER_TASK // 2
    assert sizes({"a.pdf": list(range(1, 41))}, 2) == [PAGES_PER_TASK] * (40 // PAGES_PER_TASK - 2) + [half] * 4
    assert sizes({"a.pdf": [1, 2, 3], "b.pdf": [5]}, 1) == [1, 1, 1, 1]  # a cancel or kill loses one page
    assert sizes({"a.pdf": list(range(1, 41))}, 1) == [PAGES_PER_TASK] * (40 // PAGES_PER_TASK)  # no one waits
    tasks = [json.loads(t) for t in ocr_tasks({"a.pdf": [2, 3, 5, 8, 9, 11, 12]}, 2, "/data")]
    assert [t[1] for t in tasks] == [[2, 3], [5, 8], [9], [11], [12]] and {t[0] for t in tasks} == {"a.pdf"}
    # several files: every page once, in order; only the list's last tasks are cut
    todo = {"a.pdf": list(range(1, 30)), "b.pdf": list(range(1, 18)), "c.pdf": [4]}
    tasks = [json.loads(t) for t in ocr_tasks(todo, 2, "/data")]
    assert [(t[0], n) for t in tasks for n in t[1]] == [(p, n) for p, ns in todo.items() for n in ns]
    assert [len(t[1]) for t in tasks][-4:] == [3, 1, 1, 1]  # b.pdf in threes, its last two and c.pdf cut


@needs_tesseract
def test_an_update_ocrs_a_scan_a_few_pages_a_task(tmp_path, monkeypatch):
    from zvdj_viewer.archive import Archive

    monkeypatch.delenv("ZVDJ_NO_OCR", raising=False)
    folder = tmp_path / "scans"
    folder.mkdir()
    _scan(folder / "scan.pdf", 6, box_on=(5,))
    seen = []
    with Archive(tmp_path / "data") as a:
        a.add_folder(folder)
        report = a.update(workers=1, ocr=True, progress=seen.append)
        assert report.ocr_pages == 6 and not report.warnings
        assert [p.done for p in seen if p.phase == "ocr"][1:] == [2, 4, 6]  # three tasks of two pages
        for page, place in enumerate(PLACES, 1):
            assert [p.page for h in a.search(place) for p in h.pages] == [page], place
        export = a.export_json()
    boxes = [(b["page"], b["code"]) for d in export["documents"] for b in d["redaction_boxes"]]
    assert boxes == [(5, "10.2.e")]
    assert ocr.OcrCache(tmp_path / "data").count() == 6


def test_a_task_that_crashes_its_worker_has_its_pages_done_again_one_by_one(tmp_path, monkeypatch):
    """A task of several pages that crashes the worker does not fail its pages: they are done
    again one to a task, and only the page that crashes alone is failed (and remembered)."""
    from types import SimpleNamespace

    from zvdj_viewer import ocr_update, pipeline
    from zvdj_viewer.pipeline import FileResult

    crash = "the reader crashed on this file; skipped"
    given: list = []

    def fake_run_parallel(tasks, workers, **kw):
        for task in tasks:
            _path, numbers, _ = json.loads(task)
            given.append(numbers)
            bad = numbers == 3 or (isinstance(numbers, list) and 3 in numbers)
            yield FileResult(task, error=crash if bad else None)

    monkeypatch.setattr(pipeline, "run_parallel", fake_run_parallel)
    monkeypatch.setattr(ocr, "available", lambda: True)
    remembered = []
    monkeypatch.setattr(ocr_update, "_remember_failure", lambda path, n, d, why: remembered.append((path, n)))
    rows = [{"path": "a.pdf", "number": n} for n in range(1, 7)]
    seen = []
    updater = SimpleNamespace(cat=SimpleNamespace(pages_needing_ocr=lambda: rows, source_state=lambda p: None),
                              a=SimpleNamespace(data_dir=tmp_path), workers=1, cancel=None, progress=seen.append)
    out = ocr_update.run_ocr(updater, ["/"], lambda path, root: True)
    assert given == [[1, 2], [3, 4], [5, 6], 3, 4]  # the crashed task's pages again, alone
    assert out.pages == 5 and out.failed == [("a.pdf", f"page 3: OCR failed ({crash})")]
    assert remembered == [("a.pdf", 3)]
    assert [p.done for p in seen][-1] == 6


def test_a_long_scan_is_refreshed_as_its_pages_grow_not_every_twenty_seconds(tmp_path, monkeypatch):
    """A file in progress is read, analysed and indexed again now and then, so its pages become
    searchable during OCR; on a slow machine (30 s a page here) not after every page, each time
    the whole file again, but once half as many pages again are done, and at the end."""
    from types import SimpleNamespace

    from zvdj_viewer import ocr_update, pipeline
    from zvdj_viewer.pipeline import FileResult

    clock = [0.0]

    def slow_run_parallel(tasks, workers, **kw):
        for task in tasks:
            clock[0] += 30.0
            yield FileResult(task)

    monkeypatch.setattr(pipeline, "run_parallel", slow_run_parallel)
    monkeypatch.setattr(ocr_update.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(ocr, "available", lambda: True)
    refreshed = []
    monkeypatch.setattr(ocr_update, "_refresh", lambda updater, path, d, out: refreshed.append(done[0]))
    done = [0]
    rows = [{"path": "a.pdf", "number": n} for n in range(1, 13)]
    updater = SimpleNamespace(cat=SimpleNamespace(pages_needing_ocr=lambda: rows), a=SimpleNamespace(data_dir=tmp_path),
                              workers=4, cancel=None, progress=lambda p: done.__setitem__(0, p.done))
    out = ocr_update.run_ocr(updater, ["/"], lambda path, root: True)
    assert out.pages == 12
    assert refreshed == [1, 2, 3, 5, 8, 12]  # every page before: 12 refreshes
