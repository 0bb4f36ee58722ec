"""markup.parse_line takes a shortcut for lines without markup characters (issue 22: search
snippets and the reading text parse whole pages): kind, plain text and HTML must be the same
as the full parse gives, for every line, with markup or without."""

from __future__ import annotations

import random

from zvdj_viewer import markup

PIECES = ["gemeente", "Jeugdhulp", "10.2.e", "regio-aanpak", " ", "  ", "\t", "-", "+", "*", "**", "_", "__", "#",
          "## ", "|", "&amp;", "&", "<b>", "</b>", "<li>", "<Agendatekst>", "[", "]", "(x)", "\\", "`", "•", "\xa0",
          "\r", "19<sup>e</sup>", "---", "1.", "a)", "€ 5", "é"]


def test_plain_equals_parse_line_for_random_lines():
    rnd = random.Random(22)
    fast = 0
    for _ in range(20000):
        line = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 8)))
        assert markup.parse_line(line) == markup._parse_marked(line), repr(line)
        fast += markup._MARKUP_CHARS.search(line) is None
    assert fast > 1000  # the shortcut was taken often enough to be tested


def test_plain_of_a_page_keeps_its_lines():
    text = "## Kop\nGewone regel  met  spaties\n- punt\n\n**vet** en &amp; meer\nslot "
    assert markup.plain(text) == "\n".join(markup._parse_marked(ln).plain for ln in text.split("\n"))
    assert markup.plain(text).count("\n") == text.count("\n")


def test_plain_of_pages_without_markup_equals_parsing_each_line():
    # plain() skips the line parser for a page without any markup character (issue 22: the
    # snippets of a search): the same text as parsing line by line, markup or not
    rnd = random.Random(23)
    quiet = [p for p in PIECES if markup._MARKUP_CHARS.search(p) is None or p in ("-", "+")]
    fast = 0
    for _ in range(5000):
        pieces = quiet if rnd.random() < 0.7 else PIECES
        text = "".join(rnd.choice(pieces + ["\n", "\n", "\n "]) for _ in range(rnd.randint(0, 30)))
        assert markup.plain(text) == "\n".join(markup._parse_marked(ln).plain for ln in text.split("\n")), repr(text)
        fast += markup._no_markup(text)
    assert fast > 500
