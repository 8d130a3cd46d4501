"""A candidate in a role: score, levels, evidence, gaps, decisions; and their documents' pages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from candidates.models import (
    Degree,
    Document,
    DocumentKind,
    DocumentStatus,
    Evidence,
    Publication,
)
from screening import page_images, permissions, privacy
from screening.audit import audit_record
from screening.blinding import blind_required_for, candidate_identity, mask
from screening.caches import page_image_get, page_image_set
from screening.decisions import decision_record
from screening.forms import DecisionForm, StageMoveForm
from screening.models import Application, AuditAction
from screening.pipeline import applications_move
from screening.selectors import candidate_review
from screening.stages import lab_stages
from screening.views.common import Page, RolePage, render_page, role_page


@login_required
def candidate_detail(request: HttpRequest, role_id: int, candidate_id: int) -> HttpResponse:
    page = role_page(request, role_id)
    response = _candidate_page(page, candidate_id, DecisionForm())
    audit_record(
        lab_id=page.role.lab_id,
        actor=request.user,
        action=AuditAction.CANDIDATE_VIEWED,
        target_type="candidate",
        target_id=candidate_id,
        detail={"role": page.role.pk},
        channel="web",
    )
    return response


def _candidate_page(
    page: RolePage,
    candidate_id: int,
    form: DecisionForm,
    *,
    move_form: StageMoveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    # Opened through a role that does not require blind review, a candidate another role of
    # the lab requires it for is still seen blind.
    if not page.blind and blind_required_for(candidate_id=candidate_id):
        page.required_blind = True
    try:
        review = candidate_review(role=page.role, candidate_id=candidate_id, blind=page.blind)
    except Application.DoesNotExist as exc:
        raise Http404("This candidate has not applied to this role.") from exc
    stages = lab_stages(lab=page.role.lab_id)
    context = {
        "review": review,
        "form": form,
        "move_form": move_form or StageMoveForm(stages=stages, prefix=MOVE_PREFIX),
    }
    return render_page(page, "screening/candidate.html", context, status=status)


# The move form shares the candidate page with the decision form: its fields are prefixed.
MOVE_PREFIX = "move"


@login_required
@require_POST
def stage_move(request: HttpRequest, role_id: int, candidate_id: int) -> HttpResponse:
    """Move the applicant to a stage of the lab's pipeline, with a reason."""
    page = role_page(request, role_id)
    application = Application.objects.filter(role=page.role, candidate_id=candidate_id).first()
    if application is None:
        raise Http404("This candidate has not applied to this role.")
    form = StageMoveForm(request.POST, stages=lab_stages(lab=page.role.lab_id), prefix=MOVE_PREFIX)
    if form.is_valid():
        stage = form.cleaned_data["stage"]
        try:
            applications_move(
                applications=[application],
                stage=stage,
                by=request.user,
                reason=form.cleaned_data["reason"],
                channel="web",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Moved to {stage.name}.")
            return redirect("candidate_detail", role_id=role_id, candidate_id=candidate_id)
    return _candidate_page(page, candidate_id, DecisionForm(), move_form=form, status=400)


@login_required
@require_POST
def decision_create(request: HttpRequest, role_id: int, candidate_id: int) -> HttpResponse:
    page = role_page(request, role_id)
    application = Application.objects.filter(role=page.role, candidate_id=candidate_id).first()
    if application is None:
        raise Http404("This candidate has not applied to this role.")
    form = DecisionForm(request.POST)
    if form.is_valid():
        assert request.user.is_authenticated  # login_required let no one else in
        try:
            decision = decision_record(
                application=application,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                channel="web",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Recorded: {decision.get_outcome_display()}.")
            return redirect("candidate_detail", role_id=role_id, candidate_id=candidate_id)
    return _candidate_page(page, candidate_id, form, status=400)


@login_required
@require_POST
def candidate_erase(request: HttpRequest, role_id: int, candidate_id: int) -> HttpResponse:
    """Hiring managers and lab admins erase a candidate (a receipt is kept)."""
    page = role_page(request, role_id)
    application = (
        Application.objects.filter(role=page.role, candidate_id=candidate_id)
        .select_related("candidate")
        .first()
    )
    if application is None:
        raise Http404("This candidate has not applied to this role.")
    if not page.can_edit:
        raise PermissionDenied("Only hiring managers and lab admins erase candidates.")
    removed = privacy.candidate_erase(
        candidate=application.candidate, actor=request.user, reason="request"
    )
    messages.success(
        request, f"The candidate was erased ({removed['documents']} documents and their data)."
    )
    return redirect("role_detail", role_id=role_id)


@dataclass
class DocumentPage(Page):
    """A page about one document (``_document_for``), seen by a member of its lab."""

    document: Document = field(kw_only=True)


def _document_for(request: HttpRequest, document_id: int) -> DocumentPage:
    """The member's view of a document of their lab (404 otherwise).

    The page is blind when the member reviews blind or any role the candidate applied to
    requires it.
    """
    document = get_object_or_404(Document.objects.select_related("candidate"), pk=document_id)
    membership = permissions.membership(user=request.user, lab=document.lab_id)
    if membership is None:
        raise Http404("No such document.")
    page = DocumentPage(request, membership, document=document)
    if not membership.blind_review:
        page.required_blind = blind_required_for(candidate_id=document.candidate_id)
    return page


MAX_QUOTE_CHARS = 1000


def _cited(request: HttpRequest, document: Document, number: int) -> str:
    """The text to highlight: the cited evidence's or degree's quote, a paper's title, or a
    search's quote when the page has it."""
    for parameter, model in (("evidence", Evidence), ("degree", Degree)):
        value = request.GET.get(parameter, "")
        if value.isdigit():
            quoted = model.objects.filter(pk=int(value), document=document, page=number).first()
            return quoted.quote if quoted else ""
    value = request.GET.get("publication", "")
    if value.isdigit():
        # A paper merged from a CV and a list cites the list; its title is on the CV's page.
        paper = Publication.objects.filter(pk=int(value), candidate=document.candidate_id).first()
        return paper.title if paper else ""
    # A search's quote of the page (search.index.Hit.highlight): highlighted where it is.
    quote = " ".join(request.GET.get("quote", "").split())[:MAX_QUOTE_CHARS]
    if quote:
        text = document.pages.filter(number=number).values_list("text", flat=True).first() or ""
        return quote if quote in " ".join(text.split()) else ""
    return ""


@login_required
def document_page(request: HttpRequest, document_id: int, number: int) -> HttpResponse:
    """A page of a document with the cited quote highlighted (the dialog's no-script version)."""
    page = _document_for(request, document_id)
    document = page.document
    if document.status != DocumentStatus.DONE or not document.page_count:
        raise Http404("This document has not been read, so its pages cannot be shown.")
    if not 1 <= number <= document.page_count:
        raise Http404(f"The document has no page {number}.")
    quote = _cited(request, document, number)
    text = document.pages.filter(number=number).values_list("text", flat=True).first() or ""
    if page.blind:
        identity = candidate_identity(candidate=document.candidate)
        quote, text = mask(quote, identity), mask(text, identity)
    return render_page(
        page,
        "screening/document_page.html",
        {
            "document": document,
            "number": number,
            "quote": quote,
            "query": request.GET.urlencode(),
            "is_pdf": document.kind == DocumentKind.CV,
            "pages": range(1, document.page_count + 1),
            "text": text,
            "back": _same_site(request, request.headers.get("Referer", "")),
        },
    )


def _same_site(request: HttpRequest, url: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else reverse("home")


@login_required
def document_page_image(request: HttpRequest, document_id: int, number: int) -> HttpResponse:
    """The page as a PNG, the quote highlighted; identity cues covered in blind review."""
    page = _document_for(request, document_id)
    document, blind = page.document, page.blind
    if document.status != DocumentStatus.DONE or document.kind != DocumentKind.CV:
        raise Http404("Only read PDF documents have page images.")
    quote = _cited(request, document, number)
    identity = candidate_identity(candidate=document.candidate) if blind else None
    variant = hashlib.sha256(repr((document.sha256, quote, blind, identity)).encode()).hexdigest()
    cached = page_image_get(document_id=document.pk, number=number, variant=variant)
    if cached is None:
        try:
            with document.file.open("rb") as handle:
                content = handle.read()
            image = page_images.render_page(
                content,
                number,
                quote=quote,
                identity=identity,
            )
        except (FileNotFoundError, page_images.PageNotFound) as exc:
            raise Http404(str(exc)) from exc
        except page_images.PageNotRendered as exc:
            # Too large, too slow or undrawable: the page's text is still on the page view.
            return HttpResponse(str(exc), status=422, content_type="text/plain; charset=utf-8")
        cached = (image.png, image.highlights, image.covered)
        page_image_set(document_id=document.pk, number=number, variant=variant, value=cached)
    png, highlights, covered = cached
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=600"
    response["X-Referee-Highlights"] = str(highlights)
    response["X-Referee-Covered"] = str(covered)
    return response
