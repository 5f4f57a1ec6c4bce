"""Prefect's temporary local server, started early.

With no ``PREFECT_API_URL``, Prefect starts a temporary server (uvicorn + SQLite) on the
first flow call; that takes seconds, and the parent first imports the whole server app to
do it. The CLI instead starts the same server command itself, before importing Prefect, so
that it comes up while the CLI imports and loads the spaCy model, then points
``PREFECT_API_URL`` at it. The server runs as long as the CLI and dies with it (also on
``kill -9``, through the parent-death signal).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from extract.nlp.parallel import die_with_parent


def _server_child() -> None:  # runs in the server process before exec
    os.umask(0o077)  # the database and all else it writes under PREFECT_HOME: owner only
    die_with_parent()


def private_home() -> None:
    """``PREFECT_HOME`` (made if missing) readable by its owner only, its database too."""
    home = Path(os.environ.get("PREFECT_HOME") or "~/.prefect").expanduser()
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    home.chmod(0o700)
    for path in home.glob("prefect.db*"):
        path.chmod(0o600)


class EmbeddedServer:
    """A Prefect API server subprocess on a free loopback port."""

    def __init__(self, services: bool = False) -> None:
        spec = importlib.util.find_spec("prefect")
        if spec is None or spec.origin is None:
            raise RuntimeError("prefect is not installed")
        app_dir = Path(spec.origin).parent.parent
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_FINAL": "1"}
        if not services:  # a one-shot run needs no scheduler: start as Prefect's own does
            env["PREFECT__SERVER_EPHEMERAL"] = "1"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(app_dir), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port",
             str(self.port), "--log-level", "error", "--lifespan", "on"],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, preexec_fn=_server_child,
        )
        atexit.register(self.stop)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def wait(self, timeout: float = 60.0) -> None:
        """Block until the server answers its health check; RuntimeError if it exits or
        does not come up in time."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = (self.process.stderr.read() if self.process.stderr else b"").decode()
                last = err.strip().splitlines()[-1] if err.strip() else "no output"
                raise RuntimeError(f"the local Prefect server exited: {last}")
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=1) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)
        raise RuntimeError(f"the local Prefect server did not start within {timeout:.0f}s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def one_shot(server: EmbeddedServer | None) -> Iterator[None]:
    """Prefect settings for flow runs on this process's own temporary ``server``: no flow-run
    heartbeats. Heartbeats let a long-lived server notice a crashed run; the temporary
    server dies with the run, and joining the heartbeat thread costs up to a second at the
    end of every flow run. With a server the user runs (``server`` is None), nothing
    changes."""
    if server is None:
        yield
        return
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def start_early(services: bool = False) -> EmbeddedServer | None:
    """Start the local server unless ``PREFECT_API_URL`` names one; sets the variable.
    ``services`` runs the server's background services too (the scheduler, for ``serve``)."""
    if os.environ.get("PREFECT_API_URL"):
        return None
    private_home()
    server = EmbeddedServer(services)
    os.environ["PREFECT_API_URL"] = server.api_url
    return server
