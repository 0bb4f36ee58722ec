"""Ranked search results of an archive, written to a file so that two versions of the search
code can be compared exactly (documents, their order, pages, page counts, scores to the last
bit, snippets).

    .venv/bin/python bench/search_identity.py DATA_DIR --write before.json
    .venv/bin/python bench/search_identity.py DATA_DIR --compare before.json

The queries: the benchmark's five shapes (bench/run.py, same seed) and the shapes users
type in the app (prefix, OR, NOT, fields, redaction codes), with and without filters.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.run import queries  # noqa: E402

EXTRA = ["jeugd*", "gemeente OR regio", "jeugdhulp NOT pleegzorg", "wachttijden AND inkoop", "type:nota jeugdhulp",
         "titel:verslag", "10.2.e", "redactie:10.2.e", '"van de"', "jeugdhulp^3 gemeente", "stuurgroep -regio",
         "datum:[2019 to 2020] jeugdhulp", "kamerbrief", "informele mentor", '"zorg voor de jeugd"', "bestuurlijk*"]
FILTERS = [{}, {"types": ["nota"]}, {"date_from": "2019-01-01", "date_to": "2021-06-30"}, {"has_redactions": True}]


def all_queries() -> list[tuple[str, dict]]:
    out = [qf for qs in queries(random.Random(7)).values() for qf in qs]
    return out + [(q, f) for q in EXTRA for f in FILTERS]


def results(data_dir: str) -> list[dict]:
    """Archive.search of every query; DATA_DIR may also be a bare full-text index folder
    (bench/scale_index.py), searched with FullTextIndex.search."""
    from zvdj_viewer.archive import Archive
    from zvdj_viewer.index import FullTextIndex

    out = []
    bare = not (Path(data_dir) / "catalog.sqlite").exists() and (Path(data_dir) / "zvdj-index-version").exists()
    with (closing(FullTextIndex(data_dir)) if bare else Archive(data_dir=data_dir)) as a:
        for q, f in all_queries():
            hits = a.search(q, limit=20, **f)
            out.append({"query": q, "filters": f, "hits": [
                {"doc": h.doc_id, "score": repr(h.score), "count": h.page_hit_count,
                 "pages": [[p.page, p.line, repr(p.score), p.snippet] for p in h.pages]} for h in hits]})
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--write", metavar="FILE")
    g.add_argument("--compare", metavar="FILE")
    args = ap.parse_args()
    got = results(args.data_dir)
    if args.write:
        Path(args.write).write_text(json.dumps(got, ensure_ascii=False, indent=1))
        print(f"{len(got)} queries, {sum(len(r['hits']) for r in got)} hits written to {args.write}")
        return
    before = json.loads(Path(args.compare).read_text())
    differ = [(b["query"], b["filters"]) for b, n in zip(before, got) if b != n]
    print(f"{len(got)} queries, {sum(len(r['hits']) for r in got)} hits: "
          f"{len(differ)} differ from {args.compare}" + "".join(f"\n  {q!r} {f}" for q, f in differ[:20]))
    sys.exit(1 if differ or len(before) != len(got) else 0)


if __name__ == "__main__":
    main()
