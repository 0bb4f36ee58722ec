"""Reliability and security (issue 16): no file may stop the archive, escape it, hang it or
lock it. Small fictional archives written here; the CLI runs in this process (cli.main).

Points covered: 1 links out of the archive, 2 file names that are not UTF-8, 3 the data
folder (or an output file) inside an archive folder, 4 searching a read-only data folder,
6 a FIFO that appears between scan and read, 9 folder changes under the one-writer lock,
10 atomic exports and bad output paths, 11 listing and malformed queries.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from zvdj_viewer import cli
from zvdj_viewer.archive import Archive, scan
from zvdj_viewer.lock import DataDirError

TEXT = "# Verslag van het fictieve overleg {n}\n\nDe kwispelstaartcommissie besprak punt {n}.\n"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file-system semantics")


def _folder(base: Path, n: int = 2, name: str = "archief") -> Path:
    d = base / name
    d.mkdir(exist_ok=True)
    for i in range(n):
        (d / f"verslag{i}.txt").write_text(TEXT.format(n=i), encoding="utf-8")
    return d


def _index(data: Path, *paths: Path) -> int:
    return cli.main(["index", *map(str, paths), "--data-dir", str(data), "--workers", "0"])


# -- 1. links that leave the archive ---------------------------------------------------------

@posix_only
def test_links_out_of_the_archive_are_not_followed_and_reported_once_with_target(tmp_path, capsys):
    outside = tmp_path / "elders"
    outside.mkdir()
    (outside / "geheim.txt").write_text("wachtwoord van de kwispelstaartcommissie\n", encoding="utf-8")
    (outside / "sub").mkdir()
    (outside / "sub" / "diep.txt").write_text("nog een geheim\n", encoding="utf-8")
    folder = _folder(tmp_path)
    (folder / "naar-elders").symlink_to(outside)  # a folder link leaving the archive
    (folder / "los.txt").symlink_to(outside / "geheim.txt")  # a file link leaving it
    (folder / "lus").symlink_to(folder)  # a loop stays handled
    inner = folder / "binnen"
    inner.mkdir()
    (folder / "naar-binnen").symlink_to(inner)  # a link inside the archive is fine
    (inner / "extra.txt").write_text(TEXT.format(n=9), encoding="utf-8")

    found = scan([str(folder)])
    assert all(str(outside) not in p and not p.endswith("los.txt") for p in found.found), found.found
    assert sorted(os.path.basename(p) for p in found.found) == ["extra.txt", "verslag0.txt", "verslag1.txt"]
    assert sorted(found.outside_links) == sorted([(str(folder / "los.txt"), str(outside / "geheim.txt")),
                                                  (str(folder / "naar-elders"), str(outside))])

    data = tmp_path / "data"
    assert _index(data, folder) == 0  # a link not followed is no unreadable file
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if "outside the archive" in ln]
    assert len(lines) == 2, err
    assert any(str(outside) in ln and "naar-elders" in ln for ln in lines)
    with Archive(data) as a:
        assert not any(str(outside) in s.path for s in a.sources())
        assert a.search("wachtwoord") == []


@posix_only
def test_a_link_to_another_archive_folder_is_followed(tmp_path):
    one, two = _folder(tmp_path, 1, "een"), _folder(tmp_path, 1, "twee")
    (one / "naar-twee").symlink_to(two)
    with Archive(tmp_path / "data") as a:
        a.add_folder(one)
        a.add_folder(two)
        report = a.update(workers=0)
        assert report.outside_links == ()
        assert len(a.sources()) == 2  # the file of "twee" once, by its own path


# -- 2. file names that are not UTF-8 ----------------------------------------------------------

@posix_only
def test_a_file_name_that_is_not_utf8_is_indexed_stored_losslessly_and_shown(tmp_path, capsys):
    folder = _folder(tmp_path)
    raw = os.fsencode(str(folder)) + b"/caf\xe9-verslag.txt"  # Latin-1 bytes, not UTF-8
    with open(raw, "wb") as f:
        f.write(b"# Verslag\n\nDe pleegzorgcommissie kwam bijeen.\n")
    name = os.fsdecode(raw)  # Python's surrogate-escaped str, as os.listdir gives it
    data = tmp_path / "data"
    assert _index(data, folder) == 0, capsys.readouterr().err
    capsys.readouterr()
    with Archive(data) as a:
        paths = [s.path for s in a.sources()]
        assert name in paths and len(paths) == 3  # lossless: the same str the OS gave
        assert os.fsencode(name) == raw
        assert [h.source for h in a.search("pleegzorgcommissie")] == [name]
        assert a.search("kwispelstaartcommissie")  # the rest of the folder is searchable
    # a second run: unchanged, nothing read again, no error
    assert _index(data) == 0
    assert "3 unchanged" in capsys.readouterr().out
    # shown readably: the search output and the export name the byte as \xe9
    assert cli.main(["search", "pleegzorgcommissie", "--data-dir", str(data)]) == 0
    assert "caf\\xe9-verslag.txt" in capsys.readouterr().out
    out = tmp_path / "export.json"
    assert cli.main(["export", "--json", "-o", str(out), "--data-dir", str(data)]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert name in [s["path"] for s in exported["sources"]]  # "\udce9" in JSON: lossless
    # removing the file removes it from the archive
    os.unlink(raw)
    assert _index(data) == 0
    with Archive(data) as a:
        assert len(a.sources()) == 2 and a.search("pleegzorgcommissie") == []


# -- 3. the data folder inside an archive folder -----------------------------------------------

def test_data_folder_inside_or_equal_to_an_archive_folder_is_refused(tmp_path, capsys):
    folder = _folder(tmp_path)
    for data in (folder / "zvdj-data", folder):
        assert _index(data, folder) == 4
        err = capsys.readouterr().err
        assert "archive folder" in err and str(folder) in err and "Traceback" not in err
        assert not (folder / "zvdj-data" / "catalog.sqlite").exists()
        assert not (folder / "catalog.sqlite").exists()
    # an archive folder inside the data folder: the program would index its own files
    data = tmp_path / "data"
    data.mkdir()
    inner = _folder(data, 1, "archief")
    assert _index(data, inner) == 4
    assert "archive folder" in capsys.readouterr().err


def test_output_into_an_archive_folder_is_refused(tmp_path, capsys):
    folder = _folder(tmp_path)
    data = tmp_path / "data"
    assert _index(data, folder) == 0
    capsys.readouterr()
    for argv in (["export", "--json", "-o", str(folder / "x.json")],
                 ["export", "--inventory", "-o", str(folder / "sub" / ".." / "x.csv")],
                 ["audit", "--csv", str(folder / "x.csv")]):
        assert cli.main([*argv, "--data-dir", str(data)]) == 4, argv
        err = capsys.readouterr().err
        assert "archive folder" in err and "Traceback" not in err
    assert sorted(p.name for p in folder.iterdir()) == ["verslag0.txt", "verslag1.txt"]


# -- 4. a read-only data folder can be searched ------------------------------------------------

def _as_reader(*args: str) -> subprocess.CompletedProcess:
    """The real command line, as a user who may not write the data folder (root may write
    anywhere, so as root it runs as nobody)."""
    prefix: list[str] = []
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: cannot read as another user")
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    return subprocess.run([*prefix, sys.executable, "-m", "zvdj_viewer.cli", *args], capture_output=True,
                          text=True, timeout=120, cwd=str(Path(__file__).resolve().parents[2]))


@posix_only
def test_search_works_on_a_read_only_data_folder(tmp_path, capsys):
    folder = _folder(tmp_path, 3)
    base = Path(tempfile.mkdtemp(prefix="zvdj-ro-", dir="/tmp"))  # reachable by nobody
    data = base / "data"
    try:
        base.chmod(0o755)
        assert _index(data, folder) == 0
        for p in [data, *data.rglob("*")]:
            p.chmod(0o555 if p.is_dir() else 0o444)
        r = _as_reader("search", "kwispelstaartcommissie", "--data-dir", str(data))
        assert r.returncode == 0 and "3 documents" in r.stdout, r
        r = _as_reader("search", "", "--json", "--data-dir", str(data))
        assert r.returncode == 0 and len(json.loads(r.stdout)["hits"]) == 3, r
        assert _as_reader("meetings", "--data-dir", str(data)).returncode == 0
        assert _as_reader("export", "--json", "--data-dir", str(data)).returncode == 0
        # updating still says why it cannot, in one line
        r = _as_reader("index", "--data-dir", str(data))
        assert r.returncode == 4 and "read-only" in r.stderr and "Traceback" not in r.stderr, r
    finally:
        for p in [data, *data.rglob("*")]:
            p.chmod(0o755)
        shutil.rmtree(base)


# -- 6. a FIFO appearing between scan and read -------------------------------------------------

@posix_only
def test_a_fifo_that_appears_after_the_scan_is_never_opened(tmp_path, monkeypatch):
    from zvdj_viewer.archive import update as archive_mod  # where the update scans

    folder = _folder(tmp_path)
    real_scan = archive_mod.scan

    def scan_then_swap(roots, *args, **kw):
        out = real_scan(roots, *args, **kw)
        victim = folder / "verslag1.txt"
        victim.unlink()
        os.mkfifo(victim)  # the file becomes a FIFO after it was listed
        return out

    monkeypatch.setattr(archive_mod, "scan", scan_then_swap)
    done: list = []
    with Archive(tmp_path / "data") as a:
        a.add_folder(folder)
        t = threading.Thread(target=lambda: done.append(a.update(workers=0)), daemon=True)
        t.start()
        t.join(20)
        assert not t.is_alive(), "the indexer hangs on a FIFO"
        report = done[0]
        assert [os.path.basename(p) for p, _ in report.failed] == ["verslag1.txt"]
        assert "not a regular file" in report.failed[0][1]
        assert len(a.search("kwispelstaartcommissie")) == 1


# -- 10. outputs: atomic, and bad paths in one line ----------------------------------------------

def _writing_commands(out: Path) -> list[list[str]]:
    return [["export", "--json", "-o", str(out)], ["export", "--inventory", "-o", str(out)],
            ["compare", "d1", "d2", "--html", str(out)], ["audit", "--csv", str(out)],
            ["dossier", "m-any", "-o", str(out)], ["notes", "export", str(out)]]


def test_bad_output_paths_give_one_line_naming_path_and_reason(tmp_path, capsys):
    data = tmp_path / "data"
    assert _index(data, _folder(tmp_path)) == 0
    a_dir = tmp_path / "een-map"
    a_dir.mkdir()
    cases = {tmp_path / "bestaat-niet" / "uit.txt": "does not exist", a_dir: "is a folder"}
    for out, why in cases.items():
        for argv in _writing_commands(out):
            capsys.readouterr()
            assert cli.main([*argv, "--data-dir", str(data)]) == 4, argv
            err = capsys.readouterr().err.strip().splitlines()
            assert len(err) == 1 and str(out) in err[0] and why in err[0], (argv, err)


def test_a_full_disk_keeps_the_previous_output_whole(tmp_path, capsys, monkeypatch):
    import errno

    from zvdj_viewer import outfile

    data = tmp_path / "data"
    assert _index(data, _folder(tmp_path)) == 0
    out = tmp_path / "vorige.out"
    for argv in _writing_commands(out):
        if argv[0] == "dossier":
            continue  # needs a meeting: covered by the bad-path test and write_atomic itself
        out.write_bytes(b"de vorige versie\n")

        def full(fd):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(outfile.os, "fsync", full)
        capsys.readouterr()
        assert cli.main([*argv, "--data-dir", str(data)]) == 4, argv
        err = capsys.readouterr().err
        assert "disk is full" in err and str(out) in err and "Traceback" not in err
        assert out.read_bytes() == b"de vorige versie\n"  # not truncated, not half-written
        assert sorted(p.name for p in tmp_path.iterdir()) == ["archief", "data", "vorige.out"]
        monkeypatch.undo()
        assert cli.main([*argv, "--data-dir", str(data)]) == 0, argv
        assert out.read_bytes() != b"de vorige versie\n"


@posix_only
def test_a_killed_export_leaves_the_previous_file(tmp_path):
    """A real kill -9 in the middle of writing: the target is the old file or the new one."""
    data = tmp_path / "data"
    assert _index(data, _folder(tmp_path, 30)) == 0
    out = tmp_path / "archief.json"
    out.write_text('{"vorige": true}\n', encoding="utf-8")
    script = ("import sys, time\n"
              "from zvdj_viewer import outfile\n"
              "real = outfile.os.fsync\n"
              "def slow(fd):\n"
              "    print('WRITING', flush=True); time.sleep(60)\n"
              "outfile.os.fsync = slow\n"
              "from zvdj_viewer import cli\n"
              "sys.exit(cli.main(sys.argv[1:]))\n")
    p = subprocess.Popen([sys.executable, "-c", script, "export", "--json", "-o", str(out), "--data-dir", str(data)],
                         stdout=subprocess.PIPE, text=True, cwd=str(Path(__file__).resolve().parents[2]))
    assert p.stdout.readline().strip() == "WRITING"
    p.kill()
    p.wait(10)
    p.stdout.close()
    assert json.loads(out.read_text(encoding="utf-8")) == {"vorige": True}


# -- 9. adding, removing and relinking take the one-writer lock ---------------------------------

HOLDER = """
import sys, time
from zvdj_viewer.archive import Archive
a = Archive(sys.argv[1])
a.add_folder(sys.argv[2])
def progress(p):
    if p.phase == "reading":
        print("READING", flush=True)
        time.sleep(60)
