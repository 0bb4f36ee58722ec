"""The link helper prepares the documents of an update while the readers still run
(link/helper.py, _Prepared): the items of each document with the words of their texts; at
the relink the main process aligns the meetings from the items' headings and gives the helper
the rows. Linking with what it prepared gives the same rows and the same same-topic links as
linking from the catalog at the end."""

from __future__ import annotations

from zvdj_viewer.archive import Archive
from zvdj_viewer.link import align_meetings, topic_units
from zvdj_viewer.link.helper import _Prepared
from zvdj_viewer.link.meetings import group_meetings
from zvdj_viewer.link.text import content_words
from zvdj_viewer.link.topics import iter_topic_links
from zvdj_viewer.resources import SAMPLE_ARCHIVE

KEEP = ("id", "type", "series", "meeting_date", "start_time", "end_time", "place", "title", "doc_date")


def _docs(a: Archive) -> list[dict]:
    return [{k: r[k] for k in KEEP} for r in a.catalog.documents(text=False)]


def _link_rows(a: Archive):
    c = a.catalog.conn
    return {t: [tuple(r) for r in c.execute(f"SELECT * FROM {t} ORDER BY rowid")]
            for t in ("meetings", "meeting_documents", "meeting_items", "links")}


def test_prepared_words_and_rows_from_headings_give_the_same_links(tmp_path, seeds_dir):
    with Archive(data_dir=tmp_path / "d") as a:
        a.add_folder(str(SAMPLE_ARCHIVE))
        a.add_folder(str(seeds_dir))
        a.update(workers=1)
        docs = _docs(a)
        meetings = group_meetings(docs)
        items = align_meetings(meetings, docs, a.catalog.items_of)
        expected_rows = [m["items"] for m in meetings]
        units = topic_units(meetings, items)
        assert units and not any("words" in u for u in units)
        expected_links = list(iter_topic_links(units))

        # told of the documents in three parts, as an update stores them
        prepared = _Prepared(a.catalog)
        keys = [d["id"] for d in docs]
        for part in (keys[: len(keys) // 3], keys[len(keys) // 3: 2 * len(keys) // 3], keys[2 * len(keys) // 3:]):
            prepared.add(part)
            while prepared.pending():
                prepared.work()
        assert prepared.items, "no document prepared while the documents came"

        # the main process aligns from the headings alone (no texts), the helper has the words
        again = group_meetings(docs)
        headings = a.catalog.item_headings(keys)
        assert all("text" not in it for its in headings.values() for it in its)
        align_meetings(again, docs, a.catalog.item_headings)
        assert [m["items"] for m in again] == expected_rows
        items2 = prepared.items_of([k for m in again for k, _ in m["documents"]])
        units2 = topic_units(again, items2)
        assert all("words" in u for u in units2)
        assert [{k: v for k, v in u.items() if k != "words"} for u in units2] == units
        assert list(iter_topic_links(units2)) == expected_links
        assert len(expected_links) > 20


def test_documents_not_of_this_run_are_read_at_the_end(tmp_path, seeds_dir):
    """Only the documents told of are prepared; the items of another document are read when
    they are asked for, with the words of their texts found then."""
    with Archive(data_dir=tmp_path / "d") as a:
        a.add_folder(str(SAMPLE_ARCHIVE))
        a.update(workers=1)
        docs = _docs(a)
        meetings = group_meetings(docs)
        in_meetings = [k for m in meetings for k, _ in m["documents"]]
        prepared = _Prepared(a.catalog)
        prepared.add([d["id"] for d in docs if d["id"] != in_meetings[0]])
        while prepared.pending():
            prepared.work()
        assert in_meetings[0] not in prepared.items
        got = prepared.items_of([in_meetings[0]])
        expected = a.catalog.items_of([in_meetings[0]])
        assert expected and [{k: v for k, v in it.items() if k != "_words"} for it in got[in_meetings[0]]] \
            == expected[in_meetings[0]]
        assert [it["_words"]() for it in got[in_meetings[0]]] == [content_words(it["text"] or "")
                                                                  for it in expected[in_meetings[0]]]


def test_update_with_the_early_helper_links_as_one_process(tmp_path, seeds_dir, monkeypatch):
    """An update with reader processes starts the link helper while reading (here from the
    first document on) and tells it of every document stored: the links are those of
    linking in one process."""
    import zvdj_viewer.archive as archive_mod
    from zvdj_viewer.link import helper as helper_mod

    started, told = [], []

    class Watched(helper_mod.LinkHelper):
        def __init__(self, *args):
            started.append(args)
            super().__init__(*args)

        def prepare(self, keys):
            told.extend(keys)
            super().prepare(keys)

    monkeypatch.setattr(archive_mod, "PARALLEL_LINK_DOCS", 1)
    monkeypatch.setattr(archive_mod, "spare_cores", lambda workers: 1)  # a core beside the readers
    monkeypatch.setattr(helper_mod, "LinkHelper", Watched)
    with Archive(data_dir=tmp_path / "d") as a:
        a.add_folder(str(SAMPLE_ARCHIVE))
        a.add_folder(str(seeds_dir))
        a.update(workers=2, ocr=False)
        assert len(started) == 1 and len(started[0]) == 1  # started early, without the documents
        assert sorted(told) == sorted(d["id"] for d in _docs(a))
        both = _link_rows(a)
        monkeypatch.setattr(archive_mod, "PARALLEL_LINK_DOCS", 10**9)
        assert a.relink() is True
        alone = _link_rows(a)
    assert len(alone["links"]) > 50
    assert both["meeting_items"] == alone["meeting_items"]
    assert sorted(both["links"], key=repr) == sorted(alone["links"], key=repr)


def test_without_a_core_beside_the_readers_the_helper_is_not_started_while_reading(tmp_path, seeds_dir, monkeypatch):
    """Two readers on two cores: the helper would take CPU from them, so nothing is told to
    it while reading; the relink after the last file links as before."""
    import zvdj_viewer.archive as archive_mod
    from zvdj_viewer.link import helper as helper_mod

    told = []

    class Watched(helper_mod.LinkHelper):
        def prepare(self, keys):
            told.extend(keys)
            super().prepare(keys)

    monkeypatch.setattr(archive_mod, "PARALLEL_LINK_DOCS", 1)
    monkeypatch.setattr(archive_mod, "spare_cores", lambda workers: 0)
    monkeypatch.setattr(helper_mod, "LinkHelper", Watched)
    with Archive(data_dir=tmp_path / "d") as a:
        a.add_folder(str(seeds_dir))
        a.update(workers=2, ocr=False)
        assert told == []
        assert len(_link_rows(a)["links"]) > 10
    assert archive_mod.spare_cores(2) >= 0 and archive_mod.spare_cores(10**6) == 0


def test_without_a_spare_core_the_helper_starts_when_a_reader_has_no_file_left(tmp_path, seeds_dir, monkeypatch):
    """Two readers on two cores: the helper is started (and told nothing) once fewer files
    are left than readers, before the last file is read, so its start is not part of the
    serial tail; the links are those of linking in one process."""
    import zvdj_viewer.archive as archive_mod
    from zvdj_viewer.link import helper as helper_mod

    started, told, reading = [], [], []

    class Watched(helper_mod.LinkHelper):
        def __init__(self, *args):
            started.append((len(args), reading[-1] if reading else None))
            super().__init__(*args)

        def prepare(self, keys):
            told.extend(keys)
            super().prepare(keys)

    def progress(p):
        if p.phase == "reading":
            reading.append((p.done, p.total))

    monkeypatch.setattr(archive_mod, "PARALLEL_LINK_DOCS", 1)
    monkeypatch.setattr(archive_mod, "spare_cores", lambda workers: 0)
    monkeypatch.setattr(helper_mod, "LinkHelper", Watched)
    with Archive(data_dir=tmp_path / "d") as a:
        a.add_folder(str(SAMPLE_ARCHIVE))
        a.add_folder(str(seeds_dir))
        a.update(workers=2, ocr=False, progress=progress)
        assert len(started) == 1 and started[0][0] == 1  # started without the documents
        done, total = started[0][1]
        assert total > 2 and done == total - 1  # one file left for two readers
        assert told == []
        both = _link_rows(a)
        monkeypatch.setattr(archive_mod, "PARALLEL_LINK_DOCS", 10**9)
        assert a.relink() is True
        assert _link_rows(a) == both and len(both["links"]) > 20


def test_a_small_archive_starts_no_helper_while_reading(tmp_path, seeds_dir, monkeypatch):
    import zvdj_viewer.archive as archive_mod
    from zvdj_viewer.link import helper as helper_mod

    started = []

    class Watched(helper_mod.LinkHelper):
        def __init__(self, *args):
            started.append(args)
            super().__init__(*args)

    monkeypatch.setattr(archive_mod, "spare_cores", lambda workers: 0)
    monkeypatch.setattr(helper_mod, "LinkHelper", Watched)
    with Archive(data_dir=tmp_path / "d") as a:
        a.add_folder(str(seeds_dir))
        a.update(workers=2, ocr=False)
        assert started == []  # fewer documents than PARALLEL_LINK_DOCS: one process links


def test_an_early_helper_ends_when_the_update_is_killed(tmp_path):
    """Started while the readers run, the helper waits for documents: a `kill -9` of the
    update must not leave it behind (it sees its parent gone within a second or two)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    script = (
        "import sys, time\n"
        "from zvdj_viewer.catalog import Catalog\n"
        "from zvdj_viewer.link.helper import LinkHelper\n"
        f"cat = Catalog({str(tmp_path / 'catalog.sqlite')!r})\n"
        f"h = LinkHelper(cat.path)\n"
        "print(h.proc.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        pid = int(run.stdout.readline())
        time.sleep(1.0)
        os.kill(pid, 0)  # the helper is alive and waiting
        run.send_signal(signal.SIGKILL)
        run.wait(10)
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            # a zombie has ended too: reparented, it is reaped by init (or shows as Z)
            try:
                with open(f"/proc/{pid}/stat") as f:
                    if f.read().split(")")[-1].split()[0] == "Z":
                        break
            except OSError:
                break
            time.sleep(0.2)
        else:
            os.kill(pid, signal.SIGKILL)
            raise AssertionError("the helper outlived the killed update")
    finally:
        if run.poll() is None:
            run.kill()


def _versions_folder(tmp_path):
    """Fictional notas, each in two or three releases, and letters about other things."""
    folder = tmp_path / "archief"
    folder.mkdir()
    for n, subject in enumerate(("inkoop van jeugdhulp", "wachttijden in de regio", "pleegzorg en gezinshuizen")):
        body = "\n".join(f"Punt {i}: de regio bespreekt {subject} en de gevolgen voor gemeente {i}."
                         for i in range(40))
        (folder / f"nota{n}-concept.txt").write_text(f"Nota over {subject}\n\n{body}\n", encoding="utf-8")
        (folder / f"nota{n}-definitief.txt").write_text(f"Nota over {subject}\n\n{body}\nPunt 41: besluit.\n",
                                                       encoding="utf-8")
        if n == 1:  # a third release, with a part left out
            (folder / f"nota{n}-herzien.txt").write_text(f"Nota over {subject}\n\n" + body[: len(body) * 2 // 3],
                                                        encoding="utf-8")
        (folder / f"brief{n}.txt").write_text(f"Brief {n}\n\n" + " ".join(f"woord{n}x{i}" for i in range(300)),
                                              encoding="utf-8")
    return folder


def test_version_pairs_measured_while_reading_give_the_same_version_links(tmp_path):
    """The helper measures the version candidates of the documents it is told of
    (_Prepared._measure); a VersionFinder given those measures reads no text for them and
    finds the same version links, in the same order, as one that shingles every text."""
    from zvdj_viewer.link.versions import VersionFinder

    with Archive(data_dir=tmp_path / "d") as a:
        a.add_folder(str(_versions_folder(tmp_path)))
        a.update(workers=1)
        heads = [d for d, _ in a.catalog.document_heads(4000)]
        keys = [d["id"] for d in heads]

        def run(measured):
            finder = VersionFinder(measured)
            for d in heads:
                finder.sign(d["id"], d.get("type"), d.get("text"), d.get("minhash"))
            shingled = finder.needs_shingles()
            wanted = finder.needs_text()
            out = []
            for k in keys:
                if k in wanted:
                    out += finder.check(k, a.catalog.document_text(k) if k in shingled else None)
            return out, wanted, shingled

        expected, wanted, shingled = run(None)
        assert len(expected) >= 4 and shingled == wanted
        prepared = _Prepared(a.catalog)
        prepared.add(keys[::2])  # in two parts, the second after the first was measured
        while prepared.todo:
            prepared.work()
        prepared.add(keys[1::2])
        while prepared.todo:
            prepared.work()
        assert prepared.measured
        got, wanted2, shingled2 = run(prepared.measured)
        assert wanted2 == wanted and not shingled2  # every pair measured: no text read
        assert got == expected
        # some measured, some not: the texts of the others only
        some = dict(list(prepared.measured.items())[::2])
        got, _, shingled3 = run(some)
        assert got == expected and shingled3 <= wanted
