"""The API's resources: labs, roles, rubric versions, criteria, candidates, applications,
assessments with their explanation, the shortlist, decisions, learned weights and tokens."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from candidates.models import Candidate
from screening.api.models import ApiToken
from screening.models import Application, Assessment, Decision, LearnedWeights, RoleProfile, Rubric
from tests.api_support import CRITERION, build_world
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache: each test starts with full budgets."""
    cache.clear()


V1 = "/api/v1"


@pytest.fixture
def world():
    return build_world()


def problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == f"/api/problems/{slug}"
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


# --- Labs ------------------------------------------------------------------------------------


def test_labs_lists_only_the_users_labs_with_their_role(world):
    response = world.client("recruiter").get(f"{V1}/labs/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (lab,) = body["results"]
    assert lab["slug"] == "vision"
    assert lab["my_role"] == "recruiter"
    assert lab["can_edit_rubrics"] is False


def test_an_anonymous_client_is_challenged_with_a_problem(world):
    response = world.client(None).get(f"{V1}/labs/")

    problem(response, 401, "not-authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_or_unknown_token_is_refused(world):
    client = world.client("recruiter")
    ApiToken.objects.update(revoked_at=timezone.now())

    problem(client.get(f"{V1}/labs/"), 401, "authentication-failed")
    client.credentials(HTTP_AUTHORIZATION="Bearer rf_nothing_here")
    problem(client.get(f"{V1}/labs/"), 401, "authentication-failed")


# --- Roles, rubric versions, criteria --------------------------------------------------------


def test_a_hiring_manager_creates_a_role_from_a_template(world):
    response = world.client("manager").post(
        f"{V1}/roles/",
        {
            "lab": world.lab.pk,
            "title": "Engineer",
            "template": "research-engineer",
            "areas": ["ml"],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"].endswith(f"/api/v1/roles/{body['id']}/")
    assert (body["title"], body["template_slug"]) == ("Engineer", "research-engineer")
    assert body["areas"] == ["ml"]
    assert body["current_rubric"]["version"] == 1
    assert len(body["current_rubric"]["criteria"]) >= 3


def test_a_role_can_be_created_with_its_own_criteria(world):
    response = world.client("admin").post(
        f"{V1}/roles/",
        {"lab": world.lab.pk, "title": "Research Engineer", "criteria": [CRITERION]},
        format="json",
    )

    assert response.status_code == 201, response.content
    (criterion,) = response.json()["current_rubric"]["criteria"]
    assert criterion["name"] == "Coding depth"
    assert criterion["levels"] == CRITERION["levels"]


def test_a_recruiter_cannot_create_or_edit_roles(world):
    client = world.client("recruiter")

    body = problem(
        client.post(
            f"{V1}/roles/",
            {"lab": world.lab.pk, "title": "Safety", "template": "ai-safety"},
            format="json",
        ),
        403,
        "permission-denied",
    )
    assert "recruiter" in body["detail"]
    problem(
        client.patch(f"{V1}/roles/{world.role.pk}/", {"title": "x"}, format="json"),
        403,
        "permission-denied",
    )


def test_unknown_fields_and_invalid_values_are_refused_per_field(world):
    response = world.client("manager").post(
        f"{V1}/roles/",
        {"lab": world.lab.pk, "titel": "typo", "criteria": [{**CRITERION, "levels": ["one"]}]},
        format="json",
    )

    body = problem(response, 400, "validation-error")
    assert body["errors"]["titel"] == ["Unknown field."]
    assert "criteria.0.levels" in body["errors"]


def test_malformed_json_and_a_wrong_content_type_are_refused(world):
    client = world.client("manager")

    problem(
        client.post(f"{V1}/roles/", "{not json", content_type="application/json"),
        400,
        "malformed-request",
    )
    problem(
        client.post(f"{V1}/roles/", "title=x", content_type="text/plain"),
        415,
        "unsupported-media-type",
    )


def test_invalid_and_foreign_ids_are_not_found(world):
    client = world.client("recruiter")

    problem(client.get(f"{V1}/roles/{world.other_role.pk}/"), 404, "not-found")
    problem(client.get(f"{V1}/roles/abc/"), 404, "not-found")
    problem(client.get(f"{V1}/roles/99999999999999999999999/"), 404, "not-found")
    body = problem(client.get(f"{V1}/roles"), 404, "not-found")
    assert "trailing slash" in body["detail"]


def test_a_rubric_edit_is_a_new_version_and_marks_assessments_stale(
    world, django_capture_on_commit_callbacks
):
    client = world.client("manager")
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            f"{V1}/roles/{world.role.pk}/rubrics/",
            {"based_on_version": 1, "note": "coding only", "criteria": [CRITERION]},
            format="json",
        )

    assert response.status_code == 201, response.content
    assert response.json()["version"] == 2
    assert response["Location"].endswith(f"/roles/{world.role.pk}/rubrics/2/")
    assert callbacks, "a rescore is queued after the commit"
    assert set(Assessment.objects.filter(role=world.role).values_list("stale", flat=True)) == {True}
    versions = client.get(f"{V1}/roles/{world.role.pk}/rubrics/").json()["results"]
    assert [v["version"] for v in versions] == [2, 1]
    # An edit based on the old version is refused rather than silently overwriting.
    problem(
        client.post(
            f"{V1}/roles/{world.role.pk}/rubrics/",
            {"based_on_version": 1, "criteria": [CRITERION]},
            format="json",
        ),
        409,
        "conflict",
    )


def test_criteria_edits_make_new_versions(world):
    client = world.client("manager")
    base = f"{V1}/roles/{world.role.pk}/criteria/"
    before = client.get(base).json()["count"]

    added = client.post(base, {**CRITERION, "note": "add coding"}, format="json")
    assert added.status_code == 201, added.content
    assert added.json()["version"] == 2
    assert len(added.json()["criteria"]) == before + 1

    first = added.json()["criteria"][0]
    changed = client.patch(f"{base}{first['id']}/", {"weight": 9}, format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["version"] == 3
    assert changed.json()["criteria"][0]["weight"] == 9
    assert changed.json()["criteria"][0]["name"] == first["name"]

    removed = client.delete(f"{base}{changed.json()['criteria'][-1]['id']}/")
    assert removed.status_code == 200, removed.content
    assert len(removed.json()["criteria"]) == before

    # A criterion of an older version can be read but not edited.
    assert client.get(f"{base}{first['id']}/").status_code == 200
    problem(client.patch(f"{base}{first['id']}/", {"weight": 1}, format="json"), 409, "conflict")
    assert Rubric.objects.filter(role=world.role).count() == 4


def test_changing_the_research_area_rescores_the_role(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        response = world.client("manager").patch(
            f"{V1}/roles/{world.role.pk}/", {"research_area": "Robot learning."}, format="json"
        )

    assert response.status_code == 200, response.content
    assert response.json()["research_area"] == "Robot learning."
    assert len(callbacks) == 1
    assert Assessment.objects.filter(role=world.role, stale=False).count() == 0


def test_roles_sync_incrementally_and_support_etags(world):
    client = world.client("recruiter")
    later = timezone.now() + timezone.timedelta(hours=1)

    assert client.get(f"{V1}/roles/", {"updated_since": later.isoformat()}).json()["count"] == 0
    assert client.get(f"{V1}/roles/", {"lab": world.lab.pk}).json()["count"] == 1
    first = client.get(f"{V1}/roles/{world.role.pk}/")
    assert first["ETag"]
    again = client.get(f"{V1}/roles/{world.role.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_templates_are_listed_and_readable(world):
    client = world.client("recruiter")

    slugs = [t["slug"] for t in client.get(f"{V1}/rubric-templates/").json()["results"]]
    assert "research-scientist-ml" in slugs
    template = client.get(f"{V1}/rubric-templates/ai-safety/").json()
    assert template["criteria"][0]["levels"]
    problem(client.get(f"{V1}/rubric-templates/astrology/"), 404, "not-found")


# --- Candidates and applications ---------------------------------------------------------


def test_candidates_are_created_searched_corrected_and_erased(world):
    client = world.client("recruiter")
    created = client.post(
        f"{V1}/candidates/",
        {
            "lab": world.lab.pk,
            "name": "Grace Hopper",
            "email": "grace@example.org",
            "roles": [world.role.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    candidate_id = created.json()["id"]
    assert created.json()["applications"][0]["role"] == world.role.pk

    found = client.get(f"{V1}/candidates/", {"search": "hopper"}).json()
    assert [c["id"] for c in found["results"]] == [candidate_id]

    fixed = client.patch(
        f"{V1}/candidates/{candidate_id}/", {"name": "Grace B. Hopper"}, format="json"
    )
    assert fixed.json()["name"] == "Grace B. Hopper"

    problem(client.delete(f"{V1}/candidates/{candidate_id}/"), 403, "permission-denied")
    erased = world.client("manager").delete(f"{V1}/candidates/{candidate_id}/")
    assert erased.status_code == 200
    assert erased.json()["erased"]["applications"] == 1
    assert not Candidate.objects.filter(pk=candidate_id).exists()


def test_a_candidate_in_another_lab_cannot_be_used(world):
    response = world.client("recruiter").post(
        f"{V1}/candidates/", {"lab": world.other_lab.pk, "name": "X"}, format="json"
    )

    body = problem(response, 400, "validation-error")
    assert "lab" in body["errors"]
    assert not Candidate.objects.filter(name="X").exists()


def test_applying_twice_is_one_application(world):
    client = world.client("recruiter")
    candidate = CandidateFactory(lab=world.lab)
    body = {"role": world.role.pk, "candidate": candidate.pk}

    first = client.post(f"{V1}/applications/", body, format="json")
    second = client.post(f"{V1}/applications/", body, format="json")

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Application.objects.filter(candidate=candidate).count() == 1


# --- Assessments, shortlist, decisions, learned weights -------------------------------------


def test_an_assessment_explains_every_criterion_with_cited_evidence(world):
    body = world.client("recruiter").get(f"{V1}/assessments/{world.assessment.pk}/").json()

    assert body["rank"] >= 1
    assert body["criteria"], body
    for item in body["criteria"]:
        assert item["name"]
        assert item["weight"] >= 0
        assert len(item["levels"]) == 5
        assert item["anchor"] == item["levels"][item["level"]]
        assert item["explanation"].startswith(f"Level {item['level']} of 4")
    cited = [e for item in body["criteria"] for e in item["evidence"]]
    assert cited, "a researcher's assessment cites evidence"
    for evidence in cited:
        assert evidence["quote"]
        assert evidence["document"]["original_name"].endswith((".pdf", ".bib"))
    assert any(e["page"] for e in cited)


def test_the_shortlist_is_ranked_and_filters_keep_the_global_rank(world):
    client = world.client("recruiter")
    url = f"{V1}/roles/{world.role.pk}/shortlist/"

    whole = client.get(url).json()
    assert [row["rank"] for row in whole["results"]] == list(range(1, whole["count"] + 1))
    ordered = [(row["has_barrier"], -row["score"]) for row in whole["results"]]
    assert ordered == sorted(ordered)
    decided = client.get(url, {"decision": "hold"}).json()["results"]
    assert [row["candidate"]["id"] for row in decided] == [world.candidate.pk]
    ranks = {row["candidate"]["id"]: row["rank"] for row in whole["results"]}
    assert decided[0]["rank"] == ranks[world.candidate.pk]
    assert decided[0]["decision"] == "hold"
    undecided = client.get(url, {"decision": "none"}).json()["results"]
    assert world.candidate.pk not in [row["candidate"]["id"] for row in undecided]

    top = whole["results"][0]
    narrowed = client.get(url, {"score_min": top["score"], "score_max": top["score"]}).json()
    assert narrowed["results"][0]["rank"] == 1
    state = top["criteria"][0]["state"]
    by_state = client.get(
        url, {"state": state, "criterion": top["criteria"][0]["criterion"]}
    ).json()
    assert top["assessment"] in [row["assessment"] for row in by_state["results"]]
    assert client.get(url, {"barrier": "true"}).json()["count"] == sum(
        row["has_barrier"] for row in whole["results"]
    )
    problem(client.get(url, {"state": "sideways"}), 400, "validation-error")


def test_a_shortlisted_candidate_with_criteria_not_judged_needs_a_human_read(world):
    Assessment.objects.filter(application=world.application).update(insufficient_count=1)
    url = f"{V1}/roles/{world.role.pk}/shortlist/"

    rows = world.client("recruiter").get(url).json()["results"]

    flags = {row["application"]: row["needs_human_read"] for row in rows}
    assert flags[world.application.pk] is True
    assert not any(flag for pk, flag in flags.items() if pk != world.application.pk)


# Token; role; memberships and blind roles (for blind review); the list's count, the page's
# ids in order and its rows, ranks, the criteria of its rows.
SHORTLIST_QUERIES = 9


def test_the_shortlist_page_costs_a_fixed_number_of_queries(world, django_assert_num_queries):
    client = world.client("recruiter")
    client.get(f"{V1}/labs/")  # the token's first use is written down once
    url = f"{V1}/roles/{world.role.pk}/shortlist/"
    with django_assert_num_queries(SHORTLIST_QUERIES):
        assert client.get(url).json()["count"] == 2

    for seed in range(3):  # more applicants must not mean more queries
        application = ApplicationFactory(role=world.role, candidate=CandidateFactory(lab=world.lab))
        Assessment.objects.create(
            application=application,
            role=world.role,
            rubric=world.assessment.rubric,
            model_version="x",
            score=10 + seed,
            criteria=world.assessment.criteria,
        )
    RoleProfile.shortlists_changed(role_ids=[world.role.pk])

    with django_assert_num_queries(SHORTLIST_QUERIES):
        assert client.get(url).json()["count"] == 5
    with django_assert_num_queries(SHORTLIST_QUERIES):
        assert client.get(url, {"decision": "none", "score_min": 1}).status_code == 200


def test_decisions_are_recorded_with_history(world):
    client = world.client("recruiter")

    created = client.post(
        f"{V1}/decisions/",
        {"application": world.application.pk, "outcome": "advance", "reason": "Strong fit."},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["decided_by"] == "api-recruiter"
    history = client.get(f"{V1}/decisions/", {"application": world.application.pk}).json()
    assert [d["outcome"] for d in history["results"]] == ["advance", "hold"]
    blank = client.post(
        f"{V1}/decisions/",
        {"application": world.application.pk, "outcome": "reject", "reason": "  "},
        format="json",
    )
    problem(blank, 400, "validation-error")
    assert Decision.objects.filter(application=world.application).count() == 2


def test_learning_weights_needs_enough_decisions(world):
    client = world.client("manager")
    url = f"{V1}/roles/{world.role.pk}/learned-weights/"

    problem(client.post(url), 409, "not-enough-decisions")
    problem(world.client("recruiter").post(url), 403, "permission-denied")

    rubric = world.assessment.rubric
    keys = [str(c.pk) for c in rubric.criteria.all()]
    for i in range(24):
        application = ApplicationFactory(role=world.role, candidate=CandidateFactory(lab=world.lab))
        level = i % 5
        Assessment.objects.create(
            application=application,
            role=world.role,
            rubric=rubric,
            model_version="x",
            score=level * 20,
            criteria=[{"criterion": k, "level": level} for k in keys],
        )
        Decision.objects.create(
            application=application, outcome="advance" if level >= 2 else "reject", reason="r"
        )

    learned = client.post(url)
    assert learned.status_code == 201, learned.content
    assert learned.json()["decisions"] == 24
    assert {w["criterion"] for w in learned.json()["weights"]} == set(keys)
    assert client.get(url).json()["count"] == LearnedWeights.objects.count() == 1


# --- Tokens ----------------------------------------------------------------------------------


def test_tokens_are_created_in_a_session_shown_once_and_revocable(world):
    browser = APIClient(enforce_csrf_checks=False)
    browser.force_login(world.users["recruiter"])
    created = browser.post(f"{V1}/tokens/", {"name": "ATS"}, format="json")
    assert created.status_code == 201, created.content
    key = created.json()["token"]
    assert key.startswith("rf_")
    assert key not in str(list(ApiToken.objects.values()))  # only its hash is stored

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(f"{V1}/labs/").status_code == 200
    problem(client.post(f"{V1}/tokens/", {"name": "more"}, format="json"), 403, "permission-denied")
    listed = client.get(f"{V1}/tokens/").json()["results"]
    assert "token" not in listed[0]
    assert client.delete(f"{V1}/tokens/{created.json()['id']}/").status_code == 204
    problem(client.get(f"{V1}/labs/"), 401, "authentication-failed")


def test_throttling_is_per_token(world, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "token": "3/minute",
        },
    }
    first, second = world.client("recruiter"), world.client("recruiter")

    for _ in range(3):
        assert first.get(f"{V1}/labs/").status_code == 200
    response = first.get(f"{V1}/labs/")
    problem(response, 429, "rate-limited")
    assert int(response["Retry-After"]) > 0
    assert second.get(f"{V1}/labs/").status_code == 200  # another token, another budget


def test_problem_types_are_documented_at_their_uri(client):
    listed = client.get("/api/problems/").json()
    assert {p["slug"] for p in listed} >= {"validation-error", "unsafe-archive"}
    one = client.get("/api/problems/unsafe-archive").json()
    assert one["status"] == 422


def test_tokens_are_managed_from_the_command_line(world):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("api_token", "create", "api-recruiter", "--name", "cron", stdout=out)
    key = out.getvalue().strip()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(f"{V1}/labs/").status_code == 200

    listing = StringIO()
    call_command("api_token", "list", "api-recruiter", stdout=listing)
    assert "cron" in listing.getvalue()
    assert key not in listing.getvalue()
    prefix = "_".join(key.split("_")[:2])
    call_command("api_token", "revoke", prefix, stdout=StringIO())
    assert client.get(f"{V1}/labs/").status_code == 401


def test_a_rubric_is_drafted_from_a_job_description(world):
    posting = (
        "Research Scientist, Natural Language Processing\n"
        "Minimum qualifications:\n- PhD in computer science or a related field.\n"
        "- First-author publications at ACL, EMNLP or NeurIPS.\n"
        "Preferred qualifications:\n- Experience with PyTorch and large-scale training.\n"
        "- Experience writing complex SQL queries.\n"
    )
    client = world.client("recruiter")

    response = client.post(f"{V1}/rubric-drafts/", {"job_description": posting}, format="json")

    assert response.status_code == 200, response.content
    draft = response.json()
    assert draft["template_slug"] == "research-scientist-nlp"
    assert draft["criteria"]
    assert all(c["reason"] for c in draft["criteria"])
    assert [(u["phrase"], u["kind"]) for u in draft["unmapped"]] == [
        ("Experience writing complex SQL queries.", "preferred")
    ]
    # The draft's criteria are accepted as they are by role creation.
    criteria = [
        {k: v for k, v in c.items() if k not in ("reason", "phrases")} for c in draft["criteria"]
    ]
    created = world.client("manager").post(
        f"{V1}/roles/",
        {"lab": world.lab.pk, "title": draft["title"], "criteria": criteria},
        format="json",
    )
    assert created.status_code == 201, created.content
    problem(
        client.post(f"{V1}/rubric-drafts/", {"job_description": "short"}, format="json"),
        400,
        "validation-error",
    )


def test_a_decision_retried_with_an_idempotency_key_is_recorded_once(world):
    from screening.api.idempotency import request_fingerprint
    from screening.api.models import IdempotencyKey

    client = world.client("recruiter")
    body = {"application": world.application.pk, "outcome": "advance", "reason": "Fit."}
    url = f"{V1}/decisions/"
    # Another request with this key is still running: wait for it.
    running = IdempotencyKey.objects.create(
        user=world.users["recruiter"],
        key="d-1",
        method="POST",
        path=url,
        fingerprint=request_fingerprint("POST", url, body, {}),
    )
    problem(
        client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="d-1"),
        409,
        "idempotency-key-in-use",
    )
    # ...unless it was abandoned (its process died): then this request takes the key over.
    IdempotencyKey.objects.filter(pk=running.pk).update(
        created_at=timezone.now() - timezone.timedelta(minutes=10)
    )
    first = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="d-1")
    again = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="d-1")
    other = client.post(
        url, {**body, "reason": "Other."}, format="json", HTTP_IDEMPOTENCY_KEY="d-1"
    )

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    problem(other, 422, "idempotency-key-reused")
    assert Decision.objects.filter(application=world.application, outcome="advance").count() == 1
    problem(
        client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=" "), 400, "validation-error"
    )


# --- Documents -------------------------------------------------------------------------------


def test_a_document_says_whether_every_publication_of_it_was_read(world):
    doubtful = world.document
    doubtful.analysis = {
        **(doubtful.analysis or {}),
        "reading": {"complete": False, "publications_incomplete": ["3 items; 1 was read."]},
    }
    doubtful.save(update_fields=["analysis"])
    client = world.client("recruiter")

    listed = client.get(f"{V1}/documents/").json()["results"]
    one = client.get(f"{V1}/documents/{doubtful.pk}/").json()

    readings = {document["id"]: document["reading"] for document in listed}
    assert one["reading"] == {
        "complete": False,
        "publications_incomplete": ["3 items; 1 was read."],
    }
    assert readings[doubtful.pk] == one["reading"]
    assert all(r == {"complete": True, "publications_incomplete": []}
               for pk, r in readings.items() if pk != doubtful.pk)  # fmt: skip
