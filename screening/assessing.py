"""Assessing a role's applicants: stored features in, assessment rows out, no parsing.

:func:`role_assess` scores every applicant with processed documents (or the given ones) against
the role's current rubric in one vectorised pass, reusing each candidate's topic fit while the
role's area text is unchanged, and replaces their assessment rows. After a rubric edit the rank
each candidate had under the previous version is kept, so the shortlist shows how ranks moved.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction

from candidates.dimensions import Dimension
from candidates.features import STAGE_STUDENT
from screening.explanations import explain
from screening.models import Application, Assessment, Criterion, RoleProfile, Rubric
from screening.rubric_templates import RubricTemplate
from screening.scoring import (
    INSUFFICIENT,
    MODEL_VERSION,
    PUBS_IN_ROLE_AREA,
    STAGE_NAMES,
    TOPIC_FIT,
    CriterionSpec,
    FeatureTable,
    score,
)
from screening.topic import TopicFit, topic_fits

# Few candidates at a time (one upload): borrow this many others' texts for stable word weights.
TOPIC_CONTEXT = 200
BATCH = 2000


def criterion_specs(rubric: Rubric) -> list[CriterionSpec]:
    return [spec_of(c) for c in rubric.criteria.all()]


def spec_of(criterion: Criterion) -> CriterionSpec:
    return CriterionSpec(
        key=str(criterion.pk),
        name=criterion.name,
        dimension=criterion.dimension,
        weight=criterion.weight,
        must_have=criterion.must_have,
        target_level=criterion.target_level,
        levels=list(criterion.levels),
        thresholds=criterion.thresholds or {},
    )


def template_specs(template: RubricTemplate) -> list[CriterionSpec]:
    """The criteria of a template as the scoring needs them (for scoring without a role)."""
    return [
        CriterionSpec(
            key=str(position),
            name=c.name,
            dimension=c.dimension,
            weight=c.weight,
            must_have=c.must_have,
            target_level=c.target_level,
            levels=list(c.levels),
            thresholds=c.thresholds,
        )
        for position, c in enumerate(template.criteria)
    ]


def area_text(role: RoleProfile) -> str:
    return f"{role.research_area}\n{role.job_description}".strip()


def topic_key(role: RoleProfile) -> str:
    return hashlib.sha256(area_text(role).encode()).hexdigest()


@dataclass
class _Applicant:
    application_id: int
    candidate_id: int
    features: dict
    evidence_index: dict
    topic: TopicFit | None = None


def role_assess(*, role: RoleProfile, application_ids: Iterable[int] | None = None) -> int:
    """Assess the role's applicants (all, or the given applications); returns how many."""
    rubric = role.current_rubric
    if rubric is None:
        return 0
    specs = criterion_specs(rubric)
    applications = Application.objects.filter(
        role=role, candidate__features__isnull=False
    ).order_by("pk")
    if application_ids is not None:
        applications = applications.filter(pk__in=list(application_ids))
    rows = applications.values_list(
        "pk", "candidate_id", "candidate__features__values", "candidate__features__evidence_index"
    )
    applicants = [_Applicant(pk, cid, values or {}, index or {}) for pk, cid, values, index in rows]
    if not applicants:
        return 0
    old = {
        a.application_id: a
        for a in Assessment.objects.filter(
            application_id__in=[x.application_id for x in applicants]
        )
    }
    _attach_topics(role, applicants, old)
    result = _score(specs, role, applicants)
    full = application_ids is None
    assessments = [
        _assessment(
            role, rubric, specs, applicant, result, index, old.get(applicant.application_id), full
        )
        for index, applicant in enumerate(applicants)
    ]
    if full:
        _carry_previous_ranks(role, rubric, assessments, old)
    with transaction.atomic():
        Assessment.objects.filter(
            application_id__in=[a.application_id for a in assessments]
        ).delete()
        Assessment.objects.bulk_create(assessments, batch_size=BATCH)
    return len(assessments)


