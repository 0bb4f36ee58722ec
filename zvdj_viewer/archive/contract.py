"""What callers of the core may use: the Archive as the UI, the CLI, the Woo tools, notes and
the dossier see it.

``ArchiveReader`` is everything that reads (a read-only data folder supports all of it);
``ArchiveWriter`` adds what changes the archive (folders, update, relink). Callers annotate
their ``archive`` parameter with one of these instead of the concrete ``Archive``, so a test
fake that implements the Protocol can stand in, and mypy checks both sides: ``Archive`` is
checked against ``ArchiveWriter`` at the bottom of this module.

Results are the frozen dataclasses of ``types.py`` (``DocumentInfo``, ``MeetingInfo``, ...):
the core decides every domain fact they carry; a caller shows them and never re-derives them.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .types import (DecisionInfo, DocumentInfo, DocumentSummary, LinkInfo, MeetingInfo, PageText, Progress, SearchHit,
                    SectionInfo, SourceInfo, ThreadEntry, UpdateReport)


class ArchiveReader(Protocol):
    """Reading the archive: lists, one document or meeting, search, links. (The JSON export,
    ``Archive.export_json``, reads the catalog itself: the CLI calls it on the Archive.)"""

    data_dir: Path

    def folders(self) -> list[str]: ...

    def sources(self) -> list[SourceInfo]: ...

    def documents(self, *, type: str | None = None, series: str | None = None,
                  outside_meetings: bool = False, source: str | None = None) -> list[DocumentSummary]: ...

    def source_document_counts(self) -> dict[str, int]: ...

    def source_hashes(self) -> dict[str, str]: ...

    def document(self, doc_id: str) -> DocumentInfo | None: ...

    def document_pages(self, doc_id: str) -> list[PageText]: ...

    def document_sections(self, doc_id: str) -> list[SectionInfo]: ...

    def document_type_counts(self, *, outside_meetings: bool = False) -> dict[str, int]: ...

    def redaction_boxes(self, doc_id: str | None = None) -> dict[str, list[dict]]: ...

    def unreadable_pages(self) -> dict[str, list[int]]: ...

    def meetings(self) -> list[MeetingInfo]: ...

    def meeting_list(self) -> list[MeetingInfo]: ...

    def meeting(self, meeting_id: str) -> MeetingInfo | None: ...

    def search(self, query: str, **filters: Any) -> list[SearchHit]: ...

    def query_terms(self, query: str) -> list[str]: ...

    def item_links(self, doc_id: str, number: str | None) -> list[LinkInfo]: ...

    def topic_thread(self, doc_id: str, number: str | None) -> list[ThreadEntry]: ...

    def decisions(self, doc_id: str | None = None, number: str | None = None) -> list[DecisionInfo]: ...

    def links(self) -> list[LinkInfo]: ...

    def stats(self) -> dict: ...

    def close(self) -> None: ...


class ArchiveWriter(ArchiveReader, Protocol):
    """Changing the archive: its folders, and bringing catalog and index up to date."""

    def add_folder(self, path: str | os.PathLike[str], *, wait: float = 0.0,
                   on_wait: Callable[[str], None] | None = None) -> None: ...

    def remove_folder(self, path: str | os.PathLike[str], *, wait: float = 0.0) -> None: ...

    def update(self, paths: Sequence[str | os.PathLike[str]] | None = None, *,
               progress: Callable[[Progress], None] | None = None, cancel: threading.Event | None = None,
               workers: int = 2, wait: float = 0.0, ocr: bool | None = None) -> UpdateReport: ...

    def relink(self, cancel: threading.Event | None = None,
               meanwhile: Callable[[], None] | None = None) -> bool: ...


if TYPE_CHECKING:  # mypy proves that the real Archive implements the whole contract
    from . import Archive

    def _archive_is_a_writer(a: Archive) -> ArchiveWriter:
        return a
