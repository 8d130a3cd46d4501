"""Labs, their members, role profiles and versioned rubrics."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from candidates.dimensions import Dimension
from screening.criteria import LEVELS


class Lab(models.Model):
    """A research lab or team that hires; every candidate and role belongs to exactly one."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    retention_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Candidates untouched for this many months are erased (empty: kept).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LabRole(models.TextChoices):
    RECRUITER = "recruiter", "Recruiter"
    HIRING_MANAGER = "hiring_manager", "Hiring manager"
    ADMIN = "admin", "Lab admin"


class LabMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lab_memberships"
    )
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=LabRole.choices, default=LabRole.RECRUITER)
    blind_review = models.BooleanField(
        default=False,
        help_text="Hide names, emails, links and other identity cues from this member's pages.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "lab"], name="one_membership_per_user_and_lab")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.lab} ({self.get_role_display()})"


class RoleStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"  # screened and decided on, but takes no new applicants
    ARCHIVED = "archived", "Archived"  # kept for the record: hidden by default, read-only


# Every channel's refusal of a change to an archived role.
ROLE_ARCHIVED = "The role is archived: it is kept for the record and no longer changes."


class RoleArchived(ValidationError):
    """A change to an archived role, refused: valid input the role's state forbids (the API
    answers 409)."""

    def __init__(self) -> None:
        super().__init__(ROLE_ARCHIVED)


class RoleProfile(models.Model):
    """A research position, screened against the latest version of its rubric."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(max_length=200)
    research_area = models.TextField(
        blank=True, help_text="What the team works on; candidates' research is matched to it."
    )
    job_description = models.TextField(blank=True)
    template_slug = models.SlugField(
        blank=True, help_text="The rubric template the role started from, if any."
    )
    areas = models.JSONField(
        default=list,
        blank=True,
        help_text="Venue areas of the role (ml, nlp, cv, ...): papers there count towards fit.",
    )
    blind_review = models.BooleanField(
        default=False,
        help_text="Hide identity cues from everyone reviewing this role, whatever their setting.",
    )
    status = models.CharField(max_length=10, choices=RoleStatus.choices, default=RoleStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Bumped whenever the role's shortlist may read differently (assessments, decisions,
    # applicants' names), so a cached shortlist page is known to be current.
    shortlist_version = models.PositiveBigIntegerField(default=0, editable=False)
    # Set when applicants' profiles changed and a batched assessment of them is scheduled, so
    # a burst of uploads schedules one assessment run instead of one per document.
    assessment_queued = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["lab", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.lab})"

    @staticmethod
    def shortlists_changed(*, role_ids) -> None:
        RoleProfile.objects.filter(pk__in=role_ids).update(
            shortlist_version=models.F("shortlist_version") + 1
        )

    @property
    def current_rubric(self) -> Rubric | None:
        return self.rubrics.order_by("-version").first()


class Rubric(models.Model):
    """One immutable version of a role's rubric; an edit creates the next version."""

    role = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="rubrics")
    version = models.PositiveIntegerField()
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["role", "version"], name="one_rubric_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.role.title} rubric v{self.version}"


def validate_levels(value: object) -> None:
    if (
        not isinstance(value, list)
        or len(value) != LEVELS
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        raise ValidationError(
            f"Give exactly {LEVELS} level descriptions (levels 0 to {LEVELS - 1}), none empty."
        )


class Criterion(models.Model):
    """A weighted criterion with behaviourally anchored level descriptions 0-4."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=200)
    dimension = models.CharField(max_length=32, choices=Dimension.choices)
    weight = models.FloatField(help_text="Relative weight; the weights of a rubric are normalised.")
    must_have = models.BooleanField(default=False)
    target_level = models.PositiveSmallIntegerField(
        default=2, help_text="The level (0-4) at which this criterion counts as covered."
    )
    levels = models.JSONField(
        validators=[validate_levels], help_text="Five observable level descriptions, 0 to 4."
    )
    thresholds = models.JSONField(
        default=dict, blank=True, help_text="Feature thresholds that map evidence to levels."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["rubric", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="weight_not_negative"),
            models.CheckConstraint(
                condition=models.Q(target_level__lte=LEVELS - 1), name="target_level_in_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StageKind(models.TextChoices):
    ACTIVE = "active", "Active"
    HIRED = "hired", "Hired"
    REJECTED = "rejected", "Rejected"


class Stage(models.Model):
    """A step of a lab's hiring pipeline; every application stands at one of them."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=StageKind.choices, default=StageKind.ACTIVE)

    class Meta:
        ordering = ["lab", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["lab", "name"], name="one_stage_name_per_lab")
        ]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    """A candidate considered for a role, at one stage of the lab's pipeline."""

    role = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="applications")
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="applications"
    )
    # RESTRICT: a stage that applications stand at is renamed, never deleted from under them
    # (a lab deleted with its applications takes its stages with it).
    stage = models.ForeignKey(Stage, on_delete=models.RESTRICT, related_name="applications")
    stage_since = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["role", "candidate"], name="one_application_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} for {self.role.title}"


