"""Progress within a big file: the reader reports its pages, the update passes them on as
phase "page" (files read so far, and the page of the file being read), from a worker process
too, without giving up the time limit per file."""

from __future__ import annotations

import io
import time

from zvdj_viewer import page_progress, pipeline
from zvdj_viewer.archive import Archive, Progress


def paged(path: str) -> pipeline.FileResult:
    """Picklable stand-in for process_file: reads 'pages' slowly and says so."""
    pages = 600 if "endless" in path else 8
    for i in range(1, pages + 1):
        time.sleep(0.1)
        page_progress.report(i, pages)
    return pipeline.FileResult(path)


def _report(folder, pages: int) -> None:
    import pymupdf

    pdf = pymupdf.open()
    for i in range(pages):  # a fictional bundle
        pdf.new_page().insert_text((72, 72), f"Bijlage {i + 1}: overzicht wachttijden jeugdzorg regio {i % 42}.")
    pdf.save(folder / "bundel.pdf")


def test_update_reports_the_pages_of_a_big_pdf(tmp_path, monkeypatch):
    folder = tmp_path / "woo"
    folder.mkdir()
    _report(folder, 40)
    (folder / "notitie.txt").write_text("Notitie over de wachttijden.\n", encoding="utf-8")
    monkeypatch.setattr(page_progress, "INTERVAL", 0.0)  # every page, so the test does not depend on speed
    seen: list[Progress] = []
    with Archive(data_dir=tmp_path / "data") as archive:
        archive.add_folder(str(folder))
        archive.update(workers=0, progress=seen.append)
    pages = [p for p in seen if p.phase == "page"]
    assert [p.page for p in pages] == list(range(1, 41))
    assert all(p.pages == 40 and p.total == 2 and p.current_path.endswith("bundel.pdf") for p in pages)
    assert pages[0].done in (0, 1)  # files read before it: the text file may come first
    assert pages[-1].message == "page 40 of 40"
    # the file count goes on as before
    assert [p.done for p in seen if p.phase == "reading"][-1] == 2


def test_small_files_report_no_pages(tmp_path):
    folder = tmp_path / "klein"
    folder.mkdir()
    _report(folder, 2)
    seen: list[Progress] = []
    with Archive(data_dir=tmp_path / "data") as archive:
        archive.add_folder(str(folder))
        archive.update(workers=0, progress=seen.append)
    assert not [p for p in seen if p.phase == "page"]  # read within INTERVAL: nothing to say


def test_a_worker_process_passes_its_pages_on_and_keeps_the_time_limit():
    ticks: list[tuple[str, int, int]] = []
    results = list(pipeline.run_parallel(["a.pdf"], workers=1, fn=paged,
                                         on_page=lambda *t: ticks.append(t)))
    assert [r.path for r in results] == ["a.pdf"] and results[0].error is None
    assert len(ticks) >= 2 and all(path == "a.pdf" and total == 8 for path, _d, total in ticks)
    assert [d for _p, d, _t in ticks] == sorted(d for _p, d, _t in ticks)
    # a file that keeps reporting pages is still stopped at the time limit
    t0 = time.monotonic()
    (r,) = pipeline.run_parallel(["endless.pdf"], workers=1, timeout=2, fn=paged, on_page=lambda *t: None)
    assert r.error and "took too long" in r.error
    assert time.monotonic() - t0 < 30


def test_the_terminal_line_names_the_page():
    from zvdj_viewer.cli import _ProgressLine

    out = io.StringIO()
    line = _ProgressLine(out)
    line(Progress("page", 3, 10, "/archief/woo/bundel.pdf", "page 40 of 300", 40, 300))
    shown = out.getvalue().rsplit("\x1b[K", 1)[-1]
    assert shown == "reading 3/10 files, bundel.pdf: page 40 of 300"
