"""Linking on the real seeds (../shared/seeds), through the whole pipeline.

Expected values were checked by reading the seed text files (line numbers below are lines of
the seed files, as `sed -n Np` shows them). Items are named by their meeting (series, date)
and the number of their aligned row, never by document ids (those depend on reading order).

`measure()` prints precision and recall per link kind against the hand-checked lists below;
run `pytest -s tests/archive/test_linking_seeds.py -k measure` to see the figures.
"""

from __future__ import annotations

import pytest

from zvdj_viewer.archive import Archive

RV, ZVDJ, BGZJ, SG = "BO Rijk-VNG", "BO Zorg voor de Jeugd", "BO Rijk-VNG-BGZJ", "Stuurgroep Zorg voor de Jeugd"

# -- hand-checked lists ------------------------------------------------------------------------
# conceptverslag: (approving meeting) -> approved meeting, or None = not in the archive.
# Checked by reading each "Conceptverslag van ..." agenda line in seed 002 and the meetings the
# archive holds. The BO Rijk-VNG of 25 september 2019 is not in the archive (seed 002 line 811,
# 870: "Tijdens het BO Rijk-VNG op 25 september jl."), only the BO Zorg voor de Jeugd of that
# day is; the BO ZvdJ of 28 nov 2019 names "6 november 2019" (line 1623), a date on which only
# the BO Rijk-VNG met (the agenda itself asks "juni en sept?"): not resolvable, not forced.
CONCEPTVERSLAG = {
    ((ZVDJ, "2019-09-25"), "2019-04-10"): None,
    ((RV, "2019-11-06"), "2019-09-25"): None,
    ((RV, "2019-11-28"), "2019-11-06"): (RV, "2019-11-06"),
    ((ZVDJ, "2019-11-28"), "2019-11-06"): None,
    ((RV, "2020-01-30"), "2019-11-06"): (RV, "2019-11-06"),
    ((RV, "2020-02-13"), "2020-01-30"): (RV, "2020-01-30"),  # two meetings that day: same series
    ((ZVDJ, "2020-02-13"), "2019-04-10"): None,
    ((ZVDJ, "2020-02-13"), "2019-09-25"): (ZVDJ, "2019-09-25"),
    ((BGZJ, "2020-06-08"), "2020-01-30"): (BGZJ, "2020-01-30"),
    ((RV, "2020-06-24"), "2020-02-13"): (RV, "2020-02-13"),
    ((ZVDJ, "2020-06-24"), "2020-02-13"): (ZVDJ, "2020-02-13"),
    ((RV, "2020-10-07"), "2020-06-24"): (RV, "2020-06-24"),
}

