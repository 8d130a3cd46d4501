"""What every benchmark prints: the machine and the date, so figures can be compared."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def setup_django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    django.setup()


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def stamp() -> str:
    return f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}"


def best_of(runs: int, action: Callable[[], object]) -> float:
    """The fastest of ``runs`` timings in seconds: the least disturbed by other load."""
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


DOCS_ACCURACY = ROOT / "docs" / "ACCURACY.md"


def write_docs_section(name: str, text: str, path: Path = DOCS_ACCURACY) -> None:
    """Replace the generated block ``name`` of a docs page (appended when it is not there yet).

    The block sits between ``<!-- generated: name -->`` and ``<!-- end generated: name -->``, so
    the prose around it stays as written.
    """
    start, end = f"<!-- generated: {name} -->", f"<!-- end generated: {name} -->"
    page = path.read_text(encoding="utf-8")
    block = f"{start}\n{text.strip()}\n{end}"
    if start in page and end in page:
        before, rest = page.split(start, 1)
        page = before + block + rest.split(end, 1)[1]
    else:
        page = page.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(page, encoding="utf-8")
