"""Notes, stars, tags, reading list: anchored on content, re-attached after re-indexing."""

import json
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fixtures" / "notes"))
from notes_archive import AGENDA, NOTA, doc_of, index, write  # noqa: E402

from zvdj_viewer import notes as N  # noqa: E402
from zvdj_viewer.notes import NoteStore, NoteStoreError, search_notes  # noqa: E402


@pytest.fixture
def setup(tmp_path):
    files = write(tmp_path / "archief")
    archive = index(tmp_path / "data1", files)
    store = NoteStore.for_archive(archive)
    yield tmp_path, files, archive, store
    store.close()
    archive.close()


def test_store_lives_in_the_data_dir_and_is_versioned(setup):
    tmp, files, archive, store = setup
    assert store.path == archive.data_dir / "notes.sqlite"
    assert not any(p.name.startswith("notes") for p in files[0].parent.iterdir())
    c = sqlite3.connect(store.path)
    assert c.execute("SELECT version FROM schema_version").fetchone()[0] == len(N.MIGRATIONS)
    c.execute("UPDATE schema_version SET version = 99")
    c.commit()
    c.close()
    store.close()
    with pytest.raises(NoteStoreError, match="newer"):
        NoteStore(tmp / "data1" / "notes.sqlite")


def test_note_on_item_with_tags_and_edit(setup):
    _, _, archive, store = setup
    nota = doc_of(archive, "nota")
    a = N.anchor_item(archive, nota, "2")
    assert a.item_title == "Wachttijden in de jeugdhulp" and a.content_hash and a.source_name == "nota.md"
    assert a.meeting_id is not None and a.meeting_date == "2020-03-12"
    n = store.add_note(a, "Vragen naar de cijfers van Noordwaarde", ["Navragen", "#besluit nodig", "navragen"])
    assert n.tags == ("besluit nodig", "navragen")
    assert n.place.doc_id == nota and n.place.item_number == "2" and n.place.line == 5
    n2 = store.update_note(n.uuid, body="Andere tekst", tags=["navragen"])
    assert n2.body == "Andere tekst" and n2.tags == ("navragen",) and n2.modified > n.modified
    assert [x.uuid for x in store.notes(tag="NAVRAGEN")] == [n.uuid]
    assert store.notes(tag="besluit nodig") == []
    assert store.tags() == {"navragen": 1}
    assert [x.uuid for x in store.notes_for_item([(doc_of(archive, "agenda"), "2"), (nota, "2")])] == [n.uuid]
    store.delete_note(n.uuid)
    assert store.notes() == [] and store.tags() == {}


def test_selection_anchor_finds_its_line(setup):
    _, _, archive, store = setup
    nota = doc_of(archive, "nota")
    a = N.anchor_selection(archive, nota, "de wethouder van  Noordwaarde\nwil hier")
    assert (a.page, a.line) == (1, 7)
    assert (a.item_number, a.item_title) == ("2", "Wachttijden in de jeugdhulp")  # the item it lies in
    assert N.resolve(archive, a) == N.Place("attached", nota, a.meeting_id, "2", 1, 7)


