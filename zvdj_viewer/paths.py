"""Where ZvdJ Viewer keeps its own data (catalog and full-text index).

Order of precedence: an explicit ``--data-dir`` beats the environment variable
``ZVDJ_DATA_DIR`` beats the platform's user data directory
(``platformdirs.user_data_dir("zvdj-viewer")``, e.g. ``~/.local/share/zvdj-viewer``).
The archive folders themselves are only ever read; nothing is written beside them.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "ZVDJ_DATA_DIR"
APP_NAME = "zvdj-viewer"
CATALOG_NAME = "catalog.sqlite"
INDEX_NAME = "index"
NOTES_NAME = "notes.sqlite"  # the user's notes (notes/store.py)


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data directory to use (not created here)."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    import platformdirs  # imported late: only needed when no directory was given

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)).resolve()


_ocr_data_dir: Path | None = None  # the open archive's data folder: ocr.current_cache() reads its OCR cache


def use_ocr_cache(data_dir: str | os.PathLike[str] | None) -> None:
    """Let the page viewer find OCR words in this data folder's cache (set by the Archive
    that opens it; kept here so that opening an archive to search does not import ocr.py,
    with subprocess and hashlib)."""
    global _ocr_data_dir
    _ocr_data_dir = Path(data_dir) if data_dir is not None else None


def ocr_data_dir() -> Path | None:
    return _ocr_data_dir


def catalog_path(base: Path) -> Path:
    return base / CATALOG_NAME


def index_dir(base: Path) -> Path:
    return base / INDEX_NAME


def archive_overlap(data: str | os.PathLike[str], folder: str | os.PathLike[str]) -> str | None:
    """Why ``folder`` cannot be an archive folder of the data directory ``data`` (None: it
    can). The archive is only ever read: a data folder inside (or equal to) an archive
    folder would be written into it and indexed as archive; an archive folder inside the
    data folder would be the program's own files. Compared by real path."""
    d = os.path.realpath(os.fspath(data))
    f = os.path.realpath(os.fspath(folder))

    def inside(p: str, root: str) -> bool:
        return p == root or p.startswith(root.rstrip(os.sep) + os.sep)

    if inside(d, f):
        return (f"the data folder {d} lies in the archive folder {f}; the archive is only ever read: "
                f"choose a data folder outside it with --data-dir")
    if inside(f, d):
        return (f"the archive folder {f} lies in the data folder {d}; keep documents outside the "
                f"data folder (or choose another with --data-dir)")
    return None
