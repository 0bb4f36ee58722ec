"""Decisions and actions recorded in a verslag: "Afspraak:", "Akkoord", "Vastgesteld",
"Besluit", "Actie:", "De stuurgroep stemt in met ...", and "Geen afspraak." (an outcome too:
nothing was agreed).

Committees and councils of other bodies write "Besluit:" on a line of its own with the
decision on the next line, "De raad besluit unaniem:" / "in meerderheid:" / "bij acclamatie:"
followed by the decision and the vote ("Tegen het voorstel stemden ..."), "De agenda is
hierna vastgesteld", "Aangenomen met 20 stemmen voor", "Aangehouden tot ...".

Only lines that START as an outcome count (after bullets and bold marks), plus a few
sentence forms in which the meeting itself agrees; a nota's "Akkoord met ...?" question is a
proposal, not an outcome, so questions are skipped and the caller passes verslagen only.
"""

from __future__ import annotations

import re

_MARK = re.compile(r"^[\s>*_#\-•–·o]*(?:\d+[.)]\s*)?[\s*_]*")
_START = re.compile(
    r"^(?P<kw>afspraak|afspraken|actie|acties|actiepunt|actiepunten|besluit|besluiten|besloten|"
    r"akkoord|vastgesteld|conclusie|dit is akkoord|aangenomen|aangehouden|verworpen|"
    r"geen\s+(?:afspraak|akkoord|besluit))\b\s*(?:[*_]*\s*[:.]|\*\*|\s|$)", re.I)
# sentence forms: "De stuurgroep stemt in met", "Partijen gaan akkoord met", "wordt vastgesteld"
_SENTENCE = re.compile(
    r"\b(?:stemt|stemmen)\s+in\s+met\b|\b(?:gaat|gaan)\s+akkoord\s+met\b|\bwordt\s+vastgesteld\b|"
    r"\bwordt\s+besloten\b|\bbesluit(?:en)?\s+(?:om|tot|dat)\b|\bis\s+(?:hierna\s+)?vastgesteld\b", re.I)
# a council's decision: the sentence, then the decision and its vote on the next lines
_COUNCIL = re.compile(
    r"\bbesluit\s+(?:unaniem|in\s+meerderheid|bij\s+acclamatie|met\s+algemene\s+stemmen|zonder\s+stemming)", re.I)
_VOTE = re.compile(r"^(?:tegen|voor)\b.{0,200}\bstemde|^over\s+.{0,80}\bgestemd", re.I)
_LABEL_ONLY = re.compile(r"^(?:besluit|afspraak|actie|conclusie)\s*:$", re.I)
FOLLOW = 4  # lines a council decision or a "Besluit:" label may take after it

KINDS = {"afspraak": "afspraak", "afspraken": "afspraak", "actie": "actie", "acties": "actie",
         "actiepunt": "actie", "actiepunten": "actie"}


def find_decisions(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, 0-based line index in text) for every outcome line. kind is
    "afspraak", "actie" or "besluit"."""
    out = []
    lines = (text or "").splitlines()
    skip_to = -1
    for i, raw in enumerate(lines):
        if i <= skip_to:
            continue
        line = raw.strip()
        if not line or line.rstrip("*_ ").endswith("?"):
            continue
        body = _MARK.sub("", line)
        clean = re.sub(r"[*_]{2,}", "", body).strip()
        if _LABEL_ONLY.match(clean):
            # "Besluit:" alone: the decision is the next line
            j = next((k for k in range(i + 1, min(i + 3, len(lines))) if lines[k].strip()), None)
            if j is not None and not lines[j].strip().endswith(":"):
                kw = clean.rstrip(": ").lower()
                out.append((KINDS.get(kw, "besluit"), re.sub(r"[*_]{2,}", "", lines[j].strip()), j))
                skip_to = j
            continue
        if _COUNCIL.search(body):
            parts, k, ended = [clean], i + 1, False
            while k < len(lines) and k <= i + FOLLOW and lines[k].strip():
                nxt = lines[k].strip()
                if _COUNCIL.search(nxt) or (ended and not _VOTE.match(nxt)):
                    break
                parts.append(nxt)
                ended = ended or nxt.endswith((".", ";"))
                k += 1
            out.append(("besluit", " ".join(parts), i))
            skip_to = k - 1
            continue
        m = _START.match(body)
        if m and re.match(r"\s*\d", body[m.end("kw"):]):
            continue  # "Afspraak 6: Inzicht in ..." names an agreement in a list, it records none
        if m:
            kind = KINDS.get(m.group("kw").lower(), "besluit")
        elif _SENTENCE.search(body) and not re.match(r"(?i)(indien|als|wanneer|mocht)\b", body):
            kind = "besluit"
        else:
            continue
        out.append((kind, clean, i))
    return out
