"""From a read source to typed documents: furniture, segmentation, then per document its
type, metadata, agenda items and redactions.

``analyse(source) -> list[Document]`` never raises on odd input: an empty source gives [],
and a step that fails leaves its fields empty rather than losing the document; the failure
is added to the source's problems with the step's name (shown on the file, in the report).

The steps, in order: on the whole source ``furniture`` then ``segment`` (where documents
start); on each document the ``DOCUMENT_STEPS`` below; then ``inventory names`` on them all.
A new step is a function ``(doc, lines, source) -> None`` that fills fields of ``doc``, added
to ``DOCUMENT_STEPS`` at its place (a step may read what the steps before it filled in).
The step functions call their modules by attribute (``items.find_items``), so a test can
replace one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from . import items, metadata, redactions
from .classify import classify
from .furniture import MEASURE, body_size, clean, mark_furniture
from ..model import DocLine, DocSpan, Document, SourceText
from .segment import segment
from .woo_document import enrich, name_from_inventory

_META_FIELDS = ("title", "doc_date", "kenmerk", "betreft", "series", "meeting_date", "start_time",
                "end_time", "place", "participants", "absent")


T = TypeVar("T")


def _step_failed(source: SourceText, step: str, err: Exception, where: str = "") -> None:
    """A failed step is said on the file, with its name: the document is kept without what
    the step would have given (its items, or the meeting its header names)."""
    source.problems.append(f"analysis step '{step}' failed{where} ({type(err).__name__}: {err}); "
                           "the document is kept without it")


def _run(source: SourceText, step: str, fn: Callable[[], T], where: str = "") -> T | None:
    """``fn()``; when it raises, the failure is said on the file and None is returned."""
    try:
        return fn()
    except Exception as err:
        _step_failed(source, step, err, where)
        return None


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
        n = page.number
        out += [DocLine(n, i, ln) for i, ln in enumerate(page.lines[lo:max(0, min(hi, len(page.lines) - 1) + 1)], lo)]
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

    found = body_meeting([plain(dl.text) for dl in lines[:200]])
    for key, value in found.items():
        setattr(doc, key, value)


# -- the steps of one document, in order ------------------------------------------------------

def _step_classify(doc: Document, lines: list[DocLine], source: SourceText) -> None:
    doc.type, doc.type_evidence = classify(lines, source.kind, source.metadata)


def _step_metadata(doc: Document, lines: list[DocLine], source: SourceText) -> None:
    meta = metadata.extract(lines, doc.type) or {}
    for key in _META_FIELDS:
        if meta.get(key) is not None:
            setattr(doc, key, meta[key])


def _step_body_meeting(doc: Document, lines: list[DocLine], source: SourceText) -> None:
    """Another body's meeting ("Besluitenlijst van de procedurevergadering van ...")."""
    if doc.type in _BODY_TYPES and not (doc.series and doc.meeting_date):
        _body_meeting(doc, lines)


def _step_items(doc: Document, lines: list[DocLine], source: SourceText) -> None:
    doc.items = list(items.find_items(lines, doc.type) or [])


def _step_redactions(doc: Document, lines: list[DocLine], source: SourceText) -> None:
    doc.redactions = list(redactions.find_redactions(lines) or [])


def _step_citations(doc: Document, lines: list[DocLine], source: SourceText) -> None:
    """Grounds the text names ("op grond van artikel 10.2.e"): kept apart from the marks."""
    doc.citations = redactions.find_citations(lines)


def _step_title(doc: Document, lines: list[DocLine], source: SourceText) -> None:
    if not doc.title:
        doc.title = _fallback_title(lines, doc.type_evidence) if lines else (source.title or "")


def _step_woo(doc: Document, lines: list[DocLine], source: SourceText) -> None:
    enrich(doc, lines, source)  # e-mail fields, inventory rows, stamp, ranked title


DocStep = Callable[[Document, list[DocLine], SourceText], None]
DOCUMENT_STEPS: tuple[tuple[str, DocStep], ...] = (
    ("classify", _step_classify),
    ("metadata", _step_metadata),
    ("body meeting", _step_body_meeting),
    ("items", _step_items),
    ("redactions", _step_redactions),
    ("citations", _step_citations),
    ("title", _step_title),
    ("woo", _step_woo),
)


def analyse(source: SourceText) -> list[Document]:
    """Documents of ``source`` in order."""
    if source is None or not source.pages:
        return []
    # the body type size of a PDF, which furniture and segmentation both weigh sizes by
    body: float | None | str = MEASURE
    if source.kind == "pdf":
        try:
            body = body_size(source)
        except Exception:  # left to each step to measure, and to say that it failed, as before
            body = MEASURE
    _run(source, "furniture", lambda: mark_furniture(source, body=body))
    spans = _run(source, "segment", lambda: segment(source, body=body)) or []
    if not spans:
        last = source.pages[-1]
        from ..model import Pos

        spans = [DocSpan(Pos(source.pages[0].number, 0), Pos(last.number, max(len(last.lines) - 1, 0)),
                         "whole file")]
    docs: list[Document] = []
    doc_lines: list[list[DocLine]] = []
    for span in spans:
        lines = span_lines(source, span)
        doc_lines.append(lines)
        doc = Document(source=source.path, span=span)
        if source.kind == "pdf":
            doc.first_page, doc.last_page = span.start.page, span.end.page
        else:
            numbers = [dl.number for dl in lines if dl.number is not None]
            if numbers:
                doc.first_line, doc.last_line = min(numbers), max(numbers)
        doc.text = "\n".join([dl.line.text for dl in lines if not dl.line.furniture])
        for name, step in DOCUMENT_STEPS:
            _run(source, name, lambda: step(doc, lines, source), _where(doc))  # noqa: B023 (run at once)
        docs.append(doc)
    # a released document named by its inventory row
    _run(source, "inventory names", lambda: name_from_inventory(docs, doc_lines))
    return docs
