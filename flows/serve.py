"""Scheduled runs: `newsfacts serve --interval N | --cron EXPR`.

Prefect schedules only fire on a real API server, so when no PREFECT_API_URL is configured this starts a
local `prefect server` (127.0.0.1, a free port, its state beside the warehouse), serves the pipeline flow on
the schedule, and stops the server on exit (Ctrl-C or SIGTERM). Each scheduled run is an ordinary pipeline
run: a row in quality.runs, cheap when no document is new.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

SERVER_START_TIMEOUT = 90.0
STOP_GRACE_SECONDS = 30.0
_stopping = threading.Event()
_servers: list[subprocess.Popen] = []  # local servers this process started and has not stopped yet


def serve(input_paths: list[str], warehouse: str, *, lang: str | None, interval: float | None, cron: str | None) -> int:
    home = Path(warehouse).parent / ".prefect"
    with local_prefect_server(home) as api_url:
        os.environ["PREFECT_API_URL"] = api_url
        os.environ.setdefault("PREFECT_RUNNER_POLL_FREQUENCY", "5")
        from flows.pipeline import pipeline  # imported only now, so Prefect reads the server's address

        when = f"every {interval:g} s" if interval else f"on cron {cron!r}"
        print(f"newsfacts: serving {when} into {warehouse} (Prefect API {api_url}); stop with Ctrl-C",
              file=sys.stderr, flush=True)
        from prefect.runner import Runner

        # one run at a time: a run that outlasts the interval delays the next instead of racing it for the
        # same new documents (the slower of two would record them as 'unchanged', out of order)
        runner = Runner(name="newsfacts-scheduled", pause_on_shutdown=False, limit=1)
        runner.add_flow(pipeline, name="newsfacts-scheduled", interval=interval, cron=cron,
                        parameters={"input_paths": input_paths, "warehouse": warehouse, "lang": lang})
        # The runner installs this as its SIGTERM handler. Prefect's own calls sys.exit from inside the
        # signal handler while waiting on another thread, which can hang or be swallowed; SIGTERM takes
        # Ctrl-C's path instead: the event loop unwinds, runs in flight are stopped, the server goes down.
        runner.handle_sigterm = _interrupt
        try:
            asyncio.run(runner.start())
        except KeyboardInterrupt:
            print("newsfacts: stopping", file=sys.stderr, flush=True)
    return 0


@contextlib.contextmanager
def local_prefect_server(home: Path):
    """The configured Prefect API, or a local server started for the duration of the block."""
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        yield configured
        return
    server, url = start_prefect_server(home)
    # Our own SIGTERM handler until the runner installs it too: either way we reach `finally`.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        wait_healthy(url, server)
        yield url
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop_prefect_server(server)


def start_prefect_server(home: Path) -> tuple[subprocess.Popen, str]:
    """Start `prefect server` on a free local port with its state in `home`; return it and its API URL
    at once (it answers some seconds later: `wait_healthy`; stop it with `stop_prefect_server`)."""
    home.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    env = dict(
        os.environ,
        PREFECT_HOME=str(home.resolve()),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="5",
        PREFECT_UI_ENABLED="false",
        PREFECT_SERVER_LOGGING_LEVEL="WARNING",
    )
    prefect = Path(sys.executable).with_name("prefect")
    command = [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port), "--analytics-off", "--no-ui"]
    with open(home / "server.log", "ab") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    _servers.append(server)
    return server, f"http://127.0.0.1:{port}/api"


def stop_prefect_server(server: subprocess.Popen) -> None:
    _stop(server)
    if server in _servers:
        _servers.remove(server)


def _interrupt(*_) -> None:
    """SIGTERM: unwind like Ctrl-C; if that is swallowed or hangs, a watchdog ends the process anyway."""
    # Unwinding cancels Prefect's control-channel callbacks, which asyncio would log as errors: on the way
    # out they are expected, not news.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    if not _stopping.is_set():
        _stopping.set()
        threading.Thread(target=_exit_after_grace, name="newsfacts-stop-watchdog", daemon=True).start()
    raise KeyboardInterrupt


def _exit_after_grace() -> None:
    """Stop runs in flight and the local server, then exit, if a clean stop has not happened in time.

    A run cut short publishes nothing (publishing is one atomic file switch), so stopping it is safe.
    """
    time.sleep(STOP_GRACE_SECONDS)
    print(f"newsfacts: no clean stop within {STOP_GRACE_SECONDS:.0f} s of SIGTERM; stopping runs and the server",
          file=sys.stderr, flush=True)
    for child in multiprocessing.active_children():
        child.kill()
    for server in list(_servers):
        _stop(server)
    os._exit(0)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen | None = None, timeout: float = SERVER_START_TIMEOUT) -> None:
    """Return once the Prefect API at `url` answers; raise if `server` (when given) exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            raise RuntimeError(f"the local Prefect server exited with code {server.returncode} (see its server.log)")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the local Prefect server did not answer within {timeout:.0f} s")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
