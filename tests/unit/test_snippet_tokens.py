"""Whole-page snippets (index/snippet_tokens.py) are the ones Whoosh's highlight() gives:
the same fragments, marks and order, on fictional pages with stop words, short words,
codes, capitals, accents, words whose stem is not their start, and pages longer than the
highlighter's character limit."""

from __future__ import annotations

import random

from whoosh.highlight import ContextFragmenter, highlight

from zvdj_viewer.index.fulltext import SNIPPET_CHARS, SNIPPET_FRAGMENTS, _Bold
from zvdj_viewer.index.schema import text_analyzer
from zvdj_viewer.index.snippet_tokens import WordAnalysis

WORDS = ("Inkoop inkoop inkopen regio's Regio gemeenten gemeente de het van een en in op a b x "
         "10.2.e 5.1.2e café coördinatie jeugdhulp Jeugdhulpaanbieders wachttijden. vergadering, "
         "besluit: (nota) \"stuurgroep\" Zorg voor de Jeugd 2021 3,5 miljoen").split()
QUERIES = [{"inkop"}, {"regio"}, {"gemeent", "jeugdhulp"}, {"coordinatie", "coördinatie"}, {"10.2.e"},
           {"wachttijd", "stuurgroep", "zorg"}, {"nergens"}]


def page(rnd: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        out.append(rnd.choice(WORDS))
        out.append(rnd.choice([" ", " ", " ", "\n", ". ", "  "]))
    return "".join(out)


def test_whole_page_snippets_are_whooshs():
    analyzer = text_analyzer()
    words = WordAnalysis(analyzer)
    rnd = random.Random(5)
    compared = marked = 0
    for n in [0, 1, 3, 20, 80, 300, 6000]:  # 6000 words: past the highlighter's 32k chars
        for _ in range(6):
            text = page(rnd, n)
            for terms in QUERIES:
                frag = ContextFragmenter(maxchars=SNIPPET_CHARS, surround=50)
                want = highlight(text, terms, analyzer, frag, _Bold(), top=SNIPPET_FRAGMENTS)
                got = words.highlight(text, terms, ContextFragmenter(maxchars=SNIPPET_CHARS, surround=50),
                                      _Bold(), top=SNIPPET_FRAGMENTS)
                assert got == want, (n, terms)
                compared += 1
                marked += "<b>" in want
    assert compared == 7 * 6 * len(QUERIES) and marked > 100  # the pages do hold matches


def test_each_word_is_analysed_once():
    calls = []
    analyzer = text_analyzer()

    def counting(value, **kw):
        calls.append(value)
        return analyzer(value, **kw)

    counting.items = analyzer.items  # the tokenizer is read from the chain
    words = WordAnalysis(counting)
    text = "Inkoop van de regio en inkoop. " * 50
    got = words.highlight(text, {"inkop"}, ContextFragmenter(maxchars=200, surround=50), _Bold(), top=2)
    assert "<b>Inkoop</b>" in got and "<b>inkoop</b>" in got
    assert sorted(calls) == sorted(set(calls)) and len(calls) == 6  # Inkoop van de regio en inkoop
