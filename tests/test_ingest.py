"""Uploading a document: stored once per content, queued only after the transaction commits."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from candidates.models import Candidate, Document, DocumentKind, DocumentStatus
from candidates.services import document_ingest
from candidates.uploads import FileTooLarge, IngestError, UnsupportedFile
from screening.applications import document_upload
from screening.models import Application
from tests.broker import queued_tasks
from tests.factories import CandidateFactory, LabFactory
from tests.pages import make_role
from tests.pdfs import text_pdf

pytestmark = pytest.mark.django_db


def queued_document_ids() -> list[int]:
    return [args[0] for task, args, _ in queued_tasks() if task.endswith("process_document")]


def test_an_upload_is_stored_with_its_hash_and_a_new_candidate():
    lab = LabFactory()
    content = text_pdf("Ada Example")

    result = document_ingest(lab_id=lab.pk, content=content, filename="ada.pdf")

    document = result.document
    assert result.created
    assert document.status == DocumentStatus.QUEUED
    assert document.kind == DocumentKind.CV
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.original_name == "ada.pdf"
    with document.file.open("rb") as stored:
        assert stored.read() == content
    assert document.candidate.lab == lab


def test_the_same_bytes_uploaded_twice_are_one_document():
    lab = LabFactory()
    content = text_pdf("Ada Example")

    first = document_ingest(lab_id=lab.pk, content=content, filename="ada.pdf")
    second = document_ingest(lab_id=lab.pk, content=content, filename="ada-copy.pdf")

    assert not second.created
    assert second.document.pk == first.document.pk
    assert Document.objects.count() == 1
    assert Candidate.objects.count() == 1


def test_a_duplicate_keeps_one_stored_file_and_joins_the_role_it_was_sent_to(settings):
    lab = LabFactory()
    first_role, second_role = (make_role(lab, "research-scientist-ml") for _ in range(2))
    content = text_pdf("Ada Example")
    first = document_upload(lab=lab, content=content, filename="ada.pdf", role=first_role)

    again = document_upload(lab=lab, content=content, filename="ada.pdf", role=second_role)

    assert (again.created, again.document.pk) == (False, first.document.pk)
    assert [p.read_bytes() for p in Path(settings.MEDIA_ROOT).rglob("*.pdf")] == [content]
    assert set(Application.objects.values_list("role", "candidate")) == {
        (first_role.pk, first.document.candidate_id),
        (second_role.pk, first.document.candidate_id),
    }


def test_the_same_file_in_two_labs_is_two_documents():
    content = text_pdf("Ada Example")

    document_ingest(lab_id=LabFactory().pk, content=content, filename="ada.pdf")
    document_ingest(lab_id=LabFactory().pk, content=content, filename="ada.pdf")

    assert Document.objects.count() == 2


def test_the_task_is_sent_only_after_the_transaction_commits(
    django_capture_on_commit_callbacks, empty_queue
):
    lab = LabFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = document_ingest(lab_id=lab.pk, content=text_pdf("Ada"), filename="ada.pdf")
        assert queued_document_ids() == []
    assert len(callbacks) == 1

    callbacks[0]()

    assert queued_document_ids() == [result.document.pk]


def test_a_duplicate_upload_queues_nothing(django_capture_on_commit_callbacks):
    lab = LabFactory()
    content = text_pdf("Ada")
    document_ingest(lab_id=lab.pk, content=content, filename="ada.pdf")

    with django_capture_on_commit_callbacks() as callbacks:
        document_ingest(lab_id=lab.pk, content=content, filename="ada.pdf")

    assert callbacks == []


def test_an_oversize_upload_is_refused_and_nothing_is_stored(settings):
    settings.REFEREE_MAX_UPLOAD_BYTES = 1024
    lab = LabFactory()

    with pytest.raises(
        FileTooLarge, match=r"^big.pdf is larger than the 1 kB limit for one file\.$"
    ):
        document_ingest(lab_id=lab.pk, content=b"%PDF-" + b"x" * 2048, filename="big.pdf")

    assert Document.objects.count() == 0
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def test_a_candidate_of_another_lab_is_refused():
    with pytest.raises(IngestError, match="another lab"):
        document_ingest(
            lab_id=LabFactory().pk,
            content=text_pdf("x"),
            filename="x.pdf",
            candidate=CandidateFactory(),
        )


def test_a_publication_list_can_join_an_existing_candidate():
    candidate = CandidateFactory()
    bib = b"@article{a, title={A}, author={Ada Example}, year={2024}}"

    result = document_ingest(
        lab_id=candidate.lab_id, content=bib, filename="papers.bib", candidate=candidate
    )

    assert result.document.candidate == candidate
    assert result.document.kind == DocumentKind.PUBLICATION_LIST


def test_uploading_to_a_role_makes_the_candidate_an_applicant():
    lab = LabFactory()
    role = make_role(lab, "research-scientist-ml")

    result = document_upload(lab=lab, content=text_pdf("Ada"), filename="a.pdf", role=role)
    document_upload(lab=lab, content=text_pdf("Ada"), filename="a.pdf", role=role)

    assert list(Application.objects.values_list("candidate", flat=True)) == [
        result.document.candidate_id
    ]


@pytest.mark.parametrize(
    ("filename", "content", "kind"),
    [
        ("cv.pdf", b"%PDF-1.7 ...", DocumentKind.CV),
        ("papers.bib", b"@inproceedings{...}", DocumentKind.PUBLICATION_LIST),
        ("papers.ris", b"TY  - JOUR", DocumentKind.PUBLICATION_LIST),
        ("items.json", b"[]", DocumentKind.PUBLICATION_LIST),
        ("list.txt", b"1. A paper", DocumentKind.PUBLICATION_LIST),
        ("renamed.bib", b"%PDF-1.4 ...", DocumentKind.CV),
    ],
)
def test_the_kind_is_judged_from_the_bytes_then_the_name(filename, content, kind):
    result = document_ingest(lab_id=LabFactory().pk, content=content, filename=filename)

    assert result.document.kind == kind


def test_bytes_handed_straight_to_the_ingest_meet_the_upload_gate():
    """A caller with no upload form (the rank command, a script) gets the channels' refusals."""
    lab = LabFactory()

    with pytest.raises(UnsupportedFile, match=r"^cv.PDF is not a PDF \(it does not start with"):
        document_ingest(lab_id=lab.pk, content=b"not really a pdf", filename="cv.PDF")
    with pytest.raises(UnsupportedFile, match=r"^notes.txt is empty\.$"):
        document_ingest(lab_id=lab.pk, content=b" \n", filename="notes.txt")

    assert not Document.objects.exists()
    assert not Candidate.objects.exists()
