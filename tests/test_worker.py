"""A real Celery worker takes documents from queued to done or failed, on every broker."""

from __future__ import annotations

import pytest
from django.db import connection

from candidates.models import Document, DocumentStatus
from candidates.synthetic import generate, render_cv_pdf
from screening.models import Assessment
from tests.conftest import service_missing
from tests.factories import LabFactory
from tests.pages import make_role
from tests.pdfs import text_pdf, truncated_pdf
from tests.workers import celery_worker, child_environment, manage, settled, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_broker() -> str:
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.exceptions.ConnectionError:
        service_missing(f"Redis is not reachable at {REDIS_TEST_URL}")
    return REDIS_TEST_URL


@pytest.fixture(params=["embedded", "redis"])
def broker_url(request) -> str:
    if request.param == "embedded":
        return "filesystem://localhost//"
    return request.getfixturevalue("redis_broker")


def test_a_worker_processes_an_upload_and_fails_a_bad_one_and_keeps_running(broker_url, tmp_path):
    lab = LabFactory(slug="worker-lab")
    role = make_role(lab, "research-scientist-ml")
    good = tmp_path / "ada.pdf"
    good.write_bytes(render_cv_pdf(generate(3, archetype="researcher")))
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(truncated_pdf())  # passes the upload gate, fails when read
    later = tmp_path / "later.pdf"
    later.write_bytes(text_pdf("Grace Example"))
    env = child_environment(broker_url, tmp_path / "broker")
    log = tmp_path / "worker.log"

    ingest = manage(env, "ingest", str(good), str(bad), "--lab", lab.slug, "--role", str(role.pk))
    assert ingest.returncode == 0, ingest.stderr
    assert set(Document.objects.values_list("status", flat=True)) == {DocumentStatus.QUEUED}

    with celery_worker(env, log) as worker:
        wait_for(settled, timeout=90, what="both documents to be processed", log=log)
        assert worker.poll() is None, "the worker died on a bad file"
        # The score queue assesses the applicant once their CV is read.
        wait_for(
            lambda: Assessment.objects.filter(role=role).exists(),
            timeout=60,
            what="the applicant to be assessed",
            log=log,
        )

        # The same worker still takes new work after the failure.
        assert manage(env, "ingest", str(later), "--lab", lab.slug).returncode == 0
        wait_for(settled, timeout=60, what="the later document", log=log)

    documents = {d.original_name: d for d in Document.objects.all()}
    assert documents["ada.pdf"].status == DocumentStatus.DONE
    assert documents["ada.pdf"].page_count == 1
    assert "Publications" in documents["ada.pdf"].pages.get(number=1).text
    assert Assessment.objects.get(role=role).score > 0
    assert documents["broken.pdf"].status == DocumentStatus.FAILED
    assert "damaged" in documents["broken.pdf"].error
    assert documents["later.pdf"].status == DocumentStatus.DONE


def _sessions_opened() -> int:
    """Connections ever opened to the test database (PostgreSQL counts them per database)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
        return cursor.fetchone()[0]


def test_a_worker_keeps_its_database_connection_across_documents_and_replaces_a_dropped_one(
    redis_broker, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("connections are kept between tasks on PostgreSQL only (CONN_MAX_AGE)")
    lab = LabFactory(slug="connections")
    cvs = []
    for seed in range(6):
        path = tmp_path / f"cv-{seed}.pdf"
        path.write_bytes(render_cv_pdf(generate(seed)))
        cvs.append(str(path))
    env = child_environment(redis_broker, tmp_path / "broker")
    log = tmp_path / "worker.log"

    with celery_worker(env, log):
        assert manage(env, "ingest", cvs[0], "--lab", lab.slug).returncode == 0
        wait_for(settled, timeout=90, what="the first document", log=log)
        before = _sessions_opened()
        assert manage(env, "ingest", *cvs[1:], "--lab", lab.slug).returncode == 0
        wait_for(settled, timeout=90, what="five more documents", log=log)
        # The ingest command's own connection plus, at most, one for the worker; Celery on its
        # own opens one per document.
        assert _sessions_opened() - before <= 2

        # A connection the server dropped (a restart, a proxy's idle timeout) is noticed
        # before the next task uses it, not reported as that document's failure.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        last = tmp_path / "last.pdf"
        last.write_bytes(render_cv_pdf(generate(99)))
        assert manage(env, "ingest", str(last), "--lab", lab.slug).returncode == 0
        wait_for(settled, timeout=90, what="the document after the drop", log=log)

    assert set(Document.objects.values_list("status", "attempts")) == {(DocumentStatus.DONE, 1)}
