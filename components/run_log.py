"""Each script run's server time, appended to a file the operator names in CHANNEL_RUN_LOG.

Off unless the variable is set. The benchmark reads it to time a run where it runs: a browser
sees a run end only once its main thread reaches that message, after drawing what came before
(a map or a chart can hold it for most of a second), so times taken there are the server's plus
the browser's.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

RUN_LOG = "CHANNEL_RUN_LOG"

logger = logging.getLogger(__name__)
_unwritable: set[str] = set()


def start() -> float:
    """The run's start, in seconds since the epoch (shared by every process on the machine)."""
    return time.time()


def finish(started: float, page: str) -> None:
    """Append the run's start and end, and the page it ran, when a run log is asked for.

    A log that cannot be written is the operator's to fix, not the user's: the page still shows,
    and the server's log says once what is wrong."""
    path = os.environ.get(RUN_LOG)
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"{started:.6f} {time.time():.6f} {page or '/'}\n")
    except OSError as error:
        if path not in _unwritable:
            _unwritable.add(path)
            logger.warning("%s=%s cannot be written: %s", RUN_LOG, path, error.strerror or error)


def timed(page: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Log each call of a fragment as a run of `page`: a fragment reruns alone, without app.py
    (inside a whole run its line falls within the run's own)."""

    def decorate(fragment: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fragment)
        def logged(*args: P.args, **kwargs: P.kwargs) -> R:
            started = start()
            try:
                return fragment(*args, **kwargs)
            finally:
                finish(started, page)

        return logged

    return decorate
