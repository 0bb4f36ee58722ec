"""OCR, redaction-code and redaction-box figures on the hand-checked pages of
bench/ocr_truth.json (written from the rendered pages before any detector ran).

    .venv/bin/python bench/ocr_bench.py              # codes and boxes on the truth pages (OCR cached)
    .venv/bin/python bench/ocr_bench.py --dpi 150,200,300 --threshold none,150
    .venv/bin/python bench/ocr_bench.py --engines    # tesseract CLI vs PyMuPDF OCR (vs tesserocr)
    .venv/bin/python bench/ocr_bench.py --searchable # every scanned sample page OCR'd and searchable
    .venv/bin/python bench/ocr_bench.py --false-codes  # codes found in seeds/samples text, for review
    .venv/bin/python bench/ocr_bench.py --speed 117 --save before.json  # pages/s on 2 workers (all scanned pages)
    .venv/bin/python bench/ocr_bench.py --speed 117 --compare before.json  # ... and is the text the same?
    .venv/bin/python bench/ocr_bench.py --stages 12  # CPU per step: render, page OCR, re-reads
    .venv/bin/python bench/ocr_bench.py --index 8    # `zvdj index` of an 8-page scan: pages/s, CPU s/page
    .venv/bin/python bench/ocr_bench.py --timeline 24  # ... and when the Tesseract runs ran: how busy both cores were
    .venv/bin/python bench/ocr_bench.py --options "-c tessedit_do_invert=0" --pages 12 [--scan]
                                 # Tesseract options tried page by page, paired: CPU and what is read
    .venv/bin/python bench/ocr_bench.py --ocr-cache DATA_DIR [--holdout] [--ocr-version 4]  # truth
                                 # scores of what `zvdj index --data-dir DATA_DIR` stored

Times are CPU seconds of the Tesseract processes (resource.RUSAGE_CHILDREN, and for one still
running, as a worker's Tesseract runs from page to page, its time in /proc: ``children_cpu``),
so they hold on a loaded machine; wall time is printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
SAMPLES = REPO.parent / "shared" / "samples"
SEEDS = REPO.parent / "shared" / "seeds"
OUT = HERE / "out"

import pymupdf  # noqa: E402

from zvdj_viewer import ocr, ocr_session  # noqa: E402
from zvdj_viewer.redaction_boxes import code_near, page_boxes, split_by_lines  # noqa: E402
from zvdj_viewer.understanding.redactions import find_codes  # noqa: E402

HEADERS = ("Van", "Verzonden", "Aan", "Onderwerp")


TRUTH = "ocr_truth.json"


def truth() -> list[dict]:
    return json.loads((HERE / TRUTH).read_text())["pages"]


def children_cpu() -> float:
    """CPU seconds of this process's children: those ended and those still running."""
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return c.ru_utime + c.ru_stime + ocr_session.live_cpu_seconds()


def timed_ocr(page, dpi, level):
    """A page OCR'd by a Tesseract of its own (ended after it: its CPU and peak RSS counted)."""
    r0, w0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    res = ocr.ocr_page(page, dpi=dpi, level=level)
    ocr_session.close_all()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return res, r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime, time.perf_counter() - w0, r1.ru_maxrss


STORED: str | None = None  # --ocr-cache: score what the product stored in this data directory


def cached_ocr(page):
    """What the product reads off the page (ocr.read_page, as ocr_task), through a bench
    cache (bench/out/ocr-cache), or from the data directory given with --ocr-cache."""
    key = ocr.page_key(page)
    if STORED is not None:
        res = ocr.OcrCache(STORED).get(key)
        if res is None:
            sys.exit(f"page not in the OCR cache of {STORED}: run `zvdj index --data-dir {STORED}` on the samples")
        return res
    cache = ocr.OcrCache(OUT)
    res = cache.get(key)
    if res is None:
        res = ocr.read_page(page)
        cache.put(key, res)
    return res


def code_counts(lines, kind="mark") -> dict[str, int]:
    out: dict[str, int] = {}
    for text in lines:
        for code, _raw, _at, k in find_codes(text):
            if k == kind:
                out[code] = out.get(code, 0) + 1
    return out


