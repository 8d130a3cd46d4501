"""What the viewsets of every resource share: the user's labs, blind review, ETags, inputs."""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import get_object_or_404
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.reverse import reverse

from candidates.models import Candidate, Document
from candidates.uploads import IngestError
from screening.api.errors import Conflict
from screening.api.idempotency import request_fingerprint
from screening.applications import RoleNotOpen
from screening.blinding import VIEWS, ApiBlindness
from screening.models import Application, Assessment, Decision, RoleArchived, RoleProfile
from screening.permissions import member_labs

ID = "[0-9]+"


def validation_error(exc: DjangoValidationError | IngestError) -> exceptions.APIException:
    """A service's refusal as the API's: per field when the service named the fields; a
    conflict (409) when the input is fine but the role's state forbids it (archived, or
    closed to new applicants)."""
    if isinstance(exc, RoleArchived | RoleNotOpen):
        return Conflict(" ".join(exc.messages) if isinstance(exc, RoleArchived) else str(exc))
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(exc.message_dict)
        return exceptions.ValidationError(exceptions.ErrorDetail(" ".join(exc.messages)))
    return exceptions.ValidationError(str(exc))


def with_etag(request, response: Response) -> Response:
    """Answer 304 when the client's ETag still matches, else tag the response."""
    body = json.dumps(response.data, sort_keys=True, cls=DjangoJSONEncoder)
    etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
    wanted = {
        tag.strip().removeprefix("W/")
        for tag in request.headers.get("If-None-Match", "").split(",")
    }
    if etag in wanted or "*" in wanted:
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
    response["ETag"] = etag
    return response


def json_fingerprint(request) -> str:
    return request_fingerprint(request.method, request.path, dict(request.data), {})


def candidate_of(obj) -> int | None:
    """The candidate an object of the API is about (for blind review)."""
    if isinstance(obj, Candidate):
        return obj.pk
    if isinstance(obj, Document | Application):
        return obj.candidate_id
    if isinstance(obj, Assessment | Decision):
        return obj.application.candidate_id
    return None


class LabScopedMixin(generics.GenericAPIView):
    """Viewsets over the user's labs, with numeric ids and ETags on single objects.

    Answers about candidates follow blind review (:class:`ApiBlindness`): ``?view=blind``
    asks for it; a recruiter always gets it for candidates a role requires it for.
    """

    lookup_value_regex = ID

    @property
    def labs(self):
        return member_labs(user=self.request.user)

    @property
    def blindness(self) -> ApiBlindness:
        if not hasattr(self, "_blindness"):
            # An empty parameter is no parameter, as for every filter of the API.
            view = self.request.query_params.get("view") or "full"
            if view not in VIEWS:
                raise exceptions.ValidationError(
                    {"view": [f"Use view=blind or view=full, not {view[:40]!r}."]}
                )
            self._blindness = ApiBlindness(user=self.request.user, everyone=view == "blind")
            # For the search filters, which see the request and not the view (they read it with
            # getattr); Request declares no such attribute, so mypy is told it is set here.
            self.request.referee_blindness = self._blindness  # type: ignore[attr-defined]
        return self._blindness

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.blindness  # noqa: B018 (a wrong ?view= is refused before anything is read)

    def get_serializer_context(self):
        return super().get_serializer_context() | {"blind": self.blindness}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            self.blindness.prefetch(candidate_of(obj) for obj in page)
        return page

    def finalize_response(self, request, response, *args, **kwargs):
        if getattr(self, "action", None) == "retrieve" and response.status_code == 200:
            response = with_etag(request, response)
        return super().finalize_response(request, response, *args, **kwargs)

    def created(self, data, location_name: str | None = None, pk=None, **kwargs) -> Response:
        headers = {}
        if location_name and pk is not None:
            headers["Location"] = reverse(
                location_name, kwargs={"pk": pk, **kwargs}, request=self.request
            )
        return Response(data, status=status.HTTP_201_CREATED, headers=headers)

    def input(self, serializer_class, **kwargs):
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class RoleNestedMixin(LabScopedMixin):
    """Viewsets under /roles/{role_pk}/: the role must be in one of the user's labs."""

    @property
    def role(self) -> RoleProfile:
        if not hasattr(self, "_role"):
            self._role = get_object_or_404(
                RoleProfile.objects.filter(lab__in=self.labs).select_related("lab"),
                pk=self.kwargs["role_pk"],
            )
        return self._role
