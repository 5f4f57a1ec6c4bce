"""The ``extract`` command: ``run``, ``serve``, ``eval``, ``gold``, ``diff`` and ``schema``.

Prefect is imported only after its environment defaults are set (quiet logging, no
analytics, the local ephemeral server with SQLite under ``PREFECT_HOME``), so nothing here
imports it at module level.
"""

from __future__ import annotations

import argparse
import atexit
import contextvars
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, TypeVar

from extract import __version__
from extract.errors import ExtractError, InputError, display
from extract.fs import write_file
from extract.nlp.parallel import kill_workers, shared_pool
from extract.settings import Settings, model_package, resolve_settings
from flows.server import one_shot

if TYPE_CHECKING:
    from collections.abc import Callable

    from flows.pipeline import Progress

T = TypeVar("T")

PREFECT_ENV_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    # Run flows against a temporary local server (SQLite in PREFECT_HOME) when no
    # PREFECT_API_URL is configured.
    "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "true",
}


def set_prefect_env_defaults() -> None:
    """Environment defaults for Prefect; must run before ``prefect`` is imported.

    Values the user has set are kept, except ``DO_NOT_TRACK`` which is always ``1``.
    Prefect's result storage (it pickles the exception of a failed run, with whatever input
    that holds) goes to a private temporary folder removed when this process ends, unless
    the user has chosen one.
    """
    for name, value in PREFECT_ENV_DEFAULTS.items():
        os.environ.setdefault(name, value)
    os.environ["DO_NOT_TRACK"] = "1"
    if not (os.environ.get("PREFECT_RESULTS_LOCAL_STORAGE_PATH")
            or os.environ.get("PREFECT_LOCAL_STORAGE_PATH")):
        storage = tempfile.mkdtemp(prefix="extract-prefect-results-")  # mode 0700
        atexit.register(remove_result_storage)
        os.environ["PREFECT_RESULTS_LOCAL_STORAGE_PATH"] = storage
        _result_storage.append(storage)


_result_storage: list[str] = []


def remove_result_storage() -> None:
    """Remove the temporary result storage of :func:`set_prefect_env_defaults`."""
    while _result_storage:
        shutil.rmtree(_result_storage.pop(), ignore_errors=True)


# --------------------------------------------------------------------------- arguments


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def _n_process(text: str) -> int:
    if text.strip() == "-1":
        return -1
    return _positive_int(text)


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {value}")
    return value