def recall(found: dict, want: dict) -> tuple[int, int, int]:
    """(hits, wanted, extra) comparing code counts."""
    hits = sum(min(found.get(c, 0), n) for c, n in want.items())
    extra = sum(max(0, n - want.get(c, 0)) for c, n in found.items())
    return hits, sum(want.values()), extra


def iou(a, b) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union else 0.0


def match_boxes(found, want, at=0.5) -> int:
    used, hits = set(), 0
    for w in want:
        best = max(((iou(f, w), i) for i, f in enumerate(found) if i not in used), default=(0, None))
        if best[0] >= at:
            used.add(best[1])
            hits += 1
    return hits


def headers_read(lines) -> int:
    return sum(any(re.match(rf"{h}\s*[:;]", t) for t in lines) for h in HEADERS)


def run_dpi(dpis, levels) -> None:
    pages = [t for t in truth() if t.get("marks") or t.get("headers")]
    print(f"{'dpi':>4} {'thr':>5} {'cpu s/page':>10} {'wall s':>7} {'conf':>5} {'codes':>9} {'headers':>8}")
    for dpi in dpis:
        for level in levels:
            cpu = wall = 0.0
            hits = wanted = extra = hh = hw = 0
            confs = []
            for t in pages:
                with pymupdf.open(SAMPLES / t["file"]) as doc:
                    res, c, w, _ = timed_ocr(doc[t["page"] - 1], dpi, level)
                cpu, wall = cpu + c, wall + w
                confs.append(res.confidence or 0)
                lines = [ln for ln, _ in res.lines]
                h, n, e = recall(code_counts(lines), t.get("marks") or {})
                hits, wanted, extra = hits + h, wanted + n, extra + e
                if t.get("headers"):
                    hh, hw = hh + headers_read(lines), hw + len(t["headers"])
            print(f"{dpi:>4} {str(level):>5} {cpu / len(pages):>10.2f} {wall / len(pages):>7.2f} "
                  f"{sum(confs) / len(confs):>5.1f} {hits:>4}/{wanted:<4} {hh:>3}/{hw:<4} (extra codes {extra})")


def run_truth() -> None:
    box_hits = box_want = box_found = 0
    hits = wanted = extra = 0
    cite_hits = cite_want = 0
    words_ok = words_all = 0
    rows = []
    for t in truth():
        with pymupdf.open(SAMPLES / t["file"]) as doc:
            page = doc[t["page"] - 1]
            res = cached_ocr(page)
            res.boxes = page_boxes(page)  # the detector as it is now (the cache keeps OCR only)
        lines = [ln for ln, _ in res.lines]
        words = {re.sub(r"[^\w]", "", w[0]).lower() for w in res.words}
        ok = [w for w in t.get("words", []) if w.lower() in words]
        words_ok, words_all = words_ok + len(ok), words_all + len(t.get("words", []))
        if t.get("marks") is not None:
            h, n, e = recall(code_counts(lines), t["marks"])
            hits, wanted, extra = hits + h, wanted + n, extra + e
            ch, cn, _ = recall(code_counts(lines, "citation"), t.get("citations") or {})
            cite_hits, cite_want = cite_hits + ch, cite_want + cn
        if t.get("boxes") is not None:
            line_boxes = [b for _, b in res.lines]
            boxes = [b for box in res.boxes for b in split_by_lines(tuple(box), line_boxes)]
            m = match_boxes(boxes, t["boxes"])
            box_hits, box_want, box_found = box_hits + m, box_want + len(t["boxes"]), box_found + len(boxes)
            coded = sum(1 for b in boxes if code_near(b, [(w[1], w[2], w[3], w[4], w[0]) for w in res.words]))
            rows.append((Path(t["file"]).name[:40], t["page"], len(t["boxes"]), len(boxes), m, coded))
    print("per page: file, page, boxes true / found / matched at IoU 0.5, found boxes with a code")
    for r in rows:
        print("  %-40s p%-3d %3d %3d %3d %3d" % r)
    print(f"words read off the pages found by OCR: {words_ok}/{words_all}")
    print(f"redaction marks on OCR'd pages: recall {hits}/{wanted} = {hits / max(wanted, 1):.2f}, "
          f"codes beyond the truth {extra}")
    print(f"citations on OCR'd pages: {cite_hits}/{cite_want}")
    print(f"redaction boxes at IoU >= 0.5: recall {box_hits}/{box_want} = {box_hits / max(box_want, 1):.2f}, "
          f"precision {box_hits}/{box_found} = {box_hits / max(box_found, 1):.2f}")


