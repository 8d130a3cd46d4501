"""Query filters of the list endpoints (django-filter), documented in the schema.

``updated_since`` (ISO 8601) on every synchronisable list returns what was created or changed
at or after that moment, for incremental sync; ids filter within the user's labs only.
"""

from __future__ import annotations

from datetime import UTC, datetime

import django_filters as filters
from django import forms
from django.db.models import Q
from drf_spectacular.utils import extend_schema_field

from candidates.models import (
    Candidate,
    CandidateMerge,
    Document,
    DocumentKind,
    DocumentStatus,
    DuplicateProposal,
    DuplicateStatus,
)
from screening.api.models import DeliveryStatus, WebhookDelivery, WebhookEvent
from screening.models import (
    Application,
    Assessment,
    Decision,
    DecisionOutcome,
    RoleProfile,
    RoleStatus,
    Stage,
)
from screening.scoring import STATES
from screening.selectors import UNDECIDED, ShortlistFilters
from search.index import MAX_QUERY_CHARS

MAX_ID = 2**63 - 1  # ids are 64-bit; a larger number is invalid input, not a database error


class WholeNumberField(forms.IntegerField):
    """Digits only: "12" is an id, "12.0" or " 12" is not."""

    def to_python(self, value):
        if value not in self.empty_values and not (
            isinstance(value, str) and value.isascii() and value.isdigit()
        ):
            raise forms.ValidationError("Enter a whole number.", code="invalid")
        return super().to_python(value)


class TrueFalseField(forms.NullBooleanField):
    """``true`` or ``false`` (or empty: no filter); anything else is refused, not ignored."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise forms.ValidationError("Enter true or false.", code="invalid")

    def validate(self, value):
        pass


class BooleanFilter(filters.BooleanFilter):
    field_class = TrueFalseField


class IdFilter(filters.NumberFilter):
    """An object id: a positive 64-bit integer, documented as one with its help text."""

    field_class = WholeNumberField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)
        description = self.extra.get("help_text") or "An id."
        schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID, "description": description}
        extend_schema_field(schema)(self)


def as_utc(value: datetime) -> datetime:
    """The moment in UTC: PostgreSQL refuses offsets past 15:59, which ISO 8601 allows."""
    try:
        return value.astimezone(UTC)
    except OverflowError:  # within a day of year 1 or 9999 with an offset
        return (datetime.min if value.year < 5000 else datetime.max).replace(tzinfo=UTC)


class SinceFilter(filters.IsoDateTimeFilter):
    """``updated_since``: objects created or changed at or after a moment (ISO 8601)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "gte")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, as_utc(value) if value is not None else value)


UPDATED_SINCE = "Only objects created or changed at or after this time (ISO 8601)."
NO_DECISION = "none"


def searchable(request, candidate: str) -> Q:
    """Rows whose candidate the user may find by name: never one they see blind."""
    blindness = getattr(request, "referee_blindness", None)
    if blindness is None:
        return Q()
    return blindness.searchable(candidate)


class RoleFilter(filters.FilterSet):
    lab = IdFilter(field_name="lab_id", help_text="Roles of this lab.")
    status = filters.ChoiceFilter(
        choices=RoleStatus.choices, help_text="Roles with this status (all of them without)."
    )
    updated_since = SinceFilter(field_name="updated_at", help_text=UPDATED_SINCE)

    class Meta:
        model = RoleProfile
        fields = ["lab", "status", "updated_since"]


class StageFilter(filters.FilterSet):
    lab = IdFilter(field_name="lab_id", help_text="Stages of this lab's pipeline.")

    class Meta:
        model = Stage
        fields = ["lab"]


