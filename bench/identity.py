"""Identity harness for ingest speed work: is the output byte-for-byte what it was?

    .venv/bin/python bench/identity.py save NAME [--set shared|corpus-1000|...]
    .venv/bin/python bench/identity.py check NAME [--set ...]

Indexes a file set from empty (in this process, workers=0, so document ids and index order are
the same on every run) and takes the fingerprint of everything ingest produces:
- every catalog table, row by row (times of the run left out),
- the public export (``export --json``),
- every stored field and every posting of the full-text index (documents keyed by their
  stored doc_id/page/line, so it does not depend on Whoosh's internal numbering),
- per file, the ``process_file`` result seen through what the catalog and index are made of
  (source pages with lines, fonts and furniture; documents with all their fields).
``save`` writes the fingerprints (and the full dump, for diffing) to bench/out/identity/NAME;
``check`` recomputes them and names every part that differs. Exit code 1 on a difference.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import pickle
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "identity"
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

# columns that hold the time of the run or of the file, not what ingest made of it
_TIME_COLUMNS = {"added_at", "indexed_at", "mtime_ns", "read_at", "updated_at", "created_at"}


def file_set(name: str) -> list[Path]:
    if name == "shared":
        return [SHARED / "seeds", SHARED / "samples"]
    if name.startswith("corpus-"):
        from bench.run import corpus

        return [corpus(int(name.split("-", 1)[1]))]
    raise SystemExit(f"unknown set {name!r}")


# FileResult fields that are not what ingest made: its time, and the pages' catalog rows made
# for the trip between processes (pipeline.for_catalog; the pages themselves are compared)
_LEFT_OUT = {"seconds", "stored_pages", "mentions"}
# what linking keeps of a document's text for the next relink: its reference mentions
# (link/mentions.py, schema v7), a cache of a scan whose result is compared where it counts,
# in the links table and the export
_CACHE_COLUMNS = {"mentions"}


def _plain(value):
    """A dataclass tree as plain, comparable data (no object identities, no timings)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in _LEFT_OUT}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    return value


def process_results(roots: list[Path]) -> dict[str, str]:
    """sha256 of each file's ``process_file`` result (as plain data), by path."""
    from zvdj_viewer.archive import scan
    from zvdj_viewer.pipeline import process_file

    found = scan([str(r) for r in roots])
    out = {}
    for path in sorted(found.found):
        r = process_file(path)
        # repr, not pickle bytes: pickle writes an object shared twice (a string a memoised
        # function handed out for two equal lines) as a reference, so equal results differed
        out[path] = hashlib.sha256(repr(_plain(r)).encode()).hexdigest()
    return out


def catalog_dump(db: Path) -> dict[str, list]:
    from zvdj_viewer.catalog import item_text_sql
    from zvdj_viewer.stored_text import slicer, unpack

    conn = sqlite3.connect(db)
    out = {}
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    for t in tables:
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({t})")
                if r[1] not in _TIME_COLUMNS and r[1] not in _CACHE_COLUMNS]
        if not cols:
            continue
        sel = ", ".join(f'"{c}"' for c in cols)
        if t == "items" and "text_from" in cols:  # a text kept as a slice of its document's (v8)
            cols = [c for c in cols if c not in ("text_from", "text_to")]
            # the text as the catalog reads it, wherever it is kept: compared as the text
            sel = ", ".join(f'"{c}"' if c != "text" else item_text_sql("items", "text") for c in cols)
            conn.create_function("text_slice", 3, slicer())
        rows = conn.execute(f'SELECT {sel} FROM "{t}"').fetchall()
        if "text" in cols:  # the text a packed value holds (stored_text.py, schema v6)
            i = cols.index("text")
            rows = [(*r[:i], unpack(r[i]), *r[i + 1:]) for r in rows]
        out[t] = [cols] + sorted(rows, key=repr)
    conn.close()
    return out


