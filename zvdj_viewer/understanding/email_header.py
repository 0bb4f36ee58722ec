"""E-mail header blocks in printed mail (Outlook prints, "MAIL RECEIVED" sheets, OCR'd scans).

A printed e-mail opens with a block of labelled fields: Van/Verzonden/Aan/CC/Onderwerp/Bijlagen
or From/Sent/To/Cc/Subject/Importance. In the text layer the labels and their values come
in any order, with or without a colon, on one line ("Verzonden:      9 mei 2019 16:40") or
in two columns (the label on one line, its value on another line at the same height), and
OCR damages the labels ("0nderwerp", "Verzonden;"). Replies and forwards are quoted below,
each with its own header, often after "-----Oorspronkelijk bericht-----".

``find_headers(lines)`` finds every header block in a run of ``Line``s; ``EmailHeader`` holds
the fields, the subject, the sent date and the participants. A block counts as a header only
with a sender, a subject and a sent date or recipient: a nota's "Aan / Van / Datum" block has
no subject, a letter's "Betreft" is not an e-mail.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .dates import parse_date_ocr as parse_date  # OCR'd prints: damaged month names too
from .furniture import clean
from ..model import DocLine, Line

# field -> label words (lower case, without colon)
_LABELS: dict[str, tuple[str, ...]] = {
    "from": ("van", "from", "afzender"),
    "sent": ("verzonden", "sent", "verstuurd", "datum", "date", "verzonden op"),
    "to": ("aan", "to", "geadresseerde"),
    "cc": ("cc", "kopie", "bcc"),
    "subject": ("onderwerp", "subject"),
    "attachments": ("bijlagen", "bijlage", "attachments", "attachment"),
    "importance": ("urgentie", "importance", "prioriteit", "priority"),
}
_WORD_TO_FIELD = {w: f for f, ws in _LABELS.items() for w in ws}


def _deletes(word: str, n: int) -> set[str]:
    """``word`` with up to ``n`` letters left out (for matching with a few OCR errors)."""
    out = {word}
    for _ in range(n):
        out |= {w[:i] + w[i + 1:] for w in out for i in range(len(w))}
    return out


# label words of 5+ letters by their variants with one letter (two for 8+ letters) left out:
# two words share a variant when they differ by that many substituted, added or lost letters
_NEAR: dict[str, str] = {}
for _w, _f in _WORD_TO_FIELD.items():
    if len(_w) >= 5 and " " not in _w:
        for _v in _deletes(_w, 2 if len(_w) >= 8 else 1):
            _NEAR.setdefault(_v, _f)


@functools.lru_cache(maxsize=4096)  # the same words come back on every page ("Kenmerk", "Bijlagen")
def _near_label(word: str) -> str | None:
    # in a fixed order (longest variant first, then by letters): a set's order changes with
    # each process's string hashing, and two labels can share a variant
    for v in sorted(_deletes(word, 2 if len(word) >= 8 else 1), key=lambda v: (-len(v), v)):
        if v in _NEAR and len(v) >= 4:
            return _NEAR[v]
    return None
# a label at the start of a line: one or two words of letters (OCR may put digits in them)
# label, then a colon-like mark (OCR reads ":" as ";", "." or "!") and white space, or white
# space alone: one way to match each run of spaces (``\s*`` beside ``\s+`` was quadratic on
# long runs, issue 16)
_LEAD = re.compile(r"^([A-Za-z0-9]{2,11}(?: op)?)(?:\s*([:;.!])(?:\s+|$)|\s+|$)")
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
# A line of nothing but redaction codes. One code, then (separator, code) pairs: a separator
# cannot start a code, so each character is matched one way (no nested quantifiers: issue 16).
_CODE = r"(?:10\.\d\.?\s?[a-g]|5\.1\.\d\.?\s?[a-i]|11\.1|5\.2)"
_CODES = re.compile(rf"^\s*{_CODE}(?:[,;\s]*{_CODE})*[,;\s]*$", re.I)
_QUOTE_MARK = re.compile(
    r"^-{2,}\s*(?:oorspronkelijk bericht|original message|doorgestuurd bericht|forwarded message)|"
    r"^(?:begin forwarded message|oorspronkelijk bericht|original message)\b", re.I)
_OCR = str.maketrans({"0": "o", "1": "l", "5": "s", "|": "l"})


@dataclass
class EmailHeader:
    first: int  # index of the first label line in the given lines
    last: int  # index of the last label line
    fields: dict[str, str] = field(default_factory=dict)
    quoted: bool = False  # a reply/forward quoted below another message

    @property
    def subject(self) -> str:
        return self.fields.get("subject", "").strip()

    @property
    def sent(self) -> str | None:
        return parse_date(self.fields.get("sent", ""))

    def people(self, key: str) -> list[str]:
        """Names/addresses in one of from/to/cc; a redacted one as "[10.2.e]"."""
        value = self.fields.get(key, "")
        out = []
        for part in value.split(";"):  # str.split: linear, unlike re.split(r"\s*;\s*")
            part = part.strip().strip(" ,")
            if not part:
                continue
            if _CODES.match(part):
                out.append("[" + re.sub(r"[\s,;]+", " ", part).strip() + "]")
            else:
                out.append(_redacted_name(part) or part)
        return out

    def participants(self) -> dict[str, list[str]]:
        return {k: self.people(k) for k in ("from", "to", "cc") if self.people(k)}


def _redacted_name(part: str) -> str | None:
    """A recipient whose name is blacked out, printed as its code and maybe a department
    ("10.2.e (BLKB/UA)", OCR'd "10,2.e (AFP/EDA)"): "[10.2.e] (BLKB/UA)"; None otherwise."""
    from .redactions import find_codes

    codes = find_codes(part)
    if not codes or codes[0][3] != "mark" or codes[0][2] > 3:
        return None
    code, raw, at, _ = codes[0]
    rest = part[at + len(raw):].strip(" _|[]{}")
    return f"[{code}]" + (f" {rest}" if rest else "")


@functools.lru_cache(maxsize=16384)  # asked of every line of a page, again for a document's first page
def label_of(text: str) -> tuple[str, str] | None:
    """(field, value on the same line) when ``text`` begins with a header label, else None.

    Short labels (Van, Aan, To, Cc) need a colon, or nothing or a wide gap after them:
    "Van het actieteam ..." is a sentence, not a sender."""
    t = text.replace("\xa0", " ").strip()
    m = _LEAD.match(t)
    if not m:
        return None
    word, colon = m.group(1).lower(), m.group(2) or ""
    rest = t[m.end():]
    key = _WORD_TO_FIELD.get(word)
    if key is None:
        # an OCR-damaged label ("0nderwerp:", "Verzondcn"); prose ("Gezien de ...") has
        # neither colon nor gap and is not compared at all
        if len(word) < 5 or not (colon or not rest or _wide_gap(t, m)):
            return None
        w = word.translate(_OCR).replace("vv", "w").replace("rn", "m")
        key = _WORD_TO_FIELD.get(w) or _near_label(w)
        if key is None:
            return None
    if not colon and len(word) <= 4 and rest and not _wide_gap(t, m):
        return None
    if colon == "." and len(word) <= 4:
        return None
    return key, rest.strip()


_GAP = re.compile(r"^\S*\s{2,}")


def _wide_gap(t: str, m: re.Match[str]) -> bool:
    """Label and value apart by a wide gap: "Aan        D. Persoon"."""
    return _GAP.match(t[len(m.group(1)):] + " ") is not None


def _left(line: Line) -> float:
    return line.bbox[0] if line.bbox else 0


def _same_row(a: Line, b: Line) -> bool:
    if not a.bbox or not b.bbox:
        return False
    ca = (a.bbox[1] + a.bbox[3]) / 2
    cb = (b.bbox[1] + b.bbox[3]) / 2
    return abs(ca - cb) <= max(4.0, (a.bbox[3] - a.bbox[1]) * 0.45) and b.bbox[0] > a.bbox[0] + 15


def find_headers(lines: list[Line], window: int = 14) -> list[EmailHeader]:
    """Every e-mail header block in ``lines`` (one page, or a document), in order."""
    texts = [clean(ln.text) for ln in lines]
    labels: list[tuple[int, str, str]] = []
    for i, t in enumerate(texts):
        if t and len(t) < 300:
            hit = label_of(lines[i].text if lines[i].text.strip() else t)
            if hit:
                labels.append((i, hit[0], hit[1]))
    used_values: set[int] = set()
    label_rows = {i for i, _, _ in labels}
    headers: list[EmailHeader] = []
    k = 0
    while k < len(labels):
        i0 = labels[k][0]
        group = [lab for lab in labels[k:] if lab[0] - i0 <= window]
        # one field once: a second "Van:" begins the next (quoted) header
        seen: set[str] = set()
        block = []
        for lab in group:
            if lab[1] in seen:
                break
            seen.add(lab[1])
            block.append(lab)
        fields: dict[str, str] = {}
        for i, key, value in block:
            if not value:
                value = _value_beside(lines, texts, i, label_rows, used_values)
            fields[key] = value
        has_date = bool(parse_date(fields.get("sent", "")))
        if fields.get("sent") and any(
                lab[1] == "sent" and lines[lab[0]].text.strip().lower().startswith(("datum", "date"))
                for lab in block):
            has_date = has_date and bool(_TIME.search(fields["sent"]))
        if "from" in seen and "subject" in seen and (has_date or "to" in seen) and len(seen) >= 3:
            first, last = block[0][0], block[-1][0]
            before = [t for t in texts[max(0, first - 3):first] if t]
            quoted = any(_QUOTE_MARK.match(t) for t in before)
            headers.append(EmailHeader(first, last, fields, quoted))
            k += len(block)
        else:
            k += 1
    return headers


def _value_beside(lines: list[Line], texts: list[str], i: int, label_rows: set[int], used: set[int]) -> str:
    """The value of a label that has none on its own line: the lines at the same height to
    its right (two-column print), else the next line when it is not a label itself."""
    label = lines[i]
    if label.bbox:
        near = [j for j in range(max(0, i - 6), min(len(lines), i + 8))
                if j != i and j not in label_rows and j not in used and texts[j] and _same_row(label, lines[j])]
        if near:
            used.update(near)
            near.sort(key=lambda j: _left(lines[j]))
            return " ; ".join(texts[j] for j in near) if all(_CODES.match(texts[j]) for j in near) \
                else " ".join(texts[j] for j in near)
        return ""
    j = i + 1
    if j < len(lines) and j not in label_rows and texts[j] and j not in used:
        used.add(j)
        return texts[j]
    return ""


def page_top_header(lines: list[Line], reach: int = 6) -> EmailHeader | None:
    """The header block that opens a page: its first label among the first ``reach`` content
    lines (print stamps, redaction codes and short marks above it do not count)."""
    heads = find_headers(lines)
    if not heads:
        return None
    h = heads[0]
    content = 0
    for i in range(h.first):
        t = clean(lines[i].text)
        if not t or lines[i].furniture or _CODES.match(t) or t.lower().startswith("file:") or len(t) <= 12:
            continue
        content += 1
    return h if content < reach and not h.quoted else None


def ends_with_quote_mark(lines: list[Line]) -> bool:
    """True when the page's last content line announces a quoted message below."""
    tail = [clean(ln.text) for ln in lines if clean(ln.text) and not ln.furniture][-2:]
    return any(_QUOTE_MARK.match(t) for t in tail)


def top_email(lines: list[DocLine]) -> EmailHeader | None:
    """The header block that opens a document (its lines in reading order), or None."""
    first = lines[0].page if lines else None
    page = [dl.line for dl in lines if dl.page == first]
    heads = find_headers(page)
    if not heads:
        return None
    h = heads[0]
    content_before = sum(1 for ln in page[:h.first] if len(clean(ln.text)) > 12 and not ln.furniture
                         and not clean(ln.text).lower().startswith("file:"))
    return h if content_before < 8 and not h.quoted else None
