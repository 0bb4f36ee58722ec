"""The JSON export: the whole catalog in the public, stable format of GUIDE.md section 3.

Scripts and other tools read it, so the fields listed in ``CONTRACT`` never change meaning
or disappear; new fields may be added (this version adds ``sources[].problems``,
``documents[].series``, ``documents[].participants``, the Woo fields ``documents[].stamp``,
``inventory``, ``dossier``, ``number``, ``meetings[].place`` and ``links[].score``; a link ``to`` an item
also names its ``meeting``). Lists are sorted (sources by path,
documents by source and position, meetings by date) so two exports of the same archive are
identical.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .catalog import doc_name, woo_fields

if TYPE_CHECKING:
    from .archive import Archive

FORMAT = "zvdj-export"
VERSION = 1

# the field names the contract promises, per object (tests check every export against these)
CONTRACT = {
    "top": ("format", "version", "sources", "documents", "meetings", "links"),
    "source": ("path", "kind", "pages", "lines", "error"),
    "document": ("id", "source", "first_page", "last_page", "first_line", "last_line", "type", "title",
                 "doc_date", "kenmerk", "meeting", "items", "redactions"),
    "item": ("number", "title", "page", "line"),
    "meeting": ("id", "series", "date", "start", "end", "documents", "items"),
    "meeting_item": ("number", "title", "agenda", "nota", "verslag"),
    "link": ("kind", "from", "to", "evidence"),
}

_SUFFIX_KIND = {".pdf": "pdf", ".xml": "xml", ".html": "html", ".htm": "html"}


def build_export(archive: Archive) -> dict:
    cat = archive.catalog
    sources = []
    page_sources = cat.page_text_sources()
    for r in cat.sources():
        kind = r["kind"] or _SUFFIX_KIND.get(Path(r["path"]).suffix.lower(), "text")
        sources.append({
            "path": r["path"], "kind": kind,
            "pages": r["pages"] if kind == "pdf" else None,
            "lines": r["lines"] if kind != "pdf" else None,
            "error": r["error"], "problems": json.loads(r["problems"]),
        })
        if kind == "pdf":  # where each page's text came from (docs/export-format.md)
            sources[-1]["text_sources"] = [_text_source(p) for p in page_sources.get(r["id"], [])]
    items: dict[int, list[dict]] = {}
    for r in cat.items():
        items.setdefault(r["document_id"], []).append(
            {"number": r["number"], "title": r["title"], "page": r["page"], "line": r["line"]})
    counts = cat.redaction_counts()
    cited = cat.citation_counts()
    boxes = archive.redaction_boxes()
    documents = [
        {"id": doc_name(r["id"]), "source": r["source_path"],
         "first_page": r["first_page"], "last_page": r["last_page"],
         "first_line": r["first_line"], "last_line": r["last_line"],
         "type": r["type"], "title": r["title"], "doc_date": r["doc_date"], "kenmerk": r["kenmerk"],
         "meeting": r["meeting_id"], "items": items.get(r["id"], []),
         "redactions": counts.get(r["id"], {}), "series": r["series"],
         "participants": json.loads(r["participants"] or "{}"),
         "citations": cited.get(r["id"], {}), "redaction_boxes": boxes.get(doc_name(r["id"]), []),
         **woo_fields(r)}
        for r in cat.documents(text=False)
    ]
    meetings = []
    for m in archive.meetings():
        meetings.append({
            "id": m.id, "series": m.series, "date": m.date, "start": m.start, "end": m.end,
            "place": m.place, "documents": m.documents,
            "items": [
                {"number": row.number, "title": row.title,
                 **{role: ({"document": ref.document, "number": ref.number} if ref else None)
                    for role, ref in (("agenda", row.agenda), ("nota", row.nota), ("verslag", row.verslag))}}
                for row in m.items
            ],
        })
    links = []
    for r in cat.links():
        # an item in another meeting (same_topic): {"document", "number"} plus its "meeting";
        # a meeting (conceptverslag: plus the "document" of its verslag when in the archive);
        # a document (kamerstuk); or, not in the archive, {"text", "date"}
        if r["to_doc"] is not None and r["to_number"] is not None:
            to: dict = {"document": doc_name(r["to_doc"]), "number": r["to_number"]}
            if r["to_meeting"] is not None:
                to["meeting"] = r["to_meeting"]
        elif r["to_meeting"] is not None:
            to = {"meeting": r["to_meeting"]}
            if r["to_doc"] is not None:
                to["document"] = doc_name(r["to_doc"])
        elif r["to_doc"] is not None:
            to = {"document": doc_name(r["to_doc"]), "number": r["to_number"]}
        else:
            to = {"text": r["to_text"], "date": r["to_date"]}
        links.append({"kind": r["kind"], "from": {"document": doc_name(r["from_doc"]), "number": r["from_number"]},
                      "to": to, "evidence": r["evidence"], "score": r["score"]})
    return {"format": FORMAT, "version": VERSION, "sources": sources, "documents": documents,
            "meetings": meetings, "links": links}


def _text_source(p) -> dict:
    """One PDF page: text_source "layer" or "ocr", mean OCR confidence, and whether it has
    readable text at all (a scan not yet OCR'd, or a garbled layer, has none)."""
    return {"page": p["number"], "text_source": p["text_source"], "ocr_confidence": p["ocr_confidence"],
            "readable": bool(p["has_text"]) and not p["garbled"]}


def write_json(data: dict, out: IO[str]) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def contract_problems(data: dict) -> list[str]:
    """Fields the contract promises but the export lacks (empty list: the export conforms)."""
    missing: list[str] = []

    def need(obj: dict, kind: str, where: str) -> None:
        for name in CONTRACT[kind]:
            if name not in obj:
                missing.append(f"{where}: no field {name!r}")

    need(data, "top", "export")
    for i, s in enumerate(data.get("sources", [])):
        need(s, "source", f"sources[{i}]")
    for i, d in enumerate(data.get("documents", [])):
        need(d, "document", f"documents[{i}]")
        for j, it in enumerate(d.get("items", [])):
            need(it, "item", f"documents[{i}].items[{j}]")
    for i, m in enumerate(data.get("meetings", [])):
        need(m, "meeting", f"meetings[{i}]")
        for j, row in enumerate(m.get("items", [])):
            need(row, "meeting_item", f"meetings[{i}].items[{j}]")
    for i, link in enumerate(data.get("links", [])):
        need(link, "link", f"links[{i}]")
    return missing
