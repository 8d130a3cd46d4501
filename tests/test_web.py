"""The pages of the foundation: sign-in, the home page, the health probe and the admin."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import Candidate, Document, DocumentStatus
from candidates.services import document_ingest
from screening.applications import document_upload
from screening.models import Application, Criterion, Lab, LabMembership, RoleProfile, Rubric
from tests.factories import LabFactory, MembershipFactory, UserFactory
from tests.pages import make_role
from tests.pdfs import text_pdf

pytestmark = pytest.mark.django_db


def test_the_home_page_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_signing_in_shows_the_documents_of_the_users_labs_only(client):
    membership = MembershipFactory()
    document_ingest(lab_id=membership.lab_id, content=text_pdf("Mine"), filename="mine.pdf")
    document_ingest(lab_id=LabFactory().pk, content=text_pdf("Theirs"), filename="theirs.pdf")

    response = client.post(
        reverse("login"),
        {"username": membership.user.username, "password": "a-long-test-password"},
        follow=True,
    )

    assert response.status_code == 200
    assert b"mine.pdf" in response.content
    assert b"theirs.pdf" not in response.content
    assert b"Queued" in response.content


def test_a_wrong_password_is_explained(client):
    user = UserFactory()

    response = client.post(reverse("login"), {"username": user.username, "password": "nope"})

    assert response.status_code == 200
    assert b"do not match" in response.content


def test_a_failed_document_shows_its_reason(client):
    membership = MembershipFactory()
    document = document_ingest(
        lab_id=membership.lab_id, content=text_pdf("Ada"), filename="x.pdf"
    ).document
    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.FAILED, error="The file is damaged."
    )
    client.force_login(membership.user)

    response = client.get(reverse("home"))

    assert b"The file is damaged." in response.content


def test_the_health_probe_reports_the_database(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.fixture
def admin_client_with_data(admin_client):
    lab = LabFactory()
    MembershipFactory(lab=lab)
    make_role(lab, "research-scientist-ml")
    document_upload(
        lab=lab, content=text_pdf("A"), filename="a.pdf", role=RoleProfile.objects.get()
    )
    return admin_client


@pytest.mark.parametrize(
    "model", [Lab, LabMembership, RoleProfile, Rubric, Criterion, Application, Candidate, Document]
)
def test_every_model_has_working_admin_pages(admin_client_with_data, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    obj = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])

    assert admin_client_with_data.get(changelist).status_code == 200
    assert admin_client_with_data.get(change).status_code == 200


def test_uploading_in_the_admin_ingests_the_file(admin_client):
    lab = LabFactory()
    upload = SimpleUploadedFile("ada.pdf", text_pdf("Ada"), content_type="application/pdf")

    response = admin_client.post(
        reverse("admin:candidates_document_add"), {"lab": lab.pk, "kind": "", "upload": upload}
    )

    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.lab, document.original_name, document.status) == (lab, "ada.pdf", "queued")
