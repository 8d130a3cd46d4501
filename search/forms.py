"""The lab search page's query."""

from __future__ import annotations

from django import forms

from screening.models import Lab, RoleProfile


class LabSearchForm(forms.Form):
    """What to look for, and optionally in which role's applicants (the lab's roles only).

    The text's length and syntax are judged by ``search.index.parse_query``, whose message
    the page shows.
    """

    q = forms.CharField(
        required=False,
        label="Search",
        help_text='Words (all must appear), "a phrase", -without. CV text, papers and quotes.',
    )
    role = forms.ModelChoiceField(
        queryset=RoleProfile.objects.none(), required=False, empty_label="All roles"
    )

    def __init__(self, *args, lab: Lab, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["role"]
        assert isinstance(field, forms.ModelChoiceField)  # declared as one above
        field.queryset = RoleProfile.objects.filter(lab=lab).order_by("title", "pk")
