"""What the core reports, in the words of the interface: the indexing summary and the
problems and failure reasons of files. The core hands out facts (counts, a message code
from ``zvdj_viewer.messages``); the wording and its language live here."""

from __future__ import annotations

from .. import messages
from ..archive.types import Phase, Progress
from .i18n import _, add_translations, language, plural

add_translations({
    "{n} bestand": "{n} file", "{n} bestanden": "{n} files",
    "{n} nieuw": "{n} new", "{n} gewijzigd": "{n} changed", "{n} ongewijzigd": "{n} unchanged",
    "{n} hernoemd": "{n} renamed", "{n} verwijderd": "{n} removed",
    "{n} niet gelezen": "{n} not read",
    "{n} pagina": "{n} page", "{n} pagina's": "{n} pages",
    "{files}: {parts}; {pages} in {s} s": "{files}: {parts}; {pages} in {s} s",
    "{n} pagina's per seconde": "{n} pages per second",
    "afgebroken: {summary}": "cancelled: {summary}",
    "Indexeren: {done}/{total} {name}": "Indexing: {done}/{total} {name}",
    "OCR: {done}/{total} pagina's {name}": "OCR: {done}/{total} pages {name}",
    "Indexeren: {done} van {n} bestand gelezen · {name}: pagina {page} van {pages}":
        "Indexing: {done} of {n} file read · {name}: page {page} of {pages}",
    "Indexeren: {done} van {n} bestanden gelezen · {name}: pagina {page} van {pages}":
        "Indexing: {done} of {n} files read · {name}: page {page} of {pages}",
    "pagina {pages}": "page {pages}", "pagina's {pages}": "pages {pages}",
    "{where}: geen tekstlaag (alleen als afbeelding te zien)": "{where}: no text layer (shown as an image only)",
    "{n} gescande pagina's blijven onvindbaar tot Tesseract OCR met de Nederlandse taaldata is geïnstalleerd "
    "(zie README, 'Scanned pages')": "{n} scanned pages stay unsearchable until Tesseract OCR with the Dutch "
                                     "language data is installed (see README, 'Scanned pages')",
    "{where}: onleesbare tekstlaag (verminkte tekens)": "{where}: unreadable text layer (garbled characters)",
    "pagina {page} kon niet worden gelezen ({detail})": "page {page} could not be read ({detail})",
    "beschadigde PDF, bij het openen hersteld: er kan tekst ontbreken":
        "damaged PDF, repaired when opened: some text may be missing",
    "de bladwijzers konden niet worden gelezen": "the bookmarks could not be read",
    "geen UTF-8 (byte {byte}); gelezen als Windows-1252": "not UTF-8 (byte {byte}); read as Windows-1252",
    "ongeldige XML, het leesbare deel is gelezen ({detail})": "malformed XML, the readable part was read ({detail})",
    "ontleden van het document mislukt ({detail}); bewaard als één document":
        "document analysis failed ({detail}); kept as one document",
    "bestand niet gevonden": "file not found",
    "kan niet worden geopend ({detail})": "cannot be opened ({detail})",
    "geen gewoon bestand": "not a regular file",
    "leeg bestand (0 bytes)": "empty file (0 bytes)",
    "geen toestemming om het bestand te lezen": "no permission to read the file",
    "kan niet worden gelezen ({detail})": "cannot be read ({detail})",
    "te groot voor een tekstbestand ({size} bytes; tekstbestanden tot {limit} MB worden gelezen)":
        "too large for a text file ({size} bytes; text files up to {limit} MB are read)",
    "geen tekstbestand (kapotte UTF-16)": "not a text file (broken UTF-16)",
    "geen tekstbestand (binaire inhoud)": "not a text file (binary content)",
    "geen tekst in het bestand (alleen lege regels)": "no text in the file (only blank lines)",
    "geen tekst gevonden in de publicatie": "no text found in the publication",
    "ongeldige XML ({detail})": "malformed XML ({detail})",
    "ongeldige XML ({detail}); het bestand begint met '{junk}' voor de XML":
        "malformed XML ({detail}); the file starts with '{junk}' before the XML",
    "ongeldige HTML ({detail})": "malformed HTML ({detail})",
    "geen PDF-bestand (begint met {start})": "not a PDF file (starts with {start})",
    "beschadigde of afgebroken PDF ({detail})": "damaged or truncated PDF ({detail})",
    "versleutelde PDF: er is een wachtwoord nodig": "encrypted PDF: it needs a password",
    "beschadigde of afgebroken PDF: geen pagina's gevonden": "damaged or truncated PDF: no pages found",
    "beschadigde PDF: geen enkele pagina leesbaar ({detail})": "damaged PDF: no page could be read ({detail})",
    "te groot om te lezen (geheugen vol)": "too large to read (out of memory)",
    "de lezer liep vast op dit bestand; overgeslagen": "the reader crashed on this file; skipped",
    "duurde te lang (meer dan {seconds} s); overgeslagen": "took too long (more than {seconds} s); skipped",
    "kon niet worden gelezen": "could not be read",
    # document types in running text (woo.inventory.TYPE_NAMES, lower case)
    "agenda": "agenda", "geannoteerde agenda": "annotated agenda", "nota": "briefing note", "verslag": "minutes",
    "besluitenlijst": "list of decisions", "kamerbrief": "letter to parliament", "kamerstuk": "parliamentary paper",
    "verslag schriftelijk overleg": "written consultation report", "voortgangsrapportage": "progress report",
    "besluit": "decision", "inventarislijst": "inventory list", "bijlage": "annex", "e-mail": "e-mail",
    "overig": "other",
    "kon niet worden gelezen ({detail})": "could not be read ({detail})",
})

