"""The core's messages about files parse into a code and values, for every form the readers
and the pipeline write (fictional values)."""

import pytest

from zvdj_viewer.messages import parse

FORMS = [
    ("page 8-20, 22: no text layer", "no_text_layer", {"pages": "8-20, 22"}),
    ("page 3: unreadable text layer (garbled characters)", "garbled", {"pages": "3"}),
    ("page 4: could not be read (bad xref)", "page_unreadable", {"page": "4", "detail": "bad xref"}),
    ("damaged PDF, repaired when opened: some text may be missing", "pdf_repaired", {}),
    ("bookmarks could not be read", "bookmarks_unreadable", {}),
    ("not UTF-8 (byte 17); read as Windows-1252", "not_utf8", {"byte": "17"}),
    ("malformed XML, recovered the readable part (tag mismatch)", "xml_recovered", {"detail": "tag mismatch"}),
    ("14 scanned pages stay unsearchable until Tesseract OCR with the Dutch language data is installed "
     "(see README, 'Scanned pages')", "ocr_not_installed", {"n": "14"}),
    ("document analysis failed (ValueError: x); kept as one document", "analysis_failed",
     {"detail": "ValueError: x"}),
    ("file not found", "not_found", {}),
    ("cannot be opened (Permission denied)", "cannot_open", {"detail": "Permission denied"}),
    ("empty file (0 bytes)", "empty", {}),
    ("too large for a text file (123,456,789 bytes; text files up to 100 MB are read)", "text_too_large",
     {"size": "123,456,789", "limit": "100"}),
    ("not a text file (binary content)", "binary", {}),
    ("malformed XML (no root element)", "malformed_xml", {"detail": "no root element"}),
    ("malformed XML (Start tag expected, line 1); the file starts with 'ï»¿' before the XML", "malformed_xml",
     {"detail": "Start tag expected, line 1", "junk": "ï»¿"}),
    ("not a PDF file (starts with 'xq 12')", "not_pdf", {"start": "'xq 12'"}),
    ("encrypted PDF: it needs a password", "pdf_encrypted", {}),
    ("took too long (more than 120 s); skipped", "timeout", {"seconds": "120"}),
    ("the reader crashed on this file; skipped", "reader_crashed", {}),
    ("could not be read (OSError: disk)", "unreadable", {"detail": "OSError: disk"}),
]


@pytest.mark.parametrize("text,code,values", FORMS)
def test_each_form_parses(text, code, values):
    assert parse(text) == (code, values)


def test_an_unknown_message_is_left_to_the_caller():
    assert parse("something else entirely") is None
    assert parse("") is None


def test_the_app_words_them_in_its_language():
    from zvdj_viewer.ui import i18n
    from zvdj_viewer.ui.wording import file_message

    try:
        assert file_message("page 1: no text layer") == "pagina 1: geen tekstlaag (alleen als afbeelding te zien)"
        assert file_message("page 2-5: no text layer").startswith("pagina's 2-5:")
        i18n.set_language("en")
        assert file_message("page 2-5: no text layer").startswith("pages 2-5: no text layer")
        assert file_message("something else") == "something else"
    finally:
        i18n.set_language("nl")
