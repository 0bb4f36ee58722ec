"""Add or edit a note: the text, free tags, and where the note is about (read-only)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCompleter, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QVBoxLayout)

from .colours import scheme
from .i18n import _, add_translations

add_translations({
    "Notitie toevoegen": "Add note",
    "Notitie bewerken": "Edit note",
    "Over": "About",
    "Notitie": "Note",
    "Tags": "Tags",
    "gescheiden door komma's, bijv. navragen, besluit nodig": "separated by commas, e.g. navragen, besluit nodig",
    "Citaat": "Quote",
    "Verweesd: de tekst staat niet meer in het document": "Orphaned: the text is no longer in the document",
})


def split_tags(text: str) -> list[str]:
    """'navragen, besluit nodig' -> ['navragen', 'besluit nodig']."""
    return [t.strip() for t in text.replace(";", ",").split(",") if t.strip()]


class NoteDialog(QDialog):
    def __init__(self, about: str, *, body: str = "", tags=(), known_tags=(), quote: str = "",
                 orphaned: bool = False, editing: bool = False, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Notitie bewerken") if editing else _("Notitie toevoegen"))
        self.resize(480, 320)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.about = QLabel(about)
        self.about.setWordWrap(True)
        self.about.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(_("Over") + ":", self.about)
        if quote:
            q = QLabel(f"“{quote}”")
            q.setWordWrap(True)
            q.setStyleSheet("color: palette(mid); font-style: italic;")
            form.addRow(_("Citaat") + ":", q)
        if orphaned:
            warn = QLabel(_("Verweesd: de tekst staat niet meer in het document"))
            warn.setStyleSheet(f"color: {scheme(self.palette()).warn.name()};")
            form.addRow("", warn)
        self.body = QPlainTextEdit(body)
        self.body.setAccessibleName(_("Notitie"))
        self.body.setTabChangesFocus(True)
        form.addRow(_("Notitie") + ":", self.body)
        self.tags = QLineEdit(", ".join(tags))
        self.tags.setPlaceholderText(_("gescheiden door komma's, bijv. navragen, besluit nodig"))
        self.tags.setAccessibleName(_("Tags"))
        if known_tags:
            comp = QCompleter(sorted(known_tags), self)
            comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.tags.setCompleter(comp)
        form.addRow(_("Tags") + ":", self.tags)
        lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.body.setFocus()

    def values(self) -> tuple[str, list[str]]:
        return self.body.toPlainText().strip(), split_tags(self.tags.text())


def add_note(parent, store, anchor, *, about: str | None = None):
    """Ask for a note on ``anchor`` and store it; returns the Note, or None when cancelled."""
    from ..notes import Note, Place, place_label

    label = about or place_label(Note("", anchor, place=Place("attached", page=anchor.page, line=anchor.line)))
    dlg = NoteDialog(label, known_tags=list(store.tags()), quote=anchor.quote if anchor.kind == "selection" else "",
                     parent=parent)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    body, tags = dlg.values()
    if not body and not tags:
        return None
    return store.add_note(anchor, body, tags)


def edit_note(parent, store, note):
    """Edit a stored note; returns the updated Note, or None when cancelled."""
    from ..notes import place_label

    dlg = NoteDialog(place_label(note), body=note.body, tags=note.tags, known_tags=list(store.tags()),
                     quote=note.anchor.quote if note.anchor.kind == "selection" else "",
                     orphaned=note.orphaned, editing=True, parent=parent)
    if dlg.exec() != QDialog.Accepted:
        return None
    body, tags = dlg.values()
    return store.update_note(note.uuid, body=body, tags=tags)
