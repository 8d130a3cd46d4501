"""The API of one person, one candidate: candidates with their roles, adding one to a role,
possible duplicates to merge or keep apart, and merges to undo; other labs' are not found."""

from __future__ import annotations

import pytest

from candidates.models import (
    Candidate,
    CandidateMerge,
    DuplicateProposal,
    DuplicateStatus,
    MergeReason,
)
from screening.applications import application_create
from screening.models import Application, AuditAction, AuditEvent
from screening.people import candidate_merge
from tests.api_support import World, build_world
from tests.factories import CandidateFactory
from tests.pages import make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world(applicants=1)


def namesakes(lab) -> DuplicateProposal:
    a = CandidateFactory.create(lab=lab, name="Ada Lovelace", email="ada@example.org")
    b = CandidateFactory.create(lab=lab, name="Ada Lovelace", email="ada.l@example.net")
    return DuplicateProposal.objects.create(lab=lab, a=a, b=b, reasons=[{"kind": "name"}])


def problem(response, status: int, *words: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    for word in words:
        assert word in body["detail"], body
    return body


# --- Candidates and their roles ----------------------------------------------------------------


def test_the_candidate_list_gives_each_candidates_roles_and_its_queries_do_not_grow(
    world, django_assert_max_num_queries
):
    client = world.client("recruiter")
    second_role = make_role(world.lab, "research-engineer")
    application_create(role=second_role, candidate=world.candidate)

    body = client.get("/api/v1/candidates/").json()
    listed = {c["id"]: c for c in body["results"]}
    assert sorted(listed[world.candidate.pk]["roles"]) == sorted([world.role.pk, second_role.pk])

    with django_assert_max_num_queries(12) as few:
        client.get("/api/v1/candidates/")
    for _ in range(15):
        candidate = CandidateFactory.create(lab=world.lab, name="Some Body")
        application_create(role=world.role, candidate=candidate)
        application_create(role=second_role, candidate=candidate)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/candidates/").status_code == 200


def test_a_candidate_is_added_to_another_role_once(world):
    client = world.client("recruiter")
    other = make_role(world.lab, "research-engineer")
    url = f"/api/v1/candidates/{world.candidate.pk}/applications/"

    first = client.post(url, {"role": other.pk}, format="json")
    again = client.post(url, {"role": other.pk}, format="json")

    assert first.status_code == 201, first.content
    assert first.json()["role"] == other.pk
    assert first.json()["candidate"] == world.candidate.pk
    assert first["Location"].endswith(f"/api/v1/applications/{first.json()['id']}/")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Application.objects.filter(candidate=world.candidate, role=other).count() == 1


def test_adding_to_a_role_refuses_other_labs_roles_unknown_fields_and_other_labs_candidates(
    world,
):
    client = world.client("recruiter")
    url = f"/api/v1/candidates/{world.candidate.pk}/applications/"
    before = Application.objects.count()

    problem(client.post(url, {"role": world.other_role.pk}, format="json"), 400)
    problem(client.post(url, {}, format="json"), 400)
    body = problem(client.post(url, {"role": world.role.pk, "rank": 1}, format="json"), 400)
    assert body["errors"]["rank"] == ["Unknown field."]
    outsider = world.client("outsider")
    problem(outsider.post(url, {"role": world.other_role.pk}, format="json"), 404)
    assert Application.objects.count() == before


# --- Possible duplicates -----------------------------------------------------------------------


def test_possible_duplicates_are_listed_per_lab_with_reasons_and_no_names(
    world, django_assert_max_num_queries
):
    proposal = namesakes(world.lab)
    namesakes(world.other_lab)

    with django_assert_max_num_queries(10) as few:
        body = world.client("recruiter").get("/api/v1/duplicates/").json()
    assert [p["id"] for p in body["results"]] == [proposal.pk]
    assert body["results"][0] == {
        "id": proposal.pk,
        "lab": world.lab.pk,
        "a": proposal.a_id,
        "b": proposal.b_id,
        "reasons": [{"kind": "name"}],
        "status": "open",
        "decided_by": None,
        "decided_at": None,
        "created_at": body["results"][0]["created_at"],
    }
    for _ in range(5):
        namesakes(world.lab)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client = world.client("recruiter")
        assert len(client.get("/api/v1/duplicates/").json()["results"]) == 6
    kept = client.get("/api/v1/duplicates/", {"status": "kept_apart"}).json()
    assert kept["results"] == []
    about = client.get("/api/v1/duplicates/", {"candidate": proposal.b_id}).json()
    assert [p["id"] for p in about["results"]] == [proposal.pk]


def test_a_member_merges_a_possible_duplicate_and_it_is_audited(world):
    proposal = namesakes(world.lab)
    client = world.client("recruiter")

    response = client.post(f"/api/v1/duplicates/{proposal.pk}/merge/")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["kept"], body["absorbed"], body["reason"]) == (
        proposal.a_id,
        proposal.b_id,
        MergeReason.PROPOSAL,
    )
    assert body["merged_by"] == world.users["recruiter"].username
    assert not Candidate.objects.filter(pk=proposal.b_id).exists()
    event = AuditEvent.objects.get(action=AuditAction.CANDIDATE_MERGED)
    assert (event.channel, event.actor) == ("api", world.users["recruiter"])
    # The proposal went with the absorbed record; the merge is what remains to undo.
    problem(client.post(f"/api/v1/duplicates/{proposal.pk}/merge/"), 404)


