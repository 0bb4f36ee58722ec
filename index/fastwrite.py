"""Faster writing of the Whoosh index: the same postings, less Python per posting.

Whoosh-Reloaded's pure-Python writer is the largest cost of indexing after reading the
PDFs. What is here changes how the postings are computed, never what they are
(tests/unit/test_fastwrite.py compares every posting with Whoosh's own path).
"""

from __future__ import annotations

import pickle

from whoosh import fields, formats, writing
from whoosh.analysis import CompositeAnalyzer, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.codec import base, whoosh3
from whoosh.system import pack_uint

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
        # lookup per token instead of four steps
        self.terms = _Terms(self)

    def tokens(self, text: str) -> list[str]:
        """The tokens as found, stop words still in (their places count for positions)."""
        if self.expression.groups == 0:
            return self.expression.findall(text)
        return [m.group(0) for m in self.expression.finditer(text)]

    def term(self, token: str) -> str | None:
        w = token.lower()
        if not (len(w) >= self.minsize and (self.maxsize is None or len(w) <= self.maxsize)
                and w not in self.stops):
            return None
        if self.stem is None or w in self.ignore:
            return w
        return self.stem(w)


class _Terms(dict):
    def __init__(self, plan: _Plan):
        super().__init__()
        self.plan = plan

    def __missing__(self, token: str) -> str | None:
        if len(self) > _TERM_CACHE_MAX:
            self.clear()
        t = self[token] = self.plan.term(token)
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
    terms = plan.terms
    if type(fmt) is formats.Existence:
        fb = fmt.field_boost
        found = {terms[w] for w in set(plan.tokens(value))}
        found.discard(None)
        return [(t.encode("utf-8"), 1, fb, b"") for t in found]
    if type(fmt) is formats.Positions:
        poses: dict[str, list[int]] = {}
        pos = None
        renumber = plan.renumber
        for i, w in enumerate(plan.tokens(value)):
            t = terms[w]
            if t is None:
                continue
            # StopFilter(renumber=True): the first kept word keeps its place, the next ones
            # follow it without gaps for the stop words
            pos = i if (pos is None or not renumber) else pos + 1
            if t in poses:
                poses[t].append(pos)
            else:
                poses[t] = [pos]
        fb = fmt.field_boost
        # Positions.encode (count, then the pickled gaps), without its per-position loop
        encode = _encode_positions if type(fmt).encode is formats.Positions.encode else fmt.encode
        return [(t.encode("utf-8"), len(p), float(len(p)) * fb, encode(p)) for t, p in poses.items()]
    return None


def _encode_positions(poslist: list[int]) -> bytes:
    """formats.Positions.encode: the same bytes."""
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


# -- adding a document's postings as a list ---------------------------------------------------
# SegmentWriter.add_document hands each posting of each field to the posting pool one call at
# a time (PostingPool.add: two type asserts, a size estimate, a set update per posting; ~20 %
# of the writer's time). Below: the same method, with each field's postings made in one list
# comprehension and given to the pool at once. The pool sorts all postings before writing, so
# where it happens to cut its runs (the size estimate) cannot change what is written.
# ENABLED = False gives Whoosh's own methods (tests/unit/test_fastwrite.py compares the two).

ENABLED = True

_add_document = writing.SegmentWriter.add_document


def _add_postings_to_pool(pool, fieldname: str, posts: list) -> None:
    """PostingPool.add for a list of postings of one field (the same size estimate)."""
    if not posts:
        return
    pool.fieldnames.add(fieldname)
    # per posting: 150 bytes of tuple, str and number objects + the field name + 2 bytes a
    # character of the term + the value's bytes (PostingPool.add's own estimate)
    pool.currentsize += len(posts) * (150 + len(fieldname)) + sum(
        2 * len(p[1]) + len(p[4] or b"") for p in posts)
    pool.current.extend(posts)
    if pool.currentsize > pool.limit:
        pool.save()


def _add_document_listwise(self, **fields):
    if not ENABLED or type(self.pool) is not writing.PostingPool:
        return _add_document(self, **fields)
    self._check_state()
    perdocwriter = self.perdocwriter
    schema = self.schema
    docnum = self.docnum
    pool = self.pool

    docboost = self._doc_boost(fields)
    fieldnames = sorted([name for name in fields.keys() if not name.startswith("_")])
    self._check_fields(schema, fieldnames)

    perdocwriter.start_doc(docnum)
    try:
        for fieldname in fieldnames:
            value = fields.get(fieldname)
            if value is None:
                continue
            field = schema[fieldname]

            length = 0
            if field.indexed:
                fieldboost = self._field_boost(fields, fieldname, docboost)
                items = field.index(value)
                if not isinstance(items, list):
                    items = list(items)
                if field.scorable:
                    length = sum([it[1] for it in items])
                posts = [(fieldname, tbytes, docnum, weight * fieldboost, vbytes)
                         for tbytes, _, weight, vbytes in items]
                for p in posts:  # what PostingPool.add asserts, in one pass
                    if type(p[1]) is not bytes or (p[4] is not None and type(p[4]) is not bytes):
                        raise AssertionError(f"posting of {fieldname!r} not bytes: {p[1]!r}, {p[4]!r}")
                _add_postings_to_pool(pool, fieldname, posts)

            if field.separate_spelling():
                spellfield = field.spelling_fieldname(fieldname)
                for word in field.spellable_words(value):
                    word = word.encode("utf-8")
                    pool.add((spellfield, word, 0, 1, None))

            vformat = field.vector
            if vformat:
                vitems = vformat.word_values(value, field.analyzer, mode="index")
                vitems = sorted((text, weight, vbytes) for text, _, weight, vbytes in vitems)
                perdocwriter.add_vector_items(fieldname, field, vitems)

            customval = fields.get("_stored_%s" % fieldname, value)
            sv = customval if field.stored else None
            perdocwriter.add_field(fieldname, field, sv, length)

            column = field.column_type
            if column and customval is not None:
                cv = field.to_column_value(customval)
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
