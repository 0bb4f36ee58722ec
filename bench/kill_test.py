"""Crash safety: kill `zvdj index` with SIGKILL at chosen moments, many times, and check that
catalog and index open and are consistent each time, that no lock outlives the killed run,
and that the next run finishes the job.

    .venv/bin/python bench/kill_test.py [--kills 50] [--seed 1] [--corpus-pages 1200] [--corpus-only]
                                        [--resume-every 1] [FOLDER ...]

Default folders: ../shared/seeds and ../shared/samples, plus a generated corpus of
--corpus-pages fictional pages (bench/corpus.py): an index batch of 1,000 pages or more is
written by Whoosh's multi-process writer, whose forked sub-writers once kept the lock alive
after their parent was killed. Kills alternate between two kinds:

- "commit": wait until the run writes an index segment (the parts of a new segment appear in
  the index folder; or, with Whoosh's multi-process writer, a forked sub-writer), then kill
  only the main process after 0-1.5 s, as a user's `kill -9 PID` does: its children are left
  to themselves;
- "random": kill the run and all its workers (the process group) after 0.05-3 s.

After each kill: a lock that is still held 10 s later, or that had to be taken over from a
dead holder, counts as a stale lock; a child of the killed run alive 5 s later counts as a
leftover process (it is then killed). The consistency of catalog and index is checked after
every kill; the resumed run (the same command again, to the end) after every
--resume-every-th kill (1: all; the slow part on a loaded machine). Prints one line per kill
and a summary.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

STALE_WAIT = 10.0  # seconds the lock may still be held after a kill (the OS frees it at once)
LEFTOVER_WAIT = 5.0  # seconds a child of the killed run may take to die


def _children(pid: int) -> set[int]:
    """Direct children of a process (Linux /proc; empty elsewhere)."""
    out: set[int] = set()
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for t in tasks:
        try:
            with open(f"/proc/{pid}/task/{t}/children") as f:
                out.update(int(x) for x in f.read().split())
        except OSError:
            pass
    return out


def _cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read()
    except OSError:
        return b""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return False


def _forked_children(pid: int) -> set[int]:
    """Children made by fork (Whoosh's sub-writers): the parent's command line; the readers
    and the linking helper are spawned (a fresh interpreter with another command line; for
    the moment between fork and exec they show the parent's, hence the second look)."""
    own = _cmdline(pid)
    first = {c for c in _children(pid) if own and _cmdline(c) == own}
    if not first:
        return set()
    time.sleep(0.2)
    return {c for c in first if _cmdline(c) == own}


def _segment_in_progress(data: Path) -> bool:
    """A segment being written: Whoosh writes a new segment's parts (terms, postings, lengths,
    stored fields) as MAIN_<id>.<part> files and joins them into MAIN_<id>.seg at the end, so
    a part file means a batch is being written right now (the update writes its batches in a
    thread of the main process since round 4, no longer by forked sub-writers)."""
    try:
        names = os.listdir(data / "index")
    except OSError:
        return False
    return any(n.startswith("MAIN_") and "." in n and not n.endswith((".seg", "WRITELOCK")) for n in names)


def _wait_for_commit(p: subprocess.Popen, data: Path, limit: float) -> bool:
    """Poll until the run writes an index segment, in a forked sub-writer or in a thread
    (True), or ends / the limit passes (False)."""
    end = time.monotonic() + limit
    while time.monotonic() < end and p.poll() is None:
        if _segment_in_progress(data) or _forked_children(p.pid):
            return True
        time.sleep(0.02)
    return False


def _lock_state(data: Path) -> str | None:
    """None when the write lock is free; else why it is stale."""
    from zvdj_viewer.lock import ArchiveBusy, write_lock

    if not data.exists():
        return None
    taken: list[str] = []
    try:
        with write_lock(data, timeout=STALE_WAIT, on_takeover=taken.append):
            pass
    except ArchiveBusy as err:
        return f"stale lock: {err}"
    return f"stale lock: {taken[0]}" if taken else None


def run_kills(folders: list[str], kills: int, seed: int, max_delay: float = 3.0, log=print,
              resume_every: int = 1) -> dict:
    from zvdj_viewer.archive import Archive
    from zvdj_viewer.consistency import problems

    rnd = random.Random(seed)
    zvdj = [sys.executable, "-m", "zvdj_viewer.cli"]
    bad = finished_early = stale = leftovers = in_commit = resumed = 0
    with tempfile.TemporaryDirectory() as tmp:
        # a clean run gives the expected end state
        ref = Path(tmp) / "ref"
        t0 = time.monotonic()
        subprocess.run(zvdj + ["index", *folders, "--data-dir", str(ref)], capture_output=True, check=False)
        clean_run = time.monotonic() - t0
        with Archive(data_dir=ref) as a:
            expected = (a.catalog.counts()["documents"], a.index.doc_count())
        for k in range(kills):
            data = Path(tmp) / f"k{k}"
            kind = "commit" if k % 2 == 0 else "random"
            resumed_before, inside = resumed, False
            found: list[str] = []  # inconsistencies of catalog and index
            lock_found: list[str] = []  # stale locks and leftover processes
            # sometimes kill a first run, sometimes a run that continues an interrupted one
            for _ in range(rnd.choice([1, 1, 2])):
                p = subprocess.Popen(zvdj + ["index", *folders, "--data-dir", str(data)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
                t_start = time.monotonic()
                if kind == "commit":
                    inside = _wait_for_commit(p, data, limit=clean_run * 3 + 30)
                    in_commit += inside
                    time.sleep(rnd.uniform(0.0, 1.5))
                else:
                    time.sleep(rnd.uniform(0.05, max_delay))
                delay = time.monotonic() - t_start
                if p.poll() is not None:
                    finished_early += 1
                kids = _children(p.pid)
                try:
                    if kind == "commit":
                        os.kill(p.pid, signal.SIGKILL)  # the main process only
                    else:
                        os.killpg(p.pid, signal.SIGKILL)  # the run and its worker processes
                except ProcessLookupError:
                    pass
                p.wait()
                end = time.monotonic() + LEFTOVER_WAIT
                while time.monotonic() < end and any(_alive(c) for c in kids):
                    time.sleep(0.05)
                left = sorted(c for c in kids if _alive(c))
                why = _lock_state(data)
                if why:
                    stale += 1
                    lock_found.append(why)
                if left:
                    leftovers += len(left)
                    lock_found.append(f"{len(left)} child process(es) outlived the kill")
                    for c in left:  # ours: started by this run
                        try:
                            os.kill(c, signal.SIGKILL)
                        except ProcessLookupError:
                            pass
            try:
                with Archive(data_dir=data) as a:
                    found += problems(a)
                    if k % max(resume_every, 1):
                        raise _Skip
                    # resume as a user would: run the same command again (the kill may have
                    # come before the folders were even registered)
                    for f in folders:
                        a.add_folder(f)
                    a.update(workers=2)
                    resumed += 1
                    end_state = (a.catalog.counts()["documents"], a.index.doc_count())
                    found += problems(a)
                    if end_state != expected:
                        found.append(f"after resuming: {end_state} documents/indexed, expected {expected}")
            except _Skip:
                pass
            except Exception as err:  # not opening at all is the worst inconsistency
                found.append(f"could not open or resume: {type(err).__name__}: {err}")
            bad += bool(found)
            fine = "consistent, resumed" if resumed > resumed_before else "consistent"
            log(f"kill {k + 1:3} ({kind:6}): after {delay:.2f} s{' (inside the commit)' if inside else ''}: "
                + ("; ".join(found + lock_found) if found or lock_found else fine))
            shutil.rmtree(data, ignore_errors=True)
    return {"kills": kills, "inconsistent": bad, "stale_locks": stale, "leftover_processes": leftovers,
            "killed_inside_commit": in_commit, "resumed": resumed, "finished_before_kill": finished_early, "expected": expected}


class _Skip(Exception):
    """This kill is not resumed (--resume-every)."""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="*", default=[str(REPO.parent / "shared" / "seeds"),
                                                     str(REPO.parent / "shared" / "samples")])
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus-pages", type=int, default=1200,
                    help="fictional pages added (bench/corpus.py), enough for a multi-process index "
                    "write; 0: none")
    ap.add_argument("--corpus-only", action="store_true", help="only the generated corpus, not the folders")
    ap.add_argument("--resume-every", type=int, default=1, metavar="N",
                    help="resume to the end after every N-th kill (default 1: every kill)")
    a = ap.parse_args()
    folders = [] if a.corpus_only else list(a.folders)
    corpus_dir = None
    if a.corpus_pages:
        from bench.corpus import generate

        corpus_dir = Path(tempfile.mkdtemp(prefix="zvdj-kill-corpus-"))
        generate(corpus_dir, a.corpus_pages, seed=a.seed)
        folders.append(str(corpus_dir))
    try:
        r = run_kills(folders, a.kills, a.seed, resume_every=a.resume_every)
    finally:
        if corpus_dir is not None:
            shutil.rmtree(corpus_dir, ignore_errors=True)
    print(f"{r['kills']} kills ({r['killed_inside_commit']} runs killed while an index segment was "
          f"being written and committed): "
          f"{r['inconsistent']} inconsistent states, {r['stale_locks']} stale locks, "
          f"{r['leftover_processes']} leftover processes; {r['resumed']} resumed to the end; "
          f"{r['finished_before_kill']} runs had finished before their kill; end state {r['expected']}")


if __name__ == "__main__":
    main()
