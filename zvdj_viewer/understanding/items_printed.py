"""Item lines the way PDFs print them, put back as one line per item before items.py reads them.

What text extraction of real agendas, notas and besluitenlijsten gives:
- several items glued on one line, no space between one item's end and the next number
  ("1 Opening2 Conceptverslag van 30 januari 2020 (bijlage 1)3 Financiering ...");
- the item number alone on its line (a table column, or a bold number), the title on the
  next line;
- committee besluitenlijsten: "1. Agendapunt:" or "1." + "Agendapunt:", the title on the
  next lines, then "Zaak:", "Besluit:", "Noot:" blocks;
- council besluitenlijsten: "6. Voorstel tot ... Den Helder." with a full stop, the item's
  numbering running through the list while body lists ("1. de verordening vast te stellen")
  restart at 1.

Each rule works on a short window of lines and plain string tests, so the cost stays linear.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import DocLine

_NUMBER_ALONE = re.compile(r"^(\d{1,2}[a-h]?)\s?[.)]?\s*(agendapunt\s?:?)?$", re.I)
_AGENDAPUNT = re.compile(r"^agendapunt\s?:?$", re.I)
_LABEL = re.compile(r"^[A-Za-z][\w()/' -]{0,40}:$")  # "Zaak:", "Besluit:", "Noot:", "Volgcommissie(s):"
_LABEL_START = re.compile(r"^[A-Za-z][\w()/' -]{0,40}:(?:\s|$)")  # "Besluit: vastgesteld"
_TITLE_START = re.compile(r"^[\"'‘“(]?[A-ZÀ-Ý]")
_GLUE_START = re.compile(r"^(\d{1,2})[.)]?\s+[\"'‘“(]?[A-ZÀ-Ý]")
_GLUE_NEXT = re.compile(r"[.)]?\s+[\"'‘“(]?[A-ZÀ-Ý]")
_COUNCIL = re.compile(r"^(\d{1,2})\.\s+([A-ZÀ-Ý].*)$")
# the note an agenda item heading carries and a point of an annotation does not: its time or
# attachments, "(±5 min)", "(totaal ±40min, bijlagen 2 en 3)", "(10.30 uur)"
_ITEM_NOTE = re.compile(r"\([^()]{0,60}?(?:±|\bmin|bijlage|\buur\b|\d[:.]\d\d)", re.I)
# the letterhead's kenmerk (a running page stamp) glued before the first line of the page's
# body, here an item heading: "1639753-201105-J6) Aanpak OZJ mbt Regiobeeld (bijlagen 7 en 8)"
_KENMERK_GLUED = re.compile(r"^\d{5,8}-\d{4,8}-[A-Z]{1,3}(?=\d{1,2}[a-h]?\)\s+[\"'‘“(]?[A-ZÀ-Ý])")
# "- 3) Perspectief ... (±30 minuten, ...)" then "- 3.1 Proces ...": a nota that pastes the
# agenda's items as a list; the bullet hides an item heading
_BULLET_ITEM = re.compile(r"^[-•·]\s+(\d{1,2})\)\s+(\S.*)$")
_BULLET_SUB = re.compile(r"^[-•·]\s+(\d{1,2})\.(\d{1,2})\.?\s+(\S.*)$")
# a year that ends right before a glued number: "Conceptverslag van 6 november 20193 Begroting"
_YEAR_BEFORE = re.compile(r"\s(?:19|20)\d\d$")
MAX_TITLE_LINES = 3
MAX_TITLE = 150
AHEAD = 4  # lines looked at for the title of a number alone


def _bare(text: str) -> str:
    return text.replace("**", "").replace("__", "").strip().strip("#").strip()


def unglue(text: str) -> list[str]:
    """'1 Opening2 Verslag (bijlage 1)3 Begroting' -> three parts. A part starts where the next
    number follows a letter or a closing bracket and is followed by a title."""
    m = _GLUE_START.match(text)
    if not m:
        return [text]
    n = int(m.group(1))
    parts: list[str] = []
    start, pos = 0, m.end()
    while True:
        i, nxt = -1, ""
        # the next number; after the first part also a list starting again at 1 ("3 Te
        # bespreken punten1. Opening": a nota's section heading glued to its first item)
        for cand in (str(n + 1), "1") if not parts else (str(n + 1),):
            i = _glued_at(text, cand, pos)
            if i != -1:
                nxt = cand
                break
        if i == -1:
            break
        parts.append(text[start:i])
        start, pos, n = i, i + len(nxt), int(nxt)
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def _glued_at(text: str, number: str, pos: int) -> int:
    """Where ``number`` starts a glued item after ``pos``: right after a letter or a closing
    bracket, followed by a title; -1 if nowhere."""
    i = text.find(number, pos)
    while i != -1:
        end = i + len(number)
        before = text[i - 1]
        after_year = before.isdigit() and bool(_YEAR_BEFORE.search(text, max(0, i - 5), i))
        if (before.isalpha() or before in ")]\"'’”*" or after_year) and end < len(text) and not text[end].isdigit() \
                and _GLUE_NEXT.match(text, end):
            return i
        i = text.find(number, i + 1)
    return -1


def printed_lines(lines: list[DocLine], doc_type: str) -> list[DocLine]:
    """The document's non-furniture lines with printed items joined or split (see above)."""
    src = [dl for dl in lines if not dl.line.furniture]
    src = _larger_is_strong(src)
    out: list[DocLine] = []
    last = 0  # the last item number put back: council items continue it
    sub = [None]  # the last number of a numbered list of annotation points ("1" / "Regiobeeld:")
    i = 0
    while i < len(src):
        dl = src[i]
        t = _bare(dl.text)
        k = _KENMERK_GLUED.match(t) if t[:1].isdigit() else None
        if k:
            dl = DocLine(dl.page, dl.index, replace(dl.line, text=t[k.end():]))
            t = _bare(dl.text)
        m = _NUMBER_ALONE.match(t) if t and t[0].isdigit() else None
        if m:
            joined = _join_number(src, i, m, dl, last, sub)
            if joined is not None:
                line, i = joined
                # "1." over "Opening2 Conceptverslag ...3 Financiering ...": glued after the join
                parts = unglue(line.text)
                if len(parts) > 1:  # a title of its own has had its next lines (_join_number)
                    i = _wrap_last(parts, src, i)
                out += [DocLine(line.page, line.index, replace(line.line, text=p)) for p in parts]
                last = _leading_number(parts[-1], _item_number(m))
                continue
        b = _BULLET_ITEM.match(t) if t[:1] in "-•·" else None
        # items.py decides whether the number continues the items; the note and the capital
        # tell the heading from a list entry of an item's text
        if b and _TITLE_START.match(b.group(2)) and _ITEM_NOTE.search(b.group(2)):
            out.append(DocLine(dl.page, dl.index, replace(dl.line, text=f"{b.group(1)}) {b.group(2)}", bold=True)))
            last = int(b.group(1))
            i = _bullet_subs(src, i + 1, b.group(1), out)
            continue
        b = _BULLET_SUB.match(t) if t[:1] in "-•·" else None
        if b and _TITLE_START.match(b.group(3)) and _ITEM_NOTE.search(b.group(3)):
            # "- 3.1 Proces ... (ter info: bijlage 2)" under item 3: a sub-item with its note
            out.append(DocLine(dl.page, dl.index, replace(dl.line, text=f"{b.group(1)}.{b.group(2)} {b.group(3)}",
                                                          bold=True)))
            i += 1
            continue
        if t and t[0].isdigit():
            parts = unglue(dl.text)
            if len(parts) > 1:
                i = _wrap_last(parts, src, i + 1)
                out += [DocLine(dl.page, dl.index, replace(dl.line, text=p)) for p in parts]
                last = _leading_number(parts[-1], last)
                continue
            if doc_type == "besluitenlijst":
                c = _COUNCIL.match(t)
                if c and int(c.group(1)) == last + 1:
                    # the list's own numbering: its full stop and line end are no sentence
                    out.append(DocLine(dl.page, dl.index, replace(dl.line, text=f"{c.group(1)}) {c.group(2).rstrip('.')}",
                                                                  bold=True)))
                    last += 1
                    i += 1
                    continue
        out.append(dl)
        i += 1
    return out


