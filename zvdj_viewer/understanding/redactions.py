"""Redaction codes printed where text was blacked out, and the legal ground each one names.

Woo and Wob bundles print the ground in place of the withheld text, in many spellings:
"10.2.e", "10.2e", "(10)(2e)", "10.2.e [redacted]", "5.1.2e", "5.1.2.e", "11.1", "5.2".
``normalise`` turns one spelling into the canonical code ("10.2.e", "5.1.2.e", "11.1",
"5.2"); ``find_redactions`` finds every code in a document's lines; ``ground`` explains it.

False positives are the risk: "5.2 Aanleiding" is a section, "10.30" a time, "11.1" a
number. Codes that carry a letter ("10.2.e", "5.1.2e", "(10)(2e)") are specific enough to
count wherever they stand, unless the text cites the article ("artikel 10.2.e"). Bare codes
("11.1", "5.2", "5.1.5") count only in redaction context: a line made of codes alone, a
code beside a "[redacted]"-like marker, or a code in a list with other codes.
"""

from __future__ import annotations

import functools
import re

from ..model import DocLine, Redaction

# One pattern per spelling; each yields (law article parts) that ``_canon`` joins.
_LETTER_CODES = re.compile(
    r"(?<![\d.])(?:"
    r"\(\s*10\s*\)\s*\(\s*([12])\s*([a-g])\s*\)"          # (10)(2e)
    r"|10\.([12])\.?\s?([a-g])(?![a-z])"                   # 10.2.e, 10.2e
    r"|5\.1\.([12])\.?\s?([a-i])(?![a-z])"                 # 5.1.2e, 5.1.2.e
    r")"
)
_BARE_CODES = re.compile(
    r"(?<![\w.,])(?:\(\s*11\s*\)\s*\(\s*1\s*\)|11\.1|5\.1\.[45]|5\.2)(?![\w]|[.,]\d)"
)
# Codes as OCR prints them: "10 2 e", "I0 2 e", "io 2 e", "l0.2.e", "10,2,e", "10:2:e", "102e",
# "10 2 6" (6 read for e), "5 1 2 e", "S.12e", "512e". One bounded separator run between the
# parts (no nested quantifiers). Only tried where the strict patterns found nothing.
_SEP = r"[ .,:;]{0,2}"
_OCR_CODES = re.compile(
    r"(?:"  # a label glued before "10" is kept ("E10.2,e"); l0, I0, io must start a word
    r"((?<![\d.,/@-])10|(?<![\w.,/@-])[1Iil|][0Oo])" + _SEP + r"([12])" + _SEP + r"([a-gA-G6])"          # Wob 10.2.x
    r"|(?<![\w.,/@-])([5Ss])" + _SEP + r"([1Il|])" + _SEP + r"([12])" + _SEP + r"([a-iA-I6])"  # Woo 5.1.2.x
    r")(?![\w]|[.,]\d)"
)
# What every _OCR_CODES match holds: the "0" (or "O", "o") of "10", or the "1" (or "I", "l",
# "|") of "5.1", then a separator or two and the "1" or "2" of the paragraph. A search for it is
# fast; most lines with digits (dates, amounts) have none, and then _OCR_CODES is not run.
_OCR_HINT = re.compile(r"[0Oo1Il|][ .,:;]{0,2}[12]")
_MARKER = re.compile(r"\[\s*(?:redacted|weggelakt|gelakt|\.\.\.|…)\s*\]|█|■|\bxxx+\b", re.I)
# A code right after these words names a ground (a citation), it does not mark redacted text
_CITED = re.compile(r"(?:art(?:ikel|\.)?|lid|onder|grond(?:slag)?|ingevolge)\s*$", re.I)
_CITE_WINDOW = 24  # characters before a code in which _CITED is looked for
# An ordinal ("de 102e vergadering") reads like a code without dots
_ORDINAL = re.compile(r"(?:\b(?:de|het|een|the)\s+)$", re.I)
# What may surround codes on a line that consists of codes only.
_CODE_LINE_FILLER = re.compile(r"[\s,;:/&+\-–*_#>()|\[\]]|\ben\b|redacted|weggelakt", re.I)


