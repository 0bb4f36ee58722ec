"""The Woo inventory list: one row per document, as CSV that opens right in a spreadsheet.

Dutch spreadsheets (Excel with a Dutch locale, LibreOffice) expect ';' between fields
(',' is the decimal sign), and only read UTF-8 correctly with a byte-order mark. Dates are
written dd-mm-jjjj, the form of published Woo inventories, which a Dutch Excel reads as a date.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

COLUMNS = ("nr", "document", "datum", "type", "titel", "pagina's", "vergadering",
           "gronden", "beoordeling", "bron")

TYPE_NAMES = {
    "agenda": "Agenda", "geannoteerde_agenda": "Geannoteerde agenda", "nota": "Nota",
    "verslag": "Verslag", "besluitenlijst": "Besluitenlijst", "kamerbrief": "Kamerbrief",
    "kamerstuk": "Kamerstuk", "verslag_schriftelijk_overleg": "Verslag schriftelijk overleg",
    "voortgangsrapportage": "Voortgangsrapportage", "besluit": "Besluit",
    "inventarislijst": "Inventarislijst", "bijlage": "Bijlage", "email": "E-mail", "other": "Overig",
}


@dataclass(frozen=True)
class InventoryRow:
    nr: int
    document: str  # "d12"
    date: str | None  # ISO
    type: str
    title: str
    pages: str  # "3-7", "1", or lines "r. 10-80" for text sources
    meeting: str  # "BO Rijk-VNG 6 november 2019"
    grounds: tuple[str, ...]  # normalised codes found
    source: str
    boxes: int = 0  # redaction boxes found on its pages
    unreadable: tuple[int, ...] = ()  # pages without readable text (scans not OCR'd)

    @property
    def status(self) -> str:
        """Released in full, or in part (something was redacted); never "openbaar" for a
        document with a redaction box or with a page nobody could read."""
        if self.unreadable:
            return "niet beoordeeld: geen tekst"
        return "deels openbaar" if self.grounds or self.boxes else "openbaar"


def dutch_date(iso: str | None) -> str:
    if not iso or len(iso) < 10:
        return iso or ""
    y, m, d = iso[:10].split("-")
    return f"{d}-{m}-{y}"


def inventory_csv(rows: Sequence[InventoryRow]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow([r.nr, r.document, dutch_date(r.date), TYPE_NAMES.get(r.type, r.type), r.title,
                    r.pages, r.meeting, ", ".join(r.grounds), r.status, r.source])
    # a file name that is not UTF-8 keeps its bytes readable as \xNN (see fsnames.py)
    return ("\ufeff" + buf.getvalue()).encode("utf-8", "surrogateescape")
