"""The built-in sample archive (fictional, resources/sample_archive) comes out as designed:
what a first-time user sees with `zvdj-viewer --sample`. The planted cases are listed in
resources/sample_archive_NOTICE.txt."""

from __future__ import annotations

import pytest

from zvdj_viewer.archive import Archive
from zvdj_viewer.resources import SAMPLE_ARCHIVE
from zvdj_viewer.woo import service


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    a = Archive(data_dir=tmp_path_factory.mktemp("sample"))
    a.add_folder(str(SAMPLE_ARCHIVE))
    report = a.update(workers=0)
    assert not report.failed and report.files_read == len(list(SAMPLE_ARCHIVE.iterdir()))
    yield a
    a.close()


def test_every_sample_file_is_utf8_text():
    for f in SAMPLE_ARCHIVE.iterdir():
        f.read_text(encoding="utf-8")


def test_four_meetings_two_on_one_day(sample):
    ms = {(m.series, m.date, m.start): m for m in sample.meetings()}
    assert set(ms) == {("BO Rijk-VNG", "2021-03-12", "10:00"), ("Stuurgroep Zorg voor de Jeugd", "2021-03-12", "13:00"),
                       ("BO Rijk-VNG", "2021-06-24", "10:00"), ("Stuurgroep Zorg voor de Jeugd", "2021-10-07", "13:00")}
    bo = ms[("BO Rijk-VNG", "2021-06-24", "10:00")]
    assert set(bo.documents) == {"agenda", "nota", "verslag"}
    row = next(r for r in bo.items if r.number == "4")
    assert row.agenda and row.nota and row.verslag  # aligned across all three
    kamerbrief = [d for d in sample.documents() if d.type == "kamerbrief"]
    assert len(kamerbrief) == 1


def test_planted_links(sample):
    bo = next(m for m in sample.meetings() if m.date == "2021-06-24")
    agenda_item = next(r for r in bo.items if r.number == "2").agenda
    links = sample.item_links(agenda_item.document, agenda_item.number)
    concept = [x for x in links if x.kind == "conceptverslag"]
    # "Conceptverslag van 12 maart 2021": the BO of that day, not the stuurgroep that met later
    assert concept and concept[0].to_meeting == next(
        m.id for m in sample.meetings() if m.date == "2021-03-12" and m.series == "BO Rijk-VNG")
    steun = next(r for r in bo.items if r.number == "4").agenda
    thread = sample.topic_thread(steun.document, steun.number)
    assert len({t.meeting for t in thread}) >= 3  # the steunfiguur thread runs through the meetings


def test_planted_redaction_mistakes(sample):
    findings = service.audit(sample)
    leaked = [f for f in findings if f.check == "inconsistent"]
    assert any("Karel Appelboom" in f.words for f in leaked)
    readable = {f.words for f in findings if f.check == "unredacted"}
    assert "a.dewilde@voorbeeldgemeente.nl" in readable and "06-12345678" in readable
