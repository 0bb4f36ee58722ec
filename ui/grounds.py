"""A redaction code in words, for the interface: the core's table of legal grounds
(zvdj_viewer.understanding.redactions), never a copy of it here."""

from __future__ import annotations

from ..understanding.redactions import ground
from .i18n import _, add_translations, language

add_translations({"art.": "art."})


def ground_text(code: str, nl_text: str = "") -> str:
    """The legal ground in words, in the interface language, with its article:
    "eerbiediging van de persoonlijke levenssfeer (Wob art. 10, lid 2, onder e)".
    nl_text is said when the core does not know the code (a text from elsewhere)."""
    info = ground(code) or {}
    text = (info.get("text_en") if language() == "en" else None) or info.get("text_nl") or nl_text
    if text and info.get("law") and info.get("article"):
        text += f" ({info['law']} {_('art.')} {info['article']})"
    return text