a.update(progress=progress, workers=0)
"""


def test_folder_changes_and_relink_wait_for_another_writer(tmp_path, monkeypatch):
    from zvdj_viewer.lock import ArchiveBusy

    data, folder = tmp_path / "data", _folder(tmp_path)
    other = _folder(tmp_path, 1, "ander")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(data), str(folder)], stdout=subprocess.PIPE,
                              text=True, cwd=str(Path(__file__).resolve().parents[2]))
    try:
        assert holder.stdout.readline().strip() == "READING"
        with Archive(data) as a:
            for write in (lambda: a.add_folder(other), lambda: a.remove_folder(folder), a.relink):
                with pytest.raises(ArchiveBusy, match="another ZvdJ Viewer is updating"):
                    write()
            assert a.folders() == [str(folder)]  # nothing written beside the other writer
    finally:
        holder.kill()
        holder.wait(10)
        holder.stdout.close()
    with Archive(data) as a:  # the holder is gone: the same calls go through
        a.add_folder(other)
        a.remove_folder(folder)
        assert a.relink() is True
        assert a.folders() == [str(other)]


def test_folder_changes_while_this_program_updates_say_busy(tmp_path):
    from zvdj_viewer.lock import ArchiveBusy

    data, folder = tmp_path / "data", _folder(tmp_path)
    started, release = threading.Event(), threading.Event()

    def progress(p):
        if p.phase == "reading" and not started.is_set():
            started.set()
            release.wait(30)

    with Archive(data) as a:
        a.add_folder(folder)
        t = threading.Thread(target=a.update, kwargs=dict(progress=progress, workers=0))
        t.start()
        try:
            assert started.wait(30)
            with pytest.raises(ArchiveBusy, match="this program"):
                a.add_folder(_folder(tmp_path, 1, "ander"))
        finally:
            release.set()
            t.join(30)


# -- 8. kill -9 during a multi-process commit leaves no stale lock ------------------------------

FORKING_WRITER = """
import os, sys, time
from zvdj_viewer.lock import write_lock
with write_lock(sys.argv[1]):
    child = os.fork()  # as Whoosh's sub-writers are forked inside the index commit
    if child == 0:
        time.sleep(60)
        os._exit(0)
    print(child, flush=True)
    time.sleep(60)
