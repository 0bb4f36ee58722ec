"""A page's text and its large dark fills from ONE MuPDF interpretation of the page.

The vector redaction boxes (``redaction_boxes.vector_boxes``) are filled dark rectangles among
the page's drawings; reading them with ``get_cdrawings()`` interprets the page a second time
(on corpus-1000 0.6 CPU ms for each page that carries a code, nearly all of it interpretation:
a device that does nothing costs as much). Here the text device is wrapped in MuPDF's
passthrough device whose ``fill_path`` slot is ours: every call goes on to the text device
unchanged (so the text is what it was), and a fill path is looked at on the way, in the terms
``get_cdrawings()`` gives it (the rectangle of its points, "re" items, the fill as RGB), so that
``vector_boxes`` finds the same boxes from it.

Python is called once per fill path (a glyph drawn as an outline is one): its bounds and colour
(MuPDF's C) rule most out; only a large dark fill is walked point by point. The slot is set
through ctypes in MuPDF's own ``fz_device`` struct: where its layout is not the one checked
(another MuPDF), ``available()`` is False and the two interpretations are used as before.
"""

from __future__ import annotations

import ctypes
import glob
import os
import threading
from typing import Any

import pymupdf
from pymupdf import mupdf as _mupdf

from ..redaction_boxes import DARK, MIN_H, MIN_W

_c_float, _c_void_p = ctypes.c_float, ctypes.c_void_p


class _Matrix(ctypes.Structure):
    _fields_ = [(n, _c_float) for n in "abcdef"]


class _Point(ctypes.Structure):
    _fields_ = [("x", _c_float), ("y", _c_float)]


class _Rect(ctypes.Structure):
    _fields_ = [(n, _c_float) for n in ("x0", "y0", "x1", "y1")]


class _ColorParams(ctypes.Structure):
    _fields_ = [(n, ctypes.c_uint8) for n in ("ri", "bp", "op", "opm")]


_FILL_PATH = ctypes.CFUNCTYPE(None, _c_void_p, _c_void_p, _c_void_p, ctypes.c_int, _Matrix, _c_void_p,
                              _c_void_p, _c_float, _ColorParams)
_MOVETO = ctypes.CFUNCTYPE(None, _c_void_p, _c_void_p, _c_float, _c_float)
_CURVETO = ctypes.CFUNCTYPE(None, _c_void_p, _c_void_p, _c_float, _c_float, _c_float, _c_float, _c_float, _c_float)
_CLOSE = ctypes.CFUNCTYPE(None, _c_void_p, _c_void_p)


class _PathWalker(ctypes.Structure):  # fz_path_walker: the four MuPDF needs, the rest NULL
    _fields_ = [("moveto", _MOVETO), ("lineto", _MOVETO), ("curveto", _CURVETO), ("closepath", _CLOSE),
                ("quadto", _c_void_p), ("curvetov", _c_void_p), ("curvetoy", _c_void_p), ("rectto", _c_void_p)]


# fz_colorspace_type: FZ_COLORSPACE_GRAY, RGB, BGR, CMYK (converted by MuPDF's C alone)
_PLAIN_SPACES = frozenset({1, 2, 3, 4})
_FILL_SLOT = 4  # fz_device: refs, hints, flags, close_device, drop_device, then fill_path
# a page with more fills than this (a flattened page draws its letters as outlines, a
# hundred and more) is followed no further: a Python call for each costs more than the second
# interpretation it saves on the few such pages that carry a code (they get that instead)
MAX_FILLS_FOLLOWED = 32
_lib: Any = None
_default_params: Any = None  # fz_default_color_params, the colour conversion get_cdrawings uses
_checked = False
_per_thread = threading.local()  # the _Fills of a thread, reused page after page
_IDENTITY = _mupdf.FzMatrix()  # kept: the low-level calls are given what it holds


