"""The first minute with the app: without a display it says so (and what to run instead);
the welcome page reads in full; while the sample archive loads the window says so."""

from __future__ import annotations

import os
import subprocess
import sys


def test_without_a_display_the_app_says_so_and_points_to_the_cli(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    p = subprocess.run([sys.executable, "-m", "zvdj_viewer.app", "--sample", "--data-dir", str(tmp_path)],
                       env=env, capture_output=True, text=True, timeout=120)
    assert p.returncode == 1, p.stderr
    assert "no display found" in p.stderr
    assert "zvdj search" in p.stderr and "xvfb-run" in p.stderr
    assert "qt.qpa" not in p.stderr and "xcb-cursor" not in p.stderr  # not Qt's abort


def test_a_chosen_platform_without_its_display_is_named():
    from zvdj_viewer.app import missing_display

    assert missing_display({"QT_QPA_PLATFORM": "xcb"}, "linux") == "QT_QPA_PLATFORM is xcb but DISPLAY is not set"
    assert missing_display({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert missing_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert missing_display({}, "win32") is None


def test_the_welcome_text_is_not_clipped(qtbot, tmp_path):
    from zvdj_viewer.archive import Archive
    from zvdj_viewer.ui.main_window import MainWindow
    from zvdj_viewer.ui.settings import Settings

    with Archive(data_dir=tmp_path / "data") as a:
        for size in ((1280, 800), (900, 600)):
            win = MainWindow(a, settings=Settings(str(tmp_path / "s.ini")))
            qtbot.addWidget(win)
            win.resize(*size)
            win.show()
            qtbot.waitExposed(win)
            assert win.stack.currentWidget() is win.welcome
            text = win.welcome_text
            assert text.height() >= text.heightForWidth(text.width()), "lines of the welcome text are cut off"
            assert text.width() >= 300


def test_with_sample_the_first_screen_says_it_is_loading(qtbot, tmp_path):
    """`zvdj-viewer --sample` on a first start: while the sample is read, the window says so
    (not "no folders yet"); when it is read, the library holds its meetings."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from zvdj_viewer import app as app_mod
    from zvdj_viewer.ui import i18n
    from zvdj_viewer.ui.main_window import MainWindow

    seen = {}

    def look():
        win = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        seen["first"] = win.stack.currentWidget()
        seen["is_loading"] = win.stack.currentWidget() is win.loading
        seen["text"] = win.loading.text()
        qtbot.waitUntil(lambda: not win.indexer.running(), timeout=60000)
        seen["meetings"] = win.archive.stats().get("meetings", 0)
        win.close()

    QTimer.singleShot(0, look)
    try:
        assert app_mod.main(["--sample", "--data-dir", str(tmp_path), "--lang", "nl"]) == 0
    finally:
        i18n.set_language("nl")
    assert seen["is_loading"], seen
    assert "Voorbeeldarchief wordt geladen" in seen["text"]
    assert seen["meetings"] > 0
