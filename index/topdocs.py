"""The best documents of a query without scoring every page (issue 22).

fastsearch.Scorer scores every posting of a query's words. In this archive a common word
stands on most pages (85,000 of 100,000), and Whoosh's block "quality" data does not help:
every block of 128 postings holds a short page and a page with a high count, so the bound
of every block lies above the scores that make the top 20. A bound per *page* does: a
word's BM25 score rises with its count on the page (tf) and falls with the page's length,
so a page whose count of each word is below T (per word) and whose length is above L scores
below a bound that T and L give. Hence, per search:

1. the pages with the highest counts are scored exactly: the `limit`-th best document among
   them gives a score θ that the real top `limit` reaches at least;
2. thresholds T and a length L whose bound stays below θ are chosen (the fewest pages to
   score), and every page with a count ≥ T or a length ≤ L is scored exactly: no other page
   can reach the top;
3. the best documents among those, with each document's matching pages and their count
   taken from that document's own pages.

The work per posting is reading its id and count (fastsearch.ids_weights) and one
comparison done in C (itertools.compress); everything Python does per page is for a few
thousand pages. Scores are computed with the same expressions in the same order as
fastsearch.Scorer, so documents, order, pages, counts and scores are those of the full
scoring path to the last bit (tests/unit/test_topdocs.py compares them). A query this module
does not cover raises Unsupported, and the full scoring path answers it.

A word searched again in the same index version is not read again: from its second search
on, its page numbers, counts and rho (and the pages of its top tenth) are kept in
fastsearch.Arrays (bounded, least recently used out), and a page index (TermList.where)
replaces bisections. The first search of a word costs what it did without this.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, deque
from collections.abc import Sequence
import heapq
from itertools import accumulate, chain, compress, islice, repeat
from operator import neg, truediv

from whoosh import query as Q

from . import fastsearch as fast
from . import postlists
from .fastsearch import K1, Unsupported

ROUND_ONE = 8  # pages per wanted document scored first (per word), to learn θ
SMALL = 1024  # a word on at most this many pages: all of them are scored
MAX_SHARE = 0.4  # more candidate pages than this share of the postings: score everything
GUESS = 0.4  # a first bound this far from the score found toward the most a page can score
WHERE_PAGES = 512  # pages looked up in a kept word's list at once, above which TermList.where is made
WHERE_SHARE = 1 / 16  # pages looked up in a search, as a share of a word's postings, above which too
MARGIN = 1e-6  # relative: a bound this far below θ stays below it in float32 as well
FLAT_SAMPLE = 64  # rho values sampled of a segment's list without groups (Impacts.rho_at)


class TermList:
    """One word's postings over all segments: page numbers ascending (deleted pages
    included: callers check arrays.live), counts as float32, and per block what is
    needed to read its positions when a phrase asks for them. From `packed` (a list kept
    from an earlier search of the same index version) the blocks' data is read again from
    the posting file when positions are asked for."""

    def __init__(self, leaves, field: str, bt: bytes, packed: "Packed | None" = None):
        self._leaves, self._field, self._bt = leaves, field, bt
        self._values: dict[object, list] = {}  # block number (, block in a lazy segment) -> decoded values
        self._records: dict[int, list] = {}  # segment number -> its (info, data) per block
        self._lazy_starts: dict[int, list[int]] = {}  # segment number -> its blocks' first postings
        self.packed = packed
        self.kept = packed is not None  # read from a list kept by an earlier search
        self._where: array | None = packed.where if packed is not None else None  # where()
        self._asked = 0  # pages looked up by find_all
        if packed is not None:
            # the kept arrays themselves, not lists of them: every use is a C-level pass or a
            # look-up, and a list of 80,000 numbers made (and freed) per word and search cost
            # more than the search's own work with them
            self.ids: list[int] | array = packed.ids
            self.weights: list[float] | array = packed.weights
            self._blocks: list[tuple[int, tuple]] = packed.blocks
            self._starts = packed.starts
            self.parts: list[tuple] = packed.parts
            return
        self.ids = []
        self.weights = []  # as stored (whole numbers as ints); fastsearch rounds them to float32 (tf())
        self._blocks = []  # (index of the block's first posting, its data)
        self.parts = []  # per segment: (offset, first and end index in ids, its impact groups or None)
        for seg, (leaf, off) in enumerate(leaves):
            if (field, bt) not in leaf:
                continue
            start = len(self.ids)
            lazy = self._read_segment(seg, leaf, off, field, bt)
            groups = postlists.read_groups(leaf, field, bt) if lazy else None
            self.parts.append((off, start, len(self.ids), groups))
        self._starts = [b[0] for b in self._blocks]

    def _read_segment(self, seg: int, leaf, off: int, field: str, bt: bytes) -> bool:
        """Appends the segment's postings (and its blocks' data) to ids and weights; True
        when they came from the segment's arrays (postlists)."""
        got_lists = postlists.read(leaf, off, field, bt, False)  # whole counts as bytes
        if got_lists is not None:  # ids and weights as arrays; positions read when asked
            self._blocks.append((len(self.ids), ("lazy", seg)))
            self.ids.extend(got_lists[0])
            self.weights.extend(got_lists[1])
            return True
        m = fast._raw_matcher(leaf, field, bt)
        if not hasattr(m, "_postfile"):  # a short list stored inline
            vals: list = []
            self._blocks.append((len(self.ids), ("inline", vals)))
            while m.is_active():
                self.ids.append(m.id() + off)
                self.weights.append(m.weight())
                vals.append(m.value())
                m.next()
            return False
        for k, (info, data) in enumerate(fast.block_records(m)):
            got_ids, w, _ = fast.ids_weights(data, info[0], bool(info[3]))
            start = len(self.ids)
            self._blocks.append((start, (info, data, seg, k)))
            if m._byteids:
                self.ids.extend(map(off.__add__, got_ids) if off else got_ids)
            else:  # delta-coded: summed from the segment's offset (which is left out)
                got = accumulate(got_ids, initial=off)
                next(got)
                self.ids.extend(got)
            n = len(self.ids) - start
            if w is None:
                w = [1.0] * n
            elif isinstance(w, float):
                w = [w] * n
            self.weights.extend(w)
        return False

    def pack(self) -> "Packed":
        """What is kept of this list between searches: 12 bytes a posting, the blocks'
        data left in the file (the positions are what most of it holds)."""
        blocks = [(start, rec if rec[0] in ("inline", "lazy") else ("file", rec[2], rec[3]))
                  for start, rec in self._blocks]
        self.packed = Packed(array("i", self.ids), array("d", self.weights), blocks, self._starts, self.parts)
        return self.packed

    def tf(self, j: int) -> float:
        """The count of posting j as fastsearch.postings gives it (through float32)."""
        return array("f", (self.weights[j],))[0]

    def __len__(self) -> int:
        return len(self.ids)

    def find(self, page: int) -> int:
        """Index of page in ids, or -1."""
        if self._where is not None:
            return self._where[page]
        j = bisect_left(self.ids, page)
        return j if j < len(self.ids) and self.ids[j] == page else -1

    def find_all(self, pages: Sequence[int], n: int) -> list[int]:
        """find() of each page (n: the number of pages of the index): the bisections done
        in C, or a kept list's page index used (made when many pages are asked)."""
        self._asked += len(pages)
        if (self._where is not None or (self.kept and len(pages) > WHERE_PAGES)
                or self._asked > WHERE_SHARE * len(self.ids)):  # (a search that asks for many pages)
            return list(map(self.where(n).__getitem__, pages))
        ids = self.ids
        m = len(ids)
        # a page not in ids gets the index of the next one (or m): checked
        return [j if j < m and ids[j] == i else -1 for i, j in zip(pages, map(bisect_left, repeat(ids), pages))]

    def where(self, n: int) -> array:
        """Per page number (n of them) its index in ids, -1 where the word is not: find()
        without a bisection, for many pages; kept with the list (4 bytes a page). Made for
        kept lists, and for a search that looks up more pages of the word than a share of
        its postings (a few ms; a bisection costs about as much as 20 postings set here)."""
        got = self._where
        if got is None:
            got = self._where = array("i", [-1]) * n
            deque(map(got.__setitem__, self.ids, range(len(self.ids))), maxlen=0)
            if self.packed is not None:
                self.packed.where = got
        return got

    def value(self, j: int):
        """The encoded positions of posting j (its block is unpickled whole, once)."""
        b = bisect_right(self._starts, j) - 1
        start, rec = self._blocks[b]
        if rec[0] == "lazy":
            return self._lazy_value(b, rec[1], j - start)
        vals = self._values.get(b)
        if vals is None:
            if rec[0] == "inline":
                vals = rec[1]
            else:
                info, data = self._block_data(rec)
                vals = list(fast.loads(fast.zlib.decompress(data) if info[3] else data)[2])
            self._values[b] = vals
        return vals[j - self._starts[b]]

    def _block_data(self, rec: tuple) -> tuple:
        if rec[0] != "file":
            return rec[0], rec[1]
        _file, seg, k = rec
        return self._segment_records(seg)[k]

    def _segment_records(self, seg: int) -> list:
        got = self._records.get(seg)
        if got is None:  # the segment's list read again, once per search
            leaf = self._leaves[seg][0]
            got = self._records[seg] = list(fast.block_records(fast._raw_matcher(leaf, self._field, self._bt)))
        return got

    def _lazy_value(self, b: int, seg: int, local: int):
        """The encoded positions of the local-th posting of a segment read from its arrays
        (postlists): its Whoosh block is found by the blocks' counts and unpickled whole."""
        records = self._segment_records(seg)
        starts = self._lazy_starts.get(seg)
        if starts is None:
            starts = self._lazy_starts[seg] = list(accumulate((info[0] for info, _d in records), initial=0))
        k = bisect_right(starts, local) - 1
        vals = self._values.get((b, k))
        if vals is None:
            info, data = records[k]
            vals = self._values[(b, k)] = list(fast.loads(fast.zlib.decompress(data) if info[3] else data)[2])
        return vals[local - starts[k]]


