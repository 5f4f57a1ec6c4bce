"""Prefect 3 flows over the :mod:`extract` library.

- :func:`extract_flow`: report files -> ``documents.jsonl`` + ``errors.jsonl``.
- :func:`evaluate_flow`: gold records (and predictions, or a pipeline run over the gold
  texts) -> :class:`~extract.evaluation.scoring.EvalReport`, published as markdown and table artifacts
  (and, if asked, an HTML report).

The flows are thin: discovery, decoding, extraction, scoring and JSONL output all live in
:mod:`extract`. What lives here is orchestration: batching, one task per batch, a
per-process model cache, progress reporting and turning expected failures into
:class:`~extract.models.ErrorRecord` rows instead of crashed runs.

Progress goes to the Prefect run logger (INFO) and to any callback registered with
:func:`progress_listener` (the CLI uses this to print one line per phase).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import MissingContextError
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from extract.errors import ExtractError, InputError, display
from extract.evaluation.html import render_html, write_html
from extract.evaluation.scoring import EvalReport, evaluate, format_table
from extract.evaluation.tables import format_markdown, metric_rows
from extract.fs import write_file
from extract.ingest import Document, discover, doc_id_for, read_document
from extract.models import DocumentRecord, ErrorRecord
from extract.nlp.parallel import PIPE_BATCH_DOCS, n_workers, shared_pool
from extract.nlp.pipeline import build_nlp, pipeline_versions, process, warm_up
from extract.settings import Settings, resolve_settings
from extract.storage.jsonl import read_records
from extract.storage.store import OutputStore, RunSummary, pipeline_fingerprint

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "Progress",
    "Source",
    "build_deployment",
    "discover_sources",
    "evaluate_flow",
    "extract_flow",
    "get_nlp",
    "progress_listener",
    "register_nlp",
    "resolve_settings",
]

DOCUMENTS_FILE = "documents.jsonl"
ERRORS_FILE = "errors.jsonl"
ARTIFACT_KEY = "evaluation-report"
TABLE_ARTIFACT_KEY = "evaluation-metrics"

_fallback_logger = logging.getLogger("flows")
T = TypeVar("T")


# --------------------------------------------------------------------------- logging


class _NoTracebackForExpectedErrors(logging.Filter):
    """Drop the traceback from Prefect's run-failure log records when the exception is an
    :class:`ExtractError` (a user-facing failure with a one-line message). The record
    itself is kept, so nothing is hidden; unexpected exceptions keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, ExtractError):
            record.exc_info = None
            record.exc_text = None
            record.expected_error = True
        return True


