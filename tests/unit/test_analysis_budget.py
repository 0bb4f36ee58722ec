"""A time budget per page in the analysis (issue 16, point 7): one page that makes the
analysis run away costs that page, not the file. The page is reported by number, its text
stays in the source (shown and searched), and the other pages are analysed as usual.

The runaway is made here by swapping a letterhead pattern for an exponential one (every
known real one is linear now: tests/unit/test_regex_fuzz.py); the budgets are made small.
"""

from __future__ import annotations

import re
import signal

import pytest

from zvdj_viewer import budget, pipeline
from zvdj_viewer.understanding import furniture
from zvdj_viewer.understanding.analyse import analyse
from zvdj_viewer.budget import OverBudget, analyse_within_budget, cpu_limit
from zvdj_viewer.model import Line, Page, SourceText

BAD = "a" * 40 + "@"  # (a+)+$ backtracks 2**40 ways on it; the "@" of an e-mail address lets the
# letterhead pre-check (furniture._may_open_block) hand the line to _ORG


@pytest.fixture
def runaway(monkeypatch):
    monkeypatch.setattr(furniture, "_ORG", re.compile(r"^(?:a+)+$"))
    furniture.clean.cache_clear()
    monkeypatch.setattr(budget, "FILE_SECONDS_MIN", 1.0)
    monkeypatch.setattr(budget, "FILE_SECONDS_MAX", 1.0)
    monkeypatch.setattr(budget, "PAGE_SECONDS", 0.3)


def _pdf(pages: list[list[str]]) -> SourceText:
    src = SourceText(path="/fictional/bundel.pdf", kind="pdf")
    for n, texts in enumerate(pages, 1):
        src.pages.append(Page(number=n, lines=[Line(t, bbox=(50, 100 + 14 * i, 500, 112 + 14 * i), size=11)
                                              for i, t in enumerate(texts)], width=595, height=842))
    return src


PAGES = [
    ["Agenda", "Betreft: Stuurgroep Kwispel", "Vergaderdatum: 6 november 2019 10:00-11:00", "1) Opening",
     "2) Verslag vorige vergadering"],
    ["Bijlage bij de agenda", BAD, "Tekst die wel gevonden moet worden: kwispelstaart"],
    ["Nota", "Betreft: Kwispelbeleid", "Vergaderdatum: 6 november 2019", "1 Aanleiding", "Tekst van de nota."],
]


def test_a_runaway_page_is_skipped_and_named(runaway):
    src = _pdf(PAGES)
    with cpu_limit(30):  # before the budget existed this never returned
        docs, problems = analyse_within_budget(src, analyse)
    assert problems == ["page 2: analysis took over 0.3 s; line 2 left out of the analysis "
                        "(the text is kept and searchable)"]
    assert [d.type for d in docs] == ["agenda", "nota"]
    assert docs[0].meeting_date == "2019-11-06" and [i.number for i in docs[0].items] == ["1", "2"]
    assert "kwispelstaart" in docs[0].text  # the skipped page's text is still the document's
    assert src.pages[1].lines[1].text == BAD  # the source keeps it (shown, indexed)


def test_process_file_reports_the_page_and_keeps_the_rest(runaway, tmp_path):
    path = tmp_path / "notulen.md"
    lines = ["# Agenda", "", "Betreft: Stuurgroep Kwispel", "Vergaderdatum: 6 november 2019", "", "1) Opening"]
    lines += [f"Regel {i} van de tekst." for i in range(len(lines), 250)] + [BAD]
    lines += [f"Regel {i}." for i in range(251, 420)] + ["# Nota", "Betreft: Kwispelbeleid", "Tekst."]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with cpu_limit(60):
        result = pipeline.process_file(str(path))
    assert result.error is None
    assert result.problems == [
        "lines 201-400: analysis took over 0.3 s; line 251 left out of the analysis (the text is kept and searchable)"]
    assert [d.type for d in result.documents][:1] == ["agenda"]
    assert result.documents[0].meeting_date == "2019-11-06"
    assert any(BAD in d.text for d in result.documents)


def test_a_file_slow_everywhere_falls_back_to_one_document(monkeypatch, tmp_path):
    monkeypatch.setattr(budget, "FILE_SECONDS_MIN", 0.2)
    monkeypatch.setattr(budget, "FILE_SECONDS_MAX", 0.2)
    monkeypatch.setattr(budget, "PAGE_SECONDS", 0.05)

    def slow_everywhere(source):
        while True:
            sum(range(1000))

    monkeypatch.setattr(pipeline, "analyse", slow_everywhere)
    path = tmp_path / "a.txt"
    path.write_text("Agenda\nTekst\n", encoding="utf-8")
    result = pipeline.process_file(str(path))
    assert result.error is None and len(result.problems) == 1
    assert result.problems[0].startswith("document analysis took too long"), result.problems
    assert len(result.documents) == 1 and "Tekst" in result.documents[0].text


def test_cpu_limit_stops_a_runaway_pattern_and_restores_the_timer():
    with pytest.raises(OverBudget):
        with cpu_limit(0.2):
            re.match(r"^(?:a+)+$", BAD)
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    with cpu_limit(5):  # an inner limit inside an outer one: the outer runs on afterwards
        with cpu_limit(1):
            pass
        assert 0 < signal.getitimer(signal.ITIMER_PROF)[0] <= 5.1  # ticks of a few ms
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
