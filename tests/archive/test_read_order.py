"""With two readers the largest files are read first (archive/update.py): a large file handed
out last keeps one reader busy at the end while the other has nothing left to read."""

from __future__ import annotations

from zvdj_viewer import pipeline
from zvdj_viewer.archive import Archive


def _write(folder, name: str, words: int) -> None:
    (folder / name).write_text("# Notitie\n\n" + "Fictieve tekst over de jeugdzorg. " * words, encoding="utf-8")


def _handed_out(tmp_path, monkeypatch, workers: int) -> list[str]:
    folder = tmp_path / f"archief{workers}"
    folder.mkdir()
    for name, words in [("a-klein.md", 5), ("b-groot.md", 400), ("c-middel.md", 60), ("d-kleinst.md", 1)]:
        _write(folder, name, words)
    order: list[str] = []

    def in_this_process(paths, workers=2, **kwargs):
        for p in paths:
            order.append(p.rsplit("/", 1)[-1])
            yield kwargs["fn"](p)

    monkeypatch.setattr(pipeline, "run_parallel", in_this_process)
    with Archive(data_dir=tmp_path / f"data{workers}") as a:
        a.add_folder(str(folder))
        report = a.update(workers=workers, ocr=False)
        assert report.files_read == 4 and not report.failed
        assert {d.source.rsplit("/", 1)[-1] for d in a.documents()} == set(order)
    return order


def test_two_readers_get_the_largest_files_first(tmp_path, monkeypatch):
    assert _handed_out(tmp_path, monkeypatch, 2) == ["b-groot.md", "c-middel.md", "a-klein.md", "d-kleinst.md"]


def test_one_reader_reads_in_name_order(tmp_path, monkeypatch):
    assert _handed_out(tmp_path, monkeypatch, 1) == ["a-klein.md", "b-groot.md", "c-middel.md", "d-kleinst.md"]