def _leading_number(text: str, default: int) -> int:
    digits = re.match(r"\d{1,2}", text.lstrip())
    return int(digits.group(0)) if digits else default


def _wrap_last(parts: list[str], src: list[DocLine], i: int) -> int:
    """The last glued title wraps onto the next line(s): "...3 NvO en" / "ontwikkelingen bij
    gemeenten (bijlage 2 en 3, ±5 min.)"; joined to it. Returns the index after them."""
    while i < len(src) and _wrapped_on(parts[-1], src[i - 1], src[i]):
        parts[-1] = parts[-1].rstrip() + " " + _bare(src[i].text)
        i += 1
    return i


def _wrapped_on(title: str, prev: DocLine, nxt: DocLine) -> bool:
    """Does ``nxt`` carry on a title cut off at the end of ``prev``? The title has not ended
    (no full stop or closing bracket) and the next line, right below it, starts the way no
    title or sentence does: in lower case or with its bracketed note."""
    t = _bare(nxt.text)
    end = title.rstrip()[-1:]
    # a bracket ends the title when it closes the item's note ("(bijlage 1)"), not when it is
    # part of the title ("Financiering jeugdhulp (observatie)" / "minderjarige terugkeerders")
    ended = end in ".:" or (end in ")]" and bool(_ITEM_NOTE.search(title, max(0, title.rfind("(")))))
    return bool(t) and not ended and (t[0].islower() or t[0] == "(") and len(title) + len(t) < MAX_TITLE \
        and _continues(prev, nxt)


