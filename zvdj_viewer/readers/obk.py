"""officielebekendmakingen XML and HTML: the publication text in reading order, with titles
marked as headings and the metadata the publication carries.

Which elements are inline (a name or a date inside a sentence) and which are blocks (a
paragraph, a title) differs per schema, so it is learned from the document itself: a tag that
ever sits in mixed content (text beside it in its parent) is inline. Everything else starts a
line of its own. That keeps the reader working on publication types it was never shown.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree, html as lxml_html

from ..model import Line, Page, ReadError, SourceText

_WS = re.compile(r"\s+")

# HTML that is never publication text
_HTML_SKIP = {"script", "style", "noscript", "head", "nav", "form", "button", "select", "option",
              "template", "svg", "iframe", "input", "label"}
# XML elements that carry metadata or layout, not reading text
_XML_SKIP = {"metadata", "meta", "illustratie", "noot-ref"}
_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6, "titel": 2, "kop": 2,
                 "tussenkop": 3, "item-titel": 2, "onderwerp": 2}
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
}


def read_publication(path: str, kind: str) -> SourceText:
    data = Path(path).read_bytes()
    source = SourceText(path=path, kind=kind)
    if kind == "xml":
        root = _parse_xml(data, source)
        lines = _lines(root, _XML_SKIP, xml=True)
        _xml_metadata(root, source.metadata)
    else:
        root = _parse_html(data)
        content = _first(root, _HTML_CONTENT)
        header = _first(root, _HTML_HEADER)
        # the heading block (kopregel: vergaderjaar, Kamer, document type) sits outside the
        # body div in the HTML rendition but inside the publication in the XML one
        outside = header is not None and content is not None and content not in header.iterancestors() \
            and header not in content.iterdescendants()
        lines = (_lines(header, _HTML_SKIP) if outside else []) + _lines(content, _HTML_SKIP)
        _html_metadata(root, source.metadata)
    _sidecar_metadata(Path(path), source.metadata)
    if not any(text for text, _ in lines):
        raise ReadError("no text found in the publication")
    page = Page(number=1)
    for i, (text, level) in enumerate(lines, 1):
        page.lines.append(Line(text=text, number=i, heading=level, bold=level > 0))
    source.pages.append(page)
    source.line_count = len(page.lines)
    source.title = source.metadata.get("title") or next((t for t, lvl in lines if lvl), None) or lines[0][0][:200]
    return source


def _parse_xml(data: bytes, source: SourceText):
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as err:
        reason = _short(err)
        recovered = etree.fromstring(data, etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
        if recovered is None or not "".join(recovered.itertext()).strip():
            raise ReadError(f"malformed XML ({reason})") from None
        source.problems.append(f"malformed XML ({reason}); the readable part was recovered")
        return recovered
    if root is None:
        raise ReadError("malformed XML (no root element)")
    return root


def _parse_html(data: bytes):
    try:
        root = lxml_html.document_fromstring(data)
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


def _lines(root, skip: set[str], xml: bool = False) -> list[tuple[str, int]]:
    if root is None:
        return []
    inline = _inline_tags(root) - set(_HEADING_TAGS) - {"p", "al", "li", "div", "td", "th", "tr"}
    out: list[tuple[str, int]] = []
    buf: list[str] = []
    level = [0]

    def flush():
        text = _WS.sub(" ", "".join(buf)).strip()
        buf.clear()
        if text:
            out.append((text, level[0]))
        level[0] = 0

    def walk(el, in_inline=False):
        tag = _local(el.tag)
        if tag in skip or not isinstance(el.tag, str):
            if el.tail:
                buf.append(el.tail)
            return
        if tag == "br":
            flush()
            if el.tail:
                buf.append(el.tail)
            return
        block = not in_inline and tag not in inline
        if block:
            flush()
            level[0] = _heading_level(el, tag)
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child, not block)
        if block:
            flush()
        elif tag in ("td", "th"):
            buf.append("\t")
        if el.tail:
            buf.append(el.tail)

    walk(root)
    flush()
    return out


def _heading_level(el, tag: str) -> int:
    if tag in _HEADING_TAGS:
        return _HEADING_TAGS[tag]
    cls = (el.get("class") or "").lower()
    if "kop" in cls or "titel" in cls or "heading" in cls:
        return 3
    return 0


def _xml_metadata(root, meta: dict) -> None:
    for el in root.iter():
        tag = _local(el.tag)
        if tag == "meta" and el.get("name") in _META_MAP and el.get("content"):
            meta.setdefault(_META_MAP[el.get("name")], el.get("content").strip())
    for el in root.iter():
        tag = _local(el.tag)
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
    for el in root.iter("meta"):
        name, content = el.get("name"), (el.get("content") or "").strip()
        if name in _META_MAP and content:
            meta.setdefault(_META_MAP[name], content)


def _sidecar_metadata(path: Path, meta: dict) -> None:
    """officielebekendmakingen's '<id>__metadata.xml' beside the publication wins: it is the
    publisher's own record."""
    side = path.with_name(path.stem + "__metadata.xml")
    if not side.is_file():
        return
    try:
        root = etree.parse(str(side), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except (etree.XMLSyntaxError, OSError):
        return
    found: dict[str, str] = {}
    for el in root.iter():
        if _local(el.tag) in ("metadata", "meta") and el.get("name") in _META_MAP and el.get("content"):
            found.setdefault(_META_MAP[el.get("name")], el.get("content").strip())
    meta.update(found)


def _short(err: Exception) -> str:
    return (str(err).strip() or type(err).__name__).splitlines()[0][:160]
