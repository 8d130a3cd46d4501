"""`manage.py serve`: the web app and a Celery worker together, until Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from config.celery_app import worker_argv


class Command(BaseCommand):
    help = "Serve the web app (gunicorn) and run a Celery worker beside it until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WORKER_CONCURRENCY", "2")),
            help="Worker processes for parsing (default: WORKER_CONCURRENCY or 2).",
        )

    def handle(self, *args, host: str, port: int, workers: int, **options) -> None:
        python = sys.executable
        commands = {
            "worker": [python, "-m", "celery", *worker_argv(concurrency=workers, beat=True)],
            "web": [
                python,
                "-m",
                "gunicorn",
                "--config",
                str(settings.BASE_DIR / "gunicorn.conf.py"),  # no query strings in the log
                "config.wsgi",
                "--bind",
                f"{host}:{port}",
                "--workers",
                "2",
                "--access-logfile",
                "-",
            ],
        }
        processes = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}
        url = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"\nReferee is running at {url}"))
        self.stdout.write(
            f"Sign in as {settings.REFEREE_DEMO_USERNAME} / {settings.REFEREE_DEMO_PASSWORD} "
            "(the demo login). Press Ctrl-C to stop.\n"
        )
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                exited = [name for name, p in processes.items() if p.poll() is not None]
                if exited:
                    self.stderr.write(f"The {exited[0]} process stopped; shutting down.")
                    break
                time.sleep(0.5)
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.terminate()
            for process in processes.values():
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
