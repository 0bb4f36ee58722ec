"""The numpy search path (index/fastsearch.py) gives the same documents, pages, page counts
and order as the plain Whoosh path, on an index of fictional pages with several segments,
deleted pages, filters, phrases and boolean queries."""

from __future__ import annotations

import random

import pytest

from zvdj_viewer.index import FullTextIndex, IndexUnit
from zvdj_viewer.index import fastsearch

WORDS = ("gemeente gemeenten jeugdhulp jeugdhulpaanbieders wachttijden pleegzorg gezinshuizen regio aanpak "
         "informele mentor stuurgroep toezegging knelpunten inkoop reële prijzen wijkteams jongeren ouders "
         "de het van een en in op voor met").split()
TYPES = ("agenda", "nota", "verslag")
SERIES = ("BO Rijk-VNG", "Stuurgroep Zorg voor de Jeugd")


def corpus(seed: int, docs: int, prefix: str) -> list[IndexUnit]:
    rnd = random.Random(seed)
    out = []
    for d in range(docs):
        doc_id = f"{prefix}{d}"
        kind = rnd.choice(TYPES)
        date = f"20{rnd.randint(18, 23)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        title = " ".join(rnd.choice(WORDS) for _ in range(4))
        for page in range(1, rnd.randint(1, 6) + 1):
            text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(5, 60)))
            redacted = rnd.random() < 0.2
            if redacted:
                text += " gesprek met [naam] 10.2.e"
            out.append(IndexUnit(doc_id=doc_id, source=f"/archief/{doc_id}.pdf", page=page, line=None, type=kind,
                                 series=rnd.choice(SERIES), date=date, title=title,
                                 redactions=["10.2.e"] if redacted else [], content=text))
    return out


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    index = FullTextIndex(tmp_path_factory.mktemp("fast") / "index")
    # three commits: three segments; then one source replaced and one removed (deleted pages)
    index.update([], corpus(1, 60, "a"))
    index.update([], corpus(2, 60, "b"))
    index.update([], corpus(3, 40, "c"))
    index.update(["/archief/a3.pdf", "/archief/b7.pdf"], corpus(4, 1, "a3"))
    yield index
    index.close()


QUERIES = ["gemeente", "gemeenten regio", "jeugdhulp", "aanbieders", '"regio aanpak"', '"informele mentor"',
           "pleegzorg OR gezinshuizen", "stuurgroep NOT pleegzorg", "informele mentor -wijkteams",
           "type:nota jeugdhulp", "datum:[2019 to 2020] jeugdhulp", "jeugdhulp^3 gemeente", "titel:mentor", "redactie:10.2.e", "10.2.e", "wachttijden AND (inkoop OR prijzen)"]
FILTERS = [{}, {"types": ["nota"]}, {"date_from": "2019-01-01", "date_to": "2021-06-30"},
           {"has_redactions": True}, {"series": ["BO Rijk-VNG"]}, {"types": ["verslag"], "date_from": "2022"}]


def both(ix, query, f, limit=20):
    filt = ix._filter(f.get("types"), f.get("series"), f.get("date_from"), f.get("date_to"), f.get("has_redactions"))
    with ix.ix.searcher() as s:
        q, _ = ix._build(query, s)
        fast = ix._run_fast(s, q, filt, limit, 3)
        slow = ix._run_whoosh(s, q, filt, limit, 3)

    def key(hits):
        return [(h.doc_id, [p.page for p in h.pages], h.page_hit_count, round(h.score, 3)) for h in hits]

    return key(fast), key(slow)


@pytest.mark.parametrize("query", QUERIES)
def test_fast_path_equals_whoosh(ix, query):
    for f in FILTERS:
        fast, slow = both(ix, query, f)
        assert fast == slow, (query, f)
    assert both(ix, query, {})[0], f"no hits for {query!r}: the test corpus should match it"


def test_phrase_with_many_candidates_checks_the_best_first(ix, monkeypatch):
    # below the limit every candidate page is checked; above it the best candidates first,
    # until enough documents have a real phrase hit: the top documents stay the same
    monkeypatch.setattr(fastsearch, "PHRASE_VERIFY_ALL", 3)
    for f in FILTERS:
        fast, slow = both(ix, '"regio aanpak"', f, limit=5)
        assert [d for d, *_ in fast] == [d for d, *_ in slow[:len(fast)]] and len(fast) == len(slow), f


def test_removed_pages_are_not_found(ix):
    hits = ix.search("gemeente", limit=500)
    found = {h.doc_id for h in hits}
    assert "b7" not in found and "a3" not in found and "a30" in found  # a3 was replaced by a30


def test_unsupported_shapes_fall_back_to_whoosh(ix):
    # a query of only a date range has no words to score pages by: the plain path answers it
    with ix.ix.searcher() as s:
        q, _ = ix._build("datum:2020", s)
        with pytest.raises(fastsearch.Unsupported):
            ix._run_fast(s, q, None, 20, 3)
    assert ix.search("datum:2020")  # found through Whoosh


def test_the_doc_id_column_read_at_once_equals_whoosh_s_reading(ix):
    # several segments, a replaced and a removed source: every page number keeps its id
    with ix.ix.searcher() as s:
        r = s.reader()
        assert len(list(r.leaf_readers())) > 1 and r.has_deletions()
        assert fastsearch.doc_ids(r) == list(r.column_reader("doc_id"))
