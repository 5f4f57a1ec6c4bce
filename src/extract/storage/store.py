"""The output folder of batch runs: incremental, idempotent and crash-safe.

Layout of ``OUT/``::

    documents.jsonl        one line per document: its current record (rebuilt each run)
    errors.jsonl           documents that failed in the latest run, with the reason
    manifest.jsonl         append-only: one line per processed version of a document
    records/<doc_id>.json  the current record of each document (written atomically)
    runs/<run-id>.json     the summary of each run
    .lock                  held (filelock) while a run writes here
    .lock.pid              who holds it ("pid 1234"), for the message of a refused run

A document is skipped when the manifest holds its content hash (sha256) processed by the
same pipeline fingerprint. Every write is a temp file + fsync + rename, or the append of a
whole line + fsync, so ``kill -9`` at any moment leaves only complete files; the next run
finishes the work, and ``documents.jsonl`` is rebuilt from ``records/`` so nothing is
doubled. Two runs on one folder: the second gets :class:`LockedError`.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from filelock import FileLock, Timeout

from extract import __version__
from extract.errors import ExtractError, display
from extract.fs import atomic_write
from extract.models import DocumentRecord, ErrorRecord, with_mention_ids
from extract.rules import resource_files
from extract.storage.jsonl import write_jsonl

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")


class IntegrityError(ExtractError):
    """The output folder does not hold one record per document of the run."""

    code = "E005"


class LockedError(ExtractError):
    """Another run holds the output folder."""

    code = "E004"


class OutputError(ExtractError):
    """The output folder cannot be written: disk full, a file where a folder must be, no
    permission. The run stops; what was written before stays, nothing is half-written."""

    code = "E006"


def _writes(method: Callable[P, R]) -> Callable[P, R]:
    """An :class:`OSError` of ``method`` becomes one :class:`OutputError` line."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except OSError as exc:
            where = exc.filename if exc.filename is not None else getattr(args[0], "out", "")
            reason = exc.strerror or errno.errorcode.get(exc.errno or 0) or str(exc)
            raise OutputError(f"{display(str(where))}: cannot write ({reason})") from None

    return wrapper


def pipeline_fingerprint(model: str) -> str:
    """Identifies what produced a record: package version, model and every rule file, so a
    changed rule re-processes documents on the next run."""
    h = hashlib.sha256(f"{__version__}|{model}".encode())
    for name, data in resource_files():
        h.update(name.encode())
        h.update(data)
    return h.hexdigest()[:16]


def safe_name(doc_id: str) -> str:
    """A file name for a doc id that cannot leave its folder (no separators, no dots-only)
    and cannot collide: a readable prefix (at most 80 characters) and the full sha256 of
    the id, so two ids that share a long prefix or differ only in replaced characters
    ("a b", "a_b") get different names."""
    cleaned = (_SAFE.sub("_", doc_id).strip("._") or "doc")[:80]
    return f"{cleaned}-{hashlib.sha256(doc_id.encode()).hexdigest()}"


@dataclass
class ManifestEntry:
    doc_id: str
    sha256: str
    source: str
    pipeline: str
    run_id: str
    processed_at: str
    version: int


