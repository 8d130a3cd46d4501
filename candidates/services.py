"""Writes on candidates and documents: storing uploads and sending them to be read.

A lab is referred to by its id: labs are ``screening``'s, which builds on this app. What joins
a candidate to a role (applications, uploads to a role, erasure, exports) lives there, in
``screening.applications`` and ``screening.privacy``; reading a stored document is
``candidates.processing``, run by the Celery tasks these services enqueue.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from candidates.models import Candidate, Document, DocumentKind, SelfIdentification
from candidates.processing import document_mark_queued
from candidates.tasks import process_document
from candidates.uploads import DocumentOfAnother, IngestError, upload_check


@dataclass(frozen=True)
class IngestResult:
    document: Document
    created: bool


def document_ingest(
    *,
    lab_id: int,
    content: bytes,
    filename: str,
    kind: str | None = None,
    candidate: Candidate | None = None,
    uploaded_by=None,
    enqueue: bool = True,
) -> IngestResult:
    """Store an uploaded file as a queued document and process it once the transaction commits.

    The file passes the upload gate first (``candidates.uploads.upload_check``: size, type,
    kind), whoever calls. Without ``candidate`` the file is a new candidate's. Uploading bytes
    the lab already has returns the existing document (``created`` is False) and queues
    nothing; when they are another candidate's than the one named, :class:`DocumentOfAnother`
    refuses them rather than leave the named candidate without the file. A file that passes
    the gate but turns out to be unreadable is still stored: it ends ``failed`` with a reason
    the recruiter can act on, so nothing uploaded is silently lost. With ``enqueue=False`` the
    caller processes the document itself (the ``rank`` command).
    """
    if candidate is not None and candidate.lab_id != lab_id:
        raise IngestError("The candidate belongs to another lab.")
    if kind is not None and kind not in DocumentKind.values:
        raise IngestError(f"Unknown document kind {kind!r}; use one of {DocumentKind.values}.")
    kind = upload_check(name=filename, content=content, kind=kind)
    sha256 = hashlib.sha256(content).hexdigest()

    document = Document(
        lab_id=lab_id,
        kind=kind,
        original_name=PurePath(filename).name[:255],
        size=len(content),
        sha256=sha256,
        uploaded_by=uploaded_by,
    )
    # Stored before the row exists and without looking for a duplicate first, a query most
    # uploads do not need: if the row then breaks the one-document-per-content constraint (a
    # file sent again, or an identical upload racing this one), the stored copy is removed
    # and the existing document returned.
    document.file.save(document.original_name, ContentFile(content), save=False)
    try:
        with transaction.atomic():
            document.candidate = candidate or Candidate.objects.create(lab_id=lab_id)
            document.save()
            if enqueue:
                transaction.on_commit(lambda: process_document.delay(document.pk))
    except IntegrityError:
        document.file.delete(save=False)
        existing = Document.objects.filter(lab_id=lab_id, sha256=sha256).first()
        if existing is None:  # another constraint failed
            raise
        if candidate is not None and existing.candidate_id != candidate.pk:
            raise DocumentOfAnother(
                f"{PurePath(filename).name} is already document #{existing.pk}, of candidate "
                f"#{existing.candidate_id}; it was not added to candidate #{candidate.pk}."
            ) from None
        return IngestResult(existing, created=False)
    return IngestResult(document, created=True)


def document_requeue(*, document: Document) -> None:
    """Send a document through processing again, e.g. after a worker was lost."""
    document_mark_queued(document_id=document.pk)
    transaction.on_commit(lambda: process_document.delay(document.pk))


def self_identification_record(
    *, candidate: Candidate, sex: str, race_ethnicity: str
) -> SelfIdentification:
    """Store (or replace) a candidate's voluntary self-identification, kept apart from review."""
    identity, _ = SelfIdentification.objects.update_or_create(
        candidate=candidate, defaults={"sex": sex, "race_ethnicity": race_ethnicity}
    )
    return identity
