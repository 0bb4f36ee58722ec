"""Version links in the JSON export: two releases of one (fictional) nota, written here."""

from __future__ import annotations

import json

from zvdj_viewer.archive import Archive
from zvdj_viewer.export import contract_problems

BODY = "\n".join(f"Punt {i}: de regio bespreekt de inkoop van jeugdhulp en de wachttijden in gemeente {i}." for i in range(40))


def test_versions_are_links_with_their_score(tmp_path):
    folder = tmp_path / "archief"
    folder.mkdir()
    (folder / "concept.txt").write_text("Nota over de inkoop\n\n" + BODY + "\n", encoding="utf-8")
    (folder / "definitief.txt").write_text("Nota over de inkoop\n\n" + BODY + "\nPunt 41: het besluit volgt.\n",
                                           encoding="utf-8")
    (folder / "anders.txt").write_text("Brief over iets anders\n\n" + " ".join(f"woord{i}" for i in range(300)),
                                       encoding="utf-8")
    with Archive(data_dir=tmp_path / "data") as a:
        a.add_folder(folder)
        a.update(workers=1)
        data = a.export_json()
        names = {d["id"]: d["source"].rsplit("/", 1)[-1] for d in data["documents"]}
    assert contract_problems(data) == []
    versions = [x for x in data["links"] if x["kind"] == "version"]
    assert len(versions) == 1
    v = versions[0]
    assert {names[v["from"]["document"]], names[v["to"]["document"]]} == {"concept.txt", "definitief.txt"}
    assert v["from"]["number"] is None and v["to"]["number"] is None
    assert 0.9 <= v["score"] <= 1.0 and "Jaccard" in v["evidence"]


def test_versions_are_stored_at_relink_and_shown_by_zvdj_show(tmp_path, capsys):
    """The version link is one of the catalog's links (written when linking, not recomputed
    by each export), seen from both documents; `zvdj show` lists it with its score, for the
    document and for an item of it; a migrated catalog gets the signatures it lacks."""
    from zvdj_viewer import cli

    folder = tmp_path / "archief"
    folder.mkdir()
    head = "Nota over de inkoop\n\n1. Inkoop\n\n"
    (folder / "concept.txt").write_text(head + BODY + "\n", encoding="utf-8")
    (folder / "definitief.txt").write_text(head + BODY + "\nPunt 41: het besluit volgt.\n", encoding="utf-8")
    data = tmp_path / "data"
    with Archive(data_dir=data) as a:
        a.add_folder(folder)
        a.update(workers=1)
        stored = [x for x in a.links() if x.kind == "version"]
        docs = {d.source.rsplit("/", 1)[-1]: d.id for d in a.documents()}
        seen_from_final = [x for x in a.item_links(docs["definitief.txt"], None) if x.kind == "version"]
    assert len(stored) == 1 and stored[0].score >= 0.9
    assert [(x.direction, x.to_doc) for x in seen_from_final] == [("in", docs["concept.txt"])]
    assert cli.main(["show", docs["definitief.txt"], "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "versions (1):" in out and docs["concept.txt"] in out and "Jaccard" in out and "score" in out
    assert cli.main(["show", docs["concept.txt"], "--json", "--data-dir", str(data)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [(x["kind"], x["to_doc"]) for x in shown["links"]] == [("version", docs["definitief.txt"])]


def test_the_reading_worker_makes_the_signature(tmp_path):
    """Hashing every word is done where the file is read (in parallel), not by the one
    process that writes the catalog."""
    from zvdj_viewer.link.versions import signature
    from zvdj_viewer.pipeline import process_file

    f = tmp_path / "nota.txt"
    f.write_text("Nota over de inkoop\n\n" + BODY + "\n", encoding="utf-8")
    result = process_file(str(f))
    assert result.documents and all(d.minhash == signature(d.text) and d.minhash for d in result.documents)
