"""Decisions on applications."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from screening.api.filters import DecisionFilter
from screening.api.idempotency import run_idempotent
from screening.api.serializers.decisions import DecisionCreateSerializer, DecisionSerializer
from screening.api.views.common import LabScopedMixin, json_fingerprint, validation_error
from screening.decisions import decision_record
from screening.models import Decision
from screening.selectors import decision_list


class DecisionViewSet(
    LabScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Decisions on applications, newest first; the latest one on an application stands."""

    queryset = Decision.objects.none()  # for the schema; see get_queryset
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter

    def get_queryset(self):
        return decision_list(labs=self.labs)

    def create(self, request, *args, **kwargs):
        data = self.input(DecisionCreateSerializer)

        def handler() -> Response:
            try:
                decision = decision_record(
                    application=data["application"],
                    outcome=data["outcome"],
                    reason=data["reason"],
                    actor=request.user,
                    channel="api",
                )
            except DjangoValidationError as exc:
                raise validation_error(exc) from None
            body = self.get_serializer(self.get_queryset().get(pk=decision.pk)).data
            return self.created(body, "api:decision-detail", decision.pk)

        return run_idempotent(request, fingerprint=json_fingerprint(request), handler=handler)