"""


def _gone(pid: int, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            os.kill(pid, 0)
            with open(f"/proc/{pid}/stat", "rb") as f:
                if f.read().rsplit(b")", 1)[1].split()[0] == b"Z":
                    return True
        except (ProcessLookupError, FileNotFoundError):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork and PR_SET_PDEATHSIG: Linux")
def test_a_child_forked_by_a_writer_neither_holds_the_lock_nor_outlives_it(tmp_path):
    from zvdj_viewer.lock import write_lock

    p = subprocess.Popen([sys.executable, "-c", FORKING_WRITER, str(tmp_path)], stdout=subprocess.PIPE,
                         text=True, cwd=str(Path(__file__).resolve().parents[2]))
    child = int(p.stdout.readline())
    try:
        os.kill(p.pid, 9)  # the writer only, as a user's kill -9 does: its child stays
        p.wait(10)
        with write_lock(tmp_path, timeout=5):  # not held by the child
            pass
        assert _gone(child, 5), "the forked child outlived its parent"
    finally:
        p.stdout.close()
        try:
            os.kill(child, 9)
        except ProcessLookupError:
            pass


LEFTOVER = """
import fcntl, os, sys, time
fd = os.open(os.path.join(sys.argv[1], "write.lock"), os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
os.write(fd, (sys.argv[2] + "\\n").encode())
print("HOLDING", flush=True)
time.sleep(60)
"""


@posix_only
def test_a_lock_whose_holder_is_dead_is_taken_over_with_a_message(tmp_path, capsys):
    """A process left behind by a dead writer (an older version's sub-writer) holds the lock."""
    data, folder = tmp_path / "data", _folder(tmp_path)
    assert _index(data, folder) == 0
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    holder = subprocess.Popen([sys.executable, "-c", LEFTOVER, str(data), str(dead.pid)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "HOLDING"
        (folder / "nieuw.txt").write_text(TEXT.format(n=7), encoding="utf-8")
        capsys.readouterr()
        t0 = time.monotonic()
        assert cli.main(["index", "--data-dir", str(data), "--workers", "0", "--wait", "0"]) == 0
        assert time.monotonic() - t0 < 20
        out = capsys.readouterr()
        assert f"process {dead.pid}) is gone; its lock is taken over" in out.err, out
        with Archive(data) as a:
            assert len(a.sources()) == 3
    finally:
        holder.kill()
        holder.wait(10)
        holder.stdout.close()


@posix_only
def test_a_lock_held_by_a_live_writer_is_never_taken_over(tmp_path):
    from zvdj_viewer.lock import ArchiveBusy

    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    holder = subprocess.Popen([sys.executable, "-c", LEFTOVER, str(tmp_path), str(alive.pid)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "HOLDING"
        with Archive(tmp_path) as a:
            with pytest.raises(ArchiveBusy, match=f"process {alive.pid}"):
                a.update(workers=0, wait=1)
    finally:
        for p in (holder, alive):
            p.kill()
            p.wait(10)
        holder.stdout.close()


# -- 11. malformed queries on the command line -----------------------------------------------

def test_a_malformed_query_is_a_usage_error_with_the_reason(tmp_path, capsys):
    data = tmp_path / "data"
    assert _index(data, _folder(tmp_path)) == 0
    for query, says in (("date:2020-13-45", "no such month"), ("date:[x to", "no closing ]"),
                        ('"kwispelstaartcommissie', "not closed"), ("**", "too many words")):
        capsys.readouterr()
        assert cli.main(["search", query, "--data-dir", str(data)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and says in err[0] and query in err[0], err
