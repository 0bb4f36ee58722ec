"""Search as a process of its own (issue 22): `zvdj search` loads neither numpy, PyMuPDF nor
Qt, and the plain-Python scoring of index/fastsearch.py ranks the seeds and samples exactly
as Whoosh's own search path does (documents, order, pages, page counts, scores)."""

from __future__ import annotations

import re
import subprocess
from array import array
import sys

import pytest

from zvdj_viewer.archive import Archive


@pytest.fixture(scope="module")
def archive(tmp_path_factory, seeds_dir, samples_dir):
    a = Archive(data_dir=tmp_path_factory.mktemp("nonumpy"))
    a.add_folder(str(seeds_dir))
    a.add_folder(str(samples_dir / "woo-bundles"))
    a.update(workers=2, ocr=False)
    yield a
    a.close()


def _queries(archive) -> list[str]:
    """Words users type: long words of the archive's own titles, alone, two at a time and as a
    phrase of two neighbours, with AND/NOT/OR and the redaction codes. (Not prefixes: the fast
    path counts each word of a prefix a page holds, Whoosh gives a constant; that difference
    predates the numpy removal, and bench/search_identity.py shows prefix results unchanged.)"""
    words: list[str] = []
    phrases: list[str] = []
    for d in archive.documents():
        title = re.findall(r"[A-Za-zÀ-ÿ]{5,}", d.title or "")
        for w in title:
            if len(w) >= 8 and w.lower() not in words:
                words.append(w.lower())
        if len(title) >= 2 and len(phrases) < 8:
            phrases.append(f'"{title[0]} {title[1]}"')
    words = words[:20]
    assert len(words) >= 8, words
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:])][:10]
    return (words + pairs + phrases + [f"{words[0]} NOT {words[1]}", f"{words[2]} OR {words[3]}", "10.2.e", "5.1.2e", "jeugdhulp"])


def _exact(hits):
    """Everything of the hits; scores as float32, the precision both paths rank by (the fast
    path reports them so, Whoosh's path in float64)."""
    def f32(x: float) -> float:
        return array("f", [x])[0]

    return [(h.doc_id, f32(h.score), [(p.page, p.line, f32(p.score), p.snippet) for p in h.pages],
             h.page_hit_count) for h in hits]


def test_plain_python_scoring_ranks_the_real_documents_as_whoosh_does(archive):
    ix = archive.index
    filters = [{}, {"types": ["nota"]}, {"date_from": "2019-01-01", "date_to": "2021-12-31"},
               {"has_redactions": True}]
    compared = with_hits = 0
    for query in _queries(archive):
        for f in filters:
            filt = ix._filter(f.get("types"), f.get("series"), f.get("date_from"), f.get("date_to"),
                              f.get("has_redactions"))
            with ix.ix.searcher() as s:
                q, _ = ix._build(query, s)
                if q is None:
                    continue
                fast = _exact(ix._run_fast(s, q, filt, 20, 3))
                slow = _exact(ix._run_whoosh(s, q, filt, 20, 3))
            assert fast == slow, (query, f)
            compared += 1
            with_hits += bool(fast)
    assert compared > 100 and with_hits > 60, (compared, with_hits)


def test_a_search_process_loads_neither_numpy_nor_pymupdf_nor_qt(archive):
    code = ("import sys, io, contextlib\nfrom zvdj_viewer import cli\n"
            "out = io.StringIO()\n"
            "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):\n"
            "    rc = cli.main(['search', 'jeugdhulp', '--data-dir', sys.argv[1]])\n"
            "print(rc, out.getvalue().count('\\n') > 3,"
            " sorted({m.split('.')[0] for m in sys.modules} & {'numpy', 'pymupdf', 'fitz', 'PySide6'}),"
            " sorted({'zvdj_viewer.ocr', 'subprocess'} & set(sys.modules)))")
    got = subprocess.run([sys.executable, "-c", code, str(archive.data_dir)], capture_output=True, text=True,
                         timeout=300, check=False)
    # nor the OCR module (with subprocess): opening the archive only names its OCR cache
    assert got.stdout.strip() == "0 True [] []", (got.stdout, got.stderr[-2000:])