# refers_to_meeting: (meeting, row) -> meeting referred to; row "doc" = the document's text
# outside its items (a nota's "Aanleiding"), also when an item names the same meeting in other
# words (bench/truth/linking.json counts them so too).
# Seed 000 line 230 and 257 (BO Zorg voor de Jeugd van 24 juni); seed 002 lines 1290/1428
# ("Tijdens BO 6 november"), 2360/2611/3056 ("Tijdens het BO van 6 november 2019"),
# 2778/2784 ("BO Zorg voor de Jeugd op 13 februari"), 5501 ("BO Rijk-VNG van 6 november
# 2019"), 5943/6141 ("stuurgroep Zorg voor de Jeugd van 16 juni j.l."), 504/752 ("'ambtelijke'
# BO Zorg voor de Jeugd (op 25 september)"), 1620 ("geagendeerd op BO 25-09", in the BO ZvdJ
# agenda: its own series), 3373 and 5253 ("Het laatste formele bestuurlijk overleg (BO) was op
# 30 januari 2020" / "13 februari 2020", BO Rijk-VNG notas), 4646-4647 (BGZJ nota of 8 June:
# "Het BO Zorg voor de Jeugd (24 juni, ...)", "Het BO Rijk-VNG (24 juni, ...)"), 6014 ("Het
# laatste BO vond plaats op 13 februari", BO ZvdJ nota), 6836 ("Het laatste BO Rijk-VNG met
# minister De Jonge was op 24 juni").
REFERS = {
    # seed 000: Rondvraag 2 (line 214-231, "Ook tijdens het BO Zorg voor de Jeugd van 24 juni")
    # and Rondvraag 3 (257) are sub-points 6.2 and 6.3 of item 6, each its own link end
    ((SG, "2020-06-16", "6.2"), (ZVDJ, "2020-06-24")),
    ((SG, "2020-06-16", "6.3"), (ZVDJ, "2020-06-24")),
    ((RV, "2019-11-28", "3"), (RV, "2019-11-06")),
    ((RV, "2020-01-30", "3"), (RV, "2019-11-06")),
    ((RV, "2020-01-30", "7"), (ZVDJ, "2020-02-13")),
    ((RV, "2020-06-24", "7.1"), (RV, "2019-11-06")),  # 5499 "Rondvraag 1 – Loon-en prijsbijstelling"
    ((ZVDJ, "2020-06-24", "3"), (SG, "2020-06-16")),
    ((RV, "2019-11-06", "4"), (ZVDJ, "2019-09-25")),
    ((ZVDJ, "2019-11-28", "1"), (ZVDJ, "2019-09-25")),
    ((RV, "2020-02-13", "doc"), (RV, "2020-01-30")),
    ((RV, "2020-06-24", "doc"), (RV, "2020-02-13")),
    ((BGZJ, "2020-06-08", "doc"), (ZVDJ, "2020-06-24")),
    ((BGZJ, "2020-06-08", "doc"), (RV, "2020-06-24")),
    ((RV, "2020-10-07", "doc"), (RV, "2020-06-24")),
    # implicit references (link/implicit.py), read in seed 002: 1363/3375 "Aansluitend (aan dit
    # BO) overlegt u met gemeenten, branches ..." (the BO ZvdJ right after), 2517 "Het
    # bestuurlijk overleg eind november werd ... geannuleerd", 5175 "op 8 juni in een BO
    # Rijk-VNG-BGZJ besproken", 5371 "aansluitende BO met Zorg voor de Jeugd", 1972 "in het BO
    # Rijk-VNG besproken, dat direct voorafgaat", 2011 "op 13 februari nogmaals spreekt tijdens
    # het bestuurlijk overleg over het Programma Zorg voor de Jeugd", 2032 "het voorgaande BO",
    # 2240 "13 februari zitten we in breder verband (BO Zorg voor de Jeugd) bijeen", 3956 "Vóór
    # dit overleg heeft u eerst een Bestuurlijk Overleg met JenV en VNG", 6133 "Het laatste BO
    # Zorg voor de Jeugd was in februari" (item 1; the nota's opening line 6014 names the same)
    ((RV, "2019-11-28", "doc"), (ZVDJ, "2019-11-28")),
    ((RV, "2020-01-30", "doc"), (RV, "2019-11-28")),
    ((RV, "2020-02-13", "doc"), (ZVDJ, "2020-02-13")),
    ((RV, "2020-06-24", "3"), (BGZJ, "2020-06-08")),
    ((RV, "2020-06-24", "4"), (ZVDJ, "2020-06-24")),
    ((BGZJ, "2020-01-30", "2"), (RV, "2020-01-30")),
    ((BGZJ, "2020-01-30", "3.1"), (ZVDJ, "2020-02-13")),
    ((BGZJ, "2020-01-30", "3.3"), (RV, "2020-01-30")),
    ((BGZJ, "2020-01-30", "3.3"), (ZVDJ, "2020-02-13")),
    ((ZVDJ, "2020-02-13", "doc"), (RV, "2020-02-13")),
    ((ZVDJ, "2020-06-24", "1"), (ZVDJ, "2020-02-13")),
    ((ZVDJ, "2020-06-24", "4"), (RV, "2020-06-24")),  # 6187 "voorgaande BO met VNG"
    # the opening lines of a nota whose items name the same meeting in other words: 1361 and
    # 2517 "Het laatste (formele) Bestuurlijk Overleg (BO) was op 6 november 2019" (items 3 say
    # "Tijdens (het) BO (van) 6 november"), 5255 "Aansluitend aan dit BO overlegt u met
    # gemeenten, branches ...", 1856 "Aangezien dit BO direct aansluit op het BO Rijk-VNG", 6014
    # "Het laatste BO vond plaats op 13 februari", 6016 "Vóór dit overleg heeft u eerst een
    # Bestuurlijk Overleg met JenV en VNG"
    ((RV, "2019-11-28", "doc"), (RV, "2019-11-06")),
    ((RV, "2020-01-30", "doc"), (RV, "2019-11-06")),
    ((RV, "2020-06-24", "doc"), (ZVDJ, "2020-06-24")),
    ((BGZJ, "2020-01-30", "doc"), (RV, "2020-01-30")),
    ((ZVDJ, "2020-06-24", "doc"), (ZVDJ, "2020-02-13")),
    ((ZVDJ, "2020-06-24", "doc"), (RV, "2020-06-24")),
    # 4801 "op 24 juni ... een volgende bestuurlijke overleggen met de VNG en met de
    # programmapartners Zorg voor de Jeugd" (BGZJ nota of 8 June, item 4): both meetings
    ((BGZJ, "2020-06-08", "4"), (RV, "2020-06-24")),
    ((BGZJ, "2020-06-08", "4"), (ZVDJ, "2020-06-24")),
}
# references to meetings the archive does not hold (or cannot tell apart): kept with their date.
# Seed 002 lines 811/870 ("het BO van 25 september", "BO op 25 september jl.") and 504 ("BO
# Rijk-VNG op 25 september jl."): the BO Rijk-VNG of that day, not in the archive (only the BO
# ZvdJ of that date is: it must not be taken); 752 "Stuurgroep Zorg voor de Jeugd (8 oktober)";
# 2377, 2660, 3071 "BO Rijk-VNG van 24 januari 2019"; 5253 "Het formele BO van 25 maart werd ...
# geannuleerd"; 6759 and 6960 "BO 23 september 2020"; 7139 "het BO van 9 december"; seed 000 line 195
# "het bestuurlijk overleg van 24 juni a.s." (two BOs met that day: ambiguous).
UNRESOLVED = {
    ((RV, "2019-11-06", "4"), "2019-09-25"),
    ((RV, "2019-11-06", "4"), "2019-10-08"),
    ((RV, "2020-01-30", "4"), "2019-01-24"),
    ((RV, "2020-06-24", "doc"), "2020-03-25"),
    ((RV, "2020-10-07", "3"), "2020-09-23"),
    # line 6960, the heading line of the nota's item 3 (its stored title lacks the parenthesis
    # "(bijlage 2 - Afspraken Rijk-VNG op basis van BO 23 september 2020)"): row 3's, above
    ((RV, "2019-11-06", "doc"), "2019-09-25"),  # 590 "Het laatste (formele) Bestuurlijk Overleg (BO) was op 25 september 2019"
    ((RV, "2020-10-07", "doc"), "2020-10-07"),  # 6840 "Aansluitend aan dit BO overlegt u met gemeenten, ..."
    ((RV, "2020-10-07", "5"), "2020-12-09"),
    ((SG, "2020-06-16", "6"), "2020-06-24"),
    # implicit (link/implicit.py): 46/1363/3375/3954 "(laatste keer was op 10 april)" (the BO
    # ZvdJ of 10 April 2019); 48 "Vóór dit overleg ... eerst een Bestuurlijk Overleg met JenV en
    # VNG" (the BO Rijk-VNG of 25 Sep 2019, not in the archive); 6939 "het aansluitende BO ZvdJ"
    # (7 Oct 2020, not in the archive); 339 "6 nov: ... bespreken in BO (?)" in a BO ZvdJ nota
    # (no BO ZvdJ met that day: kept with its date)
    ((RV, "2019-11-28", "doc"), "2019-04-10"),
    ((RV, "2020-02-13", "doc"), "2019-04-10"),
    ((ZVDJ, "2020-02-13", "doc"), "2019-04-10"),
    ((ZVDJ, "2019-09-25", "doc"), "2019-04-10"),
    ((ZVDJ, "2019-09-25", "doc"), "2019-09-25"),
    ((RV, "2020-10-07", "1"), "2020-10-07"),
    ((ZVDJ, "2019-09-25", "4c"), "2019-11-06"),
}

