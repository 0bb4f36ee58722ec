"""CPU time of the document analysis and of the MinHash signatures alone, in CPU ms per page.

    .venv/bin/python bench/analysis_cpu.py [--set corpus-1000] [--set shared] [--repeat 3]

Reads every file of the set once (not timed), then runs ``analyse`` on fresh copies of the
read sources (unpickled before the clock starts: analysis marks furniture on the lines) and
``signature`` on the documents' texts, ``--repeat`` times, and prints the best run of each:
CPU time holds under load better than wall time, and the best of a few runs least of all
shows the other sessions on the machine. The load average is printed with the figures.
bench/ingest_steps.py gives the same steps inside a whole ingest.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.identity import file_set  # noqa: E402


def read_set(name: str) -> list:
    from zvdj_viewer import readers
    from zvdj_viewer.model import ReadError

    sources = []
    for root in file_set(name):
        for p in sorted(Path(root).rglob("*")):
            if p.is_file():
                try:
                    sources.append(readers.read(str(p)))
                except ReadError:
                    pass  # not a file the archive reads
    return sources


def best_of(repeat: int, run) -> float:
    best = float("inf")
    for _ in range(repeat):
        best = min(best, run())
    return best


def measure(name: str, repeat: int) -> None:
    from zvdj_viewer.link.versions import signature
    from zvdj_viewer.understanding.analyse import analyse

    sources = read_set(name)
    pages = sum(s.page_count for s in sources)
    blob = pickle.dumps(sources, protocol=pickle.HIGHEST_PROTOCOL)
    texts: list[str] = []

    def run_analysis() -> float:
        fresh = pickle.loads(blob)
        t = time.process_time()
        docs = [analyse(s) for s in fresh]
        spent = time.process_time() - t
        texts[:] = [d.text for ds in docs for d in ds]
        return spent

    def run_signatures() -> float:
        t = time.process_time()
        for text in texts:
            signature(text)
        return time.process_time() - t

    analysis = best_of(repeat, run_analysis)
    signatures = best_of(repeat, run_signatures)
    print(f"{name}: {len(sources)} files, {pages} pages, {len(texts)} documents; "
          f"analysis {analysis / pages * 1000:.3f} CPU ms/page, MinHash signatures "
          f"{signatures / pages * 1000:.3f} CPU ms/page (best of {repeat}; load average {os.getloadavg()[0]:.1f})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", action="append")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    for name in args.set or ["corpus-1000", "shared"]:
        measure(name, args.repeat)


if __name__ == "__main__":
    main()
