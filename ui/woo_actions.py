"""Small pieces the Woo views share: the inventory export action and a Location for a place
in a document. (Their slow core work runs in the background through tasks.py.)"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from .i18n import _, add_translations
from .navigation import Location

if TYPE_CHECKING:
    from ..archive.contract import ArchiveReader

add_translations({
    "Inventarislijst exporteren…": "Export inventory list…",
    "Inventarislijst": "Inventory list",
    "CSV-bestanden (*.csv)": "CSV files (*.csv)",
    "Kan {path} niet schrijven: {reason}": "Cannot write {path}: {reason}",
    "Inventarislijst met {n} documenten opgeslagen in {path}": "Inventory list of {n} documents saved to {path}",
})


def is_pdf(doc) -> bool:
    """Whether a document is read from a PDF (pages) rather than a text source (lines)."""
    if doc is None:
        return False
    kind = doc.kind
    return kind == "pdf" or (kind is None and str(doc.source).lower().endswith(".pdf"))


def location_for(archive: ArchiveReader, doc_id: str, page: int | None, line: int | None,
                 query: str | None = None) -> Location:
    """Where to open a document for a (page, line) found by the Woo tools: a PDF opens at the
    page, a text source at its file line (its 'page' is the whole file)."""
    doc = archive.document(doc_id)
    if is_pdf(doc):
        return Location("document", doc_id, page=page, query=query or None)
    return Location("document", doc_id, line=line, query=query or None)


def write_bytes(path: str, data: bytes) -> str | None:
    """Write a file; the reason in clear words when it fails, else None."""
    from ..outfile import OutputError, write_atomic

    try:  # whole or not at all: a temporary file beside it, then one rename
        write_atomic(path, data)
    except OutputError as err:
        return _("Kan {path} niet schrijven: {reason}").format(path=path, reason=err)
    return None


def export_inventory(archive: ArchiveReader, parent=None, path: str | None = None) -> str | None:
    """'Inventarislijst exporteren…': ask for a file (unless path is given) and write the
    Woo inventory list as CSV for a Dutch spreadsheet. Returns the path written, or None."""
    from ..woo import inventory, service

    if path is None:
        from .widgets import default_save_path

        path, _filter = QFileDialog.getSaveFileName(parent, _("Inventarislijst exporteren…"),
                                                    default_save_path("inventarislijst.csv"),
                                                    _("CSV-bestanden (*.csv)"))
    if not path:
        return None
    if not path.lower().endswith(".csv"):
        path += ".csv"
    rows = service.inventory(archive)
    error = write_bytes(path, inventory.inventory_csv(rows))
    if error:
        if parent is not None:
            QMessageBox.warning(parent, _("Inventarislijst"), error)
        return None
    if parent is not None and hasattr(parent, "statusBar"):
        parent.statusBar().showMessage(
            _("Inventarislijst met {n} documenten opgeslagen in {path}").format(n=len(rows), path=os.path.basename(path)),
            8000)
    return path
