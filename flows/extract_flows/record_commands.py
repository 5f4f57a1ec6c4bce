"""The commands over records: ``eval`` (and the blind-first log), ``schema``, ``gold``
(interchange with annotation tools), ``diff`` and ``cases``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from extract.errors import InputError, display
from extract.fs import write_file
from extract.runner import plural
from extract.settings import resolve_settings
from extract.storage.jsonl import read_run
from extract_flows.checks import check_model, check_out_file, overrides
from extract_flows.environment import start_server_early, wait_for
from extract_flows.progress import ProgressPrinter, progress_listener
from extract_flows.server import one_shot


def cmd_schema(args: argparse.Namespace) -> int:
    from extract.models import output_json_schema, record_json_schema

    schema = record_json_schema() if args.gold else output_json_schema()
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from extract.storage.export import export

    written = export(Path(args.records), args.fmt, Path(args.to) if args.to else None)
    where = written[0] if len(written) == 1 else written[0].parent
    print(f"exported {display(args.records)} as {args.fmt} to {display(str(where))} "
          f"({plural(len(written), 'file')})")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from extract.evaluation.review import render_review, review_summary, write_review

    check_out_file(args.html)
    records = read_run(args.records)
    if not records:
        raise InputError(f"{args.records}: no records")
    write_review(Path(args.html), render_review(records, source=args.records))
    print(f"wrote the review page of {review_summary(records)} to {display(args.html)}")
    return 0


def cmd_blind(args: argparse.Namespace) -> int:
    """``eval --blind`` / ``--blind-record``: the blind-first log of the gold folder."""
    from extract.evaluation.blind import (
        BLIND_FILE,
        aggregate,
        append_blind,
        blind_entry,
        code_version,
        format_blind,
        format_rounds,
        read_blind,
        unscored,
    )
    from extract.storage.jsonl import read_records

    first = Path(args.gold[0])
    log_path = (first if first.is_dir() else first.parent) / BLIND_FILE
    if args.blind_record:
        from extract.nlp.pipeline import process

        todo = unscored(read_records([Path(g) for g in args.gold]), log_path)
        if todo:
            check_model(args)
            from extract_flows.evaluate import gold_document
            from extract_flows.runtime import get_nlp

            nlp = get_nlp(resolve_settings(overrides(args)))
            preds = {r.doc_id: r for r in process(nlp, [gold_document(g) for g in todo])
                     if not hasattr(r, "error")}
            commit, dirty = code_version(Path(__file__).resolve().parent.parent)
            n = append_blind(log_path, [blind_entry(g, preds.get(g.doc_id), commit, dirty)
                                        for g in todo])
            print(f"blind: first scores of {n} new gold documents appended to {log_path}")
        else:
            print(f"blind: every gold document already has its first score in {log_path}")
    entries = read_blind(log_path)
    if not entries:
        raise InputError(f"{log_path}: no blind first scores (run eval --blind-record)")
    print(format_blind(aggregate(entries)))
    print("\nby the commit each document was first scored at:\n")
    print(format_rounds(entries))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from extract.evaluation.scoring import format_errors, format_table
    from extract.storage.jsonl import read_records

    if args.blind or args.blind_record:
        return cmd_blind(args)

    # Validate the inputs before Prefect starts: a bad path or line is one clear error.
    if not read_records([Path(g) for g in args.gold]):
        raise InputError(f"{' '.join(args.gold)}: no gold records found (expected *.jsonl)")
    if args.pred is not None:
        read_records([Path(args.pred)])
    if args.json is not None:
        check_out_file(args.json)
    if args.html is not None:
        check_out_file(args.html)
    thresholds = None
    if args.check:
        from extract.evaluation.scoring import evaluate
        from extract.evaluation.thresholds import check, default_thresholds_path, load_thresholds

        thresholds_path = Path(args.thresholds) if args.thresholds else default_thresholds_path(args.gold)
        thresholds = load_thresholds(thresholds_path)
        check(evaluate([], []), thresholds)  # unknown metric names fail here, before the run
    if args.pred is None:
        check_model(args)
    server = start_server_early()

    from extract_flows.evaluate import evaluate_flow
    from extract_flows.runtime import get_nlp, tagged

    settings = resolve_settings(overrides(args))
    printer = ProgressPrinter()
    with progress_listener(printer):
        try:
            if args.pred is None:
                get_nlp(settings)
            wait_for(server)
            with one_shot(server), tagged("eval", settings.model):
                report = evaluate_flow(args.gold, args.pred, args.json,
                                                settings.as_dict(), html=args.html)
        finally:
            printer.close()
    print()
    print(format_table(report))
    print()
    print(format_errors(report, args.errors))
    if args.html is not None:
        print(f"\nwrote the HTML report to {display(args.html)}")
    if thresholds is not None:
        from extract.evaluation.thresholds import format_check

        results = check(report, thresholds)
        print()
        print(format_check(results, thresholds_path.as_posix()))
        if not all(r.passed for r in results):
            return 1
    return 0


def _gold_export(args: argparse.Namespace) -> int:
    from extract.evaluation.interchange import export_gold, read_run_records
    from extract.storage.jsonl import read_records

    records = read_records([Path(p) for p in args.paths]) if args.paths else []
    predictions = read_run_records(Path(args.predictions)) if args.predictions else []
    if not records and not predictions:
        given = " ".join(args.paths) or "no PATH"
        raise InputError(f"{given}: no gold records found (expected *.jsonl) and no --predictions")
    written = export_gold(records, args.fmt, Path(args.out), force=args.force,
                          predictions=predictions)
    extra = (f" and {plural(len(predictions), 'prediction')} "
             f"({plural(sum(len(r.mentions) for r in predictions), 'mention')})") if predictions else ""
    print(f"exported {plural(len(records), 'document')} "
          f"({plural(sum(len(r.mentions) for r in records), 'mention')}){extra} as {args.fmt} "
          f"to {display(args.out)} ({plural(len(written), 'file')})")
    return 0


def cmd_gold(args: argparse.Namespace) -> int:
    from extract.evaluation.interchange import import_gold, labeling_config, write_records

    if args.gold_command == "export":
        return _gold_export(args)
    if args.gold_command == "config":
        sys.stdout.write(labeling_config(args.fmt))
        return 0
    result = import_gold(args.fmt, Path(args.path))
    for warning in result.warnings:
        print(f"warning: {display(warning)}", file=sys.stderr)
    written = write_records(result.records, Path(args.out), force=args.force)
    n = len(result.records)
    print(f"imported {n} document{'s' if n != 1 else ''} "
          f"({sum(len(r.mentions) for r in result.records)} mentions) from {display(args.path)} into "
          f"{display(args.out)} ({len(written)} file{'s' if len(written) != 1 else ''}, "
          f"{len(result.warnings)} warning{'s' if len(result.warnings) != 1 else ''})")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from extract.evaluation.diff import diff_records, format_diff

    old, new = read_run(args.old), read_run(args.new)
    if args.json is not None:
        check_out_file(args.json)
    result = diff_records(old, new)
    print(format_diff(result, args.old, args.new))
    if args.json is not None:
        data = {**result.model_dump(), "counts": result.counts()}
        write_file(Path(args.json), json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return 1 if result.changed else 0


def cmd_cases(args: argparse.Namespace) -> int:
    from extract.storage.case_table import case_rows, format_rows, to_csv

    records = read_run(args.records)
    folder = Path(args.records)
    target = Path(args.csv) if args.csv else (
        folder / "cases.csv" if folder.is_dir() else folder.with_suffix(".cases.csv"))
    check_out_file(str(target))
    rows = case_rows(records)
    print(format_rows(rows, args.limit))
    write_file(target, to_csv(rows))
    print(f"\nwrote {len(rows)} rows to {display(str(target))}")
    return 0
