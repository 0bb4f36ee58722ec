"""Linking on both cores: a helper process aligns the meetings' items and finds the
same-topic links while this process finds the references in every document's text.

Linking runs after all files are read, when the reader processes are gone: done in one
process it leaves one of a laptop's two cores idle for seconds (6 s at 10,000 pages).
The two halves share nothing but the catalog, which the helper only reads, and the list
of documents it is given; both group the documents into meetings with the same pure
function, so they agree on every meeting id.

The reference work is cut in shares (link.REF_CHUNK documents); this process takes them in
turn and the helper too, once it has found the same-topic links, so both end at about the
same time. The helper then sends the aligned rows of every meeting, the references of its
shares, and the same-topic links in batches, which this process writes away as they come.
If the helper fails in any way, ``HelperFailed`` is raised and the caller links in one
process: the result is the same, only slower.

An update starts the helper while the readers still run (``prepare``): it is told the keys
of the documents stored so far in this run, reads their items and finds the words of each
item's text, and aligns the meetings that are made of such documents only (``_Prepared``).
After the last file only what needs all documents is left (grouping, the meetings whose
documents changed since, the same-topic links): the serial tail of a 10,000-page ingest.
Only documents stored in this run are prepared: their keys are new and their rows do not
change before the relink (a key of a document replaced in this run could come back for
another document; an older document is read at relink time, as before).
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterator, Sequence
from pathlib import Path

LINK_BATCH = 2000  # same-topic links per message
HELPER_TIMEOUT = 600.0  # seconds to wait for a message before giving up on the helper


class HelperFailed(Exception):
    """The helper process died or reported an error; link in one process instead."""


def _helper_main(conn, catalog_path: str, inbox, taken, parent: int) -> None:
    """The helper process: prepare the documents it is told of until it is given all of
    them, then align, find the same-topic links, take shares of the reference work until
    none is left, and send rows, references and links."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the main process
    try:
        from ..catalog import Catalog
        from . import align_meetings, chunk_references, topic_units
        from .meetings import group_meetings
        from .references import MeetingIndex, Targets
        from .sections import real_meetings, section_units
        from .topics import iter_topic_links

        cat = Catalog(catalog_path)
        prepared = _Prepared(cat)
        while True:
            kind, value = _next(inbox, parent, prepared)
            if kind == "link":
                docs = value
                break
            prepared.add(value)
        while prepared.todo:  # the last files' documents: little, and cheaper here than later
            prepared.work()
        conn.send(("measured", prepared.measured))
        meetings = group_meetings(docs)
        items = align_meetings(meetings, docs, prepared.items_of, prepared.rows_of)
        units = topic_units(meetings, items) + section_units(docs, lambda key: _text(cat, key))
        del items, prepared
        # all of them first, while the main process is still finding references: a message
        # blocks until the main process reads it, which it does when its references are done
        # (the rows of 10,000 pages are 1.2 MB, more than the pipe holds: sent before the
        # same-topic links were found, they held the helper back until then)
        links = list(real_meetings(iter_topic_links(units)))
        del units
        # then the shares of the reference work the main process has not taken yet
        kind, (got, chunks) = _next(inbox, parent)  # the targets and shares the main process made
        targets, indexed, found = Targets(got), MeetingIndex(meetings), {}
        while (c := _claim(taken)) < len(chunks):
            found[c] = chunk_references(cat.reference_rows(chunks[c]), meetings, indexed, targets)
        cat.close()
        conn.send(("rows", [m["items"] for m in meetings]))
        conn.send(("references", found))
        del found
        for i in range(0, len(links), LINK_BATCH):
            conn.send(("links", links[i:i + LINK_BATCH]))
        conn.send(("done", None))
    except BaseException as err:  # noqa: BLE001 - reported to the main process, which falls back
        try:
            conn.send(("error", f"{type(err).__name__}: {err}"))
        except Exception:
            pass
    finally:
        conn.close()


def _next(inbox, parent: int, prepared: _Prepared | None = None):
    """The next message from the main process. While none comes, the documents told of
    are prepared (a few at a time, so a message is not kept waiting). Raises HelperFailed
    when the main process is gone (killed: this process must not stay behind) or silent
    for HELPER_TIMEOUT seconds."""
    import os
    import queue
    import time

    waited = time.monotonic()
    while True:
        if prepared is not None and prepared.pending():
            try:
                return inbox.get_nowait()
            except queue.Empty:
                prepared.work()
                waited = time.monotonic()
                continue
        try:
            return inbox.get(timeout=1.0)
        except queue.Empty:
            if os.getppid() != parent:
                raise HelperFailed("the main process is gone") from None
            if time.monotonic() - waited > HELPER_TIMEOUT:
                raise HelperFailed(f"no message in {HELPER_TIMEOUT:g} s") from None


