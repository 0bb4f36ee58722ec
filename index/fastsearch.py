"""Scoring page hits in plain Python over whole posting lists, for the query shapes users
type most.

Why: Whoosh scores a match one posting at a time through its matcher objects (about 3 µs
each). A common word of this archive ("jeugdhulp", "gemeente") stands on half of all pages,
so at 100,000 pages a one-word search spent ~0.3 s in Whoosh's scorer and as much again
grouping pages into documents. Here a term's postings are read block by block straight from
Whoosh's posting file (ids and term frequencies, as Whoosh stored them) and scored with the
same BM25F formula and statistics Whoosh uses, in one list comprehension per term; grouping
pages per document is dict work. No numpy: `zvdj search` is a process of its own each time,
and importing numpy cost more than the scoring it did (issue 22). Numbers keep Whoosh's
precision: term frequencies and field lengths go through float32 as Whoosh stores them
(array 'f'), scores are float64 until ranking compares them as float32, as Whoosh does.

Page sets that filters and AND/NOT need are masks: a bytearray of 0/1 per page (or per
document), combined a whole mask at a time through Python's big integers.

What it covers: terms (any field), OR of them (a word and its compounds, content and title),
prefix and wildcard words (constant score, as Whoosh), phrases (their words' postings
intersected, then the phrase checked on the positions read with the postings), and the
filters the app sets (type, series, date range, redacted). Anything else raises
Unsupported and the caller runs the plain Whoosh path, so results never depend on whether
this module understood a query.
"""

from __future__ import annotations

import re
import struct
import threading
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, OrderedDict, deque
from io import BytesIO
from itertools import accumulate, compress, repeat
from pickle import load, loads

from whoosh import query as Q

from . import postlists

_INT = struct.Struct("!i")  # Whoosh's block length prefix
PHRASE_VERIFY_ALL = 2000  # candidate pages up to which every candidate is checked at once
MULTITERM_MAX = 500  # words a prefix or wildcard expands to at most (as the highlighter)
NO_DATE = 2**64 - 1  # Whoosh's date column value of a page without a date
B, K1 = 0.75, 1.2  # Whoosh's BM25F defaults, as the index's searcher uses them
FILTER_FIELDS = {"type", "series_key", "redacted"}  # the app's filter fields (FullTextIndex._filter)
KEPT_POSTINGS = 1_000_000  # postings of words kept between searches (Arrays.keep_term): ~26 MB at 100k pages
MAX_SEEN = 100_000  # words remembered as read once (Arrays.seen_before)
MAX_FILTER_MASKS = 64  # filter values whose page masks are kept per index version
_FLIP = bytes([1, 0]) + bytes(254)  # NOT of a 0/1 mask, by bytes.translate
_MINUS_INF = float("-inf")

Hits = tuple[list[int], list[float]]  # page numbers ascending, their scores


class Unsupported(Exception):
    """The query has a part this module does not evaluate: use Whoosh."""


def f32(values) -> list[float]:
    """The values rounded to float32 as Whoosh stores and compares them."""
    return array("f", values).tolist()


def mask_and(a: bytearray, b: bytearray) -> bytearray:
    n = len(a)
    return bytearray((int.from_bytes(a, "little") & int.from_bytes(b, "little")).to_bytes(n, "little"))


def mask_or(a: bytearray, b: bytearray) -> bytearray:
    n = len(a)
    return bytearray((int.from_bytes(a, "little") | int.from_bytes(b, "little")).to_bytes(n, "little"))


def mask_not(a: bytearray) -> bytearray:
    return a.translate(_FLIP)


def mask_of(n: int, ids) -> bytearray:
    """A 0/1 mask of n entries with the given positions set (the loop in C: map/deque)."""
    mask = bytearray(n)
    deque(map(mask.__setitem__, ids, repeat(1)), maxlen=0)
    return mask


def nonzero(mask: bytearray) -> list[int]:
    """Positions of the set entries of a mask, ascending."""
    return list(compress(range(len(mask)), mask))


