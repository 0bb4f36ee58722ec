"""Scoring page hits with numpy, for the query shapes users type most.

Why: Whoosh scores a match one posting at a time in Python (about 3 µs each). A common word
of this archive ("jeugdhulp", "gemeente") stands on half of all pages, so at 100,000 pages a
one-word search spent ~0.3 s in Whoosh's scorer and as much again grouping pages into
documents. Here a term's postings are read block by block straight from Whoosh's posting
file (ids and term frequencies, as Whoosh stored them) and scored with the same BM25F formula
and statistics Whoosh uses, on arrays; grouping pages per document is array work too.

What it covers: terms (any field), OR of them (a word and its compounds, content and title),
prefix and wildcard words (constant score, as Whoosh), phrases (their words' postings
intersected, then the phrase checked by Whoosh on the candidate pages only), and the
filters the app sets (type, series, date range, redacted). Anything else raises
Unsupported and the caller runs the plain Whoosh path, so results never depend on whether
this module understood a query.
"""

from __future__ import annotations

import struct
import threading
import zlib
from io import BytesIO
from pickle import load, loads

import numpy as np
from whoosh import query as Q
from whoosh.scoring import bm25

_INT = struct.Struct("!i")  # Whoosh's block length prefix
PHRASE_VERIFY_ALL = 2000  # candidate pages up to which every candidate is checked at once
MULTITERM_MAX = 500  # words a prefix or wildcard expands to at most (as the highlighter)


class Unsupported(Exception):
    """The query has a part this module does not evaluate: use Whoosh."""


class Arrays:
    """Per index state (one per reader generation): page number -> document ordinal,
    field lengths, dates, live pages. Built once (~0.1-0.3 s at 100,000 pages) and reused
    by every search until the index changes."""

    def __init__(self, reader):
        n = reader.doc_count_all()
        self.n = n
        col = reader.column_reader("doc_id")
        names = list(col)  # one value per page number, deleted pages included
        ids: dict[str, int] = {}
        self.docord = np.fromiter((ids.setdefault(v, len(ids)) for v in names), dtype=np.int32, count=n)
        self.doc_names = list(ids)
        self.live = np.ones(n, dtype=bool)
        for leaf, off in reader.leaf_readers():
            dels = leaf.deleted_docs_set if hasattr(leaf, "deleted_docs_set") else set()
            if dels:
                self.live[np.fromiter(dels, dtype=np.int64) + off] = False
        self.lengths: dict[str, np.ndarray] = {}
        self._dates = None
        self.lock = threading.Lock()

    # the readers passed in are of the same index version as the one this was built from
    def field_lengths(self, r, field: str) -> np.ndarray:
        with self.lock:
            got = self.lengths.get(field)
            if got is None:
                got = np.concatenate([_leaf_lengths(leaf, field) for leaf, _off in r.leaf_readers()])
                self.lengths[field] = got
            return got

    def dates(self, r) -> np.ndarray:
        """Raw date column (Whoosh's microseconds since year 1; no date: 2**64-1)."""
        with self.lock:
            if self._dates is None:
                out = np.full(self.n, 2**64 - 1, dtype=np.uint64)
                for leaf, off in r.leaf_readers():  # a segment without dates has no column
                    if leaf.has_column("date"):
                        col = leaf.column_reader("date", translate=False)
                        m = leaf.doc_count_all()
                        out[off:off + m] = np.fromiter((int(col[i]) for i in range(m)), dtype=np.uint64, count=m)
                self._dates = out
            return self._dates


