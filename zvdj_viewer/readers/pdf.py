"""PDF reader (PyMuPDF): lines with position, font size and weight; bookmarks; pages that
have no text layer or an unreadable one are kept and reported, never dropped."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from typing import Any

import pymupdf
from pymupdf import mupdf as _mupdf

from .. import page_progress
from ..model import Bookmark, Line, Page, ReadError, SourceText
from ..redaction_boxes import FILLS_READ_WITH_TEXT
from . import drawn_fills

_extra: Any
try:  # PyMuPDF's C++ helpers, under its Python API
    from pymupdf import extra as _extra
except ImportError:  # pragma: no cover - a build without them: the Python API only
    _extra = None

pymupdf.TOOLS.mupdf_display_errors(False)  # broken files: we report, MuPDF need not print
pymupdf.TOOLS.mupdf_display_warnings(False)

_BOLD_FLAG = 16  # span flag: bold font

# Caps per page (issue 16): MuPDF's text extraction holds about 1 KB per piece of text (a
# page of 1,000,000 one-letter pieces took 976 MB), and it unpacks every content stream (a
# 1 MB file that unpacks to 1 GB of spaces took 10 s). A dense real page has a few thousand
# pieces (the largest page in ../shared/samples unpacks to 117 KB); a vector drawing a few MB.
# Over either cap the page is not read, and the file's problems say so by page number.
MAX_PAGE_CONTENT_BYTES = 16_000_000  # unpacked content streams of a page, forms included
MAX_PAGE_TEXT_PIECES = 100_000  # text-showing operators (Tj, TJ) in them
# and per file (MuPDF goes through about 100 MB of content a second): 2,000 pages of 500 KB
MAX_FILE_CONTENT_BYTES = 1_000_000_000
# files up to this size are read into memory while their pages are read (see read_pdf): a
# born-digital bundle is a few MB (the samples at most 4, the benchmark corpus 1.2); a bigger
# file, mostly page images with few objects a page, is read from disk as MuPDF needs it, so
# that a reader process does not hold it whole (PSS)
MAX_IN_MEMORY_BYTES = 16_000_000


# Typographic ligatures as fonts encode them: "steunﬁguur" must be found as "steunfiguur"
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})


def read_pdf(path: str, keep_open: list | None = None) -> SourceText:
    """The file's pages. ``keep_open``: a list the open document is put in, instead of being
    closed, when the file was read; for a caller that reads the pages again (redaction boxes
    on marked pages: opened again, a real bundle's fonts and objects were loaded again, about
    1 ms a page). The caller closes it."""
    with open(path, "rb") as f:
        head = f.read(1024)
        if b"%PDF" not in head:
            shown = head[:12].decode("latin-1").encode("unicode_escape").decode("ascii")
            raise ReadError(f"not a PDF file (starts with '{shown}')")
        # a file MuPDF reads from memory: opened by its path, every object it loads (a page,
        # a content stream, a font) costs a seek and a read of the file, twice for a page
        # whose streams the size caps unpack first (corpus-1000: 25 streams a page)
        data = head + f.read() if os.fstat(f.fileno()).st_size <= MAX_IN_MEMORY_BYTES else None
    try:
        doc = pymupdf.open(path) if data is None else pymupdf.open(stream=data, filetype="pdf")
    except Exception as err:
        raise ReadError(f"damaged or truncated PDF ({_open_error(err)})") from None
    kept = False
    try:
        if doc.needs_pass:
            raise ReadError("encrypted PDF: it needs a password")
        count = doc.page_count  # a property that asks MuPDF each time
        if count == 0:
            raise ReadError("damaged or truncated PDF: no pages found")
        source = SourceText(path=path, kind="pdf")
        if doc.is_repaired:
            # MuPDF rebuilt a broken cross-reference table (often a file cut short): what it
            # found is kept, but the user should know text may be missing
            source.problems.append("damaged PDF, repaired when opened: some text may be missing")
        no_text, garbled, failed = [], [], []
        # the fills read with each page's text, for the redaction boxes of the caller that
        # keeps the document open (they are looked for after the file's analysis)
        fills: dict | None = {} if keep_open is not None else None
        content_left = MAX_FILE_CONTENT_BYTES
        low_level = _pdf_of(doc)
        for i in range(count):
            try:
                pdf_page = doc[i]
                too_big, size = _over_cap(doc, pdf_page, low_level)
                content_left -= size
                if content_left < 0 and not too_big:
                    too_big = (f"the file's pages unpack to over {MAX_FILE_CONTENT_BYTES // 1_000_000:,} MB "
                               "by this page")
                if too_big:
                    failed.append((i + 1, f"too big: {too_big}"))
                    page = Page(number=i + 1, has_text=False)
                else:
                    page = _read_page(pdf_page, i + 1, fills)
            except Exception as err:  # one broken page must not cost the rest of the file
                failed.append((i + 1, _short(err)))
                page = Page(number=i + 1, has_text=False)
            source.pages.append(page)
            page_progress.report(i + 1, count)  # a big bundle: "page 40 of 300"
            if not page.has_text and not any(n == i + 1 for n, _ in failed):
                no_text.append(i + 1)
            elif page.garbled:
                garbled.append(i + 1)
        if no_text:
            source.problems.append(f"{_pages(no_text)}: no text layer")
        if garbled:
            source.problems.append(f"{_pages(garbled)}: unreadable text layer (garbled characters)")
        for n, why in failed:
            source.problems.append(f"page {n}: could not be read ({why})")
        if len(failed) == count:
            why = failed[0][1]
            if why.startswith("too big"):  # over a cap, not damaged
                raise ReadError(f"no page could be read (page {failed[0][0]} {why})")
            raise ReadError(f"damaged PDF: no page could be read ({why})")
        try:
            for level, title, target, *_ in doc.get_toc(simple=True):
                if 1 <= target <= count and title.strip():
                    source.bookmarks.append(Bookmark(level, title.strip(), target))
        except Exception:
            source.problems.append("bookmarks could not be read")
        meta = doc.metadata or {}
        for key in ("title", "author", "subject", "creationDate", "modDate", "producer"):
            if meta.get(key):
                source.metadata[key] = str(meta[key]).strip()
        source.title = _title(meta.get("title") or "")
        if keep_open is not None:
            setattr(doc, FILLS_READ_WITH_TEXT, fills)
            keep_open.append(doc)
            kept = True
        return source
    finally:
        if not kept:
            doc.close()


def _over_cap(doc, page, pdf=None) -> tuple[str | None, int]:
    """(why the page is too big to read, or None; its unpacked content size). The streams are
    unpacked by MuPDF's own decoder (what its text extraction will read) only up to the cap,
    so a compression bomb costs what the cap allows; they are counted, not kept, unless the
    page is big enough to count its text pieces. ``pdf``: what ``_pdf_of(doc)`` gives, found
    once per file."""
    if pdf is None:
        pdf = _pdf_of(doc)
    try:
        forms = [x[0] for x in page.get_xobjects()]
        pdf_page = _mupdf.pdf_page_from_fz_page(page.this)
        if not pdf_page.m_internal:  # not a PDF page (MuPDF gave none): .obj() would read NULL
            raise ValueError("no PDF page")
        contents = _mupdf.pdf_dict_get(pdf_page.obj(), _mupdf.PDF_ENUM_NAME_Contents)
        if pdf is None:
            raise ValueError("no PDF document")
        pdf = pdf[0]
    except Exception:  # a damaged page: MuPDF's reading decides what is left of it
        return None, 0
    cap = MAX_PAGE_CONTENT_BYTES
    # a page's content streams are read as one, a space put after each (not content)
    def open_contents() -> Any:
        return _mupdf.pdf_open_contents_stream(pdf, contents)

    parts: list[tuple[Callable[[], Any], int]] = [(open_contents,
              _mupdf.pdf_array_len(contents) if _mupdf.pdf_is_array(contents) else 0)]
    parts += [(functools.partial(_mupdf.pdf_open_stream_number, pdf, xref), 0) for xref in forms]
    size = 0
    for open_part, pads in parts:
        try:
            got = _mupdf.fz_skip(open_part(), cap - size + 1 + pads)
        except Exception:
            continue  # a broken stream: MuPDF's reading decides what it can read
        size += max(0, got - pads)  # read short: every pad was read, bar broken parts
        if size > cap:
            return (f"its content unpacks to over {MAX_PAGE_CONTENT_BYTES // 1_000_000} MB (a compression bomb?)",
                    MAX_PAGE_CONTENT_BYTES)
    pieces = 0
    if size > 5 * MAX_PAGE_TEXT_PIECES:  # a piece takes 5 bytes: "(k)Tj"
        for open_part, pads in parts:
            try:
                data = _mupdf.fz_read_best(open_part(), 0, cap + 1 + pads)[0].fz_buffer_extract()
            except Exception:
                continue
            pieces += data.count(b"Tj") + data.count(b"TJ")
    if pieces > MAX_PAGE_TEXT_PIECES:
        return f"{pieces:,} pieces of text, more than a page holds (the limit is {MAX_PAGE_TEXT_PIECES:,})", size
    return None, size


def _pdf_of(doc):
    """(the MuPDF PdfDocument under a pymupdf Document, its number of objects); None when it
    cannot be had (then the caps are not checked: MuPDF's own checks only)."""
    try:
        if doc.is_closed:
            return None
        pdf = _mupdf.pdf_document_from_fz_document(doc.this)
        return (pdf, _mupdf.pdf_xref_len(pdf)) if pdf.m_internal else None
    except Exception:
        return None


_TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
_IDENTITY = pymupdf.Matrix(1, 1)


def _page_blocks(page, fills: dict | None = None) -> list:
    """``page.get_text("dict", sort=True, flags=_TEXT_FLAGS)["blocks"]``, by the two MuPDF
    calls it comes down to: PyMuPDF's wrappers around them (the page's crop box and rect,
    TextPage objects) cost a tenth of the extraction. A rotated page goes the long way (the
    text is read with the rotation set aside). ``fills``: the fills that could be redaction
    boxes are caught in the same interpretation (``drawn_fills``) and put in it by page
    number, with the page's width, for ``redaction_boxes``."""
    if _extra is None or page.rotation:
        return page.get_text("dict", sort=True, flags=_TEXT_FLAGS).get("blocks", [])
    found = None
    if fills is not None and drawn_fills.available():
        textpage, found = drawn_fills.text_page_and_fills(page, _TEXT_FLAGS)
    else:
        textpage = _mupdf.FzStextPage(_extra.page_get_textpage(page.this, None, _TEXT_FLAGS, _IDENTITY))
    if found is not None and fills is not None:
        fills[page.number + 1] = (page.rect.width, found)
    data: dict = {}
    _extra.JM_make_textpage_dict(textpage.m_internal, data, False)
    blocks = data.get("blocks", [])
    blocks.sort(key=lambda b: (b["bbox"][3], b["bbox"][0]))  # what sort=True does
    return blocks


_ROUNDED: dict[float, float] = {}
_MAX_ROUNDED = 200_000


def _round1(x: float) -> float:
    """round(x, 1), remembered: it takes 0.7 us (a decimal conversion), five times a line,
    and a page's coordinates and font sizes come back page after page (margins, layout)."""
    r = _ROUNDED.get(x)
    if r is None or type(x) is not float:  # an int equal to a float key must stay an int
        r = round(x, 1)
        if x and type(x) is float and len(_ROUNDED) < _MAX_ROUNDED:  # 0.0 and -0.0: one key
            _ROUNDED[x] = r
    return r


_BOLD_NAMES: dict[str, bool] = {}  # font name: whether it says bold (a file has a few fonts)
_MAX_BOLD_NAMES = 10_000


def _bold_name(font: str) -> bool:
    bold = _BOLD_NAMES.get(font)
    if bold is None:
        bold = "bold" in font.lower()
        if len(_BOLD_NAMES) < _MAX_BOLD_NAMES:
            _BOLD_NAMES[font] = bold
    return bold


def _read_page(page, number: int, fills: dict | None = None) -> Page:
    rect = page.rect
    out = Page(number=number, width=rect.width, height=rect.height)
    raws, lines = [], []  # the lines' text, and the lines
    # every line of every page passes here: plain loops, no generator per span, the common
    # line of one span on a path of its own, the remembered roundings and bold font names
    # looked up in place (a span always has its text, size, flags and font)
    rounded, names = _ROUNDED.get, _BOLD_NAMES.get
    for block in _page_blocks(page, fills):
        if block.get("type") != 0:
            continue
        for ln in block.get("lines", []):
            spans = ln.get("spans", ())
            if len(spans) == 1:
                s = spans[0]
                raw = s["text"].rstrip()
                if not raw:  # what rstrip leaves ends in a visible character, cleaned or not
                    continue
                size = s["size"]
                if s["flags"] & _BOLD_FLAG:
                    bold = True
                else:
                    known = names(s["font"])
                    bold = _bold_name(s["font"]) if known is None else known
            else:
                spans = [s for s in spans if s["text"]]
                raw = "".join([s["text"] for s in spans]).rstrip()
                if not raw:
                    continue
                visible = [s for s in spans if s["text"].strip()] or spans
                size = visible[0]["size"]
                bold = True
                for s in visible:
                    if s["size"] > size:
                        size = s["size"]
                    if bold and not ((s["flags"] & _BOLD_FLAG) or _bold_name(s["font"])):
                        bold = False
            x0, y0, x1, y1 = ln["bbox"]
            raws.append(raw)
            # a remembered 0.0 is falsy: _round1 gives it (and its sign) again
            lines.append(Line(raw, None, (rounded(x0) or _round1(x0), rounded(y0) or _round1(y0),
                                          rounded(x1) or _round1(x1), rounded(y1) or _round1(y1)),
                              rounded(size) or _round1(size), bold))
    if not raws:
        out.has_text = False
        return out
    text = "\n".join(raws)
    if _NEEDS_CLEAN.search(text):  # one search a page: few pages have anything to clean
        for i, raw in enumerate(raws):
            if _NEEDS_CLEAN.search(raw):
                raws[i] = lines[i].text = _clean(raw)
        text = "\n".join(raws)
    out.lines = lines
    out.garbled = is_garbled(text)
    return out


# characters no text can hold: lone surrogates (they cannot even be stored as UTF-8) and
# Unicode noncharacters such as U+FFFF, which some PDFs map undefined glyphs (bullets) to
_UNDEFINED = re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


# those or a ligature, in one search (it runs on every line of every PDF)
_NEEDS_CLEAN = re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\ufb00-\ufb06]")


