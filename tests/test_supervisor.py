"""The supervisor behind `manage.py serve`, on small real child processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from config.supervisor import Supervisor

pytestmark = pytest.mark.timeout(60)

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def parent(pids) -> list[str]:
    """A child that starts a process of its own (as gunicorn and the Celery worker do) and
    adds that process's pid to the file ``pids``."""
    code = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "with open(sys.argv[1], 'a') as out: out.write(f'{child.pid}\\n')\n"
        "time.sleep(60)\n"
    )
    return [sys.executable, "-c", code, str(pids)]


def eventually(condition, what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead too: it only waits for its parent to collect it.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


class Running:
    """A supervisor running in a thread, as `serve` runs it in its main thread."""

    def __init__(self, commands, **options):
        self.log: list[str] = []
        self.supervisor = Supervisor(commands, log=self.log.append, **options)
        self.status = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        self.status = self.supervisor.run()

    def pid(self, name: str) -> int | None:
        return self.supervisor.pids().get(name)

    def stop(self) -> int:
        self.supervisor.request_stop()
        self.thread.join(timeout=30)
        assert not self.thread.is_alive()
        return self.status


def test_a_child_that_dies_is_restarted_after_a_growing_pause_with_a_log_line():
    running = Running({"sleeper": SLEEPER}, first_pause=0.1)
    try:
        for restart in (1, 2, 3):
            eventually(lambda: running.pid("sleeper") is not None, "the sleeper to run")
            killed = running.pid("sleeper")
            os.kill(killed, signal.SIGKILL)
            eventually(
                lambda killed=killed: running.pid("sleeper") not in (None, killed),
                f"restart {restart}",
            )
    finally:
        assert running.stop() == 0

    killed = "The sleeper process was killed by SIGKILL after "
    assert all(line.startswith(killed) for line in running.log)
    assert [line.split("; ")[1] for line in running.log] == [
        "restarting it in 0.1 s (restart 1).",
        "restarting it in 0.2 s (restart 2).",
        "restarting it in 0.4 s (restart 3).",
    ]


def test_what_a_dead_child_left_behind_is_killed_before_it_is_restarted(tmp_path):
    pids = tmp_path / "grandchildren.txt"
    pids.touch()
    running = Running({"parent": parent(pids)}, first_pause=0.1)
    try:
        eventually(lambda: len(pids.read_text().split()) == 1, "the grandchild to start")
        orphan = int(pids.read_text())
        os.kill(running.pid("parent"), signal.SIGKILL)
        eventually(lambda: not alive(orphan), "the orphan to be killed")
        eventually(lambda: len(pids.read_text().split()) == 2, "the restarted child's own")
    finally:
        running.stop()
    eventually(
        lambda: not any(alive(int(pid)) for pid in pids.read_text().split()),
        "every grandchild to be killed with its group",
    )


def test_a_child_that_keeps_dying_as_it_starts_stops_everything_with_status_1():
    broken = [sys.executable, "-c", "raise SystemExit(3)"]
    running = Running({"broken": broken, "sleeper": SLEEPER}, first_pause=0.01, give_up_after=3)
    running.thread.join(timeout=30)
    sleeper = running.supervisor.children[1]

    assert running.status == 1
    assert running.log[-1] == (
        "The broken process exited with status 3 3 times in a row within 60 s of starting; "
        "stopping Referee."
    )
    assert sleeper.process is None  # stopped too


def test_stopping_sends_sigterm_then_sigkill_to_a_child_that_ignores_it(tmp_path):
    ready = tmp_path / "ready"
    stubborn = [
        sys.executable,
        "-c",
        "import pathlib, signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "pathlib.Path(sys.argv[1]).touch(); time.sleep(60)",
        str(ready),
    ]
    running = Running({"stubborn": stubborn, "sleeper": SLEEPER}, grace=1.0)
    eventually(ready.exists, "the stubborn child to ignore SIGTERM")
    pids = running.supervisor.pids()

    assert running.stop() == 0
    assert running.log == ["The stubborn process did not stop in time; killing it."]
    assert not any(alive(pid) for pid in pids.values())


def test_a_supervisor_killed_outright_takes_its_children_with_it(tmp_path):
    pids = tmp_path / "children.txt"
    pids.touch()
    code = (
        "import sys\n"
        "from config.supervisor import Supervisor\n"
        "Supervisor({'parent': sys.argv[1:]}, log=print).run()\n"
    )
    supervisor = subprocess.Popen(
        [sys.executable, "-c", code, *parent(pids)], cwd=Path(__file__).resolve().parents[1]
    )
    try:
        eventually(lambda: pids.read_text().strip(), "the supervised child to start")
        children = subprocess.run(
            ["pgrep", "-P", str(supervisor.pid)], capture_output=True, text=True, check=True
        ).stdout.split()
        supervisor.kill()
        supervisor.wait()
        eventually(lambda: not any(alive(int(pid)) for pid in children), "the child to stop")
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()
