"""The reading list: meetings and documents queued for review, a tick when read, and the
last place read in each document (opening an entry goes back there)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from zvdj_viewer import notes as notes_mod

from .i18n import _, add_translations, language
from .navigation import Location, format_date

if TYPE_CHECKING:
    from ..archive.contract import ArchiveReader

add_translations({
    "Leeslijst": "Reading list",
    "Alleen ongelezen": "Unread only",
    "Openen": "Open",
    "Omhoog": "Up",
    "Omlaag": "Down",
    "Van de lijst halen": "Remove from list",
    "gelezen": "read",
    "verder op p. {n}": "continue at p. {n}",
    "verder bij regel {n}": "continue at line {n}",
    "Vergadering": "Meeting",
    "Leeslijst is leeg. Zet een vergadering of document op de lijst om het later te lezen.":
        "The reading list is empty. Queue a meeting or document to read it later.",
    "{n} te lezen, {m} gelezen": "{n} to read, {m} read",
    "niet meer in het archief": "no longer in the archive",
})

UID_ROLE = Qt.ItemDataRole.UserRole + 1


def entry_location(e) -> Location | None:
    p = e.place
    if e.anchor.kind == "meeting":
        return Location("meeting", p.meeting_id) if p.meeting_id else None
    if not p.doc_id:
        return None
    if e.last_page is not None or e.last_line is not None:
        return Location("document", p.doc_id, page=e.last_page, line=e.last_line)
    return Location("document", p.doc_id, page=p.page, line=p.line)


class ReadingListView(QWidget):
    navigate = Signal(object)  # Location

    archive: ArchiveReader  # what it may call: zvdj_viewer/archive/contract.py

    def __init__(self, archive, store, parent=None):
        super().__init__(parent)
        self.archive = archive
        self.store = store
        self._filling = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        head = QHBoxLayout()
        self.title = QLabel(_("Leeslijst"))
        f = self.title.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.15)
        self.title.setFont(f)
        self.unread_only = QCheckBox(_("Alleen ongelezen"))
        self.unread_only.toggled.connect(self.refresh)
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.unread_only)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName(_("Leeslijst"))
        self.tree.itemActivated.connect(self._open)
        self.tree.itemDoubleClicked.connect(self._open)
        self.tree.itemChanged.connect(self._checked)
        self.status = QLabel(wordWrap=True)  # a long hint must not widen the side panel
        buttons = QHBoxLayout()
        self.open_button = QPushButton(_("Openen"))
        # arrows with the words as tooltips: four worded buttons made the side panel too wide
        self.up_button = QPushButton("▲", toolTip=_("Omhoog"), accessibleName=_("Omhoog"))
        self.down_button = QPushButton("▼", toolTip=_("Omlaag"), accessibleName=_("Omlaag"))
        for b in (self.up_button, self.down_button):
            b.setMaximumWidth(36)
        self.remove_button = QPushButton(_("Van de lijst halen"))
        self.open_button.clicked.connect(lambda: self._open(self.tree.currentItem()))
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.remove_button.clicked.connect(self.remove_current)
        for b in (self.open_button, self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(head)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.status)
        lay.addLayout(buttons)
        self.refresh()

    def _label(self, e) -> str:
        a = e.anchor
        if a.kind == "meeting":
            m = self.archive.meeting(e.place.meeting_id) if e.place.meeting_id else None
            date, series = (m.date, m.series) if m else (a.meeting_date, a.meeting_series)
            text = f"{_('Vergadering')}: " + " · ".join(x for x in (format_date(date, language()), series) if x)
        else:
            text = notes_mod.place_label(notes_mod.Note("", a, place=notes_mod.Place(e.place.status)))
            if e.last_page is not None:
                text += " — " + _("verder op p. {n}").format(n=e.last_page)
            elif e.last_line is not None:
                text += " — " + _("verder bij regel {n}").format(n=e.last_line)
        if e.place.status == notes_mod.ORPHANED:
            text += f" ({_('niet meer in het archief')})"
        return text

    def refresh(self) -> None:
        self._filling = True
        current = self.current_uuid()
        self.tree.clear()
        entries = self.store.reading_list(unread_only=self.unread_only.isChecked())
        for e in entries:
            item = QTreeWidgetItem([self._label(e)])
            item.setData(0, UID_ROLE, e.uuid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked if e.read else Qt.CheckState.Unchecked)
            if e.read:
                item.setForeground(0, self.palette().placeholderText())
            self.tree.addTopLevelItem(item)
            if e.uuid == current:
                self.tree.setCurrentItem(item)
        self._filling = False
        every = self.store.reading_list()
        if not every:
            self.status.setText(_("Leeslijst is leeg. Zet een vergadering of document op de lijst om het later te lezen."))
        else:
            read = sum(1 for e in every if e.read)
            self.status.setText(_("{n} te lezen, {m} gelezen").format(n=len(every) - read, m=read))

    def current_uuid(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, UID_ROLE) if item is not None else None

    def entries_shown(self) -> list[str]:
        return [self.tree.topLevelItem(i).data(0, UID_ROLE) for i in range(self.tree.topLevelItemCount())]

    def _checked(self, item, _col=0) -> None:
        if self._filling:
            return
        self.store.mark_read(item.data(0, UID_ROLE), item.checkState(0) == Qt.CheckState.Checked)
        self.refresh()

    def _open(self, item, _col=0) -> None:
        uid = item.data(0, UID_ROLE) if item is not None else None
        e = self.store.reading_entry(uid) if uid else None
        loc = entry_location(e) if e else None
        if loc is not None:
            self.navigate.emit(loc)

    def _move(self, offset: int) -> None:
        uid = self.current_uuid()
        if uid:
            self.store.move(uid, offset)
            self.refresh()

    def remove_current(self) -> None:
        uid = self.current_uuid()
        if uid:
            self.store.dequeue(uid)
            self.refresh()
