"""Real Woo releases (../shared/samples): each error class of issue 19 on the PDFs themselves.

Expected values are read from the pages (bench/truth/woo-bundles.json holds the full truth;
bench/bench_woo_split.py measures against it).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zvdj_viewer.understanding.analyse import analyse
from zvdj_viewer.readers import read

REPO = Path(__file__).resolve().parents[2]


def docs_of(samples_dir, rel):
    path = samples_dir / rel
    if not path.exists():
        pytest.skip(f"sample {rel} is missing")
    return analyse(read(path))


def test_email_prints_are_emails_with_subject_date_and_participants(samples_dir):
    docs = docs_of(samples_dir, "woo-bundles/Bes-Ordner1.doc.1-15.pdf")
    first, last = docs[0], docs[-1]
    assert (first.first_page, first.type, first.title, first.doc_date) == (1, "email", "RE: Jaarrapportage",
                                                                          "2019-05-09")
    assert first.participants["to"] == ["[10.2.e]"]  # a redacted recipient, counted as such
    assert (last.first_page, last.type, last.title, last.doc_date) == (
        14, "email", "RE: Renewal ICAR Certificate of Quality", "2020-10-21")


# measured: the 35-page list has 81 documents with 268 attachment rows (1a, 1b, ...); its text
# layer gives some assessment cells after the next row's, and the first row of each page has
# cells at the same place on every page (taken for a running header): read row by row, 342 of
# its 349 rows keep their assessment (273 before)
@pytest.mark.parametrize("rel, pages, at_least, assessed", [
    ("inventories/Inv-Inventarislijst+Deel+2_2015+tot+2020.pdf", 35, 300, 0.95),
    ("inventories/inventarislijst_stukken_deelbesluit_2.pdf", 11, 60, 0.9),
])
def test_an_inventory_list_is_one_document_with_its_rows(samples_dir, rel, pages, at_least, assessed):
    docs = docs_of(samples_dir, rel)
    assert [(d.first_page, d.last_page, d.type) for d in docs] == [(1, pages, "inventarislijst")]
    rows = docs[0].inventory
    assert len(rows) >= at_least
    assert sum(1 for r in rows if r["assessment"]) >= assessed * len(rows)
    assert sum(1 for r in rows if r["title"]) >= 0.95 * len(rows)


def test_inventory_rows_whose_cells_the_text_layer_gives_out_of_order(samples_dir):
    # read from page 1 of the list: row b under 1 is "29-07-2015 Bijlage Regiegroep Vitale
    # Varkenshouderij, Deels openbaar, 10.2.e"; page 2 begins with row a under 3
    docs = docs_of(samples_dir, "inventories/Inv-Inventarislijst+Deel+2_2015+tot+2020.pdf")
    rows = {r["number"]: r for r in docs[0].inventory}
    assert rows["1b"]["date"] == "2015-07-29" and rows["1b"]["assessment"] == "deels openbaar"
    assert rows["1b"]["grounds"] == ["10.2.e"]
    assert rows["3a"]["date"] == "2015-08-26" and rows["3a"]["assessment"] == "deels openbaar"
    assert rows["3a"]["title"].startswith("Bijlage Regiegroepvergadering 26 augustus 2015")


def test_decision_letter_then_its_inventory(samples_dir):
    docs = docs_of(samples_dir, "woo-bundles/Bes-besluit+op+wob-verzoek+over+conceptovergangsregeling+"
                                "afschaffing+afvalstoffenbelasting.pdf")
    assert [(d.first_page, d.last_page, d.type) for d in docs[:2]] == [(1, 4, "besluit"), (5, 5, "inventarislijst")]
    assert docs[0].title == ("Besluit op uw Wob-verzoek inzake de concept-overgangsregeling afschaffing "
                             "afvalstoffenbelasting")
    rows = docs[1].inventory
    assert [r["number"] for r in rows] == [str(i) for i in range(1, 10)]
    assert rows[0]["title"] == "FW: Overgangsbepalingen" and rows[0]["date"] == "2011-09-05"
    assert rows[0]["assessment"] == "deels openbaar" and rows[0]["grounds"] == ["10.2.e"]
    # the inventory annexed to a letter whose page numbers run on ("Pagina 9 van 9")
    docs = docs_of(samples_dir, "woo-bundles/Bes-Besluit+2020-101+A.pdf")
    assert [(d.first_page, d.last_page, d.type) for d in docs] == [(1, 8, "besluit"), (9, 9, "inventarislijst")]
    assert len(docs[1].inventory) == 7


def test_stamped_numbers_and_the_letters_reference(samples_dir):
    # NVWA warnings stamped 1., 2., 3.; each with its enclosure under the same reference,
    # the second one printed twice under stamp 2.
    docs = docs_of(samples_dir, "woo-bundles/Bes-Ordner1.pdf")
    assert [(d.first_page, d.last_page, d.stamp) for d in docs[:3]] == [(1, 6, "1"), (7, 20, "2"), (21, 26, "3")]
    assert all(d.title.lower() == "waarschuwing" for d in docs[:3])
    assert [d.doc_date for d in docs[:3]] == ["2020-07-27", "2020-07-24", "2020-07-27"]


def test_outline_of_page_entries_is_not_a_split(samples_dir):
    # top-level bookmarks per document, with "Page 1".."Page 4" under the first one
    docs = docs_of(samples_dir, "woo-bundles/Beslisnota-met-handgeschreven-tekst.pdf")
    assert [(d.first_page, d.last_page) for d in docs] == [(1, 4), (5, 14), (15, 16)]
    assert [d.type for d in docs] == ["nota", "nota", "nota"]
    assert [d.title for d in docs] == ["Wetsvoorstel terugdringen verzuim",
                                       "MR formulier Wetsvoorstel terugdringen schoolverzuim",
                                       "Nader rapport wetsvoorstel terugdringen verzuim"]


def test_titles_of_letters_and_newsletters(samples_dir):
    docs = docs_of(samples_dir, "woo-bundles/Bij-documenten.pdf")
    by_page = {d.first_page: d for d in docs}
    assert by_page[1].title == "Informatieblad Corona-update" and by_page[1].doc_date == "2020-06-11"
    assert by_page[23].title == "Sluiting avondprogramma"
    assert by_page[27].title == "Corona measures"


def test_show_lists_a_release_and_export_carries_the_woo_fields(samples_dir, tmp_path):
    path = samples_dir / "woo-bundles" / "Bes-Ordner1.pdf"
    inv = samples_dir / "woo-bundles" / "Bes-Besluit+2020-101+A.pdf"
    if not path.exists() or not inv.exists():
        pytest.skip("samples missing")
    run = [sys.executable, "-m", "zvdj_viewer.cli"]
    data = ["--data-dir", str(tmp_path / "data")]
    subprocess.run(run + ["index", str(path), str(inv)] + data, check=True, capture_output=True, timeout=300)
    out = subprocess.run(run + ["show", str(path)] + data, check=True, capture_output=True, text=True,
                         timeout=120).stdout
    lines = out.splitlines()
    assert lines[0].endswith("4 documents")
    assert "p. 7-20" in lines[2] and "2020-07-24" in lines[2] and "nr 2" in lines[2] and "WAARSCHUWING" in lines[2]
    out = subprocess.run(run + ["show", str(inv)] + data, check=True, capture_output=True, text=True,
                         timeout=120).stdout
    assert "inventory list of 7 rows" in out and "inventory check:" in out
    export = json.loads(subprocess.run(run + ["export", "--json"] + data, check=True, capture_output=True,
                                       text=True, timeout=120).stdout)
    by_source = {}
    for d in export["documents"]:
        by_source.setdefault(Path(d["source"]).name, []).append(d)
    assert [d["stamp"] for d in by_source["Bes-Ordner1.pdf"]][:3] == ["1", "2", "3"]
    inventory = by_source["Bes-Besluit+2020-101+A.pdf"][1]["inventory"]
    assert inventory[0]["number"] == "1" and inventory[0]["assessment"] == "uitgesteld openbaar"


def test_an_inventory_is_dated_by_the_sidebar_value_under_its_datum_label(samples_dir):
    # p9: "Bijlage 2 - Inventarislijst" with the letter's sidebar ("Datum" over "26 november
    # 2020"); the text layer gives the value after the table's first rows
    docs = docs_of(samples_dir, "woo-bundles/Bes-Besluit+2020-101+A.pdf")
    assert (docs[-1].first_page, docs[-1].type, docs[-1].doc_date) == (9, "inventarislijst", "2020-11-26")


def test_an_embassy_note_with_its_datum_line_is_a_nota(samples_dir):
    # p10: a title, "Datum: 19 mei 2020" under it, then the note's paragraphs
    docs = docs_of(samples_dir, "woo-bundles/Bes-Besluit-Wob-verzoek-EKV-Mozambique.pdf")
    note = next(d for d in docs if d.first_page == 10)
    assert (note.type, note.doc_date) == ("nota", "2020-05-19")
    assert note.title.startswith("EKV LNG Mozambique (Van Oord): appreciatie")
