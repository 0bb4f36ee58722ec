"""OCR of scanned pages with the Tesseract command-line program, and where its results live.

Why the ``tesseract`` program through ``subprocess`` (measured with ``bench/ocr_bench.py
--engines`` on 1848-scan.pdf page 1, CPU seconds per page at 300 dpi): the CLI 1.24 s and
72 MB, ``tesserocr`` (a wheel bundling its own Tesseract 5.5) 1.19 s and 94 MB in the calling
process, PyMuPDF's ``get_textpage_ocr`` 2.4 s at 200 dpi. The CLI is as fast as the binding,
needs no new dependency (the Tesseract a user installs is the one we use, on Windows and macOS
too), runs outside our process (a page that hangs is killed at its time limit, a crash costs
one page) and waits without holding the GIL.

A page is OCR'd when it has no text layer or a garbled one. The result (lines and words with
boxes in PDF points, top-left origin, and Tesseract's confidence) is cached in the data
directory under a key made from the page's content (its content stream and the raw data of
its images, not the file's path or name): a re-index, a moved or renamed file, a rebuilt
catalog or index find it again and never OCR twice. Each page's result is one file, written
to a temporary name and renamed into place, so a kill -9 loses at most the page in progress.

``apply_cached`` (run by ``pipeline.process_file``) puts cached OCR text into a freshly read
``SourceText`` before analysis, so segmenting, typing and redaction codes see it like any
text layer. ``ocr_task`` does a page in a worker process (``pipeline.run_parallel``), with a
Tesseract that stays running from page to page (``ocr_session``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a search imports this module (OCR boxes for hits) but not the reading model
    from .model import SourceText

LANG = "nld"
DPI = 300  # chosen by bench/ocr_bench.py --dpi: see README (Performance)
# Grey redaction boxes carry the code in black ("10.2.e" on grey): Tesseract's own
# binarisation turns the grey box black and loses the code. Pixels lighter than this become
# white first (chosen with bench/ocr_bench.py --dpi; None: no threshold).
THRESHOLD: int | None = 150
# A page's budget is CPU time, so a busy machine (wall time stretches) does not fail pages:
# Tesseract is stopped after PAGE_CPU_SECONDS of CPU on a page (where the system tells a
# process's CPU time: Linux), or after PAGE_TIMEOUT seconds of wall time (a safety net, and
# the limit elsewhere). A page over its CPU budget is cached
# as failed; one that only ran out of wall time is tried again on the next update.
PAGE_CPU_SECONDS = 60
PAGE_TIMEOUT = 600.0
OCR_VERSION = 5  # part of the cache key: bump when the way pages are OCR'd changes (4: margins read again;
# 5: margin strips only where page OCR left ink, read in one run with the boxes)
CACHE_DIR = "ocr-cache"

# Where Tesseract is. ZVDJ_TESSERACT names the program (a Windows install outside PATH);
# tests point it at a missing file to play "Tesseract not installed".
_ENV_PROGRAM = "ZVDJ_TESSERACT"
NOT_INSTALLED = ("{n} scanned pages stay unsearchable until Tesseract OCR with the Dutch "
                 "language data is installed (see README, 'Scanned pages')")


@dataclass
class OcrPage:
    """What Tesseract read on one page. Boxes in PDF points, top-left origin."""

    lines: list[tuple[str, tuple[float, float, float, float]]] = field(default_factory=list)
    words: list[tuple[str, float, float, float, float, float]] = field(default_factory=list)  # text, box, conf
    confidence: float | None = None  # mean word confidence, 0-100
    error: str | None = None  # OCR failed on this page: why (cached too: not retried)
    retry: bool = False  # the failure may pass (out of wall time on a busy machine): not cached
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # redaction boxes

    def to_json(self) -> dict:
        return {"lines": [[t, list(b)] for t, b in self.lines],
                "words": [list(w) for w in self.words],
                "confidence": self.confidence, "error": self.error,
                "boxes": [list(b) for b in self.boxes]}

    @classmethod
    def from_json(cls, data: dict) -> OcrPage:
        return cls(lines=[(t, tuple(b)) for t, b in data.get("lines", [])],
                   words=[tuple(w) for w in data.get("words", [])],
                   confidence=data.get("confidence"), error=data.get("error"),
                   boxes=[tuple(b) for b in data.get("boxes", [])])


# -- is Tesseract there ---------------------------------------------------------------------

def program() -> str | None:
    explicit = os.environ.get(_ENV_PROGRAM)
    if explicit:
        return explicit if os.path.isfile(explicit) else None
    import shutil  # imported here, as tempfile below: a search imports this module, never runs these

    return shutil.which("tesseract")


@lru_cache(maxsize=4)
def _languages(prog: str) -> tuple[str, ...]:
    try:
        out = subprocess.run([prog, "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return ()
    # first line is "List of available languages in ...", then one code per line
    return tuple(ln.strip() for ln in (out.stdout + out.stderr).splitlines()[1:] if ln.strip())


def available() -> bool:
    """True when Tesseract and its Dutch language data can be used."""
    prog = program()
    return bool(prog) and LANG in _languages(prog)


def disabled_by_env() -> bool:
    """ZVDJ_NO_OCR=1 turns OCR off for the CLI and the app (the test suite sets it)."""
    return os.environ.get("ZVDJ_NO_OCR", "").strip() not in ("", "0")


# -- the cache ------------------------------------------------------------------------------

def page_key(page) -> str:
    """Key of a PyMuPDF page by what it shows: content stream, images, size, rotation."""
    h = hashlib.sha256(f"ocr{OCR_VERSION}|{LANG}|{DPI}|{tuple(page.rect)}|{page.rotation}|".encode())
    try:
        h.update(page.read_contents() or b"")
    except Exception:  # noqa: BLE001 - a page without readable contents: images decide
        pass
    doc = page.parent
    for img in page.get_images(full=True):
        try:
            h.update(doc.xref_stream_raw(img[0]) or b"")
        except Exception:  # noqa: BLE001
            h.update(str(img).encode())
    return h.hexdigest()


class OcrCache:
    """One JSON file per page under ``DATA/ocr-cache/ab/abcdef....json``."""

    def __init__(self, data_dir: str | os.PathLike[str]):
        self.root = Path(data_dir) / CACHE_DIR

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> OcrPage | None:
        try:
            with open(self._path(key), encoding="utf-8") as f:
                return OcrPage.from_json(json.load(f))
        except (OSError, ValueError, TypeError, KeyError):
            return None  # absent, or damaged (then OCR'd again and rewritten)

    def put(self, key: str, result: OcrPage) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile

        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(result.to_json(), f, ensure_ascii=False)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)  # atomic: the file is whole or absent
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def count(self) -> int:
        return sum(1 for _ in self.root.glob("*/*.json")) if self.root.exists() else 0


_current: OcrCache | None = None


def use_cache(data_dir: str | os.PathLike[str] | None) -> None:
    """The cache the page viewer finds OCR words in (render.find_boxes): the open archive's."""
    from .paths import use_ocr_cache

    use_ocr_cache(data_dir)


