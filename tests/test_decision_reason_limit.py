"""A decision's reason has one length limit on the page and in the API, refused in one message."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from screening.api.tokens import token_create
from screening.models import (
    DECISION_REASON_CHARS,
    DECISION_REASON_TOO_LONG,
    Application,
    Decision,
    LabRole,
)
from tests.pages import assessed_role, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(client):
    recruiter = member(LabRole.RECRUITER)
    client.force_login(recruiter.user)
    role, (person,) = assessed_role(recruiter.lab, count=1)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=recruiter.user, name='t').key}")
    return client, api, Application.objects.get(role=role, candidate=person)


def decide(setting, reason: str):
    client, api, application = setting
    page = client.post(
        reverse("decision_create", args=[application.role_id, application.candidate_id]),
        {"outcome": "advance", "reason": reason},
    )
    body = {"application": application.pk, "outcome": "advance", "reason": reason}
    return page, api.post("/api/v1/decisions/", body, format="json")


def test_a_reason_at_the_limit_is_kept_by_the_page_and_the_api(setting):
    page, api = decide(setting, "r" * DECISION_REASON_CHARS)

    assert (page.status_code, api.status_code) == (302, 201)
    assert Decision.objects.filter(reason="r" * DECISION_REASON_CHARS).count() == 2


def test_a_longer_reason_is_refused_by_the_page_and_the_api_in_the_same_words(setting):
    page, api = decide(setting, "r" * (DECISION_REASON_CHARS + 1))

    assert (page.status_code, api.status_code) == (400, 400)
    assert page.context["form"].errors["reason"] == [DECISION_REASON_TOO_LONG]
    assert api.json()["errors"] == {"reason": [DECISION_REASON_TOO_LONG]}
    assert not Decision.objects.exists()
