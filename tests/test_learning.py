"""Decisions are recorded with reasons, and the weights they imply are shown, never applied."""

from __future__ import annotations

import numpy as np
import pytest
from django.core.exceptions import ValidationError

from candidates.models import CandidateFeatures
from screening.decisions import decision_record
from screening.learning import MIN_DECISIONS, NotEnoughDecisions, learn_weights
from screening.models import Assessment, Decision
from screening.services import role_learn_weights
from tests.factories import ApplicationFactory, CandidateFactory, LabFactory
from tests.pages import make_role

CRITERIA = [("a", "Publications", 3.0), ("b", "Coding", 1.0), ("c", "Collaboration", 1.0)]


def practice(seed: int, count: int = 60):
    """Recruiters who, whatever the rubric says, advance people who code well."""
    rng = np.random.default_rng(seed)
    levels = rng.integers(0, 5, size=(count, 3))
    advanced = levels[:, 1] >= 3
    return levels, advanced


def test_learned_weights_show_what_decisions_actually_reward():
    levels, advanced = practice(1)

    learned = learn_weights(levels, advanced, CRITERIA)

    by_name = {w.name: w for w in learned.weights}
    assert by_name["Coding"].learned > by_name["Publications"].learned
    assert by_name["Publications"].stated == 3.0
    assert learned.cv_accuracy > 0.85
    # The stated rubric (publications first) separates these decisions poorly.
    assert learned.stated_agreement < 0.85
    assert learned.decisions == 60
    assert "sklearn" in learned.model_version


@pytest.mark.parametrize(
    ("count", "outcomes"),
    [(MIN_DECISIONS - 1, "both"), (40, "advance only"), (40, "reject only")],
)
def test_too_few_or_one_sided_decisions_are_refused_with_the_count(count, outcomes):
    levels, _ = practice(2, count)
    advanced = np.arange(count) % 2 == 0
    if outcomes != "both":
        advanced[:] = outcomes == "advance only"

    with pytest.raises(NotEnoughDecisions, match=f"this role has {count}"):
        learn_weights(levels, advanced, CRITERIA)


@pytest.mark.django_db
def test_decisions_need_a_known_outcome_and_a_reason():
    role = make_role(LabFactory(), "research-scientist-ml")
    application = ApplicationFactory(role=role, candidate=CandidateFactory(lab=role.lab))

    with pytest.raises(ValidationError, match="reason"):
        decision_record(application=application, outcome="advance", reason="  ")
    with pytest.raises(ValidationError, match="Unknown decision"):
        decision_record(application=application, outcome="maybe", reason="unsure")
    decision_record(application=application, outcome="hold", reason="waiting for references")
    decision_record(application=application, outcome="advance", reason="strong first-author work")

    assert list(Decision.objects.values_list("outcome", flat=True)) == ["advance", "hold"]


@pytest.mark.django_db
def test_a_roles_latest_decisions_are_learned_from_and_stored_beside_the_stated_weights():
    role = make_role(LabFactory(), "research-scientist-ml")
    rubric = role.current_rubric
    criteria = list(rubric.criteria.all())
    coding = next(i for i, c in enumerate(criteria) if c.dimension == "coding")
    levels = np.random.default_rng(3).integers(0, 5, size=(30, len(criteria)))
    for index, row in enumerate(levels.tolist()):
        candidate = CandidateFactory(lab=role.lab)
        CandidateFeatures.objects.create(candidate=candidate, values={}, version=1)
        application = ApplicationFactory(role=role, candidate=candidate)
        Assessment.objects.create(
            application=application,
            role=role,
            rubric=rubric,
            model_version="t",
            score=0,
            criteria=[
                {"criterion": str(c.pk), "level": level}
                for c, level in zip(criteria, row, strict=False)
            ],
        )
        decision_record(application=application, outcome="reject", reason="first look")
        outcome = "advance" if row[coding] >= 3 else "reject"
        decision_record(application=application, outcome=outcome, reason=f"case {index}")

    learned = role_learn_weights(role=role)

    weights = {w["name"]: w for w in learned.weights}
    assert learned.decisions == 30
    assert max(weights.values(), key=lambda w: w["learned"])["name"] == criteria[coding].name
    assert weights[criteria[0].name]["stated"] == criteria[0].weight
