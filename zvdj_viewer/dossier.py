"""A meeting dossier: one meeting, item by item, to read or print offline.

Per agenda item, in the meeting's item order: the agenda text, the nota's annotation, the
verslag's outcome, the links to other meetings and the decisions (when the archive has the
linker: ``Archive.item_links`` / ``Archive.decisions``), and the user's notes on the item.

``build_dossier`` collects it (pure data), ``dossier_html`` renders one self-contained HTML
page, ``write_pdf`` lays that HTML out on A4 with PyMuPDF's Story (no Qt, no browser), and
``write_dossier`` picks HTML or PDF by the file suffix.
"""

from __future__ import annotations

import html
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import markup
from .archive.types import ROLES
from .errors import ZvdjError

if TYPE_CHECKING:
    from .archive.contract import ArchiveReader

ROLE_HEADINGS = {"agenda": "Agenda", "nota": "Annotatie (nota)", "verslag": "Uitkomst (verslag)"}
LINK_KINDS = {"conceptverslag": "Conceptverslag", "refers_to_meeting": "Verwijst naar vergadering",
              "same_topic": "Zelfde onderwerp", "kamerstuk": "Kamerstuk", "version": "Andere versie"}


class DossierError(ZvdjError):
    """The dossier cannot be made (unknown meeting, file not writable). ``str()`` says why."""


@dataclass(frozen=True)
class DossierPart:
    role: str  # agenda | nota | verslag
    doc_id: str
    doc_title: str
    number: str
    title: str
    text: str  # the item's body, sub-items included
    page: int | None = None
    line: int | None = None


@dataclass(frozen=True)
class DossierItem:
    number: str | None
    title: str | None
    parts: tuple[DossierPart, ...] = ()
    links: tuple[str, ...] = ()  # one line per link, in words
    decisions: tuple[str, ...] = ()
    notes: tuple = ()  # notes.Note


@dataclass(frozen=True)
class Dossier:
    meeting_id: str
    series: str | None
    date: str | None
    start: str | None
    end: str | None
    place: str | None
    documents: tuple[tuple[str, str, str], ...] = ()  # (role, doc id, title)
    items: tuple[DossierItem, ...] = ()
    notes: tuple = field(default=())  # notes on the meeting or its documents, not on an item

    @property
    def title(self) -> str:
        return " ".join(x for x in (self.series or "Vergadering", _date_nl(self.date)) if x)


def _date_nl(iso: str | None) -> str:
    months = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
              "oktober", "november", "december")
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    if not m or not 1 <= int(m[2]) <= 12:
        return iso or ""
    return f"{int(m[3])} {months[int(m[2]) - 1]} {m[1]}"


def _item_text(doc, number: str) -> tuple[str, str, int | None, int | None]:
    """(title, body with its sub-items, page, line) of item ``number`` in a DocumentInfo."""
    items = list(doc.items) if doc else []
    it = next((i for i in items if i.number == number and not i.level), None) or next(
        (i for i in items if i.number == number), None)
    if it is None:
        return "", "", None, None
    body = [it.text or ""]
    for sub in items:
        if sub.level and sub.parent == number:
            body.append(f"{sub.number}) {sub.title}\n{sub.text or ''}".strip())
    return it.title or "", "\n\n".join(b for b in body if b.strip()), it.page, it.line


def _link_line(link) -> str:
    kind = LINK_KINDS.get(link.kind or "", "Verwijzing")
    date = link.other_date or link.to_date
    parts = [kind]
    if date:
        parts.append(_date_nl(date))
    series = link.other_series
    if series:
        parts.append(series)
    title = link.other_title or link.to_text
    number = link.to_number
    if number:
        title = f"punt {number}" + (f": {title}" if title else "")
    text = " · ".join(parts) + (f" — {title}" if title else "")
    evidence = link.evidence
    return text + (f" (“{evidence}”)" if evidence else "")


def _safe(fn, *args) -> list:
    try:
        return list(fn(*args) or [])
    except Exception:  # the linker is optional and new: a dossier without links beats none
        return []


