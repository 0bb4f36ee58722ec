"""What the Archive hands out: frozen results, decided by the core; callers show them and
never re-derive them (contract.py says which calls return which)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Literal, get_args

# -- what the facade hands out ------------------------------------------------------------

# The phases of an update, in the order they come: "waiting" (another process updates),
# "scanning" the folders, "checking" files against the catalog, "reading" files, "page" (a big
# file being read, page by page), "indexing", "linking", "ocr" (scanned pages, after the rest),
# "done". A Literal, so a misspelt phase in the core or a caller is a mypy error; the UI words
# every one of them (ui/wording.py, PHASE_TEXTS).
Phase = Literal["waiting", "scanning", "checking", "reading", "page", "indexing", "linking", "ocr", "done"]
PHASES: tuple[Phase, ...] = get_args(Phase)


@dataclass(frozen=True)
class Progress:
    phase: Phase
    done: int
    total: int
    current_path: str | None = None
    message: str = ""
    # phase "page": a big file being read (current_path) is at page `page` of `pages`; done/total count files
    page: int = 0
    pages: int = 0


@dataclass(frozen=True)
class UpdateReport:
    scanned: int = 0  # supported files found in the folders
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    renamed: int = 0
    # every file in scope that cannot be read, including ones remembered from earlier runs
    failed: tuple[tuple[str, str], ...] = ()
    # non-fatal problems of the files read in this run: (path, "page 8-20: no text layer")
    warnings: tuple[tuple[str, str], ...] = ()
    # folders that could not be listed (their files are kept as they were)
    unreadable_folders: tuple[tuple[str, str], ...] = ()
    # links in the folders that point outside the archive: (link, target), not followed
    outside_links: tuple[tuple[str, str], ...] = ()
    files_read: int = 0
    pages_read: int = 0
    seconds: float = 0.0
    cancelled: bool = False
    ocr_pages: int = 0  # pages OCR'd in this run
    ocr_notice: str | None = None  # said once per run: scanned pages wait for Tesseract

    def summary(self) -> str:
        parts = [f"{self.new} new", f"{self.changed} changed"]
        unchanged = f"{self.unchanged} unchanged"
        if self.files_read == 0:
            unchanged += " (nothing read)"
        parts.append(unchanged)
        if self.renamed:
            parts.append(f"{self.renamed} renamed")
        parts += [f"{self.removed} removed", f"{len(self.failed)} failed"]
        files = "file" if self.scanned == 1 else "files"
        text = f"{self.scanned} {files}: " + ", ".join(parts)
        text += f"; {self.pages_read} pages in {self.seconds:.1f} s"
        if self.pages_read and self.seconds > 0:
            text += f" ({self.pages_read / self.seconds:.0f} pages/s)"
        if self.ocr_pages:
            text += f"; OCR: {self.ocr_pages} pages"
        if self.cancelled:
            text = "cancelled: " + text
        return text


@dataclass(frozen=True)
class SourceInfo:
    path: str
    kind: str | None
    pages: int | None
    lines: int | None
    error: str | None
    problems: tuple[str, ...] = ()
    folder: str | None = None
    size: int | None = None
    title: str | None = None


@dataclass(frozen=True)
class ItemInfo:
    number: str
    title: str
    page: int | None = None
    line: int | None = None
    level: int = 0
    parent: str | None = None
    text: str = ""


@dataclass(frozen=True)
class DocumentSummary:
    """A document as a list shows it (Archive.documents): what it is, where it stands in its
    file, its dates, numbers and redaction counts. Its items, participants, inventory rows and
    the problems of its file are on the full DocumentInfo only (Archive.document(id)), so that
    a list cannot read them as empty by mistake."""

    id: str  # "d12"
    source: str
    kind: str | None  # of its source: "pdf", "text", "obk"
    first_page: int | None
    last_page: int | None
    first_line: int | None
    last_line: int | None
    type: str
    title: str
    doc_date: str | None = None
    kenmerk: str | None = None
    betreft: str | None = None
    series: str | None = None
    meeting_date: str | None = None
    start_time: str | None = None
    meeting: str | None = None
    redactions: dict[str, int] = field(default_factory=dict)  # code -> count
    stamp: str | None = None  # Woo releases: the stamped document number
    dossier: str | None = None
    number: str | None = None


@dataclass(frozen=True)
class DocumentInfo:
    id: str  # "d12"
    source: str
    kind: str | None
    first_page: int | None
    last_page: int | None
    first_line: int | None
    last_line: int | None
    type: str
    title: str
    doc_date: str | None = None
    kenmerk: str | None = None
    betreft: str | None = None
    series: str | None = None
    meeting_date: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    place: str | None = None
    meeting: str | None = None
    participants: dict[str, list[str]] = field(default_factory=dict)
    absent: dict[str, list[str]] = field(default_factory=dict)
    items: tuple[ItemInfo, ...] = ()
    redactions: dict[str, int] = field(default_factory=dict)  # code -> count
    problems: tuple[str, ...] = ()  # of its source
    type_evidence: str = ""
    # Woo releases: stamped number, inventory rows (inventory lists), dossier/volgnummer
    # (official publications)
    stamp: str | None = None
    inventory: tuple[dict, ...] = ()
    dossier: str | None = None
    number: str | None = None

    def summary(self) -> DocumentSummary:
        """The same document as a list shows it (every field of the summary is one of these)."""
        return DocumentSummary(**{f.name: getattr(self, f.name) for f in fields(DocumentSummary)})


@dataclass(frozen=True)
class SectionInfo:
    """A section of a letter or report without items ("Actielijn 2", "3", "2.1", "§4"): an end
    of same-topic links like an item (link/sections.py), and where its heading is."""

    label: str
    heading: str
    page: int
    line: int | None  # the heading's line number on that page (LineText.number)


@dataclass(frozen=True)
class LineText:
    number: int  # PDFs: 1-based line on the page; text sources: line number in the file
    text: str
    furniture: bool


@dataclass(frozen=True)
class PageText:
    number: int
    lines: tuple[LineText, ...]
    has_text: bool = True
    garbled: bool = False
    text_source: str = "layer"  # "ocr": read by OCR from the page image
    ocr_confidence: float | None = None  # mean OCR word confidence, 0-100


@dataclass(frozen=True)
class ItemRef:
    document: str
    number: str


# The three columns of a meeting (MeetingRow's fields, MeetingInfo.columns' keys).
Role = Literal["agenda", "nota", "verslag"]
ROLES: tuple[Role, ...] = get_args(Role)


@dataclass(frozen=True)
class MeetingRow:
    number: str | None
    title: str | None
    agenda: ItemRef | None = None
    nota: ItemRef | None = None
    verslag: ItemRef | None = None

    def ref(self, role: Role) -> ItemRef | None:
        """The row's item in that column (instead of getattr(row, role) in the callers)."""
        return {"agenda": self.agenda, "nota": self.nota, "verslag": self.verslag}[role]


