"""The markup in stored text (Markdown and inline HTML from conversion) becomes clean display
text; words in angle brackets that are not HTML stay. Fictional lines."""

from zvdj_viewer.markup import map_text, parse_line, plain


def test_headings_bold_and_superscripts():
    ln = parse_line("## Geannoteerde agenda 7<sup>e</sup> overleg")
    assert (ln.kind, ln.level, ln.plain) == ("heading", 2, "Geannoteerde agenda 7e overleg")
    assert ln.html == "Geannoteerde agenda 7<sup>e</sup> overleg"
    ln = parse_line("#### **3. Voortgang (10:05-10:35u, bijlage 2)**")
    assert ln.plain == "3. Voortgang (10:05-10:35u, bijlage 2)" and ln.html.startswith("<b>3.")
    assert parse_line("Genodigden:\t<b>BZK:</b> twee &amp; drie").plain == "Genodigden:\tBZK: twee & drie"
    assert parse_line("###### *Wat gebeurde er?*").html == "<i>Wat gebeurde er?</i>"


def test_lists_rules_and_tables():
    ln = parse_line('<p><b>A</b> Eerste actie</p>\t<ul style="list-style-type: none"> <li>• Stap een</li> '
                    '<li>Stap twee</li></ul>')
    assert ln.plain == "A Eerste actie • Stap een • Stap twee"
    assert "<li>" not in ln.html and "<ul" not in ln.html and "&lt;" not in ln.html
    assert parse_line("  - omdat het kan").plain == "  • omdat het kan"
    assert parse_line("- Verslag 18 <sup>e</sup> overleg").kind == "bullet"
    for rule in ("---", "***", "| --- | :---: |"):
        assert parse_line(rule).kind == "rule" and parse_line(rule).plain == ""
    assert parse_line("| Code | Grond |").plain == "Code · Grond"


def test_links_and_words_in_angle_brackets_stay_words():
    assert parse_line("<sup>1</sup> <https://example.org/a%20b>").plain == "1 https://example.org/a%20b"
    assert parse_line("zie [de brief](https://example.org) hier").plain == "zie de brief hier"
    assert parse_line("<Agendatekst>").plain == "<Agendatekst>"
    assert parse_line("<tekst met mededeling: Piet/>").plain == "<tekst met mededeling: Piet/>"
    assert parse_line("<Agendatekst>").html == "&lt;Agendatekst&gt;"
    assert parse_line("3 * 4 = 12 en 5 * 6").plain == "3 * 4 = 12 en 5 * 6"
    assert parse_line("geannoteerde_agenda").plain == "geannoteerde_agenda"


def test_unbalanced_markup_and_line_count():
    assert parse_line("**Open vet zonder einde").plain == "Open vet zonder einde"
    assert parse_line("tekst</b> los").html == "tekst los"
    text = "# Kop\n\n---\n**vet**\nregel"
    assert plain(text).split("\n") == ["Kop", "", "", "vet", "regel"]


def test_map_text_marks_words_between_tags():
    out = map_text("Agenda 7<sup>e</sup> &amp; meer", lambda t: t.upper().replace("&", "&amp;"))
    assert out == "AGENDA 7<sup>E</sup> &amp; MEER"
