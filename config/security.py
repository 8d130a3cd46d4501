"""Security headers every page carries, beyond what Django's own middleware sets."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


class ContentSecurityPolicyMiddleware:
    """Send ``Content-Security-Policy`` (settings.REFEREE_CSP): scripts and styles only from
    the app itself, no framing. The API's Swagger and Redoc pages, which load their viewers
    from a CDN, are left out (settings.REFEREE_CSP_EXEMPT)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.REFEREE_CSP
        if policy and not request.path.startswith(tuple(settings.REFEREE_CSP_EXEMPT)):
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