def _clean(text: str) -> str:
    return _UNDEFINED.sub("\ufffd", text).translate(_LIGATURES)


# titles a word processor fills in by itself, not the author
_NO_TITLE = re.compile(r"(?i)(untitled|naamloos|microsoft (word|powerpoint) - .*|document\d*|.*\.(docx?|pdf|odt))")


def _title(raw: str) -> str | None:
    title = raw.strip()
    if not title or _NO_TITLE.fullmatch(title):
        return None
    if re.search(r"\s{4,}", title):  # layout text copied into the field ("Logo      Den Haag, ...")
        return None
    return title


def _open_error(err: Exception) -> str:
    """MuPDF's reason without the file path (the caller names the file)."""
    text = _short(err)
    if text.startswith(("Failed to open file", "Failed to open stream", "cannot open")):
        return "no PDF structure could be found"
    return text


_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff\ufffd]")
_NOT_ALNUM = re.compile(r"[\W_]+")  # removing these leaves the letters and digits
_WORD3 = re.compile(r"[^\W\d_]{3,}")
# the vowels, either case: what [aeiouyáéíóúäëïöüàèìòùâêîôû] matches with re.I (dotted and
# dotless i included); a set, so that a page's words are checked in one C loop
_VOWELS = frozenset("aeiouyáéíóúäëïöüàèìòùâêîôû" + "aeiouyáéíóúäëïöüàèìòùâêîôû".upper() + "\u0130\u0131")


