"""The main window: library and search on the left, the meeting or document in the middle,
Back/Forward through everything opened, indexing in the background with progress."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (QApplication, QDockWidget, QFileDialog, QHBoxLayout, QLabel, QListWidget, QMainWindow,
                               QMessageBox, QProgressBar, QPushButton, QStackedWidget, QTabWidget,
                               QToolBar, QVBoxLayout, QWidget)

from . import settings as settings_mod
from .i18n import LANGUAGES, _, add_translations, install_qt_translations, language, plural, set_language
from .indexing import Indexer
from .library import Library
from .navigation import History, Location, format_date
from .search_panel import SearchPanel
from .widgets import default_save_path
from .wording import file_message, index_summary, progress_text

if TYPE_CHECKING:
    from ..archive.contract import ArchiveWriter
    from ..archive.types import Progress

add_translations({
    "&Archief": "&Archive", "Map &toevoegen…": "&Add folder…", "Mappen &beheren…": "&Manage folders…",
    "Index &bijwerken": "&Update index", "Indexeren &afbreken": "&Cancel indexing",
    "&Voorbeeldarchief toevoegen": "Add &sample archive", "&Inventarislijst exporteren…": "Export &inventory…",
    "&Afsluiten": "&Quit", "&Ga": "&Go", "&Terug": "&Back", "&Vooruit": "&Forward", "&Zoeken": "&Search",
    "&Beeld": "&View", "Tekst &groter": "&Larger text", "Tekst &kleiner": "&Smaller text",
    "&Taal": "&Language", "&Help": "&Help", "&Zoektips": "&Search tips", "&Over ZvdJ Viewer": "&About ZvdJ Viewer",
    "Bibliotheek": "Library", "Zoeken": "Search", "Notities": "Notes", "Leeslijst": "Reading list",
    "Niet gelezen bestanden": "Files not read", "Afbreken": "Cancel",
    "afgebroken: {n} bestand gelezen en doorzoekbaar; de rest volgt bij de volgende update":
        "cancelled: {n} file read and searchable; the rest follows with the next update",
    "afgebroken: {n} bestanden gelezen en doorzoekbaar; de rest volgt bij de volgende update":
        "cancelled: {n} files read and searchable; the rest follows with the next update",
    "Indexeren klaar: {summary}": "Indexing done: {summary}", "Indexeren afgebroken": "Indexing cancelled",
    "Indexeren mislukt: {error}": "Indexing failed: {error}",
    "{n} bestanden niet gelezen": "{n} files not read", "{n} bestand niet gelezen": "{n} file not read",
    "{n} vergadering": "{n} meeting", "{n} vergaderingen": "{n} meetings",
    "{n} document": "{n} document", "{n} documenten": "{n} documents",
    "Welkom bij ZvdJ Viewer": "Welcome to ZvdJ Viewer",
    "Er zijn nog geen mappen in het archief. Open het ingebouwde voorbeeldarchief om rond te kijken, "
    "of voeg een map met vergaderstukken toe. De mappen zelf worden nooit gewijzigd.":
    "The archive has no folders yet. Open the built-in sample archive to look around, or add a folder "
    "of meeting documents. The folders themselves are never changed.",
    "Voorbeeldarchief openen": "Open the sample archive", "Map toevoegen…": "Add folder…",
    "Kies een vergadering of document in de bibliotheek, of zoek (Ctrl+K).":
    "Choose a meeting or document in the library, or search (Ctrl+K).",
    "De taal verandert volledig na een herstart.": "The language changes fully after a restart.",
    "Kies een map met vergaderstukken": "Choose a folder of meeting documents",
    "Versies": "Versions", "&Woo": "&Woo", "Documenten &vergelijken…": "&Compare documents…",
    "&Lakkingen controleren": "Check &redactions",
    "&Notities": "&Notes", "Notitie &toevoegen…": "&Add note…", "Op &leeslijst zetten": "Add to &reading list",
    "Vergader&dossier exporteren…": "Export meeting &dossier…", "Open eerst een vergadering of document.":
    "Open a meeting or document first.", "Op de leeslijst gezet.": "Added to the reading list.",
    "Open eerst een vergadering.": "Open a meeting first.", "Vergaderdossier exporteren": "Export meeting dossier",
    "Dossier opgeslagen: {path}": "Dossier saved: {path}",
    "&Zijpaneel": "&Side panel", "Navigatie": "Navigation", "Zijpaneel&tab": "Side panel &tab",
    "Naar &pagina…": "Go to &page…", "Naar pagina": "Go to page", "Pagina ({first}–{last}):": "Page ({first}–{last}):",
    "Open eerst een PDF-document.": "Open a PDF document first.",
    "{n} map of bestand toegevoegd": "{n} folder or file added",
    "{n} mappen of bestanden toegevoegd": "{n} folders or files added",
    "Voorbeeldarchief wordt geladen…": "Loading the sample archive…", "Archief wordt geïndexeerd…": "Indexing the archive…",
    "De documenten verschijnen in de bibliotheek zodra ze gelezen zijn.":
    "The documents appear in the library as soon as they have been read.",
    "Nog geen documenten": "No documents yet", "Over ZvdJ Viewer": "About ZvdJ Viewer",
    "Offline archiefviewer voor de vergaderstukken van Zorg voor de Jeugd.":
    "Offline archive viewer for the meeting documents of Zorg voor de Jeugd.",
    "Geen netwerk, geen telemetrie.": "No network, no telemetry.",
    "In de mappen van het archief is nog niets gevonden dat gelezen kan worden (PDF, XML, HTML of tekst). "
    "Voeg een map toe (Ctrl+O) of werk de index bij (F5).":
    "Nothing readable (PDF, XML, HTML or text) has been found in the archive's folders yet. "
    "Add a folder (Ctrl+O) or update the index (F5).",
})


def ask_page(parent, current: int, first: int, last: int) -> int | None:
    """The page number the user types (None: cancelled)."""
    from PySide6.QtWidgets import QInputDialog

    n, ok = QInputDialog.getInt(parent, _("Naar pagina"), _("Pagina ({first}–{last}):").format(first=first, last=last),
                                current, first, last)
    return n if ok else None


FIRST_SIZE = QSize(1400, 900)  # the first start (later: the size the user left it at)
FRAME = QSize(16, 40)  # room for a window manager's frame and title bar


def first_size(screen) -> QSize:
    """The window's size at the first start: 1400x900, or what the screen has room for (a
    1280x800 laptop: the status bar must not fall below the screen's edge)."""
    if screen is None:
        return FIRST_SIZE
    room = screen.availableGeometry().size() - FRAME
    return FIRST_SIZE.boundedTo(room) if room.isValid() else FIRST_SIZE


