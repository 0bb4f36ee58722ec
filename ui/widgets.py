"""Small widgets the views share, so a heading or a toolbar button looks and behaves the same
in every view (keyboard shortcut in the tooltip, accessible name)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QLabel, QToolButton


def heading_label() -> QLabel:
    """The bold, slightly larger, selectable title line at the top of a view."""
    label = QLabel()
    f = label.font()
    f.setBold(True)
    f.setPointSizeF(f.pointSizeF() * 1.2)
    label.setFont(f)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)  # a long title wraps instead of widening the window
    return label


def shrinkable_combo(combo: QComboBox, chars: int) -> QComboBox:
    """A combo box as wide as ``chars`` characters at least, whatever its longest entry
    (a document title): it grows with the window, but never holds the window wide."""
    combo.setMinimumContentsLength(chars)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


def tool_button(owner, bar, text: str, tip: str, slot, shortcut=None) -> QToolButton:
    """A text tool button added to ``bar``; its shortcut works anywhere inside ``owner``."""
    b = QToolButton()
    b.setText(text)
    b.setToolTip(tip + (f" ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})" if shortcut else ""))
    b.setAccessibleName(tip)
    b.clicked.connect(lambda _checked=False: slot())  # clicked(bool) must not reach the slot
    if shortcut:
        QShortcut(QKeySequence(shortcut), owner, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
    bar.addWidget(b)
    return b


def default_save_path(name: str) -> str:
    """Where a save dialog starts: the user's documents folder (not the folder the app was
    started from), with a suggested file name."""
    import os

    from PySide6.QtCore import QStandardPaths

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if not folder or not os.path.isdir(folder):  # a dialog given a missing folder shows the cwd
        folder = os.path.expanduser("~")
    return os.path.join(folder, name)


def combo_value(combo, index: int | None = None):
    """The data of a combo box entry (the current one unless index is given), or None when
    there is none. Never asks Qt for an empty entry: PySide6 6.12 drops a reference to None
    each time itemData()/currentData() returns None, and CPython 3.11 aborts ("none_dealloc")
    after a few thousand. Entries must carry a value; "" means "all"."""
    i = combo.currentIndex() if index is None else index
    if not 0 <= i < combo.count():
        return None
    return combo.itemData(i) or None


def wrap_to_width(text: str, fm: QFontMetrics, width: int) -> str:
    """text broken at spaces into lines that are at most width pixels wide in fm's font (a
    word longer than a line stays whole)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and fm.horizontalAdvance(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return "\n".join([*lines, line])