# kamerstuk: (meeting, row) or a source prefix -> the document of seed 004 (kst-31839-728, the
# verslag schriftelijk overleg on the motie Van der Staaij). Seed 000 line 227, seed 002 the
# nota of 24 June 2020 item 7 ("motie van der Staaij"), seed 001 (voortgangsrapportage, "motie
# van der Staaij" in the mentoren row).
KAMERSTUK = {(SG, "2020-06-16", "6.2"), (ZVDJ, "2020-06-24", "7"), "001"}

# same_topic: pairs of rows judged by reading both items. EXPECTED must be found (recall);
# ACCEPTABLE are right when found but not required. Everything else found counts as wrong.
PERSPECTIEF = [(RV, "2020-01-30", "8"), (BGZJ, "2020-01-30", "3"), (RV, "2020-02-13", "4"),
               (ZVDJ, "2020-02-13", "4"), (BGZJ, "2020-06-08", "4"), (SG, "2020-06-16", "4"),
               (RV, "2020-06-24", "3"), (ZVDJ, "2020-06-24", "3"), (RV, "2020-10-07", "4")]
TOPIC_EXPECTED = {frozenset((a, b)) for i, a in enumerate(PERSPECTIEF) for b in PERSPECTIEF[i + 1:]} | {
    frozenset(p) for p in [
        # gezinshuizen 18 -> 21 jaar (lines 526, 1290, 2358)
        ((RV, "2019-11-06", "5"), (RV, "2019-11-28", "3")),
        ((RV, "2019-11-06", "5"), (RV, "2020-01-30", "3")),
        ((RV, "2019-11-28", "3"), (RV, "2020-01-30", "3")),
        # 24-uurssessie and the NvO propositie, same day, two series (lines 1778-1780, 2425-2426)
        ((BGZJ, "2020-01-30", "3.1"), (RV, "2020-01-30", "8.1")),
        ((BGZJ, "2020-01-30", "3.3"), (RV, "2020-01-30", "8.2")),
        # offerte-aanvraag structureel onderzoek (1769, 2448); structurele middelen (2448, 6781)
        ((BGZJ, "2020-01-30", "2"), (RV, "2020-01-30", "9.1")),
        ((RV, "2020-01-30", "9.1"), (RV, "2020-10-07", "5")),
        # expertisecentra (174, 5970)
        ((ZVDJ, "2019-09-25", "3a"), (ZVDJ, "2020-06-24", "6")),
        # corona: financiële afspraken na 1 juli (5177, 5947) and meerkosten (6758)
        ((RV, "2020-06-24", "4"), (ZVDJ, "2020-06-24", "4")),
        ((RV, "2020-06-24", "4"), (RV, "2020-10-07", "3")),
        # advies Halsema (5189, 5959)
        ((RV, "2020-06-24", "5"), (ZVDJ, "2020-06-24", "5")),
        # informele mentor (seed 000 line 214-230; seed 002 line 5974)
        ((SG, "2020-06-16", "6.2"), (ZVDJ, "2020-06-24", "7")),
        # NvO (1780, 2426, 4557), Actielijn 2 (184, 1627), expertisecentra (5327 Mededelingen 2
        # of the nota, 5970), steunfiguur (5509 Rondvraag 2 of the nota, 5974, 000:214)
        ((RV, "2020-01-30", "8.2"), (BGZJ, "2020-06-08", "3")),
        ((BGZJ, "2020-01-30", "3.3"), (BGZJ, "2020-06-08", "3")),
        ((ZVDJ, "2019-09-25", "4c"), (ZVDJ, "2019-11-28", "3a")),
        ((RV, "2020-06-24", "1.2"), (ZVDJ, "2020-06-24", "6")),
        ((RV, "2020-06-24", "7.2"), (ZVDJ, "2020-06-24", "7")),
        # toezicht in the wetsvoorstel (verslag 8 June sub-item 4.3, nota 7 Oct sub-item 4d)
        ((BGZJ, "2020-06-08", "4.3"), (RV, "2020-10-07", "4d")),
        # terugblik WGO (1302, 1631)
        ((RV, "2019-11-28", "4"), (ZVDJ, "2019-11-28", "3b")),
        # opdracht/jaarplan OZJ (2411 "Herijking opdracht OZJ", 2769 jaarplan on 13 Feb)
        ((RV, "2020-01-30", "7"), (ZVDJ, "2020-02-13", "3")),
    ]}