def current_cache() -> OcrCache | None:
    """The cache of the data folder paths.use_ocr_cache named last (None: none)."""
    global _current
    from .paths import ocr_data_dir

    d = ocr_data_dir()
    if d is None:
        return None
    if _current is None or _current.root != d / CACHE_DIR:
        _current = OcrCache(d)
    return _current


# -- running Tesseract on one page ----------------------------------------------------------

def needs_ocr(page) -> bool:
    """A model Page whose text must come from OCR: no text layer, or an unreadable one."""
    return page.text_source != "ocr" and (not page.has_text or page.garbled)


def ocr_pixmap(pix, dpi: int = DPI, timeout: float = PAGE_TIMEOUT, psm: int = 3) -> OcrPage:
    """OCR a PyMuPDF pixmap rendered at ``dpi``; boxes come back in PDF points."""
    return ocr_pixmaps([pix], dpi, timeout, psm)[0]


def ocr_pixmaps(pixes: list, dpi: int = DPI, timeout: float = PAGE_TIMEOUT, psm: int = 3) -> list[OcrPage]:
    """OCR several pixmaps, each as a page of its own, by this process's Tesseract for
    ``dpi`` and ``psm`` (``ocr_session``: started once, not once per image; every start
    loads the Dutch model, 0.17-0.2 s of CPU). ``timeout`` and the CPU budget
    (PAGE_CPU_SECONDS) hold for each image; an image over them fails alone."""
    return [out if isinstance(out, OcrPage) else parse_tsv(out, 72.0 / dpi)
            for out in read_images([pnm_bytes(p) for p in pixes], dpi, psm, timeout)]


