"""Decisions as committees and councils record them (fictional texts written here)."""

from zvdj_viewer.link.decisions import find_decisions


def test_besluit_label_takes_the_next_line():
    text = "Zaak:\nBrief regering - 1 maart 2020\nBesluit:\nVoor kennisgeving aangenomen.\nNoot:\nZie ook de brief."
    assert find_decisions(text) == [("besluit", "Voor kennisgeving aangenomen.", 3)]


def test_two_besluit_blocks_and_inline_besluit():
    text = "Besluit: besluitenlijst vastgesteld\nBesluit:\nTechnische briefing organiseren.\n"
    assert [t for _, t, _ in find_decisions(text)] == ["Besluit: besluitenlijst vastgesteld", "Technische briefing organiseren."]


def test_council_decisions_and_votes():
    text = ("De fractie dient een amendement in.\nDe raad besluit in meerderheid:\nhet amendement te aanvaarden.\n"
            "Tegen het amendement stemden de fracties van A en B.\n\nDe raad besluit unaniem:\nvast te stellen de verordening.\n"
            "Naar aanleiding van de toezegging besluit de fractie het amendement aan te houden.\n"
            "De raad besluit bij acclamatie:\nde heer X te herbenoemen.\n")
    got = find_decisions(text)
    assert [i for _, _, i in got] == [1, 5, 8]
    assert got[0][1].startswith("De raad besluit in meerderheid: het amendement te aanvaarden")
    assert "Tegen het amendement stemden" in got[0][1]  # the vote belongs to the decision


def test_agenda_vastgesteld_aangenomen_aangehouden():
    text = "De agenda is hierna vastgesteld.\nAangenomen met 20 stemmen voor en 3 tegen.\nVoorstel:\nAangehouden tot de volgende vergadering."
    assert [i for _, _, i in find_decisions(text)] == [0, 1, 3]
