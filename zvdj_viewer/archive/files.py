"""The files of the archive folders as the indexer meets them: absolute paths, "is under",
the kind a suffix promises, opening only regular files, hashing, and the reason an OS error
gives in words."""

from __future__ import annotations

import hashlib
import os
import stat as stat_mod
from pathlib import Path

from ..errors import ZvdjError


def _abs(p: str | os.PathLike[str]) -> str:
    return os.path.abspath(os.path.expanduser(os.fspath(p)))


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _kind_by_suffix(path: str) -> str:
    s = Path(path).suffix.lower()
    return {".pdf": "pdf", ".xml": "xml", ".html": "html", ".htm": "html"}.get(s, "text")


class NotRegularFile(ZvdjError, OSError):
    """A path that was a file when scanned is now a FIFO, socket or device."""


def _open_regular(path: str) -> int:
    """A file descriptor for reading a regular file. O_NONBLOCK: a FIFO that took the
    file's place after the scan must not block the open (it would hang the indexer, holding
    the lock); fstat then refuses it without reading a byte."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat_mod.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(0, "not a regular file (a FIFO, socket or device); skipped", path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(_open_regular(path), "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _os_reason(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "permission denied (the file cannot be opened)"
    if isinstance(err, FileNotFoundError):
        return "not found (a broken link, or removed while indexing)"
    return err.strerror or str(err)


def _is_supported(path: str) -> bool:
    from .. import readers

    return readers.is_supported(path)
