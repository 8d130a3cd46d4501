"""The embedded worker survives its pool processes being killed: a real worker on the filesystem
broker (the `make run` default), its processes killed with SIGKILL while idle and mid-task.

Needs no service: the broker is a folder and the database the tests' SQLite file.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from candidates.models import Document, DocumentStatus
from tests.factories import LabFactory
from tests.pdfs import text_pdf
from tests.workers import (
    celery_worker,
    child_environment,
    manage,
    pool_processes,
    settled,
    wait_for,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(150)]

EMBEDDED = "filesystem://localhost//"
WORDS = "Designed experiments with baselines and ablations on benchmarks using PyTorch. " * 40


def ingest(env: dict[str, str], path: Path, lab: str) -> None:
    result = manage(env, "ingest", str(path), "--lab", lab)
    assert result.returncode == 0, result.stderr


def kill(pids: list[int]) -> None:
    assert pids, "the worker has no pool process"
    for pid in pids:
        os.kill(pid, signal.SIGKILL)


def stops_cleanly(worker) -> bool:
    worker.send_signal(signal.SIGTERM)
    return worker.wait(timeout=60) == 0


def test_pool_processes_killed_while_waiting_for_work_do_not_freeze_the_worker(tmp_path):
    lab = LabFactory(slug="idle-kill-lab")
    first, later = tmp_path / "first.pdf", tmp_path / "later.pdf"
    first.write_bytes(text_pdf("Ada Example"))
    later.write_bytes(text_pdf("Grace Example"))
    env = child_environment(EMBEDDED, tmp_path / "broker")
    log = tmp_path / "worker.log"

    with celery_worker(env, log, concurrency=2) as worker:
        ingest(env, first, lab.slug)
        wait_for(settled, timeout=60, what="the first document", log=log)
        # Both processes now wait for work, one of them inside the lock of the shared task
        # pipe: killing them left that lock taken, and every replacement waited for it forever.
        kill(pool_processes(worker))

        ingest(env, later, lab.slug)
        wait_for(settled, timeout=60, what="a document queued after the kill", log=log)
        assert worker.poll() is None
        assert stops_cleanly(worker), "the worker did not shut down"

    assert set(Document.objects.values_list("status", flat=True)) == {DocumentStatus.DONE}


def test_a_pool_process_killed_mid_task_gives_its_document_back_and_the_worker_goes_on(tmp_path):
    lab = LabFactory(slug="busy-kill-lab")
    long_cv, later = tmp_path / "long-cv.pdf", tmp_path / "later.pdf"
    long_cv.write_bytes(text_pdf(*[WORDS] * 58))  # about two seconds to read
    later.write_bytes(text_pdf("Grace Example"))
    env = child_environment(EMBEDDED, tmp_path / "broker")
    log = tmp_path / "worker.log"

    with celery_worker(env, log, concurrency=2) as worker:
        ingest(env, long_cv, lab.slug)
        wait_for(
            lambda: Document.objects.filter(status=DocumentStatus.PROCESSING).exists(),
            timeout=60,
            what="the parse to start",
            log=log,
        )
        kill(pool_processes(worker))  # the busy process and the idle one

        ingest(env, later, lab.slug)
        wait_for(settled, timeout=90, what="the redelivered and the new document", log=log)
        assert worker.poll() is None
        assert stops_cleanly(worker), "the worker did not shut down"

    documents = {d.original_name: d for d in Document.objects.all()}
    killed = documents["long-cv.pdf"]
    assert killed.status == DocumentStatus.DONE, killed.error
    assert killed.attempts == 2  # taken again after the kill, read once in full
    assert killed.page_count == 58
    assert documents["later.pdf"].status == DocumentStatus.DONE
