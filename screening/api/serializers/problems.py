"""Problem documents (for the schema) and the problem types."""

from __future__ import annotations

from rest_framework import serializers


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="A URI naming the problem type; GET it to read it.")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="What went wrong with this request.")
    instance = serializers.CharField(required=False, help_text="The request path.")
    # The serializer's metaclass takes declared fields out of the class, so this field of the
    # problem does not hide Serializer.errors at run time, as mypy assumes it does.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per field; nested fields are joined with dots (criteria.0.levels).",
    )


class ProblemTypeSerializer(serializers.Serializer):
    type = serializers.CharField(source="uri")
    slug = serializers.CharField()
    status = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
