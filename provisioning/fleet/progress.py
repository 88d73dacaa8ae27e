"""The live progress line of a fleet run (terminals done / total, failures so far, elapsed), on a terminal only."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from checks.i18n import t
from provisioning.fleet import words  # noqa: F401


class FleetProgress:
    """Redrawn from runner events and a clock tick; silent when the stream is not a terminal (logs stay clean)."""

    def __init__(self, total: int, lang: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.total, self.lang, self.width = total, lang, width
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)()) and total > 0
        self.started = time.monotonic()
        self.done = self.failures = 0
        self.drawn = False

    def update(self, done: int, failures: int) -> None:
        if (done, failures) != (self.done, self.failures):
            self.done, self.failures = done, failures
            self.draw()

    def draw(self) -> None:
        if not self.enabled:
            return
        elapsed = int(time.monotonic() - self.started)
        filled = self.width * min(self.done, self.total) // self.total
        text = t("fleet.progress", self.lang, done=self.done, total=self.total, failures=self.failures,
                 elapsed=f"{elapsed // 60}:{elapsed % 60:02d}")
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {text}\033[K")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.enabled and self.drawn:
            self.stream.write("\n")
            self.stream.flush()

    def say(self, text: str) -> None:
        """A line of its own (the bar is redrawn on the next tick)."""
        if self.enabled and self.drawn:
            self.stream.write("\r\033[K")
        self.stream.write(text + "\n")
        self.stream.flush()
