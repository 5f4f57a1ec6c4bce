"""``extract run`` and ``extract serve``: the batch run from the command line and as a
scheduled deployment."""

from __future__ import annotations

import argparse
import re
import signal
import time
from pathlib import Path
from typing import Any

from extract.errors import InputError, display
from extract.nlp.parallel import shared_pool
from extract.settings import resolve_settings
from extract_flows.checks import check_model, check_out_dir, check_paths, overrides
from extract_flows.environment import run_stoppable, start_server_early, wait_for
from extract_flows.progress import ProgressPrinter, progress_listener
from extract_flows.server import one_shot


def cmd_run(args: argparse.Namespace) -> int:
    from extract.storage.store import OutputStore

    started = time.monotonic()
    check_paths(args.paths)
    check_out_dir(args.out)
    # the output folder's lock first: a folder another run holds is refused at once, not
    # after the model has loaded; the flow is told that it is held
    with OutputStore(Path(args.out)):
        return _run(args, started)


def wall_time_line(summary_line: str, seconds: float) -> str:
    """The run summary line with the command's wall time (server start, model load, the
    flow and its bookkeeping) instead of the flow body's own time (which a run with nothing
    to do puts at 0.1 s when the command took seconds)."""
    return _SECONDS_AT_END.sub(f" in {seconds:.1f}s", summary_line)


_SECONDS_AT_END = re.compile(r" in [0-9.]+s$")


def _run(args: argparse.Namespace, started: float) -> int:
    check_model(args)
    server = start_server_early()
    settings = resolve_settings(overrides(args))
    if args.runner != "dask" and settings.n_process != 1:
        # the workers load their models while this process imports Prefect and the
        # early-started server comes up
        shared_pool(settings).start()

    from extract_flows.extract import local_flow, with_dask
    from extract_flows.runtime import get_nlp, tagged

    printer = ProgressPrinter()
    with progress_listener(printer):
        try:
            if args.runner != "dask" and settings.n_process == 1:
                get_nlp(settings)  # while the server comes up
            wait_for(server)
            flow_fn = (with_dask(args.address) if args.runner == "dask"
                       else local_flow(settings))
            with one_shot(server), tagged("run", settings.model):
                summary = run_stoppable(lambda: flow_fn(
                    [str(p) for p in args.paths], args.out, settings.as_dict(),
                    include_text=not args.no_text, locked=True), args.out)
        finally:
            printer.close()
    print(wall_time_line(summary["summary_line"], time.monotonic() - started))
    print(
        f"wrote {summary['succeeded']} records to {display(summary['documents_path'])} "
        f"({summary['failed']} errors in {display(summary['errors_path'])})"
    )
    return 0 if summary["failed"] == 0 else 1


def cmd_serve(args: argparse.Namespace) -> int:
    if not Path(args.inbox).is_dir():
        raise InputError(f"{args.inbox}: no such folder")
    check_model(args)
    server = start_server_early(services=True)  # its scheduler creates the runs
    check_out_dir(args.out)
    from prefect import serve

    from extract_flows.extract import build_deployment

    settings = resolve_settings(overrides(args))
    deployment = build_deployment(args.inbox, args.out, args.cron, args.name, overrides(args))
    wait_for(server)
    inbox, out = deployment.parameters["paths"][0], deployment.parameters["out"]
    print(f"serving deployment 'extract/{args.name}' on cron '{args.cron}': "
          f"{display(inbox)} -> {display(out)} (model {settings.model}); Ctrl-C to stop")

    def stop(signum: int, frame: Any) -> None:  # SIGTERM: stop like Ctrl-C, quietly
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        serve(deployment, print_starting_message=False)
    except KeyboardInterrupt:
        print("stopped")
    return 0
