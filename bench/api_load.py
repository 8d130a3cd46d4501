"""The shortlist API under concurrent load, and memory: web under load, a worker on a long CV.

Run with ``make bench-api`` (PostgreSQL on 127.0.0.1; ``BENCH_DATABASE_URL`` to change it; the
database is recreated). A role with ``BENCH_CANDIDATES`` (10,000) assessed applicants is served
by gunicorn (2 single-threaded processes, the cores of this machine); ``BENCH_CLIENTS`` (20)
threads on the loopback request the first page of its shortlist with a token,
``BENCH_REQUESTS`` (1,000) in all. In the same run, the baseline is the same load on
``/healthz`` (one database query), so the ratio shows what the shortlist itself costs. Memory:
the peak resident size of the web processes after the load, and of a process that reads a
50-page CV (against one that only opens the same PDF with pdfplumber).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CANDIDATES = int(os.environ.get("BENCH_CANDIDATES", "10000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "20"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "1000"))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/referee_bench_api"
)
ROOT = Path(__file__).resolve().parents[1]


def load(url: str, headers: dict[str, str]) -> list[float]:
    """Latencies (s) of REQUESTS requests made by CLIENTS threads."""

    def one(_: int) -> float:
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
        start = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            response.read()
            assert response.status == 200
        return time.perf_counter() - start

    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(one, range(CLIENTS)))  # warm up every connection and process
        return list(pool.map(one, range(REQUESTS)))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def peak_rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(p) for p in found.stdout.split()]


READ_LONG_CV = """
import resource, sys, django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local"); django.setup()
data = open(sys.argv[2], "rb").read()
if sys.argv[1] == "referee":
    from candidates.analysis import analyze
    analyze(data, kind="cv")
else:
    import io, pdfplumber
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        [page.extract_text() for page in pdf.pages]
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def long_cv_memory(folder: Path) -> dict[str, int]:
    from tests.pdfs import text_pdf

    words = "Designed experiments with baselines and ablations on benchmarks using PyTorch. " * 45
    path = folder / "long-cv.pdf"
    path.write_bytes(text_pdf(*[words] * 50))
    env = {**os.environ, "DATABASE_URL": DATABASE_URL}
    peaks = {}
    for reader in ("pdfplumber", "referee"):
        result = subprocess.run(
            [sys.executable, "-c", READ_LONG_CV, reader, str(path)],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        peaks[reader] = int(result.stdout.strip().splitlines()[-1])
    return peaks


def main() -> int:
    import psycopg

    base, _, name = DATABASE_URL.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    var = Path(tempfile.mkdtemp(prefix="referee-api-"))
    os.environ.update(DATABASE_URL=DATABASE_URL, REFEREE_VAR_DIR=str(var))
    os.environ["BENCH_CANDIDATES"] = str(CANDIDATES)
    from bench.common import setup_django, stamp

    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench.rescore import populate
    from screening.api.tokens import token_create
    from screening.assessing import role_assess
    from screening.models import LabMembership, LabRole
    from screening.services import role_create
    from screening.stages import lab_create
    from tests.factories import UserFactory

    lab = lab_create(name="Bench", slug="bench")
    role = role_create(lab=lab, title="Bench role", template="research-scientist-ml")
    populate(role)
    role_assess(role=role)
    user = UserFactory.create()
    LabMembership.objects.create(user=user, lab=lab, role=LabRole.RECRUITER)
    key = token_create(user=user, name="bench").key

    port = 8700 + os.getpid() % 200
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "REFEREE_API_RATE": "100000/minute",
    }
    # One synchronous process per core, as `manage.py serve` and the README's deployment run
    # it: threads in one process take turns on its interpreter lock, which for an API that
    # spends its time in Python lengthened the tail (p95 98-103 ms with 2 processes x 4
    # threads against 70 ms with 2 single-threaded processes, 2026-11-23 on AMD EPYC).
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        auth = {"Authorization": f"Bearer {key}"}
        baseline = load(f"http://127.0.0.1:{port}/healthz", {})
        shortlist = load(f"http://127.0.0.1:{port}/api/v1/roles/{role.pk}/shortlist/", auth)
        web_rss = [peak_rss_kb(pid) for pid in [web.pid, *children(web.pid)]]
    finally:
        web.terminate()
        web.wait(timeout=30)
    peaks = long_cv_memory(var)

    print(f"API load benchmark, {stamp()}, PostgreSQL, gunicorn 2 processes\n")
    print(f"{CLIENTS} concurrent clients on the loopback, {REQUESTS} requests each run.\n")
    print("| requests | p50 ms | p95 ms | requests/s | p95 vs /healthz |")
    print("|---|---|---|---|---|")
    for label, latencies in (
        ("baseline: /healthz", baseline),
        (f"shortlist, first page of {CANDIDATES:,} applicants", shortlist),
    ):
        rate = len(latencies) / sum(latencies) * CLIENTS
        print(
            f"| {label} | {1000 * statistics.median(latencies):.1f} "
            f"| {1000 * percentile(latencies, 0.95):.1f} | {rate:.0f} "
            f"| {percentile(latencies, 0.95) / percentile(baseline, 0.95):.1f}x |"
        )
    sizes = ", ".join(f"{kb / 1024:.0f} MB" for kb in web_rss)
    print(f"\nPeak resident memory of the web processes after the load: {sizes}.")
    print(
        f"Peak resident memory reading a 50-page CV: Referee {peaks['referee'] / 1024:.0f} MB, "
        f"bare pdfplumber {peaks['pdfplumber'] / 1024:.0f} MB "
        f"({peaks['referee'] / peaks['pdfplumber']:.2f}x)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
