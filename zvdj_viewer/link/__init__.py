"""Linking: meetings, item alignment, references, topics, decisions (owned by linking helper).

``build(docs, items)`` is the one entry point the Archive calls: plain dicts in (catalog
rows), meetings with aligned rows and link dicts out. Every step is a pure function in its
own module: meetings, align, references, topics, decisions.
"""

from __future__ import annotations

from collections.abc import Sequence

from .align import align_items
from .meetings import group_meetings
from .references import find_references, target_doc
from .topics import topic_links

# Bump when the linker changes what it produces: archives made by an older linker are then
# relinked on their next update even when no file changed. 2: references in a document's
# text outside its items; "(BO) was op", "BO ... (op 25 september)", "BO 25-09".
LINK_VERSION = 2

ROW_ROLES = ("agenda", "verslag", "nota")


def build(docs: Sequence[dict], items: dict[int, list[dict]]) -> tuple[list[dict], list[dict]]:
    """docs: dicts id (int), type, series, meeting_date, start_time, end_time, place, title,
    text, doc_date. items: doc id -> item dicts (number, title, level, text) in order.
    Returns (meetings for Catalog.replace_links, links)."""
    meetings = group_meetings(docs)
    meeting_of: dict[int, dict] = {}
    titles = {d["id"]: d.get("title") or "" for d in docs}
    for m in meetings:
        m["items"] = align_items(m["documents"], items, titles)
        for key, _ in m["documents"]:
            meeting_of[key] = m

    units, whole_docs = [], []
    for d in docs:
        m = meeting_of.get(d["id"])
        base = {"doc": d["id"], "meeting": m["id"] if m else None, "series": d.get("series"),
                "date": (m["date"] if m else None) or d.get("meeting_date") or d.get("doc_date")}
        its = items.get(d["id"]) or []
        if its:
            for it in its:
                units.append({**base, "number": it["number"], "text": f"{it.get('title') or ''}\n{it.get('text') or ''}"})
            # the text outside the items too (a nota's "Aanleiding": "Het laatste BO was op
            # 6 november 2019"), kept only where it adds a reference no item has
            whole_docs.append({**base, "number": None, "text": _outside_items(d.get("text") or "", its)})
        else:
            units.append({**base, "number": None, "text": d.get("text") or ""})
    targets = [target_doc(d) for d in docs]
    links = find_references(units, meetings, targets)
    known = {(x["from_doc"], *_target(x)) for x in links}
    links += [x for x in find_references(whole_docs, meetings, targets)
              if (x["from_doc"], *_target(x)) not in known]
    links += topic_links(topic_units(meetings, items))
    return meetings, links


def _outside_items(text: str, its: Sequence[dict]) -> str:
    """The document's text without the item texts found in it verbatim: what is left is
    mostly the opening lines, so the second pass over it is cheap (1.2 s -> 0.1 s at 10,000
    pages). Item texts that are not found verbatim stay; their references are dropped later
    as repeats of the item's own."""
    for it in its:
        body = (it.get("text") or "").strip()
        if len(body) > 40:
            text = text.replace(body, "\n\n", 1)
    return text


def _target(link: dict) -> tuple:
    """What a reference points at: the same target found again in a document's whole text
    is the same reference."""
    unresolved = link["to_meeting"] is None and link["to_doc"] is None
    return (link["kind"], link["to_meeting"], link["to_doc"], (link["to_date"] or link["to_text"]) if unresolved else None)


def topic_units(meetings: Sequence[dict], items: dict[int, list[dict]]) -> list[dict]:
    """One unit per aligned row: the agenda item stands for it (else verslag, else nota); the
    text is that of all its items together."""
    by_key = {(k, it["number"]): it for k, its in items.items() for it in its}
    out = []
    for m in meetings:
        for row in m.get("items", []):
            rep = next(((row[f"{r}_doc"], row[f"{r}_number"]) for r in ROW_ROLES if row.get(f"{r}_doc")), None)
            if rep is None:
                continue
            texts = [by_key.get((row[f"{r}_doc"], row[f"{r}_number"]), {}).get("text") or ""
                     for r in ROW_ROLES if row.get(f"{r}_doc")]
            out.append({"meeting": m["id"], "date": m["date"], "doc": rep[0], "number": rep[1],
                        "title": row.get("title") or "", "text": "\n".join(texts)})
    return out
