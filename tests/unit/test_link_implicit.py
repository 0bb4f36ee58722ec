"""References to other meetings the way officials write them (fictional sentences)."""

from zvdj_viewer.link.implicit import implicit_mentions

M = [
    {"id": "rv-0301", "series": "BO Rijk-VNG", "date": "2021-03-01", "start": "09:30"},
    {"id": "zvdj-0301", "series": "BO Zorg voor de Jeugd", "date": "2021-03-01", "start": "10:30"},
    {"id": "rv-1125", "series": "BO Rijk-VNG", "date": "2020-11-25", "start": "14:00"},
    {"id": "rv-1104", "series": "BO Rijk-VNG", "date": "2020-11-04", "start": "14:00"},
    {"id": "bgzj-0215", "series": "BO Rijk-VNG-BGZJ", "date": "2021-02-15", "start": "11:00"},
    {"id": "rv-0420", "series": "BO Rijk-VNG", "date": "2021-04-20", "start": "11:00"},
]


def refs(text, meeting="zvdj-0301", series="BO Zorg voor de Jeugd", date="2021-03-01"):
    unit = {"doc": 1, "number": None, "meeting": meeting, "series": series, "date": date, "text": text}
    return [(x["to_meeting"], x["to_date"]) for x in implicit_mentions(unit, M)]


def test_the_meeting_before_and_after_on_the_same_day():
    assert refs("Vóór dit overleg heeft u eerst een Bestuurlijk Overleg met JenV en VNG.") == [("rv-0301", "2021-03-01")]
    rv = dict(meeting="rv-0301", series="BO Rijk-VNG")
    assert refs("Aansluitend aan dit BO overlegt u met gemeenten, branches en cliëntenorganisaties.", **rv) == [
        ("zvdj-0301", "2021-03-01")]
    assert refs("Dit is identiek aan de annotatie voor het voorgaande BO met VNG.") == [("rv-0301", "2021-03-01")]
    assert refs("Aangezien dit BO direct aansluit op het BO Rijk-VNG is de annotatie kort.") == [("rv-0301", "2021-03-01")]


def test_the_next_meeting_missing_from_the_archive_is_kept_with_its_date():
    got = refs("Aansluitend aan dit BO overlegt u met gemeenten en branches.", meeting="rv-0420", series="BO Rijk-VNG",
               date="2021-04-20")
    assert got == [(None, "2021-04-20")]


def test_month_instead_of_a_date():
    rv = dict(meeting="rv-0301", series="BO Rijk-VNG")
    assert refs("Het bestuurlijk overleg eind november werd geannuleerd.", **rv) == [("rv-1125", "2020-11-25")]
    assert refs("Het laatste BO Rijk-VNG was in februari.", **rv) == []  # none in February: nothing forced


def test_dates_without_a_year_next_to_meeting_words():
    rv = dict(meeting="rv-0301", series="BO Rijk-VNG")
    assert refs("De hoofdlijnen zijn op 15 februari in een BO Rijk-VNG-BGZJ besproken.", **rv) == [
        ("bgzj-0215", "2021-02-15")]
    assert refs("Doel van het overleg is de voortgang (laatste keer was op 10 april).") == [(None, "2020-04-10")]
    assert refs("Op 20 april vindt het volgende BO met de VNG plaats.") == [("rv-0420", "2021-04-20")]


def test_what_is_not_a_reference():
    assert refs("Op 26 februari staat het volgende overleg gepland (dag na dit BO).") == []
    assert refs("Op 25 februari vindt een bestuurlijk overleg bij Jeugdzorg Nederland plaats.") == []
    assert refs("Dit staat in de brief 'BO Rijk-VNG' van 7 november 2020.") == []


