"""With reader processes, an index batch is written in a thread while the updater goes on
storing the readers' next results (archive/update.py, issue 22): before, the updater stood in
the write for seconds and the readers stopped once RESULTS_AHEAD results waited for it."""

from __future__ import annotations

import threading

import pytest

from zvdj_viewer import pipeline
from zvdj_viewer.archive import Archive, update
from zvdj_viewer.index import FullTextIndex


def _folder(tmp_path, files: int):
    folder = tmp_path / "archief"
    folder.mkdir()
    for i in range(files):
        (folder / f"notitie-{i:02}.md").write_text(
            f"# Notitie {i}\n\nFictieve tekst over jeugdhulp in regio {i}.\n", encoding="utf-8")
    return folder


def _in_this_process(paths, workers=2, **kwargs):
    for p in paths:
        yield kwargs["fn"](p)


@pytest.fixture
def one_file_batches(monkeypatch):
    monkeypatch.setattr(pipeline, "run_parallel", _in_this_process)
    monkeypatch.setattr(update, "BATCH_FILES", 1)  # a batch after every file


def test_results_are_stored_while_a_batch_is_written(tmp_path, monkeypatch, one_file_batches):
    stored_during_write = threading.Event()
    writing = threading.Event()
    real_update, real_store = FullTextIndex.update, update._Updater._store

    def slow_update(self, remove_sources, add, procs=1):
        writing.set()
        try:  # the first batch waits (at most 10 s) for the updater to store the next file
            if add and add[0].source.endswith("notitie-00.md"):
                stored_during_write.wait(10)
            return real_update(self, remove_sources, add, procs)
        finally:
            writing.clear()

    def store(self, rec, result):
        if writing.is_set():
            stored_during_write.set()
        return real_store(self, rec, result)

    monkeypatch.setattr(FullTextIndex, "update", slow_update)
    monkeypatch.setattr(update._Updater, "_store", store)
    folder = _folder(tmp_path, 4)
    with Archive(data_dir=tmp_path / "data") as a:
        a.add_folder(str(folder))
        report = a.update(workers=2, ocr=False)
        assert stored_during_write.is_set()
        assert report.files_read == 4 and not report.failed
        # every batch written and every source marked indexed by the end of the update
        assert a.index.unit_count() == 4
        assert all(r["indexed_at"] is not None for r in a.catalog.sources())
        assert [h.doc_id for h in a.search("regio 3")]


def test_an_index_error_in_the_writing_thread_reaches_the_caller(tmp_path, monkeypatch, one_file_batches):
    def broken(self, remove_sources, add, procs=1):
        raise OSError("disk full (fictional)")

    monkeypatch.setattr(FullTextIndex, "update", broken)
    folder = _folder(tmp_path, 3)
    with Archive(data_dir=tmp_path / "data") as a:
        a.add_folder(str(folder))
        with pytest.raises(OSError, match="disk full"):
            a.update(workers=2, ocr=False)
        # nothing was marked indexed: the next update indexes the sources again
        assert all(r["indexed_at"] is None for r in a.catalog.sources())
