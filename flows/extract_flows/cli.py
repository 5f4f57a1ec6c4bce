"""The ``extract`` command: ``run``, ``serve``, ``eval``, ``schema``, ``gold``, ``diff`` and
``cases``.

Prefect is imported only after its environment defaults are set (quiet console logging, no
analytics, the local ephemeral server with SQLite under ``PREFECT_HOME``), so nothing here
imports it at module level.
"""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType

from extract.errors import ExtractError, display
from extract_flows.environment import set_prefect_env_defaults
from extract_flows.parser import UsageError, build_parser
from extract_flows.record_commands import (
    cmd_cases,
    cmd_diff,
    cmd_eval,
    cmd_export,
    cmd_gold,
    cmd_review,
    cmd_schema,
)
from extract_flows.run_commands import cmd_run, cmd_serve

COMMANDS = {"run": cmd_run, "eval": cmd_eval, "schema": cmd_schema, "serve": cmd_serve,
            "gold": cmd_gold, "diff": cmd_diff, "cases": cmd_cases, "export": cmd_export,
            "review": cmd_review}


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
