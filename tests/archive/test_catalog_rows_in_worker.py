"""A reader process sends its pages as catalog rows (pipeline.for_catalog), and the index
units of a file just read are built from what was stored instead of reading the catalog back
(archive/update.py). Both must give exactly what the old way gave: the same page rows, the
same units, in a reader process as in this one."""

from __future__ import annotations

import pickle

import pytest

from zvdj_viewer import pipeline
from zvdj_viewer.archive import Archive
from zvdj_viewer.archive.update import _Updater


def _files(seeds_dir, samples_dir) -> list[str]:
    picks = [samples_dir / "woo-bundles" / "Bes-Ordner1.doc.1-15.pdf",
             samples_dir / "officielebekendmakingen" / "ah-tk-20202021-3235.xml",
             samples_dir / "hard-cases" / "garble.pdf"]
    return [str(p) for p in [*sorted(seeds_dir.glob("*.txt"))[:2], *picks] if p.exists()]


def _ingest(data_dir, files, monkeypatch, *, workers: int, readback: bool):
    units = []
    flush = _Updater._flush

    def keep_units(self):
        units.extend(self.pending_units)
        flush(self)

    with monkeypatch.context() as m:
        m.setattr(_Updater, "_flush", keep_units)
        if readback:  # the way before: whole results, units from the catalog read back
            m.setattr(pipeline, "process_file_for_catalog", pipeline.process_file)
        with Archive(data_dir=data_dir) as a:
            for f in files:
                a.add_folder(f)
            report = a.update(workers=workers, ocr=False)
            pages = [tuple(r) for r in a.catalog.conn.execute(
                "SELECT s.path, p.* FROM pages p JOIN sources s ON s.id = p.source_id ORDER BY s.path, p.number")]
    assert report.files_read == len(files) and not report.failed
    return units, pages


def test_units_and_rows_as_from_the_catalog_read_back(tmp_path, seeds_dir, samples_dir, monkeypatch):
    files = _files(seeds_dir, samples_dir)
    assert len(files) >= 4
    old_units, old_pages = _ingest(tmp_path / "old", files, monkeypatch, workers=0, readback=True)
    new_units, new_pages = _ingest(tmp_path / "new", files, monkeypatch, workers=0, readback=False)
    assert len(old_units) > 20 and any(u.redactions for u in old_units)
    assert new_units == old_units
    assert new_pages == old_pages


def test_the_same_through_a_reader_process(tmp_path, seeds_dir, samples_dir, monkeypatch):
    files = _files(seeds_dir, samples_dir)
    here = _ingest(tmp_path / "here", files, monkeypatch, workers=0, readback=True)
    there = _ingest(tmp_path / "there", files, monkeypatch, workers=1, readback=False)
    assert there == here


def test_a_result_for_the_catalog_is_smaller_and_holds_the_rows(samples_dir):
    from zvdj_viewer.catalog import stored_page

    path = samples_dir / "woo-bundles" / "Bes-Ordner1.doc.1-15.pdf"
    if not path.exists():
        pytest.skip(f"{path} is not there")
    full = pipeline.process_file(str(path))
    rows = [stored_page(p) for p in full.source.pages]
    size = len(pickle.dumps(full, protocol=pickle.HIGHEST_PROTOCOL))
    slim = pipeline.for_catalog(pickle.loads(pickle.dumps(full)))
    assert slim.stored_pages == rows
    assert slim.pages == full.pages and all(not p.lines for p in slim.source.pages)
    assert [(p.number, p.has_text, p.garbled, p.text_source) for p in slim.source.pages] == [
        (p.number, p.has_text, p.garbled, p.text_source) for p in full.source.pages]
    assert len(pickle.dumps(slim, protocol=pickle.HIGHEST_PROTOCOL)) < 0.75 * size


def test_a_reader_keeps_no_line_caches_from_one_file_to_the_next(seeds_dir):
    """The analysis' per-line caches are emptied after each file a reader process reads:
    full, they held ~16 MB in each reader for lines that never come back."""
    from zvdj_viewer.understanding import furniture

    seed = sorted(seeds_dir.glob("*.txt"))[0]
    furniture.clean("een regel die de cache vult")
    pipeline.process_file(str(seed))
    assert furniture.clean.cache_info().currsize > 1  # the analysis used them
    pipeline.process_file_for_catalog(str(seed))
    assert furniture.clean.cache_info().currsize == 0
    assert furniture._shape.cache_info().currsize == 0
