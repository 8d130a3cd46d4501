"""What waits in the embedded (filesystem) broker: the tasks the code under test queued."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from django.conf import settings


def folder() -> Path:
    return Path(str(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_out"]))


def queued_tasks() -> list[tuple[str, list, str | None]]:
    """(task name, positional arguments, eta) of every message waiting, oldest first."""
    tasks = []
    for message in sorted(folder().glob("*.msg")):
        envelope = json.loads(message.read_text())
        args = json.loads(base64.b64decode(envelope["body"]))[0]
        tasks.append((envelope["headers"]["task"], args, envelope["headers"].get("eta")))
    return tasks
