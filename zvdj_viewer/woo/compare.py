"""Word-level comparison of two texts (two documents, or two versions of one).

The texts are cut into word tokens that remember their line, so a change can be shown on
its page/line. ``difflib.SequenceMatcher`` on the token sequences (autojunk off: the short,
frequent Dutch words must still align) gives equal/insert/delete/replace runs; a run is a
change. Whitespace and line breaks never count as a change; page furniture is left out by
the caller (it passes reading text) unless the user asks to see it.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

_TOKEN = re.compile(r"\S+")
# a redaction code as printed in a released text: 10.2.e, 10.2e, 5.1.2e, (10)(2e); "11.1" and
# "5.2" only as whole tokens (they are also ordinary section numbers, but a section number
# that changes between versions is worth showing too)
_REDACTION = re.compile(
    r"\(\d{1,2}\)\(\d[a-i]?\)|\d{1,2}\.\d(?:\.\d)?\.?[a-i]|11\.1|5\.2|\[?(?:redacted|gelakt|weggelakt)\]?",
    re.I)


@dataclass(frozen=True)
class Token:
    text: str
    line: int  # index of the line (0-based) in the text it came from


@dataclass(frozen=True)
class Change:
    op: str  # "insert" | "delete" | "replace"
    a_words: str  # the words in A ("" for insert)
    b_words: str  # the words in B ("" for delete)
    a_line: int | None  # 0-based line in A where the change sits
    b_line: int | None
    redaction: bool  # a redaction code takes part in the change


@dataclass
class Comparison:
    a_tokens: list[Token]
    b_tokens: list[Token]
    # (op, a_start, a_end, b_start, b_end) over token indexes, as difflib's opcodes
    opcodes: Sequence[tuple[str, int, int, int, int]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def redaction_changes(self) -> int:
        return sum(1 for c in self.changes if c.redaction)

    @property
    def similarity(self) -> float:
        same = sum(a1 - a0 for op, a0, a1, _, _ in self.opcodes if op == "equal")
        total = max(len(self.a_tokens), len(self.b_tokens)) or 1
        return same / total

    def summary(self, lang: str = "nl") -> str:
        n, r = len(self.changes), self.redaction_changes
        if lang == "en":
            return f"{n} change{'s' if n != 1 else ''}, {r} redaction{'s' if r != 1 else ''} differ"
        return f"{n} {'wijziging' if n == 1 else 'wijzigingen'}, {r} {'lakking verschilt' if r == 1 else 'lakkingen verschillen'}"


def tokens(text: str) -> list[Token]:
    return [Token(m.group(), i) for i, line in enumerate(text.splitlines()) for m in _TOKEN.finditer(line)]


def _key(word: str, ignore_case: bool) -> str:
    # punctuation glued to a word ("jeugd," / "jeugd") is not a change a reader cares about,
    # nor is markdown emphasis left by the PDF-to-text conversion ("**Opening**" / "*Opening*")
    w = word.strip(".,;:!?()[]\"'“”‘’*_")
    return (w.lower() if ignore_case else w) or word


def is_redaction_code(word: str) -> bool:
    return bool(_REDACTION.fullmatch(word.strip(".,;:")))


def compare(a_text: str, b_text: str, *, ignore_case: bool = False) -> Comparison:
    """Compare two texts word by word. Line breaks and runs of spaces are never changes."""
    a, b = tokens(a_text), tokens(b_text)
    ka = [_key(t.text, ignore_case) for t in a]
    kb = [_key(t.text, ignore_case) for t in b]
    sm = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    cmp = Comparison(a, b, sm.get_opcodes())
    for op, a0, a1, b0, b1 in cmp.opcodes:
        if op == "equal":
            continue
        aw = " ".join(t.text for t in a[a0:a1])
        bw = " ".join(t.text for t in b[b0:b1])
        red = any(is_redaction_code(t.text) for t in a[a0:a1] + b[b0:b1])
        cmp.changes.append(Change(op, aw, bw, a[a0].line if a0 < a1 else (a[a0 - 1].line if a0 else None),
                                  b[b0].line if b0 < b1 else (b[b0 - 1].line if b0 else None), red))
    return cmp


def to_html(cmp: Comparison, title_a: str, title_b: str, *, lang: str = "nl") -> str:
    """A standalone HTML page: A and B side by side, deletions and insertions marked."""
    def side(toks: list[Token], which: str) -> str:
        out, line = [], None
        for op, a0, a1, b0, b1 in cmp.opcodes:
            lo, hi = (a0, a1) if which == "a" else (b0, b1)
            for t in toks[lo:hi]:
                if line is not None and t.line != line:
                    out.append("<br>\n")
                line = t.line
                word = html.escape(t.text)
                if op == "equal":
                    out.append(word + " ")
                elif which == "a":
                    out.append(f'<del class="{op}">{word}</del> ')
                else:
                    out.append(f'<ins class="{op}">{word}</ins> ')
        return "".join(out)

    heading = "Vergelijking" if lang == "nl" else "Comparison"
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{heading}: {html.escape(title_a)} / {html.escape(title_b)}</title>
<style>
body {{ font-family: sans-serif; margin: 1em; }}
table {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
td {{ vertical-align: top; padding: 0.5em; border: 1px solid #ccc; line-height: 1.5; }}
del {{ background: #fdd; text-decoration: line-through; }}
ins {{ background: #dfd; text-decoration: none; }}
</style></head><body>
<h1>{heading}</h1>
<p>{html.escape(cmp.summary(lang))}</p>
<table><tr><th>{html.escape(title_a)}</th><th>{html.escape(title_b)}</th></tr>
<tr><td>{side(cmp.a_tokens, "a")}</td><td>{side(cmp.b_tokens, "b")}</td></tr></table>
</body></html>
"""
