"""Review panels of a role: reviewers, their scorecards, comments with mentions, conflicts.

A panel member is a lab member a hiring manager assigned to review a role's applicants. Each
fills one scorecard per applicant, a level 0-4 per criterion of the role's rubric with an
overall recommendation; a submitted scorecard is final. Conflicts of interest found between a
reviewer's publications or institutions and an applicant's are kept with what the reviewer
did about them (declared and went on, or recused).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from screening.criteria import LEVELS


class PanelMember(models.Model):
    """A lab member who reviews the applicants of one role."""

    role = models.ForeignKey(
        "screening.RoleProfile", on_delete=models.CASCADE, related_name="panel_members"
    )
    membership = models.ForeignKey(
        "screening.LabMembership", on_delete=models.CASCADE, related_name="panels"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["role", "membership"], name="one_seat_per_reviewer")
        ]

    def __str__(self) -> str:
        return f"{self.membership.user} on the panel of {self.role_id}"


class ReviewerProfile(models.Model):
    """What a reviewer's conflicts of interest are read from: their papers and institutions.

    ``publications`` holds each paper of their list as ``{"title", "authors", "year"}``;
    ``author_name`` is how the list writes the reviewer's own name (to tell them from their
    co-authors).
    """

    membership = models.OneToOneField(
        "screening.LabMembership", on_delete=models.CASCADE, related_name="reviewer_profile"
    )
    institutions = models.TextField(
        blank=True, help_text="Institutions you studied or worked at, one per line."
    )
    author_name = models.CharField(max_length=200, blank=True)
    publications = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=255, blank=True, help_text="Where the list came from.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"reviewer profile of membership {self.membership_id}"


class Recommendation(models.TextChoices):
    STRONG_YES = "strong_yes", "Strong yes"
    YES = "yes", "Yes"
    NO = "no", "No"
    STRONG_NO = "strong_no", "Strong no"


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class Scorecard(models.Model):
    """One reviewer's judgement of one applicant against one rubric version."""

    application = models.ForeignKey(
        "screening.Application", on_delete=models.CASCADE, related_name="scorecards"
    )
    reviewer = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="scorecards")
    rubric = models.ForeignKey(
        "screening.Rubric", on_delete=models.PROTECT, related_name="scorecards"
    )
    recommendation = models.CharField(max_length=12, choices=Recommendation.choices, blank=True)
    summary = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_scorecard_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"scorecard {self.pk} ({self.status})"


class ScorecardLevel(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="levels")
    criterion = models.ForeignKey("screening.Criterion", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(validators=[MaxValueValidator(LEVELS - 1)])
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["scorecard", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"], name="one_level_per_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(level__lte=LEVELS - 1), name="scorecard_level_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"level {self.level}"


class Comment(models.Model):
    """A lab member's comment on an applicant of a role."""

    application = models.ForeignKey(
        "screening.Application", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    mentions = models.ManyToManyField(
        "screening.LabMembership", blank=True, related_name="mentioned_in"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "created_at", "id"]

    def __str__(self) -> str:
        return f"comment {self.pk}"


class ConflictKind(models.TextChoices):
    COAUTHOR = "coauthor", "Co-authored a paper"
    SHARED_COAUTHOR = "shared_coauthor", "Shares a co-author"
    INSTITUTION = "institution", "Same institution"


class ConflictStatus(models.TextChoices):
    OPEN = "open", "Not yet answered"
    DECLARED = "declared", "Declared; reviewing anyway"
    RECUSED = "recused", "Recused"


class Conflict(models.Model):
    """A possible conflict of interest between a reviewer and an applicant, and its answer.

    ``key`` tells conflicts of one kind apart (the paper, the co-author, the institution), so
    a repeated check records nothing twice.
    """

    reviewer = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="conflicts")
    application = models.ForeignKey(
        "screening.Application", on_delete=models.CASCADE, related_name="conflicts"
    )
    kind = models.CharField(max_length=20, choices=ConflictKind.choices)
    key = models.CharField(max_length=200)
    detail = models.CharField(max_length=500)
    status = models.CharField(
        max_length=10, choices=ConflictStatus.choices, default=ConflictStatus.OPEN
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "reviewer", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "application", "kind", "key"], name="one_conflict_per_cause"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"
