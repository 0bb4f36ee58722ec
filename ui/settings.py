"""What the app remembers between runs: window layout, last place, language, font size.

Stored as an INI file in the data directory (beside the catalog), so one data directory is
one complete, portable set-up and tests never touch the user's real settings."""

from __future__ import annotations

import json

from PySide6.QtCore import QSettings

from .navigation import Location


class Settings:
    def __init__(self, path: str | None = None):
        self.q = QSettings(str(path), QSettings.Format.IniFormat) if path else QSettings("zvdj-viewer", "ZvdJ Viewer")

    def window(self) -> tuple[bytes | None, bytes | None]:
        return self.q.value("window/geometry"), self.q.value("window/state")

    def set_window(self, geometry: bytes, state: bytes) -> None:
        self.q.setValue("window/geometry", geometry)
        self.q.setValue("window/state", state)
        self.q.sync()

    def last_location(self) -> Location | None:
        raw = self.q.value("last/location")
        if not raw:
            return None
        try:
            return Location(**json.loads(raw))
        except (TypeError, ValueError):
            return None

    def set_last_location(self, loc: Location | None) -> None:
        if loc is not None:
            self.q.setValue("last/location", json.dumps(loc.__dict__))

    def last_search(self) -> str:
        return self.q.value("last/search") or ""

    def set_last_search(self, text: str) -> None:
        self.q.setValue("last/search", text)

    def last_folder(self) -> str:
        return self.q.value("last/folder") or ""

    def set_last_folder(self, path: str) -> None:
        self.q.setValue("last/folder", path)

    def language(self) -> str | None:
        return self.q.value("ui/language") or None

    def set_language(self, code: str) -> None:
        self.q.setValue("ui/language", code)
        self.q.sync()

    def font_size(self) -> float | None:
        v = self.q.value("ui/font_size")
        try:
            return float(v) if v else None
        except (TypeError, ValueError):
            return None

    def set_font_size(self, size: float) -> None:
        self.q.setValue("ui/font_size", size)