# message code -> Dutch text (the values of messages.parse fill it in)
TEXTS = {
    "no_text_layer": "{where}: geen tekstlaag (alleen als afbeelding te zien)",
    "ocr_not_installed": "{n} gescande pagina's blijven onvindbaar tot Tesseract OCR met de Nederlandse taaldata "
                         "is geïnstalleerd (zie README, 'Scanned pages')",
    "garbled": "{where}: onleesbare tekstlaag (verminkte tekens)",
    "page_unreadable": "pagina {page} kon niet worden gelezen ({detail})",
    "pdf_repaired": "beschadigde PDF, bij het openen hersteld: er kan tekst ontbreken",
    "bookmarks_unreadable": "de bladwijzers konden niet worden gelezen",
    "not_utf8": "geen UTF-8 (byte {byte}); gelezen als Windows-1252",
    "xml_recovered": "ongeldige XML, het leesbare deel is gelezen ({detail})",
    "analysis_failed": "ontleden van het document mislukt ({detail}); bewaard als één document",
    "not_found": "bestand niet gevonden",
    "cannot_open": "kan niet worden geopend ({detail})",
    "not_regular": "geen gewoon bestand",
    "empty": "leeg bestand (0 bytes)",
    "no_permission": "geen toestemming om het bestand te lezen",
    "cannot_read": "kan niet worden gelezen ({detail})",
    "text_too_large": "te groot voor een tekstbestand ({size} bytes; tekstbestanden tot {limit} MB worden gelezen)",
    "broken_utf16": "geen tekstbestand (kapotte UTF-16)",
    "binary": "geen tekstbestand (binaire inhoud)",
    "blank_text": "geen tekst in het bestand (alleen lege regels)",
    "no_text_publication": "geen tekst gevonden in de publicatie",
    "malformed_xml": "ongeldige XML ({detail})",
    "malformed_html": "ongeldige HTML ({detail})",
    "not_pdf": "geen PDF-bestand (begint met {start})",
    "pdf_damaged": "beschadigde of afgebroken PDF ({detail})",
    "pdf_encrypted": "versleutelde PDF: er is een wachtwoord nodig",
    "pdf_no_pages": "beschadigde of afgebroken PDF: geen pagina's gevonden",
    "pdf_unreadable": "beschadigde PDF: geen enkele pagina leesbaar ({detail})",
    "out_of_memory": "te groot om te lezen (geheugen vol)",
    "reader_crashed": "de lezer liep vast op dit bestand; overgeslagen",
    "timeout": "duurde te lang (meer dan {seconds} s); overgeslagen",
    "unreadable": "kon niet worden gelezen ({detail})",
}


