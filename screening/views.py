from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from candidates.models import DocumentStatus
from screening.selectors import labs_for_user, recent_documents


@login_required
def home(request: HttpRequest) -> HttpResponse:
    labs = labs_for_user(user=request.user)
    documents = list(recent_documents(labs=labs))
    in_flight = any(
        d.status in (DocumentStatus.QUEUED, DocumentStatus.PROCESSING) for d in documents
    )
    return render(
        request,
        "screening/home.html",
        {"labs": labs.prefetch_related("roles"), "documents": documents, "in_flight": in_flight},
    )
