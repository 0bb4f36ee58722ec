"""The redaction audit: which codes were used on what ground, and the findings of the three
checks (inconsistent redaction, personal data left readable, boxes that do not hide).

Scope: the whole archive, one meeting, or one document. For a document, its meeting's other
documents and its versions are read too (an inconsistency needs a sibling), and the findings
about that document are shown: each finding sits on the document where the words can be read.

The checks read every page of the scope (about 1.6 s for the 37 documents of the seeds), so
they run on a background thread with a busy bar; the window stays usable. A double-click on a
finding opens the document at its page with the words highlighted.
"""

from __future__ import annotations

import html
import os
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QCompleter, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
    QProgressBar, QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..archive.types import DocumentSummary
from ..woo import audit as audit_mod
from ..woo import service
from .flow_layout import FlowLayout
from .grounds import ground_text
from .i18n import _, add_translations, language, plural
from .navigation import format_date
from .widgets import combo_value, shrinkable_combo
from .tasks import Task
from .woo_actions import is_pdf, location_for, write_bytes

if TYPE_CHECKING:
    from ..archive.contract import ArchiveReader

add_translations({
    "Lakcontrole": "Redaction audit",
    "Bereik": "Scope",
    "Heel archief": "Whole archive",
    "Vergadering": "Meeting",
    "Document": "Document",
    "Kies…": "Choose…",
    "Controleer": "Check",
    "Bezig met controleren…": "Checking…",
    "Exporteer CSV…": "Export CSV…",
    "Lakcodes": "Redaction codes",
    "Code": "Code",
    "Aantal": "Count",
    "Grond": "Ground",
    "Bevindingen": "Findings",
    "Alle controles ({n})": "All checks ({n})",
    "{name} ({n})": "{name} ({n})",
    "Controle": "Check",
    "Pagina": "Page", "Plaats": "Where",
    "Woorden": "Words",
    "Reden": "Reason",
    "p. {n}": "p. {n}",
    "r. {n}": "l. {n}",
    "Inconsistent gelakt": "Inconsistent redaction",
    "Niet gelakt": "Left unredacted",
    "Gelakt zonder grond": "Redacted without ground",
    "gelakt zonder grond: een lakvak zonder lakcode": "redacted without ground: a redaction box without a code",
    "Lakking verbergt niet": "Redaction does not hide",
    "Kies een vergadering of document en klik op Controleer.": "Choose a meeting or document and click Check.",
    "Klik op Controleer om de lakkingen na te lopen.": "Click Check to audit the redactions.",
    "{n} bevindingen in {d} documenten ({s} s)": "{n} findings in {d} documents ({s} s)",
    "Geen bevindingen in {d} documenten ({s} s)": "No findings in {d} documents ({s} s)",
    "{findings} in {docs} ({s} s)": "{findings} in {docs} ({s} s)", "Geen bevindingen in {docs} ({s} s)":
    "No findings in {docs} ({s} s)", "{n} bevinding": "{n} finding", "{n} bevindingen": "{n} findings",
    "{n} document": "{n} document", "{n} documenten": "{n} documents",
    "De controle is mislukt: {e}": "The audit failed: {e}",
    "Geen lakcodes gevonden": "No redaction codes found",
    "onbekende code": "unknown code",
    "art.": "art.",
    "Dubbelklik opent het document op die pagina": "Double-click opens the document at that page",
    "CSV-bestanden (*.csv)": "CSV files (*.csv)",
    "{n} bevindingen opgeslagen in {path}": "{n} findings saved to {path}",
    "e-mailadres leesbaar": "e-mail address readable",
    "telefoonnummer leesbaar": "phone number readable",
    "nummer dat de elfproef van een BSN doorstaat": "number that passes the BSN 11-test",
    "naam leesbaar in een lijst waarin andere namen gelakt zijn": "name readable in a list where other names are redacted",
    "lakking gemarkeerd maar niet toegepast (annotatie)": "redaction marked but not applied (annotation)",
    "tekst staat nog in de tekstlaag onder een zwart vlak": "text is still in the text layer under a black box",
    "gelakt in {redacted_in} (p. {page}: {code}), leesbaar in {readable_in}":
        "redacted in {redacted_in} (p. {page}: {code}), readable in {readable_in}",
    "PDF niet te controleren: {error}": "PDF cannot be checked: {error}",
})

