"""Big files through the reader pipeline: a 2,000-page PDF and a 50 MB text file.

Each case runs ``process_file`` in a fresh process (the way a reader worker does) and prints
the time and that process's peak memory (RSS), plus the size of the result sent back to the
main process (pickled) - the worker ships every line of the file.

    .venv/bin/python bench/bench_big_files.py [--pages 2000] [--megabytes 50] [--update]

The same files are made by tests/archive/test_hostile_input.py with ZVDJ_SLOW=1.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from zvdj_viewer.readers.text import MAX_TEXT_BYTES  # noqa: E402

# measured in a child: its own peak RSS, not the parent's generator
CHILD = """
import pickle, resource, sys, time
from zvdj_viewer.pipeline import process_file
t0 = time.perf_counter()
r = process_file(sys.argv[1])
t = time.perf_counter() - t0
size = len(pickle.dumps(r))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{t:.1f} s, peak RSS {peak:.0f} MB, {r.pages} pages, "
      f"{r.source.line_count if r.source else 0} lines, {len(r.documents)} documents, "
      f"result {size / 1e6:.0f} MB pickled, error: {r.error}")
"""


# the whole update (catalog + full-text index) of one file, in a child: main-process peak RSS
CHILD_UPDATE = """
import resource, sys, tempfile, time
from zvdj_viewer.archive import Archive
if __name__ == "__main__":
    a = Archive(tempfile.mkdtemp())
    a.add_folder(sys.argv[1])
    t0 = time.perf_counter()
    r = a.update(workers=1)
    t = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    hits = len(a.search("kwispelstaartcommissie"))
    print(f"{t:.1f} s, main process peak RSS {peak:.0f} MB, {r.pages_read} pages, "
          f"failed: {list(r.failed)}, search hits: {hits}")
"""


def make_big_pdf(path: Path, pages: int = 2000) -> None:
    """Simple fictional text, 31 lines a page."""
    import pymupdf

    doc = pymupdf.open()
    for n in range(1, pages + 1):
        page = doc.new_page()
        lines = [f"Verslag van het fictieve overleg, pagina {n}"]
        lines += [f"Regel {i}: de kwispelstaartcommissie bespreekt punt {n}.{i}." for i in range(30)]
        page.insert_text((72, 72), lines, fontsize=11)  # one call a page: 10x faster than per line
    doc.save(path)
    doc.close()


def make_big_text(path: Path, megabytes: int = 50) -> None:
    """Fictional minutes: an item heading every 500 lines, about 85 bytes a line."""
    line = "De kwispelstaartcommissie bespreekt de begroting van het fictieve overleg, punt {}.\n"
    with open(path, "w", encoding="utf-8") as f:
        n = written = 0
        while written < megabytes * 1_000_000:
            s = f"## {n // 500}) Agendapunt {n // 500}\n" if n % 500 == 0 else line.format(n)
            written += f.write(s)
            n += 1


def measure(path: Path, code: str = CHILD) -> str:
    with tempfile.TemporaryDirectory() as tmp:  # spawned workers need a real __main__ file
        script = Path(tmp) / "measure.py"
        script.write_text(code)
        out = subprocess.run([sys.executable, str(script), str(path)], capture_output=True, text=True,
                             cwd=REPO, check=True)
    return out.stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--megabytes", type=int, default=50)
    ap.add_argument("--update", action="store_true",
                    help="also run a whole Archive.update (catalog + index) per big file (slow: ~2 min)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pdf, txt = Path(tmp) / "groot.pdf", Path(tmp) / "groot.txt"
        t0 = time.perf_counter()
        make_big_pdf(pdf, args.pages)
        print(f"{args.pages}-page PDF: {pdf.stat().st_size / 1e6:.1f} MB, made in {time.perf_counter() - t0:.1f} s")
        print("  process_file:", measure(pdf))
        if args.update:
            print("  Archive.update:", measure(pdf, CHILD_UPDATE))
        t0 = time.perf_counter()
        make_big_text(txt, args.megabytes)
        print(f"text file: {txt.stat().st_size / 1e6:.1f} MB, made in {time.perf_counter() - t0:.1f} s")
        print("  process_file:", measure(txt))
        if args.update:
            print("  Archive.update:", measure(txt, CHILD_UPDATE))
        one = Path(tmp) / "eenregel.txt"  # no line breaks at all: the worst case for line regexes
        one.write_text("de kwispelstaartcommissie bespreekt punt 4 " * (args.megabytes * 1_000_000 // 44))
        print(f"one-line text file: {one.stat().st_size / 1e6:.1f} MB")
        print("  process_file:", measure(one))
        huge = Path(tmp) / "te-groot.txt"  # over the text reader's limit: refused before reading
        with open(huge, "wb") as f:
            f.truncate(MAX_TEXT_BYTES + 1)
        print(f"sparse text file of {huge.stat().st_size / 1e6:.0f} MB:", measure(huge))


if __name__ == "__main__":
    main()
