"""The evaluation flow: gold records (and predictions, or a pipeline run over the gold texts)
-> :class:`~extract.evaluation.scoring.EvalReport`, published as markdown and table artifacts
(and, if asked, an HTML report)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from extract.errors import InputError
from extract.evaluation.html import render_html, write_html
from extract.evaluation.scoring import EvalReport, evaluate, format_table
from extract.evaluation.tables import format_markdown, metric_rows
from extract.fs import write_file
from extract.ingest import Document
from extract.models import DocumentRecord, ErrorRecord
from extract.runner import BatchInfo, batch_progress, batches, plural
from extract.settings import Settings, resolve_settings
from extract.storage.jsonl import read_records
from extract_flows.extract import extract_batch
from extract_flows.progress import report_progress
from extract_flows.runtime import as_is, flow_run_name_from, logger

ARTIFACT_KEY = "evaluation-report"
TABLE_ARTIFACT_KEY = "evaluation-metrics"


def _run_batches(
    documents: list[Document], settings: Settings, include_text: bool
) -> tuple[list[DocumentRecord], list[ErrorRecord]]:
    records: list[DocumentRecord] = []
    errors: list[ErrorRecord] = []
    chunks = batches(documents, settings.batch_size)
    done = 0
    for i, batch in enumerate(chunks, 1):
        info = BatchInfo(i, len(chunks), done, len(documents))
        for r in extract_batch(as_is(batch), settings, info, include_text):
            if isinstance(r, DocumentRecord):
                records.append(r)
            else:
                errors.append(r)
        report_progress(*batch_progress(info, len(batch), len(errors)))
        done += len(batch)
    if not chunks:
        report_progress("extract", 0, 0, "extract: 0/0 documents")
    return records, errors


@task(name="read-records", cache_policy=NO_CACHE)
def load_records(path: str | list[str], what: str = "gold") -> list[DocumentRecord]:
    paths = [path] if isinstance(path, str) else path
    records = read_records([Path(p) for p in paths])
    where = ", ".join(paths)
    n = len(records)
    report_progress(what, n, n, f"{what}: {plural(n, 'document')} from {where}")
    return records


@task(name="score", cache_policy=NO_CACHE)
def score(gold: list[DocumentRecord], pred: list[DocumentRecord]) -> EvalReport:
    report = evaluate(gold, pred)
    micro = report.mentions["micro"].overlap
    report_progress(
        "evaluate",
        report.gold_docs,
        report.gold_docs,
        f"evaluate: {plural(report.gold_docs, 'gold document')} scored "
        f"(micro F1 {micro.f1:.3f}, {plural(len(report.errors), 'error')})",
    )
    return report


@task(name="publish-report", cache_policy=NO_CACHE)
def publishreport(report: EvalReport, gold: str | list[str], pred: str | None) -> None:
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
        logger().warning("could not publish the evaluation artifact: %s: %s", type(exc).__name__, exc)
    try:
        create_table_artifact(
            key=TABLE_ARTIFACT_KEY, table=metric_rows(report),
            description="Precision, recall, F1, counts per label (overlap; exact beside), people, cases",
        )
    except Exception as exc:
        logger().warning("could not publish the metrics table artifact: %s: %s", type(exc).__name__, exc)


@task(name="write-html-report", cache_policy=NO_CACHE)
def write_htmlreport(report: EvalReport, gold_records: list[DocumentRecord],
                      pred_records: list[DocumentRecord], path: str, gold: str | list[str],
                      pred: str | None) -> str:
    """Write the self-contained HTML report (:mod:`extract.evaluation.html`) to ``path``."""
    gold_name = gold if isinstance(gold, str) else " ".join(gold)
    page = render_html(report, gold_records, pred_records, gold_source=gold_name,
                       pred_source=pred if pred is not None else "a pipeline run over the gold texts")
    write_html(Path(path), page)
    logger().info("wrote the HTML report to %s", path)
    return path


def gold_document(record: DocumentRecord) -> Document:
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


@flow(name="evaluate", flow_run_name=flow_run_name_from("eval", "gold"))
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
        documents = [gold_document(r) for r in gold_records]
        pred_records, errors = _run_batches(documents, cfg, include_text=False)
        for e in errors:
            logger().warning("no prediction for %s: %s", e.doc_id, e.reason)
    else:
        pred_records = load_records(pred, "pred")
    report = score(as_is(gold_records), as_is(pred_records))
    publishreport(as_is(report), gold, pred)
    if out is not None:
        write_file(Path(out), report.model_dump_json(indent=2) + "\n")
    if html is not None:
        write_htmlreport(as_is(report), as_is(gold_records), as_is(pred_records), html, gold, pred)
    return report
