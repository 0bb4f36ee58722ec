"""A small fictional meeting for the viewer tests, and a stand-in for the Archive facade.

The views talk to the core only through the contract (zvdj_viewer/archive/contract.py), so a
stand-in that implements ``ArchiveReader`` with the core's own result types tests them
without the readers, the analysis and the index. mypy checks that it implements the whole
Protocol (scripts/typecheck.py checks this file too; see the bottom). The real-archive tests
build the same files into a data dir through Archive.update().

All text here is made up for the tests.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pymupdf

from zvdj_viewer.archive import (DecisionInfo, DocumentInfo, ItemInfo, ItemRef, LineText, LinkInfo, MeetingInfo,
                                 MeetingRow, PageText, SearchHit, SearchPage, SourceInfo, ThreadEntry, meeting_columns)
from zvdj_viewer.archive.reading import sections_of
from zvdj_viewer.archive.types import DocumentSummary

AGENDA_MD = """\
# Agenda Bestuurlijk Overleg Proefregio

Betreft: Bestuurlijk overleg Proefregio
Vergaderdatum en -tijd: 12 maart 2020, 10:00 - 11:30 uur

## 1) Opening en mededelingen
Welkom door de voorzitter.

## 2) Verslag vorige vergadering
Conceptverslag van 14 januari 2020.

## 3) Wachttijden in de jeugdhulp
Bespreking van de nieuwe cijfers over wachttijden.

## 4) Regionale samenwerking
Voortgang van de regionale inkoop.

## 5) Rondvraag en sluiting
"""

VERSLAG_MD = """\
# Verslag Bestuurlijk Overleg Proefregio

Datum: 12 maart 2020

**1 Opening en mededelingen**
De voorzitter opent de vergadering om 10:00 uur.
""" + "Er zijn geen bijzondere mededelingen.\n" * 12 + """
**2 Verslag vorige vergadering**
Het verslag wordt ongewijzigd vastgesteld.
""" + "Er zijn geen opmerkingen over de actielijst.\n" * 12 + """
**3 Wachttijden in de jeugdhulp**
De wachttijden voor jeugdhulp zijn gestegen. Partijen spreken af de cijfers per regio te delen.
""" + "De gemeenten lichten de aanpak van de wachttijden toe.\n" * 12 + """
**4 Regionale samenwerking**
De regionale inkoop loopt volgens plan.
""" + "De regio's delen hun ervaringen met de inkoop.\n" * 12 + """
**5 Rondvraag en sluiting**
Geen vragen. De voorzitter sluit de vergadering.
"""

NOTA_PAGES = [
    ["Directie Jeugd", "Nota Bestuurlijk Overleg Proefregio",
     "Annotatie ad 1) Opening en mededelingen", "U opent de vergadering.",
     "Annotatie ad 2) Verslag vorige vergadering", "Het verslag kan worden vastgesteld.",
     "Pagina 1 van 3"],
    ["Directie Jeugd", "Annotatie ad 3) Wachttijden in de jeugdhulp",
     "De wachttijden in de jeugdhulp lopen op in vier regio's.",
     "Naam van de contactpersoon: 10.2.e", "Voorstel: vraag de regio's om cijfers over wachttijden.",
     "Pagina 2 van 3"],
    ["Directie Jeugd", "Annotatie ad 4) Regionale samenwerking", "De regionale inkoop ligt op schema.",
     "Annotatie ad 5) Rondvraag en sluiting", "Geen punten voor de rondvraag.", "Pagina 3 van 3"],
]
FURNITURE = ("Directie Jeugd", "Pagina ")


def write_files(folder: Path) -> dict[str, Path]:
    """The three documents of the fictional meeting, as files in folder."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"agenda": folder / "agenda-2020-03-12.md", "verslag": folder / "verslag-2020-03-12.md",
             "nota": folder / "nota-2020-03-12.pdf"}
    paths["agenda"].write_text(AGENDA_MD, encoding="utf-8")
    paths["verslag"].write_text(VERSLAG_MD, encoding="utf-8")
    pdf = pymupdf.open()
    for lines in NOTA_PAGES:
        page = pdf.new_page(width=595, height=842)
        y = 80
        for text in lines:
            page.insert_text((72, y), text, fontsize=11)
            y += 40
    pdf.save(paths["nota"])
    pdf.close()
    return paths


# -- the stand-in ------------------------------------------------------------------------------

def _text_pages(path: Path) -> list[PageText]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [PageText(1, tuple(LineText(i, t, False) for i, t in enumerate(lines, start=1)))]


