"""Incremental updates on copies of real files in a temporary archive folder: unchanged,
touched, changed, removed, renamed; cancel; recovery of a lost index; read-only folders;
search while updating; the worker pool's time limit and crash handling.

Words searched for were checked by reading the files: seed 000 (a geannoteerde agenda) has
"Contourennota", seed 004 (a verslag schriftelijk overleg) has "boksschool", and the Aanhangsel
PDF ah-tk-20202021-3235.pdf has "overbruggingsregeling" on page 1.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from zvdj_viewer import pipeline


@pytest.fixture
def folder(tmp_path, seeds_dir, samples_dir) -> Path:
    d = tmp_path / "archief"
    (d / "sub").mkdir(parents=True)
    shutil.copy2(seeds_dir / "000_a5c7aa4746312df0.txt", d / "agenda.txt")
    shutil.copy2(seeds_dir / "004_935e7c12463b3afd.txt", d / "sub" / "verslag.txt")
    shutil.copy2(samples_dir / "officielebekendmakingen" / "ah-tk-20202021-3235.pdf", d / "aanhangsel.pdf")
    return d


@pytest.fixture
def archive(tmp_path, folder):
    from zvdj_viewer.archive import Archive

    a = Archive(tmp_path / "data")
    a.add_folder(folder)
    yield a
    a.close()


@pytest.fixture
def count_reads(monkeypatch):
    """Count calls of readers.read (updates run with workers=0, i.e. in this process)."""
    from zvdj_viewer import readers

    calls: list[str] = []
    real = readers.read

    def counting(path, **kwargs):
        calls.append(str(path))
        return real(path, **kwargs)

    monkeypatch.setattr(readers, "read", counting)
    return calls


def _sources_of(archive, word):
    return sorted({Path(h.source).name for h in archive.search(word)})


def test_first_run_reads_everything_second_run_nothing(archive, folder, count_reads):
    r1 = archive.update(workers=0)
    assert (r1.scanned, r1.new, r1.unchanged, r1.files_read, r1.failed) == (3, 3, 0, 3, ())
    assert r1.pages_read >= 3
    assert _sources_of(archive, "Contourennota") == ["agenda.txt"]
    assert _sources_of(archive, "boksschool") == ["verslag.txt"]
    hit = archive.search("overbruggingsregeling")[0]
    assert Path(hit.source).name == "aanhangsel.pdf" and 1 in [p.page for p in hit.pages]

    count_reads.clear()
    r2 = archive.update(workers=0)
    assert (r2.new, r2.changed, r2.unchanged, r2.removed, r2.files_read, r2.pages_read) == (0, 0, 3, 0, 0, 0)
    assert count_reads == []
    assert "3 unchanged (nothing read)" in r2.summary()


def test_touched_file_with_same_content_is_not_read(archive, folder, count_reads):
    archive.update(workers=0)
    count_reads.clear()
    p = folder / "agenda.txt"
    st = p.stat()
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    r = archive.update(workers=0)
    assert (r.unchanged, r.changed, r.files_read) == (3, 0, 0) and count_reads == []
    # the new mtime is remembered, so the next run does not even hash it
    assert archive.catalog.source_states()[str(p)]["mtime_ns"] == p.stat().st_mtime_ns


def test_changed_file_is_read_again_and_replaces_its_entries(archive, folder, count_reads):
    archive.update(workers=0)
    before = {d.id: d.source for d in archive.documents()}
    count_reads.clear()
    p = folder / "agenda.txt"
    with open(p, "a", encoding="utf-8") as f:
        f.write("\nEen verzonnen kwispelstaartoverleg sluit de vergadering.\n")
    r = archive.update(workers=0)
    assert (r.changed, r.unchanged, r.files_read) == (1, 2, 1) and count_reads == [str(p)]
    assert _sources_of(archive, "kwispelstaartoverleg") == ["agenda.txt"]
    assert _sources_of(archive, "Contourennota") == ["agenda.txt"]  # old text still there, once
    after = {d.id: d.source for d in archive.documents()}
    # documents of the other files keep their ids; the changed file's documents are new
    assert {i for i, s in before.items() if s != str(p)} <= set(after)
    assert not ({i for i, s in before.items() if s == str(p)} & set(after))


def test_removed_file_leaves_catalog_and_index(archive, folder):
    archive.update(workers=0)
    (folder / "sub" / "verslag.txt").unlink()
    r = archive.update(workers=0)
    assert (r.removed, r.unchanged, r.files_read) == (1, 2, 0)
    assert archive.search("boksschool") == []
    assert all(Path(s.path).name != "verslag.txt" for s in archive.sources())
    assert all(Path(d.source).name != "verslag.txt" for d in archive.documents())


def test_renamed_file_is_repointed_without_reading(archive, folder, count_reads):
    archive.update(workers=0)
    ids = sorted(d.id for d in archive.documents() if d.source.endswith("aanhangsel.pdf"))
    count_reads.clear()
    new = folder / "sub" / "kamervragen-tozo.pdf"
    (folder / "aanhangsel.pdf").rename(new)
    r = archive.update(workers=0)
    assert (r.renamed, r.new, r.removed, r.files_read) == (1, 0, 0, 0) and count_reads == []
    assert sorted(d.id for d in archive.documents() if d.source == str(new)) == ids
    assert _sources_of(archive, "overbruggingsregeling") == ["kamervragen-tozo.pdf"]
    assert "1 renamed" in r.summary()


def test_hidden_folders_symlink_loops_and_duplicate_links(archive, folder, count_reads):
    hidden = folder / ".cache"
    hidden.mkdir()
    shutil.copy2(folder / "agenda.txt", hidden / "kopie.txt")
    os.symlink("..", folder / "sub" / "lus")  # a loop back to the archive root
    os.symlink(folder / "agenda.txt", folder / "sub" / "link-naar-agenda.txt")  # same file twice
    r = archive.update(workers=0)
    assert r.scanned == 3 and r.failed == () and r.unreadable_folders == ()
    assert sorted(Path(s.path).name for s in archive.sources()) == ["aanhangsel.pdf", "agenda.txt", "verslag.txt"]


def test_cancel_stops_after_the_current_file_and_keeps_what_is_done(archive, folder):
    cancel = threading.Event()

    def progress(p):
        if p.phase == "reading" and p.done >= 1:
            cancel.set()

    r = archive.update(workers=0, cancel=cancel, progress=progress)
    assert r.cancelled and r.files_read == 1 and r.summary().startswith("cancelled: ")
    (done,) = [s.path for s in archive.sources()]
    assert archive.documents() and all(d.source == done for d in archive.documents())
    word = {"agenda.txt": "Contourennota", "verslag.txt": "boksschool", "aanhangsel.pdf": "overbruggingsregeling"}
    assert _sources_of(archive, word[Path(done).name]) == [Path(done).name]
    r2 = archive.update(workers=0)
    assert (r2.new, r2.unchanged, r2.files_read) == (2, 1, 2) and not r2.cancelled


def test_lost_index_is_rebuilt_from_the_catalog_without_reading(tmp_path, archive, folder, count_reads):
    from zvdj_viewer.archive import Archive

    archive.update(workers=0)
    archive.index.clear()
    archive.close()
    count_reads.clear()
    a = Archive(tmp_path / "data")  # sees an empty index beside a full catalog
    try:
        assert a.search("boksschool") == []
        r = a.update(workers=0)
        assert r.files_read == 0 and count_reads == []
        assert _sources_of(a, "boksschool") == ["verslag.txt"]
    finally:
        a.close()


def test_remove_folder_drops_its_sources(archive, folder):
    archive.update(workers=0)
    archive.remove_folder(folder)
    assert archive.folders() == [] and archive.sources() == [] and archive.documents() == []
    assert archive.search("boksschool") == []


def _listing(root: Path) -> dict[str, tuple]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = p.lstat()
            digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() and not p.is_symlink() else None
            out[str(p.relative_to(root))] = (st.st_size, st.st_mtime_ns, st.st_mode, digest)
    return out


def test_archive_folder_is_only_read(tmp_path, folder):
    from zvdj_viewer.archive import Archive

    before_dir = folder.stat().st_mtime_ns
    for d in (folder / "sub", folder):
        os.chmod(d, 0o555)
    try:
        before = _listing(folder)
        with Archive(tmp_path / "data") as a:
            a.add_folder(folder)
            r = a.update(workers=2)
            assert r.new == 3 and r.failed == ()
            a.update(workers=2)
        assert _listing(folder) == before
        assert folder.stat().st_mtime_ns == before_dir
    finally:
        for d in (folder, folder / "sub"):
            os.chmod(d, 0o755)


def test_search_and_reading_while_an_update_runs_in_another_thread(archive, folder, samples_dir):
    archive.update(workers=0)
    shutil.copy2(samples_dir / "besluitenlijsten" / "besluitenlijst_example2.pdf", folder / "besluitenlijst.pdf")
    errors: list[BaseException] = []
    result = {}

    def work():
        try:
            result["report"] = archive.update(workers=2)
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    t = threading.Thread(target=work)
    t.start()
    rounds = 0
    while t.is_alive() or rounds == 0:
        hits = archive.search("boksschool")
        assert [Path(h.source).name for h in hits] == ["verslag.txt"]
        for d in archive.documents():
            assert archive.document(d.id) is not None or True  # may vanish between calls
        archive.document_pages(hits[0].doc_id)
        rounds += 1
        time.sleep(0.01)
    t.join()
    assert errors == [] and result["report"].new == 1 and rounds >= 1


def test_document_pages_give_lines_with_numbers_and_furniture(archive, folder):
    archive.update(workers=0)
    (doc,) = [d for d in archive.documents() if d.source.endswith("verslag.txt")][:1]
    pages = archive.document_pages(doc.id)
    assert len(pages) == 1
    numbers = [ln.number for ln in pages[0].lines]
    assert numbers == list(range(doc.first_line, doc.last_line + 1))
    text = (folder / "sub" / "verslag.txt").read_text(encoding="utf-8").splitlines()
    first = pages[0].lines[0]
    assert first.text.strip() == text[first.number - 1].strip()
    pdf_doc = [d for d in archive.documents() if d.source.endswith(".pdf")][0]
    pdf_pages = archive.document_pages(pdf_doc.id)
    assert [p.number for p in pdf_pages] == list(range(pdf_doc.first_page, pdf_doc.last_page + 1))
    assert any("overbruggingsregeling" in ln.text for p in pdf_pages for ln in p.lines)


# -- the worker pool ---------------------------------------------------------------------------

def slow_or_quick(path: str) -> pipeline.FileResult:
    """Picklable stand-in for process_file: 'slow' paths hang, 'crash' paths kill the worker."""
    if "slow" in path:
        time.sleep(60)
    if "crash" in path:
        os._exit(3)
    return pipeline.FileResult(path)


def test_pool_replaces_a_worker_that_takes_too_long_or_crashes():
    paths = ["a-quick", "b-slow", "c-quick", "d-crash", "e-quick", "f-quick"]
    t0 = time.monotonic()
    results = {r.path: r for r in pipeline.run_parallel(paths, workers=2, timeout=8, fn=slow_or_quick)}
    assert set(results) == set(paths)
    assert "took too long" in results["b-slow"].error and "skipped" in results["b-slow"].error
    assert "crashed" in results["d-crash"].error
    assert all(results[p].error is None for p in paths if "quick" in p)
    assert time.monotonic() - t0 < 30


def test_pool_cancel_starts_no_new_files():
    cancel = threading.Event()
    got = []
    for r in pipeline.run_parallel([f"q{i}" for i in range(20)], workers=2, cancel=cancel, fn=slow_or_quick):
        got.append(r.path)
        cancel.set()
    # what was already read (waiting for the caller, at most RESULTS_AHEAD) or handed out (one
    # file per worker) is finished; nothing new starts
    assert 1 <= len(got) <= 1 + pipeline.RESULTS_AHEAD + 2 < 20


def test_pool_stops_when_the_caller_stops_early():
    import multiprocessing

    t0 = time.monotonic()
    gen = pipeline.run_parallel(["a-quick"] + [f"slow{i}" for i in range(6)], workers=2, timeout=60, fn=slow_or_quick)
    assert next(gen).path == "a-quick"
    gen.close()  # e.g. the update raised while storing a result: workers must not linger
    assert time.monotonic() - t0 < 20
    assert not [c for c in multiprocessing.active_children() if c.name == "zvdj-reader"]


def test_a_cancelled_run_that_changed_nothing_leaves_no_relink_behind(archive, folder):
    """Quitting the app while its start-up update runs must not make the next no-change
    update relink the whole archive (issue 22): the flag only stays when something was
    stored that linking has not seen yet."""
    archive.update(workers=0)
    flag = archive.data_dir / "relink.pending"
    assert not flag.exists()
    cancel = threading.Event()
    cancel.set()  # the user quits at once: nothing is read, nothing changed
    r = archive.update(workers=0, cancel=cancel)
    assert r.cancelled and r.files_read == 0
    assert not flag.exists()
    phases = []
    r2 = archive.update(workers=0, progress=lambda p: phases.append(p.phase))
    assert "linking" not in phases and r2.unchanged == 3


def test_a_cancelled_run_after_a_change_relinks_next_time(archive, folder):
    archive.update(workers=0)
    (folder / "nieuw.txt").write_text("Agenda\n\n1. Opening\n2. Rondvraag\n", encoding="utf-8")
    cancel = threading.Event()
    phases = []

    def progress(p):
        phases.append(p.phase)
        if p.phase == "linking":
            cancel.set()  # quit while linking: the new file is stored, its links are not

    archive.update(workers=0, cancel=cancel, progress=progress)
    assert "linking" in phases
    phases.clear()
    archive.update(workers=0, progress=lambda p: phases.append(p.phase))
    assert "linking" in phases  # the next run makes up for it


def test_a_no_change_update_loads_neither_numpy_nor_pymupdf(tmp_path, folder):
    """A no-change `zvdj index` is what a user scripts after every sync (issue 22: under
    0.2 s): it must not pay for the libraries that only reading and linking need."""
    import subprocess
    import sys

    data = tmp_path / "d"
    code = ("import sys, io, contextlib\nfrom zvdj_viewer import cli\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
            "    rc = cli.main(['index', '--no-ocr', '--data-dir', sys.argv[1]] + sys.argv[2:])\n"
            "print(rc, sorted({m.split('.')[0] for m in sys.modules} & {'numpy', 'pymupdf', 'PySide6'}))")
    first = subprocess.run([sys.executable, "-c", code, str(data), str(folder)], capture_output=True, text=True,
                           timeout=300, check=False)
    assert first.stdout.startswith("0 "), first.stderr[-2000:]
    again = subprocess.run([sys.executable, "-c", code, str(data)], capture_output=True, text=True, timeout=300,
                           check=False)
    assert again.stdout.strip() == "0 []", (again.stdout, again.stderr[-2000:])


def quick_or_a_while(path: str) -> pipeline.FileResult:
    """Picklable stand-in for process_file: 'while' paths take three seconds."""
    if "while" in path:
        time.sleep(3)
    return pipeline.FileResult(path)


def _readers_alive() -> int:
    return sum(1 for p in multiprocessing.active_children() if p.name == "zvdj-reader")


def test_a_reader_with_no_file_left_ends_while_the_last_file_is_read():
    """The memory of a reader that has nothing more to read goes back at once (the linking
    helper starts while the last file is read), not when the last file is done."""
    gen = pipeline.run_parallel(["a-while", "b-quick"], workers=2, timeout=60, fn=quick_or_a_while)
    first = next(gen)
    assert first.path == "b-quick"
    deadline = time.monotonic() + 2.5
    while _readers_alive() > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _readers_alive() == 1  # the one still reading "a-while"
    assert [r.path for r in gen] == ["a-while"]
    assert _readers_alive() == 0
