"""The same invalid rubric is refused with the same message by every channel that edits one.

The rules of a rubric live once, in ``screening.services.rubric_revise``: the editor's page and
the API (a new rubric version, a new role with its criteria) only parse input and call it, so
they cannot disagree. The admin shows rubric versions and edits none; no command edits rubrics.
"""

from __future__ import annotations

import html
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from screening.criteria import (
    LEVEL_TEXT_CHARS,
    LEVEL_TEXT_TOO_LONG,
    MAX_CRITERIA,
    NO_CRITERIA,
    NO_WEIGHT,
    TOO_MANY_CRITERIA,
)
from screening.models import RoleProfile
from screening.rubric_templates import TEMPLATES
from screening.services import RubricConflict, rubric_revise
from tests.pages import make_role

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
VALID = list(TEMPLATES["research-scientist-ml"].criteria)
FIRST = VALID[0]
TOO_LONG = replace(
    FIRST, levels=(*FIRST.levels[:2], "x" * (LEVEL_TEXT_CHARS + 1), *FIRST.levels[3:])
)

INVALID = {
    "no criteria": ([], NO_CRITERIA),
    "weights all zero": ([replace(c, weight=0) for c in VALID], NO_WEIGHT),
    "too many criteria": ([FIRST] * (MAX_CRITERIA + 1), TOO_MANY_CRITERIA),
    "a level text too long": ([TOO_LONG, *VALID[1:]], LEVEL_TEXT_TOO_LONG),
}
STALE = "The rubric changed since version 1: the current version is 2. Read it again and re-apply"


@pytest.fixture
def role(manager):
    return make_role(manager.lab)


def page_refusal(client, role, criteria, *, based_on: int, action="save") -> tuple[int, str]:
    """The rubric editor's answer to saving (or previewing) ``criteria``, as a browser posts."""
    data = {
        "action": action,
        "form-TOTAL_FORMS": str(len(criteria)),
        "form-INITIAL_FORMS": "0",
        "research_area": role.research_area,
        "note": "",
        "job_description": "",
        "based_on": str(based_on),
    }
    for index, criterion in enumerate(criteria):
        for key, value in criterion.to_form_initial().items():
            if value is not False:
                data[f"form-{index}-{key}"] = value
    response = client.post(reverse("rubric_edit", args=[role.pk]), data)
    return response.status_code, html.unescape(response.content.decode())


def api_rubric_refusal(manager_api, role, criteria, *, based_on: int) -> tuple[int, str]:
    """The API's answer to POSTing ``criteria`` as the role's next rubric version."""
    body = {"criteria": [c.to_json() for c in criteria], "based_on_version": based_on}
    response = manager_api.post(f"{V1}/roles/{role.pk}/rubrics/", body, format="json")
    return response.status_code, response.json()["detail"]


def api_role_refusal(manager_api, lab, criteria) -> tuple[int, str]:
    """The API's answer to creating a role with ``criteria`` as its first rubric version."""
    body = {
        "lab": lab.pk,
        "title": "Research Engineer",
        "criteria": [c.to_json() for c in criteria],
    }
    response = manager_api.post(f"{V1}/roles/", body, format="json")
    return response.status_code, response.json()["detail"]


@pytest.mark.parametrize(("criteria", "message"), INVALID.values(), ids=INVALID)
def test_an_invalid_rubric_is_refused_with_one_message_by_the_service_the_page_and_the_api(
    client, manager_api, manager, role, criteria, message
):
    with pytest.raises(ValidationError) as refused:
        rubric_revise(role=role, criteria=criteria, based_on=1)
    page_status, page_text = page_refusal(client, role, criteria, based_on=1)
    preview_status, preview_text = page_refusal(
        client, role, criteria, based_on=1, action="preview"
    )
    api_status, api_text = api_rubric_refusal(manager_api, role, criteria, based_on=1)
    new_role_status, new_role_text = api_role_refusal(manager_api, manager.lab, criteria)

    assert refused.value.messages == [message]
    assert (page_status, preview_status, api_status, new_role_status) == (400, 400, 400, 400)
    for text in (page_text, preview_text, api_text, new_role_text):
        assert message in text
    assert role.rubrics.count() == 1
    assert RoleProfile.objects.count() == 1


def test_an_edit_of_a_version_a_colleague_replaced_is_refused_by_every_channel(
    client, manager_api, role
):
    rubric_revise(role=role, criteria=VALID[:3], based_on=1, note="a colleague's edit")

    with pytest.raises(RubricConflict) as refused:
        rubric_revise(role=role, criteria=VALID, based_on=1)
    page_status, page_text = page_refusal(client, role, VALID, based_on=1)
    api_status, api_text = api_rubric_refusal(manager_api, role, VALID, based_on=1)

    assert str(refused.value).startswith(STALE)
    assert (page_status, api_status) == (409, 409)
    assert STALE in page_text
    assert STALE in api_text
    assert list(role.rubrics.values_list("version", "note")) == [
        (2, "a colleague's edit"),
        (1, "From template research-scientist-ml"),
    ]


def test_the_apis_criterion_edits_are_refused_in_the_same_words(manager_api, role):
    rubric_revise(role=role, criteria=[FIRST] * MAX_CRITERIA, based_on=1)
    url = f"{V1}/roles/{role.pk}/criteria/"
    first = role.current_rubric.criteria.first()

    added = manager_api.post(url, FIRST.to_json(), format="json")
    changed = manager_api.patch(
        f"{url}{first.pk}/", {"levels": list(TOO_LONG.levels)}, format="json"
    )

    assert (added.status_code, changed.status_code) == (400, 400)
    assert added.json()["detail"] == TOO_MANY_CRITERIA
    assert LEVEL_TEXT_TOO_LONG in changed.json()["detail"]
    assert role.rubrics.count() == 2


def test_the_admin_shows_rubric_versions_and_edits_none(admin_client, role):
    rubric = role.current_rubric
    criterion = rubric.criteria.first()
    change = reverse("admin:screening_criterion_change", args=[criterion.pk])

    shown = admin_client.get(change)
    posted = admin_client.post(change, {"name": criterion.name, "weight": 0})

    assert shown.status_code == 200
    assert "Change criterion" not in shown.content.decode()  # a view, not a form
    assert posted.status_code == 403
    assert admin_client.get(reverse("admin:screening_rubric_add")).status_code == 403
    assert admin_client.get(reverse("admin:screening_criterion_add")).status_code == 403
    criterion.refresh_from_db()
    assert criterion.weight == FIRST.weight
