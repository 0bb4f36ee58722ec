"""From the text a user types to a Whoosh query, and back to words for highlighting.

The query is parsed once, against a schema whose text fields are *not* stemmed, so the parse
tree holds the words as typed. rewrite() then turns it into the query run on the index:

- a word becomes its Dutch stem on the ``content``/``title`` fields ("gemeenten" ->
  "gemeent", which also matches "gemeente" and "gemeentelijke");
- a word of 4+ letters also matches compounds that *end* in it, at half weight: Dutch
  compounds are written as one word and their last part is the head ("aanbieders" finds
  "jeugdhulpaanbieders", "zorg" finds "jeugdzorg"). The compounds are looked up in the
  index's own vocabulary (a sorted list of reversed stems), so the index costs nothing extra;
- ``prefix*`` and wildcards run on the ``words`` field (the words as written), since a prefix
  cannot be compared with a stem (the stem of "gemeentelijke" is "gemeent");
- phrases are stemmed word by word and keep their order.
"""

from __future__ import annotations

import bisect
import os
import re
import threading
from pathlib import Path

from whoosh import query as Q
from whoosh.qparser import (AndGroup, FieldAliasPlugin, MultifieldParser)

from ..errors import ZvdjError
from .schema import query_schema, text_analyzer

TEXT_FIELDS = ("content", "title")
COMPOUND_MIN_STEM = 4  # a shorter word ("wet", "kind") would match too many unrelated words
COMPOUND_MIN_HEAD = 3  # letters before the word in a compound ("be"+"zorg" is no compound)
COMPOUND_MAX = 40  # most frequent compounds kept per word
COMPOUND_BOOST = 0.5  # a compound match counts half of the word itself

# Dutch names for the fields, besides the English ones
ALIASES = {"redaction": ["redactie", "lakking", "code"], "type": ["soort"], "date": ["datum"],
           "title": ["titel"], "series": ["reeks", "serie"]}

_WORD = re.compile(r"\w+(?:\.\w+)*")
_FIELDNAMES = sorted(["content", "title", "type", "series", "date", "redaction", "words"]
                     + [a for names in ALIASES.values() for a in names])
_DANGLING_FIELD = re.compile(r"(?i)\b(?:%s):(?=\s|$)" % "|".join(_FIELDNAMES))
OPERATOR_WORDS = ("and", "or", "not")  # left over from a broken query ("gemeente AND")


class QueryError(ZvdjError, ValueError):
    """A query that cannot mean what it says (a month 13, a range without its end, an
    unclosed quote, a wildcard that matches every word): ``str()`` tells the user what to
    change. Searching it as something else instead would show results for another question."""


MIN_WILDCARD_CHARS = 2  # letters or digits beside * or ?: "**" would match every word in the index
_DATE_FIELDS = ("date", "datum")
_DATE_VALUE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?|(\d{4})(\d{2})(\d{2})?")


def _date_problem(value: str) -> str | None:
    """Why a date in a query is not one (None: it is): YYYY, YYYY-MM, YYYY-MM-DD, YYYYMM(DD)."""
    from datetime import date

    m = _DATE_VALUE.fullmatch(value)
    if not m:
        return f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)"
    y, mo, d = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
    try:
        date(int(y), int(mo or 1), int(d or 1))
    except ValueError:
        return f"not a date: {value!r} (no such month or day)"
    return None


def _range_problem(field: str, body: str, close: str) -> str | None:
    words = body.split()
    ends = [w for w in words if w.lower() != "to"]
    if len(words) - len(ends) != 1 or not 1 <= len(ends) <= 2:
        return (f"{field}:[{body}{close}: a date range is {field}:[FROM to TO] "
                f"(one end may be left out: {field}:[2020-01-01 to])")
    for end in ends:
        if why := _date_problem(end):
            return why
    return None


def problem(text: str) -> str | None:
    """What is wrong with a query, in words (None: nothing). Looks at the characters once,
    left to right: unbalanced quotes, dates and date ranges, wildcards without letters."""
    if not text or not text.strip():
        return None
    if text.count('"') % 2:
        return 'a quote (") is opened but not closed: close it, or leave it out'
    i, n = 0, len(text)
    while i < n:
        if text[i] == '"':  # a phrase: its words are words, whatever they hold
            i = text.index('"', i + 1) + 1
            continue
        if text[i].isspace() or text[i] in "()":
            i += 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in '()"':
            j += 1
        token = text[i:j]
        field, colon, value = token.partition(":")
        if colon and field.lower() in _DATE_FIELDS:
            if value[:1] in "[{":
                close = "]" if value[0] == "[" else "}"
                end = text.find(close, i + len(field) + 2)
                if end < 0:
                    return f"{token}...: the date range has no closing {close}"
                why = _range_problem(field, text[i + len(field) + 2:end], close)
                if why:
                    return why
                i = end + 1
                continue
            if value and (why := _date_problem(value)):
                return why
        elif "*" in token or "?" in token:
            word = value if colon else token
            if sum(ch.isalnum() for ch in word) < MIN_WILDCARD_CHARS:
                return (f"{word!r} matches too many words: give at least {MIN_WILDCARD_CHARS} letters "
                        f"with * or ? (jeugd*)")
        i = j
    return None


