"""The full-text index on small Dutch texts written for these tests (fictional)."""

from __future__ import annotations

import re

import pytest

from zvdj_viewer.index import FullTextIndex, IndexCorrupt, IndexUnit, QueryError

NOTA = "/archief/nota-maart.pdf"
VERSLAG = "/archief/verslag-juni.pdf"
AGENDA = "/archief/agenda.txt"


def unit(doc_id, source, page, content, **kw) -> IndexUnit:
    base = dict(doc_id=doc_id, source=source, page=page, line=None, type="nota", series="BO Rijk-VNG",
                date="2020-03-10", title="Nota over de hervorming van de jeugdzorg", redactions=[],
                content=content)
    base.update(kw)
    return IndexUnit(**base)


def corpus() -> list[IndexUnit]:
    return [
        # d1: a nota of three pages; page 3 speaks most of the gemeente
        unit("d1", NOTA, 1, "Aanleiding. De minister wil met de VNG afspraken maken over de reële prijzen."),
        unit("d1", NOTA, 2, "Een gemeente koopt zorg in bij jeugdhulpaanbieders. Gesprek met [naam] 10.2.e.",
             redactions=["10.2.e"]),
        unit("d1", NOTA, 3, "Iedere gemeente, en elke gemeente apart, meldt de wachtlijsten. De gemeente betaalt."),
        # d2: a verslag in June
        unit("d2", VERSLAG, 1, "Verslag. De voorzitter opent de vergadering. Gemeenten melden tekorten in het "
             "sociaal domein.", type="verslag", date="2020-06-15", title="Verslag bestuurlijk overleg",
             series="Stuurgroep Zorg voor de Jeugd"),
        unit("d2", VERSLAG, 2, "De Kamerbrief over de Hervormingsagenda wordt besproken. Rondvraag: geen.",
             type="verslag", date="2020-06-15", title="Verslag bestuurlijk overleg",
             series="Stuurgroep Zorg voor de Jeugd", redactions=["5.1.2e"]),
        # d3: an agenda of a text source (units are chunks of lines), an older date
        unit("d3", AGENDA, 1, "1) Opening\n2) Vaststellen agenda\n3) Reële prijzen jeugdhulp", type="agenda",
             date="2019-11-06", title="Agenda BO", line=1),
        unit("d3", AGENDA, 2, "4) Bestuurlijke afspraken over wachtlijsten\n5) Rondvraag", type="agenda",
             date="2019-11-06", title="Agenda BO", line=61),
    ]


@pytest.fixture
def ix(tmp_path):
    index = FullTextIndex(tmp_path / "index")
    index.update([], corpus())
    yield index
    index.close()


def ids(hits) -> list[str]:
    return [h.doc_id for h in hits]