def _decoded(names: list[str], ids) -> list[str]:
    return list(map(names.__getitem__, ids))


PREPARE_BATCH = 200  # documents whose items are read and worded at a time
# meetings are aligned again when this share of the documents is new (only those whose
# documents changed; grouping 10,000 documents takes 20 ms)
REGROUP_SHARE = 0.05
_GROUPED = ("id", "type", "series", "meeting_date", "start_time", "end_time", "place", "title", "doc_date")


class _Prepared:
    """What the helper works out while the readers run, about the documents stored in this
    run: their items (with the content words of each item's text, "_words", which the
    same-topic links read: link.topic_units), and the aligned rows of each meeting made of
    such documents only, by its list of (document, type): align_items() depends on nothing
    else (the documents' items and titles, which do not change within the run)."""

    def __init__(self, cat):
        self.cat = cat
        self.fresh: set[int] = set()  # keys told of
        self.todo: list[int] = []  # told of, items not yet read
        self.items: dict[int, list[dict]] = {}  # documents of a meeting (series and date) only
        self.docs: dict[int, tuple] = {}  # the same: (source path, ord, what grouping reads)
        self.rows: dict[tuple, list[dict]] = {}
        self.aligned_at = 0  # len(self.fresh) when the meetings were last aligned
        # the words as numbers (4 bytes a word; a list of the strings took 8 and more)
        self.vocab: dict[str, int] = {}
        self.names: list[str] = []
        # version candidates (link/versions.py): band -> documents, pair -> its measure
        self.bands: dict[tuple, list[int]] = {}
        self.measured: dict[tuple[int, int], tuple[int, int, int]] = {}

    def add(self, keys: list[int]) -> None:
        self.fresh.update(keys)
        self.todo += keys

    def pending(self) -> bool:
        return bool(self.todo) or len(self.fresh) - self.aligned_at > max(PREPARE_BATCH, REGROUP_SHARE * self.aligned_at)

    def work(self) -> None:
        """One step: the items of the next documents, or (all read) the meetings aligned."""
        keys, self.todo = self.todo[:PREPARE_BATCH], self.todo[PREPARE_BATCH:]
        if not keys:
            self._align()
            return
        rows = self.cat.link_keys(keys)
        self._measure([(r["id"], r["minhash"]) for r in rows])
        # only a document with a series and a meeting date can be in a meeting (group_meetings)
        dated = [r["id"] for r in rows if r["series"] and r["meeting_date"]]
        for r in rows:
            if r["series"] and r["meeting_date"]:
                self.docs[r["id"]] = (r["source_path"], r["ord"], {k: r[k] for k in _GROUPED})
        got = self.cat.items_of(dated)
        for key in dated:
            its = got.get(key, [])
            for it in its:
                it["_words"] = self._coded(it.get("text") or "")
            self.items[key] = its

    def _measure(self, signed: list[tuple[int, bytes | None]]) -> None:
        """Band the documents' stored signatures as VersionFinder.sign does, and measure
        each new candidate pair (versions.measure: the relink reads their texts no more).
        A pair of a band shared by more than MAX_BUCKET documents is left out, as the relink
        leaves it out; one it leaves out later was measured for nothing, which is harmless."""
        from .versions import BANDS, MAX_BUCKET, NUM_PERM, _PACK, measure, normalise, pair_key, shingles

        width = (NUM_PERM // BANDS) * _PACK.size // NUM_PERM
        new: set[tuple[int, int]] = set()
        for key, sig in signed:
            if not sig or len(sig) != _PACK.size:
                continue  # none stored, or too short a text: the relink decides, as before
            for band in range(BANDS):
                members = self.bands.setdefault((band, sig[band * width:(band + 1) * width]), [])
                if len(members) < MAX_BUCKET:
                    new.update(pair_key(key, other) for other in members)
                members.append(key)
        new -= self.measured.keys()
        shingled = {k: shingles(normalise(self.cat.document_text(k))) for k in sorted({x for p in new for x in p})}
        for a, b in new:
            self.measured[(a, b)] = measure(shingled[a], shingled[b])

    def _coded(self, text: str):
        """The content words of a text as a function that gives them back (link.topic_units)."""
        from array import array
        from functools import partial

        from .text import content_words

        vocab, names = self.vocab, self.names
        ids = array("I")
        for w in content_words(text):
            k = vocab.get(w)
            if k is None:
                k = vocab[w] = len(names)
                names.append(w)
            ids.append(k)
        return partial(_decoded, names, ids)

    def _align(self) -> None:
        from .align import align_items
        from .meetings import group_meetings

        self.aligned_at = len(self.fresh)
        # in archive order, as Catalog.documents() gives them (a name whose order differs
        # in SQLite only makes a meeting's documents differ: then it is aligned at the end)
        docs = [d for _path, _ord, d in sorted(self.docs.values(), key=lambda x: (x[0], x[1]))]
        titles = {d["id"]: d.get("title") or "" for d in docs}
        for m in group_meetings(docs):
            members = tuple(m["documents"])
            if members not in self.rows:
                self.rows[members] = align_items(members, self.items, titles)

    def items_of(self, keys: list[int]) -> dict[int, list[dict]]:
        """Catalog.items_of, from what was read already for the documents of this run."""
        out = {k: self.items[k] for k in keys if k in self.items and self.items[k]}
        rest = [k for k in keys if k not in self.items]
        out.update(self.cat.items_of(rest) if rest else {})
        return out

    def rows_of(self, members: list[tuple[int, str]]) -> list[dict] | None:
        """The rows aligned already for a meeting of exactly these documents (None: none)."""
        return self.rows.pop(tuple(members), None) if all(k in self.fresh for k, _ in members) else None


def _claim(taken) -> int:
    """The next share of the reference work (a number neither process had yet)."""
    with taken.get_lock():
        c = taken.value
        taken.value += 1
    return c


def _text(cat, key: int) -> str:
    return cat.document_text(key)


class LinkHelper:
    """The helper process, seen from the main process."""

    def __init__(self, catalog_path: str | Path, docs: Sequence[dict] | None = None):
        """docs None: started early, told of documents with prepare(), given them all with
        link(docs) when the relink starts."""
        import os

        ctx = mp.get_context("spawn")  # as the readers: no fork under a UI's threads
        self.conn, child = ctx.Pipe()
        # what this process sends the helper (the documents, the kamerstuk targets) goes
        # through a queue: it is sent in a thread, so this process goes on while the helper
        # is still busy
        self.shared = ctx.Queue()
        self.taken = ctx.Value("i", 0)  # shares of the reference work handed out so far
        self.proc = ctx.Process(target=_helper_main,
                                args=(child, str(catalog_path), self.shared, self.taken, os.getpid()),
                                daemon=True, name="zvdj-linker")
        self.proc.start()
        self.closed = False
        child.close()  # a dead helper then shows as EOF here
        if docs is not None:
            self.link(docs)

    def prepare(self, keys: list[int]) -> None:
        """Documents stored in this run (their keys): worked on while the readers run."""
        if keys:
            self.shared.put(("stored", list(keys)))

    def link(self, docs: Sequence[dict]) -> None:
        """Start linking: every document of the archive, in archive order."""
        self.shared.put(("link", list(docs)))

    def _receive(self):
        try:
            if not self.conn.poll(HELPER_TIMEOUT):
                raise HelperFailed(f"no answer in {HELPER_TIMEOUT:g} s")
            kind, value = self.conn.recv()
        except (EOFError, OSError) as err:
            raise HelperFailed(f"the helper process ended ({type(err).__name__})") from None
        if kind == "error":
            raise HelperFailed(value)
        return kind, value

    def measured(self) -> dict[tuple[int, int], tuple[int, int, int]]:
        """The version candidates measured while the readers ran (link/versions.py). Read
        first, after link()."""
        kind, value = self._receive()
        if kind != "measured":
            raise HelperFailed(f"expected the measured pairs, got {kind}")
        return value

    def rows(self) -> list[list[dict]]:
        """The aligned rows of each meeting, in group_meetings() order."""
        kind, value = self._receive()
        if kind != "rows":
            raise HelperFailed(f"expected the aligned rows, got {kind}")
        return value

    def share(self, targets: list[dict], chunks: list[list[int]]) -> None:
        """Give the helper the kamerstuk targets (references.target_doc of every document)
        and the shares of the reference work (lists of document keys; claim() numbers them)."""
        self.shared.put(("share", (targets, chunks)))

    def claim(self) -> int:
        """The next share of the reference work for this process."""
        return _claim(self.taken)

    def references(self) -> dict[int, tuple[list[dict], list[dict]]]:
        """The reference links of the shares the helper took: share -> (item links, links
        of the text outside the items). Read after rows()."""
        kind, value = self._receive()
        if kind != "references":
            raise HelperFailed(f"expected the references, got {kind}")
        return value

    def links(self) -> Iterator[dict]:
        """The same-topic links, in the order iter_topic_links() gives them."""
        while True:
            kind, value = self._receive()
            if kind == "done":
                return
            yield from value

    def close(self) -> None:
        """Stop the helper (it may be asked again: nothing happens then)."""
        from ..pipeline import end_process

        if self.closed:
            return
        self.closed = True
        end_process(self.proc)
        self.conn.close()
        self.shared.close()
        self.shared.cancel_join_thread()  # a helper that never read the targets: do not wait on it
