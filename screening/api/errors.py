"""Every API error is an RFC 9457 problem: ``application/problem+json`` with a documented type.

Body: ``type`` (a URI naming the kind of problem; GET it for a description), ``title`` (the
same for every problem of the type), ``status``, ``detail`` (what went wrong with this request,
in words an integrator can act on), ``instance`` (the request path) and, for invalid input,
``errors``: the messages per field, nested fields joined with dots (``criteria.0.levels``).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.settings import api_settings

from candidates import uploads

logger = logging.getLogger("django.request")

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_PATH = "/api/problems/"


@dataclass(frozen=True)
class ProblemType:
    slug: str
    status: int
    title: str
    description: str

    @property
    def uri(self) -> str:
        return f"{PROBLEM_PATH}{self.slug}"


PROBLEM_TYPES = {
    p.slug: p
    for p in (
        ProblemType(
            "validation-error",
            400,
            "Invalid input",
            "A field is missing, unknown or invalid; `errors` lists the messages per field.",
        ),
        ProblemType(
            "malformed-request",
            400,
            "Malformed request",
            "The body could not be parsed (malformed JSON or multipart) or broke a limit "
            "on fields.",
        ),
        ProblemType(
            "not-authenticated",
            401,
            "Authentication required",
            "Send `Authorization: Bearer <token>` (or sign in for the browsable API).",
        ),
        ProblemType(
            "authentication-failed",
            401,
            "Authentication failed",
            "The token is unknown, revoked or expired, or the user is inactive.",
        ),
        ProblemType(
            "permission-denied",
            403,
            "Permission denied",
            "You belong to the lab but your role does not allow this (for example, "
            "recruiters cannot edit roles or rubrics).",
        ),
        ProblemType(
            "not-found",
            404,
            "Not found",
            "No such object among the labs you belong to (objects of other labs are "
            "never revealed), or no such page.",
        ),
        ProblemType(
            "method-not-allowed",
            405,
            "Method not allowed",
            "The resource does not support this HTTP method; see the `Allow` header.",
        ),
        ProblemType(
            "not-acceptable",
            406,
            "Not acceptable",
            "The API answers in JSON; ask for `application/json`.",
        ),
        ProblemType(
            "conflict",
            409,
            "Conflict",
            "The request conflicts with the current state of the resource (for example, "
            "editing a rubric version that is no longer the current one).",
        ),
        ProblemType(
            "not-enough-decisions",
            409,
            "Not enough decisions",
            "Learning weights needs more advance and reject decisions on the role.",
        ),
        ProblemType(
            "idempotency-key-in-use",
            409,
            "Idempotency key in use",
            "A request with this Idempotency-Key is still being processed; retry later.",
        ),
        ProblemType(
            "file-too-large",
            413,
            "Content too large",
            "The upload (or a file inside a zip) is larger than the limit.",
        ),
        ProblemType(
            "unsupported-media-type",
            415,
            "Unsupported media type",
            "The request's Content-Type, or the type of the uploaded file, is not accepted here.",
        ),
        ProblemType(
            "unsafe-archive",
            422,
            "Unsafe or unreadable archive",
            "The zip was refused as a whole (paths outside the archive, links, nested "
            "folders or archives, too many entries, or a compression bomb); nothing was "
            "stored.",
        ),
        ProblemType(
            "idempotency-key-reused",
            422,
            "Idempotency key reused",
            "The Idempotency-Key was already used with a different request. Use a new "
            "key for a new request.",
        ),
        ProblemType(
            "rate-limited",
            429,
            "Too many requests",
            "The token made too many requests; wait for `Retry-After` seconds.",
        ),
        ProblemType(
            "server-error",
            500,
            "Internal error",
            "Something failed on our side; it has been logged. Retry later.",
        ),
    )
}


class Problem(exceptions.APIException):
    """An API error of a named problem type, with a detail message for this occurrence.

    A subclass names its type; ``problem`` names it for one occurrence (a refusal of the upload
    gate, whose classes live in ``candidates.uploads``).
    """

    problem = "conflict"
    status_code: int = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."

    def __init__(
        self, detail: str | None = None, *, errors: dict | None = None, problem: str | None = None
    ):
        super().__init__(detail)
        self.errors = errors
        if problem is not None:
            self.problem = problem
            self.status_code = PROBLEM_TYPES[problem].status


class Conflict(Problem):
    problem = "conflict"


class NotEnoughDecisions(Problem):
    problem = "not-enough-decisions"


class IdempotencyKeyInUse(Problem):
    problem = "idempotency-key-in-use"
    default_detail = "A request with this Idempotency-Key is still in progress; retry shortly."


class IdempotencyKeyReused(Problem):
    problem = "idempotency-key-reused"
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was used with a different request."


# The upload gate's refusals (``candidates.uploads``) and the problem type each is answered as.
UPLOAD_PROBLEMS: tuple[tuple[type[uploads.UploadRefused], str], ...] = (
    (uploads.FileTooLarge, "file-too-large"),
    (uploads.UnsupportedFile, "unsupported-media-type"),
    (uploads.UnsafeArchive, "unsafe-archive"),
)
_DRF_PROBLEMS: tuple[tuple[type[exceptions.APIException], str], ...] = (
    (exceptions.ValidationError, "validation-error"),
    (exceptions.ParseError, "malformed-request"),
    (exceptions.NotAuthenticated, "not-authenticated"),
    (exceptions.AuthenticationFailed, "authentication-failed"),
    (exceptions.PermissionDenied, "permission-denied"),
    (exceptions.NotFound, "not-found"),
    (exceptions.MethodNotAllowed, "method-not-allowed"),
    (exceptions.NotAcceptable, "not-acceptable"),
    (exceptions.UnsupportedMediaType, "unsupported-media-type"),
    (exceptions.Throttled, "rate-limited"),
)


def problem_slug(exc: exceptions.APIException) -> str:
    if isinstance(exc, Problem):
        return exc.problem
    for cls, slug in _DRF_PROBLEMS:
        if isinstance(exc, cls):
            return slug
    return {400: "malformed-request", 404: "not-found", 409: "conflict", 413: "file-too-large"}.get(
        exc.status_code, "server-error" if exc.status_code >= 500 else "malformed-request"
    )


def flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as ``{"field.sub.0": ["message", ...]}``."""
    found: dict[str, list[str]] = {}
    non_field = api_settings.NON_FIELD_ERRORS_KEY
    if isinstance(detail, dict):
        for key, value in detail.items():
            path = prefix if key == non_field else (f"{prefix}.{key}" if prefix else str(key))
            for field, messages in flatten_errors(value, path).items():
                found.setdefault(field, []).extend(messages)
    elif isinstance(detail, list) and any(isinstance(item, (dict, list)) for item in detail):
        for index, item in enumerate(detail):
            path = f"{prefix}.{index}" if prefix else str(index)
            for field, messages in flatten_errors(item, path).items():
                found.setdefault(field, []).extend(messages)
    elif isinstance(detail, list):
        if detail:
            found[prefix or non_field] = [str(item) for item in detail]
    else:
        found[prefix or non_field] = [str(detail)]
    return found


