"""Review panels: who reviews a role, their scorecards, and who may read which scorecard.

Hiring managers and lab admins seat lab members on a role's panel. A reviewer fills one
scorecard per applicant against the role's current rubric: a level 0-4 per criterion with an
optional note, a recommendation and a summary. A draft can change; a submitted scorecard is
final (a change after submission is refused, so what the panel read is what was scored).

Blind until submit: a reviewer reads the other reviewers' scorecards on an applicant only once
their own on that applicant is submitted, so nobody anchors on another's levels. Hiring
managers and lab admins who are not on the panel read every submitted scorecard; drafts are
their author's alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from reviews.conflicts import StateRefusal, conflicts_refresh
from reviews.models import (
    Conflict,
    ConflictStatus,
    PanelMember,
    Recommendation,
    Scorecard,
    ScorecardLevel,
    ScorecardStatus,
)
from screening.audit import audit_record
from screening.criteria import LEVELS
from screening.models import Application, AuditAction, LabMembership, RoleProfile
from screening.permissions import EDITORS

MAX_NOTE_CHARS = 2000
MAX_SUMMARY_CHARS = 5000
SUBMITTED_IS_FINAL = "This scorecard was submitted; a submitted scorecard is final."
RECUSED = "You recused yourself from reviewing this applicant."
ANSWER_CONFLICTS = (
    "A possible conflict of interest with this applicant was found: declare it or recuse "
    "before reviewing."
)


@dataclass(frozen=True)
class LevelInput:
    level: int
    note: str = ""


# --- The panel ----------------------------------------------------------------------------------


def panel_members(*, role: RoleProfile) -> QuerySet[PanelMember]:
    return PanelMember.objects.filter(role=role).select_related("membership__user")


def panel_seat(*, role: RoleProfile, membership: LabMembership | None) -> PanelMember | None:
    """The member's seat on the role's panel, if they have one."""
    if membership is None:
        return None
    return PanelMember.objects.filter(role=role, membership=membership).first()


@transaction.atomic
def panel_member_add(
    *, role: RoleProfile, membership: LabMembership, actor, channel: str = ""
) -> tuple[PanelMember, bool]:
    """Seat a lab member on the role's panel (again: nothing changes); their conflicts with
    the applicants are looked for at once."""
    if membership.lab_id != role.lab_id:
        raise ValidationError({"membership": "The reviewer must be a member of the role's lab."})
    member, created = PanelMember.objects.get_or_create(
        role=role, membership=membership, defaults={"added_by": actor}
    )
    if created:
        audit_record(
            lab_id=role.lab_id,
            actor=actor,
            action=AuditAction.PANEL_MEMBER_ADDED,
            target_type="panel_member",
            target_id=member.pk,
            detail={"role": role.pk, "membership": membership.pk},
            channel=channel,
        )
        conflicts_refresh(member=member)
    return member, created


def panel_member_remove(*, member: PanelMember, actor, channel: str = "") -> None:
    """Take a reviewer off the panel, with their drafts; one who submitted a scorecard stays,
    so that the panel's record is whole."""
    if member.scorecards.filter(status=ScorecardStatus.SUBMITTED).exists():
        raise StateRefusal(
            "This reviewer has submitted scorecards, which stay with the panel; they cannot "
            "be removed."
        )
    audit_record(
        lab_id=member.role.lab_id,
        actor=actor,
        action=AuditAction.PANEL_MEMBER_REMOVED,
        target_type="panel_member",
        target_id=member.pk,
        detail={"role": member.role_id, "membership": member.membership_id},
        channel=channel,
    )
    member.delete()


# --- Scorecards ---------------------------------------------------------------------------------


