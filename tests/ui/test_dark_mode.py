"""Dark mode follows the palette: no colour is written out in ui/ outside ui/colours.py, the
colours computed there read in a light and a dark palette, and the app started with a dark
palette shows nothing in a fixed light colour (reading text with search hits, the meeting
columns, the compare view, the search results). Screenshots of the dark screens at 1280x800 in
Dutch and English go to artifacts/screenshots/laptop/ (run under Xvfb with
QT_QPA_PLATFORM=xcb for real fonts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QTextBrowser, QWidget

from zvdj_viewer.ui import colours, i18n
from zvdj_viewer.ui.main_window import MainWindow
from zvdj_viewer.ui.navigation import Location
from zvdj_viewer.ui.settings import Settings

UI = Path(__file__).resolve().parents[2] / "ui"
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "laptop"

# what a colour written out looks like in Python source, a style sheet or an HTML snippet
WRITTEN_COLOUR = re.compile(
    r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b[\"';) ]|QColor\(\s*[\"'\d]|Qt\.GlobalColor|Qt\.(?:white|black|gray|red)\b"
    r"|\b(?:color|background)(?:-color)?\s*:\s*(?!\{|palette\()[a-z#]|bgcolor=\"?#")


def dark_palette() -> QPalette:
    """A dark palette as a desktop in dark mode hands it to Qt."""
    p = QPalette()
    roles = {QPalette.ColorRole.Window: "#2d2d2d", QPalette.ColorRole.WindowText: "#e8e8e8",
             QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#262626",
             QPalette.ColorRole.Text: "#e8e8e8", QPalette.ColorRole.Button: "#353535",
             QPalette.ColorRole.ButtonText: "#e8e8e8", QPalette.ColorRole.BrightText: "#ffffff",
             QPalette.ColorRole.Highlight: "#2f65ca", QPalette.ColorRole.HighlightedText: "#ffffff",
             QPalette.ColorRole.PlaceholderText: "#9a9a9a", QPalette.ColorRole.Link: "#7aa7ff",
             QPalette.ColorRole.LinkVisited: "#b38cff", QPalette.ColorRole.ToolTipBase: "#353535",
             QPalette.ColorRole.ToolTipText: "#e8e8e8", QPalette.ColorRole.Light: "#454545",
             QPalette.ColorRole.Midlight: "#3a3a3a", QPalette.ColorRole.Mid: "#2a2a2a",
             QPalette.ColorRole.Dark: "#151515", QPalette.ColorRole.Shadow: "#000000"}
    for role, name in roles.items():
        p.setColor(role, QColor(name))
    return p


def test_ui_writes_out_no_colour_outside_the_colours_module():
    found = []
    for path in sorted(UI.glob("*.py")):
        if path.name == "colours.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("  # ")[0] if not line.lstrip().startswith("#") else ""
            if WRITTEN_COLOUR.search(code):
                found.append(f"{path.name}:{n}: {line.strip()}")
    assert not found, "colours written out in ui/ (derive them in ui/colours.py):\n" + "\n".join(found)


def test_the_pattern_finds_the_ways_a_colour_was_written():
    for line in ['HIT = "background-color:#ffe14d;color:#000"', 'x.setStyleSheet("color:#888")',
                 "QBrush(QColor(\"#a33\"))", "item.setForeground(Qt.GlobalColor.gray)",
                 "<span style=\"color:gray\">", "bg = ' bgcolor=\"#fbfbf4\"'", "QColor(255, 140, 0, 130)"]:
        assert WRITTEN_COLOUR.search(line), line
    for line in ["f\"color:{c.dim.name()}\"", "\"color: palette(mid)\"", "# 1 #ab"]:
        assert not WRITTEN_COLOUR.search(line), line


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_every_colour_pair_reads_in_light_and_dark(qapp, palette):
    pal = dark_palette() if palette == "dark" else QPalette(QColor("#efefef"))
    c = colours.scheme(pal)
    assert c.dark == (palette == "dark")
    assert colours.contrast(c.hit_bg, c.hit_fg) >= 7  # a search hit must stand out and read
    for bg in (c.insert_bg, c.delete_bg, c.change_bg, c.current_bg, c.changed_row):
        assert colours.contrast(bg, c.text) >= 4.5, bg.name()
    for fg in (c.dim, c.warn, c.mark, c.current_line):
        assert colours.contrast(fg, c.base) >= 3.5, fg.name()
    assert colours.contrast(c.faint, c.base) >= 2.2  # page furniture: there, but not the point
    # the accents keep their meaning: insertions green, deletions red, hits yellow
    assert 90 <= c.insert_bg.hslHue() <= 150 and c.delete_bg.hslHue() in range(0, 20)
    assert 40 <= c.hit_bg.hslHue() <= 60
    # marks on a page image are drawn on paper: the same in both themes
    assert c.code_outline == colours.paper().code_outline


def _styles(html: str):
    """(foreground, background) of every inline style and bgcolor in rich text."""
    for m in re.finditer(r'style="([^"]*)"|bgcolor="?(#[0-9a-fA-F]{6})', html):
        if m.group(2):
            yield None, QColor(m.group(2))
            continue
        css = dict((k.strip().lower(), v.strip()) for k, _, v in
                   (part.partition(":") for part in m.group(1).split(";")) if v)
        fg = css.get("color")
        bg = css.get("background-color")
        yield (QColor(fg) if fg else None), (QColor(bg) if bg and bg != "transparent" else None)


def _problems(win: QWidget, pal: QPalette) -> list[str]:
    text, base = pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.Base)
    out = []
    for w in win.findChildren(QWidget):
        if not w.isVisible():
            continue
        if re.search(r"#[0-9a-fA-F]{3,6}\b|\b(white|black|gray)\b", w.styleSheet()):
            out.append(f"{type(w).__name__} style sheet: {w.styleSheet()}")
        html = w.toHtml() if isinstance(w, QTextBrowser) else w.text() if isinstance(w, QLabel) else ""
        for fg, bg in _styles(html):
            if bg is not None:
                ink = fg or text
                if colours.contrast(bg, ink) < 4.5:
                    out.append(f"{type(w).__name__} {w.accessibleName()!r}: {ink.name()} on {bg.name()}")
            elif fg is not None and colours.contrast(fg, base) < 2.2:
                out.append(f"{type(w).__name__} {w.accessibleName()!r}: {fg.name()} on the base {base.name()}")
    return out


def open_window(qtbot, archive, tmp_path, lang: str) -> MainWindow:
    i18n.set_language(lang)
    win = MainWindow(archive, settings=Settings(str(tmp_path / "s.ini")))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def dark(qapp):
    before = QApplication.palette()
    QApplication.setPalette(dark_palette())
    yield QApplication.palette()
    QApplication.setPalette(before)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_app_in_a_dark_palette_shows_no_fixed_light_colour(qtbot, sample, tmp_path, dark, lang):
    from zvdj_viewer.woo import service

    SHOTS.mkdir(parents=True, exist_ok=True)
    win = open_window(qtbot, sample, tmp_path, lang)
    try:
        seen = {}

        def look(name: str) -> None:
            qtbot.wait(30)
            seen[name] = _problems(win, dark)
            assert win.grab().save(str(SHOTS / f"dark-{lang}-{name}.png"))

        look("01-library")
        next(a for a, t in win._source_texts if t == "&Zoeken").trigger()
        qtbot.keyClicks(win.search.field, "steunfiguur")
        qtbot.waitUntil(lambda: bool(win.search.last_hits), timeout=10000)
        look("02-search")
        qtbot.keyClick(win.search.field, Qt.Key.Key_Return)  # opens the first hit, terms marked
        assert win.stack.currentWidget() is win.document_view
        assert win.document_view.reading is not None and "steunfiguur" in win.document_view.reading.plain.lower()
        hit = colours.scheme(dark).hit_bg.name()
        assert hit in win.document_view.reading.html  # the palette's hit colour, not a fixed one
        look("03-document")
        m = max(sample.meetings(), key=lambda m: sum(len(v) for v in m.documents.values()))
        assert win.go(Location("meeting", m.id))
        look("04-meeting")
        pairs = service.archive_versions(sample)
        docs = [d.id for d in sample.documents() if d.type == "verslag"]
        win.open_compare(*(pairs[0].a, pairs[0].b) if pairs else docs[:2])
        assert win.compare_view.change_count() >= 1
        qtbot.keyClick(win.compare_view.text, Qt.Key.Key_F7)
        look("05-compare")
        next(a for a, t in win._source_texts if t == "&Lakkingen controleren").trigger()
        qtbot.waitUntil(lambda: not win.audit_view.running(), timeout=60000)
        look("06-audit")
        bad = {name: p for name, p in seen.items() if p}
        assert not bad, bad
    finally:
        win.stop_background()
        i18n.set_language("nl")


def test_a_theme_switch_while_open_recolours_the_reading_text(qtbot, sample, tmp_path, qapp):
    """The system goes dark while a document with hits is open: its text is drawn again."""
    before = QApplication.palette()
    win = open_window(qtbot, sample, tmp_path, "nl")
    try:
        hit = sample.search("steunfiguur")[0]
        assert win.go(Location("document", hit.doc_id, query="steunfiguur"))
        light_hit = colours.scheme(before).hit_bg.name()
        assert light_hit in win.document_view.reading.html
        QApplication.setPalette(dark_palette())
        qtbot.wait(30)
        dark_hit = colours.scheme(dark_palette()).hit_bg.name()
        assert dark_hit != light_hit
        assert dark_hit in win.document_view.reading.html
    finally:
        QApplication.setPalette(before)
        win.stop_background()
