"""index/fastwrite.py writes exactly the postings Whoosh's own analysis would: every field's
terms, documents, weights and encoded positions, and the field lengths, are compared
between an index written with the one-loop analysis and one written the Whoosh way."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from zvdj_viewer.index import FullTextIndex, IndexUnit
from zvdj_viewer.index import fastwrite
from zvdj_viewer.index.schema import surface_analyzer, text_analyzer

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "002_21f9ad83fa68324c.txt"

# hard cases: stop words first and last, capitals, a Turkish dotted capital (lowercases to
# two characters), sharp s, codes with dots, digits, apostrophes, markdown, a run of stop words
ODD = ["De en het van gemeenten", "Gemeenten GEMEENTEN gemeentelijke", "İstanbul straße STRASSE",
       "10.2.e 5.1.2e art. 10, lid 2 onder e", "'s-Gravenhage d.d. 25-09-2020 om 15.00 uur",
       "**vet** _schuin_ # Kop", "en de het een van in op", "", "   ", "a b c d", "jeugdhulp " * 40,
       "ﬁnanciering ﬂexibel", "Zorg voor de Jeugd (ZvdJ): informele mentor; 31839-728"]


def units(seed: int) -> list[IndexUnit]:
    rnd = random.Random(seed)
    texts = list(ODD)
    if SEED.exists():  # real minutes and notas: the vocabulary the archive is made of
        lines = SEED.read_text(encoding="utf-8").splitlines()
        texts += ["\n".join(lines[i:i + 40]) for i in range(0, min(len(lines), 4000), 40)]
    words = " ".join(texts).split() or ["leeg"]
    texts += [" ".join(rnd.choice(words) for _ in range(rnd.randint(0, 80))) for _ in range(60)]
    out = []
    for n, text in enumerate(texts):
        title = " ".join(rnd.choice(words) for _ in range(rnd.randint(0, 6)))
        out.append(IndexUnit(doc_id=f"d{n // 3}", source=f"/a/{n // 3}.pdf", page=n % 3 + 1, line=None,
                             type="nota", series="BO Rijk-VNG", date="2020-09-25", title=title,
                             redactions=["10.2.e"] if "10.2.e" in text else [], content=text))
    return out


def postings(ix: FullTextIndex) -> dict:
    out = {}
    with ix.ix.searcher() as s:
        r = s.reader()
        for fieldname, btext, docnum, weight, value in r.iter_postings():
            out[(fieldname, btext, docnum)] = (weight, value)
        lengths = {(f, d): r.doc_field_length(d, f) for f in ("content", "title") for d in range(r.doc_count_all())}
    return {"postings": out, "lengths": lengths}


class whoosh_itself:
    """Every field analysed, every posting added and written by Whoosh's own code."""

    def __enter__(self):
        from whoosh.codec import base

        self.saved = fastwrite.fast_index, base.FieldWriter.add_postings
        fastwrite.fast_index = lambda *a, **k: None
        fastwrite.ENABLED = False  # add_document and add_postings: Whoosh's
        base.FieldWriter.add_postings = fastwrite._add_postings

    def __exit__(self, *exc):
        from whoosh.codec import base

        fastwrite.fast_index, base.FieldWriter.add_postings = self.saved
        fastwrite.ENABLED = True


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    data = units(3)
    fast = FullTextIndex(tmp_path_factory.mktemp("fast"))
    fast.update([], data)
    slow = FullTextIndex(tmp_path_factory.mktemp("slow"))
    with whoosh_itself():
        slow.update([], data)
    yield postings(fast), postings(slow)
    fast.close()
    slow.close()


def segment_files(ix: FullTextIndex) -> list[dict[str, bytes]]:
    """Per segment, in order, the bytes of each of its files (by extension: the names hold
    the segment's random id)."""
    out = []
    for seg in ix.ix._segments():
        cf = seg.open_compound_file(ix.ix.storage)
        out.append({name.split(".", 1)[1]: cf.open_file(name).read() for name in cf.list()
                    if not name.endswith(".zpl")})  # the search's arrays (postlists.py: test_postlists.py)
        cf.close()
    return out


def test_listwise_adding_and_inline_writing_give_the_same_segment_files(tmp_path):
    """The writer's list-wise add_document and one-loop add_postings (fastwrite.ENABLED)
    write the same bytes as Whoosh's own methods: postings, term table, stored fields,
    lengths, columns; also when later updates delete units and merge segments."""
    data = units(7)
    batches = [data[:40], data[40:90], data[90:]]
    out = {}
    for name in ("fast", "slow"):
        ix = FullTextIndex(tmp_path / name)
        if name == "slow":
            with whoosh_itself():
                for i, b in enumerate(batches):
                    ix.update(["/a/1.pdf"] if i == 2 else [], b)
        else:
            for i, b in enumerate(batches):
                ix.update(["/a/1.pdf"] if i == 2 else [], b)
        out[name] = (segment_files(ix), postings(ix))
        ix.close()
    fast, slow = out["fast"], out["slow"]
    assert sum(len(f.get("pst", b"")) for f in slow[0]) > 10_000
    assert fast[0] == slow[0]
    assert fast[1] == slow[1]


