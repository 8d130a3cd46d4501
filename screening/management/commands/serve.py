"""`manage.py serve`: the web app, a Celery worker and Celery beat together, until Ctrl-C.

Each runs as a process of its own, supervised: one that dies is restarted (config.supervisor).
"""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.celery_app import beat_argv, worker_argv
from config.env import env_int, env_str
from config.supervisor import Supervisor


class Command(BaseCommand):
    help = (
        "Serve the web app (gunicorn) with a Celery worker and Celery beat beside it, restarting "
        "any of them that dies, until interrupted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=env_str("HOST", default="127.0.0.1"))
        parser.add_argument(
            "--port", type=int, default=env_int("PORT", default=8000, minimum=1, maximum=65535)
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=env_int("WORKER_CONCURRENCY", default=2, minimum=1),
            help="Worker processes for parsing (default: WORKER_CONCURRENCY or 2).",
        )

    def log(self, message: str) -> None:
        self.stderr.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} serve: {message}")

    def handle(self, *args, host: str, port: int, workers: int, **options) -> None:
        python = sys.executable
        # Beat keeps its schedule there, and cannot start without the folder.
        Path(settings.CELERY_BEAT_SCHEDULE_FILENAME).parent.mkdir(parents=True, exist_ok=True)
        web = [
            python, "-m", "gunicorn",
            "--config", str(settings.BASE_DIR / "gunicorn.conf.py"),  # no query strings in the log
            "config.wsgi", "--bind", f"{host}:{port}",
            "--workers", "2", "--access-logfile", "-",
        ]  # fmt: skip
        supervisor = Supervisor(
            {
                "web": web,
                "worker": [python, "-m", "celery", *worker_argv(concurrency=workers)],
                "beat": [python, "-m", "celery", *beat_argv()],
            },
            log=self.log,
        )
        signal.signal(signal.SIGINT, supervisor.request_stop)
        signal.signal(signal.SIGTERM, supervisor.request_stop)
        url = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"\nReferee is running at {url}"))
        self.stdout.write(
            f"Sign in as {settings.REFEREE_DEMO_USERNAME} / {settings.REFEREE_DEMO_PASSWORD} "
            "(the demo login). Press Ctrl-C to stop.\n"
        )
        if supervisor.run():
            raise CommandError("Referee stopped because a process kept failing (see above).")
