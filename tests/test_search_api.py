"""Search in the API: ``GET /api/v1/search/`` and ``?q=`` on a role's shortlist find what the
documents say, with the quote; in the caller's labs only, blind when they must be, at a fixed
cost."""

from __future__ import annotations

import pytest

from screening.models import Application, LabRole
from search.index import MAX_QUERY_CHARS, index_candidate
from tests.api_support import build_world
from tests.factories import MembershipFactory
from tests.search_support import read_candidate, say_on_page_one

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
SEARCH = f"{V1}/search/"


@pytest.fixture
def world():
    world = build_world()
    for application in Application.objects.filter(role=world.role):
        index_candidate(application.candidate)
    world.ada = read_candidate(
        world.lab,
        name="Ada Lovelace",
        email="ada@example.org",
        pages=["Ada Lovelace, ada@example.org\nDeep learning for hydrology, with PyTorch."],
        papers=[("Deep learning for hydrology", "Water Resources Research")],
        role=world.role,
    )
    read_candidate(world.other_lab, name="Far Away", pages=["Hydrology and PyTorch, elsewhere."])
    return world


def test_the_search_finds_what_documents_say_with_the_quote_and_its_page(world):
    answer = world.client("recruiter").get(SEARCH, {"q": "hydrology"}).json()

    assert answer["lab"] == world.lab.pk
    assert answer["count"] == 1
    [hit] = answer["results"]
    assert hit["candidate"] == world.ada.pk
    assert hit["name"] == "Ada Lovelace"
    assert hit["blind"] is False
    assert "<mark>hydrology</mark>" in hit["match"]["quote"]
    assert hit["match"]["document"] == world.ada.documents.get().pk
    assert hit["match"]["page"] == 1
    assert hit["roles"] == [{"id": world.role.pk, "title": world.role.title}]


def test_a_role_narrows_the_search_to_its_applicants(world):
    client = world.client("manager")

    found = client.get(SEARCH, {"q": "hydrology", "role": world.role.pk}).json()
    other = read_candidate(world.lab, name="Not applied", pages=["hydrology"])
    everyone = client.get(SEARCH, {"q": "hydrology"}).json()

    assert [h["candidate"] for h in found["results"]] == [world.ada.pk]
    assert {h["candidate"] for h in everyone["results"]} == {world.ada.pk, other.pk}


def test_no_hit_comes_from_another_lab_and_its_ids_are_not_found(world):
    outsider = world.client("outsider")
    mine = outsider.get(SEARCH, {"q": "hydrology"}).json()
    theirs = [h["candidate"] for h in mine["results"]]

    assert world.ada.pk not in theirs
    assert mine["lab"] == world.other_lab.pk
    for name, pk in (("role", world.role.pk), ("lab", world.lab.pk)):
        refused = outsider.get(SEARCH, {"q": "hydrology", name: pk})
        assert refused.status_code == 404
        assert refused.json()["detail"] == f"No such {name}."


def test_a_blind_view_neither_matches_nor_shows_names_and_emails(world):
    client = world.client("manager")

    assert client.get(SEARCH, {"q": "Lovelace", "view": "blind"}).json()["count"] == 0
    [hit] = client.get(SEARCH, {"q": "pytorch hydrology", "view": "blind"}).json()["results"]

    assert hit["blind"] is True
    assert hit["name"] == f"Candidate #{world.ada.pk}"
    assert "Lovelace" not in str(hit)
    assert "ada@example.org" not in str(hit)


