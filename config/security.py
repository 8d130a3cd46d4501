"""Security headers every page carries, beyond what Django's own middleware sets."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


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
