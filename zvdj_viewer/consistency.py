"""Is the catalog consistent with the full-text index? Used after a crash (tests, the kill
benchmark) and by `zvdj check`.

Consistent means: the catalog opens and passes SQLite's own integrity check, the index opens
and passes its check, and every document of a source marked indexed is in the index (a
source not yet marked is simply redone by the next update, which removes before it adds).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .archive import Archive


def problems(archive: Archive) -> list[str]:
    out: list[str] = []
    integrity = archive.catalog.integrity_check()
    if integrity != "ok":
        out.append(f"catalog: {integrity}")
    out += [f"index: {p}" for p in archive.index.check()]
    indexed = archive.catalog.indexed_document_count()
    in_index = archive.index.doc_count()
    if in_index < indexed:
        out.append(f"index holds {in_index} documents, the catalog says {indexed} are indexed")
    total = archive.catalog.counts()["documents"]
    if in_index > total:
        out.append(f"index holds {in_index} documents, more than the catalog's {total}")
    return out