class MainWindow(QMainWindow):
    archive: ArchiveWriter  # what it may call: zvdj_viewer/archive/contract.py

    def __init__(self, archive, *, settings=None, notes_store=None):
        super().__init__()
        self.archive = archive
        self.settings = settings or settings_mod.Settings()
        self.history = History()
        self.notes_store = notes_store
        self.setWindowTitle("ZvdJ Viewer")
        self.resize(first_size(QApplication.primaryScreen()))
        self.indexer = Indexer(archive, self)
        self.indexer.progress.connect(self._on_progress)
        self.indexer.done.connect(self._on_indexed)
        self.indexer.error.connect(lambda e: self.statusBar().showMessage(_("Indexeren mislukt: {error}").format(error=e)))
        self.failed_files: list[tuple[str, str]] = []

        self.library = Library(archive)
        self.search = SearchPanel(archive, notes_store)
        self.side = QTabWidget()
        self.side.addTab(self.library, _("Bibliotheek"))
        self.side.addTab(self.search, _("Zoeken"))
        self.notes_view = self.reading_list = None
        if notes_store is not None:
            from .notes_view import NotesView
            from .reading_list import ReadingListView

            self.notes_view = NotesView(archive, notes_store)
            self.notes_view.changed.connect(self._note_marks_changed)  # edited or deleted there
            self.reading_list = ReadingListView(archive, notes_store)
            # "Notities" on the tab (the panel's own title says "Mijn notities"): the five
            # tabs fit the side panel's width, none hidden behind scroll arrows
            self.side.addTab(self.notes_view, _("Notities"))
            self.side.addTab(self.reading_list, _("Leeslijst"))
        dock = QDockWidget(_("Bibliotheek"), self, objectName="side")
        dock.setWidget(self.side)
        dock.setTitleBarWidget(QWidget())  # the tabs already say what the panel holds
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable)
        self.addDockWidget(Qt.LeftDockWidgetArea, dock)
        self.dock = dock

        from .document_view import DocumentView
        from .meeting_view import MeetingView

        self.stack = QStackedWidget()
        self.welcome = self._welcome_page()
        self.empty = QLabel(_("Kies een vergadering of document in de bibliotheek, of zoek (Ctrl+K)."),
                            alignment=Qt.AlignCenter, wordWrap=True)
        self.loading = QLabel(alignment=Qt.AlignCenter, wordWrap=True)  # while the first indexing runs
        self.no_documents = QLabel(alignment=Qt.AlignCenter, wordWrap=True)  # folders, but nothing readable
        from .audit_view import AuditView
        from .compare_view import CompareView
        from .versions_panel import VersionsPanel

        self.meeting_view = MeetingView(archive)
        self.document_view = DocumentView(archive)
        self.meeting_view.notes_store = self.document_view.notes_store = notes_store
        self.compare_view = CompareView(archive, fill=False)
        self.audit_view = AuditView(archive)
        for w in (self.welcome, self.empty, self.loading, self.no_documents, self.meeting_view, self.document_view,
                  self.compare_view, self.audit_view):
            self.stack.addWidget(w)
        self.versions = VersionsPanel(archive)
        self.side.addTab(self.versions, _("Versies"))
        self.versions.compare_requested.connect(self.open_compare)
        self._fit_side_tabs()
        self.setCentralWidget(self.stack)
        for source in (self.library, self.search, self.meeting_view, self.document_view,
                       self.notes_view, self.reading_list, self.compare_view, self.audit_view, self.versions):
            if source is not None:
                source.navigate.connect(self.go)
        self.meeting_view.item_changed.connect(self._item_changed)
        for v in (self.compare_view, self.audit_view):
            v.moved.connect(lambda loc, v=v: self._view_moved(v, loc))
        for v in (self.document_view, self.compare_view, self.audit_view):
            v.status.connect(self.statusBar().showMessage)

        self.progress = QProgressBar(maximumWidth=220, visible=False)
        self.cancel_button = QPushButton(_("Afbreken"), visible=False)
        self.cancel_button.clicked.connect(lambda _checked=False: self.cancel_indexing())
        self.failed_button = QPushButton(visible=False, flat=True)
        self.failed_button.clicked.connect(lambda _checked=False: self.show_failed())
        self.counts = QLabel()
        for w in (self.failed_button, self.progress, self.cancel_button, self.counts):
            self.statusBar().addPermanentWidget(w)
        self._tab_names = {self.side.widget(i): self.side.tabText(i) for i in range(self.side.count())}
        self._source_texts: list[tuple[QAction, str]] = []
        self._build_actions()
        self.setAcceptDrops(True)
        self.search.searched.connect(self.settings.set_last_search)
        self.search.field.setText(self.settings.last_search())
        self._update_counts()
        self._base_font = QApplication.font().pointSizeF()
        self._restore()
        QApplication.instance().installEventFilter(self)

    def _fit_side_tabs(self) -> None:
        """Every side tab in sight: no scroll arrows (they hid "Leeslijst" in a 320 px
        panel); the panel starts as wide as its tabs, and a tab's text is shortened with "…"
        (its full name in the tooltip) only when the user makes the panel narrower still."""
        bar = self.side.tabBar()
        bar.setUsesScrollButtons(False)
        bar.setElideMode(Qt.TextElideMode.ElideRight)
        bar.setExpanding(False)
        for i in range(self.side.count()):
            self.side.setTabToolTip(i, self.side.tabText(i))
        self.resizeDocks([self.dock], [max(320, self.side_tabs_width() + 8)], Qt.Orientation.Horizontal)

    def side_tabs_width(self) -> int:
        """The width the side panel's tabs take with their full texts."""
        bar = self.side.tabBar()
        mode = bar.elideMode()
        bar.setElideMode(Qt.TextElideMode.ElideNone)  # tabSizeHint of the full text
        width = sum(bar.tabSizeHint(i).width() for i in range(bar.count()))
        bar.setElideMode(mode)
        return width

    # -- actions and menus -------------------------------------------------------------------
    def _action(self, text, slot, shortcut=None, menu=None, toolbar=None):
        a = QAction(_(text), self)
        # the Dutch source text, for retranslation: kept here, not in QAction.data(), which
        # returns None (and PySide6 6.12 then drops a reference to None) for other actions
        self._source_texts.append((a, text))
        if shortcut:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            a.setShortcuts([QKeySequence(k) for k in keys])
        # triggered(bool) would hand checked=False to the slot's first parameter (a path, a
        # document id): the slot is called without arguments, as from the menu
        a.triggered.connect(lambda _checked=False, slot=slot: slot())
        if menu is not None:
            menu.addAction(a)
        if toolbar is not None:
            toolbar.addAction(a)
        return a

    def _build_actions(self) -> None:
        mb = self.menuBar()
        tb = QToolBar(_("Navigatie"))
        tb.setObjectName("nav")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(tb)
        self.menus = {}
        m = self.menus["archive"] = mb.addMenu(_("&Archief"))
        self.act_add = self._action("Map &toevoegen…", self.add_folder_dialog, "Ctrl+O", m)
        self.act_folders = self._action("Mappen &beheren…", self.manage_folders, None, m)
        self.act_update = self._action("Index &bijwerken", lambda: self.start_indexing(), "F5", m)
        self.act_cancel = self._action("Indexeren &afbreken", self.cancel_indexing, None, m)
        self.act_sample = self._action("&Voorbeeldarchief toevoegen", self.add_sample, None, m)
        m.addSeparator()
        self.act_inventory = self._action("&Inventarislijst exporteren…", self.export_inventory, None, m)
        m.addSeparator()
        self.act_quit = self._action("&Afsluiten", self.close, "Ctrl+Q", m)
        g = self.menus["go"] = mb.addMenu(_("&Ga"))
        self.act_back = self._action("&Terug", self.back, ["Alt+Left", "Back"], g, tb)
        self.act_forward = self._action("&Vooruit", self.forward, ["Alt+Right", "Forward"], g, tb)
        self.act_search = self._action("&Zoeken", self.focus_search, ["Ctrl+K", "Ctrl+F"], g, tb)
        self.act_page = self._action("Naar &pagina…", self.go_to_page, "Ctrl+G", g)
        w = self.menus["woo"] = mb.addMenu(_("&Woo"))
        self._action("Documenten &vergelijken…", lambda: self.open_compare(), "Ctrl+Shift+D", w)
        self._action("&Lakkingen controleren", self.open_audit, "Ctrl+Shift+L", w)
        w.addAction(self.act_inventory)
        n = self.menus["notes"] = mb.addMenu(_("&Notities"))
        self.act_note = self._action("Notitie &toevoegen…", self.add_note_here, "Ctrl+N", n)
        self.act_queue = self._action("Op &leeslijst zetten", self.queue_here, "Ctrl+L", n)
        self.act_dossier = self._action("Vergader&dossier exporteren…", self.export_dossier, "Ctrl+Shift+E", n)
        for a in (self.act_note, self.act_queue):
            a.setEnabled(self.notes_store is not None)
        v = self.menus["view"] = mb.addMenu(_("&Beeld"))
        self._action("Tekst &groter", lambda: self.zoom_font(1), ["Ctrl+=", "Ctrl++"], v)
        self._action("Tekst &kleiner", lambda: self.zoom_font(-1), "Ctrl+-", v)
        self.act_side = self._action("&Zijpaneel", self.toggle_side, "F9", v)
        self.act_side.setCheckable(True)
        self.act_side.setChecked(True)
        tabs = v.addMenu(_("Zijpaneel&tab"))
        self.menus["tabs"] = tabs
        for i in range(self.side.count()):  # Ctrl+1…5: a tab of the side panel
            self._action(self._tab_names[self.side.widget(i)], lambda _c=False, i=i: self.show_side_tab(i),
                         f"Ctrl+{i + 1}", tabs)
        lang = v.addMenu(_("&Taal"))
        for code, name in LANGUAGES.items():
            a = lang.addAction(name)
            a.setCheckable(True)
            a.setChecked(code == language())
            a.triggered.connect(lambda _c=False, code=code: self.switch_language(code))
        h = self.menus["help"] = mb.addMenu(_("&Help"))
        self._action("&Zoektips", self.search.show_help, "F1", h)
        self._action("&Over ZvdJ Viewer", self.about, None, h)
        self._update_nav()

    def retranslate(self) -> None:
        for a, text in self._source_texts:
            a.setText(_(text))
        titles = {"archive": "&Archief", "go": "&Ga", "woo": "&Woo", "notes": "&Notities", "view": "&Beeld",
                  "help": "&Help", "tabs": "Zijpaneel&tab"}
        for key, menu in self.menus.items():
            menu.setTitle(_(titles[key]))
        for i in range(self.side.count()):
            self.side.setTabText(i, _(self._tab_names.get(self.side.widget(i), self.side.tabText(i))))
            self.side.setTabToolTip(i, self.side.tabText(i))
        self._update_counts()

    def switch_language(self, code: str) -> None:
        set_language(code)
        install_qt_translations(QApplication.instance(), code)
        self.settings.set_language(code)
        self.retranslate()
        self.statusBar().showMessage(_("De taal verandert volledig na een herstart."), 5000)

    # -- navigation ----------------------------------------------------------------------
    def go(self, loc: Location, *, record: bool = True) -> bool:
        view = {"meeting": self.meeting_view, "compare": self.compare_view,
                "audit": self.audit_view}.get(loc.kind, self.document_view)
        self._keep_view_state()
        if not view.open(loc):
            return False
        self.stack.setCurrentWidget(view)
        if loc.kind == "document":
            self.versions.show_document(loc.target)
        if record:
            self.history.visit(loc)
        if loc.kind in ("meeting", "document"):  # a Woo tool is not reopened at start
            self.settings.set_last_location(loc)
            self.library.show_open(loc)
        self._update_nav()
        self._update_title()
        return True

    def _keep_view_state(self) -> None:
        """Before leaving the compare or audit view: its history entry takes its state (the
        current change; the filter and the chosen finding), so Back returns to it."""
        cur, shown = self.history.current, self.stack.currentWidget()
        if cur is not None and cur.kind in ("compare", "audit") and shown in (self.compare_view, self.audit_view):
            loc = shown.location()
            if loc is not None and loc.kind == cur.kind:
                self.history.replace_current(loc)

    def _view_moved(self, view, loc) -> None:
        """The compare or audit view shows another pair or scope: a step in the history."""
        if loc is None or self.stack.currentWidget() is not view:
            return
        cur = self.history.current
        if cur is not None and cur.kind == loc.kind and cur.target == loc.target:
            self.history.replace_current(loc)
        else:
            self.history.visit(loc)
        self._update_nav()
        self._update_title()

    def _update_title(self) -> None:
        """The window title says what is open (the task bar and window switcher show it)."""
        shown = self.stack.currentWidget()
        what = ""
        if shown is self.meeting_view and self.meeting_view.meeting is not None:
            m = self.meeting_view.meeting
            what = " · ".join(x for x in (m.series or _("Vergadering"), format_date(m.date)) if x)
        elif shown is self.document_view and self.document_view.doc is not None:
            what = self.document_view.heading.text()
        elif shown is self.compare_view:
            what = _("Vergelijken")
        elif shown is self.audit_view:
            what = _("Lakcontrole")
        self.setWindowTitle(f"{what} — ZvdJ Viewer" if what else "ZvdJ Viewer")

    def _item_changed(self, number: str) -> None:
        cur = self.history.current
        shown = self.meeting_view.location()
        # while a new meeting opens, its items report before the history has moved on:
        # they must not rewrite the entry of the meeting the user came from
        if cur is not None and cur.kind == "meeting" and shown is not None and shown.target == cur.target:
            self.history.replace_current(cur.with_(item=number))
            self.settings.set_last_location(self.history.current)

    def back(self) -> None:
        loc = self.history.back()
        if loc is not None:
            self.go(loc, record=False)
        self._update_nav()

    def forward(self) -> None:
        loc = self.history.forward()
        if loc is not None:
            self.go(loc, record=False)
        self._update_nav()

    def _update_nav(self) -> None:
        if hasattr(self, "act_back"):
            self.act_back.setEnabled(self.history.can_back())
            self.act_forward.setEnabled(self.history.can_forward())

    def eventFilter(self, obj, event) -> bool:
        # the mouse's back/forward buttons work anywhere in the window
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(obj, QWidget) and obj.window() is self:
            if event.button() == Qt.MouseButton.BackButton:
                self.back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self.forward()
                return True
        return False

    # -- notes, reading list, dossier -------------------------------------------------------
    def current_anchor(self):
        """What the user is looking at, as a notes anchor: the chosen agenda item of the open
        meeting, the open meeting, or the open document at its current page."""
        from .. import notes

        loc = self.history.current
        if loc is None:
            return None
        if loc.kind == "meeting":
            m = self.archive.meeting(loc.target)
            row = next((r for r in (m.items if m else ()) if loc.item and r.number == loc.item), None)
            ref = row and (row.agenda or row.nota or row.verslag)
            if ref is not None:
                return notes.anchor_item(self.archive, ref.document, ref.number)
            return notes.anchor_meeting(self.archive, loc.target) if m else None
        page = self.document_view.current_page() or loc.page
        return notes.anchor_document(self.archive, loc.target, page=page)

    def add_note_here(self, *, anchor=None):
        """Ctrl+N: a note on the current item, meeting or document page."""
        from .note_dialog import add_note

        anchor = anchor or self.current_anchor()
        if self.notes_store is None or anchor is None:
            self.statusBar().showMessage(_("Open eerst een vergadering of document."), 5000)
            return None
        note = add_note(self, self.notes_store, anchor)
        if note is not None:
            if self.notes_view is not None:
                self.notes_view.refresh()
            self._note_marks_changed()
        return note

    def _note_marks_changed(self) -> None:
        """A note came or went: the "✎" of the open meeting and document follow at once."""
        self.meeting_view.refresh_note_marks()
        self.document_view.refresh_note_marks()

    def queue_here(self):
        """Ctrl+L: put the open meeting or document on the reading list."""
        from .. import notes

        loc = self.history.current
        if self.notes_store is None or loc is None:
            return None
        anchor = (notes.anchor_meeting(self.archive, loc.target) if loc.kind == "meeting"
                  else notes.anchor_document(self.archive, loc.target))
        entry = self.notes_store.queue(anchor)
        if self.reading_list is not None:
            self.reading_list.refresh()
        self.statusBar().showMessage(_("Op de leeslijst gezet."), 4000)
        return entry

    def export_dossier(self, path: str | None = None):
        """The open meeting as one PDF (or HTML) to read or print offline."""
        from ..dossier import write_dossier

        loc = self.history.current
        if loc is None or loc.kind != "meeting":
            self.statusBar().showMessage(_("Open eerst een vergadering."), 5000)
            return None
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(self, _("Vergaderdossier exporteren"),
                                                        default_save_path(f"dossier-{loc.target}.pdf"),
                                                        "PDF (*.pdf);;HTML (*.html)")
        if not path:
            return None
        from ..outfile import OutputError

        try:
            out = write_dossier(self.archive, loc.target, path, store=self.notes_store)
        except OutputError as err:  # a bad path or a full disk: say so, the app goes on
            self.statusBar().showMessage(str(err), 10000)
            return None
        self.statusBar().showMessage(_("Dossier opgeslagen: {path}").format(path=out), 8000)
        return out

    def open_compare(self, doc_a: str | None = None, doc_b: str | None = None) -> None:
        """The compare view, with two documents when given (from the versions panel)."""
        if doc_a and doc_b and self.go(Location("compare", f"{doc_a}|{doc_b}")):
            return
        self._keep_view_state()
        self.stack.setCurrentWidget(self.compare_view)
        self._update_title()

    def open_audit(self) -> None:
        self._keep_view_state()
        self.stack.setCurrentWidget(self.audit_view)
        self.audit_view.set_scope("archive")
        self.audit_view.run()
        self._update_title()

    def show_side_tab(self, i: int) -> None:
        self.dock.setVisible(True)
        self.act_side.setChecked(True)
        self.side.setCurrentIndex(i)
        self.side.currentWidget().setFocus()

    def go_to_page(self) -> None:
        """Ctrl+G: a page of the open document (counted from its own first page)."""
        view = self.document_view
        r = view.page_range() if self.stack.currentWidget() is view else None
        if r is None:
            self.statusBar().showMessage(_("Open eerst een PDF-document."), 5000)
            return
        current = (view.current_page() or r[0]) - r[0] + 1
        n = ask_page(self, current, 1, r[1] - r[0] + 1)
        if n is not None:
            view.show_document_page(n)

    # -- drag and drop -------------------------------------------------------------------
    def _dropped_paths(self, event) -> list[str]:
        md = event.mimeData()
        return [u.toLocalFile() for u in md.urls() if u.isLocalFile()] if md.hasUrls() else []

    def dragEnterEvent(self, event) -> None:
        if self._dropped_paths(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        if self._dropped_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        """Folders and files dropped on the window join the archive and are indexed."""
        paths = [p for p in self._dropped_paths(event) if os.path.exists(p)]
        if not paths:
            return
        for p in paths:
            self.archive.add_folder(p)
        event.acceptProposedAction()
        self.statusBar().showMessage(plural(len(paths), "{n} map of bestand toegevoegd",
                                            "{n} mappen of bestanden toegevoegd"), 5000)
        self.start_indexing()
        self._show_home()

    def toggle_side(self) -> None:
        """F9: the side panel out of the way, for the columns on a small screen (and back)."""
        self.dock.setVisible(not self.dock.isVisible())
        self.act_side.setChecked(self.dock.isVisible())

    def focus_search(self) -> None:
        self.dock.setVisible(True)
        self.act_side.setChecked(True)
        self.side.setCurrentWidget(self.search)
        self.search.focus()

    # -- folders and indexing ------------------------------------------------------------
    def add_folder_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self, _("Kies een map met vergaderstukken"),
                                                self.settings.last_folder())
        if path:
            self.settings.set_last_folder(path)
            self.add_folder(path)

    def add_folder(self, path: str) -> None:
        from ..archive.errors import ArchiveBusy, DataDirError

        try:
            self.archive.add_folder(path)
        except (ArchiveBusy, DataDirError) as err:  # an update runs, or the data folder is inside it
            self.statusBar().showMessage(str(err), 10000)
            return
        self.start_indexing()
        self._show_home()

    def add_sample(self) -> None:
        from ..resources import SAMPLE_ARCHIVE

        self.add_folder(str(SAMPLE_ARCHIVE))

    def manage_folders(self) -> None:
        from .folders_dialog import FoldersDialog

        dlg = FoldersDialog(self.archive, self)
        dlg.exec()
        if dlg.changed:
            self.start_indexing()

    def start_indexing(self, paths=None) -> bool:
        if not self.indexer.start(paths):
            return False
        self._t_index = time.perf_counter()
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.act_update.setEnabled(False)
        self.search.indexing = True
        if self.stack.currentWidget() in self._home_pages():
            self._show_home()
        return True

    def cancel_indexing(self) -> None:
        self.indexer.cancel()

    def _on_progress(self, p: Progress) -> None:
        if p.total:
            # in hundredths of a file, so that the bar moves within a big file as well
            part = p.page * 100 // p.pages if p.phase == "page" and p.pages else 0
            self.progress.setRange(0, p.total * 100)
            self.progress.setValue(min(p.done * 100 + part, p.total * 100))
        self.statusBar().showMessage(progress_text(p))

    def _on_indexed(self, report) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.act_update.setEnabled(True)
        self.search.indexing = False
        if report is not None:
            self.failed_files = list(report.failed)
            if report.cancelled:
                # what was read before the cancel is stored and in the index: say so
                self.statusBar().showMessage(plural(
                    report.files_read,
                    "afgebroken: {n} bestand gelezen en doorzoekbaar; de rest volgt bij de volgende update",
                    "afgebroken: {n} bestanden gelezen en doorzoekbaar; de rest volgt bij de volgende update"))
            else:
                summary = index_summary(report)
                if report.ocr_notice:  # said once, after the run
                    summary += "; " + file_message(report.ocr_notice)
                self.statusBar().showMessage(_("Indexeren klaar: {summary}").format(summary=summary))
        if self.notes_store is not None:
            try:
                self.notes_store.reattach(self.archive)
            except Exception:  # notes must never block the archive from showing
                pass
        self.refresh()

    def refresh(self) -> None:
        self.library.refresh()
        self.search.refresh_filters()
        self.compare_view.reload_documents()
        self.versions.refresh()
        for v in (self.notes_view, self.reading_list):
            if v is not None and hasattr(v, "refresh"):
                v.refresh()
        self._update_counts()
        if self.stack.currentWidget() in self._home_pages():
            self._show_home()

    def _update_counts(self) -> None:
        stats = self.archive.stats()
        self.counts.setText(", ".join((plural(stats.get("meetings", 0), "{n} vergadering", "{n} vergaderingen"),
                                       plural(stats.get("documents", 0), "{n} document", "{n} documenten"))))
        n = len(self.failed_files)
        self.failed_button.setVisible(n > 0)
        self.failed_button.setText(plural(n, "{n} bestand niet gelezen", "{n} bestanden niet gelezen"))

    def show_failed(self) -> None:
        from PySide6.QtWidgets import QDialog, QDialogButtonBox

        dlg = QDialog(self)
        dlg.setWindowTitle(_("Niet gelezen bestanden"))
        lst = QListWidget()
        # the file's name and the reason, wrapped in the dialog's width (a long path pushed the
        # reason off to the right, behind a scroll bar); the whole path in the tooltip
        lst.setWordWrap(True)
        lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lst.setSpacing(2)
        for path, reason in self.failed_files:
            lst.addItem(f"{os.path.basename(path) or path}: {file_message(reason)}")
            lst.item(lst.count() - 1).setToolTip(path)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dlg.reject)
        lay = QVBoxLayout(dlg)
        lay.addWidget(lst)
        lay.addWidget(buttons)
        dlg.resize(800, 300)
        dlg.exec()

    def export_inventory(self) -> None:
        from .woo_actions import export_inventory

        export_inventory(self.archive, self)

    # -- home, fonts, settings -----------------------------------------------------------
    def _welcome_page(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addStretch()
        title = QLabel(f"<h2>{_('Welkom bij ZvdJ Viewer')}</h2>", alignment=Qt.AlignmentFlag.AlignCenter)
        text = QLabel(_("Er zijn nog geen mappen in het archief. Open het ingebouwde voorbeeldarchief om rond "
                        "te kijken, of voeg een map met vergaderstukken toe. De mappen zelf worden nooit gewijzigd."),
                      wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        # a wrapped label added with an alignment gets its one-line size and loses lines:
        # it sits in a row of its own, at most a reading width wide
        text.setMaximumWidth(text.fontMetrics().averageCharWidth() * 72)
        self.welcome_text = text
        self.sample_button = QPushButton(_("Voorbeeldarchief openen"))
        self.sample_button.clicked.connect(lambda _checked=False: self.add_sample())
        self.add_button = QPushButton(_("Map toevoegen…"))
        self.add_button.clicked.connect(lambda _checked=False: self.add_folder_dialog())
        for x in (title, text, self.sample_button, self.add_button):
            if x is text:
                row = QHBoxLayout()
                row.addStretch(1)
                row.addWidget(text, 4)
                row.addStretch(1)
                lay.addLayout(row)
            else:
                lay.addWidget(x, alignment=Qt.AlignmentFlag.AlignCenter)
        lay.addStretch()
        return w

    def _home_pages(self) -> tuple:
        return (self.welcome, self.empty, self.loading, self.no_documents)

    def _show_home(self) -> None:
        """What the window shows with nothing open: the welcome without folders, a loading
        page while the first indexing runs, a word when the folders hold nothing readable."""
        folders = self.archive.folders()
        if not folders:
            self.stack.setCurrentWidget(self.welcome)
            return
        if self.archive.stats().get("documents", 0):
            self.stack.setCurrentWidget(self.empty)
            return
        if self.indexer.running():
            from ..resources import SAMPLE_ARCHIVE

            sample = str(Path(SAMPLE_ARCHIVE).resolve()) in folders
            self.loading.setText(f"<h3>{_('Voorbeeldarchief wordt geladen…') if sample else _('Archief wordt geïndexeerd…')}"
                                 f"</h3><p>{_('De documenten verschijnen in de bibliotheek zodra ze gelezen zijn.')}</p>")
            self.stack.setCurrentWidget(self.loading)
            return
        self.no_documents.setText(f"<h3>{_('Nog geen documenten')}</h3><p>"
                                  + _("In de mappen van het archief is nog niets gevonden dat gelezen kan worden "
                                      "(PDF, XML, HTML of tekst). Voeg een map toe (Ctrl+O) of werk de index bij (F5).")
                                  + "</p>")
        self.stack.setCurrentWidget(self.no_documents)

    def zoom_font(self, step: int) -> None:
        f = QFont(QApplication.font())
        size = min(max(f.pointSizeF() + step, 7), 28)
        f.setPointSizeF(size)
        QApplication.setFont(f)
        self.settings.set_font_size(size)

    def about(self) -> None:
        from .. import __version__

        QMessageBox.about(self, _("Over ZvdJ Viewer"), f"<h3>ZvdJ Viewer {__version__}</h3>"
                          f"<p>{_('Offline archiefviewer voor de vergaderstukken van Zorg voor de Jeugd.')}</p>"
                          f"<p>AGPL-3.0-or-later. {_('Geen netwerk, geen telemetrie.')}</p>")

    def _restore(self) -> None:
        geo, state = self.settings.window()
        if geo:
            self.restoreGeometry(QByteArray(geo))
        if state:
            self.restoreState(QByteArray(state))
        size = self.settings.font_size()
        if size:
            f = QFont(QApplication.font())
            f.setPointSizeF(size)
            QApplication.setFont(f)
        loc = self.settings.last_location()
        self._show_home()
        if loc is not None:
            QTimer.singleShot(0, lambda: self.go(loc))

    def closeEvent(self, event) -> None:
        self.settings.set_window(self.saveGeometry().data(), self.saveState().data())
        self.stop_background()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)

    def stop_background(self) -> None:
        """Cancel indexing and let background work end: before the window goes, and before
        the archive is closed when the app quits without closing the window first."""
        if self.indexer.running():
            self.indexer.stop(60000)
        # background searches must end before their widgets go (Qt aborts on a running QThread)
        self.versions.wait()
        self.audit_view.wait()