class Packed:
    """A TermList kept in fastsearch.Arrays.term_lists (one index version) between searches."""

    __slots__ = ("ids", "weights", "blocks", "starts", "parts", "impacts", "where")

    def __init__(self, ids: array, weights: array, blocks: list, starts: list[int], parts: list[tuple]):
        self.ids, self.weights, self.blocks, self.starts, self.parts = ids, weights, blocks, starts, parts
        self.impacts: Impacts | None = None  # TopDocs._impacts
        self.where: array | None = None  # TermList.where


class Impacts:
    """A word's postings in groups of one rho each (what its score on a page rises with),
    best group first. A segment's groups come from its posting arrays (postlists: grouped
    by count and length byte when the segment was written, so a group's rho is computed
    once); a segment without them (an index written before) keeps a rho per posting,
    passed over by at_least, and a sample of them for rho_at. at_least and rho_at answer
    what the bounds ask without a pass over every posting of a grouped segment."""

    def __init__(self, tl: TermList, rho_of_key, rhos_of):
        self.tl = tl
        rhos: list[float] = []
        sizes: list[int] = []
        starts: list[int] = []  # a group's first posting within its segment's grouped ids
        parts: list[int] = []  # a group's segment (index in self._parts)
        self._parts: list[list] = []  # per segment: [offset, id code, its grouped ids as stored]
        self._flat: list[tuple[Sequence[int], list[float]]] = []  # segments without groups: (ids, rho)
        key_rho = _Memo(rho_of_key)  # the rho of each (count, length byte), once
        for off, start, end, groups in tl.parts:
            if groups is not None:
                keys, gsizes, code, raw = groups
                rhos.extend(map(key_rho.__getitem__, keys))
                p = len(self._parts)
                self._parts.append([off, code, raw])
            else:  # no groups: each posting's rho (in C), and for the bounds a sample of them
                rl = list(rhos_of(start, end))
                if not rl:
                    continue
                self._flat.append((tl.ids[start:end], rl))
                step = max(1, len(rl) // FLAT_SAMPLE)
                sample = rl[::step]  # each stands for step postings, the last for the rest
                gsizes = [0] + [step] * (len(sample) - 1) + [len(rl) - step * (len(sample) - 1)]
                rhos.append(max(rl))
                rhos.extend(sample)
                starts.extend([0] * len(gsizes))
                parts.extend([-1] * len(gsizes))  # (no ids of their own: at_least reads _flat)
                sizes.extend(gsizes)
                continue
            sizes.extend(gsizes)
            starts.extend(accumulate(gsizes, initial=0))
            starts.pop()
            parts.extend([p] * len(gsizes))
        order = sorted(range(len(rhos)), key=rhos.__getitem__, reverse=True)
        self.rho = list(map(rhos.__getitem__, order))  # best first
        self._size = list(map(sizes.__getitem__, order))
        self._start = list(map(starts.__getitem__, order))
        self._part = list(map(parts.__getitem__, order))
        self._cum = list(accumulate(self._size))  # postings in the groups up to each one
        self.total = self._cum[-1] if self._cum else 0
        self.most = self.rho[0] if self.rho else 0.0

    def rho_at(self, m: int) -> float:
        """The rho of the m-th best posting (from 0; 0 past the last)."""
        g = bisect_right(self._cum, m)
        return self.rho[g] if g < len(self.rho) else 0.0

    def at_least(self, cut: float, keep: bytearray | None = None):
        """The pages (that keep allows) with a rho of at least cut."""
        cut = float(cut)  # (its __le__ compares with ints and floats alike)
        n = bisect_right(self.rho, -cut, key=neg)
        part = self._part
        found = chain((self._group_ids(g) for g in range(n) if part[g] >= 0),
                      (list(compress(ids, map(cut.__le__, rl))) for ids, rl in self._flat))
        if keep is None:
            return chain.from_iterable(found)
        return chain.from_iterable(compress(ids, map(keep.__getitem__, ids)) for ids in found)

    def _group_ids(self, g: int) -> Sequence[int]:
        """The page numbers of group g (a slice of its segment's, read at its first use)."""
        part = self._parts[self._part[g]]
        off, code, ids = part
        if code is not None:
            ids = postlists.ids_array(code, ids)
            part[2] = ids = array("i", map(off.__add__, ids)) if off else ids
            part[1] = None
        a = self._start[g]
        return ids[a:a + self._size[g]]


class _Memo(dict):
    """fn(key) of each key asked, computed once."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def __missing__(self, key):
        got = self[key] = self.fn(key)
        return got


class TopDocs:
    """Best documents of one search on a fastsearch.Scorer (its searcher, arrays and
    filter mask)."""

    def __init__(self, sc: fast.Scorer):
        self.sc = sc
        self.a = sc.a
        self.s = sc.s
        self.r = sc.r
        self.schema = sc.schema
        self._terms: dict[tuple[str, bytes], TermList] = {}
        self._field_masks: dict[int, bytearray] = {}
        self._doc_ok: dict[int, bool] = {}

    # -- postings and exact scores ------------------------------------------------------
    def term(self, field: str, text) -> TermList | None:
        bt = self.sc._btext(field, text)
        if bt is None:
            return None
        key = (field, bt)
        got = self._terms.get(key)
        if got is None:
            packed = self.a.kept_term(key)
            got = self._terms[key] = TermList(self.sc.leaves, field, bt, packed)
            # kept from its second search on (packing costs a few ms: a word searched once
            # pays nothing); a short list is read again at little cost
            if packed is None and len(got) > SMALL and self.a.seen_before(key):
                self.a.keep_term(key, got.pack(), len(got))
        return got

    def exact(self, node: Q.Query, pages: list[int], allowed: bytearray | None = None,
              check: bool = True) -> dict[int, float]:
        """{page: score} of the pages (ascending) that node matches, computed as
        fastsearch.Scorer.scores computes them; a phrase counts only on allowed pages
        (as Scorer with its filter mask set). check=False: a phrase is taken to stand on
        every page that holds its words (an upper bound of the score)."""
        if isinstance(node, Q.Term):
            return self._term_scores(node, pages)
        if isinstance(node, Q.Or):
            parts = [p for p in (self.exact(c, pages, allowed, check) for c in node.children()) if p]
            if not parts:
                return {}
            acc = dict(parts[0]) if len(parts) > 1 or node.boost != 1.0 else parts[0]
            for part in parts[1:]:  # as fastsearch._union: added in the order of the children
                get = acc.get
                for i, s in part.items():
                    acc[i] = get(i, 0.0) + s
            if node.boost != 1.0:
                acc = {i: s * node.boost for i, s in acc.items()}
            return acc
        if isinstance(node, Q.Phrase):
            return self._phrase_scores(node, pages, allowed, check)
        if isinstance(node, (Q.Prefix, Q.Wildcard)):
            return self._multiterm_scores(node, pages)
        if node is Q.NullQuery or isinstance(node, type(Q.NullQuery)):
            return {}
        raise Unsupported(type(node).__name__)

    def _term_scores(self, node: Q.Term, pages: list[int]) -> dict[int, float]:
        field = node.fieldname
        tl = self.term(field, node.text)
        if tl is None or not tl.ids:
            return {}
        at = [(i, j) for i, j in zip(pages, tl.find_all(pages, self.a.n)) if j >= 0]
        if not at:
            return {}
        w = tl.weights
        found = zip((i for i, _j in at), fast.f32(w[j] for _i, j in at))
        if self.schema[field].scorable:
            bt = self.sc._btext(field, node.text)
            idf = self.s.idf(field, bt)
            avgfl = self.a.avg_length(self.s, field)
            fl = self.a.field_lengths(self.r, field)
            den = self.a.denominators(self.r, field, avgfl)
            k1p1 = K1 + 1
            out = {i: idf * ((t * k1p1) / (t + den[fl[i]])) for i, t in found}
        else:
            out = dict(found)
        if node.boost != 1.0:
            out = {i: s * node.boost for i, s in out.items()}
        return out

    def _phrase_scores(self, node: Q.Phrase, pages: list[int], allowed: bytearray | None,
                       check: bool = True) -> dict[int, float]:
        if not node.words:
            return {}
        if node.slop != 1:
            raise Unsupported("phrase with slop")
        if allowed is not None:
            pages = [i for i in pages if allowed[i]]
        scored = [self._term_scores(Q.Term(node.fieldname, w), pages) for w in node.words]
        acc = scored[0]
        for other in scored[1:]:  # in the order of the words, as Scorer._phrase adds them
            acc = {i: s + other[i] for i, s in acc.items() if i in other}
        if not acc:
            return {}
        if node.boost != 1.0:
            acc = {i: s * node.boost for i, s in acc.items()}
        if not check:
            return acc
        tls = [tl for w in node.words if (tl := self.term(node.fieldname, w)) is not None]  # all: acc holds pages
        decode = self.schema[node.fieldname].format.decode_positions
        out = {}
        for i, s in acc.items():
            first = decode(tls[0].value(tls[0].find(i)))
            rest = [set(decode(tl.value(tl.find(i)))) for tl in tls[1:]]
            if any(all(p + k in r for k, r in enumerate(rest, start=1)) for p in first):
                out[i] = s
        return out

    def _multiterm_scores(self, node, pages: list[int]) -> dict[int, float]:
        btexts = []
        for i, bt in enumerate(node._btexts(self.r)):
            if i >= fast.MULTITERM_MAX:
                raise Unsupported("prefix matches too many words")
            if bt:
                btexts.append(bt)
        if len(btexts) == 1:  # as Scorer._multiterm: one word is scored as that word
            return self._term_scores(Q.Term(node.fieldname, btexts[0].decode("utf-8"), boost=node.boost), pages)
        counts: Counter[int] = Counter()
        for bt in btexts:
            tl = self.term(node.fieldname, bt.decode("utf-8"))
            if tl is not None:
                counts.update(i for i in pages if tl.find(i) >= 0)
        return {i: float(counts[i]) * node.boost for i in pages if i in counts}

    # -- documents ----------------------------------------------------------------------
    def doc_ok(self, d: int, q: Q.Query) -> bool:
        """Whether document d matches q with AND/OR/NOT taken per document, as
        fastsearch.Scorer.docs decides it."""
        got = self._doc_ok.get(d)
        if got is None:
            got = self._doc_ok[d] = self._doc_match(q, d)
        return got

    def _doc_match(self, node: Q.Query, d: int) -> bool:
        if fast_plain(node):
            return self._matches(node, self.a.doc_pages()[d], self.sc.allowed)
        if isinstance(node, Q.Not):
            return not self._doc_match(node.query, d)
        if isinstance(node, Q.AndNot):
            return self._doc_match(node.a, d) and not self._doc_match(node.b, d)
        if isinstance(node, Q.AndMaybe):
            return self._doc_match(node.a, d)
        if isinstance(node, Q.Require):
            return self._doc_match(node.a, d) and self._doc_match(node.b, d)
        if isinstance(node, Q.And):
            for c in node.children():
                if fast._doc_field_only(c):
                    mask = self._field_masks.get(id(c))
                    if mask is None:
                        mask = self._field_masks[id(c)] = self.sc.pages(c)
                    if not any(mask[i] for i in self.a.doc_pages()[d]):
                        return False
                elif not self._doc_match(c, d):
                    return False
            return True
        if isinstance(node, Q.Or):
            return any(self._doc_match(c, d) for c in node.children())
        raise Unsupported(type(node).__name__)

    def _matches(self, node: Q.Query, pages: list[int], allowed: bytearray | None) -> bool:
        """bool(exact(node, pages, allowed)), without the scores: a word on one of the
        pages is enough (exact() gives a word's score on every page that holds it)."""
        if isinstance(node, Q.Term):
            tl = self.term(node.fieldname, node.text)
            return tl is not None and bool(tl.ids) and max(tl.find_all(pages, self.a.n), default=-1) >= 0
        if isinstance(node, Q.Or):
            return any(self._matches(c, pages, allowed) for c in node.children())
        return bool(self.exact(node, pages, allowed))

    def doc_units(self, node: Q.Query, d: int) -> list[tuple[float, int]]:
        """The matching pages of document d that the filter allows, best first, as
        (float32 score, page)."""
        allowed = self.sc.allowed
        pages = self.a.doc_pages()[d]
        if allowed is not None:
            pages = [i for i in pages if allowed[i]]
        got = self.exact(node, pages)
        return sorted(zip(fast.f32(got.values()), got), key=lambda x: (-x[0], x[1]))

    def own_pages(self, node: Q.Query, ranked) -> set[int]:
        """fastsearch.own_pages: the pages of the ranked documents that node matches."""
        mask = bytearray(self.a.n)
        pages = sorted({n for _d, units, _c in ranked for _s, n in units})
        for i in pages:
            mask[i] = 1
        return set(self.exact(node, pages, mask))

    # -- bounds -------------------------------------------------------------------------
    def _leaves(self, node: Q.Query, mult: float, out: list) -> None:
        """(TermList, field, multiplier) of every word the score of node adds up, with the
        product of the boosts above it (a phrase's words: the phrase's)."""
        if node is Q.NullQuery or isinstance(node, type(Q.NullQuery)):
            return
        if node.boost <= 0:
            raise Unsupported("boost not above 0")
        if isinstance(node, Q.Term):
            tl = self.term(node.fieldname, node.text)
            if tl is not None and tl.ids:
                out.append((tl, node.fieldname, node.text, mult * node.boost))
        elif isinstance(node, Q.Or):
            for c in node.children():
                self._leaves(c, mult * node.boost, out)
        elif isinstance(node, Q.Phrase):
            for w in node.words:
                tl = self.term(node.fieldname, w)
                if tl is not None and tl.ids:
                    out.append((tl, node.fieldname, w, mult * node.boost))
        else:  # prefixes score by how many of their words a page holds: no bound here
            raise Unsupported(type(node).__name__)

    def best(self, node: Q.Query, doc_q: Q.Query | None, limit: int):
        """fastsearch.rank's result for the pages node matches (filter mask and doc_q
        applied), without scoring every page."""
        leaves: list = []
        self._leaves(node, 1.0, leaves)
        if not leaves or limit < 1:
            raise Unsupported("nothing to bound")
        if all(len(lf[0]) <= SMALL for lf in leaves):
            raise Unsupported("short lists: the full path is as fast")
        keep = self.sc.allowed
        if not self.a.all_live:
            keep = self.a.live if keep is None else fast.mask_and(keep, self.a.live)
        # a filter keeps about this share of a word's pages: its best pages are sought
        # that much deeper (the groups are the whole list's)
        scale = self.a.n / max(1, keep.count(1)) if keep is not None else 1.0
        every = []  # per leaf: (its impact groups, cap, the leaf's most score, the leaf)
        for lf in leaves:
            imp, cap = self._impacts(*lf)
            if imp.total:
                every.append((imp, cap, self._contribution(lf, cap, imp.most), lf))
        words = [w for w in every if w[0].total > SMALL]
        base: set[int] = set()  # pages of short lists: all scored
        for w in every:
            if w[0].total <= SMALL:
                base.update(w[3][0].ids)
        total = len(base) + sum(w[0].total for w in words)
        # 1. the pages of each word with the highest rho
        want = ROUND_ONE * limit
        while True:
            complete = all(want * scale >= w[0].total for w in words)
            cand = set(base)
            for imp, *_ in words:
                # at most 4 x want of them: any pages give a score the top reaches, and many
                # pages share one rho (a title word on every page of its documents)
                cand.update(imp.tl.ids if complete else
                            islice(imp.at_least(imp.rho_at(int(want * scale)), keep), 4 * want))
            ranked = self._rank(node, doc_q, cand, limit)
            if len(ranked) >= limit or complete:
                break
            want *= 4
        if not complete:
            # 2. every page that can score theta: first a guess above the limit-th score
            # found so far (fewer pages; right when the limit-th document reaches it), then
            # that score itself (every document that scores more has a page scored)
            found = ranked[limit - 1][1]
            most = sum(w[2] for w in every)
            for last in (most <= found, True):
                theta = found if last else found + (most - found) * GUESS
                cand = self._candidates(every, words, base, theta * (1 - MARGIN), keep)
                if len(cand) > MAX_SHARE * total:
                    if last:
                        raise Unsupported("the bound leaves too many pages")
                    continue
                ranked = self._rank(node, doc_q, cand, limit)
                if len(ranked) >= limit and ranked[limit - 1][1] >= theta:
                    break
                if len(ranked) >= limit:  # the guess was too high, but this score was found
                    found = max(found, ranked[limit - 1][1])
            else:
                raise Unsupported("bound not met")  # cannot happen: the last bound is a score found
        if not ranked:
            return []
        # 3. the documents: their own matching pages and counts
        cut32 = ranked[min(limit, len(ranked)) - 1][2]  # float32 score of the limit-th document
        docs = [d for d, _s, s32 in ranked if s32 >= cut32]
        from .fulltext import _natural

        names = self.a.doc_names
        units = {d: self.doc_units(node, d) for d in docs}
        order = sorted(docs, key=lambda d: (-units[d][0][0], -len(units[d]), _natural(names[d])))[:limit]
        return [(d, units[d], len(units[d])) for d in order]

    def _candidates(self, every: list, words: list, base: set[int], theta: float,
                    keep: bytearray | None) -> set[int]:
        """The pages (that keep allows) that can score theta: each word's part of a page's
        score is kept below a share of theta (the shares chosen to leave the fewest pages);
        a page without a word's part of at least theta less the most of all the others
        cannot reach theta either ("a b" on pages that hold both words); then, word by word
        (the one with the most score first), a page's parts so far are looked up and
        added: with the most the words left can add, a page below theta cannot reach it."""
        cand = set(base)
        for (imp, cap, _most, lf), share in zip(words, self._shares(words, theta)):
            cand.update(imp.at_least(self._rho_cut(lf, cap, share), keep))
        most = sum(w[2] for w in every)
        order = sorted(every, key=lambda w: -w[2])
        for imp, cap, leaf_most, lf in order:  # many pages: a word's need first, as sets
            need = theta - (most - leaf_most)
            if need > 0 and cand and 4 * len(cand) >= imp.total:
                cand.intersection_update(imp.at_least(self._rho_cut(lf, cap, need)))
        pages = list(cand)
        got = [0.0] * len(pages)  # each page's parts so far
        rest = most
        for _imp, cap, leaf_most, lf in order:
            if not pages:
                break
            rest -= leaf_most
            part = self._contribution
            got = [g + (part(lf, cap, r) if r > 0 else 0.0)
                   for g, r in zip(got, self._page_rhos(lf, pages))]
            sel = list(map((theta - rest).__le__, got))
            pages, got = list(compress(pages, sel)), list(compress(got, sel))
        return set(pages)

    def _page_rhos(self, lf, pages: list[int]) -> list[float]:
        """The rho of the leaf's word on each page (-1 where the word is not), as
        _impacts takes it: the count over the page's length part (BM25), or the count."""
        tl, field = lf[0], lf[1]
        at = tl.find_all(pages, self.a.n)
        w = tl.weights
        if not self.schema[field].scorable:
            return [w[j] if j >= 0 else -1.0 for j in at]
        dens = self.a.page_denominators(self.r, field, self.a.avg_length(self.s, field))
        return [w[j] / dens[i] if j >= 0 else -1.0 for i, j in zip(pages, at)]

    def _rho_cut(self, lf, cap: float, part: float) -> float:
        """The rho below which the leaf's part of a page's score stays below part (a bit
        lower, for rounding)."""
        if self.schema[lf[1]].scorable:  # cap * rho / (rho + 1) < part
            cut = float("inf") if part >= cap else part / (cap - part)
        else:  # mult * tf < part
            cut = part / lf[3]
        return cut * (1 - MARGIN)

    def _contribution(self, lf, cap: float, rho: float) -> float:
        """A word's part of the score of a page with this rho."""
        if self.schema[lf[1]].scorable:
            return cap * rho / (rho + 1)
        return lf[3] * rho

    def _shares(self, words: list, theta: float) -> list[float]:
        """Per word the part of theta its pages must reach to be scored, the shares adding
        up to theta at most: each starts at the word's most score (no page scored; inf) and
        is lowered, by doubling the pages a word gives, where that lowers it most per page,
        until the shares fit (from each word's impact groups)."""

        def share_at(k: int, m: int) -> float:
            imp, cap, most, lf = words[k]
            return most if m == 0 else (0.0 if m >= imp.total else self._contribution(lf, cap, imp.rho_at(m)))

        level = [0] * len(words)
        excess = sum(w[2] for w in words) - theta
        while excess > 0:
            best_k, best_gain, best_m = -1, -1.0, 0
            for k, w in enumerate(words):
                if level[k] >= w[0].total:
                    continue
                m = max(32, 2 * level[k])
                gain = (share_at(k, level[k]) - share_at(k, m)) / (m - level[k])
                if gain > best_gain:
                    best_k, best_gain, best_m = k, gain, m
            if best_k < 0:
                break
            excess -= share_at(best_k, level[best_k]) - share_at(best_k, best_m)
            level[best_k] = best_m
        # a word left at its most score needs no page scored: every page stays at or below it
        return [share_at(k, m) if m else float("inf") for k, m in enumerate(level)]

    def _impacts(self, tl: TermList, field: str, text, mult: float) -> tuple["Impacts", float]:
        """(the word's postings in groups of one rho, the word's most score): for BM25,
        score = cap * rho / (rho + 1) with rho = tf / (the length part of the page); for
        an unscored field, score = mult * tf (rho = tf)."""
        imp = tl.packed.impacts if tl.packed is not None else None
        scorable = self.schema[field].scorable
        if imp is None:
            if scorable:
                avgfl = self.a.avg_length(self.s, field)
                by_byte = [K1 * ((1 - fast.B) + fast.B * fl / avgfl) for fl in _byte_lengths()]
                dens = self.a.page_denominators(self.r, field, avgfl)
                weights, ids = tl.weights, tl.ids

                def rhos_of(a: int, b: int) -> list[float]:  # of postings a to b, in C
                    return list(map(truediv, weights[a:b], map(dens.__getitem__, ids[a:b])))

                imp = Impacts(tl, lambda k: _FLOATS[k >> 8] / by_byte[k & 255], rhos_of)
            else:
                imp = Impacts(tl, lambda k: _FLOATS[k >> 8], lambda a, b: map(float, tl.weights[a:b]))
            if tl.packed is not None:
                tl.packed.impacts = imp
        if not scorable:
            return imp, mult * imp.most
        bt = self.sc._btext(field, text)
        return imp, mult * self.s.idf(field, bt) * (K1 + 1)

    def _rank(self, node: Q.Query, doc_q: Q.Query | None, cand: set[int], limit: int):
        """Documents of the candidate pages that the filter and doc_q let through, best
        first as (doc, best score, its float32): the limit best and every document tied
        with the limit-th. Phrases are checked on the pages in order of their score
        unchecked (their words'), until no page left can change the top."""
        live, allowed = self.a.live, self.sc.allowed
        pages = sorted(i for i in cand if live[i] and (allowed is None or allowed[i]))
        checked = not _has_phrase(node)
        scores = self.exact(node, pages, check=False)
        docord = self.a.docord
        best: dict[int, float] = {}
        if checked:
            for i, s in scores.items():
                d = docord[i]
                if s > best.get(d, fast._MINUS_INF):
                    best[d] = s
        else:
            order = sorted(scores, key=lambda i: (-scores[i], i))
            up32 = fast.f32(scores[i] for i in order)
            passing: dict[int, bool] = {}
            for k, i in enumerate(order):
                if k % 8 == 0 and len(best) >= limit:
                    ok = [b for d, b in best.items() if passing.setdefault(d, doc_q is None or self.doc_ok(d, doc_q))]
                    if len(ok) >= limit:
                        kth = fast.f32([heapq.nlargest(limit, ok)[-1]])[0]
                        if up32[k] < kth:
                            break
                got = self.exact(node, [i]).get(i)
                if got is not None:
                    d = docord[i]
                    if got > best.get(d, fast._MINUS_INF):
                        best[d] = got
        order = sorted(best, key=lambda d: -best[d])
        out: list[tuple[int, float, float]] = []
        b32 = fast.f32(best[d] for d in order)
        for d, s32 in zip(order, b32):
            if len(out) >= limit and s32 < out[limit - 1][2]:
                break
            if doc_q is None or self.doc_ok(d, doc_q):
                out.append((d, best[d], s32))
        return out


_FLOATS = [float(i) for i in range(256)]
_LENGTHS: list[float] = []


def _byte_lengths() -> list[float]:
    """The field length each length byte stands for, as fastsearch._leaf_lengths reads it."""
    if not _LENGTHS:
        from whoosh.util.numeric import byte_to_length

        _LENGTHS.extend(fast.f32(byte_to_length(b) if b else 0 for b in range(256)))
    return _LENGTHS


def fast_plain(node: Q.Query) -> bool:
    from .fulltext import _is_plain

    return _is_plain(node)


def _has_phrase(node: Q.Query) -> bool:
    return isinstance(node, Q.Phrase) or any(_has_phrase(c) for c in node.children())
