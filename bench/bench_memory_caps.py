"""Memory and time of hostile big inputs (issue 16, point 13): a big XML publication, a PDF
page with a million text spans, and a PDF whose page content is a compressed-stream bomb.

Each case runs ``process_file`` in a fresh process (as a reader worker does) and prints its
time, that process's peak RSS, and the error or problems the file got:

    .venv/bin/python bench/bench_memory_caps.py [--xml-mb 60] [--spans 1000000] [--bomb-mb 1000]

The same files (smaller) are made by tests/unit/test_memory_caps.py.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = """
import resource, sys, time
from zvdj_viewer.pipeline import process_file
t0 = time.perf_counter()
r = process_file(sys.argv[1])
t = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
lines = sum(len(p.lines) for p in r.source.pages) if r.source else 0
print(f"{t:.1f} s, peak RSS {peak:.0f} MB, {r.pages} pages, {lines} lines, error: {r.error}, "
      f"problems: {(r.source.problems if r.source else []) + r.problems}")
"""


def make_big_xml(path: Path, megabytes: int) -> None:
    """A fictional officielebekendmakingen-style publication of many paragraphs."""
    para = "<al>De kwispelstaartcommissie bespreekt de fictieve begroting, punt {}.</al>\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write("<?xml version='1.0' encoding='UTF-8'?>\n<officiele-publicatie><stcrt><kop><titel>Kwispel"
                "</titel></kop>\n")
        n = 0
        while f.tell() < megabytes * 1_000_000:
            f.write(para.format(n))
            n += 1
        f.write("</stcrt></officiele-publicatie>\n")


def _write_pdf(path: Path, stream: bytes) -> None:
    """A one-page PDF written by hand (only its content stream is big), Helvetica as /F1;
    ``stream`` is the page content, FlateDecode-compressed."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


def make_span_page(path: Path, spans: int) -> None:
    """One page whose text is ``spans`` pieces, each in another font size than the one
    before (so each is a span of its own)."""
    parts = [b"BT /F1 9 Tf 50 800 Td (Kwispel) Tj"]
    for i in range(spans):
        parts.append(b"/F1 %d Tf (k) Tj" % (8 + i % 3))
        if i % 80 == 79:
            parts.append(b"0 -10 Td")
    parts.append(b"ET")
    _write_pdf(path, zlib.compress(b"\n".join(parts), 9))


def make_bomb_page(path: Path, megabytes: int) -> None:
    """One page whose content stream is a little text and then ``megabytes`` MB of spaces,
    compressed about 1,000 to 1."""
    comp = zlib.compressobj(9)
    chunk = b" " * 1_000_000
    parts = [comp.compress(b"BT /F1 12 Tf 72 720 Td (Kwispelbom) Tj ET\n")]
    parts += [comp.compress(chunk) for _ in range(megabytes)]
    _write_pdf(path, b"".join(parts) + comp.flush())


def measure(path: Path, repo: Path = REPO) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "measure.py"
        script.write_text(CHILD)
        out = subprocess.run([sys.executable, str(script), str(path)], capture_output=True, text=True,
                             cwd=repo, env={"PYTHONPATH": str(repo), "PATH": "/usr/bin:/bin"})
    return (out.stdout.strip() or out.stderr.strip()[-300:])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--xml-mb", type=int, default=60)
    ap.add_argument("--spans", type=int, default=1_000_000)
    ap.add_argument("--bomb-mb", type=int, default=1000)
    ap.add_argument("--repo", type=Path, default=REPO, help="the source tree to measure (another checkout)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name, make, size in (("groot.xml", make_big_xml, args.xml_mb), ("spans.pdf", make_span_page, args.spans),
                                 ("bom.pdf", make_bomb_page, args.bomb_mb)):
            path = Path(tmp) / name
            t0 = time.perf_counter()
            make(path, size)
            print(f"{name} ({size:,}): {path.stat().st_size / 1e6:.1f} MB on disk, made in "
                  f"{time.perf_counter() - t0:.1f} s", flush=True)
            print("  process_file:", measure(path, args.repo), flush=True)


if __name__ == "__main__":
    main()
