"""The Celery application. Workers start with ``celery -A config worker``."""

import os
import resource

from celery import Celery
from celery.fixups.django import DjangoFixup
from celery.signals import task_postrun, task_prerun, worker_process_init
from django.db import InterfaceError, OperationalError, close_old_connections


def django_fixup(app: Celery) -> DjangoFixup:
    """Celery's Django fixup (Django set up in the worker, tasks found in the apps, connections
    closed between tasks), installed whether DJANGO_SETTINGS_MODULE is set yet or not.

    Every process imports this module with the `config` package, web servers too, before
    config.wsgi chooses its default settings (production). Celery's own fixup installs itself
    only when DJANGO_SETTINGS_MODULE is already set as the app is made, so a default set here
    would become the web servers' too. The default of Celery's commands (the local settings, as
    for manage.py) is set instead when the app first reads its configuration, by which time a
    web server or manage.py has chosen theirs.
    """
    return DjangoFixup(app).install()


app = Celery("referee", fixups=[django_fixup])


@app.on_configure.connect
def local_settings_by_default(**kwargs) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def limit_memory(**kwargs) -> None:
    """Cap each worker child's heap, so a parse that blows up fails alone.

    Past the cap allocations fail: Python raises MemoryError (the document fails with a
    message) or the child dies and its task is redelivered, and after a few deliveries the
    document is failed for good (candidates.processing.MAX_ATTEMPTS).
    """
    from django.conf import settings

    megabytes = settings.REFEREE_WORKER_MEMORY_MB
    if megabytes:
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        limit = megabytes * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


@task_prerun.connect
@task_postrun.connect
def close_stale_connections(task=None, **kwargs) -> None:
    """Between tasks, close database connections past their age or broken, as Django does
    between requests (settings.CELERY_DB_REUSE_MAX says why Celery's own closing is relaxed).

    An eager task runs inside its caller's transaction, which must not be touched.
    """
    if task is None or not getattr(task.request, "is_eager", False):
        close_old_connections()


# A worker started by `manage.py serve` or the tests takes both queues; production can run
# separate workers per queue (see README).
WORKER_QUEUES = "parse,score"

# The options of every task that does the project's work: acknowledged once done, so a lost
# worker's task is delivered again, and retried with backoff on a database outage (which is
# transient) instead of failing its document, role or delivery. shared_task(**RETRIED).
RETRIED = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "max_retries": 10,
}


def worker_argv(*, concurrency: int, queues: str = WORKER_QUEUES) -> list[str]:
    """The arguments after ``python -m celery`` that start a Referee worker."""
    return [
        "-A", "config", "worker", "--loglevel", "INFO", "--concurrency", str(concurrency),
        "--queues", queues, "--without-gossip", "--without-mingle",
    ]  # fmt: skip


def beat_argv() -> list[str]:
    """The arguments after ``python -m celery`` that start Celery beat, the periodic jobs.

    One beat per installation: ``manage.py serve`` runs it beside its worker, production runs
    one ``celery -A config beat``.
    """
    return ["-A", "config", "beat", "--loglevel", "INFO"]
