"""The permission matrix: every operation of the API tried as an anonymous client, as a member
of another lab, as a recruiter and as a hiring manager of the lab that owns the objects.

Anonymous clients get 401 everywhere. Members of another lab never see the lab's objects: 404
on paths naming them, 400 when a body names them, and lists without them. Recruiters read,
upload and decide, but cannot edit roles, rubrics or criteria, relearn weights or erase
candidates (403); only lab admins manage webhooks. A test holds the matrix to the schema, so a
new endpoint cannot be added without its row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.models import (
    Candidate,
    CandidateMerge,
    Document,
    DuplicateProposal,
    MergeReason,
)
from reviews.comments import comment_create
from reviews.models import Scorecard
from reviews.panels import LevelInput, panel_member_add, scorecard_save
from screening.api.tokens import token_create
from screening.models import Decision, LabMembership, RoleProfile, Rubric, Stage
from screening.people import candidate_merge
from tests.api_support import CRITERION, World, build_world, zip_of
from tests.factories import CandidateFactory
from tests.pdfs import text_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache: each test starts with full budgets."""
    cache.clear()


ACTORS = ("anonymous", "outsider", "recruiter", "manager")


@dataclass
class Row:
    method: str
    template: str  # the schema's path template
    path: object  # World -> concrete path
    expected: Mapping[str, int | tuple[int, ...]]  # actor -> status(es); anonymous is always 401
    body: object = None  # World -> request body
    multipart: bool = False
    extra: dict = field(default_factory=dict)


def current_criterion(w: World) -> int:
    rubric = w.role.current_rubric
    assert rubric is not None
    criterion = rubric.criteria.order_by("position", "id").first()
    assert criterion is not None
    return criterion.pk


def stage_of(w: World, name: str) -> int:
    return Stage.objects.get(lab=w.lab, name=name).pk


def spare_token(w: World) -> int:
    return token_create(user=w.users["manager"], name="spare").token.pk


@dataclass(frozen=True)
class People:
    """A possible duplicate to keep apart, one to merge, and a merge to undo."""

    apart: DuplicateProposal
    pair: DuplicateProposal
    merge: CandidateMerge


# The people of the world the matrix runs on, by the world's id (set before each run).
_people: dict[int, People] = {}


def make_people(w: World) -> People:
    made = []
    for name in ("Ada Lovelace", "Grace Hopper", "Mary Somerville"):
        a, b = (CandidateFactory.create(lab=w.lab, name=name) for _ in range(2))
        made.append(DuplicateProposal.objects.create(lab=w.lab, a=a, b=b, reasons=[]))
    merge = candidate_merge(keep=made[2].a, absorb=made[2].b, reason=MergeReason.PROPOSAL)
    return People(apart=made[0], pair=made[1], merge=merge)


def people(w: World) -> People:
    return _people[id(w)]


def membership_of(w: World, who: str) -> int:
    return LabMembership.objects.get(user=w.users[who], lab=w.lab).pk


def submitted_scorecard(w: World) -> int:
    """A scorecard the lab admin submitted on the panel (seated for it)."""
    seat, _ = panel_member_add(
        role=w.role, membership=LabMembership.objects.get(pk=membership_of(w, "admin")), actor=None
    )
    found = Scorecard.objects.filter(reviewer=seat).first()
    if found is not None:
        return found.pk
    rubric = w.role.current_rubric
    assert rubric is not None
    return scorecard_save(
        member=seat,
        application=w.application,
        levels={c.pk: LevelInput(2) for c in rubric.criteria.all()},
        recommendation="yes",
        submit=True,
        actor=w.users["admin"],
    ).pk


def managers_comment(w: World) -> int:
    return comment_create(application=w.application, author=w.users["manager"], body="Mine").pk


