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
# a line that is bold from end to end: one pair of markers around all of it
_BOLD_PAIRS = (("**", "**"), ("__", "__"), ("<b>", "</b>"), ("<strong>", "</strong>"))
_TAGS = re.compile(r"</?(?:b|strong|i|em|u|sup|sub|br)\s*/?>", re.I)
_MARKUP = re.compile(r"^\s{0,3}#{1,6}\s+|\*\*|__")


# The reader keeps every line as an object and the worker sends them all back: a 50 MB text
# file takes about 570 MB while read (measured, bench/bench_big_files.py). Meeting documents
# are kilobytes to a few MB; a text file past this size is a log or a dump, refused up front
# instead of exhausting memory.
MAX_TEXT_BYTES = 100_000_000


def read_text(path: str) -> SourceText:
    size = Path(path).stat().st_size
    if size > MAX_TEXT_BYTES:
        raise ReadError(f"too large for a text file ({size:,} bytes; text files up to "
                        f"{MAX_TEXT_BYTES // 1_000_000} MB are read)")
    data = Path(path).read_bytes()
    source = SourceText(path=path, kind="text")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Windows "Unicode" text (UTF-16 with its byte-order mark): full of NUL bytes, yet text
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError("not a text file (broken UTF-16)") from None
    elif b"\x00" in data[:8192] or _binary_share(data[:8192]) > 0.1:
        raise ReadError("not a text file (binary content)")
    else:
        text = _decode(data, source)
    page = Page(number=1)
    for i, raw in enumerate(text.splitlines(), 1):
        m = _HEADING.match(raw)
        page.lines.append(Line(text=raw, number=i, heading=len(m.group(1)) if m else 0, bold=is_bold(raw)))
    if not any(ln.text.strip() for ln in page.lines):
        raise ReadError("no text in the file (only blank lines)")
    source.pages.append(page)
    source.line_count = len(page.lines)
    first = next((ln for ln in page.lines if ln.heading), None) or next(ln for ln in page.lines if ln.text.strip())
    source.title = plain(first.text)[:200] or None
    return source


def _decode(data: bytes, source: SourceText) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        # older exports from Windows: cp1252 is a superset of latin-1 for the printable range
        source.problems.append(f"not UTF-8 (byte {err.start}); read as Windows-1252")
        return data.decode("cp1252", errors="replace")


def is_bold(line: str) -> bool:
    """``**Vet**``, ``<b>Vet</b>:`` -> True; ``**Vet** en gewoon`` or ``<b>A:</b> x <b>B:</b>`` -> False."""
    s = line.strip()
    if s.endswith(":"):
        s = s[:-1].rstrip()
    low = s.lower()
    for open_, close in _BOLD_PAIRS:
        if low.startswith(open_) and low.endswith(close) and len(s) > len(open_) + len(close):
            # "**A****B**" is two bold runs glued together (converters write that): still all bold
            inner = low[len(open_):-len(close)].replace(close + open_, "")
            if inner.strip() and close not in inner:
                return True
    return False


def plain(text: str) -> str:
    """A line without markdown and inline HTML markup."""
    return " ".join(_TAGS.sub("", _MARKUP.sub("", text)).split())


def _binary_share(chunk: bytes) -> float:
    if not chunk:
        return 0.0
    control = sum(1 for b in chunk if b < 32 and b not in (9, 10, 12, 13))
    return control / len(chunk)
