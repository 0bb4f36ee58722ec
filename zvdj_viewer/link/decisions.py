"""Decisions and actions recorded in a verslag: "Afspraak:", "Akkoord", "Vastgesteld",
"Besluit", "Actie:", "De stuurgroep stemt in met ...", and "Geen afspraak." (an outcome too:
nothing was agreed).

Only lines that START as an outcome count (after bullets and bold marks), plus a few
sentence forms in which the meeting itself agrees; a nota's "Akkoord met ...?" question is a
proposal, not an outcome, so questions are skipped and the caller passes verslagen only.
"""

from __future__ import annotations

import re

_MARK = re.compile(r"^[\s>*_#\-•–·o]*(?:\d+[.)]\s*)?[\s*_]*")
_START = re.compile(
    r"^(?P<kw>afspraak|afspraken|actie|acties|actiepunt|actiepunten|besluit|besluiten|besloten|"
    r"akkoord|vastgesteld|conclusie|dit is akkoord|geen\s+(?:afspraak|akkoord|besluit))\b\s*(?:[*_]*\s*[:.]|\*\*|\s|$)", re.I)
# sentence forms: "De stuurgroep stemt in met", "Partijen gaan akkoord met", "wordt vastgesteld"
_SENTENCE = re.compile(
    r"\b(?:stemt|stemmen)\s+in\s+met\b|\b(?:gaat|gaan)\s+akkoord\s+met\b|\bwordt\s+vastgesteld\b|"
    r"\bwordt\s+besloten\b|\bbesluit(?:en)?\s+(?:om|tot|dat)\b", re.I)

KINDS = {"afspraak": "afspraak", "afspraken": "afspraak", "actie": "actie", "acties": "actie",
         "actiepunt": "actie", "actiepunten": "actie"}


def find_decisions(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, 0-based line index in text) for every outcome line. kind is
    "afspraak", "actie" or "besluit"."""
    out = []
    for i, raw in enumerate((text or "").splitlines()):
        line = raw.strip()
        if not line or line.rstrip("*_ ").endswith("?"):
            continue
        body = _MARK.sub("", line)
        m = _START.match(body)
        if m and re.match(r"\s*\d", body[m.end("kw"):]):
            continue  # "Afspraak 6: Inzicht in ..." names an agreement in a list, it records none
        if m:
            kind = KINDS.get(m.group("kw").lower(), "besluit")
        elif _SENTENCE.search(body) and not re.match(r"(?i)(indien|als|wanneer|mocht)\b", body):
            kind = "besluit"
        else:
            continue
        clean = re.sub(r"[*_]{2,}", "", body).strip()
        out.append((kind, clean, i))
    return out