def _attach_topics(role: RoleProfile, applicants: list[_Applicant], old: dict) -> None:
    """Reuse topic fits made against the same area text; compute the missing ones together."""
    key = topic_key(role)
    missing = []
    for applicant in applicants:
        previous = old.get(applicant.application_id)
        if previous is not None and previous.topic_key == key:
            applicant.topic = TopicFit(previous.topic_similarity, tuple(previous.topic_papers))
        else:
            missing.append(applicant)
    if not missing:
        return
    from candidates.models import CandidateFeatures

    texts = dict(
        CandidateFeatures.objects.filter(
            candidate_id__in=[a.candidate_id for a in missing]
        ).values_list("candidate_id", "research_text")
    )
    titles = dict(
        CandidateFeatures.objects.filter(
            candidate_id__in=[a.candidate_id for a in missing]
        ).values_list("candidate_id", "titles")
    )
    context: list[str] = []
    if len(missing) < TOPIC_CONTEXT:
        context = list(
            CandidateFeatures.objects.filter(candidate__applications__role=role)
            .exclude(candidate_id__in=[a.candidate_id for a in missing])
            .values_list("research_text", flat=True)[:TOPIC_CONTEXT]
        )
    corpus = [texts.get(a.candidate_id, "") for a in missing]
    fits = topic_fits(
        area_text(role),
        corpus + context,
        [titles.get(a.candidate_id) or [] for a in missing] + [[] for _ in context],
    )
    for applicant, fit in zip(missing, fits, strict=False):
        applicant.topic = fit


def _score(specs: Sequence[CriterionSpec], role: RoleProfile, applicants: list[_Applicant]):
    areas = role.areas or []
    rows = []
    for applicant in applicants:
        features = applicant.features
        row = dict(features)
        row[TOPIC_FIT] = applicant.topic.similarity if applicant.topic else None
        row[PUBS_IN_ROLE_AREA] = sum(int(features.get(f"pubs_area_{a}") or 0) for a in areas)
        applicant.features = row
        rows.append(row)
    return score(specs, FeatureTable(rows))


def _assessment(
    role: RoleProfile,
    rubric: Rubric,
    specs: Sequence[CriterionSpec],
    applicant: _Applicant,
    result,
    index: int,
    old: Assessment | None,
    full: bool,
) -> Assessment:
    criteria = []
    topic_papers = list(applicant.topic.papers) if applicant.topic else []
    for spec, outcome in zip(specs, result.criteria, strict=True):
        level, state = int(outcome.levels[index]), str(outcome.states[index])
        criteria.append(
            {
                "criterion": spec.key,
                "name": spec.name,
                "dimension": spec.dimension,
                "weight": spec.weight,
                "must_have": spec.must_have,
                "target_level": spec.target_level,
                "level": level,
                "state": state,
                "explanation": explain(
                    spec,
                    applicant.features,
                    level=level,
                    state=state,
                    stage_lifted=bool(outcome.stage_lifted[index]),
                    topic_papers=topic_papers,
                ),
                "evidence": _evidence_ids(spec.dimension, applicant.evidence_index),
            }
        )
    stage = applicant.features.get("career_stage")
    return Assessment(
        application_id=applicant.application_id,
        role=role,
        rubric=rubric,
        model_version=MODEL_VERSION,
        score=float(result.scores[index]),
        has_barrier=bool(result.barriers[index]),
        insufficient_count=sum(1 for c in criteria if c["state"] == INSUFFICIENT),
        criteria=criteria,
        topic_similarity=applicant.topic.similarity if applicant.topic else None,
        topic_papers=topic_papers,
        topic_key=topic_key(role),
        career_stage=STAGE_NAMES[int(stage) if stage is not None else STAGE_STUDENT],
        rank=int(result.ranks[index]) if full else None,
        previous_rank=old.previous_rank if old else None,
        previous_score=old.previous_score if old else None,
        stale=False,
    )


def _evidence_ids(dimension: str, index: dict) -> list[int]:
    ids = list(index.get(dimension, []))
    if dimension == Dimension.RESEARCH_AREA:
        ids += index.get(Dimension.PUBLICATIONS, [])[:3]
    return ids


def _carry_previous_ranks(
    role: RoleProfile, rubric: Rubric, assessments: list[Assessment], old: dict
) -> None:
    """After a rubric edit, remember each candidate's rank under the previous version."""
    edited = [a for a in old.values() if a.rubric_id != rubric.pk]
    if not edited:
        return
    ordered = sorted(old.values(), key=lambda a: (a.has_barrier, -a.score, a.application_id))
    previous_rank = {a.application_id: position for position, a in enumerate(ordered, start=1)}
    for assessment in assessments:
        before = old.get(assessment.application_id)
        if before is not None:
            assessment.previous_rank = previous_rank[assessment.application_id]
            assessment.previous_score = before.score


def role_mark_stale(*, role: RoleProfile) -> int:
    """Flag the role's assessments as made with an older rubric, until the rescore lands."""
    return Assessment.objects.filter(role=role).update(stale=True)
