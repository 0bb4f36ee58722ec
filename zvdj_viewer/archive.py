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

import hashlib
import json
import os
import re
import stat as stat_mod
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import paths as paths_mod
from .catalog import Catalog, SourceRecord, doc_key, doc_name
from .model import Pos
from .pipeline import DocForIndex, FileResult, PageLines, index_units, run_parallel

# index batches: write when this many units or files are waiting, or this many seconds passed
BATCH_UNITS = 3000
BATCH_FILES = 200
BATCH_SECONDS = 30.0


# -- what the facade hands out ------------------------------------------------------------

@dataclass(frozen=True)
class Progress:
    phase: str  # "scanning", "checking", "reading", "indexing", "linking", "done"
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
    files_read: int = 0
    pages_read: int = 0
    seconds: float = 0.0
    cancelled: bool = False

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


# -- helpers ---------------------------------------------------------------------------------

def _abs(p: str | os.PathLike[str]) -> str:
    return os.path.abspath(os.path.expanduser(os.fspath(p)))


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _kind_by_suffix(path: str) -> str:
    s = Path(path).suffix.lower()
    return {".pdf": "pdf", ".xml": "xml", ".html": "html", ".htm": "html"}.get(s, "text")


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _os_reason(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "permission denied (the file cannot be opened)"
    if isinstance(err, FileNotFoundError):
        return "not found (a broken link, or removed while indexing)"
    return err.strerror or str(err)


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


def scan(roots: Sequence[str]) -> _Scan:
    """Supported files under the roots. Hidden files and folders are skipped, symlinked
    folders followed once (a loop is detected by the real path), unreadable folders reported."""
    out = _Scan()
    seen_dirs: set[str] = set()
    seen_files: set[str] = set()

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
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.catalog = Catalog(paths_mod.catalog_path(self.data_dir))
        from .index import FullTextIndex, IndexCorrupt

        # problems found when opening, for the UI/CLI to show ("index was damaged; rebuilt")
        self.notices: list[str] = []
        try:
            self.index = FullTextIndex(paths_mod.index_dir(self.data_dir))
        except IndexCorrupt as err:
            # the catalog still holds every page's text: rebuild the index from it, no re-reading
            self.index = FullTextIndex.recreate(paths_mod.index_dir(self.data_dir))
            self.notices.append(f"the full-text index was damaged ({err}); it is rebuilt from the catalog")
        self._write_lock = threading.RLock()
        # an index that was deleted or rebuilt: index again from the catalog on next update
        if self.index.doc_count() == 0 and self.catalog.counts()["documents"]:
            self.catalog.clear_indexed()

    # -- folders -----------------------------------------------------------------------
    def folders(self) -> list[str]:
        return self.catalog.folders()

    def add_folder(self, path: str | os.PathLike[str]) -> None:
        """Remember a folder (or single file) as part of the archive. Call update() to read it."""
        p = _abs(path)
        with self._write_lock:
            if any(_under(p, root) for root in self.catalog.folders()):
                return  # already inside a root
            # a new root above existing ones takes them over
            for root in self.catalog.folders():
                if _under(root, p):
                    with self.catalog.transaction() as c:
                        c.execute("DELETE FROM folders WHERE path = ?", (root,))
                        c.execute("UPDATE sources SET folder = ? WHERE folder = ?", (p, root))
            self.catalog.add_folder(p)

    def remove_folder(self, path: str | os.PathLike[str]) -> None:
        """Forget a root: its sources leave the catalog and the index."""
        p = _abs(path)
        with self._write_lock:
            gone = self.catalog.remove_folder(p)
            if gone:
                self.index.update(remove_sources=gone, add=[], procs=1)
                self.relink()

    # -- update ------------------------------------------------------------------------
    def update(
        self,
        paths: Sequence[str | os.PathLike[str]] | None = None,
        *,
        progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
        workers: int = 2,
    ) -> UpdateReport:
        """Bring catalog and index up to date with the files on disk.

        paths None: all archive folders; otherwise only these folders/files (each must be a
        root or inside one; call add_folder first). Only new or changed files are read.
        """
        with self._write_lock:
            return _Updater(self, progress, cancel, workers).run(paths)

    def relink(self) -> None:
        """Recompute meetings and links from the catalogued documents."""
        with self._write_lock:
            docs = [dict(r) for r in self.catalog.documents()]
            items: dict[int, list[dict]] = {}
            for r in self.catalog.items():
                items.setdefault(r["document_id"], []).append(dict(r))
            meetings = _group_meetings(docs)
            for m in meetings:
                m["items"] = _align_items(m["documents"], items)
            self.catalog.replace_links(meetings, links=[])

    # -- reading -----------------------------------------------------------------------
    def sources(self) -> list[SourceInfo]:
        return [_source_info(r) for r in self.catalog.sources()]

    def documents(self, *, type: str | None = None, series: str | None = None) -> list[DocumentInfo]:
        counts = self.catalog.redaction_counts()
        return [_doc_info(r, counts.get(r["id"], {})) for r in self.catalog.documents(type=type, series=series)]

    def document(self, doc_id: str) -> DocumentInfo | None:
        key = doc_key(doc_id)
        row = self.catalog.document(key) if key is not None else None
        if row is None:
            return None
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
            out.append(PageText(p["number"], lines, bool(p["has_text"]), bool(p["garbled"])))
        return out

    def meetings(self) -> list[MeetingInfo]:
        docs: dict[str, dict[str, list[str]]] = {}
        for r in self.catalog.meeting_documents():
            docs.setdefault(r["meeting_id"], {}).setdefault(r["role"], []).append(doc_name(r["document_id"]))
        rows: dict[str, list[MeetingRow]] = {}
        for r in self.catalog.meeting_items():
            rows.setdefault(r["meeting_id"], []).append(_meeting_row(r))
        return [_meeting_info(m, docs.get(m["id"], {}), rows.get(m["id"], [])) for m in self.catalog.meetings()]

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
            r = rows.get(doc_key(h.doc_id))
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
        out["indexed_documents"] = self.index.doc_count()
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


# -- update, step by step ----------------------------------------------------------------------

class _Updater:
    def __init__(self, archive: Archive, progress, cancel, workers):
        self.a = archive
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
        folders = self.cat.folders()
        roots = folders if paths is None else [_abs(p) for p in paths]
        self.progress(Progress("scanning", 0, 0, None, "looking for files"))
        found = scan(roots)
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

        warnings: list[tuple[str, str]] = []
        pages_read = files_read = 0
        self.progress(Progress("reading", 0, len(to_read), None, f"{len(to_read)} files to read"))
        for done, result in enumerate(
            run_parallel(to_read, self.workers, cancel=self.cancel), start=1
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
        self._flush()
        self.progress(Progress("linking", 0, 0, None, "grouping documents into meetings"))
        self.a.relink()

        failed = tuple(
            (r["path"], r["error"]) for r in self.cat.sources()
            if r["error"] and any(_under(r["path"], root) for root in roots)
        )
        report = UpdateReport(
            scanned=total, new=new, changed=changed, unchanged=unchanged,
            removed=len(missing), renamed=renamed, failed=failed, warnings=tuple(warnings),
            unreadable_folders=tuple(found.unlisted), files_read=files_read, pages_read=pages_read,
            seconds=time.perf_counter() - t0, cancelled=cancelled,
        )
        self.progress(Progress("done", total, total, None, report.summary()))
        return report

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
                doc_id=doc_name(d["id"]), source=src["path"], kind=src["kind"],
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
        self.a.index.update(remove_sources=sorted(self.pending_remove), add=self.pending_units, procs=procs)
        self.cat.mark_indexed(self.pending_ids)
        self.pending_remove, self.pending_units, self.pending_ids = set(), [], []
        self.last_flush = time.monotonic()


# -- meetings (simple grouping until the linker exists) ---------------------------------------

AGENDA_TYPES = ("agenda", "geannoteerde_agenda")
NOTA_TYPES = ("nota",)
VERSLAG_TYPES = ("verslag", "besluitenlijst")


def _group_meetings(docs: Sequence[dict]) -> list[dict]:
    """Group documents into meetings by (series, meeting date, start time).

    docs: dicts with id (int), type, series, meeting_date, start_time, end_time, place.
    A document without a start time joins the one timed meeting of its series and date, if
    there is exactly one. Ids: "m<date>-<series slug>", plus "-<hhmm>" when one series met
    twice that day. This is the placeholder the real linker (zvdj_viewer/link) replaces.
    """
    groups: dict[tuple, list[dict]] = {}
    for d in docs:
        if d.get("series") and d.get("meeting_date"):
            groups.setdefault((d["series"], d["meeting_date"], d.get("start_time")), []).append(d)
    for key in [k for k in groups if k[2] is None]:
        timed = [k for k in groups if k[:2] == key[:2] and k[2] is not None]
        if len(timed) == 1:
            groups[timed[0]].extend(groups.pop(key))
    per_day: dict[tuple, int] = {}
    for series, date, _ in groups:
        per_day[(series, date)] = per_day.get((series, date), 0) + 1
    meetings = []
    for (series, date, start), members in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][2] or "", kv[0][0])):
        mid = f"m{date}-{_slug(series)}"
        if per_day[(series, date)] > 1:
            mid += "-" + (start.replace(":", "") if start else "notime")
        first = lambda f: next((m[f] for m in members if m.get(f)), None)  # noqa: E731
        meetings.append({
            "id": mid, "series": series, "date": date, "start": start or first("start_time"),
            "end": first("end_time"), "place": first("place"),
            "documents": [(m["id"], m["type"]) for m in members],
        })
    return meetings


