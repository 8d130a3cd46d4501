"""Who may do what through the API, asked of :mod:`screening.permissions` (the one place).

Every queryset is scoped to ``member_labs(user=...)``, so objects of other labs are simply not
found (404, never 403). Within a lab: every member reads, uploads, and records decisions;
hiring managers and lab admins also edit roles, rubrics and criteria, relearn weights and
erase candidates; lab admins also manage webhooks and the lab's signing secret.
"""

from __future__ import annotations

from rest_framework.exceptions import PermissionDenied

from screening.models import Lab, LabRole
from screening.permissions import EDITORS, membership

EDIT_DENIED = "Only hiring managers and lab admins can {action}; you are a {role} in this lab."
ADMIN_DENIED = "Only lab admins can {action}; you are a {role} in this lab."


def _role_name(role: str | None) -> str:
    return dict(LabRole.choices).get(role or "", "member").lower()


def require_editor(user, lab: Lab | int, action: str = "edit roles and rubrics") -> None:
    """Raise 403 unless the user is a hiring manager or admin of the lab (a member already)."""
    found = membership(user=user, lab=lab)
    if found is None or found.role not in EDITORS:
        role = found.role if found else None
        raise PermissionDenied(EDIT_DENIED.format(action=action, role=_role_name(role)))


def require_admin(user, lab: Lab | int, action: str = "manage webhooks") -> None:
    found = membership(user=user, lab=lab)
    if found is None or found.role != LabRole.ADMIN:
        role = found.role if found else None
        raise PermissionDenied(ADMIN_DENIED.format(action=action, role=_role_name(role)))
