"""Processing a document: text per page, or a failure a recruiter can act on."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates import processing
from candidates.models import DocumentStatus, Evidence, PageText, Publication
from candidates.processing import document_process
from candidates.services import document_ingest
from candidates.synthetic import generate, render_cv_pdf
from tests.factories import LabFactory
from tests.pdfs import encrypted_pdf, image_only_pdf, text_pdf, truncated_pdf

pytestmark = pytest.mark.django_db


def process(content: bytes, filename: str = "cv.pdf"):
    document = document_ingest(
        lab_id=LabFactory.create().pk, content=content, filename=filename
    ).document
    document_process(document_id=document.pk)
    document.refresh_from_db()
    return document


def test_a_readable_pdf_is_done_with_its_text_per_page():
    document = process(text_pdf("Ada Example\nPhD in Statistics", "Publications\nA paper"))

    assert document.status == DocumentStatus.DONE
    assert document.error == ""
    assert document.page_count == 2
    assert document.attempts == 1
    pages = list(document.pages.values_list("number", "text"))
    assert [number for number, _ in pages] == [1, 2]
    assert "PhD in Statistics" in pages[0][1]
    assert "A paper" in pages[1][1]
    assert document.started_at <= document.finished_at
    assert document.processing_seconds is not None


def test_processing_twice_changes_nothing():
    document = process(text_pdf("Ada Example"))

    assert document_process(document_id=document.pk) is None

    document.refresh_from_db()
    assert document.attempts == 1
    assert PageText.objects.filter(document=document).count() == 1


def test_reading_a_cv_costs_a_few_queries_however_much_it_holds():
    lab = LabFactory.create()
    queries = {}
    for archetype in ("phd_student", "researcher"):
        content = render_cv_pdf(generate(7, archetype=archetype))
        document = document_ingest(
            lab_id=lab.pk, content=content, filename=f"{archetype}.pdf"
        ).document
        with CaptureQueriesContext(connection) as captured:
            document_process(document_id=document.pk)
        facts = (
            Publication.objects.filter(candidate=document.candidate).count(),
            Evidence.objects.filter(candidate=document.candidate).count(),
        )
        queries[archetype] = (len(captured), facts)

    (few, small), (many, large) = queries["phd_student"], queries["researcher"]
    assert small < large, "the researcher's CV should hold more publications and evidence"
    # Claim, load, pages, status, lock, degrees, publications, evidence, features, identity
    # keys, the shortlists told their applicant was read (to list why an applicant is not
    # ranked yet), and the transaction around them; a first document deletes and re-reads
    # nothing.
    assert few == many <= 14, [q["sql"][:60] for q in captured.captured_queries]


def test_a_redelivered_task_replaces_the_pages_instead_of_adding_them():
    document = process(text_pdf("Ada Example"))
    # A worker lost mid-task leaves the document "processing"; the broker delivers it again.
    type(document).objects.filter(pk=document.pk).update(status=DocumentStatus.PROCESSING)

    document_process(document_id=document.pk)

    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE
    assert document.attempts == 2
    assert PageText.objects.filter(document=document).count() == 1


# An empty file or a letter named cv.pdf never gets this far: the upload gate refuses it
# (tests/test_ingest.py, tests/test_upload_gate.py). These pass the gate and fail the reading.
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (encrypted_pdf(), "password-protected"),
        (truncated_pdf(), "damaged"),
        (image_only_pdf(), "scanned"),
    ],
    ids=["encrypted", "truncated", "scanned"],
)
def test_an_unreadable_cv_fails_with_a_message_for_the_recruiter(content, message):
    document = process(content)

    assert document.status == DocumentStatus.FAILED
    assert message in document.error
    assert "Traceback" not in document.error
    assert document.page_count is None
    assert not document.pages.exists()


def test_one_failure_does_not_affect_other_documents():
    lab = LabFactory.create()
    bad = document_ingest(lab_id=lab.pk, content=truncated_pdf(), filename="bad.pdf").document
    good = document_ingest(lab_id=lab.pk, content=text_pdf("Ada"), filename="good.pdf").document

    document_process(document_id=bad.pk)
    document_process(document_id=good.pk)

    bad.refresh_from_db()
    good.refresh_from_db()
    assert (bad.status, good.status) == (DocumentStatus.FAILED, DocumentStatus.DONE)


def test_a_publication_list_is_stored_as_text():
    document = process("@article{k, author={Zoë Müller}, title={T}}".encode(), "papers.bib")

    assert document.status == DocumentStatus.DONE
    assert "Zoë Müller" in document.pages.get().text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("@article{k, author={Zoë}}".encode("latin-1"), "not UTF-8"),
        (b"@misc{k, note={nothing else}}", "No publication could be read"),
    ],
)
def test_an_unreadable_publication_list_fails_clearly(content, message):
    document = process(content, "papers.bib")

    assert document.status == DocumentStatus.FAILED
    assert message in document.error


def test_a_file_missing_from_storage_fails_and_says_so():
    document = document_ingest(
        lab_id=LabFactory.create().pk, content=text_pdf("A"), filename="a.pdf"
    ).document
    document.file.delete(save=False)

    document_process(document_id=document.pk)

    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert "missing from storage" in document.error


def test_an_internal_error_fails_the_document_without_a_stack_trace(monkeypatch, caplog):
    def explode(content, **kwargs):
        raise RuntimeError("bug deep inside a parser")

    monkeypatch.setattr(processing, "analyze", explode)

    document = process(text_pdf("A"))

    assert document.status == DocumentStatus.FAILED
    assert document.error == processing.INTERNAL_ERROR_MESSAGE
    assert "bug deep inside a parser" in caplog.text