def read_images(images: list[bytes], dpi: int, psm: int, timeout: float) -> list[str | OcrPage]:
    """Tesseract's TSV of each image (PNM bytes; its header line first), or an OcrPage saying
    why there is none."""
    prog = program()
    if not prog:
        return [OcrPage(error="Tesseract is not installed") for _ in images]
    from .ocr_session import session

    tess = session(prog, ["-l", LANG, "--dpi", str(dpi), "--psm", str(psm)], lambda: PAGE_CPU_SECONDS)
    out: list[str | OcrPage] = []
    for image in images:
        got = tess.read(image, timeout)
        out.append(got if isinstance(got, str) else OcrPage(error=got.error, retry=got.retry))
    return out


def parse_tsv(tsv: str, scale: float) -> OcrPage:
    """Tesseract's TSV (level 5 = word) to lines and words; pixel boxes times ``scale``."""
    lines: dict[tuple[str, str, str], list] = {}
    words, confs = [], []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        if not text:
            continue
        try:
            left, top, width, height = (int(c) for c in cols[6:10])
            conf = float(cols[10])
        except ValueError:
            continue
        box = (round(left * scale, 1), round(top * scale, 1),
               round((left + width) * scale, 1), round((top + height) * scale, 1))
        words.append((text, *box, round(conf, 1)))
        if conf >= 0:
            confs.append(conf)
        lines.setdefault((cols[2], cols[3], cols[4]), []).append((text, box))
    out_lines = []
    for ws in lines.values():
        x0 = min(b[0] for _, b in ws)
        y0 = min(b[1] for _, b in ws)
        x1 = max(b[2] for _, b in ws)
        y1 = max(b[3] for _, b in ws)
        out_lines.append((" ".join(t for t, _ in ws), (x0, y0, x1, y1)))
    out_lines.sort(key=lambda ln: (round(ln[1][1] / 4), ln[1][0]))  # reading order: top down
    return OcrPage(lines=out_lines, words=words,
                   confidence=round(sum(confs) / len(confs), 1) if confs else None)


def render_gray(pdf_page, dpi: int = DPI):
    import pymupdf

    return pdf_page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)


def _array(pix):
    """A grey pixmap's pixels as a 2-D uint8 array (a view, no copy)."""
    import numpy as np

    return np.frombuffer(pix.samples_mv, dtype=np.uint8).reshape(pix.height, pix.stride)[:, :pix.width]


def threshold(pix, level: int):
    """A copy of a grey pixmap in black and white: lighter than ``level`` becomes white."""
    import numpy as np
    import pymupdf

    bw = np.multiply(_array(pix) > level, 255, dtype=np.uint8)  # uint8 throughout (np.where made int64)
    return pymupdf.Pixmap(pymupdf.csGRAY, pix.width, pix.height, bw.tobytes(), 0)


def pnm_bytes(pix) -> bytes:
    """The image file Tesseract is given. A grey image of only black and white (a thresholded
    page) goes as a 1-bit PBM: an eighth of the bytes of 8-bit grey, and Tesseract reads it
    0.15-0.2 s of CPU faster per page with the same words (it binarises what it gets; these
    pixels are binary already). Anything else as an 8-bit PNM."""
    import numpy as np

    if pix.n == 1 and not pix.alpha and pix.width and pix.height:
        a = _array(pix)
        if not np.any((a != 0) & (a != 255)):
            return f"P4\n{pix.width} {pix.height}\n".encode() + np.packbits(a == 0, axis=1).tobytes()
    return pix.tobytes("pnm")


