"""Celery tasks of the scoring queue: thin wrappers that load ids and call the services.

They run on their own queue ("score"), so a flood of uploads waiting to be parsed never delays
the rescoring of a role after a rubric edit.
"""

from __future__ import annotations

from celery import shared_task

from config.celery_app import RETRIED
from screening.assessing import role_assess, role_assess_outdated, roles_with_lost_scoring
from screening.models import RoleProfile
from screening.privacy import apply_retention


@shared_task(**RETRIED)
def rescore_role(role_id: int) -> int:
    role = RoleProfile.objects.filter(pk=role_id).first()
    return role_assess(role=role) if role else 0


@shared_task(**RETRIED)
def assess_role_updates(role_id: int) -> int:
    """Assess the role's applicants whose documents were read since their last assessment."""
    return role_assess_outdated(role_id=role_id)


@shared_task(acks_late=True)
def requeue_lost_scoring(minutes: int = 30) -> int:
    """Every few minutes (Celery beat): schedule again the scoring a lost task left undone."""
    to_assess, to_rescore = roles_with_lost_scoring(minutes=minutes)
    for role_id in to_assess:
        assess_role_updates.delay(role_id)
    for role_id in to_rescore:
        rescore_role.delay(role_id)
    return len(to_assess) + len(to_rescore)


@shared_task(acks_late=True)
def apply_retention_policies() -> dict[str, int]:
    """Nightly (Celery beat): erase candidates past their lab's retention period."""
    return apply_retention()
