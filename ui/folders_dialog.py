"""Add and remove archive folders. Removing a folder only forgets it: files stay untouched."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QListWidget,
                               QMessageBox, QPushButton, QVBoxLayout)

from .i18n import _, add_translations

if TYPE_CHECKING:
    from ..archive.contract import ArchiveWriter

add_translations({
    "Archiefmappen": "Archive folders", "Mappen": "Folders", "Toevoegen…": "Add…", "Verwijderen": "Remove",
    "Mappen worden alleen gelezen. Verwijderen haalt een map uit het archief, niet van de schijf.":
    "Folders are only read. Removing takes a folder out of the archive, not off the disk.",
})


class FoldersDialog(QDialog):
    archive: ArchiveWriter  # what it may call: zvdj_viewer/archive/contract.py

    def __init__(self, archive, parent=None):
        super().__init__(parent)
        self.archive = archive
        self.changed = False
        self.setWindowTitle(_("Archiefmappen"))
        self.list = QListWidget()
        add = QPushButton(_("Toevoegen…"))
        add.clicked.connect(lambda _checked=False: self.add())
        self.remove_button = QPushButton(_("Verwijderen"))
        self.remove_button.clicked.connect(self.remove)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(self.remove_button)
        row.addStretch()
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(_("Mappen worden alleen gelezen. Verwijderen haalt een map uit het archief, "
                               "niet van de schijf."), wordWrap=True))
        lay.addWidget(self.list)
        lay.addLayout(row)
        lay.addWidget(buttons)
        self.resize(640, 320)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        self.list.addItems(self.archive.folders())

    def add(self, path: str | None = None) -> None:
        path = path or QFileDialog.getExistingDirectory(self, _("Toevoegen…"))
        if path and self._write(self.archive.add_folder, path):
            self.changed = True
            self.reload()

    def remove(self) -> None:
        item = self.list.currentItem()
        if item is not None and self._write(self.archive.remove_folder, item.text()):
            self.changed = True
            self.reload()

    def _write(self, change, path: str) -> bool:
        """Add or remove under the archive's one-writer lock; while an update runs (here or
        in another program) say so instead of writing beside it."""
        from ..archive.errors import ArchiveBusy, DataDirError

        try:
            change(path)
        except (ArchiveBusy, DataDirError) as err:
            QMessageBox.warning(self, _("Mappen"), str(err))
            return False
        return True
