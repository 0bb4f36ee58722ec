"""Read the top and bottom margins of a scanned page again, for what page OCR leaves out.

Woo releases stamp each document's number in a page corner ("4.", "00012", "Doc. 3"), and
scanned letters carry "Pagina 2 van 5" low on the page. Tesseract's page layout analysis
(``--psm 3``) drops such a lone short mark as noise: on the scans of Bes-Ordner1.pdf every
"4." / "5." / "6." corner stamp is missing from the page OCR, yet read as a strip (``--psm
6``, one block) it comes out cleanly. So after the page is OCR'd, the top and bottom bands
(where ``stamps`` and ``furniture`` look for these marks) are read again, in halves, and the words the
page OCR did not have there are added as lines of their own. Words the page OCR already read
are not added twice; words Tesseract is unsure of are left out (a band of dirt reads as
letters).

Cost: only the halves of the bands with ink no word of the page OCR covers are read
(``new_ink``; none on most clean pages), in the same Tesseract run as the redaction boxes
(``ocr.read_again``): every start of Tesseract costs 0.15-0.2 s of CPU.
"""

from __future__ import annotations

BANDS = ((0.0, 0.12), (0.88, 1.0))  # share of the page height: the edges stamps sit at
# each band is read in two halves: a lone mark reads surer in a small image than beside the
# page's first line (a "7." read as "1" at confidence 58 in the full strip, "7." at 63 alone)
HALVES = ((0.0, 0.5), (0.5, 1.0))
MIN_CONFIDENCE = 60.0  # a word read with less is not added


def _inside(cx: float, cy: float, box) -> bool:
    return box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1


def add_new_words(result, strip, x_offset: float, y_offset: float) -> int:
    """Add the words of ``strip`` (an OcrPage of a part of the page, its boxes relative to
    the part's top left at ``x_offset, y_offset``) that ``result`` (the page's OcrPage) does
    not have, grouped by the strip's lines. Returns the number of lines added."""
    known = [w[1:5] for w in result.words]
    added = 0
    for _text, box in strip.lines:
        new = []
        for w in strip.words:
            t, x0, y0, x1, y1, conf = w
            if not (box[0] <= (x0 + x1) / 2 <= box[2] and box[1] <= (y0 + y1) / 2 <= box[3]):
                continue  # a word of another line of the strip
            page_box = (x0 + x_offset, y0 + y_offset, x1 + x_offset, y1 + y_offset)
            cx, cy = (page_box[0] + page_box[2]) / 2, (page_box[1] + page_box[3]) / 2
            if conf < MIN_CONFIDENCE or any(_inside(cx, cy, k) for k in known):
                continue
            new.append((t, page_box, conf))
        if not new:
            continue
        line_box = (min(b[0] for _, b, _ in new), min(b[1] for _, b, _ in new),
                    max(b[2] for _, b, _ in new), max(b[3] for _, b, _ in new))
        result.lines.append((" ".join(t for t, _, _ in new), tuple(round(v, 1) for v in line_box)))
        for t, b, conf in new:
            result.words.append((t, *(round(v, 1) for v in b), conf))
            known.append(b)
        added += 1
    if added:
        result.lines.sort(key=lambda ln: (round(ln[1][1] / 4), ln[1][0]))
    return added


# A half band is read again only when it holds ink that no word of the page OCR covers: this
# many dark pixels or more (at 300 dpi) outside the word boxes, each widened by WORD_PAD
# points. On 24 scanned sample pages every half that gave a word had 126 or more (a corner
# "1."); specks of dirt left 3-14. Most halves of a clean page have none, and a page with
# nothing left to read needs no second Tesseract run.
MIN_NEW_INK = 30
WORD_PAD = 1.0


def new_ink(result, dark, rect, clip, dpi: int) -> int:
    """Dark pixels of ``dark`` (the page image, True = ink) under ``clip`` that no word of
    ``result`` covers."""
    s = dpi / 72.0
    x0, y0 = max(0, int((clip.x0 - rect.x0) * s)), max(0, int((clip.y0 - rect.y0) * s))
    x1, y1 = min(dark.shape[1], int((clip.x1 - rect.x0) * s) + 1), min(dark.shape[0], int((clip.y1 - rect.y0) * s) + 1)
    if x1 <= x0 or y1 <= y0:
        return 0
    part = dark[y0:y1, x0:x1].copy()
    pad = WORD_PAD * s
    for w in result.words:
        a, b = int((w[1] - rect.x0) * s - pad) - x0, int((w[2] - rect.y0) * s - pad) - y0
        c, d = int((w[3] - rect.x0) * s + pad) + 1 - x0, int((w[4] - rect.y0) * s + pad) + 1 - y0
        if c > 0 and d > 0 and a < part.shape[1] and b < part.shape[0]:
            part[max(0, b):d, max(0, a):c] = False
    return int(part.sum())


def margin_images(pdf_page, result, pix, dpi: int) -> list:
    """(clip, image) of each half of the top and bottom bands of the page that holds ink page
    OCR did not read (in ``pix``, the page image it read, thresholded, at ``dpi``);
    ``ocr.read_again`` reads them and ``add_new_words`` adds what they show."""
    import pymupdf

    from .ocr import _array, clip_image

    rect = pdf_page.rect
    dark = _array(pix) < 128
    least = MIN_NEW_INK * (dpi / 300.0) ** 2
    out = []
    for top, bottom in BANDS:
        for left, right in HALVES:
            clip = pymupdf.Rect(rect.x0 + left * rect.width, rect.y0 + top * rect.height,
                                rect.x0 + right * rect.width, rect.y0 + bottom * rect.height)
            if new_ink(result, dark, rect, clip, dpi) >= least:
                out.append((clip, clip_image(pdf_page, clip, dpi)))
    return out