def test_counts_and_empty_directory_is_created(tmp_path):
    index = FullTextIndex(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir() and index.doc_count() == 0 and index.unit_count() == 0
    assert index.search("gemeente") == [] and index.search("") == [] and index.check() == []
    index.update([], corpus())
    assert (index.doc_count(), index.unit_count()) == (3, 7)
    index.close()
    again = FullTextIndex(tmp_path / "a" / "b")  # opens what is there
    assert again.doc_count() == 3 and again.check() == []


def test_dutch_stemming_gemeenten_finds_gemeente(ix):
    assert set(ids(ix.search("gemeenten"))) == {"d1", "d2"}
    assert set(ids(ix.search("gemeente"))) == {"d1", "d2"}
    assert ids(ix.search("vergaderingen")) == ["d2"] and ids(ix.search("tekort")) == ["d2"]


def test_phrase_keeps_word_order(ix):
    assert ids(ix.search('"reële prijzen"')) and set(ids(ix.search('"reële prijzen"'))) == {"d1", "d3"}
    assert ids(ix.search('"prijzen reële"')) == []
    assert ids(ix.search('"opent de vergadering"')) == ["d2"]
    # a typed word of several tokens is a phrase too
    assert ids(ix.search("VNG-afspraken")) == ["d1"] and ids(ix.search("afspraken-VNG")) == []


def test_boolean_and_or_not_default_and(ix):
    assert set(ids(ix.search("wachtlijsten gemeente"))) == {"d1"}  # AND by default
    assert set(ids(ix.search("wachtlijsten AND gemeente"))) == {"d1"}
    assert set(ids(ix.search("voorzitter OR opening"))) == {"d2", "d3"}
    assert set(ids(ix.search("wachtlijsten NOT gemeente"))) == {"d3"}
    # AND and NOT hold for the document, not the page: opening is on page 1, rondvraag on 2
    (d3,) = ix.search("rondvraag opening")  # rondvraag: line 2 of the chunk at 61
    assert d3.doc_id == "d3" and [(p.page, p.line) for p in d3.pages] == [(1, 1), (2, 62)]
    assert ids(ix.search("rondvraag NOT opening")) == ["d2"]
    assert ids(ix.search("(opening OR voorzitter) AND wachtlijsten")) == ["d3"]
    assert set(ids(ix.search("NOT gemeente"))) == {"d3"}
    # a phrase stands on one page
    assert ids(ix.search('"vaststellen agenda"')) == ["d3"] and ids(ix.search('"agenda bestuurlijke"')) == []


def test_prefix_compares_with_the_words_as_written(ix):
    assert set(ids(ix.search("wachtlijst*"))) == {"d1", "d3"}
    assert set(ids(ix.search("hervorming*"))) == {"d1", "d2"}  # title of d1, Hervormingsagenda in d2
    assert set(ids(ix.search("bestuurl*"))) == {"d2", "d3"}


def test_compound_head_finds_the_compound(ix):
    hits = ix.search("aanbieders")
    assert ids(hits) == ["d1"] and "<b>jeugdhulpaanbieders</b>" in hits[0].pages[0].snippet
    # the word itself ranks above a compound that only ends in it
    ix.update([], [unit("d9", "/archief/x.pdf", 1, "Aanbieders zijn er genoeg.")])
    assert ids(ix.search("aanbieders")) == ["d9", "d1"]


def test_field_queries_type_series_redaction_title(ix):
    assert ids(ix.search("type:verslag")) == ["d2"]
    assert set(ids(ix.search("type:Nota OR type:agenda"))) == {"d1", "d3"}
    assert ids(ix.search("series:stuurgroep")) == ["d2"]
    hits = ix.search("redaction:10.2.e")
    assert ids(hits) == ["d1"] and [p.page for p in hits[0].pages] == [2]
    assert ids(ix.search("redactie:5.1.2e")) == ["d2"]  # Dutch field name
    # the ways one code is written find each other
    assert ids(ix.search("redaction:10.2e")) == ids(ix.search("redaction:10.2.E")) == ["d1"]
    assert ids(ix.search("redaction:5.1.2.e")) == ["d2"] and ids(ix.search("redaction:10.2*")) == ["d1"]
    assert set(ids(ix.search("title:verslag"))) == {"d2"}
    assert ids(ix.search("gemeente type:verslag")) == ["d2"]


def test_filters(ix):
    assert ids(ix.search("gemeente", types=["verslag"])) == ["d2"]
    assert ids(ix.search("gemeente", series=["bo rijk-vng"])) == ["d1"]
    assert ids(ix.search("gemeente", types=())) and ids(ix.search("gemeente", series=())) != []
    assert set(ids(ix.search("", has_redactions=True))) == {"d1", "d2"}
    assert ids(ix.search("", has_redactions=False)) == ["d3"]
    # a document counts as redacted on all its pages: page 1 of d1 has no code itself
    assert ids(ix.search("minister", has_redactions=True)) == ["d1"]


def test_date_range_filter_and_query(ix):
    assert ids(ix.search("wachtlijsten", date_from="2020-01-01", date_to="2020-06-30")) == ["d1"]
    assert ids(ix.search("wachtlijsten", date_to="2019-12-31")) == ["d3"]
    assert set(ids(ix.search("", date_from="2020-03-10", date_to="2020-03-10"))) == {"d1"}
    assert set(ids(ix.search("date:[2020-01-01 to 2020-06-30]"))) == {"d1", "d2"}
    assert set(ids(ix.search("date:[2020-01-01 TO 2020-05-31]"))) == {"d1"}
    assert ids(ix.search("date:2019")) == ["d3"]
    assert set(ids(ix.search("series:Rijk-VNG"))) == {"d1", "d3"}  # one word of two tokens: a phrase
    assert ids(ix.search("date:2020-06")) == ["d2"]
    assert ids(ix.search("rondvraag datum:2019-11")) == ["d3"]


def test_empty_query_lists_documents_newest_first(ix):
    ix.update([], [unit("d4", "/archief/zonder-datum.pdf", 1, "Tekst zonder datum.", date=None)])
    hits = ix.search("")
    assert ids(hits) == ["d2", "d1", "d3", "d4"]  # undated last
    assert hits[1].pages[0].page == 1 and hits[1].page_hit_count == 0
    assert ids(ix.search("", types=["agenda", "verslag"], limit=1)) == ["d2"]
    ix.update([], [unit(f"d{n}", f"/archief/{n}.pdf", 1, "Zonder datum.", date=None) for n in (10, 5)])
    assert ids(ix.search(""))[-3:] == ["d4", "d5", "d10"]  # same date: in id order, d5 before d10


def test_results_grouped_per_document_with_best_pages_first(ix):
    hits = ix.search("gemeente")
    d1 = next(h for h in hits if h.doc_id == "d1")
    assert d1.page_hit_count == 2 and [p.page for p in d1.pages] == [3, 2]  # page 3 says it three times
    assert d1.pages[0].score >= d1.pages[1].score and d1.score == d1.pages[0].score
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len(ix.search("gemeente", pages_per_doc=1)[0].pages) == 1
    assert len(ix.search("gemeente", limit=1)) == 1
    d3 = ix.search("vaststellen")  # text source: the line of the hit (the chunk starts at line 1)
    assert [(p.page, p.line) for p in d3[0].pages] == [(1, 2)] and d3[0].type == "agenda"
    assert (d3[0].title, d3[0].date, d3[0].series) == ("Agenda BO", "2019-11-06", "BO Rijk-VNG")


def test_snippets_mark_the_matched_words_and_escape_the_rest(tmp_path):
    index = FullTextIndex(tmp_path / "i")
    index.update([], [unit("d1", NOTA, 1, "Kosten < baten & de Gemeenten betalen; veel gemeentelijke taken.")])
    (hit,) = index.search("gemeente")
    snip = hit.pages[0].snippet
    assert "<b>Gemeenten</b>" in snip and "<b>gemeentelijke</b>" in snip
    assert "&lt; baten &amp; de" in snip
    assert re.sub(r"</?b>", "", snip).count("<") == 0
    # a document found on its title only is found, but none of its pages is a hit
    (hit,) = index.search("title:hervorming")
    assert hit.doc_id == "d1" and hit.pages == [] and hit.page_hit_count == 0


@pytest.mark.parametrize("fast", [True, False])
def test_a_word_of_the_title_makes_only_pages_that_hold_it_hits(tmp_path, monkeypatch, fast):
    """The title is stored on every page: a query word in it made every page a hit, with
    snippets that did not show the word. Only the pages holding it count, each snippet shows
    it (both search paths)."""
    from zvdj_viewer.index import fastsearch

    if not fast:
        def unsupported(*a, **k):
            raise fastsearch.Unsupported("test: the Whoosh path")
        monkeypatch.setattr(fastsearch.Scorer, "scores", unsupported)
    index = FullTextIndex(tmp_path / "i")
    title = "Nota over de hervorming van de jeugdzorg"
    index.update([], [unit("d1", NOTA, 1, "Aanleiding en deelnemers van het overleg."),
                      unit("d1", NOTA, 2, "De hervorming vraagt om afspraken met de gemeenten."),
                      unit("d1", NOTA, 3, "Rondvraag en sluiting."),
                      unit("d1", NOTA, 4, "Wie betaalt de hervorming van de zorg?")])
    for query in ("hervorming", "hervorm*", '"de hervorming"', "hervorming gemeenten"):
        (hit,) = index.search(query)
        assert hit.title == title
        assert sorted(p.page for p in hit.pages) == [2, 4] and hit.page_hit_count == 2, query
        for p in hit.pages:
            assert "<b>" in p.snippet and "hervorming" in p.snippet.lower(), (query, p)
    index.close()


def test_a_text_source_hit_gives_its_own_line(tmp_path):
    index = FullTextIndex(tmp_path / "i")
    chunk = "\n".join(["4) Bestuurlijke afspraken", "", "Toelichting van de voorzitter.", "",
                        "De wachtlijsten in de regio nemen toe.", "5) Rondvraag"])
    index.update([], [unit("d3", AGENDA, 2, chunk, type="agenda", title="Agenda BO", line=61)])
    (hit,) = index.search("wachtlijsten")
    assert [(p.page, p.line) for p in hit.pages] == [(2, 65)]  # line 61 + 4: where the word stands
    assert [p.line for p in index.search("rondvraag")[0].pages] == [66]
    index.close()


def test_update_replaces_a_changed_source_and_removes_a_source(ix):
    assert "d1" in ids(ix.search("wachtlijsten"))
    # the nota changed: one page now, other words; its old pages must be gone
    ix.update([NOTA], [unit("d1", NOTA, 1, "Nieuwe tekst over pleegzorg.")])
    assert "d1" not in ids(ix.search("wachtlijsten")) and ids(ix.search("pleegzorg")) == ["d1"]
    assert (ix.doc_count(), ix.unit_count()) == (3, 5)
    ix.update([VERSLAG, AGENDA], [])
    assert ids(ix.search("")) == ["d1"] and ix.unit_count() == 1
    ix.update(["/not/indexed.pdf"], [])  # removing what is not there is fine
    ix.clear()
    assert (ix.doc_count(), ix.unit_count(), ix.search("pleegzorg")) == (0, 0, [])


def test_query_terms_give_words_to_mark_in_the_viewer(ix):
    # the start the index matched on: "gemeent" marks gemeente, gemeenten, gemeentelijke
    assert ix.query_terms("gemeenten") == ["gemeent"]
    assert ix.query_terms('"reële prijzen" wachtlijst* NOT voorzitter type:nota') == ["reële", "prijz", "wachtlijst"]
    assert ix.query_terms("de rondvraag") == ["rondvraag"]  # stop words match nothing
    # a compound the index matched is named, so the viewer can mark it
    assert ix.query_terms("aanbieders") == ["aanbieder", "jeugdhulpaanbieder"]
    assert ix.query_terms("") == [] and ix.query_terms("date:[nee to ja] overleg") == ["overleg"]


def test_similar_documents_and_text(tmp_path):
    index = FullTextIndex(tmp_path / "i")
    index.update([], [
        unit("a", "/a.pdf", 1, "Pleegzorg en pleegouders: de vergoeding voor pleegouders stijgt, pleegzorg groeit."),
        unit("b", "/b.pdf", 1, "De pleegouders krijgen een hogere vergoeding; pleegzorg blijft nodig."),
        unit("c", "/c.pdf", 1, "De begroting van het ministerie van Financiën en de belastingdienst."),
        unit("d", "/d.pdf", 1, "Belastingdienst en begroting: Financiën wil bezuinigen."),
    ])
    sim = index.similar("a")
    assert sim and sim[0][0] == "b" and "a" not in [d for d, _ in sim]
    assert [d for d, _ in index.similar("c")][:1] == ["d"]
    assert index.similar("bestaat-niet") == []
    assert [d for d, _ in index.similar_text("vergoeding pleegouders", limit=2)] in (["a", "b"], ["b", "a"])
    assert [d for d, _ in index.similar_text("vergoeding pleegouders", exclude_doc="b")][:1] == ["a"]
    assert index.similar_text("") == []


@pytest.mark.parametrize("query", ["gemeente (((", "gemeente AND", "gemeente OR OR", "gemeente ] [",
                                   "type: gemeente"])
def test_a_query_with_stray_operators_falls_back_to_its_words(ix, query):
    assert "d1" in ids(ix.search(query))


@pytest.mark.parametrize("query, says", [
    ("date:2020-13-45", "no such month"), ("gemeente date:2020-02-30", "no such month"),
    ("date:[x to", "no closing ]"), ("date:[foo to bar] gemeente", "not a date: 'foo'"),
    ("date:[2020-01-01 2020-02-01]", "FROM to TO"), ('"gemeente', "not closed"),
    ('gemeente "wachtlijsten"  "jeugd', "not closed"), ("**", "too many words"), ("title:*", "too many words"),
    ("gemeente ?*", "too many words")])
def test_a_malformed_query_says_what_is_wrong_instead_of_searching_something_else(ix, query, says):
    with pytest.raises(QueryError, match=re.escape(says)):
        ix.search(query)


@pytest.mark.parametrize("query", ["date:[2020-01-01 to 2020-06-30]", "date:2020-06", "date:[2020 to]",
                                   "datum:[to 2020-02-29]", "date:20200630", "jeugd*", '"gemeente wachtlijsten"',
                                   "wacht?ijsten"])
def test_well_formed_dates_ranges_phrases_and_wildcards_are_no_error(ix, query):
    ix.search(query)


def test_corrupt_index_is_detected(tmp_path):
    def fresh(name):
        d = tmp_path / name
        index = FullTextIndex(d)
        index.update([], corpus())
        index.close()
        return d

    d = fresh("toc")
    for toc in d.glob("*.toc"):
        toc.write_bytes(b"")
    with pytest.raises(IndexCorrupt, match="cannot be opened"):
        FullTextIndex(d)
    d = fresh("seg")
    for seg in d.glob("*.seg"):
        seg.unlink()
    with pytest.raises(IndexCorrupt, match="damaged"):
        FullTextIndex(d)
    d = fresh("trunc")
    for seg in d.glob("*.seg"):
        seg.write_bytes(seg.read_bytes()[:100])
    with pytest.raises(IndexCorrupt):
        FullTextIndex(d)
    d = fresh("version")
    (d / "zvdj-index-version").write_text("0")
    with pytest.raises(IndexCorrupt, match="another version"):
        FullTextIndex(d)
    # the way out: an empty index in the same place; other files there are left alone
    (d / "notes.txt").write_text("mine")
    index = FullTextIndex.recreate(d)
    assert index.unit_count() == 0 and index.check() == [] and (d / "notes.txt").read_text() == "mine"
    index.update([], corpus())
    assert FullTextIndex(d).doc_count() == 3


def test_markdown_marks_and_accents_do_not_hide_words(tmp_path):
    index = FullTextIndex(tmp_path / "i")
    index.update([], [unit("d1", "/a.txt", 1, "## 4) **Inhaalzorg** en *pleegzorg*\nDe geïnteresseerde ouders.")])
    for q in ("inhaalzorg", "pleegzorg", "geïnteresseerde", "geinteresseerd", "inhaal*"):
        assert ids(index.search(q)) == ["d1"], q
    assert "<b>Inhaalzorg</b>" in index.search("inhaalzorg")[0].pages[0].snippet
    # the stem "geinteresseerd" is not how the word starts: the word itself is given
    assert index.query_terms("geïnteresseerde") == ["geïnteresseerde"]


def test_two_processes_for_a_large_batch_and_search_during_writes(tmp_path):
    import threading

    index = FullTextIndex(tmp_path / "i")
    many = [unit(f"m{i // 4}", f"/m/{i // 40}.pdf", i % 4 + 1, f"Pagina {i} over jeugdzorg en regio {i % 7}.")
            for i in range(1200)]
    index.update([], many, procs=2)
    assert (index.doc_count(), index.unit_count()) == (300, 1200)
    errors: list[BaseException] = []

    def write():
        try:
            for k in range(5):
                index.update(["/m/0.pdf"], [unit("m0", "/m/0.pdf", 1, f"Ronde {k} jeugdzorg.")])
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    t = threading.Thread(target=write)
    t.start()
    while t.is_alive():
        assert len(index.search("jeugdzorg", limit=1000)) >= 290
    t.join()
    assert errors == [] and index.unit_count() == 1200 - 40 + 1 and index.check() == []


def test_listing_when_index_segments_have_no_dated_unit(tmp_path):
    """Whoosh's MultiReader.column_reader drops segments without a date column and then
    reads past its end: listing with an empty query (or a filter only) must not care."""
    index = FullTextIndex(tmp_path / "ix")
    index.update([], [IndexUnit("u1", "/a.txt", 1, None, "nota", None, None, "Een", content="pleegzorg")])
    index.update([], [IndexUnit("u2", "/b.txt", 1, None, "other", None, None, "Twee", content="pleegzorg")])
    assert ids(index.search("")) == ["u1", "u2"]
    assert ids(index.search("", types=["nota"])) == ["u1"]
    index.update([], [IndexUnit("u3", "/c.txt", 1, None, "nota", None, "2021-03-01", "Drie", content="x"),
                      IndexUnit("u4", "/c.txt", 2, None, "nota", None, "2019-03-01", "Vier", content="x")])
    index.update([], [IndexUnit("u5", "/d.txt", 1, None, "agenda", None, None, "Vijf", content="x")])
    index.update([], [IndexUnit("u6", "/e.txt", 1, None, "agenda", None, "2020-03-01", "Zes", content="x")])
    assert ids(index.search("")) == ["u3", "u6", "u4", "u1", "u2", "u5"]  # newest first, undated last
    assert ids(index.search("", types=["nota"])) == ["u3", "u4", "u1"]
    index.update(["/c.txt"], [])  # deletions in a segment with dates
    assert ids(index.search("", types=["nota", "agenda"])) == ["u6", "u1", "u5"]


def test_compound_vocabulary_is_kept_between_processes_and_follows_the_index(tmp_path, monkeypatch):
    """A one-shot `zvdj search` must not read the whole vocabulary again to match compounds:
    the reversed vocabulary is kept beside the index, and an index that changed is never
    matched against the old one."""
    from zvdj_viewer.index import fulltext

    d = tmp_path / "index"
    first = FullTextIndex(d)
    first.update([], corpus())
    assert ids(first.search("aanbieders")) == ["d1"]
    first.close()
    assert (d / fulltext.COMPOUNDS_FILE).is_file()

    again = FullTextIndex(d)  # a new process, as far as the index knows
    calls = []
    import whoosh.reading

    real = whoosh.reading.IndexReader.field_terms
    monkeypatch.setattr(whoosh.reading.IndexReader, "field_terms",
                        lambda self, name: calls.append(name) or real(self, name))
    assert ids(again.search("aanbieders")) == ["d1"] and "content" not in calls  # read from the file
    again.update([], [unit("d7", "brief.md", 1, "Wij spreken zorgaanbieders in de regio.")])
    assert "d7" in ids(again.search("aanbieders"))  # the new compound: the file was built again
    again.close()
