"""Same-topic evidence beyond long words and word pairs: acronyms and numbered programme
parts (fictional units)."""

from zvdj_viewer.link.topics import topic_links, title_phrases

FILLER = "De partijen spreken over de voortgang en de planning van het werk in de regio's. "


def unit(meeting, date, number, title, text=""):
    return {"meeting": meeting, "date": date, "doc": meeting, "number": number, "title": title,
            "text": text + FILLER * 3}


def pairs(units):
    return {(x["from_doc"], x["from_number"], x["to_doc"], x["to_number"]) for x in topic_links(units)}


BACKGROUND = [unit(f"m{i}", f"2021-0{i}-01", "1", t) for i, t in
              enumerate(["Opening", "Wachttijden ggz", "Inkoop door regio's", "Huisvesting jongeren",
                         "Onderwijs en zorg", "Gesloten jeugdhulp", "Pleegzorg"], 1)]


def test_numbered_programme_part_is_a_phrase():
    assert (("actielijn", "#2"), "Actielijn 2") in [(p, w) for p, w in title_phrases("Voortgang Actielijn 2")]
    us = BACKGROUND + [unit("a", "2021-09-01", "4", "Voortgang Actielijn 2 (thuis opgroeien)"),
                       unit("b", "2021-10-01", "3", "Programma: actielijn 2")]
    assert ("a", "4", "b", "3") in pairs(us)
    us = BACKGROUND + [unit("a", "2021-09-01", "4", "Voortgang Actielijn 2"),
                       unit("b", "2021-10-01", "3", "Programma: actielijn 5")]
    assert not pairs(us)


def test_a_rare_acronym_names_a_subject_a_common_one_does_not():
    us = BACKGROUND + [unit("a", "2021-09-01", "3", "Gezamenlijke norm voor opdrachtgeverschap (NvO)"),
                       unit("b", "2021-10-01", "3", "NvO en ontwikkelingen bij gemeenten")]
    assert ("a", "3", "b", "3") in pairs(us)
    common = [{**u, "text": u["text"] + " De VNG was er."} for u in BACKGROUND]
    us = common + [unit("a", "2021-09-01", "3", "Reactie VNG op de brief", "De VNG was er."),
                   unit("b", "2021-10-01", "3", "VNG inbreng", "De VNG was er.")]
    assert not pairs(us)
