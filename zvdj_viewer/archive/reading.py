"""The read API of the Archive: sources, documents and their pages, meetings, search. Every answer is a frozen result of types.py, made from catalog rows here, so
no caller sees a row.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..catalog import Catalog, doc_key, doc_name
from .types import (DocumentInfo, DocumentSummary, ItemInfo, ItemRef, LineText, MeetingInfo, MeetingRow, PageText,
                    Role, SearchHit, SearchPage, SectionInfo, SourceInfo)

if TYPE_CHECKING:
    from ..index import FullTextIndex


class ArchiveReading:
    """The reading half of ``Archive`` (a mixin: it uses the archive's catalog and index)."""

    data_dir: Path
    catalog: Catalog
    index: FullTextIndex

    # -- reading -----------------------------------------------------------------------
    def sources(self) -> list[SourceInfo]:
        return [_source_info(r) for r in self.catalog.sources()]

    def documents(self, *, type: str | None = None, series: str | None = None,
                  outside_meetings: bool = False, source: str | None = None) -> list[DocumentSummary]:
        """Documents as lists show them, in archive order; outside_meetings=True: only those
        that belong to no meeting (the library's "other documents"); source: only those of
        that file (a Woo bundle's documents). The full document: document(id)."""
        counts = self.catalog.redaction_counts()
        return [_doc_summary(r, counts.get(r["id"], {}))
                for r in self.catalog.documents(type=type, series=series, text=False,
                                                outside_meetings=outside_meetings, source_path=source)]

    def source_hashes(self) -> dict[str, str]:
        """source path -> SHA-256 of its contents, from the catalog (computed when indexing)."""
        return {p: r["sha256"] for p, r in self.catalog.source_states().items() if r["sha256"]}

    def source_document_counts(self) -> dict[str, int]:
        """Number of documents per source file (path), for files that hold any."""
        return self.catalog.source_document_counts()

    def document(self, doc_id: str) -> DocumentInfo | None:
        key = doc_key(doc_id)
        row = self.catalog.document(key) if key is not None else None
        if row is None:
            return None
        assert key is not None  # there is no row without a key
        src = self.catalog.source(row["source_id"])
        items = tuple(
            ItemInfo(r["number"], r["title"] or "", r["page"], r["line"], r["level"], r["parent"], r["text"] or "")
            for r in self.catalog.items(key)
        )
        return _doc_info(
            row, self.catalog.redaction_counts(key).get(key, {}), items=items,
            problems=tuple(json.loads(src["problems"])) if src else (), kind=src["kind"] if src else None,
        )

    def document_pages(self, doc_id: str) -> list[PageText]:
        key = doc_key(doc_id)
        row = self.catalog.document(key) if key is not None else None
        if row is None:
            return []
        src = self.catalog.source(row["source_id"])
        assert src is not None  # a document has its source (foreign key)
        pages = self.catalog.pages(row["source_id"], row["start_page"], row["end_page"])
        out = []
        for p in pages:
            texts = p["text"].split("\n") if p["text"] else []
            furniture = set(json.loads(p["furniture"]))
            numbers = json.loads(p["line_numbers"]) if p["line_numbers"] else None
            idx = range(len(texts))
            if src["kind"] != "pdf":  # text sources: only the document's own lines
                lo = row["start_line"] if p["number"] == row["start_page"] else 0
                hi = row["end_line"] if p["number"] == row["end_page"] else len(texts) - 1
                idx = range(lo, min(hi, len(texts) - 1) + 1)
            lines = tuple(
                LineText(numbers[i] if numbers and numbers[i] is not None else i + 1, texts[i], i in furniture)
                for i in idx
            )
            out.append(PageText(p["number"], lines, bool(p["has_text"]), bool(p["garbled"]),
                                p["text_source"], p["ocr_confidence"]))
        return out

    def document_sections(self, doc_id: str) -> list[SectionInfo]:
        """The sections of a letter or report without items, where each heading is (see
        sections_of); [] for other documents."""
        doc = self.document(doc_id)
        return sections_of(doc, self.document_pages(doc_id)) if doc is not None and _has_sections(doc) else []

    def redaction_boxes(self, doc_id: str | None = None) -> dict[str, list[dict]]:
        """Redaction boxes per document id: [{"page", "bbox": [x0, y0, x1, y1], "code"}],
        PDF points, top-left origin; code None when no code is printed in or beside it."""
        key = doc_key(doc_id) if doc_id is not None else None
        if doc_id is not None and key is None:
            return {}
        return {doc_name(k): [{"page": r["page"], "bbox": [r["x0"], r["y0"], r["x1"], r["y1"]], "code": r["code"]}
                              for r in rows]
                for k, rows in self.catalog.redaction_boxes(key).items()}

    def unreadable_pages(self) -> dict[str, list[int]]:
        """Per document id: PDF pages without readable text (see Catalog.unreadable_pages)."""
        return {doc_name(k): v for k, v in self.catalog.unreadable_pages().items()}

    def meetings(self) -> list[MeetingInfo]:
        docs: dict[str, dict[str, list[str]]] = {}
        for r in self.catalog.meeting_documents():
            docs.setdefault(r["meeting_id"], {}).setdefault(r["role"], []).append(doc_name(r["document_id"]))
        rows: dict[str, list[MeetingRow]] = {}
        for r in self.catalog.meeting_items():
            rows.setdefault(r["meeting_id"], []).append(_meeting_row(r))
        return [_meeting_info(m, docs.get(m["id"], {}), rows.get(m["id"], [])) for m in self.catalog.meetings()]

    def document_type_counts(self, *, outside_meetings: bool = False) -> dict[str, int]:
        """Number of documents per type (only those in no meeting: outside_meetings=True)."""
        return self.catalog.type_counts(outside_meetings=outside_meetings)

    def meeting_list(self) -> list[MeetingInfo]:
        """Every meeting with its documents but without its item rows (items=()): what a
        list of meetings shows, at a fraction of meetings()'s cost on a large archive."""
        docs: dict[str, dict[str, list[str]]] = {}
        for r in self.catalog.meeting_documents():
            docs.setdefault(r["meeting_id"], {}).setdefault(r["role"], []).append(doc_name(r["document_id"]))
        return [_meeting_info(m, docs.get(m["id"], {}), []) for m in self.catalog.meetings()]

    def meeting(self, meeting_id: str) -> MeetingInfo | None:
        m = self.catalog.meeting(meeting_id)
        if m is None:
            return None
        docs: dict[str, list[str]] = {}
        for r in self.catalog.meeting_documents(meeting_id):
            docs.setdefault(r["role"], []).append(doc_name(r["document_id"]))
        return _meeting_info(m, docs, [_meeting_row(r) for r in self.catalog.meeting_items(meeting_id)])

    def search(self, query: str, **filters) -> list[SearchHit]:
        """Full-text search; filters as FullTextIndex.search (types, series, date_from,
        date_to, has_redactions, limit, pages_per_doc). Hits of documents no longer in the
        catalog are left out."""
        hits = self.index.search(query, **filters)
        rows = self.catalog.documents_by_ids([k for h in hits if (k := doc_key(h.doc_id)) is not None])
        out = []
        for h in hits:
            hit_key = doc_key(h.doc_id)
            r = rows.get(hit_key) if hit_key is not None else None
            if r is None:
                continue
            out.append(SearchHit(
                doc_id=h.doc_id, score=float(h.score), title=h.title or r["title"] or "",
                type=h.type or r["type"], series=h.series, date=h.date, source=r["source_path"],
                first_page=r["first_page"], first_line=r["first_line"], meeting=r["meeting_id"],
                pages=tuple(SearchPage(p.page, p.line, float(p.score), p.snippet) for p in h.pages),
                page_hit_count=h.page_hit_count,
            ))
        return out

    def query_terms(self, query: str) -> list[str]:
        """The words of a query as the index matches them (for highlighting in the viewer)."""
        return list(self.index.query_terms(query))


def _source_info(r) -> SourceInfo:
    return SourceInfo(path=r["path"], kind=r["kind"], pages=r["pages"], lines=r["lines"], error=r["error"],
                      problems=tuple(json.loads(r["problems"])), folder=r["folder"], size=r["size"],
                      title=r["title"])


def _doc_info(r, counts: dict[str, int], *, items=(), problems=(), kind=None) -> DocumentInfo:
    return DocumentInfo(
        id=doc_name(r["id"]), source=r["source_path"], kind=kind,
        first_page=r["first_page"], last_page=r["last_page"], first_line=r["first_line"], last_line=r["last_line"],
        type=r["type"], title=r["title"] or "", doc_date=r["doc_date"], kenmerk=r["kenmerk"], betreft=r["betreft"],
        series=r["series"], meeting_date=r["meeting_date"], start_time=r["start_time"], end_time=r["end_time"],
        place=r["place"], meeting=r["meeting_id"], participants=json.loads(r["participants"]),
        absent=json.loads(r["absent"]), items=tuple(items), redactions=dict(counts), problems=tuple(problems),
        type_evidence=r["type_evidence"] or "",
        **_woo_info(r),
    )


def _doc_summary(r, counts: dict[str, int]) -> DocumentSummary:
    from ..catalog import woo_fields

    woo = woo_fields(r)
    return DocumentSummary(
        id=doc_name(r["id"]), source=r["source_path"], kind=r["source_kind"],
        first_page=r["first_page"], last_page=r["last_page"], first_line=r["first_line"], last_line=r["last_line"],
        type=r["type"], title=r["title"] or "", doc_date=r["doc_date"], kenmerk=r["kenmerk"], betreft=r["betreft"],
        series=r["series"], meeting_date=r["meeting_date"], start_time=r["start_time"], meeting=r["meeting_id"],
        redactions=dict(counts), stamp=woo["stamp"], dossier=woo["dossier"], number=woo["number"],
    )


def _woo_info(r) -> dict:
    from ..catalog import woo_fields

    woo = woo_fields(r)
    woo["inventory"] = tuple(woo["inventory"])
    return woo


def _meeting_row(r) -> MeetingRow:
    def ref(role):
        return ItemRef(doc_name(r[f"{role}_doc"]), r[f"{role}_number"]) if r[f"{role}_doc"] is not None else None

    return MeetingRow(r["number"], r["title"], ref("agenda"), ref("nota"), ref("verslag"))


def _has_sections(doc: DocumentInfo) -> bool:
    from ..link.sections import SECTION_TYPES

    return not doc.items and doc.type in SECTION_TYPES


def sections_of(doc: DocumentInfo, pages: Sequence[PageText]) -> list[SectionInfo]:
    """The sections of a letter or report without items as the linker finds them
    (link/sections.py) in the document's text without furniture, with the page and line of
    each heading: the ends of same-topic links the viewer shows like items."""
    from ..link.sections import section_heads

    if not _has_sections(doc):
        return []
    where = [(p.number, ln.number, ln.text) for p in pages for ln in p.lines if not ln.furniture]
    if not where:
        return []
    out = []
    for label, heading, _body, start in section_heads("\n".join(text for _p, _n, text in where)):
        page, line, _text = where[min(start, len(where) - 1)]
        out.append(SectionInfo(label, heading, page, line))
    return out


def meeting_columns(documents: dict[str, list[str]], rows: Sequence[MeetingRow]) -> dict[str, list[str]]:
    """Per column of the meeting view (agenda, nota, verslag): its documents, the one the
    alignment took for that column first. A meeting with two notas shows the nota its rows
    were aligned with (the one with the most items), not whichever was filed first; a column
    no row refers to starts with its first document."""
    from ..link.meetings import AGENDA_TYPES, NOTA_TYPES, VERSLAG_TYPES  # the linker's tables

    types: dict[Role, tuple[str, ...]] = {
        "agenda": AGENDA_TYPES, "nota": NOTA_TYPES, "verslag": VERSLAG_TYPES}
    out: dict[str, list[str]] = {}
    for role, kinds in types.items():
        ids: list[str] = []
        for t in (role, *kinds):
            ids += [d for d in documents.get(t, []) if d not in ids]
        used = next((ref.document for r in rows if (ref := r.ref(role)) is not None), None)
        if used is not None:
            ids = [used] + [d for d in ids if d != used]
        if ids:
            out[role] = ids
    return out


def _meeting_info(m, docs, rows) -> MeetingInfo:
    return MeetingInfo(id=m["id"], series=m["series"], date=m["date"], start=m["start"], end=m["end"],
                       place=m["place"], documents=docs, items=tuple(rows), columns=meeting_columns(docs, rows))