def run_engines() -> None:
    path = SAMPLES / "hard-cases/1848-scan.pdf"
    with pymupdf.open(path) as doc:
        page = doc[0]
        res, cpu, wall, rss = timed_ocr(page, 300, None)
        print(f"tesseract CLI 300 dpi: cpu {cpu:.2f} s, wall {wall:.2f} s, Tesseract max RSS {rss / 1024:.0f} MB, "
              f"{len(res.words)} words with boxes, confidence {res.confidence}")
        os.environ.setdefault("TESSDATA_PREFIX", "/usr/share/tesseract-ocr/5/tessdata")
        t0, w0 = time.process_time(), time.perf_counter()
        try:
            tp = page.get_textpage_ocr(language=ocr.LANG, dpi=300, full=True)
            n = len(page.get_text("words", textpage=tp))
            print(f"PyMuPDF get_textpage_ocr 300 dpi: cpu {time.process_time() - t0:.2f} s, "
                  f"wall {time.perf_counter() - w0:.2f} s, {n} words, process max RSS "
                  f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        except Exception as err:  # noqa: BLE001
            print(f"PyMuPDF OCR not available: {err}")
    try:
        import tesserocr  # noqa: F401
        print("tesserocr importable: measure with the same page (not a project dependency)")
    except ImportError:
        print("tesserocr: not installed (pip install tesserocr to compare; not a dependency)")


def run_searchable() -> None:
    """Index copies of every sample PDF with scanned pages, OCR on (cache in bench/out)."""
    import shutil

    from zvdj_viewer.archive import Archive

    folder, data = OUT / "scans", OUT / "ocr-data"
    folder.mkdir(parents=True, exist_ok=True)
    files = ["hard-cases/1848-scan.pdf"] + [f"woo-bundles/{p.name}" for p in sorted((SAMPLES / "woo-bundles").glob("*.pdf"))]
    for f in files:
        if not (folder / Path(f).name).exists():
            shutil.copy(SAMPLES / f, folder / Path(f).name)
    t0 = time.perf_counter()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    with Archive(data) as a:
        a.add_folder(folder)
        report = a.update(workers=2, ocr=True)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(report.summary())
        for path, w in report.warnings:
            if "OCR" in w:
                print(f"  {Path(path).name}: {w}")
        cpu = r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime
        if report.ocr_pages:
            print(f"OCR: {report.ocr_pages} pages, {cpu / report.ocr_pages:.2f} CPU s/page (reading, OCR workers "
                  f"and Tesseract together), wall {time.perf_counter() - t0:.1f} s")
        scanned = readable = 0
        unread = []
        for src in a.export_json()["sources"]:
            for p in src.get("text_sources", []):
                if p["text_source"] == "ocr" or not p["readable"]:
                    scanned += 1
                    readable += p["readable"]
                    if not p["readable"]:
                        unread.append(f"{Path(src['path']).name[:30]} p{p['page']}")
        print(f"scanned (or garbled) pages with OCR text: {readable}/{scanned}; without: {', '.join(unread)}")
        for truth_file in ("ocr_truth.json", "ocr_truth_holdout.json"):
            found = total = 0
            for t in json.loads((HERE / truth_file).read_text())["pages"]:
                for w in t.get("words", []):
                    total += 1
                    hits = a.search(w, limit=1000, pages_per_doc=1000)
                    found += any(pg.page == t["page"] and h.source.endswith(Path(t["file"]).name)
                                 for h in hits for pg in h.pages)
            print(f"words read off the pages of {truth_file} found on their page by search: {found}/{total}")


def _worker_rss(task: str) -> tuple[float, float, float]:
    """In a fresh process: OCR one page as the OCR worker does (render, OCR, boxes, box
    codes, cache); its own and Tesseract's peak RSS and the CPU seconds of both."""
    r0, c0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    ocr.ocr_task(task)
    ocr_session.close_all()  # its Tesseract ended, so its peak RSS and CPU are counted
    r1, c1 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = sum(b.ru_utime + b.ru_stime - a.ru_utime - a.ru_stime for a, b in ((r0, r1), (c0, c1)))
    return r1.ru_maxrss / 1024, c1.ru_maxrss / 1024, cpu


def run_rss() -> None:
    import multiprocessing as mp
    import tempfile

    ctx = mp.get_context("spawn")
    with tempfile.TemporaryDirectory() as tmp:
        cpus = []
        for f, n in (("woo-bundles/20201210_wob_besluit_final_geredigeerd.pdf", 3),
                     ("woo-bundles/bijlagen_bij_besluit_exploitatievergunningen_en_aanvragen_nyp_geredigeerd.pdf", 5),
                     ("woo-bundles/Bes-Ordner1.doc.1-15.pdf", 5),
                     ("hard-cases/1848-scan.pdf", 1)):
            with ctx.Pool(1) as pool:
                own, tess, cpu = pool.apply(_worker_rss, (json.dumps([str(SAMPLES / f), n, tmp]),))
            cpus.append(cpu)
            print(f"OCR worker on {Path(f).name[:40]} p{n}: worker peak RSS {own:.0f} MB, "
                  f"Tesseract peak RSS {tess:.0f} MB, CPU {cpu:.2f} s")
        print(f"OCR CPU seconds per page (worker + Tesseract): mean {sum(cpus) / len(cpus):.2f}")


def scanned_pages() -> list[tuple[str, int]]:
    """Every page of the Woo samples and 1848-scan.pdf that the product OCRs (no text layer,
    or a garbled one: ocr.needs_ocr), file by file."""
    from zvdj_viewer import readers

    files = sorted((SAMPLES / "woo-bundles").glob("*.pdf")) + [SAMPLES / "hard-cases" / "1848-scan.pdf"]
    return [(str(f), p.number) for f in files for p in readers.read(str(f)).pages if ocr.needs_ocr(p)]


def _spread(pages: list[tuple[str, int]], n: int) -> list[tuple[str, int]]:
    """n of the pages, taken round-robin over the files (every kind of scan, not one file's)."""
    by_file: dict[str, list[int]] = {}
    for f, number in pages:
        by_file.setdefault(f, []).append(number)
    out: list[tuple[str, int]] = []
    while len(out) < min(n, len(pages)):
        for f, numbers in by_file.items():
            if numbers and len(out) < n:
                out.append((f, numbers.pop(0)))
    return out


def _page_text(cache, path: str, number: int) -> dict:
    with pymupdf.open(path) as doc:
        res = cache.get(ocr.page_key(doc[number - 1]))
    if res is None:
        return {"error": "not cached"}
    return {"lines": [t for t, _ in res.lines], "words": [list(w) for w in res.words],
            "boxes": [list(b) for b in res.boxes], "error": res.error}


def _timed_task(task: str):
    """ocr.ocr_task, with the wall seconds it took in the worker (FileResult.seconds)."""
    t = time.perf_counter()
    result = ocr.ocr_task(task)
    result.seconds = time.perf_counter() - t
    return result


def run_speed(n: int, save: str | None, compare: str | None) -> None:
    """OCR n scanned sample pages as `zvdj index` does (ocr.ocr_task in two worker processes,
    pipeline.run_parallel, a fresh cache): pages per second of wall time over both cores, and
    CPU seconds per page (workers and Tesseract). --save writes what was read (lines, words with
    boxes and confidence, redaction boxes) per page; --compare checks it against such a file."""
    import tempfile

    from zvdj_viewer.ocr_update import ocr_tasks
    from zvdj_viewer.pipeline import run_parallel

    pages = _spread(scanned_pages(), n)
    with tempfile.TemporaryDirectory() as tmp:
        todo: dict[str, list[int]] = {}
        for f, number in pages:
            todo.setdefault(f, []).append(number)
        tasks = ocr_tasks(todo, tmp)  # the pages in tasks as `zvdj index` makes them
        r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        failed, busy, ends = [], 0.0, []
        for r in run_parallel(tasks, 2, timeout=ocr.PAGE_TIMEOUT + 60, fn=_timed_task):
            ends.append(time.perf_counter())
            busy += r.seconds
            failed += [r.error] if r.error else r.problems
        wall = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime
        cache = ocr.OcrCache(tmp)
        got = {f"{Path(f).name}#{number}": _page_text(cache, f, number) for f, number in pages}
    print(f"OCR of {len(pages)} scanned pages ({len({f for f, _ in pages})} files, {len(tasks)} tasks), "
          f"2 workers: wall {wall:.1f} s, "
          f"{len(pages) / wall:.2f} pages/s over both cores; CPU {cpu / len(pages):.2f} s per page "
          f"(at most {2 * len(pages) / cpu:.2f} pages/s on 2 idle cores); load average "
          f"{os.getloadavg()[0]:.1f}; {len(failed)} failed {failed[:3]}")
    print(f"  the two workers were busy {busy / (2 * wall):.0%} of the wall time on both (worker start-up "
          f"and the tail count against it); the last task ran alone for {ends[-1] - ends[-2]:.1f} s at the end"
          if len(ends) > 1 else "")
    if save:
        Path(save).write_text(json.dumps(got, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"what was read: {save}")
    if compare:
        old = json.loads(Path(compare).read_text(encoding="utf-8"))
        same = [k for k in got if old.get(k) == got[k]]
        same_lines = [k for k in got if k in old and old[k].get("lines") == got[k].get("lines")]
        print(f"against {compare}: {len(same)}/{len(got)} pages identical (lines, words, boxes), "
              f"{len(same_lines)}/{len(got)} with identical lines")
        for k in got:
            if k in old and old[k] != got[k]:
                a, b = old[k].get("lines") or [], got[k].get("lines") or []
                print(f"  {k}: lines {len(a)} -> {len(b)}; only before {[x for x in a if x not in b][:4]}, "
                      f"only after {[x for x in b if x not in a][:4]}")


def run_stages(n: int) -> None:
    """Where an OCR'd page's CPU time goes, page by page in this process, step by step as
    ocr.read_page takes them: rendering and thresholding the page, Tesseract on the page, the
    redaction boxes, the one re-read run (boxes without a code, margin strips with ink page
    OCR did not read; Tesseract's CPU counted apart from this process's)."""
    from collections import Counter

    from zvdj_viewer.redaction_boxes import page_boxes, split_by_lines

    acc: Counter = Counter()
    runs: Counter = Counter()

    def cpu() -> tuple[float, float]:
        s = resource.getrusage(resource.RUSAGE_SELF)
        return s.ru_utime + s.ru_stime, children_cpu()

    def timed(label, fn, *a):
        s0, c0 = cpu()
        out = fn(*a)
        s1, c1 = cpu()
        acc[(label, "this process")] += s1 - s0
        acc[(label, "Tesseract")] += c1 - c0
        runs[label] += 1
        return out

    pages = _spread(scanned_pages(), n)
    starts = 0
    real_read = ocr.read_images

    def counted(*a, **k):
        nonlocal starts
        starts += 1
        return real_read(*a, **k)

    ocr.read_images = counted
    try:
        for f, number in pages:
            with pymupdf.open(f) as doc:
                page = doc[number - 1]
                pix = timed("render + threshold", ocr.page_image, page)
                result = timed("page OCR (psm 3)", ocr.ocr_pixmap, pix)
                lines = [b for _, b in result.lines]
                result.boxes = timed("redaction boxes", lambda pg, ls: [b for box in page_boxes(pg)
                                                                         for b in split_by_lines(box, ls)], page, lines)
                timed("re-reads (psm 6, one run)", ocr.read_again, page, result, pix)
    finally:
        ocr.read_images = real_read
        ocr_session.close_all()
    total = sum(acc.values()) / len(pages)
    print(f"CPU seconds per page over {len(pages)} scanned pages: {total:.2f}; Tesseract given images {starts / len(pages):.2f} "
          f"times a page (one process for the pages, one for the re-reads) (load average {os.getloadavg()[0]:.1f})")
    for label in runs:
        own, tess = acc[(label, "this process")] / len(pages), acc[(label, "Tesseract")] / len(pages)
        print(f"  {label:26s} {own + tess:.3f} s ({own:.3f} here, {tess:.3f} Tesseract; {runs[label]} calls)")


def run_index(pages: int) -> None:
    """The product's whole OCR path as a user runs it: `zvdj index` of a scan of ``pages``
    pages (bench/side_by_side.py's, made from the 1,000-page corpus), OCR on, both cores."""
    from bench import side_by_side
    from bench.run import corpus

    rows: list[str] = []
    side_by_side.ocr(rows, corpus(1000), pages)
    print(rows[-1].strip("| ").replace(" | ", ": ", 1).replace(" | ", "; "))


def _wrapper(folder: Path, extra: str = "", log: Path | None = None, psm: str | None = None) -> str:
    """A stand-in for the tesseract program (ocr.program() takes it from $ZVDJ_TESSERACT)
    that adds ``extra`` options before the last argument (the "tsv" config), only to runs
    with ``--psm psm`` when that is given, and, with ``log``, appends each run's start time,
    wall, user and system seconds there."""
    import shlex
    import shutil

    real = shutil.which("tesseract")
    path = folder / f"tesseract-{abs(hash((extra, str(log), psm)))}"
    opts = " ".join(shlex.quote(o) for o in extra.split())
    pick = f'if [[ " $* " == *" --psm {psm} "* ]]; then x=({opts}); else x=(); fi' if psm else f"x=({opts})"
    timed = f'/usr/bin/time -a -o {shlex.quote(str(log))} -f "$s %e %U %S" ' if log else ""
    # exec: the program's process is the one ocr_session started (its CPU time is read in /proc)
    path.write_text(f'#!/bin/bash\ns=$EPOCHREALTIME\n{pick}\nexec {timed}{shlex.quote(real)} "${{@:1:$#-1}}" "${{x[@]}}" "${{@: -1}}"\n')
    path.chmod(0o755)
    return str(path)


def run_options(options: str, n: int, scan: bool, psm: str | None = None) -> None:
    """Tesseract options tried on n pages, paired: each page read as the product reads it
    (ocr.read_page: page OCR, boxes, re-reads) with and without ``options`` (only in the runs
    with ``--psm psm`` when given: 3 the page runs, 6 the re-reads), in alternating order, CPU
    seconds of this process and Tesseract; which pages read differently and how."""
    import tempfile

    if scan:  # the corpus scan `--index N` made (clean letters with white-on-black codes)
        f = OUT / "ocr-scan" / "scan.pdf"
        if not f.exists():
            sys.exit(f"no {f}: run --index {n} first")
        with pymupdf.open(f) as d:
            pages = [(str(f), i + 1) for i in range(min(n, d.page_count))]
    else:
        pages = _spread(scanned_pages(), n)

    def cpu() -> float:
        s = resource.getrusage(resource.RUSAGE_SELF)
        return s.ru_utime + s.ru_stime + children_cpu()

    with tempfile.TemporaryDirectory() as tmp:
        plain, tried = _wrapper(Path(tmp)), _wrapper(Path(tmp), options, psm=psm)  # both through a wrapper: fair

        def read(page, program: str):
            os.environ["ZVDJ_TESSERACT"] = program
            c = cpu()
            result = ocr.read_page(page)
            return result, cpu() - c

        totals, same = [0.0, 0.0], 0
        for i, (path, number) in enumerate(pages):
            with pymupdf.open(path) as doc:
                page = doc[number - 1]
                order = [(0, plain), (1, tried)] if i % 2 == 0 else [(1, tried), (0, plain)]
                got = {}
                for k, program in order:
                    got[k] = read(page, program)
            (a, ca), (b, cb) = got[0], got[1]
            totals[0] += ca
            totals[1] += cb
            same += a.to_json() == b.to_json()
            print(f"  {Path(path).name[:40]} p{number}: {ca:.2f} -> {cb:.2f} CPU s"
                  f"{'' if a.to_json() == b.to_json() else ' DIFFERENT'}", flush=True)
            if a.to_json() != b.to_json():
                la, lb = [t for t, _ in a.lines], [t for t, _ in b.lines]
                print(f"      only without: {[x for x in la if x not in lb][:4]}; only with: {[x for x in lb if x not in la][:4]}")
        os.environ.pop("ZVDJ_TESSERACT", None)
    print(f"{options!r}{f' (--psm {psm} runs only)' if psm else ''} on {len(pages)} pages: CPU {totals[0]:.2f} -> {totals[1]:.2f} s "
          f"({(totals[0] - totals[1]) / totals[0]:+.1%} saved); {same}/{len(pages)} pages read the same "
          f"(load average {os.getloadavg()[0]:.1f})")


def _proc_table() -> dict[int, tuple[int, str, int]]:
    """pid -> (parent pid, command name, CPU ticks) of every process (Linux /proc)."""
    out = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as f:
                raw = f.read()
        except OSError:
            continue
        name = raw[raw.index(b"(") + 1:raw.rindex(b")")].decode("utf-8", "replace")
        fields = raw[raw.rindex(b")") + 2:].split()
        out[int(d)] = (int(fields[1]), name, int(fields[11]) + int(fields[12]))
    return out


def run_timeline(pages: int) -> None:
    """`zvdj index` of an N-page scan (the one --index makes), with its Tesseract processes
    looked at every 0.1 s (each worker's Tesseract runs from page to page, so a process's
    life says nothing: whether it used the CPU in the interval does): how long the process
    ran before the first and after the last Tesseract was busy, and for how much of the time
    between them two, one or no Tesseract used the CPU (both cores busy with OCR, or not).
    A Tesseract counts as busy in an interval when it used half of it or more."""
    import subprocess
    import tempfile
    import threading

    from bench import side_by_side
    from bench.run import corpus

    folder = side_by_side.ocr_scan(corpus(1000), pages)
    os.environ.pop("ZVDJ_NO_OCR", None)
    tick = os.sysconf("SC_CLK_TCK")
    step = 0.1
    with tempfile.TemporaryDirectory() as tmp:
        cmd = side_by_side.ZVDJ + ["index", "--data-dir", str(Path(tmp) / "data"), str(folder)]
        t0 = time.time()
        p = subprocess.Popen(cmd, env=side_by_side.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples: list[tuple[float, int]] = []  # (time, Tesseracts busy in the interval before it)
        seen: dict[int, int] = {}  # Tesseract pid -> its CPU ticks at the last look
        peak = [0]  # PSS of all the processes, kB, the most seen
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                table = _proc_table()
                mine = {p.pid}
                for pid, (ppid, _n, _c) in sorted(table.items()):  # children have higher pids, mostly
                    if ppid in mine:
                        mine.add(pid)
                for _ in range(3):  # and those that do not
                    mine |= {pid for pid, (ppid, _n, _c) in table.items() if ppid in mine}
                peak[0] = max(peak[0], sum(side_by_side._pss_kb(q) for q in mine))
                busy = 0
                for pid in mine:
                    _ppid, name, cpu = table[pid] if pid in table else (0, "", 0)
                    if name == "tesseract":
                        busy += (cpu - seen.get(pid, cpu)) / tick >= step / 2
                        seen[pid] = cpu
                samples.append((time.time(), busy))
                done.wait(step)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _pid, status, ru = os.wait4(p.pid, 0)
        t1 = time.time()
        done.set()
        sampler.join()
    wall, cpu_all = t1 - t0, ru.ru_utime + ru.ru_stime
    busy_at = [t for t, n in samples if n]
    if os.waitstatus_to_exitcode(status) != 0 or not busy_at:
        sys.exit(f"`zvdj index` exit code {os.waitstatus_to_exitcode(status)}, no busy Tesseract seen")
    first, last = busy_at[0] - step, busy_at[-1]
    share = {0: 0.0, 1: 0.0, 2: 0.0}
    prev = None
    for t, n in samples:
        if prev is not None and first <= prev and t <= last + 1e-9:
            share[min(n, 2)] += t - prev
        prev = t
    span = max(1e-9, sum(share.values()))
    tess = sum(seen.values()) / tick  # up to 0.1 s a process short (its last interval)
    print(f"`zvdj index` of a {pages}-page scan: wall {wall:.1f} s, {pages / wall:.2f} pages/s; CPU {cpu_all:.1f} s "
          f"= {cpu_all / pages:.2f} s/page, of it Tesseract about {tess:.1f} s in {len(seen)} processes "
          f"({tess / pages:.2f} s/page), the rest {(cpu_all - tess) / pages:.2f} s/page; {first - t0:.1f} s before the first Tesseract was busy (start, text "
          f"pass, relink), {t1 - last:.1f} s after the last (refresh, relink); between them ({span:.1f} s) two "
          f"Tesseracts were busy {share[2] / span:.0%} of the time, one {share[1] / span:.0%}, none {share[0] / span:.0%}; "
          f"peak PSS of all the processes {peak[0] / 1024:.0f} MB (load average {os.getloadavg()[0]:.1f})")


def run_false_codes() -> None:
    """Every code the tolerant OCR forms find in the text layers of seeds and samples: each
    one is shown with its line, to be checked by eye (the strict forms were checked before)."""
    from zvdj_viewer import readers
    from zvdj_viewer.model import DocLine
    from zvdj_viewer.understanding.redactions import _BARE_CODES, _LETTER_CODES, find_citations, find_redactions

    n = 0
    for path in sorted(list(SEEDS.glob("*")) + list(SAMPLES.rglob("*"))):
        if not path.is_file() or not readers.is_supported(path):
            continue
        try:
            src = readers.read(str(path))
        except Exception:  # noqa: BLE001
            continue
        lines = [DocLine(p.number, i, ln) for p in src.pages for i, ln in enumerate(p.lines)]
        text = {(dl.page, dl.index): dl.text for dl in lines}
        for kind, found in (("mark", find_redactions(lines)), ("citation", find_citations(lines))):
            for r in found:
                if _LETTER_CODES.fullmatch(r.raw) or _BARE_CODES.fullmatch(r.raw):
                    continue
                n += 1
                where = next((t for (pg, _), t in text.items() if pg == r.page and r.raw in t), "")
                print(f"{path.name[:40]} p{r.page} {kind} {r.code} <- {r.raw!r}: {where[:100]!r}")
    print(f"{n} codes in tolerant (OCR) spellings in the text layers of seeds and samples")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dpi")
    ap.add_argument("--threshold", default="150")
    ap.add_argument("--engines", action="store_true")
    ap.add_argument("--searchable", action="store_true")
    ap.add_argument("--false-codes", action="store_true")
    ap.add_argument("--holdout", action="store_true", help="the held-out pages (ocr_truth_holdout.json)")
    ap.add_argument("--rss", action="store_true", help="peak memory of an OCR worker and its Tesseract")
    ap.add_argument("--speed", type=int, metavar="N", help="pages/s OCR'ing N scanned sample pages on 2 workers")
    ap.add_argument("--save", metavar="FILE", help="with --speed: write what was read")
    ap.add_argument("--compare", metavar="FILE", help="with --speed: compare what was read with a --save file")
    ap.add_argument("--stages", type=int, metavar="N", help="CPU per step of OCR'ing N scanned sample pages")
    ap.add_argument("--index", type=int, metavar="N", help="`zvdj index` of an N-page scan: pages/s, CPU s/page")
    ap.add_argument("--timeline", type=int, metavar="N", help="--index N, with when each Tesseract run ran")
    ap.add_argument("--options", metavar="OPTS", help="Tesseract options to try, paired, page by page")
    ap.add_argument("--pages", type=int, default=12, help="with --options: how many pages")
    ap.add_argument("--scan", action="store_true", help="with --options: the pages of --index's corpus scan")
    ap.add_argument("--psm", help="with --options: only in the Tesseract runs with this --psm (3 page, 6 re-reads)")
    ap.add_argument("--ocr-cache", metavar="DATA_DIR", help="truth scores of the OCR stored in DATA_DIR")
    ap.add_argument("--ocr-version", type=int, help="with --ocr-cache: the OCR_VERSION DATA_DIR was filled with "
                    "(to score a cache an earlier version of the product made)")
    args = ap.parse_args()
    if args.holdout:
        global TRUTH
        TRUTH = "ocr_truth_holdout.json"
    if args.ocr_cache:
        global STORED
        STORED = args.ocr_cache
        if args.ocr_version:
            ocr.OCR_VERSION = args.ocr_version  # part of the page keys
    if not ocr.available():
        sys.exit("Tesseract with the 'nld' language is not installed")
    if args.dpi:
        levels = [None if v == "none" else int(v) for v in args.threshold.split(",")]
        run_dpi([int(d) for d in args.dpi.split(",")], levels)
    elif args.engines:
        run_engines()
    elif args.searchable:
        run_searchable()
    elif args.false_codes:
        run_false_codes()
    elif args.rss:
        run_rss()
    elif args.speed:
        run_speed(args.speed, args.save, args.compare)
    elif args.stages:
        run_stages(args.stages)
    elif args.index:
        run_index(args.index)
    elif args.timeline:
        run_timeline(args.timeline)
    elif args.options:
        run_options(args.options, args.pages, args.scan, args.psm)
    else:
        run_truth()


if __name__ == "__main__":
    main()