def code_key(code: str) -> str:
    """A redaction code as the index keeps it: only its digits and letters, so the ways
    one code is written match each other ("10.2.e", "10.2e", "(10)(2e)" -> "102e")."""
    return re.sub(r"[^0-9a-z]", "", code.lower())


class _Stemmer:
    """Stems single words with the index's analyzer (one shared analyzer: Whoosh keeps the
    state of a call in that call's own token, and the stem cache is thread-safe)."""

    def __init__(self):
        self.analyzer = text_analyzer()

    def __call__(self, word: str) -> str | None:
        toks = [t.text for t in self.analyzer(word, mode="query")]
        return toks[0] if len(toks) == 1 else None


stem = _Stemmer()


def make_parser():
    p = MultifieldParser(list(TEXT_FIELDS), query_schema(), fieldboosts={"title": 2.0}, group=AndGroup)
    p.add_plugin(FieldAliasPlugin(ALIASES))
    return p


_parser = make_parser()
_parser_lock = threading.Lock()  # the parser keeps no state, but be safe across UI threads


def parse(text: str) -> Q.Query | None:
    """The parse tree (surface words) of a query; None for an empty query.

    Raises ValueError for a query that Whoosh cannot parse (e.g. ``date:[foo to bar]``) or
    that parses to nothing although it has words (``((( a OR``)."""
    if not text or not text.strip():
        return None
    # "type: nota" (a space after the colon) is no field query: drop the field name
    text = _DANGLING_FIELD.sub(" ", text)
    try:
        with _parser_lock:
            q = _parser.parse(text)
    except Exception as err:  # Whoosh raises plain Exception for bad dates
        raise ValueError(str(err)) from err
    if q is Q.NullQuery or isinstance(q, type(Q.NullQuery)):
        if plain_words(text):
            raise ValueError("nothing to search in the query")
        return None
    return q


_FIELD_PART = re.compile(r"\b(\w+):(?:\[[^\]]*\]?|\{[^}]*\}?|\"[^\"]*\"?|\S*)")


def plain_words(text: str) -> list[str]:
    """The words of a query, without operators and syntax: the fallback for a bad query.
    Field parts (``date:[foo to bar]``, ``type:x``) are dropped whole: the bad part of a
    query is most often one of them, and their words would not be found in the text."""
    text = _FIELD_PART.sub(" ", text)
    return [w for w in _WORD.findall(text.lower()) if w not in OPERATOR_WORDS
            and stem(w) is not None]


def plain_query(text: str) -> Q.Query | None:
    words = plain_words(text)
    if not words:
        return None
    return Q.And([Q.Or([Q.Term(f, w) for f in TEXT_FIELDS]) for w in words])


class Compounds:
    """The compounds in the index that end in a given stem, from the index's vocabulary."""

    def __init__(self, cache: Path | None = None):
        self._lock = threading.Lock()
        self._key = None
        self._rev: list[str] = []
        # The reversed, sorted vocabulary is kept in this file between processes: building it
        # reads every term of the index (110 ms on the seeds and samples, far more on a large
        # archive), which a one-shot `zvdj search` otherwise pays on every call.
        self._cache = cache

    def _load(self, reader, key) -> list[str]:
        with self._lock:
            if self._key != key:
                cached = self._read_cache(key)
                if cached is None:
                    cached = sorted(t[::-1] for t in reader.field_terms("content"))
                    self._write_cache(key, cached)
                self._rev = cached
                self._key = key
            return self._rev

    def _read_cache(self, key) -> list[str] | None:
        if self._cache is None:
            return None
        try:
            head, _, body = self._cache.read_text(encoding="utf-8").partition("\n")
        except (OSError, UnicodeDecodeError):
            return None
        if head != repr(key):  # another state of the index: built again
            return None
        return body.split("\n") if body else []

    def _write_cache(self, key, rev: list[str]) -> None:
        if self._cache is None:
            return
        tmp = self._cache.with_name(self._cache.name + f".{os.getpid()}.tmp")
        try:  # a read-only data folder: no cache, searching still works
            tmp.write_text(repr(key) + "\n" + "\n".join(rev), encoding="utf-8")
            os.replace(tmp, self._cache)
        except OSError:
            tmp.unlink(missing_ok=True)

    def find(self, reader, key, s: str) -> list[str]:
        if len(s) < COMPOUND_MIN_STEM or not s.isalpha():  # no compounds of codes or numbers
            return []
        rev = self._load(reader, key)
        r = s[::-1]
        i = bisect.bisect_left(rev, r)
        out = []
        while i < len(rev) and rev[i].startswith(r):
            if len(rev[i]) >= len(r) + COMPOUND_MIN_HEAD and rev[i].isalpha():
                out.append(rev[i][::-1])
            i += 1
        if len(out) > COMPOUND_MAX:
            out = sorted(out, key=lambda t: -reader.doc_frequency("content", t))[:COMPOUND_MAX]
        return out


