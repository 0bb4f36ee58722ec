"""Long texts as the catalog stores them: zlib-compressed UTF-8 in a BLOB.

The catalog holds each text three times over (a page's lines, a document's reading text, an
agenda item's body: the same words cut three ways) and those columns were 90 % of the data
folder (issue 22). Compressed they take about 40 % of the room on real minutes and notas.
Level 1: nearly the ratio of level 6 at a third of the CPU time, and decompressing is
as fast at every level.

A stored value is either ``bytes`` (packed) or ``str`` (short texts, which compression would
make longer, and rows written before schema version 6): ``unpack`` reads both, so nothing has
to be rewritten at once. The catalog's queries read these columns through the SQL function
``unpacked()`` (catalog.py), so every row it hands out holds the text as ``str`` again.
"""

from __future__ import annotations

import zlib

LEVEL = 1
# below this many UTF-8 bytes a text is kept as it is: zlib's header and checksum (6 bytes)
# and its block overhead make a short text no smaller
MIN_PACKED = 64


def pack(text: str | None) -> str | bytes | None:
    """The value to store for ``text``: its compressed UTF-8, or the str itself when short."""
    if text is None:
        return None
    raw = text.encode("utf-8")
    if len(raw) < MIN_PACKED:
        return text
    return zlib.compress(raw, LEVEL)


def unpack(value: str | bytes | None) -> str | None:
    """The text a stored value holds (a str as it is, NULL as None)."""
    if value is None or isinstance(value, str):
        return value
    return zlib.decompress(value).decode("utf-8")


# -- a text stored as a slice of another -------------------------------------------------------
# An agenda item's text is a piece of its document's reading text, character for character
# (items.py cuts it out of it): 9.5 of the 49 MB of a 10,000-page catalog held those pieces a
# second time. Such a text is stored as its place in the document's text (items.text_from,
# text_to, schema v8); the catalog's queries read it back through ``text_slice()``.

MIN_SLICED = 32  # shorter texts are kept as they are: a slice costs a document read to give back


def slice_at(whole: str | None, part: str | None) -> tuple[int, int] | None:
    """Where ``part`` stands in ``whole`` (``whole[a:b] == part``), or None when it is short
    or not a piece of it (then it is stored itself)."""
    if not whole or not part or len(part) < MIN_SLICED:
        return None
    a = whole.find(part)
    return (a, a + len(part)) if a >= 0 else None


def slicer():
    """The SQL function ``text_slice(packed whole, a, b)``: ``unpack(whole)[a:b]``. The last
    text unpacked is kept, as a document's items are read one after another."""
    last: list = [None, None]  # packed value, its text

    def text_slice(whole: str | bytes | None, a: int | None, b: int | None) -> str | None:
        if whole is None or a is None or b is None:
            return None
        if whole != last[0]:
            last[0], last[1] = whole, unpack(whole)
        return last[1][a:b]

    return text_slice
