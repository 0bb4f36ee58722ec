"""The smallest the main window can be, per view, with the sample archive (offscreen Qt):
what decides whether the app fits a 1280x800 laptop screen. Prints one line per view.

    .venv/bin/python bench/min_window_size.py [--lang en]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--lang", default="nl", choices=("nl", "en"))
    args = p.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from zvdj_viewer.archive import Archive
    from zvdj_viewer.resources import SAMPLE_ARCHIVE
    from zvdj_viewer.ui import i18n
    from zvdj_viewer.ui.main_window import MainWindow
    from zvdj_viewer.ui.navigation import Location
    from zvdj_viewer.ui.settings import Settings

    i18n.set_language(args.lang)
    with tempfile.TemporaryDirectory() as tmp, Archive(data_dir=tmp) as a:
        a.add_folder(str(SAMPLE_ARCHIVE))
        a.update(workers=1)
        win = MainWindow(a, settings=Settings(os.path.join(tmp, "s.ini")))
        win.resize(1280, 800)
        win.show()
        m = max(a.meetings(), key=lambda m: sum(len(v) for v in m.documents.values()))
        steps = [("home", lambda: None), ("meeting", lambda: win.go(Location("meeting", m.id))),
                 ("document", lambda: win.go(Location("document", m.documents["agenda"][0]))),
                 ("compare", win.open_compare), ("audit", win.open_audit)]
        for name, step in steps:
            step()
            app.processEvents()
            hint = win.minimumSizeHint()
            print(f"{name:9s} window minimum {hint.width()} x {hint.height()} px; "
                  f"view minimum {win.stack.currentWidget().minimumSizeHint().width()} px wide")
        win.stop_background()
        win.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