@dataclass(frozen=True)
class MeetingInfo:
    id: str
    series: str | None
    date: str | None
    start: str | None
    end: str | None
    place: str | None
    documents: dict[str, list[str]] = field(default_factory=dict)  # type -> ["d1", ...]
    items: tuple[MeetingRow, ...] = ()
    # the documents of each column (agenda, nota, verslag), the one to show first: the
    # document the alignment took for that column (meeting_columns)
    columns: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class SearchPage:
    page: int  # PDF page; text sources: chunk number
    line: int | None  # text sources: file line where the snippet's chunk starts
    score: float
    snippet: str  # with <b>…</b> around matched terms


@dataclass(frozen=True)
class SearchHit:
    doc_id: str
    score: float
    title: str
    type: str
    series: str | None
    date: str | None
    source: str
    first_page: int | None
    first_line: int | None
    meeting: str | None
    pages: tuple[SearchPage, ...] = ()
    page_hit_count: int = 0


@dataclass(frozen=True)
class LinkInfo:
    """A link as the UI shows it, seen from one item (see Archive.item_links)."""

    kind: str  # conceptverslag | refers_to_meeting | same_topic | kamerstuk | version
    direction: str  # "out": stored from this item; "in": stored pointing at this item
    from_doc: str | None
    from_number: str | None
    to_meeting: str | None
    to_doc: str | None
    to_number: str | None
    to_text: str | None  # unresolved references: the words, e.g. "Conceptverslag van 10 april 2019"
    to_date: str | None
    evidence: str
    score: float | None
    other_meeting: str | None
    other_date: str | None
    other_series: str | None
    other_title: str | None


@dataclass(frozen=True)
class ThreadEntry:
    meeting: str | None
    date: str | None
    series: str | None
    doc_id: str | None
    number: str | None
    title: str
    evidence: str = ""


@dataclass(frozen=True)
class DecisionInfo:
    doc_id: str
    number: str | None
    kind: str  # "afspraak", "actie", "besluit"
    text: str
    page: int | None
    line: int | None
    meeting: str | None
    date: str | None
