"""One language per interface: every visible widget's text, in Dutch and in English, on every
main screen (with a file that cannot be read and a PDF page without text, so the failure and
problem messages show too). The words of the documents themselves (titles, series, places,
item titles) are taken out first: what remains is the interface's own wording."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialogButtonBox, QLabel, QLineEdit,
                               QTabBar, QTableWidget, QTextBrowser, QTreeWidget, QTreeWidgetItemIterator, QWidget)

from zvdj_viewer.archive import Archive
from zvdj_viewer.resources import SAMPLE_ARCHIVE
from zvdj_viewer.ui import i18n
from zvdj_viewer.ui.main_window import MainWindow
from zvdj_viewer.ui.navigation import Location
from zvdj_viewer.ui.settings import Settings

# words only the other language uses (never in a Dutch sentence / never in an English one)
ENGLISH = re.compile(r"\b(?:page|pages|files?|new|changed|unchanged|removed|failed|layer|other|meetings|documents|"
                     r"hits?|findings?|cancelled|the|and|with|not|cannot|could|no|found)\b", re.I)
DUTCH = re.compile(r"\b(?:januari|februari|maart|mei|juni|juli|augustus|oktober|geen|niet|het|een|bestanden?|"
                   r"pagina|pagina's|vergaderingen|documenten|treffers?|bevindingen?|gelakt|leesbaar|kies|overig|"
                   r"nieuw|gewijzigd|notities|tekstlaag)\b", re.I)
RAW_KEY = re.compile(r"\b[a-z]+_[a-z_]+\b")  # geannoteerde_agenda, verslag_schriftelijk_overleg


def image_only_pdf(path):
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(pymupdf.Rect(50, 50, 300, 200), color=(0, 0, 0), fill=(0.5, 0.5, 0.5))
    doc.save(str(path))


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    extra = tmp_path_factory.mktemp("extra")
    image_only_pdf(extra / "scan zonder tekst.pdf")
    (extra / "kapot.pdf").write_bytes(b"xq 1234 zzzz")
    # a second version of the sample's letter (one word changed): the versions panel and
    # the compare view then have a pair to show
    letter = next(SAMPLE_ARCHIVE.glob("*Kamerbrief*"))
    text = letter.read_text(encoding="utf-8")
    (extra / ("v2-" + letter.name)).write_text(text.replace("voortgang", "stand", 1), encoding="utf-8")
    a = Archive(data_dir=tmp_path_factory.mktemp("data"))
    a.add_folder(str(SAMPLE_ARCHIVE))
    a.add_folder(str(extra))
    yield a
    a.close()


def data_words(archive) -> list[str]:
    """The documents' own words that widgets show (longest first, to cut them out)."""
    out = set()
    for s in archive.documents():
        d = archive.document(s.id)
        assert d is not None
        out |= {d.title or "", d.betreft or "", d.kenmerk or "", d.place or "", d.id, d.source, d.source.rsplit("/", 1)[-1]}
        out |= {it.title or "" for it in d.items}
    for m in archive.meetings():
        out |= {m.series or "", m.place or "", m.id}
        out |= {r.title or "" for r in m.items}
    # "Elders besproken" quotes the words a link was found by ("BO van 25 maart")
    out |= {w for x in archive.links() for w in (x.evidence, x.to_text, x.other_title) if w}
    return sorted((w for w in out if len(w) > 2), key=len, reverse=True)


def widget_texts(win) -> list[str]:
    out = [win.windowTitle(), win.statusBar().currentMessage()]
    for a in win.findChildren(QAction):
        out += [a.text(), a.toolTip()]
    for w in win.findChildren(QWidget):
        if not w.isVisible():
            continue
        out += [w.toolTip(), w.accessibleName(), w.windowTitle()]
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append(w.text())
        if isinstance(w, QLineEdit):
            out.append(w.placeholderText())
        if isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QTabBar):
            out += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QTableWidget):
            out += [w.horizontalHeaderItem(i).text() for i in range(w.columnCount()) if w.horizontalHeaderItem(i)]
            out += [w.item(r, c).text() for r in range(w.rowCount()) for c in range(w.columnCount()) if w.item(r, c)]
        if isinstance(w, QTreeWidget):
            out += [w.headerItem().text(c) for c in range(w.columnCount())]
            it = QTreeWidgetItemIterator(w)
            while it.value():
                out += [it.value().text(c) for c in range(w.columnCount())]
                it += 1
        if isinstance(w, QTextBrowser) and w.accessibleName() in ("Gegevens", "Details"):
            out.append(w.toPlainText())
    return [t for t in out if t]


def interface_words(texts, data) -> str:
    joined = "\n".join(texts)
    joined = re.sub(r"<[^<>]*>", " ", joined)  # rich-text labels
    # "Elders besproken" wraps its rows to the panel's width: a quoted title spans lines
    joined = re.sub(r"\s+", " ", joined)
    for w in data:
        joined = joined.replace(re.sub(r"\s+", " ", w), " ")
    return joined


