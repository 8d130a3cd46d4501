"""The stages of your labs' pipelines (lab admins change them in the admin)."""

from __future__ import annotations

from rest_framework import viewsets

from screening.api.filters import StageFilter
from screening.api.serializers.roles import StageSerializer
from screening.api.views.common import LabScopedMixin
from screening.models import Stage
from screening.selectors import stage_list


class StageViewSet(LabScopedMixin, viewsets.ReadOnlyModelViewSet):
    """The stages of your labs' pipelines, in order: where applications stand (`kind`
    active, hired or rejected). Moving applications is `POST /roles/{id}/applications/move/`."""

    queryset = Stage.objects.none()  # for the schema; see get_queryset
    serializer_class = StageSerializer
    filterset_class = StageFilter

    def get_queryset(self):
        return stage_list(labs=self.labs)
