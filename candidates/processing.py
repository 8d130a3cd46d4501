"""Reading stored documents: the worker's side of the pipeline.

:func:`document_process` claims a queued document with a conditional update, reads it
(``candidates.analysis``) and rebuilds its candidate's profile from every document read so far
(:func:`candidate_rebuild_profile`); a document whose reading ended is announced with
``candidates.signals.document_read``. Nothing here enqueues work: the Celery tasks call in, and
the services that store uploads (``candidates.services``) enqueue the tasks.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import cast

from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from candidates.analysis import AnalysisError, DocumentAnalysis, analyze
from candidates.dimensions import Dimension
from candidates.extraction.evidence import cited_quotes
from candidates.identity import identity_keys
from candidates.models import (
    Candidate,
    CandidateFeatures,
    CandidateKey,
    Degree,
    Document,
    DocumentStatus,
    Evidence,
    PageText,
    Publication,
)
from candidates.profile import FEATURES_VERSION, CandidateProfile, build_profile
from candidates.signals import document_read

logger = logging.getLogger(__name__)

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


class DocumentFailure(Exception):
    """A stored document that cannot be read; ``str(exc)`` is a message for the user."""


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
        # ``read`` holds only documents with an analysis.
        (document, DocumentAnalysis.from_json(cast("dict", document.analysis)))
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
    # Like the facts, the keys are written with the feature vector, so none to replace without.
    _store_identity(candidate, [a for _, a in documents], replace=stored_profile)
    return profile


def _store_identity(
    candidate: Candidate, analyses: list[DocumentAnalysis], *, replace: bool
) -> None:
    """The keys the lab's other records of this person are found by: what every document
    says of them (a second CV may give another address) and what was entered by hand."""
    people = [analysis.person for analysis in analyses]
    keys = identity_keys(
        names=[candidate.name, *(person.name for person in people)],
        emails=[candidate.email, *(email for person in people for email in person.emails)],
        links=[link for person in people for link in person.links],
    )
    if replace:
        CandidateKey.objects.filter(candidate=candidate).delete()
    CandidateKey.objects.bulk_create(
        CandidateKey(lab_id=candidate.lab_id, candidate=candidate, kind=k.kind, value=k.value)
        for k in sorted(keys)
        if len(k.value) <= CANDIDATE_KEY_CHARS
    )


CANDIDATE_KEY_CHARS = CandidateKey._meta.get_field("value").max_length or 300


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


def documents_stuck(*, minutes: int) -> QuerySet[Document]:
    """Documents queued or processing for longer than ``minutes``: their task was lost."""
    cutoff = timezone.now() - timedelta(minutes=minutes)
    return Document.objects.filter(
        Q(status=DocumentStatus.QUEUED, created_at__lt=cutoff)
        | Q(status=DocumentStatus.PROCESSING, started_at__lt=cutoff)
    ).order_by("created_at")


def document_mark_queued(*, document_id: int) -> None:
    """Put a document back in the queue as if just uploaded, for processing to claim again."""
    Document.objects.filter(pk=document_id).update(
        status=DocumentStatus.QUEUED, error="", started_at=None, finished_at=None
    )


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
    document_read.send(sender=Document, document=document)
    return document
