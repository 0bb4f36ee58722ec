"""A row of controls that wraps onto a next line when the window is narrow.

The views' tool rows (pickers, options, buttons) were QHBoxLayouts: their minimum width was
the sum of every control, which kept the window wider than a 1280-pixel laptop screen. In a
FlowLayout the minimum width is that of the widest single control; the rest wraps. Qt has
no such layout built in (its documentation ships one as an example); this is that example,
plus the few QBoxLayout calls the views use (addSpacing, addStretch, a stretch argument).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QSizePolicy, QSpacerItem, QWidgetItem


class FlowLayout(QLayout):
    def __init__(self, parent=None, spacing: int = 6):
        super().__init__(parent)
        self._items: list = []
        self._stretch: dict[int, int] = {}  # item index -> stretch (the line's spare room goes there)
        self.setSpacing(spacing)

    # -- QBoxLayout-like calls ---------------------------------------------------------------
    def addWidget(self, widget, stretch: int = 0, alignment=None) -> None:  # noqa: N802 (Qt naming)
        self.addChildWidget(widget)
        self._items.append(QWidgetItem(widget))
        if stretch:
            self._stretch[len(self._items) - 1] = stretch
        self.invalidate()

    def addSpacing(self, size: int) -> None:  # noqa: N802
        self._items.append(QSpacerItem(size, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum))
        self.invalidate()

    def addStretch(self, stretch: int = 0) -> None:  # noqa: N802
        self._items.append(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum))
        self._stretch[len(self._items) - 1] = max(stretch, 1)
        self.invalidate()

    # -- QLayout ---------------------------------------------------------------------------
    def addItem(self, item) -> None:  # noqa: N802
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802
        if not 0 <= index < len(self._items):
            return None
        self._stretch = {(i if i < index else i - 1): s for i, s in self._stretch.items() if i != index}
        return self._items.pop(index)

    def expandingDirections(self):  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._lay_out(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._lay_out(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        # one line with everything: what the row would like
        m = self.contentsMargins()
        visible = [it for it in self._items if not it.isEmpty()]
        w = sum(it.sizeHint().width() for it in visible) + self.spacing() * max(len(visible) - 1, 0)
        h = max((it.sizeHint().height() for it in visible), default=0)
        return QSize(w + m.left() + m.right(), h + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        # the widest single control: everything else can wrap
        m = self.contentsMargins()
        size = QSize()
        for it in self._items:
            if not it.isEmpty():
                size = size.expandedTo(it.minimumSize())
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _lines(self, width: int) -> list[list[int]]:
        lines: list[list[int]] = [[]]
        used = 0
        for i, it in enumerate(self._items):
            if it.isEmpty():
                continue
            w = it.sizeHint().width()
            if lines[-1] and used + self.spacing() + w > width:
                lines.append([])
                used = 0
            used += (self.spacing() if lines[-1] else 0) + w
            lines[-1].append(i)
        return lines

    def _lay_out(self, rect: QRect, *, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        y = area.y()
        for line in self._lines(area.width()):
            if not line:
                continue
            # a control wider than the line (a long label) gets the line's width
            widths = [min(self._items[i].sizeHint().width(), area.width()) for i in line]
            spare = area.width() - sum(widths) - self.spacing() * (len(line) - 1)
            stretch = {k: self._stretch[i] for k, i in enumerate(line) if i in self._stretch}
            if spare > 0 and stretch:
                total = sum(stretch.values())
                for k, s in stretch.items():
                    widths[k] += spare * s // total
            heights = [self._items[i].sizeHint().height() for i in line]
            for k, i in enumerate(line):
                it = self._items[i]
                if it.hasHeightForWidth():
                    heights[k] = max(heights[k], it.heightForWidth(widths[k]))
            line_h = max(heights)
            x = area.x()
            if move:
                for k, i in enumerate(line):
                    h = heights[k]
                    self._items[i].setGeometry(QRect(QPoint(x, y + (line_h - h) // 2), QSize(widths[k], h)))
                    x += widths[k] + self.spacing()
            y += line_h + self.spacing()
        return y - self.spacing() - rect.y() + m.bottom()
