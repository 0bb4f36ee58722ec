"""Bringing the catalog and the index up to date with the folders: scan (which files there
are), check (which changed, by size, time and content hash), read (pipeline.process_file in
reader processes), store (catalog), index units (pipeline.index_units, in batches), then link
and OCR. ``Archive.update`` takes the one-writer lock and runs an ``_Updater``.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import stat as stat_mod
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..catalog import SourceRecord, doc_name
from ..fsnames import readable
from ..model import Pos
from .files import _abs, _is_supported, _kind_by_suffix, _os_reason, _sha256, _under
from .types import Progress, UpdateReport

if TYPE_CHECKING:
    from ..index import IndexUnit
    from ..link.helper import LinkHelper
    from ..ocr_update import OcrOutcome, OcrRun
    from ..pipeline import FileResult
    from . import Archive

# index batches: write when this many units or files are waiting, or this many seconds passed
BATCH_UNITS = 3000
BATCH_FILES = 200
BATCH_SECONDS = 30.0


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
        self.pending_units: list[IndexUnit] = []
        self.pending_ids: list[int] = []
        self.last_flush = time.monotonic()
        self.writing: _IndexWrite | None = None  # the batch being written to the index
        self.link_helper: LinkHelper | None = None  # started while the readers run
        self.doc_count = 0  # documents in the catalog, about (when to start the link helper)
        self.fresh_keys: list[int] = []  # the documents stored in this run, until it starts
        self.ocr_run: OcrRun | OcrOutcome | None = None  # ocr_update.start_ocr's, until _ocr takes it

    def run(self, paths) -> UpdateReport:
        try:
            return self._run(paths)
        finally:
            if self.writing is not None:  # an error on the way: the write is waited for, not reported
                self.writing.join()
                self.writing = None
            if self.link_helper is not None:  # not used: cancelled, or an error on the way
                self.link_helper.close()
                self.link_helper = None
            if self.ocr_run is not None:  # cancelled while linking, or an error on the way
                from ..ocr_update import OcrRun

                if isinstance(self.ocr_run, OcrRun):
                    self.ocr_run.abandon()
                self.ocr_run = None

    def _run(self, paths) -> UpdateReport:
        t0 = time.perf_counter()
        # Meetings and links are derived from all documents and cost seconds on a large
        # archive, so they are only recomputed when something changed. The flag file says a
        # run started and did not get to relinking (it was killed): then relink anyway.
        from ..link import LINK_VERSION

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
        k: sqlite3.Row | None
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
        if self.workers >= 2:
            # the largest files first, the small ones fill in at the end: read in name order, a
            # large file started last kept one reader busy while the other had nothing to do
            # (the order in which results arrive, and so the keys given, varies with two
            # readers anyway)
            to_read.sort(key=lambda p: records[p].size or 0, reverse=True)
        self.progress(Progress("reading", 0, len(to_read), None, f"{len(to_read)} files to read"))
        self.doc_count = self.cat.document_count()

        def on_page(path: str, page: int, pages: int) -> None:  # within a big file (page_progress)
            self.progress(Progress("page", files_read, len(to_read), path, f"page {page} of {pages}", page, pages))
        for done, result in enumerate(self._read(to_read, on_page), start=1):
            files_read += 1
            pages_read += result.pages
            sid = self._store(records[result.path], result)
            if result.error is None:
                self._prepare_links(sid)
                warnings += [(result.path, p) for p in result.problems]
                if result.source is not None:
                    warnings += [(result.path, p) for p in result.source.problems]
                self._queue_units(sid, result)
            self.progress(Progress("reading", done, len(to_read), result.path,
                                   result.error or f"{result.pages} pages"))
            self._start_link_helper(len(to_read) - done)
            if (len(self.pending_units) >= BATCH_UNITS or len(self.pending_ids) >= BATCH_FILES
                    or time.monotonic() - self.last_flush > BATCH_SECONDS):
                self._flush()
        cancelled = bool(self.cancel is not None and self.cancel.is_set())
        for sid in reindex:  # catalogued but not (or no longer) in the index: no need to read
            self._queue_units(sid)
        needs_link = bool(stale or new or changed or renamed or missing or reindex or files_read)
        if self.ocr and not cancelled:  # OCR's workers start and read while the text layers are linked
            from ..ocr_update import start_ocr

            self.ocr_run = start_ocr(self, roots, _under)
        if needs_link:
            linking = Progress("linking", 0, 0, None, "grouping documents into meetings")
            self.progress(linking)

            def last_batch() -> None:  # written while the linking helper starts (both cores)
                self._flush()
                self.progress(linking)

            helper, self.link_helper = self.link_helper, None  # relink closes it
            if self.a.relink(cancel=self.cancel, meanwhile=last_batch, helper=helper):
                stamp.write_text(str(LINK_VERSION))
            else:
                cancelled = True  # the flag stays: the next run relinks
        else:
            self._flush()
        self._index_written()
        if not cancelled or not needs_link:
            # a run cancelled before it stored anything new (the app quit during its start-up
            # update) leaves nothing for linking to catch up on: no relink next time
            flag.unlink(missing_ok=True)
        outcome = None
        if self.ocr and not cancelled:
            outcome = self._ocr(flag)
            # the files OCR'd: their problems as they stand now ("no text layer" may be gone)
            warnings = [w for w in warnings if w[0] not in outcome.paths] + outcome.failed
            for path in sorted(outcome.paths):
                row = self.cat.source_state(path)
                src = self.cat.source(row["id"]) if row is not None else None
                warnings += [(path, p) for p in json.loads(src["problems"])] if src is not None else []
            cancelled = cancelled or outcome.cancelled
            self._index_written()

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

    def _ocr(self, flag: Path):
        """Second phase: OCR what has no text (ocr_update.py; started before the relink),
        then relink what changed."""
        from ..ocr_update import OcrRun, finish_ocr

        flag.touch()  # killed during OCR: the next run relinks
        started, self.ocr_run = self.ocr_run, None
        assert started is not None  # start_ocr ran: OCR on, and not cancelled
        outcome = finish_ocr(self, started) if isinstance(started, OcrRun) else started
        if outcome.refreshed:
            self.progress(Progress("linking", 0, 0, None, "grouping documents into meetings"))
            if not self.a.relink(cancel=self.cancel):
                outcome.cancelled = True
        if not outcome.cancelled:
            flag.unlink(missing_ok=True)
        return outcome

    def _read(self, to_read: list[str], on_page):
        """The files read in reader processes; the reading pipeline is imported only when
        there is a file to read (a no-change update reads none: issue 22)."""
        if not to_read:
            return iter(())
        from ..pipeline import process_file_for_catalog, run_parallel

        return run_parallel(to_read, self.workers, cancel=self.cancel, on_page=on_page,
                            fn=functools.partial(process_file_for_catalog, data_dir=str(self.a.data_dir)))

    def _prepare_links(self, source_id: int) -> None:
        """Tell the link helper of a source's documents just stored, starting it once the
        archive is large enough to link on two cores and a core is left beside the readers
        (``spare_cores``; link/helper.py: it prepares them while the readers run, so less is
        left for after the last file)."""
        from . import PARALLEL_LINK_DOCS, spare_cores

        if self.workers < 2 or self.doc_count < 0 or spare_cores(self.workers) < 1:
            return
        keys = self.cat.source_document_ids(source_id)
        self.doc_count += len(keys)
        if self.link_helper is None:
            self.fresh_keys += keys
        if self.link_helper is None and self.doc_count >= PARALLEL_LINK_DOCS:
            from ..link.helper import LinkHelper

            try:
                self.link_helper = LinkHelper(self.cat.path)
            except OSError:  # no process could be started now: the relink tries again
                self.doc_count = -1
                return
            keys, self.fresh_keys = self.fresh_keys, []
        if self.link_helper is not None:
            self.link_helper.prepare(keys)

    def _start_link_helper(self, left: int) -> None:
        """Without a core beside the readers (``_prepare_links`` does nothing), start the
        link helper once fewer files are left to read than there are readers: a reader then
        has nothing more to do, and the helper's start (a process and its imports, 0.25 CPU s)
        is made on that core instead of in the serial tail after the last file, where the
        helper's work is the longest chain. It prepares nothing; the relink gives it the
        documents (link/helper.py). The archive must be large enough to link on two cores."""
        from . import PARALLEL_LINK_DOCS

        if self.link_helper is not None or self.workers < 2 or left >= self.workers or self.doc_count < 0:
            return
        if self.cat.document_count() < PARALLEL_LINK_DOCS:
            self.doc_count = -1  # asked once: the relink decides, as before
            return
        from ..link.helper import LinkHelper

        try:
            self.link_helper = LinkHelper(self.cat.path)
        except OSError:  # no process could be started now: the relink tries again
            self.doc_count = -1

    def _store(self, rec: SourceRecord, result: FileResult) -> int:
        # a file that fails now loses its old entries: the catalog describes the file as it is
        rec.error = result.error
        rec.problems = list(result.problems)
        rec.reader = result.source.kind if result.source else None
        sid = self.cat.write_source(rec, result.source, result.documents if result.error is None else [],
                                    stored_pages=result.stored_pages)
        self.pending_remove.add(rec.path)
        return sid

    def _queue_units(self, source_id: int, result: FileResult | None = None) -> None:
        """The index units of a catalogued source: built from ``result`` when it was just
        read and stored (its pages and documents as written), else read back from the
        catalog (a source to index again, a file refreshed by OCR)."""
        from ..pipeline import DocForIndex, index_units

        docs: list[dict[str, Any]]  # the documents' catalog columns that units are made of
        if result is not None and result.source is not None and result.stored_pages is not None:
            path, kind = result.path, result.source.kind
            pages = {row[0]: _page_lines(*row[:6]) for row in result.stored_pages}
            docs = [dict(id=key, start_page=d.span.start.page, start_line=d.span.start.line,
                         end_page=d.span.end.page, end_line=d.span.end.line, type=d.type or "other",
                         series=d.series, doc_date=d.doc_date, meeting_date=d.meeting_date, title=d.title,
                         redactions=[(r.code, r.page, r.line) for r in d.redactions])
                    for key, d in zip(self.cat.source_document_ids(source_id), result.documents, strict=True)]
        else:
            src = self.cat.source(source_id)
            if src is None or src["error"]:
                return
            path, kind = src["path"], src["kind"]
            pages = {p["number"]: _page_lines(p["number"], p["text"], p["has_text"], p["garbled"],
                                              p["furniture"], p["line_numbers"])
                     for p in self.cat.pages(source_id)}
            docs = [dict(d, redactions=[(r["code"], r["page"], r["line"]) for r in self.cat.redactions(d["id"])])
                    for d in map(dict, self.cat.documents(source_id=source_id, text=False))]
        from ..index import IndexUnit

        for d in docs:
            doc = DocForIndex(
                doc_id=doc_name(d["id"]), source=readable(path), kind=kind,
                start=Pos(d["start_page"], d["start_line"]), end=Pos(d["end_page"], d["end_line"]),
                type=d["type"], series=d["series"], date=d["doc_date"] or d["meeting_date"],
                title=d["title"] or "", redactions=d["redactions"],
            )
            self.pending_units += [IndexUnit(**u) for u in index_units(doc, pages)]
        self.pending_remove.add(path)
        self.pending_ids.append(source_id)

    def _flush(self) -> None:
        """Write the waiting units to the index. With reader processes, in a thread of this
        process: it writes while this thread stores the next results (issue 22: a batch took
        seconds during which nobody took the readers' results, and they stood still once
        RESULTS_AHEAD waited). One batch at a time, in order: the next waits for this one."""
        self._index_written()
        if not (self.pending_remove or self.pending_units):
            return
        self.progress(Progress("indexing", 0, len(self.pending_units), None,
                               f"writing {len(self.pending_units)} pages to the index"))
        # the index knows a source by its readable name (fsnames.py), as its units say
        remove = sorted({readable(p) for p in self.pending_remove})
        write = _IndexWrite(self.a.index, remove, self.pending_units, self.pending_ids)
        self.pending_remove, self.pending_units, self.pending_ids = set(), [], []
        self.last_flush = time.monotonic()
        if self.workers >= 2:
            write.start()
            self.writing = write
        else:
            write.run()
            self._mark(write)

    def _index_written(self) -> None:
        """Wait for the batch being written; its sources are then marked indexed (here: the
        catalog is this thread's)."""
        write, self.writing = self.writing, None
        if write is not None:
            write.join()
            self._mark(write)

    def _mark(self, write: _IndexWrite) -> None:
        if write.error is not None:
            raise write.error
        self.cat.mark_indexed(write.source_ids)


class _IndexWrite(threading.Thread):
    """One index batch (FullTextIndex.update), written in this process: in a thread of its
    own (start) or in the caller's (run). An error is kept for the caller to raise."""

    def __init__(self, index, remove: list[str], add: list[IndexUnit], source_ids: list[int]):
        super().__init__(name="zvdj-index-write", daemon=True)
        self.index, self.remove, self.add, self.source_ids = index, remove, add, source_ids
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            # one process: a writer process of Whoosh's own (procs=2) took the documents
            # pickled once more, and made two segments of each batch
            self.index.update(remove_sources=self.remove, add=self.add, procs=1)
        except BaseException as err:  # noqa: BLE001 - raised in the updater's thread
            self.error = err
        finally:
            self.add = []


def _page_lines(number: int, text, has_text, garbled, furniture: str, line_numbers: str | None):
    """A stored page (its catalog row's values; the text packed or not) as the unit
    builder needs it."""
    from ..pipeline import PageLines
    from ..stored_text import unpack

    text = unpack(text)
    return PageLines(number=number, lines=text.split("\n") if text else [],
                     furniture=_furniture(furniture),
                     line_numbers=json.loads(line_numbers) if line_numbers else None,
                     readable=bool(has_text) and not garbled)


@functools.lru_cache(maxsize=4096)
def _furniture(marks: str) -> frozenset[int]:
    """A page's furniture marks (its catalog JSON) as a set: most pages carry one of a few
    (none, the header and footer lines), so each is parsed once (a frozenset: shared safely)."""
    return frozenset(json.loads(marks))
