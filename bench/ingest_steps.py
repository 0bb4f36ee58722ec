"""Where ingest's CPU time goes, per step, in CPU ms per page.

    .venv/bin/python bench/ingest_steps.py [--set corpus-1000] [--set shared]

Indexes the set from empty in this one process (workers=0: every step's CPU time is this
process's) with a CPU-time counter around each step: the PDF reader (MuPDF's dict extraction,
building lines, the garble check, the size caps), each analysis step, redaction boxes, passing
the result to another process (the catalog rows made in the worker, pickle.dumps + loads, as the
worker pool does), writing the
catalog, building index units, writing the index, linking. Nested steps are shown apart from
the step around them ("(rest)"). CPU time is unaffected by other processes' load, apart from
the caches they share; the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.identity import file_set  # noqa: E402

SPENT: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)
_stack: list[str] = []


def timed(name: str, fn):
    """fn with its CPU time added to SPENT[name], less the time of timed steps inside it."""

    def wrapper(*args, **kwargs):
        t = time.process_time()
        _stack.append(name)
        try:
            return fn(*args, **kwargs)
        finally:
            _stack.pop()
            dt = time.process_time() - t
            SPENT[name] += dt
            CALLS[name] += 1
            if _stack:
                SPENT[_stack[-1]] -= dt  # exclusive times: the outer step without the inner one

    wrapper.__wrapped__ = fn
    return wrapper


def patch(obj, attr: str, name: str) -> None:
    setattr(obj, attr, timed(name, getattr(obj, attr)))


def install() -> None:
    import pymupdf

    from zvdj_viewer import catalog, pipeline, readers
    from zvdj_viewer.understanding import analyse
    from zvdj_viewer import archive as archive_mod
    from zvdj_viewer import redaction_boxes
    from zvdj_viewer.understanding import items, metadata, redactions
    from zvdj_viewer.index import fulltext
    from zvdj_viewer.readers import pdf

    patch(pymupdf.Page, "get_text", "read: MuPDF get_text(dict)")
    patch(pdf, "_page_blocks", "read: MuPDF get_text(dict)")  # the same extraction, by its MuPDF calls
    patch(pdf, "is_garbled", "read: garble check")
    patch(pdf, "_over_cap", "read: size caps")
    patch(pdf, "_read_page", "read: building lines")
    patch(readers, "read", "read: (rest: open, toc, other readers)")
    patch(pipeline, "analyse", "analysis: (rest)")
    for attr, name in [("mark_furniture", "furniture"), ("segment", "segment"), ("span_lines", "span_lines"),
                       ("classify", "classify"), ("enrich", "enrich (woo_document)"),
                       ("_fallback_title", "fallback title"), ("name_from_inventory", "name_from_inventory"),
                       ("_body_meeting", "body meeting")]:
        patch(analyse, attr, f"analysis: {name}")
    patch(metadata, "extract", "analysis: metadata")
    patch(items, "find_items", "analysis: items")
    patch(redactions, "find_redactions", "analysis: redactions")
    patch(redactions, "find_citations", "analysis: citations")
    patch(redaction_boxes, "attach_boxes", "redaction boxes")
    from zvdj_viewer.archive import update as updater_mod

    patch(updater_mod._Updater, "_store", "catalog: write source")
    patch(updater_mod._Updater, "_queue_units", "index units")
    patch(fulltext.FullTextIndex, "update", "index: Whoosh write")
    patch(archive_mod.Archive, "relink", "linking")
    from zvdj_viewer.link import mentions

    patch(mentions, "document_json", "linking: reference scan (in the reader, link/mentions.py)")
    patch(catalog.Catalog, "mark_indexed", "catalog: mark indexed")

    # what a reader process sends: the result made ready for the catalog (for_catalog), pickled
    patch(pipeline, "for_catalog", "passing between processes (catalog rows, in the worker)")
    pipeline.process_file = timed("process_file (rest)", pipeline.process_file)
    original = pipeline.process_file_for_catalog

    def process_and_pass(path, data_dir=None):
        r = original(path, data_dir)
        t = time.process_time()
        pickle.loads(pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL))
        SPENT["passing between processes (pickle)"] += time.process_time() - t
        return r

    pipeline.process_file_for_catalog = process_and_pass  # update._read imports it when it runs


def run(set_name: str) -> None:
    from zvdj_viewer.archive import Archive

    SPENT.clear()
    CALLS.clear()
    load = os.getloadavg()
    t0, w0 = time.process_time(), time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="zvdj-steps-") as tmp:
        with Archive(data_dir=Path(tmp) / "data") as a:
            for r in file_set(set_name):
                a.add_folder(str(r))
            report = a.update(workers=0, ocr=False)
    total = time.process_time() - t0
    wall = time.perf_counter() - w0
    # the linking helper process (large archives) is not this process: its time is its own
    children = os.times()
    pages = report.pages_read
    print(f"\n## {set_name}: {pages} pages, {report.files_read} files; {total:.1f} CPU s in this process "
          f"({total / pages * 1000:.2f} ms/page), wall {wall:.1f} s; load average {load[0]:.1f} "
          f"(children so far {children.children_user + children.children_system:.1f} CPU s)")
    print("| step | CPU ms/page | share |\n|---|---|---|")
    accounted = sum(SPENT.values())
    rows = sorted(SPENT.items(), key=lambda kv: -kv[1])
    for name, s in rows:
        print(f"| {name} | {s / pages * 1000:.3f} | {s / total * 100:.1f} % |")
    print(f"| other (scan, hashing, update bookkeeping) | {(total - accounted) / pages * 1000:.3f} | "
          f"{(total - accounted) / total * 100:.1f} % |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", action="append")
    args = ap.parse_args()
    install()
    for s in args.set or ["corpus-1000"]:
        run(s)


if __name__ == "__main__":
    main()
