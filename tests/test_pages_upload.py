"""Uploading to a role: many files or a zip at once, per-file outcomes, and the bad cases."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import Document
from candidates.synthetic import generate, render_bibtex, render_cv_pdf
from screening.models import Application, LabRole
from tests.pages import make_role, member
from tests.pdfs import text_pdf

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def role(client):
    recruiter = member(LabRole.RECRUITER)
    client.force_login(recruiter.user)
    return make_role(recruiter.lab)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_the_upload_page_has_a_labelled_drop_zone(client, role):
    html = client.get(reverse("role_upload", args=[role.pk])).content.decode()

    assert 'type="file"' in html
    assert "multiple" in html
    assert "Drop files here" in html
    assert "Nothing uploaded to this role yet" in html


def test_uploading_several_files_queues_each_and_keeps_a_persons_files_together(
    client, role, django_capture_on_commit_callbacks
):
    ada, grace = generate(1), generate(2)
    files = [
        upload("ada__cv.pdf", render_cv_pdf(ada)),
        upload("ada__papers.bib", render_bibtex(ada).encode()),
        upload("grace__cv.pdf", render_cv_pdf(grace)),
    ]

    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("role_upload", args=[role.pk]), {"files": files})

    assert response.status_code == 302
    documents = {d.original_name: d for d in Document.objects.all()}
    assert set(documents) == {"ada__cv.pdf", "ada__papers.bib", "grace__cv.pdf"}
    assert documents["ada__cv.pdf"].candidate == documents["ada__papers.bib"].candidate
    assert documents["grace__cv.pdf"].candidate != documents["ada__cv.pdf"].candidate
    assert Application.objects.filter(role=role).count() == 2
    assert len(queued) == 3  # one processing task per new document, after commit
    page = client.get(response["Location"])
    assert b"3 file(s) queued for reading." in page.content
    assert page.content.count(b'class="just-uploaded"') == 3


def test_the_json_answer_lists_every_file_with_its_document(client, role):
    response = client.post(
        reverse("role_upload", args=[role.pk]),
        {"files": [upload("a.pdf", text_pdf("A")), upload("b.pdf", text_pdf("B"))]},
        **JSON,
    )
    again = client.post(
        reverse("role_upload", args=[role.pk]), {"files": [upload("a.pdf", text_pdf("A"))]}, **JSON
    )

    items = response.json()["items"]
    assert [(i["name"], i["status"], i["created"]) for i in items] == [
        ("a.pdf", "queued", True),
        ("b.pdf", "queued", True),
    ]
    assert all(i["document"] for i in items)
    assert again.json()["items"][0]["created"] is False
    assert again.json()["items"][0]["document"] == items[0]["document"]


def test_a_zip_is_opened_and_its_files_ingested(client, role):
    archive = zipped(
        {
            "cvs/ada__cv.pdf": render_cv_pdf(generate(1)),
            "cvs/grace__cv.pdf": render_cv_pdf(generate(2)),
            "__MACOSX/cvs/._ada__cv.pdf": b"resource fork",
            "cvs/.DS_Store": b"finder",
            "cvs/notes.docx": b"\xd0\xcf\x11\xe0 a Word file",
        }
    )

    response = client.post(
        reverse("role_upload", args=[role.pk]), {"files": [upload("batch.zip", archive)]}, **JSON
    )

    items = {i["name"]: i for i in response.json()["items"]}
    assert set(items) == {"ada__cv.pdf", "grace__cv.pdf", "notes.docx"}
    assert items["ada__cv.pdf"]["status"] == "queued"
    assert "not a PDF or a publication list" in items["notes.docx"]["error"]
    assert sorted(Document.objects.values_list("original_name", flat=True)) == [
        "ada__cv.pdf",
        "grace__cv.pdf",
    ]


def test_a_broken_zip_is_refused_with_a_reason_and_the_rest_of_the_batch_goes_on(client, role):
    response = client.post(
        reverse("role_upload", args=[role.pk]),
        {"files": [upload("broken.zip", b"PK\x03\x04 not really"), upload("a.pdf", text_pdf("A"))]},
    )

    page = client.get(response["Location"]).content.decode()
    assert "broken.zip is damaged" in page
    assert list(Document.objects.values_list("original_name", flat=True)) == ["a.pdf"]


def test_a_file_over_the_size_limit_is_refused(client, role, settings):
    settings.REFEREE_MAX_UPLOAD_BYTES = 1000

    response = client.post(
        reverse("role_upload", args=[role.pk]),
        {"files": [upload("big.pdf", b"%PDF-1.4" + b"x" * 2000)]},
        **JSON,
    )

    item = response.json()["items"][0]
    assert item["status"] == "refused"
    assert item["error"] == "big.pdf is larger than the 1 kB limit for one file."
    assert not Document.objects.exists()


def test_posting_no_file_explains_what_to_do(client, role):
    page = client.post(reverse("role_upload", args=[role.pk]), {})
    answer = client.post(reverse("role_upload", args=[role.pk]), {}, **JSON)

    assert page.status_code == 400
    assert b"Choose at least one file to upload." in page.content
    assert answer.status_code == 400
    assert answer.json()["errors"]["files"][0]["message"] == "Choose at least one file to upload."


def test_a_file_that_is_not_a_pdf_is_refused_with_a_reason_and_not_stored(client, role):
    response = client.post(
        reverse("role_upload", args=[role.pk]),
        {"files": [upload("letter.pdf", b"a cover letter, not a PDF")]},
        **JSON,
    )

    (item,) = response.json()["items"]
    assert item["status"] == "refused"
    assert "letter.pdf is not a PDF" in item["error"]
    assert not Document.objects.exists()


def test_a_zip_holding_an_archive_is_refused_whole_and_nothing_is_stored(client, role):
    archive = zipped({"ada__cv.pdf": text_pdf("A"), "inner.zip": zipped({"x.pdf": text_pdf("X")})})

    response = client.post(
        reverse("role_upload", args=[role.pk]), {"files": [upload("batch.zip", archive)]}, **JSON
    )

    (item,) = response.json()["items"]
    assert "archive inside the zip" in item["error"]
    assert not Document.objects.exists()
