"""Redaction boxes: filled rectangles that hide text, on page images and in page drawings.

On a page image (scans; found while the page is OCR'd, ``raster_boxes``) a box is a block of
dark pixels (grey, black, or a colour darker than ``DARK``) that keeps the same left and right
edge row after row: the page is rendered at 72 dpi (one pixel a point), each row is cut into
runs of dark pixels, and runs that line up with the run above (within ``TOL`` points) grow
into a rectangle. Text never does: its dark runs are a few points long and change from row
to row. A dark object that only starts out rectangular (the Rijksoverheid logo: a bar with
the emblem cut out of it) is rejected when the row just past the rectangle is partly dark,
and so is anything touching the page edge (scan borders, the logo bar at the top).

On born-digital pages (``vector_boxes``) a box is a filled rectangle drawing in a dark
colour. Drawings are only read on pages whose text carries a redaction mark: reading them
costs about 3 ms a page, more than the rest of reading a page.

Each box gets the code printed in it, or right beside it, when there is one
(``code_near``); a box without a code is a redaction without a stated ground.
"""

from __future__ import annotations

from .model import Document, RedactionBox, SourceText

DARK = 200  # grey level (0-255) below which a pixel counts as filled; table shading is ~217
MIN_W = 11.0  # points: smaller is a letter, a bullet, a logo's part or a rule
MIN_H = 6.0
TOL = 3  # points the edges of one box may wander from row to row (scans)
GLYPH = 20  # points a letter touching a box may widen its row's run on one side
MAX_W_SHARE = 0.9  # a "box" wider than this share of the page is a border or a bar
# the attribute of an open PDF document (``read_pdf(keep_open=...)``) that holds, by page
# number, (page width, the fills caught while the page's text was read): those pages are not
# interpreted again for their drawings
FILLS_READ_WITH_TEXT = "zvdj_fills_read_with_text"


def _runs(row):
    """(start, end) of the runs of True in a 1-D bool array (end exclusive)."""
    import numpy as np

    padded = np.concatenate(([False], row, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[0::2].tolist(), edges[1::2].tolist()))


def raster_boxes(gray, scale: float = 1.0) -> list[tuple[float, float, float, float]]:
    """Boxes on a grey page image (2-D uint8 array); ``scale`` = points per pixel."""
    dark = gray < DARK
    h, w = dark.shape
    min_w, min_h, tol = MIN_W / scale, MIN_H / scale, max(1, round(TOL / scale))
    glyph = GLYPH / scale
    open_chains: list[list[int]] = []  # [x0, x1, y0, y1] of rectangles still growing
    done: list[list[int]] = []
    for y in range(h):
        row = dark[y]
        runs = [r for r in _runs(row) if r[1] - r[0] >= min_w] if row.any() else []
        grown: list[list[int]] = []
        for x0, x1 in runs:
            for c in open_chains:
                left, right = abs(c[0] - x0) <= tol, abs(c[1] - x1) <= tol
                # same edges; or one edge the same and the other a letter's width off (text
                # touching the box, or a light letter inside it at its edge): the box keeps
                # its own edges
                if (left and abs(x1 - c[1]) <= glyph) or (right and abs(c[0] - x0) <= glyph):
                    c[3] = y
                    grown.append(c)
                    open_chains.remove(c)
                    break
            else:
                grown.append([x0, x1, y, y])
        done += open_chains
        open_chains = grown
    done += open_chains
    out = []
    for x0, x1, y0, y1 in _merge_stacked(done, tol):
        if y1 - y0 + 1 < min_h or x1 - x0 < min_w:
            continue
        if x0 <= 1 or y0 <= 1 or x1 >= w - 1 or y1 >= h - 2 or (x1 - x0) > MAX_W_SHARE * w:
            continue  # touches the edge, or spans the page
        if _framed(dark, x0, x1, y0 - FRAME, y0) or _framed(dark, x0, x1, y1 + 1, y1 + 1 + FRAME):
            continue
        if _ruled(dark, x0, x1, y0, y1) or _shaded_row(gray, x0, x1, y0, y1):
            continue
        out.append((round(x0 * scale, 1), round(y0 * scale, 1), round(x1 * scale, 1), round((y1 + 1) * scale, 1)))
    return out


