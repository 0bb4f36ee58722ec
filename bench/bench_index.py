"""Speed and size of the full-text index on synthetic Dutch-like pages.

Prints pages/s for writing (1 and 2 processes), index size, query times, and what the
choices cost: the unstemmed ``words`` field (for prefix queries) and compressed stored text.

    .venv/bin/python bench/bench_index.py [--pages N] [--words-per-page W]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from whoosh import fields, index as windex  # noqa: E402

from zvdj_viewer.index import FullTextIndex, IndexUnit  # noqa: E402
from zvdj_viewer.index.schema import make_schema, text_analyzer  # noqa: E402

COMMON = ("de het een en van in op met voor over dat is zijn wordt door bij aan als ook niet nog "
          "worden er om tot naar uit").split()
TOPIC = ("gemeente gemeenten jeugdhulp jeugdzorg jeugdhulpaanbieders aanbieders wachtlijsten "
         "pleegzorg minister staatssecretaris vergadering verslag agenda nota annotatie afspraken "
         "bestuurlijk overleg hervormingsagenda financiering tekorten begroting kinderen ouders "
         "zorgaanbieders inkoop regio transformatie wet kamerbrief motie rondvraag besluit "
         "gemeentelijke taken uitvoering toezicht inspectie kwaliteit veiligheid").split()
SYLL = "ver ge be ont aan in uit over onder zorg jeugd hulp werk plan kind wet raad taak geld regel beleid".split()
ENDS = "en ing heid lijk e s ers baar te".split()


def vocabulary(rng: random.Random, n: int) -> list[str]:
    words = set()
    while len(words) < n:
        w = "".join(rng.choice(SYLL) for _ in range(rng.randint(1, 3))) + rng.choice(ENDS + [""])
        words.add(w)
    return sorted(words)


def pages(n: int, per_page: int, seed: int = 1) -> list[IndexUnit]:
    rng = random.Random(seed)
    vocab = vocabulary(rng, 8000)
    weights = [1 / (i + 1) for i in range(len(vocab))]  # Zipf-like
    out = []
    for i in range(n):
        doc = i // 8  # 8 pages per document
        words = []
        for _ in range(per_page):
            r = rng.random()
            words.append(rng.choice(COMMON) if r < 0.4 else rng.choice(TOPIC) if r < 0.55
                         else rng.choices(vocab, weights)[0])
        text = "\n".join(" ".join(words[j:j + 12]).capitalize() + "." for j in range(0, len(words), 12))
        out.append(IndexUnit(
            doc_id=f"d{doc}", source=f"/bench/{doc // 10}.pdf", page=i % 8 + 1, line=None,
            type=rng.choice(["nota", "verslag", "agenda", "kamerbrief"]),
            series=rng.choice(["BO Rijk-VNG", "Stuurgroep Zorg voor de Jeugd", None]),
            date=f"20{rng.randint(15, 23)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            title=f"Document {doc} over {rng.choice(TOPIC)}",
            redactions=["10.2.e"] if rng.random() < 0.1 else [], content=text))
    return out


def size_mb(d: Path) -> float:
    return sum(p.stat().st_size for p in d.iterdir() if p.is_file()) / 1e6


def timed(fn, repeat: int = 5) -> float:
    fn()  # warm (first query also loads the compound list)
    t = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - t) / repeat * 1000


def variant_size(units: list[IndexUnit], tmp: Path, name: str, drop_words=False, unstored=False) -> float:
    """Index size of a schema variant, written with the same units (one process, one segment)."""
    schema = make_schema()
    if drop_words:
        schema.remove("words")
    if unstored:  # text not kept in the index: snippets would have to come from the catalog
        schema.remove("content")
        schema.add("content", fields.TEXT(analyzer=text_analyzer(), phrase=True))
    d = tmp / name
    d.mkdir()
    ix = windex.create_in(str(d), schema)
    helper = FullTextIndex.__new__(FullTextIndex)
    with ix.writer(limitmb=128) as w:
        for u in units:
            f = FullTextIndex._fields(helper, u, bool(u.redactions))
            if drop_words:
                f.pop("words")
            w.add_document(**f)
    return size_mb(d)


def report_variants(units: list[IndexUnit], tmp: Path) -> None:
    full = variant_size(units, tmp, "full")
    nowords = variant_size(units, tmp, "nowords", drop_words=True)
    unstored = variant_size(units, tmp, "unstored", unstored=True)
    text = sum(len(u.content.encode("utf-8")) for u in units) / 1e6
    print(f"size, one segment: as built {full:.2f} MB for {text:.2f} MB of text; without the words field "
          f"{nowords:.2f} MB (words costs +{100 * (full - nowords) / nowords:.0f}%); without the stored "
          f"text {unstored:.2f} MB (storing costs +{100 * (full - unstored) / unstored:.0f}%)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--words-per-page", type=int, default=350)
    ap.add_argument("--variants", action="store_true", help="also measure the size of schema variants")
    args = ap.parse_args()
    units = pages(args.pages, args.words_per_page)
    chars = sum(len(u.content) for u in units)
    print(f"{len(units)} pages, {chars / len(units):.0f} chars/page, {chars / 1e6:.1f} MB of text")
    with tempfile.TemporaryDirectory() as tmpname:
        tmp = Path(tmpname)
        for procs in (1, 2):
            ix = FullTextIndex(tmp / f"p{procs}")
            t = time.perf_counter()
            ix.update([], units, procs=procs)
            dt = time.perf_counter() - t
            print(f"write, procs={procs}: {dt:.1f} s = {len(units) / dt:.0f} pages/s; "
                  f"index {size_mb(tmp / f'p{procs}'):.1f} MB")
        t = time.perf_counter()
        ix.update([u.source for u in units[:80]], units[:80])
        print(f"replace 80 pages of 8 sources: {(time.perf_counter() - t) * 1000:.0f} ms")
        queries = ["gemeenten", "jeugdhulp wachtlijsten", '"bestuurlijk overleg"', "jeugd*", "aanbieders",
                   "pleegzorg NOT begroting", "type:nota date:[2018-01-01 to 2019-12-31] minister",
                   "redaction:10.2.e"]
        for q in queries:
            n = len(ix.search(q, limit=10**6))
            print(f"query {q!r:55} {timed(lambda q=q: ix.search(q)):7.1f} ms  ({n} documents)")
        print(f"list by date (empty query, type filter)                 "
              f"{timed(lambda: ix.search('', types=['nota'])):7.1f} ms")
        print(f"similar(doc)                                             {timed(lambda: ix.similar('d3')):7.1f} ms")
        text = units[5].content[:400]
        print(f"similar_text(400 chars)                                  "
              f"{timed(lambda: ix.similar_text(text)):7.1f} ms")
        print(f"doc_count()                                              {timed(ix.doc_count):7.1f} ms")
        print(f"query_terms('aanbieders')                                "
              f"{timed(lambda: ix.query_terms('aanbieders')):7.1f} ms")
        t = time.perf_counter()
        problems = ix.check()
        print(f"check(): {(time.perf_counter() - t) * 1000:.0f} ms, {len(problems)} problems")
        ix.close()
        if args.variants:
            report_variants(units, tmp)


if __name__ == "__main__":
    main()
