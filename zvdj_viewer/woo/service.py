"""The Woo tools applied to an Archive (read-only use of its public API)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .. import markup
from . import audit as audit_mod
from .compare import Comparison, compare
from .inventory import InventoryRow
from .versions import VERSION_AT, VersionPair, find_versions

if TYPE_CHECKING:
    from ..archive.contract import ArchiveReader


@dataclass
class DocComparison:
    a: str
    b: str
    comparison: Comparison
    # position (page, line) of each line of the compared texts, to jump to a change
    a_lines: list[tuple[int, int]]
    b_lines: list[tuple[int, int]]


def _lines(archive: ArchiveReader, doc_id: str, *, furniture: bool = False) -> list[tuple[int, int, str]]:
    out = []
    for page in archive.document_pages(doc_id):
        if not page.has_text or page.garbled:
            continue
        for ln in page.lines:
            if furniture or not ln.furniture:
                out.append((page.number, ln.number, ln.text))
    return out


def document_text(archive: ArchiveReader, doc_id: str, *, furniture: bool = False) -> str:
    return "\n".join(t for _, _, t in _lines(archive, doc_id, furniture=furniture))


def archive_versions(archive: ArchiveReader, doc_ids: Sequence[str] | None = None) -> list[VersionPair]:
    """Pairs of versions. Containment alone (a short text inside a long one) makes a version
    only between documents of one type; between types (an agenda whose annotations were
    copied into the nota) the pair is kept as relation "overlap": worth comparing for a Woo
    handler, but not a version of the same document."""
    types = {d.id: d.type for d in archive.documents()}
    ids = list(doc_ids) if doc_ids is not None else list(types)
    pairs = find_versions([(i, document_text(archive, i)) for i in ids])
    return [p if p.similarity >= VERSION_AT or types.get(p.a) == types.get(p.b) else replace(p, relation="overlap")
            for p in pairs]


def versions_of(archive: ArchiveReader, doc_id: str) -> list[tuple[str, VersionPair]]:
    """The other documents that are versions of this one: (other id, pair)."""
    return [(p.b if p.a == doc_id else p.a, p) for p in archive_versions(archive) if doc_id in (p.a, p.b)]


def compare_documents(archive: ArchiveReader, a: str, b: str, *, furniture: bool = False,
                      ignore_case: bool = False) -> DocComparison:
    la, lb = _lines(archive, a, furniture=furniture), _lines(archive, b, furniture=furniture)
    # the words as read, not the markup of the conversion: a "**" is not a change
    cmp = compare(markup.plain("\n".join(t for *_, t in la)), markup.plain("\n".join(t for *_, t in lb)),
                  ignore_case=ignore_case)
    return DocComparison(a, b, cmp, [(p, n) for p, n, _ in la], [(p, n) for p, n, _ in lb])


def _audit_doc(archive: ArchiveReader, info) -> audit_mod.AuditDoc:
    pdf = info.kind == "pdf" or str(info.source).lower().endswith(".pdf")
    return audit_mod.AuditDoc(
        info.id, info.title or info.id, _lines(archive, info.id), source=info.source if pdf else None,
        pages=(info.first_page, info.last_page) if pdf and info.first_page else None)


def audit(archive: ArchiveReader, doc_ids: Sequence[str] | None = None) -> list[audit_mod.Finding]:
    """All three checks over the documents (default: the whole archive). Siblings for the
    inconsistency check are the documents of the same meeting and the versions found."""
    infos = {d.id: d for d in archive.documents()}
    ids = [i for i in (doc_ids if doc_ids is not None else list(infos)) if i in infos]
    docs = {i: _audit_doc(archive, infos[i]) for i in ids}
    findings: list[audit_mod.Finding] = []
    for i in ids:
        d = docs[i]
        findings += audit_mod.unredacted(d)
        if d.source and d.pages:
            try:
                findings += audit_mod.not_hidden(d.source, range(d.pages[0], d.pages[1] + 1), d.id)
            except Exception as err:  # a PDF that cannot be opened again: say so, go on
                findings.append(audit_mod.Finding("not_hidden", d.id, None, None, "",
                                                  f"PDF niet te controleren: {err}", (("error", str(err)),)))
    boxes = archive.redaction_boxes()
    for i in ids:  # a box with no code printed in or beside it: redacted without a stated ground
        findings += [audit_mod.Finding("no_ground", i, b["page"], None, "",
                                       "gelakt zonder grond: een lakvak zonder lakcode")
                     for b in boxes.get(i, []) if not b["code"]]
    pairs: set[tuple[str, str]] = set()
    by_meeting: dict[str, list[str]] = {}
    for i in ids:
        if mid := infos[i].meeting:
            by_meeting.setdefault(mid, []).append(i)
    for members in by_meeting.values():
        pairs |= {(a, b) for a in members for b in members if a != b}
    for p in find_versions([(i, "\n".join(t for *_, t in docs[i].lines)) for i in ids]):
        pairs |= {(p.a, p.b), (p.b, p.a)}
    for a, b in sorted(pairs):
        if any(audit_mod.has_code(t) for *_, t in docs[a].lines):
            findings += audit_mod.inconsistent(docs[a], docs[b])
    return findings


def inventory(archive: ArchiveReader) -> list[InventoryRow]:
    meetings = {m.id: m for m in archive.meetings()}
    boxes, unreadable = archive.redaction_boxes(), archive.unreadable_pages()
    rows = []
    docs = sorted(archive.documents(), key=lambda d: (d.doc_date or d.meeting_date or "9999", d.source,
                                                      d.first_page or 0, d.first_line or 0))
    for n, d in enumerate(docs, 1):
        if d.first_page is not None:
            pages = str(d.first_page) if d.first_page == d.last_page else f"{d.first_page}-{d.last_page}"
        elif d.first_line is not None:
            pages = f"r. {d.first_line}-{d.last_line}"
        else:
            pages = ""
        m = meetings.get(d.meeting) if d.meeting else None
        meeting = " ".join(x for x in (m.series, m.date, m.start) if x) if m else ""
        rows.append(InventoryRow(n, d.id, d.doc_date or d.meeting_date, d.type, d.title, pages, meeting,
                                 tuple(sorted(d.redactions)), d.source, len(boxes.get(d.id, [])),
                                 tuple(unreadable.get(d.id, []))))
    return rows