def _merge_stacked(chains: list[list[int]], tol: int) -> list[list[int]]:
    """Join rectangles that continue one another (same edges, next row): a glyph touching a
    box breaks its run for a row or two, which cuts the box into slices."""
    out: list[list[int]] = []
    for c in sorted(chains, key=lambda c: (c[2], c[0])):
        for o in out:
            if abs(o[0] - c[0]) <= tol and abs(o[1] - c[1]) <= tol and 0 <= c[2] - o[3] <= 2:
                o[0], o[1], o[3] = min(o[0], c[0]), max(o[1], c[1]), c[3]
                break
        else:
            out.append(list(c))
    return out


FRAME = 8  # rows looked at beyond a box's top and bottom edge


def _framed(dark, x0: int, x1: int, ya: int, yb: int) -> bool:
    """Both side edges of a rectangle go on dark beyond it while its middle does not: it is
    the solid part of a bigger object with a hole (the logo bar around its emblem). A box
    stacked on another, or text above it, does not darken both edge columns all along."""
    ya, yb = max(ya, 0), min(yb, dark.shape[0])
    if yb - ya < FRAME // 2 or x1 - x0 < 4:
        return False
    left = dark[ya:yb, x0 + 1].mean()
    right = dark[ya:yb, x1 - 2].mean()
    middle = dark[ya:yb, x0 + 2:x1 - 2].mean()
    return left >= 0.75 and right >= 0.75 and middle < 0.9


def _ruled(dark, x0: int, x1: int, y0: int, y1: int) -> bool:
    """A dark line runs along the rectangle's top or bottom edge and on past both its sides:
    the shading of a table row between the table's rules, not a redaction."""
    w = dark.shape[1]
    a, b = max(0, x0 - 4), min(w, x1 + 4)
    if a == x0 or b == x1:
        return False
    for y in (y0 - 2, y0 - 1, y0, y1, y1 + 1, y1 + 2):
        if 0 <= y < dark.shape[0] and dark[y, a:x0].all() and dark[y, x1:b].all():
            return True
    return False


def _shaded_row(gray, x0: int, x1: int, y0: int, y1: int) -> bool:
    """A grey rectangle whose top or bottom row is a black rule: a shaded table row (the rule
    belongs to the table); redaction boxes are filled evenly up to their edge."""
    import numpy as np

    inner = float(np.median(gray[y0 + 2:y1 - 1, x0:x1])) if y1 - y0 > 4 else 0.0
    if inner < 150:
        return False  # a black box
    return any(float(np.mean(gray[y, x0:x1] < inner - 60)) > 0.9 for y in (y0, y0 + 1, y1 - 1, y1))


def page_boxes(pdf_page) -> list[tuple[float, float, float, float]]:
    """Raster boxes of one PyMuPDF page (rendered at 72 dpi, grey)."""
    import numpy as np
    import pymupdf

    pix = pdf_page.get_pixmap(dpi=72, colorspace=pymupdf.csGRAY, alpha=False)
    gray = np.frombuffer(pix.samples_mv, dtype=np.uint8).reshape(pix.height, pix.stride)[:, :pix.width]
    sx = pdf_page.rect.width / pix.width if pix.width else 1.0
    return raster_boxes(gray, sx)


def vector_boxes(pdf_page) -> list[tuple[float, float, float, float]]:
    """Filled dark rectangles among the page's drawings (born-digital redactions)."""
    out = []
    pw = pdf_page.rect.width
    # the C form of get_drawings(): the same paths, with plain tuples where get_drawings()
    # makes Rect and Point objects of every item (about 15 % of its time on a marked page)
    for d in pdf_page.get_cdrawings():
        fill = d.get("fill")
        if fill is None or not d.get("items"):
            continue
        box = _box(fill, d["rect"], d["items"], pw)
        if box is not None:
            out.append(box)
    return out


