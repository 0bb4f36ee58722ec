"""Every phase of an update (archive.types.Phase) has its own status line in the interface, in
Dutch and in English; and the phases a real update reports are all of them known phases."""

from __future__ import annotations

import pytest

from zvdj_viewer.archive import Archive, Progress
from zvdj_viewer.archive.types import PHASES
from zvdj_viewer.ui import i18n
from zvdj_viewer.ui.wording import progress_text


def _words(phase, lang: str) -> str:
    i18n.set_language(lang)
    try:
        return progress_text(Progress(phase, 1, 2, "/archief/woo/bundel.pdf", "core message", 3, 9))
    finally:
        i18n.set_language("nl")


@pytest.mark.parametrize("phase", PHASES)
def test_every_phase_is_worded_in_both_languages(phase):
    nl, en = _words(phase, "nl"), _words(phase, "en")
    assert nl and en
    assert nl != en, f"{phase!r} has no English: {nl!r}"
    assert "core message" not in nl  # the core's English message is not the Dutch status line


def test_each_phase_reads_differently():
    for lang in ("nl", "en"):
        texts = {phase: _words(phase, lang) for phase in PHASES}
        assert len(set(texts.values())) == len(PHASES), texts


def test_the_phases_a_real_update_reports_are_known_and_worded(tmp_path):
    folder = tmp_path / "archief"
    folder.mkdir()
    (folder / "agenda.md").write_text("# Agenda overleg\n\n1. Opening\n2. Verslag vorige keer\n", encoding="utf-8")
    (folder / "nota.txt").write_text("Nota bij het overleg\n\nPunt 1. Opening\n", encoding="utf-8")
    seen: list[str] = []
    archive = Archive(data_dir=tmp_path / "data")
    try:
        archive.add_folder(str(folder))
        archive.update(progress=lambda p: seen.append(p.phase), ocr=False)
    finally:
        archive.close()
    assert {"scanning", "reading", "done"} <= set(seen), seen
    assert set(seen) <= set(PHASES), seen
    for phase in set(seen):
        assert _words(phase, "nl") != _words(phase, "en")
