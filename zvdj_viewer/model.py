"""The domain model shared by every stage of the pipeline.

Plain dataclasses, no behaviour beyond small conveniences, so they pickle cheaply between
worker processes and every module can be tested on values it builds by hand.

Flow: a reader turns a file into a ``SourceText`` (pages of ``Line``s); ``furniture`` marks
running headers and letterheads; ``segment`` cuts the source into ``DocSpan``s; the analysis
steps turn each span into a ``Document`` (type, metadata, items, redactions).

Positions: pages are 1-based. A PDF has one ``Page`` per PDF page. A text source (txt/md)
and an XML/HTML publication have a single ``Page`` (number 1) whose lines carry their
1-based line numbers as ``str.splitlines()`` counts them in the file (text sources) or in
the extracted reading text (XML/HTML).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .compact_pickle import by_fields
from .errors import ZvdjError

# Document types of the export contract (GUIDE.md section 3).
DOC_TYPES = (
    "agenda",
    "geannoteerde_agenda",
    "nota",
    "verslag",
    "besluitenlijst",
    "kamerbrief",
    "kamerstuk",
    "verslag_schriftelijk_overleg",
    "voortgangsrapportage",
    "besluit",
    "inventarislijst",
    "bijlage",
    "email",
    "other",
)

SOURCE_KINDS = ("pdf", "html", "xml", "text")


class ReadError(ZvdjError):
    """A file could not be read. ``str(err)`` is the reason, in words a user understands."""


@by_fields  # pickled as field values: a reader process sends thousands (compact_pickle.py)
@dataclass
class Line:
    text: str
    number: int | None = None  # 1-based line number (text sources, XML/HTML reading text)
    bbox: tuple[float, float, float, float] | None = None  # x0, y0, x1, y1 in PDF points
    size: float | None = None  # font size in points (PDF), heading level hint elsewhere
    bold: bool = False
    heading: int = 0  # 1..6 when the format marks the line as a heading (markdown '#', <h2>)
    furniture: bool = False  # set by furniture detection: header, footer, letterhead, stamp


@by_fields
@dataclass
class Page:
    number: int  # 1-based
    lines: list[Line] = field(default_factory=list)
    width: float | None = None
    height: float | None = None
    has_text: bool = True  # False: no text layer (scanned/image-only page)
    garbled: bool = False  # True: a text layer whose characters are not readable text
    text_source: str = "layer"  # "ocr": the lines were read by OCR from the page image
    ocr_confidence: float | None = None  # OCR pages: Tesseract's mean word confidence, 0-100
    ocr_key: str | None = None  # OCR pages: the cache key of the result (ocr.OcrCache)
    ocr_error: str | None = None  # OCR was tried on the page and failed: why
    ocr_words: list = field(default_factory=list)  # OCR pages: (x0, y0, x1, y1, text) in points
    boxes: list = field(default_factory=list)  # OCR pages: redaction boxes found on the image

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def reading_text(self) -> str:
        """The page text without furniture lines."""
        return "\n".join(line.text for line in self.lines if not line.furniture)


@by_fields
@dataclass
class Bookmark:
    level: int  # 1 = top level
    title: str
    page: int  # 1-based target page


@by_fields
@dataclass
class SourceText:
    path: str  # absolute path
    kind: str  # one of SOURCE_KINDS
    pages: list[Page] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)
    title: str | None = None
    # Metadata the file itself carries, e.g. {"dossier": "35300", "number": "3235",
    # "date": "2020-09-15", "type": "Aanhangsel van de Handelingen", "identifier": "..."}.
    metadata: dict[str, str] = field(default_factory=dict)
    # Non-fatal problems a user should see, e.g. "page 8-20: no text layer".
    problems: list[str] = field(default_factory=list)
    line_count: int | None = None  # text, XML and HTML sources: number of lines

    @property
    def page_count(self) -> int:
        return len(self.pages)


@by_fields
@dataclass
class Pos:
    """A place in a source: page (1-based) and line index within that page (0-based)."""

    page: int
    line: int = 0


@by_fields
@dataclass
class DocSpan:
    """Where one document sits in its source, as found by ``segment``."""

    start: Pos
    end: Pos  # inclusive: last line of the document
    evidence: str = ""  # why a document starts here ("bookmark", "heading 'nota'", ...)


@by_fields
@dataclass
class Item:
    """A numbered agenda item (or sub-item) as printed in an agenda, nota or verslag."""

    number: str  # as printed, normalised without punctuation: "4", "4a", "3.1"
    title: str
    page: int | None = None  # 1-based page where the item starts
    line: int | None = None  # 1-based line number (text sources) where the item starts
    level: int = 0  # 0 = item, 1 = sub-item
    parent: str | None = None  # number of the parent item for sub-items
    text: str = ""  # the body of the item up to the next item (reading text, no furniture)
    start: Pos | None = None  # exact place in the source, for scrolling the viewer


@by_fields
@dataclass
class Redaction:
    code: str  # normalised: "10.2.e", "5.1.2.e", "11.1", "5.2"
    raw: str  # as printed: "(10)(2e)", "10.2e", "5.1.2e"
    page: int | None = None
    line: int | None = None


@by_fields
@dataclass
class RedactionBox:
    page: int
    bbox: tuple[float, float, float, float]  # PDF points, top-left origin
    code: str | None = None  # the code printed in or beside the box


@by_fields
@dataclass
class Document:
    source: str  # absolute path of the source file
    span: DocSpan
    first_page: int | None = None  # PDFs: 1-based inclusive page range
    last_page: int | None = None
    first_line: int | None = None  # text sources: 1-based inclusive line range
    last_line: int | None = None
    type: str = "other"  # one of DOC_TYPES
    type_evidence: str = ""  # the line (or signal) that decided the type
    title: str = ""
    doc_date: str | None = None  # ISO date of the document itself
    kenmerk: str | None = None
    betreft: str | None = None
    series: str | None = None  # normalised meeting series, e.g. "BO Rijk-VNG"
    meeting_date: str | None = None  # ISO date of the meeting the document belongs to
    start_time: str | None = None  # "10:00"
    end_time: str | None = None  # "11:00"
    place: str | None = None
    participants: dict[str, list[str]] = field(default_factory=dict)  # organisation -> names
    absent: dict[str, list[str]] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    redactions: list[Redaction] = field(default_factory=list)  # marks: codes on redacted text
    citations: list[Redaction] = field(default_factory=list)  # grounds named ("artikel 10.2.e")
    boxes: list[RedactionBox] = field(default_factory=list)  # filled redaction boxes (redaction_boxes.py)
    text: str = ""  # reading text of the whole document (no furniture), for index and links
    # Woo releases: the inventory number stamped on the document ("3"), the rows of an
    # inventory list ({"number", "date", "title", "assessment", "grounds"}), and for an
    # official publication its dossier number and volgnummer ("35300", "3")
    stamp: str | None = None
    inventory: list[dict] = field(default_factory=list)
    dossier: str | None = None
    number: str | None = None
    # its MinHash signature for finding versions (link/versions.py), made in the worker process
    minhash: bytes | None = None
    # its reference mentions for linking (link/mentions.py, JSON), also made in the worker
    mentions: str | None = None

    def redaction_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for r in self.redactions:
            counts[r.code] = counts.get(r.code, 0) + 1
        return counts


@dataclass
class DocLine:
    """One line of a document with its place in the source, as the analysis steps see it.

    ``index`` is the 0-based line index within ``page``; ``line.number`` is the 1-based file
    line number for text/XML/HTML sources (None for PDFs).
    """

    page: int
    index: int
    line: Line

    @property
    def text(self) -> str:
        return self.line.text

    @property
    def furniture(self) -> bool:
        return self.line.furniture

    @property
    def number(self) -> int | None:
        return self.line.number

    @property
    def pos(self) -> Pos:
        return Pos(self.page, self.index)
