"""The Celery application. Workers start with ``celery -A config worker``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("referee")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# A worker started by `manage.py serve` or the tests takes both queues; production can run
# separate workers per queue (see README).
WORKER_QUEUES = "parse,score"


def worker_argv(*, concurrency: int, queues: str = WORKER_QUEUES) -> list[str]:
    """The arguments after ``python -m celery`` that start a Referee worker."""
    return [
        "-A", "config", "worker", "--loglevel", "INFO", "--concurrency", str(concurrency),
        "--queues", queues, "--without-gossip", "--without-mingle",
    ]  # fmt: skip
