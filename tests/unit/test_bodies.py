"""Meetings of other bodies from their opening lines (fictional headers written here)."""

from zvdj_viewer.understanding.bodies import body_meeting


def test_committee_procedurevergadering_with_voortouwcommissie():
    lines = ["Den Haag, 5 maart 2021", "Voortouwcommissie:", "vaste commissie voor Onderwijs", "Volgcommissie(s):",
             "EZK", "Document:", "Besluitenlijst van de procedurevergadering van dinsdag 2", "maart 2021",
             "Besluitenlijst vorige vergadering(en)", "1. Agendapunt:", "Besluitenlijst van de vergadering van 16 februari 2021"]
    assert body_meeting(lines) == {"series": "Procedurevergadering vaste commissie voor Onderwijs",
                                   "meeting_date": "2021-03-02"}


def test_council_with_start_time():
    assert body_meeting(["Besluitenlijst raadsvergadering 3 mei 2021 aanvang 19.30 uur", "1. Opening."]) == {
        "series": "Raadsvergadering", "meeting_date": "2021-05-03", "start_time": "19:30"}


def test_ambtelijk_overleg_agenda_and_verslag_of_a_board():
    assert body_meeting(["Agenda ambtelijk overleg jeugd d.d. 4 februari 2021"])["series"] == "Ambtelijk overleg jeugd"
    got = body_meeting(["Verslag van de vergadering van het Algemeen Bestuur van 12 mei 2021"])
    assert got == {"series": "Vergadering van het Algemeen Bestuur", "meeting_date": "2021-05-12"}


def test_no_meeting_named():
    assert body_meeting(["Verslag van een schriftelijk overleg", "over de brief van 3 maart 2021"]) == {}
    assert body_meeting(["Agenda", "Tekst zonder datum"]) == {}
    assert body_meeting(["Verslag 2020 van de stichting, 3 maart 2021"]) == {}