def _validation_detail(errors: dict[str, list[str]]) -> str:
    if not errors:
        return "The input is invalid."
    if len(errors) == 1:
        field, messages = next(iter(errors.items()))
        where = "" if field == api_settings.NON_FIELD_ERRORS_KEY else f"{field}: "
        return f"{where}{messages[0]}"
    return f"Invalid input in {len(errors)} fields: {', '.join(errors)}."


def problem_response(
    slug: str,
    detail: str,
    *,
    request=None,
    status_code: int | None = None,
    errors: dict | None = None,
    headers: dict | None = None,
) -> Response:
    problem = PROBLEM_TYPES[slug]
    answer_status = status_code or problem.status
    body = {
        "type": problem.uri,
        "title": problem.title,
        "status": answer_status,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.path
    if errors is not None:
        body["errors"] = errors
    renderer = getattr(request, "accepted_renderer", None) if request is not None else None
    json_answer = renderer is None or getattr(renderer, "format", "json") == "json"
    return Response(
        body,
        status=answer_status,
        headers=headers,
        content_type=PROBLEM_CONTENT_TYPE if json_answer else None,
    )


def _as_api_exception(exc: Exception) -> exceptions.APIException | None:
    if isinstance(exc, exceptions.APIException):
        return exc
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    for refusal, slug in UPLOAD_PROBLEMS:
        if isinstance(exc, refusal):
            return Problem(exc.detail, errors=exc.errors, problem=slug)
    if isinstance(exc, RequestDataTooBig):
        return Problem(
            "The request body is larger than the upload limit.", problem="file-too-large"
        )
    if isinstance(exc, SuspiciousOperation):
        # Too many fields or files in a form, and similar refusals of Django's request parsing.
        return exceptions.ParseError(str(exc) or "The request was refused as malformed.")
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(detail=get_error_detail(exc))
    return None


def problem_exception_handler(exc: Exception, context: dict) -> Response:
    """DRF's exception handler, answering every error as a problem document."""
    request = context.get("request")
    api_exc = _as_api_exception(exc)
    if api_exc is None:
        logger.error(
            "Internal error in the API: %s %s",
            getattr(request, "method", "?"),
            getattr(request, "path", "?"),
            exc_info=exc,
        )
        return problem_response(
            "server-error",
            "Something failed on our side; it has been logged. Retry later.",
            request=request,
        )
    # Neither attribute is in DRF's stubs: APIView sets ``auth_header`` on a 401 it answers, and
    # ``Throttled`` keeps the seconds to wait (None when no throttle knows) as ``wait``.
    auth_header: str | None = getattr(api_exc, "auth_header", None)
    wait: float | None = getattr(api_exc, "wait", None)
    headers: dict[str, str] = {}
    if auth_header:
        headers["WWW-Authenticate"] = auth_header
    if wait is not None:
        headers["Retry-After"] = str(math.ceil(wait))
    slug = problem_slug(api_exc)
    if isinstance(api_exc, exceptions.ValidationError):
        field_errors = flatten_errors(api_exc.detail)
        return problem_response(
            slug,
            _validation_detail(field_errors),
            request=request,
            errors=field_errors,
            headers=headers,
        )
    errors: dict | None
    if isinstance(api_exc.detail, (list, dict)):
        errors = flatten_errors(api_exc.detail)
        detail = _validation_detail(errors)
    else:
        errors = api_exc.errors if isinstance(api_exc, Problem) else None
        detail = str(api_exc.detail)
    if isinstance(api_exc, exceptions.Throttled) and wait is not None:
        detail = f"Too many requests; retry in {math.ceil(wait)} seconds."
    return problem_response(
        slug,
        detail,
        request=request,
        status_code=api_exc.status_code,
        errors=errors,
        headers=headers,
    )
