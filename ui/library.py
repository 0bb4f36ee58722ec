"""The library: meeting series -> year -> meeting, and the other documents by type and date."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from .i18n import _, add_translations
from .navigation import Location, format_date

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
        for m in sorted(self.archive.meetings(), key=lambda m: (m.series or "", m.date or "", m.start or "")):
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
        by_type: dict[str, QTreeWidgetItem] = {}
        docs = [d for d in self.archive.documents() if d.id not in in_meeting]
        for d in sorted(docs, key=lambda d: (d.type, d.doc_date or d.meeting_date or "", d.title)):
            if d.type not in by_type:
                by_type[d.type] = QTreeWidgetItem(others, [_(TYPE_LABELS.get(d.type, d.type))])
            date = d.doc_date or d.meeting_date
            it = QTreeWidgetItem(by_type[d.type], [f"{format_date(date) if date else '—'}  {d.title or d.id}"])
            it.setData(0, _LOC, Location("document", d.id))
            it.setToolTip(0, d.source)
        for top in (meetings_root, others):
            top.setExpanded(True)
        for it in self._all_items():
            if self._path(it) in expanded:
                it.setExpanded(True)
        for p in by_type.values():
            p.setText(0, f"{p.text(0)} ({p.childCount()})")
        self._apply_filter(self.filter.text())

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
