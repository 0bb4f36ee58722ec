"""The Archive facade: the one object the command line and the desktop UI talk to.

It owns the SQLite catalog and the full-text index under one data directory and hands out
frozen dataclasses; callers never see SQLite rows or Whoosh objects.

Threads: ``update()`` may run in a worker thread while ``search()``, ``document()`` etc. run
in the UI thread. The catalog gives every thread its own SQLite connection (WAL: readers see
the last committed state and are never blocked by the writer). Writers (``update``,
``add_folder``, ``remove_folder``, ``relink``) take one lock, so two updates never interleave.

The archive folders are only ever read: nothing is written into them.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import sqlite3
import stat as stat_mod
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import paths as paths_mod
from .catalog import Catalog, CatalogError, SourceRecord, doc_key, doc_name
from .fsnames import db_text, readable
from .lock import ArchiveBusy, DataDirError, write_lock  # noqa: F401 (re-exported)
from .model import Pos
from .pipeline import DocForIndex, FileResult, PageLines, index_units, process_file, run_parallel

# index batches: write when this many units or files are waiting, or this many seconds passed
BATCH_UNITS = 3000
BATCH_FILES = 200
BATCH_SECONDS = 30.0
PARALLEL_LINK_DOCS = 2000  # documents from which linking uses a helper process (both cores)

_log = logging.getLogger(__name__)


# -- what the facade hands out ------------------------------------------------------------

@dataclass(frozen=True)
class Progress:
    phase: str  # "waiting" (another process updates), "scanning", "checking", "reading", "indexing", "linking", "done"
    done: int
    total: int
    current_path: str | None = None
    message: str = ""


@dataclass(frozen=True)
class UpdateReport:
    scanned: int = 0  # supported files found in the folders
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    renamed: int = 0
    # every file in scope that cannot be read, including ones remembered from earlier runs
    failed: tuple[tuple[str, str], ...] = ()
    # non-fatal problems of the files read in this run: (path, "page 8-20: no text layer")
    warnings: tuple[tuple[str, str], ...] = ()
    # folders that could not be listed (their files are kept as they were)
    unreadable_folders: tuple[tuple[str, str], ...] = ()
    # links in the folders that point outside the archive: (link, target), not followed
    outside_links: tuple[tuple[str, str], ...] = ()
    files_read: int = 0
    pages_read: int = 0
    seconds: float = 0.0
    cancelled: bool = False
    ocr_pages: int = 0  # pages OCR'd in this run
    ocr_notice: str | None = None  # said once per run: scanned pages wait for Tesseract

    def summary(self) -> str:
        parts = [f"{self.new} new", f"{self.changed} changed"]
        unchanged = f"{self.unchanged} unchanged"
        if self.files_read == 0:
            unchanged += " (nothing read)"
        parts.append(unchanged)
        if self.renamed:
            parts.append(f"{self.renamed} renamed")
        parts += [f"{self.removed} removed", f"{len(self.failed)} failed"]
        files = "file" if self.scanned == 1 else "files"
        text = f"{self.scanned} {files}: " + ", ".join(parts)
        text += f"; {self.pages_read} pages in {self.seconds:.1f} s"
        if self.pages_read and self.seconds > 0:
            text += f" ({self.pages_read / self.seconds:.0f} pages/s)"
        if self.ocr_pages:
            text += f"; OCR: {self.ocr_pages} pages"
        if self.cancelled:
            text = "cancelled: " + text
        return text


@dataclass(frozen=True)
class SourceInfo:
    path: str
    kind: str | None
    pages: int | None
    lines: int | None
    error: str | None
    problems: tuple[str, ...] = ()
    folder: str | None = None
    size: int | None = None
    title: str | None = None


@dataclass(frozen=True)
class ItemInfo:
    number: str
    title: str
    page: int | None = None
    line: int | None = None
    level: int = 0
    parent: str | None = None
    text: str = ""


@dataclass(frozen=True)
class DocumentInfo:
    id: str  # "d12"
    source: str
    kind: str | None
    first_page: int | None
    last_page: int | None
    first_line: int | None
    last_line: int | None
    type: str
    title: str
    doc_date: str | None = None
    kenmerk: str | None = None
    betreft: str | None = None
    series: str | None = None
    meeting_date: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    place: str | None = None
    meeting: str | None = None
    participants: dict[str, list[str]] = field(default_factory=dict)
    absent: dict[str, list[str]] = field(default_factory=dict)
    items: tuple[ItemInfo, ...] = ()  # filled by document(); empty in documents()
    redactions: dict[str, int] = field(default_factory=dict)  # code -> count
    problems: tuple[str, ...] = ()  # of its source
    type_evidence: str = ""
    # Woo releases: stamped number, inventory rows (inventory lists), dossier/volgnummer
    # (official publications)
    stamp: str | None = None
    inventory: tuple[dict, ...] = ()
    dossier: str | None = None
    number: str | None = None


@dataclass(frozen=True)
class LineText:
    number: int  # PDFs: 1-based line on the page; text sources: line number in the file
    text: str
    furniture: bool


@dataclass(frozen=True)
class PageText:
    number: int
    lines: tuple[LineText, ...]
    has_text: bool = True
    garbled: bool = False
    text_source: str = "layer"  # "ocr": read by OCR from the page image
    ocr_confidence: float | None = None  # mean OCR word confidence, 0-100


@dataclass(frozen=True)
class ItemRef:
    document: str
    number: str


@dataclass(frozen=True)
class MeetingRow:
    number: str | None
    title: str | None
    agenda: ItemRef | None = None
    nota: ItemRef | None = None
    verslag: ItemRef | None = None


@dataclass(frozen=True)
class MeetingInfo:
    id: str
    series: str | None
    date: str | None
    start: str | None
    end: str | None
    place: str | None
    documents: dict[str, list[str]] = field(default_factory=dict)  # type -> ["d1", ...]
    items: tuple[MeetingRow, ...] = ()
    # the documents of each column (agenda, nota, verslag), the one to show first: the
    # document the alignment took for that column (meeting_columns)
    columns: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class SearchPage:
    page: int  # PDF page; text sources: chunk number
    line: int | None  # text sources: file line where the snippet's chunk starts
    score: float
    snippet: str  # with <b>…</b> around matched terms


@dataclass(frozen=True)
class SearchHit:
    doc_id: str
    score: float
    title: str
    type: str
    series: str | None
    date: str | None
    source: str
    first_page: int | None
    first_line: int | None
    meeting: str | None
    pages: tuple[SearchPage, ...] = ()
    page_hit_count: int = 0


@dataclass(frozen=True)
class LinkInfo:
    """A link as the UI shows it, seen from one item (see Archive.item_links)."""

    kind: str  # conceptverslag | refers_to_meeting | same_topic | kamerstuk | version
    direction: str  # "out": stored from this item; "in": stored pointing at this item
    from_doc: str | None
    from_number: str | None
    to_meeting: str | None
    to_doc: str | None
    to_number: str | None
    to_text: str | None  # unresolved references: the words, e.g. "Conceptverslag van 10 april 2019"
    to_date: str | None
    evidence: str
    score: float | None
    other_meeting: str | None
    other_date: str | None
    other_series: str | None
    other_title: str | None


@dataclass(frozen=True)
class ThreadEntry:
    meeting: str | None
    date: str | None
    series: str | None
    doc_id: str | None
    number: str | None
    title: str
    evidence: str = ""


@dataclass(frozen=True)
class DecisionInfo:
    doc_id: str
    number: str | None
    kind: str  # "afspraak", "actie", "besluit"
    text: str
    page: int | None
    line: int | None
    meeting: str | None
    date: str | None


# -- helpers ---------------------------------------------------------------------------------

def _abs(p: str | os.PathLike[str]) -> str:
    return os.path.abspath(os.path.expanduser(os.fspath(p)))


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _kind_by_suffix(path: str) -> str:
    s = Path(path).suffix.lower()
    return {".pdf": "pdf", ".xml": "xml", ".html": "html", ".htm": "html"}.get(s, "text")


class NotRegularFile(OSError):
    """A path that was a file when scanned is now a FIFO, socket or device."""


def _open_regular(path: str) -> int:
    """A file descriptor for reading a regular file. O_NONBLOCK: a FIFO that took the
    file's place after the scan must not block the open (it would hang the indexer, holding
    the lock); fstat then refuses it without reading a byte."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat_mod.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(0, "not a regular file (a FIFO, socket or device); skipped", path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(_open_regular(path), "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _os_reason(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "permission denied (the file cannot be opened)"
    if isinstance(err, FileNotFoundError):
        return "not found (a broken link, or removed while indexing)"
    return err.strerror or str(err)


def _data_dir_failure(data_dir: Path, err: OSError | sqlite3.OperationalError) -> bool:
    """Is this error the data folder's fault (full, read-only, gone) rather than a bug?"""
    import errno

    if isinstance(err, sqlite3.OperationalError):
        text = str(err).lower()
        return any(w in text for w in ("full", "readonly", "read-only", "disk i/o", "unable to open"))
    if err.errno in (errno.ENOSPC, errno.EROFS, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return True
    name = getattr(err, "filename", None)
    if not name:
        return False
    return _under(_abs(name), str(data_dir))


def _data_dir_reason(data_dir: Path, err: Exception) -> str:
    import errno

    if isinstance(err, FileExistsError) or getattr(err, "errno", None) == errno.ENOTDIR:
        why = "a file is in the way (the data folder must be a folder)"
    elif getattr(err, "errno", None) in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)) \
            or "full" in str(err).lower():
        why = "the disk is full; free some space and index again (nothing indexed before is lost)"
    elif isinstance(err, PermissionError) or getattr(err, "errno", None) == errno.EROFS \
            or "readonly" in str(err).lower():
        why = "no permission to write there (read-only folder or disk); choose another with --data-dir"
    else:
        why = getattr(err, "strerror", None) or str(err)
    return f"cannot use the data folder {data_dir}: {why}"