def rewrite(q: Q.Query, expand=None) -> Q.Query:
    """The parse tree (surface words) -> the query to run on the index (see module doc).

    expand(stem) -> list of compound stems (None: no compound matching)."""

    def word(field: str, w: str, boost: float) -> Q.Query:
        s = stem(w) or w
        t = Q.Term(field, s, boost=boost)
        if field != "content" or expand is None:
            return t
        more = [Q.Term(field, c, boost=boost * COMPOUND_BOOST) for c in expand(s)]
        return Q.Or([t] + more) if more else t

    def fix(node: Q.Query) -> Q.Query:
        if isinstance(node, (Q.Term, Q.Prefix)) and node.fieldname == "redaction":
            return type(node)("redaction", code_key(node.text), boost=node.boost)
        if isinstance(node, Q.Term) and node.fieldname in TEXT_FIELDS:
            if node.text in OPERATOR_WORDS:
                return Q.NullQuery
            return word(node.fieldname, node.text, node.boost)
        if isinstance(node, Q.Phrase) and node.fieldname in TEXT_FIELDS:
            return Q.Phrase(node.fieldname, [stem(w) or w for w in node.words], slop=node.slop,
                            boost=node.boost)
        if isinstance(node, (Q.Prefix, Q.Wildcard)) and node.fieldname in TEXT_FIELDS:
            # words holds content and title as written; one field is enough
            return type(node)("words", node.text, boost=node.boost)
        if isinstance(node, Q.Variations) and node.fieldname in TEXT_FIELDS:
            return word(node.fieldname, node.text, node.boost)
        return node.apply(fix)

    out = fix(q)
    return out.normalize()


def surface_terms(q: Q.Query | None) -> list[tuple[str, str]]:
    """(text, kind) of the words of a parsed query in its positive parts (not under NOT),
    text fields only, in query order without repeats. kind: "word", "prefix" (of ``jeugd*``
    or the start of a wildcard) or "phrase" (a word of a phrase)."""
    out: list[tuple[str, str]] = []

    def walk(node: Q.Query) -> None:
        if isinstance(node, Q.Not):
            return
        if isinstance(node, Q.AndNot):
            walk(node.a)
            return
        if isinstance(node, (Q.Term, Q.Variations)) and node.fieldname in TEXT_FIELDS:
            if node.text not in OPERATOR_WORDS:
                out.append((node.text, "word"))
        elif isinstance(node, Q.Prefix) and node.fieldname in TEXT_FIELDS:
            out.append((node.text, "prefix"))
        elif isinstance(node, Q.Wildcard) and node.fieldname in TEXT_FIELDS:
            head = re.split(r"[*?]", node.text, maxsplit=1)[0]
            if head:
                out.append((head, "prefix"))
        elif isinstance(node, Q.Phrase) and node.fieldname in TEXT_FIELDS:
            out.extend((w, "phrase") for w in node.words)
        else:
            for c in node.children():
                walk(c)

    if q is not None:
        walk(q)
    seen, uniq = set(), []
    for t in out:
        if t[0] and t[0] not in seen:
            seen.add(t[0])
            uniq.append(t)
    return uniq


def highlight_prefix(word: str) -> str:
    """What the viewer should look for at the start of words to show the hits of ``word``.

    The viewer marks words that *start with* a term. The index matches on the stem, and the
    Dutch stem is almost always a prefix of the word ("gemeenten" -> "gemeent"), so the
    shared start of word and stem marks "gemeente", "gemeenten" and "gemeentelijke" as the
    index does; a stem that is not a prefix (accents) leaves the word as typed."""
    s = stem(word)
    if not s:
        return word
    n = 0
    while n < min(len(s), len(word)) and s[n] == word[n]:
        n += 1
    return word[:n] if n >= max(3, len(s)) else word
