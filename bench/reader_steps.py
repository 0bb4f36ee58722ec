"""The reader process's own steps after analysis, alone and repeated: CPU ms per page.

    .venv/bin/python bench/reader_steps.py [--set corpus-1000] [--rounds 5]

bench/ingest_steps.py times each step once inside a whole ingest, where a few hundredths of a
millisecond per page drown in the machine's noise. This reads and analyses the set once, then
times, each ``--rounds`` times (the best round printed, with the median): the reference scan
of every document (link/mentions.document_json), its MinHash signature (link/versions.signature)
and the trip of each file's result to the main process (pipeline.for_catalog done, then
pickle.dumps + loads, as the worker pool does). CPU time of this process; to compare two
versions, run the script of each alternately (copy it into the other tree).
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.identity import file_set  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="corpus-1000")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    from zvdj_viewer.archive import scan
    from zvdj_viewer.link.mentions import document_json
    from zvdj_viewer.link.versions import signature
    from zvdj_viewer.pipeline import for_catalog, process_file

    found = scan([str(r) for r in file_set(args.set)])
    results = [for_catalog(process_file(p)) for p in sorted(found.found)]
    docs = [d for r in results for d in r.documents]
    pages = sum(r.pages for r in results)

    def scan_all() -> None:
        for d in docs:
            document_json(d.text, d.items)

    def sign_all() -> None:
        for d in docs:
            signature(d.text)

    def pass_all() -> None:
        for r in results:
            pickle.loads(pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL))

    print(f"## {args.set}: {pages} pages, {len(docs)} documents; load average {os.getloadavg()[0]:.1f}; "
          f"CPU ms per page, best / median of {args.rounds}")
    for name, step in [("reference scan", scan_all), ("MinHash signature", sign_all),
                       ("result pickled + unpickled", pass_all)]:
        spent = []
        for _ in range(args.rounds):
            t = time.process_time()
            step()
            spent.append((time.process_time() - t) / pages * 1000)
        print(f"| {name} | {min(spent):.3f} | {statistics.median(spent):.3f} |")


if __name__ == "__main__":
    main()
