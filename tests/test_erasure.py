"""Erasing a candidate leaves nothing of theirs anywhere: rows, copies, files. A receipt stays."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from candidates.models import Candidate, ErasureReceipt, SelfIdentification
from candidates.services import document_ingest, document_process
from candidates.synthetic import generate, render_bibtex, render_cv_pdf
from screening.api.models import IdempotencyKey, WebhookEndpoint, WebhookEvent
from screening.api.webhooks import document_event_data, webhook_emit
from screening.assessing import role_assess
from screening.services import decision_record, role_create_from_template
from tests.factories import MembershipFactory

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
            chunks += [str(row) for row in model.objects.values_list(*fields)]
    return "\n".join(chunks)


def test_erasure_removes_every_trace_and_keeps_a_receipt_without_personal_data(
    settings, django_capture_on_commit_callbacks
):
    settings.REFEREE_WEBHOOK_ALLOW_PRIVATE = True
    membership = MembershipFactory()
    lab = membership.lab
    WebhookEndpoint.objects.create(
        lab=lab, url="http://127.0.0.1:9/hook", events=list(WebhookEvent.values)
    )
    role = role_create_from_template(lab=lab, template_slug="research-scientist-ml")
    person, other = generate(61, archetype="researcher"), generate(62, archetype="phd_student")
    for someone in (person, other):
        cv = document_ingest(lab=lab, content=render_cv_pdf(someone), filename="cv.pdf", role=role)
        document_process(document_id=cv.document.pk)
    candidate = Candidate.objects.get(name=person.name)
    bib = document_ingest(
        lab=lab, content=render_bibtex(person).encode(), filename="p.bib", candidate=candidate
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