def _leaf_lengths(leaf, field: str) -> np.ndarray:
    """Length of field on each page of one segment, as Whoosh's scorer sees it (rounded
    through one byte). The segment keeps the bytes in one run: read it at once (0.1 s -> 2 ms
    at 100,000 pages); any other layout is read page by page."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.util.numeric import byte_to_length

    n = leaf.doc_count_all()
    try:
        col = leaf._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        if col is None:
            return np.zeros(n, dtype=np.float32)
        if col._fixedlen != 1:
            raise AttributeError("not one byte per page")
        raw = np.frombuffer(col._dbfile.get(col._basepos, col._count), dtype=np.uint8)
        table = np.asarray([byte_to_length(b) if b else 0 for b in range(256)], dtype=np.float32)
        out = np.zeros(n, dtype=np.float32)
        out[:len(raw)] = table[raw[:n]]
        return out
    except AttributeError:
        return np.fromiter((leaf.doc_field_length(i, field, 0) or 0 for i in range(n)), dtype=np.float32, count=n)


def _blocks(m):
    """The blocks of a posting list as Whoosh wrote them: (delta-coded ids, weights,
    values). The list is read from the file in one piece and taken apart here: per block
    a 4-byte signed length (negative on the last block), a pickled info tuple, and the
    pickled data, zlib-compressed when the info says so. The values hold positions a plain
    term does not need, but they share the block's one record."""
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
        data = raw[bio.tell():pos + 4 + length]
        if info[3]:  # compression
            data = zlib.decompress(data)
        yield loads(data)
        if last:
            return
        pos += 4 + length


def _raw_matcher(leaf, field: str, btext: bytes):
    """Whoosh's own reader of a posting list, without the deleted-docs wrapper: a block
    reader, or for a short list stored inline a list matcher."""
    return leaf._terms.matcher(field, btext, leaf.schema[field].format)


def _small_list(m, off: int, weights: bool, values: bool):
    ids, ws, vs = [], [], []
    while m.is_active():
        ids.append(m.id())
        if weights:
            ws.append(m.weight())
        if values:
            vs.append(m.value())
        m.next()
    return (np.asarray(ids, dtype=np.int64) + off,
            np.asarray(ws, dtype=np.float32) if weights else None, vs)


def postings(arrays: Arrays, leaves, field: str, btext: bytes, weights: bool = True, values: bool = False):
    """(page numbers, term frequencies) of one term over all segments, live pages only,
    page numbers ascending; with values=True a third element, the encoded positions of
    each posting (an object array; decode with the field format's decode_positions)."""
    id_parts, w_parts, v_parts = [], [], []
    for leaf, off in leaves:
        if (field, btext) not in leaf:
            continue
        m = _raw_matcher(leaf, field, btext)
        if not hasattr(m, "_postfile"):  # inline list
            i, w, v = _small_list(m, off, weights, values)
            id_parts.append(i)
            if weights:
                w_parts.append(w)
            if values:
                v_parts.append(v)
            continue
        for data in _blocks(m):
            ids = np.asarray(data[0], dtype=np.int64)
            if not m._byteids:
                ids = np.cumsum(ids)
            id_parts.append(ids + off)
            if values:
                v_parts.append(data[2])
            if weights:
                w = data[1]
                if w is None:
                    w_parts.append(np.ones(len(ids), dtype=np.float32))
                elif isinstance(w, float):
                    w_parts.append(np.full(len(ids), w, dtype=np.float32))
                else:
                    w_parts.append(np.asarray(w, dtype=np.float32))
    if not id_parts:
        empty = (np.empty(0, dtype=np.int64), (np.empty(0, dtype=np.float32) if weights else None))
        return empty + (np.empty(0, dtype=object),) if values else empty
    ids = np.concatenate(id_parts)
    ws = np.concatenate(w_parts) if weights else None
    vs = None
    if values:
        vs = np.empty(len(ids), dtype=object)
        vs[:] = [v for part in v_parts for v in part]
    keep = arrays.live[ids]
    if not keep.all():
        ids = ids[keep]
        ws = ws[keep] if ws is not None else None
        vs = vs[keep] if vs is not None else None
    return (ids, ws, vs) if values else (ids, ws)


