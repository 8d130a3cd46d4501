"""Candidates, the documents they send, and the text read from those documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from candidates.dimensions import Dimension
from candidates.venues import TRACK_LABELS


class Candidate(models.Model):
    lab = models.ForeignKey("screening.Lab", on_delete=models.CASCADE, related_name="candidates")
    # Filled from the CV once it is read; a candidate can exist before that.
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or f"Candidate #{self.pk}"


class DocumentKind(models.TextChoices):
    CV = "cv", "CV"
    PUBLICATION_LIST = "publication_list", "Publication list"


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    PROCESSING = "processing", "Processing"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


def document_upload_path(document: Document, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/{document.lab_id}/{document.sha256[:2]}/{document.sha256}.{suffix}"


class Document(models.Model):
    """An uploaded file. The same bytes uploaded twice to a lab are one document."""

    # No index of its own: the (lab, sha256) constraint's index serves lookups by lab, and with
    # a second one PostgreSQL could pick the wrong index for the duplicate check at upload.
    lab = models.ForeignKey(
        "screening.Lab", on_delete=models.CASCADE, related_name="documents", db_index=False
    )
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    file = models.FileField(upload_to=document_upload_path, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    status = models.CharField(
        max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    # Written for the recruiter who uploaded the file; never a stack trace.
    error = models.TextField(blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    # What was read from the document (person, degrees, publications, evidence), in the shape
    # of `manage.py analyze --format json`; the candidate-level rows are rebuilt from it.
    analysis = models.JSONField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["lab", "sha256"], name="one_document_per_content")
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="document_status_idx")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def reading_gaps(self) -> list[str]:
        """Why this document's publications may not all have been read (its self-check)."""
        reading = (self.analysis or {}).get("reading") or {}
        return list(reading.get("publications_incomplete") or [])

    @property
    def processing_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class PageText(models.Model):
    """The text of one page of a document, numbered from 1 so evidence can cite it."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_text_per_page")
        ]

    def __str__(self) -> str:
        return f"{self.document} p.{self.number}"


class PublicationKind(models.TextChoices):
    CONFERENCE = "conference", "Conference"
    JOURNAL = "journal", "Journal"
    WORKSHOP = "workshop", "Workshop"
    PREPRINT = "preprint", "Preprint"
    THESIS = "thesis", "Thesis"
    OTHER = "other", "Other"


class AuthorPosition(models.TextChoices):
    FIRST = "first", "First author"
    LAST = "last", "Last author"
    MIDDLE = "middle", "Middle author"
    SOLE = "sole", "Sole author"


class DegreeLevel(models.TextChoices):
    PHD = "phd", "PhD"
    MASTERS = "masters", "Master's"
    BACHELORS = "bachelors", "Bachelor's"


class DegreeStatus(models.TextChoices):
    COMPLETED = "completed", "Completed"
    IN_PROGRESS = "in_progress", "In progress"
    UNKNOWN = "unknown", "Unknown"


class CitedFact(models.Model):
    """A fact about a candidate read from one of their documents, with the quote and page."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    quote = models.TextField()
    page = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        abstract = True


class Degree(CitedFact):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="degrees")
    level = models.CharField(max_length=12, choices=DegreeLevel.choices)
    field = models.CharField(max_length=200, blank=True)
    institution = models.CharField(max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=DegreeStatus.choices)

    class Meta:
        ordering = ["candidate", "-year"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.field} ({self.get_status_display()})"


class Publication(CitedFact):
    """One paper of a candidate, merged across their CV and publication lists."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="publications")
    title = models.TextField()
    authors = models.JSONField(default=list)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    venue = models.CharField(max_length=100, blank=True)
    venue_raw = models.TextField(blank=True)
    kind = models.CharField(max_length=12, choices=PublicationKind.choices)
    track = models.CharField(max_length=30, blank=True)
    tier = models.CharField(max_length=10, blank=True)
    area = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=20, blank=True)
    author_position = models.CharField(max_length=8, choices=AuthorPosition.choices, blank=True)
    equal_contribution = models.BooleanField(null=True)
    # Every document the paper was found in, e.g. both the CV and a BibTeX file.
    sources = models.JSONField(default=list)

    class Meta:
        ordering = ["candidate", "-year", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def track_label(self) -> str:
        """The track as a recruiter reads it ("open problem", not "open_problem")."""
        return TRACK_LABELS.get(self.track, self.track.replace("_", " "))


class Evidence(CitedFact):
    """A quote supporting one signal of one rubric dimension."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="evidence")
    dimension = models.CharField(max_length=32, choices=Dimension.choices)
    signal = models.CharField(max_length=64)
    value = models.FloatField(default=1.0)

    class Meta:
        ordering = ["candidate", "dimension", "id"]
        indexes = [models.Index(fields=["candidate", "dimension"], name="evidence_dimension_idx")]

    def __str__(self) -> str:
        return f"{self.dimension}/{self.signal}"


