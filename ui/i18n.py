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


def plural(n: int, one: str, many: str, **values) -> str:
    """The Dutch text for one or for many, translated, with {n} and the values filled in:
    plural(1, "{n} bestand", "{n} bestanden") -> "1 bestand" (English: "1 file")."""
    return _(one if n == 1 else many).format(n=n, **values)


_qt_translators: list = []


def install_qt_translations(app, code: str | None = None) -> bool:
    """Qt's own words (file dialogs: "Zoeken in", "Annuleren", "Opslaan"; message box
    buttons) in the interface language, from the translations that ship inside PySide6.
    English needs none. Returns whether a translation was loaded."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    for t in _qt_translators:
        app.removeTranslator(t)
    _qt_translators.clear()
    code = code or _language
    if code == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        return False
    QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    t = QTranslator(app)
    if not t.load(f"qtbase_{code}", folder):
        return False
    app.installTranslator(t)
    _qt_translators.append(t)
    return True
