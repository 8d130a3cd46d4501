"""The rubric editor: load from the rubric in use or a template, validate thresholds, preview
the ranking without saving, and save a new version that rescoring picks up."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from screening.assessing import role_assess
from screening.criteria import CriterionSpec
from screening.models import Assessment, Rubric
from screening.rubric_templates import get_template
from screening.selectors import SHORTLIST_ORDER
from screening.services import rubric_revise
from tests.pages import applicant, assessed_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(manager):
    return assessed_role(manager.lab, count=4)


def editor_data(role, edit=None, *, extra: dict | None = None) -> dict:
    """The editor's form as a browser would post it, with ``edit(index, values)`` applied."""
    criteria = list(role.current_rubric.criteria.all())
    data = {
        "form-TOTAL_FORMS": str(len(criteria)),
        "form-INITIAL_FORMS": str(len(criteria)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "research_area": role.research_area,
        "note": "",
        "job_description": "",
        "based_on": str(role.current_rubric.version),
    }
    for index, criterion in enumerate(criteria):
        values = CriterionSpec.from_model(criterion).to_form_initial()
        if edit:
            edit(index, values)
        for key, value in values.items():
            if key == "must_have" and not value:
                continue
            data[f"form-{index}-{key}"] = value
    data.update(extra or {})
    return data


def url(role) -> str:
    return reverse("rubric_edit", args=[role.pk])


def test_the_editor_shows_the_rubric_in_use(client, ranked):
    role, _ = ranked

    response = client.get(url(role))

    html = response.content.decode()
    assert "version 1 in use" in html
    assert "Save as version 2" in html
    for criterion in role.current_rubric.criteria.all():
        assert f'value="{criterion.name}"' in html
    assert "pubs_top_first_author" in html  # the features reference


def test_a_template_can_be_loaded_into_the_editor(client, ranked):
    role, _ = ranked

    response = client.get(url(role), {"template": "ml-theory"})

    names = [form.initial["name"] for form in response.context["formset"].initial_forms]
    assert names == [c.name for c in get_template("ml-theory").criteria]
    assert b"Nothing is saved yet" in response.content
    assert Rubric.objects.filter(role=role).count() == 1


def test_an_unknown_template_is_refused(client, ranked):
    role, _ = ranked

    response = client.get(url(role), {"template": "astrology"})

    assert response.status_code == 400
    assert b"There is no rubric template astrology" in response.content


@pytest.mark.parametrize(
    ("thresholds", "message"),
    [
        ('{"levels": [', "This is not valid JSON"),
        ("[1, 2]", "Thresholds must be a JSON object"),
        ('{"levels": [{"pubs_total": 1}]}', "must list 4 conditions"),
        ('{"levels": [{"pubs_topp": 1}, {}, {}, {}]}', "unknown feature &#x27;pubs_topp&#x27;"),
        ('{"levels": [{"pubs_top": -1}, {"pubs_top": 2}, {"pubs_top": 3}, {"pubs_top": 4}]}',
         "must be a number of 0 or more"),
        ('{"stage_adjusted": "yes"}', "must be true or false"),
        ('{"weights": {}}', "Unknown threshold key"),
        ('{"levels": ' + "[" * 2000 + "]" * 2000 + "}", "nested deeper than 32 levels"),
        ('{"levels": [{"pubs_top": 1e999}, {}, {}, {}]}', "not a finite number"),
    ],
)  # fmt: skip
def test_invalid_thresholds_are_explained_and_nothing_is_saved(client, ranked, thresholds, message):
    role, _ = ranked

    def edit(index, values):
        if index == 0:
            values["thresholds"] = thresholds

    response = client.post(url(role), editor_data(role, edit, extra={"action": "save"}))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Rubric.objects.filter(role=role).count() == 1


def test_a_misspelt_feature_gets_a_suggestion(client, ranked):
    role, _ = ranked
    thresholds = json.dumps({"levels": [{"pubs_firstauthor": 1}, {}, {}, {}]})

    def edit(index, values):
        if index == 0:
            values["thresholds"] = thresholds

    response = client.post(url(role), editor_data(role, edit, extra={"action": "preview"}))

    assert "Did you mean pubs_first_author" in response.content.decode()


def test_missing_anchors_and_a_rubric_without_weight_are_refused(client, ranked):
    role, _ = ranked

    def no_anchor(index, values):
        values["level_3"] = ""

    def no_weight(index, values):
        values["weight"] = "0"

    missing = client.post(url(role), editor_data(role, no_anchor, extra={"action": "save"}))
    weightless = client.post(url(role), editor_data(role, no_weight, extra={"action": "save"}))

    assert missing.status_code == weightless.status_code == 400
    assert b"Describe level 3." in missing.content
    assert b"Give at least one criterion a weight above zero." in weightless.content
    assert Rubric.objects.filter(role=role).count() == 1


def test_the_preview_shows_how_the_top_would_change_without_saving(client, ranked):
    role, _ = ranked
    stored = {
        a.application.candidate_id: a.score
        for a in Assessment.objects.filter(role=role).select_related("application")
    }

    unchanged = client.post(url(role), editor_data(role, extra={"action": "preview"}))

    def coding_first(index, values):
        values["must_have"] = False
        if values["dimension"] == "coding":
            values["weight"] = "30"

    changed = client.post(url(role), editor_data(role, coding_first, extra={"action": "preview"}))

    same = unchanged.context["preview"]
    assert [row.movement for row in same.rows] == [0] * len(same.rows)
    assert {row.candidate_id: round(row.score, 6) for row in same.rows} == {
        k: round(v, 6) for k, v in stored.items()
    }
    moved = changed.context["preview"]
    assert any(row.movement for row in moved.rows)
    assert b"Preview: the top of the ranking" in changed.content
    assert b"Nothing is saved yet" in changed.content
    assert Rubric.objects.filter(role=role).count() == 1
    assert not Assessment.objects.filter(role=role, stale=True).exists()


def test_saving_makes_a_new_version_marks_scores_stale_and_queues_the_rescore(
    client, ranked, manager, django_capture_on_commit_callbacks
):
    role, _ = ranked

    def edit(index, values):
        if values["dimension"] == "coding":
            values["weight"] = "7"
            values["must_have"] = True
        if index == 1:
            values["DELETE"] = "on"

    extra = {"action": "save", "note": "coding matters", "research_area": "GPU kernels"}
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(url(role), editor_data(role, edit, extra=extra))

    assert response.status_code == 302
    assert response["Location"] == reverse("role_detail", args=[role.pk])
    rubric = role.current_rubric
    assert (rubric.version, rubric.note, rubric.created_by) == (2, "coding matters", manager.user)
    criteria = list(rubric.criteria.all())
    assert len(criteria) == len(get_template("research-scientist-ml").criteria) - 1
    coding = next(c for c in criteria if c.dimension == "coding")
    assert (coding.weight, coding.must_have) == (7, True)
    role.refresh_from_db()
    assert role.research_area == "GPU kernels"
    assert set(Assessment.objects.filter(role=role).values_list("stale", flat=True)) == {True}
    assert len(queued) == 1  # the rescore, sent once the new version is committed
    role_assess(role=role)
    page = client.get(response["Location"]).content.decode()
    assert "Saved rubric version 2" in page
    assert "rubric v2 (coding matters)" in page


def test_the_editor_carries_the_version_it_was_opened_on(client, ranked):
    role, _ = ranked

    response = client.get(url(role))

    assert '<input type="hidden" name="based_on" value="1"' in response.content.decode()


def test_saving_over_a_colleagues_newer_version_is_refused_and_keeps_both_edits(client, ranked):
    role, _ = ranked

    def coding_seven(index, values):
        if values["dimension"] == "coding":
            values["weight"] = "7"

    opened = editor_data(role, coding_seven, extra={"action": "save", "note": "mine"})
    colleague = list(get_template("research-scientist-ml").criteria)[:2]
    rubric_revise(role=role, criteria=colleague, based_on=1, note="a colleague's")

    response = client.post(url(role), opened)

    assert response.status_code == 409
    assert (
        "The rubric changed since version 1: the current version is 2. Read it again and "
        "re-apply your edit." in response.content.decode()
    )
    rubric = role.current_rubric
    assert (rubric.version, rubric.note, rubric.criteria.count()) == (2, "a colleague's", 2)
    weights = [form["weight"].value() for form in response.context["formset"].forms]
    assert "7" in weights  # the refused edit is still in the form, to be applied again
    assert response.context["meta"]["based_on"].value() == "1"


def test_a_save_that_does_not_say_which_version_it_edits_is_refused(client, ranked):
    role, _ = ranked
    data = editor_data(role, extra={"action": "save"})
    del data["based_on"]

    response = client.post(url(role), data)

    assert response.status_code == 400
    assert b"reload the editor" in response.content
    assert Rubric.objects.filter(role=role).count() == 1


def test_a_new_criterion_can_be_added_in_the_blank_form(client, ranked):
    role, _ = ranked
    count = role.current_rubric.criteria.count()
    template = get_template("research-engineer").criteria[1]  # research experience
    new = template.to_form_initial()
    extra = {f"form-{count}-{key}": value for key, value in new.items() if key != "must_have"}
    extra |= {"form-TOTAL_FORMS": str(count + 2), "action": "save"}
    # A second blank form left untouched is ignored.
    extra |= {f"form-{count + 1}-weight": "1", f"form-{count + 1}-target_level": "2"}

    response = client.post(url(role), editor_data(role, extra=extra))

    assert response.status_code == 302
    names = list(role.current_rubric.criteria.values_list("name", flat=True))
    assert names[-1] == "Research experience"
    assert len(names) == count + 1


def test_drafting_from_a_job_description_fills_the_editor_without_saving(client, ranked):
    role, _ = ranked
    advert = (
        "We are hiring a Research Scientist in natural language processing to work on large "
        "language models. You have a PhD and first-author papers at ACL, EMNLP or NeurIPS, "
        "strong PyTorch skills and experience with distributed training. Experience with SQL "
        "and data warehouses is required."
    )

    response = client.post(url(role), {"action": "draft", "job_description": advert})

    assert response.status_code == 200
    assert response.context["draft"] is not None
    assert response.context["formset"].initial_forms
    assert b"Drafted from the job description" in response.content
    assert "Not mapped to any criterion" in response.content.decode()
    assert "Experience with SQL and data warehouses is required." in response.content.decode()
    assert Rubric.objects.filter(role=role).count() == 1


def test_drafting_needs_a_job_description(client, ranked):
    role, _ = ranked

    response = client.post(url(role), {"action": "draft", "job_description": ""})

    assert response.status_code == 400
    assert b"Paste a job description to draft a rubric from." in response.content


def saved_top(role, top: int = 10) -> list[tuple[int, float, bool]]:
    """The role's ranking as stored: (candidate, score, barrier) from the top down."""
    ranked = Assessment.objects.filter(role=role).order_by(*SHORTLIST_ORDER)
    return [
        (a.application.candidate_id, round(a.score, 6), a.has_barrier)
        for a in ranked.select_related("application")[:top]
    ]


def previewed_top(preview) -> list[tuple[int, float, bool]]:
    return [(row.candidate_id, round(row.score, 6), row.has_barrier) for row in preview.rows]


def area_first(index, values):
    """The edit a manager makes to rank on research area: its weight up, no must-haves."""
    values["must_have"] = False
    values["weight"] = "20" if values["dimension"] == "research_area" else "1"


@pytest.mark.parametrize("field", ["research_area", "job_description"])
def test_the_preview_of_an_edited_draft_is_the_ranking_saved_a_moment_later(client, manager, field):
    role, _ = assessed_role(manager.lab, count=6)
    before = saved_top(role)
    # The new area text is the research of the candidate whose work is furthest from the old
    # one, so the edit must lift them: a preview that ignores the text cannot agree with the save.
    farthest = (
        Assessment.objects.filter(role=role, topic_similarity__isnull=False)
        .order_by("topic_similarity", "application_id")
        .select_related("application__candidate__features")
        .first()
        .application.candidate.features
    )
    extra = {field: farthest.research_text, "note": "area first"}

    previewed = editor_data(role, area_first, extra={**extra, "action": "preview"})
    preview = client.post(url(role), previewed)
    saved = client.post(url(role), {**previewed, "action": "save"})

    assert saved.status_code == 302
    role.refresh_from_db()
    assert getattr(role, field) == farthest.research_text
    role_assess(role=role)  # the rescore the save queued
    after = saved_top(role)
    ids_before, ids_after = [row[0] for row in before], [row[0] for row in after]
    assert ids_after.index(farthest.candidate_id) < ids_before.index(farthest.candidate_id)
    assert previewed_top(preview.context["preview"]) == after


def test_an_applicant_read_since_the_last_scoring_is_previewed_as_the_save_will_rank_them(
    client, ranked
):
    role, _ = ranked
    newcomer = applicant(role, 900, archetype="researcher")  # read, not yet assessed

    response = client.post(url(role), editor_data(role, extra={"action": "preview"}))

    preview = response.context["preview"]
    assert preview.total == 5
    (row,) = [row for row in preview.rows if row.candidate_id == newcomer.pk]
    assert row.current_rank is None
    assert b"not ranked yet" in response.content
    role_assess(role=role)
    assert previewed_top(preview) == saved_top(role)
