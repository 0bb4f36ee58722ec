"""Killing `zvdj index` (SIGKILL, workers included) at random moments leaves a catalog and an
index that open, agree, and are completed by the next run. bench/kill_test.py does the same
50 times; here a few kills keep the suite fast."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def test_random_kills_leave_a_consistent_archive(seeds_dir, samples_dir):
    from bench.kill_test import run_kills

    lines: list[str] = []
    r = run_kills([str(seeds_dir), str(samples_dir)], kills=3, seed=11, max_delay=2.5, log=lines.append)
    assert r["inconsistent"] == 0, "\n".join(lines)
    assert r["stale_locks"] == 0 and r["leftover_processes"] == 0, "\n".join(lines)
    assert r["expected"][0] > 30


def test_a_damaged_index_is_rebuilt_from_the_catalog(tmp_path, seeds_dir):
    from zvdj_viewer.archive import Archive

    with Archive(data_dir=tmp_path) as a:
        a.add_folder(str(seeds_dir))
        a.update(workers=0)
        docs = a.catalog.counts()["documents"]
    # damage every segment file of the index, as a half-written disk block would
    for seg in (tmp_path / "index").glob("*.seg"):
        seg.write_bytes(b"\0" * 64)
    with Archive(data_dir=tmp_path) as a:
        assert any("rebuilt" in n for n in a.notices)
        r = a.update(workers=0)
        assert r.files_read == 0  # rebuilt from the catalog, not by reading the files again
        assert a.index.doc_count() == docs
        assert a.search("gemeenten")
