"""A lab's webhook endpoints, which URLs may be one, and the secret deliveries are signed with."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from screening.api.models import WebhookEndpoint, WebhookSecret
from screening.models import Lab

# --- Secrets and signatures ----------------------------------------------------------------


def lab_secret(*, lab: Lab) -> WebhookSecret:
    """The lab's signing secret, made on first use."""
    found, _ = WebhookSecret.objects.get_or_create(lab=lab, defaults={"secret": _new_secret()})
    return found


def lab_secret_rotate(*, lab: Lab) -> WebhookSecret:
    """Replace the lab's signing secret; deliveries from now on are signed with the new one."""
    found, created = WebhookSecret.objects.get_or_create(
        lab=lab, defaults={"secret": _new_secret()}
    )
    if not created:
        found.secret = _new_secret()
        found.save(update_fields=["secret", "rotated_at"])
    return found


def _new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def sign(secret: str, body: bytes) -> str:
    """The signature header's value: ``sha256=`` and the hex HMAC-SHA256 of the body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_valid(secret: str, body: bytes, header: str) -> bool:
    """How a receiver checks a delivery (constant-time comparison)."""
    return hmac.compare_digest(sign(secret, body), header or "")


# --- Endpoints -------------------------------------------------------------------------------


def url_problem(url: str) -> str | None:
    """Why a URL cannot be a webhook endpoint, judged without DNS; None if it can."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "Use an http:// or https:// URL."
    if not parts.hostname:
        return "The URL has no host."
    if parts.username or parts.password:
        return "Do not put credentials in the URL; verify the signature header instead."
    try:
        address = ipaddress.ip_address(parts.hostname)
    except ValueError:
        if parts.hostname.lower() in ("localhost", "localhost.localdomain"):
            address = ipaddress.ip_address("127.0.0.1")
        else:
            return None
    if not settings.REFEREE_WEBHOOK_ALLOW_PRIVATE and not address_public(address):
        return "The URL points to a private, loopback or link-local address."
    return None


@transaction.atomic
def endpoint_create(
    *,
    lab: Lab,
    url: str,
    events: Iterable[str],
    description: str = "",
    active: bool = True,
    actor=None,
) -> WebhookEndpoint:
    lab_secret(lab=lab)
    return WebhookEndpoint.objects.create(
        lab=lab,
        url=url,
        events=sorted(set(events)),
        description=description,
        active=active,
        created_by=actor,
    )


def endpoint_update(*, endpoint: WebhookEndpoint, changes: dict) -> WebhookEndpoint:
    for field, value in changes.items():
        setattr(endpoint, field, sorted(set(value)) if field == "events" else value)
    endpoint.save()
    return endpoint


# --- Public addresses ----------------------------------------------------------------------

# IPv6 ranges that carry an IPv4 address, which is judged in their place: NAT64 (RFC 6052)
# and SIIT (RFC 6145) translate to it, as IPv4-mapped addresses do; 6to4 is handled by
# ``IPv6Address.sixtofour``. Python's ``is_global`` calls all of these public.
NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")
SIIT_TRANSLATED = ipaddress.IPv6Network("::ffff:0:0:0/96")
# Never a webhook destination: local-use NAT64 (RFC 8215, its embedding depends on the local
# prefix length), deprecated IPv4-compatible addresses (``::a.b.c.d``, and ``::``, ``::1``),
# and Teredo tunnels (2001::/32), which reach whatever IPv4 host the tunnel names.
NEVER_PUBLIC_V6 = (
    ipaddress.IPv6Network("64:ff9b:1::/48"),
    ipaddress.IPv6Network("::/96"),
    ipaddress.IPv6Network("2001::/32"),
)


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, translated, NAT64, 6to4), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64_WELL_KNOWN or address in SIIT_TRANSLATED:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether a webhook may connect to the address: global unicast, judged on the IPv4
    address an IPv6 form carries."""
    if isinstance(address, ipaddress.IPv6Address):
        if any(address in network for network in NEVER_PUBLIC_V6):
            return False
        embedded = embedded_ipv4(address)
        if embedded is not None:
            return address_public(embedded)
    return address.is_global and not address.is_multicast
