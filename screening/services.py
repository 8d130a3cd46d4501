"""Writes on labs, roles and rubrics."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from screening.assessing import role_mark_stale
from screening.learning import learn_weights
from screening.models import (
    Application,
    Assessment,
    Criterion,
    Decision,
    DecisionOutcome,
    Lab,
    LearnedWeights,
    RoleProfile,
    Rubric,
)
from screening.rubric_templates import CriterionTemplate, get_template


def enqueue_role_rescore(role_id: int) -> None:
    from screening.tasks import rescore_role

    rescore_role.delay(role_id)


def enqueue_candidate_assessment(candidate_id: int) -> None:
    from screening.tasks import assess_candidate

    assess_candidate.delay(candidate_id)


@transaction.atomic
def rubric_create_version(
    *, role: RoleProfile, criteria: Iterable[CriterionTemplate], actor=None, note: str = ""
) -> Rubric:
    """Save ``criteria`` as the role's next rubric version; earlier versions stay untouched."""
    # Lock the role row so two concurrent edits cannot claim the same version number.
    RoleProfile.objects.select_for_update().filter(pk=role.pk).first()
    latest = role.rubrics.aggregate(latest=Max("version"))["latest"] or 0
    rubric = Rubric.objects.create(role=role, version=latest + 1, created_by=actor, note=note)
    rows = [
        Criterion(
            rubric=rubric,
            name=c.name,
            dimension=c.dimension,
            weight=c.weight,
            must_have=c.must_have,
            target_level=c.target_level,
            levels=list(c.levels),
            thresholds=dict(c.thresholds),
            position=position,
        )
        for position, c in enumerate(criteria)
    ]
    for row in rows:
        row.full_clean(exclude=["rubric"])
    Criterion.objects.bulk_create(rows)
    role_mark_stale(role=role)
    transaction.on_commit(lambda: enqueue_role_rescore(role.pk))
    return rubric


@transaction.atomic
def role_create_from_template(
    *, lab: Lab, template_slug: str, title: str | None = None, actor=None
) -> RoleProfile:
    template = get_template(template_slug)
    role = RoleProfile.objects.create(
        lab=lab,
        title=title or template.title,
        research_area=template.research_area,
        template_slug=template.slug,
        areas=list(template.areas),
    )
    rubric_create_version(
        role=role, criteria=template.criteria, actor=actor, note=f"From template {template.slug}"
    )
    return role


def decision_record(*, application: Application, outcome: str, reason: str, actor=None) -> Decision:
    """Record a recruiter's decision; earlier decisions on the application are kept as history."""
    if outcome not in DecisionOutcome.values:
        raise ValidationError(f"Unknown decision {outcome!r}; use one of {DecisionOutcome.values}.")
    if not reason.strip():
        raise ValidationError("Give a reason for the decision; it is kept for review and audit.")
    return Decision.objects.create(
        application=application, outcome=outcome, reason=reason.strip(), decided_by=actor
    )


def role_learn_weights(*, role: RoleProfile) -> LearnedWeights:
    """Fit the weights the role's latest advance / reject decisions imply, and store them.

    Raises :class:`screening.learning.NotEnoughDecisions` until there are enough. Holds are
    left out: they are not a judgement either way.
    """
    rubric = role.current_rubric
    latest: dict[int, str] = {}
    for application_id, outcome in (
        Decision.objects.filter(application__role=role)
        .order_by("created_at", "id")
        .values_list("application_id", "outcome")
    ):
        latest[application_id] = outcome
    decided = {k: v for k, v in latest.items() if v != DecisionOutcome.HOLD}
    assessments = Assessment.objects.filter(application_id__in=decided, rubric=rubric).values_list(
        "application_id", "criteria"
    )
    rows = [(decided[app_id], criteria) for app_id, criteria in assessments]
    criteria = [(str(c.pk), c.name, c.weight) for c in rubric.criteria.all()]
    keys = [key for key, _, _ in criteria]
    levels = np.array(
        [[_level_of(assessment, key) for key in keys] for _, assessment in rows], dtype=float
    ).reshape(len(rows), len(keys))
    advanced = np.array([outcome == DecisionOutcome.ADVANCE for outcome, _ in rows])
    learned = learn_weights(levels, advanced, criteria)
    return LearnedWeights.objects.create(
        role=role,
        rubric=rubric,
        weights=[asdict(w) for w in learned.weights],
        decisions=learned.decisions,
        advanced=learned.advanced,
        cv_accuracy=learned.cv_accuracy,
        stated_agreement=learned.stated_agreement,
        model_version=learned.model_version,
    )


def _level_of(criteria: list[dict], key: str) -> int:
    return next((c["level"] for c in criteria if c["criterion"] == key), 0)
