"""The check a Woo handler does by hand: does the inventory list match the released documents?

Given the documents of one release (a bundle PDF, or the files of one decision), compare the
rows of its inventory list(s) with the numbers stamped on the released documents:

* listed but not in the bundle: a row (not assessed "niet openbaar") whose number no
  released document carries;
* in the bundle but not listed: a stamped number no row has;
* grounds in the list but no such mark in the document: a row's grounds (10.2.e ...) that
  the document with that number never prints.

When nothing can be matched it says why: the file holds only the decision and its list
("no_documents"), or its released documents carry no readable number ("no_stamps").

``check_release(documents) -> list[Finding]``; documents are ``archive.DocumentInfo`` (it
reads ``type``, ``stamp``, ``inventory``, ``redactions``, ``id``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..archive.types import DocumentInfo


@dataclass(frozen=True)
class Finding:
    kind: str  # "listed_not_released" | "released_not_listed" | "grounds_not_marked" | "no_stamps" | "no_documents"
    number: str | None
    document: str | None  # id of the released document, when there is one
    text: str  # in words, for a person


def _key(number) -> str | None:
    if not number:
        return None
    n = str(number).strip().rstrip(".").lower()
    return str(int(n)) if n.isdigit() else n


def check_release(documents: Sequence[DocumentInfo]) -> list[Finding]:
    rows: dict[str, dict] = {}
    for d in documents:
        if d.type == "inventarislijst":
            for r in d.inventory:
                k = _key(r.get("number"))
                if k and k[:1].isdigit() and k.isdigit():  # sub-rows "1a" are attachments of 1
                    rows.setdefault(k, r)
    if not rows:
        return []
    released: dict[str, DocumentInfo] = {}  # key -> the first document stamped with it
    for d in documents:
        if d.type in ("inventarislijst", "besluit") and not d.stamp:
            continue
        k = _key(d.stamp)
        if k:
            released.setdefault(k, d)
    if not released and not any(d.type not in ("inventarislijst", "besluit") for d in documents):
        # the decision and its list only (Bes-Besluit+2020-101+A.pdf): the released documents
        # come in files of their own, which this check does not see
        return [Finding("no_documents", None, None,
                        f"the inventory lists {len(rows)} documents; this file holds only the decision and its "
                        "list, the released documents are not in it")]
    if not released:
        return [Finding("no_stamps", None, None,
                        f"the inventory lists {len(rows)} documents, but no released document carries a "
                        "readable stamped number (scanned pages need OCR): the list cannot be matched")]
    out: list[Finding] = []
    for k in sorted(rows, key=int):
        r = rows[k]
        doc = released.get(k)
        if doc is None:
            if r.get("assessment") != "niet openbaar":
                out.append(Finding("listed_not_released", k, None,
                                   f"listed as {k} ({r.get('assessment') or 'no assessment'}): "
                                   f"{r.get('title') or ''} - not in the bundle"))
            continue
        marked = set(doc.redactions)
        missing = [g for g in r.get("grounds", []) if g not in marked]
        if missing:
            out.append(Finding("grounds_not_marked", k, doc.id,
                               f"{k}: the list gives {', '.join(missing)}, the document ({doc.id}) has no such mark"))
    for k, d in sorted(released.items(), key=lambda kv: (len(kv[0]), kv[0])):
        if k not in rows:
            out.append(Finding("released_not_listed", k, d.id,
                               f"{d.id} carries number {k}, which the inventory list does not have"))
    return out
