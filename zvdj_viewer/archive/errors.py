"""The errors a caller of the archive may catch, and how an OS or SQLite error becomes a
sentence about the data folder.

Every error of the core derives from ``ZvdjError`` (``zvdj_viewer/errors.py``: it lives outside
this package so that the catalog and the lock can derive from it without importing the
archive). They are defined where they are raised and gathered here:

- ``ArchiveBusy``: another writer holds the archive (lock.py);
- ``DataDirError``: the data folder cannot be used (lock.py);
- ``CatalogError``: the catalog cannot be opened as this version needs it (catalog.py);
- ``NotRegularFile``: a file became a FIFO, socket or device after the scan (files.py).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..catalog import CatalogError
from ..errors import ZvdjError
from ..lock import ArchiveBusy, DataDirError
from .files import NotRegularFile, _abs, _under

__all__ = ["ArchiveBusy", "CatalogError", "DataDirError", "NotRegularFile", "ZvdjError",
           "_data_dir_failure", "_data_dir_reason"]


def _data_dir_failure(data_dir: Path, err: OSError | sqlite3.OperationalError) -> bool:
    """Is this error the data folder's fault (full, read-only, gone) rather than a bug?"""
    import errno

    if isinstance(err, sqlite3.OperationalError):
        text = str(err).lower()
        return any(w in text for w in ("full", "readonly", "read-only", "disk i/o", "unable to open"))
    if err.errno in (errno.ENOSPC, errno.EROFS, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return True
    name = getattr(err, "filename", None)
    if not name:
        return False
    return _under(_abs(name), str(data_dir))


def _data_dir_reason(data_dir: Path, err: Exception) -> str:
    import errno

    if isinstance(err, FileExistsError) or getattr(err, "errno", None) == errno.ENOTDIR:
        why = "a file is in the way (the data folder must be a folder)"
    elif getattr(err, "errno", None) in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)) \
            or "full" in str(err).lower():
        why = "the disk is full; free some space and index again (nothing indexed before is lost)"
    elif isinstance(err, PermissionError) or getattr(err, "errno", None) == errno.EROFS \
            or "readonly" in str(err).lower():
        why = "no permission to write there (read-only folder or disk); choose another with --data-dir"
    else:
        why = getattr(err, "strerror", None) or str(err)
    return f"cannot use the data folder {data_dir}: {why}"
