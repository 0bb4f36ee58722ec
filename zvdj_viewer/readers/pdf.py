"""PDF reader (PyMuPDF): lines with position, font size and weight; bookmarks; pages that
have no text layer or an unreadable one are kept and reported, never dropped."""

from __future__ import annotations

import re
import zlib

import pymupdf
from pymupdf import mupdf as _mupdf

from .. import page_progress
from ..model import Bookmark, Line, Page, ReadError, SourceText

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


# Typographic ligatures as fonts encode them: "steunﬁguur" must be found as "steunfiguur"
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})


def read_pdf(path: str) -> SourceText:
    with open(path, "rb") as f:
        head = f.read(1024)
    if b"%PDF" not in head:
        shown = head[:12].decode("latin-1").encode("unicode_escape").decode("ascii")
        raise ReadError(f"not a PDF file (starts with '{shown}')")
    try:
        doc = pymupdf.open(path)
    except Exception as err:
        raise ReadError(f"damaged or truncated PDF ({_open_error(err)})") from None
    try:
        if doc.needs_pass:
            raise ReadError("encrypted PDF: it needs a password")
        if doc.page_count == 0:
            raise ReadError("damaged or truncated PDF: no pages found")
        source = SourceText(path=path, kind="pdf")
        if doc.is_repaired:
            # MuPDF rebuilt a broken cross-reference table (often a file cut short): what it
            # found is kept, but the user should know text may be missing
            source.problems.append("damaged PDF, repaired when opened: some text may be missing")
        no_text, garbled, failed = [], [], []
        content_left = MAX_FILE_CONTENT_BYTES
        low_level = _pdf_of(doc)
        for i in range(doc.page_count):
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
                    page = _read_page(pdf_page, i + 1)
            except Exception as err:  # one broken page must not cost the rest of the file
                failed.append((i + 1, _short(err)))
                page = Page(number=i + 1, has_text=False)
            source.pages.append(page)
            page_progress.report(i + 1, doc.page_count)  # a big bundle: "page 40 of 300"
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
        if len(failed) == doc.page_count:
            why = failed[0][1]
            if why.startswith("too big"):  # over a cap, not damaged
                raise ReadError(f"no page could be read (page {failed[0][0]} {why})")
            raise ReadError(f"damaged PDF: no page could be read ({why})")
        try:
            for level, title, target, *_ in doc.get_toc(simple=True):
                if 1 <= target <= doc.page_count and title.strip():
                    source.bookmarks.append(Bookmark(level, title.strip(), target))
        except Exception:
            source.problems.append("bookmarks could not be read")
        meta = doc.metadata or {}
        for key in ("title", "author", "subject", "creationDate", "modDate", "producer"):
            if meta.get(key):
                source.metadata[key] = str(meta[key]).strip()
        source.title = _title(meta.get("title") or "")
        return source
    finally:
        doc.close()


def _over_cap(doc, page, pdf=None) -> tuple[str | None, int]:
    """(why the page is too big to read, or None; its unpacked content size). Streams are
    unpacked here only up to the cap, so a compression bomb costs what the cap allows.
    ``pdf``: what ``_pdf_of(doc)`` gives, found once per file."""
    left, pieces, streams = MAX_PAGE_CONTENT_BYTES, 0, []
    try:
        xrefs = list(page.get_contents()) + [x[0] for x in page.get_xobjects()]
    except Exception:  # a damaged page: MuPDF's reading decides what is left of it
        return None, 0
    if pdf is None:
        pdf = _pdf_of(doc)
    for xref in xrefs:
        data = _unpacked(doc, xref, left + 1, pdf)
        if data is None:
            continue  # a filter we do not unpack: MuPDF's own checks only
        left -= len(data)
        if left < 0:
            return (f"its content unpacks to over {MAX_PAGE_CONTENT_BYTES // 1_000_000} MB (a compression bomb?)",
                    MAX_PAGE_CONTENT_BYTES)
        streams.append(data)
    if MAX_PAGE_CONTENT_BYTES - left > 5 * MAX_PAGE_TEXT_PIECES:  # a piece takes 5 bytes: "(k)Tj"
        pieces = sum(d.count(b"Tj") + d.count(b"TJ") for d in streams)
    size = MAX_PAGE_CONTENT_BYTES - left
    if pieces > MAX_PAGE_TEXT_PIECES:
        return f"{pieces:,} pieces of text, more than a page holds (the limit is {MAX_PAGE_TEXT_PIECES:,})", size
    return None, size


def _pdf_of(doc):
    """(the MuPDF PdfDocument under a pymupdf Document, its number of objects), for
    ``_filter_and_raw``; None when it cannot be had (then PyMuPDF's own calls are used)."""
    try:
        if doc.is_closed or doc.is_encrypted:
            return None
        pdf = _mupdf.pdf_document_from_fz_document(doc.this)
        return (pdf, _mupdf.pdf_xref_len(pdf)) if pdf.m_internal else None
    except Exception:
        return None