def _bullet_subs(src: list[DocLine], i: int, number: str, out: list[DocLine]) -> int:
    """The sub-items listed right under a bulleted item heading ("- 3.1 ...", "- 3.2 ..."),
    as sub-item lines; a line that continues the one above (a wrapped note) stays as it is.
    Returns the index after them."""
    while i < len(src):
        t = _bare(src[i].text)
        m = _BULLET_SUB.match(t) if t[:1] in "-•·" else None
        if m and m.group(1) == number:
            out.append(DocLine(src[i].page, src[i].index,
                               replace(src[i].line, text=f"{number}.{m.group(2)} {m.group(3)}", bold=True)))
        elif t and t[0] not in "-•·" and not t[0].isdigit() and len(t) < 60:
            out.append(src[i])  # "(bijlagen 2 t/m 5)": the end of the line above
        else:
            break
        i += 1
    return i


def _item_number(m: re.Match) -> int:
    """The number of a _NUMBER_ALONE match ("3a" -> 3)."""
    digits = re.match(r"\d+", m.group(1))
    assert digits is not None  # the pattern's first group starts with digits
    return int(digits.group(0))


def _join_number(src: list[DocLine], i: int, m: re.Match, dl: DocLine, last: int,
                 sub: list) -> tuple[DocLine, int] | None:
    """A number alone (or 'N. Agendapunt:') with its title on the next lines, as one line;
    None when no title follows. Returns the line and the index after what it used."""
    labelled = bool(m.group(2))
    j = i + 1
    while j < len(src) and j <= i + AHEAD and not _bare(src[j].text):
        j += 1
    if j < len(src) and _AGENDAPUNT.match(_bare(src[j].text)):
        labelled = True
        j += 1
        while j < len(src) and not _bare(src[j].text):
            j += 1
    if j >= len(src) or j > i + AHEAD + 1:
        return None
    title_dl = src[j]
    title = _bare(title_dl.text)
    if not title or not (labelled or _TITLE_START.match(title)) or _NUMBER_ALONE.match(title):
        return None
    number = _item_number(m)
    if _LABEL.match(title):
        if not labelled:
            sub[0] = number  # "1" / "Regiobeeld OZJ:" opens the points of an annotation
        return None
    if title.endswith(":") and not labelled and not _ITEM_NOTE.search(title):
        # "1" / "Regiobeeld OZJ:" opens a point of an annotation, not an item: when it does
        # not continue the items' numbering, or continues such a list of points
        if number != last + 1 or (sub[0] is not None and number == sub[0] + 1):
            sub[0] = number
            return None
    sub[0] = None
    # a plain number over a plain line is as often a letterhead ("Bijlage(n)" / "3"); over a
    # bold heading it may be a stray digit ("10" of a cut-off code above "Deelnemers"): then it
    # must continue the numbering
    number_strong = labelled or dl.line.bold or dl.line.heading > 0
    # over a bold title: the next number ("3a" continues item 3), or a number printed with
    # its list mark ("1." / "WTTK": a draft agenda that numbers again from 1)
    follows = number == last + 1 or (m.group(1)[-1].isalpha() and number == last)
    if not number_strong and not (title_dl.line.bold and (follows or _bare(dl.text)[-1:] in ".)")):
        return None
    j += 1
    if labelled:  # committee lists wrap long titles over the next lines, up to "Zaak:"
        more, prev = 0, title_dl
        while j < len(src) and more < MAX_TITLE_LINES - 1:
            nxt = _bare(src[j].text)
            if not nxt or _LABEL_START.match(nxt) or nxt[0].isdigit() or len(title) + len(nxt) > MAX_TITLE \
                    or not _continues(prev, src[j]):
                break
            title += " " + nxt
            prev = src[j]
            j += 1
            more += 1
    number = m.group(1)
    text = f"{number}) {title}"
    return DocLine(dl.page, dl.index, replace(dl.line, text=text, bold=True)), j


def _larger_is_strong(src: list[DocLine]) -> list[DocLine]:
    """A numbered line printed larger than the body text counts as bold: PDFs set item
    headings in a larger size as often as in bold."""
    sizes = [dl.line.size for dl in src if dl.line.size]
    if len(sizes) < 5:
        return src
    body = max(set(sizes), key=sizes.count)
    out = []
    for dl in src:
        t = dl.text.lstrip()
        if dl.line.size and dl.line.size >= body + 1.5 and not dl.line.bold and t[:1].isdigit():
            dl = DocLine(dl.page, dl.index, replace(dl.line, bold=True))
        out.append(dl)
    return out


def _continues(prev: DocLine, nxt: DocLine) -> bool:
    """Is ``nxt`` the next line of the same title? In a PDF: right below it (no paragraph gap),
    at the same left edge. Text sources have blank lines between paragraphs (checked above)."""
    a, b = prev.line.bbox, nxt.line.bbox
    if a is None or b is None:
        return True
    height = max(a[3] - a[1], 1.0)
    # line boxes of tightly set text overlap a little (the ascent of one reaches into the
    # descent of the line above)
    return nxt.page == prev.page and -0.25 * height <= b[1] - a[3] < 0.8 * height and abs(b[0] - a[0]) < 3
