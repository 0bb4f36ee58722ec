"""Meetings of other bodies on the real besluitenlijsten (../shared/samples/besluitenlijsten):
a Tweede Kamer committee's procedurevergadering and a council meeting form meetings with
their items and decisions. Expected values read from the PDFs (pymupdf get_text)."""

from __future__ import annotations

import pytest

from zvdj_viewer.archive import Archive


@pytest.fixture(scope="module")
def archive(samples_dir, tmp_path_factory):
    a = Archive(data_dir=tmp_path_factory.mktemp("bodies"))
    a.add_folder(samples_dir / "besluitenlijsten")
    a.update(workers=1)
    yield a
    a.close()


def _meeting(archive, date):
    return next(m for m in archive.meetings() if m.date == date)


def test_committee_besluitenlijst_forms_its_meeting(archive):
    m = _meeting(archive, "2016-10-26")  # "Besluitenlijst van de procedurevergadering van woensdag 26 / oktober 2016"
    assert m.series == "Procedurevergadering vaste commissie voor Financiën"
    doc = archive.document(m.documents["besluitenlijst"][0])
    numbers = [it.number for it in doc.items]
    assert numbers == [str(n) for n in range(1, 44)]
    assert doc.items[2].title.startswith("Wetsvoorstel Goedkeuring Verdrag Nederlandse Antillen")
    # item 3 prints two "Besluit:" blocks (page 1)
    ds = archive.decisions(doc.id, "3")
    assert [d.text for d in ds] == ["Betrekken bij de verdere behandeling van het wetsvoorstel.",
                                    "Wetsvoorstel bij de griffie aanmelden voor plenaire behandeling (zie ook de"]


def test_council_besluitenlijst_items_decisions_and_votes(archive):
    m = _meeting(archive, "2015-06-29")
    assert m.series == "Raadsvergadering" and m.start == "17:00"
    doc = archive.document(m.documents["besluitenlijst"][0])
    assert [it.number for it in doc.items] == [str(n) for n in range(1, 18)]
    assert doc.items[6].title == "Voorstel tot het vaststellen van de Verordening voor de kamerverhuurpanden 2015"
    ds = archive.decisions(doc.id, "8")  # the amendment, then the proposal (page 2)
    assert len(ds) == 2 and "Tegen het amendement stemden" in ds[0].text
    assert [d.number for d in archive.decisions(doc.id, "5")] == ["5"]  # "De agenda is hierna vastgesteld."


def test_cli_meetings_lists_them(archive, capsys):
    from zvdj_viewer import cli

    assert cli.main(["meetings", "--data-dir", str(archive.data_dir)]) == 0
    out = capsys.readouterr().out
    assert "Raadsvergadering" in out and "Procedurevergadering vaste commissie voor Binnenlandse Zaken" in out
