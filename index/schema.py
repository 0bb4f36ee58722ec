"""The Whoosh schema of the full-text index, and its analyzers.

One index document per *unit* (a PDF page, or a chunk of lines of a text source), so a hit
knows its page. Document-level values (id, type, series, date, title) are repeated on every
unit of the document: small, and it lets every filter work on a plain unit query.
"""

from __future__ import annotations

from whoosh import fields, formats
from whoosh.analysis import LanguageAnalyzer, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.lang import stopwords_for_language

from .fastwrite import FastText, FastWords

# bump when the schema changes: an index of another version is rebuilt from the catalog
SCHEMA_VERSION = 2  # 2: text fields written by fastwrite (same postings, new field classes)

LANG = "nl"

# words and codes ("10.2.e"); Whoosh's default pattern also takes "*" into words (for its
# wildcards), which would index markdown "**vet**" as one word that "vet" does not find
WORD_PATTERN = r"\w+(?:\.?\w+)*"


def text_analyzer():
    """Dutch: lowercase, Dutch stop words, Snowball stemmer ("gemeenten" -> "gemeent")."""
    return LanguageAnalyzer(LANG, expression=WORD_PATTERN)


def surface_analyzer():
    """The same tokens as text_analyzer, but not stemmed: the words as written (lowercase).

    Used for the ``words`` field (prefix and wildcard queries must compare with what was
    written: the stem of "gemeentelijke" is "gemeent", so ``gemeentel*`` would miss it on the
    stemmed field) and to parse queries into surface words (for query_terms).
    """
    return (RegexTokenizer(WORD_PATTERN) | LowercaseFilter()
            | StopFilter(stoplist=stopwords_for_language(LANG), minsize=2))


def keyword_analyzer():
    """Series names and the like: words, lowercase, no stop words, no stemming."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter()


def make_schema() -> fields.Schema:
    return fields.Schema(
        # what the unit is
        doc_id=fields.ID(stored=True, sortable=True),
        source=fields.ID(),  # to delete a source's units; the catalog knows the path
        page=fields.STORED(),
        line=fields.STORED(),
        # document-level values, repeated on each unit
        type=fields.KEYWORD(stored=True, lowercase=True, scorable=False),
        series=fields.TEXT(analyzer=keyword_analyzer(), stored=True, phrase=True, multitoken_query="phrase"),
        series_key=fields.ID(),  # exact (lowercased) series, for the series= filter
        date=fields.DATETIME(sortable=True),
        date_text=fields.STORED(),  # the date as given ("2020-06-30"), returned unchanged
        title=FastText(analyzer=text_analyzer(), stored=True, field_boost=2.0),
        redaction=fields.KEYWORD(lowercase=True, scorable=False),  # codes on this unit
        redacted=fields.BOOLEAN(),  # the document has any redaction (any of its units)
        # the text: stemmed with positions (phrases), stored for snippets and "more like
        # this" (Whoosh zlib-compresses stored values: about 40% of the text's size)
        content=FastText(analyzer=text_analyzer(), phrase=True, stored=True),
        # the words as written, for prefix and wildcard queries only: which units hold a
        # word is all they need (no counts, no positions); +35% index size on real text
        words=FastWords(formats.Existence(), analyzer=surface_analyzer(), scorable=False),
    )


def query_schema() -> fields.Schema:
    """The schema the query parser sees: content and title analysed as surface words, so
    the parsed query holds the words as the user typed them; fulltext.rewrite() then stems
    them for the real fields."""
    s = make_schema()
    s.remove("content")
    s.remove("title")
    # one typed word that is several tokens ("Rijk-VNG", "31839-728") is searched as a phrase
    s.add("content", fields.TEXT(analyzer=surface_analyzer(), phrase=True, multitoken_query="phrase"))
    s.add("title", fields.TEXT(analyzer=surface_analyzer(), phrase=True, multitoken_query="phrase"))
    return s
