"""Faster writing of the Whoosh index: the same postings, less Python per posting.

Whoosh-Reloaded's pure-Python writer is the largest cost of indexing after reading the
PDFs. What is here changes how the postings are computed, never what they are
(tests/unit/test_fastwrite.py compares every posting with Whoosh's own path).
"""

from __future__ import annotations

import operator
import pickle
import re
from datetime import datetime
from collections.abc import Iterable
from itertools import chain

from whoosh import columns, fields, formats, writing
from whoosh.analysis import CompositeAnalyzer, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.codec import base, whoosh3
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length

from . import postlists

# -- length columns that do not exist -------------------------------------------------------
# When a segment is flushed, Whoosh asks for each posting the document's field length
# (for BM25 block statistics). For a field without lengths (ID, KEYWORD with scorable=False,
# the `words` field) the per-document reader answers None *without remembering it*, after
# asking the file system whether the column file exists: one stat() per posting, ~15 % of
# the writer's time. A segment's files never change once written, so a miss can be kept.
_cached_reader = whoosh3.W3PerDocReader._cached_reader


def _cached_reader_remembering_misses(self, fieldname, column):
    missing = self.__dict__.setdefault("_zvdj_no_column", set())
    if fieldname in missing:
        return None
    reader = _cached_reader(self, fieldname, column)
    if reader is None:
        missing.add(fieldname)
    return reader


if getattr(whoosh3.W3PerDocReader._cached_reader, "__name__", "") != "_cached_reader_remembering_misses":
    whoosh3.W3PerDocReader._cached_reader = _cached_reader_remembering_misses


# -- field lengths asked once per document, not once per posting -----------------------------
# Flushing a segment (or merging) passes every posting through FieldWriter.add_postings, which
# asks the per-document reader for the posting's document field length: four Python calls
# and a file read per posting, ~140 per page, for ~2 distinct (document, field) pairs per
# page. The answers of a written segment never change, so they are remembered for the one
# add_postings run (never for searching, whose readers ask for a few documents only).


_UNKNOWN = object()


class _LengthsOnce:
    """The per-document reader as add_postings uses it (truth value, doc_field_length),
    each answer remembered. Postings come field by field, so only the current field's
    answers are kept: one slot per document (8 bytes; 0.8 MB at 100,000 pages)."""

    def __init__(self, lengths):
        self._lengths = lengths
        ask = lengths.doc_field_length
        size = lengths.doc_count_all() + 1
        field: list = [None]
        known: list = []

        def doc_field_length(docnum, fieldname):
            nonlocal known
            if fieldname != field[0]:
                field[0] = fieldname
                known = [_UNKNOWN] * size
            if docnum < 0 or docnum >= size:  # not a document of this reader: as Whoosh answers
                return ask(docnum, fieldname)
            got = known[docnum]
            if got is _UNKNOWN:
                got = known[docnum] = ask(docnum, fieldname)
            return got

        self.doc_field_length = doc_field_length

    def __bool__(self) -> bool:
        return bool(self._lengths)


_add_postings = base.FieldWriter.add_postings


def _add_postings_lengths_once(self, schema, lengths, items):
    return _add_postings(self, schema, _LengthsOnce(lengths) if lengths else lengths, items)


if getattr(base.FieldWriter.add_postings, "__name__", "") != "_add_postings_lengths_once":
    base.FieldWriter.add_postings = _add_postings_lengths_once


# -- analysing a field's text in one loop ----------------------------------------------------
# Whoosh analyses text as a chain of generators (tokenizer | lowercase | stop words | stemmer)
# that pass one Token object along per word: four Python frames per word, ~40 % of the
# writer's time. The fields below run the same steps in one loop when their analyzer is
# exactly such a chain, and give Whoosh the same (term, frequency, weight, value) tuples as
# Format.word_values() would. Any other analyzer, format or option: Whoosh's own path.

_TERM_CACHE_MAX = 300_000  # distinct tokens; the cache is emptied when it grows past this