TOPIC_ACCEPTABLE = {frozenset(p) for p in [
    ((RV, "2020-06-24", "7.2"), (SG, "2020-06-16", "6.2")),  # rondvraag nota: mentor per kind (5512-5522)
    ((RV, "2020-06-24", "7.1"), (RV, "2019-11-06", "4")),  # indexatie: loon- en prijsbijstelling (5499-5502)
    ((ZVDJ, "2019-09-25", "4c"), (ZVDJ, "2020-06-24", "7")),  # actielijn 2 'zo thuis mogelijk'
    ((ZVDJ, "2019-09-25", "3a"), (RV, "2019-11-06", "3")),  # expertisecentra amendement (438)
    ((BGZJ, "2020-01-30", "3.1"), (RV, "2020-02-13", "4")),  # 24-uurssessie in Perspectief
    ((BGZJ, "2020-01-30", "3.1"), (ZVDJ, "2020-02-13", "4")),
    ((ZVDJ, "2019-09-25", "4"), (ZVDJ, "2019-11-28", "3a")),  # voortgang programma
    ((BGZJ, "2020-06-08", "6"), (RV, "2020-10-07", "3")),  # corona omzetgarantie / meerkosten (4857)
    ((ZVDJ, "2020-06-24", "4"), (RV, "2020-10-07", "3")),
]}


