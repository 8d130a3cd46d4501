"""Uploads through the API: one file, a zip, idempotent retries, and every kind of bad input
refused with a 4xx, a clear message and nothing written (no row, no stored file)."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.models import Candidate, Document, DocumentStatus
from candidates.synthetic import generate, render_bibtex, render_cv_pdf
from screening.api.models import IdempotencyKey
from screening.models import Application
from tests.api_support import World, build_world, zip_of
from tests.factories import CandidateFactory
from tests.pdfs import text_pdf

pytestmark = pytest.mark.django_db

UPLOAD = "/api/v1/documents/"
BATCH = "/api/v1/documents/batch/"
BIB = b"@article{a, title={Deep Nets}, author={Lovelace, Ada}, journal={JMLR}, year={2024}}\n"


@pytest.fixture
def world():
    return build_world(applicants=1)


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def nothing_written(world: World, settings):
    """Asserts after the test that no document, candidate, application or file was added."""
    before = (Document.objects.count(), Candidate.objects.count(), Application.objects.count())
    files = stored_files(settings)
    yield
    after = (Document.objects.count(), Candidate.objects.count(), Application.objects.count())
    assert after == before
    assert stored_files(settings) == files


def refused(response, status: int, slug: str, *words: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == f"/api/problems/{slug}"
    for word in words:
        assert word in body["detail"], body["detail"]
    return body


# --- One file ------------------------------------------------------------------------------


def test_a_cv_upload_is_stored_queued_and_the_same_bytes_are_one_document(
    world, django_capture_on_commit_callbacks
):
    client = world.client("recruiter")
    pdf = render_cv_pdf(generate(5, archetype="researcher"))

    with django_capture_on_commit_callbacks() as queued:
        first = client.post(
            UPLOAD, {"file": upload("ada.pdf", pdf), "role": world.role.pk}, format="multipart"
        )
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["status"] == DocumentStatus.QUEUED
    assert body["kind"] == "cv"
    assert body["lab"] == world.lab.pk
    assert first["Location"].endswith(f"/api/v1/documents/{body['id']}/")
    assert queued, "processing is queued after the commit"
    assert Application.objects.filter(role=world.role, candidate_id=body["candidate"]).exists()

    again = client.post(UPLOAD, {"file": upload("copy.pdf", pdf), "lab": world.lab.pk})
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]

    status = client.get(f"{UPLOAD}{body['id']}/").json()
    assert status["status"] == "queued"
    assert status["error"] == ""


def test_a_publication_list_is_attached_to_its_candidate(world):
    response = world.client("recruiter").post(
        UPLOAD, {"file": upload("papers.bib", BIB), "candidate": world.candidate.pk}
    )

    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "publication_list"
    assert response.json()["candidate"] == world.candidate.pk


def test_bytes_already_another_candidates_are_refused_for_the_candidate_named(world):
    other = CandidateFactory.create(lab=world.lab)
    client = world.client("recruiter")
    first = client.post(UPLOAD, {"file": upload("papers.bib", BIB), "candidate": other.pk})
    assert first.status_code == 201, first.content

    again = client.post(UPLOAD, {"file": upload("mine.bib", BIB), "candidate": world.candidate.pk})

    assert again.status_code == 409, again.content
    body = again.json()
    assert f"already document #{first.json()['id']}, of candidate #{other.pk}" in body["detail"]
    assert not world.candidate.documents.filter(sha256=first.json()["sha256"]).exists()
    # The same bytes for the candidate who has them are that candidate's document, as before.
    same = client.post(UPLOAD, {"file": upload("again.bib", BIB), "candidate": other.pk})
    assert (same.status_code, same.json()["id"]) == (200, first.json()["id"])


def test_an_empty_candidate_is_refused_rather_than_read_as_a_new_one(world, nothing_written):
    response = world.client("recruiter").post(
        UPLOAD, {"file": upload("papers.bib", BIB), "lab": world.lab.pk, "candidate": ""}
    )

    assert response.status_code == 400, response.content
    assert "candidate" in response.json()["errors"]


def test_a_retried_upload_with_an_idempotency_key_replays_the_first_answer(world):
    client = world.client("recruiter")
    pdf = text_pdf("Grace Example\nPhD in Statistics")
    headers = {"HTTP_IDEMPOTENCY_KEY": "upload-1"}

    first = client.post(UPLOAD, {"file": upload("g.pdf", pdf), "lab": world.lab.pk}, **headers)
    retry = client.post(UPLOAD, {"file": upload("g.pdf", pdf), "lab": world.lab.pk}, **headers)

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert retry["Location"] == first["Location"]
    assert Document.objects.filter(original_name="g.pdf").count() == 1


def test_an_idempotency_key_reused_for_another_upload_is_refused(world, nothing_written):
    client = world.client("recruiter")
    headers = {"HTTP_IDEMPOTENCY_KEY": "upload-2"}
    IdempotencyKey.objects.create(
        user=world.users["recruiter"],
        key="upload-2",
        method="POST",
        path=UPLOAD,
        fingerprint="0" * 64,
        status_code=201,
        response={"body": {"id": 1}, "headers": {}},
    )  # a completed upload of other bytes

    response = client.post(
        UPLOAD, {"file": upload("other.pdf", text_pdf("Other")), "lab": world.lab.pk}, **headers
    )

    refused(response, 422, "idempotency-key-reused", "different request")


def test_a_failed_request_frees_its_idempotency_key(world):
    client = world.client("recruiter")
    headers = {"HTTP_IDEMPOTENCY_KEY": "upload-3"}
    pdf = text_pdf("Fixed later")

    bad = client.post(UPLOAD, {"file": upload("x.pdf", pdf)}, **headers)  # no lab
    good = client.post(UPLOAD, {"file": upload("x.pdf", pdf), "lab": world.lab.pk}, **headers)

    assert bad.status_code == 400
    assert good.status_code == 201, good.content


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("cv.pdf", b"this is a cover letter, not a PDF", ["cv.pdf", "not a PDF"]),
        ("cv.docx", zip_of({"word/document.xml": b"<w/>"}), ["zip archive"]),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, ["PNG image"]),
        ("cv", b"\x00\x01\x02binary", ["neither a PDF nor"]),
        ("empty.pdf", b"   ", ["empty"]),
        ("notes.md", b"Just some notes", ["suffixes"]),
    ],
)
def test_files_of_the_wrong_type_are_refused(world, nothing_written, name, content, words):
    response = world.client("recruiter").post(
        UPLOAD, {"file": upload(name, content), "lab": world.lab.pk}
    )

    refused(response, 415, "unsupported-media-type", *words)


def test_a_pdf_sent_as_a_publication_list_is_refused(world, nothing_written):
    response = world.client("recruiter").post(
        UPLOAD,
        {
            "file": upload("list.pdf", text_pdf("x")),
            "lab": world.lab.pk,
            "kind": "publication_list",
        },
    )

    refused(response, 415, "unsupported-media-type", "publication list must be a text file")


def test_an_oversize_file_is_refused(world, nothing_written, settings):
    settings.REFEREE_MAX_UPLOAD_BYTES = 1000
    pdf = text_pdf("x" * 3000)
    assert len(pdf) > 1000

    response = world.client("recruiter").post(
        UPLOAD, {"file": upload("big.pdf", pdf), "lab": world.lab.pk}
    )

    refused(response, 413, "file-too-large", "big.pdf", "limit")


def test_an_oversize_request_is_refused_before_it_is_read(world, nothing_written, settings):
    settings.REFEREE_MAX_UPLOAD_BYTES = 10
    body = b"x" * (1024 * 1024 + 100)

    response = world.client("recruiter").post(
        UPLOAD, {"file": upload("big.pdf", b"%PDF-" + body), "lab": world.lab.pk}
    )

    refused(response, 413, "file-too-large", "larger than")


def test_an_upload_that_is_not_multipart_is_refused(world, nothing_written):
    response = world.client("recruiter").post(
        UPLOAD, {"lab": world.lab.pk, "file": "JVBERi0="}, format="json"
    )

    refused(response, 415, "unsupported-media-type", "multipart/form-data")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"lab": "abc"}, "lab"),
        ({"lab": 999999}, "lab"),
        ({"candidate": 999999}, "candidate"),
        ({"kind": "poem"}, "kind"),
        ({"nickname": "x"}, "nickname"),
        ({}, "lab"),
    ],
)
def test_invalid_fields_are_refused_by_name(world, nothing_written, fields, field):
    response = world.client("recruiter").post(
        UPLOAD, {"file": upload("cv.pdf", text_pdf("x")), **fields}
    )

    body = refused(response, 400, "validation-error")
    assert field in body["errors"], body


@pytest.fixture
def foreign_candidate(world):
    return CandidateFactory(lab=world.other_lab)


def test_a_candidate_of_another_lab_is_not_found(world, foreign_candidate, nothing_written):
    foreign = foreign_candidate
    response = world.client("recruiter").post(
        UPLOAD, {"file": upload("cv.pdf", text_pdf("x")), "candidate": foreign.pk}
    )

    body = refused(response, 400, "validation-error")
    assert body["errors"]["candidate"] == [f"No candidate with id {foreign.pk} in your labs."]


def test_a_candidate_and_a_role_of_different_labs_are_refused(world, nothing_written, settings):
    response = world.client("outsider").post(
        UPLOAD,
        {"file": upload("cv.pdf", text_pdf("x")), "lab": world.other_lab.pk, "role": world.role.pk},
    )

    assert refused(response, 400, "validation-error")["errors"]["role"]


# --- Zips ----------------------------------------------------------------------------------


def test_a_zip_becomes_documents_grouped_per_person(world, django_capture_on_commit_callbacks):
    ada, bob = generate(21, archetype="researcher"), generate(22, archetype="phd_student")
    archive = zip_of(
        {
            "cvs/ada__cv.pdf": render_cv_pdf(ada),
            "cvs/ada__papers.bib": render_bibtex(ada).encode(),
            "cvs/bob.pdf": render_cv_pdf(bob),
            "cvs/notes.docx": zip_of({"a.xml": b"<a/>"}, compression=zipfile.ZIP_STORED)[:60],
            "__MACOSX/cvs/._ada__cv.pdf": b"resource fork",
            "cvs/.DS_Store": b"finder",
        }
    )

    with django_capture_on_commit_callbacks():
        response = world.client("recruiter").post(
            BATCH, {"file": upload("cvs.zip", archive), "role": world.role.pk}
        )

    assert response.status_code == 201, response.content
    body = response.json()
    assert sorted(d["entry"] for d in body["documents"]) == [
        "cvs/ada__cv.pdf",
        "cvs/ada__papers.bib",
        "cvs/bob.pdf",
    ]
    assert [s["entry"] for s in body["skipped"]] == ["cvs/notes.docx"]
    by_entry = {d["entry"]: d["document"] for d in body["documents"]}
    assert by_entry["cvs/ada__cv.pdf"]["candidate"] == by_entry["cvs/ada__papers.bib"]["candidate"]
    assert by_entry["cvs/bob.pdf"]["candidate"] != by_entry["cvs/ada__cv.pdf"]["candidate"]
    assert by_entry["cvs/ada__papers.bib"]["kind"] == "publication_list"
    assert Application.objects.filter(role=world.role).count() == 3  # 1 before + ada + bob


def test_a_retried_zip_upload_does_not_add_documents(world):
    client = world.client("recruiter")
    archive = zip_of({"a.pdf": text_pdf("A"), "b.pdf": text_pdf("B")})
    headers = {"HTTP_IDEMPOTENCY_KEY": "zip-1"}

    first = client.post(BATCH, {"file": upload("x.zip", archive), "lab": world.lab.pk}, **headers)
    retry = client.post(BATCH, {"file": upload("x.zip", archive), "lab": world.lab.pk}, **headers)
    plain = client.post(BATCH, {"file": upload("x.zip", archive), "lab": world.lab.pk})

    assert (first.status_code, retry.status_code, plain.status_code) == (201, 201, 200)
    assert retry.json() == first.json()
    assert {d["created"] for d in plain.json()["documents"]} == {False}
    assert Document.objects.filter(original_name__in=["a.pdf", "b.pdf"]).count() == 2


def symlink_zip() -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("cv.pdf", text_pdf("x"))
        link = zipfile.ZipInfo("passwd.pdf")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    return buffer.getvalue()


def bomb_zip() -> bytes:
    # 15 MB of zeros (under the 20 MB limit for one file) compresses to about 15 kB.
    return zip_of({"cv.pdf": b"%PDF-" + b"\0" * (15 * 1024 * 1024)})


def lying_zip() -> bytes:
    """An entry whose header declares fewer bytes than it really holds."""
    data = bytearray(zip_of({"cv.pdf": text_pdf("a CV") * 3}, compression=zipfile.ZIP_STORED))
    real = len(text_pdf("a CV") * 3)
    small = (100).to_bytes(4, "little")
    # Patch the uncompressed size in the local header (offset 22) and central directory.
    data[22:26] = small
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = small
    assert real > 100
    return bytes(data)


def many_entries_zip() -> bytes:
    return zip_of({f"cv{i}.pdf": text_pdf(f"cv {i}") for i in range(6)})


@pytest.mark.parametrize(
    ("archive", "status", "slug", "words"),
    [
        (zip_of({"/etc/cv.pdf": text_pdf("x")}), 422, "unsafe-archive", ["absolute path"]),
        (zip_of({"../../cv.pdf": text_pdf("x")}), 422, "unsafe-archive", ["outside the archive"]),
        (zip_of({"a\\..\\cv.pdf": text_pdf("x")}), 422, "unsafe-archive", ["backslashes"]),
        (zip_of({"C:/cv.pdf": text_pdf("x")}), 422, "unsafe-archive", ["absolute path"]),
        (zip_of({"a/b/cv.pdf": text_pdf("x")}), 422, "unsafe-archive", ["nested folder"]),
        (symlink_zip(), 422, "unsafe-archive", ["symbolic link"]),
        (
            zip_of({"inner.zip": zip_of({"cv.pdf": b"%PDF-1.4"})}),
            422,
            "unsafe-archive",
            ["archive inside"],
        ),
        (many_entries_zip(), 422, "unsafe-archive", ["6 entries", "at most 5"]),
        (bomb_zip(), 422, "unsafe-archive", ["zip bomb"]),
        (lying_zip(), 422, "unsafe-archive", ["cv.pdf"]),
        (zip_of({"notes.docx": b"\x00\x01"}), 422, "unsafe-archive", ["no CV"]),
        (b"PK\x03\x04 this is not really a zip", 422, "unsafe-archive", ["damaged"]),
        (text_pdf("a CV, not a zip"), 415, "unsupported-media-type", ["not a zip"]),
    ],
    ids=[
        "absolute",
        "dotdot",
        "backslash",
        "drive",
        "nested",
        "symlink",
        "nested-zip",
        "too-many",
        "bomb-ratio",
        "lying-size",
        "nothing-readable",
        "damaged",
        "not-a-zip",
    ],
)
def test_an_unsafe_zip_is_refused_whole(
    world, nothing_written, settings, archive, status, slug, words
):
    settings.REFEREE_ZIP_MAX_ENTRIES = 5
    response = world.client("recruiter").post(
        BATCH, {"file": upload("batch.zip", archive), "lab": world.lab.pk}
    )

    refused(response, status, slug, *words)


def test_a_zip_expanding_past_the_total_limit_is_refused(world, nothing_written, settings):
    settings.REFEREE_ZIP_MAX_TOTAL_BYTES = 50_000
    archive = zip_of({f"cv{i}.pdf": text_pdf("x" * 500) + b" " * 20_000 for i in range(4)})

    response = world.client("recruiter").post(
        BATCH, {"file": upload("big.zip", archive), "lab": world.lab.pk}
    )

    refused(response, 422, "unsafe-archive", "expands to more than")


def test_a_file_too_large_inside_a_zip_is_refused(world, nothing_written, settings):
    settings.REFEREE_MAX_UPLOAD_BYTES = 2000
    archive = zip_of({"big.pdf": b"%PDF-" + bytes(range(256)) * 20})

    response = world.client("recruiter").post(
        BATCH, {"file": upload("one.zip", archive), "lab": world.lab.pk}
    )

    refused(response, 413, "file-too-large", "big.pdf")


def test_an_encrypted_entry_is_refused(world, nothing_written):
    data = bytearray(zip_of({"cv.pdf": text_pdf("x")}))
    data[6] |= 0x1  # the "encrypted" flag of the local header...
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x1  # ...and of the central directory

    response = world.client("recruiter").post(
        BATCH, {"file": upload("locked.zip", bytes(data)), "lab": world.lab.pk}
    )

    refused(response, 422, "unsafe-archive", "password-protected")
