"""Problem types, and a problem document for any unknown path under /api/."""

from __future__ import annotations

from django.http import Http404
from django.urls import Resolver404, resolve
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from screening.api.errors import PROBLEM_TYPES, problem_response
from screening.api.serializers.problems import ProblemTypeSerializer


class ProblemTypeListView(APIView):
    """What each ``type`` of an error document means."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    def get(self, request):
        return Response(ProblemTypeSerializer(PROBLEM_TYPES.values(), many=True).data)


class ProblemTypeDetailView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def get(self, request, slug=None):
        problem = PROBLEM_TYPES.get(slug)
        if problem is None:
            raise Http404
        return Response(ProblemTypeSerializer(problem).data)


class NotFoundView(APIView):
    """Any other path under /api/: a problem document, never an HTML page."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    schema = None

    def dispatch_not_found(self, request, *args, **kwargs):
        detail = f"There is no API resource at {request.path}."
        if not request.path.endswith("/"):
            try:
                match = resolve(request.path + "/")
            except Resolver404:
                match = None
            if match is not None and match.url_name != "not-found":
                detail += f" Did you mean {request.path}/ (with a trailing slash)?"
        return problem_response("not-found", detail, request=request)

    get = post = put = patch = delete = head = options = dispatch_not_found