# decisions: (meeting, row, line in seed 002) of every outcome line in the verslagen, found by
# grepping the verslag sections for afspra|akkoord|actie|besluit|besloten|vastgesteld|stemt in|
# conclusie and reading each hit. Left out on reading: "Afspraak 6: Inzicht in ..." (1104-1110,
# names of agreements under discussion), 3224 ("Dhr. Eerenberg is akkoord met vraag 2 t/m 4",
# one member's position), 5643 ("Toezegging aan Peters", a promise made in the Kamer).
DECISIONS = {
    (RV, "2019-11-06", "4", 1114), (RV, "2019-11-06", "4", 1135), (RV, "2019-11-06", "4", 1182),
    (RV, "2019-11-06", "5", 1219),
    (BGZJ, "2020-01-30", "3.3", 2182), (BGZJ, "2020-01-30", "3.3", 2184), (BGZJ, "2020-01-30", "3.3", 2248),
    (RV, "2020-01-30", "3", 3067), (RV, "2020-01-30", "4", 3079), (RV, "2020-01-30", "6", 3106),
    (RV, "2020-01-30", "6", 3108), (RV, "2020-01-30", "6", 3110), (RV, "2020-01-30", "9.1", 3230),
    (RV, "2020-02-13", "3", 3621),  # "Geen afspraak.": an outcome too
    (BGZJ, "2020-06-08", "3", 4980),
    (RV, "2020-06-24", "2", 5634), (RV, "2020-06-24", "7", 5728),
    (ZVDJ, "2020-06-24", "2", 6547),
}

# -- the archive, once per module -----------------------------------------------------------------

@pytest.fixture(scope="module")
def archive(seeds_dir, tmp_path_factory):
    a = Archive(data_dir=tmp_path_factory.mktemp("linkdata"))
    a.add_folder(seeds_dir)
    a.update(workers=1)
    yield a
    a.close()


class Names:
    """Document ids <-> (series, date, row number), so tests never name a dN."""

    def __init__(self, a: Archive):
        self.meetings = {(m.series, m.date): m for m in a.meetings()}
        self.meeting_key = {m.id: (m.series, m.date) for m in a.meetings()}
        self.row_of: dict[tuple[str, str], tuple[str, str, str]] = {}
        for m in a.meetings():
            for r in m.items:
                for ref in (r.agenda, r.nota, r.verslag):
                    if ref:
                        self.row_of[(ref.document, ref.number)] = (m.series, m.date, r.number)
        self.docs = {d.id: d for d in a.documents()}

    def source_prefix(self, doc_id):
        return self.docs[doc_id].source.rsplit("/", 1)[-1][:3]

    def ref(self, series, date, number, role="agenda"):
        m = self.meetings[(series, date)]
        row = next(r for r in m.items if r.number == number)
        ref = getattr(row, role) or row.agenda or row.nota or row.verslag
        return ref.document, ref.number


@pytest.fixture(scope="module")
def names(archive):
    return Names(archive)


# -- alignment ----------------------------------------------------------------------------------------

def _rows(names, series, date):
    out = []
    for r in names.meetings[(series, date)].items:
        out.append((r.number, *(ref.number if ref else None for ref in (r.agenda, r.nota, r.verslag))))
    return out


def test_meetings_share_dates_but_stay_apart(names):
    assert (RV, "2020-02-13") in names.meetings and (ZVDJ, "2020-02-13") in names.meetings
    assert (RV, "2020-01-30") in names.meetings and (BGZJ, "2020-01-30") in names.meetings
    # a meeting with only its nota (seed 002 line 1-390) is still a meeting
    assert set(names.meetings[(ZVDJ, "2019-09-25")].documents) == {"nota"}


def test_alignment_nota_numbers_rondvraag_9_as_8th_item(names):
    # BO ZvdJ 24 June 2020: agenda 1-8 (lines 5937-5980), nota prints "9" for Rondvraag
    # (line 6349), verslag 1-8 (6543-6671)
    rows = _rows(names, ZVDJ, "2020-06-24")
    assert rows[-1] == ("8", "8", "9", "8")
    assert [r[0] for r in rows] == [str(i) for i in range(1, 9)]
    assert all(r[1] and r[2] and r[3] for r in rows)


def test_alignment_nota_lost_first_items(names):
    # BO Rijk-VNG 6 Nov 2019: the nota starts at item 4 (line 656); agenda and verslag 1-7
    assert _rows(names, RV, "2019-11-06") == [
        ("1", "1", None, "1"), ("2", "2", None, "2"), ("3", "3", None, "3"), ("4", "4", "4", "4"),
        ("5", "5", "5", "5"), ("6", "6", "6", "6"), ("7", "7", "7", "7")]


def test_alignment_subitems_only_in_verslag_or_nota(names):
    # BGZJ 8 June 2020: the verslag adds 4.1-4.3 under item 4 (lines 4986-5017)
    rows = _rows(names, BGZJ, "2020-06-08")
    assert [r[0] for r in rows] == ["1", "2", "3", "4", "4.1", "4.2", "4.3", "5", "6", "7", "8"]
    assert rows[4] == ("4.1", None, None, "4.1")
    # BO Rijk-VNG 30 Jan 2020: agenda, nota and verslag agree on 15 rows with sub-items 8.x, 9.x
    rows = _rows(names, RV, "2020-01-30")
    assert len(rows) == 15 and all(r[0] == r[1] == r[2] == r[3] for r in rows)


