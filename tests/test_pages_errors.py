"""Error pages (404, 403, 500) and creating a role: clear words, never a stack trace."""

from __future__ import annotations

import pytest
from django.urls import path, reverse

from screening.models import LabRole, RoleProfile
from screening.urls import urlpatterns as page_urls
from tests.pages import member

pytestmark = pytest.mark.django_db


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [*page_urls, path("broken/", broken)]


def test_an_unknown_address_gets_the_not_found_page(client):
    client.force_login(member().user)

    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert b"Not found" in response.content
    assert b"Back to your roles" in response.content


@pytest.mark.urls("tests.test_pages_errors")
def test_a_server_error_gets_a_calm_page_without_details(client):
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
    assert b"a bug" not in response.content
    assert b"Traceback" not in response.content


def test_a_forbidden_action_says_why(client):
    recruiter = member(LabRole.RECRUITER)
    client.force_login(recruiter.user)

    response = client.get(reverse("role_new"))

    assert response.status_code == 403
    assert b"Only hiring managers and lab admins create roles." in response.content


def test_a_hiring_manager_creates_a_role_from_a_template(client):
    manager = member(LabRole.HIRING_MANAGER)
    client.force_login(manager.user)

    form = client.get(reverse("role_new"))
    response = client.post(reverse("role_new"), {"title": "Theory hire", "template": "ml-theory"})

    assert b"Machine Learning Theory Researcher" in form.content
    role = RoleProfile.objects.get()
    assert (role.lab, role.title, role.template_slug) == (manager.lab, "Theory hire", "ml-theory")
    assert role.current_rubric.version == 1
    assert response["Location"] == reverse("role_detail", args=[role.pk])


def test_an_unknown_template_is_refused_when_creating_a_role(client):
    manager = member(LabRole.HIRING_MANAGER)
    client.force_login(manager.user)

    response = client.post(reverse("role_new"), {"template": "astrology"})

    assert response.status_code == 400
    assert b"Unknown rubric template astrology." in response.content
    assert not RoleProfile.objects.exists()