def _load() -> Any:
    """libmupdf as ctypes sees it (the library PyMuPDF loaded), or None."""
    found = sorted(glob.glob(os.path.join(os.path.dirname(pymupdf.__file__), "libmupdf.so*")))
    if not found:
        return None
    lib = ctypes.CDLL(found[0])
    lib.fz_bound_path.restype = _Rect
    lib.fz_bound_path.argtypes = [_c_void_p, _c_void_p, _c_void_p, _Matrix]
    lib.fz_transform_point.restype = _Point
    lib.fz_transform_point.argtypes = [_Point, _Matrix]
    lib.fz_device_rgb.restype = _c_void_p
    lib.fz_colorspace_type.restype = ctypes.c_int
    lib.fz_colorspace_type.argtypes = [_c_void_p, _c_void_p]
    lib.fz_device_rgb.argtypes = [_c_void_p]
    lib.fz_convert_color.restype = None
    lib.fz_convert_color.argtypes = [_c_void_p, _c_void_p, _c_void_p, _c_void_p,
                                     ctypes.POINTER(_c_float), _c_void_p, _ColorParams]
    lib.fz_walk_path.restype = None
    lib.fz_walk_path.argtypes = [_c_void_p, _c_void_p, ctypes.POINTER(_PathWalker), _c_void_p]
    return lib


def available() -> bool:
    """Whether the one-pass reading can be used: the library is found and the passthrough
    device's fill_path is where this module writes it (checked once, on a device made here)."""
    global _lib, _checked, _default_params
    if not _checked:
        _checked = True
        try:
            lib = _load()
            target = _mupdf.FzDevice(_mupdf.fz_new_device_of_size(1024))
            through = target.fz_new_passthrough_device_of_size(1024)
            slots = (_c_void_p * 8).from_address(int(through.m_internal.this))
            if lib is not None and slots[_FILL_SLOT] == int(through.m_internal.fill_path) \
                    and slots[_FILL_SLOT + 1] == int(through.m_internal.stroke_path):
                _default_params = _ColorParams.in_dll(lib, "fz_default_color_params")
                _lib = lib
        except Exception:  # no ctypes view of MuPDF: the two interpretations
            _lib = None
    return _lib is not None


class _Fills:
    """What the fill paths of one run left: (fill as get_cdrawings gives it, the rectangle of
    its points, whether every item is a rectangle) for each fill that could be a box, in the
    order MuPDF drew them; ``failed`` when a callback went wrong (then the page is read the
    old way)."""

    def __init__(self) -> None:
        self.found: list[tuple[tuple, tuple, bool]] = []
        self.failed = False
        self.calls = 0  # fill paths seen on this page
        self.through_fill: int | None = None  # the passthrough's own fill_path (MuPDF's C)
        self.options = _mupdf.FzStextOptions()  # the text device's, kept for its low-level form
        self.rect: list[float] | None = None
        self.min_w, self.min_h, self.dark = MIN_W, MIN_H, DARK
        self.callback = _FILL_PATH(self._fill_path)
        self.walker = _PathWalker(_MOVETO(self._moveto), _MOVETO(self._lineto), _CURVETO(self._curveto),
                                  _CLOSE(self._close), None, None, None, None)
        self.ctm: _Matrix | None = None

    def _fill_path(self, ctx, dev, path, even_odd, ctm, cs, color, alpha, params) -> None:
        try:
            self.calls += 1
            if self.calls > MAX_FILLS_FOLLOWED:  # glyphs drawn as outlines: the rest in C only
                (_c_void_p * 8).from_address(dev)[_FILL_SLOT] = self.through_fill
                self.failed = True
                return
            lib = _lib
            b = lib.fz_bound_path(ctx, path, None, ctm)  # holds every point the walk includes
            if cs:
                if b.x1 - b.x0 < self.min_w or b.y1 - b.y0 < self.min_h:
                    return
                if lib.fz_colorspace_type(ctx, cs) not in _PLAIN_SPACES:
                    # a Separation, DeviceN, Indexed or Lab fill: converting it may run the
                    # PDF's own functions, and a MuPDF error thrown there would jump over
                    # this Python frame; such a page is interpreted again the old way
                    self.failed = True
                    return
                rgb = (_c_float * 4)()
                lib.fz_convert_color(ctx, cs, color, lib.fz_device_rgb(ctx), rgb, None, _default_params)
                fill: tuple = (rgb[0], rgb[1], rgb[2])
                if 255 * (0.299 * fill[0] + 0.587 * fill[1] + 0.114 * fill[2]) >= self.dark:
                    return
            else:
                fill = ()  # no colour space: get_cdrawings gives an empty fill; kept whole
            self._walk(ctx, path, ctm)
            r = self.rect
            if self.items and r is not None:  # (a walk with items began with a point)
                self.found.append((fill, (r[0], r[1], r[2], r[3]), self.items == self.rects))
        except Exception:
            self.failed = True

    # the walk of get_cdrawings' line-art device (PyMuPDF's jm_lineart_path for a fill): the
    # rectangle holds the first point and every line and curve point; three lines closed as
    # an axis-parallel rectangle are one "re" item
    def _walk(self, ctx, path, ctm) -> None:
        self.ctm = ctm
        self.rect = None
        self.items = self.rects = 0
        self.lines: list[tuple[float, float, float, float]] = []  # the consecutive lines
        self.last = (0.0, 0.0)
        self.first = (0.0, 0.0)
        self.havemove = False
        _lib.fz_walk_path(ctx, path, ctypes.byref(self.walker), None)

    def _point(self, x: float, y: float) -> tuple[float, float]:
        p = _lib.fz_transform_point(_Point(x, y), self.ctm)
        return p.x, p.y

    def _include(self, p: tuple[float, float]) -> None:
        r = self.rect
        if r is None:
            return
        if p[0] < r[0]:
            r[0] = p[0]
        if p[0] > r[2]:
            r[2] = p[0]
        if p[1] < r[1]:
            r[1] = p[1]
        if p[1] > r[3]:
            r[3] = p[1]

    def _moveto(self, ctx, arg, x, y) -> None:
        try:
            self.last = self.first = p = self._point(x, y)
            if self.rect is None:
                self.rect = [p[0], p[1], p[0], p[1]]
            self.havemove = True
            self.lines = []
        except Exception:
            self.failed = True

    def _lineto(self, ctx, arg, x, y) -> None:
        try:
            p = self._point(x, y)
            self._include(p)
            self.lines.append((self.last[0], self.last[1], p[0], p[1]))
            self.items += 1
            self.last = p
        except Exception:
            self.failed = True

    def _curveto(self, ctx, arg, x1, y1, x2, y2, x3, y3) -> None:
        try:
            self.lines = []
            for x, y in ((x1, y1), (x2, y2), (x3, y3)):
                p = self._point(x, y)
                self._include(p)
            self.items += 1
            self.last = p
        except Exception:
            self.failed = True

    def _close(self, ctx, arg) -> None:
        try:
            if len(self.lines) == 3:
                (llx, lly, lrx, lry), _, (urx, ury, ulx, uly) = self.lines
                self.lines = []
                if lly == lry and llx == ulx and ury == uly and urx == lrx:  # jm_checkrect
                    self.items -= 2
                    self.rects += 1
                    return
            self.lines = []
            if self.havemove:
                if self.first != self.last:
                    self.items += 1  # the closing line
                    self.last = self.first
                self.havemove = False
        except Exception:
            self.failed = True


