"""Linking: meetings, item alignment, references, topics, decisions (owned by linking helper).

``build(docs, items)`` is the one entry point the Archive calls: plain dicts in (catalog
rows), meetings with aligned rows and link dicts out. Every step is a pure function in its
own module: meetings, align, references, topics, decisions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from importlib import import_module
from itertools import chain, count

# The steps' modules are imported when linking starts, not with the package: a no-change
# `zvdj index` only reads LINK_VERSION (issue 22). Their names stay importable from here.
_LAZY = {"align_items": "align", "group_meetings": "meetings", "Targets": "references",
         "find_references": "references", "target_doc": "references", "SECTION_TYPES": "sections",
         "real_meetings": "sections", "section_units": "sections", "iter_topic_links": "topics",
         "VersionFinder": "versions"}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


# Bump when the linker changes what it produces: archives made by an older linker are then
# relinked on their next update even when no file changed. 2: references in a document's
# text outside its items; "(BO) was op", "BO ... (op 25 september)", "BO 25-09". 3: implicit
# references (link/implicit.py). 4: version links stored (link/versions.py). 5: the opening
# lines keep a reference an item also makes in other words; an item's heading line is its own.
LINK_VERSION = 5

ROW_ROLES = ("agenda", "verslag", "nota")


class Cancelled(Exception):
    """build_from() was asked to stop; nothing it computed is kept."""


def build(docs: Sequence[dict], items: dict[int, list[dict]]) -> tuple[list[dict], list[dict]]:
    """docs: dicts id (int), type, series, meeting_date, start_time, end_time, place, title,
    text, doc_date. items: doc id -> item dicts (number, title, level, text) in order.
    Returns (meetings for Catalog.replace_links, links)."""
    meetings, links = build_from(
        [{k: v for k, v in d.items() if k != "text"} for d in docs],
        items_of=lambda keys: {k: items[k] for k in keys if k in items},
        stream=lambda: ((d, items.get(d["id"]) or []) for d in docs),
    )
    return meetings, list(links)


# a share of the reference work (taken in turn by this process and the helper): this many
# documents at most, and at most this many characters of text (the texts of a share are in
# memory at once)
REF_CHUNK = 100
REF_CHUNK_CHARS = 2_000_000


def build_from(docs: Sequence[dict], items_of: Callable[[list[int]], dict[int, list[dict]]],
               stream: Callable[[], Iterable[tuple[dict, list[dict]]]],
               cancel: Callable[[], bool] | None = None, helper=None,
               fetch: Callable[[list[int]], list[tuple[dict, list[dict]]]] | None = None,
               fetch_refs: Callable[[list[int]], list[tuple[dict, list[dict]]]] | None = None,
               text_of: Callable[[int], str] | None = None,
               headings_of: Callable[[list[int]], dict[int, list[dict]]] | None = None,
               ) -> tuple[list[dict], Iterable[dict]]:
    """As build(), with the texts read a few documents at a time (a large archive does not
    fit in memory with all its texts: 1.8 GB at 100,000 pages).

    docs: the documents without their text, in archive order. items_of(doc ids): the items
    (with text) of those documents. stream(): (document, its items) in the order of docs,
    each with at least the first references.HEAD_CHARS characters of its text (and its
    stored "minhash", or all of its text): read once, for the kamerstuk numbers and the
    version signatures. fetch(doc ids): those documents with all their text and their
    items, in that order (None: stream() has the whole texts and is read into memory: for
    small sets). cancel(): True to stop (raises Cancelled). fetch_refs(doc ids): as fetch,
    for finding their references: a document with a stored scan of its mentions may come as
    its row with "scan" and without text or items (Catalog.reference_rows; None: fetch).
    text_of(doc id): a document's text (for the sections of letters and reports whose text
    fetch_refs did not bring). headings_of(doc ids): as items_of, the items' number, title
    and level only (what aligning reads; None: items_of).

    The links come as an iterator, to be read once (Catalog.replace_links writes them as
    they come): the same-topic links are computed while it is read, and the items' texts
    are let go before that (with Archive.relink's slimmer document rows, a relink's peak at
    100,000 pages went 466 -> 288 MB).

    helper: a started link.helper.LinkHelper (needs fetch) that finds the same-topic links in
    another process: it reads the items' texts and finds their words while this process
    aligns the meetings' items (from their headings) and sends it the rows; this process then
    finds the references, and the helper, once it has the same-topic links, takes shares
    (REF_CHUNK, REF_CHUNK_CHARS) of the reference work too, in turn with this process, so
    both end at about the same time (raises HelperFailed if it fails)."""
    from .meetings import group_meetings
    from .references import MeetingIndex, Targets, target_doc
    from .sections import section_units
    from .topics import iter_topic_links
    from .versions import VersionFinder

    def check() -> None:
        if cancel is not None and cancel():
            raise Cancelled()

    if fetch is None:
        whole = {d["id"]: (d, its) for d, its in stream()}
        fetch = lambda keys: [whole[k] for k in keys if k in whole]  # noqa: E731
    meetings = group_meetings(docs)
    indexed = MeetingIndex(meetings)  # the same dicts, with lookups by date and id
    items: dict[int, list[dict]] = {}
    if helper is None:
        items = align_meetings(meetings, docs, items_of)
    else:
        # the rows, for the helper's same-topic links: aligned here, as the helper meanwhile
        # reads the items' texts and finds their words (aligned there, the rows and the
        # topic links were one long chain in one process: the serial tail of an ingest)
        align_meetings(meetings, docs, headings_of or items_of)
        helper.give_rows([m["items"] for m in meetings])
    check()

    found_targets = []
    versions = VersionFinder()
    chars: dict[int, int] = {}
    for i, (d, _its) in enumerate(stream()):
        found_targets.append(target_doc(d))
        chars[d["id"]] = (d["chars"] or 0) if "chars" in d else len(d.get("text") or "")
        versions.sign(d["id"], d.get("type"), d.get("text"), d.get("minhash"))
        if i % 500 == 0:
            check()
    keys = [d["id"] for d in docs]
    chunks = shares(keys, chars)
    del chars
    if helper is not None:
        helper.share(found_targets, chunks)
    targets = Targets(found_targets)
    found: dict[int, tuple[list[dict], list[dict]]] = {}
    section_texts: dict[int, str] = {}  # letters and reports: their sections are topic units
    claim = helper.claim if helper is not None else count().__next__  # the next share not yet taken
    while (c := claim()) < len(chunks):
        check()
        found[c] = chunk_references((fetch_refs or fetch)(chunks[c]), meetings, indexed, targets,
                                    section_texts if helper is None else None)
    version_links = []
    if helper is not None:
        versions.measured = helper.measured()  # the pairs it measured while the readers ran
    wanted = versions.needs_text()
    shingled = versions.needs_shingles()
    with_text = [k for k in keys if k in wanted]
    for part in shares(with_text, {}):
        check()
        # the texts only: fetch() brings the items too, which the check does not read (a
        # document with a signature has a text, and none is removed while linking); and only
        # of a document in a pair not measured yet
        for key, text in (((k, text_of(k) if k in shingled else None) for k in part) if text_of is not None
                          else ((d["id"], d.get("text")) for d, _its in fetch(part))):
            version_links += versions.check(key, text)
    check()
    if helper is not None:
        return meetings, _with_helper(found, len(chunks), version_links, helper)
    unit_links = [x for c in range(len(chunks)) for x in found[c][0]]
    whole_links = [x for c in range(len(chunks)) for x in found[c][1]]
    del found
    from .sections import real_meetings

    def section_text(key: int, texts: dict[int, str] = section_texts) -> str | None:
        if key in texts or text_of is None:
            return texts.get(key)
        return text_of(key)

    units = topic_units(meetings, items) + section_units(docs, section_text)
    del items, section_texts
    return meetings, chain(unit_links, whole_links, version_links, real_meetings(iter_topic_links(units)))


def _with_helper(found: dict[int, tuple[list[dict], list[dict]]], chunks: int, version_links: list[dict],
                 helper) -> Iterator[dict]:
    """The links in the order of one process (the item links of every share, the links of
    the texts outside the items, the version links, the same-topic links), waiting for the
    helper only where its part comes: the catalog writes the meetings and the links found
    here while the helper still finds the same-topic links (the shares of the reference
    work it took, once those were found, are sent before them)."""
    def theirs() -> None:
        found.update(helper.references())

    asked = False
    for c in range(chunks):
        if c not in found:  # a share the helper took
            theirs()
            asked = True
        yield from found[c][0]
    for c in range(chunks):
        yield from found[c][1]
    yield from version_links
    if not asked:
        theirs()  # none of the shares: read before the same-topic links, which come after it
    yield from helper.links()


def shares(keys: Sequence[int], chars: dict[int, int]) -> list[list[int]]:
    """The keys cut in runs of at most REF_CHUNK documents and REF_CHUNK_CHARS characters of
    text (chars: key -> length of its text; a longer document is a share of its own)."""
    out: list[list[int]] = []
    size = 0
    for k in keys:
        n = chars.get(k, 0)
        if not out or len(out[-1]) >= REF_CHUNK or (size + n > REF_CHUNK_CHARS and out[-1]):
            out.append([])
            size = 0
        out[-1].append(k)
        size += n
    return out


def chunk_references(rows: Iterable[tuple[dict, list[dict]]], meetings: Sequence[dict], indexed: Sequence[dict],
                     targets: Sequence[dict], section_texts: dict[int, str] | None = None,
                     ) -> tuple[list[dict], list[dict]]:
    """The reference links of these documents (with their texts and items, or with the
    mentions their reader found, "scan": see link/mentions.py): those of their items (or of
    the whole text, for a document without items), and those of the text outside the items.
    meetings: group_meetings() of the archive; indexed: the same as a MeetingIndex; targets:
    a Targets of every document. section_texts: filled with the texts (those at hand) of the
    documents of sections.SECTION_TYPES."""
    from .mentions import resolve_document, scan_document
    from .sections import SECTION_TYPES

    meeting_of = {key: m for m in meetings for key, _ in m["documents"]}
    unit_links: list[dict] = []
    whole_links: list[dict] = []
    for d, its in rows:
        if section_texts is not None and d.get("type") in SECTION_TYPES and "text" in d:
            section_texts[d["id"]] = d.get("text") or ""
        m = meeting_of.get(d["id"])
        base = {"doc": d["id"], "meeting": m["id"] if m else None, "series": d.get("series"),
                "date": (m["date"] if m else None) or d.get("meeting_date") or d.get("doc_date")}
        # A mention whose words stand in an item's text is that item's (the opening lines'
        # own references are those of the text outside the items: a nota's "Aanleiding": "Het
        # laatste BO was op 6 november 2019"); see mentions.scan_document.
        scan = d.get("scan") or scan_document(d.get("text") or "", its)
        found, whole = resolve_document(scan, base, indexed, targets)
        unit_links += found
        whole_links += whole
    return unit_links, whole_links


def align_meetings(meetings: Sequence[dict], docs: Sequence[dict],
                   items_of: Callable[[list[int]], dict[int, list[dict]]]) -> dict[int, list[dict]]:
    """Set each meeting's aligned rows ("items"); returns the items of the meetings'
    documents (only documents of a meeting are aligned and take part in topics)."""
    from .align import align_items

    titles = {d["id"]: d.get("title") or "" for d in docs}
    items = items_of([key for m in meetings for key, _ in m["documents"]])
    for m in meetings:
        m["items"] = align_items(m["documents"], items, titles)
    return items


def _outside_items(text: str, its: Sequence[dict], heads: Sequence[str] = ()) -> str:
    """The document's text without the item texts and heading lines found in it verbatim:
    what is left is mostly the opening lines, so the second pass over it is cheap (1.2 s ->
    0.1 s at 10,000 pages). Item texts that are not found verbatim stay; their references
    are dropped later as the item's own."""
    for it in its:
        body = (it.get("text") or "").strip()
        if len(body) > 40:
            text = text.replace(body, "\n\n", 1)
    for head in heads:
        if len(head) > 8:
            text = text.replace(head, "\n", 1)
    return text


