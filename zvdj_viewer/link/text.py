"""Small text helpers shared by the linking steps: words, stop words, crude stemming."""

from __future__ import annotations

import functools
import re
import unicodedata

# Dutch function words and meeting boilerplate: they say nothing about a topic
STOPWORDS = frozenset("""
de het een en van voor in op met aan te ten ter tot bij over om uit als of door naar dat die
dit deze is zijn wordt worden er ook nog niet wel maar dan al zo hoe wat wie waar welke
u wij we ze zij hij ik je jij ons onze hun hen haar zijn mijn uw
mbt mbv ivm irt tbv nav ahv obv inzake
ter bespreking besluitvorming informatie kennisname vaststelling goedkeuring
""".split())

# words in item titles that name a meeting routine, not a topic
GENERIC_TITLE_WORDS = frozenset("""
opening mededelingen rondvraag sluiting wvttk wttk wvtk wvttkk wvtkk agenda vaststellen
conceptverslag verslag actualiteiten update stand zaken punten overig overige
bijlage bijlagen annotatie toelichting bespreken voorstel rondom stuurgroep bo bestuurlijk overleg
""".split())

# common words that make a topic only together with another word of a title: "structurele
# middelen" in two titles is one subject, "structurele" alone or in running text is not
WEAK_TITLE_WORDS = frozenset("""
ambtelijk ambtelijke bestuurlijk bestuurlijke overleg programma voortgang proces nadere
uitwerking ontwikkelingen ontwikkeling financiele financieel structurele structureel extra middelen
onderzoek onderzoeken evaluatie inbreng uitkomsten opdracht problemen eventuele gezamenlijke
gezamenlijk regionale samenwerking volgende brief kamerbrief terugblik stavaza denken
afspraak afspraken
""".split())

_WORD = re.compile(r"[0-9a-zà-ÿ]+(?:[-'][0-9a-zà-ÿ]+)*")


def fold(text: str) -> str:
    """Lower case, accents kept only where they carry no meaning (é -> e)."""
    text = text.lower()
    if text.isascii():  # nothing to decompose: most text
        return text
    return unicodedata.normalize("NFKD", text).translate(_NO_COMBINING)


class _DropCombining(dict):
    """str.translate() table that deletes combining marks (the accents NFKD split off),
    filled as characters are met: one C-level lookup per character instead of a call."""

    def __missing__(self, cp: int) -> int | None:
        kept = None if unicodedata.combining(chr(cp)) else cp
        self[cp] = kept
        return kept


_NO_COMBINING = _DropCombining()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text or ""))


@functools.lru_cache(maxsize=65536)  # a million calls on a large archive, few distinct words
def stem(word: str) -> str:
    """A crude Dutch stem: plural and diminutive endings off, so mentor/mentoren and
    afspraak/afspraken meet. Good enough for matching, never shown to users."""
    w = word
    for suf in ("eren", "tjes", "jes", "en", "es", "s", "e"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            w = w[: -len(suf)]
            break
    # afspraak -> afspra(a)k: double vowels collapse in the plural (afspraken)
    w = re.sub(r"([aeou])\1", r"\1", w)
    return w


def content_words(text: str) -> list[str]:
    """Stems of the words that can carry a topic (no stop words, no bare numbers)."""
    if len(_CONTENT_STEM) > 200_000:
        _CONTENT_STEM.clear()
    return [s for s in map(_CONTENT_STEM.__getitem__, words(text)) if s]


class _ContentStems(dict):
    """word -> its stem, or "" when it carries no topic: one dict lookup per word of every
    document (millions on a large archive) instead of three tests and a call."""

    def __missing__(self, w: str) -> str:
        s = stem(w) if (w not in STOPWORDS and not w.isdigit() and len(w) > 1) else ""
        self[w] = s
        return s


_CONTENT_STEM = _ContentStems()
