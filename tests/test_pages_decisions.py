"""Decisions against the rubric, and the weights the decisions imply, as a chart."""

from __future__ import annotations

import pytest
from django.urls import reverse

from screening.assessing import role_assess
from screening.decisions import decision_record
from screening.learning import MIN_DECISIONS
from screening.models import Application, Assessment, LabRole, LearnedWeights
from screening.selectors import role_ranks
from tests.pages import ARCHETYPES, applicant, assessed_role, make_role, member

pytestmark = pytest.mark.django_db


def decide(candidate, outcome: str, reason: str = "reviewed") -> None:
    decision_record(
        application=Application.objects.get(candidate=candidate), outcome=outcome, reason=reason
    )


def test_decisions_are_summarised_and_disagreements_with_the_rubric_named(client):
    recruiter = member(LabRole.RECRUITER)
    role, _ = assessed_role(recruiter.lab, count=4)
    ranks = role_ranks(role=role)
    by_rank = sorted(Assessment.objects.filter(role=role), key=lambda a: ranks[a.pk])
    top, barrier = by_rank[0], next(a for a in by_rank if a.has_barrier)
    decide(top.application.candidate, "reject", "Not now")
    decide(barrier.application.candidate, "advance", "Exceptional engineer")
    decide(by_rank[1].application.candidate, "hold")
    client.force_login(recruiter.user)

    response = client.get(reverse("decisions", args=[role.pk]))

    summary = response.context["summary"]
    assert summary.decided == 3
    counts = {row["outcome"]: row["count"] for row in summary.outcomes}
    assert counts == {"advance": 1, "hold": 1, "reject": 1}
    reasons = {row["candidate"]: row["why"] for row in summary.against}
    assert reasons[top.application.candidate] == "rejected at rank 1, inside the top 10"
    assert reasons[barrier.application.candidate] == "advanced despite a barrier"
    assert b"Decisions the rubric disagrees with" in response.content
    assert b"Not learned yet" in response.content


def test_no_decisions_yet_is_a_clear_empty_state(client):
    recruiter = member(LabRole.RECRUITER)
    role = make_role(recruiter.lab)
    client.force_login(recruiter.user)

    html = client.get(reverse("decisions", args=[role.pk])).content.decode()

    assert "No decisions yet" in html
    assert "Learn from the decisions now" not in html  # recruiters do not refit


def test_learning_with_too_few_decisions_says_how_many_are_needed(client):
    manager = member(LabRole.HIRING_MANAGER)
    role, people = assessed_role(manager.lab, count=2)
    decide(people[0], "advance")
    client.force_login(manager.user)

    response = client.post(reverse("learn", args=[role.pk]), follow=True)

    assert f"at least {MIN_DECISIONS} decisions".encode() in response.content
    assert not LearnedWeights.objects.exists()


def test_learned_weights_are_drawn_beside_the_stated_ones(client):
    manager = member(LabRole.HIRING_MANAGER)
    role = make_role(manager.lab)
    people = [
        applicant(role, 700 + i, archetype=ARCHETYPES[i % len(ARCHETYPES)])
        for i in range(MIN_DECISIONS + 2)
    ]
    role_assess(role=role)
    for candidate in people:
        assessment = Assessment.objects.get(application__candidate=candidate)
        decide(candidate, "reject" if assessment.has_barrier else "advance")
    client.force_login(manager.user)

    learned = client.post(reverse("learn", args=[role.pk]), follow=True)

    html = learned.content.decode()
    assert f"Learned from {MIN_DECISIONS + 2} decisions" in html
    weights = LearnedWeights.objects.get(role=role)
    assert '<svg viewBox="0 0 640' in html
    assert html.count('class="bar-stated') == len(weights.weights)
    assert html.count('class="bar-learned') == len(weights.weights)
    for weight in weights.weights:
        assert weight["name"][:20] in html
    assert "Cross-validated accuracy" in html


def test_learning_for_a_role_without_a_rubric_says_so(client):
    manager = member(LabRole.HIRING_MANAGER)
    role = make_role(manager.lab)
    role.rubrics.all().delete()  # as a role made in the admin, before any rubric
    client.force_login(manager.user)

    response = client.post(reverse("learn", args=[role.pk]), follow=True)

    assert response.status_code == 200
    assert b"The role has no rubric yet" in response.content
    assert not LearnedWeights.objects.exists()
