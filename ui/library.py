"""The library: meeting series -> year -> meeting, and the other documents by type and date."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from .i18n import _, add_translations
from .navigation import Location, format_date
from ..fsnames import readable  # file names that are not UTF-8: shown as \xNN

add_translations({
    "Vergaderingen": "Meetings", "Overige documenten": "Other documents",
    "Filter op titel of datum…": "Filter by title or date…", "zonder reeks": "no series",
    "zonder datum": "no date",
})

TYPE_LABELS = {
    "agenda": "Agenda's", "geannoteerde_agenda": "Geannoteerde agenda's", "nota": "Nota's",
    "verslag": "Verslagen", "besluitenlijst": "Besluitenlijsten", "kamerbrief": "Kamerbrieven",
    "kamerstuk": "Kamerstukken", "verslag_schriftelijk_overleg": "Verslagen schriftelijk overleg",
    "voortgangsrapportage": "Voortgangsrapportages", "besluit": "Besluiten",
    "inventarislijst": "Inventarislijsten", "bijlage": "Bijlagen", "email": "E-mails", "other": "Overig",
}
add_translations({
    "Agenda's": "Agendas", "Geannoteerde agenda's": "Annotated agendas", "Nota's": "Briefing notes",
    "Verslagen": "Minutes", "Besluitenlijsten": "Decision lists", "Kamerbrieven": "Letters to Parliament",
    "Kamerstukken": "Parliamentary papers", "Verslagen schriftelijk overleg": "Written consultation reports",
    "Voortgangsrapportages": "Progress reports", "Besluiten": "Decisions", "Inventarislijsten": "Inventories",
    "Bijlagen": "Annexes", "E-mails": "E-mails", "Overig": "Other",
})

_LOC = Qt.UserRole + 1
_TYPE = Qt.UserRole + 2  # a type folder of "other documents": its type
_FILLED = Qt.UserRole + 3  # ...and whether its documents are listed yet


class Library(QWidget):
    navigate = Signal(object)  # Location

    def __init__(self, archive, parent=None):
        super().__init__(parent)
        self.archive = archive
        self.filter = QLineEdit(placeholderText=_("Filter op titel of datum…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        self.tree.itemExpanded.connect(self._expanded)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.filter)
        lay.addWidget(self.tree)
        self.refresh()

    def refresh(self) -> None:
        expanded = {self._path(it) for it in self._all_items() if it.isExpanded()}
        self.tree.clear()
        meetings_root = QTreeWidgetItem([_("Vergaderingen")])
        self.tree.addTopLevelItem(meetings_root)
        series: dict[str, QTreeWidgetItem] = {}
        years: dict[tuple[str, str], QTreeWidgetItem] = {}
        in_meeting = set()
        for m in sorted(self.archive.meeting_list(), key=lambda m: (m.series or "", m.date or "", m.start or "")):
            s = m.series or _("zonder reeks")
            if s not in series:
                series[s] = QTreeWidgetItem(meetings_root, [s])
            y = (m.date or "")[:4] or _("zonder datum")
            if (s, y) not in years:
                years[(s, y)] = QTreeWidgetItem(series[s], [y])
            kinds = ", ".join(sorted(m.documents))
            label = f"{format_date(m.date) if m.date else '?'}" + (f"  {m.start}" if m.start else "")
            it = QTreeWidgetItem(years[(s, y)], [f"{label}  ({kinds})"])
            it.setData(0, _LOC, Location("meeting", m.id))
            it.setToolTip(0, f"{m.series} {m.date} {m.start or ''}–{m.end or ''} {m.place or ''}")
            for docs in m.documents.values():
                in_meeting.update(docs)
        others = QTreeWidgetItem([_("Overige documenten")])
        self.tree.addTopLevelItem(others)
        # one folder per type; its documents are listed when it is opened (or the filter is
        # used): a large archive has tens of thousands of them
        for t, n in sorted(self.archive.document_type_counts(outside_meetings=True).items()):
            folder = QTreeWidgetItem(others, [f"{_(TYPE_LABELS.get(t, t))} ({n})"])
            folder.setData(0, _TYPE, t)
            folder.setChildIndicatorPolicy(QTreeWidgetItem.ShowIndicator)
        for top in (meetings_root, others):
            top.setExpanded(True)
        for it in list(self._all_items()):
            if self._path(it) in expanded:
                it.setExpanded(True)
        self._apply_filter(self.filter.text())

    def _fill(self, folder: QTreeWidgetItem) -> None:
        """List the documents of a type folder, once."""
        t = folder.data(0, _TYPE)
        if t is None or folder.data(0, _FILLED):
            return
        folder.setData(0, _FILLED, True)
        docs = self.archive.documents(type=t, outside_meetings=True)
        items = []
        for d in sorted(docs, key=lambda d: (d.doc_date or d.meeting_date or "", d.title)):
            date = d.doc_date or d.meeting_date
            it = QTreeWidgetItem([f"{format_date(date) if date else '—'}  {d.title or d.id}"])
            it.setData(0, _LOC, Location("document", d.id))
            it.setToolTip(0, readable(d.source))
            items.append(it)
        folder.addChildren(items)

    def _expanded(self, item: QTreeWidgetItem) -> None:
        self._fill(item)

    def _all_items(self):
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            it = stack.pop()
            yield it
            stack += [it.child(i) for i in range(it.childCount())]

    @staticmethod
    def _path(it) -> str:
        parts = []
        while it is not None:
            parts.append(it.text(0).split(" (")[0])
            it = it.parent()
        return "/".join(reversed(parts))

    def _apply_filter(self, text: str) -> None:
        text = text.strip().lower()
        if text:  # the filter looks at every document: list the folders not opened yet
            for it in list(self._all_items()):
                self._fill(it)

        def visit(it) -> bool:
            shown = False
            for i in range(it.childCount()):
                shown |= visit(it.child(i))
            if it.data(0, _LOC) is not None:
                shown = not text or text in it.text(0).lower() or text in (it.toolTip(0) or "").lower()
            it.setHidden(not shown and it.parent() is not None)
            if text and shown:
                it.setExpanded(True)
            return shown

        for i in range(self.tree.topLevelItemCount()):
            visit(self.tree.topLevelItem(i))

    def _activated(self, item, _col=0) -> None:
        loc = item.data(0, _LOC)
        if loc is not None:
            self.navigate.emit(loc)

    def count_meetings(self) -> int:
        return sum(1 for it in self._all_items() if isinstance(it.data(0, _LOC), Location)
                   and it.data(0, _LOC).kind == "meeting")
