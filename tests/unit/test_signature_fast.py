"""The faster word list, shingle hashing and MinHash (woo/versions.normalise, shingles, minhash;
issue 22) give the same words, shingles and so the same stored MinHash signatures
(link/versions.signature) as the old ones, on the real documents (../shared: seeds, samples,
the PDFs' text) and on made-up edge cases (accents, fewer words than a shingle, repeated
words, redaction codes, the dotted capital I)."""

from __future__ import annotations

import hashlib
import re
import struct
import sys
from pathlib import Path

import pytest

from zvdj_viewer.link.versions import _PACK, signature
from zvdj_viewer.woo.versions import MIN_SHINGLES, NUM_PERM, SHINGLE, minhash, normalise, shingles

EDGE_CASES = ["", "een", "een twee drie vier", "een twee drie vier vijf", "één café, 10.2.e: naïef " * 9,
              "zorg " * 50, "Jeugdhulp 5.1.2e wachttijden jeugd-ggz " * 12, "ß ø æ ı İ ǅ " * 20,
              "ZORG İ10.2.e İX (10)(2E) 5.1.2E ǅ10.2 Ⅻ5.1 " * 6, "10.2.eX a10.2.e _10.2.e 1.2.3.4 (1)(2)ab " * 6]


def old_normalise(text: str) -> list[str]:
    """normalise() as it was: codes out, lower case, then the words."""
    code = re.compile(r"\(\d+\)\(\d+[a-i]?\)|\b\d{1,2}(?:\.\d{1,2}){1,2}\.?[a-i]?\b", re.I)
    return re.findall(r"[^\W_]+", code.sub(" ", text).lower())


def old_minhash(sh: set[int], salt: int = 0) -> tuple[int, ...]:
    """minhash() as it was: one Python pass keeping each bin's smallest value."""
    sig: list[int | None] = [None] * NUM_PERM
    for x in sh:
        b, v = x & (NUM_PERM - 1), x >> 6
        if sig[b] is None or v < sig[b]:
            sig[b] = v
    return tuple(v if v is not None else -1 - salt * NUM_PERM - i for i, v in enumerate(sig))


def old_shingles(words: list[str], k: int = SHINGLE) -> set[int]:
    """shingles() as it was: each run of k words joined, encoded and hashed on its own."""
    def h(s: str) -> int:
        return struct.unpack("<Q", hashlib.blake2b(s.encode(), digest_size=8).digest())[0]

    if len(words) < k:
        return {h(" ".join(words))} if words else set()
    return {h(" ".join(words[i:i + k])) for i in range(len(words) - k + 1)}


def old_signature(text: str | None) -> bytes:
    sh = old_shingles(old_normalise(text or ""))
    if len(sh) < MIN_SHINGLES:
        return b""
    salt = int.from_bytes(hashlib.blake2b((text or "").encode(), digest_size=5).digest(), "little")
    return _PACK.pack(*old_minhash(sh, salt=salt))


@pytest.fixture(scope="module")
def texts() -> list[str]:
    shared = Path(__file__).resolve().parents[2].parent / "shared"
    if not shared.is_dir():
        pytest.skip(f"real documents not found at {shared} (../shared is not beside the repository)")
    out = []
    for p in sorted(shared.rglob("*")):
        if p.suffix in (".txt", ".md", ".xml", ".html"):
            out.append(p.read_text(encoding="utf-8", errors="replace"))
        elif p.suffix == ".pdf":
            import pymupdf

            with pymupdf.open(p) as doc:
                pages = [page.get_text() for page in doc]
            out.append("\n".join(pages))
            out += pages[:3]  # a page alone: some are too short to judge
    assert len(out) > 20
    return out + EDGE_CASES


def test_shingles_are_the_old_shingles(texts):
    assert any(not t.isascii() for t in texts)  # the path for accented words is taken
    for t in texts:
        words = normalise(t)
        for k in (SHINGLE, 1, 3):
            assert shingles(words, k) == old_shingles(words, k)


def test_signatures_are_the_old_signatures(texts):
    made = [signature(t) for t in texts]
    assert made == [old_signature(t) for t in texts]
    assert sum(1 for s in made if s) > 20 and b"" in made  # both kinds of text are there


def test_words_are_the_old_words(texts):
    for t in texts:
        assert normalise(t) == old_normalise(t)


def test_minhash_is_the_old_minhash(texts):
    sets = [shingles(normalise(t)) for t in texts] + [set(), {0}, {63, 64, 127, 2**64 - 1}]
    for n, sh in enumerate(sets):
        assert minhash(sh, salt=n) == old_minhash(sh, salt=n)


def test_only_the_dotted_capital_i_changes_the_patterns_by_lower_case():
    """normalise() lowers the text before finding codes and words: right because every other
    character is, to each part of those patterns, what its lower case is (one character, a
    word character or not, a digit or not, [a-i] without case or not), so the matches fall on
    the same places. The one exception, which normalise() reads the old way, is "İ"."""
    parts = [re.compile(p, re.I) for p in (r"[^\W_]", r"\w", r"\d", r"[a-i]", r"[().]")]
    odd = []
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        low = c.lower()
        if len(low) != 1 or any(bool(p.match(c)) != bool(p.match(low)) for p in parts):
            odd.append(c)
    assert odd == ["İ"]
