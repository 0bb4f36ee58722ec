"""Where the user is, and where they have been (Back/Forward).

Pure Python on purpose: the history is tested without Qt, and every view
(meeting, document, search) speaks in ``Location`` values so a jump from any
panel can be recorded and replayed the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = ["Location", "History"]

KINDS = ("meeting", "document", "compare", "audit")


@dataclass(frozen=True)
class Location:
    """A place in the archive.

    kind    "meeting" (target = meeting id), "document" (target = document id),
            "compare" (target = "A|B", item = the current change) or
            "audit" (target = its scope: "archive", "meeting:ID", "document:ID";
            item = the check filtered on, line = the chosen finding's row)
    item    agenda item number as printed ("4", "4a"), or None
    page    1-based PDF page, or None
    line    1-based line for text sources, or None
    query   search query whose hits should be highlighted, or None
    """

    kind: str
    target: str
    item: str | None = None
    page: int | None = None
    line: int | None = None
    query: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Location kind must be one of {KINDS}, not {self.kind!r}")
        if not self.target:
            raise ValueError("Location needs a target id")

    def with_(self, **changes) -> "Location":
        """A copy with some fields changed (e.g. the item the user picked)."""
        return replace(self, **changes)


class History:
    """Browser-style history: visiting a new place drops the forward list.

    ``current`` is the place shown now. ``back()``/``forward()`` return the
    place to show, or None when there is nowhere to go.
    """

    def __init__(self, limit: int = 200) -> None:
        self._limit = limit
        self._items: list[Location] = []
        self._pos = -1  # index of current, -1 when empty

    @property
    def current(self) -> Location | None:
        return self._items[self._pos] if self._pos >= 0 else None

    def visit(self, loc: Location) -> None:
        if loc == self.current:
            return  # re-opening the same place is not a step
        del self._items[self._pos + 1:]
        self._items.append(loc)
        if len(self._items) > self._limit:
            del self._items[0]
        self._pos = len(self._items) - 1

    def replace_current(self, loc: Location) -> None:
        """Refine the current place without adding a step (e.g. scrolled
        to another item inside the same meeting)."""
        if self._pos < 0:
            self.visit(loc)
        else:
            self._items[self._pos] = loc

    def can_back(self) -> bool:
        return self._pos > 0

    def can_forward(self) -> bool:
        return 0 <= self._pos < len(self._items) - 1

    def back(self) -> Location | None:
        if not self.can_back():
            return None
        self._pos -= 1
        return self._items[self._pos]

    def forward(self) -> Location | None:
        if not self.can_forward():
            return None
        self._pos += 1
        return self._items[self._pos]

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        self._items.clear()
        self._pos = -1


_MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
              "september", "oktober", "november", "december")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


def format_date(iso: str | None, lang: str | None = None) -> str:
    """"2019-11-06" -> "6 november 2019" (or "6 November 2019"); other text unchanged.
    Without lang: the interface language (an English window shows no Dutch months)."""
    if not iso:
        return ""
    if lang is None:
        from .i18n import language

        lang = language()
    parts = iso.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12:
        months = _MONTHS_EN if lang == "en" else _MONTHS_NL
        return f"{int(parts[2])} {months[int(parts[1]) - 1]} {parts[0]}"
    return iso
