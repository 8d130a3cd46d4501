"""Every applicant on the shortlist (those not ranked say why) and the pipeline on the pages,
the CSV and the API: a stage column and filter, bulk moves, the candidate page's move form and
history, and query counts that do not grow with rows."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from candidates.models import Document, DocumentStatus
from candidates.processing import document_process
from screening.api.tokens import token_create
from screening.applications import document_upload
from screening.assessing import role_assess
from screening.models import (
    Application,
    Decision,
    LabRole,
    RoleProfile,
    Stage,
    StageKind,
    StageMove,
)
from screening.pipeline import MOVE_REASON_REQUIRED, applications_move
from screening.selectors import READING
from screening.services import role_archive
from tests.pages import applicant, assessed_role, member
from tests.pdfs import encrypted_pdf, text_pdf
from tests.test_api_resources import SHORTLIST_QUERIES
from tests.test_pages_shortlist import CSV_QUERIES, PAGE_QUERIES

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


@pytest.fixture
def recruiter(client):
    recruiter = member(LabRole.RECRUITER)
    client.force_login(recruiter.user)
    return recruiter


@pytest.fixture
def world(recruiter):
    """A role with two ranked applicants, one whose CV failed and one whose CV is queued."""
    role, people = assessed_role(recruiter.lab, count=2)
    failed = document_upload(
        lab=recruiter.lab, content=encrypted_pdf(), filename="locked.pdf", role=role, enqueue=False
    ).document
    document_process(document_id=failed.pk)
    queued = document_upload(
        lab=recruiter.lab, content=text_pdf("Queued CV"), filename="queued.pdf", role=role,
        enqueue=False,
    ).document  # fmt: skip
    return role, people, Document.objects.get(pk=failed.pk), queued


def api_of(membership) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=membership.user, name='t').key}")
    return api


def stage(role: RoleProfile, name: str) -> Stage:
    return Stage.objects.get(lab=role.lab, name=name)


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


# --- Every applicant ------------------------------------------------------------------------


def test_applicants_not_ranked_are_listed_after_the_ranked_with_why(client, world):
    role, _, failed, queued = world
    assert failed.status == DocumentStatus.FAILED

    response = client.get(reverse("role_detail", args=[role.pk]))

    entries = response.context["entries"]
    assert len(entries) == 4 == Application.objects.filter(role=role).count()
    assert [e.ranked for e in entries] == [True, True, False, False]
    by_candidate = {e.candidate_id: e for e in entries}
    assert by_candidate[failed.candidate_id].reading == f"CV failed: {failed.error}"
    assert by_candidate[queued.candidate_id].reading == READING
    assert by_candidate[failed.candidate_id].rank is None
    page = response.content.decode()
    assert "4 applicants" in page
    assert "4 shown" in page
    assert "Not ranked" in page
    assert failed.error in page


def test_the_not_ranked_filter_brings_back_exactly_those(client, world):
    role, _, failed, queued = world

    response = client.get(reverse("role_detail", args=[role.pk]), {"show": "not_ranked"})

    assert {e.candidate_id for e in response.context["entries"]} == {
        failed.candidate_id,
        queued.candidate_id,
    }


def test_filters_on_what_an_assessment_says_keep_the_ranked_only(client, world):
    role, *_ = world

    response = client.get(reverse("role_detail", args=[role.pk]), {"show": "no_barrier"})

    assert all(entry.ranked for entry in response.context["entries"])


def test_the_csv_lists_every_applicant_with_stage_reason_date_and_why_not_ranked(client, world):
    role, people, failed, _ = world
    applications_move(
        applications=Application.objects.filter(role=role, candidate=people[0]),
        stage=stage(role, "Interview"),
        by=None,
        reason="Strong methods.",
    )

    rows = read_csv(client.get(reverse("role_csv", args=[role.pk])))

    assert len(rows) == 4
    moved = next(r for r in rows if r["candidate_id"] == str(people[0].pk))
    assert (moved["stage"], moved["stage_reason"]) == ("Interview", "Strong methods.")
    assert len(moved["stage_since"]) == 10  # a date, YYYY-MM-DD
    broken = next(r for r in rows if r["candidate_id"] == str(failed.candidate_id))
    assert (broken["rank"], broken["score"], broken["stage"]) == ("", "", "Screen")
    assert broken["not_ranked_because"] == f"CV failed: {failed.error}"


def test_the_api_lists_every_applicant_with_stage_and_reading(world, recruiter):
    role, _, failed, queued = world
    api = api_of(recruiter)

    rows = api.get(f"{V1}/roles/{role.pk}/shortlist/").json()["results"]
    not_ranked = api.get(f"{V1}/roles/{role.pk}/shortlist/", {"ranked": "false"}).json()

    assert [row["ranked"] for row in rows] == [True, True, False, False]
    broken = next(r for r in rows if r["candidate"]["id"] == failed.candidate_id)
    assert (broken["rank"], broken["score"], broken["assessment"]) == (None, None, None)
    assert broken["reading"] == f"CV failed: {failed.error}"
    assert broken["stage"]["name"] == "Screen"
    assert broken["stage"]["kind"] == "active"
    assert broken["stage"]["reason"] == ""
    assert {r["candidate"]["id"] for r in not_ranked["results"]} == {
        failed.candidate_id,
        queued.candidate_id,
    }


# --- Stages on the shortlist ----------------------------------------------------------------


def test_the_shortlist_shows_and_filters_by_stage(client, world):
    role, people, _, _ = world
    applications_move(
        applications=Application.objects.filter(role=role, candidate=people[1]),
        stage=stage(role, "Offer"),
        by=None,
        reason="Panel agreed.",
    )
    url = reverse("role_detail", args=[role.pk])

    offered = client.get(url, {"stage": stage(role, "Offer").pk})
    unknown = client.get(url, {"stage": 999999})

    assert [e.candidate_id for e in offered.context["entries"]] == [people[1].pk]
    assert offered.context["entries"][0].stage.reason == "Panel agreed."
    assert "Offer" in offered.content.decode()
    assert len(unknown.context["entries"]) == 4  # an unknown stage filters nothing


def test_a_bulk_rejection_from_the_shortlist_moves_and_rejects_them_all(client, world, recruiter):
    role, people, failed, _ = world
    chosen = [people[1].pk, failed.candidate_id]

    response = client.post(
        reverse("shortlist_action", args=[role.pk]),
        {
            "c": chosen,
            "action": "move",
            "stage": stage(role, "Rejected").pk,
            "reason": "No research experience.",
        },
    )

    assert response.status_code == 302
    rejected = Application.objects.filter(role=role, stage__kind=StageKind.REJECTED)
    assert sorted(rejected.values_list("candidate_id", flat=True)) == sorted(chosen)
    decisions = Decision.objects.filter(application__in=rejected)
    assert {(d.outcome, d.reason, d.decided_by) for d in decisions} == {
        ("reject", "No research experience.", recruiter.user)
    }
    shortlist = client.get(response.url)
    assert "Moved 2 applicants to Rejected." in shortlist.content.decode()


def test_a_bulk_move_without_a_reason_is_refused_and_keeps_what_was_ticked(client, world):
    role, people, _, _ = world

    response = client.post(
        reverse("shortlist_action", args=[role.pk]),
        {"c": [people[0].pk], "action": "move", "stage": stage(role, "Interview").pk},
    )

    assert response.status_code == 400
    assert response.context["action_form"].errors["reason"] == [MOVE_REASON_REQUIRED]
    assert response.context["selected"] == {people[0].pk}
    assert f'value="{people[0].pk}" id="select-{people[0].pk}" aria-label' in (
        response.content.decode()
    )
    assert not StageMove.objects.exists()


def test_a_bulk_move_of_no_one_or_to_no_stage_is_refused(client, world):
    role, people, _, _ = world
    url = reverse("shortlist_action", args=[role.pk])

    nobody = client.post(url, {"action": "move", "stage": stage(role, "Offer").pk, "reason": "x"})
    nowhere = client.post(url, {"action": "move", "c": [people[0].pk], "reason": "x"})

    assert nobody.status_code == nowhere.status_code == 400
    assert "Choose at least one applicant to move." in nobody.content.decode()
    assert "Choose the stage to move to." in nowhere.content.decode()
    assert not StageMove.objects.exists()


def test_the_shortlist_form_still_compares_without_script(client, world):
    role, people, _, _ = world

    response = client.post(
        reverse("shortlist_action", args=[role.pk]),
        {"c": [people[0].pk, people[1].pk], "action": "compare"},
    )

    assert response.status_code == 302
    assert response.url == (
        f"{reverse('compare', args=[role.pk])}?c={people[0].pk}&c={people[1].pk}"
    )


def test_other_labs_cannot_move_a_roles_applicants(client, world):
    role, people, _, _ = world
    client.force_login(member(LabRole.ADMIN).user)

    response = client.post(
        reverse("shortlist_action", args=[role.pk]),
        {"c": [people[0].pk], "action": "move", "stage": stage(role, "Offer").pk, "reason": "x"},
    )
    one = client.post(
        reverse("stage_move", args=[role.pk, people[0].pk]),
        {"move-stage": stage(role, "Offer").pk, "move-reason": "x"},
    )

    assert response.status_code == one.status_code == 404
    assert not StageMove.objects.exists()


def test_an_archived_roles_shortlist_offers_no_move(client, world):
    role, _, _, _ = world
    role_archive(role=role)

    page = client.get(reverse("role_detail", args=[role.pk])).content.decode()

    assert "Move selected" not in page
    assert "read-only" in page


# --- The candidate page -------------------------------------------------------------------


def test_the_candidate_page_moves_and_shows_the_history(client, world, recruiter):
    role, people, _, _ = world
    url = reverse("stage_move", args=[role.pk, people[0].pk])

    response = client.post(
        url, {"move-stage": stage(role, "Interview").pk, "move-reason": "Great talk."}
    )
    page = client.get(reverse("candidate_detail", args=[role.pk, people[0].pk]))

    assert response.status_code == 302
    assert page.context["review"].application.stage.name == "Interview"
    (move,) = page.context["review"].moves
    assert (move.from_stage.name, move.to_stage.name, move.reason) == (
        "Screen",
        "Interview",
        "Great talk.",
    )
    text = page.content.decode()
    assert "Great talk." in text
    assert recruiter.user.get_username() in text


def test_the_candidate_page_refuses_a_move_without_a_reason_or_stage(client, world):
    role, people, _, _ = world
    url = reverse("stage_move", args=[role.pk, people[0].pk])

    no_reason = client.post(url, {"move-stage": stage(role, "Interview").pk})
    no_stage = client.post(url, {"move-reason": "Why not."})

    assert no_reason.status_code == no_stage.status_code == 400
    assert no_reason.context["move_form"].errors["reason"] == [MOVE_REASON_REQUIRED]
    assert "Choose the stage to move to." in no_stage.content.decode()
    assert not StageMove.objects.exists()


# --- The API ------------------------------------------------------------------------------


def test_the_api_moves_in_bulk_and_filters_the_shortlist_by_stage(world, recruiter):
    role, people, _, _ = world
    api = api_of(recruiter)
    applications = list(Application.objects.filter(role=role, candidate__in=people))
    rejected = stage(role, "Rejected")

    moved = api.post(
        f"{V1}/roles/{role.pk}/applications/move/",
        {"applications": [a.pk for a in applications], "stage": rejected.pk, "reason": "No."},
        format="json",
    )
    listed = api.get(f"{V1}/roles/{role.pk}/shortlist/", {"stage": rejected.pk}).json()

    assert moved.status_code == 200, moved.content
    assert moved.json()["moved"] == 2
    assert moved.json()["stage"]["kind"] == "rejected"
    assert {r["application"] for r in listed["results"]} == {a.pk for a in applications}
    assert {r["decision"] for r in listed["results"]} == {"reject"}
    assert {r["stage"]["reason"] for r in listed["results"]} == {"No."}


def test_the_api_refuses_a_move_naming_another_labs_stage_or_application(world, recruiter):
    role, people, _, _ = world
    api = api_of(recruiter)
    application = Application.objects.get(role=role, candidate=people[0])
    outsider = member(LabRole.ADMIN)
    url = f"{V1}/roles/{role.pk}/applications/move/"
    elsewhere = Stage.objects.get(lab=outsider.lab, name="Offer")
    foreign = assessed_role(outsider.lab, count=1)[0].applications.get()

    wrong_stage = api.post(
        url, {"applications": [application.pk], "stage": elsewhere.pk, "reason": "x"},
        format="json",
    )  # fmt: skip
    wrong_application = api.post(
        url, {"applications": [foreign.pk], "stage": stage(role, "Offer").pk, "reason": "x"},
        format="json",
    )  # fmt: skip
    no_reason = api.post(
        url, {"applications": [application.pk], "stage": stage(role, "Offer").pk, "reason": ""},
        format="json",
    )  # fmt: skip
    not_theirs = api_of(outsider).post(
        url, {"applications": [application.pk], "stage": stage(role, "Offer").pk, "reason": "x"},
        format="json",
    )  # fmt: skip

    assert wrong_stage.status_code == wrong_application.status_code == no_reason.status_code == 400
    assert "stage" in wrong_stage.json()["errors"]
    assert "applications" in wrong_application.json()["errors"]
    assert no_reason.json()["errors"] == {"reason": [MOVE_REASON_REQUIRED]}
    assert not_theirs.status_code == 404
    assert not StageMove.objects.exists()


def test_the_api_refuses_moves_on_an_archived_role(world, recruiter):
    role, people, _, _ = world
    role_archive(role=role)
    application = Application.objects.get(role=role, candidate=people[0])

    response = api_of(recruiter).post(
        f"{V1}/roles/{role.pk}/applications/move/",
        {"applications": [application.pk], "stage": stage(role, "Offer").pk, "reason": "x"},
        format="json",
    )

    assert response.status_code == 409
    assert not StageMove.objects.exists()


def test_the_api_lists_the_stages_of_your_labs_only(recruiter):
    outsider = member(LabRole.ADMIN)

    stages = api_of(recruiter).get(f"{V1}/stages/").json()["results"]
    theirs = Stage.objects.filter(lab=outsider.lab).first()

    assert [(s["name"], s["kind"], s["order"]) for s in stages] == [
        ("Screen", "active", 0),
        ("Interview", "active", 1),
        ("Offer", "active", 2),
        ("Hired", "hired", 3),
        ("Rejected", "rejected", 4),
    ]
    assert {s["lab"] for s in stages} == {recruiter.lab.pk}
    assert api_of(recruiter).get(f"{V1}/stages/{theirs.pk}/").status_code == 404


# --- Query counts -------------------------------------------------------------------------


def test_the_shortlist_with_stages_costs_the_same_queries_for_more_rows(
    client, recruiter, django_assert_num_queries
):
    role, _ = assessed_role(recruiter.lab, count=2)
    api = api_of(recruiter)
    api.get(f"{V1}/labs/")  # the token's first use is written down once
    page_url = reverse("role_detail", args=[role.pk])
    csv_url = reverse("role_csv", args=[role.pk])
    api_url = f"{V1}/roles/{role.pk}/shortlist/"
    client.get(page_url)  # the first visit remembers the lab in the session

    counts = []
    for seed in (0, 1):
        with django_assert_num_queries(PAGE_QUERIES) as page:
            client.get(page_url)
        with django_assert_num_queries(CSV_QUERIES) as sheet:
            client.get(csv_url)
        with django_assert_num_queries(SHORTLIST_QUERIES) as listed:
            api.get(api_url)
        counts.append((len(page), len(sheet), len(listed)))
        # More applicants, moved with reasons, failed and queued: no more queries.
        for number in range(3):
            applicant(role, 700 + 10 * seed + number, archetype="phd_student")
        role_assess(role=role)
        failed = document_upload(
            lab=recruiter.lab, content=encrypted_pdf(), filename=f"l{seed}.pdf", role=role,
            enqueue=False,
        ).document  # fmt: skip
        document_process(document_id=failed.pk)
        applications_move(
            applications=Application.objects.filter(role=role),
            stage=stage(role, "Interview" if seed == 0 else "Rejected"),
            by=recruiter.user,
            reason=f"Round {seed}.",
        )
    assert counts[0] == counts[1]
