"""The batch flow: report files -> ``documents.jsonl`` + ``errors.jsonl`` (incremental).

The run itself (streaming, skipping unchanged documents, saving batch by batch) is
:class:`extract.runner.IncrementalRun`; this module gives it Prefect tasks for each step
(retries on OS-level failures, one task per batch, a task runner of threads or Dask), the
run summary artifact and the deployment.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

import extract_flows.entrypoint  # noqa: F401  (first: lets Prefect load this file by its path)
from extract.errors import ExtractError, InputError
from extract.ingest import Document, skipped_files
from extract.models import DocumentRecord, ErrorRecord
from extract.nlp.parallel import PIPE_BATCH_DOCS, n_workers, shared_pool
from extract.nlp.pipeline import pipeline_versions, process
from extract.runner import (
    BatchInfo,
    IncrementalRun,
    RunSteps,
    Source,
    discover_sources,
    new_summary,
    plural,
    read_sources,
)
from extract.settings import Settings, resolve_settings
from extract.storage.store import OutputStore, RunSummary, pipeline_fingerprint
from extract_flows.progress import report_progress
from extract_flows.runtime import (
    as_is,
    flow_run_name_from,
    get_nlp,
    in_dask_worker,
    local_runner,
    logger,
    run_tags,
    same,
)

DOCUMENTS_FILE = "documents.jsonl"
ERRORS_FILE = "errors.jsonl"
FIRST_BATCH = BatchInfo()


@task(name="discover-documents", cache_policy=NO_CACHE)
def discover_documents(paths: list[str]) -> tuple[list[Source], list[ErrorRecord]]:
    sources, errors = discover_sources(paths)
    for e in errors:
        logger().warning("skipped %s: %s", e.source, e.reason)
    unknown = [p.as_posix() for p in skipped_files(Path(p) for p in paths)]
    for path in unknown:
        logger().info("skipped %s (a kind of file this package does not read)", path)
    found = len(sources) + len(errors)
    line = f"discover: {plural(found, 'file')} under {', '.join(paths)}"
    if unknown:
        shown = ", ".join(unknown[:5]) + (", ..." if len(unknown) > 5 else "")
        line += f"; {plural(len(unknown), 'file')} of unknown kinds skipped ({shown})"
    report_progress("discover", found, found, line)
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
    documents, errors = read_sources(sources, max_chars)
    for e in errors:
        logger().warning("skipped %s", e.reason)
    done = done_before + len(sources)
    total = len(sources) if total is None else total
    failed = failed_before + len(errors)
    report_progress("read", done, total, f"read: {done}/{total} documents ({failed} failed)")
    return documents, errors


@task(name="extract-batch", cache_policy=NO_CACHE, task_run_name="extract-batch-{info.index}")
def extract_batch(
    documents: list[Document],
    settings: Settings,
    info: BatchInfo = FIRST_BATCH,
    include_text: bool = True,
) -> list[DocumentRecord | ErrorRecord]:
    """Run the pipeline over one batch (the model is loaded once per process); a document
    that fails becomes an :class:`ErrorRecord`."""
    log = logger()
    if settings.n_process != 1 and not in_dask_worker():
        # a persistent pool of worker processes, each with its own model, loaded once
        results = shared_pool(settings).run(documents, include_text)
    else:
        results = list(process(get_nlp(settings), documents, batch_size=PIPE_BATCH_DOCS,
                               n_process=1, include_text=include_text,
                               timeout=settings.doc_timeout))
    for r in results:
        if isinstance(r, ErrorRecord):
            log.warning("failed %s: %s: %s", r.source, r.error, r.reason)
    return results


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
    logger().info("wrote %d records to %s/%s, %d errors", n, out, DOCUMENTS_FILE, len(errors))
    return {"documents_path": (Path(out) / DOCUMENTS_FILE).as_posix(),
            "errors_path": (Path(out) / ERRORS_FILE).as_posix(),
            "summary_path": summary_path.as_posix()}


def _run_id() -> str:
    try:
        from prefect.runtime import flow_run

        rid = flow_run.id
    except Exception:
        rid = None
    return str(rid) if rid else uuid.uuid4().hex


def _absolute_in_deployments(paths: list[str], out: str) -> None:
    """A deployment's run starts in whatever folder its worker or pull step chose, so a
    relative path there would silently mean another folder: refused, naming it."""
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    in_deployment = ctx is not None and ctx.flow_run is not None and ctx.flow_run.deployment_id
    relative = [p for p in [*paths, out] if not Path(p).is_absolute()]
    if relative and in_deployment:
        raise InputError(f"deployment parameters must be absolute paths: {', '.join(relative)}")


def _summary_markdown(summary: RunSummary) -> str:
    rows = "\n".join(f"| {k} | {v} |" for k, v in summary.as_dict().items()
                     if not isinstance(v, dict))
    timings = ", ".join(f"{k} {v:.2f}s" for k, v in summary.timings.items())
    return f"# Run summary\n\n| field | value |\n| --- | --- |\n{rows}\n\nTimings: {timings}\n"


def _steps(out: str, cfg: Settings, summary: RunSummary, include_text: bool) -> RunSteps:
    """The run's steps as Prefect tasks."""
    wrap = as_is if local_runner() else same  # Dask would hand a quote's bare tuple
    return RunSteps(
        read=lambda batch, done, failed, total: read_documents(
            wrap(batch), cfg.max_doc_chars, done, failed, total),
        submit=lambda documents, info: extract_batch.submit(wrap(documents), cfg, info, include_text),
        save=lambda records, sources: save_batch(out, as_is(records), summary.pipeline,
                                                 summary.run_id, as_is(sources)),
        report=report_progress,
    )


