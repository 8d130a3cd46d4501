"""End to end: a CV uploaded over HTTP to a real web process, read and scored by a real Celery
worker on the embedded (filesystem) broker, then the ranked shortlist and the explanation read
back over HTTP, with signed webhooks received along the way."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from candidates.synthetic import generate, render_cv_pdf
from screening.api.tokens import token_create
from screening.models import LabRole
from screening.webhooks.endpoints import lab_secret, signature_valid
from tests.factories import LabFactory, MembershipFactory, UserFactory
from tests.pages import make_role
from tests.workers import ROOT, celery_worker, child_environment, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def web_server(env: dict[str, str], log: Path) -> Iterator[str]:
    """The web app under gunicorn, as in production, on a free local port."""
    port = free_port()
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(lambda: _answers(f"{base}/healthz"), timeout=30, what="gunicorn", log=log)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - a local test server
            return True
    except (urllib.error.URLError, OSError):
        return False


class Api:
    def __init__(self, base: str, token: str):
        self.base, self.token = base, token

    def call(self, method: str, path: str, body: bytes | None = None, headers=None) -> tuple:
        request = urllib.request.Request(  # noqa: S310 - a local test server
            self.base + path,
            data=body,
            method=method,
            headers={"Authorization": f"Bearer {self.token}", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def get(self, path: str):
        return self.call("GET", path)

    def post_json(self, path: str, data: dict):
        return self.call(
            "POST", path, json.dumps(data).encode(), {"Content-Type": "application/json"}
        )

    def upload(self, path: str, fields: dict, name: str, content: bytes, key: str):
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Idempotency-Key": key,
        }
        return self.call("POST", path, body, headers)


@contextmanager
def webhook_receiver() -> Iterator[tuple[list, str]]:
    received: list[tuple[dict, bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(
                (dict(self.headers), self.rfile.read(int(self.headers["Content-Length"])))
            )
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield received, f"http://127.0.0.1:{server.server_address[1]}/referee"
    finally:
        server.shutdown()
        server.server_close()


def test_a_cv_uploaded_over_http_is_read_by_a_worker_and_ranked(tmp_path):
    started = time.monotonic()
    lab = LabFactory(slug="e2e-lab")
    admin = UserFactory(username="e2e-admin")
    MembershipFactory(user=admin, lab=lab, role=LabRole.ADMIN)
    role = make_role(lab, "research-scientist-ml")
    token = token_create(user=admin, name="e2e").key
    person = generate(7, archetype="researcher")
    env = child_environment("filesystem://localhost//", tmp_path / "broker")
    env["REFEREE_WEBHOOK_ALLOW_PRIVATE"] = "true"
    log = tmp_path / "worker.log"

    with (
        webhook_receiver() as (received, hook_url),
        web_server(env, tmp_path / "web.log") as base,
        celery_worker(env, log) as worker,
    ):
        api = Api(base, token)
        status, endpoint = api.post_json(
            "/api/v1/webhooks/",
            {
                "lab": lab.pk,
                "url": hook_url,
                "events": ["document.processed", "document.failed", "assessment.updated"],
            },
        )
        assert status == 201, endpoint

        status, document = api.upload(
            "/api/v1/documents/", {"role": role.pk}, "ada__cv.pdf", render_cv_pdf(person), "e2e-1"
        )
        assert status == 201, document
        assert document["status"] == "queued"

        def read() -> bool:
            return api.get(f"/api/v1/documents/{document['id']}/")[1]["status"] == "done"

        wait_for(read, timeout=120, what="the CV to be read", log=log)

        def ranked() -> bool:
            # Every applicant is listed from the upload on; ranked once scored.
            rows = api.get(f"/api/v1/roles/{role.pk}/shortlist/")[1]["results"]
            return [row["ranked"] for row in rows] == [True]

        wait_for(ranked, timeout=60, what="the applicant to be scored", log=log)
        status, shortlist = api.get(f"/api/v1/roles/{role.pk}/shortlist/")
        (row,) = shortlist["results"]
        assert row["rank"] == 1
        assert row["score"] > 0
        assert row["candidate"]["name"] == person.name
        status, assessment = api.get(f"/api/v1/assessments/{row['assessment']}/")
        cited = [e for item in assessment["criteria"] for e in item["evidence"]]
        assert cited
        assert all(e["document"]["id"] == document["id"] for e in cited)
        assert any(e["page"] == 1 for e in cited)

        # A retried upload (same Idempotency-Key) replays the answer; nothing new is queued.
        status, again = api.upload(
            "/api/v1/documents/", {"role": role.pk}, "ada__cv.pdf", render_cv_pdf(person), "e2e-1"
        )
        assert (status, again["id"]) == (201, document["id"])

        def delivered() -> bool:
            types = {json.loads(body)["type"] for _, body in received}
            return {"document.processed", "assessment.updated"} <= types

        wait_for(delivered, timeout=60, what="the webhooks", log=log)
        assert worker.poll() is None
        status, deliveries = api.get("/api/v1/webhook-deliveries/?status=succeeded")
        assert deliveries["count"] >= 2

    secret = lab_secret(lab=lab).secret
    for headers, body in received:
        assert signature_valid(secret, body, headers["X-Referee-Signature-256"])
    processed = next(json.loads(b) for _, b in received if b"document.processed" in b)
    assert processed["data"]["document"]["id"] == document["id"]
    assert time.monotonic() - started < 240
