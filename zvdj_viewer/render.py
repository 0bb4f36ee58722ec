"""Rendering PDF pages and finding words on them (for the page viewer). No Qt here.

The viewer builds its image straight from the raw RGB samples (``QImage(samples, w, h,
stride, Format_RGB888).copy()``): that costs well under a millisecond, where going through
PNG bytes costs tens of milliseconds per page.

Open documents are kept in a small cache, because scrolling renders page after page of the
same file and opening a PDF again each time costs more than the rendering itself.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable

import pymupdf

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points (72 per inch)

_OPEN_LIMIT = 4
_open: OrderedDict[tuple[str, float], pymupdf.Document] = OrderedDict()
_lock = threading.Lock()  # one PyMuPDF document must not be used by two threads at once


def _doc(path: str) -> pymupdf.Document:
    """The open document for path; reopened when the file changed on disk."""
    path = os.fspath(path)
    try:
        mtime = os.stat(path).st_mtime
    except OSError as err:
        raise FileNotFoundError(f"{path}: the file cannot be opened ({err.strerror or err})") from err
    key = (path, mtime)
    doc = _open.get(key)
    if doc is not None:
        _open.move_to_end(key)
        return doc
    doc = pymupdf.open(path)
    _open[key] = doc
    while len(_open) > _OPEN_LIMIT:
        _, old = _open.popitem(last=False)
        old.close()
    return doc


def _page(doc: pymupdf.Document, page_no: int, path: str) -> pymupdf.Page:
    if not 1 <= page_no <= doc.page_count:
        raise IndexError(f"{path}: page {page_no} does not exist (the file has {doc.page_count} pages)")
    return doc[page_no - 1]


def page_count(path: str) -> int:
    with _lock:
        return _doc(path).page_count


def page_size(path: str, page_no: int) -> tuple[float, float]:
    """Width and height of a page in PDF points (1-based page number)."""
    with _lock:
        doc = _doc(path)
        r = _page(doc, page_no, path).rect
        return (r.width, r.height)


def page_sizes(path: str) -> list[tuple[float, float]]:
    """Sizes of all pages, for laying out a scroll area before anything is rendered."""
    with _lock:
        doc = _doc(path)
        return [(p.rect.width, p.rect.height) for p in doc.pages()]


def render_page(path: str, page_no: int, zoom: float = 1.0) -> tuple[int, int, int, bytes]:
    """Render one page (1-based) at zoom (1.0 = 72 dpi) as RGB without alpha.

    Returns (width, height, stride, samples) for QImage(..., Format_RGB888).
    """
    zoom = max(0.05, min(float(zoom), 8.0))  # a runaway zoom must not allocate gigabytes
    with _lock:
        doc = _doc(path)
        pix = _page(doc, page_no, path).get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
        return (pix.width, pix.height, pix.stride, bytes(pix.samples_mv))


# OCR'd pages have no text layer to find words in: their words (with boxes) come from the OCR
# cache of the archive's data directory (ocr.use_cache, called by the Archive that opens it)
_ocr_words: OrderedDict[tuple[str, str, float, int], list | None] = OrderedDict()


def _page_words(page, path: str, page_no: int) -> tuple[list, bool]:
    """(words as get_text("words") gives them, from OCR?) for one page (call under _lock).

    A page that was OCR'd (its content has an entry in the OCR cache) uses the OCR words,
    whether its own text layer is missing or garbled."""
    from . import ocr

    cache = ocr.current_cache()
    if cache is not None:
        key = (str(cache.root), path, os.stat(path).st_mtime, page_no)
        if key not in _ocr_words:
            result = cache.get(ocr.page_key(page))
            _ocr_words[key] = [(x0, y0, x1, y1, t) for t, x0, y0, x1, y1, _c in result.words] if result else None
            while len(_ocr_words) > 256:
                _ocr_words.popitem(last=False)
        words = _ocr_words[key]
        if words is not None:
            return words, True
    return page.get_text("words"), False


def _phrase_boxes(words: list, phrase: str) -> list[Rect]:
    """Boxes of a phrase on OCR words: consecutive words that match its words."""
    want = [t for t in (_norm(w) for w in phrase.split()) if t]
    have = [_norm(w[4]) for w in words]
    out: list[Rect] = []
    for i in range(len(have) - len(want) + 1):
        if want and all(have[i + j] == want[j] for j in range(len(want))):
            out += [tuple(words[i + j][:4]) for j in range(len(want))]
    return out


def _norm(word: str) -> str:
    return re.sub(r"[^\w.]+", "", word.casefold()).strip(".")


def find_boxes(path: str, page_no: int, words: Iterable[str]) -> list[Rect]:
    """Rectangles (PDF points) of the words on a page that match one of ``words``.

    A page word matches a term when, case-insensitive and without surrounding punctuation,
    it starts with the term: the index stems Dutch words ("jeugdhulp" finds
    "jeugdhulpaanbieders"), so a prefix match shows what the search found. A term of
    several words ("10.2.e", a phrase) is looked up as a phrase with ``search_for``.
    """
    return find_marks(path, page_no, words, None)[0]


def find_marks(path: str, page_no: int, words: Iterable[str], codes: Iterable[str] | None
               ) -> tuple[list[Rect], list[Rect]]:
    """(find_boxes, find_code_boxes) of one page, its words read once; codes None: no
    code boxes."""
    words = list(words)
    terms = [t for t in (_norm(w) for w in words) if t]
    if not terms and codes is None:
        return [], []
    with _lock:
        page = _page(_doc(path), page_no, path)
        page_words, from_ocr = _page_words(page, path, page_no)
        hits = _term_boxes(page, page_words, from_ocr, terms, words) if terms else []
        return hits, (_code_boxes(page_words, codes) if codes is not None else [])


def _term_boxes(page, page_words: list, from_ocr: bool, terms: list[str], words: list[str]) -> list[Rect]:
    single = [t for t in terms if " " not in t]
    phrases = [w for w in words if " " in w.strip()]
    out: list[Rect] = []
    for x0, y0, x1, y1, text, *_ in page_words:
        w = _norm(text)
        if w and any(w.startswith(t) for t in single):
            out.append((x0, y0, x1, y1))
    for ph in phrases:
        if from_ocr:
            out += _phrase_boxes(page_words, ph)
        else:
            out += [(r.x0, r.y0, r.x1, r.y1) for r in page.search_for(ph.strip())]
    return out


# Redaction codes as printed: 10.2.e, 10.2e, (10)(2e), 10.2.e [redacted], 5.1.2e, 5.1.2.e,
# 11.1, 5.2. After dropping brackets and spaces they read as dotted numbers with a letter.
_CODE_WITH_LETTER = re.compile(r"^(?:10\.?[12]\.?[a-g]|5\.1\.?[12]\.?[a-i])$")
_CODE_BARE = re.compile(r"^(?:11\.1|5\.2)$")
_DIGIT = re.compile(r"\d")


def _code_of(word: str) -> str | None:
    w = word.casefold().replace(")(", ".").strip("()[]{}.,;: ").replace("(", "").replace(")", "")
    if _CODE_WITH_LETTER.match(w):
        return w
    if _CODE_BARE.match(w):
        return w
    return None


def find_code_boxes(path: str, page_no: int, codes: Iterable[str] = ()) -> list[Rect]:
    """Rectangles of redaction codes printed on a page.

    Codes with a letter (10.2.e, 5.1.2e) are recognised anywhere. Bare codes such as
    "5.2" or "11.1" read like section numbers, so they are only marked when ``codes``
    (the document's known redaction codes) contains them.
    """
    return find_marks(path, page_no, (), codes)[1]


def _code_boxes(page_words: list, codes: Iterable[str]) -> list[Rect]:
    known = {c.casefold().replace(".", "") for c in codes}
    out: list[Rect] = []
    for x0, y0, x1, y1, text, *_ in page_words:
        if _DIGIT.search(text) is None:  # every code holds digits: most words need no more
            continue
        code = _code_of(text)
        if code is None:
            continue
        if _CODE_WITH_LETTER.match(code) or code.replace(".", "") in known:
            out.append((x0, y0, x1, y1))
    return out


def close_all() -> None:
    """Close cached documents (tests; before a file is replaced on Windows)."""
    with _lock:
        while _open:
            _open.popitem()[1].close()