def index_dump(index) -> dict[str, list]:
    with index.ix.searcher() as s:
        r = s.reader()
        key = {}
        stored = []
        for docnum, fields in r.iter_docs():
            k = (fields.get("doc_id"), fields.get("page"), fields.get("line"))
            key[docnum] = k
            stored.append(sorted(fields.items()))
        postings = sorted((f, t, key[d], w, v) for f, t, d, w, v in r.iter_postings())
        lengths = sorted((f, key[d], r.doc_field_length(d, f)) for f in ("content", "title")
                         for d in key)
    return {"stored": sorted(stored, key=repr), "postings": postings, "lengths": lengths}


def fingerprint(set_name: str) -> tuple[dict[str, str], dict]:
    from zvdj_viewer.archive import Archive

    roots = file_set(set_name)
    parts: dict = {}
    t = time.process_time()
    with tempfile.TemporaryDirectory(prefix="zvdj-identity-") as tmp:
        data = Path(tmp) / "data"
        with Archive(data_dir=data) as a:
            for r in roots:
                a.add_folder(str(r))
            a.update(workers=0, ocr=False)
            export = a.export_json()
            parts["export"] = export
            parts["index"] = index_dump(a.index)
        from zvdj_viewer.paths import catalog_path

        parts["catalog"] = catalog_dump(catalog_path(data))
    print(f"  ingest + dump: {time.process_time() - t:.1f} CPU s", flush=True)
    t = time.process_time()
    parts["process_file"] = process_results(roots)
    print(f"  process_file x files: {time.process_time() - t:.1f} CPU s", flush=True)
    return digests(parts), parts


def digests(parts: dict) -> dict[str, str]:
    """sha256 per part, of its repr (pickle bytes would depend on which equal objects happen
    to be shared)."""
    out = {}
    for name, value in parts.items():
        if isinstance(value, dict) and name != "export":
            for sub, v in value.items():
                out[f"{name}/{sub}"] = hashlib.sha256(repr(v).encode()).hexdigest()
        else:
            out[name] = hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()
    return out


def arguments() -> argparse.Namespace:
    """save|check NAME [--set SET], for this harness and those beside it."""
    ap = argparse.ArgumentParser()
    ap.add_argument("action", choices=["save", "check"])
    ap.add_argument("name")
    ap.add_argument("--set", default="shared")
    return ap.parse_args()


def main() -> None:
    args = arguments()
    where = OUT / f"{args.name}-{args.set}"
    now, parts = fingerprint(args.set)
    if args.action == "save":
        if where.exists():
            shutil.rmtree(where)
        where.mkdir(parents=True)
        (where / "digests.json").write_text(json.dumps(now, indent=1, sort_keys=True))
        with open(where / "dump.pickle", "wb") as f:
            pickle.dump(parts, f, protocol=4)
        print(f"saved {len(now)} fingerprints to {where}")
        return
    with open(where / "dump.pickle", "rb") as f:
        old = pickle.load(f)
    saved = digests(old)  # the saved dump, digested as now
    differ = sorted(k for k in saved.keys() | now.keys() if saved.get(k) != now.get(k))
    if not differ:
        print(f"identical: all {len(saved)} fingerprints match {where.name}")
        return
    for k in differ:
        print(f"DIFFERS: {k}")
        part, _, sub = k.partition("/")
        a, b = old.get(part), parts.get(part)
        if sub and isinstance(a, dict) and isinstance(b, dict):
            a, b = a.get(sub), b.get(sub)
        if isinstance(a, list) and isinstance(b, list):
            sa, sb = set(map(repr, a)), set(map(repr, b))
            for x in sorted(sa - sb)[:3]:
                print(f"   before only: {x[:300]}")
            for x in sorted(sb - sa)[:3]:
                print(f"   now only:    {x[:300]}")
        elif isinstance(a, dict) and isinstance(b, dict):
            for kk in sorted(set(a) | set(b)):
                if a.get(kk) != b.get(kk):
                    print(f"   {kk}")
    sys.exit(1)


if __name__ == "__main__":
    main()
