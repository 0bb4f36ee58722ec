"""Linking on the built-in fictional sample archive (resources/sample_archive; the planted
links are listed in resources/sample_archive_NOTICE.txt)."""

from pathlib import Path

import pytest

from zvdj_viewer.archive import Archive

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample_archive"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    a = Archive(data_dir=tmp_path_factory.mktemp("sample"))
    a.add_folder(SAMPLE)
    a.update(workers=1)
    yield a
    a.close()


def _meeting(a, series_start, date):
    return next(m for m in a.meetings() if m.date == date and (m.series or "").startswith(series_start))


def test_sample_links(archive):
    bo_march = _meeting(archive, "BO", "2021-03-12")
    sg_march = _meeting(archive, "Stuurgroep", "2021-03-12")
    assert bo_march.id != sg_march.id  # two meetings on 12 March 2021
    # the June BO approves the minutes of the BO of 12 March, not of the stuurgroep that day
    bo_june = _meeting(archive, "BO", "2021-06-24")
    row = next(r for r in bo_june.items if "onceptverslag" in (r.title or ""))
    cv = [x for x in archive.item_links(row.agenda.document, row.agenda.number) if x.kind == "conceptverslag"]
    assert [x.to_meeting for x in cv] == [bo_march.id]
    # "steunfiguur" runs through all four meetings and the Kamerbrief's paragraph
    # "**Steunfiguur**" (link/sections.py): one thread, in date order
    row = next(r for r in bo_march.items if "teunfiguur" in (r.title or ""))
    thread = archive.topic_thread(row.agenda.document, row.agenda.number)
    assert [e.date for e in thread] == ["2021-03-12", "2021-03-12", "2021-06-24", "2021-10-07", "2021-11-15"]
    assert all("teunfiguur" in e.title for e in thread[:4])
    assert thread[-1].meeting is None and thread[-1].number == "§1"
    # references to papers not in the archive are kept, with their words
    texts = {x.to_text for x in archive.links() if x.kind == "kamerstuk"}
    assert "Kamerstuk 31 839, nr. 999" in texts
