"""One archive, one writer (issue 8, item 2): a second process that wants to update the same
archive while another is updating waits or says why (exit code 3), never interleaves; a killed
writer leaves no stale lock; readers never need the lock; a data folder that cannot be used
gives one clear line naming it, no traceback.

Two real processes: the first runs Archive.update and pauses inside it (its progress
callback sleeps while reading), the second is the real `zvdj` command line.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from zvdj_viewer import cli
from zvdj_viewer.archive import Archive
from zvdj_viewer.lock import ArchiveBusy, DataDirError, write_lock

TEXT = "# Verslag van het fictieve overleg {n}\n\nDe kwispelstaartcommissie besprak punt {n}.\n"

# the first writer: update the archive, pausing PAUSE seconds once it reads a file
HOLDER = textwrap.dedent("""
    import sys, time
    from zvdj_viewer.archive import Archive
    data, folder, pause = sys.argv[1], sys.argv[2], float(sys.argv[3])
    told = []
    def progress(p):
        if p.phase == "reading" and not told:
            told.append(1)
            print("READING", flush=True)
            time.sleep(pause)
    a = Archive(data)
    a.add_folder(folder)
    r = a.update(progress=progress, workers=0)
    print("DONE", r.new, r.changed, flush=True)
""")


def _folder(base: Path, n: int = 3) -> Path:
    d = base / "archief"
    d.mkdir(exist_ok=True)
    for i in range(n):
        (d / f"verslag{i}.txt").write_text(TEXT.format(n=i), encoding="utf-8")
    return d


def _start_holder(data: Path, folder: Path, pause: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(data), str(folder), str(pause)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()  # blocks until the holder is inside update(), lock held
    assert line.strip() == "READING", (line, proc.stderr.read() if proc.poll() is not None else "")
    return proc


def _zvdj(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zvdj_viewer.cli", *args],
                          capture_output=True, text=True, timeout=timeout)


def test_second_zvdj_index_waits_then_exits_3_and_a_longer_wait_succeeds(tmp_path):
    data, folder = tmp_path / "data", _folder(tmp_path)
    holder = _start_holder(data, folder, pause=8.0)  # long enough for three process starts on a loaded machine
    try:
        t0 = time.monotonic()
        busy = _zvdj("index", str(folder), "--data-dir", str(data), "--wait", "0.5")
        assert busy.returncode == 3, busy.stderr
        assert "another ZvdJ Viewer is updating this archive; waiting" in busy.stderr
        assert "try again when it has finished" in busy.stderr
        assert "Traceback" not in busy.stderr
        # a reader needs no lock: search runs while the writer holds it
        found = _zvdj("search", "kwispelstaartcommissie", "--data-dir", str(data))
        assert found.returncode == 0, found.stderr
        assert holder.poll() is None, "the holder should still be updating"
        # a patient second writer runs after the first has finished, and its update is sound
        patient = _zvdj("index", str(folder), "--data-dir", str(data), "--wait", "30")
        assert patient.returncode == 0, patient.stderr
        assert time.monotonic() - t0 < 30
    finally:
        out, err = holder.communicate(timeout=30)
    assert holder.returncode == 0, err
    assert out.split()[-3:] == ["DONE", "3", "0"]  # the first writer read all three files
    assert "waiting" in patient.stderr
    # the second run found everything already read by the first: nothing new, nothing changed
    assert "3 files: 0 new, 0 changed, 3 unchanged" in patient.stdout
    a = Archive(data)
    try:
        assert len(a.sources()) == 3 and len(a.documents()) >= 3
    finally:
        a.close()


def test_app_update_reports_busy_without_waiting(tmp_path):
    data, folder = tmp_path / "data", _folder(tmp_path)
    holder = _start_holder(data, folder, pause=3.0)
    try:
        a = Archive(data)
        try:
            t0 = time.monotonic()
            with pytest.raises(ArchiveBusy, match="another ZvdJ Viewer is updating this archive"):
                a.update(workers=0)  # the app's default: wait=0, report at once
            assert time.monotonic() - t0 < 1.5
        finally:
            a.close()
    finally:
        holder.communicate(timeout=30)


def test_a_killed_writer_leaves_no_stale_lock(tmp_path):
    data, folder = tmp_path / "data", _folder(tmp_path)
    holder = _start_holder(data, folder, pause=60.0)
    holder.send_signal(signal.SIGKILL)
    holder.wait(10)
    holder.stdout.close()
    holder.stderr.close()
    assert (data / "write.lock").exists()  # the file stays; the OS dropped the lock itself
    a = Archive(data)
    try:
        t0 = time.monotonic()
        report = a.update(workers=0, wait=0)
        assert time.monotonic() - t0 < 20
        assert len(a.sources()) == 3 and not report.failed
    finally:
        a.close()


def test_lock_is_exclusive_across_open_files(tmp_path):
    """Two holders in one process are two writers too (flock is per open file)."""
    with write_lock(tmp_path):
        with pytest.raises(ArchiveBusy, match=str(tmp_path)):
            with write_lock(tmp_path, timeout=0.3, poll=0.05):
                pass
    with write_lock(tmp_path):  # released on leaving the block
        pass


def test_data_dir_with_a_file_in_the_way_is_one_clear_line(tmp_path):
    blocker = tmp_path / "notafolder"
    blocker.write_text("x")
    bad = blocker / "data"
    folder = _folder(tmp_path)
    r = _zvdj("index", str(folder), "--data-dir", str(bad))
    assert r.returncode == 4, r.stderr
    assert "Traceback" not in r.stderr
    assert str(bad) in r.stderr and "a file is in the way" in r.stderr
    with pytest.raises(DataDirError, match="a file is in the way"):
        Archive(bad)


def test_full_disk_while_indexing_is_a_clear_error_and_keeps_earlier_work(tmp_path, monkeypatch, capsys):
    data, folder = tmp_path / "data", _folder(tmp_path)
    assert cli.main(["index", str(folder), "--data-dir", str(data), "--workers", "0"]) == 0
    capsys.readouterr()
    (folder / "nieuw.txt").write_text(TEXT.format(n=9), encoding="utf-8")

    from zvdj_viewer import catalog

    def full(*a, **k):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(catalog.Catalog, "write_source", full)
    assert cli.main(["index", str(folder), "--data-dir", str(data), "--workers", "0"]) == 4
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"cannot use the data folder {data}: the disk is full" in err
    monkeypatch.undo()
    a = Archive(data)
    try:
        assert len(a.sources()) == 3  # what was indexed before is still there
        assert a.update(workers=0).new == 1  # and the lock was released: the next run works
    finally:
        a.close()


def test_read_only_archive_folder_is_indexed_and_left_untouched(tmp_path, samples_dir):
    """Read-only media: files 0444 in a 0555 folder index fine, and nothing in the folder is
    created or modified (root ignores permission bits, so the listing is what proves it)."""
    import shutil

    folder = _folder(tmp_path)
    shutil.copy2(samples_dir / "officielebekendmakingen" / "ah-tk-20202021-3235.pdf", folder / "brief.pdf")
    for f in folder.iterdir():
        f.chmod(0o444)
    folder.chmod(0o555)

    def listing():
        return sorted((str(p.relative_to(tmp_path)), p.stat().st_mtime_ns, p.stat().st_size)
                      for p in folder.rglob("*"))

    before = listing()
    dir_mtime = folder.stat().st_mtime_ns
    try:
        a = Archive(tmp_path / "data")
        try:
            a.add_folder(folder)
            report = a.update(workers=0)
            assert report.new == 4 and not report.failed, report.failed
            assert len(a.search("kwispelstaartcommissie")) >= 1
        finally:
            a.close()
        assert listing() == before
        assert folder.stat().st_mtime_ns == dir_mtime
    finally:
        folder.chmod(0o755)
