"""Forms of the panel pages: they read what was posted; the services hold the rules."""

from __future__ import annotations

from django import forms

from reviews.comments import MAX_COMMENT_CHARS
from reviews.conflicts import MAX_INSTITUTIONS_CHARS
from reviews.models import Recommendation
from reviews.panels import MAX_NOTE_CHARS, MAX_SUMMARY_CHARS, LevelInput
from screening.criteria import LEVELS
from screening.models import Criterion, LabMembership

LEVEL_CHOICES = [("", "–"), *((str(level), str(level)) for level in range(LEVELS))]


class ScorecardForm(forms.Form):
    """A level and a note per criterion of the rubric, a recommendation and a summary."""

    recommendation = forms.ChoiceField(
        choices=[("", "–"), *Recommendation.choices], required=False, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_SUMMARY_CHARS})
    )

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"level_{criterion.pk}"] = forms.ChoiceField(
                choices=LEVEL_CHOICES, required=False, label=criterion.name
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                required=False,
                label=f"Note on {criterion.name}",
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_NOTE_CHARS}),
            )

    def levels(self) -> dict[int, LevelInput]:
        """The levels given, by criterion id (criteria left without a level are left out)."""
        chosen = {}
        for criterion in self.criteria:
            level = self.cleaned_data.get(f"level_{criterion.pk}")
            if level:
                note = self.cleaned_data.get(f"note_{criterion.pk}") or ""
                chosen[criterion.pk] = LevelInput(int(level), note)
        return chosen

    def rows(self):
        """Per criterion: the criterion and its two bound fields, for the template."""
        return [(c, self[f"level_{c.pk}"], self[f"note_{c.pk}"]) for c in self.criteria]


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        required=False,
        strip=False,
        help_text="Mention a lab member with @ and their user name.",
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_COMMENT_CHARS}),
    )


class MemberField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.user.get_username()} ({obj.get_role_display()})"


class PanelMemberForm(forms.Form):
    membership = MemberField(queryset=LabMembership.objects.none(), label="Reviewer")

    def __init__(self, *args, lab_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            LabMembership.objects.filter(lab_id=lab_id)
            .select_related("user")
            .order_by("user__username")
        )


class ReviewerProfileForm(forms.Form):
    institutions = forms.CharField(
        required=False,
        help_text="Where you studied or worked, one per line.",
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_INSTITUTIONS_CHARS}),
    )
    publications = forms.FileField(
        required=False,
        label="Your publication list",
        help_text="BibTeX, RIS, CSL-JSON or a plain text list.",
    )
    document = forms.IntegerField(
        required=False,
        min_value=1,
        label="Or a document of the lab",
        help_text="The number of a read publication list or CV of yours stored in the lab.",
    )
