"""Full-text search over 10,000 candidates: how long typical searches take.

Run with ``make bench-search`` (SQLite in a temporary folder) or
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/referee_bench make bench-search`` (the
database is created if missing and emptied first). Target: under 100 ms on PostgreSQL.

The index is filled in bulk: 40 CVs of the project's synthetic researchers are read once, and
each of the 10,000 candidates gets one of them (pages, papers, degree lines), under a name of
its own, plus a line of cheap synthetic text (an institution, methods, tools) drawn at random,
so that common words ("pytorch"), middling ones ("stanford"), phrases ("reinforcement
learning") and a rare word (in 3 candidates) all occur. Reported: median and 95th percentile
of ``search.index.search_candidates`` (the best 50, quotes included) for each query, seen and
blind; and the cost of indexing one candidate as the worker does after a document is read.
"""

from __future__ import annotations

import os
import random
import sys
import time
from statistics import quantiles

from bench.rescore import prepare_database, timed

CANDIDATES = int(os.environ.get("BENCH_CANDIDATES", "10000"))
TEMPLATES = 40
RUNS = 30
RARE = "zymurgy"
INSTITUTIONS = [
    "Stanford University",
    "MIT",
    "ETH Zurich",
    "University of Oxford",
    "Tsinghua University",
    "University of Toronto",
    "Carnegie Mellon University",
    "EPFL",
    "University of Tokyo",
    "Max Planck Institute for Intelligent Systems",
    "University of Cambridge",
    "KAIST",
]
METHODS = [
    "reinforcement learning",
    "graph neural networks",
    "diffusion models",
    "Bayesian optimisation",
    "causal inference",
    "hydrology and flood forecasting",
    "learning theory",
    "speech recognition",
]
TOOLS = ["PyTorch", "JAX", "TensorFlow", "CUDA", "C++", "Rust", "Kubernetes", "R"]
QUERIES = [
    "pytorch",
    "stanford",
    "reinforcement learning",
    RARE,
    '"graph neural networks"',
    "jax -pytorch",
]


def templates() -> list[dict]:
    """The texts of synthetic CVs as the reader sees them, with their masked twins."""
    from candidates.analysis import analyze
    from candidates.synthetic import generate, render_cv_pdf
    from screening.blinding import identity_of
    from search.index import _masked

    found = []
    for seed in range(TEMPLATES):
        person = generate(seed)
        cv = analyze(render_cv_pdf(person), kind="cv")
        identity = identity_of(names=[person.name], emails=[person.email])
        passages: list[tuple[str, int | None, str]] = [
            ("page", n, text) for n, text in enumerate(cv.pages, start=1)
        ]
        passages += [("publication", None, f"{p.title}. {p.venue}") for p in cv.publications]
        passages += [("degree", 1, d.quote) for d in cv.degrees]
        found.append(
            {
                "name": person.name,
                "passages": [
                    (source, page, text, _masked(text, identity)) for source, page, text in passages
                ],
            }
        )
    return found


def populate(lab) -> None:
    from candidates.models import Candidate, Document
    from search.index import _masked
    from search.models import SearchEntry

    shapes = templates()
    chance = random.Random(17)
    candidates = Candidate.objects.bulk_create(
        (Candidate(lab=lab, name=f"Bench Person {i}") for i in range(CANDIDATES)), batch_size=2000
    )
    documents = Document.objects.bulk_create(
        (
            Document(
                lab=lab,
                candidate=c,
                kind="cv",
                file=f"bench/{c.pk}.pdf",
                original_name=f"{c.pk}.pdf",
                size=1,
                sha256=f"{c.pk:064d}",
                status="done",
                page_count=2,
            )
            for c in candidates
        ),
        batch_size=2000,
    )
    rare = set(chance.sample(range(CANDIDATES), 3))
    entries = []
    for i, (candidate, document) in enumerate(zip(candidates, documents, strict=True)):
        shape = shapes[i % len(shapes)]
        extra = (
            f"Visiting researcher, {chance.choice(INSTITUTIONS)}; methods: "
            f"{', '.join(chance.sample(METHODS, 2))}; tools: {', '.join(chance.sample(TOOLS, 3))}"
            + (f"; home brewing and {RARE}" if i in rare else "")
        )
        passages = [*shape["passages"], ("page", 2, extra, _masked(extra, _nobody()))]
        for number, (source, page, text, masked) in enumerate(passages):
            entries.append(
                SearchEntry(
                    lab=lab,
                    candidate=candidate,
                    document=document,
                    page=page,
                    source=source,
                    source_id=i * 100 + number,
                    text=text.replace(shape["name"], candidate.name),
                    masked=masked,
                )
            )
        if len(entries) >= 5000:
            SearchEntry.objects.bulk_create(entries)
            entries = []
    SearchEntry.objects.bulk_create(entries)


def _nobody():
    from screening.blinding import Identity

    return Identity()


def index_one_cost(lab) -> float:
    """Seconds to index one candidate from their stored pages and facts, as the worker does."""
    from candidates.models import Candidate
    from candidates.processing import document_process
    from candidates.synthetic import generate, render_cv_pdf
    from screening.applications import document_upload
    from search.index import index_candidate

    times = []
    for seed in range(5):
        person = generate(900 + seed)
        stored = document_upload(
            lab=lab, content=render_cv_pdf(person), filename="cv.pdf", enqueue=False
        ).document
        document_process(document_id=stored.pk)
        candidate = Candidate.objects.get(pk=stored.candidate_id)
        start = time.perf_counter()
        index_candidate(candidate)
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def main() -> int:
    prepare_database()
    from bench.common import setup_django, stamp

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from screening.blinding import BlindView
    from screening.models import Lab
    from search.index import search_candidates
    from search.models import SearchEntry

    lab = Lab.objects.create(name="Bench", slug="bench")
    filled, _ = timed(lambda: populate(lab))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_entry")
    rows = SearchEntry.objects.count()
    engine = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    print(f"Search benchmark, {stamp()}, {engine}\n")
    print(f"{CANDIDATES} candidates, {rows} passages, indexed in bulk in {filled:.1f} s.\n")
    print("| query | matches | median ms | p95 ms | blind median ms | blind p95 ms |")
    print("|---|---|---|---|---|---|")
    for query in QUERIES:
        figures = []
        for view in (BlindView(), BlindView(everyone=True)):

            def run(view=view, query=query):
                return search_candidates(lab=lab, query=query, blind=lambda ids: view)

            run()  # warm
            runs = [timed(run) for _ in range(RUNS)]
            seconds = sorted(s for s, _ in runs)
            figures += [1000 * quantiles(seconds, n=20)[9], 1000 * quantiles(seconds, n=20)[18]]
            hits = len(runs[0][1])
        shown = query.replace("|", "\\|")
        print(f"| `{shown}` | {hits} | " + " | ".join(f"{f:.1f}" for f in figures) + " |")
    print(
        "\n(matches: candidates returned, at most 50.) Indexing one candidate after their CV "
        f"is read (masking included): {1000 * index_one_cost(lab):.0f} ms."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
