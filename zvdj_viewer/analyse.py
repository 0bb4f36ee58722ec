"""From a read source to typed documents: furniture, segmentation, then per document its
type, metadata, agenda items and redactions.

``analyse(source) -> list[Document]`` never raises on odd input: an empty source gives [],
and a step that fails leaves its fields empty rather than losing the document. The
metadata, items and redactions steps are other modules; a module that is not there (yet) is
skipped.
"""

from __future__ import annotations

import importlib

from .classify import classify
from .furniture import clean, mark_furniture
from .model import DocLine, DocSpan, Document, SourceText
from .segment import segment

_META_FIELDS = ("title", "doc_date", "kenmerk", "betreft", "series", "meeting_date", "start_time",
                "end_time", "place", "participants", "absent")


def _optional(module: str, name: str):
    """A function of an optional analysis module, or None when it is not available."""
    try:
        return getattr(importlib.import_module(f"zvdj_viewer.{module}"), name)
    except (ImportError, AttributeError):
        return None


def span_lines(source: SourceText, span: DocSpan) -> list[DocLine]:
    """The lines of ``span`` in reading order, with their places."""
    out: list[DocLine] = []
    for page in source.pages:
        if page.number < span.start.page or page.number > span.end.page:
            continue
        lo = span.start.line if page.number == span.start.page else 0
        hi = span.end.line if page.number == span.end.page else len(page.lines) - 1
        for i in range(lo, min(hi, len(page.lines) - 1) + 1):
            out.append(DocLine(page.number, i, page.lines[i]))
    return out


def _fallback_title(lines: list[DocLine], evidence: str) -> str:
    """The deciding heading, with the "Betreft" of the header when there is one."""
    head = [clean(dl.text) for dl in lines[:80] if not dl.furniture and clean(dl.text)]
    betreft = next((t[7:].strip(" :\t") for t in head if t.lower().startswith("betreft")), "")
    title = evidence or (head[0] if head else "")
    if betreft and betreft.lower() not in title.lower():
        title = f"{title}: {betreft}" if title else betreft
    return title[:200]


# documents that can be the record of another body's meeting ("Besluitenlijst van de
# procedurevergadering van ...", "Besluitenlijst raadsvergadering 29 juni 2015")
_BODY_TYPES = ("besluitenlijst", "verslag", "agenda", "geannoteerde_agenda", "other")


def _body_meeting(doc: Document, lines: list[DocLine]) -> None:
    from .bodies import body_meeting
    from .metadata import plain

    try:
        found = body_meeting([plain(dl.text) for dl in lines[:200]])
    except Exception:  # an improvement, not a requirement
        return
    for key, value in found.items():
        setattr(doc, key, value)


def analyse(source: SourceText) -> list[Document]:
    """Documents of ``source`` in order."""
    if source is None or not source.pages:
        return []
    try:
        mark_furniture(source)
    except Exception:  # furniture is an improvement, not a requirement
        pass
    try:
        spans = segment(source)
    except Exception:
        spans = []
    if not spans:
        last = source.pages[-1]
        from .model import Pos

        spans = [DocSpan(Pos(source.pages[0].number, 0), Pos(last.number, max(len(last.lines) - 1, 0)),
                         "whole file")]
    extract = _optional("metadata", "extract")
    find_items = _optional("items", "find_items")
    find_redactions = _optional("redactions", "find_redactions")
    docs: list[Document] = []
    for span in spans:
        lines = span_lines(source, span)
        doc = Document(source=source.path, span=span)
        doc.type, doc.type_evidence = classify(lines, source.kind, source.metadata)
        if source.kind == "pdf":
            doc.first_page, doc.last_page = span.start.page, span.end.page
        else:
            numbers = [dl.number for dl in lines if dl.number is not None]
            if numbers:
                doc.first_line, doc.last_line = min(numbers), max(numbers)
        doc.text = "\n".join(dl.text for dl in lines if not dl.furniture)
        if extract:
            try:
                meta = extract(lines, doc.type) or {}
                for key in _META_FIELDS:
                    if meta.get(key) is not None:
                        setattr(doc, key, meta[key])
            except Exception:
                pass
        if doc.type in _BODY_TYPES and not (doc.series and doc.meeting_date):
            _body_meeting(doc, lines)
        if find_items:
            try:
                doc.items = list(find_items(lines, doc.type) or [])
            except Exception:
                pass
        if find_redactions:
            try:
                doc.redactions = list(find_redactions(lines) or [])
            except Exception:
                pass
        if not doc.title:
            doc.title = _fallback_title(lines, doc.type_evidence) if lines else (source.title or "")
        docs.append(doc)
    return docs
