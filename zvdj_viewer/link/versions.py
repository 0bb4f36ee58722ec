"""`version` links: documents that are versions of each other (a concept and its final text,
one nota released twice), found the way the Woo tools find them (woo/versions.py: word
5-shingles, MinHash with LSH banding, then the exact Jaccard and containment of each
candidate pair), stored with the other links at every relink.

Each document's MinHash signature (64 numbers) is made once, by the worker process that read
it (``signature``), and kept in ``documents.minhash``, so a relink does not hash every word of
a large archive again: it bands the stored signatures, and reads again only the texts of the
candidate pairs for the exact check. Between documents of different types,
containment alone is an overlap (an agenda whose annotations were copied into the nota), not
a version: left out, as the Woo tools do.
"""

from __future__ import annotations

import hashlib
import struct
from ..woo.versions import BANDS, MAX_BUCKET, MIN_SHINGLES, NUM_PERM, SAME_AT, VERSION_AT, minhash, normalise, shingles

_PACK = struct.Struct(f"<{NUM_PERM}q")


def signature(text: str | None) -> bytes:
    """A document's MinHash signature as stored; b"" for a text too short to judge. The salt
    that keeps the empty bins of two documents from meeting comes from the text itself, so
    the signature can be made before the document has a key (in the worker that read it):
    only the same text gets the same salt, and the same text is rightly the same."""
    sh = shingles(normalise(text or ""))
    if len(sh) < MIN_SHINGLES:
        return b""
    salt = int.from_bytes(hashlib.blake2b((text or "").encode(), digest_size=5).digest(), "little")
    return _PACK.pack(*minhash(sh, salt=salt))


def measure(sa: set[int], sb: set[int]) -> tuple[int, int, int]:
    """What the check of a candidate pair weighs: shingles in common, in either, in the
    smaller. A pure function of the two texts, so it may be found before the relink."""
    return len(sa & sb), len(sa | sb), min(len(sa), len(sb))


def pair_key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


class VersionFinder:
    """Two passes over the documents in archive order (as link.build_from reads them):
    ``sign`` each in the first, then ``check`` each in the second, which returns the version
    links (catalog link dicts) whose later document it is. Only the shingles of documents
    with a candidate partner still to come are kept between documents.

    measured: pair_key() -> measure() of candidate pairs found already (by the link helper
    while the readers ran, link/helper.py): their texts need not be read again."""

    def __init__(self, measured: dict[tuple[int, int], tuple[int, int, int]] | None = None) -> None:
        self.measured = measured or {}
        self._keep: set[int] = set()  # documents with a later partner not measured
        self._rows = NUM_PERM // BANDS
        self._buckets: dict[tuple, list[int]] = {}
        self._order: dict[int, int] = {}
        self._types: dict[int, str] = {}
        self._earlier: dict[int, list[int]] | None = None
        self._later_left: dict[int, int] = {}
        self._kept: dict[int, set[int]] = {}

    def sign(self, doc_id: int, doc_type: str | None, text: str | None, stored: bytes | None = None) -> None:
        """stored: the signature kept in the catalog (None: made here from the text)."""
        sig = stored if stored is not None else signature(text)
        if not sig:
            return
        if len(sig) != _PACK.size:
            raise struct.error(f"a MinHash signature of {len(sig)} bytes, not {_PACK.size}")
        self._order[doc_id] = len(self._order)
        self._types[doc_id] = doc_type or ""
        # a band's numbers as their stored bytes: equal bytes are equal numbers (one fixed
        # packing), and slicing bytes costs less than unpacking 64 numbers into tuples
        width = self._rows * _PACK.size // NUM_PERM
        for band in range(BANDS):
            key = (band, sig[band * width:(band + 1) * width])
            self._buckets.setdefault(key, []).append(doc_id)

    def _pairs(self) -> dict[int, list[int]]:
        """Per document: its earlier candidate partners."""
        if self._earlier is None:
            pairs: set[tuple[int, int]] = set()
            for members in self._buckets.values():
                if len(members) > MAX_BUCKET:
                    continue  # boilerplate shared by many documents
                for i, a in enumerate(members):
                    for b in members[i + 1:]:
                        pairs.add((a, b) if self._order[a] < self._order[b] else (b, a))
            self._buckets.clear()
            earlier: dict[int, list[int]] = {}
            for a, b in pairs:
                earlier.setdefault(b, []).append(a)
                self._later_left[a] = self._later_left.get(a, 0) + 1
            for b, partners in earlier.items():
                partners.sort(key=self._order.__getitem__)
                self._keep.update(a for a in partners if pair_key(a, b) not in self.measured)
            self._earlier = earlier
        return self._earlier

    def needs_text(self) -> set[int]:
        """The documents that ``check`` must be given (in archive order, after every
        ``sign``): those with a candidate partner. For the others it returns [] and keeps
        nothing, so they may be left out (their texts need not be read)."""
        earlier = self._pairs()
        return set(earlier) | set(self._later_left)

    def needs_shingles(self) -> set[int]:
        """Of needs_text(), those in a pair not measured: the others may be checked with
        their text None."""
        earlier = self._pairs()
        return {x for b, partners in earlier.items() for a in partners
                if pair_key(a, b) not in self.measured for x in (a, b)}

    def check(self, doc_id: int, text: str | None) -> list[dict]:
        earlier = self._pairs()
        mine = earlier.get(doc_id, [])
        if not mine and not self._later_left.get(doc_id):
            return []
        sb: set[int] | None = None
        out = []
        for a in mine:
            got = self.measured.get(pair_key(a, doc_id))
            if got is None:
                if sb is None:
                    sb = shingles(normalise(text or ""))
                got = measure(self._kept[a], sb)
            inter, union, least = got
            jac = inter / union
            cont = inter / least
            self._later_left[a] -= 1
            if not self._later_left[a]:
                self._kept.pop(a, None)
            if jac < VERSION_AT and not (cont >= max(VERSION_AT, 0.8) and self._types[a] == self._types[doc_id]):
                continue
            relation = "same" if jac >= SAME_AT else "version"
            out.append({"kind": "version", "from_doc": a, "from_number": None, "to_meeting": None,
                        "to_doc": doc_id, "to_number": None, "to_text": None, "to_date": None,
                        "evidence": f"{relation}: Jaccard {jac:.2f}, containment {cont:.2f}",
                        "score": round(max(jac, cont), 3)})
        if self._later_left.get(doc_id) and doc_id in self._keep:
            self._kept[doc_id] = sb if sb is not None else shingles(normalise(text or ""))
        return out