def test_reindex_from_scratch_and_moved_folder_reattach(setup):
    tmp, files, archive, store = setup
    nota, agenda = doc_of(archive, "nota"), doc_of(archive, "agenda")
    n_item = store.add_note(N.anchor_item(archive, nota, "2"), "item")
    n_sel = store.add_note(N.anchor_selection(archive, nota, "wethouder van Noordwaarde"), "selectie")
    n_doc = store.add_note(N.anchor_document(archive, agenda), "document")
    store.star(N.anchor_meeting(archive, archive.meetings()[0].id))
    store.close()
    # the folder moves, and the archive is indexed from scratch in a new data dir, other order
    moved = tmp / "verhuisd"
    (tmp / "archief").rename(moved)
    new_files = [moved / "nota.md", moved / "agenda.md"]
    archive2 = index(tmp / "data2", new_files)
    assert doc_of(archive2, "nota") != nota  # the ids changed: a real test of anchoring
    import shutil

    shutil.copy(tmp / "data1" / "notes.sqlite", tmp / "data2" / "notes.sqlite")
    store2 = NoteStore.for_archive(archive2)
    report = store2.reattach(archive2)
    assert report == N.ReattachReport(attached=4, reattached=0, orphaned=0)
    got = {n.uuid: n.place for n in store2.notes()}
    assert got[n_item.uuid].doc_id == doc_of(archive2, "nota") and got[n_item.uuid].item_number == "2"
    assert got[n_sel.uuid].doc_id == doc_of(archive2, "nota") and got[n_sel.uuid].line == 7
    assert got[n_doc.uuid].doc_id == doc_of(archive2, "agenda")
    assert store2.stars()[0].place.meeting_id == archive2.meetings()[0].id
    store2.close()
    archive2.close()


def test_changed_file_reattaches_by_content_and_orphans_vanished_quote(setup):
    tmp, files, archive, store = setup
    nota = doc_of(archive, "nota")
    n_item = store.add_note(N.anchor_item(archive, nota, "2"), "item")
    n_sel = store.add_note(N.anchor_selection(archive, nota, "maandelijkse cijfers over de wachttijden"), "blijft")
    n_gone = store.add_note(N.anchor_selection(archive, nota, "wethouder van Noordwaarde"), "verdwijnt")
    # a new version: an item inserted before (numbers shift), one sentence removed
    new = NOTA.replace("## 2) Wachttijden", "## 2) Nieuw punt over inkoop\nTekst over inkoop.\n## 3) Wachttijden")
    new = new.replace("## 3) Rondvraag", "## 4) Rondvraag")
    new = new.replace("Let op: de wethouder van Noordwaarde wil hier een afspraak over maken.\n", "")
    assert new != NOTA
    files[1].write_text(new, encoding="utf-8")
    archive2 = index(tmp / "data2", list(reversed(files)))
    report = store.reattach(archive2)
    assert report == N.ReattachReport(attached=0, reattached=2, orphaned=1)
    nota2 = doc_of(archive2, "nota")
    item = store.note(n_item.uuid)
    assert (item.place.status, item.place.doc_id, item.place.item_number) == ("reattached", nota2, "3")
    sel = store.note(n_sel.uuid)
    assert (sel.place.doc_id, sel.place.line, sel.place.item_number) == (nota2, 8, "3")
    gone = store.note(n_gone.uuid)
    assert gone.orphaned and gone.body == "verdwijnt" and gone.anchor.quote == "wethouder van Noordwaarde"
    assert "nota" in N.place_label(gone)
    archive2.close()


def test_export_import_json_and_markdown_without_duplicates(setup, tmp_path):
    _, _, archive, store = setup
    nota = doc_of(archive, "nota")
    store.add_note(N.anchor_item(archive, nota, "2"), "Vraag -- over <b>cijfers</b>", ["navragen"])
    store.add_note(N.anchor_selection(archive, nota, "wethouder van Noordwaarde"), "tweede", ["besluit nodig"])
    store.star(N.anchor_document(archive, nota))
    e = store.queue(N.anchor_document(archive, nota))
    store.remember_position(nota, 1, 6)
    store.mark_read(e.uuid)
    js, md = tmp_path / "n.json", tmp_path / "n.md"
    assert store.export_json(js) == 2
    text = store.export_markdown(md)
    assert "## BO Proefregio 2020-03-12" in text and "#navragen" in text and "- [x]" in text
    for path in (js, md):
        other = NoteStore(tmp_path / f"other-{path.suffix[1:]}" / "notes.sqlite")
        first = other.import_file(path)
        assert (first.added, first.updated) == (4, 0)
        again = other.import_file(path)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
        assert len(other.notes()) == 2 and len(other.stars()) == 1 and len(other.reading_list()) == 1
        assert {n.body for n in other.notes()} == {"Vraag -- over <b>cijfers</b>", "tweede"}
        got = other.reading_list()[0]
        assert (got.read, got.last_page, got.last_line) == (True, 1, 6)
        assert other.tags() == store.tags()
        other.close()
    # a newer edit on the other laptop wins on import; the older one does not
    data = json.loads(js.read_text(encoding="utf-8"))
    data["notes"][0]["body"] = "bijgewerkt"
    data["notes"][0]["modified"] = "2999-01-01T00:00:00+00:00"
    data["notes"][1]["body"] = "ouder"
    data["notes"][1]["modified"] = "2000-01-01T00:00:00+00:00"
    r = store.import_data(data)
    assert (r.added, r.updated) == (0, 1)
    assert sorted(n.body for n in store.notes()) == ["bijgewerkt", "tweede"]
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "iets anders"}', encoding="utf-8")
    with pytest.raises(NoteStoreError, match="bad.json"):
        store.import_file(bad)


