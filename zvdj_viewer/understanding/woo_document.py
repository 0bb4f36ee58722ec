"""What a Woo handler needs to know of each released document, beyond type and metadata.

``enrich(doc, lines, source)`` fills in, for one analysed document:

* an e-mail (a header block at its top): the subject as title, the sent date as date, sender
  and recipients as participants ({"from": [...], "to": [...], "cc": [...]}, a redacted one
  as "[10.2.e]");
* an inventory list: its rows (``inventory_table.parse_rows``), and no date taken from a row;
* the number stamped on its first page (``stamps.stamp_of``);
* a title ranked by ``titles.choose_title`` when the one found so far is a label, stamp,
  code or fragment, and a date printed on its own line at the top when none was found;
* an official publication (XML/HTML): title, date, dossier and number from its metadata.
"""

from __future__ import annotations

import re

from .dates import parse_date, parse_date_ocr
from .email_header import top_email
from .furniture import clean
from .inventory_table import is_inventory_page, parse_rows, table_order
from .label_value import value_index
from ..model import DocLine, Document, SourceText
from .publication import apply_metadata
from .stamps import stamp_of
from .titles import choose_title, has_own_title, is_bad_title


# a date a permit or letter is valid until, or a deadline ("Geldig tot 1 maart 2011",
# "Vervaldatum vergunning 4 maart 2014", "uiterlijk 1 juni 2020", "Deadline: 11-10-2024"): not
# the date it was made
_TERM_DATE = re.compile(r"\b(?:geldig|vervaldatum|verloopt|uiterlijk|deadline|tot en met|t/m)\b", re.I)


def _top_date(lines: list[DocLine]) -> str | None:
    first = lines[0].page if lines else None
    content = [clean(dl.text) for dl in lines if dl.page == first and clean(dl.text) and not dl.furniture]
    for t in content[:12]:
        if len(t) <= 40 and not _TERM_DATE.search(t) and (iso := parse_date_ocr(t)):
            return iso
    return None


# the place and date a letter or decision is signed with ("Amsterdam, 14 augustus 2008",
# "Den Haag, 3 mei 2019"), on a line of its own
_PLACE_DATE = re.compile(r"^[A-Z][\w'.-]{1,24}(?: [A-Za-z][\w'.-]{1,24}){0,2},\s?(.{6,24})$")


# a line of the signature block a date stamp is put beside: the place alone ("Amsterdam,"),
# or the signing line ("Namens de burgemeester van Amsterdam,", "De burgemeester van X,")
_SIGNING = re.compile(r"^(?:[A-Z][\w'.-]{1,24}(?: [A-Za-z][\w'.-]{1,24}){0,2}|(?i:namens|hoogachtend|de burgemeester)\b.{0,60}),$")


def _signed_date(lines: list[DocLine]) -> str | None:
    """The date of the first "Place, date" line of the document (its first 600 lines), or of
    a date stamp on a line of its own just under the place or signing line (OCR reads the
    stamp as a line apart: "Amsterdam," ... "10 FEB. 2016")."""
    texts = [t for dl in lines[:600] if (t := clean(dl.text))]
    for k, t in enumerate(texts):
        if len(t) <= 50 and (m := _PLACE_DATE.match(t)) and (iso := parse_date_ocr(m.group(1))):
            return iso
        if len(t) <= 80 and _SIGNING.match(t):
            for u in texts[k + 1:k + 4]:
                if len(u) <= 24 and (iso := parse_date_ocr(u)):
                    return iso
    return None


def _running_date(lines: list[DocLine], source: SourceText) -> str | None:
    """The date in the running header of a letter's next pages ("Gemeente Amsterdam
    21-03-2016" at the top of page 2): a short line in the top eighth of pages 2-3 of the
    document (positions needed), furniture included (a running header is furniture)."""
    first = lines[0].page if lines else None
    heights = {p.number: p.height or 842.0 for p in source.pages}
    for dl in lines:
        if dl.page == first:
            continue
        if first is not None and dl.page > first + 2:
            break
        b = dl.line.bbox
        t = clean(dl.text)
        if b and b[1] < heights.get(dl.page, 842.0) / 8 and len(t) <= 45 and (iso := parse_date_ocr(t)):
            return iso
    return None


_SIGNED_TYPES = ("besluit", "other", "nota", "kamerbrief", "bijlage")
_MEETING_TYPES = ("agenda", "geannoteerde_agenda", "verslag", "besluitenlijst", "verslag_schriftelijk_overleg",
                  "voortgangsrapportage", "kamerstuk")


