"""The full-text index (Whoosh), imported as ``zvdj_viewer.index``. See fulltext.py."""

from .fulltext import DocHit, FullTextIndex, IndexCorrupt, IndexUnit, PageHit

__all__ = ["DocHit", "FullTextIndex", "IndexCorrupt", "IndexUnit", "PageHit"]