class Arrays:
    """Per index state (one per reader generation): page number -> document ordinal,
    field lengths, dates, live pages. Built once (~0.1-0.3 s at 100,000 pages) and reused
    by every search until the index changes."""

    def __init__(self, reader):
        n = reader.doc_count_all()
        self.n = n
        ids: dict[str, int] = {}
        # one value per page number, deleted pages included
        self.docord = array("i", [ids.setdefault(v, len(ids)) for v in doc_ids(reader)])
        if len(self.docord) != n:
            raise Unsupported("doc_id column does not cover every page")
        self.doc_names = list(ids)
        self.live = bytearray(b"\x01") * n
        for leaf, off in reader.leaf_readers():
            dels = leaf.deleted_docs_set if hasattr(leaf, "deleted_docs_set") else set()
            for d in dels:
                self.live[d + off] = 0
        self.all_live = 0 not in self.live
        self.lengths: dict[str, array] = {}
        self._denominators: dict[tuple[str, float], dict[float, float]] = {}
        self._dates: tuple[list[int], list[int]] | None = None
        self._doc_pages: list[list[int]] | None = None
        self._page_dens: dict[tuple[str, float], list[float]] = {}
        self._filter_masks: dict[tuple[str, bytes], bytes] = {}
        self._avg_lengths: dict[str, float] = {}
        self.term_lists: OrderedDict[tuple[str, bytes], object] = OrderedDict()  # keep_term
        self._kept: dict[tuple[str, bytes], int] = {}
        self._kept_total = 0
        self._seen: set[tuple[str, bytes]] = set()  # seen_before
        self.lock = threading.Lock()

    def kept_term(self, key: tuple[str, bytes]):
        """A word's postings kept by keep_term (topdocs.Packed), or None."""
        with self.lock:
            got = self.term_lists.get(key)
            if got is not None:
                self.term_lists.move_to_end(key)
            return got

    def seen_before(self, key: tuple[str, bytes]) -> bool:
        """Whether a search of this index version read the word's postings before (and
        notes that this one did)."""
        with self.lock:
            if key in self._seen:
                return True
            if len(self._seen) >= MAX_SEEN:
                self._seen.clear()
            self._seen.add(key)
            return False

    def keep_term(self, key: tuple[str, bytes], packed, size: int) -> None:
        """Keeps a word's postings for the next searches of this index version: the words
        of a search come back (a query refined, a filter added, the next page of hits) and
        reading a common word's 80,000 postings from Whoosh's blocks is most of a search.
        The least recently used go first beyond KEPT_POSTINGS postings (~20 bytes each, and
        4 bytes a page for a kept word's page index)."""
        with self.lock:
            self.term_lists[key] = packed
            self._kept[key] = size
            self._kept_total += size
            while self._kept_total > KEPT_POSTINGS and len(self.term_lists) > 1:
                old, _ = self.term_lists.popitem(last=False)
                self._kept_total -= self._kept.pop(old)

    def forget(self) -> None:
        """Drops what searches kept (words' postings, filter masks): the next search reads
        everything again, as the first after opening (bench/scale_index.py --cold)."""
        with self.lock:
            self.term_lists.clear()
            self._kept.clear()
            self._kept_total = 0
            self._seen.clear()
            self._filter_masks.clear()

    def avg_length(self, searcher, field: str) -> float:
        """searcher.avg_field_length(field) or 1, as the scorer uses it: Whoosh sums the
        field's length over every segment on each call (a search asks for it per word and
        per page set scored)."""
        got = self._avg_lengths.get(field)
        if got is None:
            got = self._avg_lengths[field] = searcher.avg_field_length(field) or 1
        return got

    def filter_mask(self, field: str, bt: bytes, make) -> bytes:
        """The page mask of a filter value (a type, a series, redacted or not), made by
        make(field, bt) the first time: the app's filters take a few values, each asked for
        in search after search (one byte a page; reading the value's postings costs more
        than the rest of a filtered search)."""
        key = (field, bt)
        with self.lock:
            got = self._filter_masks.get(key)
        if got is None:
            got = bytes(make(field, bt))
            with self.lock:
                if len(self._filter_masks) >= MAX_FILTER_MASKS:
                    self._filter_masks.clear()
                self._filter_masks[key] = got
        return got

    # the readers passed in are of the same index version as the one this was built from
    def field_lengths(self, r, field: str) -> array:
        with self.lock:
            got = self.lengths.get(field)
            if got is None:
                got = array("f")
                for leaf, _off in r.leaf_readers():
                    got.extend(_leaf_lengths(leaf, field))
                self.lengths[field] = got
            return got

    def denominators(self, r, field: str, avgfl: float) -> dict[float, float]:
        """BM25F's length part `K1 * ((1 - B) + B * fl / avgfl)` per distinct page length
        (at most 256: Whoosh keeps lengths in one byte), computed as Whoosh's bm25() does."""
        lengths = self.field_lengths(r, field)
        with self.lock:
            got = self._denominators.get((field, avgfl))
            if got is None:
                got = {fl: K1 * ((1 - B) + B * fl / avgfl) for fl in set(lengths)}
                self._denominators[(field, avgfl)] = got
            return got

    def doc_pages(self) -> list[list[int]]:
        """The live page numbers of each document ordinal, ascending (a document's pages
        need not be one run: a writer with several processes spreads them over segments)."""
        with self.lock:
            if self._doc_pages is None:
                out: list[list[int]] = [[] for _ in self.doc_names]
                for i, d in enumerate(self.docord):
                    if self.live[i]:
                        out[d].append(i)
                self._doc_pages = out
            return self._doc_pages

    def page_denominators(self, r, field: str, avgfl: float) -> list[float]:
        """denominators() of each page's length, one value per page number."""
        den = self.denominators(r, field, avgfl)
        lengths = self.field_lengths(r, field)
        with self.lock:
            got = self._page_dens.get((field, avgfl))
            if got is None:
                got = self._page_dens[(field, avgfl)] = list(map(den.__getitem__, lengths))
            return got

    def dates(self, r) -> tuple[list[int], list[int]]:
        """(raw dates ascending, their page numbers): Whoosh's microseconds since year 1,
        pages without a date left out; a range is then two bisections."""
        with self.lock:
            if self._dates is None:
                raw = [NO_DATE] * self.n
                for leaf, off in r.leaf_readers():  # a segment without dates has no column
                    if leaf.has_column("date"):
                        m = leaf.doc_count_all()
                        raw[off:off + m] = leaf_dates(leaf.column_reader("date", translate=False), m)
                pages = sorted((i for i in range(self.n) if raw[i] != NO_DATE), key=raw.__getitem__)
                self._dates = ([raw[i] for i in pages], pages)
            return self._dates