# -- references -------------------------------------------------------------------------------------------

def _links_of(archive, names, series, date, number, kind):
    out = set()
    m = names.meetings[(series, date)]
    row = next(r for r in m.items if r.number == number)
    for ref in (row.agenda, row.nota, row.verslag):
        if ref:
            for x in archive.item_links(ref.document, ref.number):
                if x.kind == kind and x.direction == "out":
                    out.add(x)
    return out


def test_every_conceptverslag_resolves_or_is_reported(archive, names):
    for ((series, date), approved_date), expected in CONCEPTVERSLAG.items():
        m = names.meetings[(series, date)]
        row = next(r for r in m.items if "conceptverslag" in (r.title or "").lower())
        links = [x for x in _links_of(archive, names, series, date, row.number, "conceptverslag")
                 if x.to_date == approved_date]
        assert links, (series, date, approved_date)
        targets = {names.meeting_key.get(x.to_meeting) for x in links}
        assert targets == {expected}, (series, date, approved_date, targets)
        if expected is None:
            assert all(x.to_text and "onceptverslag" in x.to_text for x in links)


def test_stuurgroep_16_june_links_to_bo_24_june_and_to_the_motie(archive, names):
    doc, num = names.ref(SG, "2020-06-16", "6.2")  # Rondvraag 2: informele mentor (seed 000 line 214)
    links = archive.item_links(doc, num)
    zvdj = names.meetings[(ZVDJ, "2020-06-24")].id
    assert any(x.kind == "refers_to_meeting" and x.to_meeting == zvdj for x in links)
    mentor = [x for x in links if x.kind == "same_topic" and x.other_meeting == zvdj]
    # the evidence is the strongest shared title phrase: "informele mentor" or, since the
    # letters' sections (which say "informele mentor" often) take part, "elk uithuisgeplaatst"
    assert mentor and any(w in mentor[0].evidence.lower() for w in ("mentor", "uithuisgeplaatst"))
    vso = [x for x in links if x.kind == "kamerstuk" and x.to_doc]
    assert [names.source_prefix(x.to_doc) for x in vso] == ["004"]
    assert names.docs[vso[0].to_doc].type == "verslag_schriftelijk_overleg"
    # Perspectief voor de Jeugd: stuurgroep item 4 -> BO ZvdJ 24 June item 3, and on the thread
    doc4, num4 = names.ref(SG, "2020-06-16", "4")
    persp = [x for x in archive.item_links(doc4, num4) if x.kind == "same_topic" and x.other_meeting == zvdj]
    assert persp and "perspectief" in persp[0].evidence.lower()
    thread = archive.topic_thread(doc4, num4)
    assert [e.date for e in thread] == sorted(e.date for e in thread)
    assert {(e.series, e.date) for e in thread} >= {(k[0], k[1]) for k in PERSPECTIEF}
    # both directions: the BO item sees the stuurgroep item
    back = archive.item_links(*names.ref(ZVDJ, "2020-06-24", "7", role="nota"))
    assert any(x.kind == "same_topic" and x.other_meeting == names.meetings[(SG, "2020-06-16")].id for x in back)


def test_decisions_from_verslagen(archive, names):
    # BO Rijk-VNG 30 Jan 2020 verslag, item 6: three "**Akkoord** ..." lines (3106-3110)
    doc, num = names.ref(RV, "2020-01-30", "6")
    ds = archive.decisions(doc, num)
    assert [d.line for d in ds] == [3106, 3108, 3110] and all(d.kind == "besluit" for d in ds)
    # BGZJ 30 Jan 2020, item 3.3: three "**Afspraak:**" lines (2182, 2184, 2248)
    ds = archive.decisions(*names.ref(BGZJ, "2020-01-30", "3.3"))
    assert [(d.kind, d.line) for d in ds] == [("afspraak", 2182), ("afspraak", 2184), ("afspraak", 2248)]
    # a nota's "Akkoord met ...?" questions are no decisions
    assert not any(names.docs[d.doc_id].type == "nota" for d in archive.decisions())


def test_export_has_links_and_items(archive):
    from zvdj_viewer.export import contract_problems

    data = archive.export_json()
    assert contract_problems(data) == []
    kinds = {x["kind"] for x in data["links"]}
    assert {"conceptverslag", "refers_to_meeting", "same_topic", "kamerstuk"} <= kinds
    unresolved = [x for x in data["links"] if "text" in x["to"]]
    assert unresolved and all(set(x["to"]) == {"text", "date"} for x in unresolved)


