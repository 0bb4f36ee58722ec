"""Redaction audit: what was redacted on which ground, and three checks for real mistakes.

- ``inconsistent``: words redacted in one document but readable in a sibling (the same
  meeting, or a version): the words around the code in A are found in B with readable words
  where A has the code; those words are what leaked.
- ``unredacted``: personal data still readable: e-mail addresses, Dutch phone numbers,
  BSN-like numbers (9 digits passing the 11-test), and names in a list in which other names
  are redacted.
- ``not_hidden``: PDFs where a black box is drawn but the words are still in the text layer
  under it (copy-paste reveals them), and redaction annotations that were never applied.

Documents come in as ``AuditDoc``: an id, a title and lines of (page, line, text) with page
furniture already left out, so the checks are plain functions on text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .compare import is_redaction_code


@dataclass
class AuditDoc:
    id: str
    title: str
    lines: Sequence[tuple[int | None, int | None, str]] = field(default_factory=list)  # page, line, text
    source: str | None = None  # path of a PDF, for the not_hidden check
    pages: tuple[int, int] | None = None  # the PDF page range of this document


@dataclass(frozen=True)
class Finding:
    check: str  # "inconsistent" | "unredacted" | "not_hidden" | "no_ground"
    document: str
    page: int | None
    line: int | None
    words: str
    reason: str  # in Dutch, as the CSV for the Woo file gives it
    # the values in the reason, for an interface to word it in its own language
    facts: tuple[tuple[str, str], ...] = ()


CHECK_NAMES = {
    "inconsistent": ("Inconsistent gelakt", "Inconsistent redaction"),
    "unredacted": ("Niet gelakt", "Left unredacted"),
    "not_hidden": ("Lakking verbergt niet", "Redaction does not hide"),
    "no_ground": ("Gelakt zonder grond", "Redacted without ground"),
}

_PUNCT = ".,;:!?()[]\"'“”‘’"
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# functional mailboxes are published on purpose; they are not personal data
_FUNCTIONAL = re.compile(r"^(info|postbus|secretariaat|noreply|no-reply|contact|woo|wob|servicedesk|communicatie)\b", re.I)
_PHONE = re.compile(r"(?<![\w.-])(?:\+31[\s-]?|0031[\s-]?|0)(?:6[\s-]?\d{8}|\d{2}[\s-]?\d{7}|\d{3}[\s-]?\d{6}|"
                    r"\d{2}[\s-]\d{3}[\s-]\d{4}|6[\s-]\d{2}[\s-]\d{2}[\s-]\d{2}[\s-]\d{2})(?![\w-])")
_NINE = re.compile(r"(?<![\d.])\d{9}(?![\d.])|(?<![\d.])\d{4}\.\d{2}\.\d{3}(?![\d.])")
# a person in a list: "mevrouw J. de Vries", "dhr. Jansen", "Jan de Vries (VNG)"
_TITLED = re.compile(r"\b(?:mevrouw|mevr\.|mw\.|de heer|dhr\.|heer)\s+[A-Z][\w.'-]*(?:\s+(?:van|de|der|den|ten|ter|het|'t)?\s*[A-Z][\w'-]+)*")
_NAME_ORG = re.compile(r"^[-•*–\s]*([A-Z][a-zé'-]+(?:\s+(?:van|de|der|den|ten|ter)){0,2}(?:\s+[A-Z][\w'-]+)+)\s*\(([^)]+)\)")
_JOB = re.compile(r"^(directeur|beleidsmedewerker|beleidsadviseur|adviseur|co[öo]rdinator|secretaris|manager|"
                  r"programmamanager|projectleider|medewerker|voorzitter|lid|teamleider|hoofd)\b", re.I)
# public office holders are named in released documents on purpose
_OFFICE = re.compile(r"\b(minister|staatssecretaris|wethouder|burgemeester|gedeputeerde|voorzitter|kamerlid)\b", re.I)


def _norm(word: str) -> str:
    return word.strip(_PUNCT).lower()


_LOCAL_MAX, _DOMAIN_MAX = 64, 255  # the longest local part and domain an address may have


def _email_char(ch: str, local: bool) -> bool:
    return ch.isalnum() or ch == "_" or ch in (".+-" if local else ".-")


def emails(text: str) -> list[str]:
    """The e-mail addresses in a line, as _EMAIL finds them, in time linear in the line:
    from each "@" at most 64 characters to the left and 255 to the right are looked at, and
    only that piece is matched. (_EMAIL.finditer itself retries its local part from every
    position of a long run of letters: 7-9 s on a 50,000-character line.)"""
    out: list[str] = []
    at = text.find("@")
    end_prev = 0
    while at >= 0:
        lo = at
        while lo > max(end_prev, at - _LOCAL_MAX) and _email_char(text[lo - 1], True):
            lo -= 1
        hi = at + 1
        while hi < min(len(text), at + 1 + _DOMAIN_MAX) and _email_char(text[hi], False):
            hi += 1
        m = _EMAIL.search(text, lo, hi)  # a piece of at most 320 characters
        if m is not None and m.start() <= at < m.end():
            out.append(m.group())
            end_prev = m.end()
        at = text.find("@", max(at + 1, end_prev))
    return out


def _personal_mailbox(address: str) -> bool:
    """j.d.bever@... or karel.appelboom@... name a person; fokkerij@... or info@... name a desk.
    Redaction codes glued to an address (10.2.e@minvws.nl) are already redacted."""
    local = address.split("@", 1)[0]
    if _FUNCTIONAL.match(local) or is_redaction_code(local):
        return False
    return bool(re.fullmatch(r"[a-z]{1,3}(\.[a-z]{1,3})*\.[a-z][\w-]+|[a-z][a-z-]+[._][a-z][\w-]+", local, re.I))


def bsn_like(digits: str) -> bool:
    """The 11-test of Dutch citizen service numbers (BSN)."""
    d = [int(c) for c in digits if c.isdigit()]
    if len(d) != 9 or len(set(d)) == 1:
        return False
    total = sum(w * x for w, x in zip(range(9, 1, -1), d[:8])) - d[8]
    return total % 11 == 0


def has_code(text: str) -> bool:
    return any(is_redaction_code(w) for w in text.split())


# -- check 1: inconsistent between siblings ------------------------------------------------

def _tokens(doc: AuditDoc) -> list[tuple[str, str, int | None, int | None]]:
    """(normalised, as printed, page, line) per word of the document."""
    out = []
    for page, line, text in doc.lines:
        for w in text.split():
            n = "\0code" if is_redaction_code(w) else _norm(w)
            if n:
                out.append((n, w, page, line))
    return out


def inconsistent(a: AuditDoc, b: AuditDoc, *, context: int = 3, max_gap: int = 8) -> list[Finding]:
    """Places where A has a redaction code and B has readable words in the same context."""
    ta, tb = _tokens(a), _tokens(b)
    where: dict[tuple[str, ...], list[int]] = {}
    keys_b = [t[0] for t in tb]
    for i in range(len(keys_b) - context + 1):
        where.setdefault(tuple(keys_b[i:i + context]), []).append(i)
    findings, seen = [], set()
    i = 0
    while i < len(ta):
        if ta[i][0] != "\0code":
            i += 1
            continue
        j = i
        while j < len(ta) and ta[j][0] == "\0code":
            j += 1
        before = tuple(t[0] for t in ta[max(0, i - context):i])
        after = tuple(t[0] for t in ta[j:j + context])
        if len(before) == context and len(after) == context and "\0code" not in before + after:
            for start in where.get(before, []):
                gap_start = start + context
                for gap in range(1, max_gap + 1):
                    k = gap_start + gap
                    if tuple(keys_b[k:k + context]) == after:
                        words = tb[gap_start:k]
                        if all(w[0] != "\0code" for w in words) and (b.id, gap_start) not in seen:
                            seen.add((b.id, gap_start))
                            shown = " ".join(w[1] for w in words)
                            code = ta[i][1].strip(".,;:()[]")  # as printed, without the sentence's comma
                            findings.append(Finding(
                                "inconsistent", b.id, words[0][2], words[0][3], shown,
                                f"gelakt in {a.title or a.id} (p. {ta[i][2] or '-'}: {code}), "
                                f"leesbaar in {b.title or b.id}",
                                (("redacted_in", a.title or a.id), ("page", str(ta[i][2] or "-")),
                                 ("code", code), ("readable_in", b.title or b.id))))
                        break
        i = j
    return findings


# -- check 2: personal data left readable --------------------------------------------------

def unredacted(doc: AuditDoc) -> list[Finding]:
    findings = []
    redacted_doc = any(has_code(t) for _, _, t in doc.lines)
    lines = doc.lines
    for idx, (page, line, text) in enumerate(lines):
        for address in emails(text):
            if _personal_mailbox(address):
                findings.append(Finding("unredacted", doc.id, page, line, address, "e-mailadres leesbaar"))
        for m in _PHONE.finditer(text):
            findings.append(Finding("unredacted", doc.id, page, line, m.group().strip(), "telefoonnummer leesbaar"))
        for m in _NINE.finditer(text):
            if bsn_like(m.group()):
                findings.append(Finding("unredacted", doc.id, page, line, m.group(),
                                        "nummer dat de elfproef van een BSN doorstaat"))
        if not redacted_doc:
            continue
        # a name in a list of people in which neighbouring entries are redacted
        neighbours = [t for _, _, t in lines[max(0, idx - 4):idx + 5]]
        if sum(1 for t in neighbours if has_code(t)) == 0 or has_code(text) or _OFFICE.search(text):
            continue
        person = _NAME_ORG.match(text) or _TITLED.search(text)
        if person and _is_list_line(text):
            name = person.group(1) if person.re is _NAME_ORG else person.group()
            if _JOB.match(name):  # "Directeur Ieder(in)": a job title and an organisation, no person
                continue
            findings.append(Finding("unredacted", doc.id, page, line, name.strip(),
                                    "naam leesbaar in een lijst waarin andere namen gelakt zijn"))
    # one finding per place and words (a line can match two patterns)
    unique = {(f.page, f.line, f.words, f.reason): f for f in findings}
    return list(unique.values())


def _is_list_line(text: str) -> bool:
    """A short line such as a participant list entry, not a sentence of running text."""
    t = text.strip()
    return len(t.split()) <= 10 and not t.endswith((".", ":")) or t.startswith(("-", "•", "*", "–"))


# -- check 3: boxes that do not hide -------------------------------------------------------

def not_hidden(pdf_path: str, pages: Iterable[int] | None = None, doc_id: str = "") -> list[Finding]:
    """Words in the text layer under a filled dark rectangle, and unapplied redact annotations."""
    import pymupdf

    findings = []
    with pymupdf.open(pdf_path) as pdf:
        numbers = list(pages) if pages is not None else range(1, pdf.page_count + 1)
        for number in numbers:
            if not 1 <= number <= pdf.page_count:
                continue
            page = pdf[number - 1]
            boxes = []
            for d in page.get_drawings():
                fill = d.get("fill")
                rect = d.get("rect")
                if fill is None or rect is None or rect.width < 4 or rect.height < 4:
                    continue
                if sum(fill[:3]) / 3 <= 0.25 and (d.get("fill_opacity") or 1) > 0.9:
                    boxes.append(pymupdf.Rect(rect))
            for annot in page.annots() or []:
                if annot.type[0] == pymupdf.PDF_ANNOT_REDACT:
                    words = page.get_textbox(annot.rect).strip()
                    findings.append(Finding("not_hidden", doc_id, number, None, words[:200],
                                            "lakking gemarkeerd maar niet toegepast (annotatie)"))
            if not boxes:
                continue
            for box in boxes:
                hidden = [w[4] for w in page.get_text("words")
                          if pymupdf.Rect(w[:4]).intersect(box).get_area() > 0.5 * pymupdf.Rect(w[:4]).get_area()]
                hidden = [w for w in hidden if not is_redaction_code(w)]
                if hidden:
                    findings.append(Finding("not_hidden", doc_id, number, None, " ".join(hidden)[:200],
                                            "tekst staat nog in de tekstlaag onder een zwart vlak"))
    return findings


# -- grounds and export --------------------------------------------------------------------

def code_summary(counts: dict[str, int]) -> list[tuple[str, int, str]]:
    """(code, count, legal ground in words) sorted by count; the ground is empty when the
    code is unknown."""
    from ..understanding.redactions import ground

    rows = []
    for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        info = ground(code) or {}
        rows.append((code, n, info.get("text_nl", "")))
    return rows


def findings_csv(findings: Sequence[Finding], titles: dict[str, str] | None = None) -> bytes:
    """The findings as CSV for a Dutch spreadsheet: ';' separated, UTF-8 with BOM, CRLF."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(["controle", "document", "titel", "pagina", "regel", "woorden", "reden"])
    for f in findings:
        w.writerow([CHECK_NAMES[f.check][0], f.document, (titles or {}).get(f.document, ""),
                    f.page or "", f.line or "", f.words, f.reason])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
