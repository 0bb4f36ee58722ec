"""The interface's few colours of its own (search hits, change marks, secondary text),
derived from the palette so they read in a light and in a dark theme alike.

Every other module asks here; no colour is written out anywhere else in ui/ (a test greps for
it). Secondary text is the palette's text mixed towards its background; accents (hits,
insertions, deletions, the current change) keep their hue and take a lightness that suits the
background: pale tints behind dark text, deep tints behind light text. Text on a tint is black
or white, whichever contrasts more (WCAG contrast ratio). ``paper()`` is the scheme for what
is printed or drawn on a page image: that is always light.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QGuiApplication, QPalette

BLACK = QColor(0, 0, 0)
WHITE = QColor(255, 255, 255)

# hues (degrees) of the accents: the meaning stays with the hue in both themes
YELLOW, ORANGE, GREEN, RED, BLUE = 50, 30, 120, 0, 212


def luminance(c: QColor) -> float:
    """Relative luminance (WCAG 2)."""
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """a moved a fraction t towards b."""
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t, a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)


def ink_on(bg: QColor) -> QColor:
    """Black or white text, whichever reads better on bg."""
    return BLACK if contrast(BLACK, bg) >= contrast(WHITE, bg) else WHITE


def _hsl(hue: int, sat: float, light: float, alpha: float = 1.0) -> QColor:
    return QColor.fromHslF(hue / 360, sat, light, alpha)


@dataclass(frozen=True)
class Scheme:
    dark: bool
    text: QColor
    base: QColor
    dim: QColor  # secondary text: labels, dates, explanations
    faint: QColor  # text that is there but not the point (page furniture)
    warn: QColor  # a problem worth seeing (an orphaned note)
    hit_bg: QColor  # a search term in the reading text
    hit_fg: QColor
    insert_bg: QColor  # compare: words that came in
    delete_bg: QColor  # compare: words that went out
    change_bg: QColor  # compare: words replaced
    mark: QColor  # compare: where words were inserted or deleted on the other side
    current_bg: QColor  # compare: the change F7 moved to
    current_line: QColor
    changed_row: QColor  # compare: the background of a row with a change
    page_hit: QColor  # over a page image (translucent)
    page_hit_current: QColor
    code_outline: QColor  # a redaction code on a page image

    def hit_style(self) -> str:
        return f"background-color:{self.hit_bg.name()};color:{self.hit_fg.name()}"


def scheme_for(base: QColor, text: QColor) -> Scheme:
    """The scheme for text of colour text on a background base."""
    dark = luminance(base) < luminance(text)
    tint = 0.30 if dark else 0.86  # lightness of a background tint behind the palette's text
    accent = 0.72 if dark else 0.38  # lightness of coloured text on the base
    hit_bg = _hsl(YELLOW, 1.0, 0.50 if dark else 0.65)
    return Scheme(
        dark=dark, text=QColor(text), base=QColor(base),
        dim=mix(text, base, 0.40), faint=mix(text, base, 0.55),
        warn=_hsl(RED, 0.65, accent),
        hit_bg=hit_bg, hit_fg=ink_on(hit_bg),
        insert_bg=_hsl(GREEN, 0.45, tint), delete_bg=_hsl(RED, 0.55, tint), change_bg=_hsl(ORANGE + 10, 0.75, tint),
        mark=_hsl(RED, 0.85, accent), current_bg=_hsl(BLUE, 0.65, 0.36 if dark else 0.82),
        current_line=_hsl(BLUE, 0.80, accent),
        changed_row=mix(base, _hsl(YELLOW + 10, 0.6, 0.5), 0.06),
        # page images are paper: these are drawn on white whatever the theme
        page_hit=_hsl(YELLOW + 4, 1.0, 0.5, 0.43), page_hit_current=_hsl(ORANGE + 3, 1.0, 0.5, 0.51),
        code_outline=_hsl(BLUE + 8, 0.74, 0.45),
    )


def scheme(palette: QPalette | None = None) -> Scheme:
    """The scheme of a palette (default: the application's, which follows the system)."""
    if palette is None:
        palette = QGuiApplication.palette()
    return scheme_for(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text))


def paper() -> Scheme:
    """For what is printed or exported (HTML, PDF) and drawn on page images: black on white."""
    return scheme_for(WHITE, BLACK)
