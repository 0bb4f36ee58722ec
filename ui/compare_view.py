"""Two documents (or two versions of one) side by side, word differences marked.

Layout: the two documents to compare and the options on top, a compact summary line, the
change list on the left, and the comparison on the right: one table whose rows hold the same
passage of A and B, so the two sides stay aligned and scroll together by construction (two
separate text panes drift apart as soon as a line wraps differently on one side).

Colours: inserted words green, deleted words red and struck through, changed words amber
(struck through on the A side). The current change is underlined in blue. F7 / Shift+F7 walk
the changes. Whitespace and line breaks never count as changes; page furniture (running
headers, page numbers) is left out unless the user asks to see it.

``aligned_rows(cmp)`` builds the rows from a ``Comparison`` without Qt, so it is tested on its
own and also used for the PDF export.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMarginsF, Qt, QUrl, Signal
from PySide6.QtGui import (
    QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextCharFormat,
    QTextCursor, QTextDocument, QTextFormat,
)
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QCompleter, QFileDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
    QMessageBox, QPushButton, QSplitter, QTextBrowser, QTextEdit, QToolButton, QVBoxLayout, QWidget,
)

from ..woo import service
from ..woo.compare import Comparison, to_html
from .colours import Scheme, paper, scheme
from .i18n import _, add_translations, language
from .navigation import format_date
from .woo_actions import is_pdf, location_for, write_bytes
from .flow_layout import FlowLayout
from .widgets import combo_value, shrinkable_combo, tool_button

if TYPE_CHECKING:
    from ..archive.contract import ArchiveReader

add_translations({
    "Vergelijken": "Compare",
    "Document A": "Document A",
    "Document B": "Document B",
    "Kies een document…": "Choose a document…",
    "Wissel A en B": "Swap A and B",
    "Vergelijk": "Compare",
    "Paginaopmaak negeren": "Ignore page furniture",
    "Laat kopregels, voetregels en paginanummers buiten de vergelijking": "Leave running headers, footers and page numbers out of the comparison",
    "Hoofdletters negeren": "Ignore case",
    "Witruimte en regeleinden tellen nooit als wijziging": "Whitespace and line breaks never count as changes",
    "Vorige wijziging": "Previous change",
    "Volgende wijziging": "Next change",
    "Exporteer HTML…": "Export HTML…",
    "Exporteer PDF…": "Export PDF…",
    "Open A hier": "Open A here",
    "Open B hier": "Open B here",
    "Open document A bij deze wijziging": "Open document A at this change",
    "Open document B bij deze wijziging": "Open document B at this change",
    "Wijzigingen": "Changes",
    "Kies twee documenten om te vergelijken.": "Choose two documents to compare.",
    "Kies twee verschillende documenten.": "Choose two different documents.",
    "Document {id} staat niet (meer) in het archief.": "Document {id} is not (or no longer) in the archive.",
    "Geen verschillen: de teksten zijn gelijk.": "No differences: the texts are the same.",
    "wijziging {i} van {n}": "change {i} of {n}",
    "{s} · {p}% gelijk": "{s} · {p}% the same",
    "ingevoegd": "inserted",
    "verwijderd": "deleted",
    "gewijzigd": "changed",
    "lakking": "redaction",
    "p. {n}": "p. {n}",
    "r. {n}": "l. {n}",
    "Vergelijking": "Comparison",
    "HTML-bestanden (*.html)": "HTML files (*.html)",
    "PDF-bestanden (*.pdf)": "PDF files (*.pdf)",
    "Vergelijking opgeslagen in {path}": "Comparison saved to {path}",
    "Legenda: ingevoegd, verwijderd, gewijzigd": "Legend: inserted, deleted, changed",
})



def styles(c: Scheme) -> dict[str, str]:
    """Inline styles of the marked words, from a colour scheme (the palette's, or paper)."""
    return {
        "insert": f"background-color:{c.insert_bg.name()}",
        "delete": f"background-color:{c.delete_bg.name()};text-decoration:line-through",
        "change_a": f"background-color:{c.change_bg.name()};text-decoration:line-through",
        "change_b": f"background-color:{c.change_bg.name()}",
        "mark": f"color:{c.mark.name()};font-weight:bold",  # where words were inserted or deleted
    }


# -- rows (no Qt) ----------------------------------------------------------------------------

@dataclass
class Row:
    a: list[str] = field(default_factory=list)  # HTML pieces of A's cell
    b: list[str] = field(default_factory=list)
    a_line: int | None = None  # index of the first compared line of A in this row
    b_line: int | None = None
    changes: list[int] = field(default_factory=list)  # indexes into Comparison.changes


def _cell(words: list[str], style: str, href: str | None) -> str:
    text = html.escape(" ".join(words)).replace("\n ", "<br>")
    span = f'<span style="{style}">{text}</span>'
    return f'<a href="{href}">{span}</a>' if href else span


def aligned_rows(cmp: Comparison, *, links: bool = True, colours: Scheme | None = None) -> list[Row]:
    """Rows that pair passages of A and B. A new row starts where either side starts a new
    line in an unchanged passage, or where a change starts on a new line; inside a change,
    a line break on one side stays a line break within its cell. colours: the palette's
    scheme unless given (paper for print)."""
    style_of = styles(colours or scheme())
    rows: list[Row] = []
    last_a = last_b = None
    change = -1

    def row(a_line, b_line) -> Row:
        r = Row(a_line=a_line, b_line=b_line)
        rows.append(r)
        return r

    cur: Row | None = None
    for op, a0, a1, b0, b1 in cmp.opcodes:
        if op == "equal":
            for tok_a, tok_b in zip(cmp.a_tokens[a0:a1], cmp.b_tokens[b0:b1]):
                if cur is None or tok_a.line != last_a or tok_b.line != last_b:
                    cur = row(tok_a.line, tok_b.line)
                cur.a.append(html.escape(tok_a.text))
                cur.b.append(html.escape(tok_b.text))
                last_a, last_b = tok_a.line, tok_b.line
            continue
        change += 1
        ta, tb = cmp.a_tokens[a0:a1], cmp.b_tokens[b0:b1]
        new_a = bool(ta) and ta[0].line != last_a
        new_b = bool(tb) and tb[0].line != last_b
        if cur is None or new_a or new_b:
            cur = row(ta[0].line if ta else None, tb[0].line if tb else None)
        cur.changes.append(change)
        href = f"change:{change}" if links else None
        for toks, side in ((ta, "a"), (tb, "b")):
            cell = cur.a if side == "a" else cur.b
            if side == "a" and cur.a_line is None and toks:
                cur.a_line = toks[0].line
            if side == "b" and cur.b_line is None and toks:
                cur.b_line = toks[0].line
            if not toks:  # where the other side's words went in or came out
                cell.append(_cell(["‸"], style_of["mark"], href))
                continue
            words, line = [], toks[0].line
            for t in toks:
                if t.line != line:
                    words.append("\n")
                    line = t.line
                words.append(t.text)
            style = style_of[{("insert", "b"): "insert", ("delete", "a"): "delete",
                              ("replace", "a"): "change_a", ("replace", "b"): "change_b"}[(op, side)]]
            cell.append(_cell(words, style, href))
        if ta:
            last_a = ta[-1].line
        if tb:
            last_b = tb[-1].line
    return rows


def rows_html(rows: list[Row], a_label, b_label, head_a: str = "", head_b: str = "",
              colours: Scheme | None = None) -> str:
    """The rows as one HTML table: position A | text A | position B | text B.
    a_label/b_label turn a line index into a position label ("p. 3")."""
    c = colours or scheme()
    out = ['<table width="99%" cellspacing="0" cellpadding="3" style="border-collapse:collapse">']
    if head_a or head_b:
        out.append(f'<tr><th></th><th align="left" width="46%">{html.escape(head_a)}</th>'
                   f'<th></th><th align="left" width="46%">{html.escape(head_b)}</th></tr>')
    gutter = f'style="color:{c.dim.name()};font-size:small" width="4%" valign="top"'
    for r in rows:
        bg = f' bgcolor="{c.changed_row.name()}"' if r.changes else ""
        la = a_label(r.a_line) if r.a_line is not None else ""
        lb = b_label(r.b_line) if r.b_line is not None else ""
        out.append(f'<tr{bg}><td {gutter}>{html.escape(la)}</td><td width="46%" valign="top">{" ".join(r.a)}</td>'
                   f'<td {gutter}>{html.escape(lb)}</td><td width="46%" valign="top">{" ".join(r.b)}</td></tr>')
    out.append("</table>")
    return "\n".join(out)


# -- the view ------------------------------------------------------------------------------

class CompareView(QWidget):
    navigate = Signal(object)  # Location of a document at a change
    status = Signal(str)
    moved = Signal(object)  # the view's own Location changed (another pair compared), for the history

    archive: ArchiveReader  # what it may call: zvdj_viewer/archive/contract.py

    def __init__(self, archive, parent=None, *, fill: bool = True):
        super().__init__(parent)
        self.archive = archive
        self.result: service.DocComparison | None = None
        self.rows: list[Row] = []
        self.current = -1
        self._ranges: dict[int, list[tuple[int, int]]] = {}
        self._docs: dict[str, object] = {}

        root = QVBoxLayout(self)
        root.setContentsMargins(6, 4, 6, 4)

        pick = QHBoxLayout()
        self.combo_a = self._doc_combo(_("Document A"))
        self.combo_b = self._doc_combo(_("Document B"))
        self.swap_button = QToolButton()
        self.swap_button.setText("⇄")
        self.swap_button.setToolTip(_("Wissel A en B"))
        self.swap_button.setAccessibleName(_("Wissel A en B"))
        self.swap_button.clicked.connect(self.swap)
        self.compare_button = QPushButton(_("Vergelijk"))
        self.compare_button.setDefault(True)
        self.compare_button.clicked.connect(lambda _checked=False: self.run())
        pick.addWidget(QLabel("A"))
        pick.addWidget(self.combo_a, 1)
        pick.addWidget(self.swap_button)
        pick.addWidget(QLabel("B"))
        pick.addWidget(self.combo_b, 1)
        pick.addWidget(self.compare_button)
        root.addLayout(pick)

        bar = FlowLayout()  # options, summary and buttons wrap on a narrow window
        self.furniture_box = QCheckBox(_("Paginaopmaak negeren"))
        self.furniture_box.setChecked(True)
        self.furniture_box.setToolTip(_("Laat kopregels, voetregels en paginanummers buiten de vergelijking")
                                      + ". " + _("Witruimte en regeleinden tellen nooit als wijziging") + ".")
        self.case_box = QCheckBox(_("Hoofdletters negeren"))
        for box in (self.furniture_box, self.case_box):
            box.toggled.connect(self._options_changed)
            bar.addWidget(box)
        self.summary_label = QLabel(_("Kies twee documenten om te vergelijken."))
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # wrapped: a long summary must not widen the window (every view of the stack sets
        # its minimum width: the app did not fit a 1280-pixel screen)
        self.summary_label.setWordWrap(True)
        f = self.summary_label.font()
        f.setBold(True)
        self.summary_label.setFont(f)
        bar.addSpacing(12)
        bar.addWidget(self.summary_label, 1)
        self.position_label = QLabel()
        bar.addWidget(self.position_label)

        def button(text, tip, slot, shortcut=None):
            return tool_button(self, bar, text, tip, slot, shortcut)

        self.prev_button = button("▲", _("Vorige wijziging"), self.previous_change, "Shift+F7")
        self.next_button = button("▼", _("Volgende wijziging"), self.next_change, "F7")
        self.open_a_button = button(_("Open A hier"), _("Open document A bij deze wijziging"),
                                    lambda: self.open_change("a"))
        self.open_b_button = button(_("Open B hier"), _("Open document B bij deze wijziging"),
                                    lambda: self.open_change("b"))
        self.html_button = button(_("Exporteer HTML…"), _("Exporteer HTML…"), self.export_html_dialog)
        self.pdf_button = button(_("Exporteer PDF…"), _("Exporteer PDF…"), self.export_pdf_dialog)
        root.addLayout(bar)

        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.change_list = QListWidget()
        self.change_list.setAccessibleName(_("Wijzigingen"))
        self.change_list.setWordWrap(True)
        self.change_list.setSpacing(3)
        self.change_list.currentRowChanged.connect(self._list_row_changed)
        self.change_list.itemActivated.connect(lambda _it: self.open_change())
        self.change_list.itemDoubleClicked.connect(lambda _it: self.open_change())
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setAccessibleName(_("Vergelijking"))
        self.text.anchorClicked.connect(self._anchor_clicked)
        # links mark the changes (to click them); they should not look like web links
        self._link_style()
        self.split.addWidget(self.change_list)
        self.split.addWidget(self.text)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 4)
        self.split.setSizes([260, 1040])
        root.addWidget(self.split, 1)
        # the pickers list every document (36,000 at 100,000 pages: a second to fill): in the
        # main window they are filled when the view is first shown, not at start
        self._stale = True
        if fill:
            self.reload_documents(force=True)
        self._update_buttons()

    def _link_style(self) -> None:
        # links mark the changes (to click them); they should not look like web links
        self.text.document().setDefaultStyleSheet(
            f"a {{ text-decoration: none; color: {scheme(self.palette()).text.name()}; }}")

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "text"):  # the system went dark (or light)
            self._link_style()
            if self.result is not None:
                current = self.current
                self._render()
                self.go_to_change(current)

    # -- choosing documents ----------------------------------------------------------------
    def _doc_combo(self, name: str) -> QComboBox:
        c = QComboBox()
        c.setEditable(True)
        c.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        c.setAccessibleName(name)
        edit, comp = c.lineEdit(), c.completer()
        assert edit is not None and comp is not None  # an editable combo box has both
        edit.setPlaceholderText(_("Kies een document…"))
        comp.setFilterMode(Qt.MatchFlag.MatchContains)
        comp.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        return shrinkable_combo(c, 14)

    @staticmethod
    def doc_label(d) -> str:
        date = format_date(d.doc_date or d.meeting_date, language())
        return f"{d.id} · {d.title or os.path.basename(d.source)}" + (f" ({date})" if date else "")

    def reload_documents(self, force: bool = False) -> None:
        """Fill the two pickers from the archive (after indexing); while the view is hidden
        only remember to do so when it is shown."""
        if not force and not self.isVisible():
            self._stale = True
            return
        self._stale = False
        a, b = combo_value(self.combo_a), combo_value(self.combo_b)
        docs = list(self.archive.documents())
        self._docs = {d.id: d for d in docs}
        for combo, keep in ((self.combo_a, a), (self.combo_b, b)):
            combo.blockSignals(True)
            combo.clear()
            for d in docs:
                combo.addItem(self.doc_label(d), d.id)
            combo.setCurrentIndex(combo.findData(keep) if keep else -1)
            combo.blockSignals(False)

    def showEvent(self, event) -> None:
        if self._stale:
            self.reload_documents(force=True)
        super().showEvent(event)

    def _chosen(self, combo: QComboBox) -> str | None:
        # a typed text that matches a label exactly counts too
        i = combo.findText(combo.currentText())
        return combo_value(combo, i if i >= 0 else None)

    def swap(self) -> None:
        a, b = self.combo_a.currentIndex(), self.combo_b.currentIndex()
        self.combo_a.setCurrentIndex(b)
        self.combo_b.setCurrentIndex(a)
        if self.result is not None:
            self.run()

    def compare(self, doc_a: str, doc_b: str) -> bool:
        """Open the comparison of two documents (from the versions panel or the menu)."""
        for combo, doc_id in ((self.combo_a, doc_a), (self.combo_b, doc_b)):
            i = combo.findData(doc_id)
            if i < 0:  # indexed after the pickers were filled, or not filled yet
                self.reload_documents(force=True)
                i = combo.findData(doc_id)
            combo.setCurrentIndex(i)
        return self.run(doc_a, doc_b)

    def _options_changed(self) -> None:
        if self.result is not None:
            self.run()

    # -- comparing -------------------------------------------------------------------------
    def run(self, doc_a: str | None = None, doc_b: str | None = None) -> bool:
        a = doc_a or self._chosen(self.combo_a)
        b = doc_b or self._chosen(self.combo_b)
        if not a or not b:
            self._clear(_("Kies twee documenten om te vergelijken."))
            return False
        if a == b:
            self._clear(_("Kies twee verschillende documenten."))
            return False
        for d in (a, b):
            if self.archive.document(d) is None:
                self._clear(_("Document {id} staat niet (meer) in het archief.").format(id=d))
                return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.result = service.compare_documents(self.archive, a, b,
                                                    furniture=not self.furniture_box.isChecked(),
                                                    ignore_case=self.case_box.isChecked())
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.doc_a, self.doc_b = self.archive.document(a), self.archive.document(b)
        self._render()
        self.moved.emit(self.location())
        return True

    # -- history ---------------------------------------------------------------------------
    def location(self):
        """Where this view is, for Back/Forward: the pair and the current change."""
        from .navigation import Location

        if self.result is None:
            return None
        return Location("compare", f"{self.result.a}|{self.result.b}",
                        item=str(self.current) if self.current >= 0 else None)

    def open(self, loc) -> bool:
        """Show a Location of kind "compare" (Back to a comparison): the same pair is not
        compared again; the change that was current is current again."""
        a, _sep, b = loc.target.partition("|")
        if self.result is None or (self.result.a, self.result.b) != (a, b):
            if not self.compare(a, b):
                return False
        if loc.item is not None and loc.item.isdigit():
            self.go_to_change(int(loc.item))
        return True

    def _clear(self, message: str) -> None:
        self.result = None
        self.rows = []
        self.current = -1
        self._ranges = {}
        self.text.clear()
        self.change_list.clear()
        self.summary_label.setText(message)
        self._update_buttons()

    def _label(self, lines: list[tuple[int, int]], pdf: bool):
        def label(i: int) -> str:
            if i is None or not 0 <= i < len(lines):
                return ""
            page, line = lines[i]
            return _("p. {n}").format(n=page) if pdf else _("r. {n}").format(n=line)
        return label

    def _render(self) -> None:
        r = self.result
        assert r is not None  # rendered after a comparison was made (or the palette changed with one)
        cmp = r.comparison
        colours = scheme(self.palette())
        self.rows = aligned_rows(cmp, colours=colours)
        pdf_a, pdf_b = is_pdf(self.doc_a), is_pdf(self.doc_b)
        self._label_a = self._label(r.a_lines, pdf_a)
        self._label_b = self._label(r.b_lines, pdf_b)
        self.text.setHtml("<html><body>" + rows_html(self.rows, self._label_a, self._label_b,
                                                     self.doc_label(self.doc_a), self.doc_label(self.doc_b),
                                                     colours)
                          + "</body></html>")
        self._ranges = self._change_ranges()
        self.change_list.blockSignals(True)
        self.change_list.clear()
        for i, c in enumerate(cmp.changes):
            item = QListWidgetItem(self._change_text(i))
            item.setToolTip(f"A: {c.a_words or '—'}\nB: {c.b_words or '—'}")
            item.setData(Qt.ItemDataRole.UserRole, i)
            self.change_list.addItem(item)
        self.change_list.blockSignals(False)
        self.current = -1
        if cmp.changes:
            self.summary_label.setText(_("{s} · {p}% gelijk").format(
                s=cmp.summary(language()), p=int(round(cmp.similarity * 100))))
        else:
            self.summary_label.setText(_("Geen verschillen: de teksten zijn gelijk."))
        self.text.setExtraSelections([])
        self._update_buttons()

    def _change_text(self, i: int) -> str:
        assert self.result is not None  # the change list is filled from a comparison
        c = self.result.comparison.changes[i]
        kind = {"insert": _("ingevoegd"), "delete": _("verwijderd"), "replace": _("gewijzigd")}[c.op]
        where = self._label_b(c.b_line) if c.op != "delete" else self._label_a(c.a_line)

        def short(s: str) -> str:
            return s if len(s) <= 40 else s[:38] + "…"

        words = {"insert": f"+ {short(c.b_words)}", "delete": f"− {short(c.a_words)}",
                 "replace": f"{short(c.a_words)} → {short(c.b_words)}"}[c.op]
        mark = f"■ {_('lakking')} · " if c.redaction else ""
        return f"{i + 1}. {mark}{kind}, {where}\n{words}"

    def _change_ranges(self) -> dict[int, list[tuple[int, int]]]:
        """Character ranges in the text of each change (its links), for the current mark."""
        out: dict[int, list[tuple[int, int]]] = {}
        b = self.text.document().begin()
        while b.isValid():
            it = b.begin()
            while not it.atEnd():
                frag = it.fragment()
                href = frag.charFormat().anchorHref()
                if href.startswith("change:"):
                    out.setdefault(int(href[7:]), []).append((frag.position(), frag.position() + frag.length()))
                it += 1
            b = b.next()
        return out

    # -- walking the changes -----------------------------------------------------------------
    def change_count(self) -> int:
        return len(self.result.comparison.changes) if self.result else 0

    def next_change(self) -> None:
        n = self.change_count()
        if n:
            self.go_to_change((self.current + 1) % n if self.current >= 0 else 0)

    def previous_change(self) -> None:
        n = self.change_count()
        if n:
            self.go_to_change((self.current - 1) % n if self.current >= 0 else n - 1)

    def go_to_change(self, i: int) -> None:
        if not 0 <= i < self.change_count():
            return
        self.current = i
        if self.change_list.currentRow() != i:
            self.change_list.blockSignals(True)
            self.change_list.setCurrentRow(i)
            self.change_list.blockSignals(False)
        self.change_list.scrollToItem(self.change_list.item(i))
        sels = []
        for start, end in self._ranges.get(i, []):
            sel = QTextEdit.ExtraSelection()
            cur = QTextCursor(self.text.document())
            cur.setPosition(start)
            cur.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cur
            fmt = QTextCharFormat()
            c = scheme(self.palette())
            fmt.setBackground(c.current_bg)
            fmt.setFontUnderline(True)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(c.current_line)
            fmt.setProperty(QTextFormat.Property.FontWeight, 700)
            sel.format = fmt
            sels.append(sel)
        self.text.setExtraSelections(sels)
        if sels:
            # the change a third down the view, so its context above shows too
            rect = self.text.cursorRect(sels[0].cursor)
            bar = self.text.verticalScrollBar()
            bar.setValue(bar.value() + rect.top() - self.text.viewport().height() // 3)
        self._update_buttons()

    def _list_row_changed(self, row: int) -> None:
        if row >= 0 and row != self.current:
            self.go_to_change(row)

    def _anchor_clicked(self, url: QUrl) -> None:
        s = url.toString()
        if s.startswith("change:"):
            self.go_to_change(int(s[7:]))

    def change_visible(self, i: int) -> bool:
        """Whether change i is in the visible part of the text (tests)."""
        ranges = self._ranges.get(i)
        if not ranges:
            return False
        cur = QTextCursor(self.text.document())
        cur.setPosition(ranges[0][0])
        return self.text.viewport().rect().contains(self.text.cursorRect(cur).center())

    def _update_buttons(self) -> None:
        n = self.change_count()
        for b in (self.prev_button, self.next_button):
            b.setEnabled(n > 0)
        for b in (self.open_a_button, self.open_b_button):
            b.setEnabled(self.current >= 0)
        for b in (self.html_button, self.pdf_button):
            b.setEnabled(self.result is not None)
        self.position_label.setText(_("wijziging {i} van {n}").format(i=self.current + 1, n=n)
                                    if self.current >= 0 else "")

    # -- to the documents ------------------------------------------------------------------
    def change_location(self, i: int | None = None, side: str | None = None):
        """The Location of a change in document A or B (default: B, or A for a deletion)."""
        i = self.current if i is None else i
        if self.result is None or not 0 <= i < self.change_count():
            return None
        c = self.result.comparison.changes[i]
        side = side or ("a" if c.op == "delete" else "b")
        doc, idx, lines, words = ((self.result.a, c.a_line, self.result.a_lines, c.a_words) if side == "a"
                                  else (self.result.b, c.b_line, self.result.b_lines, c.b_words))
        page, line = lines[idx] if idx is not None and 0 <= idx < len(lines) else (None, None)
        # the changed words are highlighted there, unless they are a long passage
        query = words if words and len(words.split()) <= 4 else None
        return location_for(self.archive, doc, page, line, query)

    def open_change(self, side: str | None = None) -> None:
        loc = self.change_location(side=side)
        if loc is not None:
            self.navigate.emit(loc)

    # -- export ----------------------------------------------------------------------------
    def _titles(self) -> tuple[str, str]:
        return self.doc_label(self.doc_a), self.doc_label(self.doc_b)

    def export_html(self, path: str) -> str | None:
        """The comparison as a standalone HTML page; returns an error text or None."""
        if self.result is None:
            return None
        ta, tb = self._titles()
        return write_bytes(path, to_html(self.result.comparison, ta, tb, lang=language()).encode("utf-8"))

    def export_pdf(self, path: str) -> str | None:
        """The comparison as a PDF (A4 landscape, the aligned table); returns an error or None."""
        if self.result is None:
            return None
        ta, tb = self._titles()
        st = styles(paper())  # printed: black on white whatever the theme
        legend = (f'<span style="{st["insert"]}">{_("ingevoegd")}</span> · '
                  f'<span style="{st["delete"]}">{_("verwijderd")}</span> · '
                  f'<span style="{st["change_b"]}">{_("gewijzigd")}</span>')
        body = (f"<h2>{html.escape(_('Vergelijking'))}</h2>"
                f"<p><b>A</b>: {html.escape(ta)}<br><b>B</b>: {html.escape(tb)}</p>"
                f"<p><b>{html.escape(self.summary_label.text())}</b> — {legend}</p>"
                + rows_html(aligned_rows(self.result.comparison, links=False, colours=paper()),
                            self._label_a, self._label_b, "A", "B", colours=paper()))
        doc = QTextDocument()
        doc.setDefaultFont(self.text.document().defaultFont())
        doc.setHtml("<html><body>" + body + "</body></html>")
        writer = QPdfWriter(path)
        writer.setTitle(f"{_('Vergelijking')}: {ta} / {tb}")
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                         QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
        writer.setResolution(150)
        doc.print_(writer)
        del writer  # finishes the file
        if not os.path.exists(path) or os.path.getsize(path) == 0:
            return _("Kan {path} niet schrijven: {reason}").format(path=path, reason="PDF")
        return None

    def _export_dialog(self, suffix: str, filt: str, fn) -> str | None:
        if self.result is None:
            return None
        name = f"vergelijking-{self.result.a}-{self.result.b}.{suffix}"
        path, _filter = QFileDialog.getSaveFileName(self, _("Vergelijking"), name, filt)
        if not path:
            return None
        if not path.lower().endswith("." + suffix):
            path += "." + suffix
        error = fn(path)
        if error:
            QMessageBox.warning(self, _("Vergelijking"), error)
            return None
        self.status.emit(_("Vergelijking opgeslagen in {path}").format(path=path))
        return path

    def export_html_dialog(self) -> str | None:
        return self._export_dialog("html", _("HTML-bestanden (*.html)"), self.export_html)

    def export_pdf_dialog(self) -> str | None:
        return self._export_dialog("pdf", _("PDF-bestanden (*.pdf)"), self.export_pdf)
