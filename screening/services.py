"""Writes on labs, roles and rubrics."""

from __future__ import annotations

import copy
import difflib
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from candidates.features import FEATURE_NAMES
from screening.assessing import criterion_specs, role_mark_stale
from screening.audit import audit_record
from screening.criteria import (
    LEVEL_TEXT_CHARS,
    LEVEL_TEXT_TOO_LONG,
    MAX_CRITERIA,
    NO_CRITERIA,
    NO_WEIGHT,
    TOO_MANY_CRITERIA,
    CriterionSpec,
)
from screening.decisions import role_latest_outcomes
from screening.learning import NotEnoughDecisions, learn_weights
from screening.models import (
    Assessment,
    AuditAction,
    Criterion,
    DecisionOutcome,
    Lab,
    LabMembership,
    LearnedWeights,
    RoleArchived,
    RoleProfile,
    RoleStatus,
    Rubric,
)
from screening.rubric_templates import get_template
from screening.scoring import FIELD_COUNTS, MAX_LEVEL, PUBS_IN_ROLE_AREA, TOPIC_FIT, VENUE_AREAS


def enqueue_role_rescore(role_id: int) -> None:
    from screening.tasks import rescore_role

    rescore_role.delay(role_id)


def enqueue_candidate_assessment(candidate_id: int) -> None:
    """Schedule the assessment of a candidate whose documents changed, in every role applied to.

    Runs are batched per role: the first document of a burst schedules one run a moment later
    (``REFEREE_ASSESS_BATCH_SECONDS``) and the documents that finish meanwhile join it, so a
    thousand uploads are scored in a few vectorised passes rather than a thousand.
    """
    from screening.tasks import assess_role_updates

    # Roles with a run already queued are left out: the common case in a burst, one query.
    idle = RoleProfile.objects.filter(
        applications__candidate_id=candidate_id, assessment_queued=False
    )
    for role_id in idle.values_list("pk", flat=True):
        if RoleProfile.objects.filter(pk=role_id, assessment_queued=False).update(
            assessment_queued=True
        ):
            assess_role_updates.apply_async(
                (role_id,), countdown=settings.REFEREE_ASSESS_BATCH_SECONDS
            )


NO_RUBRIC = "The role has no rubric yet: there are no criteria to learn weights for."


def role_learn_weights(*, role: RoleProfile) -> LearnedWeights:
    """Fit the weights the role's latest advance / reject decisions imply, and store them.

    Raises :class:`screening.learning.NotEnoughDecisions` until there are enough, and for a
    role without a rubric (one made in the admin): the weights are learned against its
    criteria. Holds are left out: they are not a judgement either way.
    """
    rubric = role.current_rubric
    if rubric is None:
        raise NotEnoughDecisions(NO_RUBRIC)
    latest = role_latest_outcomes(role=role)
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


# --- Rubrics ------------------------------------------------------------------------------

KNOWN_FEATURES = frozenset(FEATURE_NAMES) | {TOPIC_FIT, PUBS_IN_ROLE_AREA} | set(FIELD_COUNTS)
THRESHOLD_KEYS = ("levels", "stage_adjusted", "field")


