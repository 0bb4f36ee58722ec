"""HTML tags in a line of text, removed or split on in time linear in the line's length.

``re.sub(r"</?[a-zA-Z][^>]*>", "", line)`` and ``re.split(r"<b>(.*?)</b>", line)`` rescan
the rest of the line from every ``<a`` or ``<b>`` that has no closing ``>`` or ``</b>``
after it: a 50,000-character line of ``<a`` takes seconds (issue 16). A tag needs a ``>``
(a bold span a ``</b>``) at its end, so nothing after the last one can match: the patterns
only see the line up to there, where every start they try ends at the next ``>`` (or
``</b>``) and consumes it. The results are those of the plain patterns.
"""

from __future__ import annotations

import re

TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_BOLD = re.compile(r"<b>(.*?)</b>")


def strip_tags(text: str) -> str:
    """``text`` without its HTML tags (``<b>``, ``</font>``, ``<a href=...>``)."""
    end = text.rfind(">") + 1
    if not end:
        return text
    return TAG.sub("", text[:end]) + text[end:]


def split_bold(text: str) -> list[str]:
    """``re.split(r"<b>(.*?)</b>", text)``: text, bold, text, bold, ..., text."""
    end = text.rfind("</b>")
    if end < 0:
        return [text]
    end += len("</b>")
    parts = _BOLD.split(text[:end])
    parts[-1] += text[end:]
    return parts
