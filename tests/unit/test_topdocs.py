"""The bounded search (index/topdocs.py) gives what scoring every page gives (fastsearch's
full path): the same documents in the same order, pages, page counts, scores to the last bit
and snippets, on fictional pages where the common words stand on more pages than topdocs
scores whole; and it scores only a small part of those pages."""

from __future__ import annotations

import random

import pytest

from zvdj_viewer.index import FullTextIndex, IndexUnit
from zvdj_viewer.index import fastsearch, topdocs

COMMON = "gemeente jeugdhulp regio aanpak wachttijden pleegzorg stuurgroep inkoop".split()
RARE = "netwerkpleegzorg gezinshuizen toezegging knelpunten mentor jeugdhulpaanbieders".split()
FILL = "de het van een en in op voor met dat die wordt zijn over bij".split()
TYPES = ("agenda", "nota", "verslag")


def corpus(seed: int, docs: int, prefix: str) -> list[IndexUnit]:
    """Documents of 1-5 pages with a common word on most pages: full pages, a short last one."""
    rnd = random.Random(seed)
    out: list[IndexUnit] = []
    for doc_id, pages in ((f"{prefix}{d}", rnd.randint(1, 5)) for d in range(docs)):
        kind, title = rnd.choice(TYPES), " ".join(rnd.choices(COMMON + RARE + FILL, k=3))
        date = "%d-%02d-%02d" % (rnd.randint(2018, 2023), rnd.randint(1, 12), rnd.randint(1, 28))
        for page in range(1, pages + 1):
            # full pages and a short last page, as letters and minutes are laid out
            n = rnd.randint(5, 40) if page == pages else rnd.randint(80, 160)
            words = [rnd.choice(COMMON) if r < 0.25 else rnd.choice(RARE) if r < 0.3 else rnd.choice(FILL)
                     for r in (rnd.random() for _ in range(n))]
            lines = [" ".join(words[i:i + 12]) for i in range(0, len(words), 12)]
            codes = ["10.2.e"] * rnd.randint(1, 3) if rnd.random() < 0.6 else []  # an unscored field
            out.append(IndexUnit(doc_id=doc_id, source=f"/archief/{doc_id}.pdf", page=page, line=None, type=kind,
                                 series=None, date=date, title=title, content="\n".join(lines + codes),
                                 redactions=codes))
    return out


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    index = FullTextIndex(tmp_path_factory.mktemp("topdocs") / "index")
    index.update([], corpus(1, 500, "a"))  # two commits: two segments
    index.update([], corpus(2, 500, "b"))
    index.update(["/archief/a3.pdf", "/archief/b7.pdf"], corpus(4, 1, "a3"))  # deleted pages
    # the phrase in a title and, once, on a long page of the same document
    text = " ".join(["de stuurgroep van het overleg"] * 15 + ["over de regio aanpak"] + ["en de inkoop"] * 10)
    index.update([], [IndexUnit(doc_id="z1", source="/archief/z1.pdf", page=p, line=None, type="nota", series=None,
                                date="2021-03-04", title="Regio aanpak voor gemeenten", content=t)
                      for p, t in ((1, text), (2, "Bijlage met de cijfers"))])
    yield index
    index.close()


QUERIES = ["gemeente", "jeugdhulp regio", '"regio aanpak"', "pleegzorg", "stuurgroep inkoop wachttijden",
           "jeugdhulp NOT mentor", "gemeente^2 aanpak", "regio OR inkoop", "aanbieders", "jeugdhulp -regio",
           '"gemeente jeugdhulp" regio', "redactie:10.2.e", "redactie:10.2.e gemeente"]
FILTERS = [{}, {"types": ["nota"]}, {"date_from": "2019-01-01", "date_to": "2021-06-30"},
           {"types": ["agenda"], "date_from": "2022"}]