def _read_only_archive(data_dir: Path) -> bool:
    """An existing data folder with a catalog that this process may not write."""
    catalog = paths_mod.catalog_path(data_dir)
    return catalog.is_file() and not (os.access(data_dir, os.W_OK) and os.access(catalog, os.W_OK))


def _is_supported(path: str) -> bool:
    from . import readers

    fn = getattr(readers, "is_supported", None)
    if fn is not None:
        return bool(fn(path))
    return Path(path).suffix.lower() in getattr(readers, "SUPPORTED_SUFFIXES", ())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class _Scan:
    found: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # path -> (root, size, mtime_ns)
    unlisted: list[tuple[str, str]] = field(default_factory=list)  # (folder, reason)
    outside_links: list[tuple[str, str]] = field(default_factory=list)  # (link, its real target)


def scan(roots: Sequence[str], archive_roots: Sequence[str] = ()) -> _Scan:
    """Supported files under the roots. Hidden files and folders are skipped, unreadable
    folders reported. Links are followed only while they stay inside the archive (the
    roots and ``archive_roots``, by real path): a link to /etc or /proc would put system
    files in the index or crawl the whole disk; each such link is listed once in
    ``outside_links`` with its target. Inside the archive a folder is read once (a loop is
    detected by the real path)."""
    out = _Scan()
    seen_dirs: set[str] = set()
    seen_files: set[str] = set()
    inside = {os.path.realpath(r) for r in (*roots, *archive_roots)}

    def leaves(path: str) -> bool:
        """A link whose target is outside the archive (reported, not followed)."""
        real = os.path.realpath(path)
        if any(_under(real, r) for r in inside):
            return False
        out.outside_links.append((path, real))
        return True

    def add_file(path: str, root: str) -> None:
        try:
            st = os.stat(path)
        except OSError:
            st = None  # a broken link: reported when it is opened
        real = os.path.realpath(path)
        if real in seen_files:
            return
        seen_files.add(real)
        if st is not None and not stat_mod.S_ISREG(st.st_mode):
            return
        out.found[path] = (root, st.st_size if st else -1, st.st_mtime_ns if st else -1)

    for root in roots:
        if os.path.isfile(root) or (os.path.islink(root) and not os.path.exists(root)):
            if _is_supported(root):
                add_file(root, root)
            else:
                out.unlisted.append((root, "not a supported file type"))
            continue
        if not os.path.isdir(root):
            out.unlisted.append((root, "not found (moved, or on a drive that is not connected); "
                                       "its files stay in the archive"))
            continue
        stack = [root]
        while stack:
            folder = stack.pop()
            real = os.path.realpath(folder)
            if real in seen_dirs:
                continue  # symlink loop, or the same folder reached twice
            seen_dirs.add(real)
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as err:
                out.unlisted.append((folder, _os_reason(err) if not isinstance(err, PermissionError)
                                     else "permission denied (the folder cannot be listed)"))
                continue
            subdirs = []
            for e in entries:
                if e.name.startswith("."):
                    continue
                if e.is_symlink() and leaves(e.path):
                    continue
                try:
                    is_dir = e.is_dir(follow_symlinks=True)
                except OSError:
                    is_dir = False
                if is_dir:
                    subdirs.append(e.path)
                elif _is_supported(e.path):
                    add_file(e.path, root)
            stack.extend(reversed(subdirs))
    return out


