"""A small fictional Woo archive for the compare, audit and versions views.

One meeting (BO Proefregio, 12 March 2020) with:
- a concept nota and its released version: the same text, but in the release a name and an
  e-mail address are redacted (10.2.e) and one word is changed ("geld" -> "middelen");
- a verslag whose participant list redacts two names but prints a third, plus a phone number;
- a PDF with one black box drawn over words that are still in the text layer (a redaction
  that does not hide).

All text is made up for the tests.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

HEADER = """Betreft: Bestuurlijk overleg Proefregio
Vergaderdatum en -tijd: 12 maart 2020, 10:00 - 11:30 uur
"""

NOTA_BODY = """
## 1) Opening en mededelingen
De voorzitter opent de vergadering en heet iedereen welkom in het gemeentehuis.

## 2) Wachttijden in de jeugdhulp
De wachttijden voor jeugdhulp in de regio zijn in het afgelopen jaar opgelopen tot gemiddeld negen weken.
Contactpersoon voor de cijfers is {who} van de afdeling onderzoek van de gemeente.
Partijen spreken af de cijfers per regio elk kwartaal met elkaar te delen en te bespreken.
De gemeenten lichten hun aanpak toe en vragen het Rijk om {ask} voor de regionale inkoop.

## 3) Regionale samenwerking
De regionale inkoop van specialistische jeugdhulp loopt volgens de planning van het projectplan.
Vragen over de inkoop kunnen worden gesteld via {mail} bij de projectgroep.

## 4) Rondvraag en sluiting
Er zijn geen vragen voor de rondvraag. De voorzitter sluit de vergadering om 11:30 uur.
"""

CONCEPT = ("# Nota Bestuurlijk Overleg Proefregio (concept)\n\n" + HEADER
           + NOTA_BODY.format(who="Pieter Bakker", ask="extra geld", mail="p.bakker@proefregio.nl"))
RELEASED = ("# Nota Bestuurlijk Overleg Proefregio\n\n" + HEADER
            + NOTA_BODY.format(who="10.2.e", ask="extra middelen", mail="10.2.e"))

VERSLAG = "# Verslag Bestuurlijk Overleg Proefregio\n\n" + HEADER + """
Aanwezig:
- 10.2.e (gemeente Proefstad)
- 10.2.e (ministerie)
- Karin Verhoeven (gemeente Oosterveld)
- wethouder Smit (gemeente Proefstad)

## 1) Opening
De wethouder opent de vergadering. Bereikbaar via 06-12345678 voor vragen over het verslag.

## 2) Wachttijden
Partijen bespreken de wachttijden en delen de cijfers per regio.
"""

PDF_LINES = [
    "Besluit op uw Woo-verzoek over de jeugdhulp in Proefregio",
    "Wij hebben uw verzoek ontvangen en beoordeeld.",
    "De behandelaar van uw verzoek is Jan Geheim van de afdeling juridische zaken.",
    "U kunt bezwaar maken binnen zes weken na de dagtekening.",
]


def write_woo_files(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"concept": folder / "nota-concept-2020-03-12.md", "nota": folder / "nota-2020-03-12.md",
             "verslag": folder / "verslag-2020-03-12.md", "besluit": folder / "besluit-woo-verzoek.pdf"}
    paths["concept"].write_text(CONCEPT, encoding="utf-8")
    paths["nota"].write_text(RELEASED, encoding="utf-8")
    paths["verslag"].write_text(VERSLAG, encoding="utf-8")
    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    page.insert_text((72, 60), "Pagina 1 van 2", fontsize=9)
    y = 100
    for text in PDF_LINES[:2]:
        page.insert_text((72, y), text, fontsize=11)
        y += 24
    page = pdf.new_page(width=595, height=842)
    page.insert_text((72, 60), "Pagina 2 van 2", fontsize=9)
    y = 100
    for text in PDF_LINES[2:]:
        page.insert_text((72, y), text, fontsize=11)
        y += 24
    # the bad redaction: a black box drawn over "Jan Geheim", the words stay in the text layer
    hit = page.search_for("Jan Geheim")[0]
    page.draw_rect(hit, color=(0, 0, 0), fill=(0, 0, 0))
    pdf.save(paths["besluit"])
    pdf.close()
    return paths


def build_archive(folder: Path, data_dir: Path):
    """A real Archive over the fictional files (readers, analysis, catalog and index)."""
    from zvdj_viewer.archive import Archive

    write_woo_files(folder)
    a = Archive(data_dir)
    a.add_folder(folder)
    a.update(workers=1)
    return a


def doc_id(archive, name_part: str) -> str:
    """The id of the document read from the file whose name contains name_part."""
    return next(d.id for d in archive.documents() if name_part in Path(d.source).name)


# -- fixtures ----------------------------------------------------------------------------------


import pytest  # noqa: E402


def _missing_core() -> str | None:
    try:
        from zvdj_viewer.index import FullTextIndex  # noqa: F401
        from zvdj_viewer.readers import read  # noqa: F401
    except ImportError as err:
        return f"the readers or the full-text index are not written yet ({err}): no real archive"
    return None


@pytest.fixture(scope="module")
def woo_archive(tmp_path_factory):
    """A real Archive over the fictional Woo files, shared by the tests of one module (they
    only read it)."""
    reason = _missing_core()
    if reason:
        pytest.skip(reason)
    root = tmp_path_factory.mktemp("woo")
    a = build_archive(root / "archief", root / "data")
    yield a
    a.close()


# -- a tiny stand-in for options the real files do not exercise ---------------------------------

class TextArchive:
    """Documents given as lists of (text, furniture) lines on one page each; answers the calls
    the compare view makes."""

    def __init__(self, docs: dict[str, list[tuple[str, bool]]]):
        from zvdj_viewer.archive import DocumentInfo, LineText, PageText

        self._docs = {i: DocumentInfo(i, f"/nergens/{i}.txt", "text", None, None, 1, len(lines), "other",
                                      f"Tekst {i}") for i, lines in docs.items()}
        self._pages = {i: [PageText(1, tuple(LineText(n, t, f) for n, (t, f) in enumerate(lines, 1)))]
                       for i, lines in docs.items()}

    def documents(self):
        return list(self._docs.values())

    def document(self, doc_id):
        return self._docs.get(doc_id)

    def document_pages(self, doc_id):
        return self._pages.get(doc_id, [])

    def meetings(self):
        return []

    def meeting(self, _mid):
        return None
