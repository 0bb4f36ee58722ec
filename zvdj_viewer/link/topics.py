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
from collections.abc import Iterator, Sequence


from .synonyms import alias_groups, title_aliases, with_aliases
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
# ... or an acronym as printed ("NvO", "WGO", "KPMG"): short, but a name of one subject; the
# common ones ("VNG", "OZJ" in every participants list) fall out by their document frequency
_ACRONYM = re.compile(r"[A-Z](?=[^A-Z]*[A-Z])[A-Za-z]{1,4}")  # two capitals; linear also for search()
MAX_ACRONYM_SHARE = 0.15
# a phrase found only in the other item's running text, or made of common words only, must
# be backed by the texts as a whole (TF-IDF cosine); measured on the seeds: wrong links had
# 0.06-0.10, right ones 0.15 and up
MIN_TEXT_COSINE = 0.12
MIN_WEAK_COSINE = 0.15
MIN_SECTION_COSINE = 0.2


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
            if w.isdigit() and len(w) <= 2 and toks and toks[-1] is not None and not toks[-1][3]:
                # "Actielijn 2", "Afspraak 7": a numbered part of the programme is one subject
                prev = toks[-1]
                out.append(((prev[0], "#" + w), seg[prev[1]:m.end()]))
            if w in STOPWORDS or w in GENERIC_TITLE_WORDS or w in _MONTH_WORDS or w.isdigit() or len(w) < 2:
                toks.append(None)  # a stop word: phrases may span it ("perspectief voor de jeugd")
                continue
            toks.append((stem(w), m.start(), m.end(), w in WEAK_TITLE_WORDS))
        content = [x for x in toks if x is not None]
        for a, b in zip(content, content[1:]):
            out.append(((a[0], b[0]), seg[a[1]:b[2]]))
        for a in content:
            if (len(a[0]) >= MIN_WORD_LEN and not a[3]) or _ACRONYM.fullmatch(seg[a[1]:a[2]]):
                out.append(((a[0],), seg[a[1]:a[2]]))
    return out


_WEAK_STEMS = {stem(w) for w in WEAK_TITLE_WORDS}


def is_weak(phrase: tuple[str, ...]) -> bool:
    """Every word common: counts only from title to title."""
    return all(p in _WEAK_STEMS for p in phrase)


# starts only where a run of letters starts: the earliest match always does, and without it
# every letter of a long word was tried again as a start (quadratic, issue 16)
_NUMBERED = re.compile(r"(?<![^\W\d_])([^\W\d_]{4,})[ \t]+(\d{1,2})(?![\d.,:/-]\d)")


def _numbered(text: str, pattern: re.Pattern = _NUMBERED) -> list[tuple[str, str]]:
    """("actielijn", "#2") for each "Actielijn 2" in text: a word and the small number after it
    (title_phrases makes the same pairs of a title). pattern: _NUMBERED, or _numbered_in()'s
    narrower pattern for long texts."""
    out = []
    for m in pattern.finditer(text or ""):
        w = fold(m.group(1))
        if w in STOPWORDS or w in GENERIC_TITLE_WORDS or w in _MONTH_WORDS or w in WEAK_TITLE_WORDS:
            continue
        out.append((stem(w), "#" + m.group(2)))
    return out


def _numbered_in(words: set[str]) -> re.Pattern | None:
    """A pattern for only these words followed by a number: scanning every text with the
    general _NUMBERED took 1.5 s per 3,000 pages, the titles' few words are cheap to find."""
    if not words:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(words))) + r")[ \t]+(\d{1,2})(?![\d.,:/-]\d)",
                      re.I)


def _common(ia, ib):
    """The places in ia and in ib (ascending, unique word ids) of the ids both hold."""
    import numpy as np

    at = ib.searchsorted(ia)
    # a place past the end (an id above all of ib's) is looked at as ib's last, which is
    # smaller, so no hit (and a hit's place is unchanged): fewer array operations than
    # masking them out; cos() calls this for every candidate pair, and the operations'
    # overhead is most of what it costs
    np.minimum(at, len(ib) - 1, out=at)
    hit = ib[at] == ia
    return hit.nonzero()[0], at[hit]


def _grams(seq: Sequence[str]) -> Counter:
    """Counts of every word and every pair of consecutive words."""
    c: Counter = Counter((w,) for w in seq)
    c.update(zip(seq, seq[1:]))
    return c


