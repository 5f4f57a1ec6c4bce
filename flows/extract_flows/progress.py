"""Progress: events of each phase (``read: 5/6 documents (1 failed)``) sent to the run log and
to listeners in this process; :class:`ProgressPrinter` shows them on a terminal (a rich progress
display: one line per phase with its bar, rate and time left) and in a log file or pipe (one
plain line per event, that is per batch, with the rate and time left once known)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, ProgressColumn, Task, TaskID, TextColumn
from rich.progress import Progress as RichProgress
from rich.table import Column
from rich.text import Text

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


def pace(task: Task) -> str:
    """Rate and time left of an unfinished phase (``12.5/s, 0:00:42 left``), once rich has two
    samples to measure them from; ``""`` before that and when the phase is finished."""
    if task.finished or not task.speed:
        return ""
    left = task.time_remaining
    return f"{task.speed:.1f}/s" + (f", {timedelta(seconds=round(left))} left" if left is not None else "")


class _PaceColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        return Text(pace(task), style="progress.remaining")


class ProgressPrinter:
    """Shows progress events. On a terminal, a rich progress display: one line per phase
    (its message, a bar, rate and time left), updated in place. Elsewhere (a pipe, a log
    file, cron), one plain line per event, i.e. per batch, ending with the rate and time left
    once they are known. Rich measures the rate in both cases."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty()
        self._progress = RichProgress(  # fixed bar and pace: a long message is what gets cut
            BarColumn(bar_width=20, table_column=Column(width=20)),
            _PaceColumn(table_column=Column(width=21, no_wrap=True)),
            TextColumn("{task.description}", markup=False,
                       table_column=Column(ratio=1, no_wrap=True, overflow="ellipsis")),
            console=Console(file=self.stream, force_terminal=self.tty), auto_refresh=self.tty, expand=True)
        self._tasks: dict[str, TaskID] = {}
        self._lock = threading.Lock()

    def __call__(self, event: Progress) -> None:
        message = display(event.message)
        with self._lock:
            task = self._tasks.get(event.phase)
            if task is None:
                if self.tty and not self._tasks:
                    self._progress.start()
                task = self._tasks[event.phase] = self._progress.add_task(message, total=event.total)
            self._progress.update(task, completed=event.done, total=event.total, description=message)
            if not self.tty:
                now = pace(next(t for t in self._progress.tasks if t.id == task))
                self.stream.write(f"{message}; {now}\n" if now else f"{message}\n")
                self.stream.flush()

    def close(self) -> None:
        with self._lock:
            if self.tty and self._tasks:
                self._progress.stop()