def criterion_thresholds_validate(*, thresholds: object) -> dict:
    """Check a criterion's thresholds (see :mod:`screening.scoring`) and return them.

    Empty means "the dimension's defaults". Raises ``ValidationError`` with a message that
    names the level and feature at fault, so a hiring manager can fix the JSON.
    """
    if thresholds in (None, "", {}):
        return {}
    if not isinstance(thresholds, dict):
        raise ValidationError(
            'Thresholds must be a JSON object such as {"levels": [...], "stage_adjusted": true}.'
        )
    unknown = sorted(set(thresholds) - set(THRESHOLD_KEYS))
    if unknown:
        raise ValidationError(
            f"Unknown threshold key {unknown[0]!r}; use {' and '.join(THRESHOLD_KEYS)}."
        )
    if "stage_adjusted" in thresholds and not isinstance(thresholds["stage_adjusted"], bool):
        raise ValidationError('"stage_adjusted" must be true or false.')
    if "field" in thresholds:
        _check_field(thresholds["field"])
    levels = thresholds.get("levels")
    if levels is None:
        return dict(thresholds)
    if not isinstance(levels, list) or len(levels) != MAX_LEVEL:
        raise ValidationError(
            f'"levels" must list {MAX_LEVEL} conditions, one for each of levels 1 to {MAX_LEVEL}.'
        )
    for level, alternatives in enumerate(levels, start=1):
        options = [alternatives] if isinstance(alternatives, dict) else alternatives
        if not (
            isinstance(options, list)
            and options
            and all(isinstance(o, dict) and o for o in options)
        ):
            raise ValidationError(
                f'Level {level}: give a condition such as {{"pubs_top": 2}}, or a list of '
                "alternative conditions."
            )
        for option in options:
            for expression, minimum in option.items():
                _check_condition(level, expression, minimum)
    return dict(thresholds)


def _check_field(value: object) -> None:
    """A field is a name and the venue areas whose papers count (``field_top`` and the like)."""
    example = '{"name": "machine learning", "areas": ["ml", "ai"]}'
    if not isinstance(value, dict) or set(value) - {"name", "areas"}:
        raise ValidationError(f'"field" must be an object such as {example}.')
    if not isinstance(value.get("name"), str) or not value["name"].strip():
        raise ValidationError(f'"field" needs a name, as in {example}.')
    areas = value.get("areas")
    if not isinstance(areas, list) or not areas or not all(isinstance(a, str) for a in areas):
        raise ValidationError(f'"field" needs a list of venue areas, as in {example}.')
    unknown = [a for a in areas if a not in VENUE_AREAS]
    if unknown:
        raise ValidationError(
            f'Unknown venue area {unknown[0]!r} in "field"; known: {", ".join(VENUE_AREAS)}.'
        )


def _check_condition(level: int, expression: str, minimum: object) -> None:
    for name in (part.strip() for part in expression.split("+")):
        if name not in KNOWN_FEATURES:
            close = difflib.get_close_matches(name, sorted(KNOWN_FEATURES), n=3)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            raise ValidationError(f"Level {level}: unknown feature {name!r}.{hint}")
    if (
        isinstance(minimum, bool)
        or not isinstance(minimum, int | float)
        or not math.isfinite(minimum)
        or minimum < 0
    ):
        raise ValidationError(
            f"Level {level}: the minimum for {expression!r} must be a number of 0 or more."
        )


class RubricConflict(Exception):
    """A rubric edit made against a version that is no longer current; ``str()`` says why."""


def rubric_criteria_validate(*, criteria: Iterable[CriterionSpec]) -> list[CriterionSpec]:
    """The criteria of a rubric version, checked against every rule a rubric follows.

    The one place these rules live, whichever channel the criteria came through (the editor's
    page, the API, a template): raises ``ValidationError`` with the message every channel shows.
    The editor's form and the API's serializers refuse too many criteria and too long level
    descriptions early, with the same messages (:mod:`screening.criteria`).
    """
    criteria = list(criteria)
    if not criteria:
        raise ValidationError(NO_CRITERIA)
    if len(criteria) > MAX_CRITERIA:
        raise ValidationError(TOO_MANY_CRITERIA)
    if sum(max(c.weight, 0.0) for c in criteria) <= 0:
        raise ValidationError(NO_WEIGHT)
    for criterion in criteria:
        if any(len(text) > LEVEL_TEXT_CHARS for text in criterion.levels):
            raise ValidationError(LEVEL_TEXT_TOO_LONG)
        criterion_thresholds_validate(thresholds=criterion.thresholds)
    return criteria


# The texts of a role that the rubric editor edits with the criteria; topic fit reads both.
ROLE_AREA_TEXTS = ("research_area", "job_description")