def _filter_and_raw(doc, xref: int, pdf) -> tuple[str, str, bytes]:
    """What ``doc.xref_get_key(xref, "Filter")`` and ``doc.xref_stream_raw(xref) or b""`` give,
    in MuPDF's calls directly: PyMuPDF's wrappers cost about 70 us a call (they look up the
    document each time), and a page can have dozens of content streams. Raises where they
    raise."""
    if pdf is None:
        return (*doc.xref_get_key(xref, "Filter"), doc.xref_stream_raw(xref) or b"")
    pdf, xref_len = pdf  # the number of objects does not change while a file is read
    if not 1 <= xref < xref_len:
        raise ValueError("bad xref")
    obj = _mupdf.pdf_load_object(pdf, xref)
    sub = _mupdf.pdf_dict_gets(obj, "Filter") if obj.m_internal else None
    if sub is None or not sub.m_internal:
        kind, value = "null", "null"
    elif _mupdf.pdf_is_indirect(sub):
        kind, value = "xref", f"{_mupdf.pdf_to_num(sub)} 0 R"
    elif _mupdf.pdf_is_null(sub):
        kind, value = "null", "null"
    elif _mupdf.pdf_is_name(sub):
        kind, value = "name", f"/{_mupdf.pdf_to_name(sub)}"
    else:  # an array, a number, a string: rare, and PyMuPDF's text form decides as before
        kind, value = doc.xref_get_key(xref, "Filter")
    raw = b""
    if _mupdf.pdf_is_stream(_mupdf.pdf_new_indirect(pdf, xref, 0)):
        raw = _mupdf.fz_buffer_extract_copy(_mupdf.pdf_load_raw_stream_number(pdf, xref)) or b""
    return kind, value, raw


def _unpacked(doc, xref: int, cap: int, pdf=None) -> bytes | None:
    """The stream's bytes, at most ``cap`` of them; None for filters other than Flate."""
    try:
        kind, value, raw = _filter_and_raw(doc, xref, pdf)
    except Exception:
        return None
    if kind == "null":
        return raw[:cap]
    if value.strip("[] ") not in ("/FlateDecode", "/Fl"):
        return None
    try:
        return zlib.decompressobj().decompress(raw, cap)
    except zlib.error:
        return None  # broken: MuPDF decides what it can read


def _read_page(page, number: int) -> Page:
    rect = page.rect
    out = Page(number=number, width=rect.width, height=rect.height)
    data = page.get_text("dict", sort=True, flags=pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP)
    lines = out.lines
    # every line of every page passes here: plain loops, no generator per span
    for block in data.get("blocks", []):
        if block.get("type") != 0:
            continue
        for ln in block.get("lines", []):
            spans = [s for s in ln.get("spans", ()) if s.get("text")]
            if len(spans) == 1:
                raw = spans[0]["text"].rstrip()
            else:
                raw = "".join([s["text"] for s in spans]).rstrip()
            text = _clean(raw) if _NEEDS_CLEAN.search(raw) else raw
            if not text.strip():
                continue
            visible = [s for s in spans if s["text"].strip()] or spans
            size = visible[0].get("size", 0)
            bold = True
            for s in visible:
                if s.get("size", 0) > size:
                    size = s.get("size", 0)
                if bold and not ((s.get("flags", 0) & _BOLD_FLAG) or "bold" in s.get("font", "").lower()):
                    bold = False
            x0, y0, x1, y1 = ln["bbox"]
            lines.append(Line(text=text, bbox=(round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1)),
                              size=round(size, 1), bold=bold))
    if not out.lines:
        out.has_text = False
    else:
        out.garbled = is_garbled(out.text)
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
    if text.startswith("Failed to open file") or text.startswith("cannot open"):
        return "no PDF structure could be found"
    return text


_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff\ufffd]")
_NOT_ALNUM = re.compile(r"[\W_]+")  # removing these leaves the letters and digits
_WORD3 = re.compile(r"[^\W\d_]{3,}")
_VOWEL = re.compile(r"[aeiouyáéíóúäëïöüàèìòùâêîôû]", re.I)


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
    # readable text is mostly letters and digits, even a table of figures
    if len(_NOT_ALNUM.sub("", text)) / n < 0.5:
        return True
    words = _WORD3.findall(text)
    if len(words) < 20:
        return False
    # garbled when fewer than 60 % of the words have a vowel: counted until it is decided
    # (on a readable page the first two thirds of its words usually decide it)
    # in integers (5v < 3n is v/n < 0.6 exactly)
    n3, left = 3 * len(words), len(words)
    voweled = 0
    for w in words:
        if _VOWEL.search(w):
            voweled += 1
            if 5 * voweled >= n3:
                return False
        left -= 1
        if 5 * (voweled + left) < n3:
            return True
    return 5 * voweled < n3


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
