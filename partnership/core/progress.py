"""Progress reporting for long commands (imports, seeding, exports)."""

from __future__ import annotations

import time
from typing import Any, Protocol


class Output(Protocol):
    def write(self, text: str, /) -> Any: ...


class Progress:
    """Prints ``label: done/total (pct%) elapsed`` every ``every`` seconds and at the end."""

    def __init__(self, out: Output, label: str, total: int, every: float = 2.0) -> None:
        self.out, self.label, self.total, self.every = out, label, total, every
        self.done = 0
        self.started = self.last = time.monotonic()

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self._print(now)

    def finish(self) -> None:
        self._print(time.monotonic())

    def _print(self, now: float) -> None:
        pct = 100 * self.done / self.total if self.total else 100.0
        self.out.write(
            f"{self.label}: {self.done:,}/{self.total:,} ({pct:.0f}%) {now - self.started:.1f}s\n"
        )
        flush = getattr(self.out, "flush", None)
        if flush is not None:
            flush()
