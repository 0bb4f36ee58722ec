"""Align the items of one meeting's agenda, nota and verslag: one row per agenda item.

Numbers alone are not trusted (a nota prints "9) Rondvraag" for the 8th item, a nota lost
its first items, a verslag adds sub-items) and titles alone are not either (shortened,
reworded, "Ter bespreking:" in front). So a pair of items matches on number and title
together, and the whole sequence is aligned in order (like a diff), so one wrong number
cannot pull later items out of place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from .meetings import AGENDA_TYPES, NOTA_TYPES, VERSLAG_TYPES
from .text import STOPWORDS, stem, words

ROLES = (("agenda", AGENDA_TYPES), ("verslag", VERSLAG_TYPES), ("nota", NOTA_TYPES))

# Bounds: alignment runs in the main process on every relink, with no time limit, and a
# document of 100 KB can hold thousands of "items" with paragraph-long titles. A title is
# judged by its first MAX_TITLE_CHARS; a longer word is no typing variant of another; and
# beyond MAX_PAIRS pairs of rows and items (real meetings: some 30 x 30; a verslag with its
# sub-items 60 x 30) items join rows by number alone, in order, which is linear.
MAX_TITLE_CHARS = 300
MAX_TITLE_WORDS = 16  # content words compared per title (a real item title has fewer)
MAX_FUZZY_WORD = 40
MAX_PAIRS = 2_500

# "Wat verder ter tafel komt" is written a dozen ways
_WVTTK = re.compile(r"^w[vt]{1,3}k{1,2}$")
# purpose prefixes that say how an item is treated, not what it is about
_PREFIX = re.compile(r"^\s*(ter|voor)\s+(bespreking|besluitvorming|informatie|kennisname|vaststelling|"
                     r"goedkeuring|instemming|consultatie)\s*[:\-–]?\s*", re.I)


def title_tokens(title: str | None) -> list[str]:
    return list(_title_tokens(title or ""))


@lru_cache(maxsize=4096)
def _title_tokens(title: str) -> tuple[str, ...]:
    t = _PREFIX.sub("", title[:MAX_TITLE_CHARS])
    out = []
    for w in words(t):
        if _WVTTK.match(w):
            out.append("wvttk")
        elif w not in STOPWORDS and not w.isdigit():
            out.append(stem(w))
        if len(out) >= MAX_TITLE_WORDS:
            break
    return tuple(out)


@lru_cache(maxsize=65536)
def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    # 24-uursessie / 24-uurssessie, stavaza / stavaz: typing differences in long words
    if min(len(a), len(b)) < 6 or max(len(a), len(b)) > MAX_FUZZY_WORD:
        return False
    sm = SequenceMatcher(None, a, b)
    # the cheap upper bounds of ratio() first (lengths, letters in common): most pairs of
    # different words fail them, and ratio() costs a hundred times more
    return sm.real_quick_ratio() >= 0.85 and sm.quick_ratio() >= 0.85 and sm.ratio() >= 0.85


@lru_cache(maxsize=131072)  # routine titles ("Opening", "Rondvraag") meet in every meeting
def title_similarity(a: str | None, b: str | None) -> float:
    """0..1: how much the shorter title's words occur in the longer one (overlap
    coefficient, fuzzy on long words), so "Perspectief voor de Jeugd" and "Ter bespreking:
    Wetsvoorstel Perspectief voor de Jeugd" score 1."""
    ta, tb = title_tokens(a), title_tokens(b)
    if not ta or not tb:
        return 0.0
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    exact = set(long_)
    hits = sum(1 for w in short if w in exact or any(_same_word(w, v) for v in long_))
    overlap = hits / len(short)
    # a one-word title inside a long one ("Toegang" in "Regionale samenwerking en toegang")
    # is weaker evidence than a full match of two titles of similar length
    if len(short) == 1 and len(long_) > 3:
        overlap *= 0.7
    sm = SequenceMatcher(None, " ".join(ta), " ".join(tb))
    # the cheap upper bounds of ratio() first: when they cannot beat overlap, ratio cannot
    if sm.real_quick_ratio() <= overlap or sm.quick_ratio() <= overlap:
        return overlap
    return max(overlap, sm.ratio())


@lru_cache(maxsize=4096)  # few distinct numbers, asked for every pair of items
def _norm_number(n: str | None) -> str:
    return re.sub(r"[^0-9a-z.]", "", (n or "").lower()).strip(".")


def pair_score(a: dict, b: dict) -> float | None:
    """Score for aligning item a with item b, or None when they must not be aligned."""
    ts = title_similarity(a.get("title"), b.get("title"))
    same_num = _norm_number(a.get("number")) == _norm_number(b.get("number")) != ""
    same_level = (a.get("level") or 0) == (b.get("level") or 0)
    if ts >= 0.75:
        return 1.0 + ts + (0.5 if same_num else 0.0) + (0.2 if same_level else 0.0)
    if same_num and same_level and ts >= 0.3:
        return 1.0 + ts
    if same_num and same_level and (not title_tokens(a.get("title")) or not title_tokens(b.get("title"))):
        return 0.6  # a title that is only a number or lost in extraction: trust the number
    return None


