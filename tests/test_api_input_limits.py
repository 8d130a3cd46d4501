"""Hostile JSON and query strings get a 400 problem document naming the limit, never a 500:
non-finite and huge numbers, over-deep nesting, ids that are not whole numbers in range, and
strings longer than their column."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from candidates.models import Candidate
from screening.api.serializers.candidates import MAX_EMAIL_LENGTH
from screening.json_input import MAX_DEPTH
from tests.api_support import CRITERION, build_world

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
MAX_ID = 2**63 - 1


@pytest.fixture
def world():
    return build_world(applicants=1)


def post_raw(client, path: str, body: str):
    return client.post(path, body, content_type="application/json")


def problem(response, slug: str) -> dict:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == f"/api/problems/{slug}"
    return body


@pytest.mark.parametrize("number", ["1e999", "-1e999", "1e400", "NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_malformed_json(world, number):
    client = world.client("manager")
    response = post_raw(client, f"{V1}/candidates/", f'{{"lab": {number}}}')

    body = problem(response, "malformed-request")
    assert "number" in body["detail"]


def test_a_decision_on_application_1e400_is_refused(world):
    client = world.client("recruiter")
    body = '{"application": 1e400, "outcome": "advance", "reason": "Strong fit."}'

    problem(post_raw(client, f"{V1}/decisions/", body), "malformed-request")


def test_integers_past_64_bits_are_malformed_json(world):
    client = world.client("manager")
    response = post_raw(client, f"{V1}/candidates/", f'{{"lab": {2**64}}}')

    body = problem(response, "malformed-request")
    assert "64" in body["detail"]


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_nesting_100000_deep_is_malformed_json(world, opening):
    client = world.client("manager")

    body = problem(post_raw(client, f"{V1}/roles/", opening * 100_000), "malformed-request")
    assert "nested" in body["detail"]


def test_thresholds_nested_2000_deep_are_refused(world):
    client = world.client("manager")
    deep = "[" * 2000 + "]" * 2000
    criterion = json.dumps({**CRITERION, "thresholds": {"levels": "DEEP"}}).replace('"DEEP"', deep)

    response = post_raw(client, f"{V1}/roles/{world.role.pk}/criteria/", criterion)

    assert "nested" in problem(response, "malformed-request")["detail"]


def test_nesting_within_the_limit_still_reaches_validation(world):
    client = world.client("manager")
    nested = "[" * (MAX_DEPTH - 3) + "]" * (MAX_DEPTH - 3)
    criterion = json.dumps({**CRITERION, "thresholds": {"levels": "X"}}).replace('"X"', nested)

    response = post_raw(client, f"{V1}/roles/{world.role.pk}/criteria/", criterion)

    assert "thresholds" in problem(response, "validation-error")["errors"]


@pytest.mark.parametrize("lab", ["1.5", '"1.5"', "true", "[1]", '"x"', "0", "-1", str(MAX_ID)])
def test_an_id_is_a_whole_number_in_range_and_nothing_else(world, lab):
    client = world.client("manager")
    value = lab.replace("1", str(world.lab.pk)) if lab in ("1.5", '"1.5"', "[1]") else lab

    response = post_raw(client, f"{V1}/candidates/", f'{{"lab": {value}, "name": "Ada"}}')

    assert problem(response, "validation-error")["errors"]["lab"]
    assert not Candidate.objects.filter(name="Ada").exists()


@pytest.mark.parametrize("spelling", ["{}", "{}.0", '"{}"'])
def test_an_id_as_a_whole_number_is_accepted(world, spelling):
    client = world.client("manager")
    lab = spelling.format(world.lab.pk)  # 7.0 is an integer to JSON Schema; "7" is a form's

    response = post_raw(client, f"{V1}/candidates/", f'{{"lab": {lab}, "name": "Ada"}}')

    assert response.status_code == 201, response.content


def test_an_id_in_a_list_must_be_whole_too(world):
    client = world.client("manager")
    body = f'{{"lab": {world.lab.pk}, "roles": [{world.role.pk}.5]}}'

    assert (
        "roles.0"
        in problem(post_raw(client, f"{V1}/candidates/", body), "validation-error")["errors"]
    )


def test_an_email_longer_than_its_column_is_refused(world):
    client = world.client("manager")
    email = "a" * 64 + "@" + "b" * 63 + "." + "b" * 63 + "." + "b" * 58 + ".org"  # else valid
    assert len(email) == MAX_EMAIL_LENGTH + 1

    response = client.post(
        f"{V1}/candidates/", {"lab": world.lab.pk, "email": email}, format="json"
    )

    assert "email" in problem(response, "validation-error")["errors"]
    candidate = world.candidate
    response = client.patch(f"{V1}/candidates/{candidate.pk}/", {"email": email}, format="json")
    assert "email" in problem(response, "validation-error")["errors"]


@pytest.mark.parametrize(
    "documents", ["9223372036854775808", "99999999999999999999999999", "²", "-2,x,1e5"]
)
def test_the_progress_page_ignores_ids_that_cannot_be_documents(client, world, documents):
    client.force_login(world.users["recruiter"])

    response = client.get(reverse("role_progress", args=[world.role.pk]), {"documents": documents})

    assert response.status_code == 200
    assert response.json()["documents"] == []


def test_the_progress_page_keeps_a_real_id_among_unusable_ones(client, world):
    client.force_login(world.users["recruiter"])
    documents = f"{world.document.pk},-2,x,1e5,9223372036854775808"

    response = client.get(reverse("role_progress", args=[world.role.pk]), {"documents": documents})

    assert response.status_code == 200
    assert [document["id"] for document in response.json()["documents"]] == [world.document.pk]