def test_a_sentence_broken_over_lines_by_a_pdf_is_one_sentence():
    bgzj = dict(meeting="bgzj-0215", series="BO Rijk-VNG-BGZJ", date="2021-02-15")
    # the series words on the next line still name the meeting
    assert refs("- U spreekt hen op 1 maart nogmaals tijdens het bestuurlijk overleg over\n"
                "het programma Zorg voor de Jeugd.", **bgzj) == [("zvdj-0301", "2021-03-01")]
    assert refs("Op 1 maart zitten we in breder verband (BO Zorg\nvoor de Jeugd) bijeen.", **bgzj) == [
        ("zvdj-0301", "2021-03-01")]
    # a list item on the next line is a sentence of its own: its date is not the meeting's
    assert refs("- Het bestuurlijk overleg\n- Op 1 maart start de pilot in drie regio's", **bgzj) == []


def test_meetings_in_the_plural_name_each_meeting_of_that_date():
    bgzj = dict(meeting="bgzj-0215", series="BO Rijk-VNG-BGZJ", date="2021-02-15")
    got = refs("Daarna zijn er op 1 maart de bestuurlijke overleggen met de VNG en met de programmapartners "
               "Zorg voor de Jeugd.", **bgzj)
    assert sorted(got) == [("rv-0301", "2021-03-01"), ("zvdj-0301", "2021-03-01")]
    # only one of the two named: only that one
    assert refs("Op 1 maart volgen de bestuurlijke overleggen met de VNG.", **bgzj) == [("rv-0301", "2021-03-01")]
    # a date with no meeting in the archive: kept with its date
    assert refs("Op 9 maart volgen de bestuurlijke overleggen met de VNG.", **bgzj) == [(None, "2021-03-09")]


def test_this_meeting_follows_or_precedes_another_on_the_same_day():
    assert refs("Dit BO sluit direct aan op het BO Rijk-VNG.") == [("rv-0301", "2021-03-01")]
    assert refs("Voorafgaand aan dit overleg heeft u een bestuurlijk overleg met de VNG.") == [("rv-0301", "2021-03-01")]
    rv = dict(meeting="rv-0301", series="BO Rijk-VNG")
    assert refs("Na afloop van dit overleg heeft u het BO met alle programmapartners.", **rv) == [
        ("zvdj-0301", "2021-03-01")]


def test_the_previous_meeting_of_the_series():
    rv = dict(meeting="rv-0301", series="BO Rijk-VNG")
    assert refs("Zoals in het vorige BO afgesproken, komt de VNG met een voorstel.", **rv) == [("rv-1125", "2020-11-25")]
    bgzj = dict(meeting="bgzj-0215", series="BO Rijk-VNG-BGZJ", date="2021-02-15")
    assert refs("In het vorige BO Rijk-VNG is dit besproken.", **bgzj) == [("rv-1125", "2020-11-25")]
    # the previous one of the series is too long ago to be meant: nothing forced
    assert refs("Zoals in het vorige BO afgesproken.", meeting="rv-0420", series="BO Rijk-VNG", date="2021-12-20") == []
    # a date in the sentence: the date decides (references.py reads "BO was op 4 november"), not "vorige"
    from zvdj_viewer.link.references import find_references

    unit = {"doc": 1, "number": None, "meeting": "rv-0301", "series": "BO Rijk-VNG", "date": "2021-03-01",
            "text": "Het vorige BO was op 4 november."}
    assert [x["to_meeting"] for x in find_references([unit], M, [])] == ["rv-1104"]


def test_a_date_next_to_the_stuurgroep():
    m = M + [{"id": "sg-0210", "series": "Stuurgroep Zorg voor de Jeugd", "date": "2021-02-10", "start": "13:00"}]
    unit = {"doc": 1, "number": None, "meeting": "zvdj-0301", "series": "BO Zorg voor de Jeugd", "date": "2021-03-01",
            "text": "De handreiking is op 10 februari in de stuurgroep besproken."}
    assert [x["to_meeting"] for x in implicit_mentions(unit, m)] == ["sg-0210"]
    unit["text"] = "Op 10 februari wordt in de ambtelijke stuurgroep de tussenrapportage besproken."
    assert implicit_mentions(unit, m) == []
