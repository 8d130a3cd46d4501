"""The home page (a lab's roles and documents), the lab switcher, blind review, new roles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from candidates.models import DocumentStatus
from screening import permissions
from screening.forms import RoleCreateForm, RoleFilterForm
from screening.models import Lab
from screening.selectors import lab_roles, recent_documents
from screening.services import membership_set_blind_review, role_create
from screening.views.common import (
    SESSION_LAB,
    lab_page,
    label_documents,
    render_page,
    safe_next,
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    page = lab_page(request)
    if page.lab is None:
        return render_page(page, "screening/home.html", {"roles": [], "documents": []})
    documents = label_documents(page, recent_documents(labs=Lab.objects.filter(pk=page.lab.pk)))
    in_flight = any(
        d.document.status in (DocumentStatus.QUEUED, DocumentStatus.PROCESSING) for d in documents
    )
    filters = RoleFilterForm(request.GET or None)
    return render_page(
        page,
        "screening/home.html",
        {
            "roles": lab_roles(lab=page.lab, filters=filters.role_filters()),
            "filters": filters,
            "filtered": bool(request.GET),
            "documents": documents,
            "in_flight": in_flight,
        },
    )


@login_required
@require_POST
def lab_switch(request: HttpRequest) -> HttpResponse:
    lab = permissions.member_labs(user=request.user).filter(slug=request.POST.get("lab")).first()
    if lab is None:
        raise Http404("You are not a member of that lab.")
    request.session[SESSION_LAB] = lab.pk
    return redirect("home")


@login_required
@require_POST
def blind_toggle(request: HttpRequest) -> HttpResponse:
    """The member's own blind review switch, for the current lab."""
    page = lab_page(request)
    if page.membership is None:
        raise Http404("You are not a member of any lab.")
    enabled = request.POST.get("enabled") == "1"
    membership_set_blind_review(membership=page.membership, enabled=enabled)
    messages.info(
        request,
        "Blind review is on: names, emails, links and photos are hidden."
        if enabled
        else "Blind review is off.",
    )
    return redirect(safe_next(request, reverse("home")))


@login_required
def role_new(request: HttpRequest) -> HttpResponse:
    page = lab_page(request)
    if page.lab is None:
        raise Http404("You are not a member of any lab.")
    if not page.can_edit:
        raise PermissionDenied("Only hiring managers and lab admins create roles.")
    form = RoleCreateForm(request.POST) if request.method == "POST" else RoleCreateForm()
    if form.is_bound and form.is_valid():
        try:
            role = role_create(
                lab=page.lab,
                title=form.cleaned_data["title"],
                template=form.cleaned_data["template"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Created {role.title}. Upload CVs or tune the rubric.")
            return redirect("role_detail", role_id=role.pk)
    status = 400 if form.is_bound else 200
    return render_page(page, "screening/role_new.html", {"form": form}, status=status)
