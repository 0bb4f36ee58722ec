""""Mijn notities": every note, grouped by meeting, one click back to its place.

A search field filters with the same rules as the main search (``tag:navragen``,
``note:wachttijd``, plain words). Orphaned notes (their text vanished from a new version of
the document) are listed in a group of their own at the end: kept, never dropped.
Activating a note (click, Enter) emits ``navigate(Location)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont, QKeySequence
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from zvdj_viewer import notes as notes_mod

from .colours import scheme
from .i18n import _, add_translations, language, plural
from .navigation import Location, format_date

if TYPE_CHECKING:
    from ..archive.contract import ArchiveReader

add_translations({
    "Mijn notities": "My notes",
    "Zoek in notities (tag:navragen, note:woord)": "Search notes (tag:navragen, note:word)",
    "Zonder vergadering": "Without meeting",
    "Verweesde notities": "Orphaned notes",
    "Bewerken…": "Edit…",
    "Verwijderen": "Delete",
    "Ga naar": "Go to",
    "{n} notities": "{n} notes", "{n} notitie": "{n} note",
    "{n} van {m} notities": "{n} of {m} notes",
    "Nog geen notities. Kies in een document of agendapunt 'Notitie toevoegen'.":
        "No notes yet. Choose 'Add note' in a document or agenda item.",
    "Geen notities gevonden voor deze zoekopdracht": "No notes found for this search",
    "Deze notitie is verweesd: de plek bestaat niet meer in het archief.":
        "This note is orphaned: its place no longer exists in the archive.",
    "Notitie verwijderen?": "Delete note?",
    "verweesd": "orphaned",
    "punt {n}": "item {n}",
    "p. {n}": "p. {n}",
    "r. {n}": "l. {n}",
    "Vergadering": "Meeting",
})

NOTE_ROLE = Qt.ItemDataRole.UserRole + 1


def note_location(note) -> Location | None:
    """Where activating a note goes: the document at the item / page / line, or the
    meeting; None for an orphaned note with no document left."""
    p = note.place
    if note.anchor.kind == "meeting":
        return Location("meeting", p.meeting_id) if p.meeting_id else None
    if not p.doc_id:
        return None
    return Location("document", p.doc_id, item=p.item_number, page=p.page, line=p.line)


class NotesView(QWidget):
    navigate = Signal(object)  # Location
    changed = Signal()  # a note was edited or deleted here

    archive: ArchiveReader  # what it may call: zvdj_viewer/archive/contract.py

    def __init__(self, archive, store, parent=None):
        super().__init__(parent)
        self.archive = archive
        self.store = store
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        self.title = QLabel(_("Mijn notities"))
        f = self.title.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.15)
        self.title.setFont(f)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Zoek in notities (tag:navragen, note:woord)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Zoek in notities (tag:navragen, note:woord)"))
        self.search.textChanged.connect(self.refresh)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setIndentation(14)
        self.tree.setUniformRowHeights(False)
        # no word wrap: Qt sizes a wrapped multi-line row too small and cuts the tags off;
        # each line is elided instead, the whole note is in the tooltip
        self.tree.setWordWrap(False)
        self.tree.setTextElideMode(Qt.ElideRight)
        self.tree.setAlternatingRowColors(True)
        self.tree.setStyleSheet("QTreeView::item { padding: 3px 2px; }")
        self.tree.setAccessibleName(_("Mijn notities"))
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        self.go_button = QPushButton(_("Ga naar"))
        self.edit_button = QPushButton(_("Bewerken…"))
        self.delete_button = QPushButton(_("Verwijderen"))
        self.go_button.clicked.connect(lambda: self._activated(self.tree.currentItem()))
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        for b in (self.go_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addWidget(self.title)
        lay.addWidget(self.search)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.status)
        lay.addLayout(buttons)
        self.refresh()

    # -- content -------------------------------------------------------------------------
    def _meeting_title(self, note) -> str:
        mid = note.place.meeting_id
        m = self.archive.meeting(mid) if mid else None
        if m is not None:
            when = format_date(m.date, language())
            return " · ".join(x for x in (when, m.series, m.start) if x)
        a = note.anchor
        if a.meeting_date or a.meeting_series:
            return " · ".join(x for x in (format_date(a.meeting_date, language()), a.meeting_series) if x)
        return _("Zonder vergadering")

    def refresh(self) -> None:
        query = self.search.text().strip()
        all_notes = self.store.notes()
        if query:
            keep = {h.uuid for h in notes_mod.search_notes(self.store, query)}
            shown = [n for n in all_notes if n.uuid in keep]
        else:
            shown = all_notes
        groups: dict[tuple, list] = {}
        for n in shown:
            if n.orphaned:
                key = (2, "", _("Verweesde notities"))
            else:
                title = self._meeting_title(n)
                date = n.anchor.meeting_date or ""
                key = (1, "", title) if title == _("Zonder vergadering") else (0, date, title)
            groups.setdefault(key, []).append(n)
        self.tree.clear()
        for key in sorted(groups, key=lambda k: (k[0], k[1], k[2])):
            head = QTreeWidgetItem([f"{key[2]} ({len(groups[key])})"])
            head.setData(0, NOTE_ROLE, "")  # no note; never None through data()
            f = head.font(0)
            f.setBold(True)
            head.setFont(0, f)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            if key[0] == 2:
                head.setForeground(0, QBrush(scheme(self.palette()).warn))
            self.tree.addTopLevelItem(head)
            for n in sorted(groups[key], key=_note_order):
                self._row(head, n)
            head.setExpanded(True)
        if not all_notes:
            self.status.setText(_("Nog geen notities. Kies in een document of agendapunt 'Notitie toevoegen'."))
        elif query and not shown:
            self.status.setText(_("Geen notities gevonden voor deze zoekopdracht"))
        elif query:
            self.status.setText(_("{n} van {m} notities").format(n=len(shown), m=len(all_notes)))
        else:
            self.status.setText(plural(len(all_notes), "{n} notitie", "{n} notities"))
        self._update_buttons()

    def _row(self, parent: QTreeWidgetItem, note) -> QTreeWidgetItem:
        place = short_place(note)
        first = note.body.strip().splitlines()[0] if note.body.strip() else ""
        if len(first) > 140:
            first = first[:137] + "…"
        lines = [place]
        if first:
            lines.append(first)
        if note.tags:
            lines.append("  ".join("#" + t for t in note.tags))
        item = QTreeWidgetItem(["\n".join(lines)])
        item.setData(0, NOTE_ROLE, note.uuid)
        tip = notes_mod.place_label(note) + "\n\n" + note.body
        if note.anchor.kind == "selection" and note.anchor.quote:
            tip = f"“{note.anchor.quote}”\n\n{tip}"
        if note.orphaned:
            tip = _("Deze notitie is verweesd: de plek bestaat niet meer in het archief.") + "\n\n" + tip
            item.setForeground(0, self.palette().placeholderText())
            f = QFont(item.font(0))
            f.setItalic(True)
            item.setFont(0, f)
        item.setToolTip(0, tip)
        parent.addChild(item)
        return item

    def notes_shown(self) -> list[str]:
        """uuids of the notes in the list, top to bottom (for tests and keyboard use)."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            out += [head.child(k).data(0, NOTE_ROLE) for k in range(head.childCount())]
        return out

    def group_titles(self) -> list[str]:
        return [self.tree.topLevelItem(i).text(0) for i in range(self.tree.topLevelItemCount())]

    def select_note(self, uid: str) -> bool:
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            for k in range(head.childCount()):
                if head.child(k).data(0, NOTE_ROLE) == uid:
                    self.tree.setCurrentItem(head.child(k))
                    return True
        return False

    # -- actions -------------------------------------------------------------------------
    def _current_note(self):
        item = self.tree.currentItem()
        uid = item.data(0, NOTE_ROLE) if item is not None else None
        return self.store.note(uid) if uid else None

    def _update_buttons(self) -> None:
        n = self._current_note()
        self.edit_button.setEnabled(n is not None)
        self.delete_button.setEnabled(n is not None)
        self.go_button.setEnabled(n is not None and note_location(n) is not None)

    def _activated(self, item, _col=0) -> None:
        uid = item.data(0, NOTE_ROLE) if item is not None else None
        note = self.store.note(uid) if uid else None
        if note is None:
            return
        loc = note_location(note)
        if loc is None:
            self.status.setText(_("Deze notitie is verweesd: de plek bestaat niet meer in het archief."))
            return
        self.navigate.emit(loc)

    def edit_current(self) -> None:
        from .note_dialog import edit_note

        n = self._current_note()
        if n is not None and edit_note(self, self.store, n) is not None:
            self.refresh()
            self.select_note(n.uuid)
            self.changed.emit()

    def keyPressEvent(self, event) -> None:
        # the Delete key on the list (the tree passes it on) does what the button does
        if event.matches(QKeySequence.StandardKey.Delete) and self._current_note() is not None:
            self.delete_current()
            return
        super().keyPressEvent(event)

    def delete_current(self, *, confirm: bool = True) -> None:
        n = self._current_note()
        if n is None:
            return
        if confirm and QMessageBox.question(self, _("Mijn notities"), _("Notitie verwijderen?")) != QMessageBox.StandardButton.Yes:
            return
        self.store.delete_note(n.uuid)
        self.refresh()
        self.changed.emit()


def short_place(note) -> str:
    """The place within its meeting group: 'nota · punt 2 Wachttijden · r. 5' (the document
    title only for a note on a whole document, or outside a meeting)."""
    a, p = note.anchor, note.place
    if a.kind == "meeting":
        return _("Vergadering")
    parts = [a.doc_type or ""]
    number = p.item_number or a.item_number
    if number or a.item_title:
        parts.append(_("punt {n}").format(n=number or "?") + (f" {a.item_title}" if a.item_title else ""))
    else:
        parts.append(a.doc_title or a.source_name or "")
    page, line = (p.page, p.line) if not note.orphaned else (a.page, a.line)
    if page and (page > 1 or not line):
        parts.append(_("p. {n}").format(n=page))
    if line:
        parts.append(_("r. {n}").format(n=line))
    return " · ".join(x for x in parts if x)


def _note_order(n) -> tuple:
    a = n.anchor
    return (a.doc_type or "", a.doc_title or "", _number_key(n.place.item_number or a.item_number),
            n.place.page or 0, n.place.line or 0, n.created)


def _number_key(number: str | None) -> tuple:
    import re

    if not number:
        return (0,)
    return tuple(int(p) if p.isdigit() else p for p in re.findall(r"\d+|\D+", number))
