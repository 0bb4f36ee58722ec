"""The Archive facade: the one object the command line and the desktop UI talk to.

It owns the SQLite catalog and the full-text index under one data directory and hands out
frozen dataclasses; callers never see SQLite rows or Whoosh objects.

Threads: ``update()`` may run in a worker thread while ``search()``, ``document()`` etc. run
in the UI thread. The catalog gives every thread its own SQLite connection (WAL: readers see
the last committed state and are never blocked by the writer). Writers (``update``,
``add_folder``, ``remove_folder``, ``relink``) take one lock, so two updates never interleave.

The archive folders are only ever read: nothing is written into them.

The package: this module is the thin Archive (open and close the data folder, its folders,
the one-writer lock, update and relink); its reading and link queries are the mixins of
``reading.py`` and ``links.py``; ``update.py`` is the scan and ingest algorithm; ``types.py``
the results; ``errors.py`` the errors; ``contract.py`` what callers may use.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from pathlib import Path

from .. import paths as paths_mod
from ..catalog import Catalog, CatalogError, doc_key, doc_name  # noqa: F401 (re-exported)
from ..fsnames import readable
from ..lock import write_lock
from .errors import ArchiveBusy, DataDirError, NotRegularFile, ZvdjError, _data_dir_failure, _data_dir_reason
from .files import _abs, _under
from .links import ArchiveLinks
from .reading import ArchiveReading, meeting_columns
from .types import (DecisionInfo, DocumentInfo, ItemInfo, ItemRef, LineText, LinkInfo, MeetingInfo, MeetingRow,
                    PageText, Progress, SearchHit, SearchPage, SourceInfo, ThreadEntry, UpdateReport)

# what callers import from zvdj_viewer.archive (the results, the errors, scan for tests)
__all__ = ["Archive", "ArchiveBusy", "CatalogError", "DataDirError", "DecisionInfo", "DocumentInfo", "ItemInfo",
           "ItemRef", "LineText", "LinkInfo", "MeetingInfo", "MeetingRow", "NotRegularFile", "PageText", "Progress",
           "SearchHit", "SearchPage", "SourceInfo", "ThreadEntry", "UpdateReport", "ZvdjError", "meeting_columns",
           "scan"]

PARALLEL_LINK_DOCS = 2000  # documents from which linking uses a helper process (both cores)


def spare_cores(workers: int) -> int:
    """Cores this process may use that ``workers`` reader processes leave free. The link
    helper starts while the files are read only where one is left: on a 2-core laptop with two
    readers it would take CPU from them (10k pages, 2 pairs: wall 24.7-25.7 s without it,
    26.2-27.5 s with it, and 80 MB more PSS while reading), so there it is started only once a
    reader has no file left, and prepares nothing (update._start_link_helper)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cores = os.cpu_count() or 1
    return max(0, cores - workers)

_log = logging.getLogger(__name__)


def __getattr__(name: str):
    """``scan`` from update.py, imported when first asked for: a search never reads files, so
    it need not import the update and the reading pipeline behind it (issue 22)."""
    if name == "scan":
        from .update import scan

        return scan
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _read_only_archive(data_dir: Path) -> bool:
    """An existing data folder with a catalog that this process may not write."""
    catalog = paths_mod.catalog_path(data_dir)
    return catalog.is_file() and not (os.access(data_dir, os.W_OK) and os.access(catalog, os.W_OK))


# -- the facade ------------------------------------------------------------------------------

