""""Elders besproken": where the current agenda item comes up elsewhere.

Three sections in one tree, so the keyboard walks through all of it: the linked items in
other meetings (kind, date, meeting, the evidence words), the topic as a timeline, and the
decisions taken on the item. Activating a row (click, Enter) emits a Location to jump to.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from .i18n import _, add_translations, language
from .navigation import Location, format_date
from .widgets import wrap_to_width

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..archive import LinkInfo
    from ..archive.contract import ArchiveReader
    from ..archive.types import ThreadEntry

add_translations({
    "Elders besproken": "Discussed elsewhere",
    "Gekoppelde punten": "Linked items",
    "Tijdlijn van het onderwerp": "Topic timeline",
    "Besluiten": "Decisions",
    "Geen koppelingen gevonden": "No links found",
    "Geen eerdere of latere bespreking gevonden": "No earlier or later discussion found",
    "Geen besluiten gevonden": "No decisions found",
    "Kies een agendapunt": "Choose an agenda item",
    "Niets elders gevonden dat bij dit document hoort": "Nothing found elsewhere that belongs with this document",
    "Conceptverslag": "Draft minutes",
    "Verwijst naar vergadering": "Refers to meeting",
    "Zelfde onderwerp": "Same topic",
    "Kamerstuk": "Parliamentary paper",
    "Andere versie": "Other version",
    "Verwijzing": "Reference",
    "niet in het archief": "not in the archive",
    "punt {n}": "item {n}",
    "(deze vergadering)": "(this meeting)",
    "(dit document)": "(this document)",
    "Besluit": "Decision",
    "Actie": "Action",
    "Afspraak": "Agreement",
    "pagina {n}": "page {n}", "regel {n}": "line {n}",
    "Het hele document": "The whole document",
    "{p} % van de tekst komt overeen": "{p} % of the text matches",
})

KIND_LABELS = {
    "conceptverslag": "Conceptverslag",
    "refers_to_meeting": "Verwijst naar vergadering",
    "same_topic": "Zelfde onderwerp",
    "kamerstuk": "Kamerstuk",
    "version": "Andere versie",
}
DECISION_LABELS = {"besluit": "Besluit", "decision": "Besluit", "actie": "Actie", "action": "Actie",
                   "afspraak": "Afspraak", "agreement": "Afspraak"}


def _without_label(text: str) -> str:
    """The decision's words without the label the verslag printed before them ("Afspraak:
    iedere regio ..."): the panel puts the label, in the interface language, in front."""
    head, sep, rest = text.partition(":")
    if sep and head.strip().lower() in {k.lower() for k in DECISION_LABELS} | {
            v.lower() for v in DECISION_LABELS.values()}:
        return rest.strip()
    return text

LOC_ROLE = Qt.ItemDataRole.UserRole + 1
RAW_ROLE = Qt.ItemDataRole.UserRole + 2


def kind_label(kind: str | None) -> str:
    return _(KIND_LABELS.get(kind or "", "Verwijzing"))


def link_location(link: LinkInfo) -> Location | None:
    """Where a link leads: the other meeting at that item when known, else the document."""
    number = link.to_number
    if link.kind == "version" and link.to_doc:
        return Location("document", link.to_doc)  # the other version itself, not its meeting
    meeting = link.other_meeting or link.to_meeting
    if meeting:
        return Location("meeting", meeting, item=number)
    doc = link.to_doc
    if doc:
        return Location("document", doc, item=number)
    return None  # a reference to something outside the archive


