"""Webhooks, an outbound integration of its own: a lab's endpoints receive signed events,
retried with backoff until delivered.

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

Where events come from: the actions that know what changed send named signals, and
:mod:`.events` answers them (connected in ``screening.apps``): ``document.processed`` and
``document.failed`` when ``candidates.processing`` ends a document's reading
(``candidates.signals.document_read``), ``assessment.updated`` when ``screening.assessing``
stores a role's assessments (``screening.signals.assessments_computed``), listing those.
An erasure takes the candidate out of recorded payloads (:mod:`.erasure`).

- :mod:`.endpoints`: the lab's signing secret, endpoints, which URLs may be one;
- :mod:`.events`: recording an event's deliveries, enqueued once the transaction commits;
- :mod:`.delivery`: one attempt of a delivery, its record and the next retry;
  :mod:`.tasks`, the Celery task making the attempts;
- :mod:`.selectors`: the labs' endpoints and deliveries, as the API lists them;
- the records (``WebhookEndpoint``, ``WebhookDelivery``, ``WebhookAttempt``, ``WebhookSecret``)
  stay models of the API app (``screening.api.models``, tables ``api_*``): moving them would
  rename their admin pages and permissions and buy nothing else.
"""