@flow(name="extract", flow_run_name=flow_run_name_from("extract", "paths"),
      task_runner=ThreadPoolTaskRunner(max_workers=1))  # type: ignore[arg-type]
def extract_flow(paths: list[str], out: str, settings: dict[str, Any] | None = None,
                 include_text: bool = True, locked: bool = False) -> dict[str, Any]:
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
    _absolute_in_deployments(paths, out)
    cfg = resolve_settings(settings)
    store = OutputStore(Path(out))
    if not locked:
        store.lock()
    try:
        summary = new_summary(_run_id(), cfg.model, pipeline_fingerprint(cfg.model))
        sources, errors = discover_documents(paths)
        run = IncrementalRun(store, _steps(out, cfg, summary, include_text), summary,
                             cfg.batch_size, window=max(4, 2 * n_workers(cfg)), errors=errors)
        run.run(sources)
        versions = {"extract": "", "model": cfg.model, **pipeline_versions(cfg.model)}
        summary.versions = {k: v for k, v in versions.items() if v}
        summary.finished_at = datetime.now(UTC).isoformat(timespec="seconds")
        summary.seconds = round(time.perf_counter() - started, 3)
        written = write_outputs(out, as_is(run.errors), as_is(run.doc_ids), summary, as_is(run.expected))
        try:
            create_markdown_artifact(key="run-summary", markdown=_summary_markdown(summary),
                                     description=summary.line())
        except Exception as exc:
            logger().warning("could not publish the run summary artifact: %s", exc)
    finally:
        store.unlock()
    return {"documents": summary.seen, "succeeded": summary.processed + summary.skipped,
            "failed": summary.failed, "summary": summary.as_dict(),
            "summary_line": summary.line(), **written}


def build_deployment(inbox: str, out: str, cron: str = "0 2 * * *", name: str = "nightly",
                     settings: dict[str, Any] | None = None) -> Any:
    """The batch flow as a deployment on a cron schedule (default: daily at 02:00). ``inbox``
    and ``out`` are resolved to absolute paths here: a deployment's runs may start in
    another working directory (a worker's, a pull step's)."""
    inbox, out = str(Path(inbox).resolve()), str(Path(out).resolve())
    model = resolve_settings(settings).model
    return extract_flow.to_deployment(
        name=name, cron=cron, tags=run_tags("run", model),
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


def local_flow(settings: Settings) -> Any:
    """``extract_flow`` with as many batch tasks at once as there are worker processes."""
    n = n_workers(settings)
    if n == 1:
        return extract_flow
    # twice as many batch tasks as workers, so a worker never waits on task bookkeeping
    return extract_flow.with_options(task_runner=ThreadPoolTaskRunner(max_workers=2 * n))  # type: ignore[arg-type]
