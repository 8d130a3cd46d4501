"""The API's shape of search hits: a quote with its match marked, and where it was read."""

from __future__ import annotations

from rest_framework import serializers

from search.index import MAX_QUERY_CHARS
from search.models import EntrySource


class SearchQuoteSerializer(serializers.Serializer):
    quote = serializers.CharField(
        help_text="The matching passage as HTML: escaped, each match in `<mark>`; masked when "
        "the candidate is seen blind."
    )
    text = serializers.CharField(help_text="The same passage as plain text.")
    kind = serializers.ChoiceField(
        source="source",
        choices=EntrySource.choices,
        help_text="What the passage is: a CV page's text, a paper, a degree or an evidence quote.",
    )
    id = serializers.IntegerField(
        source="source_id", help_text="The id of that page, paper, degree or quote."
    )
    document = serializers.IntegerField(source="document_id", allow_null=True)
    page = serializers.IntegerField(allow_null=True, help_text="The page it is on, if known.")
    rank = serializers.FloatField(help_text="Relevance; higher is better.")


class SearchRoleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class SearchHitSerializer(serializers.Serializer):
    candidate = serializers.IntegerField(source="candidate_id")
    name = serializers.CharField(help_text="In blind review, the candidate's number.")
    blind = serializers.BooleanField()
    match = SearchQuoteSerializer(source="hit")
    roles = SearchRoleSerializer(many=True, help_text="The lab's roles they applied to.")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.blind:
            data["name"] = instance.label
        return data


class SearchAnswerSerializer(serializers.Serializer):
    query = serializers.CharField()
    lab = serializers.IntegerField()
    role = serializers.IntegerField(allow_null=True)
    count = serializers.IntegerField()
    results = SearchHitSerializer(many=True)


class SearchRequestSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=MAX_QUERY_CHARS,
        trim_whitespace=True,
        help_text='Words (all must appear in one passage), "a phrase", -excluded.',
    )
    lab = serializers.IntegerField(
        required=False, min_value=1, help_text="The lab (needed when you belong to several)."
    )
    role = serializers.IntegerField(
        required=False, min_value=1, help_text="Only this role's applicants."
    )
    limit = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=100,
        default=20,
        help_text="At most this many candidates, best first.",
    )