CHECKS = tuple(audit_mod.CHECK_NAMES)  # inconsistent, unredacted, not_hidden


def check_name(check: str) -> str:
    return _(audit_mod.CHECK_NAMES.get(check, (check, check))[0])


def reason_text(f) -> str:
    """Why a finding is one, in the interface language: from its facts where the core's
    Dutch reason carries values (titles, a page, a code)."""
    facts = dict(f.facts)
    if f.check == "inconsistent" and "readable_in" in facts:
        return _("gelakt in {redacted_in} (p. {page}: {code}), leesbaar in {readable_in}").format(**facts)
    if "error" in facts:
        return _("PDF niet te controleren: {error}").format(**facts)
    return _(f.reason)


class AuditView(QWidget):
    navigate = Signal(object)  # Location of a finding
    status = Signal(str)
    audit_done = Signal()  # results (or an error) are shown
    moved = Signal(object)  # the view's own Location changed (another scope checked), for the history

    archive: ArchiveReader  # what it may call: zvdj_viewer/archive/contract.py

    def __init__(self, archive, parent=None):
        super().__init__(parent)
        self.archive = archive
        self.findings: list[audit_mod.Finding] = []
        self.shown: list[audit_mod.Finding] = []
        self.error: str | None = None
        self.seconds = 0.0
        self._titles: dict[str, str] = {}
        self._docs: dict[str, DocumentSummary] = {}
        self._scope_ids: list[str] = []
        self.task = Task(self)
        self.task.done.connect(self._done)

        root = QVBoxLayout(self)
        root.setContentsMargins(6, 4, 6, 4)
        bar = FlowLayout()  # wraps on a narrow window
        heading = QLabel(_("Lakcontrole"))
        f = heading.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.2)
        heading.setFont(f)
        bar.addWidget(heading)
        bar.addSpacing(12)
        bar.addWidget(QLabel(_("Bereik")))
        self.scope_combo = QComboBox()
        self.scope_combo.setAccessibleName(_("Bereik"))
        for key, label in (("archive", _("Heel archief")), ("meeting", _("Vergadering")), ("document", _("Document"))):
            self.scope_combo.addItem(label, key)
        self.scope_combo.currentIndexChanged.connect(self._scope_kind_changed)
        bar.addWidget(self.scope_combo)
        self.target_combo = QComboBox()
        self.target_combo.setEditable(True)
        self.target_combo.setInsertPolicy(QComboBox.NoInsert)
        self.target_combo.lineEdit().setPlaceholderText(_("Kies…"))
        self.target_combo.completer().setFilterMode(Qt.MatchContains)
        self.target_combo.completer().setCompletionMode(QCompleter.PopupCompletion)
        shrinkable_combo(self.target_combo, 24)
        bar.addWidget(self.target_combo, 1)
        self.run_button = QPushButton(_("Controleer"))
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(lambda _checked=False: self.run())
        bar.addWidget(self.run_button)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # no steps known: a moving bar
        self.busy.setMaximumWidth(140)
        self.busy.setFormat(_("Bezig met controleren…"))
        self.busy.setTextVisible(True)
        self.busy.hide()
        bar.addWidget(self.busy)
        self.csv_button = QPushButton(_("Exporteer CSV…"))
        self.csv_button.clicked.connect(lambda _checked=False: self.export_csv_dialog())
        self.csv_button.setEnabled(False)
        bar.addWidget(self.csv_button)
        root.addLayout(bar)

        self.summary_label = QLabel(_("Klik op Controleer om de lakkingen na te lopen."))
        self.summary_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.summary_label.setWordWrap(True)  # a long summary must not widen the window
        root.addWidget(self.summary_label)

        self.split = QSplitter(Qt.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel(f"<b>{html.escape(_('Lakcodes'))}</b>"))
        self.codes = self._table([_("Code"), _("Aantal"), _("Grond")])
        self.codes.setAccessibleName(_("Lakcodes"))
        ll.addWidget(self.codes)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        fl = QHBoxLayout()
        fl.addWidget(QLabel(f"<b>{html.escape(_('Bevindingen'))}</b>"))
        self.filter_combo = QComboBox()
        self.filter_combo.setAccessibleName(_("Controle"))
        self.filter_combo.currentIndexChanged.connect(self._fill_findings)
        fl.addWidget(self.filter_combo)
        fl.addStretch(1)
        rl.addLayout(fl)
        self.table = self._table([_("Controle"), _("Document"), _("Plaats"), _("Woorden"), _("Reden")])
        self.table.setAccessibleName(_("Bevindingen"))
        self._fixed(self.table, {1: 300, 3: 200})
        self._shares = {1: 0.28, 3: 0.2}  # of the table's width, so the reason keeps its room
        self.table.setToolTip(_("Dubbelklik opent het document op die pagina"))
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_finding(row))
        self.table.cellActivated.connect(lambda row, _col: self.open_finding(row))
        rl.addWidget(self.table)
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 3)
        self.split.setSizes([280, 1000])
        root.addWidget(self.split, 1)
        self._fill_filter()
        self._scope_kind_changed()

    @staticmethod
    def _table(headers: list[str]) -> QTableWidget:
        t = QTableWidget(0, len(headers))
        t.setHorizontalHeaderLabels(headers)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.verticalHeader().hide()
        t.setWordWrap(True)
        t.setAlternatingRowColors(True)
        h = t.horizontalHeader()
        for i in range(len(headers) - 1):
            h.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        t.setTextElideMode(Qt.TextElideMode.ElideRight)
        return t

    @staticmethod
    def _fixed(t: QTableWidget, widths: dict[int, int]) -> None:
        """Long titles and word runs must not push the reason off screen: these columns get a
        width the user can drag, and show the rest in a tooltip."""
        for col, w in widths.items():
            t.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            t.setColumnWidth(col, w)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._share_columns()

    def _share_columns(self) -> None:
        """The document and words columns take a share of the table, not a fixed width: on a
        laptop screen a fixed 300 + 200 pixels pushed the reason column off the right edge."""
        width = self.table.viewport().width()
        for col, share in self._shares.items():
            self.table.setColumnWidth(col, max(80, min(int(width * share), 360)))

    # -- scope -------------------------------------------------------------------------------
    def _scope_kind_changed(self) -> None:
        kind = combo_value(self.scope_combo)
        self.target_combo.clear()
        self.target_combo.setEnabled(kind != "archive")
        if kind == "meeting":
            for m in sorted(self.archive.meetings(), key=lambda m: (m.date or "", m.start or "")):
                label = " ".join(x for x in (m.series, format_date(m.date, language()), m.start) if x) or m.id
                self.target_combo.addItem(label, m.id)
        elif kind == "document":
            for d in self.archive.documents():
                date = format_date(d.doc_date or d.meeting_date, language())
                self.target_combo.addItem(f"{d.id} · {d.title or os.path.basename(d.source)}"
                                          + (f" ({date})" if date else ""), d.id)
        self.target_combo.setCurrentIndex(-1)

    def set_scope(self, kind: str, target: str | None = None) -> None:
        """Choose the scope: "archive", "meeting" (target = meeting id) or "document"."""
        self.scope_combo.setCurrentIndex(self.scope_combo.findData(kind))
        if target is not None:
            self.target_combo.setCurrentIndex(self.target_combo.findData(target))

    def _target(self) -> str | None:
        i = self.target_combo.findText(self.target_combo.currentText())
        return combo_value(self.target_combo, i if i >= 0 else None)

    # -- history ---------------------------------------------------------------------------
    def _scope_key(self) -> str:
        kind, target = combo_value(self.scope_combo), self._target()
        return "archive" if kind == "archive" or not target else f"{kind}:{target}"

    def location(self):
        """Where this view is, for Back/Forward: the scope checked, the check filtered on
        and the finding chosen."""
        from .navigation import Location

        row = self.table.currentRow()
        return Location("audit", getattr(self, "_ran_scope", None) or self._scope_key(),
                        item=combo_value(self.filter_combo), line=row if row >= 0 else None)

    def open(self, loc) -> bool:
        """Show a Location of kind "audit". Back from a finding: the findings of the same
        scope are shown as they were (filter, chosen row), not checked again."""
        kind, _sep, target = loc.target.partition(":")
        if getattr(self, "_ran_scope", None) != loc.target or (not self.findings and not self.task.running()):
            self.set_scope(kind, target or None)
            self.run()
            return True
        self.set_filter(loc.item)
        if loc.line is not None and 0 <= loc.line < self.table.rowCount():
            self.table.setCurrentCell(loc.line, 0)
            self.table.scrollToItem(self.table.item(loc.line, 0))
        return True

    # -- running ---------------------------------------------------------------------------
    def running(self) -> bool:
        return self.task.running()

    def run(self) -> bool:
        """Start the audit of the chosen scope on a background thread."""
        if self.task.running():
            return False
        kind, target = combo_value(self.scope_combo), self._target()
        if kind != "archive" and not target:
            self.summary_label.setText(_("Kies een vergadering of document en klik op Controleer."))
            return False
        docs = {d.id: d for d in self.archive.documents()}
        self._docs = docs
        self._titles = {i: d.title for i, d in docs.items()}
        archive = self.archive
        if kind == "archive":
            ids = list(docs)
            job = lambda: service.audit(archive)  # noqa: E731
        elif kind == "meeting":
            assert target is not None  # "not target" returned above
            m = archive.meeting(target)
            ids = [i for role in (m.documents.values() if m else []) for i in role]
            job = lambda: service.audit(archive, ids)  # noqa: E731
        else:
            assert target is not None
            ids = [target]

            def job():
                # siblings: the meeting's other documents and the versions; only the findings
                # on this document are kept (each finding sits where the words are readable)
                d = docs.get(target)
                group = {target}
                if d is not None and d.meeting:
                    m = archive.meeting(d.meeting)
                    group |= {i for role in (m.documents.values() if m else []) for i in role}
                group |= {other for other, _p in service.versions_of(archive, target)}
                return [f for f in service.audit(archive, sorted(group)) if f.document == target]
        self._scope_ids = ids
        self._ran_scope = self._scope_key()
        self._fill_codes(ids)
        self.run_button.setEnabled(False)
        self.csv_button.setEnabled(False)
        self.busy.show()
        self.summary_label.setText(_("Bezig met controleren…"))
        start = time.perf_counter()

        def timed():
            out = job()
            return out, time.perf_counter() - start
        return self.task.start(timed)

    def wait(self, ms: int = 30000) -> None:
        self.task.wait(ms)

    def _done(self, result, error) -> None:
        self.busy.hide()
        self.run_button.setEnabled(True)
        if error:
            self.error = error
            self.findings = []
            self.summary_label.setText(_("De controle is mislukt: {e}").format(e=error))
        else:
            self.error = None
            self.findings, self.seconds = result
            n, d = len(self.findings), len(self._scope_ids)
            s = f"{self.seconds:.1f}"
            docs = plural(d, "{n} document", "{n} documenten")
            self.summary_label.setText(_("{findings} in {docs} ({s} s)").format(
                findings=plural(n, "{n} bevinding", "{n} bevindingen"), docs=docs, s=s) if n
                else _("Geen bevindingen in {docs} ({s} s)").format(docs=docs, s=s))
        self._fill_filter()
        self._fill_findings()
        self.audit_done.emit()
        self.moved.emit(self.location())

    # -- showing ---------------------------------------------------------------------------
    def _fill_codes(self, ids: list[str]) -> None:
        counts: dict[str, int] = {}
        for i in ids:
            d = self._docs.get(i)
            for code, n in (d.redactions if d is not None else {}).items():
                counts[code] = counts.get(code, 0) + n
        rows = audit_mod.code_summary(counts)
        self.codes.setRowCount(0)
        if not rows:
            self.codes.setRowCount(1)
            item = QTableWidgetItem(_("Geen lakcodes gevonden"))
            item.setForeground(self.palette().placeholderText())
            self.codes.setItem(0, 0, item)
            self.codes.setSpan(0, 0, 1, 3)
            return
        self.codes.clearSpans()
        self.codes.setRowCount(len(rows))
        for r, (code, n, ground) in enumerate(rows):
            count = QTableWidgetItem(str(n))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            text = ground_text(code, ground) or _("onbekende code")
            for c, item in enumerate((QTableWidgetItem(code), count, QTableWidgetItem(text))):
                item.setToolTip(text)
                self.codes.setItem(r, c, item)
        self.codes.resizeRowsToContents()

    def code_rows(self) -> list[tuple[str, int, str]]:
        """What the codes table shows (tests)."""
        out = []
        for r in range(self.codes.rowCount()):
            cells = [self.codes.item(r, c) for c in range(3)]
            if cells[1] is not None:
                out.append((cells[0].text(), int(cells[1].text()), cells[2].text()))
        return out

    def _fill_filter(self) -> None:
        keep = combo_value(self.filter_combo) or ""
        self.filter_combo.blockSignals(True)
        self.filter_combo.clear()
        self.filter_combo.addItem(_("Alle controles ({n})").format(n=len(self.findings)), "")
        for check in CHECKS:
            n = sum(1 for f in self.findings if f.check == check)
            self.filter_combo.addItem(_("{name} ({n})").format(name=check_name(check), n=n), check)
        i = self.filter_combo.findData(keep)
        self.filter_combo.setCurrentIndex(max(i, 0))
        self.filter_combo.blockSignals(False)

    def set_filter(self, check: str | None) -> None:
        self.filter_combo.setCurrentIndex(max(self.filter_combo.findData(check or ""), 0))

    def _place(self, f: audit_mod.Finding) -> str:
        d = self._docs.get(f.document)
        if f.page is None and f.line is None:
            return ""
        if is_pdf(d) or d is None:
            return _("p. {n}").format(n=f.page) if f.page is not None else ""
        return _("r. {n}").format(n=f.line) if f.line is not None else ""

    def _fill_findings(self) -> None:
        check = combo_value(self.filter_combo)
        self.shown = [f for f in self.findings if check is None or f.check == check]
        self.table.setRowCount(len(self.shown))
        for r, f in enumerate(self.shown):
            title = self._titles.get(f.document) or ""
            doc = QTableWidgetItem(f"{f.document} · {title}" if title else f.document)
            doc.setToolTip(title)
            words = QTableWidgetItem(f.words)
            words.setToolTip(f.words)
            reason = QTableWidgetItem(reason_text(f))
            reason.setToolTip(reason_text(f))
            for c, item in enumerate((QTableWidgetItem(check_name(f.check)), doc,
                                      QTableWidgetItem(self._place(f)), words, reason)):
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        self.csv_button.setEnabled(bool(self.shown))

    # -- actions ---------------------------------------------------------------------------
    def finding_location(self, row: int):
        if not 0 <= row < len(self.shown):
            return None
        f = self.shown[row]
        return location_for(self.archive, f.document, f.page, f.line, f.words or None)

    def open_finding(self, row: int) -> None:
        loc = self.finding_location(row)
        if loc is not None:
            self.navigate.emit(loc)

    def export_csv(self, path: str) -> str | None:
        """The findings shown (after the filter) as CSV; returns an error text or None."""
        return write_bytes(path, audit_mod.findings_csv(self.shown, self._titles))

    def export_csv_dialog(self) -> str | None:
        if not self.shown:
            return None
        path, _filter = QFileDialog.getSaveFileName(self, _("Exporteer CSV…"), "lakcontrole.csv",
                                                    _("CSV-bestanden (*.csv)"))
        if not path:
            return None
        if not path.lower().endswith(".csv"):
            path += ".csv"
        error = self.export_csv(path)
        if error:
            QMessageBox.warning(self, _("Lakcontrole"), error)
            return None
        self.status.emit(_("{n} bevindingen opgeslagen in {path}").format(n=len(self.shown), path=path))
        return path

    def closeEvent(self, event) -> None:
        self.task.wait()  # a thread must not outlive its view
        super().closeEvent(event)
