"""Link queries of the Archive: what the UI shows as "Elders besproken", the topic thread of an
item, the outcome lines of verslagen, and every stored link (for the export). The links are
computed by ``zvdj_viewer.link`` when the archive is updated; here they are only read.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..catalog import Catalog, doc_key, doc_name
from .types import DecisionInfo, LinkInfo, PageText, ThreadEntry


class ArchiveLinks:
    """The link half of ``Archive`` (a mixin: it uses the archive's catalog and its pages)."""

    catalog: Catalog

    if TYPE_CHECKING:
        def document_pages(self, doc_id: str) -> list[PageText]: ...  # ArchiveReading's

    # -- links (owned by linking) -------------------------------------------------------
    # Queries over the links table for the UI ("Elders besproken") and the CLI. Links are
    # stored per item (agenda, nota or verslag item); an item here stands for its whole
    # aligned row, so asking for the nota item also finds the links of its agenda item.
    def _row_refs(self, key: int, number: str | None) -> tuple[list[tuple[int, str | None]], str | None]:
        """The (doc, number) refs of the aligned row holding this item, and its meeting."""
        r = self.catalog.aligned_row(key, number)
        if r is not None:
            refs = [(r[f"{role}_doc"], r[f"{role}_number"]) for role in ("agenda", "nota", "verslag")
                    if r[f"{role}_doc"] is not None]
            return refs, r["meeting_id"]
        return [(key, number)], self.catalog.meeting_of_document(key)

    def _link_context(self):
        """Lookups for presenting links, filled on demand: a large archive has thousands of
        meetings and documents, and one item has only a handful of links."""
        return _LinkContext(self.catalog)

    def _item_title(self, key: int | None, number: str | None) -> str | None:
        if key is None or number is None:
            return None
        return self.catalog.item_title(key, number)

    def _link_info(self, r, direction: str, ctx) -> LinkInfo:
        meetings, meeting_of, doc_titles = ctx
        if direction == "out":
            here = (r["from_doc"], r["from_number"])
            there_doc, there_num = r["to_doc"], r["to_number"]
            there_meeting = r["to_meeting"] or (meeting_of.get(there_doc) if there_doc is not None else None)
        else:  # the stored link points at this item: present it from this item's side
            here = (r["to_doc"], r["to_number"])
            there_doc, there_num = r["from_doc"], r["from_number"]
            there_meeting = meeting_of.get(there_doc)
        m = meetings.get(there_meeting) if there_meeting else None
        other_date = m["date"] if m else r["to_date"]
        if m is None and direction == "in" and there_doc is not None:
            # the other side is a letter's or report's section (link/sections.py): its own date,
            # not the date stored for this side
            other_date = self.catalog.document_date(there_doc)
        title = self._item_title(there_doc, there_num) or (doc_titles.get(there_doc) if there_doc is not None else None)
        if title is None and m is not None:
            title = f"{m['series'] or ''} {m['date'] or ''}".strip()
        return LinkInfo(
            kind=r["kind"], direction=direction, from_doc=doc_name(here[0]), from_number=here[1],
            to_meeting=there_meeting, to_doc=doc_name(there_doc), to_number=there_num,
            to_text=r["to_text"], to_date=r["to_date"] or (m["date"] if m else None), evidence=r["evidence"] or "",
            score=r["score"], other_meeting=there_meeting, other_date=other_date,
            other_series=m["series"] if m else None, other_title=title or r["to_text"],
        )

    def item_links(self, doc_id: str, number: str | None) -> list[LinkInfo]:
        """Links of this item (and of the items aligned with it), both directions: "out"
        (this item refers to / shares a topic with the other) and "in" (the other refers to
        this item). In both, from_* is this item and to_* / other_* the other side."""
        key = doc_key(doc_id)
        if key is None:
            return []
        refs, _ = self._row_refs(key, number)
        ctx = self._link_context()
        out, seen = [], set()
        for d, n in refs:
            for r in self.catalog.links_from(d, n):
                info = self._link_info(r, "out", ctx)
                k = (info.kind, info.to_meeting, info.to_doc if info.to_number else None, info.to_number,
                     info.to_text if info.to_meeting is None and info.to_doc is None else None)
                if k not in seen:
                    seen.add(k)
                    out.append(info)
            # number None: links to the whole document (a later version, a kamerstuk cited)
            for r in self.catalog.links_to(d, n):
                info = self._link_info(r, "in", ctx)
                k = (info.kind, info.to_meeting, info.to_doc, info.to_number, None)
                if k not in seen:
                    seen.add(k)
                    out.append(info)
        return out

    def topic_thread(self, doc_id: str, number: str | None) -> list[ThreadEntry]:
        """This item and the items of other meetings on the same topic, by date."""
        key = doc_key(doc_id)
        if key is None:
            return []
        refs, meeting = self._row_refs(key, number)
        meetings, _, _ = self._link_context()
        m = meetings.get(meeting) if meeting else None
        # the row's first item (agenda, else nota, else verslag) stands for it, so asking for
        # the nota or the verslag item gives the same thread
        own_doc, own_num = refs[0]
        entries = [ThreadEntry(meeting, m["date"] if m else None, m["series"] if m else None, doc_name(own_doc),
                               own_num, self._item_title(own_doc, own_num) or "", "")]
        seen = {meeting}
        for info in sorted((x for x in self.item_links(doc_id, number) if x.kind == "same_topic"),
                           key=lambda x: -(x.score or 0)):
            if info.other_meeting in seen:
                continue  # one entry per meeting: the best match
            seen.add(info.other_meeting)
            entries.append(ThreadEntry(info.other_meeting, info.other_date, info.other_series, info.to_doc,
                                       info.to_number, info.other_title or "", info.evidence))
        entries.sort(key=lambda e: (e.date or "", e.meeting or ""))
        return entries

    def decisions(self, doc_id: str | None = None, number: str | None = None) -> list[DecisionInfo]:
        """Outcome lines ("Afspraak:", "Akkoord", "Actie:", ...) of verslagen. With doc_id
        (any document of a meeting) and number: those of the verslag item aligned with
        that item; with doc_id only: of that meeting's verslag; without: all."""
        from ..link.decisions import find_decisions
        from ..link.meetings import VERSLAG_TYPES

        meetings, meeting_of, _ = self._link_context()
        wanted: set[tuple[int, str | None]] | None = None
        docs: list[int]
        if doc_id is not None:
            key = doc_key(doc_id)
            if key is None:
                return []
            if number is not None:
                refs, _ = self._row_refs(key, number)
                wanted = set(refs)
                docs = sorted({d for d, _ in refs})
            else:
                mid = meeting_of.get(key)
                docs = self.catalog.meeting_document_ids(mid) if mid else [key]
        else:
            docs = self.catalog.document_ids()
        vdocs = self.catalog.documents_of_types(docs, VERSLAG_TYPES)
        out = []
        for key in sorted(vdocs):
            mid = meeting_of.get(key)
            m = meetings.get(mid) if mid else None
            lines = None
            for it in self.catalog.items(key):
                if wanted is not None and (key, it["number"]) not in wanted:
                    continue
                text = it["text"] or ""
                if vdocs[key]["type"] == "besluitenlijst":  # "1. ... wordt vastgesteld." is item and outcome
                    text = f"{it['title'] or ''}\n{text}"
                found = find_decisions(text)
                if found and lines is None:
                    lines = self._doc_lines(key, vdocs[key]["kind"])
                for kind, text, _offset in found:
                    page, line = self._find_line(lines or [], it, text)
                    out.append(DecisionInfo(doc_name(key), it["number"], kind, text, page, line, mid,
                                            m["date"] if m else None))
        return out

    def _doc_lines(self, key: int, kind: str | None) -> list[tuple[int, int | None, str]]:
        """(page, line number or None for PDFs, text) of every line of a document."""
        out = []
        for p in self.document_pages(doc_name(key)):
            for ln in p.lines:
                out.append((p.number, ln.number if kind != "pdf" else None, ln.text))
        return out

    @staticmethod
    def _find_line(lines, item, text: str) -> tuple[int | None, int | None]:
        """Where a decision line sits: the first line at or after the item's start whose text
        (bold marks removed) contains the decision's first words."""
        probe = re.sub(r"\s+", " ", text[:40]).strip()
        for page, number, raw in lines:
            if item["page"] is not None and page < item["page"]:
                continue
            if number is not None and item["line"] is not None and number < item["line"]:
                continue
            if probe and probe in re.sub(r"\s+", " ", re.sub(r"[*_]{2,}", "", raw)):
                return page, number
        return item["page"], item["line"]

    def links(self) -> list[LinkInfo]:
        """Every stored link, as stored (direction "out")."""
        ctx = self._link_context()
        return [self._link_info(r, "out", ctx) for r in self.catalog.links()]



class _LinkContext:
    def __init__(self, catalog: Catalog):
        self.meetings = _Lazy(catalog.meeting)
        self.meeting_of = _Lazy(catalog.meeting_of_document)
        self.doc_titles = _Lazy(catalog.document_title)

    def __iter__(self):  # unpacks as (meetings, meeting_of, doc_titles), as callers expect
        return iter((self.meetings, self.meeting_of, self.doc_titles))


class _Lazy(dict):
    """A dict that fetches a missing key once with ``load`` (None when there is none)."""

    def __init__(self, load):
        super().__init__()
        self.load = load

    def get(self, key, default=None):
        if key is None:
            return default
        if key not in self:
            self[key] = self.load(key)
        value = self[key]
        return default if value is None else value

    def __missing__(self, key):
        value = self.load(key)
        self[key] = value
        return value