def role_edited(
    role: RoleProfile, *, research_area: str | None = None, job_description: str | None = None
) -> RoleProfile:
    """The role as :func:`rubric_revise` would leave it with these texts (None keeps one), unsaved.

    A copy: the rubric editor's preview scores it, so the ranking it shows is the one saving
    the same edit stores.
    """
    edited = copy.copy(role)
    for name, value in zip(ROLE_AREA_TEXTS, (research_area, job_description), strict=True):
        if value is not None:
            setattr(edited, name, value)
    return edited


@transaction.atomic
def rubric_revise(
    *,
    role: RoleProfile,
    criteria: Iterable[CriterionSpec],
    based_on: int | None,
    actor=None,
    note: str = "",
    research_area: str | None = None,
    job_description: str | None = None,
) -> Rubric:
    """Save ``criteria`` as the role's next rubric version, with its area texts if given.

    ``based_on`` is the version the edit started from: when another edit was saved meanwhile
    it is not overwritten, :class:`RubricConflict` is raised and nothing is saved. None skips
    the check (an API client that does not say). The area texts (None keeps one) are saved with
    the version; the rescore it queues computes topic fit again when they changed, the same
    computation :func:`screening.selectors.rubric_preview` makes before anything is saved.
    """
    RoleProfile.objects.select_for_update().filter(pk=role.pk).first()
    role_check_writable(role=role)
    current = role.rubrics.aggregate(latest=Max("version"))["latest"] or 0
    if based_on is not None and based_on != current:
        raise RubricConflict(
            f"The rubric changed since version {based_on}: the current version is {current}. "
            "Read it again and re-apply your edit."
        )
    criteria = rubric_criteria_validate(criteria=criteria)
    edited = role_edited(role, research_area=research_area, job_description=job_description)
    changed = [name for name in ROLE_AREA_TEXTS if getattr(edited, name) != getattr(role, name)]
    for name in changed:
        setattr(role, name, getattr(edited, name))
    if changed:
        role.save(update_fields=[*changed, "updated_at"])
    return _rubric_version_create(role=role, criteria=criteria, actor=actor, note=note)


@transaction.atomic
def _rubric_version_create(
    *, role: RoleProfile, criteria: Sequence[CriterionSpec], actor=None, note: str = ""
) -> Rubric:
    """Store checked ``criteria`` as the role's next rubric version and queue the rescore."""
    # Lock the role row so two concurrent edits cannot claim the same version number.
    RoleProfile.objects.select_for_update().filter(pk=role.pk).first()
    latest = role.rubrics.aggregate(latest=Max("version"))["latest"] or 0
    rubric = Rubric.objects.create(role=role, version=latest + 1, created_by=actor, note=note)
    rows = [
        Criterion(rubric=rubric, position=position, **c.model_fields())
        for position, c in enumerate(criteria)
    ]
    for row in rows:
        row.full_clean(exclude=["rubric"])
    Criterion.objects.bulk_create(rows)
    role_mark_stale(role=role)
    audit_record(
        lab_id=role.lab_id,
        actor=actor,
        action=AuditAction.RUBRIC_CHANGED,
        target_type="role",
        target_id=role.pk,
        detail={"version": rubric.version, "note": note[:200]},
    )
    transaction.on_commit(lambda: enqueue_role_rescore(role.pk))
    return rubric


def _current_criteria(
    role: RoleProfile, criterion: Criterion | None
) -> tuple[int, list[CriterionSpec]]:
    """The current version and its criteria (role locked), checking ``criterion`` is one of them."""
    RoleProfile.objects.select_for_update().filter(pk=role.pk).first()
    rubric = role.current_rubric
    version = rubric.version if rubric else 0
    rows = criterion_specs(rubric) if rubric else []
    if criterion is not None and str(criterion.pk) not in {row.key for row in rows}:
        raise RubricConflict(
            f"Criterion {criterion.pk} is not in the current rubric version ({version}); "
            "edit the criteria of the current version."
        )
    return version, rows


