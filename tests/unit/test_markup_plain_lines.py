"""markup.plain skips parse_line for lines without markup characters (issue 22: search
snippets read whole pages through it): the plain text must be the same as parse_line's for
every line, with markup or without."""

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
        assert markup._plain_line(line) == markup.parse_line(line).plain, repr(line)
        fast += markup._MARKUP_CHARS.search(line) is None
    assert fast > 1000  # the shortcut was taken often enough to be tested


def test_plain_of_a_page_keeps_its_lines():
    text = "## Kop\nGewone regel  met  spaties\n- punt\n\n**vet** en &amp; meer\nslot "
    assert markup.plain(text) == "\n".join(markup.parse_line(ln).plain for ln in text.split("\n"))
    assert markup.plain(text).count("\n") == text.count("\n")
