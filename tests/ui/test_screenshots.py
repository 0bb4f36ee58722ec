"""Screenshots of each screen with the seeds indexed, saved to artifacts/screenshots/ for people
to look at (run under Xvfb with QT_QPA_PLATFORM=xcb for real font rendering). The asserts
check that each screen shows what it should, so this is a test and not only a camera."""

from __future__ import annotations

from pathlib import Path

import pytest

from zvdj_viewer.archive import Archive
from zvdj_viewer.ui import i18n
from zvdj_viewer.ui.main_window import MainWindow
from zvdj_viewer.ui.navigation import Location
from zvdj_viewer.ui.settings import Settings

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seeds_dir):
    data = tmp_path_factory.mktemp("seeded")
    a = Archive(data_dir=data)
    a.add_folder(str(seeds_dir))
    a.update(workers=2)
    yield a
    a.close()


def _shot(win, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    assert win.grab().save(str(path))
    return path


def test_screens_with_the_seeds(qtbot, seeded, tmp_path):
    i18n.set_language("nl")
    win = MainWindow(seeded, settings=Settings(str(tmp_path / "s.ini")))
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    assert _shot(win, "01-library").stat().st_size > 10_000
    meetings = seeded.meetings()
    if meetings:
        m = max(meetings, key=lambda m: sum(len(v) for v in m.documents.values()))
        assert win.go(Location("meeting", m.id))
        rows = [r for r in m.items if r.number]
        if rows:
            win.meeting_view.choose_item(rows[min(3, len(rows) - 1)].number)
        _shot(win, "02-meeting")
    win.focus_search()
    win.search.set_query("informele mentor")
    assert win.search.last_hits, "the seeds mention the informele mentor"
    _shot(win, "03-search")
    assert win.search.open_first()
    _shot(win, "04-document")
    win.open_audit()
    qtbot.waitUntil(lambda: not win.audit_view.running(), timeout=60000)
    assert win.stack.currentWidget() is win.audit_view
    _shot(win, "06-audit")
    from zvdj_viewer.woo import service

    pairs = service.archive_versions(seeded)
    assert pairs, "seed 002 holds documents that are versions of each other"
    win.open_compare(pairs[0].a, pairs[0].b)
    assert win.stack.currentWidget() is win.compare_view
    _shot(win, "07-compare")
    pdf = next((d for d in seeded.documents() if d.kind == "pdf"), None)
    if pdf is not None:
        win.go(Location("document", pdf.id, page=pdf.first_page))
        _shot(win, "05-pdf-page")


def test_dark_theme_screens(qtbot, seeded, tmp_path):
    """With a dark system palette the views stay readable (screenshots to look at)."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    old_palette, old_style = app.palette(), app.style().name()
    dark = QPalette()
    for role, color in ((QPalette.Window, "#2b2b2b"), (QPalette.WindowText, "#e8e8e8"), (QPalette.Base, "#1e1e1e"),
                        (QPalette.AlternateBase, "#2b2b2b"), (QPalette.Text, "#e8e8e8"), (QPalette.Button, "#3a3a3a"),
                        (QPalette.ButtonText, "#e8e8e8"), (QPalette.Highlight, "#3d6fa5"),
                        (QPalette.HighlightedText, "#ffffff"), (QPalette.Link, "#8ab4f8")):
        dark.setColor(role, QColor(color))
    app.setStyle("Fusion")
    app.setPalette(dark)
    try:
        win = MainWindow(seeded, settings=Settings(str(tmp_path / "s.ini")))
        qtbot.addWidget(win)
        win.resize(1400, 900)
        win.show()
        win.focus_search()
        win.search.set_query("informele mentor")
        assert win.search.open_first()
        _shot(win, "08-dark-document")
        meetings = seeded.meetings()
        if meetings:
            win.go(Location("meeting", meetings[-1].id))
            _shot(win, "09-dark-meeting")
    finally:
        app.setPalette(old_palette)
        app.setStyle(old_style)


@pytest.fixture(scope="module")
def bundles(tmp_path_factory, samples_dir):
    """Only real Woo bundles (with a text layer): documents, but no meeting."""
    a = Archive(data_dir=tmp_path_factory.mktemp("bundles"))
    for name in ("Bij-documenten.pdf", "Bes-Besluit-Wob-verzoek-EKV-Mozambique.pdf", "Bes-Besluit+2020-101+A.pdf"):
        a.add_folder(str(samples_dir / "woo-bundles" / name))
    a.update(workers=2)
    yield a
    a.close()


def test_screens_of_woo_bundles_without_meetings(qtbot, bundles, tmp_path):
    """The library of an archive with only Woo bundles (every type with its count, and per
    source file), and a search hit near the top of a PDF page (on screen, highlighted)."""
    i18n.set_language("nl")
    assert not bundles.meetings()
    win = MainWindow(bundles, settings=Settings(str(tmp_path / "s.ini")))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    lib = win.library
    files = next(lib.tree.topLevelItem(i) for i in range(lib.tree.topLevelItemCount())
                 if lib.tree.topLevelItem(i).text(0).startswith("Per bronbestand"))
    files.setExpanded(True)
    files.child(files.childCount() - 1).setExpanded(True)
    assert _shot(win, "10-library-woo-bundles").stat().st_size > 10_000
    # a hit in the upper part of a page after the first, in the original pages
    for d in bundles.documents():
        if not d.source.lower().endswith(".pdf") or d.last_page == d.first_page:
            continue
        word = next((w for w in (d.title or "").split() if len(w) > 6 and w.isalpha()), None)
        if word is None or not win.go(Location("document", d.id, query=word)):
            continue
        pv = win.document_view.page_view
        near_top = [(p, r) for p, r in pv.hits() if p > d.first_page and r[1] < 200]
        if near_top:
            break
    else:
        pytest.skip("no hit near the top of a later page in these bundles")
    page = near_top[0][0]
    assert win.go(Location("document", d.id, page=page, query=word))
    qtbot.wait(100)
    r = pv.hit_rect()
    assert pv.hits()[pv.current_hit()][0] == page and pv.viewport().rect().contains(r)
    _shot(win, "11-pdf-hit-near-top")
    win.resize(1000, 700)
    qtbot.wait(100)
    assert pv.viewport().rect().contains(pv.hit_rect())
    _shot(win, "12-pdf-hit-after-resize")


def test_screen_of_the_dossier_export_dialog(qtbot, seeded, tmp_path):
    """Notities > Vergaderdossier exporteren… opens the save dialog (it did nothing)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

    i18n.set_language("nl")
    assert i18n.install_qt_translations(QApplication.instance())  # as the app does: Qt's texts in Dutch
    win = MainWindow(seeded, settings=Settings(str(tmp_path / "s.ini")))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    m = max(seeded.meetings(), key=lambda m: sum(len(v) for v in m.documents.values()))
    assert win.go(Location("meeting", m.id))
    seen, dialog_texts, folders = [], [], []

    def grab_and_cancel():
        dlg = QApplication.activeModalWidget()
        if isinstance(dlg, QFileDialog):
            SHOTS.mkdir(parents=True, exist_ok=True)
            seen.append(dlg.grab().save(str(SHOTS / "13-dossier-export-dialog.png")))
            dialog_texts.append([b.text() for b in dlg.findChildren(QPushButton)])
            folders.append(dlg.directory().absolutePath())
            dlg.reject()
        elif len(seen) < 50:
            seen.append(None)
            QTimer.singleShot(100, grab_and_cancel)

    QTimer.singleShot(300, grab_and_cancel)
    win.act_dossier.trigger()
    assert True in seen, "the save dialog of the dossier export did not show"
    assert dialog_texts and "Annuleren" in dialog_texts[0], dialog_texts  # Qt's own texts in Dutch
    assert folders[0] != str(Path.cwd()), "the dialog starts in the user's folders, not the cwd"
