"""The shortlist API keeps answers between changes, and never answers with an outdated one."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from screening.applications import candidate_update
from screening.assessing import role_assess
from screening.decisions import decision_record
from screening.rubric_templates import get_template
from screening.services import rubric_revise
from tests.api_support import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world(applicants=3)


def rows(client, world, **params):
    response = client.get(f"/api/v1/roles/{world.role.pk}/shortlist/", params)
    assert response.status_code == 200
    return response.json()["results"]


def test_a_repeated_request_is_answered_without_reading_the_shortlist_again(world):
    client = world.client("recruiter")
    first = rows(client, world)

    with CaptureQueriesContext(connection) as queries:
        again = rows(client, world)

    assert again == first
    assert not any("screening_assessment" in q["sql"] for q in queries.captured_queries)


def test_decisions_names_rescores_and_rubric_edits_show_at_once(world):
    client = world.client("recruiter")
    rows(client, world)
    other = (
        world.application.candidate.applications.get()
        .role.applications.exclude(pk=world.application.pk)
        .first()
    )

    decision_record(application=other, outcome="advance", reason="strong")
    decided = {r["candidate"]["id"]: r["decision"] for r in rows(client, world)}
    assert decided[other.candidate_id] == "advance"

    candidate_update(candidate=world.candidate, changes={"name": "Renamed Person"})
    assert "Renamed Person" in str(rows(client, world))

    criteria = [
        replace(c, weight=c.weight + 1) for c in get_template("research-scientist-ml").criteria
    ]
    rubric_revise(role=world.role, criteria=criteria, based_on=None)
    assert all(r["stale"] for r in rows(client, world))
    role_assess(role=world.role)
    assert not any(r["stale"] for r in rows(client, world))


def test_filters_and_pages_are_kept_apart(world):
    client = world.client("recruiter")

    everyone = rows(client, world)
    undecided = rows(client, world, decision="none")

    assert len(undecided) == len(everyone) - 1
