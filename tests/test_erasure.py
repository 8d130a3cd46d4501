"""Erasing a candidate leaves nothing of theirs anywhere: rows, copies, files. A receipt stays."""

from __future__ import annotations

import json
import logging
import os
import pickle
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import call_command
from django.db import connection, models
from django.urls import reverse
from rest_framework.test import APIClient

from candidates.models import Candidate, ErasureReceipt, SelfIdentification
from candidates.processing import document_process
from candidates.services import document_ingest
from candidates.synthetic import generate, render_bibtex, render_cv_pdf
from screening.api.models import IdempotencyKey, WebhookDelivery, WebhookEndpoint, WebhookEvent
from screening.api.tokens import token_create
from screening.applications import document_upload
from screening.assessing import role_assess
from screening.decisions import decision_record
from screening.models import LabRole
from screening.webhooks.events import document_event_data, webhook_emit
from tests.factories import CandidateFactory, MembershipFactory
from tests.pages import make_role
from tests.workers import ROOT, wait_for

pytestmark = pytest.mark.django_db


def stored_text() -> str:
    """Every text and JSON value in every table, as one string to search."""
    chunks = []
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        if fields:
            chunks += [str(row) for row in model._default_manager.values_list(*fields)]
    return "\n".join(chunks)


def test_erasure_removes_every_trace_and_keeps_a_receipt_without_personal_data(
    settings, django_capture_on_commit_callbacks
):
    settings.REFEREE_WEBHOOK_ALLOW_PRIVATE = True
    membership = MembershipFactory.create()
    lab = membership.lab
    WebhookEndpoint.objects.create(
        lab=lab, url="http://127.0.0.1:9/hook", events=list(WebhookEvent.values)
    )
    role = make_role(lab, "research-scientist-ml")
    person, other = generate(61, archetype="researcher"), generate(62, archetype="phd_student")
    for someone in (person, other):
        cv = document_upload(lab=lab, content=render_cv_pdf(someone), filename="cv.pdf", role=role)
        document_process(document_id=cv.document.pk)
    candidate = Candidate.objects.get(name=person.name)
    bib = document_ingest(
        lab_id=lab.pk, content=render_bibtex(person).encode(), filename="p.bib", candidate=candidate
    )
    document_process(document_id=bib.document.pk)
    role_assess(role=role)
    decision_record(application=candidate.applications.get(), outcome="advance", reason="good")
    SelfIdentification.objects.create(candidate=candidate, sex="female")
    webhook_emit(
        lab_id=lab.pk,
        event=WebhookEvent.DOCUMENT_PROCESSED,
        data=document_event_data(bib.document),
    )
    IdempotencyKey.objects.create(
        user=membership.user,
        key="k1",
        method="POST",
        path="/api/v1/candidates/",
        fingerprint="x",
        status_code=201,
        response={"id": candidate.pk, "name": person.name},
    )
    assert person.email in stored_text()
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("erase_candidate", str(candidate.pk), "--reason", "request", stdout=out)

    text = stored_text()
    for trace in (person.name, person.email, person.papers[0].title):
        assert trace not in text
    assert other.name in text  # nobody else's data went with it
    assert sum(1 for _ in Path(settings.MEDIA_ROOT).rglob("*.*")) == 1  # the other CV only
    receipt = ErasureReceipt.objects.get()
    assert receipt.candidate_number == candidate.pk
    assert receipt.removed["documents"] == 2
    assert receipt.removed["decisions"] == 1
    assert receipt.removed["webhook_deliveries"] == 1
    assert receipt.removed["stored_api_answers"] == 1
    assert receipt.reference in out.getvalue()


def test_a_hiring_manager_erases_from_the_candidate_page_and_a_recruiter_cannot(client):
    from django.urls import reverse

    from screening.models import LabRole
    from tests.pages import assessed_role, member

    recruiter = member()
    role, (first, *_) = assessed_role(recruiter.lab, count=2)
    url = reverse("candidate_erase", args=[role.pk, first.pk])
    page = reverse("candidate_detail", args=[role.pk, first.pk])

    client.force_login(recruiter.user)
    assert b"Erase this candidate" not in client.get(page).content
    assert client.post(url).status_code == 403
    assert Candidate.objects.filter(pk=first.pk).exists()

    client.force_login(member(LabRole.HIRING_MANAGER, lab=recruiter.lab).user)
    assert b"Erase this candidate" in client.get(page).content
    response = client.post(url)

    assert response.status_code == 302
    assert not Candidate.objects.filter(pk=first.pk).exists()
    assert ErasureReceipt.objects.get().reason == "request"
    stranger = member(LabRole.HIRING_MANAGER)
    client.force_login(stranger.user)
    assert client.post(reverse("candidate_erase", args=[role.pk, first.pk])).status_code == 404


# --- Copies outside the tables: shared webhook deliveries, caches, logs, free pages --------


