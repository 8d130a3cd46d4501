"""A role's life: edited (never to an empty title), closed (no new applicants or documents on
any channel), reopened and archived (hidden from the roles page, read-only), on the pages and
the API, by editors only."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from candidates.models import Document
from screening.api.tokens import token_create
from screening.applications import ROLE_NOT_OPEN, RoleNotOpen, application_create, documents_upload
from screening.models import (
    ROLE_ARCHIVED,
    AuditAction,
    AuditEvent,
    LabRole,
    RoleProfile,
    RoleStatus,
)
from screening.rubric_templates import get_template
from screening.services import (
    ROLE_TITLE_MISSING,
    role_archive,
    role_close,
    role_reopen,
    role_update,
    rubric_revise,
)
from tests.api_support import zip_of
from tests.factories import CandidateFactory
from tests.pages import make_role, member
from tests.pdfs import text_pdf

pytestmark = pytest.mark.django_db

CLOSED = ROLE_NOT_OPEN[RoleStatus.CLOSED]


def api_of(membership) -> APIClient:
    api = APIClient()
    key = token_create(user=membership.user, name="t").key
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return api


def roles_shown(response) -> list[str]:
    return [role.title for role in response.context["roles"]]


# --- Services ---------------------------------------------------------------------------


def test_closing_reopening_and_archiving_keep_their_time_and_are_audited(manager):
    role = make_role(manager.lab)

    role_close(role=role, actor=manager.user, channel="web")
    assert (role.status, role.closed_at is not None) == (RoleStatus.CLOSED, True)
    role_reopen(role=role, actor=manager.user, channel="web")
    role_archive(role=role, actor=manager.user, channel="api")

    stored = RoleProfile.objects.get(pk=role.pk)
    assert stored.status == RoleStatus.ARCHIVED
    assert stored.archived_at is not None
    assert stored.closed_at is not None
    trail = AuditEvent.objects.filter(target_type="role", target_id=role.pk).order_by("id")
    assert [(e.action, e.detail, e.channel) for e in trail if e.action != "rubric.changed"] == [
        (AuditAction.ROLE_CLOSED, {"from": "open", "to": "closed"}, "web"),
        (AuditAction.ROLE_REOPENED, {"from": "closed", "to": "open"}, "web"),
        (AuditAction.ROLE_ARCHIVED, {"from": "open", "to": "archived"}, "api"),
    ]


def test_a_status_already_held_changes_nothing(manager):
    role = make_role(manager.lab)
    role_close(role=role)
    events = AuditEvent.objects.count()

    role_close(role=role)

    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("title", ["", "   "])
def test_an_edit_to_an_empty_title_is_refused(manager, title):
    role = make_role(manager.lab)

    with pytest.raises(ValidationError) as refused:
        role_update(role=role, changes={"title": title})

    assert refused.value.message_dict == {"title": [ROLE_TITLE_MISSING]}
    assert RoleProfile.objects.get(pk=role.pk).title == get_template("research-scientist-ml").title


def test_an_edit_is_audited_with_the_fields_changed(manager):
    role = make_role(manager.lab)

    role_update(role=role, changes={"title": " Senior hire ", "research_area": "RL."})

    stored = RoleProfile.objects.get(pk=role.pk)
    assert (stored.title, stored.research_area) == ("Senior hire", "RL.")
    event = AuditEvent.objects.get(action=AuditAction.ROLE_CHANGED)
    assert event.detail == {"fields": ["research_area", "title"]}


def test_an_archived_role_refuses_edits_and_rubric_versions(manager):
    role = make_role(manager.lab)
    role_archive(role=role)

    with pytest.raises(ValidationError, match="archived"):
        role_update(role=role, changes={"title": "Renamed"})
    with pytest.raises(ValidationError, match="archived"):
        rubric_revise(role=role, criteria=get_template("ai-safety").criteria, based_on=None)
    with pytest.raises(ValidationError, match="archived"):
        role_close(role=role)
    assert role.rubrics.count() == 1


@pytest.mark.parametrize("close", [role_close, role_archive])
def test_a_role_not_open_takes_no_documents_or_applicants(manager, close):
    role = make_role(manager.lab)
    close(role=role)

    with pytest.raises(RoleNotOpen):
        documents_upload(lab=manager.lab, sources=[], role=role)
    with pytest.raises(RoleNotOpen):
        application_create(role=role, candidate=CandidateFactory(lab=manager.lab))
    assert not role.applications.exists()


# --- Uploads on every channel -------------------------------------------------------------


def test_the_upload_page_refuses_a_closed_role_and_says_so(client, manager):
    role = make_role(manager.lab)
    role_close(role=role)

    page = client.get(reverse("role_upload", args=[role.pk]))
    posted = client.post(
        reverse("role_upload", args=[role.pk]),
        {"files": [SimpleUploadedFile("cv.pdf", text_pdf("Ada"))]},
    )

    assert "takes no new applicants or documents" in page.content.decode()
    assert b'enctype="multipart/form-data"' not in page.content
    assert posted.status_code == 409
    assert posted.context["form"].non_field_errors() == [CLOSED]
    assert not Document.objects.exists()


def test_the_api_refuses_uploads_to_a_closed_role(manager, manager_api):
    role = make_role(manager.lab)
    role_close(role=role)

    single = manager_api.post(
        "/api/v1/documents/",
        {"file": SimpleUploadedFile("cv.pdf", text_pdf("Ada")), "lab": manager.lab.pk,
         "role": role.pk},
        format="multipart",
    )  # fmt: skip
    batch = manager_api.post(
        "/api/v1/documents/batch/",
        {"file": SimpleUploadedFile("b.zip", zip_of({"b.pdf": text_pdf("B")})),
         "lab": manager.lab.pk, "role": role.pk},
        format="multipart",
    )  # fmt: skip
    applicant = manager_api.post(
        "/api/v1/applications/",
        {"role": role.pk, "candidate": CandidateFactory(lab=manager.lab).pk},
        format="json",
    )

    for response in (single, batch, applicant):
        assert response.status_code == 409, response.content
        assert response.json()["detail"] == CLOSED
    assert not Document.objects.exists()


def test_the_ingest_command_refuses_a_closed_role(manager, tmp_path):
    role = make_role(manager.lab)
    role_close(role=role)
    cv = tmp_path / "ada__cv.pdf"
    cv.write_bytes(text_pdf("Ada"))

    with pytest.raises(CommandError, match="closed"):
        call_command(
            "ingest", str(cv), "--lab", manager.lab.slug, "--role", str(role.pk),
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
    assert not Document.objects.exists()


def test_a_reopened_role_takes_uploads_again(manager):
    role = make_role(manager.lab)
    role_close(role=role)
    role_reopen(role=role)

    documents_upload(lab=manager.lab, sources=[], role=role)  # no refusal


# --- The roles page -------------------------------------------------------------------------


def test_the_roles_page_hides_archived_roles_unless_asked(client, manager):
    kept = make_role(manager.lab)
    closed = make_role(manager.lab, "ai-safety")
    gone = make_role(manager.lab, "ml-theory")
    role_close(role=closed)
    role_archive(role=gone)

    default = client.get(reverse("home"))
    archived = client.get(reverse("home"), {"status": "archived"})
    everything = client.get(reverse("home"), {"status": "all"})
    only_open = client.get(reverse("home"), {"status": "open"})

    assert sorted(roles_shown(default)) == sorted([kept.title, closed.title])
    assert roles_shown(archived) == [gone.title]
    assert sorted(roles_shown(everything)) == sorted([kept.title, closed.title, gone.title])
    assert roles_shown(only_open) == [kept.title]
    assert "Closed" in default.content.decode()


def test_the_roles_page_filters_by_title(client, manager):
    make_role(manager.lab)
    safety = make_role(manager.lab, "ai-safety")

    response = client.get(reverse("home"), {"q": "safety"})

    assert roles_shown(response) == [safety.title]
    assert client.get(reverse("home"), {"q": "nothing like it"}).context["roles"].count() == 0


# --- The edit page ------------------------------------------------------------------------


def test_an_editor_renames_a_role_on_its_edit_page(client, manager):
    role = make_role(manager.lab)

    response = client.post(
        reverse("role_edit", args=[role.pk]),
        {"title": "Research Scientist, RL", "research_area": "Reinforcement learning."},
    )

    assert response.status_code == 302
    stored = RoleProfile.objects.get(pk=role.pk)
    assert (stored.title, stored.research_area) == (
        "Research Scientist, RL",
        "Reinforcement learning.",
    )


@pytest.mark.parametrize("title", ["", "   "])
def test_the_edit_page_refuses_an_empty_title(client, manager, title):
    role = make_role(manager.lab)

    response = client.post(reverse("role_edit", args=[role.pk]), {"title": title})

    assert response.status_code == 400
    assert response.context["form"].errors["title"] == [ROLE_TITLE_MISSING]
    assert RoleProfile.objects.get(pk=role.pk).title == role.title


def test_an_editor_closes_reopens_and_archives_a_role_on_its_edit_page(client, manager):
    role = make_role(manager.lab)
    url = reverse("role_status", args=[role.pk])

    for action, status in (("close", "closed"), ("reopen", "open"), ("archive", "archived")):
        assert client.post(url, {"action": action}).status_code == 302
        assert RoleProfile.objects.get(pk=role.pk).status == status
    page = client.get(reverse("role_edit", args=[role.pk]))
    assert "read-only" in page.content.decode()
    assert client.post(url, {"action": "dance"}).status_code == 302
    assert RoleProfile.objects.get(pk=role.pk).status == "archived"


@pytest.mark.parametrize("view", ["role_edit", "role_status"])
def test_recruiters_cannot_edit_or_close_a_role_and_other_labs_do_not_see_it(client, view):
    recruiter = member(LabRole.RECRUITER)
    role = make_role(recruiter.lab)
    outsider = member(LabRole.ADMIN)

    client.force_login(recruiter.user)
    assert client.post(reverse(view, args=[role.pk]), {"action": "close"}).status_code == 403
    client.force_login(outsider.user)
    assert client.post(reverse(view, args=[role.pk]), {"action": "close"}).status_code == 404
    assert client.get(reverse("role_edit", args=[role.pk])).status_code == 404
    assert RoleProfile.objects.get(pk=role.pk).status == RoleStatus.OPEN


# --- The API ------------------------------------------------------------------------------


def test_the_api_closes_and_archives_a_role_and_lists_by_status(manager, manager_api):
    role = make_role(manager.lab)
    other = make_role(manager.lab, "ai-safety")

    closed = manager_api.patch(f"/api/v1/roles/{role.pk}/", {"status": "closed"}, format="json")
    listed = manager_api.get("/api/v1/roles/", {"status": "closed"}).json()
    archived = manager_api.patch(
        f"/api/v1/roles/{other.pk}/", {"status": "archived", "title": "Old"}, format="json"
    )

    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    assert closed.json()["closed_at"]
    assert [r["id"] for r in listed["results"]] == [role.pk]
    assert archived.json()["title"] == "Old"
    assert archived.json()["status"] == "archived"
    assert manager_api.get("/api/v1/roles/", {"status": "gone"}).status_code == 400


def test_the_api_refuses_an_edit_to_an_archived_role_but_reopens_and_edits_at_once(
    manager, manager_api
):
    role = make_role(manager.lab)
    role_archive(role=role)
    url = f"/api/v1/roles/{role.pk}/"

    refused = manager_api.patch(url, {"title": "Renamed"}, format="json")
    reopened = manager_api.patch(url, {"title": "Renamed", "status": "open"}, format="json")

    assert refused.status_code == 409
    assert refused.json()["detail"] == ROLE_ARCHIVED
    assert reopened.status_code == 200
    assert (reopened.json()["title"], reopened.json()["status"]) == ("Renamed", "open")


def test_the_api_refuses_an_empty_title(manager, manager_api):
    role = make_role(manager.lab)

    response = manager_api.patch(f"/api/v1/roles/{role.pk}/", {"title": "  "}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"title": [ROLE_TITLE_MISSING]}


def test_recruiters_cannot_change_a_roles_status_through_the_api():
    recruiter = member(LabRole.RECRUITER)
    role = make_role(recruiter.lab)

    response = api_of(recruiter).patch(
        f"/api/v1/roles/{role.pk}/", {"status": "closed"}, format="json"
    )

    assert response.status_code == 403
    assert RoleProfile.objects.get(pk=role.pk).status == RoleStatus.OPEN
