"""Decisions: one rule on every channel, and one reading of the decision that stands.

decision_record refuses a decision without a known outcome or with a blank or too long reason
(the length: test_decision_reason_limit.py); the page and the API pass what was sent to it
and refuse with its words. The latest decision on an application stands wherever it is read.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from screening.api.tokens import token_create
from screening.decisions import decision_record
from screening.fairness import role_applicants
from screening.models import Assessment, Decision, LabRole
from tests.factories import ApplicationFactory, CandidateFactory, MembershipFactory
from tests.pages import make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def applied():
    cache.clear()
    recruiter = MembershipFactory(role=LabRole.RECRUITER)
    role = make_role(recruiter.lab)
    application = ApplicationFactory(
        role=role, candidate=CandidateFactory(lab=recruiter.lab, name="Ada Lovelace")
    )
    Assessment.objects.create(
        application=application, role=role, rubric=role.current_rubric, model_version="t", score=50
    )
    return application, recruiter.user


def on_the_page(client, application, user, data) -> tuple[int, str]:
    client.force_login(user)
    url = reverse("decision_create", args=[application.role_id, application.candidate_id])
    response = client.post(url, data)
    return response.status_code, response.content.decode()


def in_the_api(application, user, data) -> tuple[int, dict]:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='t').key}")
    response = api.post(
        "/api/v1/decisions/", {"application": application.pk, **data}, format="json"
    )
    return response.status_code, response.json()


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Give a reason for the decision; it is kept for review and audit."),
        ("   ", "Give a reason for the decision; it is kept for review and audit."),
    ],
    ids=["empty", "blank"],
)
def test_the_page_and_the_api_refuse_a_reason_with_the_same_words(client, applied, reason, message):
    application, user = applied

    page_status, page = on_the_page(
        client, application, user, {"outcome": "advance", "reason": reason}
    )
    api_status, problem = in_the_api(application, user, {"outcome": "advance", "reason": reason})

    assert (page_status, api_status) == (400, 400)
    assert message in page
    assert problem["errors"] == {"reason": [message]}
    assert not Decision.objects.exists()


def test_the_page_names_a_missing_outcome_and_a_missing_reason_at_once(client, applied):
    application, user = applied

    status, page = on_the_page(client, application, user, {"reason": ""})

    assert status == 400
    assert "Choose advance, hold or reject." in page
    assert "Give a reason for the decision; it is kept for review and audit." in page


def test_the_latest_decision_stands_everywhere_even_at_the_same_moment(client, applied):
    application, user = applied
    first = decision_record(application=application, outcome="reject", reason="No.")
    later = decision_record(application=application, outcome="advance", reason="On reflection.")
    Decision.objects.filter(pk=later.pk).update(created_at=first.created_at)
    client.force_login(user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='t').key}")

    page = client.get(reverse("role_detail", args=[application.role_id]))
    listed = api.get("/api/v1/applications/", {"role": application.role_id}).json()
    shortlisted = api.get(f"/api/v1/roles/{application.role_id}/shortlist/").json()

    assert [row.outcome for row in page.context["entries"]] == ["advance"]
    assert [row["latest_decision"] for row in listed["results"]] == ["advance"]
    assert [row["decision"] for row in shortlisted["results"]] == ["advance"]
    assert [a.advanced for a in role_applicants(role=application.role)] == [True]