MAX_HEADING_TAIL = 200
_NEXT_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})?[.)]?$")  # the next item's number before its title


def _heading_lines(text: str, its: Sequence[dict]) -> list[str]:
    """Each item's title with the rest of its heading line: an item title is often stored
    without the line's parenthesis ("3) Ter vaststelling: afspraken ... (bijlage 2 -
    Afspraken op basis van BO 23 september 2020)"), and what that line names is the item's,
    not the document's. The rest stops where the next item's title starts on the same line
    (items glued on one line by a PDF) and is left out when longer than a heading."""
    out, pos = [], 0
    titles = [(it.get("title") or "").strip() for it in its]
    for i, title in enumerate(titles):
        k = text.find(title, pos) if len(title) >= 8 else -1
        if k < 0:
            out.append(title)
            continue
        start = k + len(title)
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        nxt = titles[i + 1] if i + 1 < len(titles) else ""
        j = text.find(nxt, start, end) if nxt else -1
        tail = text[start:end] if j < 0 else _without_number(text[start:j])
        out.append(title + tail if len(tail) <= MAX_HEADING_TAIL else title)
        pos = start
    return out


def _without_number(tail: str) -> str:
    rest = tail.rstrip()
    m = _NEXT_NUMBER.search(rest[-8:])
    return (rest[: len(rest) - len(m.group(0))] if m else rest).rstrip()


