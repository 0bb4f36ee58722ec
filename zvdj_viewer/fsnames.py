"""File names that are not valid UTF-8 (an old Latin-1 name on a Linux disk, a USB stick).

Python hands such a name over as a str with "surrogate escapes" (the byte 0xE9 becomes
U+DCE9), which opens the file again but cannot be encoded as UTF-8: SQLite, Whoosh, JSON
files and the terminal refuse it. One undecodable name must not stop the indexing of a
whole folder, so:

- the catalog stores the name's own bytes (``db_text`` + ``CAST(? AS TEXT)``) and gives
  them back as the same str (``TEXT_FACTORY``): lossless, and a valid name is stored as
  before;
- everything shown or written as text uses ``readable``: the undecodable bytes as ``\\xe9``.
"""

from __future__ import annotations

import functools
import os

# decodes every TEXT value the catalog reads; valid UTF-8 as str() would, invalid bytes
# (only ever a file name stored by db_text) back to their surrogate escapes
TEXT_FACTORY = functools.partial(str, encoding="utf-8", errors="surrogateescape")


def encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def db_text(path: str | None) -> str | bytes | None:
    """A path as bound to SQL (use ``CAST(? AS TEXT)``): the str itself when it is valid
    Unicode, else the file name's bytes."""
    if path is None or encodable(path):
        return path
    return os.fsencode(path)


def readable(text: str) -> str:
    """The text with undecodable bytes written as ``\\xNN`` (for the screen, the index and
    text files); a valid name comes back unchanged."""
    if encodable(text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
