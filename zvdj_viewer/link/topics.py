"""same_topic: agenda items of different meetings about the same subject.

Precision first. Two items are linked only when a key phrase of one item's TITLE (two
content words in a row, like "informele mentor" or "Perspectief ... Jeugd", or one long rare
word like "gezinshuizen") occurs in the other item's title, or at least twice in its text.
Phrases that occur in most items ("Zorg voor de Jeugd", the programme's own name) carry no
topic and are left out. A TF-IDF cosine over the whole text ranks the links (score) and
breaks ties; per item at most one link to each other meeting (the best), so a topic reads as
a thread through time: one entry per meeting.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from .text import GENERIC_TITLE_WORDS, STOPWORDS, WEAK_TITLE_WORDS, content_words, fold, stem

_MONTH_WORDS = {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                "oktober", "november", "december", "jan", "feb", "febr", "mrt", "apr", "jun", "jul", "aug",
                "sep", "sept", "okt", "nov", "dec"}
_SEGMENT = re.compile(r"[/–—:;,()\[\]|?!]|\s-\s")
_TOKEN = re.compile(r"[0-9A-Za-zÀ-ÿ]+(?:[-'][0-9A-Za-zÀ-ÿ]+)*")
_PREFIX = re.compile(r"^\s*(ter|voor)\s+(bespreking|besluitvorming|informatie|kennisname|vaststelling|"
                     r"goedkeuring|instemming)\s*:?\s*", re.I)

MAX_PHRASE_SHARE = 0.2  # a phrase in more than a fifth of the items ("Zorg voor de Jeugd") says nothing
MAX_WORD_SHARE = 0.25  # a single word: in at most a quarter of the titles
MIN_WORD_LEN = 7  # single words count only title to title, and only long ones
# a phrase found only in the other item's running text, or made of common words only, must
# be backed by the texts as a whole (TF-IDF cosine); measured on the seeds: wrong links had
# 0.06-0.10, right ones 0.15 and up
MIN_TEXT_COSINE = 0.12
MIN_WEAK_COSINE = 0.15


# meetings on each side of an item that a same-topic link may reach (see topic_links)
NEIGHBOURS = 8


def title_phrases(title: str) -> list[tuple[tuple[str, ...], str]]:
    """Key phrases of a title: (stems, words as printed). Bigrams of content words within
    one segment of the title (segments split at / : – , etc.), and long single words.
    Phrases made only of weak words ("structurele middelen") are marked weak_phrases()."""
    out = []
    t = _PREFIX.sub("", title or "")
    for seg in _SEGMENT.split(t):
        toks = []  # (stem, start, end)
        for m in _TOKEN.finditer(seg):
            w = fold(m.group(0))
            if w in STOPWORDS or w in GENERIC_TITLE_WORDS or w in _MONTH_WORDS or w.isdigit() or len(w) < 2:
                toks.append(None)  # a stop word: phrases may span it ("perspectief voor de jeugd")
                continue
            toks.append((stem(w), m.start(), m.end(), w in WEAK_TITLE_WORDS))
        content = [x for x in toks if x is not None]
        for a, b in zip(content, content[1:]):
            out.append(((a[0], b[0]), seg[a[1]:b[2]]))
        for a in content:
            if len(a[0]) >= MIN_WORD_LEN and not a[3]:
                out.append(((a[0],), seg[a[1]:a[2]]))
    return out


_WEAK_STEMS = {stem(w) for w in WEAK_TITLE_WORDS}


def is_weak(phrase: tuple[str, ...]) -> bool:
    """Every word common: counts only from title to title."""
    return all(p in _WEAK_STEMS for p in phrase)


def _grams(seq: Sequence[str]) -> Counter:
    """Counts of every word and every pair of consecutive words."""
    c: Counter = Counter((w,) for w in seq)
    c.update(zip(seq, seq[1:]))
    return c


def topic_links(units: Sequence[dict]) -> list[dict]:
    """units: dicts meeting, date, doc, number, title, text (one per aligned meeting row;
    doc/number: the item that stands for the row). Returns same_topic link dicts, from the
    earlier meeting to the later one."""
    n = len(units)
    if n < 2:
        return []
    title_grams = [_grams(content_words(u.get("title") or "")) for u in units]
    text_grams = [_grams(content_words((u.get("title") or "") + "\n" + (u.get("text") or ""))) for u in units]
    phrases = [title_phrases(u.get("title") or "") for u in units]
    # document frequency of phrases over texts, and of single words over titles
    df: Counter = Counter()
    tdf: Counter = Counter()
    for g in text_grams:
        df.update(g.keys())
    for g in title_grams:
        tdf.update(k for k in g if len(k) == 1)
    keep = [[(p, w) for p, w in ps
             if (len(p) > 1 and (df[p] <= MAX_PHRASE_SHARE * n or df[p] <= 2))
             or (len(p) == 1 and tdf[p] <= max(MAX_WORD_SHARE * n, 2) and df[p] <= 0.5 * n)]
            for ps in phrases]
    # TF-IDF vectors for ranking and as a guard on weaker evidence
    vecs = []
    for g in text_grams:
        v = {w[0]: (1 + math.log(c)) * math.log(n / df[w]) for w, c in g.items() if len(w) == 1 and df[w] < n}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({w: x / norm for w, x in v.items()})

    def cos(a: int, b: int) -> float:
        va, vb = vecs[a], vecs[b]
        if len(va) > len(vb):
            va, vb = vb, va
        return sum(x * vb.get(w, 0.0) for w, x in va.items())

    # which units hold a phrase in their title, or at least twice in their text
    holders: dict[tuple[str, ...], set[int]] = {}
    wanted = {p for ks in keep for p, _ in ks}
    for i in range(n):
        for p in wanted:
            if title_grams[i].get(p) or (len(p) > 1 and text_grams[i].get(p, 0) >= 2):
                holders.setdefault(p, set()).add(i)

    def evidence(a: int, b: int) -> tuple[float, str] | None:
        """Why unit a is about the topic of unit b's title (or None)."""
        best = None
        for p, words in keep[b]:
            if a not in holders.get(p, ()):
                continue
            if title_grams[a].get(p):
                if (is_weak(p) and cos(a, b) < MIN_WEAK_COSINE) or (len(p) == 1 and cos(a, b) < MIN_TEXT_COSINE):
                    continue
                strength = 2.0
            elif len(p) > 1 and not is_weak(p) and cos(a, b) >= MIN_TEXT_COSINE:
                strength = 1.0
            else:
                continue
            weight = strength * len(p) * math.log(n / max(df[p], 1) + 1)
            if best is None or weight > best[0]:
                best = (weight, words)
        return best

    # Candidates: for each phrase, only the holders nearest in time (NEIGHBOURS meetings on
    # each side). A topic is a thread through time; linking every meeting that ever mentioned
    # it to every other is quadratic (a million links at 10,000 pages) and no help to a reader.
    def order(i: int) -> tuple:
        return (units[i]["date"] or "", units[i]["meeting"], i)

    timeline = {p: sorted(hs, key=order) for p, hs in holders.items()}
    place = {p: {u: k for k, u in enumerate(line)} for p, line in timeline.items()}
    candidates = set()
    for b in range(n):
        for p, _ in keep[b]:
            line = timeline.get(p)
            if not line or b not in place[p]:
                continue
            k = place[p][b]
            for step in (-1, 1):
                seen_meetings: set = set()
                j = k + step
                while 0 <= j < len(line) and len(seen_meetings) < NEIGHBOURS:
                    a = line[j]
                    if units[a]["meeting"] != units[b]["meeting"]:
                        seen_meetings.add(units[a]["meeting"])
                        candidates.add((a, b))
                    j += step
    best_per: dict[tuple[int, str], tuple[float, int, str]] = {}
    for a, b in sorted(candidates):
        ev = evidence(a, b)
        if ev is None:
            continue
        score = ev[0] + 2.0 * cos(a, b)
        for x, y in ((a, b), (b, a)):
            key = (x, units[y]["meeting"])
            if key not in best_per or best_per[key][0] < score:
                best_per[key] = (score, y, ev[1])
    # per item, keep the NEIGHBOURS nearest meetings before and after it
    per_item: dict[int, list] = {}
    for (x, m), val in best_per.items():
        per_item.setdefault(x, []).append(((m, x), val))
    kept: dict = {}
    for x, entries in per_item.items():
        mine = order(x)
        before = sorted((e for e in entries if order(e[1][1]) < mine), key=lambda e: order(e[1][1]), reverse=True)
        after = sorted((e for e in entries if order(e[1][1]) > mine), key=lambda e: order(e[1][1]))
        for (m, _x), val in before[:NEIGHBOURS] + after[:NEIGHBOURS]:
            kept[(x, m)] = val
    best_per = kept
    out, seen = [], set()
    for (x, _), (score, y, words) in best_per.items():
        # a pair survives when it is the best for at least one side; store it once
        a, b = sorted((x, y), key=lambda i: (units[i]["date"] or "", units[i]["meeting"], i))
        if (a, b) in seen:
            continue
        seen.add((a, b))
        ua, ub = units[a], units[b]
        out.append({"kind": "same_topic", "from_doc": ua["doc"], "from_number": ua["number"],
                    "to_meeting": ub["meeting"], "to_doc": ub["doc"], "to_number": ub["number"],
                    "to_text": None, "to_date": ub["date"], "evidence": words, "score": round(score, 3)})
    return out
