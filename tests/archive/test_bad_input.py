"""Bad input (issue item 7): every broken file gives one clear line naming the file and the
reason, is recorded in the catalog, and the rest of the folder is indexed; nothing indexed
before is lost. The broken files are made here (fictional text), except the malformed XML
and the garbled PDF, which are copied from ../shared/samples/hard-cases.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from zvdj_viewer import cli

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


GOOD_TEXT = "Verslag van het fictieve overleg\n\nDe kwispelstaartcommissie besprak de begroting.\n"
CP1252_TEXT = "Notitie over het caf\u00e9overleg\n\nKosten: \u20ac 12,50 voor \u2018koffie\u2019 en thee.\n"


def _make_folder(base: Path, samples_dir: Path) -> tuple[Path, dict[str, str]]:
    """An archive folder with good and bad files. Returns (folder, {bad file name: what it is})."""
    import pymupdf

    d = base / "archief"
    d.mkdir()
    shutil.copy2(samples_dir / "officielebekendmakingen" / "ah-tk-20202021-3235.pdf", d / "goed.pdf")
    (d / "goed.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (d / "cp1252.txt").write_bytes(CP1252_TEXT.encode("cp1252"))
    shutil.copy2(samples_dir / "hard-cases" / "garble.pdf", d / "garble.pdf")

    bad = {}
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Geheim verslag")
    doc.save(d / "versleuteld.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="geheim", owner_pw="eigenaar")
    bad["versleuteld.pdf"] = "encrypted"
    data = (samples_dir / "officielebekendmakingen" / "ah-tk-20202021-3235.pdf").read_bytes()
    (d / "afgebroken.pdf").write_bytes(data[: len(data) // 3])
    bad["afgebroken.pdf"] = "truncated"
    (d / "leeg.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    bad["leeg.pdf"] = "empty"
    (d / "nul.pdf").write_bytes(b"")
    bad["nul.pdf"] = "zero bytes"
    (d / "geen-pdf.pdf").write_text("Dit is platte tekst met de naam van een PDF.\n", encoding="utf-8")
    bad["geen-pdf.pdf"] = "not a PDF"
    shutil.copy2(samples_dir / "hard-cases" / "h-tk-20172018-70-14.xml", d / "kapot.xml")
    bad["kapot.xml"] = "malformed XML"
    os.symlink(d / "bestaat-niet.pdf", d / "verdwenen.pdf")  # a link to nothing: cannot be opened
    bad["verdwenen.pdf"] = "broken link"
    if not AS_ROOT:  # root reads files whatever their permissions
        (d / "afgeschermd.txt").write_text("geheim", encoding="utf-8")
        os.chmod(d / "afgeschermd.txt", 0)
        bad["afgeschermd.txt"] = "no permission"
    return d, bad


@pytest.fixture
def bad_folder(tmp_path, samples_dir):
    d, bad = _make_folder(tmp_path, samples_dir)
    yield d, bad
    for p in d.iterdir():
        if not p.is_symlink():
            os.chmod(p, 0o644)


def test_each_bad_file_is_reported_recorded_and_the_rest_indexed(tmp_path, bad_folder):
    from zvdj_viewer.archive import Archive

    folder, bad = bad_folder
    with Archive(tmp_path / "data") as a:
        a.add_folder(folder)
        r = a.update(workers=2)
        failed = {Path(p).name: reason for p, reason in r.failed}
        assert set(failed) == set(bad), f"expected failures {sorted(bad)}, got {failed}"
        for name, reason in failed.items():
            assert reason and len(reason) < 300 and "Traceback" not in reason, (name, reason)
        # recorded in the catalog with their reason
        errors = {Path(s.path).name: s.error for s in a.sources()}
        assert {n: e for n, e in errors.items() if e} == failed
        # the good files are indexed
        assert [Path(h.source).name for h in a.search("kwispelstaartcommissie")] == ["goed.txt"]
        assert "goed.pdf" in [Path(h.source).name for h in a.search("overbruggingsregeling")]
        # cp1252 text is read, not failed, and its characters survive
        (cp,) = [d for d in a.documents() if d.source.endswith("cp1252.txt")]
        text = "\n".join(ln.text for p in a.document_pages(cp.id) for ln in p.lines)
        assert "caf\u00e9overleg" in text and "\u20ac 12,50" in text
        # the garbled PDF is catalogued with a problem, not a failure; no gibberish indexed
        (garble,) = [s for s in a.sources() if s.path.endswith("garble.pdf")]
        assert garble.error is None and garble.pages == 11 and garble.problems
        assert any(w[0].endswith("garble.pdf") for w in r.warnings)


def test_cli_prints_one_line_per_bad_file_and_exits_1(tmp_path, bad_folder, capsys):
    folder, bad = bad_folder
    data = tmp_path / "data"
    assert cli.main(["index", str(folder), "--data-dir", str(data), "--workers", "2"]) == 1
    out, err = capsys.readouterr()
    failed_lines = [ln for ln in err.splitlines() if ln.startswith("FAILED ")]
    assert len(failed_lines) == len(bad)
    for name in bad:
        (line,) = [ln for ln in failed_lines if ln.startswith(f"FAILED {folder / name}: ")]
        assert len(line) > len(f"FAILED {folder / name}: ") + 3  # a reason follows
    assert any(ln.startswith(f"WARNING {folder / 'garble.pdf'}: ") for ln in err.splitlines())
    assert f"{len(bad)} failed" in out

    # a second run reads nothing, still names the files that cannot be read, still exits 1
    assert cli.main(["index", str(folder), "--data-dir", str(data)]) == 1
    out, err = capsys.readouterr()
    assert "(nothing read)" in out and "0 new, 0 changed" in out
    assert len([ln for ln in err.splitlines() if ln.startswith("FAILED ")]) == len(bad)


def test_a_failing_file_loses_nothing_indexed_before(tmp_path, bad_folder):
    from zvdj_viewer.archive import Archive

    folder, bad = bad_folder
    good = tmp_path / "eerst-goed"
    good.mkdir()
    for name in ("goed.txt", "goed.pdf"):
        shutil.copy2(folder / name, good / name)
    with Archive(tmp_path / "data") as a:
        a.add_folder(good)
        assert a.update(workers=0).failed == ()
        docs = sorted(d.id for d in a.documents())
        for name in bad:
            if name != "verdwenen.pdf":
                shutil.copy2(folder / name, good / name)
        r = a.update(workers=0)
        assert r.new == len([n for n in bad if n != "verdwenen.pdf"]) and r.unchanged == 2
        assert sorted(d.id for d in a.documents()) == docs  # no document lost, none added by bad files
        assert [Path(h.source).name for h in a.search("kwispelstaartcommissie")] == ["goed.txt"]


def test_unreadable_folder_and_file_are_reported_and_earlier_entries_kept(tmp_path, bad_folder, monkeypatch):
    """Permissions are simulated (tests may run as root, who can read anything)."""
    from zvdj_viewer.archive import Archive
    from zvdj_viewer.archive import update as archive_mod  # where the update hashes files

    folder, _ = bad_folder
    sub = folder / "sub"
    sub.mkdir()
    (sub / "binnen.txt").write_text(GOOD_TEXT.replace("kwispelstaart", "snuffelneus"), encoding="utf-8")
    with Archive(tmp_path / "data") as a:
        a.add_folder(folder)
        a.update(workers=0)
        real_scandir, real_sha = os.scandir, archive_mod._sha256

        def scandir(path):
            if Path(path) == sub:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        def sha(path):
            if Path(path).name == "goed.txt":
                raise PermissionError(13, "Permission denied", str(path))
            return real_sha(path)

        monkeypatch.setattr(archive_mod.os, "scandir", scandir)
        monkeypatch.setattr(archive_mod, "_sha256", sha)
        os.utime(folder / "goed.txt", ns=(1, 1))  # looks changed, then cannot be opened
        r = a.update(workers=0)
        assert r.unreadable_folders == ((str(sub), "permission denied (the folder cannot be listed)"),)
        assert r.removed == 0  # the files of a folder that cannot be listed are kept
        assert [Path(h.source).name for h in a.search("snuffelneuscommissie")] == ["binnen.txt"]
        assert (str(folder / "goed.txt"), "permission denied (the file cannot be opened)") in r.failed