def text_page_and_fills(page, flags: int):
    """(the page's MuPDF text page, as ``pymupdf`` ``extra.page_get_textpage(page, None,
    flags, identity)`` makes it; the fills that could be redaction boxes, for
    ``redaction_boxes.fill_boxes``, or None when they could not be followed). Call only when
    ``available()``. MuPDF's low-level calls: the class wrappers cost a tenth of a page."""
    fills = getattr(_per_thread, "fills", None)
    if fills is None:  # its C callbacks made once (a few tens of microseconds each)
        fills = _per_thread.fills = _Fills()
    fills.found, fills.failed, fills.calls = [], False, 0
    fills.options.flags = flags
    ll = _mupdf
    fz_page = page.this.m_internal
    textpage = _mupdf.FzStextPage(ll.ll_fz_new_stext_page(ll.ll_fz_bound_page(fz_page)))  # owns it
    device = ll.ll_fz_new_stext_device(textpage.m_internal, fills.options.internal())
    try:
        through = ll.ll_fz_new_passthrough_device_of_size(device, 1024)
        try:
            if device.fill_path is None:  # the text device looks at no fill: ours alone
                slots = (_c_void_p * 8).from_address(int(through.this))
                fills.through_fill = slots[_FILL_SLOT]
                slots[_FILL_SLOT] = ctypes.cast(fills.callback, _c_void_p).value
            else:
                fills.failed = True  # a text device that reads fills (other flags): not followed
            through.hints, through.flags = device.hints, device.flags
            ll.ll_fz_run_page(fz_page, through, _IDENTITY.internal(), None)
            ll.ll_fz_close_device(through)
        finally:
            ll.ll_fz_drop_device(through)
    finally:
        ll.ll_fz_drop_device(device)
    return textpage, (None if fills.failed else fills.found)
