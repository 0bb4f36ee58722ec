from zvdj_viewer.woo.compare import compare, is_redaction_code, to_html


def test_identical_texts_have_no_changes_even_with_other_line_breaks():
    a = "Het Rijk en de VNG spreken af\nom de jeugdhulp te verbeteren."
    b = "Het Rijk en de VNG   spreken af om de\njeugdhulp te verbeteren."
    cmp = compare(a, b)
    assert cmp.changes == []
    assert cmp.similarity == 1.0


def test_word_changes_are_found_with_their_lines():
    a = "Eerste regel blijft.\nDe gemeente betaalt de kosten."
    b = "Eerste regel blijft.\nDe provincie betaalt de kosten niet."
    cmp = compare(a, b)
    ops = [(c.op, c.a_words, c.b_words) for c in cmp.changes]
    assert ops == [("replace", "De gemeente", "De provincie")] or ops[0] == ("replace", "gemeente", "provincie")
    assert ("insert", "", "niet.") in ops or any(c.b_words.endswith("niet.") for c in cmp.changes)
    assert all(c.a_line == 1 and c.b_line == 1 for c in cmp.changes)


def test_redaction_differences_are_counted_apart():
    a = "Aanwezig: 10.2.e (VNG), mevrouw Pietersen (JenV)."
    b = "Aanwezig: Jan Klaassen (VNG), mevrouw Pietersen (JenV)."
    cmp = compare(a, b)
    assert len(cmp.changes) == 1 and cmp.redaction_changes == 1
    assert cmp.summary() == "1 wijziging, 1 lakking verschilt"
    assert cmp.summary("en") == "1 change, 1 redaction differ"


def test_redaction_code_shapes():
    for code in ("10.2.e", "10.2e", "5.1.2e", "5.1.2.e", "(10)(2e)", "11.1", "[redacted]", "10.2.e,"):
        assert is_redaction_code(code), code
    for word in ("2020", "3.1", "10:30", "gemeente", "1.2.3"):
        assert not is_redaction_code(word), word


def test_html_export_marks_and_escapes():
    cmp = compare("a <b> oud woord", "a <b> nieuw woord")
    page = to_html(cmp, "Versie 1", "Versie 2 & meer")
    assert "<del class=\"replace\">oud</del>" in page
    assert "<ins class=\"replace\">nieuw</ins>" in page
    assert "&lt;b&gt;" in page and "Versie 2 &amp; meer" in page
