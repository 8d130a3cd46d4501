"""Settings every environment shares; ``local``, ``production`` and ``test`` build on them.

Every knob comes from the environment. The defaults give the embedded mode with nothing
installed: SQLite and files under ``var/``, and a Celery broker on kombu's filesystem transport.
Setting ``DATABASE_URL=postgres://…`` and ``CELERY_BROKER_URL=redis://…`` runs the same code on
PostgreSQL and Redis. Debug mode is off unless a module above turns it on (``local``) or
``DJANGO_DEBUG`` does; there is no secret key here, so this module alone is never run: each
module above sets ``SECRET_KEY``. README.md documents each variable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import environ

from config.env import env_bool, env_choice, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[2]

VAR_DIR = Path(env_str("REFEREE_VAR_DIR", default=str(BASE_DIR / "var")))

# --- Core -------------------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "screening",
    "candidates",
    "screening.api",
    "reviews",
    "search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.security.ContentSecurityPolicyMiddleware",
    # Before any view (and CSRF's check, which parses the body) reads the request.
    "config.security.UploadRequestLimitMiddleware",
]
REFEREE_CSP = env_str(
    "REFEREE_CSP",
    default=(
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------


def database_from_url(url: str) -> dict[str, Any]:
    """Django's settings for the database at ``url`` (``sqlite:///…`` or ``postgres://…``)."""
    database: dict[str, Any] = environ.Env.db_url_config(url)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # The web process and the worker write to the same file: WAL lets readers proceed during
        # a write, IMMEDIATE transactions avoid "database is locked" on lock upgrades, and the
        # timeout makes a writer wait for the other instead of failing.
        database["OPTIONS"] = {
            "timeout": env_int("SQLITE_TIMEOUT", default=30, minimum=0),
            "transaction_mode": "IMMEDIATE",
            # secure_delete overwrites deleted rows with zeros, so an erased candidate's data is
            # not left readable in the file's free pages.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
            ),
        }
    else:
        database["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", default=60, minimum=0)
        database["CONN_HEALTH_CHECKS"] = True
    return database


DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'referee.sqlite3'}")
    ),
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits and rendered page images live in the cache: in production point every web
# process at one shared cache (e.g. CACHE_URL=redis://redis.internal:6379/2).
CACHE_URL = env_str("CACHE_URL", default="")
CACHES = {"default": environ.Env.cache_url_config(CACHE_URL or "locmemcache://")}
# Sign-in failures (screening/auth.py) must be counted once for every web process and survive
# a restart: the shared cache when there is one, else a table in the database (created by
# `migrate`, see screening/apps.py).
CACHES["signin"] = environ.Env.cache_url_config(
    env_str("REFEREE_SIGNIN_CACHE_URL", default="") or CACHE_URL or "dbcache://referee_signin_cache"
)
if CACHES["signin"]["BACKEND"].rsplit(".", 1)[0] in (
    "django.core.cache.backends.db",
    "django.core.cache.backends.filebased",
    "django.core.cache.backends.locmem",
):
    # These forget entries past MAX_ENTRIES (300 by default): never before they expire here.
    CACHES["signin"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = 100_000

# --- Auth -------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Every password check goes through the throttle of screening/auth.py.
AUTHENTICATION_BACKENDS = ["screening.auth.ThrottledModelBackend"]
# Sign-in throttling: wrong passwords allowed per account, and separately per address, within
# the window (seconds); past either, sign-in for it pauses until failures age out of the window.
REFEREE_LOGIN_MAX_FAILURES = env_int("REFEREE_LOGIN_MAX_FAILURES", default=5, minimum=1)
REFEREE_LOGIN_MAX_FAILURES_PER_ADDRESS = env_int(
    "REFEREE_LOGIN_MAX_FAILURES_PER_ADDRESS", default=30, minimum=1
)
REFEREE_LOGIN_LOCK_SECONDS = env_int("REFEREE_LOGIN_LOCK_SECONDS", default=900, minimum=1)
# How many reverse proxies in front append the client's address to X-Forwarded-For. 0 (the
# default): the header is ignored and REMOTE_ADDR is the client. Set it only when every request
# reaches the app through those proxies, or clients could choose their own address.
REFEREE_TRUSTED_PROXIES = env_int("REFEREE_TRUSTED_PROXIES", default=0, minimum=0)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- I18N -------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Files ------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves straight from the source folders when DEBUG is on, so collectstatic is not
# needed in development (its WHITENOISE_USE_FINDERS and WHITENOISE_AUTOREFRESH follow DEBUG).
# Uploaded files: on disk under MEDIA_ROOT by default; with REFEREE_S3_BUCKET, in an
# S3-compatible bucket (AWS S3, MinIO, Ceph...) every web and worker machine reaches.
REFEREE_S3_BUCKET = env_str("REFEREE_S3_BUCKET", default="")
DEFAULT_STORAGE = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": REFEREE_S3_BUCKET,
            "endpoint_url": env_str("REFEREE_S3_ENDPOINT_URL", default="") or None,
            "region_name": env_str("REFEREE_S3_REGION", default="") or None,
            "location": env_str("REFEREE_S3_PREFIX", default="media"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if REFEREE_S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(VAR_DIR / "media")))