def page_image(pdf_page, dpi: int = DPI, level: int | None = THRESHOLD):
    """The page as Tesseract reads it: grey at ``dpi``, thresholded at ``level``."""
    pix = render_gray(pdf_page, dpi)
    return threshold(pix, level) if level is not None else pix


def clip_image(pdf_page, clip, dpi: int = DPI, level: int | None = THRESHOLD):
    """A part of the page (``clip``, points) rendered on its own as ``page_image`` renders the
    page. Why not cut from the page image: PyMuPDF scales a scan's image differently for a
    clip, so the pixels differ a little, and so does what Tesseract reads: on Bes-Ordner1.pdf
    page 30 the corner stamp "7." came out of the cut strip at confidence 54 instead of 63 and
    was lost. Rendering a strip or a box costs about 0.01 s."""
    import pymupdf

    pix = pdf_page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False, clip=clip)
    return threshold(pix, level) if level is not None else pix


def ocr_page(pdf_page, dpi: int = DPI, timeout: float = PAGE_TIMEOUT, level: int | None = THRESHOLD) -> OcrPage:
    return ocr_pixmap(page_image(pdf_page, dpi, level), dpi, timeout)


def read_page(pdf_page) -> OcrPage:
    """What the product reads off a page (``ocr_task`` caches it): the page image OCR'd, its
    redaction boxes found (one per line of redacted text), then what page OCR may have missed
    read again (``read_again``)."""
    pix = page_image(pdf_page)
    result = ocr_pixmap(pix)
    if result.error is None:
        _find_boxes(pdf_page, result)
        read_again(pdf_page, result, pix)
    return result


def _find_boxes(pdf_page, result: OcrPage) -> None:
    from .redaction_boxes import page_boxes, split_by_lines

    lines = [b for _, b in result.lines]
    result.boxes = [b for box in page_boxes(pdf_page) for b in split_by_lines(box, lines)]


BOX_READS = 12  # at most this many boxes per page are read on their own


def _box_unread(result: OcrPage, box) -> bool:
    """One line high, and the page's OCR found no code in it."""
    from .understanding.redactions import find_in_text

    x0, y0, x1, y1 = box
    inside = [w for w in result.words if x0 <= (w[1] + w[3]) / 2 <= x1 and y0 <= (w[2] + w[4]) / 2 <= y1]
    return (y1 - y0) <= 40 and not find_in_text(" ".join(w[0] for w in inside))


def box_images(pdf_page, result: OcrPage, dpi: int = DPI) -> list:
    """(box, its clip, image) of each redaction box to read again: page OCR often skips or
    garbles a short code on a grey box at the page's edge ("1U.4.e"); read alone it comes
    out. A plain grey or black fill has nothing printed on it to read."""
    import pymupdf

    out = []
    tried = 0
    for box in result.boxes:
        if not _box_unread(result, box):
            continue
        if tried >= BOX_READS:
            break
        tried += 1
        x0, y0, x1, y1 = box
        clip = pymupdf.Rect(x0 - 2, y0 - 2, x1 + 2, y1 + 2) & pdf_page.rect
        pix = clip_image(pdf_page, clip, dpi)
        if not _blank(pix):
            out.append((box, clip, pix))
    return out


def add_box_read(result: OcrPage, box, clip, part: OcrPage) -> None:
    """A code read off a box again is added as a line of the page, beside what the page's OCR
    made of the box (unread again: a code read off an earlier box may stand in this one too)."""
    from .understanding.redactions import find_in_text

    text = " ".join(t for t, _ in part.lines)
    if part.error or not find_in_text(text) or not _box_unread(result, box):
        return
    result.lines.append((text, tuple(box)))
    for t, a, b, c, d, conf in part.words:  # clip coordinates back to the page
        result.words.append((t, round(a + clip.x0, 1), round(b + clip.y0, 1),
                             round(c + clip.x0, 1), round(d + clip.y0, 1), conf))
    result.lines.sort(key=lambda ln: (round(ln[1][1] / 4), ln[1][0]))


