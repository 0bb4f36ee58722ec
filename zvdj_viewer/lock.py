"""One archive, one writer: an inter-process lock on the data directory.

Two processes updating the same catalog and index at once (a second app window, or
``zvdj index`` while the app indexes) would interleave their batches and relinks. The
writer holds an OS file lock on ``write.lock`` in the data directory for the whole update;
a second writer waits (up to a time limit) or is told why it cannot start. Readers (search,
show, export) never take the lock: SQLite WAL and Whoosh segments let them read the last
committed state while a writer works.

The OS drops the lock when its holder dies (kill -9, power loss), so a crashed writer never
leaves a stale lock behind; the lock file itself stays and is harmless.
POSIX: ``fcntl.flock``; Windows: ``msvcrt.locking`` on the first byte.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = "write.lock"
WAITING_MESSAGE = "another ZvdJ Viewer is updating this archive; waiting…"


class ArchiveBusy(Exception):
    """Another process is updating this archive (its data directory is locked)."""


class DataDirError(Exception):
    """The data directory cannot be created or written (a file in the way, no permission,
    a full disk). The message names the folder and the reason."""


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except (BlockingIOError, PermissionError):
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _holder(path: Path) -> str:
    """' (process 1234)' when the lock file names its holder, else ''. Best effort."""
    try:
        pid = path.read_text(encoding="ascii", errors="ignore").split()[0]
    except (OSError, IndexError):
        return ""
    return f" (process {pid})" if pid.isdigit() else ""


@contextmanager
def write_lock(
    data_dir: str | os.PathLike[str],
    *,
    timeout: float = 0.0,
    on_wait: Callable[[str], None] | None = None,
    cancel: threading.Event | None = None,
    poll: float = 0.2,
) -> Iterator[None]:
    """Hold the archive's write lock for the ``with`` body.

    When another process holds it: call ``on_wait(WAITING_MESSAGE)`` once, retry until
    ``timeout`` seconds have passed (or ``cancel`` is set), then raise ArchiveBusy.
    Raises DataDirError when the lock file cannot be created.
    """
    path = Path(data_dir) / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise DataDirError(f"cannot write in the data folder {Path(data_dir)}: "
                           f"{err.strerror or err}") from None
    try:
        deadline = time.monotonic() + max(timeout, 0.0)
        told = False
        while not _try_lock(fd):
            if time.monotonic() >= deadline or (cancel is not None and cancel.is_set()):
                raise ArchiveBusy(
                    f"another ZvdJ Viewer is updating this archive{_holder(path)}; "
                    f"try again when it has finished (data folder {Path(data_dir)})")
            if not told and on_wait is not None:
                on_wait(WAITING_MESSAGE)
                told = True
            time.sleep(min(poll, max(deadline - time.monotonic(), 0.0)))
        try:
            # who holds it, for the message above; advisory only
            if sys.platform != "win32":
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