def enrich(doc: Document, lines: list[DocLine], source: SourceText) -> None:
    if source.kind in ("xml", "html"):
        apply_metadata(doc, source)  # an official publication: its own metadata
        if not doc.doc_date and lines:
            doc.doc_date = _top_date(lines)
        return
    if not lines:
        return
    header = top_email(lines) if doc.type in ("email", "other") else None
    if header is not None:
        doc.type = "email"
        if header.sent:
            doc.doc_date = header.sent
        people = header.participants()
        if people:
            doc.participants = people
    if doc.type == "inventarislijst":
        doc.inventory = parse_rows(_table_texts(lines))
        if doc.doc_date and not _dated_before_rows(lines, doc.doc_date):
            doc.doc_date = None
        if not doc.doc_date:
            doc.doc_date = _header_date(lines)
    if source.kind == "pdf":
        page = next((p for p in source.pages if p.number == lines[0].page), None)
        if page is not None:
            doc.stamp = stamp_of(page)
    # meeting documents keep the title their header gives (series and date); released
    # documents in a Woo bundle get the ranked one
    if (source.kind == "pdf" and doc.type not in _MEETING_TYPES) or is_bad_title(doc.title):
        doc.title = choose_title(lines, doc.type, header.subject if header else None,
                                 None if is_bad_title(doc.title) else doc.title) or doc.title
    if not doc.doc_date and doc.type != "inventarislijst":
        doc.doc_date = _top_date(lines) or (
            (_signed_date(lines) or _running_date(lines, source)) if doc.type in _SIGNED_TYPES else None)


def _table_texts(lines: list[DocLine]) -> list[str]:
    """The document's lines for row parsing, page by page: each page as its text layer gives
    it, or row by row (``inventory_table.table_order``) where that gives more of its rows
    their assessment (a text layer that puts cells out of their rows; a table whose cells sit
    centred in tall rows reads better as it is)."""
    out: list[str] = []
    page: list = []
    for k, dl in enumerate(lines):
        page.append(dl.line)
        if k + 1 == len(lines) or lines[k + 1].page != dl.page:
            given = [clean(ln.text) for ln in page if not ln.furniture]
            rows = [clean(ln.text) for ln in table_order(page)]
            # judged with the end of the pages before (a page may begin with the sub-rows
            # "a", "b" of a number on the previous page)
            context = out[-_CONTEXT:]
            # (the same lines either way, the most common case: nothing to compare)
            out += rows if rows != given and _assessed(context + rows) > _assessed(context + given) else given
            page = []
    return out


_CONTEXT = 40  # lines


def _assessed(texts: list[str]) -> int:
    return sum(1 for r in parse_rows(texts) if r["assessment"])


def _dated_before_rows(lines: list[DocLine], iso: str) -> bool:
    """True when ``iso`` is printed in the page header above the table, not in a row."""
    first = lines[0].page
    texts = [clean(dl.text) for dl in lines if dl.page == first and clean(dl.text)]
    rows_from = next((k for k in range(len(texts)) if is_inventory_page(texts[:k + 1])), len(texts))
    return any(parse_date(t) == iso for t in texts[:max(rows_from, 1)] if len(t) <= 60)


def _header_date(lines: list[DocLine]) -> str | None:
    """The date after a "Datum" label in the page header above an inventory table: on the
    label's line, else beside or under it (a sidebar), else on the next line."""
    first = lines[0].page
    page = [dl for dl in lines if dl.page == first and clean(dl.text)]
    texts = [clean(dl.text) for dl in page][:40]
    for k, t in enumerate(texts):
        if is_inventory_page(texts[:k + 1]):
            break
        low = t.lower()
        if low.startswith("datum"):
            iso = parse_date(t[5:])
            if not iso:
                j = value_index([dl.line for dl in page], k)
                iso = parse_date(texts[j] if j is not None and j < len(texts) else "")
            if not iso and k + 1 < len(texts):
                iso = parse_date(texts[k + 1])
            if iso:
                return iso
    return None


def _row_key(number: str | None) -> str | None:
    """The stamp-comparable form of an inventory number: "3", "003", "3." -> "3"; "1a" stays."""
    if not number:
        return None
    n = number.strip().rstrip(".").lower()
    return str(int(n)) if n.isdigit() else n


_ROW_KINDS = [
    ("email", re.compile(r"^(?:fw|fwd|re|tr)\s*:|\be-?mail\b", re.I)),
    ("bijlage", re.compile(r"\bbijlage\b", re.I)),
    ("nota", re.compile(r"\b(?:nota|memo|notitie|beslisnota)\b", re.I)),
]


def name_from_inventory(docs: list[Document], doc_lines: list[list[DocLine]]) -> None:
    """Released documents whose stamped number is a row of the release's inventory list take
    the row's description as title unless they name themselves (an e-mail subject, a
    Betreft): the list is the handler's own name for them, better than a first line. They
    take its date when they print none (a scanned page gives no text to take them from)."""
    rows = {_row_key(r.get("number")): r for d in docs if d.type == "inventarislijst" for r in d.inventory}
    rows.pop(None, None)
    if not rows:
        return
    for d, lines in zip(docs, doc_lines):
        row = rows.get(_row_key(d.stamp)) if d.type != "inventarislijst" else None
        if row is None:
            continue
        own = has_own_title(lines, d.title if d.type == "email" else None)
        if row.get("title") and (is_bad_title(d.title) or not own):
            d.title = row["title"][:200]
        if row.get("date") and not d.doc_date:
            d.doc_date = row["date"]
        if d.type == "other" and row.get("title"):
            # the list says what kind of document it is, where the document itself did not
            kind = next((t for t, rx in _ROW_KINDS if rx.search(row["title"])), None)
            if kind:
                d.type, d.type_evidence = kind, f"inventory row {row.get('number')}: {row['title'][:60]}"