def _union(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Pages of any part, scores added (as Whoosh's OR)."""
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    if len(parts) == 1:
        return parts[0]
    ids = np.concatenate([p[0] for p in parts])
    sc = np.concatenate([p[1] for p in parts])
    uniq, inv = np.unique(ids, return_inverse=True)
    return uniq, np.bincount(inv, weights=sc, minlength=len(uniq))


class Scorer:
    """Evaluates (rewritten) query trees on one searcher with numpy."""

    def __init__(self, searcher, arrays: Arrays):
        self.s = searcher
        self.r = searcher.reader()
        self.leaves = list(self.r.leaf_readers())
        self.a = arrays
        self.schema = searcher.schema
        self.allowed: np.ndarray | None = None  # pages passing the filters (None: all)
        self._read: dict[tuple[str, bytes], tuple] = {}  # this search only: (ids, tf, positions)

    # -- scored page sets -----------------------------------------------------------------
    def scores(self, node: Q.Query, want_docs: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(page numbers ascending, scores) of the pages a plain query (no AND/NOT) matches.
        want_docs: for phrases with very many candidate pages, enough pages are checked to
        fill this many documents (best candidates first) instead of all of them."""
        if isinstance(node, Q.Term):
            return self._term(node)
        if isinstance(node, Q.Or):
            ids, sc = _union([self.scores(c, want_docs) for c in node.children()])
            return ids, (sc * node.boost if node.boost != 1.0 else sc)
        if isinstance(node, (Q.Prefix, Q.Wildcard)):
            return self._multiterm(node)
        if isinstance(node, Q.Phrase):
            return self._phrase(node, want_docs)
        if node is Q.NullQuery or isinstance(node, type(Q.NullQuery)):
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
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

    def _term(self, node: Q.Term) -> tuple[np.ndarray, np.ndarray]:
        field = node.fieldname
        bt = self._btext(field, node.text)
        if bt is None:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
        ids, tf, _ = self._postings(field, bt)
        if not len(ids):
            return ids, np.empty(0, dtype=np.float64)
        if self.schema[field].scorable:
            # Whoosh's BM25F: the same idf, average length and byte-rounded page lengths
            idf = self.s.idf(field, bt)
            avgfl = self.s.avg_field_length(field) or 1
            fl = self.a.field_lengths(self.r, field)[ids]
            sc = bm25(idf, tf.astype(np.float64), fl.astype(np.float64), avgfl, 0.75, 1.2)
        else:
            sc = tf.astype(np.float64)  # Whoosh's WeightScorer
        if node.boost != 1.0:
            sc = sc * node.boost
        return ids, sc

    def _multiterm(self, node) -> tuple[np.ndarray, np.ndarray]:
        btexts = []
        for i, bt in enumerate(node._btexts(self.r)):
            if i >= MULTITERM_MAX:
                raise Unsupported("prefix matches too many words")
            if bt:
                btexts.append(bt)
        if len(btexts) == 1:  # as Whoosh: one word is scored as that word
            return self._term(Q.Term(node.fieldname, btexts[0].decode("utf-8"), boost=node.boost))
        parts = [postings(self.a, self.leaves, node.fieldname, bt, weights=False)[0] for bt in btexts]
        if not parts:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
        # Whoosh scores the words of a prefix unweighted: a page counts 1 per word it holds
        ids, counts = np.unique(np.concatenate(parts), return_counts=True)
        return ids, counts.astype(np.float64) * node.boost

    def _phrase(self, node: Q.Phrase, want_docs: int | None) -> tuple[np.ndarray, np.ndarray]:
        words = [Q.Term(node.fieldname, w) for w in node.words]
        if not words:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
        for w in node.words:  # read once, with the positions the check needs
            bt = self._btext(node.fieldname, w)
            if bt is not None:
                self._postings(node.fieldname, bt, values=True)
        scored = [self._term(t) for t in words]
        ids, sc = scored[0]
        if self.allowed is not None:  # only pages that pass the filters are worth checking
            keep = self.allowed[ids]
            ids, sc = ids[keep], sc[keep]
        for oids, osc in scored[1:]:
            ids, ia, ib = np.intersect1d(ids, oids, assume_unique=True, return_indices=True)
            sc = sc[ia] + osc[ib]
        if node.boost != 1.0:
            sc = sc * node.boost
        if len(ids) <= PHRASE_VERIFY_ALL or want_docs is None:
            ok = self._verify(node, ids)
            return ids[ok], sc[ok]
        # many candidates: check the best first until want_docs documents have a real
        # phrase hit, then every candidate page of those documents (for their page counts)
        order = np.argsort(-sc, kind="stable")
        checked = np.zeros(len(ids), dtype=bool)
        ok = np.zeros(len(ids), dtype=bool)
        k = 256
        while True:
            take = order[:k]
            take = take[~checked[take]]
            ok[take] = self._verify(node, ids[take])
            checked[take] = True
            docs = np.unique(self.a.docord[ids[ok]])
            if len(docs) >= want_docs or k >= len(ids):
                break
            k *= 4
        rest = ~checked & np.isin(self.a.docord[ids], docs)
        ok[rest] = self._verify(node, ids[rest])
        return ids[ok], sc[ok]

    def _verify(self, node: Q.Phrase, ids: np.ndarray) -> np.ndarray:
        """Which of the candidate pages (any order; each holds every word) hold the words
        in a row: their positions, already read with the postings, are compared (stop
        words take no position, so "regio en aanpak" holds "regio aanpak", as in Whoosh)."""
        out = np.zeros(len(ids), dtype=bool)
        if not len(ids):
            return out
        if node.slop != 1:
            raise Unsupported("phrase with slop")
        fmt = self.schema[node.fieldname].format
        per_word = []
        for w in node.words:
            bt = self._btext(node.fieldname, w)
            wids, _tf, vals = self._postings(node.fieldname, bt, values=True)
            per_word.append(vals[np.searchsorted(wids, ids)])
        decode = fmt.decode_positions
        for i in range(len(ids)):
            first = decode(per_word[0][i])
            rest = [set(decode(v[i])) for v in per_word[1:]]
            out[i] = any(all(p + k in r for k, r in enumerate(rest, start=1)) for p in first)
        return out

    # -- unscored sets --------------------------------------------------------------------
    def pages(self, node: Q.Query) -> np.ndarray:
        """Boolean mask over page numbers of the pages a filter query matches."""
        mask = np.zeros(self.a.n, dtype=bool)
        if isinstance(node, Q.And):
            mask[:] = True
            for c in node.children():
                mask &= self.pages(c)
            return mask & self.a.live
        if isinstance(node, Q.Or):
            for c in node.children():
                mask |= self.pages(c)
            return mask
        if isinstance(node, Q.Term):
            bt = self._btext(node.fieldname, node.text)
            if bt is not None:
                ids, _ = postings(self.a, self.leaves, node.fieldname, bt, weights=False)
                mask[ids] = True
            return mask
        if isinstance(node, Q.NumericRange) and node.fieldname == "date":  # DateRange too
            d = self.a.dates(self.r)
            sel = d != np.uint64(2**64 - 1)  # no date
            if node.start is not None:
                lo = np.uint64(node.start)
                sel &= (d > lo) if node.startexcl else (d >= lo)
            if node.end is not None:
                hi = np.uint64(node.end)
                sel &= (d < hi) if node.endexcl else (d <= hi)
            return sel & self.a.live
        raise Unsupported(type(node).__name__)

    def docs(self, node: Q.Query, plain) -> np.ndarray:
        """Boolean mask over document ordinals: AND/OR/NOT taken per document (a document
        matches "a b" when some page has a and some page has b). plain(node) says whether a
        node has no AND/NOT below it."""
        nd = len(self.a.doc_names)
        if plain(node):
            ids, _ = self.scores(node)
            mask = np.zeros(nd, dtype=bool)
            mask[self.a.docord[ids]] = True
            return mask
        if isinstance(node, Q.Not):
            return self._all_docs() & ~self.docs(node.query, plain)
        if isinstance(node, Q.AndNot):
            return self.docs(node.a, plain) & ~self.docs(node.b, plain)
        if isinstance(node, Q.AndMaybe):
            return self.docs(node.a, plain)
        if isinstance(node, Q.Require):
            return self.docs(node.a, plain) & self.docs(node.b, plain)
        if isinstance(node, Q.And):
            out = None
            for c in node.children():
                if _doc_field_only(c):
                    got = np.zeros(nd, dtype=bool)
                    got[self.a.docord[np.flatnonzero(self.pages(c))]] = True
                else:
                    got = self.docs(c, plain)
                out = got if out is None else out & got
            return out if out is not None else np.zeros(nd, dtype=bool)
        if isinstance(node, Q.Or):
            out = np.zeros(nd, dtype=bool)
            for c in node.children():
                out |= self.docs(c, plain)
            return out
        raise Unsupported(type(node).__name__)

    def _all_docs(self) -> np.ndarray:
        mask = np.zeros(len(self.a.doc_names), dtype=bool)
        mask[self.a.docord[self.a.live]] = True
        return mask


DOC_FIELDS = {"type", "series", "series_key", "date", "redacted", "doc_id", "source"}


def own_pages(sc: Scorer, node: Q.Query, ranked) -> set[int]:
    """The pages of the ranked documents (rank()'s result) that node matches: phrases are
    checked on those pages only, so this costs little beside the search itself."""
    mask = np.zeros(sc.a.n, dtype=bool)
    mask[[n for _d, units, _c in ranked for _s, n in units]] = True
    saved, sc.allowed = sc.allowed, mask
    try:
        ids = sc.scores(node)[0]
    finally:
        sc.allowed = saved
    return set(ids[mask[ids]].tolist())


def _doc_field_only(node: Q.Query) -> bool:
    return all(getattr(t, "fieldname", None) in DOC_FIELDS for t in node.leaves())


def rank(arrays: Arrays, ids: np.ndarray, scores: np.ndarray, doc_ok: np.ndarray | None,
         limit: int) -> list[tuple[int, list[tuple[float, int]], int]]:
    """Page hits -> the best `limit` documents: (doc ordinal, its pages best first as
    (score, page number), number of its pages that matched). Order as the Whoosh path:
    best page score, then more matching pages, then natural order of the id."""
    if not len(ids):
        return []
    docs = arrays.docord[ids]
    if doc_ok is not None:
        keep = doc_ok[docs]
        ids, scores, docs = ids[keep], scores[keep], docs[keep]
        if not len(ids):
            return []
    nd = len(arrays.doc_names)
    best = np.full(nd, -np.inf)
    np.maximum.at(best, docs, scores)
    count = np.bincount(docs, minlength=nd)
    cand = np.flatnonzero(count)
    # scores as Whoosh's float32 results compare: equal floats tie, then count, then name;
    # names are compared (in Python) only among the documents tied at the cut
    key_best = -best[cand].astype(np.float32)
    order = np.lexsort((-count[cand], key_best))
    if len(order) > limit:
        last = order[limit - 1]
        tied = (key_best[order] == key_best[last]) & (count[cand][order] == count[cand][last])
        order = order[:max(limit, int(np.flatnonzero(tied)[-1]) + 1)]
    from .fulltext import _natural

    names = arrays.doc_names
    picked = sorted(cand[order].tolist(), key=lambda d: (-float(np.float32(best[d])), -int(count[d]),
                                                          _natural(names[d])))
    top = np.asarray(picked[:limit], dtype=np.int64)
    sel = np.isin(docs, top)
    by_doc: dict[int, list[tuple[float, int]]] = {int(d): [] for d in top}
    for d, sc, n in zip(docs[sel].tolist(), scores[sel].tolist(), ids[sel].tolist()):
        by_doc[d].append((float(np.float32(sc)), n))
    out = []
    for d in top.tolist():
        pages = sorted(by_doc[d], key=lambda x: (-x[0], x[1]))
        out.append((d, pages, int(count[d])))
    return out
