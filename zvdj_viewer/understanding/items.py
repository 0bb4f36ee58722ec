"""Numbered agenda items of agendas, notas and verslagen.

Items are printed many ways: "## 4) Title", "**5 Title**", "#### 4 Title", "4) *Title*",
"<b>1. Title:</b><TAB>15.00 – 15.05", "Ad 4a) Title", sub-items "- a) Title" under an item
and "3.1 Title". A document also holds numbered lists in item bodies ("1. Pleegzorg"),
numbered nota sections ("1 Aanleiding", "2 Deelnemers", "3 Te bespreken punten") and
annotation headings ("Annotatie ad 3)"). What decides:

- markup: a heading, a whole-line bold/italic line, a "N)" at the start of an unbulleted
  line, or a PDF bold/heading line is a strong candidate; a plain "1 Title" is weak and
  counts only when it continues the numbering;
- sequence: an item number follows the last one (a skipped number is allowed: the seeds
  print "9) Rondvraag" as the 8th item); a number seen before is a second mention of the
  same item (a geannoteerde agenda lists items in a table and then again in the
  "Toelichting"): its text joins the first mention instead of making a duplicate;
- title shape: a title starts with a capital (or a quote), is short, and is not one of the
  nota's fixed sections;
- bullets: "- 3) ..." is a list entry, never an item; "- a) ..." right under an item is a
  sub-item.

Annotation headings ("Annotatie ad 3)", "Annotatie voor agendapunt 5)") stay in the body of
the item they follow (their printed numbers are sometimes wrong).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..html_tags import strip_tags
from .items_printed import printed_lines
from ..model import DocLine, Item

_FIXED_SECTIONS = re.compile(
    r"^(?:aanleiding|deelnemers|te bespreken punten|bespreekpunten overleg|doel (?:van )?(?:het )?overleg)\b",
    re.I)
_TOP = re.compile(r"^(\d{1,2})\s?([a-h])?\s*([).:]?)\s+(\S.*)$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?\s+(\S.*)$")
_AD = re.compile(r"^[Aa][Dd]\s+(\d{1,2})(?:\.(\d{1,2}))?\s?([a-h](?![A-Za-z]))?\s*[).:]?\s*(.*)$")
_LETTER = re.compile(r"^([a-h])\s?[).]\s+(\S.*)$")
_TITLE_START = re.compile(r"^[\"'‘“(]?[A-ZÀ-Ý]")
# what makes a bracketed group at the end of a title a note: "(15 min)", "(bijlage 2)", "[10.30]"
_NOTE_WORDS = re.compile(r"min|bijlage|uur|\d[:.]\d\d|±|\$", re.I)
MAX_TITLE = 160
# Documents whose numbered headings are agenda items; elsewhere (letters, reports) numbered
# headings are chapters, so no items are returned.
ITEM_TYPES = ("agenda", "geannoteerde_agenda", "nota", "verslag", "besluitenlijst", "other")
MAX_GAP = 2  # an item number may skip one number


_HEADING_MARK = re.compile(r"^\s*#{1,6}\s*")
_BULLET = re.compile(r"^[-•·]\s")
_BULLET_SPACE = re.compile(r"^[-•·]\s+")
_WHOLE_EMPH = re.compile(r"(\*{1,2}|_{1,2}).+?\1[:.]?")
_EMPH_TITLE = re.compile(r"^\d{1,2}[a-h]?\s*+[).]?\s*+(?:(\*{1,2}|_{1,2})\S.*\1|\S.*\*\*):?$")  # one way per space run
_LONE_STAR = re.compile(r"(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w)")

# These run on every line of every document: each regex is only tried when the character
# it needs is on the line (most lines carry no markup at all).


def _strip(text: str) -> str:
    t = strip_tags(text) if "<" in text else text
    if "&" in t:
        t = t.replace("&amp;", "&")
    t = t.replace("\xa0", " ")
    if "#" in t:
        t = _HEADING_MARK.sub("", t)
    return t.strip()


def _markup(dl: DocLine) -> tuple[str, bool, bool, bool]:
    """(text without markup, strong markup?, bulleted?, an emphasised title?)."""
    raw = dl.text.strip()
    t = _strip(raw)
    bulleted = bool(t) and t[0] in "-•·" and bool(_BULLET.match(t))
    if bulleted:
        t = _BULLET_SPACE.sub("", t)
    emphasis = "*" in t or "_" in t
    whole_emph = (emphasis and bool(_WHOLE_EMPH.fullmatch(t))) or (
        raw[:3].lower() == "<b>" and "</b>" in raw.lower())
    strong = raw.startswith("#") or whole_emph or dl.line.heading > 0 or dl.line.bold
    emph_title = emphasis and bool(_EMPH_TITLE.match(t))
    if emphasis:
        t = t.replace("**", "").replace("__", "")
        if "*" in t:
            t = _LONE_STAR.sub("", t)
        t = t.strip()
    return t, strong, bulleted, emph_title


# A converter sometimes glues item headings onto one line: "**1 Opening****2 Verslag**",
# "**3 Te bespreken punten**1. *Opening*", "2. *Verslag (bijlage 1)*3. *Mededelingen*".
_GLUE = re.compile(r"(?<=\*)(?=\*\*\d)|(?<=[*_])(?=\d{1,2}[a-h]?[.)]?\s+[*_]*[A-Z])")


def _segments(lines: list[DocLine]):
    """The non-furniture lines, glued headings split apart (the parts keep the line's place)."""
    for dl in lines:
        if dl.line.furniture:
            continue
        text = dl.line.text
        parts = [p for p in _GLUE.split(text) if p.strip()] if "*" in text or "_" in text else []
        if len(parts) <= 1:
            yield dl
            continue
        for p in parts:
            yield DocLine(dl.page, dl.index, replace(dl.line, text=p))


def _sentence(t: str) -> bool:
    """Ends like a sentence ("... is doorgewerkt."), not like an abbreviation ("i.r.t.")."""
    last = t.split()[-1] if t.split() else ""
    return last.endswith(".") and "." not in last[:-1] and len(last) > 4


def _words(t: str) -> set[str]:
    return {w for w in re.findall(r"\w+", t.lower()) if len(w) >= 4}


def _similar(a: str, b: str) -> bool:
    """Two titles of the same item: a shared significant word, or one a prefix of the other."""
    a2, b2 = a.lower().strip(), b.lower().strip()
    return bool(_words(a) & _words(b)) or a2.startswith(b2) or b2.startswith(a2)


# a table of items printed as one line per row: "1. Opening 15.00 – 15.05 VWS"; the time
# column and what follows it are no part of the title
_TIME_COLUMN = re.compile(r"\s\(?\d{1,2}[.:]\d{2}\s?(?:uur\s?)?[-–]\s?\d{1,2}[.:]\d{2}\b")


def _title(rest: str) -> str:
    t = rest.split("\t")[0].strip()
    cut = _TIME_COLUMN.search(t)
    if cut and cut.start() > 2:
        t = t[:cut.start()]
    t = t.strip("*_ ").rstrip(":").strip()
    for _ in range(2):
        t = _drop_trailing_note(t).strip().rstrip(":").strip()
    return re.sub(r"\s+", " ", t)


def _drop_trailing_note(t: str) -> str:
    """``t`` without a note in brackets at its end ("Opening (5 min)", "Verslag [bijlage 1]").

    The note is the last bracket pair, with nothing but white space after it; found with
    rfind, not with a pattern that retries every bracket and note word of a long line."""
    end = len(t.rstrip())
    if not end:
        return t
    if t[end - 1] not in ")]":
        # the note cut off by a PDF's line wrap, its bracket closed on the next line:
        # "Perspectief voor de Jeugd (±40 minuten, bijlagen 4 t/m 6,"
        open_at = t.rfind("(")
        if open_at > 0 and ")" not in t[open_at:] and _NOTE_WORDS.search(t, open_at):
            return t[:open_at].rstrip()
        return t
    start = max(t.rfind("(", 0, end - 1), t.rfind("[", 0, end - 1))
    inner = t[start + 1:end - 1]
    if start < 0 or any(c in inner for c in "()[]") or not _NOTE_WORDS.search(inner):
        return t
    return t[:start].rstrip()


def _point_label(rest: str) -> bool:
    """"1) Regiobeeld OZJ:" opens a point of an annotation; "4) Bestuurlijke afspraken
    (totaal ±40min, bijlagen 2 en 3):" is an item heading, its time and attachments noted."""
    t = rest.rstrip("*_ ")
    if not t.endswith(":"):
        return False
    t = t[:-1].rstrip()
    return _drop_trailing_note(t) == t


def _good_title(t: str) -> bool:
    return bool(t) and len(t) <= MAX_TITLE and bool(_TITLE_START.match(t)) and not _FIXED_SECTIONS.match(t)


def find_items(lines: list[DocLine], doc_type: str) -> list[Item]:
    """The agenda items of one document, in order, with sub-items (level 1, parent set)."""
    if doc_type not in ITEM_TYPES:
        return []
    items: list[Item] = []
    by_number: dict[str, Item] = {}
    body: dict[int, list[str]] = {}  # id(item) -> its body lines
    from_list: set[int] = set()  # sub-items that are entries of a list under their item
    current: Item | None = None  # item whose body we are reading
    top: Item | None = None  # last top-level item
    last_top: int | None = None  # number of the last top-level item
    last_letter: str | None = None

    def start(number: str, title: str, dl: DocLine, level: int, parent: str | None) -> Item:
        nonlocal current
        existing = by_number.get(number)
        if existing is not None:  # a second mention: its text joins the first
            current = existing
            from_list.discard(id(existing))  # now it has a section of its own
            body[id(existing)].append(title)
            return existing
        item = Item(number=number, title=title, page=dl.page, line=dl.number, level=level,
                    parent=parent, start=dl.pos)
        items.append(item)
        by_number[number] = item
        body[id(item)] = []
        current = item
        return item

    def fresh() -> bool:  # the current item has no body text yet
        return current is not None and not any(x.strip() for x in body[id(current)])

    for dl in _segments(printed_lines(lines, doc_type)):
        t, strong, bulleted, emph_title = _markup(dl)
        if not t:
            if current is not None:
                body[id(current)].append("")
            continue
        handled = False

        if top is not None and ("ondvraag" in t[:40] or "ededeling" in t[:40]):
            sub = _subpoint(t, top)
            if sub is not None and sub[0] not in by_number:
                start(sub[0], sub[1], dl, 1, top.number)
                continue

        first = t[0]  # each pattern below needs its own first character: most lines are text
        m = _AD.match(t) if first in "aA" else None
        if m and not bulleted:
            num = int(m.group(1))
            letter = (m.group(3) or "").lower()
            title = _title(m.group(4))
            if m.group(2) and str(num) in by_number:
                start(f"{num}.{int(m.group(2))}", title, dl, 1, str(num))
                handled = True
            elif letter and (str(num) in by_number or last_top == num):
                parent = str(num)
                top = by_number.get(parent, top)
                start(f"{num}{letter}", title or "", dl, 1, parent)
                last_letter = letter
                handled = True
            elif not letter and _good_title(title) and str(num) in by_number:
                start(str(num), title, dl, 0, None)
                handled = True

        m = None if handled or not first.isdigit() else _TOP.match(t)
        if m and bulleted and not emph_title and m.group(3) == ")" and not m.group(2) \
                and int(m.group(1)) == (last_top or 0) + 1:
            # a PDF prints the nota's list of items as "- 1) Opening" without the italics a
            # converter keeps: the next number of the list is the next item
            bulleted = False
        if m and (not bulleted or emph_title):
            num, letter, punct, title = int(m.group(1)), (m.group(2) or "").lower(), m.group(3), _title(m.group(4))
            level = 2 if (strong or emph_title) else (1 if punct == ")" else 0)
            short = len(title.split()) <= 12 and not _sentence(title)
            known = by_number.get(str(num))
            same = known is not None and _similar(known.title, title)
            follows = last_top is None or 0 < num - last_top <= MAX_GAP
            if not _good_title(title):
                pass
            elif letter:
                if level == 2 and (str(num) in by_number or follows):
                    start(f"{num}{letter}", title, dl, 1, str(num))
                    handled = True
            elif same and level >= 1:
                top = start(str(num), title, dl, 0, None)  # a second mention
                last_top, last_letter = num, None
                handled = True
            elif known is None and follows and (
                    level == 2 or (level == 1 and short and not _point_label(m.group(4)))
                    or (level == 0 and short and num == (last_top or 0) + 1)):
                top = start(str(num), title, dl, 0, None)
                last_top, last_letter = num, None
                handled = True
            elif level == 2 and short and last_top is not None and (
                    (known is not None and not same) or (not follows and num <= last_top)):
                # numbering restarts with a new title ("1) WTTK" after item 3 of a draft)
                by_number.pop(str(num), None)
                top = start(str(num), title, dl, 0, None)
                last_top, last_letter = num, None
                handled = True

        if not handled and top is not None:
            m = _DOTTED.match(t) if first.isdigit() else None
            if m and m.group(1) == top.number and _good_title(_title(m.group(3))) and (
                    strong or not bulleted or fresh()):
                start(f"{m.group(1)}.{int(m.group(2))}", _title(m.group(3)), dl, 1, top.number)
                handled = True

        if not handled and top is not None:
            m = _LETTER.match(t) if "a" <= first <= "h" else None
            if m:
                letter = m.group(1)
                expected = "a" if last_letter is None else chr(ord(last_letter) + 1)
                title = _title(m.group(2))
                if letter in (expected, last_letter) and _good_title(title) and (strong or fresh()):
                    sub = start(f"{top.number}{letter}", title, dl, 1, top.number)
                    if bulleted and not strong:
                        from_list.add(id(sub))
                    last_letter = letter
                    handled = True

        if not handled and current is not None:
            if id(current) in from_list and t and current is not top and top is not None:
                current = top  # text after a list of sub-items belongs to the item itself
            body[id(current)].append(dl.text)

    for item in items:
        item.text = "\n".join(body[id(item)]).strip()
    if not items and doc_type == "nota":
        # a nota whose only numbered headings are its annotations ("Annotatie ad 3) ..."):
        # then those are the items; next to printed items they stay in their bodies (above)
        return _annotation_items(lines)
    return items


# sub-points of a rondvraag or of the mededelingen, each its own link end: "Rondvraag 2: 'Elk
# uithuisgeplaatst kind een informele mentor'", "Annotatie ad 1) Mededelingen 2 - Update
# expertisecentra", "Annotatie bij 7) Rondvraag 1 – Loon- en prijsbijstelling"
_SUB_PREFIX = re.compile(r"^annotaties?\s(?:ad|bij|voor)\s(?:agendapunt\s)?(\d{1,2})\)?\s", re.I)
_SUBPOINT = re.compile(r"^(rondvraag|mededelingen?)\s(\d{1,2})\s?[:–-]\s?(\S.{1,150})$", re.I)


_CODE_AT_END = re.compile(r"\s?\(\d{1,2}\)\(\d{1,2}[a-i]?\)$|\s\d{1,2}\.\d\.?[a-i]?$")  # "(10)(2e)", "10.2.e"


def _subpoint(t: str, top: Item) -> tuple[str, str] | None:
    """(number, title) of a sub-point under item ``top`` ("6.2", "Elk uithuisgeplaatst ..."),
    or None. The item itself must be the rondvraag or the mededelingen."""
    rest = t.strip("*_ ")
    pre = _SUB_PREFIX.match(rest)
    if pre:
        if pre.group(1) != top.number:
            return None
        rest = rest[pre.end():].strip()
    m = _SUBPOINT.match(rest)
    if not m or m.group(1)[:5].lower() not in top.title.lower():
        return None
    title = _CODE_AT_END.sub("", _title(m.group(3))).strip("'‘’\"“” ")
    return (f"{top.number}.{int(m.group(2))}", title) if title else None


_ANNOTATION = re.compile(
    r"^annotatie\s+(?:ad|bij|voor)\s+(?:agendapunt\s+)?(\d{1,2})\s?([a-h])?\s*[).:]?\s*(.*)$", re.I)


def _annotation_items(lines: list[DocLine]) -> list[Item]:
    items: list[Item] = []
    body: list[list[str]] = []
    for dl in lines:
        if dl.furniture:
            continue
        t = _strip(dl.text).strip("*_ ").strip()
        m = _ANNOTATION.match(t)
        if m:
            number = m.group(1) + (m.group(2) or "").lower()
            if any(it.number == number for it in items):  # a second annotation of one item
                body[-1].append(dl.text)
                continue
            items.append(Item(number=number, title=_title(m.group(3)) or "", page=dl.page, line=dl.number,
                              level=1 if m.group(2) else 0, parent=m.group(1) if m.group(2) else None,
                              start=dl.pos))
            body.append([])
        elif items:
            body[-1].append(dl.text)
    for item, text in zip(items, body):
        item.text = "\n".join(text).strip()
    return items
