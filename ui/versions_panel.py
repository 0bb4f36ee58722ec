"""Versions of a document: the other documents in the archive whose text is the same or a
version of it (a concept and a final agenda, a nota released twice, a copy in a bundle), each
with a "Vergelijk" button that asks for the compare view.

Finding versions compares every document's text (about 1.3 s on the 37 documents of the
seeds), so it runs once on a background thread and is kept until ``refresh()`` (after
indexing); showing another document then costs nothing.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..woo import service
from .i18n import _, add_translations
from .navigation import Location

if TYPE_CHECKING:
    from ..archive.contract import ArchiveReader

add_translations({
    "gedeelde tekst": "shared text",
    "Versies": "Versions",
    "Versies zoeken…": "Looking for versions…",
    "Geen andere versies gevonden.": "No other versions found.",
    "Kies een document om zijn versies te zien.": "Choose a document to see its versions.",
    "{n} versies": "{n} versions",
    "1 versie": "1 version",
    "Versies zoeken is mislukt: {e}": "Looking for versions failed: {e}",
    "Document": "Document",
    "Gelijk": "Same",
    "Relatie": "Relation",
    "zelfde tekst": "same text",
    "versie": "version",
    "Vergelijk": "Compare",
    "Vergelijk {a} met {b}": "Compare {a} with {b}",
    "{j}% van de woordreeksen gedeeld; {c}% van de kortste tekst komt in de andere voor":
        "{j}% of word sequences shared; {c}% of the shorter text occurs in the other",
    "Dubbelklik opent het document": "Double-click opens the document",
})


class VersionsPanel(QWidget):
    compare_requested = Signal(str, str)  # this document, the other version
    navigate = Signal(object)  # Location of the other version (double-click)
    versions_ready = Signal()

    archive: ArchiveReader  # what it may call: zvdj_viewer/archive/contract.py

    def __init__(self, archive, parent=None):
        super().__init__(parent)
        from .tasks import Task

        self.archive = archive
        self.doc_id: str | None = None
        self.rows: list = []  # (other id, VersionPair) shown
        self._pairs: list | None = None  # all version pairs of the archive, once found
        self._error: str | None = None
        self.task = Task(self)
        self.task.done.connect(self._found)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(_("Kies een document om zijn versies te zien."))
        self.label.setWordWrap(True)
        lay.addWidget(self.label)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Document"), _("Gelijk"), _("Relatie"), ""])
        self.table.setAccessibleName(_("Versies"))
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setToolTip(_("Dubbelklik opent het document"))
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.Stretch)
        for c in (1, 2, 3):
            h.setSectionResizeMode(c, QHeaderView.ResizeToContents)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_version(row))
        lay.addWidget(self.table, 1)

    # -- data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Forget the versions found (the archive changed) and look again for the document."""
        self.task.wait()
        self._pairs = None
        if self.doc_id:
            self.show_document(self.doc_id)

    def busy(self) -> bool:
        return self.task.running()

    def wait(self, ms: int = 30000) -> None:
        self.task.wait(ms)

    def show_document(self, doc_id: str | None) -> None:
        self.doc_id = doc_id
        if not doc_id:
            self._show([])
            self.label.setText(_("Kies een document om zijn versies te zien."))
            return
        if self._pairs is None:
            self.table.setRowCount(0)
            self.label.setText(_("Versies zoeken…"))
            archive = self.archive
            self.task.start(lambda: service.archive_versions(archive))
            return
        self._show([(p.b if p.a == doc_id else p.a, p) for p in self._pairs if doc_id in (p.a, p.b)])

    def _found(self, pairs, error) -> None:
        self._pairs = pairs or []
        self._error = error
        if error:
            self.label.setText(_("Versies zoeken is mislukt: {e}").format(e=error))
            self.table.setRowCount(0)
        elif self.doc_id:
            self.show_document(self.doc_id)
        self.versions_ready.emit()

    def _show(self, rows) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        n = len(rows)
        self.label.setText(_("Geen andere versies gevonden.") if not n else
                           (_("1 versie") if n == 1 else _("{n} versies").format(n=n)))
        for r, (other, pair) in enumerate(rows):
            d = self.archive.document(other)
            title = (d.title or os.path.basename(d.source)) if d else ""
            tip = _("{j}% van de woordreeksen gedeeld; {c}% van de kortste tekst komt in de andere voor").format(
                j=int(round(pair.similarity * 100)), c=int(round(pair.containment * 100)))
            name = QTableWidgetItem(f"{other} · {title}" if title else other)
            name.setToolTip(title)
            sim = QTableWidgetItem(f"{int(round(pair.similarity * 100))}%")
            sim.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            sim.setToolTip(tip)
            label = {"same": "zelfde tekst", "version": "versie", "overlap": "gedeelde tekst"}.get(pair.relation, pair.relation)
            rel = QTableWidgetItem(_(label))
            rel.setToolTip(tip)
            for c, item in enumerate((name, sim, rel)):
                self.table.setItem(r, c, item)
            b = QPushButton(_("Vergelijk"))
            b.setToolTip(_("Vergelijk {a} met {b}").format(a=self.doc_id, b=other))
            b.setAccessibleName(_("Vergelijk {a} met {b}").format(a=self.doc_id, b=other))
            b.clicked.connect(lambda _checked=False, o=other: self.request_compare(o))
            self.table.setCellWidget(r, 3, b)
        self.table.resizeRowsToContents()

    # -- actions ---------------------------------------------------------------------------
    def compare_button(self, row: int) -> QPushButton | None:
        return self.table.cellWidget(row, 3)

    def request_compare(self, other: str) -> None:
        if self.doc_id:
            self.compare_requested.emit(self.doc_id, other)

    def open_version(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.navigate.emit(Location("document", self.rows[row][0]))

    def closeEvent(self, event) -> None:
        self.task.wait()
        super().closeEvent(event)
