"""Forms of the web app's pages: they validate input; the services and selectors do the work."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME

from candidates.dimensions import Dimension
from screening import json_input
from screening.criteria import (
    LEVEL_FIELDS,
    LEVEL_TEXT_CHARS,
    LEVEL_TEXT_TOO_LONG,
    LEVELS,
    MAX_CRITERIA,
    TOO_MANY_CRITERIA,
    CriterionSpec,
)
from screening.directory import CandidateFilters
from screening.models import DECISION_REASON_CHARS, DecisionOutcome, RoleStatus, Stage
from screening.pipeline import NOTHING_CHOSEN, STAGE_REQUIRED
from screening.rubric_templates import TEMPLATES
from screening.selectors import ROLE_STATUS_FILTERS, UNDECIDED, RoleFilters, ShortlistFilters
from screening.services import ROLE_TITLE_MISSING, criterion_thresholds_validate
from search.index import MAX_QUERY_CHARS

MAX_COMPARED = 4
# The shortlist's "Show" choices, as filters.
SHOWS = {
    "no_barrier": ShortlistFilters(barrier=False),
    "barrier": ShortlistFilters(barrier=True),
    "insufficient": ShortlistFilters(insufficient=True),
    "stale": ShortlistFilters(stale=True),
    "not_ranked": ShortlistFilters(ranked=False),
}
# The shortlist's orders; a blind page offers them without "name".
SORTS = [
    ("rank", "Rank"),
    ("score", "Score"),
    ("name", "Name"),
    ("recent", "Newest applicants"),
]


def _choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's own copy of one of its choice fields, to change its choices."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # the form declares it as one
    return field


class ShortlistFilterForm(forms.Form):
    """The shortlist's search, filters and sort (a GET form: every field optional)."""

    q = forms.CharField(
        required=False,
        max_length=MAX_QUERY_CHARS,
        label="Search",
        help_text='Names, emails, #number, or what the CVs say: words, "a phrase", -without.',
    )
    decision = forms.ChoiceField(
        required=False,
        label="Decision",
        choices=[("", "Any decision"), (UNDECIDED, "Not decided yet"), *DecisionOutcome.choices],
    )
    show = forms.ChoiceField(
        required=False,
        label="Show",
        choices=[
            ("", "Everyone"),
            ("no_barrier", "Without a barrier"),
            ("barrier", "With a barrier"),
            ("insufficient", "With missing evidence"),
            ("stale", "Waiting for a rescore"),
            ("not_ranked", "Not ranked (being read, or failed)"),
        ],
    )
    stage = forms.TypedChoiceField(required=False, label="Stage", coerce=int, empty_value=None)
    sort = forms.ChoiceField(required=False, label="Sort by", choices=SORTS)

    def __init__(self, *args, blind: bool = False, stages: Iterable[Stage] = (), **kwargs):
        super().__init__(*args, **kwargs)
        _choice_field(self, "stage").choices = [
            ("", "Any stage"),
            *((stage.pk, stage.name) for stage in stages),
        ]
        if blind:
            _choice_field(self, "sort").choices = [c for c in SORTS if c[0] != "name"]
            self.fields[
                "q"
            ].help_text = "#number, or what the CVs say (names are hidden in blind review)."

    def filters(self) -> ShortlistFilters:
        """The query as the shortlist's filters; an invalid query filters nothing."""
        data = self.cleaned_data if self.is_valid() else {}
        return replace(
            SHOWS.get(data.get("show") or "", ShortlistFilters()),
            search=data.get("q") or "",
            decision=data.get("decision") or "",
            stage=data.get("stage"),
            sort=data.get("sort") or "rank",
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            if not data and self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    # An empty file passes the form to be refused by the upload gate, in its words. The
    # form's metaclass takes declared fields out of the class, so this field does not hide
    # BaseForm.files (the request's files) at run time, as mypy assumes it does.
    files = MultipleFileField(  # type: ignore[assignment]
        label="CVs, publication lists or a zip of them",
        allow_empty_file=True,
        error_messages={"required": "Choose at least one file to upload."},
    )


class DecisionForm(forms.Form):
    """The decision as posted; decision_record checks it and words what is missing."""

    outcome = forms.ChoiceField(
        choices=DecisionOutcome.choices, widget=forms.RadioSelect, label="Decision", required=False
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": DECISION_REASON_CHARS}),
        label="Reason",
        help_text="Kept with the decision for review and audit.",
        required=False,
        strip=False,
    )


class StageMoveForm(forms.Form):
    """A move to a stage of the lab's pipeline, as posted; applications_move checks the rest
    (a reason where the move records a decision) and words what is missing."""

    stage = forms.TypedChoiceField(
        coerce=int,
        label="Move to",
        error_messages={
            "required": STAGE_REQUIRED,
            "invalid_choice": "That is not a stage of this lab's pipeline.",
        },
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": DECISION_REASON_CHARS}),
        label="Reason",
        help_text="Kept with the move (and with the decision a move to or from a rejected "
        "stage records).",
        required=False,
        strip=False,
    )

    def __init__(self, *args, stages: Iterable[Stage], **kwargs):
        super().__init__(*args, **kwargs)
        self.stages = {stage.pk: stage for stage in stages}
        _choice_field(self, "stage").choices = [
            ("", "Choose a stage…"),
            *((pk, stage.name) for pk, stage in self.stages.items()),
        ]

    def clean_stage(self) -> Stage | None:
        chosen = self.cleaned_data.get("stage")
        return self.stages.get(chosen) if chosen not in (None, "") else None


class ShortlistActionForm(StageMoveForm):
    """The shortlist's form: candidates ticked, then compared or moved to a stage."""

    # Comparing needs no stage: a browser must not hold the form back for the empty select
    # (the server says what a move lacks).
    use_required_attribute = False

    action = forms.ChoiceField(choices=[("compare", "Compare"), ("move", "Move")])
    c = forms.TypedMultipleChoiceField(
        coerce=int,
        label="Candidates",
        error_messages={"required": NOTHING_CHOSEN},
    )

    def __init__(self, *args, candidate_ids: list[int], **kwargs):
        # Its own ids: the filter form on the same page has a stage field too.
        kwargs.setdefault("auto_id", "move_%s")
        super().__init__(*args, **kwargs)
        chosen = _choice_field(self, "c")
        chosen.choices = [(pk, pk) for pk in candidate_ids]
        chosen.error_messages["invalid_choice"] = (
            "Candidate %(value)s has not applied to this role."
        )
        if self.data.get("action") == "compare":  # comparing takes no stage
            self.fields["stage"].required = False


class RoleEditForm(forms.Form):
    """A role's title and research area (the rubric editor has the criteria)."""

    title = forms.CharField(
        max_length=200,
        label="Title",
        error_messages={"required": ROLE_TITLE_MISSING},
    )
    research_area = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Research area",
        help_text="What the team works on; a change rescores the applicants.",
    )


