"""Writes on candidates and documents: ingesting uploads and processing them.

Views, admin actions, management commands and Celery tasks call these functions; none of them
holds business logic of its own.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import PurePath

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from candidates.analysis import AnalysisError, DocumentAnalysis, analyze
from candidates.dimensions import Dimension
from candidates.extraction.evidence import cited_quotes
from candidates.models import (
    Candidate,
    CandidateFeatures,
    Degree,
    Document,
    DocumentKind,
    DocumentStatus,
    ErasureReceipt,
    Evidence,
    PageText,
    Publication,
)
from candidates.profile import FEATURES_VERSION, CandidateProfile, build_profile
from candidates.signals import candidate_erasing
from screening.audit import audit_record
from screening.models import Application, AuditAction, Decision, Lab, RoleProfile
from screening.services import enqueue_candidate_assessment

logger = logging.getLogger(__name__)

PUBLICATION_LIST_SUFFIXES = {".bib", ".bibtex", ".ris", ".json", ".txt", ".csl"}

TOO_SLOW_MESSAGE = (
    "Reading this file took longer than the time limit, so Referee stopped. The file may be "
    "unusually large or malformed; export it again (for example, print it to PDF) and re-upload."
)
GAVE_UP_MESSAGE = (
    "Reading this file stopped the reader several times (it ran out of time or memory), so "
    "Referee gave up on it. The file may be malformed; export it again and re-upload it."
)
# Deliveries of one document before it is failed: a worker lost mid-parse is forgiven twice.
MAX_ATTEMPTS = 3
INTERNAL_ERROR_MESSAGE = (
    "Referee could not process this file because of an internal error. The error has been "
    "logged for the team; re-upload the file later or contact support if it happens again."
)


class IngestError(Exception):
    """An upload that cannot be stored; ``str(exc)`` is a message for the user."""


class DocumentFailure(Exception):
    """A stored document that cannot be read; ``str(exc)`` is a message for the user."""


@dataclass(frozen=True)
class IngestResult:
    document: Document
    created: bool


def guess_document_kind(filename: str, content: bytes) -> str:
    """A PDF is a CV; BibTeX, RIS, CSL-JSON and plain text files are publication lists."""
    if content.lstrip()[:5] == b"%PDF-":
        return DocumentKind.CV
    if PurePath(filename).suffix.lower() in PUBLICATION_LIST_SUFFIXES:
        return DocumentKind.PUBLICATION_LIST
    return DocumentKind.CV


def document_ingest(
    *,
    lab: Lab,
    content: bytes,
    filename: str,
    kind: str | None = None,
    candidate: Candidate | None = None,
    role: RoleProfile | None = None,
    uploaded_by=None,
    enqueue: bool = True,
) -> IngestResult:
    """Store an uploaded file as a queued document and process it once the transaction commits.

    Uploading bytes the lab already has returns the existing document (``created`` is False)
    and queues nothing. A file that turns out to be unreadable is still stored: it ends
    ``failed`` with a reason the recruiter can act on, so nothing uploaded is silently lost.
    With ``enqueue=False`` the caller processes the document itself (the ``rank`` command).
    """
    if len(content) > settings.REFEREE_MAX_UPLOAD_BYTES:
        limit_mb = settings.REFEREE_MAX_UPLOAD_BYTES / (1024 * 1024)
        raise IngestError(f"{filename} is larger than the {limit_mb:.0f} MB limit for one file.")
    if candidate is not None and candidate.lab_id != lab.id:
        raise IngestError("The candidate belongs to another lab.")
    if role is not None and role.lab_id != lab.id:
        raise IngestError("The role belongs to another lab.")
    kind = kind or guess_document_kind(filename, content)
    if kind not in DocumentKind.values:
        raise IngestError(f"Unknown document kind {kind!r}; use one of {DocumentKind.values}.")
    sha256 = hashlib.sha256(content).hexdigest()

    document = Document(
        lab=lab,
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
            if candidate is None:
                # A new candidate has applied nowhere and has nothing to assess yet.
                document.candidate = Candidate.objects.create(lab=lab)
                if role is not None:
                    Application.objects.create(role=role, candidate=document.candidate)
            else:
                document.candidate = candidate
                _apply(candidate, role, enqueue=enqueue)
            document.save()
            if enqueue:
                transaction.on_commit(lambda: _enqueue(document.pk))
    except IntegrityError:
        document.file.delete(save=False)
        existing = Document.objects.filter(lab=lab, sha256=sha256).first()
        if existing is None:  # another constraint failed
            raise
        _apply(existing.candidate, role, enqueue=enqueue)
        return IngestResult(existing, created=False)
    return IngestResult(document, created=True)


def document_requeue(*, document: Document) -> None:
    """Send a document through processing again, e.g. after a worker was lost."""
    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.QUEUED, error="", started_at=None, finished_at=None
    )
    transaction.on_commit(lambda: _enqueue(document.pk))


def documents_stuck(*, minutes: int):
    """Documents queued or processing for longer than ``minutes``: their task was lost."""
    cutoff = timezone.now() - timedelta(minutes=minutes)
    return Document.objects.filter(
        Q(status=DocumentStatus.QUEUED, created_at__lt=cutoff)
        | Q(status=DocumentStatus.PROCESSING, started_at__lt=cutoff)
    ).order_by("created_at")


def documents_requeue_stuck(*, minutes: int) -> list[Document]:
    stuck = list(documents_stuck(minutes=minutes))
    for document in stuck:
        document_requeue(document=document)
    return stuck


def document_process(*, document_id: int) -> Document | None:
    """Analyse a queued document and rebuild its candidate's profile; None if already handled.

    Safe to run twice for the same document (a redelivered task): a document that is done or
    failed is left alone, and everything derived from it is replaced rather than added.
    """
    claimed = Document.objects.filter(
        Q(status=DocumentStatus.QUEUED) | Q(status=DocumentStatus.PROCESSING), pk=document_id
    ).update(
        status=DocumentStatus.PROCESSING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    document = Document.objects.select_related("candidate").get(pk=document_id)
    if document.attempts > MAX_ATTEMPTS:
        # Delivered again and again: each attempt killed the worker (out of memory or past
        # the hard time limit). Fail it rather than take workers down forever.
        return _finish(document, status=DocumentStatus.FAILED, error=GAVE_UP_MESSAGE)
    try:
        analysis = analyze(
            _stored_content(document),
            kind=document.kind,
            filename=document.original_name,
            person_name=document.candidate.name or None,
        )
    except (DocumentFailure, AnalysisError) as failure:
        return _finish(document, status=DocumentStatus.FAILED, error=str(failure))
    except SoftTimeLimitExceeded:
        return _finish(document, status=DocumentStatus.FAILED, error=TOO_SLOW_MESSAGE)
    except Exception:
        logger.exception("document %s failed with an internal error", document_id)
        return _finish(document, status=DocumentStatus.FAILED, error=INTERNAL_ERROR_MESSAGE)
    with transaction.atomic():
        if document.page_count:  # read before, and sent through again: replace its pages
            PageText.objects.filter(document=document).delete()
        PageText.objects.bulk_create(
            PageText(document=document, number=number, text=text)
            for number, text in enumerate(analysis.pages, start=1)
        )
        document.page_count = len(analysis.pages) or None
        document.analysis = analysis.to_json()
        _finish(document, status=DocumentStatus.DONE, error="")
        candidate_rebuild_profile(candidate=document.candidate, just_read=(document, analysis))
    return document


FEATURE_COLUMNS = ("values", "version", "research_text", "evidence_index", "titles", "computed_at")


# Part of the caller's transaction when there is one (the worker's), without a savepoint.
@transaction.atomic(savepoint=False)
def candidate_rebuild_profile(
    *, candidate: Candidate, just_read: tuple[Document, DocumentAnalysis] | None = None
) -> CandidateProfile:
    """Merge what all of a candidate's processed documents say and store it.

    Publications, degrees, evidence and the feature vector are replaced as a whole, so the
    result never depends on the order documents were processed in. ``just_read`` is a document
    the caller has just stored as read, with its analysis, which is then not read back.
    """
    read = candidate.documents.filter(status=DocumentStatus.DONE, analysis__isnull=False)
    if just_read:
        read = read.exclude(pk=just_read[0].pk)
    # Locks the candidate, so two documents finishing at once both count, and tells whether a
    # profile was stored before (the feature vector is written with the rows it summarises,
    # so without one there are no degrees, publications or evidence to replace) and whether
    # other documents were read (a candidate's first document has nothing to merge with).
    stored_profile, others_read = (
        Candidate.objects.select_for_update()
        .filter(pk=candidate.pk)
        .values_list(
            Exists(CandidateFeatures.objects.filter(candidate=OuterRef("pk"))), Exists(read)
        )
        .get()
    )
    documents = [
        (document, DocumentAnalysis.from_json(document.analysis))
        for document in (read.only("created_at", "analysis") if others_read else [])
    ]
    if just_read:
        documents.append(just_read)
    documents.sort(key=lambda pair: (pair[0].created_at, pair[0].pk))  # in upload order
    profile = build_profile([(document.pk, analysis) for document, analysis in documents])
    if stored_profile:
        for model in (Degree, Publication, Evidence):
            model.objects.filter(candidate=candidate).delete()
    Degree.objects.bulk_create(
        Degree(
            candidate=candidate,
            document_id=doc_id,
            level=d.level,
            field=d.field or "",
            institution=d.institution or "",
            year=d.year,
            start_year=d.start_year,
            status=d.status,
            quote=d.quote,
            page=d.page,
        )
        for doc_id, d in profile.degrees
    )
    Publication.objects.bulk_create(
        Publication(
            candidate=candidate,
            document_id=m.document_id,
            title=m.record.title,
            authors=list(m.record.authors),
            year=m.record.year,
            venue=m.record.venue or "",
            venue_raw=m.record.venue_raw or "",
            kind=m.record.kind,
            track=m.record.track or "",
            tier=m.record.tier or "",
            area=m.record.area or "",
            status=m.record.status or "",
            author_position=m.record.author_position or "",
            equal_contribution=m.record.equal_contribution,
            quote=m.record.quote,
            page=m.record.page,
            sources=[{"document": s.document_id, "page": s.page} for s in m.sources],
        )
        for m in profile.publications
    )
    evidence = Evidence.objects.bulk_create(
        Evidence(
            candidate=candidate,
            document_id=doc_id,
            dimension=e.dimension,
            signal=e.signal,
            quote=e.quote,
            page=e.page,
            value=e.value,
        )
        for doc_id, e in profile.evidence
    )
    # One upsert rather than update_or_create's select, savepoints and insert or update.
    CandidateFeatures.objects.bulk_create(
        [
            CandidateFeatures(
                candidate=candidate,
                values=profile.features,
                version=FEATURES_VERSION,
                research_text=profile.research_text,
                evidence_index=evidence_index(evidence),
                titles=[m.record.title for m in profile.publications][:200],
            )
        ],
        update_conflicts=True,
        unique_fields=["candidate"],
        update_fields=[*FEATURE_COLUMNS],
    )
    updates = {}
    if not candidate.name and profile.person.name:
        updates["name"] = profile.person.name[:200]
    if not candidate.email and profile.person.emails:
        updates["email"] = profile.person.emails[0][:254]
    if updates:
        Candidate.objects.filter(pk=candidate.pk).update(**updates)
        for key, value in updates.items():
            setattr(candidate, key, value)
    return profile


EVIDENCE_PER_DIMENSION = 6


def evidence_index(evidence: list[Evidence]) -> dict[str, list[int]]:
    """Per dimension, the ids of its most telling evidence items, one per quoted line."""
    cited = cited_quotes(evidence, EVIDENCE_PER_DIMENSION)
    # Research area also cites the strongest papers, unless it quotes them already.
    area = cited.get(Dimension.RESEARCH_AREA, [])
    quoted = {(item.page, item.quote) for item in area}
    papers = [p for p in cited.get(Dimension.PUBLICATIONS, []) if (p.page, p.quote) not in quoted]
    if area or papers:
        cited[Dimension.RESEARCH_AREA] = area + papers[:3]
    return {dimension: [item.pk for item in items] for dimension, items in cited.items()}


@transaction.atomic
def candidate_erase(*, candidate: Candidate, actor=None, reason: str = "request") -> dict[str, int]:
    """Erase a candidate: stored files, page texts, facts, evidence, features, applications,
    assessments, decisions, and copies other apps hold (webhook payloads, stored API answers).

    Writes an :class:`~candidates.models.ErasureReceipt` recording what was removed, by whom and
    why, without personal data, and returns the counts it holds.
    """
    documents = list(candidate.documents.all())
    removed = {
        "documents": len(documents),
        "pages": PageText.objects.filter(document__candidate=candidate).count(),
        "publications": candidate.publications.count(),
        "evidence": candidate.evidence.count(),
        "degrees": candidate.degrees.count(),
        "applications": candidate.applications.count(),
        "decisions": Decision.objects.filter(application__candidate=candidate).count(),
    }
    for _, counts in candidate_erasing.send(sender=Candidate, candidate=candidate):
        for kind, count in (counts or {}).items():
            removed[kind] = removed.get(kind, 0) + count
    files = [(d.file.storage, d.file.name) for d in documents if d.file]
    receipt = ErasureReceipt.objects.create(
        lab_id=candidate.lab_id,
        reference=secrets.token_hex(8),
        candidate_number=candidate.pk,
        removed=removed,
        reason=reason,
        erased_by=actor,
    )
    audit_record(
        lab_id=candidate.lab_id,
        actor=actor,
        action=AuditAction.CANDIDATE_ERASED,
        target_type="candidate",
        target_id=candidate.pk,
        detail={"receipt": receipt.reference, "reason": reason},
    )
    RoleProfile.shortlists_changed(
        role_ids=candidate.applications.values_list("role_id", flat=True)
    )
    candidate.delete()  # everything else cascades from the candidate
    # Files go once the rows are gone for good: a rolled-back erase keeps its files.
    transaction.on_commit(lambda: _delete_files(files))
    return removed


def _delete_files(files: list[tuple[object, str]]) -> None:
    for storage, name in files:
        storage.delete(name)


def _stored_content(document: Document) -> bytes:
    try:
        with document.file.open("rb") as handle:
            return handle.read()
    except FileNotFoundError as exc:
        raise DocumentFailure(
            "The uploaded file is missing from storage; upload it again."
        ) from exc


def _finish(document: Document, *, status: str, error: str) -> Document:
    document.status = status
    document.error = error
    document.finished_at = timezone.now()
    document.save(update_fields=["status", "error", "page_count", "analysis", "finished_at"])
    return document


def _apply(candidate: Candidate, role: RoleProfile | None, *, enqueue: bool) -> None:
    """Make the candidate an applicant of the role; assess them there if already read."""
    if role is None:
        return
    _, created = Application.objects.get_or_create(role=role, candidate=candidate)
    read = CandidateFeatures.objects.filter(candidate=candidate).exists()
    if created and enqueue and read:
        transaction.on_commit(lambda: enqueue_candidate_assessment(candidate.pk))


def _enqueue(document_id: int) -> None:
    from candidates.tasks import process_document

    process_document.delay(document_id)


@transaction.atomic
def candidate_create(
    *, lab: Lab, name: str = "", email: str = "", roles: list[RoleProfile] = ()
) -> Candidate:
    """A candidate entered by hand (an ATS creating the record before sending documents)."""
    if any(role.lab_id != lab.pk for role in roles):
        raise IngestError("Every role must belong to the candidate's lab.")
    candidate = Candidate.objects.create(lab=lab, name=name[:200], email=email)
    for role in roles:
        Application.objects.get_or_create(role=role, candidate=candidate)
    return candidate


def candidate_update(*, candidate: Candidate, changes: dict) -> Candidate:
    """Correct a candidate's name or email (what was read from the CV may be wrong)."""
    fields = [name for name in ("name", "email") if name in changes]
    for name in fields:
        setattr(candidate, name, changes[name])
    if fields:
        candidate.save(update_fields=[*fields, "updated_at"])
        RoleProfile.shortlists_changed(
            role_ids=candidate.applications.values_list("role_id", flat=True)
        )
    return candidate


def application_create(*, role: RoleProfile, candidate: Candidate) -> tuple[Application, bool]:
    """Make a candidate an applicant of a role; they are assessed there if already read."""
    if role.lab_id != candidate.lab_id:
        raise IngestError("The candidate and the role belong to different labs.")
    existed = Application.objects.filter(role=role, candidate=candidate).exists()
    _apply(candidate, role, enqueue=True)
    return Application.objects.get(role=role, candidate=candidate), not existed
