"""Documents: uploads of one file or a zip, and their processing status."""

from __future__ import annotations

from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from candidates.models import Document
from candidates.uploads import DocumentOfAnother, IngestError, UploadSource, upload_screen
from screening.api.errors import Conflict
from screening.api.filters import DocumentFilter
from screening.api.idempotency import request_fingerprint, run_idempotent
from screening.api.serializers.documents import (
    BatchResultSerializer,
    BatchUploadSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
)
from screening.api.throttling import UploadRateThrottle
from screening.api.views.common import LabScopedMixin, validation_error
from screening.applications import document_upload, documents_store


class DocumentViewSet(
    LabScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Uploaded documents and their processing status (and the reason, if one failed)."""

    queryset = Document.objects.none()  # for the schema; see get_queryset
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    parser_classes = [MultiPartParser]

    def get_queryset(self):
        return Document.objects.filter(lab__in=self.labs).order_by("-created_at", "-id")

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.request.method == "POST":
            throttles.append(UploadRateThrottle())
        return throttles

    def _read_upload(self, serializer_class, *, archive: bool):
        """The request's fields and its one file, passed through the upload gate (whose
        middleware has already refused a request past the per-request total)."""
        if not (self.request.content_type or "").startswith("multipart/form-data"):
            raise exceptions.UnsupportedMediaType(
                self.request.content_type,
                detail="Send the upload as multipart/form-data, the file in the field `file`.",
            )
        data = self.input(serializer_class)
        screened = upload_screen(
            sources=[UploadSource.from_upload(data["file"], archive=archive)],
            kind=data.get("kind"),
        )
        if not screened.files:  # the file, or the zip as a whole, was refused
            raise screened.refused[0].error
        return data, screened

    def _fingerprint(self, data: dict, content: bytes) -> str:
        fields = {key: getattr(value, "pk", value) for key, value in data.items() if key != "file"}
        # Only a request built by hand has no method; one routed to this view has its verb.
        assert self.request.method is not None
        return request_fingerprint(
            self.request.method, self.request.path, fields, {"file": content}
        )

    def create(self, request, *args, **kwargs):
        data, screened = self._read_upload(DocumentUploadSerializer, archive=False)
        (file,) = screened.files

        def handler() -> Response:
            try:
                result = document_upload(
                    lab=data["lab"],
                    content=file.content,
                    filename=file.name,
                    kind=file.kind,
                    candidate=data.get("candidate"),
                    role=data.get("role"),
                    uploaded_by=request.user,
                )
            except DocumentOfAnother as exc:
                raise Conflict(str(exc), errors={"file": [str(exc)]}) from None
            except IngestError as exc:
                raise validation_error(exc) from None
            body = self.get_serializer(result.document).data
            if result.created:
                return self.created(body, "api:document-detail", result.document.pk)
            return Response(body)

        return run_idempotent(
            request, fingerprint=self._fingerprint(data, file.content), handler=handler
        )

    @action(detail=False, methods=["post"])
    def batch(self, request):
        data, screened = self._read_upload(BatchUploadSerializer, archive=True)
        # The zip's bytes are not kept: its files, in order, stand for it in the fingerprint.
        fingerprint = self._fingerprint(
            data, b"".join(f.path.encode() + b"\0" + f.content for f in screened.files)
        )

        def handler() -> Response:
            try:
                items = documents_store(
                    lab=data["lab"],
                    files=screened.files,
                    role=data.get("role"),
                    uploaded_by=request.user,
                )
            except IngestError as exc:  # a role that takes no new documents
                raise validation_error(exc) from None
            documents = []
            skipped = [{"entry": r.where, "reason": r.error.detail} for r in screened.refused]
            for item in items:
                if item.document is None:
                    skipped.append({"entry": item.path or item.name, "reason": item.error})
                else:
                    documents.append(
                        {
                            "entry": item.path,
                            "created": item.created,
                            "document": item.document,
                        }
                    )
            body = BatchResultSerializer({"documents": documents, "skipped": skipped}).data
            created = any(d["created"] for d in documents)
            return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

        return run_idempotent(request, fingerprint=fingerprint, handler=handler)
