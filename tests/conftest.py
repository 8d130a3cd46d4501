"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The real corpus of ../shared/corpus; tests that use it skip when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"the real corpus is not present at {CORPUS}")
    return CORPUS


def services_required() -> bool:
    """Under REQUIRE_SERVICES=1 (set by .ci/run) a missing service fails the test."""
    return os.environ.get("REQUIRE_SERVICES", "") not in ("", "0", "false", "no")


def service_missing(reason: str) -> None:
    if services_required():
        pytest.fail(f"{reason} (REQUIRE_SERVICES is set, so this fails instead of skipping)")
    pytest.skip(reason)


_DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


def uses_database(item: pytest.Item) -> bool:
    """Whether a test reaches the database (a django_db mark, or a fixture that needs it)."""
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(item.get_closest_marker("django_db") or fixtures & _DATABASE_FIXTURES)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under DATABASE_TESTS_ONLY=1 (the PostgreSQL pass of .ci/run) only the tests that reach
    the database run: the pure ones (parsers, scoring) would prove the same thing twice."""
    if os.environ.get("DATABASE_TESTS_ONLY", "") in ("", "0"):
        return
    pure = [item for item in items if not uses_database(item)]
    config.hook.pytest_deselected(items=pure)
    items[:] = [item for item in items if uses_database(item)]


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Every test stores uploads in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_topic_models():
    """Fitted topic models are cached per role id, and test databases reuse ids."""
    from screening import topic

    topic._models.clear()


@pytest.fixture
def empty_queue():
    """Start from an empty filesystem broker (skips on any other broker)."""
    from django.conf import settings

    from tests.broker import folder

    if not settings.CELERY_BROKER_URL.startswith("filesystem://"):
        pytest.skip("inspects the filesystem broker's queue folder")
    for message in folder().glob("*.msg"):
        message.unlink()


@pytest.fixture
def manager(client):
    """A hiring manager of a lab of their own, signed in on ``client``."""
    from screening.models import LabRole
    from tests.pages import member

    manager = member(LabRole.HIRING_MANAGER)
    client.force_login(manager.user)
    return manager


@pytest.fixture
def manager_api(manager):
    """An API client holding a token of ``manager``."""
    from rest_framework.test import APIClient

    from screening.api.tokens import token_create

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=manager.user, name='t').key}")
    return api
