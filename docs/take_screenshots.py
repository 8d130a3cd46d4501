"""Screenshots of the web app's main pages for the README, from the demo's synthetic data.

    .venv/bin/python -m docs.take_screenshots [--out docs/screenshots]

Builds a throwaway installation in a temporary folder (SQLite, files, broker), loads the demo
(fictional researchers from candidates.synthetic, never the real corpus), serves it with a real
worker, records decisions so the learned weights have something to show, and photographs each
page in headless Chromium at laptop size (and the shortlist at tablet size).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_CANDIDATES = 24
# Decisions that disagree with the rubric, so the decisions page has something to point at.
AGAINST_THE_RUBRIC = 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="referee-shots-") as folder:
        env = _environment(Path(folder))
        os.environ.update(env)
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop shares the thread
        import django

        django.setup()
        _run(env, "migrate", "--noinput", "-v", "0")
        _run(env, "demo", "--count", str(DEMO_CANDIDATES), "--folder", f"{folder}/demo")
        from tests.browser import served_app

        with served_app(env, Path(folder) / "serve.log") as base:
            role = _wait_for_demo()
            _decide(role)
            _photograph(base, role, out, Path(folder))
    print(f"Screenshots written to {out}")


def _environment(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        REFEREE_VAR_DIR=str(folder),
        DATABASE_URL=f"sqlite:///{folder / 'referee.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        CELERY_BROKER_URL="filesystem://localhost//",
        REFEREE_BROKER_DIR=str(folder / "broker"),
        PYTHONUNBUFFERED="1",
    )
    return env


def _run(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _wait_for_demo():
    from candidates.models import Document, DocumentStatus
    from screening.models import Assessment, RoleProfile

    role = RoleProfile.objects.get(lab__slug="demo")
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        busy = Document.objects.filter(
            status__in=[DocumentStatus.QUEUED, DocumentStatus.PROCESSING]
        )
        cvs = Document.objects.filter(kind="cv", status=DocumentStatus.DONE).count()
        if not busy.exists() and Assessment.objects.filter(role=role).count() == cvs:
            return role
        time.sleep(0.5)
    raise SystemExit("the demo CVs were not read in time")


def _decide(role) -> None:
    """Decisions a recruiter might make: mostly with the rubric, a few against it."""
    from django.contrib.auth import get_user_model

    from screening.decisions import decision_record
    from screening.models import Assessment
    from screening.selectors import role_ranks
    from screening.services import role_learn_weights

    user = get_user_model().objects.get(username="demo")
    ranks = role_ranks(role=role)
    ranked = sorted(Assessment.objects.filter(role=role).select_related("application"),
                    key=lambda a: ranks[a.pk])  # fmt: skip
    for position, assessment in enumerate(ranked[2:], start=2):
        advance = not assessment.has_barrier and position < len(ranked) // 2
        if position % 7 == 0 and position // 7 <= AGAINST_THE_RUBRIC:
            advance = not advance
        decision_record(
            application=assessment.application,
            outcome="advance" if advance else "reject",
            reason="Strong, relevant record." if advance else "Not enough research experience.",
            actor=user,
        )
    role_learn_weights(role=role)


def _photograph(base: str, role, out: Path, folder: Path) -> None:
    from candidates.synthetic import generate, render_cv_pdf
    from tests.browser import LAPTOP, TABLET, chromium, sign_in, wait_in_page

    shortlist = f"{base}/roles/{role.pk}/"
    with chromium() as browser:
        page = browser.new_page(viewport=LAPTOP)
        sign_in(page, base, "demo", "referee-demo")
        page.screenshot(path=out / "roles.png")

        page.goto(shortlist)
        page.screenshot(path=out / "shortlist.png")

        page.locator("table.shortlist a.candidate-link").first.click()
        page.screenshot(path=out / "candidate.png")
        evidence = page.locator("section", has_text="Evidence by dimension")
        evidence.locator("a.page-link").first.click()
        wait_in_page(page, "document.querySelector('[data-page-img]').naturalWidth > 0")
        page.screenshot(path=out / "highlighted-page.png")
        page.keyboard.press("Escape")

        page.goto(shortlist)
        for index in range(3):
            page.locator("table.shortlist input[name=c]").nth(index).check()
        page.get_by_role("button", name="Compare selected").click()
        page.screenshot(path=out / "compare.png")

        page.goto(f"{base}/roles/{role.pk}/rubric/")
        for index in range(page.locator("fieldset[data-criterion]").count() - 1):
            criterion = page.locator("fieldset[data-criterion]").nth(index)
            if criterion.get_by_label("Evidence dimension").input_value() == "coding":
                criterion.get_by_label("Weight").fill("6")
                criterion.get_by_label("Must-have").check()
        page.get_by_role("button", name="Preview ranking").click()
        page.locator("#preview").scroll_into_view_if_needed()
        page.screenshot(path=out / "rubric-preview.png")

        page.goto(f"{base}/roles/{role.pk}/decisions/")
        page.screenshot(path=out / "decisions.png", full_page=True)

        page.goto(f"{base}/roles/{role.pk}/upload/")
        files = []
        for seed in (3001, 3002, 3003):
            person = generate(seed)
            path = folder / f"{person.slug}__cv.pdf"
            path.write_bytes(render_cv_pdf(person))
            files.append(str(path))
        page.locator("input[type=file]").set_input_files(files)
        wait_in_page(
            page,
            "document.querySelectorAll('tr.just-uploaded .status-done').length === 3",
            timeout=60,
        )
        page.screenshot(path=out / "upload.png")
        _wait_for_demo()

        page.goto(shortlist)
        page.get_by_role("button", name="Blind review: off").click()
        page.screenshot(path=out / "blind-shortlist.png")
        page.get_by_role("button", name="Blind review: on").click()

        tablet = browser.new_page(viewport=TABLET)
        sign_in(tablet, base, "demo", "referee-demo")
        tablet.goto(shortlist)
        tablet.screenshot(path=out / "tablet-shortlist.png")

        _photograph_people(base, role, out, folder, browser, page)


def _photograph_people(base: str, role, out: Path, folder: Path, browser, page) -> None:
    """The pages of a lab's people and panels: the candidates across roles, a search, a
    two-reviewer panel with a conflict of interest, and the stages on the shortlist."""
    from candidates.models import Candidate
    from tests.browser import (
        LAPTOP,
        REVIEWER,
        REVIEWER_PASSWORD,
        bulk_move,
        coauthored_list,
        fill_scorecard,
        reviewer_list_upload,
        seat_on_panel,
        second_reviewer,
        sign_in,
    )

    page.goto(f"{base}/lab/candidates/")
    page.screenshot(path=out / "lab-candidates.png")
    page.goto(f"{base}/lab/search/?q=pytorch")
    page.screenshot(path=out / "search.png")

    second_reviewer(role.lab)
    candidate = Candidate.objects.filter(applications__role=role).order_by("pk")[0]
    seat_on_panel(page, base, role.pk, "demo", REVIEWER)
    rosa = browser.new_page(viewport=LAPTOP)
    sign_in(rosa, base, REVIEWER, REVIEWER_PASSWORD)
    listed = folder / "rosa.bib"
    listed.write_bytes(coauthored_list(candidate.name))
    reviewer_list_upload(rosa, base, role.pk, listed)
    review = f"{base}/roles/{role.pk}/candidates/{candidate.pk}/review/"
    rosa.goto(review)
    rosa.screenshot(path=out / "review-conflict.png")
    rosa.get_by_role("button", name="Declare and review").click()
    fill_scorecard(rosa, level="3", recommendation="Yes", summary="Strong methods; I co-wrote one.")
    page.goto(review)
    fill_scorecard(page, level="2", recommendation="No", summary="Too early for this role.")
    page.screenshot(path=out / "review-scorecards.png", full_page=True)
    page.goto(f"{base}/roles/{role.pk}/panel/")
    page.screenshot(path=out / "panel.png", full_page=True)

    page.goto(f"{base}/roles/{role.pk}/")
    # Two the demo's decisions advanced, so the rejection moves them.
    bulk_move(page, [5, 6], stage="Rejected", reason="No research experience for this role.")
    page.screenshot(path=out / "shortlist-stages.png")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
