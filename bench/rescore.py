"""Rescoring a 10,000-candidate role after a rubric edit, and the shortlist's first page.

Run with ``make bench-rescore`` (SQLite in a temporary folder) or
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/referee_bench make bench-rescore``
(the database is created if missing and emptied first). Candidates get feature vectors and
research texts from the project's synthetic researchers; no documents are parsed (rescoring
never parses). Reported, in the same run:

- baseline: reading the 10,000 feature vectors (the I/O floor of any rescore);
- first assessment of the role (topic fit for everyone, then scoring and writing);
- rescore after a rubric edit (topic fit reused: the path a hiring manager waits on);
- the pure vectorised scoring alone;
- the first page (50 rows) of the ranked shortlist, median of 20 requests.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from statistics import median
from typing import TypeVar

CANDIDATES = int(os.environ.get("BENCH_CANDIDATES", "10000"))
PAGE = 50
T = TypeVar("T")


def prepare_database() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        folder = tempfile.mkdtemp(prefix="referee-bench-")
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        os.environ["DATABASE_URL"] = url
    elif url.startswith("postgres"):
        import psycopg

        base, _, name = url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if exists:
                connection.execute(f'DROP DATABASE "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["REFEREE_VAR_DIR"] = tempfile.mkdtemp(prefix="referee-bench-var-")
    return url


def timed(action: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def populate(role) -> None:
    """Applicants with the feature vectors of synthetic researchers of every archetype."""
    from candidates.analysis import analyze
    from candidates.models import Candidate, CandidateFeatures
    from candidates.synthetic import generate, render_cv_pdf
    from screening.models import Application
    from screening.stages import stage_initial

    profiles = []
    for seed in range(60):
        person = generate(seed)
        cv = analyze(render_cv_pdf(person), kind="cv")
        profiles.append((cv.features, cv.research_text, [p.title for p in cv.publications]))
    candidates = Candidate.objects.bulk_create(
        Candidate(lab=role.lab, name=f"Candidate {i}") for i in range(CANDIDATES)
    )
    CandidateFeatures.objects.bulk_create(
        (
            CandidateFeatures(
                candidate=candidate,
                values=profiles[i % len(profiles)][0],
                version=2,
                research_text=profiles[i % len(profiles)][1],
                titles=profiles[i % len(profiles)][2],
                evidence_index={},
            )
            for i, candidate in enumerate(candidates)
        ),
        batch_size=2000,
    )
    first = stage_initial(lab=role.lab_id)
    Application.objects.bulk_create(
        (Application(role=role, candidate=c, stage=first) for c in candidates), batch_size=2000
    )


def main() -> int:
    prepare_database()
    from bench.common import setup_django, stamp

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from candidates.models import CandidateFeatures
    from screening.assessing import criterion_specs, role_assess
    from screening.blinding import PageBlindness
    from screening.rubric_templates import get_template
    from screening.scoring import FeatureTable, score
    from screening.selectors import ShortlistFilters, role_shortlist, shortlist_rows
    from screening.services import role_create, rubric_revise
    from screening.stages import lab_create

    lab = lab_create(name="Bench", slug="bench")
    role = role_create(lab=lab, title="Bench role", template="research-scientist-ml")
    populate(role)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum does after a bulk load

    read, rows = timed(lambda: list(CandidateFeatures.objects.values_list("values", flat=True)))
    first, _ = timed(lambda: role_assess(role=role))
    template = get_template("research-scientist-ml")
    criteria = [replace(c, weight=c.weight + 1) for c in template.criteria]
    rubric_revise(role=role, criteria=criteria, based_on=None, note="bench edit")
    rescore, count = timed(lambda: role_assess(role=role))
    rubric = role.current_rubric
    assert rubric is not None  # the edit above made a version
    specs = criterion_specs(rubric)
    pure, _ = timed(lambda: score(specs, FeatureTable(rows)))
    pages = []
    for _ in range(20):
        seconds, _ = timed(
            lambda: shortlist_rows(
                role=role,
                applications=role_shortlist(
                    role=role, filters=ShortlistFilters(), blindness=PageBlindness(everyone=False)
                )[:PAGE],
            )
        )
        pages.append(seconds)

    engine = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    print(f"Rescore benchmark, {stamp()}, {engine}\n")
    print("| step | candidates | seconds | vs. reading the features |")
    print("|---|---|---|---|")
    for name, seconds in (
        ("baseline: read the feature vectors", read),
        ("first assessment (topic fit for all)", first),
        ("rescore after a rubric edit", rescore),
        ("vectorised scoring alone", pure),
    ):
        print(f"| {name} | {count} | {seconds:.3f} | {seconds / read:.2f}x |")
    print(
        f"\nShortlist first page ({PAGE} of {count}, ranked live): median "
        f"{1000 * median(pages):.1f} ms, worst {1000 * max(pages):.1f} ms over 20 requests."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
