"""Uploading CVs and publication lists to a role, and watching them being read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from candidates.uploads import UploadSource
from screening.applications import RoleNotOpen, documents_upload
from screening.forms import UploadForm
from screening.selectors import role_document_progress, role_recent_documents
from screening.views.common import label_documents, render_page, role_page, wants_json


@login_required
def role_upload(request: HttpRequest, role_id: int) -> HttpResponse:
    page = role_page(request, role_id)
    role = page.role
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST":
        if not form.is_valid():
            if wants_json(request):
                return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
            return _upload_page(page, form, status=400)
        try:
            items = documents_upload(
                lab=role.lab,
                sources=[UploadSource.from_upload(f) for f in form.cleaned_data["files"]],
                role=role,
                uploaded_by=request.user,
            )
        except RoleNotOpen as refusal:
            form.add_error(None, str(refusal))
            if wants_json(request):
                return JsonResponse({"errors": form.errors.get_json_data()}, status=409)
            return _upload_page(page, form, status=409)
        if wants_json(request):
            return JsonResponse({"items": [_item_json(item) for item in items]})
        refused = [item for item in items if item.error]
        for item in refused:
            messages.error(request, item.error)
        ids = ",".join(str(item.document.pk) for item in items if item.document)
        if ids:
            messages.success(request, f"{len(items) - len(refused)} file(s) queued for reading.")
        return redirect(f"{reverse('role_upload', args=[role.pk])}?documents={ids}")
    return _upload_page(page, form)


def _upload_page(page, form: UploadForm, *, status: int = 200) -> HttpResponse:
    return render_page(
        page,
        "screening/upload.html",
        {
            "form": form,
            "documents": label_documents(page, role_recent_documents(role=page.role)),
            "highlighted": _ids(page.request.GET.get("documents", "")),
        },
        status=status,
    )


def _item_json(item) -> dict:
    document = item.document
    return {
        "name": item.name,
        "error": item.error,
        "created": item.created,
        "document": document.pk if document else None,
        "status": document.status if document else "refused",
        "status_label": document.get_status_display() if document else "Refused",
        "document_error": document.error if document else "",
    }


MAX_ID = 2**63 - 1


def _ids(text: str) -> list[int]:
    """Document ids from ``?documents=1,2,3``; what cannot be an id (past 64 bits, "²") is
    ignored, so it never reaches the database."""
    parts = (part.strip() for part in text.split(",")[:1000])
    ids = (int(part) for part in parts if part.isascii() and part.isdigit() and len(part) <= 19)
    return [number for number in ids if 1 <= number <= MAX_ID]


@login_required
def role_progress(request: HttpRequest, role_id: int) -> JsonResponse:
    """Status of the role's documents (counts, and those asked for) for the live progress view."""
    page = role_page(request, role_id)
    progress = role_document_progress(role=page.role, ids=_ids(request.GET.get("documents", "")))
    view = page.blind_view({document["candidate"] for document in progress["documents"]})
    for document in progress["documents"]:
        if document["candidate"] in view:
            document["name"] = f"Document #{document['id']}"
    return JsonResponse(progress)
