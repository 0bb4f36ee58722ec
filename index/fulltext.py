"""The full-text index: one Whoosh index per data directory, written and searched here only.

Units (pages) go in with update(); search() groups page hits per document with highlighted
snippets; similar()/similar_text() give "more like this". Snippets are HTML: the matched words
in ``<b>..</b>``, everything else escaped (``&lt;`` etc.), fragments joined by `` … ``.
"""

from __future__ import annotations

import html
import re
import threading
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import date as _date, datetime
from pathlib import Path
from typing import Iterable, Sequence

from whoosh.filedb.filestore import FileStorage
from whoosh import query as Q
from whoosh.highlight import ContextFragmenter, Formatter, get_text
from whoosh.writing import CLEAR

from .. import markup
from ..errors import ZvdjError
from . import fastwrite  # noqa: F401 (faster writing, same postings)
from .fastwrite import Joined
from . import query as qmod
from .schema import SCHEMA_VERSION, make_schema, text_analyzer
from .snippet_tokens import WordAnalysis

VERSION_FILE = "zvdj-index-version"
COMPOUNDS_FILE = "zvdj-compounds.txt"  # the vocabulary reversed, for compound matching (query.Compounds)
INDEX_SUFFIXES = (".toc", ".seg", ".pst", ".trm", ".fdt", ".fvz", ".pos", ".dci", ".dcz", ".vps")  # Whoosh files
WRITER_LIMIT_MB = 128  # per process
MP_MIN_UNITS = 1000  # fewer units than this: one process (starting workers costs more)
LOCK_TIMEOUT = 30.0  # seconds to wait for another process that is writing the index
SNIPPET_CHARS = 200  # per fragment; two fragments at most
SNIPPET_FRAGMENTS = 2
SURROUND = 50  # chars of context before the first marked word of a fragment
WINDOW = 400  # chars of text around a likely hit that Whoosh analyses for the snippet
MLT_TERMS = 20  # key terms of a text for "more like this"
MLT_CHARS = 50_000  # text looked at for "more like this"


class IndexCorrupt(ZvdjError):
    """The index directory holds an index that cannot be used; rebuild it from the catalog."""


@dataclass
class IndexUnit:
    doc_id: str
    source: str
    page: int
    line: int | None
    type: str
    series: str | None
    date: str | None  # "YYYY-MM-DD" (also "YYYY-MM" or "YYYY")
    title: str
    redactions: list[str] = field(default_factory=list)  # normalised codes on this unit
    content: str = ""


@dataclass
class PageHit:
    page: int
    line: int | None
    score: float
    snippet: str  # HTML: <b>match</b>, the rest escaped


@dataclass
class DocHit:
    doc_id: str
    score: float
    title: str
    type: str
    series: str | None
    date: str | None
    pages: list[PageHit]
    page_hit_count: int  # units of the document that matched (0 for a listing without words)


class _Bold(Formatter):
    """Matched words in <b>..</b>, all text HTML-escaped, fragments joined by an ellipsis."""

    between = " … "

    def _text(self, text):
        return html.escape(text, quote=False)

    def format_token(self, text, token, replace=False):
        return "<b>%s</b>" % html.escape(get_text(text, token, replace), quote=False)


def _parse_date(text: str | None, end: bool = False) -> datetime | None:
    """ "2020-06-30", "2020-06" or "2020" -> datetime (start, or last day when end)."""
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text.strip())
    if not m:
        return None
    y = int(m[1])
    mo = int(m[2]) if m[2] else (12 if end else 1)
    try:
        if m[3]:
            d = int(m[3])
        elif end:
            import calendar

            d = calendar.monthrange(y, mo)[1]
        else:
            d = 1
        day = _date(y, mo, d)
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day, 23, 59, 59) if end else datetime(day.year, day.month, day.day)


_BOOLEAN = (Q.And, Q.Not, Q.AndNot, Q.AndMaybe, Q.Require)


def _is_plain(node: Q.Query) -> bool:
    """No AND/NOT anywhere below: the query can be matched page by page as it is."""
    return not isinstance(node, _BOOLEAN) and all(_is_plain(c) for c in node.children())


def _positive_leaves(node: Q.Query) -> list[Q.Query]:
    """The parts of a query that a matching page should contain (not under NOT); an OR of
    plain parts (a word and its compounds) stays one part."""
    if isinstance(node, Q.Not):
        return []
    if isinstance(node, (Q.AndNot, Q.AndMaybe)):
        return _positive_leaves(node.a) + (_positive_leaves(node.b) if isinstance(node, Q.AndMaybe) else [])
    if _is_plain(node):
        return [node]
    return [leaf for c in node.children() for leaf in _positive_leaves(c)]