class Archive(ArchiveReading, ArchiveLinks):
    def __init__(self, data_dir: str | Path | None = None):
        self.data_dir = paths_mod.data_dir(data_dir)
        # a data folder we may only read (read-only disk or folder, another user's archive)
        # can still be searched and shown; updating it says why it cannot (DataDirError)
        self.read_only = _read_only_archive(self.data_dir)
        try:
            if not self.read_only:
                self.data_dir.mkdir(parents=True, exist_ok=True)
            self.catalog = Catalog(paths_mod.catalog_path(self.data_dir), read_only=self.read_only)
        except (OSError, sqlite3.Error) as err:
            # a file in the way, no permission, a full disk: say which folder, no traceback
            raise DataDirError(_data_dir_reason(self.data_dir, err)) from None
        except CatalogError as err:
            raise DataDirError(str(err)) from None
        from ..index import FullTextIndex, IndexCorrupt

        # problems found when opening, for the UI/CLI to show ("index was damaged; rebuilt")
        self.notices: list[str] = []
        try:
            self.index = FullTextIndex(paths_mod.index_dir(self.data_dir))
        except IndexCorrupt as err:
            if self.read_only:
                raise DataDirError(f"{err}; it cannot be rebuilt in a read-only data folder") from None
            # the catalog still holds every page's text: rebuild the index from it, no re-reading
            self.index = FullTextIndex.recreate(paths_mod.index_dir(self.data_dir))
            self.notices.append(f"the full-text index was damaged ({err}); it is rebuilt from the catalog")
        except OSError as err:
            raise DataDirError(_data_dir_reason(self.data_dir, err)) from None
        self._write_lock = threading.RLock()
        self._lock_held = False  # this process holds the file lock (lock.py); see _writing
        self.lock_notes: list[str] = []  # locks taken over from a dead writer, for the report
        from ..paths import use_ocr_cache

        use_ocr_cache(self.data_dir)  # hits on OCR'd pages are boxed from the OCR words
        # an index that was deleted or rebuilt: index again from the catalog on next update
        if not self.read_only and self.index.unit_count() == 0 and self.catalog.counts()["documents"]:
            self.catalog.clear_indexed()

    def _writable(self) -> None:
        """DataDirError when this archive was opened read-only (every writer calls this)."""
        if self.read_only:
            raise DataDirError(_data_dir_reason(self.data_dir, PermissionError(13, "read-only")))

    # -- folders -----------------------------------------------------------------------
    def folders(self) -> list[str]:
        return self.catalog.folders()

    @contextmanager
    def _writing(self, wait: float = 0.0, on_wait=None, cancel: threading.Event | None = None,
                 block_in_process: bool = False):
        """The one-writer lock (lock.py) for the ``with`` body, held once per process: a
        writer called inside another (relink inside update) does not lock again.

        Another thread of this process writing (the app's update in its worker thread):
        block_in_process waits for it, else ArchiveBusy after ``wait`` seconds (a folder
        dialog must not freeze the window). Another process: wait ``wait`` seconds for it
        (on_wait told once), then ArchiveBusy."""
        if block_in_process:
            got = self._write_lock.acquire()
        elif wait > 0:
            got = self._write_lock.acquire(timeout=wait)
        else:
            got = self._write_lock.acquire(blocking=False)
        if not got:
            raise ArchiveBusy(f"this archive is being updated by this program; try again when it has "
                              f"finished (data folder {self.data_dir})")
        try:
            if self._lock_held:
                yield
                return
            with write_lock(self.data_dir, timeout=wait, on_wait=on_wait, cancel=cancel,
                            on_takeover=self._took_over):
                self._lock_held = True
                try:
                    yield
                finally:
                    self._lock_held = False
        finally:
            self._write_lock.release()

    def _took_over(self, message: str) -> None:
        """The last writer died and left a process holding the lock (lock.py): its Whoosh
        lock may be held by that leftover too. We are now the one writer, so nobody else
        can hold that one rightfully: remove its file (the leftover keeps the old one)."""
        index = paths_mod.index_dir(self.data_dir)
        for p in index.glob("*_WRITELOCK") if index.is_dir() else ():
            try:
                p.unlink()
            except OSError:
                pass
        _log.warning("%s", message)
        self.lock_notes.append(message)

    def add_folder(self, path: str | os.PathLike[str], *, wait: float = 0.0,
                   on_wait: Callable[[str], None] | None = None) -> None:
        """Remember a folder (or single file) as part of the archive. Call update() to read it.
        Takes the one-writer lock (waits ``wait`` seconds for another writer, then ArchiveBusy)."""
        self._writable()
        p = _abs(path)
        why = paths_mod.archive_overlap(self.data_dir, p)
        if why:
            raise DataDirError(why)
        if any(_under(p, root) for root in self.catalog.folders()):
            return  # already inside a root: nothing to write, no need to wait for the lock
        with self._writing(wait, on_wait):
            if any(_under(p, root) for root in self.catalog.folders()):
                return  # already inside a root
            # a new root above existing ones takes them over
            for root in self.catalog.folders():
                if _under(root, p):
                    self.catalog.absorb_folder(root, p)
            self.catalog.add_folder(p)

    def remove_folder(self, path: str | os.PathLike[str], *, wait: float = 0.0) -> None:
        """Forget a root: its sources leave the catalog and the index (under the one-writer
        lock, as add_folder)."""
        self._writable()
        p = _abs(path)
        with self._writing(wait):
            gone = self.catalog.remove_folder(p)
            if gone:
                self.index.update(remove_sources=[readable(g) for g in gone], add=[], procs=1)
                self.relink()

    # -- update ------------------------------------------------------------------------
    def update(
        self,
        paths: Sequence[str | os.PathLike[str]] | None = None,
        *,
        progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
        workers: int = 2,
        wait: float = 0.0,
        ocr: bool | None = None,
    ) -> UpdateReport:
        """Bring catalog and index up to date with the files on disk.

        Another process updating the same archive: wait up to ``wait`` seconds (progress
        phase "waiting"), then raise lock.ArchiveBusy. A data folder that cannot be written
        (full disk, read-only) raises lock.DataDirError naming the folder.

        paths None: all archive folders; otherwise only these folders/files (each must be a
        root or inside one; call add_folder first). Only new or changed files are read.

        ocr: after the text layers are indexed, OCR the pages without one (or with a garbled
        one) and index them page by page (ocr_update.py). None: on unless $ZVDJ_NO_OCR is set.
        """
        # one writer per archive across processes too (a second app, `zvdj index`): see lock.py
        self._writable()
        for folder in self.catalog.folders():  # e.g. a data folder moved into the archive since
            why = paths_mod.archive_overlap(self.data_dir, folder)
            if why:
                raise DataDirError(why)
        on_wait = (lambda msg: progress(Progress("waiting", 0, 0, None, msg))) if progress else None
        with self._writing(wait, on_wait, cancel, block_in_process=True):
            try:
                if ocr is None:
                    from ..ocr import disabled_by_env

                    ocr = not disabled_by_env()
                from .update import _Updater

                return _Updater(self, progress, cancel, workers, ocr).run(paths)
            except (OSError, sqlite3.OperationalError) as err:
                if not _data_dir_failure(self.data_dir, err):
                    raise
                raise DataDirError(_data_dir_reason(self.data_dir, err)) from err

    def relink(self, cancel: threading.Event | None = None, meanwhile: Callable[[], None] | None = None,
               helper=None) -> bool:
        """Recompute meetings and links from the catalogued documents. Texts are read one
        document at a time. Returns False when cancel was set before the end: then nothing
        was changed (the next update relinks).

        meanwhile(): other work (the update's last index batch), done in this process while
        the linking helper process starts and aligns; called once, also when cancelled.
        helper: a link.helper.LinkHelper the update started while reading (it has prepared
        the documents stored in this run); used whatever the archive's size, closed here."""
        from ..link.helper import HelperFailed

        pending = [meanwhile] if meanwhile is not None else []

        def once() -> None:
            while pending:
                pending.pop()()

        self._writable()
        with self._writing(block_in_process=True):
            try:
                try:
                    return self._link(cancel, parallel=True, meanwhile=once, helper=helper)
                except HelperFailed as err:
                    # same result in one process, only slower; the user need not know
                    _log.warning("linking helper failed (%s); linking in one process", err)
                    return self._link(cancel, parallel=False, meanwhile=once)
            finally:
                once()
                if helper is not None:
                    helper.close()

    def _link(self, cancel: threading.Event | None, parallel: bool, meanwhile: Callable[[], None],
              helper=None) -> bool:
        from ..link import Cancelled, build_from
        from ..link.helper import LinkHelper
        from ..link.references import HEAD_CHARS

        # only what grouping and aligning read: whole rows kept 61 MB at 100,000 pages, these 23
        keep = ("id", "type", "series", "meeting_date", "start_time", "end_time", "place", "title", "doc_date")
        docs = [{k: r[k] for k in keep} for r in self.catalog.documents(text=False)]
        # a large archive links on both cores (link/helper.py); a small one is done before a
        # second process would have started
        if helper is not None:
            helper.link(docs)
        elif parallel and len(docs) >= PARALLEL_LINK_DOCS:
            try:
                helper = LinkHelper(self.catalog.path, docs)
            except OSError as err:  # no process could be started (limits): one process it is
                _log.warning("linking helper could not start (%s); linking in one process", err)
        try:
            meanwhile()
            try:
                meetings, links = build_from(docs, self.catalog.items_of,
                                             lambda: self.catalog.document_heads(HEAD_CHARS),
                                             cancel=(cancel.is_set if cancel is not None else None),
                                             helper=helper, fetch=self.catalog.documents_with_items,
                                             fetch_refs=self.catalog.reference_rows,
                                             text_of=self.catalog.document_text,
                                             headings_of=self.catalog.item_headings)
            except Cancelled:
                return False
            del docs  # freed before the same-topic links are computed, while they are written
            self.catalog.replace_links(meetings, links=links)  # one transaction: all links or none
            return True
        finally:
            if helper is not None:
                helper.close()

    def export_json(self) -> dict:
        """The whole catalog in the public export format (GUIDE.md section 3)."""
        from ..export import build_export

        return build_export(self)

    def stats(self) -> dict:
        out: dict = dict(self.catalog.counts())
        out["document_types"] = self.catalog.type_counts()
        # from the catalog: counting ids in the index takes a second at 100,000 pages
        out["indexed_documents"] = self.catalog.indexed_document_count()
        out["data_dir"] = str(self.data_dir)
        return out

    def close(self) -> None:
        try:
            self.index.close()
        finally:
            self.catalog.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
