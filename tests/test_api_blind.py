"""Blind review in the API: the ``blind`` view an integrator asks for, and a role's requirement
enforced for recruiters' tokens, whichever role or endpoint the candidate is read through."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from screening.assessing import role_assess
from screening.services import role_set_blind_review
from tests.api_support import build_world
from tests.factories import ApplicationFactory
from tests.pages import make_role

pytestmark = pytest.mark.django_db

V1 = "/api/v1"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def world():
    return build_world()


def identity(candidate) -> list[str]:
    """What must never appear: the name, each of its words, the email, the file names."""
    names = [candidate.name, *candidate.name.split(), candidate.email]
    files = [document.original_name for document in candidate.documents.all()]
    stems = [name.split("__")[0] for name in files]
    return [cue for cue in [*names, *files, *stems] if cue]


def assert_blind(body: object, candidate) -> None:
    text = json.dumps(body, ensure_ascii=False).lower()
    for cue in identity(candidate):
        assert cue.lower() not in text, f"{cue!r} is in a blind answer"


def reads(world, client, query: str = "") -> dict[str, object]:
    """Every answer that tells about the candidate: list, detail, shortlist, documents, and the
    assessment with its quotes."""
    candidate = world.candidate
    urls = {
        "candidate": f"{V1}/candidates/{candidate.pk}/",
        "candidates": f"{V1}/candidates/",
        "shortlist": f"{V1}/roles/{world.role.pk}/shortlist/",
        "documents": f"{V1}/documents/?candidate={candidate.pk}",
        "document": f"{V1}/documents/{world.document.pk}/",
        "assessment": f"{V1}/assessments/{world.assessment.pk}/",
    }
    answers = {}
    for name, url in urls.items():
        joined = f"{url}{'&' if '?' in url else '?'}{query}" if query else url
        response = client.get(joined)
        assert response.status_code == 200, (joined, response.content)
        answers[name] = response.json()
    return answers


def test_a_recruiters_token_never_sees_who_a_role_requiring_blind_review_is_about(world):
    role_set_blind_review(role=world.role, enabled=True)

    answers = reads(world, world.client("recruiter"))

    for name, body in answers.items():
        assert_blind(body, world.candidate), name
    assert answers["candidate"]["name"] == f"Candidate #{world.candidate.pk}"
    assert answers["candidate"]["email"] == ""
    assert answers["candidate"]["blind"] is True
    shortlisted = {e["candidate"]["id"]: e["candidate"] for e in answers["shortlist"]["results"]}
    assert shortlisted[world.candidate.pk]["blind"] is True
    assert answers["document"]["original_name"] == f"Document #{world.document.pk}"
    # The quotes are there, masked: the synthetic papers list the candidate among the authors.
    quotes = [e["quote"] for c in answers["assessment"]["criteria"] for e in c["evidence"]]
    assert quotes


def test_asking_for_the_full_view_does_not_lift_a_roles_requirement_for_recruiters(world):
    role_set_blind_review(role=world.role, enabled=True)

    answers = reads(world, world.client("recruiter"), "view=full")

    for body in answers.values():
        assert_blind(body, world.candidate)


def test_a_hiring_managers_integration_sees_identities_unless_it_asks_for_the_blind_view(world):
    role_set_blind_review(role=world.role, enabled=True)
    client = world.client("manager")

    full = reads(world, client)
    blind = reads(world, client, "view=blind")

    assert full["candidate"]["name"] == world.candidate.name
    assert full["candidate"]["blind"] is False
    assert full["document"]["original_name"] == world.document.original_name
    for name, body in blind.items():
        assert_blind(body, world.candidate), name


def test_the_blind_view_is_there_for_any_integrator_without_a_role_requiring_it(world):
    answers = reads(world, world.client("admin"), "view=blind")

    for body in answers.values():
        assert_blind(body, world.candidate)
    others = [c for c in answers["candidates"]["results"] if c["id"] != world.candidate.pk]
    assert others
    assert all(c["name"] == f"Candidate #{c['id']}" and c["blind"] for c in others)


def test_another_role_that_does_not_require_it_does_not_unmask_the_candidate(world):
    open_role = make_role(world.lab, "research-engineer")
    ApplicationFactory(role=open_role, candidate=world.candidate)
    role_assess(role=open_role)
    role_set_blind_review(role=world.role, enabled=True)
    client = world.client("recruiter")

    shortlist = client.get(f"{V1}/roles/{open_role.pk}/shortlist/").json()

    (entry,) = [e for e in shortlist["results"] if e["candidate"]["id"] == world.candidate.pk]
    assert entry["candidate"] == {
        "id": world.candidate.pk,
        "name": f"Candidate #{world.candidate.pk}",
        "blind": True,
    }


def test_a_shortlist_answer_kept_for_a_manager_is_not_served_to_a_recruiter(world):
    role_set_blind_review(role=world.role, enabled=True)
    url = f"{V1}/roles/{world.role.pk}/shortlist/"

    seen = world.client("manager").get(url).json()
    blind = world.client("recruiter").get(url).json()

    assert world.candidate.name in json.dumps(seen)
    assert_blind(blind, world.candidate)


def test_names_of_candidates_seen_blind_cannot_be_searched_for(world):
    role_set_blind_review(role=world.role, enabled=True)
    surname = world.candidate.name.split()[-1]

    by_recruiter = world.client("recruiter").get(f"{V1}/candidates/", {"search": surname})
    on_shortlist = world.client("recruiter").get(
        f"{V1}/roles/{world.role.pk}/shortlist/", {"search": surname}
    )
    by_manager = world.client("manager").get(f"{V1}/candidates/", {"search": surname})

    assert by_recruiter.json()["count"] == 0
    assert on_shortlist.json()["count"] == 0
    assert world.candidate.pk in [c["id"] for c in by_manager.json()["results"]]


def test_an_unknown_view_is_refused_with_a_message_that_names_the_choices(world):
    response = world.client("manager").get(f"{V1}/candidates/{world.candidate.pk}/?view=anon")

    assert response.status_code == 400
    assert response.json()["errors"]["view"] == ["Use view=blind or view=full, not 'anon'."]
