"""Candidates, the documents they send, and the text read from those documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models


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

    lab = models.ForeignKey("screening.Lab", on_delete=models.CASCADE, related_name="documents")
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
