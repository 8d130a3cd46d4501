"""``Idempotency-Key``: a retried POST gets the first response instead of doing the work twice.

The key is scoped to the user. The first request with a key claims it; its response, if
successful (2xx), is stored for 24 hours and replayed to a retry with the same key and the
same request, marked with ``Idempotent-Replayed: true``. The same key with a different request
is refused (422); a retry while the first request is still running is told to wait (409). A
failed request frees its key, so the client can retry it. "The same request" means the same
method, path, fields and file contents (a multipart boundary may differ between retries).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.response import Response

from candidates.models import Candidate
from screening.api.errors import IdempotencyKeyInUse, IdempotencyKeyReused
from screening.api.models import IdempotencyKey
from screening.privacy import mentions

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_LIFETIME = timedelta(hours=24)
# A claim older than this whose request never finished (a crashed process) can be taken over.
ABANDONED_AFTER = timedelta(minutes=5)
MAX_KEY_LENGTH = 255
KEPT_HEADERS = ("Location",)


def request_fingerprint(method: str, path: str, fields: Mapping, files: Mapping) -> str:
    """SHA-256 of what a request says: its fields, and the SHA-256 of each file's bytes."""
    summary = {
        "method": method,
        "path": path,
        "fields": {key: fields[key] for key in sorted(fields)},
        "files": {key: hashlib.sha256(files[key]).hexdigest() for key in sorted(files)},
    }
    encoded = json.dumps(summary, sort_keys=True, cls=DjangoJSONEncoder, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def idempotency_key(request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise exceptions.ValidationError(
            {HEADER: [f"Give 1 to {MAX_KEY_LENGTH} printable characters, e.g. a UUID."]}
        )
    return key


def run_idempotent(request, *, fingerprint: str, handler: Callable[[], Response]) -> Response:
    """``handler()``'s response, or the stored one if this request was already made."""
    key = idempotency_key(request)
    if key is None:
        return handler()
    now = timezone.now()
    IdempotencyKey.objects.filter(created_at__lt=now - KEY_LIFETIME).delete()
    record, claimed = _claim(request, key, fingerprint)
    if record.fingerprint != fingerprint:
        raise IdempotencyKeyReused(
            f"The Idempotency-Key {key!r} was used with a different request (another method, "
            "path, fields or file) in the last 24 hours. Use a new key for a new request."
        )
    if record.completed_at is not None:
        stored = record.response or {}
        headers = {**stored.get("headers", {}), REPLAYED_HEADER: "true"}
        return Response(stored.get("body"), status=record.status_code, headers=headers)
    if not claimed:
        taken = IdempotencyKey.objects.filter(
            pk=record.pk, completed_at__isnull=True, created_at__lt=now - ABANDONED_AFTER
        ).update(created_at=now)
        if not taken:
            raise IdempotencyKeyInUse(
                f"A request with the Idempotency-Key {key!r} is still being processed; retry "
                "in a few seconds to get its response."
            )
    try:
        response = handler()
    except BaseException:
        IdempotencyKey.objects.filter(pk=record.pk).delete()
        raise
    if 200 <= response.status_code < 300:
        kept = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        body = json.loads(json.dumps(response.data, cls=DjangoJSONEncoder))
        IdempotencyKey.objects.filter(pk=record.pk).update(
            status_code=response.status_code,
            response={"body": body, "headers": kept},
            completed_at=timezone.now(),
        )
    else:
        IdempotencyKey.objects.filter(pk=record.pk).delete()
    return response


def _claim(request, key: str, fingerprint: str) -> tuple[IdempotencyKey, bool]:
    """The key's record, and whether this request just claimed it (else an earlier one did)."""
    for _ in range(3):
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(
                    user=request.user,
                    key=key,
                    method=request.method,
                    path=request.path[:500],
                    fingerprint=fingerprint,
                )
        except IntegrityError:
            existing = IdempotencyKey.objects.filter(user=request.user, key=key).first()
            if existing is None:  # the other request failed and freed the key meanwhile
                continue
            return existing, False
        return record, True
    raise IdempotencyKeyInUse(f"The Idempotency-Key {key!r} is busy; retry in a few seconds.")


def stored_answers_erase(sender, candidate: Candidate, **kwargs) -> dict[str, int]:
    """``screening.signals.candidate_erasing``: delete the stored answers to idempotent requests
    that mention the erased candidate; how many."""
    answers = [
        key.pk
        for key in IdempotencyKey.objects.filter(
            user__lab_memberships__lab_id=candidate.lab_id
        ).only("response")
        if mentions(key.response, candidate)
    ]
    IdempotencyKey.objects.filter(pk__in=answers).delete()
    return {"stored_api_answers": len(answers)}
