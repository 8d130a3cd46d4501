"""The OpenAPI schema: served with Swagger UI and Redoc, every operation documented, and a
schemathesis run over the live schema (through WSGI, in-process) that finds no server error and
no answer that breaks the schema."""

from __future__ import annotations

import re
import uuid

import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application
from screening.api.tokens import token_create
from screening.models import Stage
from tests.api_support import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache: each test starts with full budgets."""
    cache.clear()


SCHEMA = "/api/schema/?format=json"


@pytest.fixture
def openapi(client) -> dict:
    response = client.get(SCHEMA)
    assert response.status_code == 200
    return response.json()


def operations(openapi: dict):
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield method.upper(), path, operation


def test_the_schema_and_its_documentation_pages_are_served(client, openapi):
    assert openapi["openapi"].startswith("3.")
    assert openapi["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"
    for page in ("/api/schema/swagger/", "/api/schema/redoc/"):
        response = client.get(page)
        assert response.status_code == 200
        assert b"/api/schema/" in response.content


def test_the_documentation_pages_load_their_viewers_from_our_own_static_files(client):
    for page, asset in (
        ("/api/schema/swagger/", "swagger-ui-dist/swagger-ui-bundle.js"),
        ("/api/schema/redoc/", "redoc/bundles/redoc.standalone.js"),
    ):
        html = client.get(page).content.decode()
        scripts = re.findall(r'<script src="([^"]+)"', html)
        assert f"/static/drf_spectacular_sidecar/{asset}" in scripts
        assert not any(s.startswith(("http://", "https://", "//")) for s in scripts)
        assert finders.find(f"drf_spectacular_sidecar/{asset}")


def test_every_operation_parameter_and_error_is_documented(openapi):
    undocumented = []
    for method, path, operation in operations(openapi):
        where = f"{method} {path}"
        if not operation.get("summary"):
            undocumented.append(f"{where}: no summary")
        for parameter in operation.get("parameters", []):
            if not parameter.get("description"):
                undocumented.append(f"{where}: parameter {parameter['name']} has no description")
        responses = operation["responses"]
        if not any(code.startswith("2") for code in responses):
            undocumented.append(f"{where}: no success response")
        for code, response in responses.items():
            if code >= "400":
                content = response.get("content", {}).get("application/problem+json", {})
                if not content.get("examples"):
                    undocumented.append(f"{where}: error {code} has no example")
        if not path.startswith("/api/problems") and "429" not in responses:
            undocumented.append(f"{where}: 429 missing")
        body = operation.get("requestBody", {}).get("content", {})
        for media, content in body.items():
            if (
                method != "DELETE"
                and media == "application/json"
                and not (content.get("examples") or content.get("example"))
            ):
                undocumented.append(f"{where}: request body has no example")
    assert not undocumented, "\n".join(undocumented)


def test_request_bodies_refuse_unknown_fields_in_the_schema(openapi):
    schemas = openapi["components"]["schemas"]
    assert schemas["RoleCreateRequest"]["additionalProperties"] is False
    assert schemas["DecisionCreateRequest"]["additionalProperties"] is False


# --- schemathesis ------------------------------------------------------------------------------
# Run through schemathesis' Python API, one operation after the other in this test (its pytest
# plugin's lazy loading does not run under pytest 9). Per operation: requests fitting the
# schema, requests breaking it, the schema's own examples, and fitting requests aimed at seeded
# objects (so detail and nested paths are exercised, not only their 404s).

EXAMPLES_PER_OPERATION = 30
# Every default check runs on every case. positive_data_acceptance (a request fitting the schema
# is not refused) runs on the cases aimed at seeded objects, whose ids in the path and the body
# name objects of the user's labs: other generated ids mostly name nothing, which the API
# answers with a documented 400 naming the field (a body) or 404 (a path).
EXCLUDED_CHECKS = [positive_data_acceptance]
# Operations whose valid input may be refused for reasons the schema cannot state: uploads are
# judged by their bytes (type sniffing, zip safety), webhook URLs must resolve to a public
# address, thresholds must name known features, and criteria and rubric edits must be of the
# current rubric version.
ACCEPTANCE_UNCHECKED = {
    "POST /api/v1/documents/",
    "POST /api/v1/documents/batch/",
    "POST /api/v1/webhooks/",
    "PATCH /api/v1/webhooks/{id}/",
}
BODY_IDS = {
    "lab": "lab",
    "role": "role",
    "candidate": "candidate",
    "application": "application",
    "stage": "stage",
}
BODY_ID_LISTS = {"roles": "role", "applications": "application"}
OBJECTS = {
    "labs": "lab",
    "roles": "role",
    "candidates": "candidate",
    "applications": "application",
    "documents": "document",
    "assessments": "assessment",
    "decisions": "decision",
    "webhooks": "endpoint",
    "webhook-deliveries": "delivery",
    "tokens": "token",
    "criteria": "criterion",
    "stages": "stage",
}


def seeded_path(path: str, ids: dict) -> dict:
    """Path parameters naming seeded objects, for one operation's path template."""
    values = {}
    segments = [part for part in path.split("/") if part]
    for position, part in enumerate(segments):
        if part == "{role_pk}":
            values["role_pk"] = ids["role"]
        elif part == "{version}":
            values["version"] = 1
        elif part == "{slug}":
            values["slug"] = "ai-safety" if "templates" in path else "not-found"
        elif part == "{id}" and segments[position - 1] in OBJECTS:
            values["id"] = ids[OBJECTS[segments[position - 1]]]
    return values


