"""Version links in the JSON export: two releases of one (fictional) nota, written here."""

from __future__ import annotations

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
