"""An erased candidate leaves the webhook payloads recorded for their lab.

A delivery about the candidate alone (their document's event) is deleted; one that also
concerns others (an ``assessment.updated`` listing many applicants) keeps the others' parts
with the candidate's taken out, so the receiver still gets what it needs about them.
"""

from __future__ import annotations

import json

from candidates.models import Candidate
from screening.api.models import WebhookDelivery
from screening.privacy import concerns_a_candidate, mentions, redact, stored_json


def webhook_payloads_erase(sender, candidate: Candidate, **kwargs) -> dict[str, int]:
    """``screening.signals.candidate_erasing``: the counts of deliveries deleted and redacted."""
    deleted, redacted = [], 0
    for delivery in WebhookDelivery.objects.filter(endpoint__lab_id=candidate.lab_id).only("body"):
        body = stored_json(delivery.body)
        if not mentions(body, candidate):
            continue
        kept = redact(body, candidate)
        if not isinstance(kept, dict) or not concerns_a_candidate(kept.get("data")):
            deleted.append(delivery.pk)
            continue
        delivery.body = json.dumps(kept, separators=(",", ":"))
        delivery.save(update_fields=["body"])
        redacted += 1
    WebhookDelivery.objects.filter(pk__in=deleted).delete()
    return {"webhook_deliveries": len(deleted), "webhook_deliveries_redacted": redacted}