def fill_boxes(fills: list, page_width: float) -> list[tuple[float, float, float, float]]:
    """``vector_boxes`` of fills caught while the page's text was read (``readers.drawn_fills``:
    (fill, rect, every item a rectangle) in drawing order), the page not interpreted again."""
    out = []
    for fill, rect, all_rects in fills:
        box = _box(fill, rect, all_rects, page_width)
        if box is not None:
            out.append(box)
    return out


def _box(fill, rect, items, pw: float) -> tuple[float, float, float, float] | None:
    """The box a filled path is, or None. ``items``: the path's items as get_cdrawings gives
    them, or whether they are all rectangles."""
    x0, y0, x1, y1 = rect
    # too small first: most filled paths are glyphs drawn as outlines (a bundle's
    # flattened pages have a hundred and more of them), and this test is the cheapest.
    # An empty fill (no colour space) still goes the whole way: it fails at its colour
    if fill and (x1 - x0 < MIN_W or y1 - y0 < MIN_H):
        return None
    if not (items if type(items) is bool else all(it[0] == "re" or it[0] == "qu" for it in items)):
        return None
    width, height = max(0, x1 - x0), max(0, y1 - y0)  # as Rect.width and Rect.height
    lum = 255 * (0.299 * fill[0] + 0.587 * fill[1] + 0.114 * fill[2]) if len(fill) >= 3 else 255 * fill[0]
    if lum >= DARK or width < MIN_W or height < MIN_H or width > MAX_W_SHARE * pw:
        return None
    return (round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1))


def split_by_lines(box, lines) -> list[tuple[float, float, float, float]]:
    """A box over two or more text lines that are stacked in it (one redaction per line,
    drawn touching) is cut between the lines. ``lines``: line boxes in points."""
    x0, y0, x1, y1 = box
    centres = sorted((b[1] + b[3]) / 2 for b in lines
                     if y0 < (b[1] + b[3]) / 2 < y1 and b[0] < x1 and b[2] > x0)
    rows: list[float] = []
    for c in centres:  # lines of one row (OCR splits a row at the box edge) count once
        if not rows or c - rows[-1] > 4:
            rows.append(c)
    inside = [b for b in lines if y0 < (b[1] + b[3]) / 2 < y1 and b[0] < x1 and b[2] > x0]
    if not inside:
        return [box]
    lh = sum(b[3] - b[1] for b in inside) / len(inside)
    cuts = [y0] + [round((a + b) / 2, 1) for a, b in zip(rows, rows[1:])] + [y1]
    # a line of redacted text OCR could not read above or below the ones it did read
    top, bottom = min(b[1] for b in inside), max(b[3] for b in inside)
    if top - y0 >= 0.8 * lh:
        cuts.insert(1, round(top - 1, 1))
    if y1 - bottom >= 0.8 * lh:
        cuts.insert(-1, round(bottom + 1, 1))
    if len(cuts) < 3 or not 6 <= (y1 - y0) / (len(cuts) - 1) <= 20:  # slices a text line high
        return [box]
    return [(x0, cuts[i], x1, cuts[i + 1]) for i in range(len(cuts) - 1)]


def code_near(box, words) -> str | None:
    """The redaction code printed in the box, else right beside it on the same line.

    ``words``: (x0, y0, x1, y1, text) in points."""
    from .understanding.redactions import find_in_text

    x0, y0, x1, y1 = box
    inside, beside = [], []
    for w in words:
        cx, cy = (w[0] + w[2]) / 2, (w[1] + w[3]) / 2
        if not y0 - 2 <= cy <= y1 + 2:
            continue
        if x0 - 2 <= cx <= x1 + 2:
            inside.append(w)
        elif x1 < w[0] < x1 + 30 or x0 - 30 < w[2] < x0:
            beside.append(w)
    for group in (inside, beside):
        text = " ".join(w[4] for w in sorted(group, key=lambda w: w[0]))
        found = find_in_text(text) if text else []
        if found:
            return found[0][0]
    return None


