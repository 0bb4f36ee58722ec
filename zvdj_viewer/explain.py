"""What each analysis step made of one file: ``zvdj explain FILE [--page N]``.

When a bundle is cut wrongly, a user (and a developer) needs to see why: which lines were
taken for page furniture, where each document starts and on what evidence, which type and
title it got and from which line, its items and redaction codes. This module runs the same
reader and analysis as indexing (``pipeline.process_file``), on one file, without a data
directory, and reports the steps' results; it never writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Document, Page, SourceText
from .pipeline import process_file


@dataclass
class PageReport:
    number: int
    text_layer: str  # "text", "no text layer", "unreadable text layer", "OCR" (text from the OCR cache)
    kept: list[str] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)


@dataclass
class DocumentReport:
    pages: str  # "3-5" (PDF) or "lines 10-80"
    start_evidence: str
    type: str
    type_evidence: str
    title: str
    date: str | None
    kenmerk: str | None
    meeting: str | None  # "BO Rijk-VNG 2019-11-06" when the document belongs to a meeting
    items: list[str] = field(default_factory=list)
    codes: dict[str, int] = field(default_factory=dict)


@dataclass
class Explanation:
    path: str
    error: str | None
    kind: str | None = None
    page_count: int = 0
    problems: list[str] = field(default_factory=list)
    bookmarks: list[str] = field(default_factory=list)
    pages: list[PageReport] = field(default_factory=list)
    documents: list[DocumentReport] = field(default_factory=list)


def _text_layer(page: Page) -> str:
    if page.text_source == "ocr":
        return "OCR" if not page.ocr_error else f"OCR failed: {page.ocr_error}"
    if not page.has_text:
        return "no text layer"
    if page.garbled:
        return "unreadable text layer"
    return "text"


def _covers(doc: Document, page: int | None) -> bool:
    if page is None:
        return True
    return doc.span.start.page <= page <= doc.span.end.page


def _document_report(doc: Document) -> DocumentReport:
    if doc.first_page is not None:
        where = f"{doc.first_page}-{doc.last_page}" if doc.last_page != doc.first_page else str(doc.first_page)
    elif doc.first_line is not None:
        where = f"lines {doc.first_line}-{doc.last_line}"
    else:
        where = f"page {doc.span.start.page} line {doc.span.start.line + 1}"
    meeting = " ".join(x for x in (doc.series, doc.meeting_date) if x) or None
    items = [f"{it.number} {it.title}" + (f" (p. {it.page})" if it.page else "") + (f" (line {it.line})" if it.line else "")
             for it in doc.items]
    return DocumentReport(pages=where, start_evidence=doc.span.evidence, type=doc.type,
                          type_evidence=doc.type_evidence, title=doc.title, date=doc.doc_date,
                          kenmerk=doc.kenmerk, meeting=meeting, items=items, codes=doc.redaction_counts())


def _page_report(page: Page) -> PageReport:
    rep = PageReport(page.number, _text_layer(page))
    for line in page.lines:
        # a PDF line can hold a line break inside one span: one report line per source line
        (rep.furniture if line.furniture else rep.kept).append(line.text.replace("\n", " / "))
    return rep


def explain(path: str, page: int | None = None, ocr_from: str | None = None) -> Explanation:
    """Run reader and analysis on ``path``; with ``page`` keep only that page and its documents.
    ``ocr_from``: a data directory whose OCR cache gives the scanned pages their text."""
    result = process_file(path, ocr_from)
    if result.source is None:
        return Explanation(path, error=result.error or "could not be read")
    source: SourceText = result.source
    out = Explanation(path, error=None, kind=source.kind, page_count=source.page_count,
                      problems=list(source.problems) + list(result.problems),
                      bookmarks=[f"{'  ' * (b.level - 1)}{b.title} -> p. {b.page}" for b in source.bookmarks])
    out.pages = [_page_report(p) for p in source.pages if page is None or p.number == page]
    out.documents = [_document_report(d) for d in result.documents if _covers(d, page)]
    return out


def format_text(ex: Explanation, lines_per_page: int = 12) -> str:
    """A report to read in a terminal. ``lines_per_page`` kept lines are shown per page (0: all)."""
    if ex.error:
        return f"{ex.path}: could not be read: {ex.error}\n"
    out = [f"{ex.path}", f"  {ex.kind}, {ex.page_count} page(s)"]
    out += [f"  problem: {p}" for p in ex.problems]
    if ex.bookmarks:
        out.append("  bookmarks:")
        out += [f"    {b}" for b in ex.bookmarks]
    out.append("")
    out.append(f"documents ({len(ex.documents)}):")
    for i, d in enumerate(ex.documents, 1):
        out.append(f"  [{i}] {d.pages}  {d.type}  {d.title!r}")
        out.append(f"      starts here because: {d.start_evidence or '-'}")
        out.append(f"      type from: {d.type_evidence or '-'}")
        if d.date or d.kenmerk or d.meeting:
            out.append(f"      date {d.date or '-'}  kenmerk {d.kenmerk or '-'}  meeting {d.meeting or '-'}")
        for it in d.items:
            out.append(f"      item {it}")
        if d.codes:
            out.append("      codes: " + ", ".join(f"{c} x{n}" for c, n in sorted(d.codes.items())))
    for p in ex.pages:
        out.append("")
        out.append(f"page {p.number} ({p.text_layer}): {len(p.kept)} line(s) kept, "
                   f"{len(p.furniture)} dropped as furniture")
        for t in p.furniture:
            out.append(f"  - furniture: {t}")
        shown = p.kept if lines_per_page <= 0 else p.kept[:lines_per_page]
        for t in shown:
            out.append(f"  | {t}")
        if len(shown) < len(p.kept):
            out.append(f"  | ... {len(p.kept) - len(shown)} more (--all-lines)")
    return "\n".join(out) + "\n"
