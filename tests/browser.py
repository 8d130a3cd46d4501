"""A served Referee (gunicorn and a Celery worker, as `manage.py serve` runs them) and headless
Chromium, for the browser tests and the screenshots in docs/screenshots/."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ViewportSize

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LAPTOP: ViewportSize = {"width": 1280, "height": 800}
TABLET: ViewportSize = {"width": 768, "height": 1024}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - a local test server
            return True
    except OSError:
        return False


@contextmanager
def served_app(env: dict[str, str], log: Path, *, workers: int = 2) -> Iterator[str]:
    """`manage.py serve` on a free port until the block ends; yields the base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--port", str(port), "--workers", str(workers)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while not answers(f"{base}/healthz"):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the app did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.2)
            yield base
        finally:
            server.terminate()  # `serve` stops gunicorn and the worker on SIGTERM
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def wait_in_page(page, expression: str, *, timeout: float = 30) -> None:
    """Poll a JavaScript expression until it is true.

    Playwright's ``wait_for_function`` evaluates its string with ``eval`` inside the page,
    which the app's content security policy forbids; ``page.evaluate`` runs outside it. Pages
    that reload themselves (when a rescore lands) may do so mid-evaluation: that poll is
    simply tried again on the new page.
    """
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if page.evaluate(expression):
                return
        except Error as error:
            if "context was destroyed" not in str(error):
                raise
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {expression!r}")


REVIEWER, REVIEWER_PASSWORD = "rosa", "rosa-reviews-2026"


def second_reviewer(lab) -> None:
    """A recruiter of the lab to sit on a panel beside the demo's admin (run with the database)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from screening.models import LabMembership, LabRole

    user, _ = get_user_model().objects.get_or_create(username=REVIEWER)
    # Hashed as the served app's settings check it (the tests' own settings hash faster).
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(REVIEWER_PASSWORD, hasher.salt())
    user.save()
    LabMembership.objects.get_or_create(user=user, lab=lab, defaults={"role": LabRole.RECRUITER})


def coauthored_list(candidate_name: str) -> bytes:
    """The reviewer's publication list: one paper written with the candidate, one without."""
    return (
        "@inproceedings{shared, title={Robust Evaluation of Sparse Models},"
        f" author={{Rosa Reviewer and {candidate_name}}}, booktitle={{ICML}}, year={{2021}}}}\n"
        "@article{own, title={Calibration Under Shift}, author={Rosa Reviewer and Tom Other},"
        " journal={JMLR}, year={2022}}\n"
    ).encode()


def seat_on_panel(page, base: str, role_id: int, *usernames: str) -> None:
    """As a hiring manager or admin, seat lab members on the role's review panel."""
    page.goto(f"{base}/roles/{role_id}/panel/")
    for username in usernames:
        reviewer = page.get_by_label("Reviewer")
        value = reviewer.locator("option", has_text=username).first.get_attribute("value")
        reviewer.select_option(value)
        page.get_by_role("button", name="Add to the panel").click()


def fill_scorecard(page, *, level: str, recommendation: str, summary: str) -> None:
    """Give every criterion on an open scorecard one level, then submit it."""
    scorecard = page.locator("#scorecard")
    for select in scorecard.locator("select").all():
        select.select_option(level)
    scorecard.get_by_label(recommendation, exact=True).check()
    scorecard.get_by_label("Summary").fill(summary)
    scorecard.get_by_role("button", name="Submit (final)").click()


def reviewer_list_upload(page, base: str, role_id: int, listed: Path) -> None:
    """As a reviewer, give your publication list so conflicts with applicants are looked for."""
    page.goto(f"{base}/roles/{role_id}/panel/profile/")
    page.get_by_label("Your publication list").set_input_files(str(listed))
    page.get_by_role("button", name="Save and look for conflicts").click()


def bulk_move(page, rows: list[int], *, stage: str, reason: str) -> None:
    """On a shortlist page, tick the rows (by position) and move them to a stage."""
    listed = page.locator("table.shortlist tbody tr", has=page.locator("input[name=c]"))
    for index in rows:
        listed.nth(index).locator("input[name=c]").check()
    bulk = page.locator("fieldset.bulk-move")
    bulk.get_by_label("Move to").select_option(label=stage)
    bulk.get_by_label("Reason").fill(reason)
    bulk.get_by_role("button", name="Move selected").click()
