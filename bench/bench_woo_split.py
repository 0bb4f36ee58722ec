"""How well real Woo bundles come out: split, type, title and date, against written truth.

    .venv/bin/python bench/bench_woo_split.py [--half tune|check] [--docs]

Truth: start pages from ../shared/samples/woo-bundle-starts.json (judged by looking at the
pages), type/title/date per document from bench/truth/woo-bundles.json (written from the
pages before the program's output was looked at). Per file and in total it prints:

- start pages: precision, recall, F1 (a predicted start must be the true page);
- exact: share of true documents that come out with exactly their page range;
- type: share of true documents whose predicted document (the one starting on the true start
  page, else the one covering it) has the true type;
- title: share with a meaningful title: at least half the truth title's words (lower case,
  accents folded, small words dropped) occur in the predicted title, and the predicted title
  is not mostly other words (at least a quarter of its words are the truth's);
- date: share of documents that print a date whose predicted date is that date (or one of
  the other dates the document prints, ``alt_dates``).

Totals are given over all documents and over documents whose first page has a text layer
(many pages in these PDFs are scans: OCR is another helper's work), and per half of the
files: rules are tuned on the 'tune' half and checked on the 'check' half. With ``--ocr`` the
files are read as an update reads them once OCR is done: ``pipeline.process_file`` with the
product's OCR cache (bench/ocr_cache.py fills it with the product's own OCR task), so the
figures are what a user gets; "text-layer starts" then means pages with text from either.
With ``--ocr-cache DATA_DIR`` the OCR cache of that data directory is used instead (what
`zvdj index --data-dir DATA_DIR` stored for the sample files).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SAMPLES = REPO.parent / "shared" / "samples"
TRUTH = REPO / "bench" / "truth" / "woo-bundles.json"

_SMALL = {"de", "het", "een", "van", "op", "in", "en", "uw", "aan", "re", "fw", "fwd", "voor", "met",
          "over", "te", "of", "the", "a", "bij", "inzake", "wv", "ivm", "nav", "b", "c"}


def words(title: str | None) -> set[str]:
    t = unicodedata.normalize("NFKD", (title or "").lower())
    t = "".join(c for c in t if not unicodedata.combining(c))
    return {w for w in re.split(r"[^a-z0-9]+", t) if len(w) > 1 and w not in _SMALL}


def title_ok(pred: str | None, truth: str | None) -> bool:
    tw, pw = words(truth), words(pred)
    if not tw or not pw:
        return False
    common = len(tw & pw)
    return common / len(tw) >= 0.5 and common / len(pw) >= 0.25


@dataclass
class Score:
    tp: int = 0
    n_pred: int = 0
    n_true: int = 0
    docs: int = 0
    exact: int = 0
    type_ok: int = 0
    title_ok: int = 0
    titled: int = 0  # truth has a title
    dated: int = 0  # truth prints a date
    date_ok: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for k in ("tp", "n_pred", "n_true", "docs", "exact", "type_ok", "title_ok", "titled", "dated", "date_ok"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def row(self) -> str:
        p = self.tp / self.n_pred if self.n_pred else 1.0
        r = self.tp / self.n_true if self.n_true else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0

        def sh(a: int, b: int) -> str:
            return f"{a / b:5.2f}" if b else "   - "
        return (f"P {p:4.2f} R {r:4.2f} F1 {f:4.2f} | exact {sh(self.exact, self.docs)} "
                f"type {sh(self.type_ok, self.docs)} title {sh(self.title_ok, self.titled)} "
                f"date {sh(self.date_ok, self.dated)} | docs {self.docs}")


def run_file(rel: str, truth_docs: list[dict], true_starts: list[int], only_text: bool,
             show: bool, ocr: bool = False, ocr_cache: str | None = None) -> Score:
    from bench.ocr_cache import DATA_DIR
    from zvdj_viewer.pipeline import process_file

    # the product's own path: read, cached OCR text for the pages without a text layer
    # (ocr.apply_cached, filled by bench/ocr_cache.py with the product's OCR), analyse
    data_dir = ocr_cache or (str(DATA_DIR) if ocr else None)
    result = process_file(str(SAMPLES / rel), data_dir)
    if result.source is None:
        raise SystemExit(f"{rel}: {result.error}")
    if data_dir and result.ocr_todo:
        print(f"  ({rel}: {len(result.ocr_todo)} pages not OCR'd yet: run bench/ocr_cache.py)")
    source, docs = result.source, result.documents
    n_pages = source.page_count
    text_pages = {p.number for p in source.pages if p.has_text and any(ln.text.strip() for ln in p.lines)}
    ends = [s - 1 for s in true_starts[1:]] + [n_pages]
    pred_starts = sorted({d.first_page for d in docs})
    s = Score()
    if only_text:
        keep = [i for i, st in enumerate(true_starts) if st in text_pages]
        s.n_true = len(keep)
        s.n_pred = sum(1 for p in pred_starts if p in text_pages)
        s.tp = sum(1 for p in pred_starts if p in text_pages and p in true_starts)
    else:
        keep = list(range(len(true_starts)))
        s.n_true, s.n_pred = len(true_starts), len(pred_starts)
        s.tp = len(set(pred_starts) & set(true_starts))
    for i in keep:
        t = truth_docs[i]
        start, end = true_starts[i], ends[i]
        pred = next((d for d in docs if d.first_page == start), None) or next(
            (d for d in docs if d.first_page <= start <= d.last_page), None)
        s.docs += 1
        exact = pred is not None and pred.first_page == start and pred.last_page == end
        s.exact += exact
        typ = pred is not None and pred.type == t["type"]
        s.type_ok += typ
        tit = None
        if t.get("title"):
            s.titled += 1
            tit = pred is not None and title_ok(pred.title, t["title"])
            s.title_ok += tit
        dat = None
        if t.get("date"):
            s.dated += 1
            dat = pred is not None and pred.doc_date in [t["date"], *t.get("alt_dates", [])]
            s.date_ok += dat
        if show:
            flag = "".join(c if ok else "." for c, ok in
                           (("E", exact), ("T", typ), ("t", tit is not False), ("d", dat is not False)))
            got = (f"p{pred.first_page}-{pred.last_page} {pred.type} {pred.doc_date} '{pred.title[:60]}'"
                   if pred else "-")
            print(f"    {flag} p{start}-{end} {t['type']} {t.get('date')} '{(t.get('title') or '')[:50]}'"
                  f"\n         got {got}")
    return s


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--half", choices=["tune", "check"], help="only the files of one half")
    ap.add_argument("--docs", action="store_true", help="print every document, truth and prediction")
    ap.add_argument("--file", help="only files whose name contains this")
    ap.add_argument("--ocr", action="store_true",
                    help="pages without a text layer get the product's OCR text (cached by bench/ocr_cache.py)")
    ap.add_argument("--ocr-cache", metavar="DATA_DIR",
                    help="use the OCR the product stored in this data directory (run `zvdj index` "
                         "on the samples with --data-dir DATA_DIR first) instead of bench/out/ocr-data")
    args = ap.parse_args(argv)
    if not SAMPLES.is_dir():
        print(f"no samples at {SAMPLES}: nothing to measure")
        return 1
    starts = json.loads((SAMPLES / "woo-bundle-starts.json").read_text())["starts"]
    truth = json.loads(TRUTH.read_text())["files"]
    totals = {(h, t): Score() for h in ("tune", "check", "all") for t in (False, True)}
    for rel, info in truth.items():
        if args.half and info["half"] != args.half:
            continue
        if args.file and args.file not in rel:
            continue
        for only_text in (False, True):
            sc = run_file(rel, info["documents"], starts[rel], only_text, args.docs and not only_text, args.ocr,
                          args.ocr_cache)
            totals[(info["half"], only_text)].add(sc)
            totals[("all", only_text)].add(sc)
            if not only_text:
                print(f"{Path(rel).name[:44]:44} [{info['half']:5}] {sc.row()}")
    print()
    for half in ("tune", "check", "all"):
        for only_text in (False, True):
            sc = totals[(half, only_text)]
            if sc.docs:
                label = f"TOTAL {half}" + (" (text-layer starts)" if only_text else "")
                print(f"{label:44}         {sc.row()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
