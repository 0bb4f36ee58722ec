"""The offline guarantee: indexing, searching, exporting and the app never open a network
connection. Every socket connect (and DNS lookup) in the process fails the test."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap

import pytest

GUARD = textwrap.dedent("""
    import socket, sys
    def _refuse(*a, **k):
        sys.stderr.write("NETWORK ATTEMPT %r\\n" % (a[1:] or a,))
        raise SystemExit(99)
    socket.socket.connect = _refuse
    socket.socket.connect_ex = _refuse
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse
    socket.gethostbyname = _refuse
""")


def _run(code: str, tmp_path, timeout=180) -> subprocess.CompletedProcess:
    script = tmp_path / "guarded.py"
    # worker processes are spawned and import this script again: the guard applies to them
    # too, the work itself only runs in the main process
    body = textwrap.indent(textwrap.dedent(code), "    ")
    script.write_text(GUARD + "\nif __name__ == '__main__':\n" + body, encoding="utf-8")
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "ZVDJ_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=timeout, env=env)


def test_cli_index_search_export_make_no_connection(tmp_path, seeds_dir, samples_dir):
    p = _run(f"""
        from zvdj_viewer import cli
        assert cli.main(["index", {str(seeds_dir)!r}, {str(samples_dir / "officielebekendmakingen")!r}]) == 0
        assert cli.main(["search", "gemeenten"]) == 0
        assert cli.main(["export", "--json", "-o", {str(tmp_path / "e.json")!r}]) == 0
        assert cli.main(["export", "--inventory", "-o", {str(tmp_path / "i.csv")!r}]) == 0
        print("DONE")
    """, tmp_path)
    assert "NETWORK ATTEMPT" not in p.stderr, p.stderr
    assert p.returncode == 0 and "DONE" in p.stdout, p.stderr[-2000:]


def test_app_starts_indexes_sample_and_searches_without_network(tmp_path):
    p = _run("""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        import zvdj_viewer.app as app

        def check():
            win = [w for w in QApplication.topLevelWidgets() if hasattr(w, "indexer")][0]
            if win.indexer.running() or win.indexer.last_report is None:
                QTimer.singleShot(200, check)
                return
            win.search.set_query("steunfiguur")
            print("HITS", len(win.search.last_hits))
            QApplication.instance().quit()

        qapp = QApplication([])  # app.main reuses it; timers need it to exist first
        QTimer.singleShot(200, check)
        app.main(["--sample"])
    """, tmp_path)
    assert "NETWORK ATTEMPT" not in p.stderr, p.stderr
    assert p.returncode == 0, p.stderr[-2000:]
    hits = int(p.stdout.split("HITS", 1)[1].split()[0])
    assert hits > 0


def test_the_guard_itself_catches_a_connection(tmp_path):
    p = _run("""
        import urllib.request
        urllib.request.urlopen("http://example.org", timeout=1)
    """, tmp_path)
    assert p.returncode == 99 and "NETWORK ATTEMPT" in p.stderr
