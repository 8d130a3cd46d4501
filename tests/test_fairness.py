"""Fairness: selection rates and impact ratios from separately stored self-identification."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from candidates.models import SelfIdentification
from screening.fairness import adverse_impact, role_outcomes
from screening.services import decision_record, role_create_from_template
from tests.factories import CandidateFactory, LabFactory


def rate(report, dimension, category):
    return next(r for r in report.rates if (r.dimension, r.category) == (dimension, category))


def test_impact_ratios_compare_each_group_with_the_most_selected_one():
    outcomes = (
        [("female", "asian", True)] * 3
        + [("female", "asian", False)] * 7
        + [("male", "white", True)] * 6
        + [("male", "white", False)] * 4
        + [("declined", "declined", True)] * 2
    )

    report = adverse_impact(outcomes)

    female, male = rate(report, "sex", "female"), rate(report, "sex", "male")
    assert (female.selection_rate, male.selection_rate) == (0.3, 0.6)
    assert (female.impact_ratio, male.impact_ratio) == (0.5, 1.0)
    assert female.below_four_fifths
    assert not male.below_four_fifths
    assert rate(report, "sex", "declined").impact_ratio is None
    assert rate(report, "intersection", "female / asian").impact_ratio == 0.5
    assert (report.decided, report.declined) == (22, 2)


def test_groups_under_two_percent_are_reported_without_a_ratio():
    outcomes = [("female", "white", True)] * 60 + [("male", "white", True)] * 1

    report = adverse_impact(outcomes)

    assert rate(report, "sex", "male").small
    assert rate(report, "sex", "male").impact_ratio is None


@pytest.mark.django_db
def test_a_roles_latest_decisions_and_self_identification_feed_the_report():
    role = role_create_from_template(lab=LabFactory(), template_slug="research-scientist-ml")
    for index, (sex, outcome) in enumerate(
        [("female", "advance"), ("female", "reject"), ("male", "advance"), (None, "hold")]
    ):
        candidate = CandidateFactory(lab=role.lab)
        if sex:
            SelfIdentification.objects.create(candidate=candidate, sex=sex)
        application = role.applications.create(candidate=candidate)
        decision_record(application=application, outcome="reject", reason="first pass")
        decision_record(application=application, outcome=outcome, reason=f"case {index}")

    assert sorted(role_outcomes(role=role)) == [
        ("female", "declined", False),
        ("female", "declined", True),
        ("male", "declined", True),
    ]
    out = StringIO()
    call_command("adverse_impact", "--role", str(role.pk), "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["decided"] == 3
    female = next(r for r in report["rates"] if r["category"] == "female")
    assert female["impact_ratio"] == 0.5