def _items_from_md(path: Path) -> tuple[ItemInfo, ...]:
    import re

    out = []
    for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        m = re.match(r"^(?:## |\*\*)(\d+)\)? (.+?)(?:\*\*)?$", t)
        if m:
            out.append(ItemInfo(m.group(1), m.group(2), page=1, line=i))
    return tuple(out)


class FakeArchive:
    """Answers the Archive calls the views make, from the fictional files."""

    SERIES = "BO Proefregio"

    def __init__(self, folder: Path):
        self.folder = folder
        self.data_dir: Path = folder
        self.paths = write_files(folder)
        self.calls: list[str] = []
        self._pages: dict[str, list] = {}
        agenda_items = _items_from_md(self.paths["agenda"])
        verslag_items = _items_from_md(self.paths["verslag"])
        nota_items = tuple(ItemInfo(str(n), t, page=p) for n, t, p in
                           [(1, "Opening en mededelingen", 1), (2, "Verslag vorige vergadering", 1),
                            (3, "Wachttijden in de jeugdhulp", 2), (4, "Regionale samenwerking", 3),
                            (5, "Rondvraag en sluiting", 3)])
        common: dict[str, Any] = dict(series=self.SERIES, meeting_date="2020-03-12", start_time="10:00", meeting="m2")
        self.docs = {
            "d1": DocumentInfo("d1", str(self.paths["agenda"]), "text", None, None, 1, AGENDA_MD.count("\n"),
                               "agenda", "Agenda Bestuurlijk Overleg Proefregio", doc_date="2020-03-12",
                               items=agenda_items, **common),
            "d2": DocumentInfo("d2", str(self.paths["nota"]), "pdf", 1, 3, None, None, "nota",
                               "Nota Bestuurlijk Overleg Proefregio", doc_date="2020-03-05", kenmerk="2020-0042",
                               items=nota_items, redactions={"10.2.e": 1}, **common),
            "d3": DocumentInfo("d3", str(self.paths["verslag"]), "text", None, None, 1, VERSLAG_MD.count("\n"),
                               "verslag", "Verslag Bestuurlijk Overleg Proefregio", doc_date="2020-03-12",
                               items=verslag_items, **common),
            "d9": DocumentInfo("d9", str(self.paths["verslag"]), "text", None, None, 1, 10, "verslag",
                               "Verslag BO Proefregio 14 januari", doc_date="2020-01-14", series=self.SERIES,
                               meeting_date="2020-01-14", meeting="m1",
                               items=(ItemInfo("3", "Wachttijden", page=1, line=1),)),
        }
        titles = [(it.number, it.title) for it in agenda_items]
        rows = tuple(MeetingRow(n, t, ItemRef("d1", n), ItemRef("d2", n), ItemRef("d3", n)) for n, t in titles)
        def meeting(mid, date, start, end, place, docs, rows):  # columns as the core decides them
            return MeetingInfo(mid, self.SERIES, date, start, end, place, docs, rows, meeting_columns(docs, rows))

        self._meetings = {
            "m2": meeting("m2", "2020-03-12", "10:00", "11:30", "Den Haag",
                          {"agenda": ["d1"], "nota": ["d2"], "verslag": ["d3"]}, rows),
            # an earlier meeting of which only the verslag is in the archive
            "m1": meeting("m1", "2020-01-14", "10:00", None, None, {"verslag": ["d9"]},
                          (MeetingRow("3", "Wachttijden", None, None, ItemRef("d9", "3")),)),
        }
        for doc_id in self.docs:
            self.document_pages(doc_id)

    # -- lists and counts, from the same documents ---------------------------------------
    def folders(self) -> list[str]:
        return [str(self.folder)]

    def sources(self) -> list[SourceInfo]:
        return [SourceInfo(str(p), "pdf" if p.suffix == ".pdf" else "text", None, None, None,
                           folder=str(self.folder), size=p.stat().st_size) for p in sorted(self.paths.values())]

    def documents(self, *, type=None, series=None, outside_meetings=False, source=None) -> list[DocumentSummary]:
        return [d.summary() for d in self.docs.values()  # as the core: the list's summary
                if (type is None or d.type == type) and (series is None or d.series == series)
                and not (outside_meetings and d.meeting) and (source is None or d.source == source)]

    def source_document_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for d in self.docs.values():
            out[d.source] = out.get(d.source, 0) + 1
        return out

    def source_hashes(self) -> dict[str, str]:
        return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in self.paths.values()}

    def document_type_counts(self, *, outside_meetings=False) -> dict[str, int]:
        out: dict[str, int] = {}
        for d in self.documents(outside_meetings=outside_meetings):
            out[d.type] = out.get(d.type, 0) + 1
        return out

    def redaction_boxes(self, doc_id=None) -> dict[str, list[dict]]:
        return {}  # the fictional nota prints a code but draws no black box

    def unreadable_pages(self) -> dict[str, list[int]]:
        return {}  # every page of the fictional files has text

    def meeting_list(self) -> list[MeetingInfo]:
        return [dataclasses.replace(m, items=()) for m in self._meetings.values()]

    def search(self, query, **filters) -> list[SearchHit]:
        """Documents holding every word of the query (no stemming, no syntax: the real
        index's search is tested on the real archive)."""
        words = self.query_terms(query)
        hits = []
        for d in self.docs.values():
            pages = [p for p in self.document_pages(d.id)
                     if all(w in " ".join(ln.text for ln in p.lines).casefold() for w in words)]
            if words and pages:
                hits.append(SearchHit(d.id, float(len(pages)), d.title, d.type, d.series, d.doc_date, d.source,
                                      d.first_page, d.first_line, d.meeting,
                                      tuple(SearchPage(p.number, None, 1.0, "") for p in pages), len(pages)))
        return hits

    def links(self) -> list[LinkInfo]:
        return self.item_links("d1", "3")  # the only item with links, seen from its agenda item

    def stats(self) -> dict:
        return {"folders": 1, "sources": len(self.paths), "documents": len(self.docs),
                "meetings": len(self._meetings), "data_dir": str(self.data_dir)}

    def close(self) -> None:
        pass  # nothing is held open: the PDF is opened per call

    def meetings(self):
        return list(self._meetings.values())

    def meeting(self, mid):
        self.calls.append(f"meeting {mid}")
        return self._meetings.get(mid)

    def document(self, doc_id):
        self.calls.append(f"document {doc_id}")
        return self.docs.get(doc_id)

    def document_pages(self, doc_id):
        d = self.docs.get(doc_id)
        if d is None:
            return []
        if doc_id not in self._pages:  # the catalog keeps the text: it outlives the file
            self._pages[doc_id] = self._read_pages(d)
        return self._pages[doc_id]

    def document_sections(self, doc_id):
        d = self.docs.get(doc_id)
        return sections_of(d, self.document_pages(doc_id)) if d is not None else []

    def _read_pages(self, d):
        if d.kind != "pdf":
            return _text_pages(Path(d.source))
        out = []
        with pymupdf.open(d.source) as pdf:
            for n, page in enumerate(pdf, start=1):
                lines = [ln for ln in page.get_text().splitlines() if ln.strip()]
                out.append(PageText(n, tuple(LineText(i, t, t.startswith(FURNITURE))
                                             for i, t in enumerate(lines, start=1))))
        return out

    def query_terms(self, query):
        return [w.casefold() for w in query.split() if w.upper() not in ("AND", "OR", "NOT")]

    def item_links(self, doc_id, number):
        if number == "3" and doc_id in ("d1", "d2", "d3"):
            # the core's own result type, every field given as the core fills it
            return [LinkInfo("same_topic", "earlier", from_doc=doc_id, from_number=number, to_meeting="m1",
                             to_doc="d9", to_number="3", to_text=None, to_date=None,
                             evidence="wachttijden jeugdhulp", score=0.8, other_meeting="m1",
                             other_date="2020-01-14", other_series=self.SERIES, other_title="Wachttijden"),
                    LinkInfo("kamerstuk", "out", from_doc=doc_id, from_number=number, to_meeting=None, to_doc=None,
                             to_number=None, to_text="Kamerstuk 31 839, nr. 999", to_date="2020-02-01",
                             evidence="Kamerstuk 31 839, nr. 999", score=None, other_meeting=None, other_date=None,
                             other_series=None, other_title=None)]
        return []

    def topic_thread(self, doc_id, number):
        if number != "3":
            return []
        return [ThreadEntry("m2", "2020-03-12", self.SERIES, "d1", "3", "Wachttijden in de jeugdhulp"),
                ThreadEntry("m1", "2020-01-14", self.SERIES, "d9", "3", "Wachttijden", "wachttijden")]

    def decisions(self, doc_id=None, number=None):
        if number == "3" and doc_id == "d3":
            return [DecisionInfo(doc_id, number, "afspraak", "Partijen delen de cijfers per regio.", None, 24,
                                 "m2", "2020-03-12")]
        return []


if TYPE_CHECKING:  # mypy proves that the stand-in implements the whole contract the views use
    from zvdj_viewer.archive.contract import ArchiveReader

    def _fake_is_a_reader(a: FakeArchive) -> ArchiveReader:
        return a
