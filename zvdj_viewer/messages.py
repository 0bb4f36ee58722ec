"""The readers' and the pipeline's messages about a file, as facts: a code and its values.

The catalog stores problems ("page 8-20: no text layer") and failure reasons ("malformed XML
(...)") as the English text the CLI prints. The app words them in its own language: it asks
``parse`` for the code and the values, and keeps the text as it is for a message it does
not know. Each pattern here mirrors one message written in readers/ or pipeline.py; a new
message there needs a line here (tests/unit/test_messages.py lists every one).
"""

from __future__ import annotations

import re

_FORMS: tuple[tuple[str, str], ...] = (
    # problems: the file was read, something is missing or odd
    ("no_text_layer", r"(?P<pages>pages? [0-9, -]{1,400}): no text layer"),
    ("garbled", r"(?P<pages>pages? [0-9, -]{1,400}): unreadable text layer \(garbled characters\)"),
    ("page_unreadable", r"page (?P<page>\d{1,6}): could not be read \((?P<detail>.{0,500})\)"),
    ("pdf_repaired", r"damaged PDF, repaired when opened: some text may be missing"),
    ("bookmarks_unreadable", r"bookmarks could not be read"),
    ("not_utf8", r"not UTF-8 \(byte (?P<byte>\d{1,12})\); read as Windows-1252"),
    ("xml_recovered", r"malformed XML, recovered the readable part \((?P<detail>.{0,500})\)"),
    ("ocr_not_installed", r"(?P<n>\d{1,9}) scanned pages stay unsearchable until Tesseract OCR with the Dutch "
                          r"language data is installed \(see README, 'Scanned pages'\)"),
    ("analysis_failed", r"document analysis failed \((?P<detail>.{0,500})\); kept as one document"),
    # failures: the file could not be read at all
    ("not_found", r"file not found"),
    ("cannot_open", r"cannot be opened \((?P<detail>.{0,300})\)"),
    ("not_regular", r"not a regular file"),
    ("empty", r"empty file \(0 bytes\)"),
    ("no_permission", r"no permission to read the file"),
    ("cannot_read", r"cannot be read \((?P<detail>.{0,300})\)"),
    ("text_too_large", r"too large for a text file \((?P<size>[\d,]{1,20}) bytes; text files up to "
                       r"(?P<limit>\d{1,6}) MB are read\)"),
    ("broken_utf16", r"not a text file \(broken UTF-16\)"),
    ("binary", r"not a text file \(binary content\)"),
    ("blank_text", r"no text in the file \(only blank lines\)"),
    ("no_text_publication", r"no text found in the publication"),
    ("malformed_xml", r"malformed XML \((?P<detail>.{0,500}?)\)(?:; the file starts with '(?P<junk>.{0,40})' before the XML)?"),
    ("malformed_html", r"malformed HTML \((?P<detail>.{0,500})\)"),
    ("not_pdf", r"not a PDF file \(starts with (?P<start>.{0,60})\)"),
    ("pdf_damaged", r"damaged or truncated PDF \((?P<detail>.{0,500})\)"),
    ("pdf_encrypted", r"encrypted PDF: it needs a password"),
    ("pdf_no_pages", r"damaged or truncated PDF: no pages found"),
    ("pdf_unreadable", r"damaged PDF: no page could be read \((?P<detail>.{0,500})\)"),
    ("out_of_memory", r"too large to read \(out of memory\)"),
    ("reader_crashed", r"the reader crashed on this file; skipped"),
    ("timeout", r"took too long \(more than (?P<seconds>[\d.]{1,10}) s\); skipped"),
    ("unreadable", r"could not be read(?: \((?P<detail>.{0,500})\))?"),
)
_COMPILED = tuple((code, re.compile(rx + r"\Z", re.S)) for code, rx in _FORMS)
_PAGES = re.compile(r"pages? ")


def parse(message: str) -> tuple[str, dict[str, str]] | None:
    """("no_text_layer", {"pages": "8-20, 22"}) for "page 8-20, 22: no text layer"; None
    for a message of another form (the caller shows it as it is)."""
    text = (message or "").strip()
    for code, rx in _COMPILED:
        m = rx.match(text)
        if m:
            values = {k: v for k, v in m.groupdict().items() if v is not None}
            if "pages" in values:  # the numbers only: "8-20, 22"
                values["pages"] = _PAGES.sub("", values["pages"], count=1)
            return code, values
    return None