@functools.lru_cache(maxsize=4096)  # per code found; the same few spellings come back
def normalise(raw: str) -> str | None:
    """The canonical code for one printed code, or None when ``raw`` is not a code."""
    if not raw:
        return None
    t = raw.strip().lower()
    t = re.sub(r"\[\s*redacted\s*\]", "", t).strip()
    m = re.fullmatch(r"\(\s*10\s*\)\s*\(\s*([12])\s*([a-g])\s*\)", t) or re.fullmatch(
        r"10\.([12])\.?\s?([a-g])", t)
    if m:
        return f"10.{m.group(1)}.{m.group(2)}"
    m = re.fullmatch(r"5\.1\.([12])\.?\s?([a-i])", t)
    if m:
        return f"5.1.{m.group(1)}.{m.group(2)}"
    if re.fullmatch(r"\(\s*11\s*\)\s*\(\s*1\s*\)|11\.1", t):
        return "11.1"
    if t in ("5.1.4", "5.1.5", "5.2"):
        return t
    return None


def _ocr_code(m: re.Match) -> str:
    """The canonical code of an _OCR_CODES match ("6" read as "e")."""
    if m.group(1):
        letter = m.group(3).lower().replace("6", "e")
        return f"10.{m.group(2)}.{letter}"
    letter = m.group(7).lower().replace("6", "e")
    return f"5.1.{m.group(6)}.{letter}"


def _only_codes(text: str) -> bool:
    """True when ``text`` holds codes and separators only (a blacked-out line)."""
    rest = _BARE_CODES.sub(" ", _OCR_CODES.sub(" ", _LETTER_CODES.sub(" ", text)))
    rest = _MARKER.sub(" ", rest)
    return not _CODE_LINE_FILLER.sub("", rest).strip()


def _cited(text: str, start: int) -> bool:
    return bool(_CITED.search(text[max(0, start - _CITE_WINDOW): start]))


def find_codes(text: str) -> list[tuple[str, str, int, str]]:
    """(code, raw, offset, kind) of every code on one line; kind "mark" (printed on or beside
    redacted text) or "citation" (a ground named: "artikel 10.2.e", "Art. 10.2.e.").

    Linear in the line: the citation words are looked for in a short window before each
    code, and a code is "in a list" when its neighbour in line order is close.
    """
    found: list[tuple[int, int, str, str, bool]] = []  # start, end, code, raw, strict letter code
    for m in _LETTER_CODES.finditer(text):
        code = normalise(m.group(0))
        if code:
            found.append((m.start(), m.end(), code, m.group(0), True))
    taken = [(a, b) for a, b, *_ in found]
    risky: set[int] = set()  # starts of OCR forms that need redaction context (6 for e, ordinals)
    for m in (_OCR_CODES.finditer(text) if _OCR_HINT.search(text) else ()):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        raw = m.group(0)
        if raw[-1] == "6" or (not re.search(r"[ .,:;]", raw) and _ORDINAL.search(text[max(0, m.start() - 8): m.start()])):
            risky.add(m.start())
        found.append((m.start(), m.end(), _ocr_code(m), raw, True))
    bare = [(m.start(), m.end(), code, m.group(0), False) for m in _BARE_CODES.finditer(text)
            if (code := normalise(m.group(0)))]
    every = sorted(found + bare)
    whole_line = None
    out: list[tuple[str, str, int, str]] = []
    for i, (start, end, code, raw, strong) in enumerate(every):
        if _cited(text, start):
            out.append((code, raw, start, "citation"))
            continue
        if strong and start not in risky:
            out.append((code, raw, start, "mark"))
            continue
        # bare codes and risky OCR forms count only in redaction context
        if whole_line is None:
            whole_line = _only_codes(text)
        near = text[max(0, start - 25): end + 25]
        in_list = (i > 0 and abs(start - every[i - 1][1]) < 6) or (
            i + 1 < len(every) and abs(every[i + 1][0] - end) < 6)
        if whole_line or _MARKER.search(near) or in_list:
            out.append((code, raw, start, "mark"))
    return out


