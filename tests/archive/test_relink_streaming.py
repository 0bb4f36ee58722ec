"""Relinking reads texts one document at a time (Archive.relink -> link.build_from) and gives
what link.build gives with everything in memory; a cancelled relink changes nothing."""

from __future__ import annotations

import threading

from zvdj_viewer.archive import Archive
from zvdj_viewer.link import build
from zvdj_viewer.resources import SAMPLE_ARCHIVE


def _rows(a: Archive):
    c = a.catalog.conn
    meetings = [tuple(r) for r in c.execute("SELECT * FROM meetings ORDER BY id")]
    links = sorted((tuple(r)[1:] for r in c.execute("SELECT * FROM links")), key=repr)
    return meetings, links


def test_streamed_relink_equals_the_in_memory_build(tmp_path, seeds_dir):
    with Archive(data_dir=tmp_path / "d") as a:
        a.add_folder(str(SAMPLE_ARCHIVE))
        a.add_folder(str(seeds_dir))
        a.update(workers=1)
        docs = [dict(r) for r in a.catalog.documents()]
        items: dict[int, list[dict]] = {}
        for r in a.catalog.items():
            items.setdefault(r["document_id"], []).append(dict(r))
        meetings, links = build(docs, items)
        assert a.relink() is True
        stored_meetings, stored_links = _rows(a)
        assert len(stored_meetings) == len(meetings) > 10
        assert len(stored_links) == len(links) > 50
        kinds = {x["kind"] for x in links}
        assert {"conceptverslag", "same_topic"} <= kinds
        a.catalog.replace_links(meetings, links=links)
        assert _rows(a) == (stored_meetings, stored_links)


def test_cancelled_relink_keeps_the_links_and_the_next_update_relinks(tmp_path):
    with Archive(data_dir=tmp_path / "d") as a:
        a.add_folder(str(SAMPLE_ARCHIVE))
        a.update(workers=1)
        before = _rows(a)
        assert before[1]
        stop = threading.Event()
        stop.set()
        assert a.relink(cancel=stop) is False
        assert _rows(a) == before
        # an update cancelled while linking leaves the flag: the next run links again
        flag = a.data_dir / "relink.pending"
        flag.touch()
        report = a.update(workers=1)
        assert not report.cancelled and not flag.exists() and _rows(a) == before


def _all_rows(a: Archive):
    c = a.catalog.conn
    return {t: [tuple(r) for r in c.execute(f"SELECT * FROM {t} ORDER BY rowid")]
            for t in ("meetings", "meeting_documents", "meeting_items", "links")}


def test_relink_with_the_helper_process_equals_one_process(tmp_path, seeds_dir, monkeypatch):
    """A large archive links on both cores (link/helper.py): same meetings, rows and links,
    in the same order, as linking in one process."""
    import zvdj_viewer.archive as archive_mod

    with Archive(data_dir=tmp_path / "d") as a:
        a.add_folder(str(SAMPLE_ARCHIVE))
        a.add_folder(str(seeds_dir))
        a.update(workers=1)
        monkeypatch.setattr(archive_mod, "PARALLEL_LINK_DOCS", 10**9)
        assert a.relink() is True
        alone = _all_rows(a)
        monkeypatch.setattr(archive_mod, "PARALLEL_LINK_DOCS", 1)
        started = []
        from zvdj_viewer.link import helper as helper_mod

        given = []

        class Counting(helper_mod.LinkHelper):
            def __init__(self, *args):
                started.append(1)
                super().__init__(*args)

            def give_rows(self, rows):
                given.append(rows)
                super().give_rows(rows)

        monkeypatch.setattr(helper_mod, "LinkHelper", Counting)
        flushed = []
        assert a.relink(meanwhile=lambda: flushed.append(1)) is True
        assert started and flushed == [1]
        both = _all_rows(a)
        # this process aligned the items and gave the helper the rows (for its topic units)
        assert len(given) == 1 and sum(len(rows) for rows in given[0]) == len(alone["meeting_items"])
        assert len(alone["links"]) > 50 and len(alone["meeting_items"]) > 50
        assert both == alone


def test_reference_shares_taken_by_the_helper_give_the_same_links(tmp_path, seeds_dir, monkeypatch):
    """The reference work is cut in shares that this process and the helper take in turn
    (link/helper.py): with shares of two documents and this process taking none, the helper
    finds every reference, and the links are the same, in the same order, as in one process."""
    import zvdj_viewer.archive as archive_mod
    import zvdj_viewer.link as link_mod
    from zvdj_viewer.link import helper as helper_mod

    with Archive(data_dir=tmp_path / "d") as a:
        a.add_folder(str(SAMPLE_ARCHIVE))
        a.add_folder(str(seeds_dir))
        a.update(workers=1)
        monkeypatch.setattr(archive_mod, "PARALLEL_LINK_DOCS", 10**9)
        assert a.relink() is True
        alone = _all_rows(a)
        monkeypatch.setattr(archive_mod, "PARALLEL_LINK_DOCS", 1)
        monkeypatch.setattr(link_mod, "REF_CHUNK", 2)
        shares = []

        class LeavesAllToTheHelper(helper_mod.LinkHelper):
            def claim(self) -> int:
                return 10**9  # none for this process

            def references(self):
                got = super().references()
                shares.append(len(got))
                return got

        monkeypatch.setattr(helper_mod, "LinkHelper", LeavesAllToTheHelper)
        assert a.relink() is True
        assert shares and shares[0] > 10  # the helper took every share
        assert _all_rows(a) == alone


def test_a_failing_helper_falls_back_to_one_process(tmp_path, monkeypatch):
    import zvdj_viewer.archive as archive_mod
    from zvdj_viewer.link import helper as helper_mod

    with Archive(data_dir=tmp_path / "d") as a:
        a.add_folder(str(SAMPLE_ARCHIVE))
        a.update(workers=1)
        expected = _all_rows(a)
        monkeypatch.setattr(archive_mod, "PARALLEL_LINK_DOCS", 1)

        def broken(self):
            raise helper_mod.HelperFailed("the helper process ended (EOFError)")

        monkeypatch.setattr(helper_mod.LinkHelper, "references", broken)
        flushed = []
        assert a.relink(meanwhile=lambda: flushed.append(1)) is True
        assert flushed == [1]  # the other work is done once, not again in the fallback
        assert _all_rows(a) == expected