def type_name(t: str | None) -> str:
    """A document type in words, lower case ("geannoteerde agenda", "annotated agenda"),
    from the core's own names: never the key ("geannoteerde_agenda", "other")."""
    if not t:
        return ""
    from ..woo.inventory import TYPE_NAMES

    name = TYPE_NAMES.get(t)
    return _(name.lower()) if name else t.replace("_", " ")


def file_message(text: str) -> str:
    """A problem or failure reason of a file in the interface language (a message of a form
    the core does not list stays as it is)."""
    parsed = messages.parse(text)
    if parsed is None:
        return text
    code, values = parsed
    template = TEXTS[code]
    if code == "malformed_xml" and "junk" in values:
        template = "ongeldige XML ({detail}); het bestand begint met '{junk}' voor de XML"
    if code == "unreadable" and "detail" not in values:
        template = "kon niet worden gelezen"
    if "pages" in values:
        pages = values["pages"]
        many = "," in pages or "-" in pages
        values["where"] = _("pagina's {pages}" if many else "pagina {pages}").format(pages=pages)
    if code == "text_too_large" and language() == "nl":
        values["size"] = values["size"].replace(",", ".")  # 1.234.567 bytes
    return _(template).format(**values)


# The status line of each phase of an update (archive.types.Phase): {done}, {total}, {name}
# (the file's name), {page}, {pages}. tests/ui/test_progress_phases.py checks that every
# phase has one and that it has its English.
PHASE_TEXTS: dict[Phase, str] = {
    "waiting": "Wachten tot een ander programma klaar is met bijwerken",
    "scanning": "Bestanden zoeken in de archiefmappen",
    "checking": "Bestanden vergelijken: {done}/{total} {name}",
    "reading": "Indexeren: {done}/{total} {name}",
    "indexing": "Zoekindex bijwerken: {done}/{total}",
    "linking": "Documenten tot vergaderingen groeperen en koppelen",
    "ocr": "OCR: {done}/{total} pagina's {name}",
    "done": "Indexeren klaar",
}
add_translations({
    "Wachten tot een ander programma klaar is met bijwerken": "Waiting until another program has finished updating",
    "Bestanden zoeken in de archiefmappen": "Looking for files in the archive folders",
    "Bestanden vergelijken: {done}/{total} {name}": "Comparing files: {done}/{total} {name}",
    "Zoekindex bijwerken: {done}/{total}": "Updating the search index: {done}/{total}",
    "Documenten tot vergaderingen groeperen en koppelen": "Grouping documents into meetings and linking them",
    "Indexeren klaar": "Indexing done",
})


def progress_text(p: Progress) -> str:
    """The status line while indexing, from the core's Progress (phase and counts): files
    read, and within a big file the page it is at ("pagina 40 van 300")."""
    name = (p.current_path or "").replace("\\", "/").rsplit("/", 1)[-1]
    if p.phase == "page":  # done/total count the files; page/pages the one being read
        return plural(p.total, "Indexeren: {done} van {n} bestand gelezen · {name}: pagina {page} van {pages}",
                      "Indexeren: {done} van {n} bestanden gelezen · {name}: pagina {page} van {pages}",
                      done=p.done, name=name, page=p.page, pages=p.pages)
    return _(PHASE_TEXTS[p.phase]).format(done=p.done, total=p.total, name=name).rstrip()


def index_summary(report) -> str:
    """"11 bestanden: 11 nieuw, 0 gewijzigd, …; 11 pagina's in 1,0 s" from the report's counts."""
    parts = [_("{n} nieuw").format(n=report.new), _("{n} gewijzigd").format(n=report.changed),
             _("{n} ongewijzigd").format(n=report.unchanged)]
    if report.renamed:
        parts.append(_("{n} hernoemd").format(n=report.renamed))
    parts += [_("{n} verwijderd").format(n=report.removed), _("{n} niet gelezen").format(n=len(report.failed))]
    seconds = f"{report.seconds:.1f}"
    text = _("{files}: {parts}; {pages} in {s} s").format(
        files=plural(report.scanned, "{n} bestand", "{n} bestanden"), parts=", ".join(parts),
        pages=plural(report.pages_read, "{n} pagina", "{n} pagina's"),
        s=seconds.replace(".", ",") if language() == "nl" else seconds)
    if report.cancelled:
        text = _("afgebroken: {summary}").format(summary=text)
    return text
