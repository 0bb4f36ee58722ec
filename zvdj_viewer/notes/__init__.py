"""The user's own layer on the archive: notes, stars, tags and a reading list.

Stored in ``DATA/notes.sqlite`` (the data directory, never an archive folder), apart from
the catalog: the catalog is derived data that may be rebuilt from scratch at any time, the
notes are not.

Anchoring. Document ids ("d12") and meeting ids are catalog keys: they change when an
archive is indexed again from scratch or a folder moves. So a note remembers *what* it is
about, not only where: the SHA-256 of the source file, the file name, the document's type,
title and position in its file (bundles), the item number and title, the page/line, and a
quote of the text. ``resolve`` finds that place in the current catalog:

- ``attached``   the same file content is in the archive (maybe under another path);
- ``reattached`` the file changed, but the quote / item / document was found again;
- ``orphaned``   the quoted text is gone from every candidate: the note is kept and shown as
  orphaned, with what it was about, never dropped.

``NoteStore.reattach(archive)`` resolves every anchor and caches the result (doc id, meeting
id, page, line, status) so lists and searches need no archive; call it after each update.

Export/import: JSON (``{"format": "zvdj-notes", "version": 1, ...}``) and Markdown (readable,
with each entry's JSON in an HTML comment so it can be imported again). Every note, star and
reading-list entry has a uuid: importing the same file twice adds nothing the second time.

Search: ``search_notes(store, "tag:navragen note:wachttijd regio")`` - ``tag:`` terms must
all be tags of the note, ``note:`` terms and plain words must all occur in its text.

The package: ``anchors.py`` (what a note is about, and finding it again), ``store.py`` (the
SQLite store and what it hands out; all SQL of the notes), ``exchange.py`` (JSON and Markdown
export and import, labels), ``search.py`` (``note:`` / ``tag:`` search). Callers import from
here.
"""

from __future__ import annotations

from .anchors import (ATTACHED, KINDS, ORPHANED, QUOTE_CHARS, REATTACHED, Anchor, NoteStoreError, Place,
                      anchor_document, anchor_item, anchor_meeting, anchor_selection, normalise, resolve)
from .exchange import EXPORT_FORMAT, EXPORT_VERSION, from_markdown, meeting_label, place_label, to_markdown
from .search import NoteHit, has_note_terms, parse_note_query, search_notes, strip_note_terms
from .store import (MAX_IMPORT_BYTES, MIGRATIONS, NOTES_NAME, ImportReport, Note, NoteStore, ReadingEntry,
                    ReattachReport, Star, normalise_tag, notes_path)

__all__ = [
    "Anchor", "Place", "Note", "Star", "ReadingEntry", "NoteHit", "NoteStore", "NoteStoreError",
    "ReattachReport", "ImportReport", "anchor_document", "anchor_item", "anchor_selection",
    "anchor_meeting", "resolve", "search_notes", "parse_note_query", "has_note_terms",
    "strip_note_terms", "normalise", "normalise_tag", "place_label", "meeting_label",
    "to_markdown", "from_markdown", "notes_path",
    # constants callers and tests use
    "ATTACHED", "REATTACHED", "ORPHANED", "KINDS", "QUOTE_CHARS", "EXPORT_FORMAT", "EXPORT_VERSION",
    "MAX_IMPORT_BYTES", "MIGRATIONS", "NOTES_NAME",
]