def test_search_tag_and_note_terms(setup):
    _, _, archive, store = setup
    nota, agenda = doc_of(archive, "nota"), doc_of(archive, "agenda")
    a = store.add_note(N.anchor_item(archive, nota, "2"), "Cijfers per regio opvragen", ["navragen"])
    b = store.add_note(N.anchor_item(archive, agenda, "1"), "Wie zit de vergadering voor?", ["besluit nodig"])
    assert [h.uuid for h in search_notes(store, "tag:navragen")] == [a.uuid]
    assert [h.uuid for h in search_notes(store, 'tag:"Besluit nodig"')] == [b.uuid]
    assert [h.uuid for h in search_notes(store, "tag:besluit-nodig")] == [b.uuid]
    assert [h.uuid for h in search_notes(store, "note:regio")] == [a.uuid]
    assert search_notes(store, "tag:navragen note:vergadering") == []
    hit = search_notes(store, "note:cijfers")[0]
    assert hit.snippet.startswith("<b>Cijfers</b>") and hit.doc_id == nota and hit.item == "2"
    assert search_notes(store, "type:nota") == []
    assert N.strip_note_terms('wachttijden tag:navragen note:"per regio" type:nota') == "wachttijden type:nota"
    assert N.has_note_terms("x tag:y") and not N.has_note_terms("wachttijden")


def test_reading_list_queue_once_order_and_position(setup):
    _, _, archive, store = setup
    nota, agenda = doc_of(archive, "nota"), doc_of(archive, "agenda")
    e1 = store.queue(N.anchor_document(archive, nota))
    assert store.queue(N.anchor_document(archive, nota)).uuid == e1.uuid
    e2 = store.queue(N.anchor_meeting(archive, archive.meetings()[0].id))
    e3 = store.queue(N.anchor_document(archive, agenda))
    store.move(e3.uuid, -1)
    assert [e.uuid for e in store.reading_list()] == [e1.uuid, e3.uuid, e2.uuid]
    assert store.remember_position(agenda, 1, 4) == 1
    assert store.reading_entry(e3.uuid).last_line == 4
    store.mark_read(e1.uuid)
    assert [e.uuid for e in store.reading_list(unread_only=True)] == [e3.uuid, e2.uuid]
    store.dequeue(e2.uuid)
    assert len(store.reading_list()) == 2
    assert store.star(N.anchor_document(archive, nota)).uuid == store.star(N.anchor_document(archive, nota)).uuid
    assert store.star_of(doc_id=nota) is not None and store.star_of(doc_id=agenda) is None


def test_normalise_is_blind_to_markup_and_line_breaks():
    assert N.normalise("De **wachttijden**\n-in de\tjeugdhulp!") == "de wachttijden in de jeugdhulp"
    assert AGENDA and NOTA  # the fixture texts are present
