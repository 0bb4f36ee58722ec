"""The wall-time structure of an ingest: which process burns CPU when, who waits, the tail.

    .venv/bin/python bench/wall_structure.py [--set corpus-10000] [--workers 2] [--step 0.1]

Runs what ``zvdj index --data-dir TMP SET`` runs (add the folder, ``Archive.update`` with two
reader processes) in this process, with a thread that reads /proc every ``--step`` seconds:
the CPU time of this (the main) process by thread, of every child process (reader workers,
Whoosh's forked index writers, the linking helper) and their lifetimes, plus the times of the
update's phases (from its progress reports). Prints per process its CPU seconds and how much
of its life it was busy, a per-second table of CPU use by role, and the serial tail: what runs
after the last file was read. CPU seconds hold under load; wall seconds and "idle" do not (the
machine may be running other work): the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.identity import file_set  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def _stat(path: str) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of /proc/PID/stat or /proc/PID/task/TID/stat."""
    try:
        with open(path, "rb") as f:
            raw = f.read().decode("ascii", "replace")
    except OSError:
        return None
    rest = raw[raw.rindex(")") + 2:].split()
    return int(rest[1]), (int(rest[11]) + int(rest[12])) / TICK


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


class Sampler(threading.Thread):
    """CPU seconds of this process's threads and of its descendants, every ``step`` seconds."""

    def __init__(self, step: float):
        super().__init__(daemon=True, name="sampler")
        self.step = step
        self.t0 = time.perf_counter()
        self.samples: list[tuple[float, dict[str, float]]] = []  # (t, key -> cumulative CPU s)
        self.born: dict[str, float] = {}
        self.last_seen: dict[str, float] = {}
        self.kind: dict[str, str] = {}
        self.stop_event = threading.Event()
        self.thread_names: dict[int, str] = {}

    def run(self) -> None:
        me = os.getpid()
        while not self.stop_event.is_set():
            self.name_threads()
            t = time.perf_counter() - self.t0
            now: dict[str, float] = {}
            for tid in os.listdir(f"/proc/{me}/task"):
                got = _stat(f"/proc/{me}/task/{tid}/stat")
                if got is not None:
                    # by thread id: a batch's index-writing thread is a new thread each time
                    now[f"main: thread {tid}"] = got[1]
            parents: dict[int, int] = {}
            cpu: dict[int, float] = {}
            for d in os.listdir("/proc"):
                if d.isdigit():
                    got = _stat(f"/proc/{d}/stat")
                    if got is not None:
                        parents[int(d)], cpu[int(d)] = got
            ours = {me}
            changed = True
            while changed:
                changed = False
                for pid, ppid in parents.items():
                    if ppid in ours and pid not in ours:
                        ours.add(pid)
                        changed = True
            for pid in ours - {me}:
                key = f"pid {pid}"
                if key not in self.kind:
                    cmd = _cmdline(pid)
                    self.kind[key] = ("resource tracker" if "resource_tracker" in cmd else
                                      "spawned" if "multiprocessing" in cmd else
                                      "forked" if cmd == _cmdline(me) else cmd[:40])
                    self.born[key] = t
                self.last_seen[key] = t
                now[key] = cpu[pid]
            self.samples.append((t, now))
            self.stop_event.wait(self.step)

    def name_threads(self) -> None:
        for th in threading.enumerate():
            if th.native_id is not None:
                self.thread_names.setdefault(th.native_id, th.name)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="corpus-10000")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--step", type=float, default=0.2)
    args = ap.parse_args()

    from zvdj_viewer.archive import Archive

    phases: list[tuple[float, str]] = []
    sampler = Sampler(args.step)

    def progress(p) -> None:
        t = time.perf_counter() - sampler.t0
        sampler.name_threads()  # the readers' thread exists once reading started
        if not phases or phases[-1][1] != p.phase:
            phases.append((t, p.phase))
        if p.phase == "reading" and p.total and p.done == p.total:
            phases.append((t, "last file read"))

    load = os.getloadavg()
    sampler.name_threads()
    sampler.thread_names[threading.get_native_id()] = "main thread"
    cpu0 = os.times()
    with tempfile.TemporaryDirectory(prefix="zvdj-wall-") as tmp:
        sampler.start()
        with Archive(data_dir=Path(tmp) / "data") as a:
            for r in file_set(args.set):
                a.add_folder(str(r))
            report = a.update(workers=args.workers, ocr=False, progress=progress)
        wall = time.perf_counter() - sampler.t0
        time.sleep(2 * args.step)
        sampler.stop_event.set()
        sampler.join()
    cpu1 = os.times()
    own = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
    children = (cpu1.children_user - cpu0.children_user) + (cpu1.children_system - cpu0.children_system)

    # roles: the spawned processes born first (one per worker) read files; one born later
    # links (the update starts it while reading, link/helper.py)
    last_read = next((t for t, ph in phases if ph == "last file read"), None)
    spawned = sorted((k for k, v in sampler.kind.items() if v == "spawned"), key=lambda k: sampler.born[k])
    role: dict[str, str] = {}
    for i, k in enumerate(spawned):
        role[k] = "reader" if i < args.workers and (last_read is None or sampler.born[k] < last_read) else "link helper"
    for k, v in sampler.kind.items():
        if v == "forked":
            role[k] = "whoosh writer (forked)"
        elif k not in role:
            role[k] = v

    final: dict[str, float] = {}
    for _, now in sampler.samples:
        final.update(now)
    # this process's threads by name (several index-writing threads, one a batch, summed)
    names = sampler.thread_names
    threads: dict[str, float] = defaultdict(float)
    for k in [k for k in final if k.startswith("main: thread ")]:
        tid = int(k.rsplit(" ", 1)[1])
        threads[f"main: {names.get(tid, 'other threads')}"] += final.pop(k)
        sampler.born.setdefault(k, 0.0)
    final.update(threads)
    pages = report.pages_read
    print(f"## {args.set}: {pages} pages, {report.files_read} files, wall {wall:.1f} s; "
          f"CPU: main process {own:.1f} s, children {children:.1f} s, total {own + children:.1f} s "
          f"({(own + children) / max(pages, 1) * 1000:.2f} ms/page); load average before {load[0]:.1f}")
    print("\nphases (s from start): " + ", ".join(f"{t:.1f} {ph}" for t, ph in phases))
    print("\n| process / thread | role | born s | gone s | CPU s | busy share of its life |\n|---|---|---|---|---|---|")
    for k in sorted(final, key=lambda k: (not k.startswith("main"), sampler.born.get(k, 0.0))):
        born = sampler.born.get(k, 0.0)
        gone = sampler.last_seen.get(k, wall)
        life = max(gone - born, args.step)
        print(f"| {k} | {role.get(k, 'main process')} | {born:.1f} | {gone:.1f} | {final[k]:.1f} | "
              f"{min(final[k] / life, 1.0) * 100:.0f} % |")

    # CPU by role per second
    roles = sorted({role.get(k, "main process") for k in final})
    per_sec: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    prev: dict[str, float] = {}
    for t, now in sampler.samples:
        for k, v in now.items():
            r = role.get(k, "main process")
            # a thread or process first seen: its CPU so far counts from the start (a main
            # thread seen in the first sample: from the first sample)
            per_sec[int(t)][r] += v - prev.get(k, v if k.startswith("main") and t < 2 * args.step else 0.0)
            prev[k] = v
    print("\nCPU seconds used per wall second, by role (2 cores: at most 2.0 a row)")
    print("| s | " + " | ".join(roles) + " | total |\n|---|" + "---|" * (len(roles) + 1))
    for s in sorted(per_sec):
        row = per_sec[s]
        print(f"| {s} | " + " | ".join(f"{row.get(r, 0.0):.2f}" for r in roles) + f" | {sum(row.values()):.2f} |")
    if last_read is not None:
        tail = {r: 0.0 for r in roles}
        for s, row in per_sec.items():
            if s >= int(last_read):
                for r, v in row.items():
                    tail[r] += v
        print(f"\nserial tail: {wall - last_read:.1f} s of wall after the last file was read at {last_read:.1f} s; "
              "CPU s in it: " + ", ".join(f"{r} {v:.1f}" for r, v in tail.items() if v >= 0.05))


if __name__ == "__main__":
    main()
