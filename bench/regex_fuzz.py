"""Every regular expression of the core against long hostile lines: time per pattern.

Document text is untrusted: one line of a PDF or converted file can be 50,000 characters of
digits, dots, tabs, OCR'd redaction bars or table rules. A pattern with nested quantifiers or
an unanchored ``\\s+...`` then backtracks for minutes (issue 16, point 5). This finds every
pattern the core uses - compiled module attributes, and the literal patterns passed to
``re.search``/``re.sub``/... inside functions (read from the source with ``ast``) - and runs
each one over every hostile input with ``finditer`` (all start positions, as ``sub``/``split``/
``findall`` do; ``match`` and ``search`` do no more work than that).

    .venv/bin/python bench/regex_fuzz.py [--length 20000] [--top 15] [--only MODULE]

prints the slowest patterns (CPU seconds over all inputs, and the worst input).
``tests/unit/test_regex_fuzz.py`` runs the same check with a budget per pattern.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from zvdj_viewer.budget import OverBudget, cpu_limit  # noqa: E402

# the modules whose patterns see document text or user input (not the Qt views)
PACKAGE_DIRS = (REPO / "zvdj_viewer", REPO / "index")
SKIP_PARTS = {"ui"}
_RE_CALLS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}


@dataclass
class Pattern:
    where: str  # "zvdj_viewer.understanding.metadata:_CODE_ONLY" or "zvdj_viewer.understanding.metadata:271"
    regex: re.Pattern
    anchored: bool = False  # only ever used with match/fullmatch: one start position
    through: Callable[[str], object] | None = None  # only used through this function: time it


# Patterns the code only uses through a function that bounds what they see: the function is
# what runs on document text, so the function is timed.
THROUGH = {
    "zvdj_viewer.html_tags:TAG": "strip_tags",  # cuts the line after its last ">"
    "zvdj_viewer.html_tags:_BOLD": "split_bold",  # cuts the line after its last "</b>"
    "zvdj_viewer.woo.audit:_EMAIL": "emails",  # matches only a piece of 320 characters around each "@"
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(REPO).with_suffix("")
    parts = list(rel.parts)
    if parts[0] == "index":  # installed as zvdj_viewer.index
        parts = ["zvdj_viewer"] + parts
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _flags(node: ast.Call, func: str) -> int:
    """The flags argument of a re call when it is written as re.I / re.I | re.M."""
    pos = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2, "finditer": 2,
           "sub": 4, "subn": 4, "split": 3}[func]
    arg = node.args[pos] if len(node.args) > pos else next(
        (k.value for k in node.keywords if k.arg == "flags"), None)
    if arg is None:
        return 0
    try:
        return eval(compile(ast.Expression(arg), "<flags>", "eval"), {"re": re})  # re.I | re.S only
    except Exception:
        return 0


_ANCHORED_CALLS = {"match", "fullmatch"}


def _scanned_names(trees: list[ast.AST]) -> set[str]:
    """Names of compiled patterns used other than with .match/.fullmatch anywhere (searched,
    substituted, split, or handed on to code that may do so)."""
    anchored_uses: set[int] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in _ANCHORED_CALLS | {"pattern", "flags"}:
                anchored_uses.add(id(node.value))
    scanned = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and id(node) not in anchored_uses:
                scanned.add(node.id)
            elif isinstance(node, ast.Attribute) and id(node) not in anchored_uses:
                scanned.add(node.attr)  # module.PATTERN.search(...) or module.PATTERN passed on
    return scanned


def _literal_patterns(tree: ast.AST, module: str) -> list[Pattern]:
    """Patterns written as a string literal in a call to re.* (compiled ones are found as
    module attributes too; f-strings are only found that way)."""
    out = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                and node.func.attr in _RE_CALLS and node.args):
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            out.append(Pattern(f"{module}:{node.lineno}", re.compile(first.value, _flags(node, node.func.attr)),
                               anchored=node.func.attr in _ANCHORED_CALLS))
    return out


def collect_patterns(only: str | None = None) -> list[Pattern]:
    """Every pattern of the core, each once (same pattern and flags)."""
    files = [path for base in PACKAGE_DIRS for path in sorted(base.rglob("*.py"))
             if not SKIP_PARTS & set(path.relative_to(REPO).parts)]
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in files}
    scanned = _scanned_names(list(trees.values()))
    found: dict[tuple[str, int, bool], Pattern] = {}
    for path in files:
        module = _module_name(path)
        if only and only not in module:
            continue
        mod = importlib.import_module(module)
        attributes = set()
        for name, value in sorted(vars(mod).items()):
            if isinstance(value, re.Pattern) and getattr(mod, "__name__", "") == module:
                where = f"{module}:{name}"
                through = getattr(mod, THROUGH[where]) if where in THROUGH else None
                found.setdefault((value.pattern, value.flags, name not in scanned),
                                 Pattern(where, value, name not in scanned, through))
                attributes.add((value.pattern, value.flags))
        for p in _literal_patterns(trees[path], module):
            if (p.regex.pattern, p.regex.flags) not in attributes:  # re.compile(...) of an attribute
                found.setdefault((p.regex.pattern, p.regex.flags, p.anchored), p)
    # a pattern searched somewhere needs no separate check for where it is only matched
    keys = set(found)
    return [p for (pat, flags, anchored), p in found.items() if not (anchored and (pat, flags, False) in keys)]


def hostile_inputs(length: int) -> dict[str, str]:
    """Long lines of what real files hold too much of. Each is ``length`` characters, some
    with a different last character (a pattern that needs ``$`` after a run must fail late)."""
    units = {
        "digits": "1", "dots": ".", "digit-dot": "1.", "parens": "(", "paren-digit": "(1)",
        "bullets": "• ", "tabs": "\t", "spaces": " ", "em-spaces": "\u2003", "nbsp": "\xa0",
        "tab-space": "\t ", "dashes": "-", "stars": "*", "underscores": "_", "hashes": "#",
        "open-a": "<a", "open-b": "<b>", "bold-pair": "<b>x</b>", "lt": "<",
        "codes": "10.2.e ", "codes-glued": "5.1.2e", "wob-codes": "(10)(2e)",
        "redacted": "10.2.e [redacted] ", "bars": "1111•111 ", "prices": "12.50 15.00 EUR ",
        "times": "10:00-11:00 ", "dates": "6 november 2019 ", "day-then-space": "6\t",
        "brackets": "[", "bracket-min": "(min ", "digit-space": "1 ", "letters": "a",
        "capital-words": "Aa ", "at-signs": "a@", "slashes": "/", "file-stamp": "file:///",
        "dotted-words": "a.", "kenmerk": "1580026-", "quotes": "'", "ampersands": "&amp;",
        "digit-letter": "1a", "commas": ", ", "kst": "31839-", "word-space": "jeugd ",
        "newlines": "\n", "mixed-ws": " \t\u2003\xa0",
    }
    out: dict[str, str] = {}
    for name, unit in units.items():
        body = (unit * (length // len(unit) + 1))[:length]
        out[name] = body
        out[name + "+x"] = body[:-1] + "x"
        out[name + "+!"] = body[:-1] + "!"
    # anchored patterns ("^1) ...", "^Datum ...") only backtrack after their own start:
    # runs of white space and digits behind the starts of real lines
    for prefix in LINE_STARTS:
        for name in ("spaces", "tabs", "em-spaces", "mixed-ws", "digits", "dots", "stars"):
            body = prefix + out[name][len(prefix):]
            out[f"{prefix.strip()}|{name}+x"] = body[:-1] + "x"
    return out


# how lines that patterns look for begin: item numbers, labels, codes, markup
LINE_STARTS = ("1", "1)", "6", "a)", "**1 ", "<b>", "Ad 1", "- ", "10.2.e", "Datum", "Kenmerk", "Pagina 1",
               "Betreft", "Aanwezig", "Van:", "file:///")


def time_pattern(p: re.Pattern, inputs: dict[str, str], limit: float = 10.0,
                 anchored: bool = False, through: Callable[[str], object] | None = None
                 ) -> tuple[float, float, str]:
    """(CPU seconds over all inputs, worst single input's seconds, its name). A pattern that
    takes more than ``limit`` CPU seconds over all inputs is stopped there (the regex engine
    checks for signals while it backtracks, so even an exponential pattern stops): its total
    is ``limit`` and the input it was on counts as its worst."""
    total, worst, worst_name = 0.0, 0.0, ""
    for name, text in inputs.items():
        if isinstance(p.pattern, bytes):  # a pattern on the raw bytes of a file
            text = text.encode("utf-8")  # type: ignore[assignment]
        t0 = time.process_time()
        try:
            with cpu_limit(max(limit - total, 0.001)):
                if through is not None:
                    through(text)
                elif anchored:
                    p.fullmatch(text)
                else:
                    for _ in p.finditer(text):
                        pass
                p.match(text)
        except OverBudget:
            return limit, max(worst, time.process_time() - t0), name + " (stopped)"
        dt = time.process_time() - t0
        total += dt
        if dt > worst:
            worst, worst_name = dt, name
    return total, worst, worst_name


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--length", type=int, default=20000, help="characters per hostile line")
    ap.add_argument("--top", type=int, default=15, help="print the N slowest patterns")
    ap.add_argument("--only", help="only modules whose name contains this")
    ap.add_argument("--limit", type=float, default=10.0, help="CPU seconds per pattern before it is stopped")
    ap.add_argument("--stream", action="store_true", help="print every pattern as it finishes")
    args = ap.parse_args(argv)
    patterns = collect_patterns(args.only)
    inputs = hostile_inputs(args.length)
    print(f"{len(patterns)} patterns x {len(inputs)} inputs of {args.length:,} characters", flush=True)
    rows = []
    t_all = time.process_time()
    for pat in patterns:
        total, worst, name = time_pattern(pat.regex, inputs, args.limit, pat.anchored, pat.through)
        rows.append((total, worst, name, pat))
        if args.stream:
            print(f"{total:8.3f} s  worst {worst:7.3f} s on {name:16}  {pat.where}", flush=True)
    rows.sort(key=lambda r: -r[0])
    print(f"all patterns: {time.process_time() - t_all:.2f} s CPU; the slowest:")
    for total, worst, name, pat in rows[: args.top]:
        print(f"{total:8.3f} s  worst {worst:7.3f} s on {name:16}  {pat.where}  {pat.regex.pattern[:70]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
