"""Hostile and broken uploads: each ends in a clear state, and nothing else is affected."""

from __future__ import annotations

import time

import pytest

from candidates.models import DocumentStatus
from candidates.services import MAX_ATTEMPTS, document_ingest, document_process
from tests import hostile
from tests.factories import LabFactory
from tests.pdfs import text_pdf

pytestmark = pytest.mark.django_db

CASES = [
    ("bomb.pdf", hostile.decompression_bomb_pdf, "expands to far more content"),
    ("nested.pdf", hostile.deeply_nested_pdf, None),
    ("pages.pdf", hostile.too_many_pages_pdf, "pages"),
    ("wall.pdf", hostile.wall_of_text_pdf, "characters"),
    ("garbage.pdf", hostile.garbage_after_header_pdf, "damaged"),
    ("archive.pdf", hostile.zip_named_pdf, "not a PDF"),
    ("nested.bib", hostile.deeply_nested_bibtex, None),
    ("nested.json", hostile.deeply_nested_csl_json, None),
    ("binary.ris", hostile.binary_ris, "binary"),
    ("forms.pdf", hostile.nested_forms_pdf, "draws far more than a CV page"),
    ("lzw.pdf", hostile.lzw_bomb_pdf, "expands to far more content"),
    ("operators.pdf", hostile.operator_flood_pdf, "draws far more than a CV page"),
    ("braces.bib", hostile.brace_flood_bibtex, "nests brackets"),
    ("huge.ris", hostile.huge_ris, "characters"),
    ("huge.txt", hostile.huge_plain_list, "characters"),
    ("huge.json", hostile.huge_csl_json, "characters"),
]


@pytest.mark.parametrize(("filename", "make", "message"), CASES, ids=[c[0] for c in CASES])
def test_a_hostile_file_ends_in_a_clear_state_quickly(filename, make, message):
    lab = LabFactory()
    document = document_ingest(lab=lab, content=make(), filename=filename).document
    bystander = document_ingest(lab=lab, content=text_pdf("Ada Example"), filename="a.pdf")

    started = time.monotonic()
    document_process(document_id=document.pk)
    document_process(document_id=bystander.document.pk)

    document.refresh_from_db()
    bystander.document.refresh_from_db()
    assert time.monotonic() - started < 20
    assert document.status in (DocumentStatus.DONE, DocumentStatus.FAILED)
    if document.status == DocumentStatus.FAILED:
        assert document.error
        assert "Traceback" not in document.error
    if message:
        assert document.status == DocumentStatus.FAILED
        assert message in document.error
    assert bystander.document.status == DocumentStatus.DONE


def test_a_document_that_keeps_killing_workers_is_failed_after_a_few_deliveries():
    document = document_ingest(lab=LabFactory(), content=text_pdf("A"), filename="a.pdf").document
    # Each delivery claimed it and then the worker died before finishing.
    type(document).objects.filter(pk=document.pk).update(
        status=DocumentStatus.PROCESSING, attempts=MAX_ATTEMPTS
    )

    document_process(document_id=document.pk)

    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert "gave up" in document.error