def test_a_pair_kept_apart_is_not_merged_and_is_kept_apart_once(world):
    proposal = namesakes(world.lab)
    client = world.client("recruiter")

    kept = client.post(f"/api/v1/duplicates/{proposal.pk}/keep-apart/")

    assert kept.status_code == 200, kept.content
    assert kept.json()["status"] == DuplicateStatus.KEPT_APART
    assert kept.json()["decided_by"] == world.users["recruiter"].username
    problem(client.post(f"/api/v1/duplicates/{proposal.pk}/keep-apart/"), 409, "already")
    problem(client.post(f"/api/v1/duplicates/{proposal.pk}/merge/"), 409, "kept apart")
    assert Candidate.objects.filter(pk__in=[proposal.a_id, proposal.b_id]).count() == 2


def test_other_labs_duplicates_and_merges_are_not_found(world):
    proposal = namesakes(world.other_lab)
    pair = namesakes(world.other_lab)
    merge = candidate_merge(keep=pair.a, absorb=pair.b, reason=MergeReason.PROPOSAL)
    client = world.client("admin")

    assert client.get("/api/v1/duplicates/").json()["results"] == []
    assert client.get("/api/v1/merges/").json()["results"] == []
    for url in (
        f"/api/v1/duplicates/{proposal.pk}/",
        f"/api/v1/duplicates/{proposal.pk}/merge/",
        f"/api/v1/duplicates/{proposal.pk}/keep-apart/",
        f"/api/v1/merges/{merge.pk}/",
        f"/api/v1/merges/{merge.pk}/undo/",
    ):
        method = client.get if url.count("/") == 5 else client.post
        problem(method(url), 404)
    assert DuplicateProposal.objects.get(pk=proposal.pk).status == DuplicateStatus.OPEN
    assert CandidateMerge.objects.get().undone_at is None


def test_anonymous_requests_are_refused(world):
    for method, url in (("get", "/api/v1/duplicates/"), ("get", "/api/v1/merges/")):
        problem(getattr(world.client(None), method)(url), 401)


# --- Merges ------------------------------------------------------------------------------------


def test_only_hiring_managers_and_admins_undo_a_merge_and_only_once(
    world, django_assert_max_num_queries
):
    pair = namesakes(world.lab)
    merge = candidate_merge(keep=pair.a, absorb=pair.b, reason=MergeReason.SAME_EMAIL)
    url = f"/api/v1/merges/{merge.pk}/undo/"

    problem(world.client("recruiter").post(url), 403, "undo merges")
    assert CandidateMerge.objects.get().undone_at is None
    manager = world.client("manager")
    with django_assert_max_num_queries(12):
        listed = manager.get("/api/v1/merges/").json()["results"]
    assert [(m["kept"], m["absorbed"], m["merged_by"]) for m in listed] == [
        (pair.a_id, pair.b_id, None)
    ]
    undone = manager.post(url)

    assert undone.status_code == 200, undone.content
    assert undone.json()["undone_by"] == world.users["manager"].username
    assert Candidate.objects.filter(pk=pair.b_id).exists()
    problem(manager.post(url), 409, "undone already")
    assert manager.get("/api/v1/merges/", {"undone": "false"}).json()["results"] == []
    assert len(manager.get("/api/v1/merges/", {"undone": "true"}).json()["results"]) == 1