def code_on_lines(box, lines, marks: dict | None = None) -> str | None:
    """``code_near`` from text lines ((text, bbox) in points) instead of words: a code's place
    on its line is estimated from its character offset (reading words again would cost more
    than finding the boxes). ``marks``: the marks found on a line's text so far, by text
    (a bundle's boxes carry the same few codes: "5.1.2e" alone on a line, again and again)."""
    from .understanding.redactions import find_in_text

    x0, y0, x1, y1 = box
    best: tuple[float, str] | None = None
    for text, (lx0, ly0, lx1, ly1) in lines:
        if not (y0 - 2 <= (ly0 + ly1) / 2 <= y1 + 2) or not text:
            continue
        per_char = (lx1 - lx0) / len(text)
        if marks is None:
            found = find_in_text(text)
        else:
            known = marks.get(text)
            if known is None:
                known = marks[text] = find_in_text(text)
            found = known
        for code, raw, at in found:
            cx = lx0 + (at + len(raw) / 2) * per_char
            gap = 0.0 if x0 - 2 <= cx <= x1 + 2 else min(abs(cx - x0), abs(cx - x1))
            if gap <= 30 and (best is None or gap < best[0]):
                best = (gap, code)
    # a code of its own for each box, as when every box looked its lines up anew: a string
    # shared between boxes pickles as a reference, and the worker's result would change shape
    return best[1].encode().decode() if best else None


def attach_boxes(source: SourceText, documents: list[Document], doc=None) -> None:
    """Find the boxes of a PDF's pages and give each document those on its pages.

    OCR'd pages carry their raster boxes from the OCR cache (``Page.boxes``); text pages
    with a redaction mark are searched for drawn boxes. ``doc``: the file's PyMuPDF document
    as its reader left it open (``read_pdf(keep_open=...)``), its fonts and objects loaded;
    without it the file is opened again."""
    if source.kind != "pdf" or not documents:
        return
    marked = {r.page for d in documents for r in d.redactions if r.page is not None}
    pages = {p.number: p for p in source.pages}
    need_vector = sorted(n for n in marked if n in pages and pages[n].text_source == "layer")
    found: dict[int, list[RedactionBox]] = {}
    for p in source.pages:
        if p.boxes:
            line_boxes = [ln.bbox for ln in p.lines if ln.bbox]
            found[p.number] = [RedactionBox(p.number, b, code_near(b, p.ocr_words))
                               for box in p.boxes for b in split_by_lines(tuple(box), line_boxes)]
    if need_vector:
        if doc is None:
            import pymupdf

            with pymupdf.open(source.path) as opened:
                _drawn_boxes(opened, need_vector, pages, found)
        else:
            _drawn_boxes(doc, need_vector, pages, found)
    given: set[int] = set()  # a page two documents share: its boxes go to the first
    for d in documents:
        lo, hi = d.first_page or d.span.start.page, d.last_page or d.span.end.page
        d.boxes = [b for n in range(lo, hi + 1) if n not in given for b in found.get(n, [])]
        given.update(range(lo, hi + 1))


def _drawn_boxes(doc, numbers: list[int], pages: dict, found: dict[int, list[RedactionBox]]) -> None:
    """The drawn boxes of pages ``numbers`` of an open document, into ``found``."""
    marks: dict = {}
    read_with_text = getattr(doc, FILLS_READ_WITH_TEXT, None) or {}
    for n in numbers:
        fills = read_with_text.get(n)
        boxes = vector_boxes(doc[n - 1]) if fills is None else fill_boxes(fills[1], fills[0])
        if boxes:
            lines = [(ln.text, ln.bbox) for ln in pages[n].lines if ln.bbox]
            found[n] = [RedactionBox(n, b, code_on_lines(b, lines, marks)) for b in boxes]
