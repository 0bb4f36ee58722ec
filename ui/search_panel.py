"""Search as you type: results per document with type, meeting, date and the best snippets
(terms in bold, page numbers), filters, and `note:` / `tag:` terms searching the user's notes."""

from __future__ import annotations

import dataclasses
import html
import time
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QTextBrowser, QToolButton, QVBoxLayout, QWidget)

from .colours import scheme
from .i18n import _, add_translations, plural
from ..woo.inventory import TYPE_NAMES
from .library import TYPE_LABELS
from .navigation import Location, format_date
from .widgets import combo_value, shrinkable_combo

if TYPE_CHECKING:
    from ..archive.contract import ArchiveReader

MAX_LISTED_PAGES = 200  # pages with hits listed when "nog N pagina's" is opened (snippets cost time)

add_translations({
    "Zoeken in het archief… (Ctrl+K)": "Search the archive… (Ctrl+K)",
    "Alle typen": "All types", "Alle reeksen": "All series", "van jjjj-mm-dd": "from yyyy-mm-dd",
    "tot jjjj-mm-dd": "to yyyy-mm-dd", "Met lakkingen": "With redactions",
    "Zoektips": "Search tips", "Geen resultaten.": "No results.",
    "{n} documenten ({ms} ms)": "{n} documents ({ms} ms)", "p.": "p.", "r.": "l.",
    "Mijn notities": "My notes", "Typ om te zoeken.": "Type to search.",
    "nog {n} pagina's met treffers": "{n} more pages with hits", "nog {n} pagina met treffers": "{n} more page with hits",
    "{docs} ({ms} ms)": "{docs} ({ms} ms)", "de index wordt bijgewerkt": "the index is being updated",
    "datum niet herkend: {d} (bijvoorbeeld 2021-03-12 of 12-03-2021)":
    "date not recognised: {d} (for example 2021-03-12 or 12-03-2021)", "{n} document": "{n} document", "{n} documenten": "{n} documents",
    "Nota": "Briefing note", "Verslag": "Minutes", "Kamerbrief": "Letter to Parliament",
    "Overig": "Other", "Besluit": "Decision", "Bijlage": "Annex",
})

DEBOUNCE_MS = 250

HELP_NL = """<h3>Zoeken</h3>
<table cellpadding="3">
<tr><td><code>jeugdbescherming</code></td><td>woord (ook <i>gemeenten</i> vindt <i>gemeente</i>)</td></tr>
<tr><td><code>"informele mentor"</code></td><td>precies deze woorden na elkaar</td></tr>
<tr><td><code>steunfiguur OR mentor</code></td><td>een van beide; <code>NOT</code> sluit uit</td></tr>
<tr><td><code>jeugd*</code></td><td>woorden die zo beginnen</td></tr>
<tr><td><code>type:nota</code></td><td>alleen nota's (agenda, verslag, kamerbrief, …)</td></tr>
<tr><td><code>date:[2020-01-01 to 2020-06-30]</code></td><td>datum in deze periode</td></tr>
<tr><td><code>redaction:10.2.e</code></td><td>documenten met deze lakkingsgrond</td></tr>
<tr><td><code>tag:navragen</code>, <code>note:regio</code></td><td>uw eigen notities</td></tr>
</table>"""
HELP_EN = """<h3>Search</h3>
<table cellpadding="3">
<tr><td><code>jeugdbescherming</code></td><td>a word (<i>gemeenten</i> also finds <i>gemeente</i>)</td></tr>
<tr><td><code>"informele mentor"</code></td><td>exactly these words in a row</td></tr>
<tr><td><code>steunfiguur OR mentor</code></td><td>either; <code>NOT</code> excludes</td></tr>
<tr><td><code>jeugd*</code></td><td>words starting like this</td></tr>
<tr><td><code>type:nota</code></td><td>only briefing notes (agenda, verslag, kamerbrief, …)</td></tr>
<tr><td><code>date:[2020-01-01 to 2020-06-30]</code></td><td>date in this period</td></tr>
<tr><td><code>redaction:10.2.e</code></td><td>documents with this redaction ground</td></tr>
<tr><td><code>tag:navragen</code>, <code>note:regio</code></td><td>your own notes</td></tr>
</table>"""


