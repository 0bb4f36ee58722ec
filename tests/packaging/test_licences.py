"""Release basics: the project's licence text is the FSF's AGPL-3.0 unchanged, and the frozen
app ships the licence texts of the libraries it bundles (Qt/PySide6 LGPL, PyMuPDF AGPL)."""

from __future__ import annotations

import hashlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# sha256 of https://www.gnu.org/licenses/agpl-3.0.txt (661 lines, "Version 3, 19 November 2007")
AGPL_SHA256 = "57c8ff33c9c0cfc3ef00e650a1cc910d7ee479a8bc509f6c9209a7c2a11399d6"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_licence_file_is_the_verbatim_agpl():
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.lstrip().startswith("GNU AFFERO GENERAL PUBLIC LICENSE")
    assert "END OF TERMS AND CONDITIONS" in text
    assert _sha(REPO / "LICENSE") == AGPL_SHA256


def test_notice_names_the_licence_and_why():
    notice = (REPO / "NOTICE").read_text(encoding="utf-8")
    assert "SPDX-License-Identifier: AGPL-3.0-or-later" in notice
    assert "PyMuPDF" in notice
    for named in ("resources/sample_archive_NOTICE.txt",):
        assert named in notice and (REPO / named).is_file()


def test_bundled_library_licences_are_present_and_shipped():
    lic = REPO / "packaging" / "licenses"
    assert _sha(lic / "AGPL-3.0.txt") == AGPL_SHA256  # PyMuPDF / MuPDF
    lgpl = (lic / "Qt-PySide6-LGPL-3.0.txt").read_text(encoding="utf-8")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in lgpl and "Version 3" in lgpl
    gpl = (lic / "GPL-3.0.txt").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in gpl and "END OF TERMS AND CONDITIONS" in gpl
    readme = (lic / "README.txt").read_text(encoding="utf-8")
    for name in ("AGPL-3.0.txt", "Qt-PySide6-LGPL-3.0.txt", "GPL-3.0.txt"):
        assert name in readme, name
    spec = (REPO / "packaging" / "zvdj-viewer.spec").read_text(encoding="utf-8")
    for shipped in ('ROOT / "LICENSE"', 'ROOT / "NOTICE"', 'ROOT / "packaging" / "licenses"'):
        assert shipped in spec, shipped
