"""`manage.py serve` restarts what dies: the real web server, Celery worker and Celery beat,
killed with SIGKILL. On the filesystem broker and the tests' SQLite file: no service needed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from candidates.models import Document, DocumentStatus
from candidates.services import document_ingest
from tests.browser import free_port
from tests.factories import LabFactory
from tests.pdfs import text_pdf
from tests.workers import ROOT, child_environment, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(180)]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - a local test server
            return True
    except OSError:
        return False


class Served:
    def __init__(self, process: subprocess.Popen, port: int, log: Path):
        self.process, self.port, self.log = process, port, log

    def healthy(self) -> bool:
        return answers(f"http://127.0.0.1:{self.port}/healthz")

    def children(self) -> dict[str, int]:
        """The pid of the web server, the worker and beat that `serve` started."""
        found = {}
        listed = subprocess.run(
            ["ps", "-o", "pid=,args=", "--ppid", str(self.process.pid)],
            capture_output=True,
            text=True,
            check=False,
        )
        for line in listed.stdout.splitlines():
            pid, args = line.strip().split(" ", 1)
            for name, marker in (("web", "gunicorn"), ("worker", " worker "), ("beat", " beat ")):
                if marker in args:
                    found[name] = int(pid)
        return found

    def wait_until_replaced(self, name: str, old: int) -> None:
        wait_for(
            lambda: self.children().get(name) not in (None, old),
            timeout=30,
            what=f"a new {name} process",
            log=self.log,
        )

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)


@contextmanager
def served(tmp_path: Path, **extra_env: str) -> Iterator[Served]:
    env = child_environment("filesystem://localhost//", tmp_path / "broker")
    env.update(REFEREE_VAR_DIR=str(tmp_path / "var"), **extra_env)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--port", str(port), "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        app = Served(process, port, log)
        try:
            wait_for(app.healthy, timeout=90, what="the web app to answer", log=log)
            wait_for(
                lambda: set(app.children()) == {"web", "worker", "beat"},
                timeout=30,
                what="the worker and beat to start",
                log=log,
            )
            yield app
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def groups(pids) -> set[int]:
    """Those of these process groups that still have a process in them."""
    listed = subprocess.run(["ps", "-eo", "pgid="], capture_output=True, text=True, check=True)
    return {int(g) for g in listed.stdout.split()} & set(pids)


def test_serve_restarts_a_killed_worker_and_beat_and_they_work_again(tmp_path):
    lab = LabFactory(slug="supervised-lab")
    # Beat's sweep sends again every queued document, every two seconds: a document stored
    # without a message is processed only if both beat and the worker are running.
    with served(tmp_path, REFEREE_STUCK_SWEEP_SECONDS="2", REFEREE_STUCK_MINUTES="0") as app:
        before = app.children()
        os.kill(before["worker"], signal.SIGKILL)
        os.kill(before["beat"], signal.SIGKILL)
        app.wait_until_replaced("worker", before["worker"])
        app.wait_until_replaced("beat", before["beat"])

        document_ingest(
            lab_id=lab.pk, content=text_pdf("Ada Example"), filename="ada.pdf", enqueue=False
        )
        wait_for(
            lambda: Document.objects.filter(status=DocumentStatus.DONE).exists(),
            timeout=90,
            what="the restarted beat and worker to process a document",
            log=app.log,
        )
        assert app.stop() == 0

    log = app.log.read_text()
    assert "The worker process was killed by SIGKILL" in log
    assert "The beat process was killed by SIGKILL" in log
    assert "restarting it in 1 s (restart 1)" in log


def test_serve_restarts_a_killed_web_server_and_stops_everything_on_sigterm(tmp_path):
    with served(tmp_path) as app:
        before = app.children()
        os.kill(before["web"], signal.SIGKILL)  # gunicorn's master; its workers are orphaned
        app.wait_until_replaced("web", before["web"])
        wait_for(app.healthy, timeout=60, what="the restarted web app to answer", log=app.log)
        running = app.children()

        assert app.stop() == 0

    assert "The web process was killed by SIGKILL" in app.log.read_text()
    # Each child led a process group of its own; nothing is left in any of them.
    wait_for(
        lambda: not groups([*before.values(), *running.values()]),
        timeout=10,
        what="every process of every child to end",
        log=app.log,
    )
