"""Whoosh's highlight() of a whole page, with the page's words analysed once per word
instead of once per occurrence (issue 22).

Why: a snippet is found by a regex on the query's stems (fulltext._snippet); where no word
of the page starts with its stem (the Dutch stemmer changes the word: "inkoop" -> "inkop",
"regio's"), the whole page goes through Whoosh's highlight(), which runs the analyzer over
every word of the page (~2 ms a page, 20 pages shown: 40+ ms of a 60 ms search).

The analyzer (fulltext's text_analyzer: RegexTokenizer | LowercaseFilter | StopFilter |
StemFilter) treats every token on its own: a token's text after the filters depends only on
the word as written. So the tokens are found with the analyzer's own tokenizer regex and
each distinct word's analysed text is taken from the analyzer once (cached). Fragments,
their scores and their order then come from Whoosh's own ContextFragmenter, scorer and
formatter: the snippet is the one Whoosh's highlight() gives (tests/unit/test_snippet_tokens.py
compares them).
"""

from __future__ import annotations

from whoosh.analysis import Token
from whoosh.highlight import FIRST, BasicFragmentScorer, set_matched_filter, top_fragments

CACHE_WORDS = 200_000  # distinct written words kept (a few tens of MB at most)


class WordAnalysis:
    """The analysed text of each written word, as the analyzer gives it in a page
    (query mode, stop words kept and not stemmed, as highlight() asks)."""

    def __init__(self, analyzer):
        self.analyzer = analyzer
        self.word_rx = _tokenizer_regex(analyzer)
        self._texts: dict[str, str | None] = {}

    def text_of(self, word: str) -> str | None:
        got = self._texts.get(word, "")
        if got == "":
            toks = [t.text for t in self.analyzer(word, mode="query", removestops=False)]
            # a word is one token of the tokenizer; anything else is not one to shortcut
            got = toks[0] if len(toks) == 1 else None
            if len(self._texts) >= CACHE_WORDS:
                self._texts.clear()
            self._texts[word] = got
        return got

    def tokens(self, text: str):
        """(analysed text, start, end) of the analyzer's tokens of text; None when a word
        does not analyse to one token."""
        out = []
        for m in self.word_rx.finditer(text):
            got = self.text_of(m.group())
            if got is None:
                return None
            out.append((got, m.start(), m.end()))
        return out

    def highlight(self, text: str, terms, fragmenter, formatter, top: int) -> str:
        """whoosh.highlight.highlight(text, terms, analyzer, fragmenter, formatter, top)."""
        found = self.tokens(text)
        if found is None:
            from whoosh.highlight import highlight

            return highlight(text, terms, self.analyzer, fragmenter, formatter, top=top)
        termset = frozenset(terms)
        fragments = fragmenter.fragment_tokens(text, set_matched_filter(_reused(found), termset))
        return formatter(text, top_fragments(fragments, top, BasicFragmentScorer(), FIRST, 1))


def _reused(found):
    """The tokens as Token objects, one object reused as Whoosh's tokenizer does (the
    fragmenter copies the ones it keeps)."""
    t = Token(positions=False, chars=True, removestops=False, mode="query")
    for text, start, end in found:
        t.text, t.startchar, t.endchar = text, start, end
        t.boost = 1.0
        yield t


def _tokenizer_regex(analyzer):
    """The compiled expression of the analyzer's RegexTokenizer (the start of its chain)."""
    from whoosh.analysis import RegexTokenizer

    first = analyzer.items[0] if hasattr(analyzer, "items") else analyzer
    if not isinstance(first, RegexTokenizer) or first.gaps:
        raise TypeError("not a chain starting with a matching RegexTokenizer")
    return first.expression