class CandidateFeatures(models.Model):
    """The candidate's feature vector, derived from evidence once and read by every scoring."""

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="features")
    values = models.JSONField(default=dict)
    # Bumped when feature definitions change, so stale vectors can be found and recomputed.
    version = models.PositiveSmallIntegerField()
    research_text = models.TextField(blank=True)
    # Per dimension, the ids of the evidence items an assessment cites, most telling first.
    evidence_index = models.JSONField(default=dict)
    # The titles of the candidate's papers, for naming the work that drives topic fit.
    titles = models.JSONField(default=list)
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"features of {self.candidate}"


class SelfIdentification(models.Model):
    """Voluntary self-identification, kept apart for bias audits (NYC Local Law 144).

    Categories are those of the EEO-1 form used by LL144 bias audits. It is never shown to
    reviewers, never read by extraction or scoring, and erased with the candidate.
    """

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        DECLINED = "declined", "Declined to answer"

    class RaceEthnicity(models.TextChoices):
        HISPANIC_LATINO = "hispanic_latino", "Hispanic or Latino"
        WHITE = "white", "White"
        BLACK = "black", "Black or African American"
        NATIVE_HAWAIIAN_PACIFIC = "native_hawaiian_pacific", "Native Hawaiian or Pacific Islander"
        ASIAN = "asian", "Asian"
        NATIVE_AMERICAN_ALASKAN = "native_american_alaskan", "American Indian or Alaska Native"
        TWO_OR_MORE = "two_or_more", "Two or more races"
        DECLINED = "declined", "Declined to answer"

    candidate = models.OneToOneField(
        Candidate, on_delete=models.CASCADE, related_name="self_identification"
    )
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.DECLINED)
    race_ethnicity = models.CharField(
        max_length=30, choices=RaceEthnicity.choices, default=RaceEthnicity.DECLINED
    )
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"self-identification #{self.pk}"


class ErasureReceipt(models.Model):
    """Proof that a candidate was erased: what was removed, by whom, when; no personal data."""

    lab = models.ForeignKey("screening.Lab", on_delete=models.CASCADE, related_name="erasures")
    reference = models.CharField(max_length=32, unique=True)
    candidate_number = models.PositiveBigIntegerField(help_text="The erased candidate's id.")
    removed = models.JSONField(help_text="Counts of what was removed, by kind.")
    reason = models.CharField(max_length=40)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    erased_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return f"erasure {self.reference}"


class CandidateKey(models.Model):
    """One identity key of a candidate (``candidates.identity``): an email, a profile link or
    a name, normalised, so the lab's other records of the same person are found by index."""

    lab = models.ForeignKey("screening.Lab", on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="identity_keys")
    kind = models.CharField(max_length=10)
    value = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "kind", "value"], name="one_key_per_candidate"
            )
        ]
        indexes = [models.Index(fields=["lab", "value"], name="candidate_key_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.kind} key of candidate #{self.candidate_id}"


class DuplicateStatus(models.TextChoices):
    OPEN = "open", "Open"
    KEPT_APART = "kept_apart", "Kept apart"


class DuplicateProposal(models.Model):
    """Two candidates of a lab who may be one person (the same name, nothing proving it).

    ``a`` is the older record, the one a merge keeps. A proposal that is merged is removed
    with the absorbed candidate; the merge (:class:`CandidateMerge`) records it. Kept apart,
    the pair is never proposed or joined again: a person said they are two people.
    """

    lab = models.ForeignKey(
        "screening.Lab", on_delete=models.CASCADE, related_name="duplicate_proposals"
    )
    a = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    # Why they may be one person: [{"kind": "name"}, {"kind": "coauthors", "count": 3}, ...];
    # kinds and counts only, never the names themselves.
    reasons = models.JSONField(default=list)
    status = models.CharField(
        max_length=12, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["a", "b"], name="one_proposal_per_pair"),
            models.CheckConstraint(condition=models.Q(a__lt=models.F("b")), name="older_first"),
        ]
        indexes = [models.Index(fields=["lab", "status"], name="duplicate_lab_status_idx")]

    def __str__(self) -> str:
        return f"candidates #{self.a_id} and #{self.b_id} ({self.get_status_display()})"


class MergeReason(models.TextChoices):
    SAME_EMAIL = "same_email", "Same email address"
    SAME_LINK = "same_link", "Same profile link"
    PROPOSAL = "proposal", "Merged from a duplicate proposal"


class CandidateMerge(models.Model):
    """One candidate absorbed into another, with what undoing it needs.

    ``absorbed`` holds the absorbed record as it was (id, name, email, created_at), the ids of
    the documents, applications and decisions that came from it, the applications it had to a
    role both had applied to (merged into the kept one, with their decisions) and its
    self-identification when the kept candidate had one of their own. It is deleted with the
    kept candidate, so an erasure leaves none of it behind.
    """

    lab = models.ForeignKey("screening.Lab", on_delete=models.CASCADE, related_name="merges")
    kept = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="merges")
    absorbed_number = models.PositiveBigIntegerField(help_text="The absorbed candidate's id.")
    absorbed = models.JSONField()
    reason = models.CharField(max_length=12, choices=MergeReason.choices)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty: joined by Referee itself.",
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"candidate #{self.absorbed_number} merged into #{self.kept_id}"