def build_dossier(archive: ArchiveReader, meeting_id: str, store=None) -> Dossier:
    m = archive.meeting(meeting_id)
    if m is None:
        raise DossierError(f"no meeting with id {meeting_id!r} (see 'zvdj meetings')")
    docs = {}
    for role in sorted(m.documents):
        for did in m.documents[role]:
            docs[did] = archive.document(did)
    rows = []
    used_notes: set[str] = set()
    for row in m.items:
        parts = []
        refs = []
        for role in ROLES:
            ref = row.ref(role)
            if ref is None:
                continue
            refs.append((ref.document, ref.number))
            doc = docs.get(ref.document) or archive.document(ref.document)
            title, body, page, line = _item_text(doc, ref.number)
            parts.append(DossierPart(role, ref.document, doc.title if doc else "", ref.number, title, body, page, line))
        links, seen = [], set()
        decs = []
        for did, num in refs:
            for link in _safe(archive.item_links, did, num):
                text = _link_line(link)
                if text not in seen:
                    seen.add(text)
                    links.append(text)
            for d in _safe(archive.decisions, did, num):
                text = f"{(d.kind or 'besluit').capitalize()}: {d.text}"
                if text not in decs:
                    decs.append(text)
        notes = tuple(store.notes_for_item(refs)) if store is not None else ()
        used_notes.update(n.uuid for n in notes)
        rows.append(DossierItem(row.number, row.title, tuple(parts), tuple(links), tuple(decs), notes))
    other_notes: tuple = ()
    if store is not None:
        mine = [n for n in store.notes(meeting_id=meeting_id) if n.uuid not in used_notes]
        mine += [n for did in docs for n in store.notes(doc_id=did)
                 if n.uuid not in used_notes and n.place.meeting_id != meeting_id]
        other_notes = tuple(mine)
    documents = tuple((role, did, d.title if (d := docs.get(did)) else did)
                      for role in ROLES + tuple(r for r in sorted(m.documents) if r not in ROLES)
                      for did in m.documents.get(role, []))
    return Dossier(m.id, m.series, m.date, m.start, m.end, m.place, documents, tuple(rows), other_notes)


# -- HTML ------------------------------------------------------------------------------------

CSS = """
body { font-family: sans-serif; font-size: 10pt; color: #222; }
h1 { font-size: 17pt; margin-bottom: 2pt; }
h2 { font-size: 13pt; margin-top: 16pt; margin-bottom: 3pt; color: #17456b;
     border-bottom: 1px solid #17456b; }
h3 { font-size: 10.5pt; margin-top: 8pt; margin-bottom: 2pt; color: #444; }
p { margin-top: 0; margin-bottom: 4pt; line-height: 1.25; }
.meta { color: #555; font-size: 9pt; }
.missing { color: #888; font-style: italic; }
.note { background-color: #fff6d5; padding: 3pt; margin-bottom: 4pt; }
.tags { color: #8a5a00; font-size: 9pt; }
.quote { color: #555; font-style: italic; }
li { margin-bottom: 2pt; }
"""


def _paragraphs(text: str) -> str:
    """Item text (one line per printed line) as paragraphs: a new one at a blank line or a
    bullet, lines of one paragraph joined (the printed line breaks mean nothing here)."""
    paras: list[str] = []
    cur: list[str] = []
    for raw in markup.plain(text or "").splitlines():  # the words, not the converted markup
        line = raw.strip()
        if not line:
            if cur:
                paras.append(" ".join(cur))
                cur = []
            continue
        if re.match(r"^([-•*–▪●o]\s|\d+[.)]\s|[a-z][.)]\s)", line) and cur:
            paras.append(" ".join(cur))
            cur = []
        cur.append(line)
    if cur:
        paras.append(" ".join(cur))
    return "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)


def _note_html(n) -> str:
    from .notes import ORPHANED, place_label

    out = ['<div class="note">']
    head = html.escape(place_label(n))
    if n.place.status == ORPHANED:
        head += " — <i>verweesd: de tekst staat niet meer in het document</i>"
    out.append(f'<p class="meta">{head}</p>')
    if n.anchor.kind == "selection" and n.anchor.quote:
        out.append(f'<p class="quote">“{html.escape(n.anchor.quote)}”</p>')
    if n.body:
        out.append(_paragraphs(n.body))
    if n.tags:
        out.append(f'<p class="tags">{html.escape(", ".join("#" + t for t in n.tags))}</p>')
    out.append("</div>")
    return "\n".join(out)


