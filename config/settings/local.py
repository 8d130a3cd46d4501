"""Local settings: a laptop, the demo and `make run` (the default of manage.py and Celery).

The base settings with debug mode on and a development secret key, so nothing needs to be set
to try Referee. Never serve the internet with these: config.settings.production refuses to
start without a real key and hosts.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY", default="insecure-embedded-mode-key-set-DJANGO_SECRET_KEY-in-production"
)