@transaction.atomic
def scorecard_save(
    *,
    member: PanelMember,
    application: Application,
    levels: Mapping[int, LevelInput],
    recommendation: str = "",
    summary: str = "",
    submit: bool = False,
    actor,
    channel: str = "",
) -> Scorecard:
    """Save the reviewer's scorecard on an applicant as a draft, or submit it.

    ``levels`` maps criterion ids of the role's current rubric to a level and note; a draft
    may leave criteria out, a submission needs every criterion and a recommendation. A draft
    made under an older rubric version moves to the current one, keeping the levels of
    criteria both share. Raises ``ValidationError`` naming the field at fault.
    """
    if application.role_id != member.role_id:
        raise ValidationError({"application": "The applicant has not applied to this role."})
    rubric = member.role.current_rubric
    if rubric is None:
        raise StateRefusal("The role has no rubric yet, so there is nothing to score against.")
    answers = set(
        Conflict.objects.filter(reviewer=member, application=application).values_list(
            "status", flat=True
        )
    )
    if ConflictStatus.RECUSED in answers:
        raise StateRefusal(RECUSED)
    if ConflictStatus.OPEN in answers:
        raise StateRefusal(ANSWER_CONFLICTS)
    scorecard = (
        Scorecard.objects.select_for_update()
        .filter(application=application, reviewer=member)
        .first()
    )
    if scorecard is not None and scorecard.status == ScorecardStatus.SUBMITTED:
        raise StateRefusal(SUBMITTED_IS_FINAL)
    criteria = {c.pk: c for c in rubric.criteria.all()}
    problems = _problems(levels, criteria, recommendation, summary, submit=submit)
    if problems:
        raise ValidationError(problems)
    if scorecard is None:
        scorecard = Scorecard(application=application, reviewer=member)
    scorecard.rubric = rubric
    scorecard.recommendation = recommendation
    scorecard.summary = summary.strip()
    if submit:
        scorecard.status = ScorecardStatus.SUBMITTED
        scorecard.submitted_at = timezone.now()
    scorecard.save()
    scorecard.levels.all().delete()
    ScorecardLevel.objects.bulk_create(
        ScorecardLevel(
            scorecard=scorecard, criterion_id=key, level=value.level, note=value.note.strip()
        )
        for key, value in levels.items()
    )
    if submit:
        audit_record(
            lab_id=member.role.lab_id,
            actor=actor,
            action=AuditAction.SCORECARD_SUBMITTED,
            target_type="scorecard",
            target_id=scorecard.pk,
            detail={"role": member.role_id, "application": application.pk},
            channel=channel,
        )
    return scorecard


def _problems(
    levels: Mapping[int, LevelInput],
    criteria: Mapping[int, object],
    recommendation: str,
    summary: str,
    *,
    submit: bool,
) -> dict[str, str]:
    problems = {}
    unknown = sorted(set(levels) - set(criteria))
    if unknown:
        problems["levels"] = (
            f"Not criteria of the role's current rubric: {', '.join(map(str, unknown))}."
        )
    elif any(not 0 <= value.level <= LEVELS - 1 for value in levels.values()):
        problems["levels"] = f"Levels go from 0 to {LEVELS - 1}."
    elif any(len(value.note) > MAX_NOTE_CHARS for value in levels.values()):
        problems["levels"] = f"Keep each note to {MAX_NOTE_CHARS:,} characters."
    elif submit and set(levels) != set(criteria):
        problems["levels"] = "Give every criterion a level before submitting."
    if recommendation and recommendation not in Recommendation.values:
        problems["recommendation"] = (
            f"Unknown recommendation {recommendation[:40]!r}; use one of "
            f"{', '.join(Recommendation.values)}."
        )
    elif submit and not recommendation:
        problems["recommendation"] = "Give an overall recommendation before submitting."
    if len(summary) > MAX_SUMMARY_CHARS:
        problems["summary"] = f"Keep the summary to {MAX_SUMMARY_CHARS:,} characters."
    return problems


def scorecards_visible(*, role: RoleProfile, membership: LabMembership) -> QuerySet[Scorecard]:
    """The scorecards on the role's applicants this member may read (see the module's rule)."""
    own = Q(reviewer__membership=membership)
    seat = panel_seat(role=role, membership=membership)
    if seat is not None:
        mine = Scorecard.objects.filter(reviewer=seat, status=ScorecardStatus.SUBMITTED)
        others = Q(status=ScorecardStatus.SUBMITTED, application__in=mine.values("application"))
    elif membership.role in EDITORS:
        others = Q(status=ScorecardStatus.SUBMITTED)
    else:
        others = Q(pk__in=[])
    return (
        Scorecard.objects.filter(application__role=role)
        .filter(own | others)
        .select_related("reviewer__membership__user", "application", "rubric")
        .prefetch_related("levels__criterion")
        .order_by("application_id", "submitted_at", "id")
    )


def panel_progress(*, role: RoleProfile) -> dict[int, int]:
    """How many scorecards were submitted per applicant of the role, by application id."""
    counted = (
        Scorecard.objects.filter(application__role=role, status=ScorecardStatus.SUBMITTED)
        .values("application_id")
        .annotate(count=Count("id"))
    )
    return {row["application_id"]: row["count"] for row in counted}