# -- the facade ------------------------------------------------------------------------------

class Archive:
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
        from .index import FullTextIndex, IndexCorrupt

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
        from . import ocr

        ocr.use_cache(self.data_dir)  # hits on OCR'd pages are boxed from the OCR words
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
                    with self.catalog.transaction() as c:
                        c.execute("DELETE FROM folders WHERE path = CAST(? AS TEXT)", (db_text(root),))
                        c.execute("UPDATE sources SET folder = CAST(? AS TEXT) WHERE folder = CAST(? AS TEXT)",
                                  (db_text(p), db_text(root)))
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
                    from .ocr import disabled_by_env

                    ocr = not disabled_by_env()
                return _Updater(self, progress, cancel, workers, ocr).run(paths)
            except (OSError, sqlite3.OperationalError) as err:
                if not _data_dir_failure(self.data_dir, err):
                    raise
                raise DataDirError(_data_dir_reason(self.data_dir, err)) from err

    def relink(self, cancel: threading.Event | None = None, meanwhile: Callable[[], None] | None = None) -> bool:
        """Recompute meetings and links from the catalogued documents. Texts are read one
        document at a time. Returns False when cancel was set before the end: then nothing
        was changed (the next update relinks).

        meanwhile(): other work (the update's last index batch), done in this process while
        the linking helper process starts and aligns; called once, also when cancelled."""
        from .link.helper import HelperFailed

        pending = [meanwhile] if meanwhile is not None else []

        def once() -> None:
            while pending:
                pending.pop()()

        self._writable()
        with self._writing(block_in_process=True):
            try:
                try:
                    return self._link(cancel, parallel=True, meanwhile=once)
                except HelperFailed as err:
                    # same result in one process, only slower; the user need not know
                    _log.warning("linking helper failed (%s); linking in one process", err)
                    return self._link(cancel, parallel=False, meanwhile=once)
            finally:
                once()

    def _link(self, cancel: threading.Event | None, parallel: bool, meanwhile: Callable[[], None]) -> bool:
        from .link import Cancelled, build_from
        from .link.helper import LinkHelper

        # only what grouping and aligning read: whole rows kept 61 MB at 100,000 pages, these 23
        keep = ("id", "type", "series", "meeting_date", "start_time", "end_time", "place", "title", "doc_date")
        docs = [{k: r[k] for k in keep} for r in self.catalog.documents(text=False)]
        # a large archive links on both cores (link/helper.py); a small one is done before a
        # second process would have started
        helper = None
        if parallel and len(docs) >= PARALLEL_LINK_DOCS:
            try:
                helper = LinkHelper(self.catalog.path, docs)
            except OSError as err:  # no process could be started (limits): one process it is
                _log.warning("linking helper could not start (%s); linking in one process", err)
        try:
            meanwhile()
            try:
                meetings, links = build_from(docs, self.catalog.items_of, self.catalog.stream_documents,
                                             cancel=(cancel.is_set if cancel is not None else None),
                                             helper=helper)
            except Cancelled:
                return False
            del docs  # freed before the same-topic links are computed, while they are written
            self.catalog.replace_links(meetings, links=links)  # one transaction: all links or none
            return True
        finally:
            if helper is not None:
                helper.close()

    # -- reading -----------------------------------------------------------------------
    def sources(self) -> list[SourceInfo]:
        return [_source_info(r) for r in self.catalog.sources()]

    def documents(self, *, type: str | None = None, series: str | None = None,
                  outside_meetings: bool = False, source: str | None = None) -> list[DocumentInfo]:
        """Documents (without items) in archive order; outside_meetings=True: only those
        that belong to no meeting (the library's "other documents"); source: only those of
        that file (a Woo bundle's documents)."""
        counts = self.catalog.redaction_counts()
        return [_doc_info(r, counts.get(r["id"], {}))
                for r in self.catalog.documents(type=type, series=series, text=False,
                                                outside_meetings=outside_meetings, source_path=source)]

    def source_document_counts(self) -> dict[str, int]:
        """Number of documents per source file (path), for files that hold any."""
        return self.catalog.source_document_counts()

    def document(self, doc_id: str) -> DocumentInfo | None:
        key = doc_key(doc_id)
        row = self.catalog.document(key) if key is not None else None
        if row is None:
            return None
        assert key is not None  # there is no row without a key
        src = self.catalog.source(row["source_id"])
        items = tuple(
            ItemInfo(r["number"], r["title"] or "", r["page"], r["line"], r["level"], r["parent"], r["text"] or "")
            for r in self.catalog.items(key)
        )
        return _doc_info(
            row, self.catalog.redaction_counts(key).get(key, {}), items=items,
            problems=tuple(json.loads(src["problems"])) if src else (), kind=src["kind"] if src else None,
        )

    def document_pages(self, doc_id: str) -> list[PageText]:
        key = doc_key(doc_id)
        row = self.catalog.document(key) if key is not None else None
        if row is None:
            return []
        src = self.catalog.source(row["source_id"])
        pages = self.catalog.pages(row["source_id"], row["start_page"], row["end_page"])
        out = []
        for p in pages:
            texts = p["text"].split("\n") if p["text"] else []
            furniture = set(json.loads(p["furniture"]))
            numbers = json.loads(p["line_numbers"]) if p["line_numbers"] else None
            idx = range(len(texts))
            if src["kind"] != "pdf":  # text sources: only the document's own lines
                lo = row["start_line"] if p["number"] == row["start_page"] else 0
                hi = row["end_line"] if p["number"] == row["end_page"] else len(texts) - 1
                idx = range(lo, min(hi, len(texts) - 1) + 1)
            lines = tuple(
                LineText(numbers[i] if numbers and numbers[i] is not None else i + 1, texts[i], i in furniture)
                for i in idx
            )
            out.append(PageText(p["number"], lines, bool(p["has_text"]), bool(p["garbled"]),
                                p["text_source"], p["ocr_confidence"]))
        return out

    def redaction_boxes(self, doc_id: str | None = None) -> dict[str, list[dict]]:
        """Redaction boxes per document id: [{"page", "bbox": [x0, y0, x1, y1], "code"}],
        PDF points, top-left origin; code None when no code is printed in or beside it."""
        key = doc_key(doc_id) if doc_id is not None else None
        if doc_id is not None and key is None:
            return {}
        return {doc_name(k): [{"page": r["page"], "bbox": [r["x0"], r["y0"], r["x1"], r["y1"]], "code": r["code"]}
                              for r in rows]
                for k, rows in self.catalog.redaction_boxes(key).items()}

    def unreadable_pages(self) -> dict[str, list[int]]:
        """Per document id: PDF pages without readable text (see Catalog.unreadable_pages)."""
        return {doc_name(k): v for k, v in self.catalog.unreadable_pages().items()}

    def meetings(self) -> list[MeetingInfo]:
        docs: dict[str, dict[str, list[str]]] = {}
        for r in self.catalog.meeting_documents():
            docs.setdefault(r["meeting_id"], {}).setdefault(r["role"], []).append(doc_name(r["document_id"]))
        rows: dict[str, list[MeetingRow]] = {}
        for r in self.catalog.meeting_items():
            rows.setdefault(r["meeting_id"], []).append(_meeting_row(r))
        return [_meeting_info(m, docs.get(m["id"], {}), rows.get(m["id"], [])) for m in self.catalog.meetings()]

    def document_type_counts(self, *, outside_meetings: bool = False) -> dict[str, int]:
        """Number of documents per type (only those in no meeting: outside_meetings=True)."""
        return self.catalog.type_counts(outside_meetings=outside_meetings)

    def meeting_list(self) -> list[MeetingInfo]:
        """Every meeting with its documents but without its item rows (items=()): what a
        list of meetings shows, at a fraction of meetings()'s cost on a large archive."""
        docs: dict[str, dict[str, list[str]]] = {}
        for r in self.catalog.meeting_documents():
            docs.setdefault(r["meeting_id"], {}).setdefault(r["role"], []).append(doc_name(r["document_id"]))
        return [_meeting_info(m, docs.get(m["id"], {}), []) for m in self.catalog.meetings()]

    def meeting(self, meeting_id: str) -> MeetingInfo | None:
        m = self.catalog.meeting(meeting_id)
        if m is None:
            return None
        docs: dict[str, list[str]] = {}
        for r in self.catalog.meeting_documents(meeting_id):
            docs.setdefault(r["role"], []).append(doc_name(r["document_id"]))
        return _meeting_info(m, docs, [_meeting_row(r) for r in self.catalog.meeting_items(meeting_id)])

    def search(self, query: str, **filters) -> list[SearchHit]:
        """Full-text search; filters as FullTextIndex.search (types, series, date_from,
        date_to, has_redactions, limit, pages_per_doc). Hits of documents no longer in the
        catalog are left out."""
        hits = self.index.search(query, **filters)
        rows = self.catalog.documents_by_ids([k for h in hits if (k := doc_key(h.doc_id)) is not None])
        out = []
        for h in hits:
            hit_key = doc_key(h.doc_id)
            r = rows.get(hit_key) if hit_key is not None else None
            if r is None:
                continue
            out.append(SearchHit(
                doc_id=h.doc_id, score=float(h.score), title=h.title or r["title"] or "",
                type=h.type or r["type"], series=h.series, date=h.date, source=r["source_path"],
                first_page=r["first_page"], first_line=r["first_line"], meeting=r["meeting_id"],
                pages=tuple(SearchPage(p.page, p.line, float(p.score), p.snippet) for p in h.pages),
                page_hit_count=h.page_hit_count,
            ))
        return out

    def query_terms(self, query: str) -> list[str]:
        """The words of a query as the index matches them (for highlighting in the viewer)."""
        return list(self.index.query_terms(query))

    def export_json(self) -> dict:
        """The whole catalog in the public export format (GUIDE.md section 3)."""
        from .export import build_export

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

    # -- links (owned by linking) -------------------------------------------------------
    # Queries over the links table for the UI ("Elders besproken") and the CLI. Links are
    # stored per item (agenda, nota or verslag item); an item here stands for its whole
    # aligned row, so asking for the nota item also finds the links of its agenda item.
    def _row_refs(self, key: int, number: str | None) -> tuple[list[tuple[int, str | None]], str | None]:
        """The (doc, number) refs of the aligned row holding this item, and its meeting."""
        c = self.catalog.conn
        for r in c.execute(
            "SELECT mi.* FROM meeting_items mi WHERE (agenda_doc = ? AND agenda_number = ?)"
            " OR (nota_doc = ? AND nota_number = ?) OR (verslag_doc = ? AND verslag_number = ?)",
            (key, number, key, number, key, number),
        ):
            refs = [(r[f"{role}_doc"], r[f"{role}_number"]) for role in ("agenda", "nota", "verslag")
                    if r[f"{role}_doc"] is not None]
            return refs, r["meeting_id"]
        row = c.execute("SELECT meeting_id FROM meeting_documents WHERE document_id = ?", (key,)).fetchone()
        return [(key, number)], row["meeting_id"] if row else None

    def _link_context(self):
        """Lookups for presenting links, filled on demand: a large archive has thousands of
        meetings and documents, and one item has only a handful of links."""
        return _LinkContext(self.catalog.conn)

    def _item_title(self, key: int | None, number: str | None) -> str | None:
        if key is None or number is None:
            return None
        r = self.catalog.conn.execute(
            "SELECT title FROM items WHERE document_id = ? AND number = ? ORDER BY ord LIMIT 1", (key, number)
        ).fetchone()
        return r["title"] if r else None

    def _link_info(self, r, direction: str, ctx) -> LinkInfo:
        meetings, meeting_of, doc_titles = ctx
        if direction == "out":
            here = (r["from_doc"], r["from_number"])
            there_doc, there_num = r["to_doc"], r["to_number"]
            there_meeting = r["to_meeting"] or (meeting_of.get(there_doc) if there_doc is not None else None)
        else:  # the stored link points at this item: present it from this item's side
            here = (r["to_doc"], r["to_number"])
            there_doc, there_num = r["from_doc"], r["from_number"]
            there_meeting = meeting_of.get(there_doc)
        m = meetings.get(there_meeting) if there_meeting else None
        other_date = m["date"] if m else r["to_date"]
        if m is None and direction == "in" and there_doc is not None:
            # the other side is a letter's or report's section (link/sections.py): its own date,
            # not the date stored for this side
            other_date = self.catalog.document_date(there_doc)
        title = self._item_title(there_doc, there_num) or (doc_titles.get(there_doc) if there_doc is not None else None)
        if title is None and m is not None:
            title = f"{m['series'] or ''} {m['date'] or ''}".strip()
        return LinkInfo(
            kind=r["kind"], direction=direction, from_doc=doc_name(here[0]), from_number=here[1],
            to_meeting=there_meeting, to_doc=doc_name(there_doc), to_number=there_num,
            to_text=r["to_text"], to_date=r["to_date"] or (m["date"] if m else None), evidence=r["evidence"] or "",
            score=r["score"], other_meeting=there_meeting, other_date=other_date,
            other_series=m["series"] if m else None, other_title=title or r["to_text"],
        )

    def item_links(self, doc_id: str, number: str | None) -> list[LinkInfo]:
        """Links of this item (and of the items aligned with it), both directions: "out"
        (this item refers to / shares a topic with the other) and "in" (the other refers to
        this item). In both, from_* is this item and to_* / other_* the other side."""
        key = doc_key(doc_id)
        if key is None:
            return []
        refs, _ = self._row_refs(key, number)
        ctx = self._link_context()
        out, seen = [], set()
        c = self.catalog.conn
        for d, n in refs:
            cond = "from_number IS ?" if n is None else "from_number = ?"
            for r in c.execute(f"SELECT * FROM links WHERE from_doc = ? AND {cond} ORDER BY id", (d, n)):
                info = self._link_info(r, "out", ctx)
                k = (info.kind, info.to_meeting, info.to_doc if info.to_number else None, info.to_number,
                     info.to_text if info.to_meeting is None and info.to_doc is None else None)
                if k not in seen:
                    seen.add(k)
                    out.append(info)
            # number None: links to the whole document (a later version, a kamerstuk cited)
            for r in c.execute("SELECT * FROM links WHERE to_doc = ? AND to_number IS ? ORDER BY id", (d, n)):
                info = self._link_info(r, "in", ctx)
                k = (info.kind, info.to_meeting, info.to_doc, info.to_number, None)
                if k not in seen:
                    seen.add(k)
                    out.append(info)
        return out

    def topic_thread(self, doc_id: str, number: str | None) -> list[ThreadEntry]:
        """This item and the items of other meetings on the same topic, by date."""
        key = doc_key(doc_id)
        if key is None:
            return []
        refs, meeting = self._row_refs(key, number)
        meetings, _, _ = self._link_context()
        m = meetings.get(meeting) if meeting else None
        # the row's first item (agenda, else nota, else verslag) stands for it, so asking for
        # the nota or the verslag item gives the same thread
        own_doc, own_num = refs[0]
        entries = [ThreadEntry(meeting, m["date"] if m else None, m["series"] if m else None, doc_name(own_doc),
                               own_num, self._item_title(own_doc, own_num) or "", "")]
        seen = {meeting}
        for info in sorted((x for x in self.item_links(doc_id, number) if x.kind == "same_topic"),
                           key=lambda x: -(x.score or 0)):
            if info.other_meeting in seen:
                continue  # one entry per meeting: the best match
            seen.add(info.other_meeting)
            entries.append(ThreadEntry(info.other_meeting, info.other_date, info.other_series, info.to_doc,
                                       info.to_number, info.other_title or "", info.evidence))
        entries.sort(key=lambda e: (e.date or "", e.meeting or ""))
        return entries

    def decisions(self, doc_id: str | None = None, number: str | None = None) -> list[DecisionInfo]:
        """Outcome lines ("Afspraak:", "Akkoord", "Actie:", ...) of verslagen. With doc_id
        (any document of a meeting) and number: those of the verslag item aligned with
        that item; with doc_id only: of that meeting's verslag; without: all."""
        from .link.decisions import find_decisions
        from .link.meetings import VERSLAG_TYPES

        c = self.catalog.conn
        meetings, meeting_of, _ = self._link_context()
        wanted: set[tuple[int, str]] | None = None
        docs: list[int]
        if doc_id is not None:
            key = doc_key(doc_id)
            if key is None:
                return []
            if number is not None:
                refs, _ = self._row_refs(key, number)
                wanted = set(refs)
                docs = sorted({d for d, _ in refs})
            else:
                mid = meeting_of.get(key)
                docs = [r["document_id"] for r in c.execute(
                    "SELECT document_id FROM meeting_documents WHERE meeting_id = ?", (mid,))] if mid else [key]
        else:
            docs = [r["id"] for r in c.execute("SELECT id FROM documents")]
        marks = ",".join("?" * len(docs)) or "NULL"
        vdocs = {r["id"]: r for r in c.execute(
            f"SELECT d.id, d.type, s.kind FROM documents d JOIN sources s ON s.id = d.source_id WHERE d.id IN ({marks})"
            f" AND d.type IN ({','.join('?' * len(VERSLAG_TYPES))})", [*docs, *VERSLAG_TYPES])}
        out = []
        for key in sorted(vdocs):
            mid = meeting_of.get(key)
            m = meetings.get(mid) if mid else None
            lines = None
            for it in self.catalog.items(key):
                if wanted is not None and (key, it["number"]) not in wanted:
                    continue
                text = it["text"] or ""
                if vdocs[key]["type"] == "besluitenlijst":  # "1. ... wordt vastgesteld." is item and outcome
                    text = f"{it['title'] or ''}\n{text}"
                found = find_decisions(text)
                if found and lines is None:
                    lines = self._doc_lines(key, vdocs[key]["kind"])
                for kind, text, _offset in found:
                    page, line = self._find_line(lines or [], it, text)
                    out.append(DecisionInfo(doc_name(key), it["number"], kind, text, page, line, mid,
                                            m["date"] if m else None))
        return out

    def _doc_lines(self, key: int, kind: str | None) -> list[tuple[int, int | None, str]]:
        """(page, line number or None for PDFs, text) of every line of a document."""
        out = []
        for p in self.document_pages(doc_name(key)):
            for ln in p.lines:
                out.append((p.number, ln.number if kind != "pdf" else None, ln.text))
        return out

    @staticmethod
    def _find_line(lines, item, text: str) -> tuple[int | None, int | None]:
        """Where a decision line sits: the first line at or after the item's start whose text
        (bold marks removed) contains the decision's first words."""
        probe = re.sub(r"\s+", " ", text[:40]).strip()
        for page, number, raw in lines:
            if item["page"] is not None and page < item["page"]:
                continue
            if number is not None and item["line"] is not None and number < item["line"]:
                continue
            if probe and probe in re.sub(r"\s+", " ", re.sub(r"[*_]{2,}", "", raw)):
                return page, number
        return item["page"], item["line"]

    def links(self) -> list[LinkInfo]:
        """Every stored link, as stored (direction "out")."""
        ctx = self._link_context()
        return [self._link_info(r, "out", ctx) for r in self.catalog.links()]