def test_same_postings_and_lengths(both):
    fast, slow = both
    assert len(slow["postings"]) > 1000
    assert fast["postings"].keys() == slow["postings"].keys()
    diff = [k for k in slow["postings"] if fast["postings"][k] != slow["postings"][k]]
    assert not diff, diff[:5]
    assert fast["lengths"] == slow["lengths"]


@pytest.mark.parametrize("analyzer", [text_analyzer(), surface_analyzer()])
@pytest.mark.parametrize("text", ODD)
def test_positions_as_whoosh_numbers_them(analyzer, text):
    plan = fastwrite.plan_for(analyzer)
    assert plan is not None
    tokens = [(t.text, t.pos) for t in analyzer(text, positions=True, mode="index")]
    pos, mine = None, []
    for i, w in enumerate(plan.tokens(text)):
        if plan.terms[w] is not None:
            pos = i if (pos is None or not plan.renumber) else pos + 1
            mine.append((plan.terms[w], pos))
    assert mine == tokens


@pytest.mark.parametrize("title", ["", "art.", "Nota 10.2.", "de", "Zorg voor de Jeugd"])
@pytest.mark.parametrize("text", ODD)
def test_a_joined_text_has_its_parts_tokens(title, text):
    """The words field (title and content, fastwrite.Joined) is tokenised from its parts'
    tokens: the same tokens as the joined text itself, also where a part ends in a dot."""
    plan = fastwrite.plan_for(surface_analyzer())
    assert plan is not None and plan.stays_in_runs
    seen: list = []
    assert fastwrite._tokens(plan, text, seen) == plan.tokens(text)
    joined = fastwrite.Joined((title, text))
    assert joined == title + "\n" + text
    assert fastwrite._tokens(plan, joined, seen) == plan.tokens(title + "\n" + text)


def test_tokens_are_taken_from_parts_only_where_words_cannot_reach_over_them():
    runs = fastwrite._stays_in_runs
    assert runs(r"\w+(?:\.?\w+)*") and runs(r"\w+")
    assert not runs(r"\w+(?:\s\w+)*") and not runs(r"\S+") and not runs(r"\b\w+") and not runs(r"[\w-]+")
    assert not runs(r"\w+.\w+")  # an unescaped dot takes the line break
    plan = fastwrite.plan_for(fastwrite.RegexTokenizer(r"\w+(?:\s\w+)?") | fastwrite.LowercaseFilter())
    assert plan is not None and not plan.stays_in_runs
    # a word that takes the line break: tokenised as the joined text, not from the parts
    assert fastwrite._tokens(plan, fastwrite.Joined(("a", "b")), []) == ["a\nb"] == plan.tokens("a\nb")


def test_other_analyzers_are_left_to_whoosh():
    from whoosh.analysis import NgramFilter, RegexTokenizer, StandardAnalyzer

    assert fastwrite.plan_for(RegexTokenizer() | NgramFilter(2)) is None
    assert fastwrite.plan_for(StandardAnalyzer()) is not None  # tokenizer | lowercase | stop words


def test_lengths_asked_once_give_the_same_segment(tmp_path):
    """_LengthsOnce (field lengths remembered while a segment's postings are written) gives
    the same postings and the same per-term statistics (min/max length, max weight, counts)
    as Whoosh asking its reader for every posting."""
    from whoosh.codec import base

    data = units(5)
    once = FullTextIndex(tmp_path / "once")
    every = FullTextIndex(tmp_path / "every")
    patched = base.FieldWriter.add_postings
    fastwrite.ENABLED = False  # the pool and add_postings path (not the grouped writing)
    try:
        once.update([], data)
        base.FieldWriter.add_postings = fastwrite._add_postings  # Whoosh's own
        every.update([], data)
    finally:
        base.FieldWriter.add_postings = patched
        fastwrite.ENABLED = True

    def stats(ix):
        out = {}
        with ix.ix.searcher() as s:
            r = s.reader()
            for fieldname, btext in r.all_terms():
                ti = r.term_info(fieldname, btext)
                out[(fieldname, btext)] = (ti.weight(), ti.doc_frequency(), ti.min_length(), ti.max_length(),
                                           ti.max_weight())
        return out

    a, b = stats(once), stats(every)
    assert len(a) > 1000 and any(v[2] for v in a.values())  # content/title terms carry lengths
    assert a == b
    assert postings(once) == postings(every)
    once.close()
    every.close()


@pytest.mark.parametrize("poslist", [[], [0], [3], [0, 1, 2], [5, 9, 200, 70000, 70001], list(range(0, 3000, 7))])
def test_positions_encoded_as_whoosh_encodes_them(poslist):
    from whoosh import formats

    assert fastwrite._encode_positions(poslist) == formats.Positions().encode(poslist)


