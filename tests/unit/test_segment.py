"""Segmentation on fictional bundles: headings, letterheads, meeting headers, PDF pages."""

import sys
from pathlib import Path

from zvdj_viewer.understanding.furniture import mark_furniture
from zvdj_viewer.model import Bookmark, Line, Page, SourceText
from zvdj_viewer.understanding.segment import boundary_scores, doc_heading, segment

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "bundles"
sys.path.insert(0, str(FIXTURES))
from loaders import text_source  # noqa: E402


def spans_of(text: str):
    s = text_source(text)
    mark_furniture(s)
    return s, segment(s)


def check_cover(source: SourceText, spans) -> None:
    """Spans cover every line once, in order."""
    seen = []
    for sp in spans:
        for p in source.pages:
            if sp.start.page <= p.number <= sp.end.page:
                lo = sp.start.line if p.number == sp.start.page else 0
                hi = sp.end.line if p.number == sp.end.page else len(p.lines) - 1
                seen += [(p.number, i) for i in range(lo, hi + 1) if i < len(p.lines)]
    assert seen == [(p.number, i) for p in source.pages for i in range(len(p.lines))]


def test_fictional_text_bundle_in_another_shape():
    text = (FIXTURES / "noordwaarde_bundle.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    s, spans = spans_of(text)
    check_cover(s, spans)
    starts = [sp.start.line + 1 for sp in spans]
    # by reading the fixture: the agenda from line 1; the verslag from its first-page
    # letterhead ("Gemeente Noordwaarde" just above "Bezoekadres"), the running sidebar
    # ("Afdeling Samenleving / Datum") above the besluitenlijst stays with the verslag, and
    # the letterhead in the middle of the verslag starts nothing
    verslag_letterhead = lines.index("Bezoekadres:") - 3 + 1
    assert starts == [1, verslag_letterhead, lines.index("**Besluitenlijst Kernteam Pleegzorg**") + 1,
                      lines.index("## Notitie") + 1]
    assert lines[verslag_letterhead - 1] == "Gemeente Noordwaarde"


def test_single_document_stays_whole():
    text = "Nota\n\nBetreft: iets\nVergaderdatum: 1 mei 2023\n\nDe tekst van de nota.\nNog meer tekst.\n"
    s, spans = spans_of(text)
    assert len(spans) == 1
    assert (spans[0].start.line, spans[0].end.line) == (0, len(text.splitlines()) - 1)


def test_report_without_document_headings_stays_whole():
    text = "# Jaarverslag Jeugdteam\n\n## Inleiding\n\nTekst.\n\n## Resultaten\n\nMeer tekst.\n"
    s, spans = spans_of(text)
    assert len(spans) == 1


def test_meeting_header_without_heading_starts_a_document():
    text = ("Agenda\n\nBetreft: Overleg A\nVergaderdatum: 1 mei 2023\n\n1. Opening\n2. Sluiting\n\n"
            "De secretaris\n\nBetreft: Overleg B\nVergaderdatum: 8 mei 2023\n\n1. Opening\n")
    s, spans = spans_of(text)
    assert [sp.start.line for sp in spans] == [0, text.splitlines().index("Betreft: Overleg B")]
    assert "meeting header" in spans[1].evidence


def test_a_repeated_title_on_a_cover_does_not_split():
    text = ("Verslag van een schriftelijk overleg over de jeugdzorg\n\nJeugdzorg\n\n"
            "Nummer: 2021D0001\nVerslag van een schriftelijk overleg\n\nTekst.\n")
    s, spans = spans_of(text)
    assert len(spans) == 1


def test_bijlagen_after_a_letter_are_documents_but_not_in_a_report():
    letter = ("Brief van de minister van Binnenlandse Zaken\n\nTekst van de brief.\n\n"
              "De minister van Binnenlandse Zaken,\n\nJ. Jansen\n\n"
              "Bijlage 1 – Overzicht van de regio's\n\nTekst.\n\nBijlage 2 – Moties\n\nTekst.\n")
    s, spans = spans_of(letter)
    assert len(spans) == 3
    report = "Jaarrapport\n\nTekst.\n\nBijlage 1 – Overzicht van de regio's\n\nTekst.\n"
    assert len(spans_of(report)[1]) == 1


def test_doc_heading_words():
    assert doc_heading(Line("# agenda"))
    assert doc_heading(Line("VERSLAG"))
    assert doc_heading(Line("## Geannoteerde agenda stuurgroep 3 maart"))
    assert not doc_heading(Line("### Toelichting op agenda"))
    assert not doc_heading(Line("Agendapunten"))
    assert not doc_heading(Line("2. Verslag van 8 maart 2023"))
    assert not doc_heading(Line("Bijlage 1: Mijlpalen ........ 45"))


def test_pdf_page_signals():
    def page(n, texts, has_text=True):
        return Page(n, [Line(t, bbox=(60, 100 + 20 * i, 400, 110 + 20 * i), size=9) for i, t in enumerate(texts)],
                    width=595, height=842, has_text=has_text)

    pages = [
        page(1, ["Aan de bewoners", "Tekst", "Pagina 1 van 2"]),
        page(2, ["Vervolg van de brief", "Pagina 2 van 2"]),
        page(3, ["Een losse mededeling zonder paginanummer"]),  # after 'Pagina 2 van 2'
        page(4, [], has_text=False),  # a scan
        page(5, ["Van: iemand", "Verzonden: maandag", "Aan: iemand anders", "Onderwerp: test"]),
        page(6, ["Tekst van de mail gaat door", "Pagina 2 van 3"]),  # continues: no start
    ]
    s = SourceText(path="/x.pdf", kind="pdf", pages=pages)
    mark_furniture(s)
    spans = segment(s, use_bookmarks=False)
    assert [sp.start.page for sp in spans] == [1, 3, 4, 5]
    assert [sp.end.page for sp in spans] == [2, 3, 4, 6]
    check_cover(s, spans)
    # bookmarks, when used, are strong signals
    s.bookmarks = [Bookmark(1, "a", 1), Bookmark(1, "b", 2)]
    assert 2 in [sp.start.page for sp in segment(s)]


def test_boundary_scores():
    assert boundary_scores([1, 3, 5], [1, 3, 4]) == (2 / 3, 2 / 3)
    assert boundary_scores([10, 50], [12, 50], before=5) == (1.0, 1.0)
    assert boundary_scores([], []) == (1.0, 1.0)


def test_empty_sources():
    assert segment(SourceText(path="/x", kind="text")) == []
    s = SourceText(path="/x", kind="pdf", pages=[Page(1, []), Page(2, [])])
    spans = segment(s)
    assert len(spans) == 1 and spans[0].end.page == 2