def align_sequences(rows: Sequence[list[dict]], seq: Sequence[dict]) -> list[int | None]:
    """Order-preserving alignment (Needleman-Wunsch without gap costs): for every item of
    seq, the index of the row it joins, or None. rows: the items already in each row.
    More than MAX_PAIRS pairs: by number alone (align_by_number)."""
    n, m = len(rows), len(seq)
    if n * m > MAX_PAIRS:
        return align_by_number(rows, seq)
    pair: list[list[float | None]] = []  # best pair score of row i and item j, computed once
    for r_items in rows:
        line = []
        for it in seq:
            s = [x for x in (pair_score(r, it) for r in r_items) if x is not None]
            line.append(max(s) if s else None)
        pair.append(line)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best = max(score[i - 1][j], score[i][j - 1])
            gain = pair[i - 1][j - 1]
            if gain is not None:
                best = max(best, score[i - 1][j - 1] + gain)
            score[i][j] = best
    out: list[int | None] = [None] * m
    i, j = n, m
    while i > 0 and j > 0:
        gain = pair[i - 1][j - 1]
        if gain is not None and abs(score[i][j] - (score[i - 1][j - 1] + gain)) < 1e-9:
            out[j - 1] = i - 1
            i, j = i - 1, j - 1
        elif score[i][j] == score[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return out


def align_by_number(rows: Sequence[list[dict]], seq: Sequence[dict]) -> list[int | None]:
    """Linear, order-preserving: each item joins the next row (after the last one joined)
    that holds an item of the same number; an item without such a row joins none."""
    where: dict[str, list[int]] = {}
    for i, r_items in enumerate(rows):
        for num in {_norm_number(r.get("number")) for r in r_items} - {""}:
            where.setdefault(num, []).append(i)
    used = {num: 0 for num in where}  # how far each number's list of rows has been passed
    out: list[int | None] = []
    last = -1
    for it in seq:
        num = _norm_number(it.get("number"))
        cands = where.get(num, [])
        k = used.get(num, 0)
        while k < len(cands) and cands[k] <= last:
            k += 1
        if num and k < len(cands):
            out.append(cands[k])
            last = cands[k]
            used[num] = k + 1
        else:
            out.append(None)
            if num in used:
                used[num] = k
    return out


def _role_by_title(title: str | None) -> str | None:
    """A document the classifier left as "other": its title may still say what it is."""
    t = (title or "").lower()
    for role in ("agenda", "verslag", "nota"):
        if re.search(rf"\b{role}\b", t):
            return role
    return None


def pick_documents(members: Sequence[tuple[int, str]], items: dict[int, list[dict]],
                   titles: dict[int, str] | None = None) -> dict[str, int]:
    """role -> the document of that role with the most items (a meeting may hold two notas).
    Documents of another type count by their title ("Agenda 7e Stuurgroep") when the
    meeting has no document of that role."""
    out = {}
    known = {t for _, types in ROLES for t in types}
    for role, types in ROLES:
        cands = [key for key, t in members if t in types and items.get(key)]
        if not cands and titles:
            cands = [key for key, t in members if t not in known and items.get(key)
                     and _role_by_title(titles.get(key)) == role]
        if cands:
            out[role] = max(cands, key=lambda k: (len(items[k]), -k))
    return out


def align_items(members: Sequence[tuple[int, str]], items: dict[int, list[dict]],
                titles: dict[int, str] | None = None) -> list[dict]:
    """Rows of a meeting: dicts number, title, agenda_doc, agenda_number, nota_doc,
    nota_number, verslag_doc, verslag_number. The agenda gives the order and
    the numbers; items of the verslag and nota that match no agenda item get their own row
    after the row of their predecessor."""
    docs = pick_documents(members, items, titles)
    rows: list[dict] = []
    row_items: list[list[dict]] = []
    for role, _ in ROLES:
        key = docs.get(role)
        if key is None:
            continue
        seq = items[key]
        if not rows:
            for it in seq:
                rows.append({"number": it["number"], "title": it.get("title"),
                             f"{role}_doc": key, f"{role}_number": it["number"]})
                row_items.append([it])
            continue
        where = align_sequences(row_items, seq)
        inserts: list[tuple[int, dict]] = []  # (insert before row index, item)
        last = -1
        for it, r in zip(seq, where):
            if r is not None:
                rows[r][f"{role}_doc"] = key
                rows[r][f"{role}_number"] = it["number"]
                row_items[r].append(it)
                last = r
            else:
                inserts.append((last + 1, it))
        for pos, it in reversed(inserts):  # reversed keeps earlier positions valid
            rows.insert(pos, {"number": it["number"], "title": it.get("title"),
                              f"{role}_doc": key, f"{role}_number": it["number"]})
            row_items.insert(pos, [it])
    return rows