def test_a_recruiter_gets_the_blind_view_of_a_role_that_requires_it(world):
    world.role.blind_review = True
    world.role.save()

    recruiter = world.client("recruiter").get(SEARCH, {"q": "Lovelace"}).json()
    manager = world.client("manager").get(SEARCH, {"q": "Lovelace"}).json()

    assert recruiter["count"] == 0
    assert manager["count"] == 1


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({}, "q", "This field is required."),
        ({"q": ""}, "q", "This field is required."),
        ({"q": "   "}, "q", "This field may not be blank."),
        ({"q": "x" * 10_000}, "q", f"no more than {MAX_QUERY_CHARS} characters"),
        ({"q": "a", "limit": 0}, "limit", "greater than or equal to 1"),
        ({"q": "a", "limit": 101}, "limit", "less than or equal to 100"),
        ({"q": "a", "sort": "rank"}, "sort", "Unknown field."),
        ({"q": "a", "role": "x"}, "role", "A valid integer is required."),
    ],
)
def test_bad_searches_are_refused_with_the_field_and_why(world, params, field, message):
    response = world.client("recruiter").get(SEARCH, params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert message in " ".join(response.json()["errors"][field])


@pytest.mark.parametrize("query", ['"', "()", "NEAR(a b)", "*", "-", "-hydrology", "😀", "'--"])
def test_hostile_searches_answer_normally(world, query):
    response = world.client("recruiter").get(SEARCH, {"q": query})

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_empty_parameters_are_no_parameters(world):
    answer = world.client("recruiter").get(SEARCH, {"q": "hydrology", "role": "", "limit": ""})

    assert answer.status_code == 200
    assert answer.json()["role"] is None


def test_a_member_of_several_labs_says_which(world):
    MembershipFactory.create(user=world.users["manager"], lab=world.other_lab, role=LabRole.ADMIN)
    client = world.client("manager")

    refused = client.get(SEARCH, {"q": "hydrology"})
    chosen = client.get(SEARCH, {"q": "hydrology", "lab": world.other_lab.pk})

    assert refused.status_code == 400
    assert "several labs" in refused.json()["errors"]["lab"][0]
    assert chosen.json()["lab"] == world.other_lab.pk
    assert chosen.json()["count"] == 1


def test_anonymous_callers_are_refused(world):
    assert world.client(None).get(SEARCH, {"q": "hydrology"}).status_code == 401


# Token; memberships (blind view); the user's labs; the matches, the roles requiring blind
# review, the quotes, the candidates and their roles.
SEARCH_QUERIES = 8


def test_the_search_costs_the_same_queries_for_1_or_7_hits(world, django_assert_num_queries):
    client = world.client("recruiter")
    client.get(f"{V1}/labs/")  # the token's first use is written down once

    for count in (1, 7):
        while len(client.get(SEARCH, {"q": "hydrology"}).json()["results"]) < count:
            read_candidate(world.lab, name="More", pages=["hydrology"], role=world.role)
        with django_assert_num_queries(SEARCH_QUERIES):
            assert client.get(SEARCH, {"q": "hydrology"}).json()["count"] == count


# --- ?q= on the shortlist ----------------------------------------------------------------------


def shortlist(client, world, **params):
    return client.get(f"{V1}/roles/{world.role.pk}/shortlist/", params)


def test_the_shortlist_s_q_finds_content_and_gives_each_row_its_match(world):
    say_on_page_one(world.candidate, "Flood forecasting with zymurgical ensembles.")
    client = world.client("recruiter")

    rows = shortlist(client, world, q="zymurgical").json()["results"]
    everyone = shortlist(client, world).json()["results"]
    by_name = shortlist(client, world, q=world.candidate.name).json()["results"]

    assert [r["candidate"]["id"] for r in rows] == [world.candidate.pk]
    assert "<mark>zymurgical</mark>" in rows[0]["match"]["quote"]
    assert rows[0]["match"]["page"] == 1
    assert all(r["match"] is None for r in everyone)
    assert world.candidate.pk in [r["candidate"]["id"] for r in by_name]


def test_the_shortlist_s_q_is_blind_for_a_blind_view(world):
    name = world.candidate.name
    say_on_page_one(world.candidate, f"{name} built zymurgical ensembles.")
    client = world.client("manager")

    surname = name.split()[-1]
    assert shortlist(client, world, q=surname, view="blind").json()["results"] == []
    [row] = shortlist(client, world, q="zymurgical", view="blind").json()["results"]
    assert surname not in str(row)
    assert "[hidden] built <mark>zymurgical</mark>" in row["match"]["quote"]


def test_a_too_long_shortlist_q_is_refused(world):
    response = shortlist(world.client("recruiter"), world, q="x" * 10_000)

    assert response.status_code == 400
    assert "q" in response.json()["errors"]
