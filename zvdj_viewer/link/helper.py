"""Linking on both cores: a helper process aligns the meetings' items and finds the
same-topic links while this process finds the references in every document's text.

Linking runs after all files are read, when the reader processes are gone: done in one
process it leaves one of a laptop's two cores idle for seconds (6 s at 10,000 pages).
The two halves share nothing but the catalog, which the helper only reads, and the list
of documents it is given; both group the documents into meetings with the same pure
function, so they agree on every meeting id.

The helper sends the aligned rows of every meeting first, then the same-topic links in
batches, which this process writes away as they come (they are never all in its memory). If the helper fails in any way, ``HelperFailed`` is raised and the caller
links in one process: the result is the same, only slower.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterator, Sequence
from pathlib import Path

LINK_BATCH = 2000  # same-topic links per message
HELPER_TIMEOUT = 600.0  # seconds to wait for a message before giving up on the helper


class HelperFailed(Exception):
    """The helper process died or reported an error; link in one process instead."""


def _helper_main(conn, catalog_path: str, docs: list[dict]) -> None:
    """The helper process: align, then stream same-topic links."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the main process
    try:
        from ..catalog import Catalog
        from . import align_meetings, topic_units
        from .meetings import group_meetings
        from .sections import real_meetings, section_units
        from .topics import iter_topic_links

        cat = Catalog(catalog_path)
        meetings = group_meetings(docs)
        items = align_meetings(meetings, docs, cat.items_of)
        units = topic_units(meetings, items) + section_units(docs, lambda key: _text(cat, key))
        cat.close()
        del items
        # all of them first, while the main process is still finding references: a message
        # blocks until the main process reads it, which it does when its references are done
        # (the rows of 10,000 pages are 1.2 MB, more than the pipe holds: sent before the
        # same-topic links were found, they held the helper back until then)
        links = list(real_meetings(iter_topic_links(units)))
        del units
        conn.send(("rows", [m["items"] for m in meetings]))
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


def _text(cat, key: int) -> str:
    return cat.document_text(key)


class LinkHelper:
    """The helper process, seen from the main process."""

    def __init__(self, catalog_path: str | Path, docs: Sequence[dict]):
        ctx = mp.get_context("spawn")  # as the readers: no fork under a UI's threads
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_helper_main, args=(child, str(catalog_path), list(docs)),
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
