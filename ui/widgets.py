"""Small widgets the views share, so a heading or a toolbar button looks and behaves the same
in every view (keyboard shortcut in the tooltip, accessible name)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QLabel, QToolButton


def heading_label() -> QLabel:
    """The bold, slightly larger, selectable title line at the top of a view."""
    label = QLabel()
    f = label.font()
    f.setBold(True)
    f.setPointSizeF(f.pointSizeF() * 1.2)
    label.setFont(f)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
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
    b.setToolTip(tip + (f" ({QKeySequence(shortcut).toString(QKeySequence.NativeText)})" if shortcut else ""))
    b.setAccessibleName(tip)
    b.clicked.connect(slot)
    if shortcut:
        QShortcut(QKeySequence(shortcut), owner, slot, context=Qt.WidgetWithChildrenShortcut)
    bar.addWidget(b)
    return b
