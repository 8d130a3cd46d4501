"""Comments on an applicant of a role, with ``@username`` mentions of lab members.

A mention names a member of the role's lab by their user name; mentions of anyone else stay
plain text. The mentioned member finds the comment in their mentions. Comments are audited
when made and when their author deletes them (only the author can).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet

from reviews.models import Comment
from screening.audit import audit_record
from screening.models import Application, AuditAction, LabMembership

MAX_COMMENT_CHARS = 5000
# User names as Django allows them, without a trailing full stop ("thanks @maria.").
MENTION = re.compile(r"(?<![\w@.+-])@([\w+-]+(?:[.@][\w+-]+)*)")
EMPTY = "Write something to comment."
TOO_LONG = f"Keep a comment to {MAX_COMMENT_CHARS:,} characters or fewer."
NOT_YOURS = "Only its author can delete a comment."


def mentioned_members(*, lab_id: int, body: str) -> list[LabMembership]:
    """The lab's members the text mentions (user names compared without case)."""
    names = {match.lower() for match in MENTION.findall(body)}
    if not names:
        return []
    members = LabMembership.objects.filter(lab_id=lab_id).select_related("user")
    return [m for m in members if m.user.get_username().lower() in names]


@transaction.atomic
def comment_create(*, application: Application, author, body: str, channel: str = "") -> Comment:
    """Comment on an applicant; raises ``ValidationError`` on ``body``."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": EMPTY})
    if len(body) > MAX_COMMENT_CHARS:
        raise ValidationError({"body": TOO_LONG})
    lab_id = application.role.lab_id
    comment = Comment.objects.create(application=application, author=author, body=body)
    mentioned = mentioned_members(lab_id=lab_id, body=body)
    comment.mentions.set(mentioned)
    audit_record(
        lab_id=lab_id,
        actor=author,
        action=AuditAction.COMMENT_CREATED,
        target_type="comment",
        target_id=comment.pk,
        detail={
            "role": application.role_id,
            "application": application.pk,
            "mentions": [m.pk for m in mentioned],
        },
        channel=channel,
    )
    return comment


def comment_delete(*, comment: Comment, actor, channel: str = "") -> None:
    if comment.author_id is None or comment.author_id != getattr(actor, "pk", None):
        raise PermissionDenied(NOT_YOURS)
    audit_record(
        lab_id=comment.application.role.lab_id,
        actor=actor,
        action=AuditAction.COMMENT_DELETED,
        target_type="comment",
        target_id=comment.pk,
        detail={"role": comment.application.role_id, "application": comment.application_id},
        channel=channel,
    )
    comment.delete()


def application_comments(*, application: Application) -> QuerySet[Comment]:
    return (
        Comment.objects.filter(application=application)
        .select_related("author")
        .prefetch_related("mentions__user")
        .order_by("created_at", "id")
    )


def member_mentions(*, user) -> QuerySet[Comment]:
    """The comments mentioning the user, in any of their labs, newest first."""
    return (
        Comment.objects.filter(mentions__user=user)
        .select_related("author", "application__role__lab", "application__candidate")
        .order_by("-created_at", "-id")
        .distinct()
    )


@dataclass(frozen=True)
class Segment:
    """A run of a comment's text, or a mention of a member (``mention``: their user name)."""

    text: str
    mention: str = ""


def comment_segments(body: str, mentioned: Iterable[str]) -> list[Segment]:
    """The text split around resolved mentions, so a page links them (and masks the rest in
    blind review without hiding them as ``@handles``)."""
    known = {name.lower(): name for name in mentioned}
    segments: list[Segment] = []
    last = 0
    for match in MENTION.finditer(body):
        name = known.get(match.group(1).lower())
        if name is None:
            continue
        if match.start() > last:
            segments.append(Segment(body[last : match.start()]))
        segments.append(Segment(match.group(0), mention=name))
        last = match.end()
    if last < len(body):
        segments.append(Segment(body[last:]))
    return segments
