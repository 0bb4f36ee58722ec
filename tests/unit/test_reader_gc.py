"""The cycle collector of a reader process (pipeline._worker_main, issue 22): it runs rarely
within a file, and between two files the cycles the last one left are collected before what
survives is frozen, so nothing a file made is kept for the life of the process."""

from __future__ import annotations

import gc
import weakref

from zvdj_viewer import pipeline


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cycle collector frees it


_LEFT: list = []  # in the reader process: a weak reference to the last file's cycle


def _probe(path: str) -> pipeline.FileResult:
    """Stands in for process_file in the reader process: the first file leaves a cycle
    behind, the second tells what became of it and how the collector is set."""
    if path == "first":
        _LEFT.append(weakref.ref(_Node()))
        return pipeline.FileResult(path)
    left_alive = any(ref() is not None for ref in _LEFT)
    return pipeline.FileResult(path, problems=[
        f"threshold {gc.get_threshold()[0]}", f"cycle alive {left_alive}", f"frozen {gc.get_freeze_count() > 0}"])


def test_reader_process_collects_cycles_between_files_and_freezes_the_rest():
    results = list(pipeline.run_parallel(["first", "second"], workers=1, fn=_probe))
    assert [r.path for r in results] == ["first", "second"]
    assert results[1].problems == [f"threshold {pipeline.READER_GC_THRESHOLDS[0]}", "cycle alive False",
                                   "frozen True"]
