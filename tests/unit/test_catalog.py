"""Catalog (SQLite), data-dir resolution, index units, meeting grouping and CLI helpers,
on small values built by hand."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from zvdj_viewer import catalog as cat_mod
from zvdj_viewer import paths
from zvdj_viewer.catalog import Catalog, CatalogError, SourceRecord, migrate, schema_version
from zvdj_viewer.model import Document, DocSpan, Item, Line, Page, Pos, Redaction, SourceText


def _source(path="/archive/a.pdf", pages=2) -> SourceText:
    src = SourceText(path=path, kind="pdf", title="Fictief stuk")
    for n in range(1, pages + 1):
        src.pages.append(Page(n, [Line("Ministerie van Fictie", furniture=True), Line(f"tekst op pagina {n}"),
                                  Line("Pagina %d van %d" % (n, pages), furniture=True)]))
    return src


def _doc(path="/archive/a.pdf", title="Agenda van het overleg", items=2, codes=("10.2.e",)) -> Document:
    d = Document(source=path, span=DocSpan(Pos(1, 0), Pos(2, 2)), first_page=1, last_page=2, type="agenda",
                 title=title, doc_date="2020-01-15", series="BO Fictief", meeting_date="2020-01-20",
                 start_time="10:00", text="tekst")
    d.items = [Item(str(i + 1), f"Punt {i + 1}", page=1) for i in range(items)]
    d.redactions = [Redaction(c, c, page=1) for c in codes]
    return d


def _rec(path="/archive/a.pdf", sha="abc", size=10) -> SourceRecord:
    return SourceRecord(path, "/archive", size, 123, sha, kind="pdf")


@pytest.fixture
def cat(tmp_path):
    c = Catalog(tmp_path / "catalog.sqlite")
    yield c
    c.close()


# -- schema and migrations -------------------------------------------------------------------

def test_new_catalog_is_current_version_with_wal_and_foreign_keys(cat):
    assert schema_version(cat.conn) == cat_mod.SCHEMA_VERSION == len(cat_mod.MIGRATIONS)
    assert cat.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert cat.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    tables = {r[0] for r in cat.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"schema_version", "folders", "sources", "pages", "documents", "items", "redactions",
            "meetings", "meeting_documents", "meeting_items", "links"} <= tables


def test_migration_to_a_fake_v2_keeps_the_data(tmp_path):
    db = tmp_path / "catalog.sqlite"
    c = Catalog(db)
    c.write_source(_rec(), _source(), [_doc()])
    c.close()

    def v2(conn):  # a callable step, as a real migration that moves data would be
        conn.execute("ALTER TABLE documents ADD COLUMN language TEXT")
        conn.execute("UPDATE documents SET language = 'nl'")

    conn = sqlite3.connect(db, isolation_level=None)
    assert schema_version(conn) == cat_mod.SCHEMA_VERSION
    assert migrate(conn, [*cat_mod.MIGRATIONS, v2, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);"]) == cat_mod.SCHEMA_VERSION + 2
    assert schema_version(conn) == cat_mod.SCHEMA_VERSION + 2
    assert conn.execute("SELECT title, language FROM documents").fetchall() == [("Agenda van het overleg", "nl")]
    # running again does nothing
    assert migrate(conn, [*cat_mod.MIGRATIONS, v2, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);"]) == cat_mod.SCHEMA_VERSION + 2
    conn.close()


def test_a_failing_migration_leaves_the_old_version(tmp_path):
    db = tmp_path / "catalog.sqlite"
    Catalog(db).close()
    conn = sqlite3.connect(db, isolation_level=None)

    def broken(conn):
        conn.execute("ALTER TABLE documents ADD COLUMN half_done TEXT")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        migrate(conn, [*cat_mod.MIGRATIONS, broken])
    assert schema_version(conn) == cat_mod.SCHEMA_VERSION
    cols = [r[1] for r in conn.execute("PRAGMA table_info(documents)")]
    assert "half_done" not in cols
    conn.close()


def test_catalog_from_a_newer_version_is_refused(tmp_path):
    db = tmp_path / "catalog.sqlite"
    Catalog(db).close()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("UPDATE schema_version SET version = 99")
    conn.close()
    with pytest.raises(CatalogError, match="newer"):
        Catalog(db)


# -- writing sources -------------------------------------------------------------------------

def test_write_source_stores_pages_documents_items_redactions(cat):
    sid = cat.write_source(_rec(), _source(), [_doc(codes=("10.2.e", "10.2.e", "5.1.2.e"))])
    (doc,) = cat.documents()
    assert doc["source_path"] == "/archive/a.pdf" and doc["type"] == "agenda"
    assert [r["number"] for r in cat.items(doc["id"])] == ["1", "2"]
    assert cat.redaction_counts(doc["id"]) == {doc["id"]: {"10.2.e": 2, "5.1.2.e": 1}}
    pages = cat.pages(sid)
    assert [p["number"] for p in pages] == [1, 2]
    assert pages[0]["text"].split("\n")[1] == "tekst op pagina 1"
    assert pages[0]["furniture"] == "[0, 2]"


def test_rewriting_a_source_replaces_all_its_entries(cat):
    cat.write_source(_rec(), _source(), [_doc(items=3), _doc(title="Nota")])
    cat.write_source(_rec(sha="def"), _source(pages=1), [_doc(items=1, codes=())])
    counts = cat.counts()
    assert (counts["sources"], counts["documents"], counts["items"], counts["redactions"], counts["pages"]) == (1, 1, 1, 0, 1)


def test_a_crash_while_writing_a_source_keeps_the_old_entries(cat):
    cat.write_source(_rec(), _source(), [_doc()])
    before = cat.counts()
    bad = _doc(title="Nieuw")
    bad.items.append(Item("3", object()))  # cannot be stored: the insert fails half-way
    bad.mentions = "{}"  # (as the reader processes give it: the scan of mentions would fail first)
    with pytest.raises(sqlite3.Error):
        cat.write_source(_rec(sha="new"), _source(), [_doc(title="Eerst goed"), bad])
    assert cat.counts() == before
    assert [d["title"] for d in cat.documents()] == ["Agenda van het overleg"]
    assert cat.source_states()["/archive/a.pdf"]["sha256"] == "abc"


def test_rename_keeps_document_ids_and_marks_for_reindexing(cat):
    sid = cat.write_source(_rec(), _source(), [_doc()])
    cat.mark_indexed([sid])
    (before,) = cat.documents()
    new_sid = cat.rename_source("/archive/a.pdf", "/archive/sub/b.pdf", "/archive", 10, 456)
    (after,) = cat.documents()
    assert new_sid == sid and after["id"] == before["id"] and after["source_path"] == "/archive/sub/b.pdf"
    assert cat.source_states()["/archive/sub/b.pdf"]["indexed_at"] is None


def test_remove_folder_drops_only_its_sources(cat):
    cat.add_folder("/archive")
    cat.add_folder("/other")
    cat.write_source(_rec(), _source(), [_doc()])
    cat.write_source(SourceRecord("/other/x.pdf", "/other", 1, 1, "x"), _source("/other/x.pdf"), [_doc("/other/x.pdf")])
    assert cat.remove_folder("/archive") == ["/archive/a.pdf"]
    assert cat.folders() == ["/other"]
    assert [d["source_path"] for d in cat.documents()] == ["/other/x.pdf"]
    assert cat.counts()["items"] == 2  # the other document's items only


def test_failed_source_is_recorded_with_its_reason(cat):
    cat.write_source(SourceRecord("/archive/kapot.pdf", "/archive", 0, 1, None, kind="pdf",
                                  error="empty file (0 bytes)"), None, [])
    (row,) = cat.sources()
    assert row["error"] == "empty file (0 bytes)" and row["kind"] == "pdf" and row["pages"] is None


def test_replace_links_rewrites_meetings(cat):
    cat.write_source(_rec(), _source(), [_doc()])
    (doc,) = cat.documents()
    m = {"id": "m2020-01-20-bo-fictief", "series": "BO Fictief", "date": "2020-01-20", "start": "10:00",
         "documents": [(doc["id"], "agenda")],
         "items": [{"number": "1", "title": "Punt 1", "agenda_doc": doc["id"], "agenda_number": "1"}]}
    cat.replace_links([m], [{"kind": "refers_to_meeting", "from_doc": doc["id"], "to_meeting": m["id"],
                             "evidence": "BO van 20 januari"}])
    cat.replace_links([m], [])
    assert [r["id"] for r in cat.meetings()] == ["m2020-01-20-bo-fictief"]
    assert cat.documents()[0]["meeting_id"] == "m2020-01-20-bo-fictief"
    assert len(cat.meeting_items()) == 1 and cat.links() == []


# -- threads ---------------------------------------------------------------------------------

def test_each_thread_gets_its_own_connection_and_reads_while_another_writes(cat):
    cat.write_source(_rec(), _source(), [_doc()])
    errors: list[BaseException] = []
    seen: list[int] = []
    stop = threading.Event()

    def reader():
        try:
            while not stop.is_set():
                seen.append(len(cat.documents()))
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    t = threading.Thread(target=reader)
    t.start()
    try:
        for i in range(30):
            cat.write_source(_rec(path=f"/archive/{i}.pdf"), _source(f"/archive/{i}.pdf"), [_doc(f"/archive/{i}.pdf")])
    finally:
        stop.set()
        t.join()
    assert errors == []
    assert seen and seen == sorted(seen)  # never saw half a write, only growing counts
    assert len(cat._all) == 2  # this thread's and the reader's
    cat.close()
    assert cat._all == []


# -- data dir --------------------------------------------------------------------------------

def test_data_dir_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path / "env"))
    assert paths.data_dir(tmp_path / "flag") == (tmp_path / "flag").resolve()
    assert paths.data_dir(None) == (tmp_path / "env").resolve()
    monkeypatch.delenv(paths.ENV_VAR)
    import platformdirs

    assert paths.data_dir() == __import__("pathlib").Path(platformdirs.user_data_dir("zvdj-viewer", appauthor=False)).resolve()


# -- index units -----------------------------------------------------------------------------

def test_pdf_units_one_per_readable_page_without_furniture_and_without_the_neighbours_lines():
    from zvdj_viewer.pipeline import DocForIndex, PageLines, index_units

    pages = {
        1: PageLines(1, ["Kop", "einde vorig stuk", "Begin van dit stuk"], frozenset({0})),
        2: PageLines(2, ["onleesbaar"], readable=False),
        3: PageLines(3, ["laatste regel", "volgend stuk"]),
    }
    doc = DocForIndex("d7", "/a.pdf", "pdf", Pos(1, 2), Pos(3, 0), "nota", "BO X", "2020-02-02", "Nota",
                      redactions=[("10.2.e", 3, None), ("5.2", None, None)])
    units = index_units(doc, pages)
    assert [(u["page"], u["content"]) for u in units] == [(1, "Begin van dit stuk"), (3, "laatste regel")]
    assert units[0]["redactions"] == ["5.2"] and units[1]["redactions"] == ["10.2.e", "5.2"]
    assert all(u["doc_id"] == "d7" and u["type"] == "nota" and u["date"] == "2020-02-02" for u in units)


def test_text_units_are_chunks_of_60_lines_with_file_line_numbers():
    from zvdj_viewer.pipeline import CHUNK_LINES, DocForIndex, PageLines, index_units

    lines = [f"regel {i}" for i in range(1, 201)]
    page = PageLines(1, lines, frozenset({10}), line_numbers=list(range(1, 201)))
    doc = DocForIndex("d1", "/a.txt", "text", Pos(1, 10), Pos(1, 149), "verslag", None, None, "Verslag",
                      redactions=[("11.1", None, 100)])
    units = index_units(doc, {1: page})
    assert CHUNK_LINES == 60
    assert [(u["page"], u["line"]) for u in units] == [(1, 11), (2, 71), (3, 131)]
    # line 11 is furniture: an empty line in its place, so that every line of a unit stands
    # at its own file line (unit line + offset: the search shows the hit's own line)
    assert units[0]["content"].split("\n")[:2] == ["", "regel 12"]
    for u in units:
        for k, text in enumerate(u["content"].split("\n")):
            assert text in ("", f"regel {u['line'] + k}")
    assert units[-1]["content"].split("\n")[-1] == "regel 150"
    assert [u["redactions"] for u in units] == [[], ["11.1"], []]


def test_a_document_without_readable_text_still_gets_one_unit():
    from zvdj_viewer.pipeline import DocForIndex, PageLines, index_units

    doc = DocForIndex("d2", "/scan.pdf", "pdf", Pos(1, 0), Pos(2, 0), "nota", None, None, "Scan")
    units = index_units(doc, {1: PageLines(1, [], readable=False), 2: PageLines(2, [], readable=False)})
    assert [(u["page"], u["content"]) for u in units] == [(1, "")]


# -- meetings (placeholder grouping) -----------------------------------------------------------

def test_group_meetings_by_series_date_and_time():
    from zvdj_viewer.link.align import align_items as _align_items
    from zvdj_viewer.link.meetings import group_meetings as _group_meetings

    docs = [
        dict(id=1, type="agenda", series="BO Fictief", meeting_date="2020-03-04", start_time="09:30", end_time="10:30", place="Den Haag"),
        dict(id=2, type="agenda", series="Stuurgroep Fictief", meeting_date="2020-03-04", start_time="10:30", end_time=None, place=None),
        dict(id=3, type="nota", series="BO Fictief", meeting_date="2020-03-04", start_time=None, end_time=None, place=None),
        dict(id=4, type="kamerbrief", series=None, meeting_date=None, start_time=None, end_time=None, place=None),
        dict(id=5, type="verslag", series="BO Fictief", meeting_date="2020-06-01", start_time=None, end_time=None, place=None),
    ]
    meetings = {m["id"]: m for m in _group_meetings(docs)}
    assert set(meetings) == {"m2020-03-04-bo-fictief", "m2020-03-04-stuurgroep-fictief", "m2020-06-01-bo-fictief"}
    bo = meetings["m2020-03-04-bo-fictief"]
    assert bo["documents"] == [(1, "agenda"), (3, "nota")] and bo["place"] == "Den Haag" and bo["end"] == "10:30"
    rows = _align_items(bo["documents"], {1: [dict(number="1", title="Opening", level=0), dict(number="2", title="Afspraken", level=0)],
                                          3: [dict(number="2", title="Afspraken", level=0)]})
    assert rows == [{"number": "1", "title": "Opening", "agenda_doc": 1, "agenda_number": "1"},
                    {"number": "2", "title": "Afspraken", "agenda_doc": 1, "agenda_number": "2",
                     "nota_doc": 3, "nota_number": "2"}]


def test_same_series_twice_a_day_gets_time_in_the_id():
    from zvdj_viewer.link.meetings import group_meetings as _group_meetings

    docs = [dict(id=i, type="agenda", series="BO X", meeting_date="2021-01-01", start_time=t, end_time=None, place=None)
            for i, t in ((1, "09:30"), (2, "13:00"))]
    assert [m["id"] for m in _group_meetings(docs)] == ["m2021-01-01-bo-x-0930", "m2021-01-01-bo-x-1300"]


# -- CLI helpers -----------------------------------------------------------------------------

def test_snippet_highlight_to_ansi_or_stars():
    from zvdj_viewer.cli import render_snippet

    s = 'de <b class="match term0">gemeenten</b> &amp; <strong>rijk</strong>\n samen'
    assert render_snippet(s, tty=False) == "de **gemeenten** & **rijk** samen"
    assert render_snippet(s, tty=True) == "de \x1b[1mgemeenten\x1b[0m & \x1b[1mrijk\x1b[0m samen"


def test_date_arguments():
    from zvdj_viewer.cli import _date_arg, _Usage

    assert _date_arg("2020", end=False) == "2020-01-01" and _date_arg("2020", end=True) == "2020-12-31"
    assert _date_arg("2020-02", end=True) == "2020-02-29" and _date_arg("2020-2-3", end=False) == "2020-02-03"
    for bad in ("2020-13", "13-02-2020", "2021-02-30"):
        with pytest.raises(_Usage):
            _date_arg(bad, end=False)


def test_summary_line_in_words():
    from zvdj_viewer.archive import UpdateReport

    r = UpdateReport(scanned=12, unchanged=12, failed=(("/a.pdf", "empty file"),), seconds=0.08)
    assert r.summary() == "12 files: 0 new, 0 changed, 12 unchanged (nothing read), 0 removed, 1 failed; 0 pages in 0.1 s"
    r = UpdateReport(scanned=3, new=2, renamed=1, files_read=2, pages_read=40, seconds=2.0, cancelled=True)
    assert r.summary() == ("cancelled: 3 files: 2 new, 0 changed, 0 unchanged, 1 renamed, 0 removed, 0 failed; "
                           "40 pages in 2.0 s (20 pages/s)")


def test_v5_gives_catalogued_documents_their_version_signature(tmp_path):
    """A catalog made before v5 has no MinHash signatures: the migration makes them once, the
    same as a document written now gets (link/versions.py), so relinks need not hash texts."""
    from zvdj_viewer.link.versions import signature
    from zvdj_viewer.stored_text import unpack

    db = tmp_path / "catalog.sqlite"
    c = Catalog(db)
    long = _doc()
    long.text = " ".join(f"woord{i} van de nota" for i in range(60))
    c.write_source(_rec(), _source(), [long, _doc(title="Kort")])
    written = [r[0] for r in c.conn.execute("SELECT minhash FROM documents ORDER BY id")]
    c.close()
    assert len(written[0]) == 512 and written[1] == b""  # "tekst" is too short to judge
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("ALTER TABLE documents DROP COLUMN minhash")
    # as a catalog of that time: its texts stored plain (packed since v6, stored_text.py)
    conn.executemany("UPDATE documents SET text = ? WHERE id = ?",
                     [(unpack(t), k) for k, t in conn.execute("SELECT id, text FROM documents").fetchall()])
    conn.execute("UPDATE schema_version SET version = ?", (cat_mod.MIGRATIONS.index(cat_mod.schema_v5),))
    conn.close()
    c = Catalog(db)
    rows = c.conn.execute("SELECT id, unpacked(text) AS text, minhash FROM documents ORDER BY id").fetchall()
    c.close()
    assert [r["minhash"] for r in rows] == written == [signature(r["text"]) for r in rows]
