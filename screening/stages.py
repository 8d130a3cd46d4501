"""A lab's hiring pipeline: its stages, and the record of one application's move between them.

Every lab has stages (seeded with :data:`DEFAULT_STAGES` when it is made, by
:func:`lab_stages`), and every application stands at one of them. The moves themselves, with
what they imply for decisions, are :func:`screening.pipeline.applications_move`'s; this module
is what :mod:`screening.decisions` and it both stand on.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from screening.models import Application, Lab, Stage, StageKind, StageMove

DEFAULT_STAGES = (
    ("Screen", StageKind.ACTIVE),
    ("Interview", StageKind.ACTIVE),
    ("Offer", StageKind.ACTIVE),
    ("Hired", StageKind.HIRED),
    ("Rejected", StageKind.REJECTED),
)


@transaction.atomic
def lab_stages_seed(*, lab: Lab | int) -> None:
    """Give the lab the default pipeline, unless it has stages already."""
    lab_id = lab.pk if isinstance(lab, Lab) else lab
    Lab.objects.select_for_update().filter(pk=lab_id).first()
    if Stage.objects.filter(lab_id=lab_id).exists():
        return
    Stage.objects.bulk_create(
        Stage(lab_id=lab_id, name=name, order=order, kind=kind)
        for order, (name, kind) in enumerate(DEFAULT_STAGES)
    )


def lab_create(*, name: str, slug: str) -> Lab:
    """A new lab, with the default pipeline."""
    with transaction.atomic():
        lab = Lab.objects.create(name=name, slug=slug)
        lab_stages_seed(lab=lab)
    return lab


def lab_stages(*, lab: Lab | int) -> list[Stage]:
    """The lab's stages in pipeline order, in one query. A lab made without
    :func:`lab_create` (a fixture, a script) is given the default pipeline here, so that no
    lab is ever without one."""
    lab_id = lab.pk if isinstance(lab, Lab) else lab
    stages = Stage.objects.filter(lab_id=lab_id).order_by("order", "id")
    found = list(stages)
    if not found:
        lab_stages_seed(lab=lab_id)
        found = list(stages.all())
    return found


def stage_initial(*, lab: Lab | int) -> Stage:
    """Where a new application stands: the lab's first stage."""
    return lab_stages(lab=lab)[0]


def stage_of_kind(*, lab: Lab | int, kind: str) -> Stage | None:
    """The lab's first stage of this kind (the one a rejection moves an application to)."""
    return next((stage for stage in lab_stages(lab=lab) if stage.kind == kind), None)


def stage_move_record(
    *, applications: list[Application], stage: Stage, by, reason: str
) -> list[StageMove]:
    """Put the applications at ``stage`` and keep the moves (those already there are left).

    The history row and the application's stage change together, in the caller's transaction;
    the rules of a move (and the decisions it implies) are the callers'.
    """
    moving = [a for a in applications if a.stage_id != stage.pk]
    if not moving:
        return []
    now = timezone.now()
    user = by if getattr(by, "is_authenticated", False) else None
    moves = StageMove.objects.bulk_create(
        StageMove(
            application=a,
            from_stage_id=a.stage_id,
            to_stage=stage,
            moved_by=user,
            reason=reason,
            at=now,
        )
        for a in moving
    )
    Application.objects.filter(pk__in=[a.pk for a in moving]).update(stage=stage, stage_since=now)
    for application in moving:
        application.stage, application.stage_since = stage, now
    return moves