class _OneLineOnTheConsole(logging.Filter):
    """Keep a run's failure through an :class:`ExtractError` off the console: the CLI prints
    it as its one ``error:`` line (the run log on the server still has it). Control
    characters in a message (a file name with a line break or an escape sequence) are shown
    escaped, so a line cannot fake others or move the cursor."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.name.startswith(("prefect.flow_runs", "prefect.task_runs")) and (
                getattr(record, "expected_error", False)
                or (record.levelno >= logging.ERROR and _ERROR_CODE.search(message))):
            return False
        if not message.isprintable():
            record.msg, record.args = display(message), None
        return True


_ERROR_CODE = re.compile(r"Error: \[E\d{3}\] ")


def _install_log_filter() -> None:
    for name in ("prefect.flow_runs", "prefect.task_runs"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _NoTracebackForExpectedErrors) for f in logger.filters):
            logger.addFilter(_NoTracebackForExpectedErrors())
    for handler in logging.getLogger().handlers:
        if type(handler).__name__ == "PrefectConsoleHandler" and not any(
                isinstance(f, _OneLineOnTheConsole) for f in handler.filters):
            handler.addFilter(_OneLineOnTheConsole())


_install_log_filter()


def _logger() -> logging.Logger | logging.LoggerAdapter[logging.Logger]:
    """The Prefect run logger inside a flow or task run, else a plain module logger."""
    try:
        return get_run_logger()
    except MissingContextError:
        return _fallback_logger


# --------------------------------------------------------------------------- progress


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


def _report(phase: str, done: int, total: int, message: str) -> None:
    _logger().info(message)
    event = Progress(phase, done, total, message)
    with _listeners_lock:
        listeners = list(_listeners)
    for callback in listeners:
        callback(event)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --------------------------------------------------------------------------- model cache

_models: dict[str, Language] = {}
_models_lock = threading.Lock()


def get_nlp(settings: Settings) -> Language:
    """The extraction pipeline for ``settings.model``, built once per process."""
    with _models_lock:
        nlp = _models.get(settings.model)
        if nlp is None:
            # warm the lazy parts now, while the Prefect server is still starting
            nlp = warm_up(build_nlp(settings))
            _models[settings.model] = nlp
            meta = nlp.meta
            _report(
                "model",
                1,
                1,
                f"model: loaded {meta.get('lang')}_{meta.get('name')} {meta.get('version')} "
                f"for {settings.model!r}",
            )
        return nlp


def _in_dask_worker() -> bool:
    if "distributed" not in sys.modules:  # a Dask worker has it; importing it costs ~1 s
        return False
    try:
        from distributed import get_worker

        get_worker()
        return True
    except (ImportError, ValueError):
        return False


def local_flow(settings: Settings) -> Any:
    """``extract_flow`` with as many batch tasks at once as there are worker processes."""
    n = n_workers(settings)
    if n == 1:
        return extract_flow
    # twice as many batch tasks as workers, so a worker never waits on task bookkeeping
    return extract_flow.with_options(task_runner=ThreadPoolTaskRunner(max_workers=2 * n))  # type: ignore[arg-type]


def register_nlp(model: str, nlp: Language) -> None:
    """Put an already built pipeline in the per-process cache under ``model`` (tests use
    this to share one loaded pipeline)."""
    with _models_lock:
        _models.setdefault(model, nlp)


# --------------------------------------------------------------------------- discovery


@dataclass(frozen=True)
class Source:
    """A file to read and the document id it gets."""

    path: str
    doc_id: str


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
                errors.append(
                    ErrorRecord(source=path.as_posix(), doc_id=doc_id, error="InputError", reason=reason)
                )
                continue
            ids[doc_id] = path.as_posix()
            sources.append(Source(path.as_posix(), doc_id))
    return sources, errors


def _error_record(source: str, doc_id: str | None, exc: Exception) -> ErrorRecord:
    reason = exc.message if isinstance(exc, ExtractError) else (str(exc) or type(exc).__name__)
    return ErrorRecord(source=source, doc_id=doc_id, error=type(exc).__name__, reason=reason)


def _batches(items: Sequence[T], size: int) -> list[list[T]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


# --------------------------------------------------------------------------- tasks


def _as_is(value: T) -> T:
    """``value`` in Prefect's ``quote``: the task receives it unchanged, and Prefect does not
    walk it looking for futures to resolve (on batches of documents that walk cost ~10% of
    the run's CPU)."""
    return cast(T, quote(value))


def _same(value: T) -> T:
    return value


def _local_runner() -> bool:
    """True when the current flow run submits tasks to threads of this process."""
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    return ctx is not None and isinstance(ctx.task_runner, ThreadPoolTaskRunner)



@task(name="discover-documents", cache_policy=NO_CACHE)
def discover_documents(paths: list[str]) -> tuple[list[Source], list[ErrorRecord]]:
    sources, errors = discover_sources(paths)
    for e in errors:
        _logger().warning("skipped %s: %s", e.source, e.reason)
    found = len(sources) + len(errors)
    _report("discover", found, found, f"discover: {_plural(found, 'file')} under {', '.join(paths)}")
    return sources, errors


def _transient(task: Any, task_run: Any, state: Any) -> bool:
    """Retry I/O tasks on OS-level failures only (a full disk, a flaky mount), never on a
    document the user must fix."""
    try:
        state.result()
    except ExtractError:
        return False
    except OSError:
        return True
    except Exception:
        return False
    return False


@task(name="read-documents", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1,
      retry_condition_fn=_transient)
def read_documents(sources: list[Source], max_chars: int, done_before: int = 0,
                   failed_before: int = 0, total: int | None = None,
                   ) -> tuple[list[Document], list[ErrorRecord]]:
    """Read and decode each file; an unreadable one becomes an :class:`ErrorRecord`.
    ``done_before``, ``failed_before`` and ``total`` place this batch in the run (progress)."""
    logger = _logger()
    documents: list[Document] = []
    errors: list[ErrorRecord] = []
    for source in sources:
        try:
            documents.append(read_document(Path(source.path), source.doc_id, max_chars))
        except InputError as exc:
            errors.append(_error_record(source.path, source.doc_id, exc))
            logger.warning("skipped %s", exc.message)
    done = done_before + len(sources)
    total = len(sources) if total is None else total
    failed = failed_before + len(errors)
    _report("read", done, total, f"read: {done}/{total} documents ({failed} failed)")
    return documents, errors


@dataclass(frozen=True)
class BatchInfo:
    """Where a batch sits in the run (for progress): batch ``index`` of ``n_batches``,
    after ``done_before`` documents of ``total``."""

    index: int = 1
    n_batches: int = 1
    done_before: int = 0
    total: int | None = None


@task(name="extract-batch", cache_policy=NO_CACHE, task_run_name="extract-batch-{info.index}")
def extract_batch(
    documents: list[Document],
    settings: Settings,
    info: BatchInfo = BatchInfo(),
    include_text: bool = True,
) -> list[DocumentRecord | ErrorRecord]:
    """Run the pipeline over one batch (the model is loaded once per process); a document
    that fails becomes an :class:`ErrorRecord`."""
    logger = _logger()
    if settings.n_process != 1 and not _in_dask_worker():
        # a persistent pool of worker processes, each with its own model, loaded once
        results = shared_pool(settings).run(documents, include_text)
    else:
        results = list(process(get_nlp(settings), documents, batch_size=PIPE_BATCH_DOCS,
                               n_process=1, include_text=include_text,
                               timeout=settings.doc_timeout))
    for r in results:
        if isinstance(r, ErrorRecord):
            logger.warning("failed %s: %s: %s", r.source, r.error, r.reason)
    return results


def _report_batch(info: BatchInfo, size: int, failed: int) -> None:
    """Progress after batch ``info`` (``size`` documents, ``failed`` failures so far)."""
    total = info.total if info.total is not None else size
    done = info.done_before + size
    batch = f"batch {info.index}/{info.n_batches}, " if info.n_batches > 1 else ""
    _report("extract", done, total, f"extract: {done}/{total} documents ({batch}{failed} failed)")


def _run_batches(
    documents: list[Document], settings: Settings, include_text: bool
) -> tuple[list[DocumentRecord], list[ErrorRecord]]:
    records: list[DocumentRecord] = []
    errors: list[ErrorRecord] = []
    batches = _batches(documents, settings.batch_size)
    done = 0
    for i, batch in enumerate(batches, 1):
        info = BatchInfo(i, len(batches), done, len(documents))
        for r in extract_batch(_as_is(batch), settings, info, include_text):
            if isinstance(r, DocumentRecord):
                records.append(r)
            else:
                errors.append(r)
        _report_batch(info, len(batch), len(errors))
        done += len(batch)
    if not batches:
        _report("extract", 0, 0, "extract: 0/0 documents")
    return records, errors


@task(name="save-batch", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1,
      retry_condition_fn=_transient)
def save_batch(out: str, records: list[DocumentRecord], pipeline_id: str, run_id: str,
               sources: dict[str, str]) -> int:
    """Write each record of a batch (atomically) and its manifest line."""
    store = OutputStore(Path(out))
    current = store.current()
    for r in records:
        store.save(r, sources.get(r.doc_id, r.source), pipeline_id, run_id, current)
    return len(records)


@task(name="write-outputs", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1,
      retry_condition_fn=_transient)
def write_outputs(out: str, errors: list[ErrorRecord], doc_ids: list[str],
                  summary: RunSummary, expected: list[str] | None = None) -> dict[str, str]:
    """Rebuild ``documents.jsonl`` and ``errors.jsonl`` (checking that every document in
    ``expected`` has its record); write the run summary."""
    store = OutputStore(Path(out))
    n = store.rebuild(errors, doc_ids, expected or ())
    summary_path = store.write_summary(summary)
    _logger().info("wrote %d records to %s/%s, %d errors", n, out, DOCUMENTS_FILE, len(errors))
    return {"documents_path": (Path(out) / DOCUMENTS_FILE).as_posix(),
            "errors_path": (Path(out) / ERRORS_FILE).as_posix(),
            "summary_path": summary_path.as_posix()}


@task(name="read-records", cache_policy=NO_CACHE)
def load_records(path: str | list[str], what: str = "gold") -> list[DocumentRecord]:
    paths = [path] if isinstance(path, str) else path
    records = read_records([Path(p) for p in paths])
    where = ", ".join(paths)
    _report(what, len(records), len(records), f"{what}: {_plural(len(records), 'document')} from {where}")
    return records


@task(name="score", cache_policy=NO_CACHE)
def score(gold: list[DocumentRecord], pred: list[DocumentRecord]) -> EvalReport:
    report = evaluate(gold, pred)
    micro = report.mentions["micro"].overlap
    _report(
        "evaluate",
        report.gold_docs,
        report.gold_docs,
        f"evaluate: {_plural(report.gold_docs, 'gold document')} scored "
        f"(micro F1 {micro.f1:.3f}, {_plural(len(report.errors), 'error')})",
    )
    return report


@task(name="publish-report", cache_policy=NO_CACHE)
def publish_report(report: EvalReport, gold: str | list[str], pred: str | None) -> None:
    """Publish the scores as a markdown artifact (``evaluation-report``) and a table
    artifact (``evaluation-metrics``); a failure here is logged, never fatal."""
    against = pred if pred is not None else "a pipeline run over the gold texts"
    markdown = (
        f"# Evaluation\n\nGold: `{gold}`; predictions: {against}.\n\n{format_markdown(report)}\n\n"
        f"```text\n{format_table(report)}\n```\n"
    )
    try:
        create_markdown_artifact(
            key=ARTIFACT_KEY, markdown=markdown, description="Mention, normalization, people and case scores"
        )
    except Exception as exc:
        _logger().warning("could not publish the evaluation artifact: %s: %s", type(exc).__name__, exc)
    try:
        create_table_artifact(
            key=TABLE_ARTIFACT_KEY, table=metric_rows(report),
            description="Precision, recall, F1, counts per label (overlap; exact beside), people, cases",
        )
    except Exception as exc:
        _logger().warning("could not publish the metrics table artifact: %s: %s", type(exc).__name__, exc)


@task(name="write-html-report", cache_policy=NO_CACHE)
def write_html_report(report: EvalReport, gold_records: list[DocumentRecord],
                      pred_records: list[DocumentRecord], path: str, gold: str | list[str],
                      pred: str | None) -> str:
    """Write the self-contained HTML report (:mod:`extract.evaluation.html`) to ``path``."""
    gold_name = gold if isinstance(gold, str) else " ".join(gold)
    page = render_html(report, gold_records, pred_records, gold_source=gold_name,
                       pred_source=pred if pred is not None else "a pipeline run over the gold texts")
    write_html(Path(path), page)
    _logger().info("wrote the HTML report to %s", path)
    return path


# --------------------------------------------------------------------------- flows


def _run_id() -> str:
    try:
        from prefect.runtime import flow_run

        rid = flow_run.id
    except Exception:
        rid = None
    return str(rid) if rid else uuid.uuid4().hex


def _summary_markdown(summary: RunSummary) -> str:
    rows = "\n".join(f"| {k} | {v} |" for k, v in summary.as_dict().items()
                     if not isinstance(v, dict))
    timings = ", ".join(f"{k} {v:.2f}s" for k, v in summary.timings.items())
    return f"# Run summary\n\n| field | value |\n| --- | --- |\n{rows}\n\nTimings: {timings}\n"


@flow(name="extract", task_runner=ThreadPoolTaskRunner(max_workers=1))  # type: ignore[arg-type]
def extract_flow(
    paths: list[str],
    out: str,
    settings: dict[str, Any] | None = None,
    include_text: bool = True,
    locked: bool = False,
) -> dict[str, Any]:
    """Extract records from the report files under ``paths`` into ``out`` (incremental).

    Documents whose content the output folder has already processed with the same
    pipeline are skipped; changed ones are processed again under the same doc id. One task
    per batch of documents (``nlp.pipe`` over the batch, model loaded once per worker
    process); records are saved as each batch finishes, so an interrupted run loses at
    most the batches in flight. ``out/documents.jsonl`` holds the current record of every
    document under ``paths``; failures go to ``out/errors.jsonl``; the run summary to
    ``out/runs/<run-id>.json`` and the ``run-summary`` markdown artifact. The flow holds
    ``out``'s lock while it runs, unless ``locked`` says the caller holds it (the CLI takes
    it before the model loads, so a busy folder is refused at once).
    Returns the summary counts and the output paths.
    """
    started = time.perf_counter()
    cfg = resolve_settings(settings)
    store = OutputStore(Path(out))
    if not locked:
        store.lock()
    try:
        run_id = _run_id()
        nlp_versions = {"extract": "", "model": cfg.model}
        summary = RunSummary(run_id=run_id,
                             started_at=datetime.now(UTC).isoformat(timespec="seconds"),
                             model=cfg.model)
        sources, errors = discover_documents(paths)
        summary.seen = len(sources) + len(errors)
        summary.pipeline = pipeline_id = pipeline_fingerprint(cfg.model)
        current = store.current()
        # Streamed: each batch of files is read, checked against the output folder and
        # handed to the pipeline while the batches before it are still being extracted;
        # at most `window` batches are in memory at once, whatever the corpus size.
        window = max(4, 2 * n_workers(cfg))
        wrap = _as_is if _local_runner() else _same  # Dask would hand a quote's bare tuple
        pending: deque[tuple[Any, BatchInfo, int, dict[str, str]]] = deque()
        doc_ids: list[str] = []
        expected: list[str] = []  # processed or unchanged: each must end with its record
        read_failed = handled = reported = 0  # reported: documents in extract progress
        batches = _batches(sources, cfg.batch_size)
        t_read = 0.0
        t0 = time.perf_counter()

        def save_oldest() -> None:
            nonlocal reported
            future, info, size, src = pending.popleft()
            results = future.result()
            records = [r for r in results if isinstance(r, DocumentRecord)]
            errors.extend(r for r in results if isinstance(r, ErrorRecord))
            expected.extend(r.doc_id for r in records)
            save_batch(out, _as_is(records), pipeline_id, run_id, _as_is(src))
            summary.processed += len(records)
            _report_batch(info, size, len(errors))
            reported = info.done_before + size

        for i, batch in enumerate(batches, 1):
            t = time.perf_counter()
            documents, read_errors = read_documents(wrap(batch), cfg.max_doc_chars, handled,
                                                    read_failed, len(sources))
            t_read += time.perf_counter() - t
            read_failed += len(read_errors)
            errors.extend(read_errors)
            doc_ids.extend(d.doc_id for d in documents)
            todo = [d for d in documents
                    if not store.is_done(d.doc_id, d.sha256, pipeline_id, current)]
            summary.skipped += len(documents) - len(todo)
            todo_ids = {d.doc_id for d in todo}
            expected.extend(d.doc_id for d in documents if d.doc_id not in todo_ids)
            info = BatchInfo(i, len(batches), handled + len(batch) - len(todo), len(sources))
            handled += len(batch)
            if todo:
                pending.append((extract_batch.submit(wrap(todo), cfg, info, include_text), info,
                                len(todo), {d.doc_id: d.source for d in todo}))
            elif not pending:
                _report_batch(info, 0, len(errors))
                reported = info.done_before
            while len(pending) > window:  # consume in order; a saved batch is dropped
                save_oldest()
        if summary.skipped:
            _report("skip", summary.skipped, len(doc_ids),
                    f"skip: {summary.skipped}/{len(doc_ids)} documents unchanged")
        while pending:
            save_oldest()
        if not batches:
            _report("read", 0, 0, "read: 0/0 documents")
            _report("extract", 0, 0, "extract: 0/0 documents to process")
        elif reported < handled:  # the last batches had nothing left to extract
            last = BatchInfo(len(batches), len(batches), handled, len(sources))
            _report_batch(last, 0, len(errors))
        summary.timings["read"] = t_read
        summary.timings["extract"] = time.perf_counter() - t0
        summary.failed = len(errors)
        nlp_versions.update(pipeline_versions(cfg.model))
        summary.versions = {k: v for k, v in nlp_versions.items() if v}
        summary.finished_at = datetime.now(UTC).isoformat(timespec="seconds")
        summary.seconds = round(time.perf_counter() - started, 3)
        written = write_outputs(out, _as_is(errors), _as_is(doc_ids), summary, _as_is(expected))
        try:
            create_markdown_artifact(key="run-summary", markdown=_summary_markdown(summary),
                                     description=summary.line())
        except Exception as exc:
            _logger().warning("could not publish the run summary artifact: %s", exc)
    finally:
        store.unlock()
    return {
        "documents": summary.seen,
        "succeeded": summary.processed + summary.skipped,
        "failed": summary.failed,
        "summary": summary.as_dict(),
        "summary_line": summary.line(),
        **written,
    }


def build_deployment(inbox: str, out: str, cron: str = "0 2 * * *", name: str = "nightly",
                     settings: dict[str, Any] | None = None) -> Any:
    """The batch flow as a deployment on a cron schedule (default: daily at 02:00)."""
    return extract_flow.to_deployment(
        name=name, cron=cron,
        parameters={"paths": [inbox], "out": out, "settings": settings or {}},
        description=f"Extract new or changed reports from {inbox} into {out}",
    )


def with_dask(address: str | None = None, n_workers: int = 2) -> Any:
    """``extract_flow`` running its batch tasks on prefect-dask's DaskTaskRunner: the
    cluster at ``address``, or a local cluster of ``n_workers`` processes."""
    from prefect_dask import DaskTaskRunner

    if address:
        runner = DaskTaskRunner(address=address)
    else:
        # on loopback only, the (unauthenticated) dashboard too, on a free port
        runner = DaskTaskRunner(cluster_kwargs={"n_workers": n_workers, "processes": True,
                                                "threads_per_worker": 1, "host": "127.0.0.1",
                                                "dashboard_address": "127.0.0.1:0"})
    return extract_flow.with_options(task_runner=runner)  # type: ignore[arg-type]


def _gold_document(record: DocumentRecord) -> Document:
    if record.text is None:
        raise InputError(
            f"gold record {record.doc_id!r} has no text, so the pipeline cannot be run on it "
            "(pass predictions with --pred)"
        )
    return Document(
        doc_id=record.doc_id,
        source=record.source,
        text=record.text,
        sha256=hashlib.sha256(record.text.encode("utf-8")).hexdigest(),
    )


@flow(name="evaluate")
def evaluate_flow(
    gold: str | list[str],
    pred: str | None = None,
    out: str | None = None,
    settings: dict[str, Any] | None = None,
    html: str | None = None,
) -> EvalReport:
    """Score predictions against gold records (JSONL files or folders of them).

    Without ``pred`` the pipeline is run over the gold documents' own text (doc ids and
    sources from the gold records). ``out``, if given, is where the report JSON is written;
    ``html``, where the HTML report is written. The scores are published as the markdown
    artifact ``evaluation-report`` and the table artifact ``evaluation-metrics``.
    """
    gold_records = load_records(gold, "gold")
    if not gold_records:
        raise InputError(f"{gold}: no gold records found (expected *.jsonl)")
    if pred is None:
        cfg = resolve_settings(settings)
        documents = [_gold_document(r) for r in gold_records]
        pred_records, errors = _run_batches(documents, cfg, include_text=False)
        for e in errors:
            _logger().warning("no prediction for %s: %s", e.doc_id, e.reason)
    else:
        pred_records = load_records(pred, "pred")
    report = score(_as_is(gold_records), _as_is(pred_records))
    publish_report(_as_is(report), gold, pred)
    if out is not None:
        write_file(Path(out), report.model_dump_json(indent=2) + "\n")
    if html is not None:
        write_html_report(_as_is(report), _as_is(gold_records), _as_is(pred_records), html, gold, pred)
    return report
