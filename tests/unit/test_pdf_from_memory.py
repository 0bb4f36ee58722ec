"""A PDF up to readers.pdf.MAX_IN_MEMORY_BYTES is read from memory (issue 22, round 6: opened
by its path, MuPDF seeks and reads the file for every object it loads, and again for a page's
streams after the size caps unpacked them); a bigger file is read from disk. Both ways give
the same pages, and a broken file the same reason."""

from __future__ import annotations

from zvdj_viewer.model import ReadError
from zvdj_viewer.readers import pdf


def _pages(source):
    return [(p.number, p.has_text, p.garbled, p.width, p.height,
             [(ln.text, ln.bbox, ln.size, ln.bold) for ln in p.lines]) for p in source.pages]


def _read(path, **kw):
    kept: list = []
    try:
        source = pdf.read_pdf(str(path), keep_open=kept, **kw)
        return source, kept[0].name
    finally:
        for doc in kept:
            doc.close()


def test_a_small_pdf_is_read_from_memory_a_big_one_from_disk(samples_dir, monkeypatch):
    path = samples_dir / "woo-bundles" / "Bes-Besluit+2020-101+A.pdf"
    small, opened = _read(path)
    assert not opened  # MuPDF was given the bytes, not the path (the document has no name)
    monkeypatch.setattr(pdf, "MAX_IN_MEMORY_BYTES", path.stat().st_size - 1)
    big, opened = _read(path)
    assert opened == str(path)
    assert _pages(small) == _pages(big) and len(small.pages) == 9
    assert (small.problems, small.metadata, small.title, small.bookmarks) == \
        (big.problems, big.metadata, big.title, big.bookmarks)


def test_a_file_with_no_pdf_structure_gives_the_same_reason_either_way(tmp_path, monkeypatch):
    path = tmp_path / "kapot.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    reasons = []
    for cap in (pdf.MAX_IN_MEMORY_BYTES, 0):
        monkeypatch.setattr(pdf, "MAX_IN_MEMORY_BYTES", cap)
        try:
            pdf.read_pdf(str(path))
        except ReadError as err:
            reasons.append(str(err))
    assert reasons == ["damaged or truncated PDF (no PDF structure could be found)"] * 2
