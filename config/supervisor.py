"""Keeping the embedded runtime's processes running: what ``manage.py serve`` supervises.

Each child (the web server, the Celery worker, Celery beat) runs in a process group of its own.
When one dies it is restarted, after a pause that doubles while it keeps dying soon after
starting (1 s, 2 s, 4 s ... up to 30 s), with a log line each time; what it left behind in its
group (gunicorn's workers, the worker's pool processes) is killed first, so nothing orphaned
holds the port or the queue. A child that dies within a minute of starting five times in a row
is broken rather than unlucky (a port in use, a bad setting): everything stops and ``run``
returns 1. SIGINT or SIGTERM stops every child (SIGTERM to each, then SIGKILL to what is left
after a grace period) and ``run`` returns 0; a supervisor killed outright takes its children
with it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

PR_SET_PDEATHSIG = 1


def describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with status {code}"


def die_with_parent() -> None:
    """Run in a child before it starts: SIGTERM when the supervisor itself dies (Linux's
    PR_SET_PDEATHSIG), so that a supervisor killed outright leaves nothing running."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def kill_group(pgid: int, sig: int = signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


@dataclass
class Child:
    name: str
    argv: Sequence[str]
    process: subprocess.Popen | None = None
    started: float = 0.0
    restart_at: float | None = None
    quick_deaths: int = 0
    restarts: int = 0


class Supervisor:
    def __init__(
        self,
        commands: Mapping[str, Sequence[str]],
        *,
        log: Callable[[str], None],
        env: Mapping[str, str] | None = None,
        first_pause: float = 1.0,
        longest_pause: float = 30.0,
        settled_after: float = 60.0,
        give_up_after: int = 5,
        grace: float = 25.0,
        poll: float = 0.25,
    ):
        self.children = [Child(name, list(argv)) for name, argv in commands.items()]
        self.log = log
        self.env = dict(env) if env is not None else None
        self.first_pause = first_pause
        self.longest_pause = longest_pause
        self.settled_after = settled_after
        self.give_up_after = give_up_after
        self.grace = grace
        self.poll = poll
        self.stopping = False

    def request_stop(self, signum=None, frame=None) -> None:
        self.stopping = True

    def pids(self) -> dict[str, int]:
        """The pid of every child now running, by name."""
        return {
            child.name: child.process.pid
            for child in self.children
            if child.process is not None and child.process.poll() is None
        }

    def _start(self, child: Child) -> None:
        child.process = subprocess.Popen(
            child.argv, env=self.env, start_new_session=True, preexec_fn=die_with_parent
        )
        child.started = time.monotonic()
        child.restart_at = None

    def _died(self, child: Child, process: subprocess.Popen, code: int) -> bool:
        """Plan the restart of a child whose process died; False when it should not be
        restarted."""
        now = time.monotonic()
        lived = now - child.started
        kill_group(process.pid)  # whatever it left behind
        child.process = None
        child.quick_deaths = child.quick_deaths + 1 if lived < self.settled_after else 1
        if child.quick_deaths >= self.give_up_after:
            self.log(
                f"The {child.name} process {describe_exit(code)} {child.quick_deaths} times in "
                f"a row within {self.settled_after:.0f} s of starting; stopping Referee."
            )
            return False
        pause = min(self.longest_pause, self.first_pause * 2 ** (child.quick_deaths - 1))
        child.restarts += 1
        child.restart_at = now + pause
        self.log(
            f"The {child.name} process {describe_exit(code)} after {lived:.0f} s; "
            f"restarting it in {pause:g} s (restart {child.restarts})."
        )
        return True

    def run(self) -> int:
        """Start every child and keep them running until asked to stop; the exit status."""
        status = 0
        try:
            for child in self.children:
                self._start(child)
            while not self.stopping:
                for child in self.children:
                    process = child.process
                    if process is not None:
                        code = process.poll()
                        if (
                            code is not None
                            and not self.stopping
                            and not self._died(child, process, code)
                        ):
                            status = 1
                            self.stopping = True
                            break
                    elif child.restart_at is not None and time.monotonic() >= child.restart_at:
                        self._start(child)
                time.sleep(self.poll)
        finally:
            self.stop()
        return status

    def stop(self) -> None:
        """SIGTERM to every child, then SIGKILL to what is still running after the grace."""
        running = [(c, c.process) for c in self.children if c.process is not None]
        for _, process in running:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        for child, process in running:
            try:
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.log(f"The {child.name} process did not stop in time; killing it.")
                process.kill()
                process.wait()
            kill_group(process.pid)
            child.process = None
