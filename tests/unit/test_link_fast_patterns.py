"""The linking patterns rewritten for speed (issue 22) find exactly what the old ones found.

A pattern that starts with a look-behind or a word boundary is tried at every character of
a text; written to start with a letter class, with the look-behind moved after it, the
search skips ahead in C. Each rewritten pattern is compared here with its old form on the
real documents (../shared: seeds, samples, the PDFs' text) and on made-up edge cases (a
match at the very start of the text, after "-", inside a word, across lines).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zvdj_viewer.link import implicit, references
from zvdj_viewer.understanding.dates import _MONTH_RE

# the patterns as they were before the rewrite
OLD_MEETING_KIND = r"(?<![\w-])(?P<kind>BO|B\.O\.|[Bb]estuurlijke?[ \t]+[Oo]verleg|[Ss]tuurgroep)"
OLD = {
    "kst3": re.compile(r"(?<![\d-])(\d{2})(\d{3})\s?-\s?(\d{1,4})(?![\d-])"),
    "five": re.compile(r"\d{5}"),
    "motie": re.compile(r"\bmoties?\s+(?:van\s+(?:het\s+lid|de\s+leden)\s+)?"
                        r"((?:[Vv]an\s+(?:der|den|de)\s+|[Dd]en?\s+|[Tt]er\s+|[Vv]an\s+)?[A-Z][\w'-]+)"),
    "sentence": re.compile(r"(?<=[.!?;])\s+|\n[ \t]*(?:\n\s*|(?=[-•*#|]|\d{1,2}(?:\.\d{1,2})?[.)]?\s))"),
    "any_word": re.compile(r"\bbo\b|overleg|laatste keer|stuurgroep"),
    "day": re.compile(r"(?<![\d-])(\d{1,2})(?:e)?\s+(" + _MONTH_RE + r")\b\.?(?:\s+((?:19|20)\d\d)(?!\d))?", re.I),
    "month_hint": re.compile(r"\b(?:eind|begin|half|medio|in)\s+(?:" + _MONTH_RE + r")\b"),
}

EDGE_CASES = [
    "BO van 24 juni", "het BO van 24 juni", "-BO van 24 juni", "xBO van 24 juni", "B.O. van 3 maart",
    "bO van 3 maart", "Bestuurlijk  Overleg op 8 juni", "bestuurlijke overleg van 8 juni", "Stuurgroep (8 oktober)",
    "stuurgroep 25-09", "Xstuurgroep van 8 oktober", "BO Zorg voor de\tJeugd (op 25 september) jl.",
    "31839-728", "x31839-728", "-31839-728", "131839-728", "31839 - 7289", "kst-31839-728", "12345",
    "motie Van der Staaij", "moties Kwint", "amotie Kwint", "de motie van het lid Westerveld",
    "Het BO was op 6 juni. Daarna: de stuurgroep;\n\n- een lijst\n1. een punt", "einde.  \n  Begin",
    "bo", "bo.", "ebo bo", "bob", "laatste keer", "Overleg", "vóór dit BO\n2) volgende",
    "3 juni", "op 3 juni", "13e maart 2020", "x13 maart", "-13 maart", "2013 maart", "113 maart", "1 mei2020",
    "eind november", "half juni", "medio mei", "in maart", "begin april", "rein maart", "xhalf juni",
    "tussen eind\tnovember en begin\ndecember", "in mrt.", "Eind November",
]


def _real_texts() -> list[str]:
    shared = Path(__file__).resolve().parents[2].parent / "shared"
    if not shared.is_dir():
        pytest.skip(f"real documents not found at {shared} (../shared is not beside the repository)")
    texts = []
    for p in sorted(shared.rglob("*")):
        if p.suffix in (".txt", ".md", ".xml", ".html"):
            texts.append(p.read_text(encoding="utf-8", errors="replace"))
        elif p.suffix == ".pdf":
            import pymupdf

            with pymupdf.open(p) as doc:
                texts.append("\n".join(page.get_text() for page in doc))
    assert len(texts) > 20
    return texts


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _real_texts() + EDGE_CASES


def _found(pattern: re.Pattern, text: str) -> list:
    return [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text)]


def test_the_meeting_pattern_finds_what_it_found(texts):
    new = references._MEETING
    assert new.pattern != OLD_MEETING_KIND  # the rewritten form is the one in use
    rest = new.pattern[new.pattern.index(r"(?:[ \t]*\(BO\))?"):]
    old = re.compile(OLD_MEETING_KIND + rest)
    found = 0
    for t in texts:
        got = _found(new, t)
        assert got == _found(old, t)
        found += len(got)
    assert found > 30


@pytest.mark.parametrize("name, new", [
    ("kst3", references._KST[2]), ("five", references._FIVE_DIGITS), ("motie", references._MOTIE),
])
def test_the_kamerstuk_patterns_find_what_they_found(texts, name, new):
    assert new.pattern != OLD[name].pattern
    assert sum(1 for t in texts if OLD[name].search(t)) > 3
    for t in texts:
        assert _found(new, t) == _found(OLD[name], t), name


def test_sentences_split_as_before(texts):
    assert implicit._SENTENCE_END.pattern != OLD["sentence"].pattern
    for t in texts:
        assert implicit._SENTENCE_END.split(t) == OLD["sentence"].split(t)


def test_the_meeting_word_test_answers_as_before(texts):
    assert implicit._ANY_WORD.pattern != OLD["any_word"].pattern
    sentences = [s.lower() for t in texts for s in OLD["sentence"].split(t)] + [t.lower() for t in texts]
    assert any(OLD["any_word"].search(s) for s in sentences) and not all(OLD["any_word"].search(s) for s in sentences)
    for s in sentences:
        assert bool(implicit._ANY_WORD.search(s)) == bool(OLD["any_word"].search(s))


@pytest.mark.parametrize("name, new, lower", [
    ("day", implicit._DAY, False), ("month_hint", implicit._MONTH_HINT, True),
])
def test_the_implicit_date_patterns_find_what_they_found(texts, name, new, lower):
    """_DAY and _MONTH_HINT start with a letter or digit, their word start checked after it."""
    assert new.pattern != OLD[name].pattern
    cases = [t.lower() if lower else t for t in texts]
    assert sum(1 for t in cases if OLD[name].search(t)) > 10
    for t in cases:
        assert _found(new, t) == _found(OLD[name], t), name


def test_every_same_day_word_passes_its_guard():
    for w in implicit._SAME_DAY_WORDS:
        assert implicit._may_be_same_day(w), w
        assert implicit._may_be_same_day(f"x {w.upper().lower()} y")
    assert not implicit._may_be_same_day("het bo zorg voor de jeugd van 3 juni")


def test_a_sentence_passed_over_before_its_lines_are_joined_has_no_meeting_word(texts):
    """scan_implicit skips a sentence with line breaks when its lines, not joined yet, hold no
    meeting word and no "laatste": joined, they hold none either."""
    cases = texts + ["het laatste\nkeer", "BO\nvan 3 juni", "bestuurlijk\n  overleg", "x\n\tbo\n", "ebo\nbo."]
    skipped = joined_with_word = 0
    for t in cases:
        for sentence in implicit._SENTENCE_END.split(t):
            s = sentence[:implicit.MAX_SENTENCE]
            if "\n" not in s:
                continue
            low = s.lower()
            joined = " ".join(line.strip(" \t") for line in s.split("\n")).lower()
            if implicit._ANY_WORD.search(joined):
                joined_with_word += 1
                assert implicit._ANY_WORD.search(low) or "laatste" in low, s
            else:
                skipped += 1
    assert skipped > 100 and joined_with_word > 10


def test_the_guards_of_the_meeting_and_motie_patterns_pass_every_match(texts):
    """scan_meeting_mentions and motie_names skip a text their guard says cannot match."""
    meetings = moties = 0
    for t in texts:
        if references._MEETING.search(t):
            meetings += 1
            assert references._may_name_meeting(t), t[:200]
        if references._MOTIE.search(t):
            moties += 1
            assert "moti" in t
    assert meetings > 10 and moties > 3
    assert not references._may_name_meeting("de bo van 3 juni, het Bestuur, de sturgroep")


def _old_kamerstuk_ids(text: str) -> set[str]:
    head = (text or "")[:references.HEAD_CHARS]
    ids = {f"{a}{b}-{n}" for a, b, n in re.findall(r"\bkst-(\d{2})(\d{3})-(\d{1,4})\b", head, re.I)}
    dossier = re.search(r"^[^\S\n]*(\d{2})\s?(\d{3})\s+[A-Z][a-z]", head, re.M)
    nr = re.search(r"^[^\S\n]*Nr\.\s*(\d{1,4})\b", head, re.M)
    if dossier and nr:
        ids.add(f"{dossier.group(1)}{dossier.group(2)}-{nr.group(1)}")
    return ids


def test_kamerstuk_ids_as_before(texts):
    """kamerstuk_ids runs each pattern only where its words are: the same numbers."""
    cases = texts + ["KST-31839-728", "Kſt-31839-728 en kst-29538-12", "31 839 Jeugdzorg\nNr. 728",
                     "Nr. 728\n  31839 Jeugdzorg", "31 839 Jeugdzorg\nnr. 728", "x kst-31839-7289"]
    found = 0
    for t in cases:
        assert references.kamerstuk_ids(t) == _old_kamerstuk_ids(t), t[:200]
        found += bool(_old_kamerstuk_ids(t))
    assert found > 5
