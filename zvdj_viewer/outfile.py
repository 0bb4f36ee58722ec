"""Writing an output file (export, CSV, comparison, dossier, notes): whole or not at all.

The bytes go to a temporary file beside the target, are flushed to disk, and then replace
the target in one rename: a kill or a full disk leaves the previous file as it was (and at
worst a ``.NAME.*.tmp`` beside it, removed when the error is seen), never half a file.

Every failure is an OutputError whose message names the path and the reason in words: a
missing folder, a folder where the file should go, no permission, a full disk, or a target
inside an archive folder (the archive is only ever read; writing there would also put the
output into the next index run).
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import ZvdjError


class OutputError(ZvdjError):
    """An output file cannot be written. ``str()`` names the path and the reason."""


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def archive_folder_of(path: str | os.PathLike[str], folders: Iterable[str]) -> str | None:
    """The archive folder (root) that ``path`` lies in or is, by real path; None if none."""
    real = os.path.realpath(os.fspath(path))
    for f in folders:
        if _inside(real, os.path.realpath(f)):
            return f
    return None


def check_target(path: str | os.PathLike[str], folders: Iterable[str] = ()) -> Path:
    """The target as a Path, or OutputError when it cannot be a file written by us."""
    p = Path(os.path.abspath(os.path.expanduser(os.fspath(path))))
    root = archive_folder_of(p, folders)
    if root is not None:
        raise OutputError(f"{p}: lies in the archive folder {root}, which is only ever read; "
                          f"write it somewhere else")
    if p.is_dir():
        raise OutputError(f"{p}: is a folder; give a file name")
    parent = p.parent
    if not parent.exists():
        raise OutputError(f"{p}: the folder {parent} does not exist")
    if not parent.is_dir():
        raise OutputError(f"{p}: {parent} is not a folder")
    return p


def reason(err: OSError) -> str:
    if err.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full (the previous file, if any, is unchanged)"
    if isinstance(err, PermissionError) or err.errno == errno.EROFS:
        return "no permission to write there (read-only folder or disk)"
    if isinstance(err, IsADirectoryError):
        return "is a folder; give a file name"
    if isinstance(err, FileNotFoundError):
        return "the folder does not exist"
    return err.strerror or str(err)


def _mode_for(p: Path) -> int:
    """The permissions a plain open() would give: the old file's, else 0o666 minus umask."""
    try:
        return p.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: str | os.PathLike[str], data: bytes | str, folders: Iterable[str] = ()) -> Path:
    """Write ``data`` (str: UTF-8) to ``path`` atomically; returns the path written.
    Raises OutputError (path and reason) for any problem."""
    p = check_target(path, folders)
    if isinstance(data, str):
        # a file name that is not UTF-8 keeps its escape (\udce9) in JSON: see fsnames.py
        data = data.encode("utf-8", "backslashreplace")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=".tmp")
        with open(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _mode_for(p))
        os.replace(tmp, p)
        tmp = None
    except OSError as err:
        raise OutputError(f"{p}: cannot be written: {reason(err)}") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return p
