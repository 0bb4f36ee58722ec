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

Forked children: a flock belongs to the open file, which a fork shares, so a child that
outlives its parent (Whoosh's sub-writers in a multi-process commit, killed -9 with the
parent left alive) would hold the lock for ever. So a child forked while the lock is held
closes its copy at once (it never holds the lock) and, on Linux, is killed by the kernel
when its parent dies (PR_SET_PDEATHSIG). Should a lock still be held while the process
named in it is gone (a child of an older version, or a system without PDEATHSIG), the
next writer takes it over: it removes that lock file, which the leftover keeps, and locks
a new one, saying so (``on_takeover``).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import ZvdjError

LOCK_NAME = "write.lock"
WAITING_MESSAGE = "another ZvdJ Viewer is updating this archive; waiting…"


class ArchiveBusy(ZvdjError):
    """Another process is updating this archive (its data directory is locked)."""


class DataDirError(ZvdjError):
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


def _holder_pid(path: Path) -> int | None:
    """The process the lock file names as its holder, if any. Best effort."""
    try:
        pid = path.read_text(encoding="ascii", errors="ignore").split()[0]
    except (OSError, IndexError):
        return None
    return int(pid) if pid.isdigit() else None


def _holder(path: Path) -> str:
    """' (process 1234)' when the lock file names its holder, else ''. Best effort."""
    pid = _holder_pid(path)
    return f" (process {pid})" if pid is not None else ""


def _alive(pid: int) -> bool:
    """Is there a running (not zombie) process with this id? Unsure counts as alive."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # pragma: no cover - no takeover on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    try:  # a zombie has exited: its locks are gone, whatever holds the file is a leftover
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


# lock files this process holds now: a child forked meanwhile closes them (see module doc)
_held: set[int] = set()
_PR_SET_PDEATHSIG = 1


def _after_fork_in_child() -> None:
    if not _held:
        return
    for fd in list(_held):
        try:
            os.close(fd)  # close, never unlock: LOCK_UN would release the parent's lock too
        except OSError:
            pass
    _held.clear()
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            return
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


@contextmanager
def write_lock(
    data_dir: str | os.PathLike[str],
    *,
    timeout: float = 0.0,
    on_wait: Callable[[str], None] | None = None,
    cancel: threading.Event | None = None,
    poll: float = 0.2,
    on_takeover: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the archive's write lock for the ``with`` body.

    When another process holds it: call ``on_wait(WAITING_MESSAGE)`` once, retry until
    ``timeout`` seconds have passed (or ``cancel`` is set), then raise ArchiveBusy. When the
    process named in the lock file is gone, take the lock over and tell ``on_takeover``.
    Raises DataDirError when the lock file cannot be created.
    """
    path = Path(data_dir) / LOCK_NAME

    def open_lock() -> int:
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as err:
            raise DataDirError(f"cannot write in the data folder {Path(data_dir)}: "
                               f"{err.strerror or err}") from None

    fd = open_lock()
    try:
        deadline = time.monotonic() + max(timeout, 0.0)
        told = False
        # a dead holder is believed only when seen twice, a poll apart: a writer that has
        # just locked the file has not yet written its own number over the dead one
        suspect: tuple[int | None, int] | None = None
        while True:
            if _try_lock(fd):
                if sys.platform == "win32" or _same_file(fd, path):
                    break
                # another writer took a dead holder's lock over meanwhile: lock its new file
                _unlock(fd)
            else:
                pid = _holder_pid(path)
                dead = (sys.platform != "win32" and pid is not None and not _alive(pid)
                        and _same_file(fd, path))
                seen = (pid, os.fstat(fd).st_ino) if dead else None
                if dead and seen != suspect:
                    suspect = seen
                    time.sleep(poll)
                    continue
                if dead:
                    # the writer is gone; what still holds the lock is a process it left
                    # behind. That one keeps the old file; the next open makes a new one.
                    try:
                        os.unlink(path)
                    except OSError:
                        pass
                    else:
                        if on_takeover is not None:
                            on_takeover(f"the writer that held the lock (process {pid}) is gone; "
                                        f"its lock is taken over")
                elif time.monotonic() >= deadline or (cancel is not None and cancel.is_set()):
                    raise ArchiveBusy(
                        f"another ZvdJ Viewer is updating this archive{_holder(path)}; "
                        f"try again when it has finished (data folder {Path(data_dir)})")
                else:
                    if not told and on_wait is not None:
                        on_wait(WAITING_MESSAGE)
                        told = True
                    time.sleep(min(poll, max(deadline - time.monotonic(), 0.0)))
                    continue
            os.close(fd)
            fd = open_lock()
        _held.add(fd)
        try:
            # who holds it, for the message above and the takeover; advisory only
            if sys.platform != "win32":
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
            yield
        finally:
            _held.discard(fd)
            _unlock(fd)
    finally:
        os.close(fd)
