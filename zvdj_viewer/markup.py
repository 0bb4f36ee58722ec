"""From stored text to what a person reads: the one place that knows the markup in it.

The readers keep the text as converted: Markdown (``## Kop``, ``**vet**``, ``- punt``,
``---``, ``| tabel |``) and inline HTML that PDF-to-text conversion leaves
(``19<sup>e</sup>``, ``<b>VWS:</b>``, ``<ul style=…><li>…</li></ul>``, ``&amp;``). Every place
that shows text (reading text, meeting columns, snippets, compare rows, the dossier) goes
through ``parse_line`` / ``plain`` here, so no ``**`` or ``<li>`` ever reaches the screen.

One stored line is one display line: ``plain`` never adds or drops lines (a rule becomes an
empty line), so line and page positions computed on the stored text stay valid.

Only known HTML tag names are treated as markup: ``<Agendatekst>`` in a letter is text.
Regexes here have no nested quantifiers and bounded repeats (the text is untrusted).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# inline tags kept (as HTML) in the display text; every other known tag is dropped
KEEP = {"b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "sup": "sup", "sub": "sub"}
KNOWN = set(KEEP) | {
    "a", "abbr", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "div", "dl",
    "dt", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "ins", "li", "mark", "ol", "p", "pre",
    "q", "s", "small", "span", "strike", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "ul",
}
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,15})(?=[\s/>])[^<>]{0,400}>")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]{1,500})>")
_MD_LINK = re.compile(r"!?\[([^\[\]]{0,300})\]\(([^()\s]{0,500})\)")
_BOLD = re.compile(r"(\*\*|__)(?=\S)([^*]{1,2000}?)(?<=\S)\1")
_ITALIC = re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*]{1,2000}?)(?<=[^\s*])\*(?![\w*])")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+")
_BULLET = re.compile(r"^([ \t]{0,12})[-*+][ \t]+(?=\S)")
_RULE = re.compile(r"^ {0,3}(?:-[ \t]*){3,}$|^ {0,3}(?:\*[ \t]*){3,}$|^ {0,3}(?:_[ \t]*){3,}$")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_SPACES = re.compile(r"[ \t]{2,}")
# private characters that stand for the kept tags while the rest is cleaned
_OPEN, _CLOSE, _END = "\ue000", "\ue001", "\ue002"
_MARK = re.compile("\ue000([a-z]{1,3})\ue002|\ue001([a-z]{1,3})\ue002")


@dataclass(frozen=True)
class Line:
    kind: str  # "heading", "rule", "bullet", "text" or "blank"
    level: int  # heading level 1-6 (0 otherwise)
    plain: str  # the words, no markup
    html: str  # the words as HTML: escaped, with <b>, <i>, <u>, <sup>, <sub> where the source had them


def _tag(m: re.Match) -> str:
    close, name = m.group(1), m.group(2).lower()
    if name not in KNOWN:
        return m.group()  # <Agendatekst>: words in angle brackets, not markup
    if name in KEEP:
        return f"{_CLOSE if close else _OPEN}{KEEP[name]}{_END}"
    if name == "li" and not close:
        return " • "
    return " "  # <p>, </li>, <br>, <ul style=…>, <span>: a word boundary at most


def _inline(text: str) -> str:
    """The line with markup replaced: kept tags as private marks, the rest gone."""
    text = _ESCAPED.sub(lambda m: "\ue003" + m.group(1), text)  # \* stays a star
    text = _AUTOLINK.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _TAG.sub(_tag, text)
    text = _BOLD.sub(lambda m: f"{_OPEN}b{_END}{m.group(2)}{_CLOSE}b{_END}", text)
    text = _ITALIC.sub(lambda m: f"{_OPEN}i{_END}{m.group(1)}{_CLOSE}i{_END}", text)
    text = text.replace("**", "").replace("__", "")
    text = text.replace("\ue003", "")
    # "• • Begeleiding" when the list item already starts with its own bullet
    text = text.replace("•  •", "•").replace("• •", "•")
    return text


def _to_html(marked: str) -> str:
    out: list[str] = []
    open_tags: list[str] = []
    pos = 0
    for m in _MARK.finditer(marked):
        out.append(html.escape(html.unescape(marked[pos:m.start()]), quote=False))
        pos = m.end()
        if m.group(1):
            open_tags.append(m.group(1))
            out.append(f"<{m.group(1)}>")
        elif m.group(2) in open_tags:  # a close without its open is dropped
            while open_tags:
                t = open_tags.pop()
                out.append(f"</{t}>")
                if t == m.group(2):
                    break
    out.append(html.escape(html.unescape(marked[pos:]), quote=False))
    out += [f"</{t}>" for t in reversed(open_tags)]
    return "".join(out)


def _squash(s: str) -> str:
    return _SPACES.sub(" ", s).strip()


# a line without any of these is plain text: no heading, rule, bullet, table, tag, entity,
# emphasis or escape can be in it (most lines of a page; search snippets and the reading
# text parse whole pages, issue 22)
_MARKUP_CHARS = re.compile("[<*_#|\\\\&\\[`\ue000-\ue003\u2022]|^[ \\t]*[-+]")


def parse_line(text: str) -> Line:
    """One stored line as a display line: what kind of line it is, its words, its HTML."""
    if text and _MARKUP_CHARS.search(text) is None:
        words = _squash(text)
        return Line("text", 0, words, html.escape(words, quote=False)) if words else Line("blank", 0, "", "")
    return _parse_marked(text)


def _parse_marked(text: str) -> Line:
    raw = (text or "").rstrip()
    if not raw.strip():
        return Line("blank", 0, "", "")
    if _RULE.match(raw) or _is_table_rule(raw):
        return Line("rule", 0, "", "")
    kind, level, indent = "text", 0, ""
    m = _HEADING.match(raw)
    if m:
        kind, level, raw = "heading", len(m.group(1)), raw[m.end():].rstrip("# \t") or raw[m.end():]
    else:
        b = _BULLET.match(raw)
        if b:
            kind, indent, raw = "bullet", b.group(1), "• " + raw[b.end():]
    raw = _table_row(raw)
    marked = _squash(_inline(raw))
    plain = _squash(html.unescape(_MARK.sub("", marked)))
    if not plain:
        return Line("blank", 0, "", "")
    return Line(kind, level, indent + plain, html.escape(indent, quote=False) + _to_html(marked))


def _is_table_rule(line: str) -> bool:
    s = line.strip()
    return "---" in s and "|" in s and not s.strip("|-: \t")


def _table_row(line: str) -> str:
    s = line.strip()
    if len(s) > 2 and s.startswith("|") and s.endswith("|"):
        return " · ".join(c.strip() for c in s[1:-1].split("|") if c.strip())
    return line


_MARKUP_SET = "<*_#|\\&[`\ue000\ue001\ue002\ue003\u2022"  # the characters of _MARKUP_CHARS
_LINE_START_MARK = re.compile("\n[ \t]*[-+]")


def _no_markup(text: str) -> bool:
    """_MARKUP_CHARS finds nothing on any line of text (one substring search per
    character: the character class over a whole page costs ten times more)."""
    return (not any(ch in text for ch in _MARKUP_SET) and text.lstrip(" \t")[:1] not in ("-", "+")
            and _LINE_START_MARK.search(text) is None)


def plain(text: str) -> str:
    """Stored text (any number of lines) as plain display text, line for line."""
    if not text:
        return ""
    if _no_markup(text):  # each line squashed as parse_line does, the spaces of all lines at once
        if "  " in text or "\t" in text:
            text = _SPACES.sub(" ", text)
        return "\n".join(ln.strip() for ln in text.split("\n"))
    return "\n".join(parse_line(ln).plain for ln in text.split("\n"))


def map_text(html_text: str, fn) -> str:
    """Apply fn(plain words) -> HTML to each run of text between the tags of html_text
    (to mark search hits inside a line that keeps its bold and superscripts)."""
    out, pos = [], 0
    for m in re.finditer(r"<[^<>]{1,40}>", html_text):
        if m.start() > pos:
            out.append(fn(html.unescape(html_text[pos:m.start()])))
        out.append(m.group())
        pos = m.end()
    if pos < len(html_text):
        out.append(fn(html.unescape(html_text[pos:])))
    return "".join(out)