def _written_both_ways(tmp_path, batches, removes=()) -> dict:
    out = {}
    for name in ("fast", "slow"):
        ix = FullTextIndex(tmp_path / name)
        with (whoosh_itself() if name == "slow" else _nothing()):
            for i, b in enumerate(batches):
                ix.update(list(removes) if i == len(batches) - 1 else [], b)
        out[name] = (segment_files(ix), postings(ix))
        ix.close()
    return out


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


def test_grouped_postings_fill_several_blocks_as_whoosh_does(tmp_path):
    """Terms with more postings than a block holds (128): the grouped writing cuts the
    blocks where add_posting does, with the same statistics per block."""
    data = units(11) * 3  # every term of the texts on three times as many units
    out = _written_both_ways(tmp_path, [data])
    with FullTextIndex(tmp_path / "fast").ix.searcher() as s:
        r = s.reader()
        most = max(r.doc_frequency(f, t) for f, t in r.all_terms() if f == "content")
    assert most > 2 * 128  # three blocks or more
    assert out["fast"] == out["slow"]


def test_grouped_pool_spilled_to_disk_gives_the_same_segment(tmp_path, monkeypatch):
    """A batch larger than the writer's memory limit goes to run files on disk, as Whoosh's
    pool does; the segment written from them is the same."""
    from zvdj_viewer.index import fulltext

    monkeypatch.setattr(fulltext, "WRITER_LIMIT_MB", 1)
    spilled = []
    save = fastwrite.GroupedPool.save

    def counting_save(self):
        spilled.append(len(self.grouped))
        save(self)

    monkeypatch.setattr(fastwrite.GroupedPool, "save", counting_save)
    data = units(13) * 4
    out = _written_both_ways(tmp_path, [data])
    assert any(spilled)  # the grouped postings did go to disk
    assert out["fast"] == out["slow"]


def test_repeated_values_and_merged_segments_as_whoosh(tmp_path):
    """Document-level values repeated on every unit (remembered per segment) and a later
    batch that deletes units and merges the earlier segments into its own: the same bytes."""
    data = units(17)
    for u in data:  # a few types and series over many units
        u.type = ("nota", "agenda", "verslag")[len(u.content) % 3]
        u.series = ("BO Rijk-VNG", None, "Stuurgroep ZvdJ")[len(u.title) % 3]
    batches = [data[i:i + 7] for i in range(0, len(data), 7)]
    out = _written_both_ways(tmp_path, batches, removes=["/a/2.pdf", "/a/5.pdf"])
    assert out["fast"] == out["slow"]


@pytest.mark.parametrize("weights", [[], [1.0], [1.0, 1.0], [2.0, 2.0], [2.0, 1.0], [1.0, 2.0], [0.5, 0.5, 0.25],
                                     [float("nan"), float("nan")], [3.0]])
@pytest.mark.parametrize("ids", [[0], [5], [0, 1, 2], [3, 7, 8, 100, 4_000_000_000]])
def test_block_ids_and_weights_made_small_as_whoosh_does(ids, weights):
    from array import array
    from types import SimpleNamespace

    block = SimpleNamespace(_ids=array("I", ids), _weights=array("f", weights), _byteids=False)
    assert fastwrite._mini_ids(block) == fastwrite._whoosh_mini_ids(block)
    got, want = fastwrite._mini_weights(block), fastwrite._whoosh_mini_weights(block)
    assert type(got) is type(want) and repr(got) == repr(want)
    byte = SimpleNamespace(_ids=[b"a", b"b"], _byteids=True)
    assert fastwrite._mini_ids(byte) == fastwrite._whoosh_mini_ids(byte)


def test_field_lengths_read_at_once_as_whoosh_answers_them(tmp_path):
    """fastwrite._field_lengths (a segment's length column read in one go, for writing the
    segment's postings) answers, for every document and field, what doc_field_length
    answers: lengths of scored fields (also past 255 words, where the byte is lossy), the
    default for a field without lengths, None for a document without the field."""
    data = units(11)
    data.append(IndexUnit(doc_id="dlong", source="/a/long.pdf", page=1, line=None, type="nota", series=None,
                          date=None, title="", content="jeugdhulp gemeenten " * 700))
    ix = FullTextIndex(tmp_path / "ix")
    ix.update([], data)
    reader = ix.ix.reader()
    pdr = reader._perdoc  # the segment's per-document reader (as a segment's writing asks it)
    n = pdr.doc_count_all()
    checked = 0
    for fieldname in ("content", "title", "words", "doc_id", "series"):
        got = fastwrite._field_lengths(pdr, fieldname, n)
        assert got == [pdr.doc_field_length(d, fieldname) for d in range(n)], fieldname
        checked += sum(1 for v in got if v)
    assert checked > len(data)  # lengths were there to compare
    assert max(v or 0 for v in fastwrite._field_lengths(pdr, "content", n)) > 1000
    reader.close()
    ix.close()
