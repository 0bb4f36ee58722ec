"""Official publications (officielebekendmakingen XML/HTML): their metadata is the truth.

The reader collects what the file and its "__metadata.xml" (or SRU/OWMS record) carry into
``SourceText.metadata``: identifier, title, type, date (issued), available, dossier,
number (ondernummer / aanhangselnummer / volgnummer). ``apply_metadata(doc, source)`` puts
them on the document: the publication's own title rather than its first heading, its date,
its dossier number and volgnummer. ``publication_type(metadata)`` tells the document type:
parliamentary papers (kst-, ah-, h-, blg-) are kamerstukken (a Kamerbrief or a verslag of
a schriftelijk overleg where the type says so); decentral and national gazettes (gmb-,
prb-, wsb-, bgr-, stcrt-) publish decisions: permits, beschikkingen, verordeningen.
"""

from __future__ import annotations

import re

from .dates import parse_date
from ..model import Document, SourceText

_GAZETTE = re.compile(r"^(?:gmb|prb|wsb|bgr|stcrt|trb)-", re.I)
_DECISION = re.compile(r"vergunning|beschikking|besluit|verordening|regeling|aanwijzing|bekendmaking|"
                       r"ontheffing|verkeersbesluit|subsidie|onteigening", re.I)


def publication_type(metadata: dict, title: str | None = None) -> str | None:
    """The document type the metadata implies for a gazette publication, else None (the
    parliamentary rules in ``classify`` decide)."""
    ident = str(metadata.get("identifier") or "")
    publication = str(metadata.get("publication") or "")
    gazette = bool(_GAZETTE.match(ident)) or bool(re.search(
        r"gemeenteblad|staatscourant|provinciaal blad|waterschapsblad|blad gemeenschappelijke regeling",
        publication, re.I))
    if not gazette:
        return None
    what = " ".join(str(x) for x in (metadata.get("type"), metadata.get("title"), title) if x)
    return "besluit" if _DECISION.search(what) else "other"


def apply_metadata(doc: Document, source: SourceText) -> None:
    meta = source.metadata or {}
    title = meta.get("title") or source.title
    if title:
        doc.title = re.sub(r"\s+", " ", title).strip()[:200]
    for key in ("date", "signed", "available"):
        iso = parse_date(str(meta.get(key) or "")) if meta.get(key) else None
        if iso:
            doc.doc_date = iso
            break
    if meta.get("dossier"):
        doc.dossier = re.sub(r"\s+", "", str(meta["dossier"]))
    if meta.get("number"):
        doc.number = str(meta["number"]).strip()
