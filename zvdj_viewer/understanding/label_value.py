"""The value of a label printed in a letterhead or form, found by position.

Letterheads and forms print a label and its value apart: in two columns on one row
("Onderwerp" at the left margin, "Vergunningen" in the text column), or stacked in a sidebar
("Datum" with "26 november 2020" on the line below it). In a PDF's text layer, and in OCR'd
scans, such a value often comes far from its label in reading order (after the table beside
the sidebar, say), so "the next line" is the wrong one. Lines with positions (PDF points,
top-left origin) let the value be found where a reader finds it:

* ``beside``: the nearest line to the right of the label on the same row;
* ``below``: the line right under the label in the same column (within about a line's height).

``value_index(lines, i)`` tries both, beside first. Lines without positions give None, and
the caller falls back to the next line in reading order.
"""

from __future__ import annotations

from ..model import Line


def _height(b: tuple[float, float, float, float]) -> float:
    return max(b[3] - b[1], 1.0)


def beside(lines: list[Line], i: int, reach: float = 330.0) -> int | None:
    """Index of the nearest line on the same row as ``lines[i]``, to its right."""
    a = lines[i].bbox
    if not a:
        return None
    mid = (a[1] + a[3]) / 2
    best: tuple[float, int] | None = None
    for j, ln in enumerate(lines):
        b = ln.bbox
        if j == i or not b or not ln.text.strip():
            continue
        if abs((b[1] + b[3]) / 2 - mid) > max(3.0, _height(a) * 0.45) or b[0] < a[2] - 1:
            continue
        gap = b[0] - a[2]
        if gap <= reach and (best is None or gap < best[0]):
            best = (gap, j)
    return best[1] if best else None


def below(lines: list[Line], i: int) -> int | None:
    """Index of the line right under ``lines[i]`` in its column, when one is that close."""
    a = lines[i].bbox
    if not a:
        return None
    h = _height(a)
    best: tuple[float, int] | None = None
    for j, ln in enumerate(lines):
        b = ln.bbox
        if j == i or not b or not ln.text.strip():
            continue
        gap = b[1] - a[3]
        if -h * 0.3 <= gap <= h * 1.3 and abs(b[0] - a[0]) <= max(6.0, h):
            if best is None or gap < best[0]:
                best = (gap, j)
    return best[1] if best else None


def value_index(lines: list[Line], i: int) -> int | None:
    """Index of the value of the label ``lines[i]`` (which has no value of its own), or None."""
    j = beside(lines, i)
    return j if j is not None else below(lines, i)
