"""Same-topic links as a thread through time, on small fictional items."""

from zvdj_viewer.link.topics import topic_links


def u(meeting, date, number, title, text=""):
    return {"meeting": meeting, "date": date, "doc": int(meeting[1:]), "number": number, "title": title,
            "text": text}


# filler meetings so that phrases of the topic are rare in the archive as a whole
FILLER = [u(f"m{90 + i}", "2020-01-01", "1", f"Onderwerp {w}", f"tekst over {w}") for i, w in
          enumerate("appels peren druiven kersen bessen pruimen bananen meloenen citroenen mango's dadels "
                    "vijgen".split())]


def test_thread_runs_forward_in_time_one_link_per_meeting():
    units = [
        u("m3", "2021-09-01", "4", "Ter bespreking: speeltuinfonds buurten", "Stand van het speeltuinfonds."),
        u("m1", "2021-01-01", "2", "Speeltuinfonds buurten", "Eerste verkenning."),
        u("m2", "2021-05-01", "3", "Update speeltuinfonds buurten", "Voortgang."),
        # the same meeting twice on one topic: one link to that meeting, the better one
        u("m2", "2021-05-01", "5", "Rondvraag", "Kort nog over het speeltuinfonds buurten."),
        u("m4", "2021-12-01", "6", "Begroting", "Begroting."),
    ] + FILLER
    links = topic_links(units)
    pairs = sorted((x["from_doc"], x["from_number"], x["to_meeting"], x["to_number"]) for x in links)
    assert pairs == [(1, "2", "m2", "3"), (1, "2", "m3", "4"), (2, "3", "m3", "4")]
    assert all("speeltuinfonds" in x["evidence"].lower() for x in links)
    # stored from the earlier meeting to the later one
    date = {x["meeting"]: x["date"] for x in units}
    assert all(date[f"m{x['from_doc']}"] < x["to_date"] for x in links)


def test_programme_name_and_routine_titles_link_nothing():
    # a phrase in most items ("Zorg voor de Jeugd" here: "speeltuin plan") carries no topic;
    # routine titles (Opening, Rondvraag, Conceptverslag) never link
    units = [u(f"m{i}", f"2021-0{i}-01", "1", "Opening", "speeltuin plan") for i in range(1, 6)] + \
            [u(f"m{i}", f"2021-0{i}-01", "2", "Conceptverslag", "speeltuin plan") for i in range(1, 6)]
    assert topic_links(units + FILLER) == []
