"""Plain text and markdown (text converted from PDF, as in the seeds).

Line text is kept exactly as in the file, so line numbers and the viewer agree with the
file; markdown structure only adds hints: ``#`` headings give ``Line.heading``, a line that
is wholly ``**bold**`` or ``<b>bold</b>`` gives ``Line.bold``.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Line, Page, ReadError, SourceText

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+\S")
_BOLD = re.compile(r"^\s*(?:\*\*|__|<b>|<strong>).+(?:\*\*|__|</b>|</strong>)\s*:?\s*$", re.I)
_TAGS = re.compile(r"</?(?:b|strong|i|em|u|sup|sub|br)\s*/?>", re.I)
_MARKUP = re.compile(r"^\s{0,3}#{1,6}\s+|\*\*|__")


def read_text(path: str) -> SourceText:
    data = Path(path).read_bytes()
    if b"\x00" in data[:8192] or _binary_share(data[:8192]) > 0.1:
        raise ReadError("not a text file (binary content)")
    source = SourceText(path=path, kind="text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        # older exports from Windows: cp1252 is a superset of latin-1 for the printable range
        text = data.decode("cp1252", errors="replace")
        source.problems.append(f"not UTF-8 (byte {err.start}); read as Windows-1252")
    page = Page(number=1)
    for i, raw in enumerate(text.splitlines(), 1):
        m = _HEADING.match(raw)
        page.lines.append(Line(text=raw, number=i, heading=len(m.group(1)) if m else 0,
                               bold=bool(_BOLD.match(raw))))
    if not any(ln.text.strip() for ln in page.lines):
        raise ReadError("no text in the file (only blank lines)")
    source.pages.append(page)
    source.line_count = len(page.lines)
    first = next((ln for ln in page.lines if ln.heading), None) or next(ln for ln in page.lines if ln.text.strip())
    source.title = plain(first.text)[:200] or None
    return source


def plain(text: str) -> str:
    """A line without markdown and inline HTML markup."""
    return " ".join(_TAGS.sub("", _MARKUP.sub("", text)).split())


def _binary_share(chunk: bytes) -> float:
    if not chunk:
        return 0.0
    control = sum(1 for b in chunk if b < 32 and b not in (9, 10, 12, 13))
    return control / len(chunk)
