"""A small world of two labs for the API tests, and clients that call the API as its people."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.core.cache import cache
from rest_framework.test import APIClient

from candidates.models import Candidate, Document
from screening.api.models import WebhookDelivery, WebhookEndpoint
from screening.api.tokens import token_create
from screening.assessing import role_assess
from screening.decisions import decision_record
from screening.models import (
    Application,
    Assessment,
    Criterion,
    Decision,
    Lab,
    LabRole,
    RoleProfile,
)
from screening.webhooks.endpoints import endpoint_create
from screening.webhooks.events import webhook_emit
from tests.factories import LabFactory, MembershipFactory, UserFactory
from tests.pages import applicant, make_role

ARCHETYPES = ("researcher", "phd_student", "research_engineer")
ROLES = {
    "admin": LabRole.ADMIN,
    "manager": LabRole.HIRING_MANAGER,
    "recruiter": LabRole.RECRUITER,
}


@dataclass
class World:
    lab: Lab
    other_lab: Lab
    users: dict  # name -> user: admin, manager, recruiter (of lab), outsider (of other_lab)
    role: RoleProfile
    other_role: RoleProfile
    criterion: Criterion
    candidate: Candidate
    application: Application
    document: Document
    assessment: Assessment
    decision: Decision
    endpoint: WebhookEndpoint
    delivery: WebhookDelivery

    def client(self, who: str | None) -> APIClient:
        """A client authenticated with a fresh token of ``who`` (None: anonymous)."""
        client = APIClient()
        if who is not None:
            issued = token_create(user=self.users[who], name=f"{who} tests")
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.key}")
        return client


def build_world(applicants: int = 2) -> World:
    cache.clear()  # throttling counters of earlier tests
    lab = LabFactory.create(name="Vision Lab", slug="vision")
    other_lab = LabFactory.create(name="Other Lab", slug="other")
    users = {name: UserFactory.create(username=f"api-{name}") for name in (*ROLES, "outsider")}
    for name, lab_role in ROLES.items():
        MembershipFactory.create(user=users[name], lab=lab, role=lab_role)
    MembershipFactory.create(user=users["outsider"], lab=other_lab, role=LabRole.ADMIN)
    role = make_role(lab, "research-scientist-ml")
    other_role = make_role(other_lab, "research-scientist-nlp")
    candidates = [
        applicant(role, 11 + i, archetype=ARCHETYPES[i % len(ARCHETYPES)], bib=True)
        for i in range(applicants)
    ]
    role_assess(role=role)
    rubric = role.current_rubric
    assert rubric is not None  # make_role gives the role its first rubric version
    candidate = candidates[0]
    application = Application.objects.get(role=role, candidate=candidate)
    decision = decision_record(
        application=application, outcome="hold", reason="Waiting for references."
    )
    endpoint = endpoint_create(
        lab=lab, url="https://hooks.example.org/referee", events=["document.processed"]
    )
    delivery = webhook_emit(
        lab_id=lab.pk, event="document.processed", data={"document": {"id": 1}}
    )[0]
    return World(
        lab=lab,
        other_lab=other_lab,
        users=users,
        role=role,
        other_role=other_role,
        criterion=rubric.criteria.all()[0],
        candidate=candidate,
        application=application,
        document=candidate.documents.order_by("id").first(),
        assessment=Assessment.objects.get(application=application),
        decision=decision,
        endpoint=endpoint,
        delivery=delivery,
    )


def zip_of(entries: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


CRITERION = {
    "name": "Coding depth",
    "dimension": "coding",
    "weight": 2,
    "must_have": False,
    "target_level": 2,
    "levels": [
        "No programming evidence.",
        "Scripts or coursework code.",
        "A deep-learning framework used in projects.",
        "Research pipelines or open-source work in a framework.",
        "Performance code (CUDA, C++, distributed) in research systems.",
    ],
}
