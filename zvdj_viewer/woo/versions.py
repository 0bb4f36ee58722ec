"""Find documents that are versions of each other by near-duplicate detection.

Each document becomes a set of word 5-shingles (furniture and redaction codes already left out
by the caller, see ``normalise``). Candidate pairs come from MinHash with LSH banding, so an
archive of thousands of documents is not compared pair by pair; every candidate is then
confirmed with the exact Jaccard similarity of the shingle sets and the containment of the
smaller in the larger (a concept that grew into a final version is contained, not equal).
"""

from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass
from itertools import accumulate

SHINGLE = 5
NUM_PERM = 64
# 32 bands of 2 rows: a pair with Jaccard 0.3 (an agenda whose annotations were copied into
# the nota) becomes a candidate with probability 0.95; every candidate is then checked exactly
BANDS = 32
MAX_BUCKET = 40  # a band value shared by more documents is boilerplate, not a version
SAME_AT = 0.95  # Jaccard at or above this: the same text (released twice, copy in a bundle)
VERSION_AT = 0.5  # Jaccard or containment at or above this: a version
MIN_SHINGLES = 20  # shorter texts (a cover page, an empty scan) cannot be judged


# redaction codes as printed (10.2.e, 5.1.2e, (10)(2e)) and page furniture numbers vary
# between releases of the same text; they must not make two versions look different
_CODE = re.compile(r"\(\d+\)\(\d+[a-i]?\)|\b\d{1,2}(?:\.\d{1,2}){1,2}\.?[a-i]?\b", re.I)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class VersionPair:
    a: str
    b: str
    similarity: float  # Jaccard of the shingle sets
    containment: float  # share of the smaller document's shingles found in the larger
    relation: str  # "same" | "version" | "overlap" (shared text between documents of different types)


# one scan for both: a code, or a word (the group); a code never starts inside a word (it
# starts at "(" or at a word boundary before a digit), so the words are those left by the codes
_CODE_OR_WORD = re.compile(_CODE.pattern + r"|([^\W_]+)", re.I)


def normalise(text: str) -> list[str]:
    """The words of a text for comparison: lower case, redaction codes left out."""
    if "İ" in text:  # the one letter whose lower case is two characters (tests/unit/test_signature_fast.py)
        return _WORD.findall(_CODE.sub(" ", text).lower())
    # lower case first: every other character and its lower case are alike to these patterns
    # (letter, digit, [a-i] without case), so the codes and words found are the same
    return list(filter(None, _CODE_OR_WORD.findall(text.lower())))


def shingles(words: list[str], k: int = SHINGLE) -> set[int]:
    """The hashes (_h) of every run of k words joined by spaces. The words are joined and
    encoded once and each run hashed from its slice of those bytes, with a copy of one
    prepared hash: the same numbers as hashing each joined run, in two thirds of the time
    (this is most of the cost of every document's signature, made for every file read)."""
    if len(words) < k:
        return {_h(" ".join(words))} if words else set()
    joined = " ".join(words)
    if joined.isascii():
        data, lengths = joined.encode("ascii"), map(len, words)
    else:
        encoded = [w.encode() for w in words]
        data, lengths = b" ".join(encoded), map(len, encoded)
    starts = [0, *accumulate(n + 1 for n in lengths)]  # where each word starts, and the end + 1
    view, fresh, digests = memoryview(data), _EMPTY_HASH.copy, []
    for a, b in zip(starts, starts[k:]):
        h = fresh()
        h.update(view[a:b - 1])
        digests.append(h.digest())
    return set(struct.unpack(f"<{len(digests)}Q", b"".join(digests)))


_EMPTY_HASH = hashlib.blake2b(digest_size=8)


def _h(s: str) -> int:
    return struct.unpack("<Q", hashlib.blake2b(s.encode(), digest_size=8).digest())[0]


def minhash(sh: set[int], salt: int = 0) -> tuple[int, ...]:
    """One-permutation MinHash: the shingle hashes are already uniform, so the low bits pick
    one of NUM_PERM bins and each bin keeps its smallest hash. One pass over the shingles
    instead of NUM_PERM passes (a 64x cheaper signature, same LSH behaviour). An empty bin
    gets a value unique to the document (salt), so empty bins never make two documents meet."""
    sig: list[int | None] = [None] * NUM_PERM
    for x in sh:
        b = x & (NUM_PERM - 1)
        v = x >> 6
        cur = sig[b]
        if cur is None or v < cur:
            sig[b] = v
    return tuple(v if v is not None else -1 - salt * NUM_PERM - i for i, v in enumerate(sig))


def find_versions(docs: list[tuple[str, str]], *, threshold: float = VERSION_AT) -> list[VersionPair]:
    """Pairs of documents (id, text) whose texts are the same or versions of each other."""
    sets: dict[str, set[int]] = {}
    for doc_id, text in docs:
        sh = shingles(normalise(text))
        if len(sh) >= MIN_SHINGLES:
            sets[doc_id] = sh
    rows = NUM_PERM // BANDS
    buckets: dict[tuple, list[str]] = {}
    for n, (doc_id, sh) in enumerate(sets.items()):
        sig = minhash(sh, salt=n)
        for band in range(BANDS):
            buckets.setdefault((band, sig[band * rows:(band + 1) * rows]), []).append(doc_id)
    candidates: set[tuple[str, str]] = set()
    for members in buckets.values():
        if len(members) > MAX_BUCKET:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                candidates.add((a, b) if a < b else (b, a))
    pairs = []
    for a, b in candidates:
        sa, sb = sets[a], sets[b]
        inter = len(sa & sb)
        jac = inter / len(sa | sb)
        cont = inter / min(len(sa), len(sb))
        if jac >= threshold or cont >= max(threshold, 0.8):
            pairs.append(VersionPair(a, b, round(jac, 3), round(cont, 3),
                                     "same" if jac >= SAME_AT else "version"))
    pairs.sort(key=lambda p: (-p.similarity, p.a, p.b))
    return pairs
