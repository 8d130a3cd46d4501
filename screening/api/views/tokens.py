"""Personal API tokens."""

from __future__ import annotations

from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.response import Response

from screening.api.models import ApiToken
from screening.api.serializers.tokens import TokenCreateSerializer, TokenSerializer
from screening.api.tokens import token_create, token_revoke
from screening.api.views.common import LabScopedMixin


class TokenViewSet(
    LabScopedMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your personal API tokens. A token is shown once, when created; DELETE revokes it."""

    queryset = ApiToken.objects.none()  # for the schema; see get_queryset
    serializer_class = TokenSerializer

    def get_queryset(self):
        return ApiToken.objects.filter(user=self.request.user).order_by("-created_at", "-id")

    def create(self, request, *args, **kwargs):
        if isinstance(request.auth, ApiToken):
            raise exceptions.PermissionDenied(
                "Create tokens while signed in with your password (the browsable API), or with "
                "`manage.py api_token create`; a token cannot create tokens."
            )
        data = self.input(TokenCreateSerializer)
        issued = token_create(user=request.user, name=data["name"], expires_at=data["expires_at"])
        body = TokenSerializer(issued.token).data | {"token": issued.key}
        return Response(body, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        token_revoke(token=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