class SearchPanel(QWidget):
    navigate = Signal(object)  # Location
    searched = Signal(str)  # a query was run (the window remembers the last one)

    archive: ArchiveReader  # what it may call: zvdj_viewer/archive/contract.py

    def __init__(self, archive, notes_store=None, parent=None):
        super().__init__(parent)
        self.archive, self.notes_store = archive, notes_store
        self.last_hits: list = []
        self.chosen = 0  # the hit Enter opens; the arrow keys in the field move it
        self.bad_dates: list[str] = []
        self.indexing = False  # set by the window: results may still change
        self.field = QLineEdit(placeholderText=_("Zoeken in het archief… (Ctrl+K)"))
        self.field.installEventFilter(self)
        self.field.setClearButtonEnabled(True)
        self.help_button = QToolButton(text="?", toolTip=_("Zoektips"))
        self.help_button.clicked.connect(lambda _checked=False: self.show_help())
        self.type_box = QComboBox()
        self.type_box.addItem(_("Alle typen"), "")
        for key, label in TYPE_LABELS.items():
            self.type_box.addItem(_(label), key)
        self.series_box = QComboBox()
        for box in (self.type_box, self.series_box):  # long series names must not widen the side panel
            shrinkable_combo(box, 8)
        self.date_from = QLineEdit(placeholderText=_("van jjjj-mm-dd"))
        self.date_to = QLineEdit(placeholderText=_("tot jjjj-mm-dd"))
        self.redacted = QCheckBox(_("Met lakkingen"))
        self.summary = QLabel()
        self.results = QTextBrowser()
        self.results.setOpenLinks(False)
        self.results.anchorClicked.connect(self._open)
        top = QHBoxLayout()
        top.addWidget(self.field)
        top.addWidget(self.help_button)
        filters = QGridLayout()
        filters.addWidget(self.type_box, 0, 0)
        filters.addWidget(self.series_box, 0, 1)
        filters.addWidget(self.date_from, 1, 0)
        filters.addWidget(self.date_to, 1, 1)
        filters.addWidget(self.redacted, 2, 0, 1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addLayout(filters)
        lay.addWidget(self.summary)
        lay.addWidget(self.results, 1)
        self.timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.run)
        self.field.textChanged.connect(lambda _t: self.timer.start())
        self.field.returnPressed.connect(self._enter)
        for w in (self.type_box, self.series_box):
            w.currentIndexChanged.connect(lambda _i: self.timer.start())
        for w in (self.date_from, self.date_to):
            w.editingFinished.connect(self.timer.start)
        self.redacted.toggled.connect(lambda _b: self.timer.start())
        self.refresh_filters()
        self.results.setHtml(f"<p>{_('Typ om te zoeken.')}</p>")

    def refresh_filters(self) -> None:
        current = combo_value(self.series_box) or ""
        self.series_box.blockSignals(True)
        self.series_box.clear()
        self.series_box.addItem(_("Alle reeksen"), "")
        for s in sorted({m.series for m in self.archive.meeting_list() if m.series}):
            self.series_box.addItem(s, s)
        i = self.series_box.findData(current)
        self.series_box.setCurrentIndex(max(i, 0))
        self.series_box.blockSignals(False)

    @staticmethod
    def _iso(text: str) -> str | None:
        """A date as typed, as the index takes it: 2021, 2021-03, 2021-03-12 as they are;
        12-03-2021, 12-3-2021 and 12 maart 2021 read as Dutch dates."""
        import re

        from ..understanding.dates import parse_date

        text = text.strip()
        if re.fullmatch(r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?", text):
            return text
        return parse_date(text) if text else None

    def focus(self) -> None:
        self.field.setFocus()
        self.field.selectAll()

    def set_query(self, text: str) -> None:
        self.field.setText(text)
        self.run()

    def filters(self) -> dict:
        f: dict[str, object] = {}
        if combo_value(self.type_box):
            f["types"] = [combo_value(self.type_box)]
        if combo_value(self.series_box):
            f["series"] = [combo_value(self.series_box)]
        self.bad_dates = []
        for key, box in (("date_from", self.date_from), ("date_to", self.date_to)):
            iso = self._iso(box.text())
            if iso:
                f[key] = iso
            elif box.text().strip():
                self.bad_dates.append(box.text().strip())
        if self.redacted.isChecked():
            f["has_redactions"] = True
        return f

    def run(self) -> None:
        self.timer.stop()
        query = self.field.text().strip()
        filters = self.filters()
        if not query and not filters:
            self.last_hits = []
            self.summary.setText("")
            self.results.setHtml(f"<p>{_('Typ om te zoeken.')}</p>")
            return
        t0 = time.perf_counter()
        note_hits = []
        doc_query = query
        if self.notes_store is not None:
            from ..notes import has_note_terms, search_notes, strip_note_terms

            if has_note_terms(query):
                note_hits = search_notes(self.notes_store, query)
                doc_query = strip_note_terms(query)
        from ..index import QueryError

        try:
            hits = self.archive.search(doc_query, limit=50, **filters) if (doc_query or filters) else []
        except QueryError as err:  # a query that cannot mean what it says: tell what to change
            self.last_hits = []
            self.summary.setText("")
            self.results.setHtml(f"<p>{html.escape(str(err))}</p>")
            return
        self.last_hits = hits
        self.chosen = 0
        self._note_hits, self._query = note_hits, query
        self._doc_query, self._filters = doc_query, filters  # for "nog N pagina's": the same search
        self.searched.emit(query)
        ms = int((time.perf_counter() - t0) * 1000)
        summary = _("{docs} ({ms} ms)").format(docs=plural(len(hits), "{n} document", "{n} documenten"), ms=ms)
        if self.bad_dates:  # said, not silently ignored
            summary += " — " + _("datum niet herkend: {d} (bijvoorbeeld 2021-03-12 of 12-03-2021)").format(
                d=", ".join(self.bad_dates))
        if self.indexing:
            summary += " — " + _("de index wordt bijgewerkt")
        self.summary.setText(summary)
        self.results.setHtml(self._html(hits, note_hits, query))

    def _html(self, hits, note_hits, query: str) -> str:
        if not hits and not note_hits:
            return f"<p>{_('Geen resultaten.')}</p>"
        dim = scheme(self.palette()).dim.name()  # the palette's, light or dark
        out = []
        if note_hits:
            out.append(f"<h4>{_('Mijn notities')}</h4>")
            for n in note_hits:
                href = self._href("document" if n.doc_id else "meeting", n.doc_id or n.meeting_id,
                                  item=n.item, page=n.page, line=n.line)
                out.append(f'<p><a href="{href}">{html.escape(n.label)}</a><br>{n.snippet}</p>')
        meetings = {}
        for i, h in enumerate(hits):
            date = format_date(h.date) if h.date else ""
            kind = _(TYPE_NAMES.get(h.type, h.type))
            meta = " · ".join(x for x in (kind, h.series or "", date) if x)
            href = self._href("document", h.doc_id, page=h.first_page, query=query)
            mark = "▶ " if i == self.chosen and len(hits) > 1 else ""  # the hit Enter opens
            block = [f'<p style="margin-bottom:2px"><a name="hit{i}"></a>{mark}<a href="{href}">'
                     f'<b>{html.escape(h.title or h.doc_id)}</b></a>'
                     f'<br><span style="color:{dim}">{html.escape(meta)}</span>']
            if h.meeting:
                meetings[h.meeting] = True
            for p in sorted(h.pages, key=lambda p: (p.page or 0, p.line or 0)):  # in page order
                where = f"{_('p.')} {p.page}" if h.first_line is None else f"{_('r.')} {p.line or ''}"
                link = self._href("document", h.doc_id, page=p.page if h.first_line is None else None,
                                  line=p.line if h.first_line is not None else None, query=query)
                block.append(f'<br><a href="{link}">{where}</a>: {p.snippet}')
            more = h.page_hit_count - len(h.pages)
            if more > 0:
                more_text = plural(more, "nog {n} pagina met treffers", "nog {n} pagina's met treffers")
                if len(h.pages) < MAX_LISTED_PAGES:  # a click lists them
                    more_text = f'<a href="zvdj:more/{i}">{more_text}</a>'
                block.append(f'<br><span style="color:{dim}">{more_text}</span>')
            out.append("".join(block) + "</p>")
        return "\n".join(out)

    @staticmethod
    def _href(kind, target, **params) -> str:
        q = urlencode({k: v for k, v in params.items() if v is not None})
        return f"zvdj:{kind}/{target}" + (f"?{q}" if q else "")

    def _open(self, url: QUrl) -> None:
        if url.toString().startswith("zvdj:more/"):
            self.show_all_pages(int(url.toString()[len("zvdj:more/"):]))
            return
        loc = location_from_url(url.toString())
        if loc is not None:
            self.navigate.emit(loc)

    def eventFilter(self, obj, event) -> bool:
        # Up/Down in the field choose the hit that Enter opens, without leaving the field
        if obj is self.field and event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            if self.timer.isActive():
                self.run()
            if self.last_hits:
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                self.choose(max(0, min(self.chosen + step, len(self.last_hits) - 1)))
            return True
        return super().eventFilter(obj, event)

    def show_all_pages(self, i: int) -> None:
        """"nog N pagina's met treffers" clicked: list every page of that hit (the same search,
        with all its pages), in page order."""
        if not 0 <= i < len(self.last_hits):
            return
        h = self.last_hits[i]
        want = min(h.page_hit_count, MAX_LISTED_PAGES)
        hits = self.archive.search(self._doc_query, limit=len(self.last_hits), pages_per_doc=want, **self._filters)
        full = next((x for x in hits if x.doc_id == h.doc_id), None)
        if full is not None and len(full.pages) > len(h.pages):
            self.last_hits[i] = dataclasses.replace(h, pages=full.pages)
        self.results.setHtml(self._html(self.last_hits, self._note_hits, self._query))
        self.results.scrollToAnchor(f"hit{i}")

    def choose(self, i: int) -> None:
        self.chosen = i
        self.results.setHtml(self._html(self.last_hits, getattr(self, "_note_hits", []), getattr(self, "_query", "")))
        self.results.scrollToAnchor(f"hit{i}")

    def _enter(self) -> None:
        """Enter in the field: search now if the query changed, then open the chosen hit."""
        if self.timer.isActive() or self.field.text().strip() != getattr(self, "_query", None):
            self.run()
        self.open_first(self.chosen)

    def open_first(self, index: int = 0) -> bool:
        """Open the best hit, or the hit chosen with the arrow keys (Enter in the field)."""
        if not self.last_hits:
            return False
        h = self.last_hits[min(index, len(self.last_hits) - 1)]
        p = h.pages[0] if h.pages else None
        self.navigate.emit(Location("document", h.doc_id, page=(p.page if p and h.first_line is None else None),
                                    line=(p.line if p and h.first_line is not None else None),
                                    query=self.field.text().strip() or None))
        return True

    def show_help(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from .i18n import language

        QMessageBox.information(self, _("Zoektips"), HELP_EN if language() == "en" else HELP_NL)


def location_from_url(url: str) -> Location | None:
    if not url.startswith("zvdj:"):
        return None
    path, _sep, query = url[5:].partition("?")
    kind, _sep, target = path.partition("/")
    params = {k: v[0] for k, v in parse_qs(query).items()}
    try:
        return Location(kind, target, item=params.get("item"),
                        page=int(params["page"]) if "page" in params else None,
                        line=int(params["line"]) if "line" in params else None,
                        query=params.get("query"))
    except ValueError:
        return None
