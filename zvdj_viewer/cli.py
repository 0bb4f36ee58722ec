"""The ``zvdj`` command line: index folders, search, list meetings, show documents, export.

Every subcommand takes ``--data-dir`` (also accepted before the subcommand); without it
``ZVDJ_DATA_DIR`` or the user data directory is used. Messages about files go to stderr
(``FAILED path: reason``, ``WARNING path: problem``), results and the summary to stdout.

Exit codes: 0 all well; 1 a file or folder could not be read (``index``) or an id was not
found (``show``); 2 wrong usage; 3 another process is updating the archive (``index`` waited
``--wait`` seconds); 4 the data folder cannot be used (a file in the way, read-only, disk full);
130 interrupted.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import re
import signal
import sys
import threading
from dataclasses import asdict
from pathlib import Path
from typing import IO, TYPE_CHECKING

from . import __version__
from .fsnames import readable
from .lock import ArchiveBusy, DataDirError
from .outfile import OutputError, check_target, write_atomic

if TYPE_CHECKING:
    from .archive.contract import ArchiveReader
    from .archive.types import Progress

INDEX_WAIT = 120.0  # seconds `zvdj index` waits for another process updating the archive

INDEX_HELP = """\
Add the folders or files as archive roots and bring catalog and index up to date: only new
and changed files are read, removed files leave the archive. Without PATH every folder added
before is updated. Exit code 1 when any file under the given paths cannot be read - also a
file that failed in an earlier run and is still unchanged (it is listed again), so the exit
code always tells whether the archive is complete. Ctrl-C stops after the files being read.
"""


def _add_data_dir(p: argparse.ArgumentParser, *, sub: bool) -> None:
    p.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS if sub else None,
        help="where catalog and index live (default: $ZVDJ_DATA_DIR, else the user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zvdj", description="ZvdJ Viewer command line: index, search and export an archive "
        "of Zorg voor de Jeugd meeting documents. Archive folders are only read, never written.")
    parser.add_argument("--version", action="version", version=f"zvdj {__version__}")
    _add_data_dir(parser, sub=False)
    subs = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = subs.add_parser("index", help="add folders/files and update the index", description=INDEX_HELP)
    p.add_argument("paths", nargs="*", metavar="PATH", help="folder or file to add (and update)")
    p.add_argument("--workers", type=int, default=2, help="processes reading files (default 2)")
    p.add_argument("--no-ocr", action="store_true",
                   help="do not OCR scanned pages now (they stay unsearchable; a later run does them)")
    p.add_argument("--wait", type=float, default=INDEX_WAIT, metavar="SECONDS",
                   help=f"when another ZvdJ Viewer is updating this archive, wait this long "
                   f"for it (default {INDEX_WAIT:g}), then exit with code 3")
    _add_data_dir(p, sub=True)

    p = subs.add_parser("export", help="write the whole catalog (JSON) or a Woo inventory list (CSV)",
                        description="Write the whole catalog as JSON (format 'zvdj-export', version 1), "
                        "or the Woo inventory list as CSV for a Dutch spreadsheet.")
    fmt = p.add_mutually_exclusive_group(required=True)
    fmt.add_argument("--json", action="store_true", help="JSON export (the public format)")
    fmt.add_argument("--inventory", action="store_true", help="Woo inventory list as CSV (';', UTF-8 with BOM)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    _add_data_dir(p, sub=True)

    p = subs.add_parser("search", help="full-text search",
                        description="Search the archive. QUERY may use phrases (\"...\"), AND/OR/NOT, "
                        "prefix* and fields such as type:nota.")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--json", action="store_true", help="print the hits as JSON")
    p.add_argument("--type", action="append", default=[], metavar="T", help="document type (repeatable)")
    p.add_argument("--series", action="append", default=[], metavar="S", help="meeting series (repeatable)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="from date: YYYY, YYYY-MM or YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="up to date: YYYY, YYYY-MM or YYYY-MM-DD")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N documents (default 20)")
    _add_data_dir(p, sub=True)

    p = subs.add_parser("meetings", help="list meetings")
    p.add_argument("--json", action="store_true")
    _add_data_dir(p, sub=True)

    p = subs.add_parser("versions", help="documents that are versions of each other (Woo)")
    p.add_argument("--json", action="store_true")
    _add_data_dir(p, sub=True)

    p = subs.add_parser("compare", help="compare two documents word by word (Woo)")
    p.add_argument("a", metavar="DOC_A", help="dN, or FILE#N: the N-th document of an indexed file")
    p.add_argument("b", metavar="DOC_B")
    p.add_argument("--html", metavar="FILE", help="also write the comparison as an HTML page")
    p.add_argument("--furniture", action="store_true", help="include page furniture (headers, letterheads)")
    _add_data_dir(p, sub=True)

    p = subs.add_parser("audit", help="redaction audit: codes, grounds and three checks (Woo)")
    p.add_argument("ids", nargs="*", metavar="ID", help="documents (dN or FILE#N) or meetings (m...); default: all")
    p.add_argument("--csv", metavar="FILE", help="write the findings as CSV")
    _add_data_dir(p, sub=True)

    p = subs.add_parser("show", help="show a document (dN, or FILE#N: the N-th document of an indexed file, "
                        "the same in every archive), a meeting (mYYYY-MM-DD-...), an item with its links "
                        "(dN:NUMBER, FILE#N:NUMBER), or every document of an indexed file (FILE: a Woo release)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true")
    _add_data_dir(p, sub=True)
    p = subs.add_parser("dossier", help="write one meeting as a dossier to read or print (PDF or HTML)",
                        description="Per agenda item: the agenda text, the nota's annotation, the verslag's "
                        "outcome, links to other meetings and your notes. PDF for FILE.pdf, else HTML.")
    p.add_argument("meeting", metavar="MEETING", help="meeting id (see 'zvdj meetings')")
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="FILE.pdf or FILE.html")
    _add_data_dir(p, sub=True)

    p = subs.add_parser("notes", help="export, import or list your notes, stars and reading list",
                        description="Notes live in notes.sqlite in the data folder. Export as JSON, or as "
                        "Markdown for FILE.md; import either again without making duplicates.")
    p.add_argument("action", choices=("export", "import", "list"))
    p.add_argument("file", nargs="?", metavar="FILE", help="file to write (export) or read (import)")
    _add_data_dir(p, sub=True)

    p = subs.add_parser("explain", help="what each analysis step made of one file (why a bundle is cut where it is)",
                        description="Read and analyse FILE as indexing does, without a data directory, and show "
                        "the lines dropped as page furniture, where each document starts and why, its type and "
                        "title with their evidence, items and redaction codes. Nothing is written.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--page", type=int, metavar="N", help="only page N and the documents on it")
    p.add_argument("--all-lines", action="store_true", help="show every kept line, not the first 12 per page")
    p.add_argument("--json", action="store_true", help="the same as JSON")
    p.add_argument("--ocr-from", metavar="DIR", help="scanned pages get the OCR text cached in data directory DIR "
                   "(what indexing with that archive uses); without it they have no text")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse: 2 on usage errors, 0 for --help
        return int(exit_.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:  # a file name that is not UTF-8 must not stop the output (see fsnames.py)
        sys.stdout.reconfigure(errors="backslashreplace")
    except (AttributeError, ValueError):
        pass
    try:
        return COMMANDS[args.command](args, parser)
    except _Usage as err:
        print(f"zvdj {args.command}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("zvdj: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `zvdj search ... | head`
        return 0
    except (DataDirError, OutputError) as err:  # full disk, a file in the way: one clear line, no traceback
        print(f"zvdj {args.command}: error: {err}", file=sys.stderr)
        return 4


class _Usage(Exception):
    pass


def _archive(args):
    from .archive import Archive

    return Archive(args.data_dir)


# -- index ---------------------------------------------------------------------------------

def cmd_index(args, parser) -> int:
    for p in args.paths:
        if not os.path.lexists(p):
            raise _Usage(f"no such file or folder: {p}")
    if args.workers < 0:
        raise _Usage("--workers must be 0 or more")
    from .archive import Progress
    from .paths import archive_overlap, data_dir

    for p in args.paths:  # before the data folder is created: never write into the archive
        why = archive_overlap(data_dir(args.data_dir), p)
        if why:
            raise DataDirError(why)
    archive = _archive(args)
    try:
        show = _ProgressLine(sys.stderr) if sys.stderr.isatty() else None
        tell = _tell_waiting(show)
        try:  # adding a folder writes too: it waits for another writer as the update does
            for p in args.paths:
                archive.add_folder(p, wait=args.wait, on_wait=lambda msg: tell(Progress("waiting", 0, 0, None, msg)))
        except ArchiveBusy as err:
            print(f"zvdj index: error: {err}", file=sys.stderr)
            return 3
        if not args.paths and not archive.folders():
            raise _Usage("no folders in the archive yet: give a PATH")
        cancel = threading.Event()
        old = _on_interrupt(cancel)
        try:
            report = archive.update(args.paths or None, progress=tell, cancel=cancel,
                                    workers=args.workers, wait=args.wait,
                                    ocr=False if args.no_ocr else None)
        except ArchiveBusy as err:
            print(f"zvdj index: error: {err}", file=sys.stderr)
            return 3
        else:
            _reattach_notes(archive)
        finally:
            if show:
                show.clear()
            if old is not None:
                signal.signal(signal.SIGINT, old)
    finally:
        archive.close()
    for path, reason in report.unreadable_folders:
        print(f"SKIPPED {path}: {reason}", file=sys.stderr)
    for path, target in report.outside_links:
        print(f"SKIPPED {path}: a link to {target}, outside the archive folders; not followed",
              file=sys.stderr)
    for path, problem in report.warnings:
        print(f"WARNING {path}: {problem}", file=sys.stderr)
    for path, reason in report.failed:
        print(f"FAILED {path}: {reason}", file=sys.stderr)
    if report.ocr_notice:
        print(f"NOTE: {report.ocr_notice}", file=sys.stderr)
    print(report.summary())
    if report.cancelled:
        return 130
    return 1 if (report.failed or report.unreadable_folders) else 0


def _reattach_notes(archive: ArchiveReader) -> None:
    """After an update, find the user's notes again (a folder added back gets its notes
    back; a changed file's notes are looked for in it), as the app does after indexing."""
    from .paths import NOTES_NAME

    path = Path(archive.data_dir) / NOTES_NAME
    if not path.exists():
        return
    from .notes import NoteStore, NoteStoreError

    try:
        with NoteStore(path) as store:
            store.reattach(archive)
    except (NoteStoreError, OSError) as err:  # notes never stop the index from being used
        print(f"WARNING {path}: notes not re-attached ({err})", file=sys.stderr)


