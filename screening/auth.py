"""Signing in, throttled: repeated wrong passwords for a username or from an address pause it.

After ``REFEREE_LOGIN_MAX_FAILURES`` failures within ``REFEREE_LOGIN_LOCK_SECONDS``, further
attempts for that username, or from that address, are refused for the rest of the window
without checking the password, so guessing is slow whatever the attacker varies.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError


def _keys(username: str, address: str) -> list[str]:
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return [f"login-failures:user:{digest}", f"login-failures:ip:{address}"]


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": (
            "Too many failed sign-ins for this account or from this address. Wait a few "
            "minutes and try again, or ask a lab admin to reset your password."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        keys = _keys(username, self._address())
        if any(cache.get(key, 0) >= settings.REFEREE_LOGIN_MAX_FAILURES for key in keys):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except ValidationError:
            for key in keys:
                cache.add(key, 0, settings.REFEREE_LOGIN_LOCK_SECONDS)
                try:
                    cache.incr(key)
                except ValueError:  # expired between add and incr
                    cache.set(key, 1, settings.REFEREE_LOGIN_LOCK_SECONDS)
            raise

    def _address(self) -> str:
        request = self.request
        return request.META.get("REMOTE_ADDR", "") if request is not None else ""