class CandidateFilter(filters.FilterSet):
    lab = IdFilter(field_name="lab_id", help_text="Candidates of this lab.")
    role = IdFilter(
        field_name="applications__role_id", distinct=True, help_text="Applicants of this role."
    )
    search = filters.CharFilter(method="filter_search", help_text="Part of the name or email.")
    updated_since = SinceFilter(field_name="updated_at", help_text=UPDATED_SINCE)

    class Meta:
        model = Candidate
        fields = ["lab", "role", "search", "updated_since"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        found = Q(name__icontains=value) | Q(email__icontains=value)
        return queryset.filter(found & searchable(self.request, "pk"))


class ApplicationFilter(filters.FilterSet):
    role = IdFilter(field_name="role_id", help_text="Applications to this role.")
    candidate = IdFilter(field_name="candidate_id", help_text="Applications of this candidate.")
    lab = IdFilter(field_name="role__lab_id", help_text="Applications in this lab.")

    class Meta:
        model = Application
        fields = ["role", "candidate", "lab"]


class DocumentFilter(filters.FilterSet):
    lab = IdFilter(field_name="lab_id", help_text="Documents of this lab.")
    candidate = IdFilter(field_name="candidate_id", help_text="Documents of this candidate.")
    status = filters.ChoiceFilter(choices=DocumentStatus.choices, help_text="Processing status.")
    kind = filters.ChoiceFilter(choices=DocumentKind.choices, help_text="CV or publication list.")
    updated_since = SinceFilter(
        method="filter_updated_since",
        help_text="Uploaded, started or finished at or after this time (ISO 8601).",
    )

    class Meta:
        model = Document
        fields = ["lab", "candidate", "status", "kind", "updated_since"]

    def filter_updated_since(self, queryset, name, value):
        value = as_utc(value)
        return queryset.filter(
            Q(created_at__gte=value) | Q(started_at__gte=value) | Q(finished_at__gte=value)
        )


class AssessmentFilter(filters.FilterSet):
    role = IdFilter(field_name="role_id", help_text="Assessments for this role.")
    candidate = IdFilter(
        field_name="application__candidate_id", help_text="Assessments of this candidate."
    )
    application = IdFilter(field_name="application_id", help_text="The application's assessment.")
    stale = BooleanFilter(help_text="Made with an older rubric version (rescoring).")
    updated_since = SinceFilter(field_name="computed_at", help_text=UPDATED_SINCE)

    class Meta:
        model = Assessment
        fields = ["role", "candidate", "application", "stale", "updated_since"]


class ScoreFilter(filters.NumberFilter):
    """A bound on the score: any number, as the schema says (scores run from 0 to 100, so a
    bound beyond them keeps everyone or no one)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("field_name", "score")
        super().__init__(*args, **kwargs)

    def get_max_validator(self):
        return None


class ShortlistFilter(filters.FilterSet):
    """The shortlist's query parameters, read into the filters the pages' form also produces
    (:class:`~screening.selectors.ShortlistFilters`); the one shortlist selector applies them.
    """

    state = filters.ChoiceFilter(
        choices=[(s, s) for s in STATES],
        help_text="Candidates with a criterion in this state (with `criterion`: that one).",
    )
    criterion = IdFilter(help_text="A criterion id of the rubric, used with `state`.")
    barrier = BooleanFilter(help_text="true: only genuine barriers; false: none.")
    decision = filters.ChoiceFilter(
        choices=[
            *DecisionOutcome.choices,
            (NO_DECISION, "No decision yet"),
            (UNDECIDED, "No decision yet (as the pages say)"),
        ],
        help_text="The latest decision; `none` (or `undecided`): not decided yet.",
    )
    score_min = ScoreFilter(help_text="Score at least this (0-100).")
    score_max = ScoreFilter(help_text="Score at most this (0-100).")
    stale = BooleanFilter(help_text="Made with an older rubric version (rescoring).")
    search = filters.CharFilter(
        max_length=MAX_QUERY_CHARS,
        help_text="Part of the name or email; `#12` (or 12) is candidate number 12; or what "
        'the documents say: words, "a phrase", -excluded (each row then has its `match`).',
    )
    q = filters.CharFilter(max_length=MAX_QUERY_CHARS, help_text="The same as `search`.")
    stage = IdFilter(help_text="Applications at this stage of the lab's pipeline.")
    ranked = BooleanFilter(
        help_text="false: only applicants not ranked yet (being read, or their documents "
        "failed); true: only the ranked."
    )

    class Meta:
        model = Application
        fields = [
            "state",
            "criterion",
            "barrier",
            "decision",
            "score_min",
            "score_max",
            "stale",
            "search",
            "q",
            "stage",
            "ranked",
        ]

    def shortlist_filters(self) -> ShortlistFilters:
        """The validated query (see ``is_valid``) as the shortlist's filters."""
        data = self.form.cleaned_data
        decision = data.get("decision") or ""
        score_min, score_max = data.get("score_min"), data.get("score_max")
        return ShortlistFilters(
            search=data.get("q") or data.get("search") or "",
            decision=UNDECIDED if decision == NO_DECISION else decision,
            barrier=data.get("barrier"),
            stale=data.get("stale"),
            state=data.get("state") or "",
            criterion=data.get("criterion"),
            score_min=float(score_min) if score_min is not None else None,
            score_max=float(score_max) if score_max is not None else None,
            stage=data.get("stage"),
            ranked=data.get("ranked"),
        )


class DecisionFilter(filters.FilterSet):
    application = IdFilter(field_name="application_id", help_text="Decisions on this application.")
    role = IdFilter(field_name="application__role_id", help_text="Decisions for this role.")
    candidate = IdFilter(
        field_name="application__candidate_id", help_text="Decisions on this candidate."
    )
    outcome = filters.ChoiceFilter(choices=DecisionOutcome.choices, help_text="The outcome.")
    updated_since = SinceFilter(field_name="created_at", help_text=UPDATED_SINCE)

    class Meta:
        model = Decision
        fields = ["application", "role", "candidate", "outcome", "updated_since"]


class DeliveryFilter(filters.FilterSet):
    endpoint = IdFilter(field_name="endpoint_id", help_text="Deliveries to this endpoint.")
    event = filters.ChoiceFilter(choices=WebhookEvent.choices, help_text="The event type.")
    status = filters.ChoiceFilter(choices=DeliveryStatus.choices, help_text="Delivery status.")

    class Meta:
        model = WebhookDelivery
        fields = ["endpoint", "event", "status"]


class DuplicateFilter(filters.FilterSet):
    lab = IdFilter(field_name="lab_id", help_text="Proposals of this lab.")
    candidate = IdFilter(method="filter_candidate", help_text="Proposals about this candidate.")
    status = filters.ChoiceFilter(
        choices=DuplicateStatus.choices, help_text="Open, or kept apart by a member."
    )

    class Meta:
        model = DuplicateProposal
        fields = ["lab", "candidate", "status"]

    def filter_candidate(self, queryset, name, value):
        return queryset.filter(Q(a_id=value) | Q(b_id=value))


class MergeFilter(filters.FilterSet):
    lab = IdFilter(field_name="lab_id", help_text="Merges in this lab.")
    kept = IdFilter(field_name="kept_id", help_text="Merges into this candidate.")
    undone = BooleanFilter(
        field_name="undone_at", lookup_expr="isnull", exclude=True, help_text="Undone or not."
    )

    class Meta:
        model = CandidateMerge
        fields = ["lab", "kept", "undone"]
