"""Running the real programs from tests: a Celery worker and manage.py, on the test database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from config.celery_app import WORKER_QUEUES, worker_argv

ROOT = Path(__file__).resolve().parents[1]


def test_database_url() -> str:
    """A DATABASE_URL that points a child process at the database the tests are using."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def child_environment(broker_url: str, broker_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=test_database_url(),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        CELERY_BROKER_URL=broker_url,
        REFEREE_BROKER_DIR=str(broker_dir),
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@contextmanager
def celery_worker(
    env: dict[str, str], log: Path, queues: str = WORKER_QUEUES, concurrency: int = 1
) -> Iterator[subprocess.Popen]:
    """A real `celery worker` process, stopped (and its log kept) when the block ends."""
    with log.open("w") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", *worker_argv(concurrency=concurrency, queues=queues)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            yield worker
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


def settled() -> bool:
    """No document is left queued or processing: the worker has taken and finished them all."""
    from candidates.models import Document, DocumentStatus

    return not Document.objects.filter(
        status__in=[DocumentStatus.QUEUED, DocumentStatus.PROCESSING]
    ).exists()


def pool_processes(worker: subprocess.Popen) -> list[int]:
    """Pids of a worker's pool processes (its children)."""
    found = subprocess.run(
        ["pgrep", "-P", str(worker.pid)], capture_output=True, text=True, check=False
    )
    return [int(pid) for pid in found.stdout.split()]


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}; worker log:\n{log.read_text()[-3000:]}")
