import csv
import io

import pymupdf
import pytest

from zvdj_viewer.woo.audit import AuditDoc, bsn_like, findings_csv, inconsistent, not_hidden, unredacted
from zvdj_viewer.woo.inventory import InventoryRow, dutch_date, inventory_csv


def doc(id_, *lines, title=""):
    return AuditDoc(id_, title or id_, [(1, i + 1, t) for i, t in enumerate(lines)])


def test_inconsistent_redaction_finds_the_leaked_words():
    agenda = doc("d1", "Aanwezig namens de VNG: 10.2.e en de wethouder van Zwolle.",
                 "Overige tekst.", title="Agenda")
    verslag = doc("d2", "Aanwezig namens de VNG: Karel Appelboom en de wethouder van Zwolle.",
                  title="Verslag")
    found = inconsistent(agenda, verslag)
    assert [(f.document, f.words) for f in found] == [("d2", "Karel Appelboom")]
    assert "Agenda" in found[0].reason
    # the other way round: B has no code, so nothing leaks from A
    assert inconsistent(verslag, agenda) == []


def test_consistent_redaction_is_not_flagged():
    a = doc("a", "Het gesprek met 10.2.e over de inkoop verliep goed.")
    b = doc("b", "Het gesprek met 10.2e over de inkoop verliep goed.")
    assert inconsistent(a, b) == []


def test_unredacted_personal_data():
    d = doc("d", "Contact: j.appelboom@voorbeeld.nl of info@voorbeeld.nl",
            "Bel 06-12345678 of 070 123 4567.",
            "BSN 111222333 en ordernummer 123456789")
    found = {(f.words, f.reason.split()[0]) for f in unredacted(d)}
    assert ("j.appelboom@voorbeeld.nl", "e-mailadres") in found
    assert not any("info@" in w for w, _ in found)
    assert ("06-12345678", "telefoonnummer") in found
    assert ("070 123 4567", "telefoonnummer") in found
    assert ("111222333", "nummer") in found
    assert not any(w == "123456789" for w, _ in found)


def test_bsn_eleven_test():
    assert bsn_like("111222333")
    assert not bsn_like("123456789")
    assert not bsn_like("000000000")


def test_name_in_a_list_of_redacted_names():
    d = doc("d", "Deelnemers", "- 10.2.e (VWS)", "- 10.2.e (VNG)", "- Karel Appelboom (JenV)",
            "- minister De Vries (VWS)")
    found = unredacted(d)
    assert [f.words for f in found] == ["Karel Appelboom"]


def _pdf_with_box(path, apply: bool):
    pdf = pymupdf.open()
    page = pdf.new_page()
    page.insert_text((72, 100), "Gesproken met Karel Appelboom over de inkoop.", fontsize=11)
    rect = page.search_for("Karel Appelboom")[0]
    if apply:
        page.add_redact_annot(rect, fill=(0, 0, 0))
        page.apply_redactions()
    else:
        page.draw_rect(rect, color=(0, 0, 0), fill=(0, 0, 0))
    pdf.save(path)


@pytest.mark.parametrize("apply", [True, False])
def test_black_box_over_text_layer(tmp_path, apply):
    path = tmp_path / "lak.pdf"
    _pdf_with_box(str(path), apply)
    found = not_hidden(str(path), doc_id="d1")
    if apply:
        assert found == []
    else:
        assert len(found) == 1 and found[0].words == "Karel Appelboom" and found[0].page == 1


def test_unapplied_redact_annotation_is_flagged(tmp_path):
    pdf = pymupdf.open()
    page = pdf.new_page()
    page.insert_text((72, 100), "Geheim: Karel Appelboom", fontsize=11)
    page.add_redact_annot(page.search_for("Karel Appelboom")[0])
    pdf.save(tmp_path / "a.pdf")
    found = not_hidden(str(tmp_path / "a.pdf"))
    assert any("niet toegepast" in f.reason and "Appelboom" in f.words for f in found)


def test_csv_exports_open_in_a_dutch_spreadsheet():
    data = inventory_csv([InventoryRow(1, "d1", "2020-06-24", "nota", "Nota; BO", "1-3", "BO 2020-06-24",
                                       ("10.2.e",), "/a.pdf"),
                          InventoryRow(2, "d2", None, "agenda", "Agenda", "4", "", (), "/a.pdf")])
    assert data.startswith("\ufeff".encode()) and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][2] == "24-06-2020" and rows[1][4] == "Nota; BO" and rows[1][8] == "deels openbaar"
    assert rows[2][8] == "openbaar"
    assert dutch_date("2019-11-06") == "06-11-2019"
    out = findings_csv(unredacted(doc("d", "mail k.appelboom@voorbeeld.nl")), {"d": "Titel"})
    assert "e-mailadres" in out.decode("utf-8-sig")


def test_email_finding_is_linear_and_finds_what_the_pattern_finds():
    """Issue 16, point 6: _EMAIL.finditer retried its local part from every word boundary
    of a long run (4.8 s CPU for "a." * 25,000); emails() looks near each "@" only."""
    import random
    import time

    from zvdj_viewer.woo import audit as audit_mod

    rnd = random.Random(5)
    for _ in range(5000):
        t = "".join(rnd.choice("ab.@-_+ x1é") for _ in range(rnd.randint(0, 40)))
        assert audit_mod.emails(t) == [m.group() for m in audit_mod._EMAIL.finditer(t)], t
    assert audit_mod.emails("mail k.appelboom@minvws.nl of info@jeugd.nl.") == ["k.appelboom@minvws.nl",
                                                                                 "info@jeugd.nl"]
    t0 = time.process_time()
    for line in ("a." * 25_000, "a-" * 25_000, "x@" + "a." * 25_000, "a@b" * 16_000):
        audit_mod.emails(line)
    assert time.process_time() - t0 < 1.0


def test_the_code_of_an_inconsistent_redaction_is_given_without_the_sentence_comma():
    a = doc("a", "Contactpersoon bij de VNG is 10.2.e, die de werkgroep leidt.", title="Nota")
    b = doc("b", "Contactpersoon bij de VNG is Karel Appelboom, die de werkgroep leidt.", title="Verslag")
    found = inconsistent(a, b)
    assert found and dict(found[0].facts)["code"] == "10.2.e"
    assert "(p. 1: 10.2.e)" in found[0].reason