# -- update, step by step ----------------------------------------------------------------------

class _Updater:
    def __init__(self, archive: Archive, progress, cancel, workers, ocr: bool = False):
        self.a = archive
        self.ocr = ocr
        self.cat = archive.catalog
        self.progress = progress or (lambda p: None)
        self.cancel = cancel
        self.workers = workers
        self.pending_remove: set[str] = set()
        self.pending_units: list[dict] = []
        self.pending_ids: list[int] = []
        self.last_flush = time.monotonic()

    def run(self, paths) -> UpdateReport:
        t0 = time.perf_counter()
        # Meetings and links are derived from all documents and cost seconds on a large
        # archive, so they are only recomputed when something changed. The flag file says a
        # run started and did not get to relinking (it was killed): then relink anyway.
        from .link import LINK_VERSION

        flag = Path(self.a.data_dir) / "relink.pending"
        stamp = Path(self.a.data_dir) / "link.version"
        stale = flag.exists() or not stamp.exists() or stamp.read_text().strip() != str(LINK_VERSION)
        flag.touch()
        folders = self.cat.folders()
        roots = folders if paths is None else [_abs(p) for p in paths]
        self.progress(Progress("scanning", 0, 0, None, "looking for files"))
        found = scan(roots, folders)
        known = self.cat.source_states()
        root_of = lambda p: next((f for f in folders if _under(p, f)), None)  # noqa: E731

        # sources we may call "removed": under a listed root, not inside an unlisted folder
        blocked = [f for f, _ in found.unlisted]
        in_scope = [p for p in known if any(_under(p, r) for r in roots)
                    and not any(_under(p, b) for b in blocked)]
        missing = {p for p in in_scope if p not in found.found}
        by_hash: dict[str, list[str]] = {}
        for p in missing:
            k = known[p]
            if k["sha256"] and not k["error"]:
                by_hash.setdefault(k["sha256"], []).append(p)

        unchanged, to_read, reindex = 0, [], []
        new = changed = renamed = 0
        records: dict[str, SourceRecord] = {}
        total = len(found.found)
        for i, (path, (root, size, mtime)) in enumerate(sorted(found.found.items())):
            if self.cancel is not None and self.cancel.is_set():
                break
            k = known.get(path)
            folder = root_of(path) or root
            if k is not None and k["size"] == size and k["mtime_ns"] == mtime and (k["sha256"] or not k["error"]):
                unchanged += 1
                if k["indexed_at"] is None and not k["error"]:
                    reindex.append(k["id"])
                continue
            self.progress(Progress("checking", i, total, path, "comparing contents"))
            try:
                digest = _sha256(path)
            except OSError as err:
                # cannot even be opened: recorded as failed, tried again on every run
                reason = _os_reason(err)
                if k is not None and k["error"] and k["sha256"] is None:
                    unchanged += 1  # failed the same way before
                    if (k["size"], k["mtime_ns"], k["error"]) == (size, mtime, reason):
                        continue
                elif k is not None:
                    changed += 1
                    self.pending_remove.add(path)
                else:
                    new += 1
                self.cat.write_source(SourceRecord(path, folder, size, mtime, None,
                                                   kind=_kind_by_suffix(path), error=reason), None, [])
                continue
            rec = SourceRecord(path, folder, size, mtime, digest, kind=_kind_by_suffix(path))
            if k is not None and k["sha256"] == digest:
                self.cat.touch_source(path, size, mtime)
                unchanged += 1
                if k["indexed_at"] is None and not k["error"]:
                    reindex.append(k["id"])
            elif k is not None:
                changed += 1
                records[path] = rec
                to_read.append(path)
            elif by_hash.get(digest):
                old = by_hash[digest].pop()
                missing.discard(old)
                sid = self.cat.rename_source(old, path, folder, size, mtime)
                self.pending_remove.add(old)
                reindex.append(sid)
                renamed += 1
            else:
                new += 1
                records[path] = rec
                to_read.append(path)

        if missing:
            self.cat.delete_sources(sorted(missing))
            self.pending_remove.update(missing)

        lock_file = str(Path(self.a.data_dir) / "write.lock")
        warnings: list[tuple[str, str]] = [(lock_file, note) for note in self.a.lock_notes]
        self.a.lock_notes.clear()
        pages_read = files_read = 0
        self.progress(Progress("reading", 0, len(to_read), None, f"{len(to_read)} files to read"))
        for done, result in enumerate(
            run_parallel(to_read, self.workers, cancel=self.cancel,
                         fn=functools.partial(process_file, data_dir=str(self.a.data_dir))), start=1
        ):
            files_read += 1
            pages_read += result.pages
            sid = self._store(records[result.path], result)
            if result.error is None:
                warnings += [(result.path, p) for p in result.problems]
                if result.source is not None:
                    warnings += [(result.path, p) for p in result.source.problems]
                self._queue_units(sid)
            self.progress(Progress("reading", done, len(to_read), result.path,
                                   result.error or f"{result.pages} pages"))
            if (len(self.pending_units) >= BATCH_UNITS or len(self.pending_ids) >= BATCH_FILES
                    or time.monotonic() - self.last_flush > BATCH_SECONDS):
                self._flush()
        cancelled = bool(self.cancel is not None and self.cancel.is_set())
        for sid in reindex:  # catalogued but not (or no longer) in the index: no need to read
            self._queue_units(sid)
        needs_link = bool(stale or new or changed or renamed or missing or reindex or files_read)
        if needs_link:
            linking = Progress("linking", 0, 0, None, "grouping documents into meetings")
            self.progress(linking)

            def last_batch() -> None:  # written while the linking helper starts (both cores)
                self._flush()
                self.progress(linking)

            if self.a.relink(cancel=self.cancel, meanwhile=last_batch):
                stamp.write_text(str(LINK_VERSION))
            else:
                cancelled = True  # the flag stays: the next run relinks
        else:
            self._flush()
        if not cancelled or not needs_link:
            # a run cancelled before it stored anything new (the app quit during its start-up
            # update) leaves nothing for linking to catch up on: no relink next time
            flag.unlink(missing_ok=True)
        outcome = None
        if self.ocr and not cancelled:
            outcome = self._ocr(roots, flag)
            # the files OCR'd: their problems as they stand now ("no text layer" may be gone)
            warnings = [w for w in warnings if w[0] not in outcome.paths] + outcome.failed
            for path in sorted(outcome.paths):
                row = self.cat.source_state(path)
                src = self.cat.source(row["id"]) if row is not None else None
                warnings += [(path, p) for p in json.loads(src["problems"])] if src is not None else []
            cancelled = cancelled or outcome.cancelled

        failed = tuple(
            (r["path"], r["error"]) for r in self.cat.sources()
            if r["error"] and any(_under(r["path"], root) for root in roots)
        )
        report = UpdateReport(
            scanned=total, new=new, changed=changed, unchanged=unchanged,
            removed=len(missing), renamed=renamed, failed=failed, warnings=tuple(warnings),
            unreadable_folders=tuple(found.unlisted), outside_links=tuple(found.outside_links), files_read=files_read, pages_read=pages_read,
            seconds=time.perf_counter() - t0, cancelled=cancelled,
            ocr_pages=outcome.pages if outcome else 0, ocr_notice=outcome.notice if outcome else None,
        )
        self.progress(Progress("done", total, total, None, report.summary()))
        return report

    def _ocr(self, roots, flag: Path):
        """Second phase: OCR what has no text (ocr_update.py), then relink what changed."""
        from .ocr_update import run_ocr

        flag.touch()  # killed during OCR: the next run relinks
        outcome = run_ocr(self, roots, _under)
        if outcome.refreshed:
            self.progress(Progress("linking", 0, 0, None, "grouping documents into meetings"))
            if not self.a.relink(cancel=self.cancel):
                outcome.cancelled = True
        if not outcome.cancelled:
            flag.unlink(missing_ok=True)
        return outcome

    def _store(self, rec: SourceRecord, result: FileResult) -> int:
        # a file that fails now loses its old entries: the catalog describes the file as it is
        rec.error = result.error
        rec.problems = list(result.problems)
        rec.reader = result.source.kind if result.source else None
        sid = self.cat.write_source(rec, result.source, result.documents if result.error is None else [])
        self.pending_remove.add(rec.path)
        return sid

    def _queue_units(self, source_id: int) -> None:
        src = self.cat.source(source_id)
        if src is None or src["error"]:
            return
        pages = {}
        for p in self.cat.pages(source_id):
            pages[p["number"]] = PageLines(
                number=p["number"], lines=p["text"].split("\n") if p["text"] else [],
                furniture=frozenset(json.loads(p["furniture"])),
                line_numbers=json.loads(p["line_numbers"]) if p["line_numbers"] else None,
                readable=bool(p["has_text"]) and not p["garbled"],
            )
        from .index import IndexUnit

        for d in self.cat.documents(source_id=source_id):
            doc = DocForIndex(
                doc_id=doc_name(d["id"]), source=readable(src["path"]), kind=src["kind"],
                start=Pos(d["start_page"], d["start_line"]), end=Pos(d["end_page"], d["end_line"]),
                type=d["type"], series=d["series"], date=d["doc_date"] or d["meeting_date"],
                title=d["title"] or "",
                redactions=[(r["code"], r["page"], r["line"]) for r in self.cat.redactions(d["id"])],
            )
            self.pending_units += [IndexUnit(**u) for u in index_units(doc, pages)]
        self.pending_remove.add(src["path"])
        self.pending_ids.append(source_id)

    def _flush(self) -> None:
        if not (self.pending_remove or self.pending_units):
            return
        self.progress(Progress("indexing", 0, len(self.pending_units), None,
                               f"writing {len(self.pending_units)} pages to the index"))
        procs = 2 if self.workers >= 2 and len(self.pending_units) >= 1000 else 1
        # the index knows a source by its readable name (fsnames.py), as its units say
        self.a.index.update(remove_sources=sorted({readable(p) for p in self.pending_remove}),
                            add=self.pending_units, procs=procs)
        self.cat.mark_indexed(self.pending_ids)
        self.pending_remove, self.pending_units, self.pending_ids = set(), [], []
        self.last_flush = time.monotonic()


