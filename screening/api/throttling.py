"""Rate limits per token: each API token has its own budget, whoever its user is.

A request signed in with a session is counted per user, an anonymous one per address. The
rates are the ``DEFAULT_THROTTLE_RATES`` of ``REST_FRAMEWORK`` (README: ``REFEREE_API_RATE``…),
read on every request so a settings change applies at once. Counters live in Django's cache:
give production a shared cache (e.g. Redis) so every web process counts together.
"""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from screening.api.models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope_for_request())
        return None if rate is None else str(rate)

    def allow_request(self, request, view) -> bool:
        self._request = request
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def scope_for_request(self) -> str:
        request = getattr(self, "_request", None)
        authenticated = request is not None and request.user and request.user.is_authenticated
        return self.scope if authenticated else "anon"

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"anon-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class UploadRateThrottle(TokenRateThrottle):
    """A second, smaller budget for uploads, which cost storage and parsing."""

    scope = "uploads"

    def scope_for_request(self) -> str:
        return self.scope
