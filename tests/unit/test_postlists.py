"""Long posting lists kept as arrays beside Whoosh's (index/postlists.py): written with each
segment, read back exactly as Whoosh's blocks hold them, used by the first search of a word,
and left out (Whoosh's blocks read instead) for segments without them: the same results."""

from __future__ import annotations

import pytest

from zvdj_viewer.index import FullTextIndex, fastsearch, postlists, topdocs

from test_topdocs import FILTERS, QUERIES, corpus, key, run  # tests/unit is on the path (no package)


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    index = FullTextIndex(tmp_path_factory.mktemp("postlists") / "index")
    index.update([], corpus(1, 500, "a"))  # two commits: two segments
    index.update([], corpus(2, 500, "b"), procs=2)  # and segments written by two processes
    index.update(["/archief/a3.pdf", "/archief/b7.pdf"], corpus(4, 1, "a3"))  # deleted pages
    yield index
    index.close()


def _whoosh_postings(leaf, field, bt):
    m = fastsearch._raw_matcher(leaf, field, bt)  # deleted pages included, as the arrays hold them
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return ids, weights


def test_every_long_list_reads_back_as_whoosh_holds_it(ix):
    with ix.ix.searcher() as s:
        assert len(list(s.reader().leaf_readers())) >= 3
    assert _lists_read_back_as_whoosh_holds_them(ix) > 20


def _lists_read_back_as_whoosh_holds_them(ix) -> int:
    """Checks every list of every segment; the number of lists the arrays hold."""
    with ix.ix.searcher() as s:
        leaves = list(s.reader().leaf_readers())
        stored = 0
        for leaf, off in leaves:
            lists = postlists.lists_of(leaf)
            if leaf.doc_count_all() >= postlists.MIN_POSTINGS:  # (a small segment has no long list)
                assert lists is not None, f"no {postlists.EXT} file in segment {leaf._segment}"
            for field in leaf.indexed_field_names():
                for bt in leaf.lexicon(field):
                    got = postlists.read(leaf, off, field, bt)
                    n = leaf.doc_frequency(field, bt)
                    if n < postlists.MIN_POSTINGS or field in postlists.SKIP_FIELDS or lists is None:
                        assert got is None, (field, bt)
                        continue
                    ids, weights = _whoosh_postings(leaf, field, bt)
                    assert got is not None, (field, bt)
                    assert got[0] == [off + i for i in ids] and got[1] == weights, (field, bt)
                    assert all(type(w) is float for w in got[1])
                    stored += 1
    return stored


def test_a_merged_segment_keeps_its_long_lists_too(tmp_path, monkeypatch):
    # Whoosh merges segments (and writes a batch that went to disk) through its own path
    index = FullTextIndex(tmp_path / "index")
    try:
        index.update([], corpus(6, 300, "e"))
        index.update(["/archief/e2.pdf"], corpus(7, 300, "f"))
        index.ix.optimize()  # one segment, made by add_reader and Whoosh's flush
        index._drop_searcher()
        with index.ix.searcher() as s:
            (leaf, _off), = s.reader().leaf_readers()
            assert postlists.lists_of(leaf) is not None
        assert _lists_read_back_as_whoosh_holds_them(index) > 10
        hits = key(index.search("gemeente jeugdhulp", limit=20))
        monkeypatch.setattr(postlists, "read", lambda *a: None)
        index._arrays_key = None
        assert hits and key(index.search("gemeente jeugdhulp", limit=20)) == hits
    finally:
        index.close()


