"""OCR of the image-only pages of the Woo samples, for measuring only (bench/out/ocr/).

The product does not OCR yet (another helper adds it); to see how the splitting, typing and
titling rules fare on OCR-quality text, ``bench_woo_split.py --ocr`` feeds the pages without a
text layer through the system Tesseract (Dutch model) and gives the analysis the recognised
lines, with their positions in PDF points and their height as the font size.

    .venv/bin/python bench/ocr_cache.py      # fills the cache (slow: seconds per page)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO.parent / "shared" / "samples"
CACHE = REPO / "bench" / "out" / "ocr"
DPI = 150  # coordinates are stored in PDF points: pages read at another DPI mix fine


def cache_path(rel: str, page: int) -> Path:
    return CACHE / Path(rel).stem / f"p{page:03d}.json"


def ocr_lines(png: bytes) -> list[dict]:
    """Tesseract TSV words grouped into lines: text, bbox (PDF points), height."""
    out = subprocess.run(["tesseract", "stdin", "stdout", "-l", "nld", "--psm", "3", "tsv"],
                         input=png, capture_output=True, timeout=300).stdout.decode("utf-8", "replace")
    lines: dict[tuple, dict] = {}
    scale = 72.0 / DPI
    for row in out.splitlines()[1:]:
        f = row.split("\t")
        if len(f) < 12 or not f[11].strip() or float(f[10]) < 0:
            continue
        key = (int(f[2]), int(f[3]), int(f[4]))
        x, y, w, h = (int(v) * scale for v in f[6:10])
        ln = lines.setdefault(key, {"words": [], "bbox": [x, y, x + w, y + h]})
        ln["words"].append(f[11])
        b = ln["bbox"]
        ln["bbox"] = [min(b[0], x), min(b[1], y), max(b[2], x + w), max(b[3], y + h)]
    return [{"text": " ".join(v["words"]), "bbox": [round(c, 1) for c in v["bbox"]]} for v in lines.values()]


def main() -> int:
    import pymupdf

    starts = json.loads((SAMPLES / "woo-bundle-starts.json").read_text())["starts"]
    halves = json.loads((REPO / "bench" / "truth" / "woo-bundles.json").read_text())["files"]
    todo = []
    # the files rules are tuned on first
    for rel in sorted(starts, key=lambda r: halves.get(r, {}).get("half") != "tune"):
        doc = pymupdf.open(SAMPLES / rel)
        for i, page in enumerate(doc):
            if len(page.get_text().strip()) < 50 and not cache_path(rel, i + 1).exists():
                todo.append((rel, i + 1))
    print(f"{len(todo)} pages to OCR", flush=True)
    for k, (rel, n) in enumerate(todo):
        doc = pymupdf.open(SAMPLES / rel)
        png = doc[n - 1].get_pixmap(dpi=DPI, colorspace=pymupdf.csGRAY).tobytes("png")
        lines = ocr_lines(png)
        path = cache_path(rel, n)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(lines, ensure_ascii=False))
        print(f"{k + 1}/{len(todo)} {rel} p{n}: {len(lines)} lines", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
