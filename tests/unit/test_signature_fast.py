"""The faster shingle hashing (woo/versions.shingles, issue 22) gives the same shingles and
so the same stored MinHash signatures (link/versions.signature) as the old one, on the real
documents (../shared: seeds, samples, the PDFs' text) and on made-up edge cases (accents,
fewer words than a shingle, repeated words)."""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

import pytest

from zvdj_viewer.link.versions import _PACK, signature
from zvdj_viewer.woo.versions import MIN_SHINGLES, SHINGLE, minhash, normalise, shingles

EDGE_CASES = ["", "een", "een twee drie vier", "een twee drie vier vijf", "één café, 10.2.e: naïef " * 9,
              "zorg " * 50, "Jeugdhulp 5.1.2e wachttijden jeugd-ggz " * 12, "ß ø æ ı İ ǅ " * 20]


def old_shingles(words: list[str], k: int = SHINGLE) -> set[int]:
    """shingles() as it was: each run of k words joined, encoded and hashed on its own."""
    def h(s: str) -> int:
        return struct.unpack("<Q", hashlib.blake2b(s.encode(), digest_size=8).digest())[0]

    if len(words) < k:
        return {h(" ".join(words))} if words else set()
    return {h(" ".join(words[i:i + k])) for i in range(len(words) - k + 1)}


def old_signature(text: str | None) -> bytes:
    sh = old_shingles(normalise(text or ""))
    if len(sh) < MIN_SHINGLES:
        return b""
    salt = int.from_bytes(hashlib.blake2b((text or "").encode(), digest_size=5).digest(), "little")
    return _PACK.pack(*minhash(sh, salt=salt))


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
