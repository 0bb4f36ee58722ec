"""Crash safety: kill `zvdj index` with SIGKILL at random moments, many times, and check that
catalog and index open and are consistent each time, and that the next run finishes the job.

    .venv/bin/python bench/kill_test.py [--kills 50] [--seed 1] [FOLDER ...]

Default folders: ../shared/seeds and ../shared/samples. Prints one line per kill and a summary.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def run_kills(folders: list[str], kills: int, seed: int, max_delay: float = 3.0, log=print) -> dict:
    from zvdj_viewer.archive import Archive
    from zvdj_viewer.consistency import problems

    rnd = random.Random(seed)
    zvdj = [sys.executable, "-m", "zvdj_viewer.cli"]
    bad, finished_early = 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        # a clean run gives the expected end state
        ref = Path(tmp) / "ref"
        subprocess.run(zvdj + ["index", *folders, "--data-dir", str(ref)], capture_output=True, check=False)
        with Archive(data_dir=ref) as a:
            expected = (a.catalog.counts()["documents"], a.index.doc_count())
        for k in range(kills):
            data = Path(tmp) / f"k{k}"
            # sometimes kill a first run, sometimes a run that continues an interrupted one
            for _ in range(rnd.choice([1, 1, 2])):
                p = subprocess.Popen(zvdj + ["index", *folders, "--data-dir", str(data)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
                delay = rnd.uniform(0.05, max_delay)
                time.sleep(delay)
                if p.poll() is not None:
                    finished_early += 1
                import os
                import signal

                try:
                    os.killpg(p.pid, signal.SIGKILL)  # the run and its worker processes
                except ProcessLookupError:
                    pass
                p.wait()
            try:
                with Archive(data_dir=data) as a:
                    found = problems(a)
                    # resume as a user would: run the same command again (the kill may have
                    # come before the folders were even registered)
                    for f in folders:
                        a.add_folder(f)
                    a.update(workers=2)
                    end = (a.catalog.counts()["documents"], a.index.doc_count())
                    found += problems(a)
                    if end != expected:
                        found.append(f"after resuming: {end} documents/indexed, expected {expected}")
            except Exception as err:  # not opening at all is the worst inconsistency
                found = [f"could not open: {type(err).__name__}: {err}"]
            bad += bool(found)
            log(f"kill {k + 1:3}: after {delay:.2f} s: " + ("; ".join(found) if found else "consistent, resumed"))
            shutil.rmtree(data, ignore_errors=True)
    return {"kills": kills, "inconsistent": bad, "finished_before_kill": finished_early, "expected": expected}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="*", default=[str(REPO.parent / "shared" / "seeds"),
                                                     str(REPO.parent / "shared" / "samples")])
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    r = run_kills(a.folders, a.kills, a.seed)
    print(f"{r['kills']} kills, {r['inconsistent']} inconsistent states, "
          f"{r['finished_before_kill']} runs had finished before their kill; end state {r['expected']}")


if __name__ == "__main__":
    main()