# -- meetings (simple grouping until the linker exists) ---------------------------------------

AGENDA_TYPES = ("agenda", "geannoteerde_agenda")
NOTA_TYPES = ("nota",)
VERSLAG_TYPES = ("verslag", "besluitenlijst")


class _LinkContext:
    def __init__(self, conn):
        self.c = conn
        self.meetings = _Lazy(lambda k: self.c.execute("SELECT * FROM meetings WHERE id = ?", (k,)).fetchone())
        self.meeting_of = _Lazy(lambda k: (lambda r: r[0] if r else None)(self.c.execute(
            "SELECT meeting_id FROM meeting_documents WHERE document_id = ?", (k,)).fetchone()))
        self.doc_titles = _Lazy(lambda k: (lambda r: r[0] if r else None)(self.c.execute(
            "SELECT title FROM documents WHERE id = ?", (k,)).fetchone()))

    def __iter__(self):  # unpacks as (meetings, meeting_of, doc_titles), as callers expect
        return iter((self.meetings, self.meeting_of, self.doc_titles))


class _Lazy(dict):
    """A dict that fetches a missing key once with ``load`` (None when there is none)."""

    def __init__(self, load):
        super().__init__()
        self.load = load

    def get(self, key, default=None):
        if key is None:
            return default
        if key not in self:
            self[key] = self.load(key)
        value = self[key]
        return default if value is None else value

    def __missing__(self, key):
        value = self.load(key)
        self[key] = value
        return value


