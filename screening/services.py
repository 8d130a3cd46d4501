"""Writes on labs, roles and rubrics."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max

from screening.assessing import role_mark_stale
from screening.models import Criterion, Lab, RoleProfile, Rubric
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