def _align_items(members: Sequence[tuple[int, str]], items: dict[int, list[dict]]) -> list[dict]:
    """Aligned rows by item number: agenda, nota and verslag item with the same number."""
    def first_of(types):
        return next((key for key, role in members if role in types and items.get(key)), None)

    roles = {"agenda": first_of(AGENDA_TYPES), "nota": first_of(NOTA_TYPES), "verslag": first_of(VERSLAG_TYPES)}
    rows: dict[str, dict] = {}
    for role, key in roles.items():
        for it in items.get(key, []) if key is not None else []:
            if it["level"]:
                continue
            row = rows.setdefault(it["number"], {"number": it["number"], "title": it["title"]})
            row.setdefault(f"{role}_doc", key)
            row.setdefault(f"{role}_number", it["number"])
    return list(rows.values())


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
    )


def _meeting_row(r) -> MeetingRow:
    def ref(role):
        return ItemRef(doc_name(r[f"{role}_doc"]), r[f"{role}_number"]) if r[f"{role}_doc"] is not None else None

    return MeetingRow(r["number"], r["title"], ref("agenda"), ref("nota"), ref("verslag"))


def _meeting_info(m, docs, rows) -> MeetingInfo:
    return MeetingInfo(id=m["id"], series=m["series"], date=m["date"], start=m["start"], end=m["end"],
                       place=m["place"], documents=docs, items=tuple(rows))
