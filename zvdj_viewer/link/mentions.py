"""A document's reference mentions, found once where its text is read.

Finding the references (references.py, implicit.py) reads every word of every document on
each relink, and a relink runs after every update that changed anything: at 10,000 pages
that scan was a third of linking, and it ran again in full when one file changed. What a
mention says comes from the text alone (its words, day and month, series family); only what
it points at depends on the archive (which meetings there are, the document's own meeting
and its date). So the reader process that made the document scans it (``scan_document``),
the catalog keeps the result with the document (``documents.mentions``, JSON), and a relink
only resolves it (``resolve_document``) - the same links, in the same order, as scanning at
relink time (link.chunk_references does exactly that for a document without a stored scan).

A stored scan names the SCAN_VERSION it was made with; one made by an older scanner is not
used (the relink scans the text again), so a change to a scan_* function must bump it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

# Bump when a scan_* function (references.py, implicit.py) finds something else, or when
# the units of a document are cut differently (link._heading_lines, link._outside_items).
SCAN_VERSION = 1


def scan_document(text: str, items: Sequence[dict]) -> dict:
    """The mentions of a document with its text and items (dicts number, title, text, in
    order), cut into the units link.chunk_references reads: one per item (its heading line and
    text) and the text outside the items, or the whole text for a document without items.
    Also the kamerstuk numbers the document carries itself (references.kamerstuk_ids)."""
    from . import _heading_lines, _outside_items, _spaced
    from .references import kamerstuk_ids, scan_unit

    text = text or ""
    out: dict = {"v": SCAN_VERSION, "kst": sorted(kamerstuk_ids(text))}
    if not items:
        out["units"] = [[None, scan_unit(text, False)]]
        return out
    heads = _heading_lines(text, items)
    units = [(it["number"], f"{head}\n{it.get('text') or ''}") for it, head in zip(items, heads, strict=True)]
    out["units"] = [[number, scan_unit(unit_text, number is not None)] for number, unit_text in units]
    # what the opening lines say that an item says too is the item's: marked here (the items'
    # texts are at hand), dropped at resolve time after the duplicates, as before
    whole = scan_unit(_outside_items(text, items, heads), False)
    # the items' texts in one spaced string only when there is a mention to look up in it
    # (most documents have none outside their items: a copy of the whole text saved)
    in_items = _spaced("\n".join(unit_text for _n, unit_text in units)) if any(whole) else ""
    out["whole"] = whole
    out["whole_in_items"] = [[_spaced(_evidence(i, x)).rstrip(").,;") in in_items for x in found]
                             for i, found in enumerate(whole)]
    return out


def _evidence(kind: int, mention: Sequence) -> str:
    """The words a mention's links carry as their evidence (kind: its place in scan_unit())."""
    if kind == 0:  # conceptverslag: day, month, year, evidence
        return mention[3]
    if kind == 1:  # by date: day, month, year, when, family, evidence
        return mention[5]
    if kind == 2:  # implicit.scan_implicit: the evidence's place by its kind
        return mention[{"same": 4, "prev": 2, "month": 5, "day": 7}[mention[0]]]
    return mention[2]  # kamerstukken and moties


def to_json(scan: dict) -> str:
    return json.dumps(scan, ensure_ascii=False, separators=(",", ":"))


def from_json(stored: str | None) -> dict | None:
    """A stored scan, or None when there is none or an older scanner made it."""
    if not stored:
        return None
    try:
        scan = json.loads(stored)
    except ValueError:
        return None
    return scan if isinstance(scan, dict) and scan.get("v") == SCAN_VERSION else None


def document_json(text: str | None, items) -> str:
    """scan_document() as stored, for a model.Document's text and Item objects."""
    return to_json(scan_document(text or "", [{"number": it.number, "title": it.title, "text": it.text}
                                              for it in items]))


def resolve_document(scan: dict, base: dict, meetings: Sequence[dict], targets: Sequence[dict],
                     ) -> tuple[list[dict], list[dict]]:
    """The reference links of a scanned document: (those of its items, or of its whole text
    when it has none; those of the text outside its items). base: doc, meeting, series, date
    (the unit fields of link.chunk_references)."""
    from .references import link_key, resolve_unit, unique_links

    unit_links = unique_links(resolve_unit({**base, "number": number}, scanned, meetings, targets)
                              for number, scanned in scan["units"])
    if "whole" not in scan:
        return unit_links, []
    # Kamerstukken stay one per target and document: those an item names are the item's
    papers = {x["to_doc"] or x["to_text"] for x in unit_links if x["kind"] == "kamerstuk"}
    whole = {**base, "number": None}
    seen: set = set()
    out = []
    for kind, (found, inside) in enumerate(zip(scan["whole"], scan["whole_in_items"], strict=True)):
        for mention, in_items in zip(found, inside, strict=True):
            one: list[list] = [[], [], [], []]
            one[kind] = [mention]
            for link in resolve_unit(whole, one, meetings, targets):
                key = link_key(link)
                if key in seen:
                    continue
                seen.add(key)
                if not in_items and not (link["kind"] == "kamerstuk" and (link["to_doc"] or link["to_text"]) in papers):
                    out.append(link)
    return unit_links, out