class LinksPanel(QWidget):
    navigate = Signal(object)  # Location

    archive: ArchiveReader  # what it may call: zvdj_viewer/archive/contract.py

    def __init__(self, archive, parent=None):
        super().__init__(parent)
        self.archive = archive
        self._meeting: str | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        self.title = QLabel(_("Elders besproken"))
        f = self.title.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.15)
        self.title.setFont(f)
        self.subtitle = QLabel(_("Kies een agendapunt"))
        self.subtitle.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setTextElideMode(Qt.ElideNone)
        self.tree.setUniformRowHeights(False)
        self.tree.setIndentation(12)
        self.tree.setAccessibleName(_("Elders besproken"))
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        self.tree.viewport().installEventFilter(self)
        lay.addWidget(self.title)
        lay.addWidget(self.subtitle)
        lay.addWidget(self.tree, 1)
        self.links: list = []
        self._refs: set = set()
        self._title = ""
        self.topic_thread: list[ThreadEntry] = []  # not "thread": that is QObject.thread()
        self.decisions: list = []
        self._last_emit = (None, 0.0)

    # -- content -------------------------------------------------------------------------
    def clear(self) -> None:
        self.tree.clear()
        self.links, self.topic_thread, self.decisions = [], [], []
        self.subtitle.setText(_("Kies een agendapunt"))

    def show_item(self, refs, title: str | None = None, meeting: str | None = None) -> None:
        """refs: (doc_id, number) pairs of the same item (agenda, nota, verslag). Links of
        all of them are shown once each."""
        self.tree.clear()
        self._meeting = meeting
        refs = [(d, n) for d, n in refs if d and n]
        self._refs, self._title = set(refs), title or ""
        self.subtitle.setText(title or "")
        a = self.archive
        self.links, self.topic_thread, self.decisions = [], [], []
        for doc, num in refs:
            self._add_links(_safe(a.item_links, doc, num))
            for entry in _safe(a.topic_thread, doc, num):
                if (entry.meeting, entry.doc_id, entry.number) not in {(e.meeting, e.doc_id, e.number) for e in self.topic_thread}:
                    self.topic_thread.append(entry)
            for d in _safe(a.decisions, doc, num):
                if (d.kind, d.text) not in {(x.kind, x.text) for x in self.decisions}:
                    self.decisions.append(d)
        # other versions of the item's documents (a nota released twice) hold this item too
        for doc in dict.fromkeys(d for d, _n in refs):
            self._add_links(x for x in _safe(a.item_links, doc, None) if x.kind == "version")
        self.links.sort(key=lambda x: x.other_date or x.to_date or "")
        self.topic_thread.sort(key=lambda e: e.date or "")
        self._fill()

    def show_document(self, doc_id: str | None, title: str | None = None, *, has_items: bool = True) -> None:
        """Before an item is chosen: the links of the whole document (its other versions,
        references in its opening lines, items that cite it). has_items: whether the
        document has items or sections to choose (else the hint to choose one is no help)."""
        self.clear()
        self._meeting = None
        if doc_id is None:
            return
        self._add_links(_safe(self.archive.item_links, doc_id, None))
        if not self.links:
            if not has_items:  # an empty pane says why it is empty
                self.subtitle.setText(_("Niets elders gevonden dat bij dit document hoort"))
            return  # nothing of the document's own: the hint to choose an item stays
        self.subtitle.setText(f"{_('Het hele document')}: {title}" if title else _("Het hele document"))
        self.links.sort(key=lambda x: x.other_date or x.to_date or "")
        sec = self._section(_("Gekoppelde punten"), len(self.links))
        for link in self.links:
            self._link_row(sec, link)
        self._rewrap()

    def _add_links(self, links: Iterable[LinkInfo]) -> None:
        def key(x: LinkInfo) -> tuple:
            return (x.kind, x.to_meeting, x.to_doc, x.to_number, x.to_text)

        seen = {key(x) for x in self.links}
        for link in links:
            if key(link) not in seen:
                seen.add(key(link))
                self.links.append(link)

    def _link_row(self, sec, link: LinkInfo) -> None:
        lang = language()
        date = link.other_date or link.to_date
        where = link.other_series or ""
        other_title = link.other_title or link.to_text or ""
        number = link.to_number
        head = " · ".join(x for x in (kind_label(link.kind), format_date(date, lang), where) if x)
        body = other_title
        if number:
            # an item of another meeting, or a section of a letter or report ("Actielijn 2")
            part = _("punt {n}").format(n=number) if link.other_meeting else number
            body = part + (f": {body}" if body else "")
        loc = link_location(link)
        if loc is None:
            body += f" ({_('niet in het archief')})"
        text = head + ("\n" + body if body else "")
        if link.kind == "version" and link.score is not None:
            # the score is the larger of Jaccard and containment (a concept inside its final text)
            text += "\n" + _("{p} % van de tekst komt overeen").format(p=round(100 * link.score))
        elif link.evidence:
            text += f"\n“{link.evidence}”"
        self._row(sec, text, loc, tooltip=link.evidence)

    def _fill(self) -> None:
        lang = language()
        sec = self._section(_("Gekoppelde punten"), len(self.links))
        for link in self.links:
            self._link_row(sec, link)
        if not self.links:
            self._row(sec, _("Geen koppelingen gevonden"), None, muted=True)

        sec = self._section(_("Tijdlijn van het onderwerp"), len(self.topic_thread))
        for e in self.topic_thread:
            # the item itself; a letter's or report's section has no meeting to say "here" by
            own = (e.doc_id, e.number) in self._refs
            here = (self._meeting is not None and e.meeting == self._meeting) or own
            head = " · ".join(x for x in (format_date(e.date, lang), e.series or "") if x)
            text = f"{head}\n{e.number or ''} {e.title or (self._title if own else '')}".strip()
            if here:
                text += " " + (_("(deze vergadering)") if e.meeting else _("(dit document)"))
            loc = Location("meeting", e.meeting, item=e.number) if e.meeting else (
                Location("document", e.doc_id, item=e.number) if e.doc_id else None)
            self._row(sec, text, None if here else loc, tooltip=e.evidence or "", bold=here)
        if not self.topic_thread:
            self._row(sec, _("Geen eerdere of latere bespreking gevonden"), None, muted=True)

        sec = self._section(_("Besluiten"), len(self.decisions))
        for d in self.decisions:
            label = _(DECISION_LABELS.get((d.kind or "").lower(), "Besluit"))
            text = f"{label}: {_without_label(d.text)}"
            if d.line:  # text sources: the file line; PDFs: the page
                text += f" ({_('regel {n}').format(n=d.line)})"
            elif d.page:
                text += f" ({_('pagina {n}').format(n=d.page)})"
            self._row(sec, text, None)
        if not self.decisions:
            self._row(sec, _("Geen besluiten gevonden"), None, muted=True)
        self._rewrap()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._rewrap()

    def eventFilter(self, obj, event) -> bool:
        # the tree's viewport gets its width after the panel's resize when the panel shows for
        # the first time: rows wrapped to the hidden panel's width (120 px) stayed that narrow
        if obj is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self._rewrap()
        return False

    def _rewrap(self) -> None:
        """Wrap row texts to the panel width ourselves: the tree does not grow a row for
        text it wraps, so long evidence would be cut off."""
        width = max(self.tree.viewport().width() - 2 * self.tree.indentation() - 8, 120)
        for i in range(self.tree.topLevelItemCount()):
            sec = self.tree.topLevelItem(i)
            rows = [(sec, width + self.tree.indentation())] + [(sec.child(j), width) for j in range(sec.childCount())]
            for it, room in rows:
                raw = it.data(0, RAW_ROLE) or it.text(0)
                # measured in the row's own font: a bold row (this meeting) is wider than the
                # average character says, and was cut off at the right
                fm = QFontMetrics(it.font(0))
                wrapped = "\n".join(wrap_to_width(part, fm, room) if part else part for part in raw.split("\n"))
                if wrapped != it.text(0):
                    it.setText(0, wrapped)

    def _section(self, title: str, count: int) -> QTreeWidgetItem:
        it = QTreeWidgetItem([f"{title} ({count})"])
        it.setData(0, RAW_ROLE, it.text(0))
        f = it.font(0)
        f.setBold(True)
        it.setFont(0, f)
        it.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.addTopLevelItem(it)
        it.setExpanded(True)
        return it

    def _row(self, parent, text, loc, tooltip="", muted=False, bold=False) -> QTreeWidgetItem:
        it = QTreeWidgetItem(parent, [text])
        it.setData(0, RAW_ROLE, text)
        it.setData(0, LOC_ROLE, loc)
        if tooltip:
            it.setToolTip(0, tooltip)
        if muted or (loc is None and not bold):
            f = it.font(0)
            f.setItalic(muted)
            it.setFont(0, f)
        if bold:
            f = it.font(0)
            f.setWeight(QFont.Weight.Bold)
            it.setFont(0, f)
        if loc is not None:
            it.setToolTip(0, (tooltip + "\n" if tooltip else "") + "↵")
        return it

    def locations(self) -> list[Location]:
        """Every jump target shown, top to bottom (tests, keyboard users)."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            sec = self.tree.topLevelItem(i)
            for j in range(sec.childCount()):
                loc = sec.child(j).data(0, LOC_ROLE)
                if loc is not None:
                    out.append(loc)
        return out

    def _activated(self, item, _col=0) -> None:
        # a click and an activation of the same row come in pairs on some styles: jump once
        now = time.monotonic()
        if self._last_emit[0] is item and now - self._last_emit[1] < 0.5:
            return
        loc = item.data(0, LOC_ROLE)
        if loc is not None:
            self._last_emit = (item, now)
            self.navigate.emit(loc)


def _safe(fn, *args) -> list:
    """A linker failure must not break the view it sits in."""
    try:
        return list(fn(*args) or [])
    except Exception:
        return []
