"""Webhooks: registration (lab admins), signed deliveries to a real HTTP receiver, retries with
backoff, attempts visible through the API, and the events the pipeline emits."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from candidates.processing import document_process
from candidates.services import document_ingest
from screening.api.models import DeliveryStatus, WebhookDelivery, WebhookSecret
from screening.assessing import role_assess
from screening.models import Assessment
from screening.webhooks.delivery import DeliveryRefused, resolve, retry_delay
from screening.webhooks.endpoints import lab_secret, signature_valid, url_problem
from screening.webhooks.events import webhook_emit
from screening.webhooks.tasks import deliver_webhook
from tests.api_support import build_world
from tests.pdfs import text_pdf

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


@pytest.fixture
def world():
    return build_world(applicants=1)


class Receiver:
    """A local HTTP endpoint that records requests and answers with the given statuses."""

    def __init__(self, statuses: list[int]):
        self.statuses = list(statuses)
        self.requests: list[tuple[dict, bytes]] = []

    def handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"not now")

            def log_message(self, *args):
                pass

        return Handler


@contextmanager
def receiving(statuses=()) -> Iterator[tuple[Receiver, str]]:
    receiver = Receiver(list(statuses))
    server = ThreadingHTTPServer(("127.0.0.1", 0), receiver.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver, f"http://127.0.0.1:{server.server_address[1]}/hooks?x=1"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def private_allowed(settings):
    settings.REFEREE_WEBHOOK_ALLOW_PRIVATE = True
    settings.REFEREE_WEBHOOK_RETRY_BASE_SECONDS = 1
    settings.REFEREE_WEBHOOK_TIMEOUT_SECONDS = 5


def register(world, url: str, events=("document.processed", "document.failed")) -> dict:
    response = world.client("admin").post(
        f"{V1}/webhooks/", {"lab": world.lab.pk, "url": url, "events": list(events)}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_only_lab_admins_manage_webhooks_and_the_secret(world):
    body = {"lab": world.lab.pk, "url": "https://ats.example.org/h", "events": ["ping"]}
    for who in ("recruiter", "manager"):
        client = world.client(who)
        ok = {**body, "events": ["document.failed"]}
        assert client.post(f"{V1}/webhooks/", ok, format="json").status_code == 403
        assert client.get(f"{V1}/webhooks/{world.endpoint.pk}/").status_code == 403
        assert client.get(f"{V1}/labs/{world.lab.pk}/webhook-secret/").status_code == 403
        assert client.get(f"{V1}/webhooks/").json()["count"] == 0
    admin = world.client("admin")
    assert admin.post(f"{V1}/webhooks/", body, format="json").status_code == 400  # not subscribable
    secret = admin.get(f"{V1}/labs/{world.lab.pk}/webhook-secret/").json()["secret"]
    rotated = admin.post(f"{V1}/labs/{world.lab.pk}/webhook-secret/").json()["secret"]
    assert secret.startswith("whsec_")
    assert rotated != secret
    assert WebhookSecret.objects.get(lab=world.lab).secret == rotated
    assert world.client("outsider").get(f"{V1}/webhooks/{world.endpoint.pk}/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/hook",
        "http://127.0.0.1/hook",
        "http://localhost:8000/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.8/hook",
        "http://[::1]/hook",
        "https://user:pass@example.org/hook",
    ],
)
def test_unsafe_endpoint_urls_are_refused(world, url):
    response = world.client("admin").post(
        f"{V1}/webhooks/",
        {"lab": world.lab.pk, "url": url, "events": ["document.failed"]},
        format="json",
    )

    assert response.status_code == 400
    assert "url" in response.json()["errors"]


# IPv6 spellings of loopback, private and metadata IPv4 addresses, and tunnels to any of them.
HIDDEN_PRIVATE_ADDRESSES = [
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "64:ff9b:1::a00:8",  # local-use NAT64
    "2002:7f00:1::",  # 6to4 of 127.0.0.1
    "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
    "::127.0.0.1",  # IPv4-compatible
    "::10.0.0.8",
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:0:a00:8",  # IPv4-translated (SIIT) of 10.0.0.8
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
]


@pytest.mark.parametrize("address", HIDDEN_PRIVATE_ADDRESSES)
def test_ipv6_forms_of_private_addresses_are_refused_when_saved_and_when_sent(
    world, settings, address
):
    settings.REFEREE_WEBHOOK_ALLOW_PRIVATE = False
    response = world.client("admin").post(
        f"{V1}/webhooks/",
        {"lab": world.lab.pk, "url": f"http://[{address}]/hook", "events": ["document.failed"]},
        format="json",
    )
    assert response.status_code == 400
    assert "private" in str(response.json()["errors"]["url"])
    # A host name resolving to it is refused when connecting.
    with pytest.raises(DeliveryRefused, match="private"):
        resolve(address, 80)


@pytest.mark.parametrize("address", ["64:ff9b::808:808", "2002:808:808::1", "2606:4700::1111"])
def test_ipv6_forms_of_public_addresses_are_accepted(settings, address):
    settings.REFEREE_WEBHOOK_ALLOW_PRIVATE = False
    assert url_problem(f"https://[{address}]/hook") is None


def test_a_refused_destination_fails_at_once_without_retries(world, settings):
    settings.REFEREE_WEBHOOK_ALLOW_PRIVATE = False
    settings.REFEREE_WEBHOOK_MAX_ATTEMPTS = 8
    # Not an address when saved, but the host name resolves to 127.0.0.1 (as one saved while
    # it resolved to a public address and later pointed at loopback would).
    world.endpoint.url = "http://2130706433/hook"
    world.endpoint.events = ["document.failed"]
    world.endpoint.active = True
    world.endpoint.save()
    (delivery,) = webhook_emit(
        lab_id=world.lab.pk, event="document.failed", data={"document": {"id": 7}}
    )

    assert deliver_webhook.apply(args=[delivery.pk]).get() == DeliveryStatus.FAILED
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 1
    assert delivery.next_attempt_at is None
    assert "private" in delivery.last_error


def test_a_host_resolving_to_a_private_address_is_not_called(settings):
    settings.REFEREE_WEBHOOK_ALLOW_PRIVATE = False
    assert url_problem("https://hooks.example.org/x") is None
    with pytest.raises(DeliveryRefused, match="private"):
        resolve("localhost", 80)


def test_a_processed_document_is_delivered_signed(
    world, private_allowed, django_capture_on_commit_callbacks
):
    with receiving() as (receiver, url):
        endpoint = register(world, url)
        document = document_ingest(
            lab_id=world.lab.pk,
            content=text_pdf("Ada Example\nPhD in Statistics"),
            filename="a.pdf",
            enqueue=False,
        ).document
        with django_capture_on_commit_callbacks(execute=True):
            document_process(document_id=document.pk)
        delivery = WebhookDelivery.objects.get(endpoint_id=endpoint["id"])
        deliver_webhook.apply(args=[delivery.pk])

    (headers, body) = receiver.requests[0]
    secret = lab_secret(lab=world.lab).secret
    assert signature_valid(secret, body, headers["X-Referee-Signature-256"])
    assert not signature_valid("whsec_wrong", body, headers["X-Referee-Signature-256"])
    event = json.loads(body)
    assert event["type"] == headers["X-Referee-Event"] == "document.processed"
    assert event["data"]["document"]["id"] == document.pk
    assert event["data"]["document"]["status"] == "done"
    assert headers["X-Referee-Delivery"] == str(delivery.pk)

    seen = world.client("admin").get(f"{V1}/webhook-deliveries/{delivery.pk}/").json()
    assert seen["status"] == "succeeded"
    assert seen["payload"] == event
    assert [a["status_code"] for a in seen["attempt_log"]] == [200]


def test_a_failing_endpoint_is_retried_with_backoff_and_every_attempt_is_kept(
    world, private_allowed
):
    with receiving([500, 503, 200]) as (receiver, url):
        endpoint = register(world, url)
        (delivery,) = webhook_emit(
            lab_id=world.lab.pk, event="document.failed", data={"document": {"id": 7}}
        )
        deliver_webhook.apply(args=[delivery.pk])  # eager: each retry runs at once

    assert len(receiver.requests) == 3
    assert [h["X-Referee-Attempt"] for h, _ in receiver.requests] == ["1", "2", "3"]
    listed = (
        world.client("admin")
        .get(f"{V1}/webhook-deliveries/", {"endpoint": endpoint["id"]})
        .json()["results"]
    )
    (seen,) = listed
    assert seen["status"] == "succeeded"
    assert seen["attempts"] == 3
    assert [a["status_code"] for a in seen["attempt_log"]] == [500, 503, 200]
    assert "HTTP 500" in seen["attempt_log"][0]["error"]


def test_a_delivery_gives_up_after_the_last_attempt(world, private_allowed, settings):
    settings.REFEREE_WEBHOOK_MAX_ATTEMPTS = 2
    with receiving([500, 500, 500]) as (receiver, url):
        register(world, url)
        (delivery,) = webhook_emit(
            lab_id=world.lab.pk, event="document.failed", data={"document": {"id": 7}}
        )
        deliver_webhook.apply(args=[delivery.pk])

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 2 == len(receiver.requests)


def test_backoff_doubles_and_is_capped(settings):
    settings.REFEREE_WEBHOOK_RETRY_BASE_SECONDS = 30
    delays = [retry_delay(n) for n in (1, 2, 3, 10)]

    assert 24 <= delays[0] <= 36
    assert 48 <= delays[1] <= 72
    assert 96 <= delays[2] <= 144
    assert delays[3] <= 30 * 60 * 1.2


def test_a_ping_is_queued_to_the_endpoint(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        response = world.client("admin").post(f"{V1}/webhooks/{world.endpoint.pk}/ping/")

    assert response.status_code == 202
    assert response.json()["event"] == "ping"
    assert response.json()["status"] == "pending"
    assert queued


def test_storing_assessments_emits_assessment_updated_listing_exactly_those(
    django_capture_on_commit_callbacks,
):
    world = build_world(applicants=2)
    register(world, "https://hooks.example.org/a", events=["assessment.updated"])
    application = world.application

    with django_capture_on_commit_callbacks(execute=True):
        role_assess(role=world.role, application_ids=[application.pk])

    delivery = WebhookDelivery.objects.filter(event="assessment.updated").get()
    data = json.loads(delivery.body)["data"]
    assessment = Assessment.objects.get(application=application)
    assert data["role"] == world.role.pk
    assert data["assessments"] == [
        {
            "id": assessment.pk,
            "application": application.pk,
            "candidate": world.candidate.pk,
            "score": assessment.score,
            "has_barrier": assessment.has_barrier,
            "computed_at": DjangoJSONEncoder().default(assessment.computed_at),
        }
    ]


def test_no_assessment_is_reported_before_its_transaction_commits(
    world, django_capture_on_commit_callbacks
):
    register(world, "https://hooks.example.org/a", events=["assessment.updated"])

    with django_capture_on_commit_callbacks() as pending:
        role_assess(role=world.role)
        recorded_before_commit = WebhookDelivery.objects.filter(event="assessment.updated").count()
    for callback in pending:
        callback()

    assert recorded_before_commit == 0
    assert WebhookDelivery.objects.filter(event="assessment.updated").count() == 1


def test_nothing_is_recorded_when_no_endpoint_listens(world):
    assert webhook_emit(lab_id=world.other_lab.pk, event="document.failed", data={}) == []


def test_a_rescore_task_emits_assessment_updated(world, django_capture_on_commit_callbacks):
    from screening.tasks import rescore_role

    register(world, "https://hooks.example.org/a", events=["assessment.updated"])

    with django_capture_on_commit_callbacks(execute=True):
        rescore_role.apply(args=[world.role.pk])

    (delivery,) = WebhookDelivery.objects.filter(event="assessment.updated")
    assert json.loads(delivery.body)["data"]["assessments"][0]["candidate"] == world.candidate.pk


def test_deliveries_are_sent_on_the_webhook_queue(settings):
    from config.celery_app import app

    route = app.amqp.router.route({}, deliver_webhook.name)

    assert route["queue"].name == settings.REFEREE_WEBHOOK_QUEUE == "score"
