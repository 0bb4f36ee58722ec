"""One meeting: agenda, nota and verslag side by side, the agenda items as a list on top.

Choosing an item scrolls every column to that item (the aligned rows of the meeting say
which item of each document it is). Columns can be hidden and moved; a missing document
shows as a column that says it is missing. The text is the reading text without page
furniture; "Originele tekst" shows every line as extracted (furniture grey). "Elders
besproken" on the right lists where the chosen item comes up in other meetings.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QSplitter, QTextBrowser, QToolButton,
    QVBoxLayout, QWidget,
)

from .colours import scheme
from .document_view import block_at_top, pad_bottom, reading_text, scroll_to_block, type_label
from .i18n import _, add_translations, language
from .links_panel import LinksPanel
from .navigation import Location, format_date
from .note_marks import marked, noted_items
from .widgets import heading_label
from ..archive.types import ROLES, Role
from ..fsnames import readable  # file names that are not UTF-8: shown as \xNN

if TYPE_CHECKING:
    from ..archive.contract import ArchiveReader

add_translations({
    "Agenda": "Agenda",
    "Nota": "Briefing note",
    "Verslag": "Minutes",
    "Agendapunten": "Agenda items",
    "Originele tekst": "Original text",
    "Toon elke regel zoals uit het bestand gelezen, met kop- en voetteksten":
        "Show every line as read from the file, with headers and footers",
    "Geen {role} van deze vergadering in het archief": "No {role} of this meeting in the archive",
    "Open als document": "Open as document",
    "Kolom naar links": "Move column left",
    "Kolom verbergen": "Hide column",
    "Vergadering {id} staat niet (meer) in het archief.": "Meeting {id} is not (or no longer) in the archive.",
    "Vergadering": "Meeting",
    "geen punt {n} in dit document": "no item {n} in this document",
    "Ook: {titles}": "Also: {titles}",
    "{label} (met notitie)": "{label} (with a note)",
})

ROLE_LABELS = {"agenda": "Agenda", "nota": "Nota", "verslag": "Verslag"}


class Column(QWidget):
    """One document of the meeting (or the note that it is missing)."""

    move_left = Signal(str)
    hide_me = Signal(str)
    open_document = Signal(str)

    def __init__(self, role: str, parent=None):
        super().__init__(parent)
        self.role = role
        self.doc = None
        self.others: list = []  # more documents of the same role (a second nota)
        self.pages: list = []
        self.reading = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        head = QHBoxLayout()
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head.addWidget(self.label, 1)
        self.open_button = QToolButton()
        self.open_button.setText("↗")
        self.open_button.setToolTip(_("Open als document"))
        self.open_button.setAccessibleName(_("Open als document"))
        self.open_button.clicked.connect(lambda: self.doc and self.open_document.emit(self.doc.id))
        self.left_button = QToolButton()
        self.left_button.setText("◀")
        self.left_button.setToolTip(_("Kolom naar links"))
        self.left_button.setAccessibleName(_("Kolom naar links"))
        self.left_button.clicked.connect(lambda: self.move_left.emit(self.role))
        self.hide_button = QToolButton()
        self.hide_button.setText("✕")
        self.hide_button.setToolTip(_("Kolom verbergen"))
        self.hide_button.setAccessibleName(_("Kolom verbergen"))
        self.hide_button.clicked.connect(lambda: self.hide_me.emit(self.role))
        for b in (self.open_button, self.left_button, self.hide_button):
            head.addWidget(b)
        lay.addLayout(head)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setAccessibleName(_(ROLE_LABELS[role]))
        self.text.document().setDocumentMargin(10)
        lay.addWidget(self.text, 1)
        self.note = QLabel()
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # secondary, in any theme
        self.note.setWordWrap(True)
        lay.addWidget(self.note)

    def show_document(self, doc, pages, original: bool, others=()) -> None:
        self.doc, self.pages, self.others = doc, pages, list(others)
        if doc is None:
            role = _(ROLE_LABELS[self.role]).lower()
            self.label.setText(f"<b>{_(ROLE_LABELS[self.role])}</b>")
            self.text.setHtml(f"<p style='color:{scheme(self.palette()).dim.name()};margin-top:24px' align=center><i>"
                              f"{_('Geen {role} van deze vergadering in het archief').format(role=role)}</i></p>")
            self.reading = None
            self.open_button.setEnabled(False)
            self.note.setText("")
            return
        self.open_button.setEnabled(True)
        date = format_date(doc.doc_date, language()) if doc.doc_date else ""
        title = doc.title or readable(os.path.basename(doc.source))
        sub = " · ".join(x for x in (type_label(doc.type), date) if x)
        self.label.setText(f"<b>{_(ROLE_LABELS[self.role])}</b> — {title}<br><small style='color:{scheme(self.palette()).dim.name()}'>{sub}</small>")
        self.label.setToolTip(readable(doc.source))
        self.note.setText(_("Ook: {titles}").format(titles="; ".join(o.title for o in self.others))
                          if self.others else "")
        self.render(original)

    def render(self, original: bool) -> None:
        if self.doc is None:
            return
        pdf = self.doc.kind == "pdf" or self.doc.source.lower().endswith(".pdf")
        self._original = original
        bar = self.text.verticalScrollBar().value()
        self.reading = reading_text(self.pages, self.doc.items, pdf=pdf, original=original,
                                    colours=scheme(self.palette()))
        self.text.setHtml(self.reading.html)
        pad_bottom(self.text)
        self.text.verticalScrollBar().setValue(bar)

    def scroll_to_item(self, number: str | None) -> bool:
        if self.reading is None or number is None or number not in self.reading.item_block:
            return False
        scroll_to_block(self.text, self.reading.item_block[number])
        return True

    def item_at_top(self) -> str | None:
        if self.reading is None:
            return None
        top = block_at_top(self.text)
        best = None
        for num, b in self.reading.item_block.items():
            if b <= top and (best is None or b > self.reading.item_block[best]):
                best = num
        return best

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.reading is not None:
            pad_bottom(self.text)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "note"):  # the theme changed
            self.show_document(self.doc, self.pages, getattr(self, "_original", False), self.others)


class MeetingView(QWidget):
    navigate = Signal(object)  # Location
    item_changed = Signal(str)  # the chosen item number (for the window's history)

    ROW_ROLE = Qt.ItemDataRole.UserRole + 1

    archive: ArchiveReader  # what it may call: zvdj_viewer/archive/contract.py

    def __init__(self, archive, parent=None):
        super().__init__(parent)
        self.archive = archive
        self.notes_store = None  # the window's NoteStore: items with a note get a marker
        self.meeting = None
        self.item: str | None = None
        self.order = list(ROLES)
        self.hidden: set[str] = set()
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.setContentsMargins(6, 4, 6, 0)
        self.heading = heading_label()
        top.addWidget(self.heading, 1)
        self.role_boxes: dict[str, QCheckBox] = {}
        for role in ROLES:
            box = QCheckBox(_(ROLE_LABELS[role]))
            box.setChecked(True)
            box.toggled.connect(lambda on, r=role: self.set_column_visible(r, on))
            top.addWidget(box)
            self.role_boxes[role] = box
        self.original_box = QCheckBox(_("Originele tekst"))
        self.original_box.setToolTip(_("Toon elke regel zoals uit het bestand gelezen, met kop- en voetteksten"))
        self.original_box.toggled.connect(self.set_original)
        top.addWidget(self.original_box)
        root.addLayout(top)

        self.items = QListWidget()
        self.items.setAccessibleName(_("Agendapunten"))
        self.items.setFlow(QListWidget.LeftToRight)
        self.items.setWrapping(True)
        self.items.setResizeMode(QListWidget.Adjust)
        self.items.setSpacing(2)
        self.items.setVerticalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.items.currentItemChanged.connect(self._row_chosen)
        root.addWidget(self.items)

        self.outer = QSplitter(Qt.Horizontal)
        self.split = QSplitter(Qt.Horizontal)
        self.columns: dict[Role, Column] = {}
        for role in ROLES:
            col = Column(role)
            col.move_left.connect(self.move_column_left)
            col.hide_me.connect(lambda r: self.role_boxes[r].setChecked(False))
            col.open_document.connect(self._open_document)
            self.columns[role] = col
            self.split.addWidget(col)
        self.links = LinksPanel(archive)
        self.links.navigate.connect(self.navigate)
        self.outer.addWidget(self.split)
        self.outer.addWidget(self.links)
        self.outer.setStretchFactor(0, 4)
        self.outer.setStretchFactor(1, 1)
        self.outer.setSizes([980, 320])
        root.addWidget(self.outer, 1)

    # -- opening ---------------------------------------------------------------------------
    def open(self, loc: Location) -> bool:
        if self.meeting is None or self.meeting.id != loc.target:
            m = self.archive.meeting(loc.target)
            if m is None:
                self.meeting = None
                self.heading.setText(_("Vergadering {id} staat niet (meer) in het archief.").format(id=loc.target))
                self.items.clear()
                for col in self.columns.values():
                    col.show_document(None, [], False)
                self.links.clear()
                return False
            self._load(m)
        number = loc.item or (self.meeting.items[0].number if self.meeting.items else None)
        if number:
            self.choose_item(number)
        return True

    def _load(self, m) -> None:
        self.meeting, self.item = m, None
        lang = language()
        when = format_date(m.date, lang)
        if m.start:
            when += f", {m.start}" + (f"–{m.end}" if m.end else "")
        self.heading.setText(" · ".join(x for x in (m.series or _("Vergadering"), when, m.place) if x))
        original = self.original_box.isChecked()
        for role in ROLES:
            ids = m.columns.get(role, [])  # the core decides which document fills the column
            docs = [d for d in (self.archive.document(i) for i in ids) if d is not None]
            main = docs[0] if docs else None
            pages = self.archive.document_pages(main.id) if main else []
            self.columns[role].show_document(main, pages, original, others=docs[1:])
        self.items.blockSignals(True)
        self.items.clear()
        for row in m.items:
            it = QListWidgetItem()
            it.setData(self.ROW_ROLE, row.number or "")  # never None through data()
            self.items.addItem(it)
        self.refresh_note_marks()
        self.items.blockSignals(False)
        self._fit_strip()
        self.links.clear()

    def refresh_note_marks(self) -> None:
        """Label every item of the strip, with "✎" before those that carry a note (on the
        agenda, nota or verslag item of the row); called again when a note is added."""
        if self.meeting is None:
            return
        refs = [[(r.document, r.number) for r in (row.ref(role) for role in ROLES) if r is not None]
                for row in self.meeting.items]
        noted = noted_items(self.notes_store, (doc for pairs in refs for doc, _n in pairs))
        for i, (row, pairs) in enumerate(zip(self.meeting.items, refs)):
            label = f"{row.number or '–'}  {row.title or ''}".strip()
            short = label if len(label) <= 42 else label[:40] + "…"
            has_note = any(p in noted for p in pairs)
            it = self.items.item(i)
            it.setText(marked(short, has_note))
            it.setToolTip(_("{label} (met notitie)").format(label=label) if has_note else label)

    def _fit_strip(self) -> None:
        """As high as the wrapped item labels need, at most three rows."""
        n = self.items.count()
        row_h = self.items.sizeHintForRow(0) if n else self.fontMetrics().height()
        if n:
            self.items.doItemsLayout()
            bottom = max(self.items.visualItemRect(self.items.item(i)).bottom() for i in range(n))
            bottom += self.items.verticalScrollBar().value()
            rows = max(1, round((bottom + 2) / (row_h + 2 * self.items.spacing())))
        else:
            rows = 1
        self.items.setFixedHeight(min(rows, 3) * (row_h + 2 * self.items.spacing()) + 2 * self.items.frameWidth() + 2)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_strip()

    # -- items -----------------------------------------------------------------------------
    def row(self, number: str):
        return next((r for r in (self.meeting.items if self.meeting else ()) if r.number == number), None)

    def choose_item(self, number: str) -> None:
        """Scroll every column to the item (the list on top follows)."""
        row = self.row(number)
        self.item = number
        for i in range(self.items.count()):
            if self.items.item(i).data(self.ROW_ROLE) == number:
                if self.items.currentRow() != i:
                    self.items.blockSignals(True)
                    self.items.setCurrentRow(i)
                    self.items.blockSignals(False)
                break
        refs = []
        for role, col in self.columns.items():
            ref = row.ref(role) if row is not None else None
            target: str | None
            if row is None:  # no aligned row: try the number as printed
                target = number
            else:
                target = ref.number if ref is not None and col.doc is not None and ref.document == col.doc.id else None
            moved = col.scroll_to_item(target)
            col.note.setText("" if moved or col.doc is None else _("geen punt {n} in dit document").format(n=number))
            if ref is not None:
                refs.append((ref.document, ref.number))
        title = f"{number} {row.title or ''}".strip() if row is not None else number
        self.links.show_item(refs, title, meeting=self.meeting.id if self.meeting else None)
        self.item_changed.emit(number)

    def _row_chosen(self, current, _previous=None) -> None:
        if current is not None:
            number = current.data(self.ROW_ROLE)
            if number:
                self.choose_item(number)

    def location(self) -> Location | None:
        return Location("meeting", self.meeting.id, item=self.item) if self.meeting else None

    # -- columns ---------------------------------------------------------------------------
    def set_column_visible(self, role: Role, visible: bool) -> None:
        if visible:
            self.hidden.discard(role)
        else:
            self.hidden.add(role)
        self.columns[role].setVisible(visible)
        if self.role_boxes[role].isChecked() != visible:
            self.role_boxes[role].setChecked(visible)

    def move_column_left(self, role: str) -> None:
        i = self.order.index(role)
        if i > 0:
            self.swap_columns(self.order[i - 1], role)

    def swap_columns(self, a: str, b: str) -> None:
        i, j = self.order.index(a), self.order.index(b)
        self.order[i], self.order[j] = b, a
        sizes = self.split.sizes()
        for pos, role in enumerate(self.order):
            self.split.insertWidget(pos, self.columns[role])
        self.split.setSizes(sizes)

    def visible_order(self) -> list[str]:
        return [r for r in self.order if r not in self.hidden]

    def set_original(self, on: bool) -> None:
        if self.original_box.isChecked() != on:
            self.original_box.setChecked(on)
            return
        for col in self.columns.values():
            col.render(on)
        if self.item:
            self.choose_item(self.item)

    def _open_document(self, doc_id: str) -> None:
        row = self.row(self.item) if self.item else None
        number = None
        for role in ROLES:
            ref = row.ref(role) if row is not None else None
            if ref is not None and ref.document == doc_id:
                number = ref.number
        self.navigate.emit(Location("document", doc_id, item=number))