DOC_FIELDS = {"type", "series", "series_key", "date", "redacted", "doc_id", "source"}


def _page_level(leaves: list[Q.Query]) -> list[Q.Query]:
    """Leaves that say which *pages* match: type/series/date hold for every page of a
    document, so they choose documents but would make every page a hit."""
    def doc_level(leaf: Q.Query) -> bool:
        return all(getattr(t, "fieldname", None) in DOC_FIELDS for t in leaf.leaves())

    out = [leaf for leaf in leaves if not doc_level(leaf)]
    return out or leaves


def _own_text(node: Q.Query, reader) -> Q.Query | None:
    """What a page must hold itself to be shown as a hit of node: its words and phrases on
    the content field. The title is stored on every page of a document, so a word of the
    title made every page a hit; a prefix or wildcard (on ``words``, which holds the title
    too) becomes the stems of the words it stands for, as the highlighter marks them. Other
    page fields (a redaction code) stay; None: node says nothing about a page's text."""
    if isinstance(node, Q.Term) and node.fieldname in ("content", "title"):
        return Q.Term("content", node.text)
    if isinstance(node, Q.Phrase) and node.fieldname in ("content", "title"):
        return Q.Phrase("content", node.words, slop=node.slop)
    if isinstance(node, (Q.Prefix, Q.Wildcard)) and node.fieldname == "words":
        stems = []
        for i, (_f, t) in enumerate(node.existing_terms(reader, expand=True)):
            if i >= 500:
                break
            st = qmod.stem(t.decode("utf-8") if isinstance(t, bytes) else t)
            if st and st not in stems:
                stems.append(st)
        return Q.Or([Q.Term("content", st) for st in stems]) if stems else Q.NullQuery
    if isinstance(node, (Q.Or, Q.And)):
        parts = [p for p in (_own_text(c, reader) for c in node.children()) if p is not None]
        return type(node)(parts) if parts else None
    if getattr(node, "fieldname", None) in DOC_FIELDS:
        return None
    return node


def _stems_regex(stems: frozenset[str]) -> re.Pattern | None:
    """Words starting with one of the stems (where a snippet may be)."""
    if not stems:
        return None
    alts = "|".join(re.escape(t) for t in sorted(stems, key=len, reverse=True)[:300])
    return re.compile(r"(?<!\w)(?:%s)\w*" % alts, re.IGNORECASE)


def _natural(key: str) -> list:
    """Sort key that puts "d2" before "d10"."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", key) if p]


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


@lru_cache(maxsize=200_000)
def _stem_of(word: str) -> str | None:
    return qmod.stem(word)


def _mark_window(text: str, a: int, b: int, stems: frozenset[str], rx: re.Pattern) -> str:
    """One fragment of text[a:b] around its matched words: the words whose stem is one of
    stems in <b>..</b>, the rest escaped; SURROUND chars of context before the first match,
    at most SNIPPET_CHARS long, cut at spaces. (As Whoosh's ContextFragmenter, without
    running its analyzer over the window: the stems of words are cached.)"""
    # only words starting like a stem can match (rx); their own stem decides
    hits = [m for m in rx.finditer(text, a, b) if _stem_of(m.group().lower()) in stems]
    if not hits:
        return ""
    first = hits[0].start()
    start = max(0, first - SURROUND)
    while 0 < start < first and not text[start - 1].isspace():  # begin at a word
        start += 1
    limit = start + SNIPPET_CHARS
    shown = [m for m in hits if m.end() <= limit] or hits[:1]
    end = max(min(len(text), limit), shown[-1].end())
    while end < len(text) and end > shown[-1].end() and not text[end].isspace():  # end at a word
        end -= 1
    out, pos = [], start
    for m in shown:
        out.append(html.escape(text[pos:m.start()], quote=False))
        out.append("<b>%s</b>" % html.escape(m.group(), quote=False))
        pos = m.end()
    out.append(html.escape(text[pos:end], quote=False))
    return "".join(out).strip()


_NO_DATE = 2**64 - 1  # the raw value of a unit without a date


class _DateColumn:
    """The raw date of every unit, segment by segment. Whoosh's MultiReader.column_reader
    leaves out the segments that have no date column at all (a batch of undated pages) and
    then reads past the end (IndexError, or an OSError seeking) or, with several such
    segments, gives another unit's date: here a segment without the column is undated."""

    def __init__(self, reader):
        self.starts: list[int] = []
        self.columns: list = []
        leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
        for leaf, offset in leaves:
            self.starts.append(offset)
            self.columns.append(leaf.column_reader("date", translate=False) if leaf.has_column("date") else None)

    def __getitem__(self, n: int) -> int:
        import bisect

        i = bisect.bisect_right(self.starts, n) - 1
        col = self.columns[i]
        return _NO_DATE if col is None else col[n - self.starts[i]]


