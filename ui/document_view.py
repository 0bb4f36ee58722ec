"""One document: reading text with an outline, the original pages, metadata beside it.

Layout: outline (items and headings) | reading text or original pages (tabs) | metadata,
redaction summary and "Elders besproken" for the chosen item. A search query from the
Location highlights every hit, in the text and on the pages; next/previous hit walks them.

``reading_text(...)`` builds the reading text (HTML, one block per line) and remembers which
block each item, page and line starts at; the meeting view uses it for its columns too.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRegularExpression, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QSplitter, QTabWidget, QTextBrowser, QTreeWidget, QTreeWidgetItem,
    QVBoxLayout, QWidget,
)

from .colours import Scheme, scheme
from .grounds import ground_text
from .. import markup
from .i18n import _, add_translations, language, plural
from .links_panel import LinksPanel
from .navigation import Location, format_date
from .note_marks import marked, noted_items, noted_pages
from .page_view import PageView
from .widgets import heading_label, tool_button
from .wording import file_message, type_name
from ..fsnames import readable  # file names that are not UTF-8: shown as \xNN

if TYPE_CHECKING:
    from ..archive.contract import ArchiveReader
    from ..archive.types import SectionInfo

add_translations({
    "Begin": "Start",
    "Geen kopjes": "No headings",
    "Geen agendapunten of kopjes gevonden in dit document": "No agenda items or headings found in this document",
    "Leestekst": "Reading text",
    "Originele pagina's": "Original pages",
    "Inhoud": "Contents",
    "Gegevens": "Details",
    "Vorige treffer": "Previous hit",
    "Volgende treffer": "Next hit",
    "{i} van {n} treffers": "{i} of {n} hits",
    "{n} treffers": "{n} hits", "{n} treffer": "{n} hit", "{i} van {n} treffer": "{i} of {n} hit",
    "Geen treffers": "No hits",
    "Inzoomen": "Zoom in",
    "Uitzoomen": "Zoom out",
    "Paginabreedte": "Fit width",
    "Open bestand": "Open file",
    "Open het bronbestand in de standaard viewer": "Open the source file in the system viewer",
    "Kopieer citaat": "Copy citation",
    "Citaat gekopieerd: {c}": "Citation copied: {c}",
    "Document {id} staat niet (meer) in het archief.": "Document {id} is not (or no longer) in the archive.",
    "Het bestand {path} bestaat niet meer.": "The file {path} no longer exists.",
    "Titel": "Title",
    "Soort": "Type",
    "Datum": "Date",
    "Kenmerk": "Reference",
    "Betreft": "Subject",
    "Vergadering": "Meeting",
    "Bestand": "File",
    "pagina's {a}–{b}": "pages {a}–{b}",
    "regels {a}–{b}": "lines {a}–{b}",
    "Lakken": "Redactions",
    "Geen gelakte passages gevonden": "No redacted passages found",
    "Problemen bij het lezen": "Problems while reading",
    "pagina {n}": "page {n}", "pagina {i} van {n}": "page {i} of {n}",
    "Op deze pagina staat een notitie": "There is a note on this page",
    "p. {n}": "p. {n}",
    "Pagina {n}": "Page {n}",
    "geen tekstlaag: alleen als afbeelding te zien": "no text layer: shown as an image only",
    "onleesbare tekstlaag": "unreadable text layer",
    "tekst door OCR gelezen (zekerheid {c} %)": "text read by OCR (confidence {c} %)",
    "agenda": "agenda", "geannoteerde_agenda": "annotated agenda", "nota": "briefing note",
    "verslag": "minutes", "besluitenlijst": "list of decisions", "kamerbrief": "letter to parliament",
    "kamerstuk": "parliamentary paper", "verslag_schriftelijk_overleg": "written consultation report",
    "voortgangsrapportage": "progress report", "besluit": "decision", "inventarislijst": "inventory list",
    "bijlage": "annex", "email": "e-mail", "other": "other",
})

TYPE_LABELS = ("agenda", "geannoteerde_agenda", "nota", "verslag", "besluitenlijst", "kamerbrief", "kamerstuk",
               "verslag_schriftelijk_overleg", "voortgangsrapportage", "besluit", "inventarislijst", "bijlage",
               "email", "other")

READING_LATER_MS = 500  # opening at a page: the reading text is built after the pages painted, at the latest this late


# -- reading text ----------------------------------------------------------------------------

@dataclass
class Reading:
    html: str
    item_block: dict[str, int] = field(default_factory=dict)  # item number -> block index
    page_block: dict[int, int] = field(default_factory=dict)  # page -> first block index
    line_block: dict[int, int] = field(default_factory=dict)  # text sources: file line -> block
    block_page: list[int] = field(default_factory=list)  # block index -> page
    plain: str = ""


def terms_regex(terms) -> re.Pattern | None:
    """Words starting with one of the terms (the index stems, so prefixes show its hits)."""
    words = sorted({t.strip().casefold() for t in terms if t and t.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)


def _mark(text: str, rx: re.Pattern | None, hit_style: str) -> str:
    if rx is None:
        return html.escape(text)
    out, pos = [], 0
    for m in rx.finditer(text):
        out.append(html.escape(text[pos:m.start()]))
        out.append(f'<span style="{hit_style}">{html.escape(m.group())}</span>')
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)


_NON_WORD = re.compile(r"[\W_]+")


def _norm(s: str) -> str:
    return _NON_WORD.sub(" ", s.casefold()).strip()


def reading_text(pages, items=(), *, pdf: bool, original: bool = False, terms=(),
                 page_labels: bool = True, colours: Scheme | None = None) -> Reading:
    """HTML of the document's text: one block per line, furniture left out unless original
    (then shown grey), markdown headings as headings, search terms marked.

    items: ItemInfo; an item is placed at its line (text sources) or, in a PDF, at the first
    line on its page that carries its number or title (else the top of its page).
    colours: the scheme of the view's palette (default: the application's).
    """
    c = colours or scheme()
    hit_style = c.hit_style()
    rx = terms_regex(terms)
    out: list[str] = []
    r = Reading("")
    plain: list[str] = []
    by_page: dict[int | None, list] = {}
    for it in items:
        if it.page is not None or it.line is not None:
            by_page.setdefault(it.page, []).append(it)

    def block(tag_html: str, page: int, text: str) -> int:
        out.append(tag_html)
        r.block_page.append(page)
        plain.append(text)
        return len(r.block_page) - 1

    for p in pages:
        lines = [ln for ln in p.lines if original or not ln.furniture]
        if page_labels and pdf:
            note = ""
            if not p.has_text:
                note = " — " + _("geen tekstlaag: alleen als afbeelding te zien")
            elif p.garbled:
                note = " — " + _("onleesbare tekstlaag")
            elif p.text_source == "ocr":  # OCR text may hold misreadings
                note = " — " + _("tekst door OCR gelezen (zekerheid {c} %)").format(c=round(p.ocr_confidence or 0))
            i = block(f'<p style="color:{c.dim.name()};margin-top:12px"><small>— {_("Pagina {n}").format(n=p.number)}'
                      f'{html.escape(note)} —</small></p>', p.number, "")
        else:
            i = len(r.block_page)
        r.page_block.setdefault(p.number, i)
        # items on this page, placed by line number or by their printed number/title
        pending = list(by_page.get(p.number, [])) + (list(by_page.get(None, [])) if not pdf else [])
        for ln in lines:
            # converted text keeps Markdown and inline HTML: markup.parse_line says what to show
            view = markup.parse_line(ln.text)
            shown = view.plain
            idx = len(r.block_page)
            norm = _norm(shown) if pdf and pending else ""  # once per line, not once per item
            for it in list(pending):
                if it.number in r.item_block:
                    pending.remove(it)
                    continue
                hit = (not pdf and it.line is not None and ln.number == it.line) or (
                    pdf and it.line is None and _starts_norm(norm, *_item_norms(it)))
                if hit:
                    r.item_block[it.number] = idx
                    pending.remove(it)
            style = "margin:0"
            if ln.furniture:
                style += f";color:{c.faint.name()}"
            marked = markup.map_text(view.html, lambda t: _mark(t, rx, hit_style))
            if view.kind == "heading":
                level = min(view.level + 1, 5)
                block(f'<h{level} style="margin-top:8px;margin-bottom:2px">{marked}</h{level}>',
                      p.number, shown)
            elif shown.strip():
                block(f'<p style="{style}">{marked}</p>', p.number, shown)
            else:
                block('<p style="margin:0">&nbsp;</p>', p.number, "")
            if not pdf and ln.number is not None:
                r.line_block.setdefault(ln.number, idx)
        for it in pending:  # no line matched: the top of its page
            if pdf and it.page == p.number:
                r.item_block.setdefault(it.number, r.page_block[p.number])
    r.html = "<html><body>" + "\n".join(out) + "</body></html>"
    r.plain = "\n".join(plain)
    return r


@lru_cache(maxsize=512)
def _norms(number: str, title: str) -> tuple[str, str]:
    return _norm(number), _norm(title)[:25]


def _item_norms(item) -> tuple[str, str]:
    return _norms(item.number or "", item.title or "")


def _starts_norm(n: str, num: str, title: str) -> bool:
    """Whether a line (normalised) starts the item (its number and title start, normalised)."""
    if not n:
        return False
    words = n.split()
    # "4 Bestuurlijke afspraken", "Ad 4a)", "Annotatie ad 3"
    for lead in (0, 1, 2):
        if len(words) > lead and words[lead] == num and (lead == 0 or words[lead - 1] in ("ad", "agendapunt", "punt")):
            return True
    return bool(title) and len(title) >= 8 and n.startswith(title)


def scroll_to_block(view: QTextBrowser, block: int, again: bool = True) -> None:
    """Put a block at the top of a text view. Once more when the events waiting have been
    handled: a view that is only now being shown (the window switches to it after opening)
    lays its text out again at its new width, and the same scroll value then shows another
    place."""
    doc = view.document()
    b = doc.findBlockByNumber(block)
    if not b.isValid():
        return
    y = doc.documentLayout().blockBoundingRect(b).top()
    view.verticalScrollBar().setValue(int(y))
    if again:
        QTimer.singleShot(0, view, lambda: scroll_to_block(view, block, again=False))


def block_at_top(view: QTextBrowser) -> int:
    cursor = view.cursorForPosition(view.viewport().rect().topLeft())
    y = view.verticalScrollBar().value()
    doc = view.document()
    layout = doc.documentLayout()
    b = cursor.block()
    # cursorForPosition can land on the block above when the top falls in a margin
    while b.isValid() and layout.blockBoundingRect(b).bottom() <= y + 1:
        b = b.next()
    return b.blockNumber() if b.isValid() else -1


def pad_bottom(view: QTextBrowser) -> None:
    """Room below the text, so the last item can still scroll to the top."""
    fmt = view.document().rootFrame().frameFormat()
    fmt.setBottomMargin(max(view.viewport().height() - 40, 0))
    view.document().rootFrame().setFrameFormat(fmt)


def type_label(t: str | None) -> str:
    return type_name(t)


def citation(doc, page: int | None = None, lang: str | None = None) -> str:
    """“Title”, type, 6 november 2019, kenmerk, p. 3 (file.pdf)."""
    lang = lang or language()
    parts = [f"“{doc.title}”" if doc.title else readable(os.path.basename(doc.source))]
    if doc.type and doc.type != "other":
        parts.append(type_label(doc.type))
    date = doc.doc_date or doc.meeting_date
    if date:
        parts.append(format_date(date, lang))
    if doc.kenmerk:
        parts.append(f"{_('Kenmerk').lower()} {doc.kenmerk}")
    if page:
        parts.append(_("p. {n}").format(n=page))
    return ", ".join(parts) + f" ({readable(os.path.basename(doc.source))})"


# -- the view ------------------------------------------------------------------------------

class DocumentView(QWidget):
    navigate = Signal(object)  # Location
    status = Signal(str)  # a message for the status bar

    ITEM_ROLE = Qt.ItemDataRole.UserRole + 1

    archive: ArchiveReader  # what it may call: zvdj_viewer/archive/contract.py

    def __init__(self, archive, parent=None):
        super().__init__(parent)
        self.archive = archive
        self.notes_store = None  # the window's NoteStore: items and pages with a note get a marker
        self._noted_pages: set[int] = set()
        self.doc = None
        self.pages_text: list = []
        self._sections: list[SectionInfo] = []  # of a letter or report without items
        self._reading: Reading | None = None
        self._reading_due = False  # the reading text is built after the pages show (open at a page)
        self.terms: list[str] = []
        self.query: str | None = None
        self._text_hit = -1
        self._text_hit_count = 0
        self._item: str | None = None
        self._pdf = False
        self.open_url = QDesktopServices.openUrl  # replaced in tests

        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 0)
        self.heading = heading_label()
        bar.addWidget(self.heading, 1)

        def button(text, tip, slot, shortcut=None):
            return tool_button(self, bar, text, tip, slot, shortcut)

        self.hit_label = QLabel()
        bar.addWidget(self.hit_label)
        self.page_label = QLabel()  # "pagina 3 van 12" while the original pages show (Ctrl+G goes to one)
        bar.addWidget(self.page_label)
        self.prev_button = button("▲", _("Vorige treffer"), self.previous_hit, QKeySequence.FindPrevious)
        self.next_button = button("▼", _("Volgende treffer"), self.next_hit, QKeySequence.FindNext)
        self.zoom_out_button = button("−", _("Uitzoomen"), lambda: self.page_view.zoom_out())
        self.zoom_in_button = button("+", _("Inzoomen"), lambda: self.page_view.zoom_in())
        self.fit_button = button("↔", _("Paginabreedte"), lambda: self.page_view.fit_width())
        self.open_button = button(_("Open bestand"), _("Open het bronbestand in de standaard viewer"),
                                  self.open_source, "Ctrl+Shift+O")
        self.cite_button = button(_("Kopieer citaat"), _("Kopieer citaat"), self.copy_citation, "Ctrl+Shift+C")
        root.addLayout(bar)

        self.split = QSplitter(Qt.Horizontal)
        self.outline = QTreeWidget()
        self.outline.setHeaderLabel(_("Inhoud"))
        self.outline.setAccessibleName(_("Inhoud"))
        self.outline.itemActivated.connect(self._outline_chosen)
        self.outline.itemClicked.connect(self._outline_chosen)
        self.tabs = QTabWidget()
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setAccessibleName(_("Leestekst"))
        self.text.document().setDocumentMargin(16)
        self.page_view = PageView()
        self.page_view.setAccessibleName(_("Originele pagina's"))
        self.page_view.hit_changed.connect(self._page_hit_changed)
        self.page_view.painted.connect(self._ensure_reading)
        self.page_view.page_changed.connect(lambda _p: self._update_page_label())
        self.tabs.addTab(self.text, _("Leestekst"))
        self.tabs.addTab(self.page_view, _("Originele pagina's"))
        self.tabs.currentChanged.connect(lambda _i: (self._keep_position(), self._update_hit_label(),
                                                     self._update_page_label()))
        side = QSplitter(Qt.Vertical)
        self.meta = QTextBrowser()
        self.meta.setOpenLinks(False)
        self.meta.setAccessibleName(_("Gegevens"))
        self.meta.anchorClicked.connect(self._meta_link)
        self.links = LinksPanel(archive)
        self.links.navigate.connect(self.navigate)
        side.addWidget(self.meta)
        side.addWidget(self.links)
        self.split.addWidget(self.outline)
        self.split.addWidget(self.tabs)
        self.split.addWidget(side)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 4)
        self.split.setStretchFactor(2, 2)
        self.split.setSizes([220, 760, 320])
        root.addWidget(self.split, 1)

    # -- opening ---------------------------------------------------------------------------
    def open(self, loc: Location) -> bool:
        """Show loc (kind "document"). Returns False when the document is unknown."""
        if self.doc is None or self.doc.id != loc.target:
            doc = self.archive.document(loc.target)
            if doc is None:
                self._show_missing(loc.target)
                return False
            self._load(doc)
        if loc.query != self.query or (self._reading is None and not self._reading_due):
            self.set_query(loc.query, page=loc.page)
        if loc.item:
            self.show_item(loc.item)
        if loc.page is not None:
            self.show_page(loc.page)
        elif loc.line is not None:
            self.show_line(loc.line)
        if loc.query and self.has_pages():
            self.page_view.first_hit_from(loc.page or (self.doc.first_page or 1))
        elif loc.query and self._text_hits:
            self.next_hit()
        return True

    def _show_missing(self, doc_id: str) -> None:
        self.doc = None
        self.heading.setText(_("Document {id} staat niet (meer) in het archief.").format(id=doc_id))
        self.text.clear()
        self.meta.clear()
        self.outline.clear()
        self.page_view.set_document(None)

    def _load(self, doc) -> None:
        self.doc = doc
        # the previous document's reading text must go with it: open() renders it again
        self.query, self.terms, self._item, self._reading, self._reading_due = None, [], None, None, False
        self.heading.setText(doc.title or readable(os.path.basename(doc.source)))
        self.heading.setToolTip(readable(doc.source))
        self.pages_text = self.archive.document_pages(doc.id)
        self._sections = self.archive.document_sections(doc.id)
        pdf = doc.kind == "pdf" or (doc.kind is None and doc.source.lower().endswith(".pdf"))
        self._pdf = pdf
        if pdf and os.path.exists(doc.source):
            self.page_view.set_document(doc.source, doc.first_page, doc.last_page)
        else:
            self.page_view.set_document(None)
        self.tabs.setTabEnabled(1, bool(self.page_view.pages()))
        # a PDF whose text layer is missing or unreadable reads best as pages
        no_text = pdf and self.pages_text and not any(p.has_text and not p.garbled for p in self.pages_text)
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(1 if no_text and self.page_view.pages() else 0)
        self.tabs.blockSignals(False)
        for b in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            b.setEnabled(bool(self.page_view.pages()))
        self._noted_pages = noted_pages(self.notes_store, doc.id)
        self._fill_outline()
        self._fill_meta()
        self._update_page_label()
        self.links.show_document(doc.id, doc.title, has_items=bool(doc.items or self._sections))

    def set_query(self, query: str | None, page: int | None = None) -> None:
        """Highlight every hit of query, in the reading text and on the pages (those of
        page, the one about to be shown, and of the pages in sight first; the rest follow
        between events)."""
        self.query = query or None
        self.terms = []
        if self.query:
            try:
                self.terms = [t for t in self.archive.query_terms(self.query) if t]
            except Exception:
                self.terms = []
            if not self.terms:  # no index at hand: the words of the query
                self.terms = [w for w in re.findall(r"[\w.]+", self.query)
                              if w.upper() not in ("AND", "OR", "NOT")]
        if page is not None and self.page_view.pages():
            # the original pages will show (show_page): their hits first, the reading text
            # (~50 ms for 40 pages) after the first paint, or as soon as anything asks for it
            self._reading, self._reading_due = None, True
            QTimer.singleShot(READING_LATER_MS, self, self._ensure_reading)  # also when nothing paints
        else:
            self._render_text()
        if self.page_view.pages():
            self.page_view.set_highlights(self.terms, codes=list((self.doc.redactions or {}).keys()) if self.doc else None,
                                          first=page)
        self._update_hit_label()

    @property
    def reading(self) -> Reading | None:
        self._ensure_reading()
        return self._reading

    @property
    def _text_hits(self) -> int:
        self._ensure_reading()
        return self._text_hit_count

    def _ensure_reading(self) -> None:
        if not self._reading_due:
            return
        self._reading_due = False
        self._render_text()
        page = self.page_view.current_page() if self._pages_active() else None
        if page and self._reading and page in self._reading.page_block:  # where the pages are
            scroll_to_block(self.text, self._reading.page_block[page])

    def _render_text(self) -> None:
        if self.doc is None:
            return
        self._reading_due = False
        self._reading = reading_text(self.pages_text, self.doc.items, pdf=self._pdf, terms=self.terms,
                                     colours=scheme(self.palette()))
        self.text.setHtml(self._reading.html)
        pad_bottom(self.text)
        rx = terms_regex(self.terms)
        self._text_hit_count = len(rx.findall(self._reading.plain)) if rx else 0
        self._text_hit = -1

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        # the system went dark (or light): the reading text's own colours come from the palette
        if event.type() == QEvent.Type.PaletteChange and getattr(self, "doc", None) is not None \
                and getattr(self, "_reading", None) is not None:
            top = block_at_top(self.text)
            self._render_text()
            scroll_to_block(self.text, top)
            self._fill_meta()

    # -- positions -------------------------------------------------------------------------
    def page_range(self) -> tuple[int, int] | None:
        """The PDF pages of this document (first, last), or None for a text source."""
        if self.doc is None or not self._pdf or not self.doc.first_page:
            return None
        return self.doc.first_page, self.doc.last_page or self.doc.first_page

    def show_document_page(self, n: int) -> None:
        """Page n of this document (1 = its first page, also inside a bundle)."""
        r = self.page_range()
        if r is not None:
            self.show_page(max(r[0], min(r[0] + n - 1, r[1])))
            self._update_page_label()

    def _keep_position(self) -> None:
        """Switching between reading text and original pages keeps the page in view."""
        if self.tabs.currentWidget() is self.text:
            self._ensure_reading()  # the text was left for later (opened at a page): now it shows
        if self.doc is None or not self._pdf:
            return
        if self._pages_active():
            page = self._text_page()
            if page:
                self.page_view.show_page(page)
        else:
            page = self.page_view.current_page()
            if page and self.reading and page in self.reading.page_block:
                scroll_to_block(self.text, self.reading.page_block[page])

    def _text_page(self) -> int | None:
        if self._reading and self._reading.block_page:  # (a text not built yet has no position)
            top = block_at_top(self.text)
            if 0 <= top < len(self._reading.block_page):
                return self._reading.block_page[top]
        return None

    def _update_page_label(self) -> None:
        r = self.page_range()
        page = self.page_view.current_page() if r and self._pages_active() else None
        if r is None or not page:
            self.page_label.setText("")
            return
        text = _("pagina {i} van {n}").format(i=page - r[0] + 1, n=r[1] - r[0] + 1)
        self.page_label.setText(marked(text, page in self._noted_pages))
        self.page_label.setToolTip(_("Op deze pagina staat een notitie") if page in self._noted_pages else "")

    def has_pages(self) -> bool:
        return bool(self.page_view.pages())

    def show_page(self, page: int) -> None:
        if self.has_pages():
            self.tabs.setCurrentWidget(self.page_view)
            self.page_view.show_page(page)
        if self._reading and page in self._reading.page_block:  # (a text built later scrolls there itself)
            scroll_to_block(self.text, self._reading.page_block[page])

    def show_line(self, line: int) -> None:
        if self.reading and self.reading.line_block:
            near = min(self.reading.line_block, key=lambda n: abs(n - line))
            scroll_to_block(self.text, self.reading.line_block[near])

    def show_item(self, number: str) -> None:
        self._item = number
        if self.reading and number in self.reading.item_block:
            scroll_to_block(self.text, self.reading.item_block[number])
        item = next((i for i in (self.doc.items if self.doc else ()) if i.number == number), None)
        if item is not None and item.page and self.has_pages():
            self.page_view.show_page(item.page)
        self._select_outline(number)
        if item is not None:
            self.links.show_item([(self.doc.id, number)], f"{number} {item.title}", meeting=self.doc.meeting)
            return
        section = next((s for s in self._sections if s.label == number), None)
        if section is not None:
            self._scroll_to_heading(section.heading, section.page, section.line)
            self.links.show_item([(self.doc.id, section.label)], section.heading or section.label,
                                 meeting=self.doc.meeting)

    def _scroll_to_heading(self, heading: str, page: int, line: int | None) -> None:
        """The reading text at a section's heading: its page (PDF) or line (text), then the
        heading's words from there."""
        if self.reading is None:
            return
        start = self.reading.page_block.get(page) if self._pdf else None
        if start is None and line is not None and self.reading.line_block:
            near = min(self.reading.line_block, key=lambda n: abs(n - line))
            start = self.reading.line_block[near]
        doc = self.text.document()
        probe = re.sub(r"\s+", " ", heading).strip()[:40]
        from_pos = doc.findBlockByNumber(start).position() if start is not None else 0
        found = doc.find(probe, from_pos) if probe else QTextCursor()
        block = found.blockNumber() if not found.isNull() else start
        if block is not None:
            scroll_to_block(self.text, block)

    def item_at_top(self) -> str | None:
        """The item whose text is at the top of the reading text (tests, status)."""
        if not self.reading:
            return None
        top = block_at_top(self.text)
        best = None
        for num, b in self.reading.item_block.items():
            if b <= top and (best is None or b > self.reading.item_block[best]):
                best = num
        return best

    def location(self) -> Location | None:
        if self.doc is None:
            return None
        page = self.page_view.current_page() if self.tabs.currentWidget() is self.page_view else None
        return Location("document", self.doc.id, item=self._item, page=page, query=self.query)

    # -- hits ------------------------------------------------------------------------------
    def _pages_active(self) -> bool:
        # while the reading text waits (opening at a page) the pages are about to show
        return (self.tabs.currentWidget() is self.page_view or self._reading_due) and self.has_pages()

    def next_hit(self) -> None:
        self._step_hit(+1)

    def previous_hit(self) -> None:
        self._step_hit(-1)

    def _step_hit(self, step: int) -> None:
        if self._pages_active():
            self.page_view.next_hit() if step > 0 else self.page_view.previous_hit()
            return
        rx = terms_regex(self.terms)
        if rx is None or not self._text_hits:
            return
        flags = QTextDocument.FindFlag(0) if step > 0 else QTextDocument.FindFlag.FindBackward
        qrx = QRegularExpression(rx.pattern, QRegularExpression.PatternOption.CaseInsensitiveOption)
        # the user scrolled away from the last hit (or opened the text at a page or line):
        # the next hit is the first one from what is shown, not from where the cursor was
        if not self.text.viewport().rect().contains(self.text.cursorRect().center()):
            top = self.text.document().findBlockByNumber(max(0, block_at_top(self.text)))
            self.text.setTextCursor(QTextCursor(top))
        if not self.text.find(qrx, flags):
            cursor = self.text.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.Start if step > 0 else QTextCursor.MoveOperation.End)
            self.text.setTextCursor(cursor)
            self.text.find(qrx, flags)
        # the counter says which hit is selected: the hits before it in the text, plus one
        before = self.text.toPlainText()[:self.text.textCursor().selectionStart()]
        self._text_hit = min(len(rx.findall(before)), self._text_hits - 1)
        self._update_hit_label()

    def hit_count(self) -> int:
        return len(self.page_view.known_hits()) if self._pages_active() else self._text_hits

    def _page_hit_changed(self, _i: int, _n: int) -> None:
        self._update_hit_label()

    def _update_hit_label(self) -> None:
        if not self.terms:
            self.hit_label.setText("")
        elif self._pages_active():
            i, n = self.page_view.current_hit(), len(self.page_view.known_hits())
            more = self.page_view.highlights_pending()  # the count still grows: "3 treffers …"
            self.hit_label.setText(("" if more else _("Geen treffers")) if not n else (
                plural(n, "{i} van {n} treffer", "{i} van {n} treffers", i=i + 1) if i >= 0
                else plural(n, "{n} treffer", "{n} treffers")) + (" …" if more else ""))
        else:
            i, n = self._text_hit, self._text_hits
            self.hit_label.setText(_("Geen treffers") if not n else (
                plural(n, "{i} van {n} treffer", "{i} van {n} treffers", i=i + 1) if i >= 0
                else plural(n, "{n} treffer", "{n} treffers")))
        has = bool(self.terms) and self.hit_count() > 0
        self.prev_button.setEnabled(has)
        self.next_button.setEnabled(has)

    # -- outline and metadata ----------------------------------------------------------------
    def _fill_outline(self) -> None:
        self.outline.clear()
        parents: dict[str, QTreeWidgetItem] = {}
        noted = noted_items(self.notes_store, [self.doc.id])
        for it in self.doc.items:
            label = f"{it.number}  {markup.parse_line(it.title or '').plain}".strip()
            label = marked(label, (self.doc.id, it.number) in noted)
            parent = parents.get(it.parent) if it.level and it.parent else None
            node = QTreeWidgetItem(parent or self.outline, [label])
            node.setToolTip(0, label + (f" ({_('pagina {n}').format(n=it.page)})" if it.page else ""))
            node.setData(0, self.ITEM_ROLE, ("item", it.number))
            if not it.level:
                parents[it.number] = node
        # sections of a letter or a report: ends of links like items (link/sections.py)
        for sec in self._sections:
            # the text before the first heading has no heading of its own (its label is "§0")
            node = QTreeWidgetItem(self.outline, [sec.heading or _("Begin")])
            node.setToolTip(0, sec.heading + (f" ({_('pagina {n}').format(n=sec.page)})" if self._pdf else ""))
            node.setData(0, self.ITEM_ROLE, ("item", sec.label))
        # headings of text sources (markdown "#") that are not items
        if not self.doc.items and not self._sections:
            for p in self.pages_text:
                for ln in p.lines:
                    view = markup.parse_line(ln.text)
                    if view.kind == "heading" and not ln.furniture:
                        node = QTreeWidgetItem(self.outline, [view.plain])
                        node.setData(0, self.ITEM_ROLE, ("line", ln.number, p.number))
        if not self.outline.topLevelItemCount():  # an empty pane says why it is empty
            node = QTreeWidgetItem(self.outline, [_("Geen kopjes")])  # short: the pane is narrow
            node.setToolTip(0, _("Geen agendapunten of kopjes gevonden in dit document"))
            node.setFlags(Qt.ItemFlag.NoItemFlags)
        self.outline.expandAll()

    def refresh_note_marks(self) -> None:
        """Fill the outline again so that items with a new note get their "✎", and the page label."""
        if self.doc is None:
            return
        self._noted_pages = noted_pages(self.notes_store, self.doc.id)
        self._update_page_label()
        current = self.outline.currentItem()
        chosen = current.data(0, self.ITEM_ROLE) if current is not None else None
        self._fill_outline()
        if chosen and chosen[0] == "item":
            self._select_outline(chosen[1])

    def _select_outline(self, number: str) -> None:
        it = self._outline_items()
        for node in it:
            if node.data(0, self.ITEM_ROLE) == ("item", number):
                self.outline.setCurrentItem(node)
                return

    def _outline_items(self):
        out, stack = [], [self.outline.topLevelItem(i) for i in range(self.outline.topLevelItemCount())]
        while stack:
            n = stack.pop(0)
            out.append(n)
            stack[0:0] = [n.child(i) for i in range(n.childCount())]
        return out

    def _outline_chosen(self, node, _col=0) -> None:
        data = node.data(0, self.ITEM_ROLE)
        if not data:
            return
        if data[0] == "item":
            self.show_item(data[1])
        elif data[0] == "line":
            if self._pdf:
                self.show_page(data[2])
            else:
                self.show_line(data[1])

    def _fill_meta(self) -> None:
        d, lang = self.doc, language()
        rows = [(_("Titel"), html.escape(d.title or "")), (_("Soort"), html.escape(type_label(d.type)))]
        if d.doc_date:
            rows.append((_("Datum"), format_date(d.doc_date, lang)))
        if d.kenmerk:
            rows.append((_("Kenmerk"), html.escape(d.kenmerk)))
        if d.betreft:
            rows.append((_("Betreft"), html.escape(d.betreft)))
        if d.series or d.meeting_date:
            when = " ".join(x for x in (d.series, format_date(d.meeting_date, lang), d.start_time) if x)
            if d.place:
                when += f", {d.place}"
            rows.append((_("Vergadering"), f'<a href="meeting:{html.escape(d.meeting)}">{html.escape(when)}</a>'
                         if d.meeting else html.escape(when)))
        where = readable(os.path.basename(d.source))
        if d.first_page is not None:
            where += ", " + (_("pagina {n}").format(n=d.first_page) if d.first_page == d.last_page
                             else _("pagina's {a}–{b}").format(a=d.first_page, b=d.last_page))
        elif d.first_line is not None:
            where += ", " + _("regels {a}–{b}").format(a=d.first_line, b=d.last_line)
        rows.append((_("Bestand"), f'<span title="{html.escape(readable(d.source))}">{html.escape(where)}</span>'))
        dim = scheme(self.palette()).dim.name()
        out = ["<table cellspacing=2>"]
        out += [f'<tr><td valign=top style="color:{dim};padding-right:6px">{k}</td><td>{v}</td></tr>' for k, v in rows]
        out.append("</table>")
        out.append(f"<h4>{_('Lakken')}</h4>")
        if d.redactions:
            out.append("<table cellspacing=2>")
            for code, n in sorted(d.redactions.items(), key=lambda kv: -kv[1]):
                out.append(f"<tr><td><b>{html.escape(code)}</b></td><td align=right>{n}×</td>"
                           f"<td style='color:{dim}'>{html.escape(ground_text(code))}</td></tr>")
            out.append("</table>")
        else:
            out.append(f"<p style='color:{dim}'>{_('Geen gelakte passages gevonden')}</p>")
        if d.problems:
            out.append(f"<h4>{_('Problemen bij het lezen')}</h4><ul>")
            out += [f"<li>{html.escape(file_message(p))}</li>" for p in d.problems]
            out.append("</ul>")
        self.meta.setHtml("".join(out))

    def _meta_link(self, url: QUrl) -> None:
        s = url.toString()
        if s.startswith("meeting:"):
            self.navigate.emit(Location("meeting", s[len("meeting:"):]))

    # -- actions ---------------------------------------------------------------------------
    def open_source(self) -> bool:
        if self.doc is None:
            return False
        if not os.path.exists(self.doc.source):
            self.status.emit(_("Het bestand {path} bestaat niet meer.").format(path=self.doc.source))
            return False
        return bool(self.open_url(QUrl.fromLocalFile(self.doc.source)))

    def current_page(self) -> int | None:
        if self._pages_active():
            return self.page_view.current_page()
        if self.reading and self.reading.block_page:
            top = block_at_top(self.text)
            if 0 <= top < len(self.reading.block_page):
                return self.reading.block_page[top] if self._pdf else None
        return self.doc.first_page if self.doc else None

    def citation(self) -> str:
        return citation(self.doc, self.current_page()) if self.doc else ""

    def copy_citation(self) -> str:
        c = self.citation()
        if c:
            QGuiApplication.clipboard().setText(c)
            self.status.emit(_("Citaat gekopieerd: {c}").format(c=c))
        return c
