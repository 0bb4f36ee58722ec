"""The main window: library and search on the left, the meeting or document in the middle,
Back/Forward through everything opened, indexing in the background with progress."""

from __future__ import annotations

import time

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (QApplication, QDockWidget, QFileDialog, QLabel, QListWidget, QMainWindow,
                               QMessageBox, QProgressBar, QPushButton, QStackedWidget, QTabWidget,
                               QToolBar, QVBoxLayout, QWidget)

from . import settings as settings_mod
from .i18n import LANGUAGES, _, add_translations, language, set_language
from .indexing import Indexer
from .library import Library
from .navigation import History, Location
from .search_panel import SearchPanel

add_translations({
    "&Archief": "&Archive", "Map &toevoegen…": "&Add folder…", "Mappen &beheren…": "&Manage folders…",
    "Index &bijwerken": "&Update index", "Indexeren &afbreken": "&Cancel indexing",
    "&Voorbeeldarchief toevoegen": "Add &sample archive", "&Inventarislijst exporteren…": "Export &inventory…",
    "&Afsluiten": "&Quit", "&Ga": "&Go", "&Terug": "&Back", "&Vooruit": "&Forward", "&Zoeken": "&Search",
    "&Beeld": "&View", "Tekst &groter": "&Larger text", "Tekst &kleiner": "&Smaller text",
    "&Taal": "&Language", "&Help": "&Help", "&Zoektips": "&Search tips", "&Over ZvdJ Viewer": "&About ZvdJ Viewer",
    "Bibliotheek": "Library", "Zoeken": "Search", "Mijn notities": "My notes", "Leeslijst": "Reading list",
    "Niet gelezen bestanden": "Files not read", "Afbreken": "Cancel",
    "{m} vergaderingen, {d} documenten": "{m} meetings, {d} documents",
    "Indexeren: {done}/{total} {name}": "Indexing: {done}/{total} {name}",
    "Indexeren klaar: {summary}": "Indexing done: {summary}", "Indexeren afgebroken": "Indexing cancelled",
    "OCR: {done}/{total} pagina's {name}": "OCR: {done}/{total} pages {name}",
    "Indexeren mislukt: {error}": "Indexing failed: {error}",
    "{n} bestanden niet gelezen": "{n} files not read",
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
})


