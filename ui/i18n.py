"""User-interface language: Dutch first, English selectable.

Every visible string in the UI is written in Dutch and passed through ``_()``. When the
language is English, ``_()`` looks the Dutch string up in ``EN`` and falls back to the Dutch
text, so a missing translation shows Dutch rather than nothing. A plain dict keeps this
simple to grep and to test; Qt's .ts/.qm tool chain would add build steps for no gain here.
"""

from __future__ import annotations

LANGUAGES = {"nl": "Nederlands", "en": "English"}

_language = "nl"

# Dutch source text -> English. Modules add their own strings with ``add_translations``.
EN: dict[str, str] = {}


def set_language(code: str) -> None:
    global _language
    _language = code if code in LANGUAGES else "nl"


def language() -> str:
    return _language


def add_translations(pairs: dict[str, str]) -> None:
    """Register Dutch -> English pairs (called at import time by each UI module)."""
    EN.update(pairs)


def _(text: str) -> str:
    if _language == "en":
        return EN.get(text, text)
    return text


def install_qt_translations(app) -> bool:
    """Qt's own texts (the file dialog's "Opslaan", "Annuleren", ...) in the interface
    language: without this a Dutch window opened an English save dialog. Returns whether a
    translation was loaded (English needs none)."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    old = getattr(app, "_zvdj_qt_translator", None)
    if old is not None:
        app.removeTranslator(old)
        app._zvdj_qt_translator = None
    if _language == "en":
        return False
    tr = QTranslator(app)
    if not tr.load(f"qtbase_{_language}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
        return False
    app.installTranslator(tr)
    app._zvdj_qt_translator = tr
    return True
