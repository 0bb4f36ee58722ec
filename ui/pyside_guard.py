"""A guard against a reference-counting bug of PySide6 6.12 on CPython 3.11.

With PySide6/shiboken6 6.12.0 every Qt call that returns None - item data() of an empty role,
but also every void method: setText(), setHidden(), setExpanded() - drops one reference to
None without having taken it (measured: -1 per call; 6.11.3 gives 0). CPython 3.12 made None
immortal, so there it is harmless; on 3.11 the count reaches zero after some ten thousand
calls and the interpreter aborts with "Fatal Python error: none_dealloc" (about 20 keystrokes
in the library filter of a large archive). Avoiding None in item data is not enough, since a
void call cannot be avoided. PySide6-Essentials 6.11.3 does not have the bug (pin below 6.12
where possible); with 6.12 on 3.11 we do what CPython 3.12 does: give None so many references
that the lost ones never bring it to zero (2**40: at a million Qt calls a second, 12 days).
"""

from __future__ import annotations

import ctypes
import sys

SPARE_REFERENCES = 1 << 40


def needs_guard(pyside_version: tuple[int, ...], python_version: tuple[int, ...]) -> bool:
    """The bug is known from PySide6 6.12.0; None is immortal from CPython 3.12 on."""
    return tuple(pyside_version[:2]) >= (6, 12) and tuple(python_version[:2]) < (3, 12)


def protect_none() -> bool:
    """Give None spare references when this PySide6 loses them. Returns whether it did."""
    import PySide6

    if sys.implementation.name != "cpython" or not needs_guard(PySide6.__version_info__[:2], sys.version_info[:2]):
        return False
    if getattr(sys, "_zvdj_none_protected", False):  # once per process
        return True
    if hasattr(sys, "getobjects"):  # a Py_TRACE_REFS build: the count is not the first field
        return False
    # a CPython object starts with its reference count (Py_ssize_t); id() is its address
    count = ctypes.c_ssize_t.from_address(id(None))
    before = sys.getrefcount(None)
    count.value += SPARE_REFERENCES
    if abs(sys.getrefcount(None) - before - SPARE_REFERENCES) > 1000:  # not the field we thought: undo
        count.value -= SPARE_REFERENCES
        return False
    sys._zvdj_none_protected = True  # type: ignore[attr-defined]
    return True
