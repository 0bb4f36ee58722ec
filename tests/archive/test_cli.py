"""The `zvdj` command line end to end on ../shared/seeds and ../shared/samples.

One run of the installed `zvdj` script (a real subprocess, as a user types it) indexes both
folders; the other tests drive `cli.main([...])` in-process on the same data directory.
samples/hard-cases/h-tk-20172018-70-14.xml is not well-formed XML (samples/README.md), so
every `index` run over samples reports it and exits 1.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from zvdj_viewer import cli
from zvdj_viewer.export import contract_problems

REPO = Path(__file__).resolve().parents[2]
BROKEN_XML = "h-tk-20172018-70-14.xml"


def _zvdj_script() -> str:
    exe = Path(sys.executable).parent / "zvdj"
    found = str(exe) if exe.exists() else shutil.which("zvdj")
    if not found:
        pytest.skip("the zvdj script is not installed (run scripts/setup.sh)")
    return found


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, seeds_dir, samples_dir):
    """zvdj index ../shared/seeds ../shared/samples, run as a subprocess from the repository."""
    data = tmp_path_factory.mktemp("cli") / "data"
    run = subprocess.run([_zvdj_script(), "index", "../shared/seeds", "../shared/samples", "--data-dir", str(data)],
                         cwd=REPO, capture_output=True, text=True, timeout=600)
    return data, run


def _run(*args) -> tuple[int, str, str]:
    proc = subprocess.run([_zvdj_script(), *args], cwd=REPO, capture_output=True, text=True, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr


def test_installed_script_index_export_search_and_second_run(indexed, seeds_dir, samples_dir):
    data, first = indexed
    assert first.returncode == 1, first.stderr  # the broken XML
    (failed,) = [ln for ln in first.stderr.splitlines() if ln.startswith("FAILED ")]
    assert failed.startswith(f"FAILED {samples_dir / 'hard-cases' / BROKEN_XML}: ") and len(failed.split(": ", 1)[1]) > 5
    summary = first.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ files: (\d+) new, 0 changed, 0 unchanged, 0 removed, 1 failed; \d+ pages in [\d.]+ s.*", summary)
    new = int(re.search(r"(\d+) new", summary)[1])

    code, out, err = _run("export", "--json", "--data-dir", str(data))
    assert code == 0, err
    export = json.loads(out)
    assert contract_problems(export) == []
    assert export["format"] == "zvdj-export" and export["version"] == 1
    paths = {s["path"] for s in export["sources"]}
    assert len(paths) == new
    assert {str(p) for p in seeds_dir.glob("*.txt")} <= paths
    assert str(samples_dir / "woo-bundles" / "Bij-documenten.pdf") in paths

    code, out, err = _run("search", "gemeenten", "--limit", "3", "--data-dir", str(data))
    assert code == 0, err
    assert re.match(r"d\d+  \S+  ", out)

    code, out, err = _run("index", "../shared/seeds", "../shared/samples", "--data-dir", str(data))
    assert code == 1
    assert f"{new} files: 0 new, 0 changed, {new} unchanged (nothing read), 0 removed, 1 failed; 0 pages" in out
    assert len([ln for ln in err.splitlines() if ln.startswith("FAILED ")]) == 1


def test_export_json_to_file_follows_the_contract(indexed, tmp_path, samples_dir):
    data, _ = indexed
    out = tmp_path / "export.json"
    assert cli.main(["export", "--json", "-o", str(out), "--data-dir", str(data)]) == 0
    export = json.loads(out.read_text(encoding="utf-8"))
    assert contract_problems(export) == []
    sources = {s["path"]: s for s in export["sources"]}
    broken = sources[str(samples_dir / "hard-cases" / BROKEN_XML)]
    assert broken["error"] and broken["kind"] == "xml"
    pdf = sources[str(samples_dir / "woo-bundles" / "Bij-documenten.pdf")]
    assert (pdf["kind"], pdf["pages"], pdf["lines"], pdf["error"]) == ("pdf", 29, None, None)
    ids = [d["id"] for d in export["documents"]]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"d\d+", i) for i in ids)
    assert all(d["source"] in sources and not sources[d["source"]]["error"] for d in export["documents"])
    for d in export["documents"]:
        if sources[d["source"]]["kind"] == "pdf":
            assert 1 <= d["first_page"] <= d["last_page"] <= sources[d["source"]]["pages"]
        assert all(isinstance(n, int) and n > 0 for n in d["redactions"].values())
    meeting_ids = {m["id"] for m in export["meetings"]}
    assert all(d["meeting"] is None or d["meeting"] in meeting_ids for d in export["documents"])
    for m in export["meetings"]:
        assert all(i in ids for members in m["documents"].values() for i in members)
    # the same archive exported twice gives the same bytes
    again = tmp_path / "again.json"
    cli.main(["export", "--json", "-o", str(again), "--data-dir", str(data)])
    assert again.read_bytes() == out.read_bytes()


def test_search_human_output_and_json(indexed, capsys):
    data, _ = indexed
    assert cli.main(["--data-dir", str(data), "search", "gemeenten", "--limit", "5"]) == 0
    out = capsys.readouterr().out
    heads = [ln for ln in out.splitlines() if re.match(r"d\d+  ", ln)]
    assert 1 <= len(heads) <= 5
    snippets = [ln for ln in out.splitlines() if re.match(r"    (p\. \d+|line \d+): ", ln)]
    assert snippets and any("**" in s for s in snippets) and "<b" not in out

    assert cli.main(["search", "gemeenten", "--json", "--limit", "5", "--data-dir", str(data)]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert [h["doc_id"] for h in hits] == [ln.split()[0] for ln in heads]
    assert all(Path(h["source"]).exists() and h["pages"] for h in hits)


def test_search_filters_type_and_dates(indexed, capsys):
    data, _ = indexed
    cli.main(["search", "jeugd", "--json", "--limit", "50", "--data-dir", str(data)])
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits
    kind = hits[0]["type"]
    cli.main(["search", "jeugd", "--json", "--limit", "50", "--type", kind, "--data-dir", str(data)])
    typed = json.loads(capsys.readouterr().out)["hits"]
    assert typed and all(h["type"] == kind for h in typed)
    dated = [h for h in hits if h["date"]]
    if not dated:
        pytest.skip("no search hit carries a date (document analysis not wired yet)")
    year = dated[0]["date"][:4]
    cli.main(["search", "jeugd", "--json", "--limit", "50", "--from", year, "--to", year, "--data-dir", str(data)])
    in_year = json.loads(capsys.readouterr().out)["hits"]
    assert dated[0]["doc_id"] in [h["doc_id"] for h in in_year]
    assert all(h["date"] and h["date"].startswith(year) for h in in_year)


def test_show_document_meetings_and_unknown_ids(indexed, capsys, monkeypatch):
    data, _ = indexed
    cli.main(["export", "--json", "--data-dir", str(data)])
    export = json.loads(capsys.readouterr().out)
    doc = max(export["documents"], key=lambda d: len(d["items"]))
    assert cli.main(["show", doc["id"], "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{doc['id']}  {doc['type']}  ") and doc["source"] in out
    for it in doc["items"]:
        assert f"{it['number']}  {it['title']}" in out

    monkeypatch.setenv("ZVDJ_DATA_DIR", str(data))  # the environment variable instead of the flag
    assert cli.main(["meetings", "--json"]) == 0
    meetings = json.loads(capsys.readouterr().out)
    assert [m["id"] for m in meetings] == [m["id"] for m in export["meetings"]]
    if meetings:
        assert cli.main(["show", meetings[0]["id"]]) == 0
        assert capsys.readouterr().out.startswith(meetings[0]["id"])
    assert cli.main(["show", "d999999"]) == 1
    assert cli.main(["show", "m1900-01-01-niets"]) == 1
    assert "no document or meeting" in capsys.readouterr().err


def test_usage_errors_exit_2(tmp_path, capsys):
    data = str(tmp_path / "leeg")
    assert cli.main([]) == 2
    assert cli.main(["index", str(tmp_path / "bestaat-niet"), "--data-dir", data]) == 2
    assert cli.main(["search", "--data-dir", data]) == 2
    assert cli.main(["search", "x", "--from", "gisteren", "--data-dir", data]) == 2
    assert cli.main(["export", "--data-dir", data]) == 2  # --json is required
    assert cli.main(["nonsense"]) == 2
    err = capsys.readouterr().err
    assert "no such file or folder" in err and "not a date" in err
    assert cli.main(["--help"]) == 0
    assert cli.main(["index", "--help"]) == 0
    assert "Exit code 1" in capsys.readouterr().out


def test_index_a_single_clean_folder_exits_0(tmp_path, seeds_dir, capsys):
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy2(seeds_dir / "000_a5c7aa4746312df0.txt", folder)
    data = str(tmp_path / "data")
    assert cli.main(["index", "--data-dir", data]) == 2  # no path and no folders yet
    assert "no folders in the archive yet" in capsys.readouterr().err
    assert cli.main(["index", str(folder), "--data-dir", data, "--workers", "0"]) == 0
    assert capsys.readouterr().out.startswith("1 file: 1 new, 0 changed, 0 unchanged, 0 removed, 0 failed; ")
    assert cli.main(["--data-dir", data, "index"]) == 0  # no PATH: every folder added before
    assert "1 unchanged (nothing read)" in capsys.readouterr().out
