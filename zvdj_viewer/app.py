"""Entry point of the desktop app: ``zvdj-viewer [PATH...] [--sample] [--data-dir DIR] [--lang nl|en]``.

``--sample`` opens the built-in sample archive in a data directory of its own (``<data>/sample``),
so trying the app never mixes fictional documents into a real archive. ``--self-test`` indexes
the sample archive headless and runs a search: a check that an installed or frozen build works.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="zvdj-viewer", description="ZvdJ Viewer: offline archive of "
                                "Zorg voor de Jeugd meeting documents.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="folders to add to the archive")
    p.add_argument("--sample", action="store_true", help="open the built-in sample archive")
    p.add_argument("--data-dir", metavar="DIR", help="where catalog, index and settings live")
    p.add_argument("--lang", choices=("nl", "en"), help="language of the interface (default: Dutch)")
    p.add_argument("--self-test", action="store_true", help="index the sample archive headless, search, exit")
    return p


def self_test(data_dir: str | None) -> int:
    import tempfile

    from .archive import Archive
    from .resources import SAMPLE_ARCHIVE

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with Archive(data_dir=data_dir or tmp) as a:
            a.add_folder(str(SAMPLE_ARCHIVE))
            report = a.update(workers=1)
            hits = a.search("steunfiguur")
            ok = not report.failed and report.files_read > 0 and len(hits) > 0
            print(f"self-test: {report.summary()}; {len(hits)} hits for 'steunfiguur'; "
                  f"{a.stats()['meetings']} meetings; {time.perf_counter() - t0:.1f} s; {'OK' if ok else 'FAILED'}")
    return 0 if ok else 1


def missing_display(env=None, platform: str | None = None) -> str | None:
    """Why no window can open here, or None. On Linux and the BSDs Qt aborts with a message
    about xcb libraries when there is no display at all; say plainly what is missing instead."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "darwin", "cygwin")):
        return None
    qpa = (env.get("QT_QPA_PLATFORM") or "").split(":")[0].strip().lower()
    if qpa and qpa not in ("xcb", "wayland", "wayland-egl"):
        return None  # offscreen, vnc, eglfs, ...: the user chose a platform that needs no display
    has_x, has_wayland = bool(env.get("DISPLAY")), bool(env.get("WAYLAND_DISPLAY"))
    if qpa == "xcb" and not has_x:
        return "QT_QPA_PLATFORM is xcb but DISPLAY is not set"
    if qpa.startswith("wayland") and not has_wayland:
        return f"QT_QPA_PLATFORM is {qpa} but WAYLAND_DISPLAY is not set"
    if not qpa and not (has_x or has_wayland):
        return "neither DISPLAY nor WAYLAND_DISPLAY is set"
    return None


NO_DISPLAY_HELP = """zvdj-viewer: no display found ({why}), so the window cannot open.
Without a display, use the command line instead, for example:
  zvdj index FOLDER                 add a folder and index it
  zvdj search 'jeugdhulp type:nota' search the archive
  zvdj meetings                     list the meetings
  zvdj-viewer --self-test           check the installation headless
Or open the window on a virtual display:  xvfb-run -a zvdj-viewer --sample"""


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()  # the frozen app re-enters here in its worker processes
    args = build_parser().parse_args(argv)
    if args.self_test:
        return self_test(args.data_dir)
    why = missing_display()
    if why:
        print(NO_DISPLAY_HELP.format(why=why), file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    from pathlib import Path

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from . import paths as paths_mod
    from .archive import Archive

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ZvdJ Viewer")
    app.setOrganizationName("zvdj-viewer")
    data = paths_mod.data_dir(args.data_dir)
    if args.sample:
        data = data / "sample"
    data.mkdir(parents=True, exist_ok=True)
    from .ui import i18n
    from .ui.main_window import MainWindow
    from .ui.settings import Settings

    settings = Settings(str(data / "settings.ini"))
    i18n.set_language(args.lang or settings.language() or "nl")
    i18n.install_qt_translations(app)
    archive = Archive(data_dir=data)
    store = None
    try:
        from .notes import NoteStore

        store = NoteStore.for_archive(archive)
    except Exception as err:  # notes are a convenience; the archive must open without them
        print(f"zvdj-viewer: notes not available: {err}", file=sys.stderr)
    if args.sample:
        from .resources import SAMPLE_ARCHIVE

        if str(Path(SAMPLE_ARCHIVE).resolve()) not in archive.folders():
            archive.add_folder(str(SAMPLE_ARCHIVE))
    for p in args.paths:
        archive.add_folder(p)
    win = MainWindow(archive, settings=settings, notes_store=store)
    if archive.folders():
        # brings the index up to date in the background; started before the window shows,
        # so a first start shows "loading", not "no folders yet" or "no documents"
        win.start_indexing()
    win.show()
    QTimer.singleShot(0, lambda: print(f"zvdj-viewer: window ready in {time.perf_counter() - t0:.2f} s",
                                       file=sys.stderr))
    code = app.exec()
    win.stop_background()  # the indexing thread must not outlive the archive it writes
    archive.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