def run(ix, query, f, limit, bounded: bool):
    filt = ix._filter(f.get("types"), None, f.get("date_from"), f.get("date_to"), None)
    with ix.ix.searcher() as s:
        q, _ = ix._build(query, s)
        if bounded:
            return ix._run_fast(s, q, filt, limit, 3)
        # every page scored, every phrase candidate checked (fastsearch's shortcut for
        # phrases with many candidates leaves out the content part of a page's score in
        # "regio aanpak", whose title phrase is scored too: see the test below)
        saved = topdocs.TopDocs.best, fastsearch.PHRASE_VERIFY_ALL
        topdocs.TopDocs.best, fastsearch.PHRASE_VERIFY_ALL = _unsupported, 10**9
        try:
            return ix._run_fast(s, q, filt, limit, 3)
        finally:
            topdocs.TopDocs.best, fastsearch.PHRASE_VERIFY_ALL = saved


def _unsupported(*a, **k):
    raise fastsearch.Unsupported("test: score every page")


def key(hits):
    return [(h.doc_id, repr(h.score), h.page_hit_count, [(p.page, p.line, repr(p.score), p.snippet) for p in h.pages])
            for h in hits]


@pytest.mark.parametrize("query", QUERIES)
def test_bounded_search_equals_scoring_every_page(ix, query, monkeypatch):
    taken = []
    best = topdocs.TopDocs.best

    def counting(self, *a, **k):
        got = best(self, *a, **k)
        taken.append(query)
        return got

    monkeypatch.setattr(topdocs.TopDocs, "best", counting)
    for f in FILTERS:
        for limit in (5, 20):
            bounded, full = run(ix, query, f, limit, True), run(ix, query, f, limit, False)
            assert key(bounded) == key(full), (query, f, limit)
    assert run(ix, query, {}, 20, True), f"no hits for {query!r}: the test corpus should match it"
    if query != "aanbieders":  # a word of few pages (compounds only): all of them are scored
        assert taken, f"the bounded path did not answer {query!r}"


def test_only_a_small_part_of_the_pages_is_scored(ix, monkeypatch):
    scored = []
    rank = topdocs.TopDocs._rank

    def counting(self, node, doc_q, cand, limit):
        scored.append(len(cand))
        return rank(self, node, doc_q, cand, limit)

    monkeypatch.setattr(topdocs.TopDocs, "_rank", counting)
    with ix.ix.searcher() as s:
        postings = s.reader().doc_frequency("content", "gemeent")
    assert postings > 2 * topdocs.SMALL
    hits = ix.search("gemeente", limit=20)
    assert len(hits) == 20 and scored
    assert max(scored) < 0.2 * postings, (scored, postings)


def test_reading_ids_and_weights_alone_equals_reading_whole_blocks(ix):
    with ix.ix.searcher() as s:
        r = s.reader()
        arrays = fastsearch.Arrays(r)
        leaves = list(r.leaf_readers())
        for word in (b"gemeent", b"jeugdhulp", b"mentor", b"netwerkpleegzorg"):
            whole = fastsearch.postings(arrays, leaves, "content", word, values=True)
            assert fastsearch.postings(arrays, leaves, "content", word) == whole[:2]
            tl = topdocs.TermList(leaves, "content", word)
            live = [(i, t) for i, t in zip(tl.ids, fastsearch.f32(tl.weights)) if arrays.live[i]]
            assert live == list(zip(*whole[:2])) and len(whole[0]) > 0


def test_a_phrase_in_the_title_and_the_text_of_a_page_counts_both_as_whoosh_does(ix):
    # "regio aanpak" is the start of z1's title and stands on its first page: Whoosh adds
    # both phrases' scores on that page; fastsearch's shortcut for phrases with many
    # candidates checked the text phrase only in its own best documents and lost that part
    with ix.ix.searcher() as s:
        q, _ = ix._build('"regio aanpak"', s)
        ours = ix._run_fast(s, q, None, 5, 3)
        whoosh = ix._run_whoosh(s, q, None, 5, 3)
        td = topdocs.TopDocs(fastsearch.Scorer(s, ix._arrays(s)))
        d = td.a.doc_names.index("z1")
        first, second = (td.exact(q, [n]).get(n) for n in td.a.doc_pages()[d])
    assert [(h.doc_id, h.page_hit_count, [p.page for p in h.pages]) for h in ours] == \
        [(h.doc_id, h.page_hit_count, [p.page for p in h.pages]) for h in whoosh]
    assert [round(h.score, 4) for h in ours] == [round(h.score, 4) for h in whoosh]
    z1 = next(h for h in ours if h.doc_id == "z1")
    # page 2 holds the title's phrase only, page 1 both: its score has both parts
    assert [p.page for p in z1.pages] == [1] and first > second + 1 and round(z1.score, 4) == round(first, 4)


