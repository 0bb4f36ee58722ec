"""The original PDF pages, rendered with PyMuPDF (through zvdj_viewer.render).

Only the pages in view are rendered, when they are painted, so scrolling a long bundle
stays fast; the last few rendered pages are kept. Search hits (yellow; the current one
orange) and redaction codes (blue outline) are drawn over the page image. Hits are found
for the pages in sight at once and for the others a few at a time between events, so a
long document opens without waiting for all of its pages (issue 22).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterable
from functools import partial

from PySide6.QtCore import QPoint, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPalette, QPen, QShortcut
from PySide6.QtWidgets import QAbstractScrollArea

from zvdj_viewer import render

from .colours import paper
from .i18n import _, add_translations

add_translations({
    "Geen pagina's om te tonen": "No pages to show",
    "Pagina {n} kan niet worden getoond: {reason}": "Page {n} cannot be shown: {reason}",
})

GAP = 12  # pixels between pages and around them
CACHE_PAGES = 8
MIN_ZOOM, MAX_ZOOM = 0.25, 5.0
MARK_SLICE = 0.012  # seconds of hit finding per turn of the event loop while pages remain

Rect = tuple[float, float, float, float]


class PageView(QAbstractScrollArea):
    """Pages of one PDF (optionally a page range: one document inside a bundle)."""

    page_changed = Signal(int)  # the page at the top of the view (1-based, in the PDF)
    hit_changed = Signal(int, int)  # index of the current hit (0-based), number of hits
    painted = Signal()  # the pages were drawn (work that can wait for the first sight goes after)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.StrongFocus)
        self.viewport().setBackgroundRole(QPalette.Dark)
        self.viewport().setAutoFillBackground(True)
        self._path: str | None = None
        self._pages: list[int] = []  # PDF page numbers shown, in order
        self._sizes: dict[int, tuple[float, float]] = {}  # points
        self._zoom = 1.0
        self._fit_width = True
        self._tops: list[int] = []  # y of each page at the current zoom
        self._cache: OrderedDict[tuple[int, float], QImage] = OrderedDict()
        self._hits: list[tuple[int, Rect]] = []
        self._codes: dict[int, list[Rect]] = {}
        self._current_hit = -1
        # hit finding: what to look for, the pages done (their hit boxes), the pages to do,
        # a generation that makes the queued work of an earlier document or query stop, and
        # the page from which the first hit is wanted once it is known (first_hit_from)
        self._terms: list[str] = []
        self._code_list: list[str] | None = None
        self._marks: dict[int, list[Rect]] = {}
        self._todo: list[int] = []
        self._generation = 0
        self._want_from: int | None = None
        # what the view keeps in sight when its size or zoom changes: the current hit (after
        # a search or next/previous hit) or the page shown; None once the user scrolls away
        self._keep: tuple | None = None
        self._scrolling = False  # our own scrolling, not the user's
        self._last_page = None
        self.error: str | None = None
        self.render_count = 0  # pages rendered so far (tests: lazy rendering)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        for keys, slot in ((QKeySequence.ZoomIn, self.zoom_in), (QKeySequence.ZoomOut, self.zoom_out)):
            QShortcut(keys, self, slot, context=Qt.WidgetWithChildrenShortcut)

    # -- content -------------------------------------------------------------------------
    def set_document(self, path: str | None, first_page: int | None = None, last_page: int | None = None) -> None:
        self._path, self._cache, self._hits, self._codes = path, OrderedDict(), [], {}
        self._current_hit, self._last_page, self.error, self._keep = -1, None, None, None
        self._pages, self._sizes = [], {}
        self._marks, self._todo, self._want_from = {}, [], None
        self._generation += 1
        if path:
            try:
                sizes = render.page_sizes(path)
            except Exception as err:  # a moved or broken file: say so on the page area
                self.error = str(err)
                sizes = []
            lo = max(first_page or 1, 1)
            hi = min(last_page or len(sizes), len(sizes))
            self._pages = list(range(lo, hi + 1))
            self._sizes = {p: sizes[p - 1] for p in self._pages}
        self._relayout()

    def pages(self) -> list[int]:
        return list(self._pages)

    def set_highlights(self, terms: Iterable[str] = (), codes: Iterable[str] | None = None,
                       first: int | None = None) -> int:
        """Mark the words matching terms on every page; mark redaction codes when codes is
        not None (the document's known codes; letter codes are found anyway). The page
        `first` (the one about to be shown) and its neighbours, or without it the pages in
        sight, are done now, the others from there on between events (highlights_pending()).
        Returns the number of hits known now."""
        self._terms = [t for t in terms if t and t.strip()]
        self._code_list = None if codes is None else list(codes)
        self._hits, self._codes, self._current_hit = [], {}, -1
        self._marks, self._todo, self._want_from = {}, [], None
        self._generation += 1
        if self._path and not self.error and self._pages and (self._terms or codes is not None):
            in_sight = self.visible_pages()  # where the view is now, unless a page is about to show
            start = first if first in self._pages else (in_sight or self._pages)[0]
            i = self._pages.index(start)
            self._todo = self._pages[i:] + self._pages[:i][::-1]  # on from the page shown, then back
            if first in self._pages:  # the page and its neighbours: a hit near its top shows the one before
                in_sight = self._pages[max(i - 1, 0):i + 2]
            for p in dict.fromkeys([start, *in_sight]):
                self._mark_page(p)
            self._rebuild_hits()
            if self._todo:
                QTimer.singleShot(0, self, partial(self._mark_more, self._generation))
        self.viewport().update()
        self.hit_changed.emit(self._current_hit, len(self._hits))
        return len(self._hits)

    def highlights_pending(self) -> bool:
        """Pages whose hits are still being found (between events)."""
        return bool(self._todo)

    def finish_highlights(self) -> None:
        """Find the hits of the pages still to do, now (before stepping through all hits)."""
        if self._todo:
            while self._todo:
                self._mark_page(self._todo[0])
            self._marks_arrived()

    def _mark_page(self, p: int) -> None:
        if p in self._todo:
            self._todo.remove(p)
        try:
            if self._path is None:
                raise ValueError("no document")
            boxes, codes = render.find_marks(self._path, p, self._terms, self._code_list)
        except Exception:
            boxes, codes = [], []  # a page that cannot be read simply has no marks
        self._marks[p] = sorted(boxes, key=lambda r: (round(r[1]), r[0]))
        if self._code_list is not None:
            self._codes[p] = codes

    def _mark_more(self, generation: int) -> None:
        if generation != self._generation or not self._todo:
            return  # another document or query since
        end = time.perf_counter() + MARK_SLICE
        while self._todo and time.perf_counter() < end:
            self._mark_page(self._todo[0])
        self._marks_arrived()
        if self._todo:
            QTimer.singleShot(0, self, partial(self._mark_more, generation))

    def _marks_arrived(self) -> None:
        self._rebuild_hits()
        if self._want_from is not None:
            i = self._first_known_from(self._want_from)
            if i is not None or not self._todo:
                self._want_from = None
            if i is not None and self._keep is not None:  # not when the user scrolled away meanwhile
                self._set_hit(i)
        self.viewport().update()
        self.hit_changed.emit(self._current_hit, len(self._hits))

    def _rebuild_hits(self) -> None:
        """The hits in page order from the pages done; the current hit stays the same hit."""
        cur = self._hits[self._current_hit] if 0 <= self._current_hit < len(self._hits) else None
        self._hits = [(p, b) for p in self._pages for b in self._marks.get(p, ())]
        if cur is not None:
            self._current_hit = self._hits.index(cur)
            if self._keep is not None and self._keep[0] == "hit":
                self._keep = ("hit", self._current_hit)

    def _first_known_from(self, page: int) -> int | None:
        """Index of the first hit on or after page, once the pages up to it are done."""
        for p in self._pages:
            if p < page:
                continue
            if p not in self._marks:
                return None
            if self._marks[p]:
                return self._hits.index((p, self._marks[p][0]))
        return None

    def hits(self) -> list[tuple[int, Rect]]:
        """Every hit of the document (waits for the pages still to do)."""
        self.finish_highlights()
        return list(self._hits)

    def known_hits(self) -> list[tuple[int, Rect]]:
        """The hits of the pages done so far."""
        return list(self._hits)

    def code_boxes(self) -> dict[int, list[Rect]]:
        self.finish_highlights()
        return {p: list(b) for p, b in self._codes.items() if b}

    def current_hit(self) -> int:
        return self._current_hit

    def next_hit(self) -> int:
        return self._go_hit(+1)

    def previous_hit(self) -> int:
        return self._go_hit(-1)

    def first_hit_from(self, page: int) -> int:
        """Make the first hit on or after page current (opening a search result); when the
        pages up to it are still to do, it becomes current as soon as they are."""
        i = self._first_known_from(page)
        if i is not None:
            self._set_hit(i)
            return i
        if self._todo:
            self._want_from = page
        return self._current_hit

    def _go_hit(self, step: int) -> int:
        self.finish_highlights()  # the next hit may be on a page not done yet
        if not self._hits:
            return -1
        if self._current_hit < 0:
            i = 0 if step > 0 else len(self._hits) - 1
        else:
            i = (self._current_hit + step) % len(self._hits)  # wrap around, like a browser
        self._set_hit(i)
        return i

    def _set_hit(self, i: int) -> None:
        self._current_hit = i
        self._keep = ("hit", i)
        self._centre_hit(i)
        self.viewport().update()
        self.hit_changed.emit(i, len(self._hits))

    def _centre_hit(self, i: int) -> None:
        """Scroll so that hit i stands in the middle of the view."""
        page, r = self._hits[i]
        middle = (r[1] + r[3]) / 2
        margin = self.viewport().height() // 2
        # a hit near the top of its page: that page from its top, not the previous one's
        # blank bottom above it (the hit is then in the upper half, still in view)
        margin = min(margin, int(middle * self._zoom) + GAP)
        self._scroll_to_point(page, middle, margin=margin)
        # zoomed in wider than the view: sideways too, when the hit is out of sight
        rect, hs = self.hit_rect(i), self.horizontalScrollBar()
        if rect is not None and not self.viewport().rect().contains(rect):
            hs.setValue(hs.value() + rect.center().x() - self.viewport().width() // 2)

    def hit_rect(self, i: int | None = None) -> QRect | None:
        """Where hit i (the current one by default) is drawn, in viewport coordinates."""
        i = self._current_hit if i is None else i
        if not 0 <= i < len(self._hits):
            return None
        page, r = self._hits[i]
        x, y = self._page_origin(page)
        z = self._zoom
        return QRect(int(x + r[0] * z), int(y + r[1] * z), max(int((r[2] - r[0]) * z), 1),
                     max(int((r[3] - r[1]) * z), 1))

    def _page_origin(self, page: int) -> tuple[int, int]:
        """The top left corner of a page, in viewport coordinates."""
        pw = int(self._sizes[page][0] * self._zoom)
        x = max(GAP, (self.viewport().width() - pw) // 2) - self.horizontalScrollBar().value()
        return x, self._tops[self._pages.index(page)] - self.verticalScrollBar().value()

    # -- zoom ----------------------------------------------------------------------------
    def zoom(self) -> float:
        return self._zoom

    def set_zoom(self, zoom: float) -> None:
        self._fit_width = False
        self._apply_zoom(zoom)

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom * 1.25)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom / 1.25)

    def fit_width(self) -> None:
        self._fit_width = True
        self._relayout()
        self._restore_keep()

    def _apply_zoom(self, zoom: float) -> None:
        page = self.current_page()
        self._zoom = max(MIN_ZOOM, min(zoom, MAX_ZOOM))
        self._relayout()
        if not self._restore_keep() and page:
            self.show_page(page)

    def _restore_keep(self) -> bool:
        """After a new size or zoom: bring back the hit or page being kept in sight."""
        if self._keep is None:
            return False
        kind, what = self._keep
        if kind == "hit" and 0 <= what < len(self._hits):
            self._centre_hit(what)
        elif kind == "page" and what in self._pages:
            self._scroll_to_point(what, 0, margin=GAP)
        else:
            return False
        return True

    # -- position ------------------------------------------------------------------------
    def show_page(self, page: int) -> None:
        if page in self._pages:
            self._keep = ("page", page)
            self._scroll_to_point(page, 0, margin=GAP)

    def current_page(self) -> int | None:
        if not self._pages:
            return None
        y = self.verticalScrollBar().value() + self.viewport().height() // 4
        idx = 0
        for i, top in enumerate(self._tops):
            if top <= y:
                idx = i
        return self._pages[idx]

    def _scroll_to_point(self, page: int, y_points: float, margin: int) -> None:
        i = self._pages.index(page)
        self._scrolling = True
        try:
            self.verticalScrollBar().setValue(int(self._tops[i] + y_points * self._zoom) - margin)
            self._scrolled()
        finally:
            self._scrolling = False

    def _scrolled(self, *_args) -> None:
        if not self._scrolling:  # the user scrolled: keep what is at the top from now on
            self._keep = None
        page = self.current_page()
        if page is not None and page != self._last_page:
            self._last_page = page
            self.page_changed.emit(page)

    # -- layout and painting ---------------------------------------------------------------
    def _relayout(self) -> None:
        if self._fit_width and self._sizes:
            widest = max(w for w, _h in self._sizes.values())
            avail = max(self.viewport().width() - 2 * GAP, 100)
            self._zoom = max(MIN_ZOOM, min(avail / widest, MAX_ZOOM))
        self._tops, y = [], GAP
        for p in self._pages:
            self._tops.append(y)
            y += int(self._sizes[p][1] * self._zoom) + GAP
        widest_px = int(max((w for w, _h in self._sizes.values()), default=0) * self._zoom) + 2 * GAP
        vs, hs = self.verticalScrollBar(), self.horizontalScrollBar()
        self._scrolling = True  # a new range may move the bar: not the user's doing
        try:
            vs.setRange(0, max(0, y - self.viewport().height()))
        finally:
            self._scrolling = False
        vs.setPageStep(self.viewport().height())
        vs.setSingleStep(40)
        hs.setRange(0, max(0, widest_px - self.viewport().width()))
        hs.setPageStep(self.viewport().width())
        self.viewport().update()

    def resizeEvent(self, event) -> None:
        page = self.current_page()
        super().resizeEvent(event)
        self._relayout()
        if not self._restore_keep() and self._fit_width and page:
            self.show_page(page)
            self._keep = None  # the page at the top, as the user left it

    def _image(self, page: int) -> QImage | None:
        ratio = self.devicePixelRatioF()
        key = (page, round(self._zoom * ratio, 3))
        img = self._cache.get(key)
        if img is not None:
            self._cache.move_to_end(key)
            return img
        if self._path is None:  # no document shown
            return None
        try:
            w, h, stride, samples = render.render_page(self._path, page, self._zoom * ratio)
        except Exception as err:
            self.error = _("Pagina {n} kan niet worden getoond: {reason}").format(n=page, reason=err)
            return None
        img = QImage(samples, w, h, stride, QImage.Format.Format_RGB888).copy()
        img.setDevicePixelRatio(ratio)
        self.render_count += 1
        self._cache[key] = img
        while len(self._cache) > CACHE_PAGES:
            self._cache.popitem(last=False)
        return img

    def visible_pages(self) -> list[int]:
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        out = []
        for p, t in zip(self._pages, self._tops):
            h = int(self._sizes[p][1] * self._zoom)
            if t + h >= top and t <= bottom:
                out.append(p)
        return out

    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        if not self._pages:
            painter.setPen(self.palette().color(QPalette.ColorRole.BrightText))
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.error or _("Geen pagina's om te tonen"))
            return
        QTimer.singleShot(0, self, self.painted.emit)  # once this paint is on screen (not after deletion)
        dx = self.horizontalScrollBar().value()
        dy = self.verticalScrollBar().value()
        view_w = self.viewport().width()
        current = self._hits[self._current_hit] if self._current_hit >= 0 else None
        on_page = paper()  # a page is paper, black on white, in a dark theme too
        for p in self.visible_pages():
            i = self._pages.index(p)
            pw, ph = (int(v * self._zoom) for v in self._sizes[p])
            x = max(GAP, (view_w - pw) // 2) - dx
            y = self._tops[i] - dy
            target = QRect(x, y, pw, ph)
            img = self._image(p)
            if img is None:
                painter.fillRect(target, on_page.base)
                painter.setPen(on_page.text)
                painter.drawText(target, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.error or "")
                continue
            painter.drawImage(QPoint(x, y), img)
            z = self._zoom

            def box(r: Rect, x: int = x, y: int = y, z: float = z) -> QRectF:  # this page's place
                return QRectF(x + r[0] * z - 1, y + r[1] * z - 1, (r[2] - r[0]) * z + 2, (r[3] - r[1]) * z + 2)

            painter.setPen(Qt.PenStyle.NoPen)
            for hp, r in self._hits:
                if hp == p:
                    colour = on_page.page_hit_current if (hp, r) == current else on_page.page_hit
                    painter.fillRect(box(r), colour)
            painter.setPen(QPen(on_page.code_outline, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for r in self._codes.get(p, ()):
                painter.drawRect(box(r))
            painter.setPen(Qt.PenStyle.NoPen)
