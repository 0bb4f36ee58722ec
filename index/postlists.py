"""Long posting lists of a segment as plain arrays, written beside Whoosh's (issue 22).

Why: a common word of this archive stands on most pages, and the first search of it read
its ~80,000 postings from Whoosh's blocks: 128 postings a block, each block a pickled,
zlib'd tuple of ids, weights and positions, taken apart one by one (10-20 ms at 100,000
pages, most of such a search). Here, when a segment is written (fastwrite's grouped path,
the one every ingest batch takes), the ids and weights of each list of at least
MIN_POSTINGS postings are also stored as arrays in one file of the segment (`.zpl`, so it
goes into the segment's compound file and away with the segment). A search reads a list
as one slice of that file: `array.frombytes` and a C-level pass.

Exactness: the arrays hold the very numbers Whoosh's blocks hold (ids in order, weights
as the writer passed them; a list whose weights do not fit the codes below exactly is not
stored), and a reader checks the count against Whoosh's term info. The positions stay in
Whoosh's blocks only (a phrase reads them there, for its candidate pages). A segment
without the file (an index written before, a segment Whoosh merged) is read as before:
`read()` answers None and the caller takes Whoosh's path.

Impact groups (issue 22, round 6): a word's BM25 score on a page depends only on its count
there and the page's length byte (once the index's average length is known), so each list
whose counts are whole numbers 0-255 also keeps its postings grouped by (count, length
byte): per group its key (count * 256 + length byte) and size, and the group's ids one
after the other. A search then takes the score of a group once, and for the best pages of
a word reads only the best groups (topdocs.Impacts) instead of passing over every posting.
The length bytes are those of the segment's own length column, read back when the segment
is written (lengths_of); a segment without them gets no groups.

File layout: b"ZPL2" (b"ZPL1": written before the groups, read as before), the length of
the directory (4 bytes, little-endian), the directory (marshal: field -> term bytes ->
(offset, count, first id, id code, weight code[, groups offset, number of groups, group id
code])), then the arrays, little-endian. Id codes: "B" gaps of one byte after the first id,
"H"/"I" segment-local ids. Weight codes: "B" whole numbers 0-255, "f" float32, "d" float64.
Groups: the keys ("H", ascending), the sizes ("I"), then the ids of each group ascending
("H"/"I", segment-local).
"""

from __future__ import annotations

import marshal
import struct
import sys
from array import array
from itertools import accumulate

MAGIC = b"ZPL2"
MAGICS = (b"ZPL1", MAGIC)
EXT = ".zpl"
MIN_POSTINGS = 512  # shorter lists are read from Whoosh's blocks at little cost
SKIP_FIELDS = {"words"}  # prefix and wildcard words only count pages: their lists stay in Whoosh
_LEN = struct.Struct("<I")
_FLOATS = [float(i) for i in range(256)]
_BIG = sys.byteorder == "big"
_SIZE = {code: array(code).itemsize for code in "BHIfd"}


# -- writing ------------------------------------------------------------------------------------
def _id_part(ids: list[int]) -> tuple[str, bytes]:
    gaps = [b - a for a, b in zip(ids, ids[1:])]
    if not gaps or (min(gaps) > 0 and max(gaps) < 256):
        return "B", bytes(gaps)
    code = "H" if ids[-1] < 65536 else "I"
    return code, _le(array(code, ids))


def _weight_part(weights: list) -> tuple[str, bytes] | None:
    """The weights coded exactly, or None (the list is then left to Whoosh)."""
    if not all(type(w) is float for w in weights):  # Whoosh keeps other numbers as they are
        return None
    floats = weights
    if all(0.0 <= w <= 255.0 and w.is_integer() for w in floats):
        return "B", bytes(int(w) for w in floats)
    as32 = array("f", floats)
    if as32.tolist() == floats:
        return "f", _le(as32)
    return "d", _le(array("d", floats))


def _le(a: array) -> bytes:
    if _BIG:
        a = array(a.typecode, a)
        a.byteswap()
    return a.tobytes()


def _group_part(ids: list[int], weights: list[float], lengths: bytes) -> tuple[int, str, bytes]:
    """(number of groups, id code, bytes) of the postings grouped by (count, length byte)."""
    by_key: dict[int, list[int]] = {}
    n = len(lengths)
    for d, w in zip(ids, weights):
        by_key.setdefault(int(w) * 256 + (lengths[d] if d < n else 0), []).append(d)
    keys = sorted(by_key)
    code = "H" if ids[-1] < 65536 else "I"
    out = [_le(array("H", keys)), _le(array("I", [len(by_key[k]) for k in keys]))]
    out.extend(_le(array(code, by_key[k])) for k in keys)
    return len(keys), code, b"".join(out)


