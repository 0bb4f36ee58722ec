"""From a read source to typed documents: furniture, segmentation, then per document its
type, metadata, agenda items and redactions.

``analyse(source) -> list[Document]`` never raises on odd input: an empty source gives [],
and a step that fails leaves its fields empty rather than losing the document; the failure
is added to the source's problems with the step's name (shown on the file, in the report). The
metadata, items and redactions steps are other modules; a module that is not there (yet) is
skipped.
"""

from __future__ import annotations

import importlib

from .classify import classify
from .furniture import clean, mark_furniture
from .model import DocLine, DocSpan, Document, SourceText
from .segment import segment
from .woo_document import enrich, name_from_inventory

_META_FIELDS = ("title", "doc_date", "kenmerk", "betreft", "series", "meeting_date", "start_time",
                "end_time", "place", "participants", "absent")


def _optional(module: str, name: str):
    """A function of an optional analysis module, or None when it is not available."""
    try:
        return getattr(importlib.import_module(f"zvdj_viewer.{module}"), name)
    except (ImportError, AttributeError):
        return None


def _step_failed(source: SourceText, step: str, err: Exception, where: str = "") -> None:
    """A failed step is said on the file, with its name: the document is kept without what
    the step would have given (its items, or the meeting its header names)."""
    source.problems.append(f"analysis step '{step}' failed{where} ({type(err).__name__}: {err}); "
                           "the document is kept without it")


def _where(doc: Document) -> str:
    if doc.first_page is not None:
        return f" on pages {doc.first_page}-{doc.last_page}"
    if doc.first_line is not None:
        return f" on lines {doc.first_line}-{doc.last_line}"
    return ""


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
    except Exception as err:  # furniture is an improvement, not a requirement
        _step_failed(source, "furniture", err)
    try:
        spans = segment(source)
    except Exception as err:
        _step_failed(source, "segment", err)
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
    doc_lines: list[list[DocLine]] = []
    for span in spans:
        lines = span_lines(source, span)
        doc_lines.append(lines)
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
            except Exception as err:
                _step_failed(source, "metadata", err, _where(doc))
        if doc.type in _BODY_TYPES and not (doc.series and doc.meeting_date):
            _body_meeting(doc, lines)
        if find_items:
            try:
                doc.items = list(find_items(lines, doc.type) or [])
            except Exception as err:
                _step_failed(source, "items", err, _where(doc))
        if find_redactions:
            try:
                doc.redactions = list(find_redactions(lines) or [])
            except Exception as err:
                _step_failed(source, "redactions", err, _where(doc))
            try:  # grounds the text names ("op grond van artikel 10.2.e"): kept apart from marks
                from .redactions import find_citations

                doc.citations = find_citations(lines)
            except Exception:
                pass
        if not doc.title:
            doc.title = _fallback_title(lines, doc.type_evidence) if lines else (source.title or "")
        try:
            enrich(doc, lines, source)  # e-mail fields, inventory rows, stamp, ranked title
        except Exception:
            pass
        docs.append(doc)
    try:
        name_from_inventory(docs, doc_lines)  # a released document named by its inventory row
    except Exception:
        pass
    return docs