def read_again(pdf_page, result: OcrPage, pix, dpi: int = DPI) -> None:
    """Read the redaction boxes without a code and the margin strips with marks page OCR left
    out (``ocr_margins``), each as a block of text (``--psm 6``, by the process's Tesseract
    for that: ``ocr_pixmaps``), and add what they show. Why ``--psm 6`` for the boxes too (one line each, ``--psm 7`` before): the codes read off
    the 41 boxes of both truth files are the same with either (bench/ocr_bench.py). No run at
    all when there is nothing to read (most clean pages). ``pix``: the page image page OCR
    read (``page_image``), where the margins are looked at for ink no word covers."""
    from .ocr_margins import add_new_words, margin_images

    boxes = box_images(pdf_page, result, dpi)
    margins = margin_images(pdf_page, result, pix, dpi)
    if not boxes and not margins:
        return
    parts = ocr_pixmaps([b[2] for b in boxes] + [m[1] for m in margins], dpi, timeout=30, psm=6)
    for (box, clip, _pix), part in zip(boxes, parts):
        add_box_read(result, box, clip, part)
    rect = pdf_page.rect
    for (clip, _pix), strip in zip(margins, parts[len(boxes):]):
        if not strip.error:  # the page's own OCR stands
            add_new_words(result, strip, clip.x0 - rect.x0, clip.y0 - rect.y0)


def _blank(pix) -> bool:
    """A pixmap (grey) of one colour, give or take a few specks: no text on it."""
    a = _array(pix)
    dark = float((a < 128).mean()) if a.size else 0.0
    return dark < 0.005 or dark > 0.95


def ocr_task(task: str):
    """Worker-process entry (``pipeline.run_parallel``): OCR a page of a PDF and cache it.

    ``task`` is JSON ``[pdf path, page number, data dir]``. Returns a FileResult whose
    ``path`` is the task and whose ``error`` says why the page could not be done (only when
    that may pass: a page that cannot be read for good is cached as failed). The text itself
    goes to the cache, where the reader finds it. One page a task: the worker's Tesseract
    runs from one task to the next (``ocr_session``), so a task of several pages saves no
    model load, and one page a task lets the workers end together, a cancel wait for one
    page and a kill lose one page a worker.
    """
    import pymupdf

    from .pipeline import FileResult

    path, number, data_dir = json.loads(task)
    try:
        doc = pymupdf.open(path)
    except Exception as err:  # noqa: BLE001 - the file went away or broke since it was read
        return FileResult(task, error=f"could not be opened for OCR ({err})")
    try:
        cache = OcrCache(data_dir)
        page = doc[number - 1]
        key = page_key(page)
        if cache.get(key) is None:
            result = read_page(page)
            if result.retry:
                return FileResult(task, error=result.error)
            cache.put(key, result)
        return FileResult(task)
    finally:
        doc.close()


# -- OCR text into a SourceText -------------------------------------------------------------

_PROBLEM = re.compile(r"^page [\d, -]+: (no text layer|unreadable text layer \(garbled characters\))$")


def apply_cached(source: SourceText, data_dir: str | os.PathLike[str]) -> list[int]:
    """Fill the pages that need OCR from the cache; returns the page numbers still to do."""
    if source.kind != "pdf" or not any(needs_ocr(p) for p in source.pages):
        return []
    import pymupdf

    cache = OcrCache(data_dir)
    todo: list[int] = []
    try:
        doc = pymupdf.open(source.path)
    except Exception:  # noqa: BLE001 - it was readable a moment ago; leave the pages as they are
        return [p.number for p in source.pages if needs_ocr(p)]
    try:
        for page in source.pages:
            if not needs_ocr(page) or page.number > doc.page_count:
                continue
            key = page_key(doc[page.number - 1])
            result = cache.get(key)
            if result is None:
                todo.append(page.number)
                continue
            use_ocr(page, result, key)
    finally:
        doc.close()
    _restate_problems(source)
    return todo


