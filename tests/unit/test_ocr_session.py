"""OCR page after page with one Tesseract per worker (issue 22, OCR >= 1 page/s): the
``tesseract`` program is started once per worker process and page setting (``ocr_session``),
not once or twice a page, and gives each page exactly what a Tesseract of its own gives it; a
page over its CPU budget or time limit fails alone; an update hands out one page a task and
OCRs a scan with them end to end. Pages here are fictional."""

from __future__ import annotations

import json
import subprocess

import pymupdf
import pytest

from zvdj_viewer import ocr, ocr_session
from zvdj_viewer.ocr_update import ocr_tasks

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
    real_popen = subprocess.Popen

    def popen(args, *a, **k):
        starts.append(args)
        return real_popen(args, *a, **k)

    monkeypatch.setattr(ocr_session.subprocess, "Popen", popen)
    return starts


def _alone(page) -> ocr.OcrPage:
    """``page`` read by Tesseracts started for it alone."""
    ocr_session.close_all()
    try:
        return ocr.read_page(page)
    finally:
        ocr_session.close_all()


@needs_tesseract
def test_pages_are_read_one_after_another_by_one_tesseract_each_as_alone(tmp_path, monkeypatch):
    _scan(tmp_path / "scan.pdf", 3, box_on=(1, 3))
    with pymupdf.open(tmp_path / "scan.pdf") as doc:
        alone = [_alone(p) for p in doc]
        starts = _starts(monkeypatch)
        try:
            together = [ocr.read_page(p) for p in doc]
        finally:
            ocr_session.close_all()
    assert [a.to_json() for a in alone] == [b.to_json() for b in together]
    assert sorted(s[s.index("--psm") + 1] for s in starts) == ["3", "6"]  # pages, and what they left to read again
    assert any("10.2.e" in t for t, _ in together[0].lines) and together[0].boxes  # the re-reads are in
    assert [p for p in PLACES[:3] if any(p in t for t, _ in together[PLACES.index(p)].lines)] == PLACES[:3]


@needs_tesseract
def test_a_page_over_its_cpu_budget_or_time_limit_fails_alone(tmp_path, monkeypatch):
    _scan(tmp_path / "scan.pdf", 3, box_on=())
    try:
        with pymupdf.open(tmp_path / "scan.pdf") as doc:
            images = [ocr.page_image(p) for p in doc]
            first = ocr.ocr_pixmap(images[0])
            monkeypatch.setattr(ocr, "PAGE_CPU_SECONDS", 0)
            over = ocr.ocr_pixmap(images[1])
            monkeypatch.setattr(ocr, "PAGE_CPU_SECONDS", 60)
            slow = ocr.ocr_pixmap(images[1], timeout=0.01)
            after = ocr.ocr_pixmaps(images)
    finally:
        ocr_session.close_all()
    assert over.error and "CPU" in over.error and not over.retry  # failed for good
    assert slow.error and slow.retry  # only out of wall time: tried again later
    assert [r.error for r in after] == [None] * 3 and after[0].to_json() == first.to_json()
    assert [any(PLACES[i] in t for t, _ in r.lines) for i, r in enumerate(after)] == [True] * 3


def test_tasks_are_one_page_each_file_by_file():
    todo = {"a.pdf": [2, 3, 5], "b.pdf": [1], "c.pdf": [4, 7]}
    tasks = [json.loads(t) for t in ocr_tasks(todo, "/data")]
    assert tasks == [["a.pdf", 2, "/data"], ["a.pdf", 3, "/data"], ["a.pdf", 5, "/data"],
                     ["b.pdf", 1, "/data"], ["c.pdf", 4, "/data"], ["c.pdf", 7, "/data"]]


@needs_tesseract
def test_an_update_ocrs_a_scan_page_by_page(tmp_path, monkeypatch):
    from zvdj_viewer.archive import Archive

    monkeypatch.delenv("ZVDJ_NO_OCR", raising=False)
    folder = tmp_path / "scans"
    folder.mkdir()
    _scan(folder / "scan.pdf", 6, box_on=(5,))
    seen = []
    with Archive(tmp_path / "data") as a:
        a.add_folder(folder)
        report = a.update(workers=2, ocr=True, progress=seen.append)
        assert report.ocr_pages == 6 and not report.warnings
        assert [p.done for p in seen if p.phase == "ocr"] == [0, 1, 2, 3, 4, 5, 6]
        for page, place in enumerate(PLACES, 1):
            assert [p.page for h in a.search(place) for p in h.pages] == [page], place
        export = a.export_json()
    boxes = [(b["page"], b["code"]) for d in export["documents"] for b in d["redaction_boxes"]]
    assert boxes == [(5, "10.2.e")]
    assert ocr.OcrCache(tmp_path / "data").count() == 6


