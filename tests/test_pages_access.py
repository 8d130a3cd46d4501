"""Who may open which page: sign-in, labs are private (404), roles limit what members do (403)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from screening.models import LabMembership, LabRole
from tests.factories import LabFactory
from tests.pages import assessed_role, make_role, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_lab_objects():
    """A role, candidate and document in a lab the signed-in user is not a member of."""
    role, people = assessed_role(LabFactory(), count=2)
    candidate = people[0]
    return role, candidate, candidate.documents.get(kind="cv")


def role_urls(role, candidate, document) -> list[tuple[str, str]]:
    return [
        ("get", reverse("role_detail", args=[role.pk])),
        ("get", reverse("role_csv", args=[role.pk])),
        ("get", reverse("role_upload", args=[role.pk])),
        ("post", reverse("role_upload", args=[role.pk])),
        ("get", reverse("role_progress", args=[role.pk])),
        ("get", reverse("compare", args=[role.pk]) + f"?c={candidate.pk}"),
        ("get", reverse("rubric_edit", args=[role.pk])),
        ("post", reverse("role_blind", args=[role.pk])),
        ("get", reverse("decisions", args=[role.pk])),
        ("post", reverse("learn", args=[role.pk])),
        ("get", reverse("candidate_detail", args=[role.pk, candidate.pk])),
        ("post", reverse("decision_create", args=[role.pk, candidate.pk])),
        ("get", reverse("role_edit", args=[role.pk])),
        ("post", reverse("role_status", args=[role.pk])),
        ("post", reverse("shortlist_action", args=[role.pk])),
        ("post", reverse("stage_move", args=[role.pk, candidate.pk])),
        ("get", reverse("document_page", args=[document.pk, 1])),
        ("get", reverse("document_page_image", args=[document.pk, 1])),
    ]


def test_every_page_asks_anonymous_visitors_to_sign_in(client, other_lab_objects):
    urls = [("get", reverse("home")), ("get", reverse("role_new"))]
    urls.append(("post", reverse("blind_toggle")))
    for method, url in urls + role_urls(*other_lab_objects):
        response = getattr(client, method)(url)

        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_another_labs_roles_candidates_and_documents_are_not_found(client, other_lab_objects):
    outsider = member(LabRole.ADMIN)
    client.force_login(outsider.user)

    for method, url in role_urls(*other_lab_objects):
        response = getattr(client, method)(url)

        assert response.status_code == 404, url
        assert b"Not found" in response.content


def test_a_candidate_of_another_role_is_not_found_in_this_one(client):
    recruiter = member()
    _, people = assessed_role(recruiter.lab, count=1)
    elsewhere = make_role(recruiter.lab, "research-engineer")
    client.force_login(recruiter.user)

    response = client.get(reverse("candidate_detail", args=[elsewhere.pk, people[0].pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "rubric_edit"),
        ("post", "rubric_edit"),
        ("post", "role_blind"),
        ("post", "learn"),
        ("get", "role_edit"),
        ("post", "role_edit"),
        ("post", "role_status"),
    ],
)
def test_recruiters_cannot_edit_rubrics_or_role_settings(client, method, name):
    recruiter = member(LabRole.RECRUITER)
    role = make_role(recruiter.lab)
    client.force_login(recruiter.user)

    response = getattr(client, method)(reverse(name, args=[role.pk]))

    assert response.status_code == 403
    assert b"Not allowed" in response.content
    assert b"hiring managers" in response.content


def test_recruiters_cannot_create_roles(client):
    recruiter = member(LabRole.RECRUITER)
    client.force_login(recruiter.user)

    assert client.get(reverse("role_new")).status_code == 403
    assert client.post(reverse("role_new"), {"template": "ml-theory"}).status_code == 403


@pytest.mark.parametrize("lab_role", [LabRole.HIRING_MANAGER, LabRole.ADMIN])
def test_hiring_managers_and_admins_edit_rubrics(client, lab_role):
    editor = member(lab_role)
    role = make_role(editor.lab)
    client.force_login(editor.user)

    assert client.get(reverse("rubric_edit", args=[role.pk])).status_code == 200


def test_navigation_shows_only_what_the_members_role_allows(client):
    recruiter = member(LabRole.RECRUITER)
    role = make_role(recruiter.lab)
    manager = member(LabRole.HIRING_MANAGER, lab=recruiter.lab)
    edit_link = reverse("rubric_edit", args=[role.pk]).encode()
    role_link = reverse("role_edit", args=[role.pk]).encode()

    client.force_login(recruiter.user)
    as_recruiter = client.get(reverse("role_detail", args=[role.pk])).content
    client.force_login(manager.user)
    as_manager = client.get(reverse("role_detail", args=[role.pk])).content

    assert edit_link not in as_recruiter
    assert role_link not in as_recruiter
    assert reverse("role_new").encode() not in as_recruiter
    assert edit_link in as_manager
    assert role_link in as_manager
    assert reverse("role_new").encode() in as_manager


def test_the_lab_switcher_shows_the_chosen_labs_roles_only(client):
    first = member(LabRole.RECRUITER)
    second = LabMembership.objects.create(user=first.user, lab=LabFactory(name="Zeta Lab"))
    make_role(first.lab, "ml-theory")
    make_role(second.lab, "ai-safety")
    client.force_login(first.user)

    before = client.get(reverse("home")).content.decode()
    switched = client.post(reverse("lab_switch"), {"lab": second.lab.slug})
    after = client.get(reverse("home")).content.decode()

    assert "Machine Learning Theory Researcher" in before
    assert "AI Safety Researcher" not in before
    assert switched.status_code == 302
    assert "AI Safety Researcher" in after
    assert "Machine Learning Theory Researcher" not in after


def test_switching_to_a_lab_one_is_not_in_is_not_found(client):
    recruiter = member()
    client.force_login(recruiter.user)

    assert client.post(reverse("lab_switch"), {"lab": LabFactory().slug}).status_code == 404


def test_a_user_without_a_lab_is_told_what_to_do(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert b"not a member of any lab" in response.content
