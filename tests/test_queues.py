"""Parsing and scoring run on separate queues: two workers on two queues both drain."""

from __future__ import annotations

import pytest

from candidates.models import Document, DocumentStatus
from candidates.synthetic import generate, render_cv_pdf
from screening.models import Assessment
from tests.factories import LabFactory
from tests.pages import make_role
from tests.test_worker import redis_broker  # noqa: F401 - the fixture
from tests.workers import celery_worker, child_environment, manage, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_parse_worker_and_a_score_worker_each_drain_their_queue(redis_broker, tmp_path):  # noqa: F811
    lab = LabFactory(slug="queues-lab")
    role = make_role(lab, "research-scientist-ml")
    files = []
    for seed in range(3):
        path = tmp_path / f"person{seed}.pdf"
        path.write_bytes(render_cv_pdf(generate(seed, archetype="researcher")))
        files.append(str(path))
    env = child_environment(redis_broker, tmp_path / "broker")
    parse_log, score_log = tmp_path / "parse.log", tmp_path / "score.log"

    assert manage(env, "ingest", *files, "--lab", lab.slug, "--role", str(role.pk)).returncode == 0
    with (
        celery_worker(env, parse_log, queues="parse"),
        celery_worker(env, score_log, queues="score"),
    ):
        wait_for(
            lambda: Assessment.objects.filter(role=role).count() == 3,
            timeout=120,
            what="three documents read and their applicants scored",
            log=score_log,
        )

    assert set(Document.objects.values_list("status", flat=True)) == {DocumentStatus.DONE}
    # Each worker ran only its own queue's tasks ("Task name[id] received" in its log).
    parsed, scored = parse_log.read_text(), score_log.read_text()
    assert "Task candidates.tasks.process_document[" in parsed
    assert "Task screening.tasks.assess_role_updates[" not in parsed
    assert "Task screening.tasks.assess_role_updates[" in scored
    assert "Task candidates.tasks.process_document[" not in scored