READ = {"outsider": 404, "recruiter": 200, "manager": 200}
LIST = {"outsider": 200, "recruiter": 200, "manager": 200}
EDIT = {"outsider": 404, "recruiter": 403, "manager": 200}
ADMIN_ONLY = {"outsider": 404, "recruiter": 403, "manager": 403}
V1 = "/api/v1"


def pdf(name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text_pdf(f"{name} of a candidate"))


ROWS = [
    Row("GET", "/api/v1/labs/", lambda w: f"{V1}/labs/", LIST),
    Row("GET", "/api/v1/labs/{id}/", lambda w: f"{V1}/labs/{w.lab.pk}/", READ),
    Row("GET", "/api/v1/labs/{id}/webhook-secret/",
        lambda w: f"{V1}/labs/{w.lab.pk}/webhook-secret/", ADMIN_ONLY),
    Row("POST", "/api/v1/labs/{id}/webhook-secret/",
        lambda w: f"{V1}/labs/{w.lab.pk}/webhook-secret/", ADMIN_ONLY),
    Row("GET", "/api/v1/roles/", lambda w: f"{V1}/roles/", LIST),
    Row("POST", "/api/v1/roles/", lambda w: f"{V1}/roles/",
        {"outsider": 400, "recruiter": 403, "manager": 201},
        body=lambda w: {"lab": w.lab.pk, "title": "Safety", "template": "ai-safety"}),
    Row("GET", "/api/v1/roles/{id}/", lambda w: f"{V1}/roles/{w.role.pk}/", READ),
    Row("PUT", "/api/v1/roles/{id}/", lambda w: f"{V1}/roles/{w.role.pk}/", EDIT,
        body=lambda w: {"title": "Renamed", "research_area": "ML.", "job_description": "",
                        "areas": ["ml"]}),
    Row("PATCH", "/api/v1/roles/{id}/", lambda w: f"{V1}/roles/{w.role.pk}/", EDIT,
        body=lambda w: {"job_description": "More text."}),
    Row("GET", "/api/v1/roles/{role_pk}/rubrics/",
        lambda w: f"{V1}/roles/{w.role.pk}/rubrics/", READ),
    Row("POST", "/api/v1/roles/{role_pk}/rubrics/",
        lambda w: f"{V1}/roles/{w.role.pk}/rubrics/", {**EDIT, "manager": 201},
        body=lambda w: {"criteria": [CRITERION]}),
    Row("GET", "/api/v1/roles/{role_pk}/rubrics/{version}/",
        lambda w: f"{V1}/roles/{w.role.pk}/rubrics/1/", READ),
    Row("GET", "/api/v1/roles/{role_pk}/criteria/",
        lambda w: f"{V1}/roles/{w.role.pk}/criteria/", READ),
    Row("POST", "/api/v1/roles/{role_pk}/criteria/",
        lambda w: f"{V1}/roles/{w.role.pk}/criteria/", {**EDIT, "manager": 201},
        body=lambda w: CRITERION),
    Row("GET", "/api/v1/roles/{role_pk}/criteria/{id}/",
        lambda w: f"{V1}/roles/{w.role.pk}/criteria/{current_criterion(w)}/", READ),
    Row("PUT", "/api/v1/roles/{role_pk}/criteria/{id}/",
        lambda w: f"{V1}/roles/{w.role.pk}/criteria/{current_criterion(w)}/", EDIT,
        body=lambda w: CRITERION),
    Row("PATCH", "/api/v1/roles/{role_pk}/criteria/{id}/",
        lambda w: f"{V1}/roles/{w.role.pk}/criteria/{current_criterion(w)}/", EDIT,
        body=lambda w: {"weight": 3}),
    Row("GET", "/api/v1/roles/{role_pk}/shortlist/",
        lambda w: f"{V1}/roles/{w.role.pk}/shortlist/", READ),
    Row("POST", "/api/v1/roles/{role_pk}/applications/move/",
        lambda w: f"{V1}/roles/{w.role.pk}/applications/move/", READ,
        body=lambda w: {"applications": [w.application.pk], "stage": stage_of(w, "Interview"),
                        "reason": "Strong papers."}),
    Row("GET", "/api/v1/stages/", lambda w: f"{V1}/stages/", LIST),
    Row("GET", "/api/v1/stages/{id}/", lambda w: f"{V1}/stages/{stage_of(w, 'Screen')}/", READ),
    Row("GET", "/api/v1/roles/{role_pk}/adverse-impact/",
        lambda w: f"{V1}/roles/{w.role.pk}/adverse-impact/", EDIT),
    Row("POST", "/api/v1/candidates/{id}/self-identification/",
        lambda w: f"{V1}/candidates/{w.candidate.pk}/self-identification/",
        {"outsider": 404, "recruiter": 204, "manager": 204},
        body=lambda w: {"sex": "declined", "race_ethnicity": "declined"}),
    Row("GET", "/api/v1/roles/{role_pk}/learned-weights/",
        lambda w: f"{V1}/roles/{w.role.pk}/learned-weights/", READ),
    Row("POST", "/api/v1/roles/{role_pk}/learned-weights/",
        lambda w: f"{V1}/roles/{w.role.pk}/learned-weights/",
        {**EDIT, "manager": 409}),  # allowed, but too few decisions yet
    Row("GET", "/api/v1/rubric-templates/", lambda w: f"{V1}/rubric-templates/", LIST),
    Row("GET", "/api/v1/rubric-templates/{slug}/",
        lambda w: f"{V1}/rubric-templates/ai-safety/", LIST),
    Row("POST", "/api/v1/rubric-drafts/", lambda w: f"{V1}/rubric-drafts/", LIST,
        body=lambda w: {"job_description": "Research scientist, NLP. PhD required; ACL papers."}),
    Row("GET", "/api/v1/candidates/", lambda w: f"{V1}/candidates/", LIST),
    Row("POST", "/api/v1/candidates/", lambda w: f"{V1}/candidates/",
        {"outsider": 400, "recruiter": 201, "manager": 201},
        body=lambda w: {"lab": w.lab.pk, "name": "New Person"}),
    Row("GET", "/api/v1/candidates/{id}/", lambda w: f"{V1}/candidates/{w.candidate.pk}/", READ),
    Row("PATCH", "/api/v1/candidates/{id}/", lambda w: f"{V1}/candidates/{w.candidate.pk}/",
        READ, body=lambda w: {"email": "person@example.org"}),
    Row("GET", "/api/v1/applications/", lambda w: f"{V1}/applications/", LIST),
    Row("GET", "/api/v1/search/", lambda w: f"{V1}/search/?q=research&role={w.role.pk}",
        READ),
    Row("POST", "/api/v1/applications/", lambda w: f"{V1}/applications/",
        {"outsider": 400, "recruiter": 200, "manager": 200},  # 200: already applied
        body=lambda w: {"role": w.role.pk, "candidate": w.candidate.pk}),
    Row("GET", "/api/v1/applications/{id}/",
        lambda w: f"{V1}/applications/{w.application.pk}/", READ),
    Row("GET", "/api/v1/documents/", lambda w: f"{V1}/documents/", LIST),
    Row("POST", "/api/v1/documents/", lambda w: f"{V1}/documents/",
        {"outsider": 400, "recruiter": 201, "manager": 201},
        body=lambda w: {"file": pdf(), "lab": w.lab.pk}, multipart=True),
    Row("POST", "/api/v1/documents/batch/", lambda w: f"{V1}/documents/batch/",
        {"outsider": 400, "recruiter": 201, "manager": 201},
        body=lambda w: {
            "file": SimpleUploadedFile("b.zip", zip_of({"b.pdf": text_pdf("Batch CV")})),
            "lab": w.lab.pk,
        },
        multipart=True),
    Row("GET", "/api/v1/documents/{id}/", lambda w: f"{V1}/documents/{w.document.pk}/", READ),
    Row("GET", "/api/v1/assessments/", lambda w: f"{V1}/assessments/", LIST),
    Row("GET", "/api/v1/assessments/{id}/",
        lambda w: f"{V1}/assessments/{w.assessment.pk}/", READ),
    Row("GET", "/api/v1/decisions/", lambda w: f"{V1}/decisions/", LIST),
    Row("POST", "/api/v1/decisions/", lambda w: f"{V1}/decisions/",
        {"outsider": 400, "recruiter": 201, "manager": 201},
        body=lambda w: {"application": w.application.pk, "outcome": "advance", "reason": "Fit."}),
    Row("GET", "/api/v1/decisions/{id}/", lambda w: f"{V1}/decisions/{w.decision.pk}/", READ),
    Row("GET", "/api/v1/tokens/", lambda w: f"{V1}/tokens/", LIST),
    Row("POST", "/api/v1/tokens/", lambda w: f"{V1}/tokens/",
        {"outsider": 403, "recruiter": 403, "manager": 403},  # tokens cannot make tokens
        body=lambda w: {"name": "more"}),
    Row("GET", "/api/v1/webhooks/", lambda w: f"{V1}/webhooks/", LIST),
    Row("POST", "/api/v1/webhooks/", lambda w: f"{V1}/webhooks/",
        {"outsider": 400, "recruiter": 403, "manager": 403},
        body=lambda w: {"lab": w.lab.pk, "url": "https://x.example.org/h",
                        "events": ["document.failed"]}),
    Row("GET", "/api/v1/webhooks/{id}/", lambda w: f"{V1}/webhooks/{w.endpoint.pk}/",
        ADMIN_ONLY),
    Row("PATCH", "/api/v1/webhooks/{id}/", lambda w: f"{V1}/webhooks/{w.endpoint.pk}/",
        ADMIN_ONLY, body=lambda w: {"active": False}),
    Row("POST", "/api/v1/webhooks/{id}/ping/",
        lambda w: f"{V1}/webhooks/{w.endpoint.pk}/ping/", ADMIN_ONLY),
    Row("GET", "/api/v1/webhook-deliveries/", lambda w: f"{V1}/webhook-deliveries/", LIST),
    Row("GET", "/api/v1/webhook-deliveries/{id}/",
        lambda w: f"{V1}/webhook-deliveries/{w.delivery.pk}/", ADMIN_ONLY),
    Row("DELETE", "/api/v1/webhooks/{id}/", lambda w: f"{V1}/webhooks/{w.endpoint.pk}/",
        ADMIN_ONLY),
    Row("DELETE", "/api/v1/tokens/{id}/", lambda w: f"{V1}/tokens/{spare_token(w)}/",
        {"outsider": 404, "recruiter": 404, "manager": 204}),  # only your own tokens
    Row("POST", "/api/v1/candidates/{id}/applications/",
        lambda w: f"{V1}/candidates/{w.candidate.pk}/applications/",
        {"outsider": 404, "recruiter": 200, "manager": 200},  # 200: already applied
        body=lambda w: {"role": w.role.pk}),
    Row("GET", "/api/v1/duplicates/", lambda w: f"{V1}/duplicates/", LIST),
    Row("GET", "/api/v1/duplicates/{id}/",
        lambda w: f"{V1}/duplicates/{people(w).apart.pk}/", READ),
    Row("POST", "/api/v1/duplicates/{id}/keep-apart/",
        lambda w: f"{V1}/duplicates/{people(w).apart.pk}/keep-apart/", READ),
    Row("POST", "/api/v1/duplicates/{id}/merge/",
        lambda w: f"{V1}/duplicates/{people(w).pair.pk}/merge/", READ),
    Row("GET", "/api/v1/merges/", lambda w: f"{V1}/merges/", LIST),
    Row("GET", "/api/v1/merges/{id}/", lambda w: f"{V1}/merges/{people(w).merge.pk}/", READ),
    Row("POST", "/api/v1/merges/{id}/undo/",
        lambda w: f"{V1}/merges/{people(w).merge.pk}/undo/", EDIT),


    Row("GET", "/api/v1/roles/{role_pk}/panel/members/",
        lambda w: f"{V1}/roles/{w.role.pk}/panel/members/", READ),
    Row("PUT", "/api/v1/roles/{role_pk}/panel/members/{id}/",
        lambda w: f"{V1}/roles/{w.role.pk}/panel/members/{membership_of(w, 'recruiter')}/",
        {"outsider": 404, "recruiter": 403, "manager": 201}),
    Row("GET", "/api/v1/roles/{role_pk}/panel/scorecards/",
        lambda w: f"{V1}/roles/{w.role.pk}/panel/scorecards/", READ),
    Row("POST", "/api/v1/roles/{role_pk}/panel/scorecards/",
        lambda w: f"{V1}/roles/{w.role.pk}/panel/scorecards/",
        {"outsider": 404, "recruiter": 403, "manager": 403},  # reviewers only
        body=lambda w: {"application": w.application.pk}),
    Row("GET", "/api/v1/roles/{role_pk}/panel/scorecards/{id}/",
        lambda w: f"{V1}/roles/{w.role.pk}/panel/scorecards/{submitted_scorecard(w)}/",
        {"outsider": 404, "recruiter": 404, "manager": 200}),  # managers off the panel read
    Row("PATCH", "/api/v1/roles/{role_pk}/panel/scorecards/{id}/",
        lambda w: f"{V1}/roles/{w.role.pk}/panel/scorecards/{submitted_scorecard(w)}/",
        {"outsider": 404, "recruiter": 404, "manager": 403}, body=lambda w: {"summary": "x"}),
    Row("GET", "/api/v1/roles/{role_pk}/panel/agreement/",
        lambda w: f"{V1}/roles/{w.role.pk}/panel/agreement/", READ),
    Row("GET", "/api/v1/roles/{role_pk}/panel/conflicts/",
        lambda w: f"{V1}/roles/{w.role.pk}/panel/conflicts/", READ),
    Row("POST", "/api/v1/roles/{role_pk}/panel/conflicts/answer/",
        lambda w: f"{V1}/roles/{w.role.pk}/panel/conflicts/answer/",
        {"outsider": 404, "recruiter": 403, "manager": 403},  # reviewers only
        body=lambda w: {"application": w.application.pk, "answer": "declared"}),
    Row("GET", "/api/v1/roles/{role_pk}/candidates/{candidate_pk}/comments/",
        lambda w: f"{V1}/roles/{w.role.pk}/candidates/{w.candidate.pk}/comments/", READ),
    Row("POST", "/api/v1/roles/{role_pk}/candidates/{candidate_pk}/comments/",
        lambda w: f"{V1}/roles/{w.role.pk}/candidates/{w.candidate.pk}/comments/",
        {"outsider": 404, "recruiter": 201, "manager": 201}, body=lambda w: {"body": "Strong."}),
    Row("GET", "/api/v1/mentions/", lambda w: f"{V1}/mentions/", LIST),
    # Destructive rows last.
    Row("DELETE", "/api/v1/roles/{role_pk}/candidates/{candidate_pk}/comments/{id}/",
        lambda w: f"{V1}/roles/{w.role.pk}/candidates/{w.candidate.pk}/comments/"
                  f"{managers_comment(w)}/",
        {"outsider": 404, "recruiter": 403, "manager": 204}),  # authors only
    Row("DELETE", "/api/v1/roles/{role_pk}/panel/members/{id}/",
        lambda w: f"{V1}/roles/{w.role.pk}/panel/members/{membership_of(w, 'recruiter')}/",
        {"outsider": 404, "recruiter": 403, "manager": 204}),
    Row("DELETE", "/api/v1/roles/{role_pk}/criteria/{id}/",
        lambda w: f"{V1}/roles/{w.role.pk}/criteria/{current_criterion(w)}/", EDIT),
    Row("DELETE", "/api/v1/candidates/{id}/", lambda w: f"{V1}/candidates/{w.candidate.pk}/",
        EDIT),
    Row("DELETE", "/api/v1/roles/{id}/", lambda w: f"{V1}/roles/{w.role.pk}/",
        {**EDIT, "manager": 204}),
]  # fmt: skip
PUBLIC = {("GET", "/api/problems/"), ("GET", "/api/problems/{slug}")}