def test_a_webhook_delivery_that_also_concerns_others_is_redacted_not_deleted(settings):
    settings.REFEREE_WEBHOOK_ALLOW_PRIVATE = True
    lab = MembershipFactory.create().lab
    WebhookEndpoint.objects.create(
        lab=lab, url="http://127.0.0.1:9/hook", events=list(WebhookEvent.values)
    )
    erased = CandidateFactory.create(lab=lab, name="Ada Erased", email="ada@erased.example")
    other = CandidateFactory.create(lab=lab, name="Grace Kept", email="grace@kept.example")
    (shared,) = webhook_emit(
        lab_id=lab.pk,
        event=WebhookEvent.ASSESSMENT_UPDATED,
        data={
            "role": 7,
            "assessments": [
                {"id": 1, "candidate": erased.pk, "score": 71.0, "note": "Ada Erased"},
                {"id": 2, "candidate": other.pk, "score": 64.0, "note": "Grace Kept"},
            ],
        },
    )
    (own,) = webhook_emit(
        lab_id=lab.pk,
        event=WebhookEvent.DOCUMENT_PROCESSED,
        data={"document": {"id": 3, "candidate": erased.pk, "original_name": "ada.pdf"}},
    )

    call_command("erase_candidate", str(erased.pk), "--reason", "request", stdout=StringIO())

    assert not WebhookDelivery.objects.filter(pk=own.pk).exists()
    body = json.loads(WebhookDelivery.objects.get(pk=shared.pk).body)
    assert body["data"]["assessments"] == [
        {"id": 2, "candidate": other.pk, "score": 64.0, "note": "Grace Kept"}
    ]
    assert "Ada Erased" not in json.dumps(body)
    receipt = ErasureReceipt.objects.get()
    assert receipt.removed["webhook_deliveries"] == 1
    assert receipt.removed["webhook_deliveries_redacted"] == 1


def cached_values() -> list[object]:
    """Every value in the (local-memory) cache the tests run with."""
    store = caches["default"]
    assert isinstance(store, LocMemCache), "these checks read the local-memory cache"
    # No cache lists its keys; LocMemCache keeps its entries in a private dict the stubs omit.
    entries = store._cache.values()  # type: ignore[attr-defined]
    return [pickle.loads(value) for value in entries]  # noqa: S301 - our own


def holds(value: object, needle: bytes) -> bool:
    return needle in pickle.dumps(value)


def test_erasure_purges_cached_page_images_and_cached_api_answers(
    client, django_capture_on_commit_callbacks
):
    membership = MembershipFactory.create(role=LabRole.HIRING_MANAGER)
    lab = membership.lab
    role = make_role(lab, "research-scientist-ml")
    person, other = generate(71, archetype="researcher"), generate(72, archetype="researcher")
    for someone in (person, other):
        cv = document_upload(lab=lab, content=render_cv_pdf(someone), filename="cv.pdf", role=role)
        document_process(document_id=cv.document.pk)
    role_assess(role=role)
    candidate = Candidate.objects.get(name=person.name)
    document = candidate.documents.get()
    client.force_login(membership.user)
    png = client.get(reverse("document_page_image", args=[document.pk, 1])).content
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=membership.user, name='t').key}")
    shortlist = api.get(f"/api/v1/roles/{role.pk}/shortlist/")
    assert person.name in shortlist.content.decode()
    assert any(holds(v, png) for v in cached_values())
    assert any(holds(v, person.name.encode()) for v in cached_values())

    with django_capture_on_commit_callbacks(execute=True):
        call_command("erase_candidate", str(candidate.pk), "--reason", "request", stdout=StringIO())

    assert not any(holds(v, png) for v in cached_values())
    assert not any(holds(v, person.name.encode()) for v in cached_values())
    assert other.name in api.get(f"/api/v1/roles/{role.pk}/shortlist/").content.decode()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a setting of the SQLite default")
def test_sqlite_overwrites_deleted_rows():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1


def test_the_development_servers_request_lines_leave_out_query_strings():
    # The console handler the settings give it (pytest adds capturing handlers beside it).
    (handler,) = [
        h for h in logging.getLogger("django.server").handlers if type(h) is logging.StreamHandler
    ]
    stream = StringIO()
    previous = handler.setStream(stream)
    try:
        logging.getLogger("django.server").info(
            '"%s" %s %s', "GET /roles/1/?q=ada@example.org HTTP/1.1", "200", "512"
        )
    finally:
        handler.setStream(previous)

    assert '"GET /roles/1/ HTTP/1.1" 200 512' in stream.getvalue()
    assert "ada@example.org" not in stream.getvalue()


SETTINGS = "config.settings.local"


def test_the_access_log_of_manage_py_serve_leaves_out_query_strings(tmp_path):
    """gunicorn started as `manage.py serve` starts it, with the project's gunicorn.conf.py."""
    port = free_port()
    log = tmp_path / "access.log"
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"),
            "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
            "--access-logfile", str(log),
        ],
        cwd=tmp_path,  # not the project folder: the configuration is found because it is named
        env={**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": SETTINGS},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/healthz?q=ada@example.org&email=ada%40example.org"
    try:
        wait_for(lambda: answers(url), timeout=30, what="gunicorn", log=log)
        wait_for(lambda: "/healthz" in log.read_text(), timeout=30, what="the access log", log=log)
    finally:
        server.terminate()
        server.wait(timeout=30)

    text = log.read_text()
    assert "GET /healthz HTTP/1.1" in text
    assert "ada" not in text


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - a local test server
            return True
    except urllib.error.HTTPError:
        return True  # an answer all the same (the test database is not this server's)
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
