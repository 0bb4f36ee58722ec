"""Document understanding on the real seeds (../shared/seeds), against values read by hand.

Seed 002 is a Woo bundle of 30 documents (agenda, nota, verslag) of 12 meetings. Each entry
below was checked by reading the file: the line of the document's own heading ("# agenda",
"## nota", "# verslag"), its type, and the meeting date and series of its header
("Betreft ... / Vergaderdatum en -tijd ...").
"""

import sys
from pathlib import Path

import pytest

from zvdj_viewer.understanding.analyse import analyse
from zvdj_viewer.understanding.segment import boundary_scores

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fixtures" / "bundles"))
from loaders import load  # noqa: E402

ZVDJ, RV, BGZJ = "BO Zorg voor de Jeugd", "BO Rijk-VNG", "BO Rijk-VNG-BGZJ"
SEED_002 = [  # (heading line, type, meeting date, series)
    (35, "nota", "2019-09-25", ZVDJ),
    (390, "agenda", "2019-11-06", RV), (579, "nota", "2019-11-06", RV), (1003, "verslag", "2019-11-06", RV),
    (1268, "agenda", "2019-11-28", RV), (1351, "nota", "2019-11-28", RV),
    (1532, "agenda", "2019-11-28", ZVDJ),
    (1659, "agenda", "2020-01-30", BGZJ), (1840, "nota", "2020-01-30", BGZJ), (2080, "verslag", "2020-01-30", BGZJ),
    (2292, "agenda", "2020-01-30", RV), (2507, "nota", "2020-01-30", RV), (2969, "verslag", "2020-01-30", RV),
    (3286, "agenda", "2020-02-13", RV), (3363, "nota", "2020-02-13", RV), (3571, "verslag", "2020-02-13", RV),
    (3695, "agenda", "2020-02-13", ZVDJ), (3944, "nota", "2020-02-13", ZVDJ), (4202, "verslag", "2020-02-13", ZVDJ),
    (4507, "agenda", "2020-06-08", BGZJ), (4623, "nota", "2020-06-08", BGZJ), (4913, "verslag", "2020-06-08", BGZJ),
    (5116, "agenda", "2020-06-24", RV), (5243, "nota", "2020-06-24", RV), (5564, "verslag", "2020-06-24", RV),
    (5758, "agenda", "2020-06-24", ZVDJ), (6004, "nota", "2020-06-24", ZVDJ), (6409, "verslag", "2020-06-24", ZVDJ),
    (6719, "agenda", "2020-10-07", RV), (6826, "nota", "2020-10-07", RV),
]
LETTERHEAD_ZONE = 45  # lines a first-page letterhead may take above a heading


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    return {p.name[:3]: p for p in sorted(seeds_dir.glob("*.txt"))}


@pytest.fixture(scope="module")
def docs_002(seeds):
    return analyse(load(seeds["002"]))


def test_002_every_document_on_its_own_with_its_type(docs_002):
    assert len(docs_002) == 30
    for (heading, doc_type, _, _), doc in zip(SEED_002, docs_002):
        assert doc.first_line <= heading <= doc.last_line, (heading, doc.first_line, doc.last_line)
        assert heading - doc.first_line <= LETTERHEAD_ZONE
        assert doc.type == doc_type, (heading, doc.type, doc.type_evidence)
    # spans follow each other without gaps or overlaps
    assert docs_002[0].first_line == 1
    for a, b in zip(docs_002, docs_002[1:]):
        assert b.first_line == a.last_line + 1


def test_002_boundary_precision_recall(docs_002):
    p, r = boundary_scores([d.first_line for d in docs_002], [h for h, *_ in SEED_002], before=LETTERHEAD_ZONE)
    print(f"seed 002 boundaries: precision {p:.2f}, recall {r:.2f}")
    assert (p, r) == (1.0, 1.0)


def test_002_reading_text_leaves_letterhead_out(docs_002):
    for doc in docs_002:
        lines = doc.text.splitlines()
        assert not any(t.strip().strip("*#").strip() in ("Aantal pagina's", "Inlichtingen bij", "Bezoekadres:")
                       for t in lines), doc.first_line
    # but a document's own agenda items stay in
    assert any("Rondvraag" in t for t in docs_002[1].text.splitlines())


def test_002_meeting_dates_and_series(docs_002):
    for (heading, _, date, series), doc in zip(SEED_002, docs_002):
        assert doc.meeting_date == date, (heading, doc.meeting_date)
        assert doc.series == series, (heading, doc.series)
    # two meetings can share a date, but not date and series: 12 meetings
    assert len({(d.meeting_date, d.series) for d in docs_002}) == 12


@pytest.mark.parametrize("seed, expected", [
    # read by hand: 000 opens with "## Geannoteerde Agenda 19e stuurgroep", 001 with "Vijfde
    # voortgangsrapportage", 004 is a Tweede Kamer "Verslag van een schriftelijk overleg"
    ("000", [(1, "geannoteerde_agenda")]),
    ("001", [(1, "voortgangsrapportage")]),
    ("004", [(1, "verslag_schriftelijk_overleg")]),
    # 003: the letter "Brief van de staatssecretaris ..." (signed at line 262), then
    # "Bijlage 1 –" (line 264), "Bijlage 2 –" (536) and "Bijlage 3 –" (727)
    ("003", [(1, "kamerbrief"), (264, "bijlage"), (536, "bijlage"), (727, "bijlage")]),
])
def test_other_seeds_typed_right(seeds, seed, expected):
    docs = analyse(load(seeds[seed]))
    assert [(d.first_line, d.type) for d in docs] == expected
    assert docs[-1].last_line == len(seeds[seed].read_text(encoding="utf-8").splitlines())
