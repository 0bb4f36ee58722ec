"""Notes that survive what users do to their files (issue 16, point 14): an edited file keeps
its notes rather than handing them to an identical copy elsewhere; a folder removed and
added again gets its notes back; an import is linear in its size and all-or-nothing.

Fictional Markdown files, indexed by the real pipeline (workers=0)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from zvdj_viewer import cli
from zvdj_viewer import notes as N
from zvdj_viewer.archive import Archive
from zvdj_viewer.notes import NoteStore, NoteStoreError

NOTA = """# Nota kwispelstaartoverleg

Vergaderdatum: 12 maart 2020

## 1) Opening

De voorzitter opent het overleg over de kwispelstaartregeling.

## 2) Wachtlijsten bij de hondenopvang

De wachtlijsten bij de hondenopvang in Noordwaarde lopen op tot zes maanden.
"""
QUOTE = "De wachtlijsten bij de hondenopvang in Noordwaarde lopen op"


def _doc_at(archive: Archive, path: Path) -> str:
    return next(d.id for d in archive.documents() if d.source == str(path))


def _setup(tmp_path: Path, *, copy: bool):
    own = tmp_path / "archief"
    own.mkdir()
    (own / "nota.md").write_text(NOTA, encoding="utf-8")
    folders = [own]
    if copy:
        other = tmp_path / "kopie"
        other.mkdir()
        (other / "nota.md").write_text(NOTA, encoding="utf-8")  # byte for byte the same
        folders.append(other)
    archive = Archive(tmp_path / "data")
    for f in folders:
        archive.add_folder(f)
    archive.update(workers=0)
    store = NoteStore.for_archive(archive)
    doc = _doc_at(archive, own / "nota.md")
    note = store.add_note(N.anchor_selection(archive, doc, QUOTE), "navragen bij de wethouder")
    return archive, store, own / "nota.md", note


def _place_after(tmp_path: Path, change, *, copy: bool) -> tuple[N.Place, dict[str, str]]:
    """Set up, change the note's file with change(path), update and re-attach: the note's
    place and the document ids by file name ("archief/nota.md", ...)."""
    archive, store, path, note = _setup(tmp_path, copy=copy)
    try:
        change(path)
        archive.update(workers=0)
        store.reattach(archive)
        ids = {str(Path(d.source).relative_to(tmp_path)): d.id for d in archive.documents()}
        return store.note(note.uuid).place, ids
    finally:
        store.close()
        archive.close()


def test_an_edited_file_keeps_its_notes_instead_of_giving_them_to_an_identical_copy(tmp_path):
    place, ids = _place_after(tmp_path, lambda p: p.write_text(NOTA + "\n## 3) Rondvraag\n\nGeen vragen.\n",
                                                                encoding="utf-8"), copy=True)
    assert place.doc_id == ids["archief/nota.md"], "the note moved to the copy"
    assert place.status == N.REATTACHED  # the file changed: said, not "attached"


def test_a_note_whose_text_left_the_edited_file_is_not_silently_attached_to_a_copy(tmp_path):
    edit = NOTA.replace("De wachtlijsten bij de hondenopvang", "Het aantal honden")
    place, ids = _place_after(tmp_path, lambda p: p.write_text(edit, encoding="utf-8"), copy=True)
    assert place.doc_id == ids["kopie/nota.md"]  # the text is still there, in the copy
    assert place.status == N.REATTACHED  # but not as if nothing happened


def test_a_moved_file_keeps_its_notes_attached(tmp_path):
    place, ids = _place_after(tmp_path, lambda p: p.rename(p.with_name("nota-verplaatst.md")), copy=False)
    assert place.status == N.ATTACHED and place.doc_id == ids["archief/nota-verplaatst.md"]


def test_removing_and_adding_a_folder_again_reattaches_its_notes(tmp_path):
    archive, store, path, note = _setup(tmp_path, copy=False)
    try:
        archive.remove_folder(path.parent)
        store.reattach(archive)
        assert store.note(note.uuid).orphaned  # expected while the folder is gone
    finally:
        store.close()
        archive.close()
    # adding it back the way a user does: `zvdj index FOLDER`
    assert cli.main(["index", str(path.parent), "--data-dir", str(tmp_path / "data"), "--workers", "0"]) == 0
    archive = Archive(tmp_path / "data")
    store = NoteStore.for_archive(archive)
    try:
        n = store.note(note.uuid)
        assert not n.orphaned and n.place.doc_id == _doc_at(archive, path), n.place
        assert n.place.status == N.ATTACHED
    finally:
        store.close()
        archive.close()


def _export(n: int) -> dict:
    notes = [{"uuid": f"00000000-0000-0000-0000-{i:012}", "created": f"2024-01-01T00:00:{i % 60:02}Z",
              "modified": "2024-01-02T00:00:00Z", "body": f"notitie {i} over de kwispelstaartregeling",
              "tags": ["navragen", f"t{i % 7}"], "anchor": {"kind": "document", "doc_title": f"Nota {i}"}}
             for i in range(n)]
    reading = [{"uuid": f"10000000-0000-0000-0000-{i:012}", "read": i % 2 == 0, "modified": "2024-01-02T00:00:00Z",
                "anchor": {"kind": "document", "doc_title": f"Nota {i}"}} for i in range(n // 3)]
    stars = [{"uuid": f"20000000-0000-0000-0000-{i:012}", "anchor": {"kind": "document", "doc_title": f"Nota {i}"}}
             for i in range(n // 3)]
    return {"format": N.EXPORT_FORMAT, "version": N.EXPORT_VERSION, "notes": notes, "stars": stars,
            "reading_list": reading}


def test_import_is_linear_in_the_number_of_entries(tmp_path):
    """3,060 entries took 52 s (a lookup of everything and a commit per entry)."""
    data = _export(3000)
    md = tmp_path / "notities.md"
    with NoteStore(tmp_path / "a" / "notes.sqlite") as source:
        source.import_data(data)
        source.export_markdown(md)
    assert md.stat().st_size > 256 * 1024
    with NoteStore(tmp_path / "b" / "notes.sqlite") as store:
        t0 = time.process_time()
        report = store.import_file(md)
        assert time.process_time() - t0 < 10
        assert (report.added, report.updated, report.unchanged) == (5000, 0, 0)
        assert len(store.notes()) == 3000 and len(store.reading_list()) == 1000
        again = store.import_file(md)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 5000)


def test_markdown_with_unclosed_comments_is_read_in_linear_time():
    text = "<!-- zvdj-note {" * 20_000  # every comment left open
    t0 = time.process_time()
    assert N.from_markdown(text)["notes"] == []
    assert time.process_time() - t0 < 1


def test_an_import_that_fails_halfway_changes_nothing(tmp_path):
    data = _export(200)
    del data["reading_list"][-1]["uuid"]  # the very last entry is incomplete
    path = tmp_path / "notities.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with NoteStore(tmp_path / "notes.sqlite") as store:
        with pytest.raises(NoteStoreError, match="incomplete"):
            store.import_file(path)
        assert store.notes() == [] and store.stars() == [] and store.reading_list() == []
