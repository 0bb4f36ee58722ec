"""Which bookmarks of a PDF mark where a document starts.

Woo bundles are often bookmarked per document ("Doc. 3", "00001 E-mail ...", "Informatieblad
11 juni 2020"), sometimes under a container ("Bijlage 2 - Te openbaren documenten") with one
child per document. Other outlines are a document's own table of contents: paragraph
headings, whole sentences, "Page 1", "Page 2", file paths. Those must not cut a document.

``document_starts(bookmarks, continuation_pages)`` -> [(page number, title)]: the entries of
the top level, and of deeper levels under a container or where the entries are document
numbers; without "Page N" entries, sentences, paths, and deeper entries that land on a page
that says it continues a document ("Pagina 3 van 4"). A top-level entry always counts: someone
bookmarked that page as a document.
"""

from __future__ import annotations

import re

from ..model import Bookmark

_PAGE_ENTRY = re.compile(r"^(?:page|pagina|blad|slide|p\.)\s*\d+$", re.I)
_PATH = re.compile(r"^(?:file:|https?:|[a-z]:\\|\\\\)|^lokale schijf$", re.I)
_CONTAINER = re.compile(
    r"\b(?:documenten|stukken|bijlagen|openbaar te maken|openbaargemaakte|released|inventaris\w*)\b", re.I)
_DOC_ID = re.compile(r"^(?:doc(?:ument)?\.?\s*(?:nr\.?\s*)?\d+|0*\d{3,}\b|nr\.?\s*\d+)", re.I)


def _usable(b: Bookmark) -> bool:
    t = (b.title or "").strip()
    if not t or _PAGE_ENTRY.match(t) or _PATH.match(t):
        return False
    words = t.split()
    # a sentence (a paragraph's first line used as its bookmark), not a title
    return not (len(words) > 14 or (t.endswith(".") and len(words) > 5))


def document_starts(bookmarks: list[Bookmark], continuation_pages: set[int]) -> list[tuple[int, str]]:
    if not bookmarks:
        return []
    top = min(b.level for b in bookmarks)
    out: list[tuple[int, str]] = []
    parents: dict[int, Bookmark] = {}
    for b in bookmarks:
        parents[b.level] = b
        for deeper in [lv for lv in parents if lv > b.level]:
            del parents[deeper]
        if not _usable(b):
            continue
        if b.level == top:
            keep = True
        else:
            parent = parents.get(b.level - 1)
            keep = bool(parent and _CONTAINER.search(parent.title or "")) or bool(_DOC_ID.match(b.title.strip()))
        if keep and b.level != top and b.page in continuation_pages and not _DOC_ID.match(b.title.strip()):
            keep = False  # a paragraph heading inside a letter
        if keep:
            out.append((b.page, b.title))
    return out
