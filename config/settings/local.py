"""Local settings: a laptop, the demo and `make run` (the default of manage.py and Celery).

The base settings with debug mode on and a development secret key, so nothing needs to be set
to try Referee. Never serve the internet with these: config.settings.production refuses to
start without a real key and hosts.
"""

from config.env import env_bool, env_str

from .base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env_str(
    "DJANGO_SECRET_KEY", default="insecure-embedded-mode-key-set-DJANGO_SECRET_KEY-in-production"
)