@functools.lru_cache(maxsize=16384)
def _line_codes(text: str) -> tuple[tuple[str, str, int, str], ...]:
    """``find_codes`` of one line, kept: the marks and the citations steps read the same lines."""
    return tuple(find_codes(text))


def find_in_text(text: str) -> list[tuple[str, str, int]]:
    """(code, raw, offset) of every redaction mark in one line of text."""
    return [(code, raw, at) for code, raw, at, kind in find_codes(text) if kind == "mark"]


def may_hold_code(text: str) -> bool:
    """False when no code can be on the line: every spelling holds the paragraph's "1" or "2"
    (10.[12], (10)(2e), 5.1.[12], OCR "I0 2 e", "S.12e") or the "1" of 11.1 and 5.1.4, the
    "2" of 5.2. Two substring tests in C instead of a pattern search for a digit: most lines
    have neither (a code always has digits)."""
    return "1" in text or "2" in text


# An inventory row gives each document its assessment beside its grounds ("Deels openbaar
# 5.1.2.e", "Gedeeltelijk openbaar | Art. 10.2.e."): a code within two lines of such a cell
# (a short line that starts with the assessment; running text "wordt openbaar gemaakt" does
# not) is cited, not a mark.
_ASSESSMENT = re.compile(r"^\W{0,3}(?:(?:deels|gedeeltelijk|niet)\s)?openbaar\b", re.I)
_CELL = 60  # characters: an assessment cell, not a sentence
_ROW_REACH = 2


def _find(lines: list[DocLine], kind: str) -> list[Redaction]:
    found: list[Redaction] = []
    texts = [dl.line.text for dl in lines]
    # (match: the pattern is anchored at the start)
    assessed = [i for i, t in enumerate(texts) if t and len(t) <= _CELL and _ASSESSMENT.match(t)]
    near_row: set[int] = set()
    for i in assessed:
        near_row.update(j for j in range(i - _ROW_REACH, i + _ROW_REACH + 1)
                        if 0 <= j < len(lines) and lines[j].page == lines[i].page)
    for i, text in enumerate(texts):
        if not may_hold_code(text):
            continue
        dl = lines[i]
        for code, raw, _, k in _line_codes(text):
            if k == "mark" and i in near_row:
                k = "citation"
            if k == kind:
                found.append(Redaction(code=code, raw=raw, page=dl.page, line=dl.number))
    return found


def find_redactions(lines: list[DocLine]) -> list[Redaction]:
    """Every redaction mark in the document's lines (furniture included: a blacked-out name
    in a letterhead is a redaction too), with page and file line."""
    return _find(lines, "mark")


def find_citations(lines: list[DocLine]) -> list[Redaction]:
    """Every ground cited in the document's lines ("op grond van artikel 10.2.e", an
    inventory row's "Art. 10.2.e."): what a decision or inventory says, not a redaction."""
    return _find(lines, "citation")


