"""Test settings (pytest's): the base settings with fast password hashing and isolated files.

The SQLite test database lives in a file rather than in memory so that a real Celery worker
started by the integration tests can open the same database; the filesystem broker uses a
folder of its own so tests never feed a worker that `make run` started.
"""

from config.env import env_str

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, DATABASES, VAR_DIR, filesystem_broker_options

# The key of the local settings: the workers and servers the tests start run those on the same
# database, and must read the sessions and signed values the tests write.
from .local import SECRET_KEY  # noqa: F401

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_broker_options(
        VAR_DIR / env_str("REFEREE_TEST_BROKER_SUBDIR", default="test-broker")
    )
