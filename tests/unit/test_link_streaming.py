"""Links handed on one at a time: iter_topic_links() gives what topic_links() gives, only when
read; Catalog.replace_links() writes links from a one-pass iterator; build_from() hands its
links as such an iterator. Small fictional items."""

from __future__ import annotations

from zvdj_viewer.catalog import Catalog, SourceRecord
from zvdj_viewer.link import build, build_from
from zvdj_viewer.link.topics import iter_topic_links, topic_links
from zvdj_viewer.model import Document, DocSpan, Item, Line, Page, Pos, SourceText


def u(meeting, date, number, title, text=""):
    return {"meeting": meeting, "date": date, "doc": int(meeting[1:]), "number": number, "title": title,
            "text": text}


UNITS = [
    u("m3", "2021-09-01", "4", "Ter bespreking: speeltuinfonds buurten", "Stand van het speeltuinfonds."),
    u("m1", "2021-01-01", "2", "Speeltuinfonds buurten", "Eerste verkenning."),
    u("m2", "2021-05-01", "3", "Update speeltuinfonds buurten", "Voortgang."),
    u("m4", "2021-12-01", "6", "Begroting", "Begroting."),
] + [u(f"m{90 + i}", "2020-01-01", "1", f"Onderwerp {w}", f"tekst over {w}") for i, w in
     enumerate("appels peren druiven kersen bessen pruimen bananen meloenen citroenen mango's dadels vijgen".split())]


def test_iter_topic_links_gives_the_same_links_lazily():
    expected = topic_links(UNITS)
    assert len(expected) >= 2
    units = list(UNITS)
    links = iter_topic_links(units)
    units.clear()  # nothing was read yet: a generator starts at the first next()
    assert list(links) == []
    assert list(iter_topic_links(UNITS)) == expected


def _doc(title, date, number_titles):
    d = Document(source="/archive/a.txt", span=DocSpan(Pos(1, 0), Pos(1, 0)), first_page=1, last_page=1,
                 type="agenda", title=title, doc_date=date, series="BO Fictief", meeting_date=date,
                 start_time="10:00", text="\n".join(t for _, t in number_titles))
    d.items = [Item(n, t, page=1, text=f"Over {t.lower()}.") for n, t in number_titles]
    return d


def test_replace_links_writes_links_from_a_one_pass_iterator(tmp_path):
    cat = Catalog(tmp_path / "catalog.sqlite")
    try:
        src = SourceText(path="/archive/a.txt", kind="text", title="Fictief")
        src.pages.append(Page(1, [Line("Agenda")]))
        months = ["januari", "februari", "maart"]
        docs = [_doc("Agenda BO Fictief", f"2021-0{i}-10",
                     [("1", "Opening"), ("2", f"Conceptverslag van 10 {months[i - 2]} 2021")])
                for i in range(2, 5)]
        cat.write_source(SourceRecord("/archive/a.txt", "/archive", 1, 1, "x", kind="text"), src, docs)
        rows = [dict(r) for r in cat.documents()]
        items: dict[int, list[dict]] = {}
        for r in cat.items():
            items.setdefault(r["document_id"], []).append(dict(r))
        meetings, links = build_from(
            [{k: v for k, v in d.items() if k != "text"} for d in rows],
            items_of=lambda keys: {k: items[k] for k in keys if k in items},
            stream=lambda: ((d, items.get(d["id"]) or []) for d in rows))
        assert iter(links) is links  # an iterator, read once by replace_links
        cat.replace_links(meetings, links=links)
        assert next(links, None) is None
        stored = [(r["kind"], r["from_doc"], r["to_meeting"]) for r in cat.links()]
        _, expected = build(rows, items)
        assert len(meetings) == 3 and stored
        assert stored == [(x["kind"], x["from_doc"], x["to_meeting"]) for x in expected]
    finally:
        cat.close()


def test_reference_shares_hold_a_bounded_amount_of_text(monkeypatch):
    """The reference work is cut in shares whose texts are in memory at once: at most
    REF_CHUNK documents and REF_CHUNK_CHARS characters; a longer document is a share alone."""
    import zvdj_viewer.link as link_mod

    monkeypatch.setattr(link_mod, "REF_CHUNK", 3)
    monkeypatch.setattr(link_mod, "REF_CHUNK_CHARS", 100)
    chars = {1: 10, 2: 10, 3: 10, 4: 10, 5: 500, 6: 60, 7: 50, 8: 0}
    assert link_mod.shares(list(chars), chars) == [[1, 2, 3], [4], [5], [6], [7, 8]]
    assert link_mod.shares([], {}) == []