def leaf_dates(col, m: int) -> list[int]:
    """The m values of a segment's date column, as int(col[i]) gives them one by one (0.2 s
    at 100,000 pages, the first date filter after opening): a numeric column is one run of
    fixed-size big-endian numbers, read at once; pages after the last one written have the
    column's default. Any other column is read value by value."""
    from whoosh.columns import NumericColumn

    if not isinstance(col, NumericColumn.Reader):
        return [int(col[i]) for i in range(m)]
    count = min(col._count, m)
    raw = bytes(col._dbfile.get(col._basepos, col._fixedlen * count))
    out = list(struct.unpack("!%d%s" % (count, col._typecode), raw))
    return out + [int(col._default)] * (m - count)


def doc_ids(reader) -> list[str]:
    """The doc_id column, one value per page number, as reader.column_reader("doc_id")
    gives it. Whoosh reads a variable-length column value by value from the file (0.3 s of
    a 0.6 s search process at 10,000 pages); a segment keeps the values in one run after
    each other, so each segment's run is read at once and cut by the stored lengths. Any
    other layout is read through Whoosh."""
    from whoosh.columns import VarBytesColumn

    field = reader.schema["doc_id"]
    out: list[str] = []
    for leaf, _off in reader.leaf_readers():
        col = leaf.column_reader("doc_id", translate=False) if leaf.has_column("doc_id") else None
        lengths = getattr(col, "_lengths", None)
        if not isinstance(col, VarBytesColumn.Reader) or lengths is None:
            out.extend(leaf.column_reader("doc_id"))
            continue
        blob = bytes(col._dbfile.get(col._basepos, sum(lengths)))
        pos = 0
        for n in lengths:
            out.append(field.from_column_value(blob[pos:pos + n]))
            pos += n
    return out


