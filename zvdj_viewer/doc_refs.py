"""Document references that do not depend on the order of indexing: ``FILE#N``, the N-th
document (1-based) of an indexed file, for the command line and the README's examples.

A document's id ``dN`` is its row in the catalog: it depends on which folder was indexed first
and on every file read before it, so ``zvdj compare d13 d14`` means something else in another
archive of the same files. The file and the document's place in it do not change: a Woo bundle
is split the same way whatever was read before it. FILE is the file's name, or as much of its
path as makes it unique (``woo-bundles/test.pdf``), or its full path. ``dN`` keeps working.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

FILE_REF = re.compile(r"(?P<file>[^#]+)#(?P<n>\d{1,6})")
ITEM_REF = re.compile(r"(?P<doc>d\d+|[^#]+#\d{1,6}):(?P<item>\S.{0,40})")


class RefError(ValueError):
    """A reference that names no document, or more than one file."""


def is_ref(text: str) -> bool:
    """Is this a document reference (dN or FILE#N)?"""
    return bool(re.fullmatch(r"d\d+", text) or FILE_REF.fullmatch(text))


def _parts(path: str) -> list[str]:
    return [p for p in re.split(r"[\\/]+", path) if p and p != "."]


def indexed_path(paths: list[str], name: str) -> str | None:
    """The indexed file that the path ``name`` is: the same absolute path, or the same file
    reached another way (a folder indexed through a symbolic link and named by its real path,
    or the other way round: files are stored under the path the folder was added by)."""
    given = os.path.abspath(name)
    if given in paths:
        return given
    real = os.path.realpath(given)
    return next((p for p in paths if os.path.realpath(p) == real), None)


def matching_sources(paths: list[str], name: str) -> list[str]:
    """The indexed files that ``name`` names: the same path (or file), or a path ending in its parts."""
    same = indexed_path(paths, name)
    if same is not None:
        return [same]
    want = _parts(name)
    return [p for p in paths if _parts(p)[-len(want):] == want] if want else []


def _order(doc) -> tuple:
    """A document's place in its file (the id breaks ties: within a file, ids follow the file)."""
    return (doc.first_page or 0, doc.first_line or 0, int(doc.id[1:]))


def documents_of(archive, path: str) -> list:
    """The documents of one indexed file, in the order they stand in it."""
    return sorted((d for d in archive.documents() if d.source == path), key=_order)


def resolve(archive, ref: str) -> str:
    """The document id (dN) of a reference: dN as it is, FILE#N looked up. Raises RefError
    with the reason in words."""
    ref = ref.strip()
    if re.fullmatch(r"d\d+", ref):
        return ref
    m = FILE_REF.fullmatch(ref)
    if m is None:
        raise RefError(f"{ref!r} is no document reference (dN, or FILE#N: the N-th document of an indexed file)")
    name, n = m["file"], int(m["n"])
    found = matching_sources([s.path for s in archive.sources()], name)
    if not found:
        raise RefError(f"no indexed file named {name!r}")
    if len(found) > 1:
        shown = ", ".join(found[:3]) + (", …" if len(found) > 3 else "")
        raise RefError(f"{name!r} names {len(found)} indexed files ({shown}): give more of its path")
    docs = documents_of(archive, found[0])
    if not 1 <= n <= len(docs):
        raise RefError(f"{name} holds {len(docs)} document{'s' if len(docs) != 1 else ''}; there is no #{n}")
    return docs[n - 1].id


def stable_ref(archive, doc) -> str:
    """FILE#N for a document: the shortest end of its path that names one indexed file."""
    paths = [s.path for s in archive.sources()]
    parts = _parts(doc.source)
    name = Path(doc.source).name
    for k in range(1, len(parts) + 1):
        name = "/".join(parts[-k:])
        if len(matching_sources(paths, name)) <= 1:
            break
    ids = [d.id for d in documents_of(archive, doc.source)]
    return f"{name}#{ids.index(doc.id) + 1}"
