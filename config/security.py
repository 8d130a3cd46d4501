"""Security headers every page carries, beyond what Django's own middleware sets."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

# The API's Swagger UI and Redoc pages (screening/api/urls.py). Their viewers are our own static
# files (drf-spectacular-sidecar), but each page has one inline script that starts the viewer and
# one inline style, and Redoc adds <style> elements as it draws and searches in a worker it
# builds from a blob: URL. Those inline parts carry the request's nonce (templates/api/); nothing
# else inline runs, and nothing is loaded from another site.
API_DOCS = {("api", "swagger"), ("api", "redoc")}
API_DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
    "style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "worker-src blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    """Send ``Content-Security-Policy`` (settings.REFEREE_CSP): scripts and styles only from
    the app itself, no framing. The API's documentation pages get ``API_DOCS_POLICY``, which
    also lets their inline script and style run when they carry ``request.csp_nonce``, a fresh
    random value for each request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(18)
        # The documentation templates read it there; HttpRequest declares no such attribute.
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        policy = settings.REFEREE_CSP
        match = request.resolver_match
        if policy and match and (match.namespace, match.url_name) in API_DOCS:
            policy = API_DOCS_POLICY.format(nonce=nonce)
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        return response


class UploadRequestLimitMiddleware:
    """Refuse a request declaring more than ``REFEREE_MAX_REQUEST_BYTES`` before anything
    reads its body (CSRF's check and the views come later), in the words of the upload gate
    (``candidates.uploads.request_refusal``): a problem document in the API, JSON for the
    upload page's script, an HTML page otherwise."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from candidates.uploads import request_refusal

        refusal = request_refusal(request.META.get("CONTENT_LENGTH"))
        if refusal is None:
            return self.get_response(request)
        response: HttpResponse
        if request.path.startswith("/api/"):
            from screening.api.errors import PROBLEM_CONTENT_TYPE, PROBLEM_TYPES

            problem = PROBLEM_TYPES["file-too-large"]
            body = {
                "type": problem.uri,
                "title": problem.title,
                "status": 413,
                "detail": refusal.detail,
                "instance": request.path,
            }
            response = JsonResponse(body, status=413, content_type=PROBLEM_CONTENT_TYPE)
        elif "application/json" in request.headers.get("Accept", ""):
            body = {"errors": {"files": [{"message": refusal.detail, "code": "too_large"}]}}
            response = JsonResponse(body, status=413)
        else:
            response = render(request, "413.html", {"message": refusal.detail}, status=413)
        return response