def encode(grouped: dict, lengths=None) -> bytes | None:
    """The file's bytes for a segment's grouped postings (field -> term bytes -> (ids,
    weights, values), as fastwrite.GroupedPool holds them), None when no list is long.
    lengths(field): the segment's length byte of each document in the field (b"" for a
    field without lengths), or None: then no impact groups."""
    directory: dict[str, dict[bytes, tuple]] = {}
    parts: list[bytes] = []
    pos = 0
    for field in sorted(grouped):
        if field in SKIP_FIELDS:
            continue
        lens = lengths(field) if lengths is not None else None
        for btext, (ids, weights, _values) in grouped[field].items():
            n = len(ids)
            if n < MIN_POSTINGS:
                continue
            w = _weight_part(weights)
            if w is None:
                continue
            icode, ibytes = _id_part(ids)
            entry: tuple = (pos, n, ids[0], icode, w[0])
            parts.append(ibytes)
            parts.append(w[1])
            pos += len(ibytes) + len(w[1])
            if lens is not None and w[0] == "B":
                g, gcode, gbytes = _group_part(ids, weights, lens)
                entry += (pos, g, gcode)
                parts.append(gbytes)
                pos += len(gbytes)
            directory.setdefault(field, {})[btext] = entry
    if not directory:
        return None
    head = marshal.dumps(directory)
    return MAGIC + _LEN.pack(len(head)) + head + b"".join(parts)


def write(storage, segment, grouped: dict, perdoc=None) -> None:
    """Writes the segment's file (called by fastwrite before the segment is assembled);
    perdoc: the segment's per-document reader (its length columns), for the groups."""
    _write(storage, segment, encode(grouped, lengths_of(perdoc)))


def length_bytes(perdoc, field: str, n: int) -> bytes | None:
    """The length byte of each of the n documents in field as the segment's length column
    holds it (0 after the last one written; b"" when the field has no lengths), or None
    when the column is laid out otherwise."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    col = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    if col is None:
        return b""
    if getattr(col, "_fixedlen", None) != 1:
        return None
    raw = bytes(col._dbfile.get(col._basepos, col._count))[:n]
    return raw + bytes(n - len(raw))


def lengths_of(perdoc):
    """lengths(field) for encode() from a segment's per-document reader (None: no groups)."""
    if perdoc is None:
        return None
    n = perdoc.doc_count_all()

    def lengths(field: str) -> bytes | None:
        try:
            return length_bytes(perdoc, field, n)
        except (AttributeError, OSError, ValueError):
            return None

    return lengths


def _write(storage, segment, data: bytes | None) -> None:
    if data is None:
        return
    f = segment.create_file(storage, EXT)
    try:
        f.write(data)
    finally:
        f.close()


def flush_collecting(writer, flush) -> None:
    """flush(writer) (Whoosh's own writing of a segment's postings: a merge, a batch that
    went through disk) with the long lists taken as the postings pass, and the file written."""
    pool = writer.pool
    own = pool.iter_postings
    got: dict[str, dict[bytes, tuple]] = {}
    pool.iter_postings = lambda: _collect(own(), got)
    try:
        flush(writer)
    finally:
        del pool.iter_postings
    perdoc = None
    if writer.codec.length_stats:
        try:  # the length columns just written, for the groups
            perdoc = writer.per_document_reader()
        except Exception:  # noqa: BLE001 - no groups then; the lists themselves are kept
            perdoc = None
    try:
        _write(writer.storage, writer.get_segment(), encode(got, lengths_of(perdoc)))
    finally:
        if perdoc is not None:
            perdoc.close()


def _collect(items, out: dict):
    """The postings (field, term, docnum, weight, value) passed on unchanged; each list of
    float weights of at least MIN_POSTINGS postings also kept in out as encode() takes them."""
    field = btext = None
    ids: list[int] = []
    weights: list[float] = []
    floats = True
    for item in items:
        if item[1] != btext or item[0] != field:
            if floats and len(ids) >= MIN_POSTINGS:
                out.setdefault(field, {})[btext] = (ids, weights, None)
            field, btext = item[0], item[1]
            ids, weights, floats = [], [], field not in SKIP_FIELDS
        if floats and item[2] >= 0:  # docnum -1: a spelling word, not a posting
            ids.append(item[2])
            w = item[3]
            weights.append(w)
            floats = type(w) is float
        yield item
    if floats and len(ids) >= MIN_POSTINGS:
        out.setdefault(field, {})[btext] = (ids, weights, None)