def _spaced(text: str) -> str:
    return " ".join((text or "").split())


def topic_units(meetings: Sequence[dict], items: dict[int, list[dict]]) -> list[dict]:
    """One unit per aligned row: the agenda item stands for it (else verslag, else nota); the
    text is that of all its items together."""
    by_key = {(k, it["number"]): it for k, its in items.items() for it in its}
    out = []
    for m in meetings:
        for row in m.get("items", []):
            rep = next(((row[f"{r}_doc"], row[f"{r}_number"]) for r in ROW_ROLES if row.get(f"{r}_doc")), None)
            if rep is None:
                continue
            its = [by_key.get((row[f"{r}_doc"], row[f"{r}_number"]), {}) for r in ROW_ROLES if row.get(f"{r}_doc")]
            unit = {"meeting": m["id"], "date": m["date"], "doc": rep[0], "number": rep[1],
                    "title": row.get("title") or "", "text": "\n".join(it.get("text") or "" for it in its)}
            if all("_words" in it for it in its if it):  # the items' words found already (link/helper.py)
                unit["words"] = partial(_unit_words, unit["title"], [it["_words"] for it in its if it])
            out.append(unit)
    return out


def _unit_words(title: str, parts: Sequence[Callable[[], list[str]]]) -> list[str]:
    """content_words(title + "\n" + the items' texts joined by "\n"), from the words of each
    text: no word runs over a line break, so the words of the whole are those of its parts."""
    from .text import content_words

    out = content_words(title)
    for words in parts:
        out += words()
    return out
