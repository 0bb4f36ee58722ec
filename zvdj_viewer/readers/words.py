"""Words of extracted text, for indexing and for comparing renditions of one publication."""

from __future__ import annotations

import re

# "beperk-\ntere" is one word broken at the end of a PDF line; "Rijk-\nVNG" and "jeugd-\nen
# gezinsbeleid" are not (a capital, or a conjunction, follows)
# (the lookbehind makes a match start only at the start of a word: without it the pattern
# was tried inside every word, a quarter of the indexing time of a page)
_BROKEN = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,})-\n(?!(?:en|of|tot|t/m)\b)([a-zà-ÿ][^\W\d_]*)")


def join_hyphenated(text: str) -> str:
    """Join words that a PDF line break split with a hyphen."""
    if "-\n" not in text:
        return text
    return _BROKEN.sub(r"\1\2\n", text)


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", join_hyphenated(text).lower())
