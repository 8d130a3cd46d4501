"""One shortlist: the page, its CSV and the API list the same candidates in the same order.

The ranking puts candidates without a barrier first, then the higher score, and between equal
scores the earlier application (screening.scoring.RANKING). The scorer ranks by the same rule,
so the rank it stores after a full assessment is the rank every channel shows.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from candidates.models import CandidateFeatures
from candidates.profile import FEATURES_VERSION
from screening.api.tokens import token_create
from screening.assessing import role_assess
from screening.decisions import decision_record
from screening.models import Assessment, LabRole
from screening.selectors import role_ranks
from tests.factories import ApplicationFactory, CandidateFactory, MembershipFactory
from tests.pages import make_role

pytestmark = pytest.mark.django_db

# (name, score, barrier) in the order they applied: scores tie within and across barriers.
APPLICANTS = [
    ("Ada Tie", 70.0, False),
    ("Ben Low", 55.5, False),
    ("Cai Tie", 70.0, False),
    ("Dee Barrier", 55.5, True),
    ("Eve Barrier", 90.0, True),
    ("Fay Low", 55.5, False),
    ("Gus Tie", 70.0, False),
]
# The ranking of APPLICANTS, by name.
RANKED = ["Ada Tie", "Cai Tie", "Gus Tie", "Ben Low", "Fay Low", "Eve Barrier", "Dee Barrier"]


@pytest.fixture
def shortlist():
    """A role whose assessments were written in the reverse order of its applications, so
    their own ids order ties the other way round from the ranking."""
    cache.clear()
    recruiter = MembershipFactory(role=LabRole.RECRUITER)
    role = make_role(recruiter.lab)
    applications = [
        ApplicationFactory(role=role, candidate=CandidateFactory(lab=recruiter.lab, name=name))
        for name, _, _ in APPLICANTS
    ]
    for application, (_, score, barrier) in reversed(
        list(zip(applications, APPLICANTS, strict=True))
    ):
        Assessment.objects.create(
            application=application,
            role=role,
            rubric=role.current_rubric,
            model_version="test",
            score=score,
            has_barrier=barrier,
            stale=application.candidate.name.startswith("Fay"),
        )
    by_name = {a.candidate.name: a for a in applications}
    decision_record(application=by_name["Cai Tie"], outcome="advance", reason="Strong.")
    decision_record(application=by_name["Dee Barrier"], outcome="hold", reason="Later.")
    return role, recruiter.user, {a.candidate.name: a.candidate_id for a in applications}


def page_listing(client, role, query) -> list[tuple[int, int]]:
    response = client.get(reverse("role_detail", args=[role.pk]), query)
    return [(entry.candidate_id, entry.rank) for entry in response.context["entries"]]


def csv_listing(client, role, query) -> list[tuple[int, int]]:
    response = client.get(reverse("role_csv", args=[role.pk]), query)
    rows = csv.DictReader(io.StringIO(response.content.decode()))
    return [(int(row["candidate_id"]), int(row["rank"])) for row in rows]


def api_listing(api, role, query) -> list[tuple[int, int]]:
    response = api.get(f"/api/v1/roles/{role.pk}/shortlist/", query)
    assert response.status_code == 200, response.content
    return [(row["candidate"]["id"], row["rank"]) for row in response.json()["results"]]


def ranked(ids, names) -> list[tuple[int, int]]:
    return [(ids[name], RANKED.index(name) + 1) for name in RANKED if name in names]


@pytest.mark.parametrize(
    ("page_query", "api_query", "names"),
    [
        ({}, {}, RANKED),
        (
            {"decision": "undecided", "show": "no_barrier"},
            {"decision": "none", "barrier": "false"},
            ["Ada Tie", "Gus Tie", "Ben Low", "Fay Low"],
        ),
        ({"decision": "advance"}, {"decision": "advance"}, ["Cai Tie"]),
        ({"show": "barrier"}, {"barrier": "true"}, ["Eve Barrier", "Dee Barrier"]),
        ({"show": "stale"}, {"stale": "true"}, ["Fay Low"]),
        ({"q": "tie"}, {"search": "tie"}, ["Ada Tie", "Cai Tie", "Gus Tie"]),
    ],
    ids=["everyone", "undecided-without-barrier", "advanced", "barriers", "stale", "search"],
)
def test_the_page_the_csv_and_the_api_list_the_same_candidates_in_the_same_order(
    client, shortlist, page_query, api_query, names
):
    role, user, ids = shortlist
    client.force_login(user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='t').key}")

    expected = ranked(ids, names)

    assert page_listing(client, role, page_query) == expected
    assert csv_listing(client, role, page_query) == expected
    assert api_listing(api, role, api_query) == expected


def test_a_candidate_number_finds_the_candidate_on_the_page_and_in_the_api(client, shortlist):
    role, user, ids = shortlist
    client.force_login(user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='t').key}")
    number = f"#{ids['Fay Low']}"

    assert page_listing(client, role, {"q": number}) == ranked(ids, ["Fay Low"])
    assert api_listing(api, role, {"search": number}) == ranked(ids, ["Fay Low"])


def test_the_api_reads_undecided_as_the_pages_write_it(client, shortlist):
    role, user, _ = shortlist
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='t').key}")

    assert api_listing(api, role, {"decision": "undecided"}) == api_listing(
        api, role, {"decision": "none"}
    )


def test_the_scorer_ranks_ties_as_the_shortlist_does():
    recruiter = MembershipFactory(role=LabRole.RECRUITER)
    role = make_role(recruiter.lab)
    applications = [
        ApplicationFactory(role=role, candidate=CandidateFactory(lab=recruiter.lab))
        for _ in range(3)
    ]
    for application in applications:  # identical features: identical scores
        CandidateFeatures.objects.create(
            candidate=application.candidate,
            values={"pubs_total": 3, "cv_read": 1},
            version=FEATURES_VERSION,
        )

    role_assess(role=role)

    assessments = Assessment.objects.filter(role=role)
    assert len({a.score for a in assessments}) == 1
    live = role_ranks(role=role)
    assert {a.application_id: a.rank for a in assessments} == {
        a.application_id: live[a.pk] for a in assessments
    }
    assert sorted(assessments, key=lambda a: a.rank) == sorted(
        assessments, key=lambda a: a.application_id
    )


def test_a_score_bound_beyond_the_scores_keeps_everyone_or_no_one(shortlist):
    role, user, ids = shortlist
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='t').key}")

    assert api_listing(api, role, {"score_max": "1e60"}) == ranked(ids, RANKED)
    assert api_listing(api, role, {"score_min": "1e60"}) == []
