"""The incremental batch run, without Prefect: discover report files, read them in batches,
skip what the output folder already holds for the same content and pipeline, hand the rest
to the extractor, save each batch's records as it finishes.

The orchestrator (the Prefect flow in ``extract_flows.extract``, or a plain loop) supplies
the steps that may run elsewhere as :class:`RunSteps`: reading a batch, submitting a batch for
extraction (returning something with ``result()``: a Prefect future, a
``concurrent.futures.Future``), saving records, reporting progress. The run is streamed: at
most ``window`` batches are in flight at once, whatever the corpus size, and records are
saved batch by batch in order, so an interrupted run loses at most the batches in flight.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, TypeVar

from extract.errors import ExtractError, InputError
from extract.ingest import Document, discover, doc_id_for, read_document
from extract.models import DocumentRecord, ErrorRecord
from extract.storage.store import OutputStore, RunSummary

T = TypeVar("T")
Result = DocumentRecord | ErrorRecord


@dataclass(frozen=True)
class Source:
    """A file to read and the document id it gets."""

    path: str
    doc_id: str


@dataclass(frozen=True)
class BatchInfo:
    """Where a batch sits in the run (for progress): batch ``index`` of ``n_batches``,
    after ``done_before`` documents of ``total``."""

    index: int = 1
    n_batches: int = 1
    done_before: int = 0
    total: int | None = None


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def batches(items: Sequence[T], size: int) -> list[list[T]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def error_record(source: str, doc_id: str | None, exc: Exception) -> ErrorRecord:
    """The error row of a document that could not be read or processed."""
    reason = exc.message if isinstance(exc, ExtractError) else (str(exc) or type(exc).__name__)
    return ErrorRecord(source=source, doc_id=doc_id, error=type(exc).__name__, reason=reason)


def discover_sources(paths: Sequence[str]) -> tuple[list[Source], list[ErrorRecord]]:
    """Report files under ``paths`` with their doc ids (relative to the folder given).

    A file reached twice (the same file through two given paths) is kept once; a second
    file whose doc id is already taken becomes an :class:`ErrorRecord`. A path that does
    not exist raises :class:`InputError`.
    """
    sources: list[Source] = []
    errors: list[ErrorRecord] = []
    seen: set[Path] = set()
    ids: dict[str, str] = {}
    for given in paths:
        root = Path(given)
        for path in discover([root]):
            resolved = Path(os.path.realpath(path))  # never raises, even on a link loop
            if resolved in seen:
                continue
            seen.add(resolved)
            doc_id = doc_id_for(path, root)
            if doc_id in ids:
                reason = f"duplicate doc_id {doc_id!r} (already used by {ids[doc_id]})"
                errors.append(ErrorRecord(source=path.as_posix(), doc_id=doc_id,
                                          error="InputError", reason=reason))
                continue
            ids[doc_id] = path.as_posix()
            sources.append(Source(path.as_posix(), doc_id))
    return sources, errors


def read_sources(sources: Sequence[Source], max_chars: int) -> tuple[list[Document], list[ErrorRecord]]:
    """Read and decode each file; an unreadable one becomes an :class:`ErrorRecord`."""
    documents: list[Document] = []
    errors: list[ErrorRecord] = []
    for source in sources:
        try:
            documents.append(read_document(Path(source.path), source.doc_id, max_chars))
        except InputError as exc:
            errors.append(error_record(source.path, source.doc_id, exc))
    return documents, errors


def batch_progress(info: BatchInfo, size: int, failed: int) -> tuple[str, int, int, str]:
    """The progress event after batch ``info`` (``size`` documents, ``failed`` so far)."""
    total = info.total if info.total is not None else size
    done = info.done_before + size
    batch = f"batch {info.index}/{info.n_batches}, " if info.n_batches > 1 else ""
    return "extract", done, total, f"extract: {done}/{total} documents ({batch}{failed} failed)"


class Pending(Protocol):
    def result(self) -> list[Result]: ...


class Report(Protocol):
    def __call__(self, phase: str, done: int, total: int, message: str) -> None: ...


@dataclass
class RunSteps:
    """What the orchestrator supplies. ``read(batch, done_before, failed_before, total)``;
    ``submit(documents, info)`` starts an extraction; ``save(records, sources_by_doc_id)``."""

    read: Callable[[list[Source], int, int, int], tuple[list[Document], list[ErrorRecord]]]
    submit: Callable[[list[Document], BatchInfo], Pending]
    save: Callable[[list[DocumentRecord], dict[str, str]], object]
    report: Report


def new_summary(run_id: str, model: str, pipeline: str) -> RunSummary:
    return RunSummary(run_id=run_id, started_at=datetime.now(UTC).isoformat(timespec="seconds"),
                      model=model, pipeline=pipeline)


@dataclass
class IncrementalRun:
    """One run over ``sources`` into ``store`` (see the module docstring)."""

    store: OutputStore
    steps: RunSteps
    summary: RunSummary
    batch_size: int
    window: int = 4
    errors: list[ErrorRecord] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)  # every document read, in order
    expected: list[str] = field(default_factory=list)  # processed or unchanged: each must have its record
    _pending: deque[tuple[Pending, BatchInfo, int, dict[str, str]]] = field(default_factory=deque)
    _reported: int = 0  # documents the extract progress has counted

    def run(self, sources: list[Source]) -> None:
        """Read, skip, extract and save every batch of ``sources``; afterwards ``errors``,
        ``doc_ids``, ``expected`` and the summary's counts and timings are complete."""
        self.summary.seen = len(sources) + len(self.errors)
        current = self.store.current()
        chunks = batches(sources, self.batch_size)
        handled = read_failed = 0
        t_read, t0 = 0.0, time.perf_counter()
        for i, batch in enumerate(chunks, 1):
            t = time.perf_counter()
            documents, read_errors = self.steps.read(batch, handled, read_failed, len(sources))
            t_read += time.perf_counter() - t
            read_failed += len(read_errors)
            self.errors.extend(read_errors)
            self.doc_ids.extend(d.doc_id for d in documents)
            todo = [d for d in documents if not self.store.is_done(
                d.doc_id, d.sha256, self.summary.pipeline, current)]
            self.summary.skipped += len(documents) - len(todo)
            todo_ids = {d.doc_id for d in todo}
            self.expected.extend(d.doc_id for d in documents if d.doc_id not in todo_ids)
            info = BatchInfo(i, len(chunks), handled + len(batch) - len(todo), len(sources))
            handled += len(batch)
            self._submit(todo, info)
            while len(self._pending) > self.window:  # consume in order; a saved batch is dropped
                self._save_oldest()
        self._finish(len(chunks), handled, len(sources))
        self.summary.timings["read"] = t_read
        self.summary.timings["extract"] = time.perf_counter() - t0
        self.summary.failed = len(self.errors)

    def _submit(self, todo: list[Document], info: BatchInfo) -> None:
        if todo:
            self._pending.append((self.steps.submit(todo, info), info, len(todo),
                                  {d.doc_id: d.source for d in todo}))
        elif not self._pending:
            self.steps.report(*batch_progress(info, 0, len(self.errors)))
            self._reported = info.done_before

    def _save_oldest(self) -> None:
        future, info, size, src = self._pending.popleft()
        results = future.result()
        records = [r for r in results if isinstance(r, DocumentRecord)]
        self.errors.extend(r for r in results if isinstance(r, ErrorRecord))
        self.expected.extend(r.doc_id for r in records)
        self.steps.save(records, src)
        self.summary.processed += len(records)
        self.steps.report(*batch_progress(info, size, len(self.errors)))
        self._reported = info.done_before + size

    def _finish(self, n_batches: int, handled: int, total: int) -> None:
        report, skipped = self.steps.report, self.summary.skipped
        if skipped:
            report("skip", skipped, len(self.doc_ids),
                   f"skip: {skipped}/{len(self.doc_ids)} documents unchanged")
        while self._pending:
            self._save_oldest()
        if not n_batches:
            report("read", 0, 0, "read: 0/0 documents")
            report("extract", 0, 0, "extract: 0/0 documents to process")
        elif self._reported < handled:  # the last batches had nothing left to extract
            report(*batch_progress(BatchInfo(n_batches, n_batches, handled, total), 0,
                                   len(self.errors)))