def expected_for(row: Row, actor: str) -> tuple[int, ...]:
    if actor == "anonymous":
        return (401,)
    wanted = row.expected[actor]
    return wanted if isinstance(wanted, tuple) else (wanted,)


def lab_ids_in(payload) -> set[int]:
    """Every object id under a key naming the lab, anywhere in a JSON answer."""
    found: set[int] = set()
    if isinstance(payload, dict):
        for key, value in payload.items():
            if key == "lab" and isinstance(value, int):
                found.add(value)
            elif key == "lab" and isinstance(value, dict) and isinstance(value.get("id"), int):
                found.add(value["id"])
            else:
                found |= lab_ids_in(value)
    elif isinstance(payload, list):
        for item in payload:
            found |= lab_ids_in(item)
    return found


@pytest.mark.parametrize("actor", ACTORS)
def test_every_endpoint_answers_each_actor_as_the_matrix_says(actor):
    world = build_world(applicants=1)
    # Made before the lab's rows are counted: the matrix then adds none as an outsider.
    _people[id(world)] = make_people(world)
    client = world.client(None if actor == "anonymous" else actor)
    lab_objects_before = (
        Candidate.objects.filter(lab=world.lab).count(),
        Document.objects.filter(lab=world.lab).count(),
        RoleProfile.objects.filter(lab=world.lab).count(),
        Rubric.objects.filter(role__lab=world.lab).count(),
        Decision.objects.filter(application__role__lab=world.lab).count(),
    )
    failures = []
    for row in ROWS:
        path = row.path(world)
        body = row.body(world) if row.body else None
        kwargs = {"format": "multipart" if row.multipart else "json"} if body is not None else {}
        response = getattr(client, row.method.lower())(path, body, **kwargs)
        wanted = expected_for(row, actor)
        if response.status_code not in wanted:
            failures.append(
                f"{row.method} {path}: {response.status_code}, wanted {wanted}: "
                f"{response.content[:300]!r}"
            )
            continue
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/problem+json", path
        if actor == "outsider" and response.status_code == 200 and response.content:
            leaked = lab_ids_in(response.json()) & {world.lab.pk}
            if leaked:
                failures.append(f"{row.method} {path}: shows objects of another lab")
    assert not failures, "\n".join(failures)
    if actor in ("anonymous", "outsider"):
        lab_objects_after = (
            Candidate.objects.filter(lab=world.lab).count(),
            Document.objects.filter(lab=world.lab).count(),
            RoleProfile.objects.filter(lab=world.lab).count(),
            Rubric.objects.filter(role__lab=world.lab).count(),
            Decision.objects.filter(application__role__lab=world.lab).count(),
        )
        assert lab_objects_after == lab_objects_before, "nothing of the lab was written"


def test_the_matrix_covers_every_operation_of_the_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operations = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }
    covered = {(row.method, row.template) for row in ROWS} | PUBLIC

    assert operations == covered


def test_a_member_of_another_lab_cannot_reach_the_lab_through_nested_paths():
    world = build_world(applicants=1)
    client = world.client("outsider")
    role = world.role.pk

    for path in (
        f"{V1}/roles/{role}/shortlist/?decision=none",
        f"{V1}/roles/{role}/rubrics/1/",
        f"{V1}/roles/{role}/learned-weights/",
    ):
        assert client.get(path).status_code == 404, path
    assert not re.search(rb"vision", client.get(f"{V1}/labs/").content)