class RoleFilterForm(forms.Form):
    """The roles page's filters (a GET form: every field optional)."""

    status = forms.ChoiceField(
        required=False,
        label="Status",
        choices=[("", "Open and closed"), *RoleStatus.choices, ("all", "All, archived too")],
    )
    q = forms.CharField(required=False, max_length=200, label="Title")

    def role_filters(self) -> RoleFilters:
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") or ""
        return RoleFilters(
            statuses=ROLE_STATUS_FILTERS.get(status, ROLE_STATUS_FILTERS[""]),
            title=data.get("q") or "",
        )


class RoleCreateForm(forms.Form):
    title = forms.CharField(
        max_length=200, label="Title", error_messages={"required": ROLE_TITLE_MISSING}
    )
    template = forms.ChoiceField(
        label="Start from the template",
        choices=[(slug, t.title) for slug, t in TEMPLATES.items()],
        error_messages={"invalid_choice": "Unknown rubric template %(value)s."},
    )


class CompareForm(forms.Form):
    c = forms.TypedMultipleChoiceField(coerce=int, label="Candidates")

    def __init__(self, *args, candidate_ids: list[int], **kwargs):
        # Its own ids: the filter form on the same page has a stage field too.
        kwargs.setdefault("auto_id", "move_%s")
        super().__init__(*args, **kwargs)
        chosen = _choice_field(self, "c")
        chosen.choices = [(pk, pk) for pk in candidate_ids]
        chosen.error_messages["invalid_choice"] = (
            "Candidate %(value)s has not applied to this role."
        )

    def clean_c(self) -> list[int]:
        chosen = list(dict.fromkeys(self.cleaned_data["c"]))
        if not 2 <= len(chosen) <= MAX_COMPARED:
            raise ValidationError(f"Choose between 2 and {MAX_COMPARED} candidates to compare.")
        return chosen