def topic_links(units: Sequence[dict]) -> list[dict]:
    """units: dicts meeting, date, doc, number, title, text (one per aligned meeting row;
    doc/number: the item that stands for the row). Returns same_topic link dicts, from the
    earlier meeting to the later one."""
    return list(iter_topic_links(units))


def iter_topic_links(units: Sequence[dict]) -> Iterator[dict]:
    """As topic_links(), one link at a time: the caller can write them away as they come (a
    large archive's 80,000 link dicts took 120 MB). The work starts at the first next()."""
    n = len(units)
    if n < 2:
        return
    # numpy only when there is linking to do: a no-change `zvdj index` never gets here and
    # should not pay its import (about 50 ms)
    import numpy as np

    title_grams = [_grams(content_words(u.get("title") or "")) for u in units]
    numbers_of: list[dict[str, set[str]]] = []  # title word -> the numbers after it ("Actielijn 2")
    numbered_words = {fold(m.group(1)) for u in units for m in _NUMBERED.finditer(u.get("title") or "")}
    text_numbered = _numbered_in(numbered_words)
    for g, u in zip(title_grams, units):
        nums = _numbered(u.get("title") or "")
        g.update(nums)
        numbers_of.append({})
        for w, num in nums:
            numbers_of[-1].setdefault(w, set()).add(num)
    # two names of one topic that some title prints side by side ("steunfiguur / informele
    # mentor"): a title with one holds the other too (link/synonyms.py)
    aliases = alias_groups(title_aliases(u.get("title") or "" for u in units))
    for g in title_grams:
        with_aliases(g, aliases)
    # sections of letters and reports (link/sections.py) are long texts that touch many
    # topics: a phrase found only in their running text needs the texts to agree more
    section = [str(u.get("meeting") or "").startswith("doc:") for u in units]
    phrases = [title_phrases(u.get("title") or "") for u in units]
    # Each text is read once and kept only as what the steps below use (a large archive's
    # word and word-pair counts of every item took 700 MB): its words as ids with counts,
    # and the counts of the word pairs that are a key phrase of some title.
    title_pairs = {p for ps in phrases for p, _ in ps if len(p) == 2}
    vocab: dict[str, int] = {}
    words_of: list[tuple[np.ndarray, np.ndarray]] = []
    pairs_of: list[Counter] = []
    df_word: Counter = Counter()  # word id -> texts holding it
    df_pair: Counter = Counter()  # title pair -> texts holding it
    for u in units:
        # "words": the same, found before (link.topic_units)
        seq: list[str] = u["words"]() if "words" in u else content_words((u.get("title") or "") + "\n" + (u.get("text") or ""))
        counts = Counter(seq)
        for w in counts:
            if w not in vocab:
                vocab[w] = len(vocab)  # ids in the order the words are first met
        ids = np.fromiter(map(vocab.__getitem__, counts), dtype=np.int64, count=len(counts))
        words_of.append((ids, np.fromiter(counts.values(), dtype=np.float64, count=len(counts))))
        df_word.update(ids.tolist())
        found = Counter(filter(title_pairs.__contains__, zip(seq, seq[1:])))
        if text_numbered is not None:
            found.update(pr for pr in _numbered(u.get("text") or "", text_numbered) if pr in title_pairs)
        pairs_of.append(found)
        df_pair.update(found.keys())

    def dfreq(p: tuple[str, ...]) -> int:
        """Texts holding a phrase (a word, or a pair of words in a row)."""
        if len(p) == 1:
            k = vocab.get(p[0])
            return df_word[k] if k is not None else 0
        return df_pair[p]

    # document frequency of single words over titles
    tdf: Counter = Counter()
    for g in title_grams:
        tdf.update(k for k in g if len(k) == 1)
    keep = [[(p, w) for p, w in ps
             if (len(p) > 1 and (dfreq(p) <= MAX_PHRASE_SHARE * n or dfreq(p) <= 2))
             or (len(p) == 1 and tdf[p] <= max(MAX_WORD_SHARE * n, 2) and dfreq(p) <= 0.5 * n
                 and (len(p[0]) >= MIN_WORD_LEN or dfreq(p) <= max(MAX_ACRONYM_SHARE * n, 2)))]
            for ps in phrases]
    # TF-IDF vectors (word ids ascending, unit length) for ranking and as a guard on weaker
    # evidence
    df_arr = np.zeros(len(vocab), dtype=np.float64)
    for k, c in df_word.items():
        df_arr[k] = c
    vecs: list[tuple[np.ndarray, np.ndarray]] = []
    for ids, counts in words_of:
        d = df_arr[ids]
        sel = d < n
        ids, counts, d = ids[sel], counts[sel], d[sel]
        w = (1 + np.log(counts)) * np.log(n / d)
        norm = math.sqrt(float(np.dot(w, w))) or 1.0
        by_id = np.argsort(ids)
        vecs.append((ids[by_id], w[by_id] / norm))
    del words_of
    cos_cache: dict[tuple[int, int], float] = {}

    def cos(a: int, b: int) -> float:
        key = (a, b) if a < b else (b, a)
        got = cos_cache.get(key)
        if got is None:
            (ia, wa), (ib, wb) = vecs[a], vecs[b]
            if not len(ia) or not len(ib):
                got = cos_cache[key] = 0.0
                return got
            # the word ids both hold, as places in each (both ascending, as intersect1d's
            # return_indices gives them, so the dot product adds the same numbers in the same
            # order): a binary search of one in the other, 3x faster than intersect1d's sort
            x, y = _common(ia, ib)
            got = cos_cache[key] = float(np.dot(wa[x], wb[y]))
        return got

    # which units hold a phrase in their title, or at least twice in their text
    holders: dict[tuple[str, ...], set[int]] = {}
    wanted = {p for ks in keep for p, _ in ks}
    for i in range(n):
        mine = {p for p in title_grams[i] if p in wanted}
        mine.update(p for p, c in pairs_of[i].items() if c >= 2 and p in wanted)
        for p in mine:
            holders.setdefault(p, set()).add(i)

    # per phrase of each title, what evidence() weighs it by: its holders, whether it is weak,
    # and its rarity (len(p) * log(n / df + 1); times the strength, 1 or 2, which is exact in
    # floating point, so the weight is the same number as when it was computed per pair)
    empty: set[int] = set()
    weighed = [[(p, words, holders.get(p, empty), len(p) == 1, is_weak(p), len(p) * math.log(n / max(dfreq(p), 1) + 1))
                for p, words in ks] for ks in keep]

    def evidence(a: int, b: int) -> tuple[float, str] | None:
        """Why unit a is about the topic of unit b's title (or None)."""
        best = None
        grams_a, nums_a, nums_b = title_grams[a], numbers_of[a], numbers_of[b]
        for p, words, held_by, single, weak, rarity in weighed[b]:
            if a not in held_by:
                continue
            if single and p[0] in nums_a and p[0] in nums_b and not nums_a[p[0]] & nums_b[p[0]]:
                continue  # "Actielijn 2" and "Actielijn 5": two parts, not one subject
            if grams_a.get(p):
                if (weak and cos(a, b) < MIN_WEAK_COSINE) or (single and cos(a, b) < MIN_TEXT_COSINE):
                    continue
                strength = 2.0
            elif not single and not weak and cos(a, b) >= (
                    MIN_SECTION_COSINE if (section[a] or section[b]) else MIN_TEXT_COSINE):
                strength = 1.0
            else:
                continue
            weight = strength * rarity
            if best is None or weight > best[0]:
                best = (weight, words)
        return best

    # Candidates: for each phrase, only the holders nearest in time (NEIGHBOURS meetings on
    # each side). A topic is a thread through time; linking every meeting that ever mentioned
    # it to every other is quadratic (a million links at 10,000 pages) and no help to a reader.
    # each unit's place in time, made once (the sorts below ask for it 250,000 times at
    # 10,000 pages)
    order = [(u["date"] or "", u["meeting"], i) for i, u in enumerate(units)].__getitem__

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
        here = order(x)
        before = sorted((e for e in entries if order(e[1][1]) < here), key=lambda e: order(e[1][1]), reverse=True)
        after = sorted((e for e in entries if order(e[1][1]) > here), key=lambda e: order(e[1][1]))
        for (m, _x), val in before[:NEIGHBOURS] + after[:NEIGHBOURS]:
            kept[(x, m)] = val
    best_per = kept
    seen = set()
    for (x, _), (score, y, words) in best_per.items():
        # a pair survives when it is the best for at least one side; store it once
        a, b = sorted((x, y), key=order)
        if (a, b) in seen:
            continue
        seen.add((a, b))
        ua, ub = units[a], units[b]
        yield {"kind": "same_topic", "from_doc": ua["doc"], "from_number": ua["number"],
               "to_meeting": ub["meeting"], "to_doc": ub["doc"], "to_number": ub["number"],
               "to_text": None, "to_date": ub["date"], "evidence": words, "score": round(score, 3)}
