"""The admin makes and changes roles through the same services as the pages and the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from screening.models import Assessment, RoleProfile
from screening.rubric_templates import get_template
from tests.factories import LabFactory
from tests.pages import assessed_role

pytestmark = pytest.mark.django_db

NO_INLINES = {"rubrics-TOTAL_FORMS": "0", "rubrics-INITIAL_FORMS": "0"}


def test_a_role_added_in_the_admin_starts_with_its_templates_rubric(admin_client):
    lab = LabFactory.create()

    response = admin_client.post(
        reverse("admin:screening_roleprofile_add"),
        {"lab": lab.pk, "title": "Theory hire", "template": "ml-theory", **NO_INLINES},
    )

    assert response.status_code == 302, response.content
    role = RoleProfile.objects.get(title="Theory hire")
    assert role.template_slug == "ml-theory"
    assert role.research_area == get_template("ml-theory").research_area
    rubric = role.current_rubric
    assert rubric is not None
    assert rubric.criteria.count() == len(get_template("ml-theory").criteria)


def test_a_role_without_a_title_is_refused_in_the_admin(admin_client):
    lab = LabFactory.create()

    response = admin_client.post(
        reverse("admin:screening_roleprofile_add"),
        {"lab": lab.pk, "title": "", "template": "ml-theory", **NO_INLINES},
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not RoleProfile.objects.exists()


def test_an_area_text_changed_in_the_admin_rescores_the_role(admin_client):
    role, _ = assessed_role(LabFactory.create(), count=2)
    assert not Assessment.objects.filter(role=role, stale=True).exists()

    response = admin_client.post(
        reverse("admin:screening_roleprofile_change", args=[role.pk]),
        {
            "lab": role.lab_id,
            "title": role.title,
            "research_area": "Reinforcement learning for robots that herd imaginary sheep.",
            "job_description": role.job_description,
            "areas": '["ml"]',
            **NO_INLINES,
        },
    )

    assert response.status_code == 302, response.content
    role.refresh_from_db()
    assert role.research_area.startswith("Reinforcement learning")
    assert Assessment.objects.filter(role=role, stale=True).count() == 2
