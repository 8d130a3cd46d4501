"""`manage.py demo` and `manage.py serve`: what `make run` does, on the real processes."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import urllib.request
from io import StringIO

import pytest
from django.core.management import call_command

from candidates.models import Candidate, Document, DocumentStatus
from screening.models import Application, Lab, RoleProfile
from tests.pdfs import text_pdf
from tests.workers import ROOT, child_environment, manage, wait_for

pytestmark = pytest.mark.django_db


def test_the_demo_creates_a_lab_login_role_and_queued_cvs_and_reuses_them(tmp_path, client):
    out = StringIO()
    call_command("demo", "--count", "5", "--folder", str(tmp_path), stdout=out)
    documents = Document.objects.count()
    call_command("demo", "--count", "5", "--folder", str(tmp_path), stdout=out)

    assert "Login: demo / referee-demo" in out.getvalue()
    assert Document.objects.count() == documents
    assert Lab.objects.get().slug == "demo"
    assert RoleProfile.objects.count() == 1
    # Five people; a CV and the .bib of the same person are one candidate.
    assert Candidate.objects.count() == 5
    assert Application.objects.count() == 5
    assert documents > 5
    assert set(Document.objects.values_list("status", flat=True)) == {DocumentStatus.QUEUED}
    assert client.login(username="demo", password="referee-demo")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_serve_runs_the_web_app_and_a_worker_until_interrupted(tmp_path):
    env = child_environment("filesystem://localhost//", tmp_path / "broker")
    port = free_port()
    log = tmp_path / "serve.log"
    cv = tmp_path / "ada.pdf"
    cv.write_bytes(text_pdf("Ada Example\nPhD in Statistics"))
    lab = Lab.objects.create(name="Serve Lab", slug="serve-lab")

    with log.open("w") as out:
        serve = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--port", str(port), "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:

            def healthy() -> bool:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                        return True
                except OSError:
                    return False

            wait_for(healthy, timeout=60, what="the web app to answer", log=log)
            assert manage(env, "ingest", str(cv), "--lab", lab.slug).returncode == 0
            wait_for(
                lambda: Document.objects.filter(status=DocumentStatus.DONE).exists(),
                timeout=60,
                what="the worker to process the CV",
                log=log,
            )
        finally:
            serve.send_signal(signal.SIGINT)
            code = serve.wait(timeout=60)

    assert code == 0, log.read_text()
    assert f"Referee is running at http://127.0.0.1:{port}/" in log.read_text()