class TemplateChoiceForm(forms.Form):
    template = forms.ChoiceField(
        choices=[(slug, t.title) for slug, t in TEMPLATES.items()],
        label="Template",
        error_messages={"invalid_choice": "There is no rubric template %(value)s."},
    )


class DraftForm(forms.Form):
    job_description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=50_000,
        label="Job description",
        help_text="Paste the advert; Referee suggests criteria and says which phrases led to each.",
        error_messages={"required": "Paste a job description to draft a rubric from."},
    )


class RubricMetaForm(forms.Form):
    research_area = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Research area",
        help_text="What the team works on; candidates' research is matched against it.",
    )
    note = forms.CharField(
        max_length=300, required=False, label="What changed (kept with the version)"
    )
    # The pasted advert a draft came from, kept with the role when the draft is saved.
    job_description = forms.CharField(required=False, widget=forms.HiddenInput)
    # The version the editor was opened on: saving refuses when another edit came first.
    based_on = forms.IntegerField(
        min_value=0,
        widget=forms.HiddenInput,
        error_messages={
            "required": "The form does not say which rubric version it edits; reload the editor."
        },
    )


class CriterionForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name")
    dimension = forms.ChoiceField(
        choices=[("", "Choose…"), *Dimension.choices], label="Evidence dimension"
    )
    weight = forms.FloatField(min_value=0, max_value=100, initial=1, label="Weight")
    must_have = forms.BooleanField(required=False, label="Must-have")
    target_level = forms.TypedChoiceField(
        coerce=int, choices=[(n, n) for n in range(LEVELS)], initial=2, label="Target level"
    )
    thresholds = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "class": "code"}),
        label="Thresholds (JSON)",
        help_text="Empty: the dimension's defaults.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for level, name in enumerate(LEVEL_FIELDS):
            self.fields[name] = forms.CharField(
                max_length=LEVEL_TEXT_CHARS,
                label=f"Level {level}",
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "required": f"Describe level {level}.",
                    "max_length": LEVEL_TEXT_TOO_LONG,
                },
            )

    def clean_thresholds(self) -> dict:
        text = self.cleaned_data["thresholds"].strip()
        if not text:
            return {}
        try:
            value = json_input.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(
                f"This is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})."
            ) from exc
        except json_input.JSONRefused as exc:
            raise ValidationError(str(exc)) from exc
        return criterion_thresholds_validate(thresholds=value)


class BaseCriterionFormSet(forms.BaseFormSet):
    """The editor's criteria; the rules of a rubric are the service's
    (:func:`screening.services.rubric_criteria_validate`), only their number is bounded here."""

    default_error_messages = {"too_many_forms": TOO_MANY_CRITERIA}

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove"

    def criteria(self) -> list[CriterionSpec]:
        return [
            CriterionSpec.from_form(form.cleaned_data)
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get(DELETION_FIELD_NAME)
        ]


# formset_factory returns a subclass of the formset it is given; its stubs say only "a
# formset of CriterionForm", which would hide criteria() from the editor's views.
CriterionFormSet = cast(
    "type[BaseCriterionFormSet]",
    forms.formset_factory(
        CriterionForm,
        formset=BaseCriterionFormSet,
        extra=1,
        can_delete=True,
        max_num=MAX_CRITERIA,
        validate_max=True,
    ),
)


class CandidateFilterForm(forms.Form):
    """The lab's candidates page: a role and a search (a GET form: both optional)."""

    q = forms.CharField(required=False, max_length=200, label="Search")
    role = forms.TypedChoiceField(required=False, label="Role", coerce=int, empty_value=None)

    def __init__(self, *args, roles, blind: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        _choice_field(self, "role").choices = [("", "Any role")] + [
            (role.pk, role.title) for role in roles
        ]
        self.fields["q"].help_text = (
            "Candidate number (names are hidden in blind review)."
            if blind
            else "Part of a name or email, or a candidate number such as #12."
        )

    def filters(self) -> CandidateFilters:
        """The query as the list's filters; an invalid query filters nothing."""
        data = self.cleaned_data if self.is_valid() else {}
        return CandidateFilters(role_id=data.get("role"), search=data.get("q") or "")


class AddToRoleForm(forms.Form):
    """Make a candidate an applicant of another role of their lab."""

    role = forms.TypedChoiceField(label="Add to role", coerce=int)

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        _choice_field(self, "role").choices = [(role.pk, role.title) for role in roles]
        self.fields["role"].error_messages.update(
            required="Choose a role to add the candidate to.",
            invalid_choice="Choose one of the lab's roles; that one is not among them.",
        )