def _group_meetings(docs: Sequence[dict]) -> list[dict]:
    """Group documents into meetings (see zvdj_viewer.link.meetings.group_meetings)."""
    from .link.meetings import group_meetings

    return group_meetings(docs)


def _align_items(members: Sequence[tuple[int, str]], items: dict[int, list[dict]]) -> list[dict]:
    """One row per agenda item with its agenda, nota and verslag item (zvdj_viewer.link.align)."""
    from .link.align import align_items

    return align_items(members, items)


def _source_info(r) -> SourceInfo:
    return SourceInfo(path=r["path"], kind=r["kind"], pages=r["pages"], lines=r["lines"], error=r["error"],
                      problems=tuple(json.loads(r["problems"])), folder=r["folder"], size=r["size"],
                      title=r["title"])


def _doc_info(r, counts: dict[str, int], *, items=(), problems=(), kind=None) -> DocumentInfo:
    return DocumentInfo(
        id=doc_name(r["id"]), source=r["source_path"], kind=kind,
        first_page=r["first_page"], last_page=r["last_page"], first_line=r["first_line"], last_line=r["last_line"],
        type=r["type"], title=r["title"] or "", doc_date=r["doc_date"], kenmerk=r["kenmerk"], betreft=r["betreft"],
        series=r["series"], meeting_date=r["meeting_date"], start_time=r["start_time"], end_time=r["end_time"],
        place=r["place"], meeting=r["meeting_id"], participants=json.loads(r["participants"]),
        absent=json.loads(r["absent"]), items=tuple(items), redactions=dict(counts), problems=tuple(problems),
        type_evidence=r["type_evidence"] or "",
        **_woo_info(r),
    )


