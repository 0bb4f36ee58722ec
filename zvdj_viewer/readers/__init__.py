"""File readers: a file in, a ``SourceText`` (pages of lines) out.

One module per format. ``read`` picks the reader by suffix and turns every way a file can
fail into a ``ReadError`` whose text says why in plain words; the caller adds the file name.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..model import ReadError, SourceText

PDF_SUFFIXES = (".pdf",)
XML_SUFFIXES = (".xml",)
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
SUPPORTED_SUFFIXES = PDF_SUFFIXES + XML_SUFFIXES + HTML_SUFFIXES + TEXT_SUFFIXES

# officielebekendmakingen ships "<id>__metadata.xml" beside each publication: it describes the
# publication, it is not a document of its own
METADATA_SUFFIX = "__metadata.xml"


def is_supported(path: str | os.PathLike[str]) -> bool:
    name = Path(path).name.lower()
    if name.startswith((".", "~$")):  # hidden files, Office lock files
        return False
    if name.endswith(METADATA_SUFFIX):
        return False
    if Path(name).suffix in XML_SUFFIXES:
        from .obk import is_metadata_record

        if is_metadata_record(path):
            return False  # an SRU/OWMS record: the metadata of the publication beside it
    return Path(name).suffix in SUPPORTED_SUFFIXES


def kind_of(path: str | os.PathLike[str]) -> str:
    s = Path(path).suffix.lower()
    if s in PDF_SUFFIXES:
        return "pdf"
    if s in XML_SUFFIXES:
        return "xml"
    if s in HTML_SUFFIXES:
        return "html"
    return "text"


def read(path: str | os.PathLike[str], keep_open: list | None = None) -> SourceText:
    """Read one file. Raises ReadError with the reason when it cannot be read.

    ``keep_open``: a PDF's open document is put in it instead of being closed (``read_pdf``)."""
    p = Path(path).resolve()
    try:
        st = p.stat()
    except FileNotFoundError:
        raise ReadError("file not found") from None
    except OSError as err:
        raise ReadError(f"cannot be opened ({err.strerror or err})") from None
    if not p.is_file():
        raise ReadError("not a regular file")
    if st.st_size == 0:
        raise ReadError("empty file (0 bytes)")
    if not os.access(p, os.R_OK):
        raise ReadError("no permission to read the file")
    kind = kind_of(p)
    try:
        if kind == "pdf":
            from .pdf import read_pdf

            return read_pdf(str(p), keep_open)
        if kind in ("xml", "html"):
            from .obk import read_publication

            return read_publication(str(p), kind)
        from .text import read_text

        return read_text(str(p))
    except PermissionError:
        raise ReadError("no permission to read the file") from None
    except OSError as err:
        raise ReadError(f"cannot be read ({err.strerror or err})") from None
