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
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterator, Sequence
from pathlib import Path

LINK_BATCH = 2000  # same-topic links per message
HELPER_TIMEOUT = 600.0  # seconds to wait for a message before giving up on the helper


class HelperFailed(Exception):
    """The helper process died or reported an error; link in one process instead."""


def _helper_main(conn, catalog_path: str, docs: list[dict], shared, taken) -> None:
    """The helper process: align, find the same-topic links, take shares of the reference
    work until none is left, then send rows, references and links."""
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
        meetings = group_meetings(docs)
        items = align_meetings(meetings, docs, cat.items_of)
        units = topic_units(meetings, items) + section_units(docs, lambda key: _text(cat, key))
        del items
        # all of them first, while the main process is still finding references: a message
        # blocks until the main process reads it, which it does when its references are done
        # (the rows of 10,000 pages are 1.2 MB, more than the pipe holds: sent before the
        # same-topic links were found, they held the helper back until then)
        links = list(real_meetings(iter_topic_links(units)))
        del units
        # then the shares of the reference work the main process has not taken yet
        got, chunks = shared.get(timeout=HELPER_TIMEOUT)  # the targets and shares the main process made
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

    def __init__(self, catalog_path: str | Path, docs: Sequence[dict]):
        ctx = mp.get_context("spawn")  # as the readers: no fork under a UI's threads
        self.conn, child = ctx.Pipe()
        # what this process sends the helper (the kamerstuk targets) goes through a queue: it
        # is sent in a thread, so this process goes on while the helper is still busy
        self.shared = ctx.Queue()
        self.taken = ctx.Value("i", 0)  # shares of the reference work handed out so far
        self.proc = ctx.Process(target=_helper_main,
                                args=(child, str(catalog_path), list(docs), self.shared, self.taken),
                                daemon=True, name="zvdj-linker")
        self.proc.start()
        child.close()  # a dead helper then shows as EOF here

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

    def rows(self) -> list[list[dict]]:
        """The aligned rows of each meeting, in group_meetings() order."""
        kind, value = self._receive()
        if kind != "rows":
            raise HelperFailed(f"expected the aligned rows, got {kind}")
        return value

    def share(self, targets: list[dict], chunks: list[list[int]]) -> None:
        """Give the helper the kamerstuk targets (references.target_doc of every document)
        and the shares of the reference work (lists of document keys; claim() numbers them)."""
        self.shared.put((targets, chunks))

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
        from ..pipeline import end_process

        end_process(self.proc)
        self.conn.close()
        self.shared.close()
        self.shared.cancel_join_thread()  # a helper that never read the targets: do not wait on it
