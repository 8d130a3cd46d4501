"""Faults lose nothing: a worker killed mid-parse, a broker restarted mid-batch, a database
outage during a task. Real workers, a real Redis."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections import Counter

import pytest
from django.db import OperationalError

from candidates import tasks
from candidates.models import Document, DocumentStatus, Evidence
from candidates.synthetic import generate, render_cv_pdf
from tests.conftest import service_missing
from tests.factories import LabFactory
from tests.pdfs import text_pdf
from tests.workers import celery_worker, child_environment, manage, settled, wait_for

REDIS_URL = "redis://127.0.0.1:6379/14"
WORDS = "Designed experiments with baselines and ablations on benchmarks using PyTorch. " * 40


@pytest.fixture
def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except redis.exceptions.ConnectionError:
        service_missing(f"Redis is not reachable at {REDIS_URL}")
    return REDIS_URL


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_parse_gets_the_document_back_and_it_completes_once(
    redis_url, tmp_path
):
    lab = LabFactory(slug="kill-lab")
    big = tmp_path / "long-cv.pdf"
    big.write_bytes(text_pdf(*[WORDS] * 58))  # about two seconds to read
    env = child_environment(redis_url, tmp_path / "broker")
    log = tmp_path / "worker.log"

    with celery_worker(env, log) as worker:
        assert manage(env, "ingest", str(big), "--lab", lab.slug).returncode == 0
        wait_for(
            lambda: Document.objects.filter(status=DocumentStatus.PROCESSING).exists(),
            timeout=60,
            what="the parse to start",
            log=log,
        )
        children = subprocess.run(
            ["pgrep", "-P", str(worker.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        assert children, "the worker has no pool process"
        for pid in children:
            subprocess.run(["kill", "-9", pid], check=False)
        wait_for(settled, timeout=120, what="the redelivered document", log=log)
        assert worker.poll() is None

    document = Document.objects.get()
    assert document.status == DocumentStatus.DONE, document.error
    assert document.attempts == 2
    assert document.page_count == 58
    quotes = Counter(Evidence.objects.values_list("dimension", "signal", "quote"))
    assert quotes
    assert max(quotes.values()) == 1  # nothing stored twice


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(port: int, folder) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return server
        time.sleep(0.1)
    server.kill()
    pytest.fail("could not start a private redis-server")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_broker_restarted_mid_batch_loses_no_document(tmp_path):
    try:
        subprocess.run(["redis-server", "--version"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        service_missing("redis-server is not installed")
    lab = LabFactory(slug="restart-lab")
    port = free_port()
    folder = tmp_path / "cvs"
    folder.mkdir()
    for seed in range(6):
        (folder / f"person{seed}.pdf").write_bytes(render_cv_pdf(generate(seed)))
    redis = start_redis(port, tmp_path)
    env = child_environment(f"redis://127.0.0.1:{port}/0", tmp_path / "broker")
    log = tmp_path / "worker.log"
    try:
        with celery_worker(env, log):
            ingest = manage(env, "ingest", *map(str, sorted(folder.iterdir())), "--lab", lab.slug)
            assert ingest.returncode == 0
            wait_for(
                lambda: Document.objects.filter(status=DocumentStatus.DONE).exists(),
                timeout=60,
                what="the first document",
                log=log,
            )
            redis.send_signal(signal.SIGKILL)  # queued messages are lost with it
            redis.wait()
            redis = start_redis(port, tmp_path)
            # The periodic sweep finds what the broker lost and sends it again.
            requeue = manage(env, "stuck_documents", "--minutes", "0", "--requeue")
            assert requeue.returncode == 0, requeue.stderr
            wait_for(settled, timeout=120, what="every document to settle", log=log)
    finally:
        redis.kill()
        redis.wait()

    statuses = Counter(Document.objects.values_list("status", flat=True))
    assert statuses == {DocumentStatus.DONE: 6}


@pytest.mark.django_db
def test_a_database_outage_during_a_task_is_retried_with_backoff_not_failed(monkeypatch):
    from candidates.services import document_ingest

    document = document_ingest(
        lab_id=LabFactory().pk, content=text_pdf("A"), filename="a.pdf"
    ).document
    calls = []

    def unavailable(*, document_id):
        calls.append(document_id)
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(tasks, "document_process", unavailable)

    # Run eagerly, every retry happens at once: in a worker they wait 5 s, 10 s, 20 s ... 300 s.
    tasks.process_document.apply(args=[document.pk])

    assert len(calls) == 1 + tasks.process_document.max_retries
    assert tasks.process_document.retry_backoff == 5
    document.refresh_from_db()
    # Never marked failed: once the database is back, the stuck-document sweep requeues it.
    assert document.status == DocumentStatus.QUEUED
