"""Personal API tokens: created for a user, shown once, stored as a SHA-256, revocable.

A token looks like ``rf_<8 characters>_<43 characters>``; the part before the second
underscore is its prefix, kept in clear so a user can tell their tokens apart.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from screening.api.models import ApiToken

TOKEN_PREFIX = "rf_"  # noqa: S105 - a public marker, not a secret
# A token's last use is written at most this often, so authenticating is not a write per call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # the secret; returned once, never stored


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(*, user, name: str, expires_at: datetime | None = None) -> IssuedToken:
    prefix = TOKEN_PREFIX + secrets.token_hex(4)
    key = f"{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=prefix, key_hash=hash_key(key), expires_at=expires_at
    )
    return IssuedToken(token=token, key=key)


def token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(key: str) -> ApiToken | None:
    """The live token with this key (not revoked, not expired), or None."""
    if not key.startswith(TOKEN_PREFIX) or len(key) > 200:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.filter(key_hash=hash_key(key), revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .select_related("user")
        .first()
    )
    if token is not None and (
        token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION
    ):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
