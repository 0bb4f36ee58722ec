"""Which agenda items and pages carry a note, for the "✎" before their label in the meeting
strip, the document outline and the page number of the page view. Read from the NoteStore's last resolved places (no archive needed)."""

from __future__ import annotations

from collections.abc import Iterable

NOTE_MARK = "✎ "  # before the label of an item that carries a note


def noted_items(store, doc_ids: Iterable[str]) -> set[tuple[str, str]]:
    """(doc_id, item number) of every note on an item of one of the documents."""
    if store is None:
        return set()
    out = set()
    for doc_id in dict.fromkeys(doc_ids):
        for n in store.notes(doc_id=doc_id):
            if n.place.item_number and not n.orphaned:
                out.add((doc_id, n.place.item_number))
    return out


def noted_pages(store, doc_id: str) -> set[int]:
    """The pages of the document that a note is on (a note on the document at a page, on a
    selection, or on an item)."""
    if store is None:
        return set()
    return {n.place.page for n in store.notes(doc_id=doc_id) if n.place.page and not n.orphaned}


def marked(label: str, noted: bool) -> str:
    return NOTE_MARK + label if noted else label