def _leaf_lengths(leaf, field: str) -> array:
    """Length of field on each page of one segment, as Whoosh's scorer sees it (rounded
    through one byte). The segment keeps the bytes in one run: read it at once (0.1 s -> 2 ms
    at 100,000 pages); any other layout is read page by page."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.util.numeric import byte_to_length

    n = leaf.doc_count_all()
    try:
        col = leaf._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        if col is None:
            return array("f", bytes(4 * n))
        if col._fixedlen != 1:
            raise AttributeError("not one byte per page")
        raw = bytes(col._dbfile.get(col._basepos, col._count))[:n]
        table = f32(byte_to_length(b) if b else 0 for b in range(256))
        out = array("f", map(table.__getitem__, raw))
        if len(out) < n:  # pages after the last one written have length 0
            out.extend(array("f", bytes(4 * (n - len(out)))))
        return out
    except AttributeError:
        return array("f", (leaf.doc_field_length(i, field, 0) or 0 for i in range(n)))


# The start of a block's pickled (ids, weights, values) as Whoosh's writer dumps it
# (protocol 2): a tuple of small ints (delta-coded ids), a memo put, the weights (None, one
# float or a tuple of floats), a memo put. Every alternative starts with its own opcode byte.
_IDS_WEIGHTS = re.compile(rb"\x80\x02\((?:K.|M..|J....)+t(?:q.|r....)?"
                          rb"(?:N|G........|\((?:G........)+t(?:q.|r....)?)", re.DOTALL)


def ids_weights(data: bytes, count: int, compressed: bool):
    """(ids, weights, None) of a block's data (count postings), without unpickling the
    values: Whoosh pickles each posting's positions as a bytes object (a call to
    _codecs.encode per posting), 90 % of the time of loading a block (0.59 µs per posting;
    ids and weights alone 0.045 µs), and they take most of its bytes. Only the head of the
    pickle is decompressed (ids of 1-2 bytes and weights of 8 fill 12 bytes a posting), cut
    after the weights and closed with (None, TUPLE3, STOP); a block laid out otherwise is
    unpickled whole."""
    head = zlib.decompressobj().decompress(data, 12 * count + 24) if compressed else data
    # the weights follow the ids' TUPLE and its memo put 0, as n times G + a double
    at = head.find(b"tq\x00(G")
    end = at + 5 + 9 * count
    if at > 0 and end <= len(head) and head[end - 1:end] == b"t":
        got = loads(head[:end] + b"N\x87.")
        if len(got[0]) == count:
            return got
    full = zlib.decompress(data) if compressed else data
    m = _IDS_WEIGHTS.match(full)
    return loads(full[:m.end()] + b"N\x87." if m else full)


def _blocks(m, values: bool = True):
    """The blocks of a posting list as Whoosh wrote them: (delta-coded ids, weights,
    values). values=False leaves the values (positions) out: None in their place."""
    for info, data in block_records(m):
        if values:
            yield loads(zlib.decompress(data) if info[3] else data)  # info[3]: compressed
        else:
            yield ids_weights(data, info[0], bool(info[3]))


def block_records(m):
    """(info, data) of each block of a posting list: the list is read from the file in one
    piece and taken apart here: per block a 4-byte signed length (negative on the last
    block), a pickled info tuple (count, last id, max weight, compressed, min and max
    length), and the pickled data, zlib-compressed when the info says so."""
    start = m._baseoffset
    length = m._length[0] if isinstance(m._length, tuple) else m._length  # a 1-tuple in Whoosh-Reloaded
    raw = m._postfile.get(start, m._startoffset + length - start)
    bio = BytesIO(raw)
    pos = 0
    while pos < len(raw):
        (length,) = _INT.unpack_from(raw, pos)
        last = length < 0
        length = abs(length)
        bio.seek(pos + 4)
        info = load(bio)
        yield info, raw[bio.tell():pos + 4 + length]
        if last:
            return
        pos += 4 + length


def _raw_matcher(leaf, field: str, btext: bytes):
    """Whoosh's own reader of a posting list, without the deleted-docs wrapper: a block
    reader, or for a short list stored inline a list matcher."""
    return leaf._terms.matcher(field, btext, leaf.schema[field].format)


def postings(arrays: Arrays, leaves, field: str, btext: bytes, weights: bool = True, values: bool = False):
    """(page numbers, term frequencies) of one term over all segments, live pages only,
    page numbers ascending; with values=True a third element, the encoded positions of
    each posting (decode with the field format's decode_positions)."""
    ids: list[int] = []
    ws = array("f")
    vs: list = []
    for leaf, off in leaves:
        if (field, btext) not in leaf:
            continue
        got_lists = None if values else postlists.read(leaf, off, field, btext)
        if got_lists is not None:  # the segment keeps the list as arrays
            ids.extend(got_lists[0])
            if weights:
                ws.extend(array("f", got_lists[1]))
            continue
        m = _raw_matcher(leaf, field, btext)
        if not hasattr(m, "_postfile"):  # inline list
            while m.is_active():
                ids.append(m.id() + off)
                if weights:
                    ws.append(m.weight())
                if values:
                    vs.append(m.value())
                m.next()
            continue
        for data in _blocks(m, values):
            got = data[0] if m._byteids else accumulate(data[0])
            start = len(ids)
            ids.extend(map(off.__add__, got) if off else got)
            if values:
                vs.extend(data[2])
            if weights:
                w = data[1]
                if w is None:
                    w = [1.0] * (len(ids) - start)
                elif isinstance(w, float):
                    w = [w] * (len(ids) - start)
                ws.extend(array("f", w))
    if not arrays.all_live and ids:
        keep = [arrays.live[i] for i in ids]
        ids = list(compress(ids, keep))
        ws = array("f", compress(ws, keep)) if weights else ws
        vs = list(compress(vs, keep)) if values else vs
    tf = ws.tolist() if weights else None
    return (ids, tf, vs) if values else (ids, tf)


def _union(parts: list[Hits]) -> Hits:
    """Pages of any part, scores added (as Whoosh's OR)."""
    parts = [p for p in parts if p[0]]
    if not parts:
        return [], []
    if len(parts) == 1:
        return parts[0]
    acc = dict(zip(*parts[0]))
    get = acc.get
    for ids, sc in parts[1:]:
        for i, s in zip(ids, sc):
            acc[i] = get(i, 0.0) + s
    keys = sorted(acc)
    return keys, [acc[k] for k in keys]


def keep_allowed(ids: list[int], scores: list[float], allowed: bytearray) -> Hits:
    """The hits on pages the mask allows."""
    keep = [allowed[i] for i in ids]
    return list(compress(ids, keep)), list(compress(scores, keep))


def live_doc_count(arrays: Arrays) -> int:
    return len(set(compress(arrays.docord, arrays.live)))


class Scorer:
    """Evaluates (rewritten) query trees on one searcher."""

    def __init__(self, searcher, arrays: Arrays):
        self.s = searcher
        self.r = searcher.reader()
        self.leaves = list(self.r.leaf_readers())
        self.a = arrays
        self.schema = searcher.schema
        self.allowed: bytearray | None = None  # pages passing the filters (None: all)
        self._read: dict[tuple[str, bytes], tuple] = {}  # this search only: (ids, tf, positions)

    # -- scored page sets -----------------------------------------------------------------
    def scores(self, node: Q.Query, want_docs: int | None = None) -> Hits:
        """(page numbers ascending, scores) of the pages a plain query (no AND/NOT) matches.
        want_docs: for phrases with very many candidate pages, enough pages are checked to
        fill this many documents (best candidates first) instead of all of them."""
        if isinstance(node, Q.Term):
            return self._term(node)
        if isinstance(node, Q.Or):
            ids, sc = _union([self.scores(c, want_docs) for c in node.children()])
            return ids, ([s * node.boost for s in sc] if node.boost != 1.0 else sc)
        if isinstance(node, (Q.Prefix, Q.Wildcard)):
            return self._multiterm(node)
        if isinstance(node, Q.Phrase):
            return self._phrase(node, want_docs)
        if node is Q.NullQuery or isinstance(node, type(Q.NullQuery)):
            return [], []
        raise Unsupported(type(node).__name__)

    def _btext(self, field: str, text) -> bytes | None:
        if field not in self.schema:
            return None
        try:
            return self.schema[field].to_bytes(text)
        except ValueError:
            return None

    def _postings(self, field: str, bt: bytes, values: bool = False):
        """postings() of a term, read once per search (a query can name a term twice: AND
        per document, then scoring); the positions are kept when a phrase needs them."""
        key = (field, bt)
        got = self._read.get(key)
        if got is None or (values and got[2] is None):
            got = postings(self.a, self.leaves, field, bt, values=values)
            if not values:
                got = got + (None,)
            self._read[key] = got
        return got

    def _term(self, node: Q.Term) -> Hits:
        field = node.fieldname
        bt = self._btext(field, node.text)
        if bt is None:
            return [], []
        ids, tf, _ = self._postings(field, bt)
        if not ids:
            return ids, []
        if self.schema[field].scorable:
            # Whoosh's BM25F, bm25(idf, tf, fl, avgfl, B, K1) =
            # idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))), with the same
            # idf, average length and byte-rounded page lengths; the length part per length
            idf = self.s.idf(field, bt)
            avgfl = self.a.avg_length(self.s, field)
            fl = self.a.field_lengths(self.r, field)
            den = self.a.denominators(self.r, field, avgfl)
            k1p1 = K1 + 1
            sc = [idf * ((t * k1p1) / (t + den[fl[i]])) for i, t in zip(ids, tf)]
        else:
            sc = list(tf)  # Whoosh's WeightScorer
        if node.boost != 1.0:
            sc = [s * node.boost for s in sc]
        return ids, sc

    def _multiterm(self, node) -> Hits:
        btexts = []
        for i, bt in enumerate(node._btexts(self.r)):
            if i >= MULTITERM_MAX:
                raise Unsupported("prefix matches too many words")
            if bt:
                btexts.append(bt)
        if len(btexts) == 1:  # as Whoosh: one word is scored as that word
            return self._term(Q.Term(node.fieldname, btexts[0].decode("utf-8"), boost=node.boost))
        counts: Counter[int] = Counter()
        for bt in btexts:
            counts.update(postings(self.a, self.leaves, node.fieldname, bt, weights=False)[0])
        # Whoosh scores the words of a prefix unweighted: a page counts 1 per word it holds
        ids = sorted(counts)
        return ids, [float(counts[i]) * node.boost for i in ids]

    def _phrase(self, node: Q.Phrase, want_docs: int | None) -> Hits:
        words = [Q.Term(node.fieldname, w) for w in node.words]
        if not words:
            return [], []
        for w in node.words:  # read once, with the positions the check needs
            bt = self._btext(node.fieldname, w)
            if bt is not None:
                self._postings(node.fieldname, bt, values=True)
        scored = [self._term(t) for t in words]
        ids, sc = scored[0]
        if self.allowed is not None:  # only pages that pass the filters are worth checking
            ids, sc = keep_allowed(ids, sc, self.allowed)
        for oids, osc in scored[1:]:
            other = dict(zip(oids, osc))
            both = [(i, s + other[i]) for i, s in zip(ids, sc) if i in other]
            ids, sc = [i for i, _s in both], [s for _i, s in both]
        if node.boost != 1.0:
            sc = [s * node.boost for s in sc]
        if len(ids) <= PHRASE_VERIFY_ALL or want_docs is None:
            ok = self._verify(node, ids)
            return list(compress(ids, ok)), list(compress(sc, ok))
        # many candidates: check the best first until want_docs documents have a real
        # phrase hit, then every candidate page of those documents (for their page counts)
        order = sorted(range(len(ids)), key=lambda j: -sc[j])  # stable: ties keep page order
        checked = bytearray(len(ids))
        okm = bytearray(len(ids))
        docord = self.a.docord
        k = 256
        while True:
            take = [j for j in order[:k] if not checked[j]]
            for j, good in zip(take, self._verify(node, [ids[j] for j in take])):
                okm[j] = good
                checked[j] = 1
            docs = {docord[i] for i in compress(ids, okm)}
            if len(docs) >= want_docs or k >= len(ids):
                break
            k *= 4
        rest = [j for j in range(len(ids)) if not checked[j] and docord[ids[j]] in docs]
        for j, good in zip(rest, self._verify(node, [ids[j] for j in rest])):
            okm[j] = good
        return list(compress(ids, okm)), list(compress(sc, okm))

    def _verify(self, node: Q.Phrase, ids: list[int]) -> list[bool]:
        """Which of the candidate pages (any order; each holds every word) hold the words
        in a row: their positions, already read with the postings, are compared (stop
        words take no position, so "regio en aanpak" holds "regio aanpak", as in Whoosh)."""
        if not ids:
            return []
        if node.slop != 1:
            raise Unsupported("phrase with slop")
        fmt = self.schema[node.fieldname].format
        per_word = []
        for w in node.words:
            bt = self._btext(node.fieldname, w)
            wids, _tf, vals = self._postings(node.fieldname, bt, values=True)
            at = dict(zip(wids, vals))
            per_word.append([at[i] for i in ids])
        decode = fmt.decode_positions
        out = []
        for i in range(len(ids)):
            first = decode(per_word[0][i])
            rest = [set(decode(v[i])) for v in per_word[1:]]
            out.append(any(all(p + k in r for k, r in enumerate(rest, start=1)) for p in first))
        return out

    # -- unscored sets --------------------------------------------------------------------
    def pages(self, node: Q.Query) -> bytearray:
        """0/1 mask over page numbers of the pages a filter query matches."""
        n = self.a.n
        if isinstance(node, Q.And):
            mask = bytearray(b"\x01") * n
            for c in node.children():
                mask = mask_and(mask, self.pages(c))
            return mask_and(mask, self.a.live)
        if isinstance(node, Q.Or):
            mask = bytearray(n)
            for c in node.children():
                mask = mask_or(mask, self.pages(c))
            return mask
        if isinstance(node, Q.Term):
            bt = self._btext(node.fieldname, node.text)
            if bt is None:
                return bytearray(n)
            if node.fieldname in FILTER_FIELDS:  # few values, asked again and again: kept
                return bytearray(self.a.filter_mask(node.fieldname, bt, self._term_mask))
            return self._term_mask(node.fieldname, bt)
        if isinstance(node, Q.NumericRange) and node.fieldname == "date":  # DateRange too
            dates, pages = self.a.dates(self.r)
            lo, hi = 0, len(dates)
            if node.start is not None:
                lo = (bisect_right if node.startexcl else bisect_left)(dates, int(node.start))
            if node.end is not None:
                hi = (bisect_left if node.endexcl else bisect_right)(dates, int(node.end))
            return mask_and(mask_of(n, pages[lo:hi]), self.a.live)
        raise Unsupported(type(node).__name__)

    def _term_mask(self, field: str, bt: bytes) -> bytearray:
        return mask_of(self.a.n, postings(self.a, self.leaves, field, bt, weights=False)[0])

    def _doc_mask(self, page_ids) -> bytearray:
        return mask_of(len(self.a.doc_names), map(self.a.docord.__getitem__, page_ids))

    def docs(self, node: Q.Query, plain) -> bytearray:
        """0/1 mask over document ordinals: AND/OR/NOT taken per document (a document
        matches "a b" when some page has a and some page has b). plain(node) says whether a
        node has no AND/NOT below it."""
        nd = len(self.a.doc_names)
        if plain(node):
            return self._doc_mask(self.scores(node)[0])
        if isinstance(node, Q.Not):
            return mask_and(self._all_docs(), mask_not(self.docs(node.query, plain)))
        if isinstance(node, Q.AndNot):
            return mask_and(self.docs(node.a, plain), mask_not(self.docs(node.b, plain)))
        if isinstance(node, Q.AndMaybe):
            return self.docs(node.a, plain)
        if isinstance(node, Q.Require):
            return mask_and(self.docs(node.a, plain), self.docs(node.b, plain))
        if isinstance(node, Q.And):
            out = None
            for c in node.children():
                if _doc_field_only(c):
                    got = self._doc_mask(nonzero(self.pages(c)))
                else:
                    got = self.docs(c, plain)
                out = got if out is None else mask_and(out, got)
            return out if out is not None else bytearray(nd)
        if isinstance(node, Q.Or):
            out = bytearray(nd)
            for c in node.children():
                out = mask_or(out, self.docs(c, plain))
            return out
        raise Unsupported(type(node).__name__)

    def _all_docs(self) -> bytearray:
        return self._doc_mask(nonzero(self.a.live))


DOC_FIELDS = {"type", "series", "series_key", "date", "redacted", "doc_id", "source"}


def own_pages(sc: Scorer, node: Q.Query, ranked) -> set[int]:
    """The pages of the ranked documents (rank()'s result) that node matches: phrases are
    checked on those pages only, so this costs little beside the search itself."""
    mask = bytearray(sc.a.n)
    for _d, units, _c in ranked:
        for _s, n in units:
            mask[n] = 1
    saved, sc.allowed = sc.allowed, mask
    try:
        ids = sc.scores(node)[0]
    finally:
        sc.allowed = saved
    return {i for i in ids if mask[i]}


def _doc_field_only(node: Q.Query) -> bool:
    return all(getattr(t, "fieldname", None) in DOC_FIELDS for t in node.leaves())


def rank(arrays: Arrays, ids: list[int], scores: list[float], doc_ok: bytearray | None,
         limit: int) -> list[tuple[int, list[tuple[float, int]], int]]:
    """Page hits -> the best `limit` documents: (doc ordinal, its pages best first as
    (score, page number), number of its pages that matched). Order as the Whoosh path:
    best page score, then more matching pages, then natural order of the id."""
    if not ids:
        return []
    docs = list(map(arrays.docord.__getitem__, ids))
    if doc_ok is not None:
        keep = [doc_ok[d] for d in docs]
        ids, scores, docs = list(compress(ids, keep)), list(compress(scores, keep)), list(compress(docs, keep))
        if not ids:
            return []
    best: dict[int, float] = {}
    count: Counter[int] = Counter(docs)
    for d, s in zip(docs, scores):
        if s > best.get(d, _MINUS_INF):
            best[d] = s
    cand = sorted(best)
    # scores as Whoosh's float32 results compare: equal floats tie, then count, then name;
    # names are compared only among the documents tied at the cut
    best32 = dict(zip(cand, f32(best[d] for d in cand)))

    def key(d: int) -> tuple[float, int]:
        return -best32[d], -count[d]

    order = sorted(cand, key=key)
    if len(order) > limit:
        cut, at = limit, key(order[limit - 1])
        while cut < len(order) and key(order[cut]) == at:
            cut += 1
        order = order[:cut]
    from .fulltext import _natural

    names = arrays.doc_names
    top = sorted(order, key=lambda d: (-best32[d], -count[d], _natural(names[d])))[:limit]
    by_doc: dict[int, list[tuple[float, int]]] = {d: [] for d in top}
    sel = [d in by_doc for d in docs]
    for d, sc, n in zip(compress(docs, sel), f32(compress(scores, sel)), compress(ids, sel)):
        by_doc[d].append((sc, n))
    return [(d, sorted(by_doc[d], key=lambda x: (-x[0], x[1])), count[d]) for d in top]
