"""Fairness: selection and scoring rates and impact ratios from separate self-identification."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from candidates.models import SelfIdentification
from screening.decisions import decision_record
from screening.fairness import Applicant, adverse_impact, role_applicants
from screening.models import LabRole
from tests.pages import assessed_role, member


def rate(report, metric, dimension, category):
    return next(
        r
        for r in report.rates
        if (r.metric, r.dimension, r.category) == (metric, dimension, category)
    )


def people(sex, race, advanced, count, score=None):
    return [Applicant(sex, race, advanced, score) for _ in range(count)]


def test_impact_ratios_compare_each_group_with_the_most_selected_one():
    applicants = (
        people("female", "asian", True, 3, 80)
        + people("female", "asian", False, 7, 40)
        + people("male", "white", True, 6, 80)
        + people("male", "white", False, 4, 40)
        + people("declined", "declined", True, 2, 90)
    )

    report = adverse_impact(applicants)

    female, male = (
        rate(report, "selection", "sex", "female"),
        rate(report, "selection", "sex", "male"),
    )
    assert (female.rate, male.rate) == (0.3, 0.6)
    assert (female.impact_ratio, male.impact_ratio) == (0.5, 1.0)
    assert female.below_four_fifths
    assert not male.below_four_fifths
    assert rate(report, "selection", "sex", "declined").impact_ratio is None
    assert rate(report, "selection", "intersection", "female / asian").impact_ratio == 0.5
    assert (report.decided, report.declined) == (22, 2)
    # Scoring rate: above the median score of everyone assessed (60 here).
    assert rate(report, "scoring", "sex", "female").rate == 0.3
    assert report.median_score == 60
    assert report.flagged


def test_groups_under_two_percent_are_reported_without_a_ratio():
    report = adverse_impact(people("female", "white", True, 60) + people("male", "white", True, 1))

    assert rate(report, "selection", "sex", "male").small
    assert rate(report, "selection", "sex", "male").impact_ratio is None


@pytest.mark.django_db
def test_a_roles_applicants_latest_decisions_and_scores_feed_the_report_page_and_csv(client):
    admin = member(LabRole.ADMIN)
    role, candidates = assessed_role(admin.lab, count=4)
    sexes = ["female", "female", "male", None]
    outcomes = ["advance", "reject", "advance", "hold"]
    for candidate, sex, outcome in zip(candidates, sexes, outcomes, strict=True):
        if sex:
            SelfIdentification.objects.create(candidate=candidate, sex=sex)
        application = candidate.applications.get()
        decision_record(application=application, outcome="reject", reason="first pass")
        decision_record(application=application, outcome=outcome, reason="second pass")

    applicants = role_applicants(role=role)
    assert sorted((a.sex, a.advanced) for a in applicants) == [
        ("declined", None),
        ("female", False),
        ("female", True),
        ("male", True),
    ]
    assert all(a.score is not None for a in applicants)

    out = StringIO()
    call_command("adverse_impact", "--role", str(role.pk), "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    female = next(
        r for r in report["rates"] if r["metric"] == "selection" and r["category"] == "female"
    )
    assert female["impact_ratio"] == 0.5

    client.force_login(admin.user)
    page = client.get(reverse("fairness", args=[role.pk])).content.decode()
    assert "Below four fifths" in page
    for candidate in candidates:
        assert candidate.name not in page
    csv = client.get(reverse("fairness_csv", args=[role.pk])).content.decode()
    assert csv.splitlines()[0].startswith("metric,dimension,category")


@pytest.mark.django_db
def test_recruiters_do_not_see_the_fairness_report(client):
    recruiter = member()
    role, _ = assessed_role(recruiter.lab, count=1)
    client.force_login(recruiter.user)

    assert client.get(reverse("fairness", args=[role.pk])).status_code == 403