def test_the_first_search_of_a_common_word_reads_no_whoosh_block(ix, monkeypatch):
    read = []
    records = fastsearch.block_records

    def counting(m):  # the number of postings of each list read from Whoosh's blocks
        got = list(records(m))
        read.append(sum(info[0] for info, _data in got))
        return iter(got)

    monkeypatch.setattr(fastsearch, "block_records", counting)
    ix._arrays_key = None  # nothing kept from earlier searches
    with ix.ix.searcher() as s:
        assert s.reader().doc_frequency("content", "gemeent") > 2 * topdocs.SMALL
    assert ix.search("gemeente", limit=20)
    assert max(read, default=0) < postlists.MIN_POSTINGS  # short lists only (of the small segments)
    read.clear()
    assert ix.search('"regio aanpak"', limit=20)  # a phrase reads its positions from the blocks
    assert max(read) >= postlists.MIN_POSTINGS


@pytest.mark.parametrize("query", QUERIES)
def test_results_are_those_of_reading_whoosh_blocks(ix, query, monkeypatch):
    for bounded in (True, False):
        for f in FILTERS:
            ix._arrays_key = None
            with_lists = key(run(ix, query, f, 20, bounded))
            with monkeypatch.context() as m:
                m.setattr(postlists, "read", lambda *a: None)  # a segment without the file
                ix._arrays_key = None
                without = key(run(ix, query, f, 20, bounded))
            assert with_lists == without, (query, f, bounded)


def test_a_segment_without_the_file_or_with_a_damaged_one_is_read_from_whoosh(tmp_path, monkeypatch):
    index = FullTextIndex(tmp_path / "index")
    try:
        with monkeypatch.context() as m:
            m.setattr(postlists, "write", lambda *a: None)  # as an index written before
            index.update([], corpus(3, 300, "c"))
        index.update([], corpus(5, 300, "d"))
        with index.ix.searcher() as s:
            have = [postlists.lists_of(leaf) is not None for leaf, _off in s.reader().leaf_readers()]
        assert have == [False, True]
        hits = key(index.search("gemeente jeugdhulp", limit=20))
        with monkeypatch.context() as m:
            m.setattr(postlists, "read", lambda *a: None)
            index._arrays_key = None
            assert key(index.search("gemeente jeugdhulp", limit=20)) == hits
    finally:
        index.close()
    with pytest.raises(ValueError):
        postlists.Lists(b"ZPLx" + bytes(8))
    ids = list(range(postlists.MIN_POSTINGS))
    data = postlists.encode({"content": {b"a": (ids, [1.0] * len(ids), [None] * len(ids))}})
    assert postlists.Lists(data).get("content", b"a", 0, len(ids)) == (ids, [1.0] * len(ids))
    assert postlists.Lists(data[:-1]).get("content", b"a", 0, len(ids)) is None  # cut short


def test_lists_of_numbers_other_than_floats_are_left_to_whoosh():
    ids = list(range(0, 3 * postlists.MIN_POSTINGS, 3))
    floats = [float(1 + i % 7) for i in ids]
    grouped = {"content": {b"a": (ids, floats, [None] * len(ids)),
                           b"b": (ids, [1 + i % 7 for i in ids], [None] * len(ids)),  # ints
                           b"c": (ids, [0.1 * i for i in ids], [None] * len(ids)),  # float64
                           b"d": (ids[:10], floats[:10], [None] * 10)},  # short
               "words": {b"a": (ids, floats, [None] * len(ids))}}
    lists = postlists.Lists(postlists.encode(grouped))
    assert set(lists.directory) == {"content"} and set(lists.directory["content"]) == {b"a", b"c"}
    assert lists.get("content", b"a", 7, len(ids)) == ([7 + i for i in ids], floats)
    assert lists.get("content", b"c", 0, len(ids)) == (ids, [0.1 * i for i in ids])
    assert lists.get("content", b"a", 0, len(ids) - 1) is None  # not Whoosh's count
    wide = [0, 300, 70000]  # gaps over a byte, ids over two bytes
    wide_ids = wide + list(range(70001, 70001 + postlists.MIN_POSTINGS))
    w = [2.5] * len(wide_ids)
    lists = postlists.Lists(postlists.encode({"title": {b"x": (wide_ids, w, [None] * len(w))}}))
    assert lists.directory["title"][b"x"][3] == "I" and lists.get("title", b"x", 0, len(w)) == (wide_ids, w)