def test_ocr_is_under_way_while_the_text_layers_are_linked(tmp_path, monkeypatch):
    """The workers start and read pages while the update links what the text pass stored;
    their results are taken up after it (issue 22: the time before the first Tesseract)."""
    import threading

    from zvdj_viewer import pipeline
    from zvdj_viewer.archive import Archive
    from zvdj_viewer.pipeline import FileResult

    monkeypatch.delenv("ZVDJ_NO_OCR", raising=False)
    monkeypatch.setattr(ocr, "available", lambda: True)
    folder = tmp_path / "scans"
    folder.mkdir()
    _scan(folder / "scan.pdf", 2, box_on=())
    started = threading.Event()
    real_run_parallel = pipeline.run_parallel

    def run_parallel(tasks, workers, **kw):
        if kw.get("fn") is not ocr.ocr_task:  # the text pass: as it is
            yield from real_run_parallel(tasks, workers, **kw)
            return
        started.set()
        for task in tasks:
            yield FileResult(task)

    monkeypatch.setattr(pipeline, "run_parallel", run_parallel)
    under_way = []
    real_relink = Archive.relink

    def relink(self, *a, **k):
        under_way.append(started.wait(10))
        return real_relink(self, *a, **k)

    monkeypatch.setattr(Archive, "relink", relink)
    with Archive(tmp_path / "data") as a:
        a.add_folder(folder)
        report = a.update(workers=1, ocr=True)
    assert under_way[0] is True
    assert report.ocr_pages == 2


def test_a_page_that_crashes_its_worker_is_failed_and_remembered_the_rest_done(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from zvdj_viewer import ocr_update, pipeline
    from zvdj_viewer.pipeline import FileResult

    crash = "the reader crashed on this file; skipped"

    def fake_run_parallel(tasks, workers, **kw):
        for task in tasks:
            yield FileResult(task, error=crash if json.loads(task)[1] == 3 else None)

    monkeypatch.setattr(pipeline, "run_parallel", fake_run_parallel)
    monkeypatch.setattr(ocr, "available", lambda: True)
    remembered = []
    monkeypatch.setattr(ocr_update, "_remember_failure", lambda path, n, d, why: remembered.append((path, n)))
    rows = [{"path": "a.pdf", "number": n} for n in range(1, 7)]
    seen = []
    updater = SimpleNamespace(cat=SimpleNamespace(pages_needing_ocr=lambda: rows, source_state=lambda p: None),
                              a=SimpleNamespace(data_dir=tmp_path), workers=1, cancel=None, progress=seen.append)
    out = ocr_update.run_ocr(updater, ["/"], lambda path, root: True)
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

    def slow_run_parallel(tasks, workers, **kw):
        for task in tasks:
            yield FileResult(task)

    monkeypatch.setattr(pipeline, "run_parallel", slow_run_parallel)
    # each page 30 s after the one before as the update takes them (they are gathered ahead)
    monkeypatch.setattr(ocr_update.time, "monotonic", lambda: 30.0 * done[0])
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


RUNAWAY = """#!{python}
import sys
for line in sys.stdin:  # a Tesseract that never ends its first page
    while True:
        pass
"""


@pytest.mark.skipif(not hasattr(__import__("resource"), "prlimit"), reason="the CPU limit of another process is set on Linux only")
def test_a_runaway_page_is_stopped_at_its_cpu_budget_by_the_system_too(tmp_path, monkeypatch):
    import sys

    fake = tmp_path / "tesseract"
    fake.write_text(RUNAWAY.format(python=sys.executable))
    fake.chmod(0o755)
    monkeypatch.setenv("ZVDJ_TESSERACT", str(fake))
    monkeypatch.setattr(ocr, "PAGE_CPU_SECONDS", 1)
    monkeypatch.setattr(ocr_session, "POLL", 3600.0)  # nobody looks: the system's limit must end it
    doc = pymupdf.open()
    doc.new_page(width=100, height=100)
    import time

    t0 = time.monotonic()
    try:
        got = ocr.ocr_pixmap(ocr.page_image(doc[0]), timeout=120)
    finally:
        ocr_session.close_all()
    assert got.error == "OCR needed more than 1 s of CPU time" and not got.retry
    assert time.monotonic() - t0 < 100  # ended by the system at 1 s of CPU, not at the time limit
