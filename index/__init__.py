"""The full-text index (Whoosh), imported as ``zvdj_viewer.index``. See fulltext.py."""

from . import whoosh_start  # noqa: F401 (first: Whoosh without urllib.request)
from .fulltext import DocHit, FullTextIndex, IndexCorrupt, IndexUnit, PageHit
from .query import QueryError

__all__ = ["DocHit", "FullTextIndex", "IndexCorrupt", "IndexUnit", "PageHit", "QueryError"]
