"""Who may do what in a lab: the one place pages, the API and commands ask.

Every lab's data is private to its members. Recruiters see and decide; hiring managers also
edit rubrics and roles; lab admins also manage members. Staff users of the Django admin are
not lab members by virtue of being staff.
"""

from __future__ import annotations

from django.db.models import QuerySet

from screening.models import Lab, LabMembership, LabRole

EDITORS = (LabRole.HIRING_MANAGER, LabRole.ADMIN)


def membership(*, user, lab: Lab | int) -> LabMembership | None:
    """The user's membership of the lab, or None (anonymous users belong nowhere)."""
    if not getattr(user, "is_authenticated", False):
        return None
    lab_id = lab.pk if isinstance(lab, Lab) else lab
    return LabMembership.objects.filter(user=user, lab_id=lab_id).first()


def member_labs(*, user) -> QuerySet[Lab]:
    if not getattr(user, "is_authenticated", False):
        return Lab.objects.none()
    return Lab.objects.filter(memberships__user=user)
