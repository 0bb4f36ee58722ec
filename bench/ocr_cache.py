"""OCR of the Woo samples' scanned pages exactly as the product does it (bench/out/ocr-data/).

``bench_woo_split.py --ocr`` must measure what a user gets, so this runs the product's own
OCR task (``zvdj_viewer.ocr.ocr_task``: same DPI, threshold, page segmentation mode, line
grouping, redaction-box reads) on every page the product would OCR (``ocr.needs_ocr``), and
stores the results in the product's cache format under a data directory of its own; the
bench then reads the files with ``pipeline.process_file(path, data_dir)`` like an update does.
A page already cached is not done again (the key is the page's content and ``OCR_VERSION``).

    .venv/bin/python bench/ocr_cache.py      # fills the cache (slow: seconds per page)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SAMPLES = REPO.parent / "shared" / "samples"
DATA_DIR = REPO / "bench" / "out" / "ocr-data"


def pages_to_ocr(rel: str) -> list[int]:
    """The pages of one sample the product would OCR and has no cached result for."""
    from zvdj_viewer.pipeline import process_file

    return process_file(str(SAMPLES / rel), str(DATA_DIR)).ocr_todo


def main() -> int:
    from zvdj_viewer import ocr

    if not ocr.available():
        print("Tesseract with the Dutch model is not installed: nothing cached")
        return 1
    starts = json.loads((SAMPLES / "woo-bundle-starts.json").read_text())["starts"]
    halves = json.loads((REPO / "bench" / "truth" / "woo-bundles.json").read_text())["files"]
    todo = []
    # the files rules are tuned on first
    for rel in sorted(starts, key=lambda r: halves.get(r, {}).get("half") != "tune"):
        todo += [(rel, n) for n in pages_to_ocr(rel)]
    print(f"{len(todo)} pages to OCR", flush=True)
    for k, (rel, n) in enumerate(todo):
        res = ocr.ocr_task(json.dumps([str(SAMPLES / rel), n, str(DATA_DIR)]))
        print(f"{k + 1}/{len(todo)} {rel} p{n}: {res.error or 'ok'}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
