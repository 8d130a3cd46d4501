"""What the serializers of every resource share: strict input, ids of the labs, blind review."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils import html

from candidates.models import Candidate
from screening.models import Application, Lab, RoleProfile
from screening.permissions import member_labs


class StrictMixin:
    """Unknown fields are refused rather than silently ignored (a typo must not pass)."""

    def to_internal_value(self, data):
        unknown = {}
        if hasattr(data, "keys"):
            unknown = {name: ["Unknown field."] for name in sorted(set(data) - set(self.fields))}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **unknown}) from None
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class StrictSerializer(StrictMixin, serializers.Serializer):
    pass


MAX_ID = 2**63 - 1  # ids are 64-bit


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class MemberObjectField(serializers.PrimaryKeyRelatedField):
    """An id of an object in one of the user's labs; others are "not found", never revealed.

    An id is a whole number from 1 to ``MAX_ID``: a JSON integer (``7.0`` too, an integer to
    JSON Schema) or, from a form, a string of digits. ``1.5``, ``true`` or ``[7]`` are refused
    rather than read as 1, and ids past 64 bits never reach the database.
    """

    lab_path = "lab"
    noun = "object"

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "does_not_exist": f"No {self.noun} with id {{pk_value}} in your labs.",
                "incorrect_type": f"Give the {self.noun} as an id: a whole number from 1.",
                "null": f"Give the {self.noun} as an id, or leave the field out.",
            },
        )
        super().__init__(**kwargs)

    def get_value(self, dictionary):
        # A form field sent empty ("candidate=") is an id left blank, not a field left out:
        # DRF would read it as left out, and a new candidate would be made in silence.
        if html.is_html_input(dictionary) and dictionary.get(self.field_name) == "":
            return ""
        return super().get_value(dictionary)

    def to_internal_value(self, data):
        if isinstance(data, float) and data.is_integer():
            data = int(data)
        if isinstance(data, str) and data.isascii() and data.isdigit():
            data = int(data)
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)

    def get_queryset(self):
        request = self.context.get("request")
        labs = member_labs(user=getattr(request, "user", None))
        if self.lab_path == "pk":
            return self.queryset.filter(pk__in=labs.values("pk"))
        return self.queryset.filter(**{f"{self.lab_path}__in": labs})


class LabField(MemberObjectField):
    lab_path = "pk"
    noun = "lab"

    def __init__(self, **kwargs):
        super().__init__(queryset=Lab.objects.all(), **kwargs)


class RoleField(MemberObjectField):
    noun = "role"

    def __init__(self, **kwargs):
        super().__init__(queryset=RoleProfile.objects.all(), **kwargs)


class CandidateField(MemberObjectField):
    noun = "candidate"

    def __init__(self, **kwargs):
        super().__init__(queryset=Candidate.objects.all(), **kwargs)


class ApplicationField(MemberObjectField):
    lab_path = "role__lab"
    noun = "application"

    def __init__(self, **kwargs):
        super().__init__(queryset=Application.objects.select_related("role"), **kwargs)


def seen_blind(serializer: serializers.Serializer, candidate_id: int | None) -> bool:
    """Whether the request sees this candidate blind (see ``screening.blinding``)."""
    blindness = serializer.context.get("blind")
    return blindness is not None and candidate_id in blindness


def blind_mask(serializer: serializers.Serializer, candidate_id: int, text: str) -> str:
    return serializer.context["blind"].mask(candidate_id, text or "")
