"""Webhooks: a lab's endpoints receive signed events, retried with backoff until delivered.

Events: ``document.processed``, ``document.failed``, ``assessment.updated`` (and ``ping``,
sent on request to test an endpoint). Every delivery is a POST of a JSON body::

    {"id": "<event uuid>", "type": "document.processed", "created_at": "...",
     "lab": {"id": 1, "slug": "..."}, "data": {...}}

with the headers ``X-Referee-Event``, ``X-Referee-Delivery`` (the delivery id: deliveries are
at least once, so receivers should ignore a delivery id they have seen), ``X-Referee-Attempt``
and ``X-Referee-Signature-256: sha256=<hex>``, the HMAC-SHA256 of the raw body keyed with the
lab's webhook secret. Any 2xx answer is success; anything else (or no answer within the
timeout) is retried with exponential backoff up to ``REFEREE_WEBHOOK_MAX_ATTEMPTS`` attempts,
each attempt recorded. Endpoints resolving to private, loopback or link-local addresses are
refused unless ``REFEREE_WEBHOOK_ALLOW_PRIVATE`` is set; IPv6 forms that carry an IPv4
address (mapped, NAT64, 6to4, SIIT) are judged by that address, and IPv4-compatible, local
NAT64 and Teredo addresses are refused. Every address the host resolves to is checked when
connecting and the checked one is connected to (no DNS rebinding); a refused delivery fails
at once, without retries; redirects are not followed.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import random
import secrets
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from screening.api.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    WebhookSecret,
)
from screening.models import Lab

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Referee-Signature-256"
USER_AGENT = "Referee-Webhooks/1"
RETRY_CAP_SECONDS = 30 * 60
# Assessments per assessment.updated event: a rescore of a large role is sent in parts.
ASSESSMENTS_PER_EVENT = 200


class DeliveryRefused(Exception):
    """The endpoint may not be called (a private address, a bad URL); ``str()`` says why."""


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


# --- Events ----------------------------------------------------------------------------------


def webhook_emit(*, lab_id: int, event: str, data: dict) -> list[WebhookDelivery]:
    """Record a delivery of the event to each active endpoint of the lab subscribed to it, and
    send them once the transaction commits. Nothing is recorded if nobody listens."""
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(lab_id=lab_id, active=True).select_related(
            "lab"
        )
        if event in endpoint.events
    ]
    return _deliver_to(endpoints, event, data)


def endpoint_ping(*, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A ``ping`` event to one endpoint, to test that it receives and verifies deliveries."""
    data = {"endpoint": endpoint.pk, "message": "Referee can reach this endpoint."}
    return _deliver_to([endpoint], WebhookEvent.PING, data)[0]


def _deliver_to(endpoints: list[WebhookEndpoint], event: str, data: dict) -> list[WebhookDelivery]:
    if not endpoints:
        return []
    envelope_id = WebhookDelivery._meta.get_field("event_id").default()
    created_at = timezone.now()
    deliveries = []
    for endpoint in endpoints:
        body = json.dumps(
            {
                "id": str(envelope_id),
                "type": event,
                "created_at": created_at,
                "lab": {"id": endpoint.lab_id, "slug": endpoint.lab.slug},
                "data": data,
            },
            cls=DjangoJSONEncoder,
            separators=(",", ":"),
        )
        deliveries.append(
            WebhookDelivery.objects.create(
                endpoint=endpoint, event=event, event_id=envelope_id, body=body
            )
        )
    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: _enqueue(ids), robust=True)
    return deliveries


def _enqueue(delivery_ids: list[int]) -> None:
    from screening.api.tasks import deliver_webhook

    for delivery_id in delivery_ids:
        deliver_webhook.delay(delivery_id)


def document_event_data(document) -> dict:
    return {
        "document": {
            "id": document.pk,
            "candidate": document.candidate_id,
            "kind": document.kind,
            "original_name": document.original_name,
            "status": document.status,
            "error": document.error,
            "page_count": document.page_count,
            "finished_at": document.finished_at,
        }
    }


def assessment_events(*, lab_id: int, role_id: int, assessments: list[dict]) -> int:
    """Emit ``assessment.updated`` for a role's (re)computed assessments, in parts."""
    sent = 0
    for start in range(0, len(assessments), ASSESSMENTS_PER_EVENT):
        part = assessments[start : start + ASSESSMENTS_PER_EVENT]
        sent += len(
            webhook_emit(
                lab_id=lab_id,
                event=WebhookEvent.ASSESSMENT_UPDATED,
                data={"role": role_id, "assessments": part},
            )
        )
    return sent


