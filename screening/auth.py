"""Signing in, throttled: repeated wrong passwords for an account or from an address pause it.

Every password check goes through ``ThrottledModelBackend`` (the only authentication backend),
so the site's sign-in page, the admin's and anything else that calls ``authenticate()`` share
one throttle. Two locks, counted separately:

- an **account** is paused after ``REFEREE_LOGIN_MAX_FAILURES`` wrong passwords for its
  username, from any address;
- an **address** is paused after ``REFEREE_LOGIN_MAX_FAILURES_PER_ADDRESS`` wrong passwords
  from it, for any usernames (IPv6 addresses count per /64 network).

A failure counts for ``REFEREE_LOGIN_LOCK_SECONDS``: a lock lifts once fewer failures than the
limit remain within that window. While paused, the password is not checked at all, and the
refused attempt is not counted. The address is ``REMOTE_ADDR`` unless
``REFEREE_TRUSTED_PROXIES`` says how many reverse proxies in front append to
``X-Forwarded-For``; only then is that header read, from the right.

Counters live in the ``signin`` cache (settings.CACHES), which every web process shares: the
database in the embedded mode, Redis in production. Each failure is a cache entry of its own
added with ``cache.add`` (atomic on Redis and in the database), in one of ``limit`` slots per
key, and expires on its own; so counting needs no read-modify-write, and the window slides.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError

CACHE_ALIAS = "signin"
THROTTLED_MESSAGE = (
    "Too many failed sign-ins for this account or from this address. Wait a few minutes and "
    "try again, or ask a lab admin to reset your password."
)


def client_address(request) -> str:
    """The address a request came from: ``REMOTE_ADDR``, or the client the trusted proxies saw.

    With ``REFEREE_TRUSTED_PROXIES = n``, each of the n proxies appended the address it was
    reached from to ``X-Forwarded-For``, so the n-th entry from the right is the client; entries
    further left were written by the client and are never believed.
    """
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.REFEREE_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    candidate = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _address_key(address: str) -> str:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


@dataclass(frozen=True)
class _Counter:
    key: str
    limit: int

    def slots(self) -> list[str]:
        return [f"{self.key}:{slot}" for slot in range(self.limit)]


def _counters(username: str, address: str) -> list[_Counter]:
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    counters = [_Counter(f"signin:account:{digest}", settings.REFEREE_LOGIN_MAX_FAILURES)]
    if address:
        counters.append(
            _Counter(
                f"signin:address:{_address_key(address)}",
                settings.REFEREE_LOGIN_MAX_FAILURES_PER_ADDRESS,
            )
        )
    return counters


def is_locked(username: str, address: str) -> bool:
    """Whether sign-in for this username, or from this address, is paused."""
    cache = caches[CACHE_ALIAS]
    return any(
        len(cache.get_many(counter.slots())) >= counter.limit
        for counter in _counters(username, address)
    )


def record_failure(username: str, address: str) -> None:
    """Count one wrong password against the account and against the address."""
    cache = caches[CACHE_ALIAS]
    for counter in _counters(username, address):
        slots = counter.slots()
        taken = cache.get_many(slots)
        for slot in slots:
            # Another process may take a free slot first; then try the next.
            if slot not in taken and cache.add(slot, 1, settings.REFEREE_LOGIN_LOCK_SECONDS):
                break


class ThrottledModelBackend(ModelBackend):
    """Django's username and password check, refused while the account or address is paused."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        address = client_address(request)
        if is_locked(username, address):
            if request is not None:
                request.signin_throttled = True
            raise PermissionDenied(THROTTLED_MESSAGE)  # stops authenticate() without a check
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            record_failure(username, address)
        return user


class ThrottledMessageMixin:
    """Says "too many failed sign-ins" instead of "wrong password" when the backend refused."""

    def get_invalid_login_error(self):
        if getattr(self.request, "signin_throttled", False):
            return ValidationError(THROTTLED_MESSAGE, code="throttled")
        return super().get_invalid_login_error()


class ThrottledAuthenticationForm(ThrottledMessageMixin, AuthenticationForm):
    """The site's sign-in form."""


class ThrottledAdminAuthenticationForm(ThrottledMessageMixin, AdminAuthenticationForm):
    """The admin's sign-in form (``admin.site.login_form``)."""