class MainWindow(QMainWindow):
    def __init__(self, archive, *, settings=None, notes_store=None):
        super().__init__()
        self.archive = archive
        self.settings = settings or settings_mod.Settings()
        self.history = History()
        self.notes_store = notes_store
        self.setWindowTitle("ZvdJ Viewer")
        self.resize(1400, 900)
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
            self.reading_list = ReadingListView(archive, notes_store)
            self.side.addTab(self.notes_view, _("Mijn notities"))
            self.side.addTab(self.reading_list, _("Leeslijst"))
        dock = QDockWidget(_("Bibliotheek"), self, objectName="side")
        dock.setWidget(self.side)
        dock.setTitleBarWidget(QWidget())  # the tabs already say what the panel holds
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable)
        self.addDockWidget(Qt.LeftDockWidgetArea, dock)
        self.resizeDocks([dock], [380], Qt.Horizontal)

        from .document_view import DocumentView
        from .meeting_view import MeetingView

        self.stack = QStackedWidget()
        self.welcome = self._welcome_page()
        self.empty = QLabel(_("Kies een vergadering of document in de bibliotheek, of zoek (Ctrl+K)."),
                            alignment=Qt.AlignCenter, wordWrap=True)
        from .audit_view import AuditView
        from .compare_view import CompareView
        from .versions_panel import VersionsPanel

        self.meeting_view = MeetingView(archive)
        self.document_view = DocumentView(archive)
        self.compare_view = CompareView(archive, fill=False)
        self.audit_view = AuditView(archive)
        for w in (self.welcome, self.empty, self.meeting_view, self.document_view, self.compare_view,
                  self.audit_view):
            self.stack.addWidget(w)
        self.versions = VersionsPanel(archive)
        self.side.addTab(self.versions, _("Versies"))
        self.versions.compare_requested.connect(self.open_compare)
        self.setCentralWidget(self.stack)
        for source in (self.library, self.search, self.meeting_view, self.document_view,
                       self.notes_view, self.reading_list, self.compare_view, self.audit_view, self.versions):
            if source is not None:
                source.navigate.connect(self.go)
        self.meeting_view.item_changed.connect(self._item_changed)
        for v in (self.document_view, self.compare_view, self.audit_view):
            v.status.connect(self.statusBar().showMessage)

        self.progress = QProgressBar(maximumWidth=220, visible=False)
        self.cancel_button = QPushButton(_("Afbreken"), visible=False)
        self.cancel_button.clicked.connect(self.cancel_indexing)
        self.failed_button = QPushButton(visible=False, flat=True)
        self.failed_button.clicked.connect(self.show_failed)
        self.counts = QLabel()
        for w in (self.failed_button, self.progress, self.cancel_button, self.counts):
            self.statusBar().addPermanentWidget(w)
        self._tab_names = {self.side.widget(i): self.side.tabText(i) for i in range(self.side.count())}
        self._build_actions()
        self._update_counts()
        self._base_font = QApplication.font().pointSizeF()
        self._restore()
        QApplication.instance().installEventFilter(self)

    # -- actions and menus -------------------------------------------------------------------
    def _action(self, text, slot, shortcut=None, menu=None, toolbar=None):
        a = QAction(_(text), self)
        a.setData(text)  # the Dutch source text, for retranslation
        if shortcut:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            a.setShortcuts([QKeySequence(k) for k in keys])
        a.triggered.connect(slot)
        if menu is not None:
            menu.addAction(a)
        if toolbar is not None:
            toolbar.addAction(a)
        return a

    def _build_actions(self) -> None:
        mb = self.menuBar()
        tb = QToolBar("nav", objectName="nav")
        tb.setToolButtonStyle(Qt.ToolButtonTextOnly)
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
        for a in self.findChildren(QAction):
            if isinstance(a.data(), str) and a.data():
                a.setText(_(a.data()))
        titles = {"archive": "&Archief", "go": "&Ga", "woo": "&Woo", "notes": "&Notities", "view": "&Beeld",
                  "help": "&Help"}
        for key, menu in self.menus.items():
            menu.setTitle(_(titles[key]))
        for i in range(self.side.count()):
            self.side.setTabText(i, _(self._tab_names.get(self.side.widget(i), self.side.tabText(i))))
        self._update_counts()

    def switch_language(self, code: str) -> None:
        set_language(code)
        self.settings.set_language(code)
        self.retranslate()
        self.statusBar().showMessage(_("De taal verandert volledig na een herstart."), 5000)

    # -- navigation ----------------------------------------------------------------------
    def go(self, loc: Location, *, record: bool = True) -> bool:
        view = self.meeting_view if loc.kind == "meeting" else self.document_view
        if not view.open(loc):
            return False
        self.stack.setCurrentWidget(view)
        if loc.kind == "document":
            self.versions.show_document(loc.target)
        if record:
            self.history.visit(loc)
        self.settings.set_last_location(loc)
        self._update_nav()
        return True

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
        if event.type() == QEvent.MouseButtonRelease and isinstance(obj, QWidget) and obj.window() is self:
            if event.button() == Qt.BackButton:
                self.back()
                return True
            if event.button() == Qt.ForwardButton:
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
        if note is not None and self.notes_view is not None:
            self.notes_view.refresh()
        return note

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
                                                        f"dossier-{loc.target}.pdf", "PDF (*.pdf);;HTML (*.html)")
        if not path:
            return None
        out = write_dossier(self.archive, loc.target, path, store=self.notes_store)
        self.statusBar().showMessage(_("Dossier opgeslagen: {path}").format(path=out), 8000)
        return out

    def open_compare(self, doc_a: str | None = None, doc_b: str | None = None) -> None:
        """The compare view, with two documents when given (from the versions panel)."""
        self.stack.setCurrentWidget(self.compare_view)
        if doc_a and doc_b:
            self.compare_view.compare(doc_a, doc_b)

    def open_audit(self) -> None:
        self.stack.setCurrentWidget(self.audit_view)
        self.audit_view.set_scope("archive")
        self.audit_view.run()

    def focus_search(self) -> None:
        self.side.setCurrentWidget(self.search)
        self.search.focus()

    # -- folders and indexing ------------------------------------------------------------
    def add_folder_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self, _("Kies een map met vergaderstukken"))
        if path:
            self.add_folder(path)

    def add_folder(self, path: str) -> None:
        self.archive.add_folder(path)
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
        return True

    def cancel_indexing(self) -> None:
        self.indexer.cancel()

    def _on_progress(self, p) -> None:
        if p.total:
            self.progress.setRange(0, p.total)
            self.progress.setValue(p.done)
        name = (p.current_path or "").rsplit("/", 1)[-1]
        if p.phase == "ocr":  # the second phase: scanned pages read one by one
            self.statusBar().showMessage(_("OCR: {done}/{total} pagina's {name}").format(
                done=p.done, total=p.total, name=name))
            return
        self.statusBar().showMessage(_("Indexeren: {done}/{total} {name}").format(done=p.done, total=p.total, name=name))

    def _on_indexed(self, report) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.act_update.setEnabled(True)
        if report is not None:
            self.failed_files = list(report.failed)
            if report.cancelled:
                self.statusBar().showMessage(_("Indexeren afgebroken"))
            else:
                summary = report.summary()
                if getattr(report, "ocr_notice", None):  # said once, after the run
                    summary += "; " + report.ocr_notice
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
        if self.stack.currentWidget() in (self.welcome, self.empty):
            self._show_home()

    def _update_counts(self) -> None:
        stats = self.archive.stats()
        self.counts.setText(_("{m} vergaderingen, {d} documenten").format(
            m=stats.get("meetings", 0), d=stats.get("documents", 0)))
        n = len(self.failed_files)
        self.failed_button.setVisible(n > 0)
        self.failed_button.setText(_("{n} bestanden niet gelezen").format(n=n))

    def show_failed(self) -> None:
        from PySide6.QtWidgets import QDialog, QDialogButtonBox

        dlg = QDialog(self, windowTitle=_("Niet gelezen bestanden"))
        lst = QListWidget()
        for path, reason in self.failed_files:
            lst.addItem(f"{path}: {reason}")
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
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
        title = QLabel(f"<h2>{_('Welkom bij ZvdJ Viewer')}</h2>", alignment=Qt.AlignCenter)
        text = QLabel(_("Er zijn nog geen mappen in het archief. Open het ingebouwde voorbeeldarchief om rond "
                        "te kijken, of voeg een map met vergaderstukken toe. De mappen zelf worden nooit gewijzigd."),
                      wordWrap=True, alignment=Qt.AlignCenter)
        self.sample_button = QPushButton(_("Voorbeeldarchief openen"))
        self.sample_button.clicked.connect(self.add_sample)
        self.add_button = QPushButton(_("Map toevoegen…"))
        self.add_button.clicked.connect(self.add_folder_dialog)
        for x in (title, text, self.sample_button, self.add_button):
            lay.addWidget(x, alignment=Qt.AlignCenter)
        lay.addStretch()
        return w

    def _show_home(self) -> None:
        self.stack.setCurrentWidget(self.welcome if not self.archive.folders() else self.empty)

    def zoom_font(self, step: int) -> None:
        app = QApplication.instance()
        f = QFont(app.font())
        size = min(max(f.pointSizeF() + step, 7), 28)
        f.setPointSizeF(size)
        app.setFont(f)
        self.settings.set_font_size(size)

    def about(self) -> None:
        from .. import __version__

        QMessageBox.about(self, "ZvdJ Viewer", f"<h3>ZvdJ Viewer {__version__}</h3>"
                          "<p>Offline archiefviewer voor de vergaderstukken van Zorg voor de Jeugd.</p>"
                          "<p>AGPL-3.0-or-later. Geen netwerk, geen telemetrie.</p>")

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
            QApplication.instance().setFont(f)
        loc = self.settings.last_location()
        self._show_home()
        if loc is not None:
            QTimer.singleShot(0, lambda: self.go(loc))

    def closeEvent(self, event) -> None:
        self.settings.set_window(bytes(self.saveGeometry()), bytes(self.saveState()))
        self.stop_background()
        QApplication.instance().removeEventFilter(self)
        super().closeEvent(event)

    def stop_background(self) -> None:
        """Cancel indexing and let background work end: before the window goes, and before
        the archive is closed when the app quits without closing the window first."""
        if self.indexer.running():
            self.indexer.stop(60000)
        # background searches must end before their widgets go (Qt aborts on a running QThread)
        self.versions.wait()
        self.audit_view.wait()