def _storage(dir: Path) -> FileStorage:
    """Whoosh's file storage without mmap: with mmap, Whoosh-Reloaded copies every segment
    file it opens into memory (a BytesIO over the map), so an open searcher held the whole
    index in RAM (218 MB at 100,000 pages; 528 MB peak RSS searching, 77 MB without)."""
    return FileStorage(str(dir), supports_mmap=False)


class FullTextIndex:
    def __init__(self, dir: str | Path):
        self.dir = Path(dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.schema = make_schema()
        self.analyzer = text_analyzer()
        self._words = WordAnalysis(self.analyzer)  # whole-page snippets, each word analysed once
        self.compounds = qmod.Compounds(self.dir / COMPOUNDS_FILE)
        self._arrays_lock = threading.Lock()
        self._arrays_key = None
        self._arrays_cache = None
        self._search_lock = threading.RLock()
        self._open_searcher = None
        self.ix = self._open()

    @classmethod
    def recreate(cls, dir: str | Path) -> "FullTextIndex":
        """An empty index in dir, after deleting what an unusable index left there (for the
        Archive on IndexCorrupt: an empty index beside a full catalog is indexed again).
        Only the index's own files are deleted."""
        d = Path(dir)
        if d.is_dir():
            for p in d.iterdir():
                if p.is_file() and (p.suffix in INDEX_SUFFIXES or p.name.endswith("_WRITELOCK")
                                    or p.name in (VERSION_FILE, COMPOUNDS_FILE)):
                    p.unlink()
        return cls(d)

    def _toc_stamp(self) -> int:
        """When the index's table of contents last changed: with the generation and the
        document count it tells one state of the index from another, also after a rebuild
        that starts counting generations again."""
        try:
            return max((p.stat().st_mtime_ns for p in self.dir.glob("*.toc")), default=0)
        except OSError:
            return 0

    # -- opening -------------------------------------------------------------------------
    def _open(self):
        has_files = any(p.suffix in INDEX_SUFFIXES for p in self.dir.iterdir())
        version = self.dir / VERSION_FILE
        if not has_files:
            ix = _storage(self.dir).create_index(self.schema)
            version.write_text(str(SCHEMA_VERSION), encoding="utf-8")
            return ix
        try:
            ix = _storage(self.dir).open_index()
        except Exception as err:
            raise IndexCorrupt(f"the index in {self.dir} cannot be opened ({type(err).__name__}: {err})") from err
        found = version.read_text(encoding="utf-8").strip() if version.exists() else "none"
        if found != str(SCHEMA_VERSION) or set(ix.schema.names()) != set(self.schema.names()):
            raise IndexCorrupt(f"the index in {self.dir} was made by another version (schema {found}, "
                               f"this program uses {SCHEMA_VERSION})")
        searcher = None
        try:  # the table of contents may be fine while a segment file is missing or broken
            searcher = ix.searcher()
            r = searcher.reader()
            r.doc_count()
            n = r.doc_count_all()
            if n:
                r.stored_fields(n - 1)
        except Exception as err:
            if searcher is not None:
                searcher.close()
            raise IndexCorrupt(f"the index in {self.dir} is damaged ({type(err).__name__}: {err})") from err
        # kept for the first search: opening every segment's files again cost a `zvdj search`
        # process a tenth of its time (issue 22)
        self._open_searcher = searcher
        return ix

    # -- writing -------------------------------------------------------------------------
    def update(self, remove_sources: Sequence[str], add: Sequence[IndexUnit], procs: int = 1) -> None:
        """Remove every unit of remove_sources, then add the units in add (a changed file is
        passed in both: its old pages must go). One commit; readers see old or new, never half."""
        if not remove_sources and not add:
            return
        self._drop_searcher()  # it holds the files of segments the write may merge away
        procs = procs if procs > 1 and len(add) >= MP_MIN_UNITS else 1
        redacted = {u.doc_id for u in add if u.redactions}
        kw = dict(limitmb=WRITER_LIMIT_MB, timeout=LOCK_TIMEOUT, delay=0.25)
        if procs > 1:
            kw.update(procs=procs, multisegment=True)
        # always as a context manager: an exception with procs > 1 otherwise hangs at exit
        with self.ix.writer(**kw) as w:
            for src in remove_sources:
                w.delete_by_term("source", src)
            for u in add:
                w.add_document(**self._fields(u, u.doc_id in redacted))

    def _fields(self, u: IndexUnit, redacted: bool) -> dict:
        content = u.content or ""
        f = dict(doc_id=u.doc_id, source=u.source, page=u.page, line=u.line, type=u.type or "other",
                 title=u.title or "", redacted=redacted, content=content,
                 # the title and the content again, tokenised once with them (fastwrite.Joined)
                 words=Joined((u.title or "", content)))
        if u.series:
            f["series"] = u.series
            f["series_key"] = u.series.lower()
        d = _parse_date(u.date)
        if d is not None:
            f["date"] = d
        if u.date:
            f["date_text"] = u.date
        if u.redactions:
            f["redaction"] = " ".join(sorted({qmod.code_key(c) for c in u.redactions}))
        return f

    def clear(self) -> None:
        """Empty the index (the catalog will index everything again)."""
        with self.ix.writer(timeout=LOCK_TIMEOUT, delay=0.25) as w:
            w.mergetype = CLEAR

    def _drop_searcher(self) -> None:
        with self._search_lock:
            if self._open_searcher is not None:
                self._open_searcher.close()
                self._open_searcher = None

    def close(self) -> None:
        self._drop_searcher()
        self.ix.close()

    def _searcher(self):
        """One searcher kept open between searches (call with _search_lock held): opening
        one opens every segment's files again, ~70 ms at 100,000 pages. Opened anew when
        the index changed (Whoosh's refresh() fails on a one-segment index)."""
        s = self._open_searcher
        if s is not None and not s.up_to_date():
            s.close()
            s = None
        if s is None:
            s = self.ix.searcher()
        self._open_searcher = s
        return s

    # -- counts and health ---------------------------------------------------------------
    def unit_count(self) -> int:
        """Live units, from the kept searcher (Whoosh's ix.doc_count() opens every segment)."""
        with self._search_lock:
            return self._searcher().reader().doc_count()

    def doc_count(self) -> int:
        """Documents in the index (distinct doc ids of live units)."""
        with self._search_lock:
            s = self._searcher()
            r = s.reader()
            if not r.doc_count():
                return 0
            if not r.has_deletions():  # each id is a term: count the terms (20 ms vs 1 s at 100k pages)
                return sum(1 for _ in r.lexicon("doc_id"))
            from . import fastsearch as fast

            return fast.live_doc_count(self._arrays(s))

    def check(self) -> list[str]:
        """Problems found in the index (empty when healthy): every stored unit, the id
        column and the posting lists of the main fields are read once (seconds on a large
        archive: for a "check the archive" command, not for every start)."""
        problems: list[str] = []
        try:
            with self.ix.reader() as r:
                if not r.doc_count_all():
                    return []
                col = r.column_reader("doc_id")
                for n in r.all_doc_ids():
                    sf = r.stored_fields(n)
                    if "doc_id" not in sf or "content" not in sf:
                        problems.append(f"unit {n} lacks its document id or text")
                    elif col[n] != sf["doc_id"]:
                        problems.append(f"unit {n}: id column and stored id differ")
                    if len(problems) > 20:
                        break
                for fname in ("content", "words", "doc_id", "source"):
                    for t in r.field_terms(fname):  # every posting list, once
                        r.postings(fname, t).all_ids()
        except Exception as err:
            problems.append(f"the index in {self.dir} cannot be read ({type(err).__name__}: {err})")
        return problems

    # -- searching -----------------------------------------------------------------------
    def _filter(self, types, series, date_from, date_to, has_redactions) -> Q.Query | None:
        parts: list[Q.Query] = []
        if types:
            parts.append(Q.Or([Q.Term("type", t.lower()) for t in types]))
        if series:
            parts.append(Q.Or([Q.Term("series_key", s.lower()) for s in series]))
        if date_from or date_to:
            lo, hi = _parse_date(date_from), _parse_date(date_to, end=True)
            parts.append(Q.DateRange("date", lo, hi))
        if has_redactions is not None:
            parts.append(Q.Term("redacted", bool(has_redactions)))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Q.And(parts)

    def _build(self, text: str, searcher) -> tuple[Q.Query | None, bool]:
        """(query to run, fell back to plain words?). None: no words (list documents)."""
        reader = searcher.reader()
        key = (self.ix.latest_generation(), reader.doc_count_all(), self._toc_stamp())

        def expand(s: str) -> list[str]:
            return self.compounds.find(reader, key, s)

        try:
            parsed = qmod.parse(text)
            return (qmod.rewrite(parsed, expand) if parsed is not None else None), False
        except ValueError:
            plain = qmod.plain_query(text)
            return (qmod.rewrite(plain, expand) if plain is not None else Q.NullQuery), True

    def search(self, query: str, *, types: Iterable[str] | None = None, series: Iterable[str] | None = None,
               date_from: str | None = None, date_to: str | None = None, has_redactions: bool | None = None,
               limit: int = 50, pages_per_doc: int = 3) -> list[DocHit]:
        """Documents matching query (Whoosh syntax, AND by default; see index/query.py),
        best first, each with its best pages_per_doc pages and snippets. An empty query
        lists the documents passing the filters, newest first. A query that cannot mean what
        it says (a date such as 2020-13-45, a range or a quote left open, ``**``) raises
        query.QueryError with the reason in words; another one Whoosh cannot parse (a
        dangling AND, stray brackets) is searched as plain words.

        AND, OR and NOT apply to whole documents, not to single pages: "pleegzorg begroting"
        finds a nota with pleegzorg on page 3 and begroting on page 12. A phrase must stand
        on one page. The pages shown are those matching most of the query's words."""
        why = qmod.problem(query)
        if why:
            raise qmod.QueryError(why)
        filt = self._filter(types, series, date_from, date_to, has_redactions)
        with self._search_lock:
            s = self._searcher()
            if not s.reader().doc_count():
                return []
            q, _fell_back = self._build(query, s)
            if q is Q.NullQuery:
                return []
            if q is None:
                return self._listing(s, filt, limit)
            try:
                return self._run(s, q, filt, limit, pages_per_doc)
            except Exception:  # e.g. a pathological wildcard: search the words instead
                plain = qmod.plain_query(query)
                if plain is None:
                    return []
                return self._run(s, qmod.rewrite(plain), filt, limit, pages_per_doc)

    def _run(self, s, q: Q.Query, filt: Q.Query | None, limit: int, pages_per_doc: int) -> list[DocHit]:
        from . import fastsearch as fast

        try:
            return self._run_fast(s, q, filt, limit, pages_per_doc)
        except fast.Unsupported:
            return self._run_whoosh(s, q, filt, limit, pages_per_doc)

    def _arrays(self, s):
        """The page tables of this searcher's index version (built once per version)."""
        from . import fastsearch as fast

        r = s.reader()
        key = (r.generation(), r.doc_count_all(), r.doc_count())
        with self._arrays_lock:
            if self._arrays_key != key:
                self._arrays_cache = fast.Arrays(r)
                self._arrays_key = key
            return self._arrays_cache

    def _run_fast(self, s, q: Q.Query, filt: Q.Query | None, limit: int, pages_per_doc: int) -> list[DocHit]:
        """As _run_whoosh, with the matching and ranking done on arrays (fastsearch.py)."""
        from . import fastsearch as fast

        positive = _page_level(_positive_leaves(q))
        if not positive:
            raise fast.Unsupported("only NOT")
        arrays = self._arrays(s)
        sc = fast.Scorer(s, arrays)
        simple = len(positive) == 1 and _is_plain(q)
        if filt is not None:
            sc.allowed = sc.pages(filt)
        scoring = positive[0] if len(positive) == 1 else Q.Or(positive)
        ranked = self._top_docs(sc, scoring, None if simple else q, limit)
        if ranked is not None:
            top, pages_of = ranked
        else:  # every matching page scored
            doc_ok = None if simple else sc.docs(q, _is_plain)
            ids, scores = sc.scores(scoring, want_docs=limit if simple else None)
            if sc.allowed is not None:
                ids, scores = fast.keep_allowed(ids, scores, sc.allowed)
            top = fast.rank(arrays, ids, scores, doc_ok, limit)
            pages_of = lambda q_: fast.own_pages(sc, q_, top)  # noqa: E731
        ranked = top
        own = self._own_pages(s, positive, pages_of)
        stems = self._highlight_terms(s, q)
        rx = _stems_regex(stems)
        out = []
        for d, units, count in ranked:
            first = s.stored_fields(units[0][1])
            shown = units if own is None else [u for u in units if u[1] in own]
            # the best page's stored fields are read once (~0.1 ms a read at 100k pages)
            pages = [self._page_hit(s, n, score, stems, rx, first if n == units[0][1] else None)
                     for score, n in shown[:pages_per_doc]]
            out.append(DocHit(arrays.doc_names[d], units[0][0], first.get("title", ""), first.get("type", ""),
                              first.get("series"), first.get("date_text"), pages,
                              count if own is None else len(shown)))
        return out

    @staticmethod
    def _top_docs(sc, scoring: Q.Query, doc_q: Q.Query | None, limit: int):
        """(ranked documents, own-pages function) by topdocs.py, without scoring every
        page; None when it does not cover the query."""
        from . import fastsearch as fast
        from .topdocs import TopDocs

        td = TopDocs(sc)
        try:
            top = td.best(scoring, doc_q, limit)
        except fast.Unsupported:
            return None
        return top, lambda q_: td.own_pages(q_, top)

    def _own_pages(self, s, positive: list[Q.Query], pages_of) -> set[int] | None:
        """The pages (unit numbers) that hold the query's words in their own text, by
        pages_of(query); None when the query says nothing about a page's text."""
        parts = [p for p in (_own_text(leaf, s.reader()) for leaf in positive) if p is not None]
        if not parts:
            return None
        return pages_of(parts[0] if len(parts) == 1 else Q.Or(parts))

    def _run_whoosh(self, s, q: Q.Query, filt: Q.Query | None, limit: int, pages_per_doc: int) -> list[DocHit]:
        col = s.reader().column_reader("doc_id")
        positive = _page_level(_positive_leaves(q))
        simple = len(positive) == 1 and _is_plain(q)  # one word or phrase: pages are documents
        docs = None if simple else self._match_docs(s, q, col)
        if docs is not None and filt is not None:
            docs &= {col[n] for n in filt.docs(s)}
        if not positive:  # only NOT: list what is left
            return self._listing(s, filt, limit, only=docs)
        scoring = positive[0] if len(positive) == 1 else Q.Or(positive)
        hits = [(float(sc), n) for sc, n in s.search(scoring, filter=filt, limit=None).top_n]
        if docs is not None:
            hits = [(sc, n) for sc, n in hits if col[n] in docs]
        groups = self._group(s, hits)
        own = self._own_pages(s, positive, lambda q_: set(q_.docs(s)))
        stems = self._highlight_terms(s, q)
        rx = _stems_regex(stems)
        out = []
        for doc_id, units in groups[:limit]:
            units.sort(key=lambda x: (-x[0], x[1]))
            first = s.stored_fields(units[0][1])
            shown = units if own is None else [u for u in units if u[1] in own]
            pages = [self._page_hit(s, n, sc, stems, rx) for sc, n in shown[:pages_per_doc]]
            out.append(DocHit(doc_id, units[0][0], first.get("title", ""), first.get("type", ""),
                              first.get("series"), first.get("date_text"), pages, len(shown)))
        return out

    def _match_docs(self, s, node: Q.Query, col) -> set[str]:
        """The ids of documents matching a query, AND/OR/NOT taken per document."""
        if _is_plain(node):
            return {col[n] for n in node.docs(s)}
        if isinstance(node, Q.Not):
            return self._all_docs(s, col) - self._match_docs(s, node.query, col)
        if isinstance(node, Q.AndNot):
            return self._match_docs(s, node.a, col) - self._match_docs(s, node.b, col)
        if isinstance(node, Q.AndMaybe):
            return self._match_docs(s, node.a, col)
        if isinstance(node, Q.Require):
            return self._match_docs(s, node.a, col) & self._match_docs(s, node.b, col)
        if isinstance(node, Q.And):
            out: set[str] | None = None
            for c in node.children():
                got = self._match_docs(s, c, col)
                out = got if out is None else out & got
                if not out:
                    break
            return out or set()
        out = set()  # Or and anything else: any child
        for c in node.children():
            out |= self._match_docs(s, c, col)
        return out

    def _all_docs(self, s, col) -> set[str]:
        return {col[n] for n in s.reader().all_doc_ids()}

    def _group(self, s, hits: list[tuple[float, int]]) -> list[tuple[str, list[tuple[float, int]]]]:
        """Page hits -> documents, best first (by best page; more matching pages break ties)."""
        if not hits:
            return []
        col = s.reader().column_reader("doc_id")
        by_doc: dict[str, list[tuple[float, int]]] = {}
        for sc, n in hits:
            by_doc.setdefault(col[n], []).append((sc, n))
        return sorted(by_doc.items(), key=lambda kv: (-max(x[0] for x in kv[1]), -len(kv[1]), _natural(kv[0])))

    def _listing(self, s, filt, limit: int, only: set[str] | None = None) -> list[DocHit]:
        r = s.reader()
        if not r.doc_count():
            return []
        docs = s.search(Q.Every(), filter=filt, limit=None).docs() if filt is not None else r.all_doc_ids()
        # raw values (microseconds since year 1); a unit without a date holds 2**64-1
        col, dates = r.column_reader("doc_id"), _DateColumn(r)
        first: dict[str, int] = {}
        for n in sorted(docs):
            first.setdefault(col[n], n)  # units go in in page order: the lowest is the first page
        if only is not None:
            first = {k: v for k, v in first.items() if k in only}

        def newest_first(kv):
            d = dates[kv[1]]
            return (d >= 2**63, -d, _natural(kv[0]))

        order = sorted(first.items(), key=newest_first)
        out = []
        for doc_id, n in order[:limit]:
            sf = s.stored_fields(n)
            text = markup.plain(sf.get("content", ""))
            page = PageHit(sf["page"], sf.get("line"), 0.0, html.escape(_squash(text)[:SNIPPET_CHARS], quote=False))
            out.append(DocHit(doc_id, 0.0, sf.get("title", ""), sf.get("type", ""), sf.get("series"),
                              sf.get("date_text"), [page], 0))
        return out

    def _highlight_terms(self, s, q: Q.Query) -> frozenset[str]:
        """The stems to mark in snippets: words of the positive part of the query, with
        prefixes and wildcards expanded on the index's vocabulary."""
        stems: set[str] = set()
        r = s.reader()

        def walk(node: Q.Query) -> None:
            if isinstance(node, Q.Not):
                return
            if isinstance(node, Q.AndNot):
                walk(node.a)
                return
            if isinstance(node, Q.Term) and node.fieldname in ("content", "title"):
                stems.add(node.text)
            elif isinstance(node, Q.Phrase) and node.fieldname in ("content", "title"):
                stems.update(node.words)
            elif isinstance(node, (Q.Prefix, Q.Wildcard)) and node.fieldname == "words":
                for i, (_f, t) in enumerate(node.existing_terms(r, expand=True)):
                    if i >= 500:
                        break
                    w = t.decode("utf-8") if isinstance(t, bytes) else t
                    st = qmod.stem(w)
                    if st:
                        stems.add(st)
            else:
                for c in node.children():
                    walk(c)

        walk(q)
        return frozenset(stems)

    def _page_hit(self, s, n: int, score: float, stems: frozenset[str], rx: re.Pattern | None,
                  sf: dict | None = None) -> PageHit:
        """The hit on unit n (sf: its stored fields, when already read)."""
        if sf is None:
            sf = s.stored_fields(n)
        text = markup.plain(sf.get("content", ""))  # the snippet shows words, not ** or <li>
        snippet = self._snippet(text, stems, rx) if stems and text else ""
        if not snippet:  # matched on a field only (a redaction code): the start of the page
            snippet = html.escape(text[:SNIPPET_CHARS], quote=False)
        line = sf.get("line")
        if line is not None and stems:  # a chunk of a text source: the hit's own line
            line += self._first_line_with(text, stems, rx)
        return PageHit(sf["page"], line, score, _squash(snippet))

    def _first_line_with(self, text: str, stems: frozenset[str], rx: re.Pattern | None) -> int:
        """Offset of the first line of text holding one of the stems (0 when none does).
        The unit of a text source keeps every line of its chunk, so offset + its first line
        is the file line of the hit. The stem regex finds most; a word whose stem is not its
        start ("rondvraag" -> "rondvrag") is found by the analyzer."""
        lines = text.split("\n")
        if rx is not None:
            for k, ln in enumerate(lines):
                if any(_stem_of(m.group().lower()) in stems for m in rx.finditer(ln)):
                    return k
        for k, ln in enumerate(lines):
            if ln.strip() and any(t.text in stems for t in self.analyzer(ln)):
                return k
        return 0

    def _snippet(self, text: str, stems: frozenset[str], rx: re.Pattern | None) -> str:
        """Whoosh highlighting, run only on windows around likely hits.

        Analysing a whole page costs ~2 ms (150 pages shown: 0.3 s); the Dutch stem is
        almost always the start of the word, so a regex on the stems finds the candidate
        places and Whoosh marks the real matches inside the best two windows (4x faster).
        A page where the regex finds nothing (accents) is highlighted whole."""
        frag = ContextFragmenter(maxchars=SNIPPET_CHARS, surround=50)
        spots = [m.start() for _, m in zip(range(200), rx.finditer(text))] if rx is not None else []
        if not spots:
            return self._words.highlight(text, stems, frag, _Bold(), top=SNIPPET_FRAGMENTS)
        # windows of WINDOW chars around each spot, merged when they overlap; most spots first
        wins: list[list[int]] = []
        for p in spots:
            a, b = max(0, p - WINDOW // 2), min(len(text), p + WINDOW // 2)
            if wins and a <= wins[-1][1]:
                wins[-1][1], wins[-1][2] = b, wins[-1][2] + 1
            else:
                wins.append([a, b, 1])
        best = sorted(sorted(wins, key=lambda w: -w[2])[:SNIPPET_FRAGMENTS])
        parts = []
        for a, b, _ in best:
            part = _mark_window(text, a, b, stems, rx)
            if part:
                parts.append(part)
        return " … ".join(parts) if parts else self._words.highlight(text, stems, frag, _Bold(),
                                                                     top=SNIPPET_FRAGMENTS)

    # -- words for the viewer ------------------------------------------------------------
    def query_terms(self, query: str) -> list[str]:
        """What the viewer should mark for query: for each word (not under NOT, not a field
        value) the start of words it matches, e.g. "gemeent" for "gemeenten" (marks
        gemeente/gemeenten as the index matched them); "jeugd" for "jeugd*"; plus the
        compounds the index matched ("jeugdhulpaanbieder" for "aanbieders"). The viewer
        marks words *starting with* a term, case-insensitively."""
        try:
            parsed = qmod.parse(query)
        except ValueError:
            parsed = qmod.plain_query(query)
        out: list[str] = []
        with self.ix.searcher() as s:
            r = s.reader()
            key = (self.ix.latest_generation(), r.doc_count_all())
            for w, kind in qmod.surface_terms(parsed):
                if kind == "prefix":
                    out.append(w)
                    continue
                out.append(qmod.highlight_prefix(w))
                st = qmod.stem(w)
                if kind == "word" and st and r.doc_count_all():
                    out += self.compounds.find(r, key, st)[:10]
        seen: set[str] = set()
        return [t for t in out if t and not (t in seen or seen.add(t))]

    # -- more like this ------------------------------------------------------------------
    def similar(self, doc_id: str, limit: int = 10) -> list[tuple[str, float]]:
        """Documents most like doc_id (Whoosh key terms of its text), best first."""
        with self.ix.searcher() as s:
            texts, size = [], 0
            for sf in s.documents(doc_id=doc_id):
                t = sf.get("content", "")
                texts.append(t)
                size += len(t)
                if size >= MLT_CHARS:
                    break
            if not texts:
                return []
            return self._similar(s, "\n".join(texts)[:MLT_CHARS], limit, doc_id)

    def similar_text(self, text: str, limit: int = 10, exclude_doc: str | None = None) -> list[tuple[str, float]]:
        """Documents most like a piece of text (an agenda item, a paragraph), best first."""
        if not text or not text.strip():
            return []
        with self.ix.searcher() as s:
            return self._similar(s, text[:MLT_CHARS], limit, exclude_doc)

    def _similar(self, s, text: str, limit: int, exclude: str | None) -> list[tuple[str, float]]:
        keys = s.key_terms_from_text("content", text, numterms=MLT_TERMS)
        if not keys:
            return []
        top = max(w for _t, w in keys) or 1.0
        q = Q.Or([Q.Term("content", t, boost=w / top) for t, w in keys])
        hits = [(float(sc), n) for sc, n in s.search(q, limit=max(200, limit * 20)).top_n]
        out = []
        for doc_id, units in self._group(s, hits):
            if doc_id != exclude:
                out.append((doc_id, max(sc for sc, _ in units)))
            if len(out) >= limit:
                break
        return out
