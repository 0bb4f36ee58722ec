"""Whole-process `zvdj search` and no-change `zvdj index` on an archive bench/run.py built,
for this checkout and, with --other DIR, for another source tree of the project (an export
of an earlier commit: `git archive REV | tar -x -C DIR`), interleaved so that both see the
same load. Wall and CPU seconds (medians), and the libraries a search loaded.

    .venv/bin/python bench/cli_startup.py --size 10000 [--other /tmp/base] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.side_by_side import OUT, ZVDJ, run  # noqa: E402

QUERIES = ["jeugdhulp", "wachttijden gemeenten", '"regio aanpak"', "pleegzorg", "type:nota inkoop"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--other", metavar="DIR", help="source tree of another version to compare")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    data = OUT / f"data-{args.size}"
    if not (data / "link.version").exists():
        raise SystemExit(f"no archive at {data}: run bench/run.py --sizes {args.size} first")
    if args.other and (Path(args.other) / "index").is_dir() and not (Path(args.other) / "zvdj_viewer" / "index").is_dir():
        # the installed package maps zvdj_viewer.index to this checkout's index/: without
        # its own copy under zvdj_viewer/ the other tree would run this checkout's index code
        raise SystemExit(f"copy the other tree's index/ to zvdj_viewer/index first: "
                         f"cp -r {args.other}/index {args.other}/zvdj_viewer/index")
    trees = {"this checkout": None} | ({f"other ({args.other})": args.other} if args.other else {})
    got: dict[str, dict[str, list]] = {k: {"search": [], "index": []} for k in trees}
    for _ in range(args.rounds):
        for name, tree in trees.items():
            os.environ.pop("PYTHONPATH", None)
            if tree:  # the other tree's modules first (Python puts PYTHONPATH before the install)
                os.environ["PYTHONPATH"] = tree
            cwd = Path(tree) if tree else None
            got[name]["search"] += [run(ZVDJ + ["search", q, "--data-dir", str(data)], cwd=cwd) for q in QUERIES]
            got[name]["index"].append(run(ZVDJ + ["index", "--data-dir", str(data)], cwd=cwd))
    os.environ.pop("PYTHONPATH", None)
    for name, runs in got.items():
        for what, rs in runs.items():
            label = "zvdj search" if what == "search" else "no-change zvdj index"
            print(f"{name:40s} {label:22s} wall median {statistics.median(r.wall for r in rs):.2f} s, "
                  f"CPU median {statistics.median(r.cpu for r in rs):.3f} s ({len(rs)} runs)")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
