"""Linking on both cores: a helper process finds the same-topic links while this process
aligns the meetings' items and finds the references in every document's text.

Linking runs after all files are read, when the reader processes are gone: done in one
process it leaves one of a laptop's two cores idle for seconds (6 s at 10,000 pages).
The two halves share nothing but the catalog, which the helper only reads, and the list
of documents it is given; both group the documents into meetings with the same pure
function, so they agree on every meeting id.

The helper starts with what needs no aligned rows: it reads the items of the meetings'
documents and finds the words of each item's text. Meanwhile this process aligns the
items from their headings (number, title, level: no text to unpack) and sends the helper
the rows, from which it makes the topic units. The reference work is cut in shares
(link.REF_CHUNK documents); this process takes them in turn and the helper too, once it has
found the same-topic links, so both end at about the same time. The helper then sends the
references of its shares and the same-topic links in batches, which this process writes away
as they come. If the helper fails in any way, ``HelperFailed`` is raised and the caller links
in one process: the result is the same, only slower.

Where a core is left beside the readers (``archive.spare_cores``), an update starts the
helper while the readers still run (``prepare``): it is told the keys of the documents
stored so far in this run, reads their items and finds the words of each item's text
(``_Prepared``), and measures their version candidates. Only documents stored in this run are
prepared: their keys are new and their rows do not change before the relink (a key of a
document replaced in this run could come back for another document; an older document is
read at relink time, as before).
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
    them, then read the items of the meetings' documents with their words, take the rows the
    main process aligned, find the same-topic links, take shares of the reference work until
    none is left, and send references and links."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the main process
    try:
        from ..catalog import Catalog
        from . import chunk_references, topic_units
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
        # the items with their words, found while the main process aligns them
        items = prepared.items_of([key for m in meetings for key, _ in m["documents"]])
        kind, rows = _next(inbox, parent)  # the aligned rows of each meeting, in this order
        if kind != "rows":
            raise HelperFailed(f"expected the aligned rows, got {kind}")
        for m, its in zip(meetings, rows, strict=True):
            m["items"] = its
        del rows
        units = topic_units(meetings, items) + section_units(docs, lambda key: _text(cat, key))
        del items, prepared
        # all of them first, while the main process is still finding references: a message
        # blocks until the main process reads it, which it does when its references are done
        links = list(real_meetings(iter_topic_links(units)))
        del units
        # then the shares of the reference work the main process has not taken yet
        kind, (got, chunks) = _next(inbox, parent)  # the targets and shares the main process made
        targets, indexed, found = Targets(got), MeetingIndex(meetings), {}
        while (c := _claim(taken)) < len(chunks):
            found[c] = chunk_references(cat.reference_rows(chunks[c]), meetings, indexed, targets)
        cat.close()
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


class _Prepared:
    """What the helper works out about documents: their items, with the content words of
    each item's text ("_words", which the same-topic links read: link.topic_units), for the
    documents stored in this run as they come (while the readers run, on a spare core), and
    the measures of their version candidates."""

    def __init__(self, cat):
        self.cat = cat
        self.todo: list[int] = []  # told of, items not yet read
        self.items: dict[int, list[dict]] = {}  # documents of a meeting (series and date) only
        # the words as numbers (4 bytes a word; a list of the strings took 8 and more)
        self.vocab: dict[str, int] = {}
        self.names: list[str] = []
        # version candidates (link/versions.py): band -> documents, pair -> its measure
        self.bands: dict[tuple, list[int]] = {}
        self.measured: dict[tuple[int, int], tuple[int, int, int]] = {}

    def add(self, keys: list[int]) -> None:
        self.todo += keys

    def pending(self) -> bool:
        return bool(self.todo)

    def work(self) -> None:
        """One step: the items of the next documents, and their version candidates."""
        keys, self.todo = self.todo[:PREPARE_BATCH], self.todo[PREPARE_BATCH:]
        if not keys:
            return
        rows = self.cat.link_keys(keys)
        self._measure([(r["id"], r["minhash"]) for r in rows])
        # only a document with a series and a meeting date can be in a meeting (group_meetings)
        self._worded([r["id"] for r in rows if r["series"] and r["meeting_date"]], coded=True)

    def _worded(self, keys: list[int], coded: bool) -> None:
        """Read the items of these documents and find the words of their texts. coded: kept
        as numbers (prepared while the readers run, the words are kept long); else as the
        list (read at the relink, they are used at once: coding 2 million words and
        decoding them again took 0.3 s of the serial tail at 10,000 pages)."""
        from .text import content_words

        got = self.cat.items_of(keys)
        for key in keys:
            its = got.get(key, [])
            for it in its:
                text = it.get("text") or ""
                it["_words"] = self._coded(text) if coded else content_words(text).copy
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

    def items_of(self, keys: list[int]) -> dict[int, list[dict]]:
        """Catalog.items_of, with the words of each item's text ("_words"): from what was
        read already for the documents of this run, the others read now."""
        self._worded([k for k in dict.fromkeys(keys) if k not in self.items], coded=False)
        return {k: self.items[k] for k in keys if self.items[k]}


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

    def give_rows(self, rows: list[list[dict]]) -> None:
        """The aligned rows of each meeting, in group_meetings() order (link.align_meetings),
        from which the helper makes the topic units. Given after link(), before share()."""
        self.shared.put(("rows", rows))

    def share(self, targets: list[dict], chunks: list[list[int]]) -> None:
        """Give the helper the kamerstuk targets (references.target_doc of every document)
        and the shares of the reference work (lists of document keys; claim() numbers them)."""
        self.shared.put(("share", (targets, chunks)))

    def claim(self) -> int:
        """The next share of the reference work for this process."""
        return _claim(self.taken)

    def references(self) -> dict[int, tuple[list[dict], list[dict]]]:
        """The reference links of the shares the helper took: share -> (item links, links
        of the text outside the items). Read after measured()."""
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
