"""A role is made by one service, role_create, from the page, the API and the commands: from a
template or from criteria, always with the title its creator gave it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from screening.models import RoleProfile
from screening.rubric_templates import get_template
from screening.services import ROLE_TITLE_MISSING, role_create

pytestmark = pytest.mark.django_db


def test_a_role_from_a_template_has_its_criteria_area_texts_and_the_title_given(manager):
    template = get_template("ml-theory")

    role = role_create(lab=manager.lab, title="  Theory hire ", template="ml-theory")

    assert (role.title, role.template_slug) == ("Theory hire", "ml-theory")
    assert (role.research_area, role.areas) == (template.research_area, list(template.areas))
    rubric = role.current_rubric
    assert (rubric.version, rubric.note) == (1, "From template ml-theory")
    assert [c.name for c in rubric.criteria.all()] == [c.name for c in template.criteria]


@pytest.mark.parametrize("title", ["", "   "])
def test_a_role_without_a_title_is_refused_by_the_service_the_page_and_the_api(
    client, manager_api, manager, title
):
    with pytest.raises(ValidationError) as refused:
        role_create(lab=manager.lab, title=title, template="ml-theory")
    page = client.post(reverse("role_new"), {"title": title, "template": "ml-theory"})
    given = manager_api.post(
        "/api/v1/roles/",
        {"lab": manager.lab.pk, "title": title, "template": "ml-theory"},
        format="json",
    )
    left_out = manager_api.post(
        "/api/v1/roles/", {"lab": manager.lab.pk, "template": "ml-theory"}, format="json"
    )

    assert refused.value.message_dict == {"title": [ROLE_TITLE_MISSING]}
    assert page.status_code == 400
    assert page.context["form"].errors["title"] == [ROLE_TITLE_MISSING]
    for response in (given, left_out):
        assert response.status_code == 400
        assert response.json()["errors"] == {"title": [ROLE_TITLE_MISSING]}
    assert not RoleProfile.objects.exists()


def test_a_role_needs_criteria_or_a_template(manager_api, manager):
    response = manager_api.post(
        "/api/v1/roles/", {"lab": manager.lab.pk, "title": "Hire"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "criteria": ["Give the rubric's criteria, or a template to start from."]
    }
    assert not RoleProfile.objects.exists()