@transaction.atomic
def rubric_add_criterion(
    *, role: RoleProfile, criterion: CriterionSpec, actor=None, note: str = ""
) -> Rubric:
    version, rows = _current_criteria(role, None)
    return rubric_revise(
        role=role,
        criteria=[*rows, criterion],
        based_on=version,
        actor=actor,
        note=note or f"Added {criterion.name}",
    )


@transaction.atomic
def rubric_change_criterion(
    *,
    role: RoleProfile,
    criterion: Criterion,
    replacement: CriterionSpec,
    actor=None,
    note: str = "",
) -> Rubric:
    version, rows = _current_criteria(role, criterion)
    return rubric_revise(
        role=role,
        criteria=[replacement if row.key == str(criterion.pk) else row for row in rows],
        based_on=version,
        actor=actor,
        note=note or f"Changed {criterion.name}",
    )


@transaction.atomic
def rubric_remove_criterion(
    *, role: RoleProfile, criterion: Criterion, actor=None, note: str = ""
) -> Rubric:
    version, rows = _current_criteria(role, criterion)
    kept = [row for row in rows if row.key != str(criterion.pk)]
    if not kept:
        raise RubricConflict("A rubric needs at least one criterion; this is the last one.")
    return rubric_revise(
        role=role,
        criteria=kept,
        based_on=version,
        actor=actor,
        note=note or f"Removed {criterion.name}",
    )


def membership_set_blind_review(*, membership: LabMembership, enabled: bool) -> None:
    """Switch blind review on or off for one member of a lab (their own pages)."""
    LabMembership.objects.filter(pk=membership.pk).update(blind_review=enabled)
    membership.blind_review = enabled


def role_set_blind_review(*, role: RoleProfile, enabled: bool) -> None:
    """Switch blind review on or off for everyone who reviews the role."""
    RoleProfile.objects.filter(pk=role.pk).update(blind_review=enabled)
    role.blind_review = enabled


# --- Roles --------------------------------------------------------------------------------

# Fields of a role that its applicants are scored against: changing one rescores the role.
ROLE_SCORED_FIELDS = ("research_area", "job_description", "areas")


ROLE_TITLE_MISSING = "Give the role a title."
ROLE_CRITERIA_MISSING = "Give the rubric's criteria, or a template to start from."


@transaction.atomic
def role_create(
    *,
    lab: Lab,
    title: str,
    template: str = "",
    actor=None,
    criteria: Iterable[CriterionSpec] | None = None,
    research_area: str = "",
    job_description: str = "",
    areas: Iterable[str] = (),
    note: str = "",
) -> RoleProfile:
    """A new role with its first rubric version: the given criteria, or the template's.

    ``template`` (a slug) also fills in the research area and venue areas not given. The
    title is the caller's, never the template's: an empty one is refused rather than making
    another role named like the template. The criteria follow the rules of every rubric
    version (:func:`rubric_criteria_validate`).
    """
    chosen = get_template(template) if template else None
    if chosen is not None:
        criteria = chosen.criteria if criteria is None else criteria
        research_area = research_area or chosen.research_area
        areas = list(areas) or list(chosen.areas)
        note = note or f"From template {chosen.slug}"
    criteria = list(criteria or [])
    missing = {}
    if not title.strip():
        missing["title"] = ROLE_TITLE_MISSING
    if not criteria:
        missing["criteria"] = ROLE_CRITERIA_MISSING
    if missing:
        raise ValidationError(missing)
    criteria = rubric_criteria_validate(criteria=criteria)
    role = RoleProfile.objects.create(
        lab=lab,
        title=title.strip(),
        research_area=research_area,
        job_description=job_description,
        template_slug=template,
        areas=list(areas),
    )
    _rubric_version_create(role=role, criteria=criteria, actor=actor, note=note or "First version")
    return role


ROLE_EDITABLE_FIELDS = ("title", "research_area", "job_description", "areas")


