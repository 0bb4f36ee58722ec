"""A deterministic corpus of fictional meeting documents at archive scale, for benchmarks.

    .venv/bin/python bench/corpus.py OUTDIR --pages 10000 [--seed 1]

Writes PDF Woo bundles of about 200 pages (meetings of several series, each with agenda, nota
and verslag: letterhead on first pages, a running sidebar and "Pagina x van n" footers,
numbered items, redaction codes under black boxes) plus one markdown file per 50 pages of
bundles. The same --pages and --seed give the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

import pymupdf

SERIES = ["BO Rijk-VNG", "Stuurgroep Zorg voor de Jeugd", "BO Zorg voor de Jeugd", "BO Rijk-VNG-BGZJ"]
TOPICS = ["jeugdbescherming regio-aanpak", "steunfiguur voor jongeren", "gezinshuizen tot 21 jaar",
          "wachttijden jeugd-ggz", "inkoop van specialistische jeugdhulp", "reikwijdte jeugdhulp",
          "financiën en kostenontwikkeling", "perspectief voor de jeugd", "thuiszitters en onderwijs",
          "pleegzorg en netwerkpleegzorg", "acute jeugdzorg en crisisbedden", "regionale expertteams"]
WORDS = ("de het een van en in op te met voor door over bij naar om als dat die dit zijn wordt worden "
         "gemeenten gemeente regio regio's jeugdhulp jeugdzorg jongeren kinderen ouders gezinnen aanbieders "
         "jeugdhulpaanbieders afspraak afspraken minister wethouder VNG Rijk stuurgroep programma actielijn "
         "voortgang onderzoek wachttijden budget middelen kosten inkoop contracten professionals wijkteams "
         "toegang zorg hulp plan aanpak werkgroep bestuurlijk overleg verslag nota agenda besluit actie "
         "uitvoering wetgeving brief kamer motie toezegging evaluatie monitor cijfers knelpunten oplossing "
         "samenwerking ketenpartners jeugdbescherming gecertificeerde instellingen pleegzorg gezinshuizen").split()
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]
FONT = "helv"
BOLD = "hebo"


def nl_date(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def sentence(rnd: random.Random, n: int | None = None) -> str:
    words = [rnd.choice(WORDS) for _ in range(n or rnd.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def wrap(text: str, width: int = 88) -> list[str]:
    lines, cur = [], ""
    for w in text.split():
        if len(cur) + len(w) + 1 > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    return lines + ([cur] if cur else [])


class Writer:
    """Lays out lines on A4 pages with furniture on every page."""

    def __init__(self, pdf, rnd: random.Random):
        self.pdf, self.rnd = pdf, rnd
        self.page = None
        self.y = 0.0
        self.doc_pages: list = []

    def new_page(self, first: bool, date: str, kenmerk: str) -> None:
        self._buf = []
        self.page = self.pdf.new_page(width=595, height=842)
        self.doc_pages.append(self.page.number)  # page objects go stale when pages are added
        side = ["Directoraat-Generaal", "Langdurige Zorg", "Directie Jeugd", "", "Datum", date]
        if first:
            self.page.insert_text((72, 50), "Ministerie van Volksgezondheid, Welzijn en Sport", fontname=BOLD, fontsize=9)
            side += ["", "Kenmerk", kenmerk]
        for i, s in enumerate(side):
            self.page.insert_text((460, 110 + i * 11), s, fontname=FONT, fontsize=7)
        self.y = 110.0

    def line(self, text: str, *, bold: bool = False, size: float = 10) -> None:
        if self.y > 760:
            self.flush()
            self.new_page(False, self._date, self._kenmerk)
        if bold or size != 10:
            self.flush()
            self.page.insert_text((72, self.y), text, fontname=BOLD if bold else FONT, fontsize=size)
        else:
            # plain lines are written in one call per run: one insert_text per line is 10x slower
            if not self._buf:
                self._buf_y = self.y
            self._buf.append(text)
        self.y += size * 1.45

    _buf: list = []
    _buf_y = 0.0

    def flush(self) -> None:
        if self._buf:
            self.page.insert_text((72, self._buf_y), "\n".join(self._buf), fontname=FONT, fontsize=10,
                                  lineheight=1.45 / 1.2 * 1.2)
            self._buf = []

    def redacted(self, before: str, code: str, after: str) -> None:
        """A line with a black box where a name was, the ground printed on it."""
        self.flush()
        if self.y > 760:
            self.new_page(False, self._date, self._kenmerk)
        x = 72 + pymupdf.get_text_length(before + " ", fontname=FONT, fontsize=10)
        self.page.insert_text((72, self.y), before, fontname=FONT, fontsize=10)
        w = 60
        self.page.draw_rect(pymupdf.Rect(x, self.y - 9, x + w, self.y + 3), color=(0, 0, 0), fill=(0, 0, 0))
        self.page.insert_text((x + 2, self.y), code, fontname=FONT, fontsize=8, color=(1, 1, 1))
        self.page.insert_text((x + w + 4, self.y), after, fontname=FONT, fontsize=10)
        self.y += 14.5

    def document(self, title: str, date: str, kenmerk: str, body) -> None:
        self._date, self._kenmerk = date, kenmerk
        self.doc_pages = []
        self.new_page(True, date, kenmerk)
        self.line(title, bold=True, size=16)
        self._buf = []
        body(self)
        self.flush()
        n = len(self.doc_pages)
        for i, number in enumerate(self.doc_pages, 1):
            self.pdf[number].insert_text((260, 810), f"Pagina {i} van {n}", fontname=FONT, fontsize=8)


def meeting(w: Writer, rnd: random.Random, series: str, day: dt.date, prev: dt.date | None, target: int) -> None:
    date = nl_date(day)
    topics = rnd.sample(TOPICS, 4)
    items = ["Opening en mededelingen", f"Conceptverslag van {nl_date(prev)}" if prev else "Vaststellen agenda",
             *[t.capitalize() for t in topics], "Rondvraag en sluiting"]
    ken = lambda: f"{rnd.randint(1000000, 9999999)}-{rnd.randint(100000, 999999)}-J"  # noqa: E731

    def header(x: Writer, what: str):
        x.line(f"Betreft    {series}")
        x.line(f"Vergaderdatum en -tijd    {date} 10:00-11:30")
        x.line("Vergaderplaats    Den Haag, ministerie VWS")
        x.line("")

    def agenda(x: Writer):
        header(x, "agenda")
        for i, it in enumerate(items, 1):
            x.line(f"{i}  {it}", bold=True)

    def paragraphs(x: Writer, per_item: int, outcome: bool):
        for i, it in enumerate(items, 1):
            x.line(("Annotatie ad " if not outcome else "") + f"{i}) {it}", bold=True)
            for _ in range(per_item):
                for ln in wrap(" ".join(sentence(rnd) for _ in range(3))):
                    x.line(ln)
                if rnd.random() < 0.3:
                    x.redacted("Contactpersoon is", "10.2.e", "van de werkgroep.")
            if outcome:
                x.line(f"Afspraak: {sentence(rnd, 10)}")

    per_item = target  # paragraphs per item: a nota of 2-4 pages, as in the seeds
    w.document("agenda", date, ken(), agenda)
    w.document("nota", date, ken(), lambda x: (header(x, "nota"), paragraphs(x, per_item, False)))
    w.document("verslag", date, ken(), lambda x: (header(x, "verslag"), paragraphs(x, per_item, True)))


def generate(out: Path, pages: int, seed: int = 1, bundle_pages: int = 200) -> dict:
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    made, n_bundle = 0, 0
    day = dt.date(2018, 1, 10)
    last: dict[str, dt.date] = {}
    files = []
    while made < pages:
        pdf = pymupdf.open()
        w = Writer(pdf, rnd)
        while pdf.page_count < min(bundle_pages, pages - made):
            series = rnd.choice(SERIES)
            meeting(w, rnd, series, day, last.get(series), target=rnd.choice([3, 4, 5]))
            last[series] = day
            day += dt.timedelta(days=rnd.randint(3, 20))
        n_bundle += 1
        path = out / f"woo-bundel-{n_bundle:04}.pdf"
        pdf.save(path, garbage=1, deflate=True)
        made += pdf.page_count
        files.append(path)
        pdf.close()
        md = out / f"notitie-{n_bundle:04}.md"
        md.write_text(f"# Notitie {n_bundle}\n\n" + "\n\n".join(" ".join(sentence(rnd) for _ in range(5))
                                                                  for _ in range(12)) + "\n", encoding="utf-8")
        files.append(md)
    return {"pdf_pages": made, "files": len(files)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    print(generate(Path(a.out), a.pages, a.seed))


if __name__ == "__main__":
    main()
