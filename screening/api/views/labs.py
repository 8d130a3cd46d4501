"""Labs, and a lab's webhook signing secret."""

from __future__ import annotations

from django.db.models import F
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from screening.api.permissions import require_admin
from screening.api.serializers.labs import LabSerializer, WebhookSecretSerializer
from screening.api.views.common import LabScopedMixin
from screening.models import Lab
from screening.webhooks.endpoints import lab_secret, lab_secret_rotate


class LabViewSet(LabScopedMixin, viewsets.ReadOnlyModelViewSet):
    """The labs you belong to, with your role in each."""

    queryset = Lab.objects.none()  # for the schema; see get_queryset
    serializer_class = LabSerializer

    def get_queryset(self):
        return self.labs.annotate(my_role=F("memberships__role")).order_by("name", "id")

    @action(detail=True, methods=["get", "post"], url_path="webhook-secret")
    def webhook_secret(self, request, pk=None):
        lab = self.get_object()
        require_admin(request.user, lab, "read or rotate the webhook secret")
        found = lab_secret_rotate(lab=lab) if request.method == "POST" else lab_secret(lab=lab)
        return Response(WebhookSecretSerializer(found).data)
