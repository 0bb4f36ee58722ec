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