class Assessment(models.Model):
    """A candidate scored against one rubric version of a role, with everything behind it.

    ``criteria`` holds, per criterion of the rubric version: its id, the level, the state, the
    one-sentence explanation and the ids of the evidence items used. The criterion's name,
    weight and anchors are the rubric version's (immutable) :class:`Criterion` rows, and the
    quotes and pages the candidate's :class:`~candidates.models.Evidence` rows. An assessment
    is replaced, not edited, when the rubric or the candidate's documents change;
    ``previous_rank`` keeps the rank under the previous rubric version so the shortlist can
    show how ranks moved.
    """

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="assessment"
    )
    role = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="assessments")
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="assessments")
    model_version = models.CharField(max_length=40)
    score = models.FloatField()
    has_barrier = models.BooleanField(default=False)
    insufficient_count = models.PositiveSmallIntegerField(default=0)
    criteria = models.JSONField(default=list)
    topic_similarity = models.FloatField(null=True, blank=True)
    topic_papers = models.JSONField(default=list, blank=True)
    # Which role-area text the topic similarity was computed against; another one recomputes it.
    topic_key = models.CharField(max_length=64, blank=True)
    career_stage = models.CharField(max_length=40, blank=True)
    rank = models.PositiveIntegerField(null=True, blank=True)
    previous_rank = models.PositiveIntegerField(null=True, blank=True)
    previous_score = models.FloatField(null=True, blank=True)
    stale = models.BooleanField(
        default=False, help_text="Made with an older rubric version; a rescore is on its way."
    )
    computed_at = models.DateTimeField(auto_now=True)
    # The ``computed_at`` of the feature vector this assessment read: a newer vector means
    # the candidate's documents changed since, and the assessment is out of date.
    features_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The ranking's order (screening.scoring.RANKING) within a role.
            models.Index(
                fields=["role", "has_barrier", "-score", "application"], name="shortlist_rank_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.score:.0f}"


class StageMove(models.Model):
    """One move of an application between stages: who moved it, when and why. Kept."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="stage_moves"
    )
    from_stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )
    to_stage = models.ForeignKey(Stage, on_delete=models.RESTRICT, related_name="+")
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["application", "-at"], name="stage_move_latest_idx")]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_stage} -> {self.to_stage}"


class DecisionOutcome(models.TextChoices):
    ADVANCE = "advance", "Advance"
    HOLD = "hold", "Hold"
    REJECT = "reject", "Reject"


# The longest reason a decision keeps, on every channel (the page's form, the API).
DECISION_REASON_CHARS = 5000
DECISION_REASON_TOO_LONG = f"Keep the reason to {DECISION_REASON_CHARS:,} characters or fewer."


class Decision(models.Model):
    """A recruiter's decision on an application; the latest one stands, earlier ones are kept."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=10, choices=DecisionOutcome.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["application", "-created_at"], name="decision_latest_idx")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.application}"


class LearnedWeights(models.Model):
    """The criterion weights a role's decisions imply, beside the stated ones. It only suggests.

    Coefficients are stored as numbers with the scikit-learn version that fitted them; nothing
    is pickled, so no stale or untrusted model file is ever loaded.
    """

    role = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="learned_weights")
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="learned_weights")
    weights = models.JSONField(help_text="Per criterion: id, name, stated and learned weight.")
    decisions = models.PositiveIntegerField()
    advanced = models.PositiveIntegerField()
    cv_accuracy = models.FloatField(help_text="Cross-validated accuracy of the learned model.")
    stated_agreement = models.FloatField(
        help_text="How well the stated rubric's scores separate the decisions (ROC AUC)."
    )
    model_version = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"learned weights of {self.role} ({self.decisions} decisions)"


class AuditAction(models.TextChoices):
    CANDIDATE_VIEWED = "candidate.viewed", "Viewed a candidate"
    CANDIDATE_EXPORTED = "candidate.exported", "Exported a candidate's data"
    CANDIDATE_ERASED = "candidate.erased", "Erased a candidate"
    SHORTLIST_EXPORTED = "shortlist.exported", "Exported a shortlist"
    RUBRIC_CHANGED = "rubric.changed", "Changed a rubric"
    DECISION_RECORDED = "decision.recorded", "Recorded a decision"
    CANDIDATE_MERGED = "candidate.merged", "Merged two records of one candidate"
    CANDIDATE_UNMERGED = "candidate.unmerged", "Undid a merge of two candidates"
    DUPLICATE_KEPT_APART = "duplicate.kept_apart", "Kept two candidates of one name apart"
    PANEL_MEMBER_ADDED = "panel.member_added", "Added a reviewer to a panel"
    PANEL_MEMBER_REMOVED = "panel.member_removed", "Removed a reviewer from a panel"
    SCORECARD_SUBMITTED = "scorecard.submitted", "Submitted a scorecard"
    COMMENT_CREATED = "comment.created", "Commented on a candidate"
    COMMENT_DELETED = "comment.deleted", "Deleted a comment"
    CONFLICT_FOUND = "conflict.found", "A conflict of interest was found"
    CONFLICT_DECLARED = "conflict.declared", "Declared a conflict of interest"
    CONFLICT_RECUSED = "conflict.recused", "Recused for a conflict of interest"
    STAGE_MOVED = "stage.moved", "Moved applications to a stage"
    ROLE_CHANGED = "role.changed", "Changed a role"
    ROLE_CLOSED = "role.closed", "Closed a role"
    ROLE_REOPENED = "role.reopened", "Reopened a role"
    ROLE_ARCHIVED = "role.archived", "Archived a role"


class AuditEvent(models.Model):
    """Who saw, changed, decided, exported or erased what, and when. Append-only.

    Events name their object by type and id only, never by a person's name, so an erasure
    leaves its trail without leaving the candidate's data.
    """

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="audit_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40, choices=AuditAction.choices)
    target_type = models.CharField(max_length=40)
    target_id = models.BigIntegerField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    channel = models.CharField(max_length=10, blank=True, help_text="web, api or command")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["lab", "-at"], name="audit_lab_time_idx")]

    def __str__(self) -> str:
        return f"{self.actor_name or 'system'} {self.action} {self.target_type} {self.target_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")