def _woo_info(r) -> dict:
    from .catalog import woo_fields

    woo = woo_fields(r)
    woo["inventory"] = tuple(woo["inventory"])
    return woo


def _meeting_row(r) -> MeetingRow:
    def ref(role):
        return ItemRef(doc_name(r[f"{role}_doc"]), r[f"{role}_number"]) if r[f"{role}_doc"] is not None else None

    return MeetingRow(r["number"], r["title"], ref("agenda"), ref("nota"), ref("verslag"))


def meeting_columns(documents: dict[str, list[str]], rows) -> dict[str, list[str]]:
    """Per column of the meeting view (agenda, nota, verslag): its documents, the one the
    alignment took for that column first. A meeting with two notas shows the nota its rows
    were aligned with (the one with the most items), not whichever was filed first; a column
    no row refers to starts with its first document."""
    types = {"agenda": AGENDA_TYPES, "nota": NOTA_TYPES, "verslag": VERSLAG_TYPES}
    out: dict[str, list[str]] = {}
    for role, kinds in types.items():
        ids: list[str] = []
        for t in (role, *kinds):
            ids += [d for d in documents.get(t, []) if d not in ids]
        used = next((ref.document for r in rows if (ref := getattr(r, role)) is not None), None)
        if used is not None:
            ids = [used] + [d for d in ids if d != used]
        if ids:
            out[role] = ids
    return out


def _meeting_info(m, docs, rows) -> MeetingInfo:
    return MeetingInfo(id=m["id"], series=m["series"], date=m["date"], start=m["start"], end=m["end"],
                       place=m["place"], documents=docs, items=tuple(rows), columns=meeting_columns(docs, rows))
