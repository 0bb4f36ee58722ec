"""Are the reference mentions the readers store the same as before? (issue 22)

    .venv/bin/python bench/mentions_identity.py save NAME [--set shared|corpus-1000|...]
    .venv/bin/python bench/mentions_identity.py check NAME [--set ...]

bench/identity.py leaves ``documents.mentions`` out of its fingerprints (a cache of the scan,
compared where it counts: in the links and the export). A change to the scan itself
(link/mentions.py, the scan_* functions of link/references.py and link/implicit.py) that keeps
SCAN_VERSION must leave every stored scan as it was, byte for byte: this compares them, per
file and document, as the reader process makes them (``pipeline.process_file``), with each
document's MinHash signature beside it. ``save`` writes bench/out/identity/NAME-SET-mentions.json;
``check`` names the first documents that differ; exit code 1 on a difference.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.identity import OUT, arguments, file_set  # noqa: E402


def stored_scans(set_name: str) -> dict[str, list[list[str]]]:
    """Per file (by its place in the set): [mentions as stored, MinHash signature in hex] of each of its documents."""
    from zvdj_viewer.archive import scan
    from zvdj_viewer.pipeline import process_file

    roots = file_set(set_name)
    found = scan([str(r) for r in roots])

    def key(path: str) -> str:  # the place in its set: the same set generated elsewhere compares
        root = next(r for r in roots if Path(path).is_relative_to(r))
        return f"{root.name}/{Path(path).relative_to(root)}"

    return {key(path): [[d.mentions, (d.minhash or b"").hex()] for d in process_file(path).documents]
            for path in sorted(found.found)}


def main() -> None:
    args = arguments()
    where = OUT / f"{args.name}-{args.set}-mentions.json"
    t = time.process_time()
    now = stored_scans(args.set)
    docs = sum(map(len, now.values()))
    print(f"  {len(now)} files, {docs} documents: {time.process_time() - t:.1f} CPU s", flush=True)
    if args.action == "save":
        where.parent.mkdir(parents=True, exist_ok=True)
        where.write_text(json.dumps(now, ensure_ascii=False, indent=0, sort_keys=True))
        print(f"saved the scans of {docs} documents to {where}")
        return
    saved = json.loads(where.read_text())
    differ = [(path, i) for path in sorted(saved.keys() | now.keys())
              for i in range(max(len(saved.get(path, [])), len(now.get(path, []))))
              if saved.get(path, [])[i:i + 1] != now.get(path, [])[i:i + 1]]
    if not differ:
        print(f"identical: the mentions and signatures of all {docs} documents match {where.name}")
        return
    for path, i in differ[:5]:
        print(f"DIFFERS: {path} document {i + 1}")
        print(f"   before: {str(saved.get(path, [])[i:i + 1])[:400]}")
        print(f"   now:    {str(now.get(path, [])[i:i + 1])[:400]}")
    print(f"{len(differ)} of {docs} documents differ")
    sys.exit(1)


if __name__ == "__main__":
    main()