def walk(win, qtbot):
    """Every main screen, as a user reaches it; yields the screen's name while it shows."""
    yield "home"
    for i in range(win.side.count()):
        win.side.setCurrentIndex(i)
        yield f"side tab {i}"
    win.side.setCurrentIndex(0)
    a = win.archive
    m = next(m for m in a.meetings() if m.documents.get("verslag"))
    assert win.go(Location("meeting", m.id))
    yield "meeting"
    scan = next(d for d in a.documents() if d.source.endswith("scan zonder tekst.pdf"))
    assert win.go(Location("document", scan.id))
    yield "document with a page without text"
    assert win.go(Location("document", m.documents["verslag"][0]))
    yield "document"
    win.search.set_query("jeugd")
    win.focus_search()
    yield "search"
    from zvdj_viewer.woo import service

    pair = service.archive_versions(a)
    assert pair, "the letter and its second version"
    if pair:
        assert win.go(Location("document", pair[0].a))
        win.side.setCurrentWidget(win.versions)
        qtbot.waitUntil(lambda: not win.versions.busy(), timeout=30000)
        assert win.versions.table.rowCount() >= 1, "the second version of the letter is found"
        yield "versions of a document"
    ids = [d.id for d in a.documents()]
    win.open_compare(*(pair[0].a, pair[0].b) if pair else (ids[0], ids[1]))
    yield "compare"
    next(x for x, text in win._source_texts if text == "&Lakkingen controleren").trigger()
    qtbot.waitUntil(lambda: not win.audit_view.running(), timeout=60000)
    yield "audit"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_visible_text_is_in_the_interface_language(qtbot, archive, tmp_path, lang):
    i18n.set_language(lang)
    try:
        win = MainWindow(archive, settings=Settings(str(tmp_path / "s.ini")))
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
        assert win.start_indexing()
        qtbot.waitUntil(lambda: not win.indexer.running(), timeout=120000)
        qtbot.wait(50)
        assert win.failed_files, "kapot.pdf cannot be read"
        data = data_words(archive)
        wrong = {}
        for screen in walk(win, qtbot):
            qtbot.wait(10)
            words = interface_words(widget_texts(win), data)
            if screen == "home":
                words += "\n" + win.failed_button.text() + "\n" + "\n".join(
                    _failed_lines(win))
            bad = (ENGLISH if lang == "nl" else DUTCH).findall(words) + RAW_KEY.findall(words)
            if bad:
                wrong[screen] = sorted(set(bad))
        assert not wrong, wrong
    finally:
        i18n.set_language("nl")


def _failed_lines(win):
    from zvdj_viewer.ui.wording import file_message

    return [file_message(reason) for _path, reason in win.failed_files]


def test_plural_forms(qtbot, archive, tmp_path):
    from zvdj_viewer.ui.i18n import plural

    for lang, one, many in (("nl", "1 document", "2 documenten"), ("en", "1 document", "2 documents")):
        i18n.set_language(lang)
        assert plural(1, "{n} document", "{n} documenten") == one
        assert plural(2, "{n} document", "{n} documenten") == many
    i18n.set_language("en")
    try:
        assert plural(1, "{n} bestand niet gelezen", "{n} bestanden niet gelezen") == "1 file not read"
        assert plural(1, "{n} treffer", "{n} treffers") == "1 hit"
    finally:
        i18n.set_language("nl")


def test_qt_dialogs_speak_the_interface_language(qtbot):
    app = QApplication.instance()
    try:
        assert i18n.install_qt_translations(app, "nl")
        box = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        qtbot.addWidget(box)
        assert box.button(QDialogButtonBox.Cancel).text() == "Annuleren"
        assert box.button(QDialogButtonBox.Save).text().replace("&", "") == "Opslaan"
    finally:
        i18n.install_qt_translations(app, "en")
    box = QDialogButtonBox(QDialogButtonBox.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.Cancel).text() == "Cancel"


def test_every_dutch_interface_text_has_an_english_translation():
    """Each literal passed to _() or plural() in ui/ is in the English table (else the English
    window shows that text in Dutch)."""
    import ast
    import importlib
    from pathlib import Path

    ui = Path(i18n.__file__).parent
    missing = []
    for path in sorted(ui.glob("*.py")):
        importlib.import_module(f"zvdj_viewer.ui.{path.stem}")  # registers its translations
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "plural"):
                args = node.args[:1] if node.func.id == "_" else node.args[1:3]
                missing += [(path.name, a.value) for a in args
                            if isinstance(a, ast.Constant) and isinstance(a.value, str) and a.value not in i18n.EN]
    assert not missing, missing
