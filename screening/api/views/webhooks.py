"""Webhook endpoints of the labs you administer and their deliveries."""

from __future__ import annotations

from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from screening.api.filters import DeliveryFilter
from screening.api.models import WebhookDelivery, WebhookEndpoint
from screening.api.permissions import require_admin
from screening.api.serializers.webhooks import (
    WebhookDeliverySerializer,
    WebhookEndpointCreateSerializer,
    WebhookEndpointSerializer,
    WebhookEndpointUpdateSerializer,
)
from screening.api.views.common import LabScopedMixin
from screening.webhooks.endpoints import endpoint_create, endpoint_update
from screening.webhooks.events import endpoint_ping
from screening.webhooks.selectors import delivery_list, endpoint_list


class WebhookEndpointViewSet(LabScopedMixin, viewsets.ModelViewSet):
    """Webhook endpoints of the labs you administer."""

    queryset = WebhookEndpoint.objects.none()  # for the schema; see get_queryset
    serializer_class = WebhookEndpointSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        listed = self.request.user if self.action == "list" else None
        return endpoint_list(labs=self.labs, administered_by=listed)

    def get_object(self):
        endpoint = super().get_object()
        require_admin(self.request.user, endpoint.lab_id)
        return endpoint

    def create(self, request, *args, **kwargs):
        data = self.input(WebhookEndpointCreateSerializer)
        require_admin(request.user, data["lab"])
        endpoint = endpoint_create(actor=request.user, **data)
        return self.created(self.get_serializer(endpoint).data, "api:webhook-detail", endpoint.pk)

    def partial_update(self, request, *args, **kwargs):
        endpoint = self.get_object()
        changes = self.input(WebhookEndpointUpdateSerializer, partial=True)
        endpoint_update(endpoint=endpoint, changes=dict(changes))
        return Response(self.get_serializer(endpoint).data)

    @action(detail=True, methods=["post"])
    def ping(self, request, pk=None):
        delivery = endpoint_ping(endpoint=self.get_object())
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


class WebhookDeliveryViewSet(LabScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Deliveries of your labs' webhook events, newest first, each with its attempts."""

    queryset = WebhookDelivery.objects.none()  # for the schema; see get_queryset
    serializer_class = WebhookDeliverySerializer
    filterset_class = DeliveryFilter

    def get_queryset(self):
        listed = self.request.user if self.action == "list" else None
        return delivery_list(labs=self.labs, administered_by=listed)

    def get_object(self):
        delivery = super().get_object()
        require_admin(self.request.user, delivery.endpoint.lab_id)
        return delivery