def _tell_waiting(show):
    """Progress callback that always prints the "waiting for another writer" line (also when
    stderr is no terminal) and hands everything else to ``show``."""

    def progress(p: Progress) -> None:
        if p.phase == "waiting":
            if show:
                show.clear()
            print(f"zvdj: {p.message}", file=sys.stderr, flush=True)
        elif show:
            show(p)

    return progress


def _on_interrupt(cancel: threading.Event):
    """First Ctrl-C: finish the files being read, then stop. Second: stop at once."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def handler(signum, frame):
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()
        print("\nzvdj: stopping after the files being read (Ctrl-C again to stop at once)", file=sys.stderr)

    return signal.signal(signal.SIGINT, handler)


class _ProgressLine:
    """One line on the terminal, rewritten in place."""

    def __init__(self, out: IO[str]):
        self.out = out
        self.width = 100
        try:
            self.width = os.get_terminal_size(out.fileno()).columns
        except (OSError, ValueError):
            pass

    def __call__(self, p: Progress) -> None:
        text = f"{p.phase}"
        if p.phase == "ocr":  # "OCR: 120/480 pagina's file.pdf"
            text = p.message + (f" {os.path.basename(p.current_path)}" if p.current_path else "")
        elif p.phase == "page":  # within a big file: "reading 3/10 files, bundel.pdf: page 40 of 300"
            text = f"reading {p.done}/{p.total} files, {os.path.basename(p.current_path or '')}: {p.message}"
        elif p.total:
            text += f" {p.done}/{p.total}"
        if p.phase == "page":
            pass
        elif p.current_path:
            text += f" {os.path.basename(p.current_path)}"
        elif p.message:
            text += f": {p.message}"
        self.out.write("\r\x1b[K" + text[: self.width - 1])
        self.out.flush()

    def clear(self) -> None:
        self.out.write("\r\x1b[K")
        self.out.flush()


# -- export ----------------------------------------------------------------------------------

def cmd_export(args, parser) -> int:
    from .export import write_json

    archive = _archive(args)
    folders = archive.folders()
    if args.output:  # a bad path fails before the work, not after
        try:
            check_target(args.output, folders)
        except OutputError:
            archive.close()
            raise
    if args.inventory:
        from .woo import inventory, service

        try:
            data = inventory.inventory_csv(service.inventory(archive))
        finally:
            archive.close()
        if args.output:
            write_atomic(args.output, data, folders)
        else:
            sys.stdout.buffer.write(data)
        return 0
    try:
        data = archive.export_json()
    finally:
        archive.close()
    if args.output:
        buf = io.StringIO()
        write_json(data, buf)
        write_atomic(args.output, buf.getvalue(), folders)
    else:
        write_json(data, sys.stdout)
    return 0


# -- Woo tools -------------------------------------------------------------------------------

def cmd_versions(args, parser) -> int:
    from .woo import service

    with _archive(args) as archive:
        pairs = service.archive_versions(archive)
        titles = {d.id: d.title for d in archive.documents()}
    if args.json:
        json.dump([dict(a=p.a, b=p.b, similarity=p.similarity, containment=p.containment,
                        relation=p.relation) for p in pairs], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for p in pairs:
        print(f"{p.relation:8} {p.similarity:.2f}  {p.a} {titles.get(p.a, '')!r}  ~  {p.b} {titles.get(p.b, '')!r}")
    print(f"{len(pairs)} pairs")
    return 0


def cmd_compare(args, parser) -> int:
    from .doc_refs import RefError, resolve
    from .woo import compare, service

    with _archive(args) as archive:
        folders = archive.folders()
        if args.html:
            check_target(args.html, folders)
        try:  # dN, or FILE#N: the same documents in every archive of these files
            a, b = resolve(archive, args.a), resolve(archive, args.b)
        except RefError as err:
            raise _Usage(str(err)) from None
        docs = {i: archive.document(i) for i in (a, b)}
        missing = [i for i, d in docs.items() if d is None]
        if missing:
            raise _Usage(f"no such document: {', '.join(missing)}")
        result = service.compare_documents(archive, a, b, furniture=args.furniture)
    for c in result.comparison.changes:
        pa = result.a_lines[c.a_line] if c.a_line is not None and result.a_lines else None
        where = f"p.{pa[0]} r.{pa[1]}" if pa else "-"
        mark = " [lakking]" if c.redaction else ""
        print(f"{where:14} {c.op:8} {c.a_words!r} -> {c.b_words!r}{mark}")
    print(result.comparison.summary())
    if args.html:
        write_atomic(args.html, compare.to_html(result.comparison, docs[a].title or args.a,
                                                docs[b].title or args.b), folders)
    return 0


def cmd_audit(args, parser) -> int:
    from .doc_refs import RefError, is_ref, resolve
    from .woo import audit, service

    with _archive(args) as archive:
        folders = archive.folders()
        if args.csv:
            check_target(args.csv, folders)
        ids: list[str] | None = None
        if args.ids:
            ids = []
            for i in args.ids:
                m = archive.meeting(i) if i.startswith("m") else None
                if m is None and is_ref(i):
                    try:
                        i = resolve(archive, i)  # FILE#N
                    except RefError as err:
                        raise _Usage(str(err)) from None
                if m is not None:
                    ids += [d for docs in m.documents.values() for d in docs]
                elif archive.document(i) is not None:
                    ids.append(i)
                else:
                    raise _Usage(f"no such document or meeting: {i}")
        docs = {d.id: d for d in archive.documents()}
        scope = ids if ids is not None else list(docs)
        counts: dict[str, int] = {}
        for i in scope:
            for code, n in docs[i].redactions.items():
                counts[code] = counts.get(code, 0) + n
        findings = service.audit(archive, ids)
    for code, n, ground in audit.code_summary(counts):
        print(f"{code:10} {n:5}  {ground}")
    for f in findings:
        print(f"{audit.CHECK_NAMES[f.check][0]:22} {f.document:6} p.{f.page or '-'} r.{f.line or '-'}  "
              f"{f.words!r}: {f.reason}")
    by = {k: sum(1 for f in findings if f.check == k) for k in audit.CHECK_NAMES}
    print(", ".join(f"{audit.CHECK_NAMES[k][0]}: {n}" for k, n in by.items()))
    if args.csv:
        write_atomic(args.csv, audit.findings_csv(findings, {i: d.title for i, d in docs.items()}), folders)
    return 0


# -- search ----------------------------------------------------------------------------------

def _date_arg(text: str | None, *, end: bool) -> str | None:
    """'2020' -> 2020-01-01 (or 2020-12-31 for --to); '2020-02' -> 2020-02-01 / 2020-02-29."""
    if text is None:
        return None
    import calendar
    from datetime import date

    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text.strip())
    if not m:
        raise _Usage(f"not a date: {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    y = int(m[1])
    mo = int(m[2]) if m[2] else (12 if end else 1)
    try:
        d = int(m[3]) if m[3] else (calendar.monthrange(y, mo)[1] if end else 1)
        return date(y, mo, d).isoformat()
    except ValueError:
        raise _Usage(f"not a date: {text!r}") from None


_HIGHLIGHT = re.compile(r"<(/?)(?:b|strong|em)(?:\s[^>]*)?>", re.I)


def render_snippet(snippet: str, tty: bool) -> str:
    """Highlight tags to ANSI bold on a terminal, **...** otherwise; entities decoded."""
    on, off = ("\x1b[1m", "\x1b[0m") if tty else ("**", "**")
    text = _HIGHLIGHT.sub(lambda m: off if m[1] else on, snippet)
    return html.unescape(re.sub(r"\s+", " ", text)).strip()


def cmd_search(args, parser) -> int:
    if args.limit < 1:
        raise _Usage("--limit must be 1 or more")
    filters = dict(types=tuple(args.type), series=tuple(args.series),
                   date_from=_date_arg(args.date_from, end=False), date_to=_date_arg(args.date_to, end=True),
                   limit=args.limit)
    from .index import QueryError

    archive = _archive(args)
    try:
        hits = archive.search(args.query, **filters)
    except QueryError as err:  # a date 2020-13-45, a range or a quote left open: say what
        raise _Usage(f"{args.query!r}: {err}") from None
    finally:
        archive.close()
    if args.json:
        json.dump({"query": args.query, "hits": [asdict(h) for h in hits]}, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    tty = sys.stdout.isatty()
    if not hits:
        print(f"no documents found for {args.query!r}")
        return 0
    for h in hits:
        print(f"{h.doc_id}  {h.type}  {h.date or '-'}  {h.title or readable(os.path.basename(h.source))}")
        print(f"    {readable(h.source)}" + (f"  (meeting {h.meeting})" if h.meeting else ""))
        for p in h.pages:
            where = f"line {p.line}" if p.line is not None else f"p. {p.page}"
            print(f"    {where}: {render_snippet(p.snippet, tty)}")
        if h.page_hit_count > len(h.pages):
            print(f"    ... {h.page_hit_count - len(h.pages)} more pages match")
    print(f"{len(hits)} documents")
    return 0


# -- meetings and show -----------------------------------------------------------------------

def _docs_line(documents: dict[str, list[str]]) -> str:
    return "; ".join(f"{role} {', '.join(ids)}" for role, ids in sorted(documents.items()))


def cmd_meetings(args, parser) -> int:
    archive = _archive(args)
    try:
        meetings = archive.meetings()
    finally:
        archive.close()
    if args.json:
        json.dump([asdict(m) for m in meetings], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for m in meetings:
        when = " ".join(x for x in (m.date, "-".join(t for t in (m.start, m.end) if t)) if x)
        print(f"{m.id}  {when}  {m.series or ''}  [{_docs_line(m.documents)}]")
    print(f"{len(meetings)} meetings")
    return 0


def cmd_show(args, parser) -> int:
    from .doc_refs import ITEM_REF, RefError, is_ref, resolve, stable_ref

    if ITEM_REF.fullmatch(args.id):  # "d12:4", "bundel.pdf#3:4", a section "d5:Actielijn 2"
        return _show_item(args)
    if not (is_ref(args.id) or re.fullmatch(r"m\S+", args.id)) or Path(args.id).exists():
        return _show_release(args)
    from .archive import DocumentInfo, LinkInfo

    archive = _archive(args)
    links: list[LinkInfo] = []
    ref = None
    sections: list[tuple[str, str]] = []
    try:
        if is_ref(args.id):  # dN, or FILE#N (the same in every archive of these files)
            try:
                doc_id = resolve(archive, args.id)
            except RefError as err:
                print(f"zvdj show: {err}", file=sys.stderr)
                return 1
            info = archive.document(doc_id)
            # references in the document's text outside its items (a nota's opening lines)
            links = archive.item_links(doc_id, None) if info is not None else []
            ref = stable_ref(archive, info) if info is not None else None
            sections = _sections_of(archive, info) if info is not None else []
        else:
            info = archive.meeting(args.id)
    finally:
        archive.close()
    if info is None:
        print(f"zvdj show: no document or meeting with id {args.id!r}", file=sys.stderr)
        return 1
    if args.json:
        data = asdict(info)
        if isinstance(info, DocumentInfo):
            data["links"] = [asdict(x) for x in links]
            data["ref"] = ref
            data["sections"] = [{"label": label, "heading": heading} for label, heading in sections]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if isinstance(info, DocumentInfo):
        _print_document(info, ref)
        if sections:  # a letter's or report's sections: link ends like items ("zvdj show d5:Actielijn 2")
            print("  sections:")
            for label, heading in sections:
                print(f"    {label:12}  {heading}")
        refs = [x for x in links if x.kind != "version" and x.direction == "out"]
        if refs:
            print(f"  references outside the items ({len(refs)}):")
            _print_links(refs)
        cited = [x for x in links if x.kind != "version" and x.direction == "in"]
        if cited:
            print(f"  links to this document ({len(cited)}):")
            _print_links(cited)
        _print_versions(links)
    else:
        _print_meeting(info)
    return 0


def _show_release(args) -> int:
    """`zvdj show FILE`: every document of one indexed file (a Woo release), with type, date,
    pages, stamped number and title, then the check of its inventory list."""
    from .woo.release_check import check_release

    from .doc_refs import documents_of, indexed_path

    archive = _archive(args)
    try:
        found = indexed_path([src.path for src in archive.sources()], args.id)
        known = found is not None
        path = found or os.path.abspath(args.id)
        # the full documents: the check reads the inventory lists' rows
        docs = [d for s in documents_of(archive, path) if (d := archive.document(s.id)) is not None]
    finally:
        archive.close()
    if not known:
        print(f"zvdj show: {args.id!r} is no document id, meeting id or indexed file", file=sys.stderr)
        return 1
    findings = check_release(docs)
    if args.json:
        json.dump({"source": path, "documents": [asdict(d) for d in docs],
                   "inventory_check": [asdict(f) for f in findings]}, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"{path}: {len(docs)} documents")
    for d in docs:
        pages = (f"p. {d.first_page}-{d.last_page}" if d.first_page is not None
                 else f"l. {d.first_line}-{d.last_line}" if d.first_line is not None else "")
        stamp = f"nr {d.stamp}" if d.stamp else ""
        title = d.title or "(no text: scanned pages, OCR needed)"
        ref = f"#{docs.index(d) + 1}"  # FILE#N names it in any archive of this file
        print(f"  {d.id:6} {ref:4} {pages:11} {d.type:16} {d.doc_date or '':10}  {stamp:7} {title}")
        if d.inventory:
            print(f"  {'':6} {'':11} inventory list of {len(d.inventory)} rows")
    if findings:
        print("inventory check:")
        for f in findings:
            print(f"  {f.kind:20} {f.text}")
    return 0


def _print_links(links) -> None:
    for x in links:
        part = "item" if x.other_meeting else "section"  # a letter's or report's section (link/sections.py)
        where = (f"{x.other_meeting or x.to_doc or ''}" + (f" {part} {x.to_number}" if x.to_number else "")
                 if (x.other_meeting or x.to_doc) else "not in the archive")
        arrow = "->" if x.direction == "out" else "<-"
        print(f"    {x.kind:17} {arrow} {x.other_date or x.to_date or '':10}  {where}: {x.other_title or x.to_text or ''}")
        print(f"    {'':17}    \u201c{x.evidence}\u201d")


def _print_versions(links, of: str = "") -> None:
    """Documents that are versions of this one (link/versions.py), with their score."""
    versions = [x for x in links if x.kind == "version"]
    if versions:
        print(f"  versions{of} ({len(versions)}):")
    for x in versions:
        print(f"    {x.to_doc:6} {x.other_date or '':10}  {x.other_title or ''}")
        print(f"    {'':6} {x.evidence} (score {x.score})")


def _sections_of(archive: ArchiveReader, doc) -> list[tuple[str, str]]:
    """(label, heading) of each section of a letter or report without items (link/sections.py)."""
    return [(s.label, s.heading or doc.title) for s in archive.document_sections(doc.id)]


def _section(archive: ArchiveReader, doc, number: str):
    """A section of a letter or report as a link end ("d5:Actielijn 2"), shown like an item."""
    from .archive import ItemInfo

    for label, title in _sections_of(archive, doc):
        if label == number:
            return ItemInfo(number=label, title=title)
    return None


def _show_item(args) -> int:
    """`zvdj show d12:4` (or `bundel.pdf#3:4`): one agenda item with its links, topic thread
    and decisions."""
    from .doc_refs import ITEM_REF, RefError, resolve

    m = ITEM_REF.fullmatch(args.id)
    assert m is not None
    number = m["item"]
    archive = _archive(args)
    try:
        try:
            doc_id = resolve(archive, m["doc"])
        except RefError as err:
            print(f"zvdj show: {err}", file=sys.stderr)
            return 1
        doc = archive.document(doc_id)
        item = next((it for it in doc.items if it.number == number), None) if doc else None
        if item is None and doc is not None:
            item = _section(archive, doc, number)
        if item is None:
            print(f"zvdj show: no item {number!r} in document {doc_id!r}", file=sys.stderr)
            return 1
        links = archive.item_links(doc_id, number)
        versions = [x for x in archive.item_links(doc_id, None) if x.kind == "version"]
        thread = archive.topic_thread(doc_id, number)
        decisions = archive.decisions(doc_id, number)
    finally:
        archive.close()
    if args.json:
        json.dump({"document": doc_id, "number": number, "title": item.title, "meeting": doc.meeting,
                   "links": [asdict(x) for x in links], "versions": [asdict(x) for x in versions],
                   "thread": [asdict(x) for x in thread],
                   "decisions": [asdict(x) for x in decisions]}, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"{doc_id}:{number}  {item.title}  ({doc.type}, {doc.meeting or 'no meeting'})")
    print(f"  links ({len(links)}):")
    _print_links(links)
    _print_versions(versions, " of the document")
    if len(thread) > 1:
        print(f"  topic thread ({len(thread)}):")
        for e in thread:
            own = (e.doc_id, e.number) == (doc_id, number)  # a section's own entry has no meeting
            date = e.date or (doc.doc_date if own else None)
            print(f"    {date or '':10}  {e.series or '':30}  {e.doc_id}:{e.number}  {e.title or (item.title if own else '')}")
    if decisions:
        print(f"  decisions ({len(decisions)}):")
        for d in decisions:
            print(f"    {d.kind}: {d.text}")
    return 0


def _print_document(d, ref: str | None = None) -> None:
    span = (f"pages {d.first_page}-{d.last_page}" if d.first_page is not None
            else f"lines {d.first_line}-{d.last_line}" if d.first_line is not None else "")
    print(f"{d.id}  {d.type}  {d.title}")
    fields = [("ref", ref), ("source", f"{d.source}  {span}".strip()), ("date", d.doc_date), ("kenmerk", d.kenmerk),
              ("betreft", d.betreft), ("series", d.series), ("meeting", d.meeting),
              ("meeting date", " ".join(x for x in (d.meeting_date, d.start_time and f"{d.start_time}"
                                                    + (f"-{d.end_time}" if d.end_time else "")) if x)),
              ("place", d.place)]
    for name, value in fields:
        if value:
            print(f"  {name + ':':14}{value}")
    if d.items:
        print("  items:")
        for it in d.items:
            where = f"p. {it.page}" if it.page is not None else f"line {it.line}" if it.line is not None else ""
            print(f"    {'  ' * it.level}{it.number}  {it.title}  ({where})" if where else
                  f"    {'  ' * it.level}{it.number}  {it.title}")
    if d.redactions:
        print("  redactions:   " + ", ".join(f"{code} x{n}" for code, n in sorted(d.redactions.items())))
    for problem in d.problems:
        print(f"  problem:      {problem}")


def _print_meeting(m) -> None:
    print(f"{m.id}  {m.series or ''}  {m.date or ''} {'-'.join(t for t in (m.start, m.end) if t)}")
    if m.place:
        print(f"  place: {m.place}")
    for role, ids in sorted(m.documents.items()):
        print(f"  {role + ':':10}{', '.join(ids)}")
    if m.items:
        print("  items:")
        for row in m.items:
            cells = [f"{role} {ref.document}#{ref.number}" for role, ref in
                     (("agenda", row.agenda), ("nota", row.nota), ("verslag", row.verslag)) if ref]
            print(f"    {row.number or '?':5} {row.title or ''}  [{', '.join(cells)}]")


COMMANDS = {"index": cmd_index, "export": cmd_export, "search": cmd_search, "meetings": cmd_meetings,
            "show": cmd_show, "versions": cmd_versions, "compare": cmd_compare, "audit": cmd_audit}



# -- notes and dossier (zvdj_viewer/notes/, dossier.py) -----------------------------------

def cmd_dossier(args, parser) -> int:
    from .dossier import DossierError, write_dossier
    from .notes import NoteStore

    with _archive(args) as archive:
        check_target(args.output, archive.folders())
        if archive.meeting(args.meeting) is None:
            print(f"zvdj dossier: no meeting with id {args.meeting!r} (see 'zvdj meetings')", file=sys.stderr)
            return 1
        with NoteStore.for_archive(archive) as store:
            store.reattach(archive)
            try:
                out = write_dossier(archive, args.meeting, args.output, store)
            except DossierError as err:
                print(f"zvdj dossier: {err}", file=sys.stderr)
                return 1
    print(f"dossier of {args.meeting} written to {out}")
    return 0


def cmd_notes(args, parser) -> int:
    from .notes import NoteStore, NoteStoreError, place_label

    if args.action in ("export", "import") and not args.file:
        raise _Usage(f"'notes {args.action}' needs a FILE")
    with _archive(args) as archive, NoteStore.for_archive(archive) as store:
        try:
            if args.action == "import":
                report = store.import_file(args.file)
                store.reattach(archive)
                print(f"{args.file}: {report.summary()}")
            elif args.action == "export":
                if Path(args.file).suffix.lower() in (".md", ".markdown"):
                    store.export_markdown(args.file, folders=archive.folders())
                else:
                    store.export_json(args.file, folders=archive.folders())
                print(f"{len(store.notes())} notes, {len(store.stars())} stars, "
                      f"{len(store.reading_list())} reading-list entries written to {args.file}")
            else:
                store.reattach(archive)
                for n in store.notes():
                    tags = " ".join("#" + t for t in n.tags)
                    status = " [orphaned]" if n.orphaned else ""
                    print(f"{place_label(n)}{status}: {n.body.splitlines()[0] if n.body else ''} {tags}".rstrip())
                print(f"{len(store.notes())} notes")
        except NoteStoreError as err:
            print(f"zvdj notes: {err}", file=sys.stderr)
            return 1
        except OSError as err:
            print(f"zvdj notes: {args.file}: {err.strerror or err}", file=sys.stderr)
            return 1
    return 0


def cmd_explain(args, parser) -> int:
    from . import explain

    if not os.path.isfile(args.file):
        print(f"zvdj explain: {args.file}: not a file", file=sys.stderr)
        return 1
    report = explain.explain(os.path.abspath(args.file), page=args.page, ocr_from=args.ocr_from)
    if args.json:
        json.dump(asdict(report), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        sys.stdout.write(explain.format_text(report, lines_per_page=0 if args.all_lines else 12))
    return 1 if report.error else 0


COMMANDS.update({"dossier": cmd_dossier, "notes": cmd_notes, "explain": cmd_explain})

if __name__ == "__main__":
    sys.exit(main())
