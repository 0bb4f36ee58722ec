import random

from zvdj_viewer.woo.versions import find_versions, normalise

WORDS = ("jeugd gemeente rijk vng zorg hulp kind ouder wijk team regio inkoop budget tekort "
         "afspraak overleg minister wethouder jeugdhulp aanbieder plan actie").split()


def text(seed: int, n: int = 300) -> str:
    rnd = random.Random(seed)
    return " ".join(rnd.choice(WORDS) for _ in range(n))


def test_normalise_drops_redaction_codes_and_case():
    assert normalise("Gesprek met 10.2.e en (10)(2e) over Jeugd") == ["gesprek", "met", "en", "over", "jeugd"]


def test_same_text_twice_is_same_and_edited_copy_is_version():
    base = text(1)
    words = base.split()
    edited = " ".join(words[:150] + ["nieuwe", "zin", "ingevoegd"] + words[150:260])
    redacted = base.replace("minister", "10.2.e", 1)  # one name blacked out in a re-release
    heavily = base.replace("minister", "10.2.e")
    docs = [("d1", base), ("d2", redacted), ("d3", edited), ("d4", text(2)), ("d5", text(3)), ("d6", heavily)]
    pairs = {(p.a, p.b): p for p in find_versions(docs)}
    assert pairs[("d1", "d2")].relation == "same"
    assert pairs[("d1", "d3")].relation == "version"
    assert pairs[("d1", "d3")].containment > 0.8
    assert pairs[("d1", "d6")].relation == "version"  # many redactions: a version, not a copy
    assert not any("d4" in k or "d5" in k for k in pairs)


def test_short_texts_are_not_judged():
    assert find_versions([("a", "kort stukje"), ("b", "kort stukje")]) == []
