"""The reads of the labs' webhook records: their endpoints and their deliveries, as the API
lists them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from screening.api.models import WebhookDelivery, WebhookEndpoint
from screening.models import Lab, LabMembership, LabRole

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _administered_labs(user: User) -> QuerySet[LabMembership, Any]:
    """The ids of the labs the user administers, as a subquery (``lab_id``)."""
    return LabMembership.objects.filter(user=user, role=LabRole.ADMIN).values("lab_id")


def endpoint_list(
    *, labs: QuerySet[Lab], administered_by: User | None = None
) -> QuerySet[WebhookEndpoint]:
    """The labs' endpoints; given ``administered_by``, only those of the labs they administer."""
    endpoints = WebhookEndpoint.objects.filter(lab__in=labs).order_by("lab_id", "id")
    if administered_by is not None:
        endpoints = endpoints.filter(lab_id__in=_administered_labs(administered_by))
    return endpoints


def delivery_list(
    *, labs: QuerySet[Lab], administered_by: User | None = None
) -> QuerySet[WebhookDelivery]:
    """The deliveries to the labs' endpoints, newest first, each with its attempts; given
    ``administered_by``, only those of the labs they administer."""
    deliveries = (
        WebhookDelivery.objects.filter(endpoint__lab__in=labs)
        .select_related("endpoint")
        .prefetch_related("attempt_log")
        .order_by("-created_at", "-id")
    )
    if administered_by is not None:
        deliveries = deliveries.filter(endpoint__lab_id__in=_administered_labs(administered_by))
    return deliveries
