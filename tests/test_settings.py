"""Settings come from the environment; the defaults give the embedded mode.

config.settings.base is what every environment shares, with debug mode off; local (manage.py's
and Celery's default, what `make run` serves), production (config.wsgi's and config.asgi's
default) and test (pytest's) build on it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.workers import ROOT

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "a-production-secret-that-is-long-and-random-0123456789-abcdefghijkl",
    "DJANGO_ALLOWED_HOSTS": "referee.example.org",
    "DATABASE_URL": "postgres://referee:pw@db.internal:5432/referee",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
}


def environment(env: dict[str, str]) -> dict[str, str]:
    """This process's environment without any Referee setting, plus ``env``."""
    prefixes = ("DJANGO_", "DATABASE_", "CELERY_", "REDIS_", "REFEREE_")
    return {**{k: v for k, v in os.environ.items() if not k.startswith(prefixes)}, **env}


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment(env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def settings_in(env: dict[str, str], *names: str) -> dict:
    """Load the settings in a fresh interpreter with exactly these variables set."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    result = run(env, "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


SHOW_SETTINGS = "from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)"


def test_debug_mode_is_off_in_the_base_settings_and_on_only_in_the_local_ones():
    modules = ("base", "local", "production", "test")
    debug = {
        module: settings_in(
            {**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": f"config.settings.{module}"}, "DEBUG"
        )["DEBUG"]
        for module in modules
    }

    assert debug == {"base": False, "local": True, "production": False, "test": False}


def test_manage_py_runs_the_local_settings_by_default():
    result = run({}, "manage.py", "shell", "-v", "0", "-c", SHOW_SETTINGS)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["config.settings.local", "True"]


def test_celery_runs_the_local_settings_by_default():
    result = run({}, "-m", "celery", "-A", "config", "report")

    assert result.returncode == 0, result.stderr
    assert "SETTINGS_MODULE: 'config.settings.local'" in result.stdout
    assert "\nDEBUG: True\n" in result.stdout


def test_a_worker_started_without_a_settings_module_finds_the_tasks_of_every_app():
    code = (
        "from config.celery_app import app; app.loader.import_default_modules(); "
        "print(*sorted(name for name in app.tasks if not name.startswith('celery.')))"
    )
    result = run({}, "-c", code)

    assert result.returncode == 0, result.stderr
    tasks = result.stdout.split()
    assert "candidates.tasks.process_document" in tasks
    assert "screening.tasks.rescore_role" in tasks
    assert "screening.webhooks.tasks.deliver_webhook" in tasks


def test_the_web_servers_entry_points_run_the_production_settings_by_default():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SETTINGS_MODULE"}
    for entry_point in ("config.wsgi", "config.asgi"):
        result = run(env, "-c", f"import {entry_point}; {SHOW_SETTINGS}")

        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["config.settings.production", "False"], entry_point


def test_the_defaults_need_no_services():
    values = settings_in(
        {"DJANGO_SETTINGS_MODULE": "config.settings.local"}, "DATABASES", "CELERY_BROKER_URL"
    )

    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASES"]["default"]["NAME"].endswith("var/referee.sqlite3")
    assert values["CELERY_BROKER_URL"].startswith("filesystem://")


def test_postgresql_and_redis_come_from_the_environment():
    values = settings_in(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": "postgres://u:p@db:5432/referee",
            "CELERY_BROKER_URL": "redis://cache:6379/0",
        },
        "DATABASES",
        "CELERY_BROKER_URL",
        "CELERY_BROKER_TRANSPORT_OPTIONS",
    )

    db = values["DATABASES"]["default"]
    assert (db["ENGINE"], db["HOST"], db["NAME"]) == (
        "django.db.backends.postgresql",
        "db",
        "referee",
    )
    assert values["CELERY_BROKER_URL"] == "redis://cache:6379/0"
    assert values["CELERY_BROKER_TRANSPORT_OPTIONS"]["visibility_timeout"] >= 3600


def test_tasks_are_acknowledged_late_and_given_back_when_a_worker_is_lost():
    values = settings_in(
        {"DJANGO_SETTINGS_MODULE": "config.settings.local"},
        "CELERY_TASK_ACKS_LATE",
        "CELERY_TASK_REJECT_ON_WORKER_LOST",
        "CELERY_WORKER_PREFETCH_MULTIPLIER",
    )

    assert values == {
        "CELERY_TASK_ACKS_LATE": True,
        "CELERY_TASK_REJECT_ON_WORKER_LOST": True,
        "CELERY_WORKER_PREFETCH_MULTIPLIER": 1,
    }


def test_the_production_deploy_check_passes_with_the_documented_variables():
    result = run(PRODUCTION_ENV, "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = run(env, "manage.py", "check")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_uploads_can_go_to_an_s3_compatible_bucket():
    values = settings_in(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "REFEREE_S3_BUCKET": "referee-media",
            "REFEREE_S3_ENDPOINT_URL": "https://minio.internal:9000",
        },
        "STORAGES",
    )

    default = values["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "referee-media"
    assert default["OPTIONS"]["endpoint_url"] == "https://minio.internal:9000"


def test_the_default_storage_is_the_local_disk():
    values = settings_in({"DJANGO_SETTINGS_MODULE": "config.settings.local"}, "STORAGES")

    assert values["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