# -- precision and recall --------------------------------------------------------------------------

def measure(archive, names, show=print) -> dict[str, tuple[float, float]]:
    """Precision and recall per kind against the hand lists, counted once per aligned row
    (agenda, nota and verslag repeat the same reference). Resolved links per kind; the
    unresolved meeting references ("unresolved") and the decisions as two more lines."""
    found: dict[str, set] = {"conceptverslag": set(), "refers_to_meeting": set(), "unresolved": set(),
                             "kamerstuk": set(), "same_topic": set(), "decisions": set()}
    for x in archive.links():
        src = names.row_of.get((x.from_doc, x.from_number))
        if src is None and x.from_number is None and names.docs[x.from_doc].meeting:
            src = (*names.meeting_key[names.docs[x.from_doc].meeting], "doc")
        if x.kind == "conceptverslag" and src:
            found["conceptverslag"].add(((src[0], src[1]), x.to_date, names.meeting_key.get(x.to_meeting)))
        elif x.kind == "refers_to_meeting" and src and x.to_meeting:
            found["refers_to_meeting"].add((src, names.meeting_key[x.to_meeting]))
        elif x.kind == "refers_to_meeting" and src:
            found["unresolved"].add((src, x.to_date))
        elif x.kind == "kamerstuk" and x.to_doc:
            key = src if src else names.source_prefix(x.from_doc)
            found["kamerstuk"].add((key, names.source_prefix(x.to_doc)))
        elif x.kind == "same_topic":
            dst = names.row_of.get((x.to_doc, x.to_number))
            if src and dst:
                found["same_topic"].add(frozenset((src, dst)))
    for d in archive.decisions():
        row = names.row_of.get((d.doc_id, d.number))
        found["decisions"].add((*row, d.line) if row else (d.doc_id, d.number, d.line))
    truth = {
        "conceptverslag": ({(k[0], k[1], v) for k, v in CONCEPTVERSLAG.items()}, set()),
        "refers_to_meeting": (REFERS, set()),
        "unresolved": (UNRESOLVED, set()),
        "kamerstuk": ({(k, "004") for k in KAMERSTUK}, set()),
        "same_topic": (TOPIC_EXPECTED, TOPIC_ACCEPTABLE),
        "decisions": (DECISIONS, set()),
    }
    out = {}
    for kind, (expected, acceptable) in truth.items():
        got = found[kind]
        if kind == "conceptverslag":  # unresolved ones are answers too: "not in the archive"
            right = got & expected
        else:
            right = got & (expected | acceptable)
        p = len(right) / len(got) if got else 1.0
        r = len(got & expected) / len(expected) if expected else 1.0
        out[kind] = (p, r)
        show(f"{kind:18} found {len(got):3}  right {len(right):3}  expected {len(expected):3}  "
             f"precision {p:.2f}  recall {r:.2f}")
        for wrong in sorted(map(str, got - expected - acceptable))[:10]:
            show(f"    not in the hand list: {wrong}")
        for missed in sorted(map(str, expected - got))[:10]:
            show(f"    missed: {missed}")
    return out


def test_measure_precision_and_recall(archive, names):
    figures = measure(archive, names)
    # precision first: a wrong link costs more than a missing one
    assert figures["conceptverslag"] == (1.0, 1.0)
    assert figures["refers_to_meeting"] == (1.0, 1.0)
    assert figures["unresolved"] == (1.0, 1.0)
    assert figures["kamerstuk"] == (1.0, 1.0)
    assert figures["same_topic"][0] >= 0.9
    assert figures["same_topic"][1] >= 0.8
    assert figures["decisions"] == (1.0, 1.0)


def test_generic_bo_never_forced_onto_the_other_series(archive, names):
    # "het BO van 25 september" in the BO Rijk-VNG documents of 6 Nov 2019 (seed 002 lines 811,
    # 870) means the BO Rijk-VNG of that day, which the archive lacks; the BO ZvdJ of that day
    # is reached only where the words name it ("'ambtelijke' BO Zorg voor de Jeugd", line 504)
    rv, zvdj = names.meetings[(RV, "2019-11-06")].id, names.meetings[(ZVDJ, "2019-09-25")].id
    to_zvdj = [x for x in archive.links() if x.kind == "refers_to_meeting" and x.to_meeting == zvdj
               and names.docs[x.from_doc].meeting == rv]
    assert to_zvdj and all("zorg voor de jeugd" in x.evidence.lower() for x in to_zvdj)


