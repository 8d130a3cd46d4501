"""The OpenAPI schema (drf-spectacular): every operation's errors, headers and examples.

:class:`ApiAutoSchema` adds to each operation the problem responses it can give (with an
example each), the ``Idempotency-Key`` header where it is honoured and ``If-None-Match`` where
ETags are given. :func:`postprocess_schema` marks request bodies as closed
(``additionalProperties: false``), since unknown fields are refused.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework.permissions import AllowAny

from screening import json_input
from screening.api.errors import PROBLEM_CONTENT_TYPE, PROBLEM_TYPES
from screening.api.serializers.problems import ProblemSerializer
from screening.criteria import MAX_CRITERIA

# (view class name, action) of the operations that honour an Idempotency-Key.
IDEMPOTENT = {
    ("RoleViewSet", "create"),
    ("CandidateViewSet", "create"),
    ("DecisionViewSet", "create"),
    ("DocumentViewSet", "create"),
    ("DocumentViewSet", "batch"),
}
UPLOADS = {("DocumentViewSet", "create"), ("DocumentViewSet", "batch")}
CONFLICTS = {
    ("RubricViewSet", "create"): "conflict",
    ("CriterionViewSet", "create"): "conflict",
    ("CriterionViewSet", "update"): "conflict",
    ("CriterionViewSet", "partial_update"): "conflict",
    ("CriterionViewSet", "destroy"): "conflict",
    ("LearnedWeightsViewSet", "create"): "not-enough-decisions",
    ("DuplicateViewSet", "merge"): "conflict",
    ("DuplicateViewSet", "keep_apart"): "conflict",
    ("MergeViewSet", "undo"): "conflict",
    ("PanelMemberViewSet", "destroy"): "conflict",
    ("ScorecardViewSet", "create"): "conflict",
    ("ScorecardViewSet", "partial_update"): "conflict",
    ("ConflictViewSet", "answer"): "conflict",
    # An archived role refuses changes; a closed or archived one new applicants or documents.
    ("RoleViewSet", "update"): "conflict",
    ("RoleViewSet", "partial_update"): "conflict",
    ("DecisionViewSet", "create"): "conflict",
    ("ApplicationsMoveView", "create"): "conflict",
    ("DocumentViewSet", "create"): "conflict",
    ("DocumentViewSet", "batch"): "conflict",
    ("CandidateViewSet", "create"): "conflict",
    ("ApplicationViewSet", "create"): "conflict",
}
EXAMPLE_DETAILS = {
    "validation-error": "title: This field is required.",
    "malformed-request": "JSON parse error - Expecting value: line 1 column 1 (char 0)",
    "not-authenticated": "Authentication credentials were not provided.",
    "authentication-failed": "The token is unknown, revoked or expired.",
    "permission-denied": (
        "Only hiring managers and lab admins can edit rubrics; you are a recruiter in this lab."
    ),
    "not-found": "No Role matches the given query.",
    "not-acceptable": "Could not satisfy the request Accept header.",
    "conflict": (
        "The rubric changed since version 3: the current version is 4. Read it again and "
        "re-apply your edit."
    ),
    "not-enough-decisions": (
        "Learning needs at least 20 decisions with both advance and reject; this role has 7 "
        "(3 advanced, 4 rejected)."
    ),
    "idempotency-key-in-use": (
        "A request with the Idempotency-Key 'upload-42' is still being processed; retry in a "
        "few seconds to get its response."
    ),
    "file-too-large": "cv.pdf is larger than the 20 MB upload limit.",
    "unsupported-media-type": "cv.docx is a zip archive (or a Word/OpenDocument file), not a PDF.",
    "unsafe-archive": "The entry '../../etc/passwd' points outside the archive (..).",
    "idempotency-key-reused": (
        "The Idempotency-Key 'upload-42' was used with a different request (another method, "
        "path, fields or file) in the last 24 hours. Use a new key for a new request."
    ),
    "rate-limited": "Too many requests; retry in 12 seconds.",
}


def problem_example(slug: str, path: str = "/api/v1/...") -> dict:
    problem = PROBLEM_TYPES[slug]
    body = {
        "type": problem.uri,
        "title": problem.title,
        "status": problem.status,
        "detail": EXAMPLE_DETAILS.get(slug, problem.description),
        "instance": path,
    }
    if slug == "validation-error":
        body["errors"] = {"title": ["This field is required."]}
    return body


class ApiAutoSchema(AutoSchema):
    def _key(self) -> tuple[str, str | None]:
        return type(self.view).__name__, getattr(self.view, "action", None)

    def _public(self) -> bool:
        return any(isinstance(p, AllowAny) for p in self.view.get_permissions())

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        key = self._key()
        if key in IDEMPOTENT:
            parameters.append(
                OpenApiParameter(
                    "Idempotency-Key",
                    str,
                    OpenApiParameter.HEADER,
                    description=(
                        "Any unique string (a UUID). A retry with the same key and request gets "
                        "the first response (marked `Idempotent-Replayed: true`) instead of "
                        "doing the work again; the same key with another request is refused "
                        "(422). Keys are per user and kept 24 hours."
                    ),
                )
            )
        if key[1] == "retrieve":
            parameters.append(
                OpenApiParameter(
                    "If-None-Match",
                    str,
                    OpenApiParameter.HEADER,
                    description="An ETag from an earlier answer: 304 if nothing changed.",
                )
            )
        return parameters

    def _error_slugs(self) -> list[str]:
        key = self._key()
        method = self.method
        has_body = method in ("POST", "PUT", "PATCH")
        slugs = ["not-acceptable", "rate-limited"]
        if not self._public():
            slugs += ["not-authenticated", "permission-denied"]
        takes_view = any(
            getattr(parameter, "name", None) == "view"
            for parameter in self.get_override_parameters()
        )
        if has_body or self._is_list_view() or self.get_filter_backends() or takes_view:
            slugs.append("validation-error")
        if has_body:
            slugs += ["malformed-request", "unsupported-media-type"]
        if "{" in self.path or self._is_list_view():
            slugs.append("not-found")
        if key in CONFLICTS:
            slugs.append(CONFLICTS[key])
        if key in IDEMPOTENT:
            slugs += ["idempotency-key-in-use", "idempotency-key-reused"]
        if key in UPLOADS:
            slugs.append("file-too-large")
        if key == ("DocumentViewSet", "batch"):
            slugs.append("unsafe-archive")
        return slugs

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        problem = self.resolve_serializer(ProblemSerializer, "response").ref
        by_status: dict[int, list[str]] = {}
        for slug in self._error_slugs():
            by_status.setdefault(PROBLEM_TYPES[slug].status, []).append(slug)
        for status_code, slugs in sorted(by_status.items()):
            code = str(status_code)
            if code in responses:
                continue
            responses[code] = {
                "description": " / ".join(PROBLEM_TYPES[slug].description for slug in slugs),
                "content": {
                    PROBLEM_CONTENT_TYPE: {
                        "schema": problem,
                        "examples": {
                            slug: {
                                "summary": PROBLEM_TYPES[slug].title,
                                "value": problem_example(slug, self.path),
                            }
                            for slug in slugs
                        },
                    }
                },
            }
        if "401" in responses:
            responses["401"]["headers"] = {
                "WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}
            }
        if "429" in responses:
            responses["429"]["headers"] = {
                "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}
            }
        if self._key()[1] == "retrieve":
            responses["304"] = {"description": "Not modified: the If-None-Match ETag matched."}
        return responses


# The object a path's last named segment is about, for describing its {id}.
NOUNS = {
    "labs": "lab",
    "roles": "role",
    "criteria": "criterion",
    "candidates": "candidate",
    "applications": "application",
    "documents": "document",
    "assessments": "assessment",
    "decisions": "decision",
    "tokens": "API token",
    "webhooks": "webhook endpoint",
    "webhook-deliveries": "webhook delivery (the X-Referee-Delivery header)",
    "learned-weights": "learned-weights fit",
}
PATH_PARAMETERS = {
    "role_pk": "The role's id.",
    "version": "The rubric version number (1, 2, ...).",
    "slug": "The slug.",
}


NO_NULL_CHARACTERS = "^[^\\x00]*$"
NOT_BLANK = "^[^\\x00]*[^\\x00\\s][^\\x00]*$"
MAX_INTEGER = json_input.MAX_INTEGER


def _input_limits(schema: dict) -> None:
    """What the API refuses in input, said in the schema of every field of a request and of
    the items of its lists: strings hold no NUL character (PostgreSQL cannot store one) and,
    if required to be non-empty, more than whitespace (text is trimmed); integers fit in
    64 bits (:mod:`screening.json_input`)."""
    for alternative in schema.get("oneOf", []) + schema.get("allOf", []):
        _input_limits(alternative)
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        _input_limits(schema["items"])
    if (
        schema.get("type") == "string"
        and "enum" not in schema
        and schema.get("format") not in ("binary", "date-time", "uri", "email")
        and schema.get("maxLength") != 0
    ):
        schema.setdefault("pattern", NOT_BLANK if schema.get("minLength") else NO_NULL_CHARACTERS)
    if schema.get("type") == "integer":
        schema.setdefault("minimum", -MAX_INTEGER)
        schema.setdefault("maximum", MAX_INTEGER)


def postprocess_schema(result: dict, generator, request, public) -> dict:
    """Request bodies are closed (an unknown field is an error), path ids are described, and
    query parameters may be empty (``?status=`` filters nothing, as leaving it out)."""
    schemas = result.get("components", {}).get("schemas", {})
    for name, component in schemas.items():
        if name.endswith("Request") and component.get("type") == "object":
            component["additionalProperties"] = False
        if name.endswith("Request"):
            for prop in component.get("properties", {}).values():
                _input_limits(prop)
    for name in ("RoleCreateRequest", "RubricCreateRequest"):  # CriterionInputSerializer lists
        if name in schemas:
            schemas[name]["properties"]["criteria"].update(minItems=1, maxItems=MAX_CRITERIA)
    if "RoleCreateRequest" in schemas:  # from a template, or from criteria
        schemas["RoleCreateRequest"]["anyOf"] = [
            {"required": ["template"]},
            {"required": ["criteria"]},
        ]
    for path, item in result.get("paths", {}).items():
        segments = [part for part in path.split("/") if part and not part.startswith("{")]
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    # An empty filter is no filter; a required parameter (the search's
                    # words) must be given.
                    parameter["allowEmptyValue"] = not parameter.get("required", False)
                    _input_limits(parameter.get("schema", {}))
                if parameter["in"] != "path" or parameter.get("description"):
                    continue
                if parameter["name"] == "id":
                    noun = NOUNS.get(
                        next((seg for seg in reversed(segments) if seg in NOUNS), ""), "object"
                    )
                    parameter["description"] = f"The {noun}'s id."
                else:
                    parameter["description"] = PATH_PARAMETERS.get(parameter["name"], "")
    return result
