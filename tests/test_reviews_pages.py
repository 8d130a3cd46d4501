"""Who may open the panel pages and endpoints (labs private: 404; roles: 403), the role nav's
Panel link, and query counts that do not grow with the panel's applicants."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reviews.comments import comment_create
from reviews.conflicts import reviewer_profile_update
from reviews.models import PanelMember
from screening.models import AuditAction, AuditEvent
from tests.panels import degree_of, panel_world, score

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def page_urls(world) -> list[tuple[str, str]]:
    role, candidate = world.role.pk, world.applications[0].candidate_id
    return [
        ("get", reverse("panel", args=[role])),
        ("post", reverse("panel_member_create", args=[role])),
        ("post", reverse("panel_member_delete", args=[role, world.seats["ann"].pk])),
        ("get", reverse("reviewer_profile", args=[role])),
        ("get", reverse("candidate_panel", args=[role, candidate])),
        ("post", reverse("scorecard_post", args=[role, candidate])),
        ("post", reverse("conflict_answer", args=[role, candidate])),
        ("post", reverse("comment_post", args=[role, candidate])),
    ]


def api_urls(world) -> list[tuple[str, str]]:
    base = f"/api/v1/roles/{world.role.pk}"
    candidate = world.applications[0].candidate_id
    return [
        ("get", f"{base}/panel/members/"),
        ("put", f"{base}/panel/members/{world.members['recruiter'].pk}/"),
        ("get", f"{base}/panel/scorecards/"),
        ("post", f"{base}/panel/scorecards/"),
        ("get", f"{base}/panel/agreement/"),
        ("get", f"{base}/panel/conflicts/"),
        ("post", f"{base}/panel/conflicts/answer/"),
        ("get", f"{base}/candidates/{candidate}/comments/"),
        ("post", f"{base}/candidates/{candidate}/comments/"),
    ]


def test_another_labs_members_get_404_from_every_panel_page_and_endpoint(client):
    world = panel_world(applicants=1)
    outsider = panel_world(applicants=0, reviewers=("zed",)).user("zed")
    client.force_login(outsider)
    for method, url in page_urls(world):
        assert getattr(client, method)(url).status_code == 404, url
    for method, url in api_urls(world):
        assert getattr(api(outsider), method)(url, {}, format="json").status_code == 404, url


def test_an_id_past_64_bits_is_not_found_rather_than_a_server_error(client):
    world = panel_world(applicants=1, reviewers=("ann",))
    huge = 2**80
    client.force_login(world.user("ann"))
    assert client.get(reverse("candidate_panel", args=[world.role.pk, huge])).status_code == 404
    base = f"/api/v1/roles/{world.role.pk}"
    for url in (f"{base}/candidates/{huge}/comments/", f"{base}/panel/scorecards/{huge}/"):
        assert api(world.user("ann")).get(url).status_code == 404, url
    for method in ("put", "delete"):
        answer = getattr(api(world.user("manager")), method)(f"{base}/panel/members/{huge}/")
        assert answer.status_code == 404, method


def test_anonymous_visitors_are_sent_to_sign_in(client):
    world = panel_world(applicants=1)
    for method, url in page_urls(world):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"], url


def test_hiring_managers_and_admins_choose_the_reviewers_recruiters_do_not(client):
    world = panel_world(applicants=1, reviewers=("ann",))
    recruiter = world.members["recruiter"]
    create = reverse("panel_member_create", args=[world.role.pk])
    client.force_login(recruiter.user)
    assert client.post(create, {"membership": recruiter.pk}).status_code == 403
    url = f"/api/v1/roles/{world.role.pk}/panel/members/{recruiter.pk}/"
    assert api(recruiter.user).put(url).status_code == 403
    assert api(world.user("admin")).put(url).status_code == 201
    assert api(world.user("admin")).put(url).status_code == 200  # seated already
    assert api(recruiter.user).delete(url).status_code == 403
    assert api(world.user("manager")).delete(url).status_code == 204
    client.force_login(world.user("manager"))
    assert client.post(create, {"membership": recruiter.pk}).status_code == 302
    assert PanelMember.objects.filter(membership=recruiter).exists()
    assert client.post(create, {"membership": 999_999}).status_code == 400
    actions = AuditEvent.objects.values_list("action", flat=True)
    assert list(actions).count(AuditAction.PANEL_MEMBER_ADDED) == 3  # ann + twice recruiter


def test_a_reviewer_who_submitted_stays_on_the_panel(client):
    world = panel_world(applicants=1, reviewers=("ann",))
    score(world, "ann", world.applications[0], [2] * len(world.criteria))
    ann = world.members["ann"]
    url = f"/api/v1/roles/{world.role.pk}/panel/members/{ann.pk}/"
    refused = api(world.user("manager")).delete(url)
    assert refused.status_code == 409
    assert "submitted scorecards" in refused.json()["detail"]
    client.force_login(world.user("manager"))
    client.post(reverse("panel_member_delete", args=[world.role.pk, world.seats["ann"].pk]))
    assert PanelMember.objects.filter(membership=ann).exists()


def test_the_role_nav_links_the_panel_and_the_candidate_page_links_the_review(client):
    world = panel_world(applicants=1, reviewers=())
    client.force_login(world.user("recruiter"))
    page = client.get(reverse("panel", args=[world.role.pk])).content.decode()
    assert f'href="{reverse("panel", args=[world.role.pk])}" aria-current="page">Panel</a>' in page
    assert "Add to the panel" not in page  # recruiters do not choose reviewers


# --- Query counts ---------------------------------------------------------------------------------


def busy_panel(applicants: int):
    """A panel where two reviewers scored every applicant, everyone shares an institution with
    one reviewer, and each applicant has a comment mentioning the other."""
    world = panel_world(applicants=applicants, reviewers=("ann", "bob"))
    for application in world.applications:
        degree_of(application.candidate, "MIT")
    reviewer_profile_update(membership=world.members["bob"], institutions="MIT")
    for index, application in enumerate(world.applications):
        score(world, "ann", application, [index % 5] * len(world.criteria))
        comment_create(application=application, author=world.user("ann"), body="@bob look")
    return world


# Queries per page and endpoint, whatever the number of applicants (session and sign-in
# included); the budgets hold for eight applicants and the counts equal those for two.
BUDGETS = {
    "panel page": 15,
    "review page": 18,
    "members": 3,
    "scorecards": 9,
    "agreement": 7,
    "conflicts": 4,
    "comments": 7,
    "mentions": 6,
}


def counts(applicants: int, client, guard) -> dict[str, int]:
    world = busy_panel(applicants)
    client.force_login(world.user("manager"))
    base = f"/api/v1/roles/{world.role.pk}"
    manager, bob = api(world.user("manager")), api(world.user("bob"))
    candidate = world.applications[0].candidate_id
    calls = {
        "panel page": lambda: client.get(reverse("panel", args=[world.role.pk])),
        "review page": lambda: client.get(
            reverse("candidate_panel", args=[world.role.pk, candidate])
        ),
        "members": lambda: manager.get(f"{base}/panel/members/"),
        "scorecards": lambda: manager.get(f"{base}/panel/scorecards/"),
        "agreement": lambda: manager.get(f"{base}/panel/agreement/"),
        "conflicts": lambda: manager.get(f"{base}/panel/conflicts/"),
        "comments": lambda: manager.get(f"{base}/candidates/{candidate}/comments/"),
        "mentions": lambda: bob.get("/api/v1/mentions/"),
    }
    found = {}
    for name, call in calls.items():
        call()  # the first request of a client to a lab saves its session: not counted
        with guard(BUDGETS[name]) as captured:
            assert call().status_code == 200
        found[name] = len(captured)
    return found


def test_panel_pages_and_endpoints_take_as_many_queries_for_eight_applicants_as_for_two(
    client, django_assert_max_num_queries
):
    few = counts(2, client, django_assert_max_num_queries)
    assert counts(8, client, django_assert_max_num_queries) == few