# -- reading ------------------------------------------------------------------------------------
def ids_array(code: str, raw: bytes) -> array:
    """Segment-local ids stored as code ("H"/"I", little-endian)."""
    a = array(code)
    a.frombytes(raw)
    if _BIG:
        a.byteswap()
    return a


class Lists:
    """One segment's file, opened: the directory, and the lists read from it."""

    def __init__(self, data: bytes):
        if data[:4] not in MAGICS:
            raise ValueError("not a posting list file")
        (n,) = _LEN.unpack_from(data, 4)
        self.directory: dict[str, dict[bytes, tuple]] = marshal.loads(data[8:8 + n])
        self.base = 8 + n
        self.data = data

    def get(self, field: str, btext: bytes, off: int, count: int, floats: bool = True):
        """(page numbers from off, weights) of the term, or None when it is not here or
        its count is not Whoosh's. floats=False: whole-number weights as the bytes
        that hold them (the same numbers, without making a float of each)."""
        got = self.directory.get(field, {}).get(btext)
        if got is None or got[1] != count:
            return None
        pos, n, first, icode, wcode = got[:5]
        pos += self.base
        data = self.data
        if pos + (n - 1 if icode == "B" else n * _SIZE[icode]) + n * _SIZE[wcode] > len(data):
            return None  # a file cut short: Whoosh's blocks are read
        if icode == "B":
            ids = list(accumulate(data[pos:pos + n - 1], initial=first + off))
            pos += n - 1
        else:
            a = array(icode)
            a.frombytes(data[pos:pos + n * a.itemsize])
            if _BIG:
                a.byteswap()
            pos += n * a.itemsize
            ids = list(map(off.__add__, a)) if off else a.tolist()
        if wcode == "B":
            weights = list(map(_FLOATS.__getitem__, data[pos:pos + n])) if floats else data[pos:pos + n]
        else:
            a = array(wcode)
            a.frombytes(data[pos:pos + n * a.itemsize])
            if _BIG:
                a.byteswap()
            weights = a.tolist()
        return ids, weights


    def groups(self, field: str, btext: bytes, count: int):
        """(keys, sizes, id code, the groups' ids as bytes) of the term's impact groups,
        or None (none written, a count not Whoosh's, a file cut short)."""
        got = self.directory.get(field, {}).get(btext)
        if got is None or len(got) < 8 or got[1] != count:
            return None
        _pos, n, _first, _icode, _wcode, gpos, g, gcode = got
        pos = self.base + gpos
        end = pos + 6 * g + n * _SIZE[gcode]
        data = self.data
        if end > len(data):
            return None
        keys, sizes = array("H"), array("I")
        keys.frombytes(data[pos:pos + 2 * g])
        sizes.frombytes(data[pos + 2 * g:pos + 6 * g])
        if _BIG:
            keys.byteswap()
            sizes.byteswap()
        if sum(sizes) != n:
            return None
        return keys, sizes, gcode, data[pos + 6 * g:end]


_NONE = object()


def lists_of(leaf) -> Lists | None:
    """The segment's Lists (kept on its reader), or None when it has no such file or the
    file cannot be read (then every list of the segment comes from Whoosh's blocks)."""
    got = leaf.__dict__.get("_zvdj_postlists", _NONE)
    if got is _NONE:
        got = None
        try:
            storage, segment = leaf._storage, leaf._segment
            name = segment.make_filename(EXT)
            if storage.file_exists(name):
                f = storage.open_file(name)
                try:
                    got = Lists(bytes(f.read()))
                finally:
                    f.close()
        except (AttributeError, ValueError, EOFError, TypeError, OSError):
            got = None
        leaf.__dict__["_zvdj_postlists"] = got
    return got


def read_groups(leaf, field: str, btext: bytes):
    """Lists.groups of a term in one segment, or None."""
    lists = lists_of(leaf)
    if lists is None:
        return None
    return lists.groups(field, btext, leaf.doc_frequency(field, btext))


def read(leaf, off: int, field: str, btext: bytes, floats: bool = True):
    """(page numbers ascending, weights as Whoosh stores them) of a term in one segment
    (page numbers from off, deleted pages included), or None: read it from Whoosh.
    floats: as Lists.get."""
    lists = lists_of(leaf)
    if lists is None:
        return None
    entry = lists.directory.get(field, {}).get(btext)
    if entry is None:
        return None
    return lists.get(field, btext, off, leaf.doc_frequency(field, btext), floats)
