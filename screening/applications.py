"""What joins candidates to roles: applications, and documents uploaded to a lab or a role.

``candidates`` stores documents and reads them without knowing roles; this module calls down
into it and adds the role: a candidate uploaded to a role, or entered with roles, becomes an
applicant there, in the same transaction as the upload, and is assessed once read. The upload
page, the API, the admin and the commands store files through :func:`documents_upload`,
:func:`documents_store` or :func:`document_upload`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.db import transaction

from candidates.filenames import person_key
from candidates.models import Candidate, CandidateFeatures, Document, DocumentKind
from candidates.services import IngestResult, document_ingest
from candidates.uploads import ArchiveFile, IngestError, UploadSource, upload_screen
from screening.models import Application, Lab, RoleProfile, RoleStatus
from screening.services import enqueue_candidate_assessment
from screening.stages import stage_initial
from search.index import index_candidate


class RoleNotOpen(IngestError):
    """The role is closed or archived: it takes no new applicants or documents."""


ROLE_NOT_OPEN = {
    RoleStatus.CLOSED: "The role is closed: it takes no new applicants or documents. "
    "Reopen it to upload again.",
    RoleStatus.ARCHIVED: "The role is archived: it takes no new applicants or documents.",
}


def role_check_open(*, role: RoleProfile) -> None:
    """Refuse a new applicant or document for a role that no longer takes them, on every
    channel (the page, the API, the admin, the commands) with the same words."""
    if role.status != RoleStatus.OPEN:
        raise RoleNotOpen(ROLE_NOT_OPEN[RoleStatus(role.status)])


def application_create(*, role: RoleProfile, candidate: Candidate) -> tuple[Application, bool]:
    """Make a candidate an applicant of a role; they are assessed there if already read."""
    if role.lab_id != candidate.lab_id:
        raise IngestError("The candidate and the role belong to different labs.")
    role_check_open(role=role)
    existed = Application.objects.filter(role=role, candidate=candidate).exists()
    _apply(candidate, role, enqueue=True)
    return Application.objects.get(role=role, candidate=candidate), not existed


@transaction.atomic
def candidate_create(
    *, lab: Lab, name: str = "", email: str = "", roles: Iterable[RoleProfile] = ()
) -> Candidate:
    """A candidate entered by hand (an ATS creating the record before sending documents)."""
    roles = list(roles)
    if any(role.lab_id != lab.pk for role in roles):
        raise IngestError("Every role must belong to the candidate's lab.")
    for role in roles:
        role_check_open(role=role)
    candidate = Candidate.objects.create(lab=lab, name=name[:200], email=email)
    for role in roles:
        Application.objects.get_or_create(
            role=role, candidate=candidate, defaults={"stage": stage_initial(lab=lab)}
        )
    RoleProfile.shortlists_changed(role_ids=[role.pk for role in roles])
    return candidate


def candidate_update(*, candidate: Candidate, changes: dict) -> Candidate:
    """Correct a candidate's name or email (what was read from the CV may be wrong)."""
    fields = [name for name in ("name", "email") if name in changes]
    for name in fields:
        setattr(candidate, name, changes[name])
    if fields:
        candidate.save(update_fields=[*fields, "updated_at"])
        # Their masked passages hide the names and emails known when they were indexed.
        index_candidate(candidate)
        RoleProfile.shortlists_changed(
            role_ids=candidate.applications.values_list("role_id", flat=True)
        )
    return candidate


@transaction.atomic
def document_upload(
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
    """Store one uploaded file (``candidates.services.document_ingest``); with ``role``, its
    candidate applies there.

    The application is made in the upload's transaction, so the worker that reads the file
    finds it and assesses the candidate for the role. A candidate already read who applies
    anew (a duplicate upload, or a publication list for them) is assessed there at once.
    """
    if role is not None and role.lab_id != lab.pk:
        raise IngestError("The role belongs to another lab.")
    if role is not None:
        role_check_open(role=role)
    result = document_ingest(
        lab_id=lab.pk,
        content=content,
        filename=filename,
        kind=kind,
        candidate=candidate,
        uploaded_by=uploaded_by,
        enqueue=enqueue,
    )
    _apply(result.document.candidate, role, enqueue=enqueue)
    return result


def _apply(candidate: Candidate, role: RoleProfile | None, *, enqueue: bool) -> None:
    """Make the candidate an applicant of the role; assess them there if already read."""
    if role is None:
        return
    _, created = Application.objects.get_or_create(
        role=role, candidate=candidate, defaults={"stage": stage_initial(lab=role.lab_id)}
    )
    if created:  # a new applicant is listed on the role's shortlist, ranked or not
        RoleProfile.shortlists_changed(role_ids=[role.pk])
    read = CandidateFeatures.objects.filter(candidate=candidate).exists()
    if created and enqueue and read:
        transaction.on_commit(lambda: enqueue_candidate_assessment(candidate.pk))


@dataclass(frozen=True)
class BatchItem:
    """One file of an upload: the document it became, or why it was refused."""

    name: str
    document: Document | None = None
    created: bool = False
    error: str = ""
    path: str = ""  # the file's name in its zip, folder included, if it came in one


def documents_store(
    *,
    lab: Lab,
    files: Iterable[ArchiveFile],
    role: RoleProfile | None = None,
    candidate: Candidate | None = None,
    uploaded_by=None,
) -> list[BatchItem]:
    """Store screened files as documents and queue them for reading.

    Files named for one person (``jane__cv.pdf``, ``jane__papers.bib``) in one folder become
    one candidate; with ``candidate`` every file joins that candidate. Each file is stored or
    refused on its own: one bad file never stops the rest. A role that takes no new
    documents refuses them all at once (:class:`RoleNotOpen`).
    """
    if role is not None:
        role_check_open(role=role)
    items: list[BatchItem] = []
    groups: dict[tuple[str, str], list[ArchiveFile]] = {}
    for file in files:
        key = (str(PurePath(file.path).parent), person_key(file.path))
        groups.setdefault(key, []).append(file)
    for group in groups.values():
        person = candidate
        for file in sorted(group, key=lambda f: f.kind != DocumentKind.CV):
            try:
                result = document_upload(
                    lab=lab,
                    content=file.content,
                    filename=file.name,
                    kind=file.kind,
                    candidate=person,
                    role=role,
                    uploaded_by=uploaded_by,
                )
            except IngestError as refusal:
                items.append(BatchItem(file.name, error=str(refusal), path=file.path))
                continue
            person = result.document.candidate
            items.append(BatchItem(file.name, result.document, result.created, path=file.path))
    return items


def documents_upload(
    *,
    lab: Lab,
    sources: Iterable[UploadSource],
    role: RoleProfile | None = None,
    candidate: Candidate | None = None,
    kind: str | None = None,
    uploaded_by=None,
) -> list[BatchItem]:
    """Screen the sources at the gate and store what passed: refusals first, then documents.

    A role that takes no new documents refuses the whole upload (:class:`RoleNotOpen`)
    before any file is read.
    """
    if role is not None:
        role_check_open(role=role)
    screened = upload_screen(sources=sources, kind=kind)
    refused = [BatchItem(r.name, error=str(r.error), path=r.path) for r in screened.refused]
    stored = documents_store(
        lab=lab, files=screened.files, role=role, candidate=candidate, uploaded_by=uploaded_by
    )
    return refused + stored
