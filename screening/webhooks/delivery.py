"""One attempt of a webhook delivery: signed, sent to a checked public address, recorded,
and the delay before the next attempt."""

from __future__ import annotations

import http.client
import ipaddress
import logging
import random
import socket
import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from screening.api.models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from screening.webhooks.endpoints import address_public, lab_secret, sign, url_problem

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Referee-Signature-256"
USER_AGENT = "Referee-Webhooks/1"
RETRY_CAP_SECONDS = 30 * 60


class DeliveryRefused(Exception):
    """The endpoint may not be called (a private address, a bad URL); ``str()`` says why."""


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
        elif retry_in is None:  # the last attempt
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = timezone.now() + timedelta(seconds=retry_in)
        delivery.save()
    if not succeeded:
        logger.info("webhook delivery %s attempt %s failed: %s", delivery.pk, number, error)
    return Outcome(delivery, retry_in)


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
    host = parts.hostname
    assert host is not None  # url_problem refuses a URL without a host
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    address = resolve(host, port)
    timeout = settings.REFEREE_WEBHOOK_TIMEOUT_SECONDS
    connection: http.client.HTTPConnection
    if secure:
        connection = http.client.HTTPSConnection(host, port, timeout=timeout)
    else:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)

    def connect_to_checked_address(target, *args, **kwargs):
        # The TLS certificate is still verified against the host name (SNI), not the address.
        return socket.create_connection((address, target[1]), *args, **kwargs)

    # http.client's own hook for opening the socket, which its stubs do not declare.
    connection._create_connection = connect_to_checked_address  # type: ignore[attr-defined]
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(300).decode(errors="replace")
        return response.status, excerpt
    finally:
        connection.close()