# The grounds, from the texts of the laws:
# - Wet openbaarheid van bestuur (Wob), art. 10 lid 1 (absolute grounds), art. 10 lid 2
#   (relative grounds, weighed against the interest of openness) and art. 11 lid 1
#   (personal policy opinions in documents for internal deliberation).
# - Wet open overheid (Woo, in force 1 May 2022), art. 5.1 lid 1 (absolute), art. 5.1 lid 2
#   (relative), art. 5.1 lid 5 (disproportionate harm) and art. 5.2 lid 1 (personal policy
#   opinions). The Woo replaced the Wob; "woo_equivalent" says which Woo ground took over
#   a Wob ground (Memorie van toelichting Woo, transponeringstabel).
# Wording shortened to the ground itself; the full article adds conditions.
_GROUNDS: dict[str, tuple[str, str, str, str, str | None]] = {
    # code: (law, article, Dutch, English, Woo equivalent of a Wob code)
    "10.1.a": ("Wob", "10, lid 1, onder a", "de eenheid van de Kroon in gevaar kunnen brengen",
               "could endanger the unity of the Crown", "5.1.1.a"),
    "10.1.b": ("Wob", "10, lid 1, onder b", "de veiligheid van de Staat kunnen schaden",
               "could harm the security of the State", "5.1.1.b"),
    "10.1.c": ("Wob", "10, lid 1, onder c",
               "bedrijfs- en fabricagegegevens die door natuurlijke personen of rechtspersonen "
               "vertrouwelijk aan de overheid zijn meegedeeld",
               "company and manufacturing data communicated to the government in confidence",
               "5.1.1.c"),
    "10.1.d": ("Wob", "10, lid 1, onder d", "bijzondere persoonsgegevens",
               "special categories of personal data", "5.1.1.d"),
    "10.2.a": ("Wob", "10, lid 2, onder a",
               "de betrekkingen van Nederland met andere staten en met internationale organisaties",
               "relations of the Netherlands with other states and international organisations",
               "5.1.2.a"),
    "10.2.b": ("Wob", "10, lid 2, onder b",
               "de economische of financiële belangen van de Staat, de andere publiekrechtelijke "
               "lichamen of bestuursorganen",
               "economic or financial interests of the State, other public bodies or "
               "administrative authorities", "5.1.2.b"),
    "10.2.c": ("Wob", "10, lid 2, onder c", "de opsporing en vervolging van strafbare feiten",
               "investigation and prosecution of criminal offences", "5.1.2.c"),
    "10.2.d": ("Wob", "10, lid 2, onder d", "inspectie, controle en toezicht door bestuursorganen",
               "inspection, control and supervision by administrative authorities", "5.1.2.d"),
    "10.2.e": ("Wob", "10, lid 2, onder e", "eerbiediging van de persoonlijke levenssfeer",
               "respect for personal privacy", "5.1.2.e"),
    "10.2.f": ("Wob", "10, lid 2, onder f",
               "het belang dat de geadresseerde erbij heeft als eerste kennis te kunnen nemen van "
               "de informatie",
               "the addressee's interest in being the first to learn of the information",
               None),  # no Woo counterpart: the ground was dropped
    "10.2.g": ("Wob", "10, lid 2, onder g",
               "het voorkomen van onevenredige bevoordeling of benadeling van bij de aangelegenheid "
               "betrokken natuurlijke personen of rechtspersonen dan wel van derden",
               "preventing disproportionate advantage or disadvantage to persons or "
               "organisations involved, or to third parties",
               "5.1.5"),  # partly also 5.1.2.i (functioning of the State)
    "11.1": ("Wob", "11, lid 1",
             "persoonlijke beleidsopvattingen in documenten opgesteld ten behoeve van intern beraad",
             "personal policy opinions in documents drawn up for internal deliberation", "5.2"),
    "5.1.1.a": ("Woo", "5.1, lid 1, onder a", "de eenheid van de Kroon in gevaar kunnen brengen",
                "could endanger the unity of the Crown", None),
    "5.1.1.b": ("Woo", "5.1, lid 1, onder b", "de veiligheid van de Staat kunnen schaden",
                "could harm the security of the State", None),
    "5.1.1.c": ("Woo", "5.1, lid 1, onder c",
                "bedrijfs- en fabricagegegevens die vertrouwelijk aan de overheid zijn meegedeeld",
                "company and manufacturing data communicated to the government in confidence",
                None),
    "5.1.1.d": ("Woo", "5.1, lid 1, onder d", "bijzondere persoonsgegevens",
                "special categories of personal data", None),
    "5.1.1.e": ("Woo", "5.1, lid 1, onder e", "identificatienummers (zoals het burgerservicenummer)",
                "national identification numbers (such as the citizen service number)", None),
    "5.1.2.a": ("Woo", "5.1, lid 2, onder a",
                "de betrekkingen van Nederland met andere staten en met internationale organisaties",
                "relations of the Netherlands with other states and international organisations",
                None),
    "5.1.2.b": ("Woo", "5.1, lid 2, onder b",
                "de economische of financiële belangen van de Staat, andere publiekrechtelijke "
                "lichamen of bestuursorganen",
                "economic or financial interests of the State, other public bodies or "
                "administrative authorities", None),
    "5.1.2.c": ("Woo", "5.1, lid 2, onder c", "de opsporing en vervolging van strafbare feiten",
                "investigation and prosecution of criminal offences", None),
    "5.1.2.d": ("Woo", "5.1, lid 2, onder d", "inspectie, controle en toezicht door bestuursorganen",
                "inspection, control and supervision by administrative authorities", None),
    "5.1.2.e": ("Woo", "5.1, lid 2, onder e", "de eerbiediging van de persoonlijke levenssfeer",
                "respect for personal privacy", None),
    "5.1.2.f": ("Woo", "5.1, lid 2, onder f",
                "de bescherming van andere dan in het eerste lid, onder c, genoemde "
                "concurrentiegevoelige bedrijfs- en fabricagegegevens",
                "protection of competitively sensitive company and manufacturing data", None),
    "5.1.2.g": ("Woo", "5.1, lid 2, onder g",
                "de bescherming van het milieu waarop deze informatie betrekking heeft",
                "protection of the environment the information concerns", None),
    "5.1.2.h": ("Woo", "5.1, lid 2, onder h",
                "de beveiliging van personen en bedrijven en het voorkomen van sabotage",
                "security of persons and companies and the prevention of sabotage", None),
    "5.1.2.i": ("Woo", "5.1, lid 2, onder i",
                "het goed functioneren van de Staat, andere publiekrechtelijke lichamen of "
                "bestuursorganen",
                "the proper functioning of the State, other public bodies or administrative "
                "authorities", None),
    # Art. 5.1 lid 4 is a rule on applying the grounds (not a ground of its own); the code is
    # sometimes printed, so it is known but described in general terms only.
    "5.1.4": ("Woo", "5.1, lid 4", "uitzondering op grond van artikel 5.1, vierde lid Woo",
              "exception under article 5.1(4) of the Woo", None),
    "5.1.5": ("Woo", "5.1, lid 5",
              "onevenredige benadeling van een ander belang dan genoemd in het eerste of tweede lid",
              "disproportionate harm to an interest other than those of the first or second "
              "paragraph", None),
    "5.2": ("Woo", "5.2, lid 1",
            "persoonlijke beleidsopvattingen in documenten opgesteld ten behoeve van intern beraad",
            "personal policy opinions in documents drawn up for internal deliberation", None),
}


def ground(code: str) -> dict | None:
    """The legal ground of a code (printed or normalised), or None for an unknown code.

    Keys: code, law ("Wob"|"Woo"), article ("10, lid 2, onder e"), text_nl, text_en, and
    woo_equivalent for Wob codes (None when the Woo has no counterpart).
    """
    key = normalise(code) or (code or "").strip()
    entry = _GROUNDS.get(key)
    if entry is None:
        return None
    law, article, nl, en, woo = entry
    out: dict[str, str | None] = {"code": key, "law": law, "article": article, "text_nl": nl, "text_en": en}
    if law == "Wob":
        out["woo_equivalent"] = woo
    return out


KNOWN_CODES = tuple(_GROUNDS)