class UsageError(Exception):
    """A command-line usage error (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line (raised, not printed + exit)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--model",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="spaCy pipeline to load (EXTRACT_MODEL; default en_core_web_sm)",
    )
    common.add_argument(
        "--batch-size",
        type=_positive_int,
        metavar="N",
        default=argparse.SUPPRESS,
        help="documents per batch and per Prefect task (EXTRACT_BATCH_SIZE)",
    )
    common.add_argument(
        "--n-process",
        type=_n_process,
        metavar="N",
        default=argparse.SUPPRESS,
        help="worker processes, each loading the model once; -1 for all CPUs (EXTRACT_N_PROCESS)",
    )

    parser = _Parser(
        prog="extract",
        description="Extract PERSON / CHARGE / SENTENCE / DATE mentions and person-level "
        "cases from human-rights reports into JSONL records.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_Parser)

    run = sub.add_parser(
        "run",
        parents=[common],
        help="extract records from report files",
        description="Extract records from report files: .txt/.md (any encoding), .pdf (text layer), "
        ".html/.htm (main content); folders are searched recursively.",
    )
    run.add_argument("paths", nargs="+", metavar="PATH", help="report file or folder")
    run.add_argument(
        "--out",
        default="out",
        metavar="DIR",
        help="output folder for documents.jsonl and errors.jsonl (default: out)",
    )
    run.add_argument("--no-text", action="store_true", help="leave the document text out of the records")
    run.add_argument("--runner", choices=("local", "dask"), default="local",
                     help="where batch tasks run: this process (default) or a Dask cluster")
    run.add_argument("--address", metavar="tcp://HOST:PORT",
                     help="Dask scheduler to use with --runner dask (default: a local cluster)")

    serve = sub.add_parser(
        "serve",
        parents=[common],
        help="serve the batch run as a scheduled Prefect deployment",
        description="Serve 'extract run INBOX --out OUT' as a Prefect deployment on a cron "
        "schedule; each run processes only new or changed reports. Stop with Ctrl-C.",
    )
    serve.add_argument("--inbox", required=True, metavar="DIR", help="folder of incoming reports")
    serve.add_argument("--out", required=True, metavar="DIR", help="output folder")
    serve.add_argument("--cron", default="0 2 * * *", metavar="EXPR",
                       help="cron schedule (default: '0 2 * * *', daily at 02:00)")
    serve.add_argument("--name", default="nightly", help="deployment name (default: nightly)")

    ev = sub.add_parser(
        "eval",
        parents=[common],
        help="score predictions against gold records",
        description="Score predictions against gold records; without --pred "
        "the pipeline is run over the gold documents' text.",
    )
    ev.add_argument(
        "--gold", required=True, nargs="+", metavar="PATH",
        help="gold JSONL files or folders of *.jsonl files"
    )
    ev.add_argument(
        "--pred", metavar="FILE", help="predicted records (JSONL file or folder); default: run the pipeline"
    )
    ev.add_argument("--json", metavar="FILE", help="also write the full report as JSON to FILE")
    ev.add_argument(
        "--errors", type=_non_negative_int, metavar="N", help="show at most N errors (default: all)"
    )
    ev.add_argument("--html", metavar="FILE",
                    help="also write a self-contained HTML report (tables, chart, highlighted documents)")
    ev.add_argument("--check", action="store_true",
                    help="exit 1 when a metric is below its threshold in the thresholds file")
    ev.add_argument("--thresholds", metavar="FILE",
                    help="thresholds file for --check (default: thresholds.json in the first gold folder)")
    ev.add_argument("--blind", action="store_true",
                    help="print the aggregate of the blind first scores (blind.jsonl in the first "
                    "gold folder) instead of scoring")
    ev.add_argument("--blind-record", action="store_true",
                    help="score every gold document not yet in blind.jsonl once, append those first "
                    "scores, then print the aggregate")

    sub.add_parser("schema", parents=[common], help="print the JSON Schema of a record")

    from extract.evaluation.interchange import FORMATS

    gold = sub.add_parser(
        "gold", help="convert gold records to and from annotation tools",
        description="Convert gold records to and from Label Studio, doccano, Prodigy and brat.",
    )
    gold_sub = gold.add_subparsers(dest="gold_command", metavar="ACTION", required=True,
                                   parser_class=_Parser)
    gexp = gold_sub.add_parser(
        "export", help="write gold records in a tool's format",
        description="Write gold records (JSONL files or folders) in a tool's format: labelstudio "
        "(JSON file), doccano and prodigy (JSONL file), brat (folder of .txt + .ann).",
    )
    gexp.add_argument("paths", nargs="+", metavar="PATH", help="gold JSONL file or folder")
    gexp.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
    gexp.add_argument("--out", required=True, metavar="PATH", help="output file (brat: folder)")
    gexp.add_argument("--force", action="store_true", help="overwrite existing files")
    gimp = gold_sub.add_parser(
        "import", help="read a tool's annotations as gold records",
        description="Read a tool's annotations as gold JSONL records: into one file when --out "
        "ends in .jsonl, else one <doc_id>.jsonl per document in the folder --out.",
    )
    gimp.add_argument("path", metavar="PATH", help="the tool's file (brat: folder or .ann file)")
    gimp.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
    gimp.add_argument("--out", required=True, metavar="PATH", help="output .jsonl file or folder")
    gimp.add_argument("--force", action="store_true", help="overwrite existing files")

    diff = sub.add_parser(
        "diff", help="what changed between two runs' records",
        description="Compare two record files (or output folders): mentions and case facts "
        "added, removed and changed, per document. Exit 0: no differences, 1: differences.",
    )
    diff.add_argument("old", metavar="OLD", help="records before (JSONL file or output folder)")
    diff.add_argument("new", metavar="NEW", help="records after (JSONL file or output folder)")
    diff.add_argument("--json", metavar="FILE", help="also write the differences as JSON to FILE")

    cases = sub.add_parser(
        "cases", help="the case table: one line per person and fact, with its evidence",
        description="Print one line per person and case fact (person, fact, value, date, "
        "document, evidence excerpt) of a run's records, and write them as CSV.",
    )
    cases.add_argument("records", metavar="OUT", help="output folder of a run (or a JSONL file)")
    cases.add_argument("--csv", metavar="FILE",
                       help="CSV file to write (default: cases.csv in the output folder)")
    cases.add_argument("--limit", type=_non_negative_int, metavar="N",
                       help="print at most N lines (the CSV holds all)")
    return parser


# --------------------------------------------------------------------------- progress


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


# --------------------------------------------------------------------------- commands


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    return {
        key: getattr(args, key)
        for key in ("model", "batch_size", "n_process")
        if getattr(args, key, None) is not None
    }


def _check_paths(paths: Sequence[str]) -> None:
    """Fail fast (before Prefect starts) on a missing path or a folder with no reports."""
    from extract.ingest import SUFFIXES, discover

    for path in paths:
        if not any(True for _ in discover([Path(path)])):
            kinds = "/".join(SUFFIXES)
            raise InputError(f"{path}: no report files ({kinds}) found")


def _check_out_dir(out: str) -> None:
    path = Path(out)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: cannot create the output folder ({exc.strerror})") from None
    if not os.access(path, os.W_OK):
        raise InputError(f"{out}: output folder is not writable")


def _check_out_file(out: str) -> None:
    path = Path(out)
    if path.is_dir():
        raise InputError(f"{out}: is a folder, expected a file name")
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{parent}: cannot create the folder ({exc.strerror})") from None
    if not os.access(parent, os.W_OK):
        raise InputError(f"{parent}: folder is not writable")


def cmd_schema(args: argparse.Namespace) -> int:
    from extract.models import record_json_schema

    print(json.dumps(record_json_schema(), indent=2, ensure_ascii=False))
    return 0


def _check_model(args: argparse.Namespace) -> None:
    """Fail fast, before anything starts, when the model is not installed."""
    model = getattr(args, "model", None) or Settings().model
    model_package(model)


def _start_server_early(services: bool = False) -> Any:
    """Start Prefect's temporary server now (see flows/server.py), unless an API URL is set
    (the environment, or a settings context such as a test harness)."""
    if "prefect" in sys.modules:
        from prefect.settings import PREFECT_API_URL

        if PREFECT_API_URL.value():
            return None
    from flows.server import start_early

    return start_early(services)


def _wait_for(server: Any) -> None:
    if server is not None:
        try:
            server.wait()
        except RuntimeError as exc:
            raise ExtractError(str(exc)) from None


def _stop_now(out: str) -> Callable[[int, FrameType | None], None]:
    """A handler for SIGTERM and SIGINT during a run: one line, then exit at once (143 or
    130). Every record of a finished batch is already on disk (written atomically, as
    ``kill -9`` requires); the batches in flight are dropped, the workers and the local
    Prefect server die with this process and the next run picks up the rest."""

    def handler(signum: int, frame: FrameType | None) -> None:
        what = "terminated" if signum == signal.SIGTERM else "interrupted"
        sys.stdout.flush()
        sys.stderr.write(f"\n{what}: the records of finished batches are kept in "
                         f"{display(out)}; run again to finish\n")
        sys.stderr.flush()
        kill_workers()
        remove_result_storage()
        os._exit(128 + signum)

    return handler


def _run_stoppable(fn: Callable[[], T], out: str) -> T:
    """``fn()`` in a thread while the main thread keeps the signals (Prefect's own SIGTERM
    handler, which waits for the batches in flight, is only installed on the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return fn()
    result: list[tuple[bool, Any]] = []
    context = contextvars.copy_context()

    def target() -> None:
        try:
            result.append((True, context.run(fn)))
        except BaseException as exc:  # handed to the main thread as is
            result.append((False, exc))

    thread = threading.Thread(target=target, name="extract-run", daemon=True)
    handler = _stop_now(out)
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        thread.start()
        thread.join()
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
    ok, value = result[0]
    if not ok:
        raise value
    return value


def cmd_run(args: argparse.Namespace) -> int:
    from extract.storage.store import OutputStore

    _check_paths(args.paths)
    _check_out_dir(args.out)
    # the output folder's lock first: a folder another run holds is refused at once, not
    # after the model has loaded; the flow is told that it is held
    with OutputStore(Path(args.out)):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    _check_model(args)
    server = _start_server_early()
    settings = resolve_settings(_overrides(args))
    if args.runner != "dask" and settings.n_process != 1:
        # the workers load their models while this process imports Prefect and the
        # early-started server comes up
        shared_pool(settings).start()
    from flows import pipeline

    printer = ProgressPrinter()
    with pipeline.progress_listener(printer):
        try:
            if args.runner != "dask" and settings.n_process == 1:
                pipeline.get_nlp(settings)  # while the server comes up
            _wait_for(server)
            flow_fn = (pipeline.with_dask(args.address) if args.runner == "dask"
                       else pipeline.local_flow(settings))
            with one_shot(server):
                summary = _run_stoppable(lambda: flow_fn(
                    [str(p) for p in args.paths], args.out, settings.as_dict(),
                    include_text=not args.no_text, locked=True), args.out)
        finally:
            printer.close()
    print(summary["summary_line"])
    print(
        f"wrote {summary['succeeded']} records to {display(summary['documents_path'])} "
        f"({summary['failed']} errors in {display(summary['errors_path'])})"
    )
    return 0 if summary["failed"] == 0 else 1


def cmd_serve(args: argparse.Namespace) -> int:
    if not Path(args.inbox).is_dir():
        raise InputError(f"{args.inbox}: no such folder")
    _check_model(args)
    server = _start_server_early(services=True)  # its scheduler creates the runs
    _check_out_dir(args.out)
    from prefect import serve

    from flows import pipeline

    settings = resolve_settings(_overrides(args))
    deployment = pipeline.build_deployment(args.inbox, args.out, args.cron, args.name,
                                           _overrides(args))
    _wait_for(server)
    print(f"serving deployment 'extract/{args.name}' on cron '{args.cron}': "
          f"{display(args.inbox)} -> {display(args.out)} (model {settings.model}); Ctrl-C to stop")

    def stop(signum: int, frame: Any) -> None:  # SIGTERM: stop like Ctrl-C, quietly
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        serve(deployment, print_starting_message=False)
    except KeyboardInterrupt:
        print("stopped")
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
            _check_model(args)
            from flows.pipeline import _gold_document, get_nlp

            nlp = get_nlp(resolve_settings(_overrides(args)))
            preds = {r.doc_id: r for r in process(nlp, [_gold_document(g) for g in todo])
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
        _check_out_file(args.json)
    if args.html is not None:
        _check_out_file(args.html)
    thresholds = None
    if args.check:
        from extract.evaluation.scoring import evaluate
        from extract.evaluation.thresholds import check, default_thresholds_path, load_thresholds

        thresholds_path = Path(args.thresholds) if args.thresholds else default_thresholds_path(args.gold)
        thresholds = load_thresholds(thresholds_path)
        check(evaluate([], []), thresholds)  # unknown metric names fail here, before the run
    if args.pred is None:
        _check_model(args)
    server = _start_server_early()
    from flows import pipeline

    settings = resolve_settings(_overrides(args))
    printer = ProgressPrinter()
    with pipeline.progress_listener(printer):
        try:
            if args.pred is None:
                pipeline.get_nlp(settings)
            _wait_for(server)
            with one_shot(server):
                report = pipeline.evaluate_flow(args.gold, args.pred, args.json,
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


def cmd_gold(args: argparse.Namespace) -> int:
    from extract.evaluation.interchange import export_gold, import_gold, write_records
    from extract.storage.jsonl import read_records

    if args.gold_command == "export":
        records = read_records([Path(p) for p in args.paths])
        if not records:
            raise InputError(f"{' '.join(args.paths)}: no gold records found (expected *.jsonl)")
        written = export_gold(records, args.fmt, Path(args.out), force=args.force)
        print(f"exported {len(records)} document{'s' if len(records) != 1 else ''} "
              f"({sum(len(r.mentions) for r in records)} mentions) as {args.fmt} to {display(args.out)} "
              f"({len(written)} file{'s' if len(written) != 1 else ''})")
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


def _records_of(path: str) -> list[Any]:
    """Records of a JSONL file, a folder of them, or an output folder (its documents.jsonl)."""
    from extract.storage.jsonl import read_records

    p = Path(path)
    if p.is_dir() and (p / "documents.jsonl").is_file():
        p = p / "documents.jsonl"
    elif not p.exists():
        raise InputError(f"{path}: no such file or folder")
    return read_records([p])


def cmd_diff(args: argparse.Namespace) -> int:
    from extract.evaluation.diff import diff_records, format_diff

    old, new = _records_of(args.old), _records_of(args.new)
    if args.json is not None:
        _check_out_file(args.json)
    result = diff_records(old, new)
    print(format_diff(result, args.old, args.new))
    if args.json is not None:
        data = {**result.model_dump(), "counts": result.counts()}
        write_file(Path(args.json), json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return 1 if result.changed else 0


def cmd_cases(args: argparse.Namespace) -> int:
    from extract.storage.case_table import case_rows, format_rows, to_csv

    records = _records_of(args.records)
    folder = Path(args.records)
    target = Path(args.csv) if args.csv else (
        folder / "cases.csv" if folder.is_dir() else folder.with_suffix(".cases.csv"))
    _check_out_file(str(target))
    rows = case_rows(records)
    print(format_rows(rows, args.limit))
    write_file(target, to_csv(rows))
    print(f"\nwrote {len(rows)} rows to {display(str(target))}")
    return 0


COMMANDS = {"run": cmd_run, "eval": cmd_eval, "schema": cmd_schema, "serve": cmd_serve,
            "gold": cmd_gold, "diff": cmd_diff, "cases": cmd_cases}


class _InterruptFlag:
    """Remembers that Ctrl-C was pressed: a KeyboardInterrupt raised inside library code
    (e.g. during an import) can surface wrapped in another exception."""

    def __init__(self) -> None:
        self.set = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.set = True
        raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``extract`` console script; returns the exit code
    (0 ok, 1 some documents failed, 2 usage or input error, 130 interrupted, 143 terminated)."""
    interrupted = _InterruptFlag()
    previous = None
    if threading.current_thread() is threading.main_thread() and (
        signal.getsignal(signal.SIGINT) is signal.default_int_handler
    ):
        previous = signal.signal(signal.SIGINT, interrupted)
    try:
        return _main(argv, interrupted)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _main(argv: list[str] | None, interrupted: _InterruptFlag) -> int:
    set_prefect_env_defaults()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help / --version
        return exc.code if isinstance(exc.code, int) else 0
    try:
        return COMMANDS[args.command](args)
    except ExtractError as exc:
        sys.stdout.flush()
        message = " ".join(display(str(exc)).split())
        print(f"error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return _interrupted()
    except Exception:
        if interrupted.set:
            return _interrupted()
        raise


def _interrupted() -> int:
    sys.stdout.flush()
    print("\ninterrupted", file=sys.stderr)
    return 130


if __name__ == "__main__":
    sys.exit(main())
