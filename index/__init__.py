"""The full-text index (Whoosh), imported as ``zvdj_viewer.index``. See fulltext.py."""

from .fulltext import DocHit, FullTextIndex, IndexCorrupt, IndexUnit, PageHit
from .query import QueryError

__all__ = ["DocHit", "FullTextIndex", "IndexCorrupt", "IndexUnit", "PageHit", "QueryError"]