# Uploads larger than this are refused before they are stored (candidates/uploads.py is the
# gate every channel passes; a zip's limit, REFEREE_MAX_BATCH_BYTES, is with the API's below).
REFEREE_MAX_UPLOAD_BYTES = env_int("REFEREE_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024, minimum=1)
# Uploaded files past this size are spooled to a temporary file, never held in memory whole;
# form fields and JSON bodies (everything but files) may hold this much.
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440, minimum=0)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440, minimum=0)

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str(
    "CELERY_BROKER_URL", default=env_str("REDIS_URL", default="filesystem://localhost//")
)


def filesystem_broker_options(folder: Path) -> dict[str, object]:
    """Transport options for kombu's filesystem broker: messages are files in ``folder``."""
    for sub in ("queue", "processed", "control"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }


if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_broker_options(
        Path(env_str("REFEREE_BROKER_DIR", default=str(VAR_DIR / "broker")))
    )
    # Without an event loop Celery's prefork pool shares one locked pipe between its
    # processes, and a process killed while waiting for work froze the others for good;
    # this pool releases a dead process's locks (config/celery_pool.py says how).
    CELERY_WORKER_POOL = "config.celery_pool:TaskPool"
else:
    # Redis redelivers a message that was not acknowledged within this time (seconds); it must
    # exceed the longest task, or a slow parse is delivered twice.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", default=3600, minimum=1),
    }