def test_cli_show_item_with_links(archive, names, capsys):
    from zvdj_viewer import cli

    doc, num = names.ref(SG, "2020-06-16", "6.2")
    assert cli.main(["show", f"{doc}:{num}", "--data-dir", str(archive.data_dir)]) == 0
    out = capsys.readouterr().out
    assert "uithuisgeplaatst kind" in out and "same_topic" in out and "informele mentor" in out and "kamerstuk" in out
    assert cli.main(["show", f"{doc}:99", "--data-dir", str(archive.data_dir)]) == 1


def test_cli_show_document_with_references_outside_items(archive, names, capsys):
    from zvdj_viewer import cli

    # the BO Rijk-VNG nota of 24 June 2020 opens with "Het laatste formele bestuurlijk overleg
    # (BO) was op 13 februari 2020" and "Het formele BO van 25 maart werd ... geannuleerd"
    # (seed 002 line 5253) and "Aansluitend aan dit BO overlegt u met gemeenten, ..." (5255, the
    # BO ZvdJ after it, which item 4 names too), outside its items
    nota = names.meetings[(RV, "2020-06-24")].documents["nota"][0]
    assert cli.main(["show", nota, "--data-dir", str(archive.data_dir)]) == 0
    out = capsys.readouterr().out
    assert "references outside the items (3)" in out and names.meetings[(ZVDJ, "2020-06-24")].id in out
    assert names.meetings[(RV, "2020-02-13")].id in out and "not in the archive: BO van 25 maart" in out


def test_items_link_to_sections_of_the_progress_report(archive, names, capsys):
    """Seed 001 (the fifth voortgangsrapportage) has "## Actielijn 2: Meer kinderen zo thuis
    mogelijk laten opgroeien" (line 216); the BO ZvdJ nota of 25 Sep 2019 has item 4c "Voortgang
    Actielijn 2 ('zo thuis mogelijk')" (seed 002 line 184)."""
    from zvdj_viewer import cli

    doc, num = names.ref(ZVDJ, "2019-09-25", "4c", role="nota")
    links = [x for x in archive.item_links(doc, num) if x.kind == "same_topic" and x.other_meeting is None]
    report = [x for x in links if names.source_prefix(x.to_doc) == "001"]
    assert [x.to_number for x in report] == ["Actielijn 2"]
    assert cli.main(["show", f"{doc}:{num}", "--data-dir", str(archive.data_dir)]) == 0
    out = capsys.readouterr().out
    assert f"{report[0].to_doc} section Actielijn 2" in out
    assert cli.main(["show", f"{report[0].to_doc}:Actielijn 2", "--data-dir", str(archive.data_dir)]) == 0
    out = capsys.readouterr().out
    assert "Meer kinderen zo thuis mogelijk" in out and f"{doc}:{num}" in out


def test_cli_show_lists_a_reports_sections_and_names_the_section_in_its_thread(archive, names, capsys):
    """`zvdj show` of the voortgangsrapportage (seed 001) lists its sections with the labels
    `zvdj show ID:LABEL` takes; the topic thread of a section names the section itself."""
    from zvdj_viewer import cli

    report = next(d for d in archive.documents() if d.type == "voortgangsrapportage")
    assert cli.main(["show", report.id, "--data-dir", str(archive.data_dir)]) == 0
    out = capsys.readouterr().out
    assert "  sections:" in out
    assert any(line.split()[:3] == ["Actielijn", "2", "Actielijn"] and "Meer kinderen zo thuis" in line
               for line in out.splitlines())
    assert cli.main(["show", f"{report.id}:Actielijn 2", "--data-dir", str(archive.data_dir)]) == 0
    out = capsys.readouterr().out
    thread = out.split("topic thread", 1)[1].splitlines()
    assert any(f"{report.id}:Actielijn 2  Actielijn 2: Meer kinderen" in line for line in thread)


def test_the_archive_says_where_a_reports_sections_are(archive, names):
    """Archive.document_sections (what the document view and `zvdj show` show): the fifth
    voortgangsrapportage (seed 001) has the section "Actielijn 2", and its page and line are
    the heading's own line in the document's text; a document with items has no sections."""
    report = next(d for d in archive.documents() if d.type == "voortgangsrapportage")
    sections = archive.document_sections(report.id)
    section = next(s for s in sections if s.label == "Actielijn 2")
    lines = {(p.number, ln.number): ln.text for p in archive.document_pages(report.id) for ln in p.lines}
    assert "Actielijn 2" in lines[(section.page, section.line)]
    assert "Meer kinderen zo thuis" in section.heading
    nota = names.meetings[(ZVDJ, "2019-09-25")].documents["nota"][0]
    assert archive.document_sections(nota) == []
    assert archive.document_sections("d999999") == []
