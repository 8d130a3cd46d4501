"""One upload gate for every channel: the upload page, the API, the admin, `manage.py ingest`
and `manage.py rank` refuse the same bad upload with the same words, read files in chunks and
stop at the limit, and a request declaring more than the per-request total is refused unread."""

from __future__ import annotations

import html
import io
import os
import zipfile
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from candidates.models import Candidate, Document
from screening.api.tokens import token_create
from screening.models import LabRole
from tests.factories import LabFactory, MembershipFactory, UserFactory
from tests.pages import make_role

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.REFEREE_MAX_UPLOAD_BYTES = 1 * MB
    settings.REFEREE_MAX_BATCH_BYTES = 2 * MB
    settings.REFEREE_MAX_REQUEST_BYTES = 8 * MB


@pytest.fixture
def lab():
    return LabFactory.create()


def stored_zip(size: int) -> bytes:
    """A zip of about ``size`` bytes that would be fine if it were small enough."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for n in range(size // (MB // 2) + 1):
            archive.writestr(f"person{n}__cv.pdf", b"%PDF-1.4\n" + os.urandom(MB // 2))
    return buffer.getvalue()


BAD_UPLOADS = {
    "oversized file": (
        "big.pdf",
        b"%PDF-1.4\n" + b"0" * (MB + MB // 2),
        "big.pdf is larger than the 1 MB limit for one file.",
    ),
    "oversized zip": (
        "batch.zip",
        stored_zip(3 * MB),
        "batch.zip is larger than the 2 MB limit for a zip.",
    ),
    "wrong kind": (
        "photo.png",
        b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
        "photo.png is a PNG image; upload the CV as a PDF, not a PDF or a publication list.",
    ),
    "empty file": ("cv.pdf", b"", "cv.pdf is empty."),
}


def through_the_page(lab, name: str, content: bytes, tmp_path: Path) -> str:
    user = MembershipFactory.create(lab=lab, role=LabRole.RECRUITER).user
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("role_upload", args=[make_role(lab).pk]),
        {"files": [SimpleUploadedFile(name, content)]},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200, response.content
    (item,) = response.json()["items"]
    assert item["status"] == "refused"
    return item["error"]


def through_the_api(lab, name: str, content: bytes, tmp_path: Path) -> str:
    user = MembershipFactory.create(lab=lab, role=LabRole.RECRUITER).user
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='t').key}")
    endpoint = "/api/v1/documents/batch/" if name.endswith(".zip") else "/api/v1/documents/"
    response = client.post(endpoint, {"file": SimpleUploadedFile(name, content), "lab": lab.pk})
    assert response.status_code in (413, 415), response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()["detail"]


def through_the_admin(lab, name: str, content: bytes, tmp_path: Path) -> str:
    client = Client()
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:candidates_document_add"),
        {"lab": lab.pk, "candidate": "", "kind": "", "upload": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200  # the form again, with the refusal on the file
    (error,) = response.context["adminform"].form.errors["upload"]
    assert html.escape(error) in response.content.decode()
    return error


def through_the_command(lab, name: str, content: bytes, tmp_path: Path) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 1 file"):
        call_command("ingest", str(path), "--lab", lab.slug, stdout=StringIO(), stderr=err)
    (line,) = err.getvalue().splitlines()
    prefix = f"error   {name}: "
    assert line.startswith(prefix)
    return line.removeprefix(prefix)


def through_the_rank_command(lab, name: str, content: bytes, tmp_path: Path) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    err = StringIO()
    call_command(
        "rank", str(path), "--template", "research-scientist-ml", "--lab", lab.slug,
        stdout=StringIO(), stderr=err,
    )  # fmt: skip
    (line,) = err.getvalue().splitlines()
    prefix = f"error   {path}: "
    assert line.startswith(prefix)
    return line.removeprefix(prefix)


CHANNELS: dict[str, Callable[..., str]] = {
    "page": through_the_page,
    "api": through_the_api,
    "admin": through_the_admin,
    "command": through_the_command,
    "rank": through_the_rank_command,
}
# `manage.py rank` reads files one by one and opens no zip.
SENDINGS = [
    pytest.param(channel, bad, id=f"{bad}-{channel}")
    for channel in CHANNELS
    for bad in BAD_UPLOADS
    if not (channel == "rank" and BAD_UPLOADS[bad][0].endswith(".zip"))
]


@pytest.mark.parametrize(("channel", "bad"), SENDINGS)
def test_every_channel_refuses_the_same_bad_upload_with_the_same_message(
    lab, tmp_path, channel, bad
):
    name, content, message = BAD_UPLOADS[bad]
    send = CHANNELS[channel]

    refusal = send(lab, name, content, tmp_path)

    assert refusal == message
    assert not Document.objects.exists()
    assert not Candidate.objects.exists()


def test_the_admin_and_the_command_open_zips_like_the_upload_page(lab, tmp_path):
    archive = tmp_path / "people.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("ada__cv.pdf", b"%PDF-1.4\nada")
        zipped.writestr("ada__papers.bib", b"@misc{a, title={T}}\n")
        zipped.writestr("notes.docx", b"PK\x03\x04 not a CV")

    err = StringIO()
    with pytest.raises(CommandError, match="1 of 3 file"):
        call_command("ingest", str(archive), "--lab", lab.slug, stdout=StringIO(), stderr=err)

    assert "notes.docx" in err.getvalue()
    assert sorted(Document.objects.values_list("original_name", flat=True)) == [
        "ada__cv.pdf",
        "ada__papers.bib",
    ]
    assert Candidate.objects.count() == 1


def test_a_file_is_read_in_chunks_and_reading_stops_past_the_limit():
    from candidates.uploads import FileTooLarge, UploadSource, upload_read

    chunks_read = 0

    def endless() -> Iterator[bytes]:
        nonlocal chunks_read
        while True:
            chunks_read += 1
            yield b"x" * (64 * 1024)

    with pytest.raises(FileTooLarge, match="larger than the 1 MB limit for one file"):
        upload_read(UploadSource(name="stream.pdf", chunks=endless))

    assert chunks_read == MB // (64 * 1024) + 1


def test_a_declared_size_past_the_limit_is_refused_without_reading():
    from candidates.uploads import FileTooLarge, UploadSource, upload_read

    def unreadable() -> Iterator[bytes]:
        raise AssertionError("read although the declared size is past the limit")
        yield b""

    with pytest.raises(FileTooLarge):
        upload_read(UploadSource(name="big.pdf", chunks=unreadable, size=300 * MB))


def test_uploaded_files_past_a_few_megabytes_are_spooled_to_disk(settings):
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * MB
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * MB
    assert settings.REFEREE_MAX_REQUEST_BYTES < 100 * MB


# --- The per-request total, checked on the declared length before the body is read ---------

REQUEST_REFUSAL = (
    "The upload is larger than the 8 MB limit for one request; send fewer files at a time, or "
    "split the zip."
)
# Declared, not sent: the test client's payload fails any read past the few bytes it holds,
# so a 413 here shows nothing tried to read the body.
DECLARED = {"CONTENT_LENGTH": str(300 * MB)}
MULTIPART = "multipart/form-data; boundary=BoUnDaRy"


def test_an_oversized_request_to_the_upload_page_is_refused_unread(lab):
    user = MembershipFactory.create(lab=lab, role=LabRole.RECRUITER).user
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    url = reverse("role_upload", args=[make_role(lab).pk])

    page = client.generic("POST", url, b"--BoUnDaRy", content_type=MULTIPART, **DECLARED)
    answer = client.generic(
        "POST", url, b"--BoUnDaRy", content_type=MULTIPART, HTTP_ACCEPT="application/json",
        **DECLARED,
    )  # fmt: skip

    assert page.status_code == 413
    assert html.escape(REQUEST_REFUSAL) in page.content.decode()
    assert answer.status_code == 413
    assert answer.json()["errors"]["files"][0]["message"] == REQUEST_REFUSAL


def test_an_oversized_request_to_the_api_is_refused_unread(lab):
    user = MembershipFactory.create(lab=lab, role=LabRole.RECRUITER).user
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='t').key}")

    for endpoint in ("/api/v1/documents/", "/api/v1/documents/batch/"):
        response = client.generic(
            "POST", endpoint, b"--BoUnDaRy", content_type=MULTIPART, **DECLARED
        )
        assert response.status_code == 413
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["type"] == "/api/problems/file-too-large"
        assert response.json()["detail"] == REQUEST_REFUSAL


def test_an_oversized_request_to_the_admin_is_refused_unread():
    client = Client()
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))

    response = client.generic(
        "POST",
        reverse("admin:candidates_document_add"),
        b"--BoUnDaRy",
        content_type=MULTIPART,
        **DECLARED,
    )

    assert response.status_code == 413
    assert html.escape(REQUEST_REFUSAL) in response.content.decode()


def test_a_request_within_the_total_reaches_the_view(lab, settings):
    settings.REFEREE_MAX_REQUEST_BYTES = 300 * MB
    user = MembershipFactory.create(lab=lab, role=LabRole.RECRUITER).user
    client = Client()
    client.force_login(user)

    response = client.post(
        reverse("role_upload", args=[make_role(lab).pk]),
        {"files": [SimpleUploadedFile("a.pdf", b"%PDF-1.4\nhello")]},
        HTTP_ACCEPT="application/json",
    )

    assert response.json()["items"][0]["status"] == "queued"
