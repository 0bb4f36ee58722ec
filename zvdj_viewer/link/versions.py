"""`version` links for the export: documents that are versions of each other (a concept and
its final text, one nota released twice), found the way the Woo tools find them
(woo/versions.py: word 5-shingles, MinHash with LSH banding, then the exact Jaccard and
containment of each candidate pair).

The texts are read one at a time and only each document's MinHash signature is kept (64
numbers), so an archive of 100,000 pages does not hold every shingle set at once; the texts of
the candidate pairs are read again for the exact check. Between documents of different
types, containment alone is an overlap (an agenda whose annotations were copied into the
nota), not a version: left out, as the Woo tools do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..woo.versions import BANDS, MAX_BUCKET, MIN_SHINGLES, NUM_PERM, SAME_AT, VERSION_AT, minhash, normalise, shingles


def version_links(docs: Iterable[tuple[str, str, str]], text_of: Callable[[str], str]) -> list[dict]:
    """docs: (document id, type, text) in archive order; text_of(id): a document's text again.
    Returns export links of kind "version", from the earlier document to the later one."""
    rows = NUM_PERM // BANDS
    buckets: dict[tuple, list[str]] = {}
    types: dict[str, str] = {}
    order: dict[str, int] = {}
    for n, (doc_id, doc_type, text) in enumerate(docs):
        sh = shingles(normalise(text or ""))
        if len(sh) < MIN_SHINGLES:
            continue
        types[doc_id], order[doc_id] = doc_type, n
        sig = minhash(sh, salt=n)
        for band in range(BANDS):
            buckets.setdefault((band, sig[band * rows:(band + 1) * rows]), []).append(doc_id)
    candidates: set[tuple[str, str]] = set()
    for members in buckets.values():
        if len(members) > MAX_BUCKET:
            continue  # boilerplate shared by many documents
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                candidates.add((a, b) if order[a] < order[b] else (b, a))
    cache: dict[str, set[int]] = {}

    def sh_of(doc_id: str) -> set[int]:
        if doc_id not in cache:
            if len(cache) > 256:
                cache.clear()
            cache[doc_id] = shingles(normalise(text_of(doc_id) or ""))
        return cache[doc_id]

    out = []
    for a, b in sorted(candidates, key=lambda p: (order[p[0]], order[p[1]])):
        sa, sb = sh_of(a), sh_of(b)
        inter = len(sa & sb)
        jac = inter / len(sa | sb)
        cont = inter / min(len(sa), len(sb))
        if jac < VERSION_AT and not (cont >= max(VERSION_AT, 0.8) and types[a] == types[b]):
            continue
        relation = "same" if jac >= SAME_AT else "version"
        out.append({"kind": "version", "from": {"document": a, "number": None},
                    "to": {"document": b, "number": None},
                    "evidence": f"{relation}: Jaccard {jac:.2f}, containment {cont:.2f}",
                    "score": round(max(jac, cont), 3)})
    return out