class _Plan:
    """The steps of a plain analyzer chain, read off the analyzer itself."""

    def __init__(self, tokenizer: RegexTokenizer, stop: StopFilter | None, stem: StemFilter | None):
        self.expression = tokenizer.expression
        self.stops = stop.stops if stop else frozenset()
        self.minsize = stop.min if stop else 0
        self.maxsize = stop.max if stop else None
        self.renumber = stop.renumber if stop else False
        self.stem = stem._stem if stem else None
        self.ignore = stem.ignore if stem else frozenset()

        # token as found -> its term (lowercased, stemmed), or None for a stop word: one dict
        # lookup per token instead of four steps; bterms: the same, the term as utf-8 bytes
        self.stays_in_runs = _stays_in_runs(self.expression.pattern)
        self.terms = _Memo(self.term)
        self.bterms = _Memo(self._bterm)

    def tokens(self, text: str) -> list[str]:
        """The tokens as found, stop words still in (their places count for positions)."""
        if self.expression.groups == 0:
            return self.expression.findall(text)
        return [m.group(0) for m in self.expression.finditer(text)]

    def _bterm(self, token: str) -> bytes | None:
        t = self.terms[token]
        return t.encode("utf-8") if t is not None else None

    def term(self, token: str) -> str | None:
        w = token.lower()
        if not (len(w) >= self.minsize and (self.maxsize is None or len(w) <= self.maxsize)
                and w not in self.stops):
            return None
        if self.stem is None or w in self.ignore:
            return w
        return self.stem(w)


