"""Progress: events of each phase (``read: 5/6 documents (1 failed)``) sent to the run log and
to listeners in this process; :class:`ProgressPrinter` shows them on a terminal (one line per
phase, updated in place) and in a log file or pipe (each finished phase)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO

from extract.errors import display


@dataclass(frozen=True)
class Progress:
    """One progress event: ``done`` of ``total`` units of ``phase``; ``message`` is the
    human-readable line (``"read: 5/6 documents (1 failed)"``)."""

    phase: str
    done: int
    total: int
    message: str


ProgressCallback = Callable[[Progress], None]


_listeners: list[ProgressCallback] = []


_listeners_lock = threading.Lock()


@contextmanager
def progress_listener(callback: ProgressCallback) -> Iterator[None]:
    """Call ``callback`` with every :class:`Progress` event reported while the block runs
    (from any thread of this process)."""
    with _listeners_lock:
        _listeners.append(callback)
    try:
        yield
    finally:
        with _listeners_lock:
            _listeners.remove(callback)


def report_progress(phase: str, done: int, total: int, message: str) -> None:
    """Send one progress event to the run log (INFO) and to every listener."""
    from extract_flows.runtime import logger

    logger().info(message)
    event = Progress(phase, done, total, message)
    with _listeners_lock:
        listeners = list(_listeners)
    for callback in listeners:
        callback(event)


class ProgressPrinter:
    """Prints one line per phase: on a terminal the line is updated in place while the
    phase runs; otherwise only the line of a finished phase is printed."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty()
        self._open = False  # a partial line is on screen

    def __call__(self, event: Progress) -> None:
        finished = event.done >= event.total
        if self.tty:
            end = "\n" if finished else ""
            self.stream.write(f"\r\033[K{display(event.message)}{end}")
            self._open = not finished
        elif finished:
            self.stream.write(display(event.message) + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False
