"""One load at a time per DuckDB file: an advisory lock on a file beside it.

The lock file (`<db>.lock`) holds the pid and start time of the load that has it, so a second
load can say who is writing instead of failing on DuckDB's own file lock. The kernel releases
the lock when its holder exits, even after a crash. The holder removes the file before it
unlocks, so a process that locked the file just as it was removed checks that the name still
leads to the file it locked, and tries again if not.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from datetime import datetime
from pathlib import Path

_held = threading.local()


class LoadBusy(RuntimeError):
    """Another load is writing the same database; nothing was written by this one."""

    def __init__(self, db_path: Path, since: datetime | None, pid: int | None):
        self.db_path, self.since, self.pid = db_path, since, pid
        started = f" since {since:%H:%M}" if since else ""
        who = f" (pid {pid})" if pid else ""
        super().__init__(f"another load is writing {db_path}{started}{who}")


def lock_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ".lock")


def _holder(path: Path) -> tuple[datetime | None, int | None]:
    # The holder writes its line just after it takes the lock: give it a moment.
    for _ in range(5):
        try:
            pid, started = path.read_text().split(maxsplit=1)
            return datetime.fromisoformat(started.strip()), int(pid)
        except (OSError, ValueError):
            time.sleep(0.02)
    return None, None


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False


class LoadLock:
    """Context manager: hold the database's load lock, or raise LoadBusy at once.

    Re-entrant within one thread (the CLI holds it across validation, report and write); a
    second thread of the same process is a second load and is refused like another process.
    """

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self._fd: int | None = None

    def __enter__(self) -> LoadLock:
        held = getattr(_held, "paths", None)
        if held is None:
            held = _held.paths = {}
        key = str(self.path.resolve())
        if key in held:
            held[key] += 1
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise LoadBusy(self.db_path, *_holder(self.path)) from None
            if _same_file(fd, self.path):
                break
            os.close(fd)  # locked a lock file its holder had just removed: take the new one
        os.write(fd, f"{os.getpid()} {datetime.now().isoformat(timespec='seconds')}\n".encode())
        self._fd = fd
        held[key] = 1
        return self

    def __exit__(self, *exc: object) -> None:
        held = _held.paths
        key = str(self.path.resolve())
        held[key] -= 1
        if held[key]:
            return
        del held[key]
        if self._fd is not None:
            self.path.unlink(missing_ok=True)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
