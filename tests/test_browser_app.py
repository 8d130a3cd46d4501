"""The web app in real headless Chromium against a real served app (gunicorn + Celery worker).

One server, worker and browser for the module; the demo lab (synthetic CVs of fictional people)
is loaded once. The tests walk a recruiter's and a hiring manager's day: sign in, upload, watch
the files being read, open the shortlist, a candidate and a highlighted page, decide, edit the
rubric and see the ranking change, and review blind.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.management import call_command

from candidates.models import Candidate, Document, DocumentStatus
from candidates.synthetic import generate, render_cv_pdf
from screening.models import Assessment, Decision, Lab, LabMembership, LabRole, RoleProfile
from tests.browser import (
    CHROMIUM,
    LAPTOP,
    REVIEWER,
    REVIEWER_PASSWORD,
    TABLET,
    bulk_move,
    chromium,
    coauthored_list,
    fill_scorecard,
    reviewer_list_upload,
    seat_on_panel,
    second_reviewer,
    served_app,
    sign_in,
    wait_in_page,
)
from tests.conftest import service_missing
from tests.workers import ROOT, child_environment

pytestmark = [pytest.mark.services, pytest.mark.timeout(240)]

DEMO_USER, DEMO_PASSWORD = "demo", "referee-demo"
SECONDS = 1000  # Playwright counts milliseconds
READ_TIMEOUT = 60 * SECONDS


@pytest.fixture(scope="module")
def db(django_db_setup, django_db_blocker):
    """Database access for the module's own checks, while the server shares the database.

    Playwright's synchronous API keeps an event loop in this thread, which Django takes for
    async code; the checks here are plain synchronous ones.
    """
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    @contextmanager
    def access() -> Iterator[None]:
        with django_db_blocker.unblock():
            yield

    yield access
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
    if before is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="module")
def app(db, tmp_path_factory):
    """The served app with the demo loaded and read; yields the base URL and the demo role."""
    if not CHROMIUM.exists():
        service_missing(f"Chromium is not installed at {CHROMIUM} (make browser)")
    folder = tmp_path_factory.mktemp("served")
    env = child_environment("filesystem://localhost//", folder / "broker")
    env["MEDIA_ROOT"] = str(folder / "media")
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    # The demo is loaded while the server starts; the worker reads it once up.
    demo = subprocess.Popen(
        [sys.executable, "manage.py", "demo", "--count", "6", "--folder", str(folder / "demo")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    with served_app(env, folder / "serve.log") as base:
        output, _ = demo.communicate(timeout=120)
        assert demo.returncode == 0, output
        with db():
            role = RoleProfile.objects.get(lab__slug="demo")
            wait_until(lambda: settled(role), what="the demo CVs to be read and scored")
        yield base, role, folder


@pytest.fixture(scope="module")
def browser(app):
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(app, browser):
    base, _, _ = app
    context = browser.new_context(viewport=LAPTOP, accept_downloads=True)
    context.set_default_timeout(15 * SECONDS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, base, DEMO_USER, DEMO_PASSWORD)
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def settled(role: RoleProfile) -> bool:
    documents = Document.objects.filter(candidate__applications__role=role)
    busy = documents.filter(status__in=[DocumentStatus.QUEUED, DocumentStatus.PROCESSING])
    assessed = Assessment.objects.filter(role=role, stale=False).count()
    read = documents.filter(kind="cv", status=DocumentStatus.DONE).count()
    return not busy.exists() and assessed == read


def wait_until(condition, *, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def ranked_names(page) -> list[str]:
    return page.locator("table.shortlist a.candidate-link").all_inner_texts()


def test_sign_in_upload_two_pdfs_and_watch_them_being_read(app, page, db):
    _, role, folder = app
    files = []
    for seed, archetype in ((2001, "researcher"), (2002, "research_engineer")):
        person = generate(seed, archetype=archetype)
        path = folder / f"{person.slug}__cv.pdf"
        path.write_bytes(render_cv_pdf(person))
        files.append((path, person.name))

    page.get_by_role("link", name=role.title).click()
    page.get_by_role("navigation", name=role.title).get_by_role("link", name="Upload").click()
    page.locator("input[type=file]").set_input_files([str(path) for path, _ in files])

    for path, _ in files:
        row = page.locator("tr", has_text=path.name)
        expect_text(row.locator("[data-status]"), "Done", timeout=READ_TIMEOUT)
        expect_text(row, "Open candidate")
    expect_text(page.locator("[data-progress-summary]"), "All documents are read")
    with db():
        wait_until(lambda: settled(role), what="the uploads to be scored")
    page.get_by_role("link", name="Back to the shortlist").click()
    for _, name in files:
        assert name in ranked_names(page)


def test_the_shortlist_a_candidate_and_a_highlighted_page(app, page):
    base, role, _ = app
    page.goto(f"{base}/roles/{role.pk}/")
    ranks = page.locator("table.shortlist td.rank").all_inner_texts()
    assert [int(r.split()[0]) for r in ranks] == list(range(1, len(ranks) + 1))
    assert len(ranks) >= 6
    # Keyboard: j moves to the first candidate, Enter opens them.
    page.keyboard.press("j")
    first = ranked_names(page)[0]
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/roles/{role.pk}/candidates/*/")
    assert page.get_by_role("heading", level=1).inner_text() == first
    expect_text(page.locator("section", has_text="Gap analysis").first, "Covered")

    link = page.locator("section", has_text="Evidence by dimension").locator("a.page-link").first
    with page.expect_response(lambda r: ".png" in r.url) as image:
        link.click()
    dialog = page.locator("#page-dialog")
    assert dialog.is_visible()
    assert image.value.status == 200
    assert int(image.value.headers["x-referee-highlights"]) >= 1
    wait_in_page(
        page,
        "document.querySelector('[data-page-img]').complete"
        " && document.querySelector('[data-page-img]').naturalWidth > 500",
    )
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('page-link')")


def test_recording_a_decision(app, page, db):
    base, role, _ = app
    page.goto(f"{base}/roles/{role.pk}/")
    page.locator("table.shortlist a.candidate-link").nth(1).click()
    name = page.get_by_role("heading", level=1).inner_text()

    page.get_by_role("button", name="Record decision").click()
    expect_text(page.locator(".decision-form"), "Choose advance, hold or reject.")
    page.get_by_label("Advance").check()
    page.locator(".decision-form").get_by_label("Reason").fill(
        "Strong first-author record; invite to interview."
    )
    page.get_by_role("button", name="Record decision").click()

    expect_text(page.locator(".messages"), "Recorded: Advance.")
    expect_text(page.locator(".history"), "Strong first-author record; invite to interview.")
    with db():
        decision = Decision.objects.get()
        assert (decision.outcome, decision.decided_by.username) == ("advance", DEMO_USER)
    page.get_by_role("link", name="Shortlist").first.click()
    expect_text(page.locator("tr", has_text=name).locator(".decision"), "Advance")


def test_editing_the_rubric_previews_then_updates_the_ranking(app, page, db):
    base, role, _ = app
    page.goto(f"{base}/roles/{role.pk}/")
    before = ranked_names(page)

    page.get_by_role("link", name="Edit rubric").click()
    for index in range(page.locator("fieldset[data-criterion]").count() - 1):
        criterion = page.locator("fieldset[data-criterion]").nth(index)
        criterion.get_by_label("Must-have").uncheck()
        if criterion.get_by_label("Evidence dimension").input_value() == "coding":
            criterion.get_by_label("Weight").fill("25")
    page.get_by_label("What changed").fill("Coding first")
    page.get_by_role("button", name="Preview ranking").click()
    preview = page.locator("#preview")
    expect_text(preview, "Nothing is saved yet")
    assert preview.locator("tbody tr").count() >= 6
    with db():
        assert role.rubrics.count() == 1

    page.get_by_role("button", name="Save as version 2").click()
    expect_text(page.locator(".messages"), "Saved rubric version 2")
    # The page reloads itself when the rescore lands.
    expect_text(page.locator("main"), "rubric v2 (Coding first)", timeout=30 * SECONDS)
    wait_in_page(page, "!document.querySelector('.badge.stale')", timeout=30)
    after = ranked_names(page)
    assert sorted(after) == sorted(before)
    assert after != before
    assert page.locator(".move").count() >= 1  # rank movement markers


def test_blind_review_hides_every_name(app, page, db):
    base, role, _ = app
    with db():
        people = list(Candidate.objects.filter(applications__role=role))
    names = [c.name for c in people]
    # Every candidate's name, surname and email; quotes may name other people (co-authors).
    cues = names + [c.name.split()[-1] for c in people] + [c.email for c in people]
    page.goto(f"{base}/roles/{role.pk}/")
    page.get_by_role("button", name="Blind review: off").click()
    expect_text(page.locator(".messages"), "Blind review is on")

    shortlist = page.locator("body").inner_text()
    page.locator("table.shortlist input[name=c]").nth(0).check()
    page.locator("table.shortlist input[name=c]").nth(1).check()
    page.get_by_role("button", name="Compare selected").click()
    compare = page.locator("body").inner_text()
    page.locator("table.compare thead a").first.click()
    number = int(page.get_by_role("heading", level=1).inner_text().removeprefix("Candidate #"))
    shown = next(c for c in people if c.pk == number)
    candidate = page.locator("body").inner_text()
    exported = page.request.get(f"{base}/roles/{role.pk}/shortlist.csv").text()

    for text, hidden in (
        (shortlist, cues),
        (compare, cues),
        (candidate, [*names, shown.name.split()[-1], shown.email]),
        (exported, cues),
    ):
        visible = [cue for cue in hidden if cue in text]
        assert not visible, f"visible in blind review: {visible}"
    assert "Candidate #" in shortlist
    assert "name" not in next(csv.reader(io.StringIO(exported)))

    page.get_by_role("button", name="Blind review: on").click()
    expect_text(page.locator(".messages"), "Blind review is off")


def test_pages_fit_a_tablet_without_sideways_scrolling(app, browser):
    base, role, _ = app
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, base, DEMO_USER, DEMO_PASSWORD)
    for path in (f"/roles/{role.pk}/", f"/roles/{role.pk}/rubric/", f"/roles/{role.pk}/upload/"):
        page.goto(base + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a tablet"
    context.close()


@pytest.mark.parametrize(
    ("path", "drawn"),
    [("/api/schema/swagger/", ".opblock"), ("/api/schema/redoc/", "[data-section-id]")],
)
def test_the_api_documentation_pages_work_under_their_content_security_policy(
    app, browser, path, drawn
):
    base, _, _ = app
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(
        "window.refusals = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.refusals.push(e.violatedDirective + ' ' + e.blockedURI));"
    )

    page.goto(base + path)
    page.wait_for_selector(drawn)
    operations = page.locator(drawn).count()
    refusals = page.evaluate("window.refusals")
    context.close()

    assert operations > 20
    assert not errors, f"JavaScript errors: {errors}"
    # Redoc's sidebar shows its maker's logo from their CDN; refusing it is the policy's job.
    assert [r for r in refusals if r != "img-src https://cdn.redoc.ly/redoc/logo-mini.svg"] == []


@pytest.mark.corpus
def test_a_real_cv_from_the_corpus_is_read_and_its_page_highlighted(app, page, db, corpus_dir):
    """A real CV goes to a lab of its own, so no screenshot or demo page ever shows it."""
    base, _, folder = app
    source = corpus_dir / "cv" / "ABaldrati__cv.pdf"
    if not source.exists():
        pytest.skip(f"{source.name} is not in the corpus")
    with db():
        lab = Lab.objects.create(name="Corpus check", slug="corpus-check")
        LabMembership.objects.create(
            user=LabMembership.objects.get(lab__slug="demo").user, lab=lab, role=LabRole.ADMIN
        )
        from tests.pages import make_role

        role = make_role(lab, "research-scientist-cv")
    upload = folder / "corpus" / source.name
    upload.parent.mkdir(exist_ok=True)
    shutil.copyfile(source, upload)  # a temporary copy, removed with the test's folder

    page.goto(f"{base}/roles/{role.pk}/upload/")
    page.locator("input[type=file]").set_input_files(str(upload))
    row = page.locator("tr", has_text=source.name)
    expect_text(row.locator("[data-status]"), "Done", timeout=READ_TIMEOUT)
    with db():
        wait_until(lambda: settled(role), what="the real CV to be scored")
    page.goto(f"{base}/roles/{role.pk}/")
    page.locator("table.shortlist a.candidate-link").first.click()
    evidence = page.locator("section", has_text="Evidence by dimension").locator("a.page-link")
    with page.expect_response(lambda r: ".png" in r.url) as image:
        evidence.first.click()
    assert image.value.status == 200
    assert int(image.value.headers["x-referee-highlights"]) >= 1
    upload.unlink()


def expect_text(locator, text: str, *, timeout: float = 15 * SECONDS) -> None:
    from playwright.sync_api import expect

    expect(locator).to_contain_text(text, timeout=timeout)


def test_a_two_reviewer_panel_a_conflict_a_stage_move_and_a_bulk_reject(app, page, browser, db):
    base, role, folder = app
    with db():
        second_reviewer(role.lab)
        candidate = Candidate.objects.filter(applications__role=role).order_by("pk").first()
        assert candidate is not None
        name = candidate.name
    seat_on_panel(page, base, role.pk, DEMO_USER, REVIEWER)
    expect_text(page.locator("table").first, REVIEWER)

    # The second reviewer's own papers include one written with the candidate.
    context = browser.new_context(viewport=LAPTOP)
    context.set_default_timeout(15 * SECONDS)
    rosa = context.new_page()
    sign_in(rosa, base, REVIEWER, REVIEWER_PASSWORD)
    listed = folder / "rosa.bib"
    listed.write_bytes(coauthored_list(name))
    reviewer_list_upload(rosa, base, role.pk, listed)
    review = f"{base}/roles/{role.pk}/candidates/{candidate.pk}/review/"
    rosa.goto(review)
    expect_text(rosa.locator("#conflicts"), "Robust Evaluation of Sparse Models")
    expect_text(rosa.locator("#scorecard"), "Declare the conflicts above or recuse")
    rosa.get_by_role("button", name="Declare and review").click()
    fill_scorecard(rosa, level="3", recommendation="Yes", summary="Strong methods; I co-wrote one.")
    expect_text(rosa.locator("#scorecard"), "a submitted scorecard is final")

    # Blind until submit: the admin sees Rosa's scorecard only once theirs is in.
    page.goto(review)
    assert "Strong methods" not in page.locator("#scorecards").inner_text()
    fill_scorecard(page, level="2", recommendation="No", summary="Too early for this role.")
    expect_text(page.locator("#scorecards"), "Strong methods; I co-wrote one.")
    page.goto(f"{base}/roles/{role.pk}/panel/")
    expect_text(page.locator("#conflicts"), "Robust Evaluation of Sparse Models")
    context.close()

    # A stage move on the candidate page, then a bulk rejection from the shortlist.
    page.goto(f"{base}/roles/{role.pk}/candidates/{candidate.pk}/")
    stage = page.locator("#stage")
    stage.get_by_label("Move to").select_option(label="Interview")
    stage.get_by_label("Reason").fill("Panel split; meet them.")
    stage.get_by_role("button", name="Move", exact=True).click()
    expect_text(page.locator("#stage .stage-history"), "Panel split; meet them.")

    page.goto(f"{base}/roles/{role.pk}/")
    count = page.locator("table.shortlist input[name=c]").count()
    bulk_move(
        page,
        [count - 1, count - 2],
        stage="Rejected",
        reason="No research experience for this role.",
    )
    expect_text(page.locator(".messages"), "Moved 2")
    with db():
        rejected = Decision.objects.filter(
            application__role=role, outcome="reject", reason="No research experience for this role."
        )
        assert rejected.count() == 2
