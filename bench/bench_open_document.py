"""Opening a 40-page document from a search hit, as the app does (issue 22: < 100 ms with the
UI not blocked).

    .venv/bin/python bench/bench_open_document.py [--pages 40] [--rounds 8]

A fictional 40-page nota (bench/corpus.py's layout: letterhead, sidebar, footers) is indexed
into a fresh archive; the document view (1280x800, offscreen) then opens it from a search hit
on a middle page with a query, alternating with a second document so that every open loads
the document anew. Printed, median and worst over the rounds, wall and CPU time:
- open: from the click to the view shown with the hits of the pages in sight marked (open()
  and the first paint of the pages);
- all highlights: until the hits of every page are known and the reading text is built (they
  follow between events);
- the longest time the event loop was held up after that (what a user feels as a freeze
  while the rest arrives).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ZVDJ_NO_OCR", "1")

QUERIES = ["jeugdhulp", "gemeenten", "wachttijden", "regio", "pleegzorg", "stuurgroep", "inkoop", "toezegging"]


def make_pdf(path: Path, pages: int, seed: int) -> None:
    import pymupdf

    from bench.corpus import TOPICS, Writer, sentence, wrap

    rnd = random.Random(seed)
    pdf = pymupdf.open()
    w = Writer(pdf, rnd)

    def body(x: Writer) -> None:
        x.line("Betreft    BO Rijk-VNG")
        x.line("Vergaderdatum en -tijd    12 maart 2020 10:00-11:30")
        x.line("")
        item = 0
        while pdf.page_count < pages or x.y < 700:
            item += 1
            x.line(f"{item}) {rnd.choice(TOPICS).capitalize()}", bold=True)
            for _ in range(4):
                for ln in wrap(" ".join(sentence(rnd) for _ in range(3))):
                    x.line(ln)
            if pdf.page_count >= pages and x.y > 600:
                break

    w.document("Nota bestuurlijk overleg", "12 maart 2020", f"{1234567 + seed}-123456-J", body)
    pdf.save(path, garbage=1, deflate=True)
    pdf.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=8)
    args = ap.parse_args()
    print(measure(args.pages, args.rounds))


def measure(pages: int = 40, rounds: int = 8) -> str:
    from PySide6.QtWidgets import QApplication

    from zvdj_viewer import render
    from zvdj_viewer.archive import Archive
    from zvdj_viewer.ui.document_view import DocumentView
    from zvdj_viewer.ui.navigation import Location

    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="zvdj-open-"))
    folder = tmp / "docs"
    folder.mkdir()
    make_pdf(folder / "nota-groot.pdf", pages, 1)
    make_pdf(folder / "nota-klein.pdf", 3, 2)
    with Archive(data_dir=tmp / "data") as archive:
        archive.add_folder(str(folder))
        archive.update(workers=0, ocr=False)
        docs = archive.documents()
        big = max((d for d in archive.documents() if d.source.endswith("nota-groot.pdf")),
                  key=lambda d: (d.last_page or 0) - (d.first_page or 0))
        small = next(d for d in archive.documents() if d.source.endswith("nota-klein.pdf"))
        n_pages = (big.last_page or 0) - (big.first_page or 0) + 1
        view = DocumentView(archive)
        view.resize(1280, 800)
        view.show()
        app.processEvents()
        rows = []
        for r in range(rounds):
            view.open(Location("document", small.id))
            app.processEvents()
            page = (big.first_page or 1) + n_pages // 2 + r % 3
            rows.append(_open_once(view, Location("document", big.id, page=page, query=QUERIES[r % len(QUERIES)]),
                                   big.source, render))
        opens, opens_cpu, alls, blocks, oks = (list(col) for col in zip(*rows))
        visible_ok = sum(oks)
        view.close()
    ms = lambda xs: f"median {statistics.median(xs) * 1000:.0f} ms, worst {max(xs) * 1000:.0f} ms"  # noqa: E731
    return (f"open a {n_pages}-page document from a search hit (page in the middle, query), {rounds} rounds:\n"
            f"  shown with the visible pages' hits: {ms(opens)} (CPU {ms(opens_cpu)}); "
            f"visible pages' hits there at once in {visible_ok}/{rounds}\n"
            f"  all highlights known, reading text built: {ms(alls)}\n"
            f"  longest the event loop was held up after opening: {ms(blocks)}\n"
            f"  ({len(docs)} files; load average {os.getloadavg()[0]:.1f})")


class _Gaps:
    """The longest gap between two ticks of a 5 ms timer: how long the event loop was held up."""

    def __init__(self) -> None:
        self.last, self.longest = time.perf_counter(), 0.0

    def tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now


def _open_once(view, loc, source: str, render) -> tuple[float, float, float, float, bool]:
    """(open wall, open CPU, until all is done, longest hold-up after opening, were the
    visible pages' hits there at once) for one open of loc."""
    from PySide6.QtCore import QEventLoop, QTimer

    gaps = _Gaps()
    timer = QTimer()
    timer.timeout.connect(gaps.tick)
    t, c = time.perf_counter(), time.process_time()
    timer.start(5)
    view.open(loc)
    view.page_view.viewport().repaint()  # the first paint, now
    opened, opened_cpu = time.perf_counter() - t, time.process_time() - c
    shown = set(view.page_view.visible_pages())
    known = getattr(view.page_view, "known_hits", view.page_view.hits)  # hits() waits for all
    marked = {p for p, _r in known()}
    gaps.last = time.perf_counter()  # from here the loop runs: how long is it held up?
    ok = bool(shown) and all(s in marked for s in shown if render.find_boxes(source, s, view.terms))
    if not ok and os.environ.get("BENCH_DEBUG"):
        print("visible", shown, "marked", sorted(marked), view.terms, file=sys.stderr)
    pending = getattr(view.page_view, "highlights_pending", lambda: False)
    # wait in an event loop, not by calling processEvents() in a loop: PySide6 6.12 on Python
    # 3.11 drops a reference to None on every such call (a few thousand crash Python)
    loop = QEventLoop()
    poll = QTimer()

    def check() -> None:
        if not (pending() or getattr(view, "_reading_due", False)) or time.perf_counter() - t > 30:
            loop.quit()

    poll.timeout.connect(check)
    poll.start(2)
    loop.exec()
    poll.stop()
    done = time.perf_counter() - t
    timer.stop()
    gaps.tick()
    return opened, opened_cpu, done, gaps.longest, ok


if __name__ == "__main__":
    main()
