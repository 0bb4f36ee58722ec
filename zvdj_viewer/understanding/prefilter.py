"""Cheap tests that tell when a case-insensitive pattern cannot match, so it is not run.

The analysis runs its patterns on every line of every document, and most lines hold none of
the words a pattern looks for. A regex search with IGNORECASE over a line tries every
position (tens of nanoseconds a character); a substring test on the lower-case text is done
in C at a fraction of that. A pattern keeps deciding: the test only skips it where it cannot
match, so the result is the same.

``lowered(text)`` is ``text.lower()`` with the letters IGNORECASE reads as an ASCII letter and
``str.lower()`` does not give ("İ" and "ı" for "i", "ſ" for "s"; the Kelvin sign "K" lowers to
"k" already) turned into that letter, one character for one: an ASCII word (letters, digits,
spaces, punctuation) is in ``lowered(text)`` exactly when an IGNORECASE pattern of that word
finds it in ``text``.
"""

from __future__ import annotations

_ODD_LETTERS = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


def lowered(text: str) -> str:
    """``text`` in lower case for literal tests that stand in for an IGNORECASE pattern."""
    if not text.isascii() and ("İ" in text or "ı" in text or "ſ" in text):
        text = text.translate(_ODD_LETTERS)
    return text.lower()


def has_any(low: str, words: tuple[str, ...]) -> bool:
    """True when one of ``words`` (lower case) occurs in ``low`` (a ``lowered`` text)."""
    return any(w in low for w in words)
