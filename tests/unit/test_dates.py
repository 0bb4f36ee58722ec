"""Dutch dates and times as meeting documents print them (strings written for the test)."""

import pytest

from zvdj_viewer.understanding.dates import find_dates, parse_date, parse_time_range


@pytest.mark.parametrize("text, iso", [
    ("6 november 2019", "2019-11-06"),
    ("BO ZvdJ 25 sept 2019.", "2019-09-25"),
    ("2019-11-06", "2019-11-06"),
    ("dinsdag 6 november 2019", "2019-11-06"),
    ("6-11-2019", "2019-11-06"),
    ("06/11/2019", "2019-11-06"),
    ("28 nov. 2019", "2019-11-28"),
    ("1e juli 2020", "2020-07-01"),
    ("8-6-2020Vergaderplaats", "2020-06-08"),  # converter glued the next label on
])
def test_parse_date_forms(text, iso):
    assert parse_date(text) == iso


def test_year_from_context_only_when_given():
    assert parse_date("op 25 september jl. besproken") is None
    assert parse_date("op 25 september jl. besproken", default_year=2019) == "2019-09-25"


@pytest.mark.parametrize("text", ["1580026-195009-J", "10.2.e", "31 839, nr. 728", "30 februari 2020", "12-06"])
def test_not_dates(text):
    assert parse_date(text) is None


def test_find_dates_positions():
    text = "Vergaderdatum 6 november 2019, verslag van 2019-11-21"
    found = find_dates(text)
    assert [f[0] for f in found] == ["2019-11-06", "2019-11-21"]
    iso, s, e = found[0]
    assert text[s:e] == "6 november 2019"


@pytest.mark.parametrize("text, expected", [
    ("10:30-11:15", ("10:30", "11:15")),
    ("15.00 – 15.30", ("15:00", "15:30")),
    ("16 juni 2020, 15:00-17.00 uur", ("15:00", "17:00")),
    ("van 9.30 tot 10.30 uur", ("09:30", "10:30")),
    ("10.00 uur", ("10:00", None)),
    ("aanvang 11:00", ("11:00", None)),
    ("artikel 10.2.e", (None, None)),
    ("bedrag 10.30 euro", (None, None)),  # a bare 10.30 is not clearly a time
    ("", (None, None)),
])
def test_parse_time_range(text, expected):
    assert parse_time_range(text) == expected