class _Memo(dict):
    """fn(token), remembered (emptied when it grows past _TERM_CACHE_MAX tokens)."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def __missing__(self, token: str):
        if len(self) > _TERM_CACHE_MAX:
            self.clear()
        t = self[token] = self.fn(token)
        return t


def plan_for(analyzer) -> _Plan | None:
    """A _Plan when the analyzer is tokenizer | lowercase [| stop words] [| stemmer], exactly
    these Whoosh classes with default behaviour; else None (Whoosh analyses)."""
    if not isinstance(analyzer, CompositeAnalyzer):
        return None
    items = list(analyzer.items)
    if len(items) < 2 or type(items[0]) is not RegexTokenizer or items[0].gaps:
        return None
    if type(items[1]) is not LowercaseFilter:
        return None
    rest = items[2:]
    stop = rest.pop(0) if rest and type(rest[0]) is StopFilter else None
    stem = rest.pop(0) if rest and type(rest[0]) is StemFilter else None
    if rest:
        return None
    return _Plan(items[0], stop, stem)


_plans: dict[int, tuple[object, _Plan | None]] = {}  # id(analyzer) -> (analyzer, plan)


def _plan(analyzer) -> _Plan | None:
    got = _plans.get(id(analyzer))
    if got is None or got[0] is not analyzer:
        got = _plans[id(analyzer)] = (analyzer, plan_for(analyzer))
    return got[1]


def fast_index(field, value, **kwargs):
    """Field.index() for plain analyzer chains: (utf-8 term, frequency, weight, value)."""
    plan = _plan(field.analyzer)
    fmt = field.format
    if (plan is None or not isinstance(value, str) or set(kwargs) - {"mode"}
            or kwargs.get("mode", "index") != "index"):
        return None
    terms = plan.bterms
    if type(fmt) is formats.Existence:
        fb = fmt.field_boost
        found = {terms[w] for w in set(plan.tokens(value))}
        found.discard(None)
        return [(t, 1, fb, b"") for t in found]
    if type(fmt) is formats.Positions:
        poses = _positions(plan, plan.tokens(value))
        fb = fmt.field_boost
        # Positions.encode (count, then the pickled gaps), without its per-position loop
        encode = _encode_positions if type(fmt).encode is formats.Positions.encode else fmt.encode
        return [(t, len(p), float(len(p)) * fb, encode(p)) for t, p in poses.items()]
    return None


def _positions(plan: _Plan, tokens: list[str]) -> dict[bytes, list[int]]:
    """Each term's positions among the tokens (as Whoosh's analyzer numbers them)."""
    looked = list(map(plan.bterms.__getitem__, tokens))  # each token's term (None: a stop word), in C
    poses: dict[bytes, list[int]] = {}
    get = poses.get
    numbered: Iterable[tuple[int, bytes]]
    if plan.renumber:
        # StopFilter(renumber=True): the first kept word keeps its place, the next ones
        # follow it without gaps for the stop words
        kept = [t for t in looked if t is not None]
        if not kept:
            return poses
        numbered = enumerate(kept, looked.index(kept[0]))  # (the first term's first place is the first kept)
    else:
        numbered = ((i, t) for i, t in enumerate(looked) if t is not None)
    for pos, t in numbered:
        got = get(t)
        if got is None:
            poses[t] = [pos]
        else:
            got.append(pos)
    return poses


_ONE = pack_uint(1)
_ONE_POSITION: dict[int, bytes] = {}  # position -> pickle.dumps([position]): a word found once
_ONE_POSITION_MAX = 100_000


def _encode_positions(poslist: list[int]) -> bytes:
    """formats.Positions.encode: the same bytes. Most words of a page occur once, at one of
    a few thousand places: their pickles are made once (pickle.dumps was half the cost).
    Each call still returns a new bytes object: a block's values are pickled together, and
    pickle writes an object it meets twice as a reference (other bytes than Whoosh's)."""
    if len(poslist) == 1:
        pos = poslist[0]
        got = _ONE_POSITION.get(pos)
        if got is None:
            if len(_ONE_POSITION) > _ONE_POSITION_MAX:
                _ONE_POSITION.clear()
            got = _ONE_POSITION[pos] = pickle.dumps([pos], 2)
        return _ONE + got
    return pack_uint(len(poslist)) + pickle.dumps([b - a for a, b in zip([0, *poslist], poslist)], 2)


class FastText(fields.TEXT):
    """fields.TEXT whose postings are computed in one loop (same postings)."""

    def index(self, value, **kwargs):
        fast = fast_index(self, value, **kwargs)
        return fast if fast is not None else super().index(value, **kwargs)


class FastWords(fields.FieldType):
    """fields.FieldType (the `words` field) whose postings are computed in one loop."""

    def index(self, value, **kwargs):
        fast = fast_index(self, value, **kwargs)
        return fast if fast is not None else super().index(value, **kwargs)


# -- one text tokenised once for several fields -------------------------------------------------
# The `words` field is the title and the content again (fulltext.py): tokenising it cost as
# much as tokenising the content. A Joined value is that text with its parts known; when the
# tokenizer's words cannot reach over the separator, its tokens are its parts' tokens, taken
# from the fields of the same document tokenised before it.

class Joined(str):
    """sep.join(parts), a plain str to Whoosh, its parts kept for fastwrite."""

    parts: tuple[str, ...] = ()
    sep = "\n"

    def __new__(cls, parts, sep: str = "\n"):
        self = super().__new__(cls, sep.join(parts))
        self.parts, self.sep = tuple(parts), sep
        return self


def _stays_in_runs(pattern: str) -> bool:
    """Each match of ``pattern`` is a run of word characters and dots, found the same in a
    text as in any longer text around it that has neither next to it: the pattern is made of
    nothing but \\w, \\. and grouping or repetition (no anchors, classes or lookarounds)."""
    rest = pattern.replace("\\w", "").replace("\\.", "")
    return "\\" not in rest and set(rest) <= set("+*?():")


_RUNS = re.compile(r"[\w.]")


def _tokens(plan: _Plan, value: str, seen: list) -> list[str]:
    """plan.tokens(value), from ``seen`` ((text, expression, tokens) of this document's fields
    tokenised before) when the same text was tokenised the same way, or from its parts."""
    expression = plan.expression
    for text, expr, toks in seen:
        if text is value and expr == expression:
            return toks
    if type(value) is Joined and plan.stays_in_runs and not _RUNS.search(value.sep):
        toks = []
        for part in value.parts:
            toks += _tokens(plan, part, seen)
    else:
        toks = plan.tokens(value)
    seen.append((value, expression, toks))
    return toks


def _add_fast(pool: "GroupedPool", field, fieldname: str, docnum: int, value, fieldboost: float,
              seen: list) -> int | None:
    """fast_index() and GroupedPool.add_grouped() in one: the same postings added to the pool;
    the field's length (the sum of the frequencies). None: not a plain analyzer chain or a
    format of its own, for Whoosh's path."""
    plan = _plan(field.analyzer)
    fmt = field.format
    if plan is None or not isinstance(value, str):
        return None
    terms = plan.bterms
    if type(fmt) is formats.Existence:
        found = set(map(terms.__getitem__, set(_tokens(plan, value, seen))))  # (the lookups in C)
        found.discard(None)
        if not found:
            return 0
        weight = fmt.field_boost * fieldboost  # as add_grouped weighs the posting's weight fb
        grouped = pool.field_terms(fieldname)
        get = grouped.get
        for t in found:
            got = get(t)
            if got is None:
                grouped[t] = ([docnum], [weight], [b""])
            else:
                got[0].append(docnum)
                got[1].append(weight)
                got[2].append(b"")
        pool.grow(len(found) * (150 + len(fieldname)) + 2 * sum(map(len, found)))
        return len(found)
    if type(fmt) is formats.Positions:
        poses = _positions(plan, _tokens(plan, value, seen))
        if not poses:
            return 0
        fb = fmt.field_boost
        own = type(fmt).encode is formats.Positions.encode
        encode = _encode_positions if own else fmt.encode
        one = _ONE_POSITION if own else {}  # a word found once: _encode_positions' cache, without its call
        grouped = pool.field_terms(fieldname)
        get = grouped.get
        length = vsize = 0
        for t, p in poses.items():
            n = len(p)
            length += n
            v = one.get(p[0]) if n == 1 else None
            v = _ONE + v if v is not None else encode(p)  # (a new bytes object each time: see there)
            vsize += len(v)
            w = float(n) * fb * fieldboost
            got = get(t)
            if got is None:
                grouped[t] = ([docnum], [w], [v])
            else:
                got[0].append(docnum)
                got[1].append(w)
                got[2].append(v)
        pool.grow(len(poses) * (150 + len(fieldname)) + 2 * sum(map(len, poses)) + vsize)
        return length
    return None


_FAST_FIELDS = (FastText, FastWords)


# -- adding a document's postings as a list ---------------------------------------------------
# SegmentWriter.add_document hands each posting of each field to the posting pool one call at
# a time (PostingPool.add: two type asserts, a size estimate, a set update per posting; ~20 %
# of the writer's time). Below: the same method, with each field's postings made in one list
# comprehension and given to the pool at once. The pool sorts all postings before writing, so
# where it happens to cut its runs (the size estimate) cannot change what is written.
# ENABLED = False gives Whoosh's own methods (tests/unit/test_fastwrite.py compares the two).

ENABLED = True

_add_document = writing.SegmentWriter.add_document


class GroupedPool(writing.PostingPool):
    """The writer's posting pool, holding the postings grouped by field and term as they are
    added: field -> term bytes -> ([docnum], [weight], [value]). Documents are added in
    docnum order, so each term's postings are already in the order the pool's sort gives
    them; the segment is then written term by term (_write_grouped), without a 5-tuple per
    posting, without sorting them and without a Python step per posting (~45 % of the
    writer's time). Postings that come in another way (pool.add: merging a segment into
    this one, spelling words) and every use of the pool as Whoosh's (save, items) first turn
    the groups into the pool's own tuples: then Whoosh's own path writes the same postings."""

    def _zvdj_start(self) -> None:
        self.grouped: dict[str, dict[bytes, tuple[list, list, list]]] = {}
        # a field's postings and column value for a value met before in this segment: the
        # document-level values (id, type, series, date, title) repeat on every page
        self.known_items: dict[tuple, list] = {}
        self.known_columns: dict[tuple, object] = {}
        self.field_plans: dict[str, tuple] = {}  # fieldname -> _field_plan (the writer's schema)

    @staticmethod
    def remember(known: dict, key: tuple, value) -> None:
        if len(known) >= _KNOWN_MAX:
            known.clear()
        known[key] = value

    def field_terms(self, fieldname: str) -> dict[bytes, tuple[list, list, list]]:
        """The grouped postings of a field, to add to (the field now has postings)."""
        self.fieldnames.add(fieldname)
        terms = self.grouped.get(fieldname)
        if terms is None:
            terms = self.grouped[fieldname] = {}
        return terms

    def grow(self, size: int) -> None:
        """``size`` more bytes of postings (PostingPool.add's estimate): to disk past the limit."""
        self.currentsize += size
        if self.currentsize > self.limit:
            self.save()  # to a run file on disk, as Whoosh's pool does

    def add_grouped(self, fieldname: str, docnum: int, items: list, fieldboost: float) -> None:
        """The postings (term bytes, frequency, weight, value) of one document and field;
        their types checked by the caller (as PostingPool.add asserts them)."""
        if not items:
            return
        self.fieldnames.add(fieldname)
        terms = self.grouped.get(fieldname)
        if terms is None:
            terms = self.grouped[fieldname] = {}
        get = terms.get
        for tbytes, _, weight, vbytes in items:
            got = get(tbytes)
            if got is None:
                terms[tbytes] = ([docnum], [weight * fieldboost], [vbytes])
            else:
                got[0].append(docnum)
                got[1].append(weight * fieldboost)
                got[2].append(vbytes)
        # PostingPool.add's estimate: per posting 150 bytes of objects + the field name + 2 a
        # character of the term + the value's bytes
        self.currentsize += len(items) * (150 + len(fieldname)) + 2 * sum([len(it[0]) for it in items]) + sum(
            [len(it[3]) for it in items if it[3]])
        if self.currentsize > self.limit:
            self.save()  # to a run file on disk, as Whoosh's pool does

    def _ungroup(self) -> None:
        """The grouped postings as the pool's own (field, term, docnum, weight, value) tuples."""
        grouped = self.grouped
        if not grouped:
            return
        current = self.current
        for fieldname, terms in grouped.items():
            for tbytes, (ids, weights, values) in terms.items():
                current.extend([(fieldname, tbytes, d, w, v) for d, w, v in zip(ids, weights, values)])
        self.grouped = {}

    def add(self, item):
        self._ungroup()
        super().add(item)

    def save(self):
        self._ungroup()
        super().save()

    def items(self, maxfiles=128):
        self._ungroup()
        return super().items(maxfiles)

    def only_grouped(self) -> bool:
        return not self.current and not self.runs


_KNOWN_MAX = 20_000  # remembered values per segment writer


def _repeatable(value) -> bool:
    """A value worth remembering the postings of: a short string, a date, a number."""
    t = type(value)
    return (t is str and len(value) <= 256) or t in (datetime, bool, int, float)


def _no_values(field) -> bool:
    """The field's postings carry no values that a block pickles one by one (no positions):
    only then may two documents' postings share objects (pickle would write the second as
    a reference to the first, other bytes than Whoosh's)."""
    size = field.format.fixed_value_size()
    return size is not None and size >= 0


def _grouped_pool(writer) -> GroupedPool | None:
    """The writer's pool as a GroupedPool (Whoosh's pool turned into one while it is still
    empty), or None when it is another pool or already holds postings of its own."""
    pool = writer.pool
    if type(pool) is GroupedPool:
        return pool
    if type(pool) is writing.PostingPool and not pool.current and not pool.runs:
        pool.__class__ = GroupedPool
        pool._zvdj_start()
        return pool  # type: ignore[return-value]
    return None


def _field_plan(schema, fieldname: str) -> tuple:
    """What add_document asks of a field for every document, asked once per writer: the
    field, whether fastwrite analyses it, indexed, scorable, its postings carry no values,
    separate spelling, vector format, stored, column type, and its two keyword names."""
    field = schema[fieldname]
    indexed = field.indexed
    return (field, indexed and type(field) in _FAST_FIELDS, indexed, field.scorable,
            indexed and _no_values(field), field.separate_spelling(), field.vector, field.stored,
            field.column_type, "_%s_boost" % fieldname, "_stored_%s" % fieldname)


def _add_document_listwise(self, **fields):
    pool = _grouped_pool(self) if ENABLED else None
    if pool is None:
        return _add_document(self, **fields)
    self._check_state()
    perdocwriter = self.perdocwriter
    schema = self.schema
    docnum = self.docnum

    docboost = self._doc_boost(fields)
    fieldnames = sorted([name for name in fields.keys() if not name.startswith("_")])
    known_fields = schema._fields
    if not known_fields.keys() >= set(fieldnames):  # (a dynamic field, or one the schema lacks)
        self._check_fields(schema, fieldnames)
    plans = pool.field_plans

    perdocwriter.start_doc(docnum)
    seen: list = []  # the texts of this document tokenised so far (_tokens)
    try:
        for fieldname in fieldnames:
            value = fields.get(fieldname)
            if value is None:
                continue
            plan = plans.get(fieldname)
            if plan is None or known_fields.get(fieldname) is not plan[0]:
                plan = _field_plan(schema, fieldname)
                if known_fields.get(fieldname) is plan[0]:  # (a dynamic field is planned each time)
                    plans[fieldname] = plan
            field, fast_ok, indexed, scorable, no_values, spelling, vformat, stored, column, boostkw, storedkw = plan
            # SegmentWriter._field_boost
            fieldboost = float(fields[boostkw]) if boostkw in fields else docboost

            length = 0
            fast = None
            if fast_ok:
                fast = _add_fast(pool, field, fieldname, docnum, value, fieldboost, seen)
                if fast is not None and scorable:
                    length = fast
            if indexed and fast is None:
                key = (fieldname, type(value), value) if no_values and _repeatable(value) else None
                items = pool.known_items.get(key) if key is not None else None
                if items is None:
                    items = field.index(value)
                    if not isinstance(items, list):
                        items = list(items)
                    for tbytes, _, _, vbytes in items:  # what PostingPool.add asserts
                        if type(tbytes) is not bytes or (vbytes is not None and type(vbytes) is not bytes):
                            raise AssertionError(f"posting of {fieldname!r} not bytes: {tbytes!r}, {vbytes!r}")
                    if key is not None:
                        pool.remember(pool.known_items, key, items)
                if scorable:
                    length = sum([it[1] for it in items])
                pool.add_grouped(fieldname, docnum, items, fieldboost)

            if spelling:
                spellfield = field.spelling_fieldname(fieldname)
                for word in field.spellable_words(value):
                    word = word.encode("utf-8")
                    pool.add((spellfield, word, 0, 1, None))

            if vformat:
                vitems = vformat.word_values(value, field.analyzer, mode="index")
                vitems = sorted((text, weight, vbytes) for text, _, weight, vbytes in vitems)
                perdocwriter.add_vector_items(fieldname, field, vitems)

            customval = fields.get(storedkw, value)
            sv = customval if stored else None
            perdocwriter.add_field(fieldname, field, sv, length)

            if column and customval is not None:
                key = (fieldname, type(customval), customval) if _repeatable(customval) else None
                cv = pool.known_columns.get(key, _UNKNOWN) if key is not None else _UNKNOWN
                if cv is _UNKNOWN:
                    cv = field.to_column_value(customval)
                    if key is not None:
                        pool.remember(pool.known_columns, key, cv)
                perdocwriter.add_column_value(fieldname, column, cv)
    except Exception as ex:
        perdocwriter.cancel_doc()
        raise ex

    perdocwriter.finish_doc()
    self._added = True
    self.docnum += 1


if getattr(writing.SegmentWriter.add_document, "__name__", "") != "_add_document_listwise":
    writing.SegmentWriter.add_document = _add_document_listwise


# -- writing a segment's postings in one loop ---------------------------------------------------
# Flushing a segment passes every posting through FieldWriter.add_postings, which calls
# W3FieldWriter.add, which calls W3PostingsWriter.add_posting (four type asserts, the block's
# statistics): three Python frames per posting. Below: the same steps for Whoosh 3's writers
# in one loop, the block buffer appended to directly. Other writers (vectors, byte ids):
# Whoosh's own method.

def _add_postings_inline(self, schema, lengths, items):
    if not ENABLED or type(self) is not whoosh3.W3FieldWriter:
        return _add_postings_lengths_once(self, schema, lengths, items)
    # field lengths as _LengthsOnce gives them: asked once per document and field
    ask = lengths.doc_field_length if lengths else None
    size = lengths.doc_count_all() + 1 if lengths else 0
    known: list = []
    start_field, start_term, finish_term, finish_field = (
        self.start_field, self.start_term, self.finish_term, self.finish_field)
    lastfn = lasttext = None
    pw = None
    ids = weights = values = None
    blocklimit = 0
    for fieldname, btext, docnum, weight, value in items:
        if btext != lasttext or fieldname != lastfn:
            # (postings of the same term as the last one cannot be out of order)
            if lastfn is not None and fieldname < lastfn:
                raise base.OutOfOrderError("Field %r .. %r" % (lastfn, fieldname))
            if fieldname == lastfn and lasttext and btext < lasttext:
                raise base.OutOfOrderError("Term %s:%r .. %s:%r" % (lastfn, lasttext, fieldname, btext))
            if fieldname != lastfn:
                if lasttext is not None:
                    finish_term()
                if lastfn is not None:
                    finish_field()
                start_field(fieldname, schema[fieldname])
                lastfn = fieldname
                lasttext = None
                known = [_UNKNOWN] * size
            if docnum == -1:  # a spelling word, not a posting (as Whoosh skips it)
                continue
            if btext != lasttext:
                if lasttext is not None:
                    finish_term()
                start_term(btext)
                lasttext = btext
                pw = self._postwriter
                if pw._byteids:  # vector postings are not written through here
                    raise TypeError("add_postings with byte ids")
                ids, weights, values, blocklimit = pw._ids, pw._weights, pw._values, pw._blocklimit
        elif docnum == -1:
            continue
        if ask is None:
            length = 0
        elif 0 <= docnum < size:
            length = known[docnum]
            if length is _UNKNOWN:
                length = known[docnum] = ask(docnum, fieldname)
        else:  # not a document of this reader: as Whoosh answers
            length = ask(docnum, fieldname)
        # W3PostingsWriter.add_posting, inline (its type asserts left out: the postings come
        # from Whoosh's own pool or reader)
        if len(ids) >= blocklimit:
            pw._write_block()
            ids, weights, values = pw._ids, pw._weights, pw._values
        ids.append(docnum)
        weights.append(weight)
        if weight > pw._maxweight:
            pw._maxweight = weight
        if value:
            values.append(value)
        if length:
            if pw._minlength is None or length < pw._minlength:
                pw._minlength = length
            if length > pw._maxlength:
                pw._maxlength = length
    if lasttext is not None:
        finish_term()  # the field is finished by the caller, as after Whoosh's own loop


if getattr(base.FieldWriter.add_postings, "__name__", "") != "_add_postings_inline":
    base.FieldWriter.add_postings = _add_postings_inline


# -- writing a grouped pool: term by term ------------------------------------------------------

_flush_segment = writing.SegmentWriter._flush_segment


def _flush_segment_grouped(self):
    pool = self.pool
    if (not ENABLED or type(pool) is not GroupedPool or not pool.only_grouped()
            or type(self.fieldwriter) is not whoosh3.W3FieldWriter):
        return postlists.flush_collecting(self, _flush_segment)  # Whoosh's path, long lists kept
    self.perdocwriter.close()
    pdr = self.per_document_reader() if self.codec.length_stats else None
    _write_grouped(self.fieldwriter, self.schema, pdr, pool.grouped)
    postlists.write(self.storage, self.get_segment(), pool.grouped, pdr)  # long lists as arrays, grouped by impact (searching)
    self.fieldwriter.close()
    if pdr:
        pdr.close()


def _write_grouped(fw, schema, lengths, grouped: dict) -> None:
    """W3FieldWriter.add_postings (as _add_postings_inline does it) for postings grouped by
    field and term: the same calls to start_field/start_term/finish_term, the same block
    contents and statistics, a block's postings added as lists."""
    ndocs = lengths.doc_count_all() if lengths else 0
    first = True
    for fieldname in sorted(grouped):
        terms = grouped[fieldname]
        if not first:
            fw.finish_field()
        first = False
        fw.start_field(fieldname, schema[fieldname])
        # each document's length in this field, asked once (None: no lengths, or none set)
        lens = _field_lengths(lengths, fieldname, ndocs) if lengths else None
        if lens is not None and not any(lens):
            lens = None
        for btext in sorted(terms):
            ids, weights, values = terms[btext]
            fw.start_term(btext)
            pw = fw._postwriter
            if pw._byteids:  # vector postings are not written through here
                raise TypeError("grouped postings with byte ids")
            limit = pw._blocklimit
            whole = len(ids) <= limit  # one block (most terms): the lists as they are, not copied
            for a in range(0, len(ids), limit):
                if a:  # the block is full and another posting comes: as add_posting does
                    pw._write_block()
                block_ids = ids if whole else ids[a:a + limit]
                block_weights = weights if whole else weights[a:a + limit]
                pw._ids.extend(block_ids)
                pw._weights.extend(block_weights)
                top = max(block_weights)
                if top > pw._maxweight:
                    pw._maxweight = top
                pw._values.extend(filter(None, values if whole else values[a:a + limit]))
                if lens is not None:
                    got = list(filter(None, map(lens.__getitem__, block_ids)))
                    if got:
                        low, high = min(got), max(got)
                        if pw._minlength is None or low < pw._minlength:
                            pw._minlength = low
                        if high > pw._maxlength:
                            pw._maxlength = high
            fw.finish_term()
    # the last field is finished by the caller, as after Whoosh's own loop


_BYTE_LENGTHS = [byte_to_length(b) if b else None for b in range(256)]  # as doc_field_length answers a byte


def _field_lengths(lengths, fieldname: str, ndocs: int) -> list:
    """[lengths.doc_field_length(d, fieldname) for d in range(ndocs)]: for Whoosh 3's
    per-document reader, its length column read at once (one read instead of a call and
    a file read per document) and answered as doc_field_length answers; otherwise asked."""
    if type(lengths) is whoosh3.W3PerDocReader and ndocs <= lengths._doccount:
        reader = lengths._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        if reader is None:
            return [0] * ndocs  # doc_field_length's default
        if (type(reader) is columns.NumericColumn.Reader and reader._typecode == "B" and reader._fixedlen == 1
                and reader._default == 0):
            have = min(reader._count, ndocs)
            raw = reader._dbfile.get(reader._basepos, have) if have else b""
            table = _BYTE_LENGTHS
            # past the column's end the reader answers its default byte (0): no length
            return [table[b] for b in raw] + [None] * (ndocs - have)
    ask = lengths.doc_field_length
    return [ask(d, fieldname) for d in range(ndocs)]


if getattr(writing.SegmentWriter._flush_segment, "__name__", "") != "_flush_segment_grouped":
    writing.SegmentWriter._flush_segment = _flush_segment_grouped


# -- a block's ids and weights made small in C loops -------------------------------------------
# W3PostingsWriter._write_block stores a block's docnums as gaps and its weights as None (all
# 1.0), one number (all alike) or a tuple; Whoosh computes both with a Python step per posting
# (a generator, all() over a generator). The same values from loops in C:

def _mini_ids(self):
    ids = self._ids
    if self._byteids:
        return tuple(ids)
    return tuple(map(operator.sub, ids, chain((0,), ids)))  # delta_encode: each id less the one before


def _mini_weights(self):
    weights = self._weights
    n = len(weights)
    if weights.count(1.0) == n:
        return None
    if n and weights.count(weights[0]) == n:  # (a NaN is unlike itself, as in Whoosh's all())
        return weights[0]
    return tuple(weights)


_whoosh_mini_ids = whoosh3.W3PostingsWriter._mini_ids  # (tests/unit/test_fastwrite.py compares)
_whoosh_mini_weights = whoosh3.W3PostingsWriter._mini_weights

if getattr(whoosh3.W3PostingsWriter._mini_ids, "__module__", "") != __name__:
    whoosh3.W3PostingsWriter._mini_ids = _mini_ids
    whoosh3.W3PostingsWriter._mini_weights = _mini_weights