def dossier_html(d: Dossier) -> str:
    when = " ".join(x for x in (_date_nl(d.date), "–".join(t for t in (d.start, d.end) if t)) if x)
    out = ["<!DOCTYPE html>", '<html lang="nl"><head><meta charset="utf-8">',
           f"<title>Dossier {html.escape(d.title)}</title>", f"<style>{CSS}</style></head><body>",
           f"<h1>Dossier: {html.escape(d.title)}</h1>"]
    meta = [x for x in (when, d.place) if x]
    if meta:
        out.append(f'<p class="meta">{html.escape(" · ".join(meta))}</p>')
    if d.documents:
        out.append('<p class="meta">Documenten: ' + html.escape("; ".join(
            f"{role}: {title} ({did})" for role, did, title in d.documents)) + "</p>")
    if not d.items:
        out.append('<p class="missing">Geen agendapunten gevonden in de documenten van deze vergadering.</p>')
    for it in d.items:
        out.append(f"<h2>{html.escape(' '.join(x for x in (it.number, it.title) if x) or 'Agendapunt')}</h2>")
        have = {p.role: p for p in it.parts}
        for role in ROLES:
            p = have.get(role)
            out.append(f"<h3>{ROLE_HEADINGS[role]}</h3>")
            if p is None:
                out.append(f'<p class="missing">Geen {role} bij dit punt.</p>')
                continue
            where = f"punt {p.number}" + (f", p. {p.page}" if p.page else f", r. {p.line}" if p.line else "")
            out.append(f'<p class="meta">{html.escape(p.doc_title or p.doc_id)} ({p.doc_id}, {where})</p>')
            out.append(_paragraphs(p.text) or '<p class="missing">(geen tekst bij dit punt)</p>')
        if it.links:
            out.append("<h3>Elders besproken</h3><ul>")
            out += [f"<li>{html.escape(x)}</li>" for x in it.links]
            out.append("</ul>")
        if it.decisions:
            out.append("<h3>Besluiten</h3><ul>")
            out += [f"<li>{html.escape(x)}</li>" for x in it.decisions]
            out.append("</ul>")
        if it.notes:
            out.append("<h3>Mijn notities</h3>")
            out += [_note_html(n) for n in it.notes]
    if d.notes:
        out.append("<h2>Overige notities bij deze vergadering</h2>")
        out += [_note_html(n) for n in d.notes]
    out.append("</body></html>")
    return "\n".join(out)


# -- PDF -------------------------------------------------------------------------------------

def html_to_pdf(html_text: str, *, paper: str = "a4", margin: float = 50) -> bytes:
    """Lay out HTML on pages with PyMuPDF's Story; page numbers added in the footer."""
    import pymupdf

    story = pymupdf.Story(html_text)
    buf = io.BytesIO()
    writer = pymupdf.DocumentWriter(buf)
    box = pymupdf.paper_rect(paper)
    where = box + (margin, margin, -margin, -margin)
    more = 1
    while more:
        dev = writer.begin_page(box)
        more, _filled = story.place(where)
        story.draw(dev)
        writer.end_page()
    writer.close()
    doc = pymupdf.open("pdf", buf.getvalue())
    n = doc.page_count
    for i, page in enumerate(doc.pages(), start=1):
        page.insert_text((box.width - margin - 60, box.height - margin / 2), f"Pagina {i} van {n}",
                         fontsize=8, color=(0.4, 0.4, 0.4))
    doc.set_metadata({"title": _title_of(html_text), "creator": "ZvdJ Viewer", "producer": "PyMuPDF Story"})
    out = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return out


def _title_of(html_text: str) -> str:
    m = re.search(r"<title>(.*?)</title>", html_text, re.S)
    return html.unescape(m[1]) if m else "Dossier"


def write_dossier(archive: ArchiveReader, meeting_id: str, path: str | os.PathLike[str], store=None) -> Path:
    """Write the dossier to ``path``: PDF for .pdf, else HTML. Returns the path."""
    from .outfile import check_target, write_atomic

    folders = archive.folders()
    p = check_target(path, folders)  # outfile.OutputError (path and reason) before the work
    text = dossier_html(build_dossier(archive, meeting_id, store))
    data = html_to_pdf(text) if p.suffix.lower() == ".pdf" else text.encode("utf-8")
    return write_atomic(p, data, folders)  # whole or not at all