# --- Delivery --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    delivery: WebhookDelivery | None
    retry_in: float | None = None  # seconds until the next attempt; None: done


def retry_delay(attempt: int) -> float:
    """Seconds before attempt ``attempt + 1``: doubling from the base, capped, with jitter."""
    base = settings.REFEREE_WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempt - 1)
    return min(base, RETRY_CAP_SECONDS) * random.uniform(0.8, 1.2)  # noqa: S311 - jitter


def webhook_deliver(*, delivery_id: int) -> Outcome:
    """Make the next attempt of a pending delivery and record it; says whether to retry."""
    delivery = (
        WebhookDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING)
        .select_related("endpoint__lab")
        .first()
    )
    if delivery is None:
        return Outcome(None)
    endpoint = delivery.endpoint
    number = delivery.attempts + 1
    body = delivery.body.encode()
    secret = lab_secret(lab=endpoint.lab).secret
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Referee-Event": delivery.event,
        "X-Referee-Delivery": str(delivery.pk),
        "X-Referee-Attempt": str(number),
        SIGNATURE_HEADER: sign(secret, body),
    }
    started = timezone.now()
    clock = time.monotonic()
    status_code, excerpt, error = None, "", ""
    # A refused destination (a private address, a bad URL) stays refused: trying again
    # would only knock on the same door, so the delivery fails at once.
    refused = False
    if not endpoint.active:
        error = "The endpoint was deactivated."
    else:
        try:
            status_code, excerpt = post(endpoint.url, body, headers)
        except DeliveryRefused as refusal:
            error, refused = str(refusal), True
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
    duration_ms = int((time.monotonic() - clock) * 1000)
    succeeded = status_code is not None and 200 <= status_code < 300
    if error == "" and not succeeded:
        error = f"The endpoint answered HTTP {status_code}."
    final = (
        succeeded
        or refused
        or number >= settings.REFEREE_WEBHOOK_MAX_ATTEMPTS
        or not endpoint.active
    )
    retry_in = None if final else retry_delay(number)
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=number,
            started_at=started,
            duration_ms=duration_ms,
            status_code=status_code,
            error=error[:300],
            response_excerpt=excerpt[:300],
        )
        delivery.attempts = number
        delivery.last_status_code = status_code
        delivery.last_error = error[:300]
        if succeeded:
            delivery.status = DeliveryStatus.SUCCEEDED
            delivery.delivered_at = timezone.now()
            delivery.next_attempt_at = None
        elif final:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = timezone.now() + timedelta(seconds=retry_in)
        delivery.save()
    if not succeeded:
        logger.info("webhook delivery %s attempt %s failed: %s", delivery.pk, number, error)
    return Outcome(delivery, retry_in)


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


def resolve(host: str, port: int) -> str:
    """The address to connect to for ``host``; refused if any address of it is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        # Often passing (a DNS outage): an attempt that fails and is retried, not a refusal.
        raise ConnectionError(f"The host {host} could not be resolved ({exc}).") from exc
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses:
        raise DeliveryRefused(f"The host {host} has no address.")
    if not settings.REFEREE_WEBHOOK_ALLOW_PRIVATE:
        for address in addresses:
            if not address_public(address):
                raise DeliveryRefused(
                    f"The host {host} resolves to {address}, a private, loopback or link-local "
                    "address; webhooks are only sent to public addresses."
                )
    return str(addresses[0])


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    """POST ``body`` to ``url`` on the checked address; the status and the answer's start."""
    problem = url_problem(url)
    if problem:
        raise DeliveryRefused(problem)
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    address = resolve(parts.hostname, port)
    timeout = settings.REFEREE_WEBHOOK_TIMEOUT_SECONDS
    if secure:
        connection = http.client.HTTPSConnection(parts.hostname, port, timeout=timeout)
    else:
        connection = http.client.HTTPConnection(parts.hostname, port, timeout=timeout)

    def connect_to_checked_address(target, *args, **kwargs):
        # The TLS certificate is still verified against the host name (SNI), not the address.
        return socket.create_connection((address, target[1]), *args, **kwargs)

    connection._create_connection = connect_to_checked_address
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(300).decode(errors="replace")
        return response.status, excerpt
    finally:
        connection.close()