@dataclass
class RunSummary:
    """Counts and timings of one run (``runs/<run_id>.json``)."""

    run_id: str
    started_at: str
    finished_at: str | None = None
    seconds: float | None = None
    seen: int = 0
    processed: int = 0
    skipped: int = 0
    failed: int = 0
    pipeline: str = ""
    model: str = ""
    versions: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        return (f"run {self.run_id}: {self.seen} seen, {self.processed} processed, "
                f"{self.skipped} skipped (unchanged), {self.failed} failed "
                f"in {self.seconds or 0:.1f}s")

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class OutputStore:
    """The output folder of batch runs (see the module docstring)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.records_dir = out / "records"
        self.runs_dir = out / "runs"
        self.manifest_path = out / "manifest.jsonl"
        self._lock: FileLock | None = None

    # -- locking -------------------------------------------------------------------------
    @_writes
    def lock(self) -> None:
        """Take the folder's lock or raise :class:`LockedError` at once."""
        self.out.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.out / ".lock")
        holder = self.out / ".lock.pid"
        try:
            lock.acquire(blocking=False)
        except Timeout:
            try:
                who = holder.read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError):
                who = ""
            raise LockedError(f"{self.out}: another run is writing here ({who or 'another process'}); "
                              "wait for it to finish") from None
        self._lock = lock
        try:
            atomic_write(holder, f"pid {os.getpid()}")
        except OSError:
            self.unlock()
            raise
        for stale in [*self.out.glob(".*.tmp"), *self.records_dir.glob(".*.tmp")]:
            stale.unlink(missing_ok=True)  # left by a run that was killed

    def unlock(self) -> None:
        if self._lock is not None:
            with suppress(OSError):
                (self.out / ".lock.pid").unlink(missing_ok=True)
            self._lock.release()
            self._lock = None

    def __enter__(self) -> OutputStore:
        self.lock()
        return self

    def __exit__(self, *exc: object) -> None:
        self.unlock()

    # -- manifest ------------------------------------------------------------------------
    def manifest(self) -> Iterator[ManifestEntry]:
        """Entries of the manifest. A line that is torn (crash mid-append), undecodable or not
        an entry is skipped with a warning: its document is simply processed again."""
        if not self.manifest_path.exists():
            return
        with self.manifest_path.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                try:
                    yield ManifestEntry(**json.loads(raw.decode("utf-8")))
                except (UnicodeDecodeError, json.JSONDecodeError, TypeError, ValueError):
                    if raw.strip():
                        log.warning("%s: line %d is damaged and skipped (its document is "
                                    "processed again)", self.manifest_path, number)

    def current(self) -> dict[str, ManifestEntry]:
        """The latest manifest entry per doc id whose record file exists."""
        latest: dict[str, ManifestEntry] = {}
        for e in self.manifest():
            latest[e.doc_id] = e
        return {k: v for k, v in latest.items() if self.record_path(k).exists()}

    def is_done(self, doc_id: str, sha256: str, pipeline: str,
                current: dict[str, ManifestEntry]) -> bool:
        e = current.get(doc_id)
        return e is not None and e.sha256 == sha256 and e.pipeline == pipeline

    def record_path(self, doc_id: str) -> Path:
        return self.records_dir / f"{safe_name(doc_id)}.json"

    @_writes
    def save(self, record: DocumentRecord, source: str, pipeline: str, run_id: str,
             current: dict[str, ManifestEntry]) -> ManifestEntry:
        """Write a record (atomically), with its mention ids (:func:`with_mention_ids`) and
        the run's metadata, then its manifest line (append + fsync)."""
        sha = str(getattr(record, "sha256", "") or "")
        prev = current.get(record.doc_id)
        version = (prev.version + (0 if prev.sha256 == sha else 1)) if prev else 1
        entry = ManifestEntry(record.doc_id, sha, source, pipeline, run_id,
                              datetime.now(UTC).isoformat(timespec="seconds"), version)
        data = with_mention_ids(record).model_dump(mode="json")
        data.update(version=version, run_id=run_id, pipeline=pipeline,
                    processed_at=entry.processed_at)
        atomic_write(self.record_path(record.doc_id), json.dumps(data, ensure_ascii=False))
        self._append(json.dumps(entry.__dict__, ensure_ascii=False))
        current[record.doc_id] = entry
        return entry

    def _append(self, line: str) -> None:
        """Append one manifest line (fsynced), on a fresh line even after a torn one."""
        with self.manifest_path.open("a+b") as handle:
            size = handle.seek(0, os.SEEK_END)
            if size:
                handle.seek(size - 1)
                if handle.read(1) != b"\n":
                    handle.write(b"\n")
            try:
                handle.write(line.encode("utf-8") + b"\n")
                handle.flush()
                os.fsync(handle.fileno())
            except OSError:
                with suppress(OSError):  # no torn line left behind (when the disk allows)
                    handle.truncate(size)
                raise

    # -- outputs -------------------------------------------------------------------------
    @_writes
    def rebuild(self, errors: list[ErrorRecord], doc_ids: Iterable[str] | None = None,
                expected: Iterable[str] = ()) -> int:
        """Rebuild ``documents.jsonl`` (one line per current record, streamed from
        ``records/``; only ``doc_ids`` when given, in doc-id order) and ``errors.jsonl``.

        Every doc id in ``expected`` (the documents this run processed or found unchanged)
        must come out as exactly one line holding its own record, else
        :class:`IntegrityError`: a document is never lost silently."""
        if doc_ids is None:
            paths = sorted(self.records_dir.glob("*.json"))
        else:  # a document that failed this run may have no record
            paths = [p for d in sorted(set(doc_ids)) if (p := self.record_path(d)).exists()]
        written: list[str] = []

        def lines() -> Iterator[dict[str, Any]]:
            for path in paths:
                data = json.loads(path.read_text(encoding="utf-8"))
                written.append(str(data.get("doc_id")))
                yield data

        n = write_jsonl(self.out / "documents.jsonl", lines())
        write_jsonl(self.out / "errors.jsonl", errors)
        if doc_ids is not None:
            wrong = [d for d, p in zip(written, paths, strict=True) if self.record_path(d) != p]
            missing = set(expected) - set(written)
            if wrong or missing or len(set(written)) != len(written):
                raise IntegrityError(
                    f"{self.out}: {n} records written but {len(set(expected))} documents were "
                    f"expected (missing: {sorted(missing)[:5]}, misplaced: {wrong[:5]})")
        return n

    @_writes
    def write_summary(self, summary: RunSummary) -> Path:
        path = self.runs_dir / f"{_SAFE.sub('_', summary.run_id)}.json"  # a uuid: safe as is
        atomic_write(path, json.dumps(summary.as_dict(), indent=2) + "\n")
        return path
