"""officielebekendmakingen XML and HTML: the publication text in reading order, with titles
marked as headings and the metadata the publication carries.

Which elements are inline (a name or a date inside a sentence) and which are blocks (a
paragraph, a title) differs per schema, so it is learned from the document itself: a tag that
ever sits in mixed content (text beside it in its parent) is inline. Everything else starts a
line of its own. That keeps the reader working on publication types it was never shown.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import overload

from lxml import etree, html as lxml_html

from ..model import Line, Page, ReadError, SourceText

_WS = re.compile(r"\s+")

# HTML that is never publication text
_HTML_SKIP = {"script", "style", "noscript", "head", "nav", "form", "button", "select", "option",
              "template", "svg", "iframe", "input", "label"}
# XML elements that carry metadata or layout, not reading text
_XML_SKIP = {"metadata", "meta", "illustratie", "noot-ref"}
_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6, "titel": 2, "kop": 2,
                 "tussenkop": 3, "item-titel": 2, "onderwerp": 2,
                 # Kamervragen: the question/answer header lines, as the HTML rendition's <h1>
                 "kamervraagomschrijving": 1}
# containers of the publication body in officielebekendmakingen HTML (newest layout first)
_HTML_CONTENT = ("//div[@id='broodtekst']", "//article", "//div[@class='stuk']", "//main",
                 "//div[@id='Inhoud']", "//body")
_HTML_HEADER = ("//div[@id='kopregel']",)

# metadata names of officielebekendmakingen (HTML <meta> and the __metadata.xml beside a file)
_META_MAP = {
    "DC.identifier": "identifier", "DC.title": "title", "DC.type": "type",
    "DC.creator": "creator", "DCTERMS.issued": "date", "DCTERMS.available": "available",
    "OVERHEIDop.dossiernummer": "dossier", "OVERHEIDop.ondernummer": "number",
    "OVERHEIDop.aanhangselNummer": "number", "OVERHEIDop.publicationName": "publication",
    "OVERHEIDop.vergaderjaar": "vergaderjaar", "OVERHEIDop.publicationIssue": "number",
    "OVERHEIDop.datumOndertekening": "signed", "OVERHEIDop.documentStatus": "status",
    "OVERHEIDop.indiener": "indiener", "OVERHEIDop.ontvanger": "ontvanger",
    "OVERHEIDop.vraagnummer": "vraagnummer",
}


# The parsed tree, the reading lines and the index units of a publication take about 12 times
# its size in the reader and 25 times in the main process (a 60 MB XML file: 723 MB and 1.46 GB;
# bench/bench_memory_caps.py), and 24 MB took a minute. The publications in ../shared/samples
# are 2-23 KB; past 20 MB (some 500 MB in the main process, as the text reader's 100 MB cap) a
# file is refused up front, named with its size, instead of exhausting memory.
MAX_PUBLICATION_BYTES = 20_000_000


def read_publication(path: str, kind: str) -> SourceText:
    size = Path(path).stat().st_size
    if size > MAX_PUBLICATION_BYTES:
        raise ReadError(f"too large for an {kind.upper()} publication ({size:,} bytes; publications up to "
                        f"{MAX_PUBLICATION_BYTES // 1_000_000} MB are read)")
    data = Path(path).read_bytes()
    source = SourceText(path=path, kind=kind)
    if kind == "xml":
        root = _parse_xml(data, source)
        lines = _lines(root, _XML_SKIP, xml=True)
        # the gazette's own masthead (<kop> right under the root: "STAATSCOURANT", "Officiële
        # uitgave van ...") is text of the file, but not the title of the publication
        masthead = {t for el in root if _local(el.tag) == "kop" for t, _ in _lines(el, _XML_SKIP)}
        _xml_metadata(root, source.metadata)
    else:
        root = _parse_html(data, source)
        content = _first(root, _HTML_CONTENT)
        header = _first(root, _HTML_HEADER)
        # the heading block (kopregel: vergaderjaar, Kamer, document type) sits outside the
        # body div in the HTML rendition but inside the publication in the XML one
        outside = header is not None and content is not None and content not in header.iterancestors() \
            and header not in content.iterdescendants()
        lines = (_lines(header, _HTML_SKIP) if outside else []) + _lines(content, _HTML_SKIP)
        masthead = set()
        _html_metadata(root, source.metadata)
    _sidecar_metadata(Path(path), source.metadata)
    if not any(text for text, _ in lines):
        raise ReadError("no text found in the publication")
    page = Page(number=1)
    for i, (text, level) in enumerate(lines, 1):
        page.lines.append(Line(text=text, number=i, heading=level, bold=level > 0))
    source.pages.append(page)
    source.line_count = len(page.lines)
    source.title = source.metadata.get("title") or _title(lines, masthead)
    return source


def _title(lines: list[tuple[str, int]], masthead: set[str]) -> str:
    """The first heading that is not the masthead of the gazette ("GEMEENTEBLAD")."""
    headings = [t for t, lvl in lines if lvl]
    return next((t for t in headings if t not in masthead), None) or (headings or [lines[0][0]])[0][:200]


def _parse_xml(data: bytes, source: SourceText):
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as err:
        reason = _short(err)
        if _TOO_DEEP in reason:
            data = _flatten(data, source)
        try:
            recovered = etree.fromstring(data, etree.XMLParser(recover=True, resolve_entities=False,
                                                               no_network=True, huge_tree=True))
        except etree.XMLSyntaxError:
            recovered = None
        if recovered is None or not "".join(recovered.itertext()).strip():
            raise ReadError(f"malformed XML ({reason}){_junk_hint(data)}") from None
        source.problems.append(f"malformed XML, recovered the readable part ({reason})")
        return recovered
    if root is None:
        raise ReadError("malformed XML (no root element)")
    return root


def _junk_hint(data: bytes) -> str:
    """Name what sits before the first '<' when something does: a byte-order mark decoded
    twice ("ï»¿") or other text written in front of the XML."""
    head = data.lstrip()
    if not head or head.startswith(b"<") or head.startswith(b"\xef\xbb\xbf<"):
        return ""
    junk = head.split(b"<", 1)[0].strip()[:20].decode("utf-8", "replace")
    return f"; the file starts with '{junk}' before the XML"


# libxml2 stops reading a document nested deeper than 256 elements (2,048 with huge_tree),
# and silently keeps only what came before. Old HTML nests that deep with hundreds of unclosed
# <font> tags; formatting tags carry no text, so without them the whole text is read.
_TOO_DEEP = "Excessive depth"
_FORMATTING = re.compile(rb"</?(?:font|basefont|b|i|u|s|em|strong|span|small|big|sup|sub|center|strike|tt|"
                         rb"blink|nadruk|unl|inf)(?=[\s/>])[^<>]*>", re.I)


@overload
def _flatten(data: bytes, source: SourceText) -> bytes: ...
@overload
def _flatten(data: str, source: SourceText) -> str: ...
def _flatten(data: bytes | str, source: SourceText) -> bytes | str:
    source.problems.append("nested deeper than the parser reads: formatting tags left out to keep all the text")
    return _FORMATTING.sub(b"", data) if isinstance(data, bytes) else _FORMATTING.sub(b"", data.encode()).decode()


def _too_deep(parser) -> bool:
    return any(_TOO_DEEP in e.message for e in parser.error_log)


def _parse_html(data: bytes, source: SourceText):
    markup: bytes | str = data
    if b"charset" not in data[:4096].lower() and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        # no declared encoding: libxml2 would guess Latin-1; today's files are UTF-8
        try:
            markup = data.decode("utf-8")
        except UnicodeDecodeError:
            markup = data.decode("cp1252", errors="replace")
    try:
        parser = lxml_html.HTMLParser(huge_tree=True)
        root = lxml_html.document_fromstring(markup, parser=parser)
        if _too_deep(parser):
            parser = lxml_html.HTMLParser(huge_tree=True)
            root = lxml_html.document_fromstring(_flatten(markup, source), parser=parser)
            if _too_deep(parser):
                source.problems.append("nested deeper than the parser reads even without formatting tags: "
                                       "the text after that point is lost")
    except (etree.ParserError, ValueError) as err:
        raise ReadError(f"malformed HTML ({_short(err)})") from None
    return root


def _first(root, xpaths):
    for xp in xpaths:
        found = root.xpath(xp)
        if found:
            return found[0]
    return None


def _local(tag) -> str:
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    return tag.rsplit("}", 1)[-1].lower()


def _inline_tags(root) -> set[str]:
    """Tags that occur in mixed content somewhere in this document."""
    inline: set[str] = set()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        parent = el.getparent()
        if (el.tail and el.tail.strip()) or (parent is not None and parent.text and parent.text.strip()):
            inline.add(_local(el.tag))
    return inline


# Tags that are inline whatever a document does with them: emphasis and links
# (officielebekendmakingen XML) and HTML's phrasing elements. Other tags
# are learned per document (see _inline_tags).
_INLINE = {"nadruk", "extref", "intref", "sup", "sub", "inf", "unl", "noot-ref", "a", "b", "i", "u",
           "em", "strong", "span", "abbr", "small", "code", "font", "acronym", "q", "cite"}
# never inline: each starts a line of its own
_BLOCK = set(_HEADING_TAGS) | {"p", "al", "li", "div", "tr", "row", "td", "th", "entry", "table", "tgroup",
                               "tbody", "thead", "ul", "ol", "dl", "dt", "dd", "lijst", "al-groep",
                               "tekstregel", "kop", "h-tk", "body", "section", "article"}
_ROWS = {"tr", "row"}  # a table row is one line, its cells separated by tabs
_CELLS = {"td", "th", "entry"}
_ITEM_LABELS = {"li.nr"}  # "1." of a list item: put in front of the item's text


def _lines(root, skip: set[str], xml: bool = False) -> list[tuple[str, int]]:
    if root is None:
        return []
    inline = (_inline_tags(root) | _INLINE) - _BLOCK
    out: list[tuple[str, int]] = []
    buf: list[str] = []
    level = [0]
    label: list[str] = []

    def flush():
        text = _WS.sub(" ", "".join(buf)).strip()
        buf.clear()
        if text:
            if label:
                text = f"{label.pop()} {text}"
            out.append((text, level[0]))
        level[0] = 0

    # Both walks keep their own stack instead of recursing: a file with thousands of nested
    # or unclosed elements must not end in a RecursionError (issue 16).
    def cell_text(cell) -> str:
        # as the recursive form: a child's text is normalised and stripped, then joined to its
        # parent's (with a space each side when the child is not inline), then its tail
        stack = [(cell, [cell.text or ""], iter(cell))]
        while True:
            el, parts, children = stack[-1]
            child = next(children, None)
            if child is not None:
                if isinstance(child.tag, str) and _local(child.tag) not in skip:
                    stack.append((child, [child.text or ""], iter(child)))
                elif child.tail:
                    parts.append(child.tail)
                continue
            text = _WS.sub(" ", "".join(parts)).strip()
            stack.pop()
            if not stack:
                return text
            parent_parts = stack[-1][1]
            parent_parts.append(" " + text + " " if _local(el.tag) not in inline else text)
            if el.tail:
                parent_parts.append(el.tail)

    def enter(el, in_inline: bool) -> list:
        """Handle the start of ``el``; the work still to do for it and its children."""
        tag = _local(el.tag)
        if tag in skip or not isinstance(el.tag, str):
            if el.tail:
                buf.append(el.tail)
            return []
        if tag == "br":
            flush()
            if el.tail:
                buf.append(el.tail)
            return []
        if tag in _ROWS:
            flush()
            cells = [cell_text(c) for c in el if isinstance(c.tag, str) and _local(c.tag) in _CELLS]
            while cells and not cells[-1]:
                cells.pop()
            if any(cells):
                out.append(("\t".join(cells), 0))
            if el.tail:
                buf.append(el.tail)
            return []
        if tag in _ITEM_LABELS:
            flush()
            text = _WS.sub(" ", "".join(el.itertext())).strip()
            if text:
                label[:] = [text]
            if el.tail:
                buf.append(el.tail)
            return []
        block = not in_inline and tag not in inline
        if block:
            flush()
            level[0] = _heading_level(el, tag)
        if el.text:
            buf.append(el.text)
        return [("leave", el, block)] + [("enter", child, not block) for child in reversed(el)]

    stack = [("enter", root, False)]
    while stack:
        what, el, flag = stack.pop()
        if what == "enter":
            stack.extend(enter(el, flag))
            continue
        if flag:  # a block ends
            flush()
        if el.tail:
            buf.append(el.tail)
    flush()
    if label:  # a label with no text after it
        out.append((label.pop(), 0))
    return out


def _heading_level(el, tag: str) -> int:
    if tag in _HEADING_TAGS:
        return _HEADING_TAGS[tag]
    if tag == "nr" and re.search(r"[^\W\d_]", "".join(el.itertext())):
        return 2  # "Vraag 1", "Antwoord 1" label a part (a bare "14" numbers it, no heading)
    cls = (el.get("class") or "").lower()
    if "kop" in cls or "titel" in cls or "heading" in cls:
        return 3
    return 0


# several values of one name are kept, joined ("S. Jansen; H. Kat")
_MULTI = {"indiener", "ontvanger"}


def _collect(triples) -> dict[str, str]:
    """(name, scheme, content) of <meta>/<metadata> elements -> our metadata keys.

    DC.type comes several times with different schemes: the generic "officiële publicatie"
    (OVERHEID.Informatietype) says least, the parliamentary type ("Aanhangsel van de
    Handelingen") most.
    """
    found: dict[str, str] = {}
    types: list[tuple[int, str]] = []
    multi: dict[str, tuple[list[str], set[str]]] = {}  # key -> (values, every "; " part seen)
    for name, scheme, content in triples:
        content = _WS.sub(" ", content or "").strip()
        if not content:
            continue
        if name == "OVERHEIDop.externMetadataRecord":
            # ".../gmb-2017-100002/metadata.xml": the publication's identifier
            m = re.search(r"/([a-z]+(?:-[a-z]+)*-\d{4,8}-[\w-]+)/metadata\.xml$", content)
            if m:
                found.setdefault("identifier", m.group(1))
            continue
        key = _META_MAP.get(name or "")
        if not key:
            continue
        if key == "type":
            rank = 0 if scheme == "OVERHEIDop.Parlementair" else 2 if scheme == "OVERHEID.Informatietype" else 1
            types.append((rank, content))
        elif key in _MULTI and key in multi:
            values, seen = multi[key]  # not a join and split per value: 40,000 names took 36 s
            if content not in seen:
                values.append(content)
                seen.update(content.split("; "))
        else:
            found.setdefault(key, content)
            if key in _MULTI:
                multi[key] = ([content], set(content.split("; ")))
    for key, (values, _) in multi.items():
        found[key] = "; ".join(values)
    if types:
        found["type"] = min(types, key=lambda t: t[0])[1]
    return found


def _meta_triples(root, tags: tuple[str, ...]):
    for el in root.iter():
        if _local(el.tag) in tags:
            yield el.get("name"), el.get("scheme"), el.get("content")


def _xml_metadata(root, meta: dict) -> None:
    for key, value in _collect(_meta_triples(root, ("meta",))).items():
        meta.setdefault(key, value)
    for el in root.iter():
        tag = _local(el.tag)
        if tag not in ("dossiernummer", "ondernummer", "kamervraagnummer", "nr", "tekstregel", "datum"):
            continue
        text = _WS.sub(" ", "".join(el.itertext())).strip()
        if not text:
            continue
        if tag == "dossiernummer" or (tag == "tekstregel" and el.get("inhoud") == "dossiernummer"):
            meta.setdefault("dossier", text)
        elif tag in ("ondernummer", "kamervraagnummer", "nr") and text.isdigit():
            meta.setdefault("number", text)
        elif tag == "tekstregel" and el.get("inhoud") == "documenttype":
            meta.setdefault("type", text)
        elif tag == "datum" and el.get("isodatum"):
            meta.setdefault("date", el.get("isodatum"))


def _html_metadata(root, meta: dict) -> None:
    for key, value in _collect(_meta_triples(root, ("meta",))).items():
        meta.setdefault(key, value)


def _sidecar_metadata(path: Path, meta: dict) -> None:
    """officielebekendmakingen's '<id>__metadata.xml' beside the publication wins: it is the
    publisher's own record."""
    side = path.with_name(path.stem + "__metadata.xml")
    if not side.is_file() or side.stat().st_size > MAX_PUBLICATION_BYTES:
        return
    try:
        root = etree.parse(str(side), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except (etree.XMLSyntaxError, OSError):
        return
    meta.update(_collect(_meta_triples(root, ("metadata", "meta"))))
    meta.update({k: v for k, v in _collect(_owms_triples(root)).items() if k not in meta})


# OWMS/SRU records (the search service's <gzd><originalData><meta><owmskern>...) name their
# fields by element, not by a name attribute
_OWMS = {"identifier": "DC.identifier", "title": "DC.title", "type": "DC.type", "creator": "DC.creator",
         "issued": "DCTERMS.issued", "available": "DCTERMS.available", "dossiernummer": "OVERHEIDop.dossiernummer",
         "ondernummer": "OVERHEIDop.ondernummer", "publicationname": "OVERHEIDop.publicationName",
         "publicationissue": "OVERHEIDop.publicationIssue", "vergaderjaar": "OVERHEIDop.vergaderjaar"}
METADATA_ROOTS = ("metadata_gegevens", "gzd", "owms", "owmskern", "searchretrieveresponse", "record", "metadata")


def _owms_triples(root):
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = _OWMS.get(_local(el.tag).lower())
        if name and len(el) == 0 and (el.text or "").strip():
            yield name, el.get("scheme") or "", el.text


def is_metadata_record(path: str | os.PathLike[str]) -> bool:
    """True for an XML file that only describes a publication (a "__metadata.xml", an SRU or
    OWMS record): it has no text of its own and belongs to the publication beside it."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    m = re.search(rb"<(?:[\w.-]+:)?([A-Za-z_][\w.-]*)[\s>/]", re.sub(rb"<[?!][^>]*>", b"", head))
    return m is not None and m.group(1).decode("ascii", "replace").lower() in METADATA_ROOTS


def _short(err: Exception) -> str:
    text = (str(err).strip() or type(err).__name__).splitlines()[0]
    return re.sub(r"(?<!\s)\s*\(<string>, line \d+\)$", "", text)[:160]  # lxml's note on where it parsed from
