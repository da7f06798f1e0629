"""A one-line progress indicator on stderr, for long runs on a terminal only."""

from __future__ import annotations

import sys
import time
from typing import TextIO

SHOW_AFTER = 1.0  # seconds: short runs never draw anything
REDRAW_EVERY = 0.1


class TerminalProgress:
    """Call with (done, total) as files finish; `close()` erases the line. Silent off a terminal."""

    def __init__(self, stream: TextIO | None = None, show_after: float = SHOW_AFTER) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _isatty(self.stream)
        self.started = time.monotonic()
        self.show_after = show_after
        self.last_draw = 0.0
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < self.show_after or (now - self.last_draw < REDRAW_EVERY and done < total):
            return
        self.last_draw = now
        self.stream.write(f"\rhardlint: {done}/{total} files checked ({done * 100 // max(total, 1)}%)")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.drawn = False

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