# Tesseract puts words of the text column and of the letterhead sidebar at the right edge
# side by side on one line when they share a baseline (a nota's "Aan MVWS Deadline: ..." with
# the sidebar's "Langdurige Zorg"). Between the words of a line there is about half a
# character's width; a gap of this many character widths before words that lie in the right
# part of the page (from SIDEBAR_FROM of its width) is the white space between text and sidebar.
COLUMN_GAP_CHARS = 4.0
SIDEBAR_FROM = 0.72


def column_lines(result: OcrPage, page_width: float | None) -> list[tuple[str, tuple[float, float, float, float]]]:
    """``result``'s lines, each split where words of the right-hand sidebar follow a column gap.
    Done when the cached result is used, from its word boxes, so results cached before need
    no new OCR."""
    if not page_width:
        return list(result.lines)
    out: list[tuple[str, tuple[float, float, float, float]]] = []
    for text, box in result.lines:
        if box[2] < page_width * SIDEBAR_FROM or box[0] >= page_width * SIDEBAR_FROM:
            out.append((text, box))  # all in the text column, or all in the sidebar
            continue
        ws = sorted((w for w in result.words if w[1] >= box[0] - 0.05 and w[3] <= box[2] + 0.05
                     and w[2] >= box[1] - 0.05 and w[4] <= box[3] + 0.05), key=lambda w: w[1])
        chars = sum(len(w[0]) for w in ws)
        if len(ws) < 2 or " ".join(w[0] for w in ws) != text or not chars:
            out.append((text, box))  # words not those of this line alone: keep it whole
            continue
        char_w = sum(w[3] - w[1] for w in ws) / chars
        cut = next((k for k in range(1, len(ws)) if ws[k][1] >= page_width * SIDEBAR_FROM
                    and ws[k][1] - ws[k - 1][3] > COLUMN_GAP_CHARS * char_w), None)
        if cut is None:
            out.append((text, box))
        else:
            out += [_line_of(ws[:cut]), _line_of(ws[cut:])]
    out.sort(key=lambda ln: (round(ln[1][1] / 4), ln[1][0]))  # reading order, as parse_tsv gives it
    return out


def _line_of(words: list) -> tuple[str, tuple[float, float, float, float]]:
    return (" ".join(w[0] for w in words),
            (min(w[1] for w in words), min(w[2] for w in words), max(w[3] for w in words), max(w[4] for w in words)))


def use_ocr(page, result: OcrPage, key: str) -> None:
    """Replace a page's (missing or garbled) text with what OCR read."""
    from .model import Line

    page.lines = [Line(text=t, bbox=b, size=round((b[3] - b[1]) * 0.8, 1)) for t, b in column_lines(result, page.width)]
    page.has_text = bool(page.lines)
    page.garbled = False
    page.text_source = "ocr"
    page.ocr_confidence = result.confidence
    page.ocr_key = key
    page.ocr_error = result.error
    page.ocr_words = [(x0, y0, x1, y1, t) for t, x0, y0, x1, y1, _c in result.words]
    page.boxes = list(result.boxes)


def _restate_problems(source: SourceText) -> None:
    """The reader's 'no text layer' lines, said again for what is left after OCR."""
    from .readers.pdf import _pages

    source.problems = [p for p in source.problems if not _PROBLEM.match(p)]
    no_text = [p.number for p in source.pages if not p.has_text and p.text_source != "ocr"]
    garbled = [p.number for p in source.pages if p.garbled]
    failed = [p.number for p in source.pages if p.text_source == "ocr" and p.ocr_error]
    if no_text:
        source.problems.append(f"{_pages(no_text)}: no text layer")
    if garbled:
        source.problems.append(f"{_pages(garbled)}: unreadable text layer (garbled characters)")
    if failed:
        source.problems.append(f"{_pages(failed)}: OCR failed ({source.pages[failed[0] - 1].ocr_error})")