def _groups_hold_whoosh_postings_by_count_and_length(ix) -> int:
    """Checks the impact groups of every long list against Whoosh's postings and the
    segment's length column; the number of lists with groups."""
    grouped = 0
    with ix.ix.searcher() as s:
        for leaf, _off in s.reader().leaf_readers():
            lists = postlists.lists_of(leaf)
            for field in (lists.directory if lists is not None else {}):
                lens = postlists.length_bytes(leaf._perdoc, field, leaf.doc_count_all())
                for bt, entry in lists.directory[field].items():
                    got = postlists.read_groups(leaf, field, bt)
                    if entry[4] != "B":  # counts that are not whole numbers 0-255: no groups
                        assert got is None
                        continue
                    assert got is not None, (field, bt)
                    keys, sizes, code, raw = got
                    ids = postlists.ids_array(code, raw)
                    by_key: dict[int, list[int]] = {}
                    for d, w in zip(*_whoosh_postings(leaf, field, bt)):
                        by_key.setdefault(int(w) * 256 + (lens[d] if lens else 0), []).append(d)
                    assert list(keys) == sorted(by_key) and list(sizes) == [len(by_key[k]) for k in keys]
                    assert list(ids) == [d for k in keys for d in by_key[k]], (field, bt)
                    grouped += 1
    return grouped


def test_every_long_list_keeps_its_postings_grouped_by_count_and_page_length(ix):
    assert _groups_hold_whoosh_postings_by_count_and_length(ix) > 20


def test_a_merged_segment_keeps_its_groups_too(tmp_path):
    index = FullTextIndex(tmp_path / "index")
    try:
        index.update([], corpus(6, 300, "e"))
        index.update([], corpus(7, 300, "f"))
        index.ix.optimize()  # Whoosh's own flush (postlists.flush_collecting)
        index._drop_searcher()
        assert _groups_hold_whoosh_postings_by_count_and_length(index) > 10
    finally:
        index.close()


@pytest.mark.parametrize("query", QUERIES)
def test_results_are_those_of_grouping_the_postings_at_search_time(ix, query, monkeypatch):
    # a segment without groups (written before them) has its postings grouped by the search
    for f in FILTERS:
        ix._arrays_key = None
        with_groups = key(run(ix, query, f, 20, True))
        with monkeypatch.context() as m:
            m.setattr(postlists, "read_groups", lambda *a: None)
            ix._arrays_key = None
            without = key(run(ix, query, f, 20, True))
        assert with_groups == without, (query, f)


def test_groups_of_a_list_by_count_and_length_byte():
    ids = list(range(0, 2 * postlists.MIN_POSTINGS, 2))
    counts = [float(1 + i % 3) for i in ids]
    lens = bytes(i % 5 for i in range(ids[-1] - 10))  # the last pages past the column: byte 0
    data = postlists.encode({"content": {b"a": (ids, counts, [None] * len(ids))}}, lambda field: lens)
    keys, sizes, code, raw = postlists.Lists(data).groups("content", b"a", len(ids))
    want: dict[int, list[int]] = {}
    for d, c in zip(ids, counts):
        want.setdefault(int(c) * 256 + (lens[d] if d < len(lens) else 0), []).append(d)
    assert list(keys) == sorted(want) and list(sizes) == [len(want[k]) for k in sorted(want)]
    assert list(postlists.ids_array(code, raw)) == [d for k in sorted(want) for d in want[k]]
    assert postlists.Lists(data).get("content", b"a", 0, len(ids)) == (ids, counts)  # the lists as before
    assert postlists.Lists(data[:-1]).groups("content", b"a", len(ids)) is None  # cut short
    plain = postlists.encode({"content": {b"a": (ids, counts, [None] * len(ids))}})  # no lengths: no groups
    assert postlists.Lists(plain).groups("content", b"a", len(ids)) is None
