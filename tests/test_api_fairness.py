"""Self-identification goes in through the API but never comes back out to reviewers."""

from __future__ import annotations

import pytest

from candidates.models import SelfIdentification
from screening.decisions import decision_record
from tests.api_support import build_world

pytestmark = pytest.mark.django_db


def test_self_identification_is_written_once_never_read_back_and_feeds_the_report():
    world = build_world(applicants=2)
    recruiter, manager = world.client("recruiter"), world.client("manager")
    url = f"/api/v1/candidates/{world.candidate.pk}/self-identification/"

    answer = recruiter.post(url, {"sex": "female", "race_ethnicity": "asian"}, format="json")
    again = recruiter.post(url, {"sex": "female", "race_ethnicity": "white"}, format="json")
    bad = recruiter.post(url, {"sex": "other", "race_ethnicity": "white"}, format="json")

    assert (answer.status_code, again.status_code, bad.status_code) == (204, 204, 400)
    identity = SelfIdentification.objects.get()
    assert identity.race_ethnicity == "white"
    assert recruiter.get(url).status_code == 405
    readable = str(recruiter.get(f"/api/v1/candidates/{world.candidate.pk}/").json())
    readable += str(recruiter.get(f"/api/v1/roles/{world.role.pk}/shortlist/").json())
    assert "white" not in readable

    decision_record(application=world.application, outcome="advance", reason="strong")
    report = manager.get(f"/api/v1/roles/{world.role.pk}/adverse-impact/").json()
    selection = {
        (r["dimension"], r["category"]): r for r in report["rates"] if r["metric"] == "selection"
    }
    assert selection[("race_ethnicity", "white")]["positive"] == 1
    assert report["applicants"] == 2
