"""Per-page progress in the status bar while a big PDF is indexed, in Dutch and English:
"Indexeren: 0 van 1 bestand gelezen · bundel.pdf: pagina 400 van 1500"."""

from __future__ import annotations

import pytest

from pathlib import Path

from zvdj_viewer.archive import Archive, Progress
from zvdj_viewer.ui import i18n
from zvdj_viewer.ui.main_window import MainWindow
from zvdj_viewer.ui.settings import Settings
from zvdj_viewer.ui.wording import progress_text

SHOT = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "laptop" / "12-indexing-pages.png"


@pytest.mark.parametrize("lang, one, many", [
    ("nl", "Indexeren: 0 van 1 bestand gelezen · bundel.pdf: pagina 40 van 300",
     "Indexeren: 3 van 10 bestanden gelezen · bundel.pdf: pagina 40 van 300"),
    ("en", "Indexing: 0 of 1 file read · bundel.pdf: page 40 of 300",
     "Indexing: 3 of 10 files read · bundel.pdf: page 40 of 300"),
])
def test_page_progress_in_words(lang, one, many):
    i18n.set_language(lang)
    try:
        assert progress_text(Progress("page", 0, 1, "/a/woo/bundel.pdf", "page 40 of 300", 40, 300)) == one
        assert progress_text(Progress("page", 3, 10, "/a/woo/bundel.pdf", "page 40 of 300", 40, 300)) == many
    finally:
        i18n.set_language("nl")


@pytest.mark.parametrize("lang, prefix, pages_of, done", [
    ("nl", "Indexeren: 0 van 1 bestand gelezen · bundel.pdf: pagina ", " van 1500", "Indexeren klaar"),
    ("en", "Indexing: 0 of 1 file read · bundel.pdf: page ", " of 1500", "Indexing done")])
def test_the_status_bar_follows_the_pages_of_a_big_pdf(qtbot, tmp_path, lang, prefix, pages_of, done):
    import pymupdf

    folder = tmp_path / "woo"
    folder.mkdir()
    pdf = pymupdf.open()
    for i in range(1500):  # a fictional bundle, big enough to take a few seconds
        pdf.new_page().insert_text((72, 72), f"Document {i + 1}: besluit op het verzoek over jeugdzorg.")
    pdf.save(folder / "bundel.pdf")
    i18n.set_language(lang)
    archive = Archive(data_dir=tmp_path / "data")
    win = MainWindow(archive, settings=Settings(str(tmp_path / "s.ini")))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    messages: list[str] = []
    bar: list[int] = []

    def seen(text: str) -> None:
        messages.append(text)
        bar.append(win.progress.value())
        later = sum(pages_of in m for m in messages) == 4  # a few pages in: the bar has moved
        if later:  # for people to look at
            SHOT.parent.mkdir(parents=True, exist_ok=True)
            win.grab().save(str(SHOT.with_name(f"{lang}-{SHOT.name}")))

    win.statusBar().messageChanged.connect(seen)
    try:
        win.add_folder(str(folder))
        qtbot.waitUntil(lambda: not win.indexer.running() and win.indexer.last_report is not None, timeout=180000)
        pages = [(m, v) for m, v in zip(messages, bar) if pages_of in m]
        assert pages, messages
        assert all(m.startswith(prefix) for m, _v in pages)
        # the bar moves within the file (hundredths of a file)
        assert any(0 < v < 100 for _m, v in pages)
        assert win.statusBar().currentMessage().startswith(done)
    finally:
        win.stop_background()
        archive.close()
        i18n.set_language("nl")
