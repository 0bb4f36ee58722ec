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


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data directory to use (not created here)."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    import platformdirs  # imported late: only needed when no directory was given

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)).resolve()


def catalog_path(base: Path) -> Path:
    return base / CATALOG_NAME


def index_dir(base: Path) -> Path:
    return base / INDEX_NAME
