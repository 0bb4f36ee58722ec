"""The library: meeting series -> year -> meeting, the other documents by type and date, and
every document by the source file it came from (a Woo bundle -> its documents)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from .i18n import _, add_translations
from .navigation import Location, format_date
from .wording import type_name
from ..fsnames import readable  # file names that are not UTF-8: shown as \xNN

if TYPE_CHECKING:
    from ..archive.contract import ArchiveReader

add_translations({
    "Vergaderingen": "Meetings", "Overige documenten": "Other documents",
    "Filter op titel of datum…": "Filter by title or date…", "zonder reeks": "no series",
    "zonder datum": "no date", "nr": "no.", "Per bronbestand": "By source file",
    "Documenten per soort": "Documents by type", "p. {n}": "p. {n}", "p. {a}–{b}": "p. {a}–{b}",
    "r. {a}–{b}": "l. {a}–{b}",
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

class Node(QTreeWidgetItem):
    """A library row. What it leads to is kept on the Python object, never in item data:
    PySide6 6.12 drops a reference to None each time data() returns None (CPython 3.11 then
    aborts with "none_dealloc" after a few thousand calls), and every keystroke in the filter
    looks at every row."""

    def __init__(self, parent=None, text: str = "", *, loc: Location | None = None,
                 fill: tuple[str, str] | None = None):
        if parent is None:
            super().__init__([text])
        else:
            super().__init__(parent, [text])
        self.loc = loc  # the meeting or document it opens
        self.fill = fill  # a folder listed when opened: ("type", t) or ("source", path)
        self.filled = False
        if fill is not None:
            self.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)


class Library(QWidget):
    navigate = Signal(object)  # Location

    archive: ArchiveReader  # what it may call: zvdj_viewer/archive/contract.py

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
        self.open_loc: Location | None = None  # what the window shows: highlighted in the tree
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.filter)
        lay.addWidget(self.tree)
        self.refresh()

    def refresh(self) -> None:
        expanded = {self._path(it) for it in self._all_items() if it.isExpanded()}
        self.tree.clear()
        meetings = self.archive.meeting_list()
        if meetings:
            self.tree.addTopLevelItem(self._meetings_node(meetings))
        # without meetings every document is "other": then they are simply the documents
        others = Node(None, _("Overige documenten") if meetings else _("Documenten per soort"))
        self.tree.addTopLevelItem(others)
        # one folder per type; its documents are listed when it is opened (or the filter is
        # used): a large archive has tens of thousands of them
        for t, n in sorted(self.archive.document_type_counts(outside_meetings=True).items()):
            Node(others, f"{_(TYPE_LABELS.get(t, t))} ({n})", fill=("type", t))
        # the same documents as a Woo handler sees them: per released file (bundle)
        files = Node(None, _("Per bronbestand"))
        self.tree.addTopLevelItem(files)
        for path, n in self.archive.source_document_counts().items():
            folder = Node(files, f"{os.path.basename(path)} ({n})", fill=("source", path))
            folder.setToolTip(0, path)
        for i in range(self.tree.topLevelItemCount() - 1):  # the files open on request
            self.tree.topLevelItem(i).setExpanded(True)
        for it in list(self._all_items()):
            if self._path(it) in expanded:
                it.setExpanded(True)
        self._apply_filter(self.filter.text())
        if self.open_loc is not None:
            self.show_open(self.open_loc)

    def show_open(self, loc: Location) -> Node | None:
        """Select and scroll to the row of the meeting or document that the window opened
        (from the search, a link, Back/Forward): its folder is listed and opened if need be.
        A document of a meeting is found under its source file, any other under its type."""
        self.open_loc = loc
        node = self._node_for(loc)
        if node is None or node.isHidden():  # not in the tree, or the filter hides it
            self.tree.setCurrentItem(None)
            return None
        parent = node.parent()
        while parent is not None:
            parent.setExpanded(True)
            parent = parent.parent()
        self.tree.setCurrentItem(node)
        self.tree.scrollToItem(node)
        return node

    def _node_for(self, loc: Location) -> Node | None:
        def find(items):
            return next((it for it in items if it.loc is not None and it.loc.kind == loc.kind
                         and it.loc.target == loc.target), None)

        if loc.kind == "meeting":
            return find(self._all_items())
        if loc.kind != "document":
            return None
        d = self.archive.document(loc.target)
        if d is None:
            return None
        folder = next((it for it in self._all_items()
                       if it.fill == (("type", d.type) if d.meeting is None else ("source", d.source))), None)
        if folder is None:
            return find(self._all_items())
        self._fill(folder)
        return find(folder.child(i) for i in range(folder.childCount()))

    def _meetings_node(self, meetings) -> Node:
        root = Node(None, _("Vergaderingen"))
        series: dict[str, Node] = {}
        years: dict[tuple[str, str], Node] = {}
        for m in sorted(meetings, key=lambda m: (m.series or "", m.date or "", m.start or "")):
            s = m.series or _("zonder reeks")
            if s not in series:
                series[s] = Node(root, s)
            y = (m.date or "")[:4] or _("zonder datum")
            if (s, y) not in years:
                years[(s, y)] = Node(series[s], y)
            kinds = ", ".join(type_name(t) for t in sorted(m.documents))  # words, not keys ("nota")
            label = f"{format_date(m.date) if m.date else '?'}" + (f"  {m.start}" if m.start else "")
            it = Node(years[(s, y)], f"{label}  ({kinds})", loc=Location("meeting", m.id))
            it.setToolTip(0, f"{m.series} {m.date} {m.start or ''}–{m.end or ''} {m.place or ''}")
        return root

    def _fill(self, folder: Node, docs=None) -> None:
        """List the documents of a type or file folder, once (docs: those it holds, when
        the caller has them already)."""
        if folder.fill is None or folder.filled:
            return
        folder.filled = True
        kind, key = folder.fill
        if kind == "type":
            docs = docs if docs is not None else self.archive.documents(type=key, outside_meetings=True)
            docs = sorted(docs, key=lambda d: (d.doc_date or d.meeting_date or "", d.title))
        elif docs is None:  # in the order they stand in the file
            docs = self.archive.documents(source=key)
        items = []
        for d in docs:
            label = self._in_file_label(d) if kind == "source" else self._dated_label(d)
            # a released document of a Woo bundle: its stamped number, as the inventory lists it
            stamp = f"  [{_('nr')} {d.stamp}]" if d.stamp else ""
            it = Node(None, label + stamp, loc=Location("document", d.id))
            pages = (f", p. {d.first_page}-{d.last_page}" if d.first_page is not None and d.first_page != d.last_page
                     else f", p. {d.first_page}" if d.first_page is not None else "")
            it.setToolTip(0, readable(d.source) + pages)
            items.append(it)
        folder.addChildren(items)

    @staticmethod
    def _dated_label(d) -> str:
        date = d.doc_date or d.meeting_date
        return f"{format_date(date) if date else '—'}  {d.title or d.id}"

    @staticmethod
    def _in_file_label(d) -> str:
        """A document of a bundle: where it stands in the file, its title, its type unless
        unknown, its date when it has one ("p. 21–22  Aan alle bewoners · Besluiten · 16
        maart 2020")."""
        if d.first_page is not None:
            a, b = d.first_page, d.last_page
            where = _("p. {n}").format(n=a) if a == b else _("p. {a}–{b}").format(a=a, b=b)
        elif d.first_line is not None:
            where = _("r. {a}–{b}").format(a=d.first_line, b=d.last_line)
        else:
            where = ""
        date = d.doc_date or d.meeting_date
        parts = [d.title or d.id] + ([_(TYPE_LABELS.get(d.type, d.type))] if d.type != "other" else [])
        parts += [format_date(date)] if date else []
        text = " · ".join(parts)
        return f"{where}  {text}" if where else text

    def _fill_all(self) -> None:
        """List every folder not opened yet, from one read of the documents."""
        empty = [it for it in self._all_items() if it.fill is not None and not it.filled]
        if not empty:
            return
        held: dict[tuple[str, str], list] = {}
        for d in self.archive.documents():  # archive order: by file, then as in the file
            held.setdefault(("source", d.source), []).append(d)
            if d.meeting is None:
                held.setdefault(("type", d.type), []).append(d)
        for it in empty:
            self._fill(it, held.get(it.fill, []))

    def _expanded(self, item: Node) -> None:
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
            self._fill_all()

        def visit(it: Node) -> bool:
            shown = False
            for i in range(it.childCount()):
                shown |= visit(cast(Node, it.child(i)))  # every row of the tree is a Node
            if it.loc is not None:
                shown = not text or text in it.text(0).lower() or text in it.toolTip(0).lower()
            elif it.fill is not None and not it.filled:
                shown = not text  # not listed yet: its count says what it holds
            it.setHidden(not shown and it.parent() is not None)
            if text and shown:
                it.setExpanded(True)
            return shown

        for i in range(self.tree.topLevelItemCount()):
            visit(self.tree.topLevelItem(i))

    def _activated(self, item: Node, _col=0) -> None:
        if item.loc is not None:
            self.navigate.emit(item.loc)

    def count_meetings(self) -> int:
        return sum(1 for it in self._all_items() if it.loc is not None and it.loc.kind == "meeting")
