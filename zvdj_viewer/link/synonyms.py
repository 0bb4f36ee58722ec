"""Two names for one topic, learned from the archive's own item titles.

Officials name a topic one way in one meeting and another way in the next ("steunfiguur" in
a rondvraag, "informele mentor" in the stuurgroep). The titles say where two names are one:
somewhere a title prints them side by side,

- with a slash between two short names: "Ter bespreking: steunfiguur / informele mentor voor
  elk uithuisgeplaatst kind";
- with the short name in brackets after the long one: "een gezamenlijke norm voor goed
  opdrachtgeverschap (NvO)", "Stroomschema financiële problemen aanbieders ('escalatieladder')".

Such a pair is an alias: a title with one name counts as holding the other too (topics.py),
so the thread runs through the meetings that used either name. No list of the programme's
topics is written here; what counts as a name is checked on its words: no dates or numbers
("Terugblik AO 23 juni / Perspectief voor de Jeugd" is two subjects, not two names), not only
common words ("Update / voortgang"), and the bracket holds an acronym or a quoted name, not a
remark ("(observatie)", "(bijlage 2)").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from .text import GENERIC_TITLE_WORDS, WEAK_TITLE_WORDS, content_words, stem

_SEGMENT = re.compile(r"[:;–—|?!]|\s-\s")  # a title's parts; "/" and brackets are looked at below
_BRACKET = re.compile(r"\(([^()]{1,40})\)")
_QUOTED = re.compile(r"^['‘\"“]([^'’\"”]{3,40})['’\"”]$")
_ACRONYM = re.compile(r"[A-Z](?=[^A-Z]*[A-Z])[A-Za-z]{1,5}")  # two capitals; linear also for search()
_NUMBER = re.compile(r"\d")
_COMMON = {stem(w) for w in GENERIC_TITLE_WORDS | WEAK_TITLE_WORDS}
MAX_SIDE_WORDS = 3  # the name before a slash: a few words, not a sentence
MAX_GROUP = 4  # names of one topic; more is a chain of loose pairs, not one topic


def _name(words: list[str], text: str) -> tuple[str, ...] | None:
    """The key of a name (as topics.py keys title phrases: stems of one word or of two words in
    a row), or None when the words are no name of a topic."""
    if not words or _NUMBER.search(text) or all(w in _COMMON for w in words):
        return None
    return tuple(words[-2:]) if len(words) >= 2 else (words[0],)


def title_aliases(titles: Iterable[str]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Pairs of names that one title prints as the same topic, each once."""
    out: dict[frozenset, tuple] = {}
    for title in titles:
        for seg in _SEGMENT.split(title or ""):
            for a, b in _slash_pairs(seg) + _bracket_pairs(seg):
                if a != b:
                    out.setdefault(frozenset((a, b)), (a, b))
    return list(out.values())


def _slash_pairs(seg: str) -> list[tuple]:
    if seg.count("/") != 1:
        return []  # "VWS/JenV/VNG": a list of bodies, not two names
    left, right = seg.split("/")
    if not left.strip() or not right.strip() or left[-1:].isalnum() and right[:1].isalnum():
        return []  # "en/of", "JenV/VNG": no spaces around the slash, one word
    lw = content_words(left)
    rw = content_words(right)[:2]  # the name the right side starts with
    if len(lw) > MAX_SIDE_WORDS:
        return []
    a = _name(lw, left)
    b = _name(rw, right.split(",")[0][:60])
    return [(a, b)] if a and b else []


def _bracket_pairs(seg: str) -> list[tuple]:
    out = []
    for m in _BRACKET.finditer(seg):
        inner = m.group(1).strip()
        q = _QUOTED.match(inner)
        if q:
            inner_words = content_words(q.group(1))
        elif _ACRONYM.fullmatch(inner):
            inner_words = content_words(inner)
        else:
            continue  # "(observatie)", "(bijlage 2)", "(amendement ...)": a remark
        before = seg[:m.start()]
        a = _name(content_words(before)[-2:], before[-40:])
        b = _name(inner_words, inner) if len(inner_words) <= 2 else None
        if a and b:
            out.append((a, b))
    return out


def alias_groups(pairs: Iterable[tuple[tuple[str, ...], tuple[str, ...]]]) -> dict[tuple[str, ...], frozenset]:
    """Each name -> every name of its topic (itself included); groups joined through shared
    names, left out when they grow beyond MAX_GROUP."""
    parent: dict[tuple, tuple] = {}

    def root(x: tuple) -> tuple:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
    groups: dict[tuple, set] = {}
    for x in list(parent):
        groups.setdefault(root(x), set()).add(x)
    return {x: frozenset(g) for g in groups.values() if len(g) <= MAX_GROUP for x in g}


def with_aliases(grams: Counter, groups: dict[tuple[str, ...], frozenset]) -> None:
    """Add to a unit's phrase counts the other names of each topic it names (count 1)."""
    for p in [p for p in grams if p in groups]:
        for q in groups[p]:
            if q not in grams:
                grams[q] = 1