def is_garbled(text: str) -> bool:
    """A text layer whose characters are not readable text (a broken font encoding).

    Three signs: control or private-use characters where letters should be, few letters and
    digits among the characters, and 'words' that have no vowel at all (Dutch and English
    words nearly always have one). Counted with regexes on the first 4000 characters: this
    runs on every page of every PDF.
    """
    text = text[:4000]
    n = len("".join(text.split()))  # characters other than white space (as \s counts it)
    if n < 20:
        return False
    if _BAD.search(text) and len(_BAD.findall(text)) / n > 0.1:
        return True
    # readable text is mostly letters and digits, even a table of figures. The words' letters
    # are letters and digits too: when they alone make half the characters, the full count
    # (a regex substitution over the whole text) is not needed
    words = _WORD3.findall(text)
    if 2 * sum(map(len, words)) < n and len(_NOT_ALNUM.sub("", text)) / n < 0.5:
        return True
    if len(words) < 20:
        return False
    # garbled when fewer than 60 % of the words have a vowel (5v < 3n is v/n < 0.6 exactly)
    voweled = len(words) - sum(map(_VOWELS.isdisjoint, words))
    return 5 * voweled < 3 * len(words)


def _pages(numbers: list[int]) -> str:
    """[8, 9, 10, 12] -> 'page 8-10, 12' (the form the catalog and GUIDE use)."""
    ranges, start, prev = [], numbers[0], numbers[0]
    for n in numbers[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        ranges.append(f"{start}-{prev}" if prev != start else f"{start}")
        if n is not None:
            start = prev = n
    return f"page {', '.join(ranges)}"


def _short(err: Exception) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0][:160]