@pytest.fixture
def seeded(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "token": "100000/minute",
            "anon": "100000/minute",
            "uploads": "100000/minute",
        },
    }
    world = build_world(applicants=1)
    admin = world.users["admin"]
    ids = {
        "lab": world.lab.pk,
        "role": world.role.pk,
        "candidate": world.candidate.pk,
        "application": world.application.pk,
        "document": world.document.pk,
        "assessment": world.assessment.pk,
        "decision": world.decision.pk,
        "endpoint": world.endpoint.pk,
        "delivery": world.delivery.pk,
        "token": token_create(user=admin, name="spare").token.pk,
        "criterion": world.criterion.pk,
        "stage": Stage.objects.get(lab=world.lab, name="Interview").pk,
    }
    key = token_create(user=admin, name="schemathesis").key
    # Requests run in this process and this test's transaction, as Django's test client does.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield ids, {"Authorization": f"Bearer {key}"}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def aimed_body(case, ids: dict):
    """The case with the ids in its body naming seeded objects, criteria without thresholds
    (their feature names are beyond the schema) and with a weight above zero among them (a
    rubric's rule the schema cannot state), the seeded user's token and an Idempotency-Key of
    its own."""
    if case.headers:
        case.headers.pop("Authorization", None)  # the seeded user's token, never a probe
        if "Idempotency-Key" in case.headers:
            case.headers["Idempotency-Key"] = uuid.uuid4().hex
    if isinstance(case.body, dict):
        if "thresholds" in case.body:
            del case.body["thresholds"]
        criteria = [c for c in case.body.get("criteria") or [] if isinstance(c, dict)]
        for criterion in criteria:
            criterion.pop("thresholds", None)
        if criteria and not any(c.get("weight") for c in criteria):
            criteria[0]["weight"] = 1
        for field, kind in BODY_IDS.items():
            if field in case.body:
                case.body[field] = ids[kind]
        for field, kind in BODY_ID_LISTS.items():
            if isinstance(case.body.get(field), list):
                case.body[field] = [ids[kind]] * min(len(case.body[field]), 1)
    return case


def test_the_live_schema_holds_for_generated_requests(seeded):
    ids, headers = seeded
    schema = schemathesis.openapi.from_wsgi(SCHEMA, application)
    failures = []
    tried = 0
    # Deletions last, so the seeded objects the other operations aim at still exist.
    everything = [result.ok() for result in schema.get_all_operations()]
    for operation in sorted(everything, key=lambda operation: operation.method == "delete"):
        strategies = [
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
            *schema.get_strategies_from_examples(operation),
        ]
        label = f"{operation.method.upper()} {operation.path}"
        aimed = operation.as_strategy(
            GenerationMode.POSITIVE, path_parameters=seeded_path(operation.path, ids) or None
        ).map(lambda case: aimed_body(case, ids))
        accepting = label not in ACCEPTANCE_UNCHECKED

        @given(
            pair=st.one_of(
                *(st.tuples(st.just(False), strategy) for strategy in strategies),
                st.tuples(st.just(accepting), aimed),
            )
        )
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def holds(pair):
            check_acceptance, case = pair
            # A case probing authentication keeps its own (broken) Authorization header.
            probing = "Authorization" in (case.headers or {}) and case.meta.is_negative_at(
                ParameterLocation.HEADER
            )
            case.call_and_validate(
                headers=None if probing else headers,
                excluded_checks=[] if check_acceptance else EXCLUDED_CHECKS,
            )

        try:
            holds()
        except (Exception, BaseExceptionGroup) as failure:  # report every operation's failures
            failures.append(f"{label}: {failure}")
        tried += 1
    assert tried >= 50
    assert not failures, "\n\n".join(failures)