@transaction.atomic
def role_update(*, role: RoleProfile, changes: dict, actor=None, channel: str = "") -> RoleProfile:
    """Change a role's title or texts; a change to what is scored rescores its applicants.

    An empty title is refused (``ValidationError`` on ``title``), as when a role is created;
    an archived role is read-only.
    """
    if "title" in changes:
        title = (changes["title"] or "").strip()
        if not title:
            raise ValidationError({"title": ROLE_TITLE_MISSING})
        changes = changes | {"title": title}
    changed = sorted(name for name, value in changes.items() if getattr(role, name) != value)
    if changed:
        role_check_writable(role=role)
    rescore = any(name in ROLE_SCORED_FIELDS for name in changed)
    for field, value in changes.items():
        setattr(role, field, value)
    role.save()
    if changed:
        RoleProfile.shortlists_changed(role_ids=[role.pk])
        audit_record(
            lab_id=role.lab_id,
            actor=actor,
            action=AuditAction.ROLE_CHANGED,
            target_type="role",
            target_id=role.pk,
            detail={"fields": changed},
            channel=channel,
        )
    if rescore:
        role_mark_stale(role=role)
        transaction.on_commit(lambda: enqueue_role_rescore(role.pk))
    return role


ROLE_STATUS_UNKNOWN = f"Choose a status: {', '.join(RoleStatus.values)}."


def role_check_writable(*, role: RoleProfile) -> None:
    """Refuse to change an archived role (reopening it is the way back)."""
    if role.status == RoleStatus.ARCHIVED:
        raise RoleArchived


def _role_set_status(
    *, role: RoleProfile, status: str, action: str, actor, channel: str
) -> RoleProfile:
    locked = RoleProfile.objects.select_for_update().get(pk=role.pk)
    if locked.status == status:
        role.status = status
        return role
    now = timezone.now()
    fields: dict[str, object] = {"status": status, "updated_at": now}
    if status == RoleStatus.CLOSED:
        fields["closed_at"] = now
    elif status == RoleStatus.ARCHIVED:
        fields["archived_at"] = now
    RoleProfile.objects.filter(pk=role.pk).update(**fields)
    for name, value in fields.items():
        setattr(role, name, value)
    audit_record(
        lab_id=role.lab_id,
        actor=actor,
        action=action,
        target_type="role",
        target_id=role.pk,
        detail={"from": locked.status, "to": status},
        channel=channel,
    )
    return role


@transaction.atomic
def role_close(*, role: RoleProfile, actor=None, channel: str = "") -> RoleProfile:
    """Stop taking applicants (no uploads on any channel); screening and decisions go on."""
    role_check_writable(role=role)
    return _role_set_status(
        role=role,
        status=RoleStatus.CLOSED,
        action=AuditAction.ROLE_CLOSED,
        actor=actor,
        channel=channel,
    )


@transaction.atomic
def role_reopen(*, role: RoleProfile, actor=None, channel: str = "") -> RoleProfile:
    """Take applicants again, from closed or archived."""
    return _role_set_status(
        role=role,
        status=RoleStatus.OPEN,
        action=AuditAction.ROLE_REOPENED,
        actor=actor,
        channel=channel,
    )


@transaction.atomic
def role_archive(*, role: RoleProfile, actor=None, channel: str = "") -> RoleProfile:
    """Keep the role for the record: hidden from the roles page by default, and read-only."""
    return _role_set_status(
        role=role,
        status=RoleStatus.ARCHIVED,
        action=AuditAction.ROLE_ARCHIVED,
        actor=actor,
        channel=channel,
    )


ROLE_STATUS_CHANGES = {
    RoleStatus.OPEN: role_reopen,
    RoleStatus.CLOSED: role_close,
    RoleStatus.ARCHIVED: role_archive,
}


def role_set_status(
    *, role: RoleProfile, status: str, actor=None, channel: str = ""
) -> RoleProfile:
    """The service of a status, for channels that take the status as a value (the API)."""
    if status not in RoleStatus.values:
        raise ValidationError({"status": ROLE_STATUS_UNKNOWN})
    change = ROLE_STATUS_CHANGES[RoleStatus(status)]
    return change(role=role, actor=actor, channel=channel)
