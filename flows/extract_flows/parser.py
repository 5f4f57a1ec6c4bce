"""The ``extract`` command line: one function per subcommand adds its arguments."""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from extract import __version__


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


def _common() -> argparse.ArgumentParser:
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
    return common


def _add_run(sub: Any, common: argparse.ArgumentParser) -> None:
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


def _add_serve(sub: Any, common: argparse.ArgumentParser) -> None:
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


def _add_eval(sub: Any, common: argparse.ArgumentParser) -> None:
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


def _add_schema(sub: Any, common: argparse.ArgumentParser) -> None:
    schema = sub.add_parser("schema", parents=[common], help="print the JSON Schema of a record",
                            description="Print the JSON Schema of the records 'extract run' "
                            "writes (every field), or with --gold of gold records.")
    schema.add_argument("--gold", action="store_true",
                        help="the gold record form (ANNOTATION.md section 3) instead")


def _add_export(sub: Any, common: argparse.ArgumentParser) -> None:
    from extract.storage.export import FORMATS

    export = sub.add_parser(
        "export", help="a run's records as tables for a case database",
        description="Write the current records of a run folder as six tables (documents, "
        "mentions, people, charges, sentences, events) with stable keys: csv or parquet (a "
        "folder, one file per table), duckdb or sqlite (one database file).")
    export.add_argument("records", metavar="OUT", help="output folder of a run (or its documents.jsonl)")
    export.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
    export.add_argument("--to", metavar="PATH",
                        help="where to write (default: in OUT: csv/, parquet/, cases.duckdb, cases.sqlite)")


def _add_review(sub: Any, common: argparse.ArgumentParser) -> None:
    review = sub.add_parser(
        "review", help="a page to review a run without gold",
        description="Write a self-contained HTML page of a run's records: each document's text "
        "with its mentions highlighted, the case table per person with evidence, filters and a "
        "people index.")
    review.add_argument("records", metavar="OUT", help="output folder of a run (or a JSONL file)")
    review.add_argument("--html", required=True, metavar="PAGE", help="the HTML file to write")


def _add_gold(sub: Any, common: argparse.ArgumentParser) -> None:
    from extract.evaluation.interchange import CONFIG_FORMATS, FORMATS

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
    gexp.add_argument("paths", nargs="*", metavar="PATH", help="gold JSONL file or folder")
    gexp.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
    gexp.add_argument("--predictions", metavar="RUN",
                      help="a run's output folder or records JSONL, exported as Label Studio "
                      "predictions (with model_version) for pre-annotation")
    gexp.add_argument("--out", required=True, metavar="PATH", help="output file (brat: folder)")
    gexp.add_argument("--force", action="store_true", help="overwrite existing files")
    gconf = gold_sub.add_parser(
        "config", help="print a tool's labeling configuration",
        description="Print the labeling configuration (Label Studio XML, brat annotation.conf) "
        "naming the four labels and the case-link relations.")
    gconf.add_argument("--format", required=True, choices=CONFIG_FORMATS, dest="fmt")
    gimp = gold_sub.add_parser(
        "import", help="read a tool's annotations as gold records",
        description="Read a tool's annotations as gold JSONL records: into one file when --out "
        "ends in .jsonl, else one <doc_id>.jsonl per document in the folder --out.",
    )
    gimp.add_argument("path", metavar="PATH", help="the tool's file (brat: folder or .ann file)")
    gimp.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
    gimp.add_argument("--out", required=True, metavar="PATH", help="output .jsonl file or folder")
    gimp.add_argument("--force", action="store_true", help="overwrite existing files")


def _add_diff(sub: Any, common: argparse.ArgumentParser) -> None:
    diff = sub.add_parser(
        "diff", help="what changed between two runs' records",
        description="Compare two record files (or output folders): mentions and case facts "
        "added, removed and changed, per document. Exit 0: no differences, 1: differences.",
    )
    diff.add_argument("old", metavar="OLD", help="records before (JSONL file or output folder)")
    diff.add_argument("new", metavar="NEW", help="records after (JSONL file or output folder)")
    diff.add_argument("--json", metavar="FILE", help="also write the differences as JSON to FILE")


def _add_cases(sub: Any, common: argparse.ArgumentParser) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = _Parser(
        prog="extract",
        description="Extract PERSON / CHARGE / SENTENCE / DATE mentions and person-level "
        "cases from human-rights reports into JSONL records.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_Parser)
    for add in (_add_run, _add_serve, _add_eval, _add_schema, _add_gold, _add_diff, _add_cases,
                _add_export, _add_review):
        add(sub, common)
    return parser
