"""No raw markup where a person reads: over every document of ../shared (seeds and samples),
the reading text (also the meeting columns), search snippets, compare rows and the printed
dossier show words, not the ``**``, ``##``, ``<li>``, ``<sup>`` or ``---`` of the conversion."""

from __future__ import annotations

import html
import re

import pytest

from zvdj_viewer.archive import Archive

RAW = re.compile(r"\*\*|(?:^|\n)[ \t]{0,3}#{1,6}[ \t]|</?(?:li|ul|ol|sup|sub|p|b|i|u|br|span|div|a|strong|em|font)"
                 r"(?=[\s/>])[^<>]{0,200}>|(?:^|\n)[ \t]*-{3,}[ \t]*(?:\n|$)", re.I)


def shown(html_text: str) -> str:
    """What a reader of this HTML sees: the text between the tags."""
    return html.unescape(re.sub(r"<[^<>]*>", "", html_text))


def raw_markup(text: str) -> list[str]:
    return [m.group().strip() for m in RAW.finditer(text)]


@pytest.fixture(scope="module")
def shared(tmp_path_factory, seeds_dir, samples_dir):
    a = Archive(data_dir=tmp_path_factory.mktemp("shared"))
    a.add_folder(str(seeds_dir))
    a.add_folder(str(samples_dir))
    a.update(workers=2)
    yield a
    a.close()


def test_the_test_sees_markup_in_the_stored_text(shared):
    # the seeds hold converted Markdown with inline HTML: without this the test proves nothing
    stored = "\n".join(ln.text for d in shared.documents() for p in shared.document_pages(d.id) for ln in p.lines)
    assert len(raw_markup(stored)) > 500


def test_reading_text_and_meeting_columns_show_no_markup(shared):
    from zvdj_viewer.ui.document_view import reading_text

    bad = {}
    for s in shared.documents():
        d = shared.document(s.id)  # with its items: a list's summary has none
        assert d is not None
        pages = shared.document_pages(d.id)
        for original in (False, True):
            r = reading_text(pages, d.items, pdf=d.kind == "pdf", original=original, terms=["jeugd"])
            found = raw_markup(shown(r.html)) + raw_markup(r.plain)
            if found:
                bad[(d.id, original)] = found[:5]
    assert not bad


def test_search_snippets_show_no_markup(shared):
    bad = []
    for q in ("jeugd", "gemeenten", "agenda", "besluit", "stuurgroep", "actie", "e"):
        for h in shared.search(q, limit=50):
            for p in h.pages:
                bad += [(q, h.doc_id, m) for m in raw_markup(shown(p.snippet))]
    assert not bad[:10]


def test_compare_rows_show_no_markup(shared):
    from zvdj_viewer.ui.compare_view import aligned_rows, rows_html
    from zvdj_viewer.woo import service

    pairs = service.archive_versions(shared)
    assert pairs
    bad = []
    for p in pairs:
        r = service.compare_documents(shared, p.a, p.b)
        text = shown(rows_html(aligned_rows(r.comparison), str, str))
        bad += [(p.a, p.b, m) for m in raw_markup(text)]
    assert not bad[:10]


def test_the_printed_dossier_shows_no_markup(shared):
    from zvdj_viewer.dossier import build_dossier, dossier_html

    meetings = shared.meetings()
    assert meetings
    bad = []
    for m in meetings:
        body = dossier_html(build_dossier(shared, m.id, None))
        body = re.sub(r"<style>.*?</style>", "", body, flags=re.S)
        bad += [(m.id, x) for x in raw_markup(shown(body))]
    assert not bad[:10]