# Document status lives in the database; nobody reads task results.
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A document is only acknowledged once processed, and a worker killed mid-task gives it back.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Parsing tasks are long and uneven: one at a time per process keeps the queue fair across
# machines (2 or 4 made no difference beyond the noise in bench/ingest.py).
CELERY_WORKER_PREFETCH_MULTIPLIER = env_int(
    "CELERY_WORKER_PREFETCH_MULTIPLIER", default=1, minimum=0
)
# Replacing a child stalls its worker for up to seconds (measured in bench/ingest.py), so it
# happens rarely; the memory ceiling below is what replaces a child that grew.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int(
    "CELERY_WORKER_MAX_TASKS_PER_CHILD", default=2000, minimum=1
)
# Celery's Django fixup closes every database connection before and after each task
# (celery#9824), so each document paid for a new PostgreSQL connection, a fifth of its cost in
# bench/ingest.py. With this it closes them only every so many tasks; config.celery_app closes
# them in between the way Django does between requests: when past CONN_MAX_AGE or broken.
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", default=1000, minimum=0)
# A child process that grew past this (kB) is replaced after its task.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int(
    "CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=600_000, minimum=0
)
# Hard ceiling on a worker child's heap (MB): a parse that blows up fails that document only.
REFEREE_WORKER_MEMORY_MB = env_int("REFEREE_WORKER_MEMORY_MB", default=2048, minimum=0)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", default=120, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", default=180, minimum=1)
CELERY_TASK_DEFAULT_QUEUE = "parse"
# Parsing and scoring get separate queues so a flood of uploads never delays rescoring.
CELERY_TASK_ROUTES = {
    "candidates.tasks.*": {"queue": "parse"},
    "screening.tasks.*": {"queue": "score"},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Applicants whose documents were read are scored in batches per role: the first finished
# document schedules a run this many seconds later, and those finishing meanwhile join it.
REFEREE_ASSESS_BATCH_SECONDS = env_float("REFEREE_ASSESS_BATCH_SECONDS", default=1.0, minimum=0)
# Celery beat (`celery -A config beat`, or `manage.py serve` in the embedded mode): the sweep
# for documents and scoring a lost worker or broker left waiting, and the nightly retention
# policy.
REFEREE_STUCK_SWEEP_SECONDS = env_int("REFEREE_STUCK_SWEEP_SECONDS", default=600, minimum=1)
# 0 sends again, at every sweep, whatever is waiting (tests/test_serve_supervision.py does).
REFEREE_STUCK_MINUTES = env_int("REFEREE_STUCK_MINUTES", default=30, minimum=0)
CELERY_BEAT_SCHEDULE = {
    "requeue-stuck-documents": {
        "task": "candidates.tasks.requeue_stuck_documents",
        "schedule": REFEREE_STUCK_SWEEP_SECONDS,
        "kwargs": {"minutes": REFEREE_STUCK_MINUTES},
        "options": {"queue": "parse"},
    },
    "requeue-lost-scoring": {
        "task": "screening.tasks.requeue_lost_scoring",
        "schedule": REFEREE_STUCK_SWEEP_SECONDS,
        "kwargs": {"minutes": REFEREE_STUCK_MINUTES},
        "options": {"queue": "score"},
    },
    "apply-retention": {
        "task": "screening.tasks.apply_retention_policies",
        "schedule": 24 * 60 * 60,
        "options": {"queue": "score"},
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # Query strings carry search terms (personal data): never logged (see gunicorn.conf.py for
    # the access log). Django's own request logging names the path only.
    "filters": {"no_query_strings": {"()": "config.logs.DropQueryStrings"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_query_strings"],
        }
    },
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "LOG_LEVEL", choices=("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"), default="INFO"
        ),
    },
    # The development server's request lines go through the same filtered handler.
    "loggers": {"django.server": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# --- REST framework ---------------------------------------------------------------------------
# The API at /api/v1/ (screening/api/); README.md "API" documents it for integrators.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # `Authorization: Bearer <token>` first, so an anonymous request gets a 401 challenge.
        "screening.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["screening.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "screening.api.pagination.PagePagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["screening.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        # Per token (per signed-in user for the browsable API, per address when anonymous).
        "token": env_str("REFEREE_API_RATE", default="1200/minute"),
        "anon": env_str("REFEREE_API_ANON_RATE", default="60/minute"),
        "uploads": env_str("REFEREE_API_UPLOAD_RATE", default="120/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "screening.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "screening.api.errors.problem_exception_handler",
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Referee API",
    "DESCRIPTION": (
        "Explainable candidate screening for AI research hiring. Authenticate with "
        "`Authorization: Bearer <token>`; errors are RFC 9457 problem details. See README.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The documentation pages load Swagger UI and Redoc from our static files: they work
    # offline and behind firewalls, and no third-party script runs on them.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "DocumentStatusEnum": "candidates.models.DocumentStatus",
        "DocumentKindEnum": "candidates.models.DocumentKind",
        "DecisionOutcomeEnum": "screening.models.DecisionOutcome",
        "LabRoleEnum": "screening.models.LabRole",
        "DimensionEnum": "candidates.dimensions.Dimension",
        "DeliveryStatusEnum": "screening.api.models.DeliveryStatus",
        "RoleStatusEnum": "screening.models.RoleStatus",
        "StageKindEnum": "screening.models.StageKind",
        "ScorecardStatusEnum": "reviews.models.ScorecardStatus",
        "ConflictKindEnum": "reviews.models.ConflictKind",
        "ConflictStatusEnum": "reviews.models.ConflictStatus",
        "DuplicateStatusEnum": "candidates.models.DuplicateStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "screening.api.schema.postprocess_schema",
    ],
    "TAGS": [
        {"name": "labs", "description": "The labs you belong to, and their webhook secret."},
        {"name": "roles", "description": "Role profiles, their versioned rubrics and criteria."},
        {"name": "candidates", "description": "Candidates, their applications and erasure."},
        {"name": "documents", "description": "Uploads (single or zip) and processing status."},
        {"name": "assessments", "description": "Scores with the full explanation."},
        {"name": "shortlist", "description": "The ranked shortlist of a role."},
        {"name": "search", "description": "Candidates by what their documents say."},
        {"name": "decisions", "description": "Advance / hold / reject, with history."},
        {"name": "webhooks", "description": "Signed event deliveries and their attempts."},
        {"name": "tokens", "description": "Personal API tokens."},
    ],
}
# Upload limits of the API beside REFEREE_MAX_UPLOAD_BYTES (which bounds every single file).
# A zip is read in memory: the limits bound what one request may hold.
REFEREE_MAX_BATCH_BYTES = env_int("REFEREE_MAX_BATCH_BYTES", default=50 * 1024 * 1024, minimum=1)
# One request (page, API or admin) may declare at most this many bytes: the largest zip and
# 1 MB for the form around it. Larger requests are refused before their body is read.
REFEREE_MAX_REQUEST_BYTES = env_int(
    "REFEREE_MAX_REQUEST_BYTES", default=REFEREE_MAX_BATCH_BYTES + 1024 * 1024, minimum=1
)
REFEREE_ZIP_MAX_ENTRIES = env_int("REFEREE_ZIP_MAX_ENTRIES", default=200, minimum=1)
REFEREE_ZIP_MAX_TOTAL_BYTES = env_int(
    "REFEREE_ZIP_MAX_TOTAL_BYTES", default=100 * 1024 * 1024, minimum=1
)
REFEREE_ZIP_MAX_RATIO = env_int("REFEREE_ZIP_MAX_RATIO", default=100, minimum=1)
# Webhooks: deliveries are retried with exponential backoff on this queue; private addresses
# (localhost, 10.x, link-local, cloud metadata...) are refused unless explicitly allowed.
REFEREE_WEBHOOK_QUEUE = env_str("REFEREE_WEBHOOK_QUEUE", default="score")
REFEREE_WEBHOOK_MAX_ATTEMPTS = env_int("REFEREE_WEBHOOK_MAX_ATTEMPTS", default=8, minimum=1)
REFEREE_WEBHOOK_RETRY_BASE_SECONDS = env_int(
    "REFEREE_WEBHOOK_RETRY_BASE_SECONDS", default=30, minimum=1
)
REFEREE_WEBHOOK_TIMEOUT_SECONDS = env_float(
    "REFEREE_WEBHOOK_TIMEOUT_SECONDS", default=10.0, minimum=0.1
)
REFEREE_WEBHOOK_ALLOW_PRIVATE = env_bool("REFEREE_WEBHOOK_ALLOW_PRIVATE", default=False)
CELERY_TASK_ROUTES["screening.webhooks.tasks.*"] = {"queue": REFEREE_WEBHOOK_QUEUE}

# --- Embedded demo (`make run`) ---------------------------------------------------------------
REFEREE_DEMO_USERNAME = env_str("REFEREE_DEMO_USERNAME", default="demo")
REFEREE_DEMO_PASSWORD = env_str("REFEREE_DEMO_PASSWORD", default="referee-demo")