def test_postings_kept_between_searches_give_the_same_results_without_reading_blocks(ix, monkeypatch):
    built = []
    init = topdocs.TermList.__init__

    def counting(self, leaves, field, bt, packed=None):
        init(self, leaves, field, bt, packed)
        built.append(((field, bt), packed is not None, len(self.ids)))

    monkeypatch.setattr(topdocs.TermList, "__init__", counting)
    ix._arrays_key = None  # a new index version as far as the searcher's tables go: nothing kept
    first = [key(run(ix, q, f, 20, True)) for q in QUERIES for f in FILTERS]
    firsts = {}
    for k, from_kept, _n in built:
        firsts.setdefault(k, from_kept)
    assert firsts and not any(firsts.values())  # each word read from the blocks the first time
    with ix.ix.searcher() as s:
        kept = ix._arrays(s).term_lists
    assert (("content", b"gemeent") in kept and kept[("content", b"gemeent")].impacts is not None
            and all(len(p.ids) > topdocs.SMALL for p in kept.values()))
    built.clear()
    again = [key(run(ix, q, f, 20, True)) for q in QUERIES for f in FILTERS]
    assert again == first  # phrases included: their positions are read again from the file
    long = [(k, from_kept) for k, from_kept, n in built if n > topdocs.SMALL]
    assert long and all(from_kept for _k, from_kept in long), long


def test_the_postings_kept_are_bounded(ix, monkeypatch):
    monkeypatch.setattr(fastsearch, "KEPT_POSTINGS", 3 * topdocs.SMALL)
    ix._arrays_key = None
    for q in ("gemeente", "jeugdhulp", "regio", "aanpak", "wachttijden", "pleegzorg") * 2:  # kept when searched again
        ix.search(q, limit=5)
    with ix.ix.searcher() as s:
        a = ix._arrays(s)
    sizes = [len(p.ids) for p in a.term_lists.values()]
    assert sizes and (sum(sizes) <= 3 * topdocs.SMALL or len(sizes) == 1), sizes
    assert a._kept_total == sum(sizes)


def test_a_word_is_kept_from_its_second_search_on(ix):
    ix._arrays_key = None
    ix.search("gemeente", limit=5)
    with ix.ix.searcher() as s:
        a = ix._arrays(s)
    assert ("content", b"gemeent") not in a.term_lists  # searched once: nothing packed
    ix.search("gemeente", limit=5)
    assert ("content", b"gemeent") in a.term_lists
    a.forget()
    assert not a.term_lists and not a._kept_total


def test_dates_read_at_once_equal_the_column_read_value_by_value(ix, tmp_path):
    with ix.ix.searcher() as s:
        got = fastsearch.Arrays(s.reader()).dates(s.reader())
        raw = []
        for leaf, _off in s.reader().leaf_readers():
            col = leaf.column_reader("date", translate=False) if leaf.has_column("date") else None
            raw += [int(col[i]) if col is not None else fastsearch.NO_DATE for i in range(leaf.doc_count_all())]
    pages = sorted((i for i, d in enumerate(raw) if d != fastsearch.NO_DATE), key=raw.__getitem__)
    assert got == ([raw[i] for i in pages], pages) and len(pages) > 1000
    # pages past the last value written (a batch whose last pages have no date) get the default
    undated = FullTextIndex(tmp_path / "undated")
    undated.update([], [IndexUnit(doc_id="d1", source="/d1", page=p, line=None, type="nota", series=None,
                                  date="2020-01-02" if p == 1 else None, title="t", content="jeugdhulp")
                        for p in (1, 2, 3)])
    with undated.ix.searcher() as s:
        leaf = s.reader().leaf_readers()[0][0]
        col = leaf.column_reader("date", translate=False)
        assert fastsearch.leaf_dates(col, 3) == [int(col[i]) for i in range(3)]
    undated.close()
