"""The rubric editor: criteria, weights, must-haves, anchors and thresholds, with a preview."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from screening.assessing import criterion_specs
from screening.drafting import draft_rubric
from screening.forms import (
    BaseCriterionFormSet,
    CriterionFormSet,
    DraftForm,
    RubricMetaForm,
    TemplateChoiceForm,
)
from screening.models import RoleProfile
from screening.rubric_templates import TEMPLATES, get_template
from screening.selectors import rubric_preview
from screening.services import KNOWN_FEATURES, RubricConflict, rubric_revise
from screening.views.common import RolePage, render_page, role_page


@login_required
def rubric_edit(request: HttpRequest, role_id: int) -> HttpResponse:
    page = role_page(request, role_id)
    if not page.can_edit:
        raise PermissionDenied("Only hiring managers and lab admins edit rubrics.")
    role = page.role
    if request.method == "POST" and request.POST.get("action") == "draft":
        return _draft(page, DraftForm(request.POST))
    if request.method == "POST":
        return _submit(page, request.POST.get("action", "preview"))
    if "template" in request.GET:
        chosen = TemplateChoiceForm(request.GET)
        if not chosen.is_valid():
            return _editor(page, _current(page), RubricMetaForm(initial=_meta(role)),
                           template_form=chosen, status=400)  # fmt: skip
        template = get_template(chosen.cleaned_data["template"])
        formset = CriterionFormSet(initial=[c.to_form_initial() for c in template.criteria])
        meta = RubricMetaForm(
            initial=_meta(role, research_area=template.research_area, note=f"From {template.title}")
        )
        messages.info(request, f"Loaded the {template.title} template. Nothing is saved yet.")
        return _editor(page, formset, meta, template_form=chosen)
    return _editor(page, _current(page), RubricMetaForm(initial=_meta(role)))


def _meta(role: RoleProfile, **initial: object) -> dict:
    """The editor's role fields, with the version it opens on: saving refuses if it moved on."""
    rubric = role.current_rubric
    return {
        "research_area": role.research_area,
        "based_on": rubric.version if rubric else 0,
        **initial,
    }


def _current(page: RolePage) -> BaseCriterionFormSet:
    rubric = page.role.current_rubric
    criteria = criterion_specs(rubric) if rubric else []
    return CriterionFormSet(initial=[c.to_form_initial() for c in criteria])


def _submit(page: RolePage, action: str) -> HttpResponse:
    request, role = page.request, page.role
    formset = CriterionFormSet(request.POST)
    meta = RubricMetaForm(request.POST)
    if not (formset.is_valid() and meta.is_valid()):
        return _editor(page, formset, meta, status=400)
    edit = {
        "role": role,
        "criteria": formset.criteria(),
        "research_area": meta.cleaned_data["research_area"],
        "job_description": meta.cleaned_data["job_description"] or None,
    }
    try:
        if action != "save":
            # The edit as saving it would store it: criteria and area texts, scored the same way.
            preview = rubric_preview(**edit, blind=page.blind)
            return _editor(page, formset, meta, preview=preview)
        rubric = rubric_revise(
            **edit,
            based_on=meta.cleaned_data["based_on"],
            actor=request.user,
            note=meta.cleaned_data["note"],
        )
    except RubricConflict as conflict:
        # A colleague saved a version meanwhile: theirs stays, this edit stays in the form.
        return _editor(page, formset, meta, errors=[str(conflict)], status=409)
    except ValidationError as error:
        return _editor(page, formset, meta, errors=error.messages, status=400)
    messages.success(
        request,
        f"Saved rubric version {rubric.version}. Candidates are being rescored; ranks "
        "update in a few seconds.",
    )
    return redirect("role_detail", role_id=role.pk)


def _draft(page: RolePage, form: DraftForm) -> HttpResponse:
    """Criteria suggested from a pasted job description, loaded into the editor unsaved."""
    role = page.role
    if not form.is_valid():
        return _editor(page, _current(page), RubricMetaForm(initial=_meta(role)),
                       draft_form=form, status=400)  # fmt: skip
    text = form.cleaned_data["job_description"]
    draft = draft_rubric(text)
    formset = CriterionFormSet(initial=[s.criterion.to_form_initial() for s in draft.suggestions])
    meta = RubricMetaForm(
        initial=_meta(
            role,
            research_area=draft.research_area or role.research_area,
            note="Drafted from a job description",
            job_description=text,
        )
    )
    messages.info(page.request, "Drafted a rubric from the job description. Nothing is saved yet.")
    return _editor(page, formset, meta, draft_form=form, draft=draft)


def _editor(
    page: RolePage,
    formset: BaseCriterionFormSet,
    meta: RubricMetaForm,
    *,
    preview=None,
    draft=None,
    draft_form: DraftForm | None = None,
    template_form: TemplateChoiceForm | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render_page(
        page,
        "screening/rubric_edit.html",
        {
            "formset": formset,
            "meta": meta,
            "preview": preview,
            "draft": draft,
            "draft_template": TEMPLATES.get(draft.template_slug) if draft else None,
            "draft_form": draft_form or DraftForm(),
            "template_form": template_form or TemplateChoiceForm(),
            "rubric": page.role.current_rubric,
            "errors": errors or [],
            "features": sorted(KNOWN_FEATURES),
        },
        status=status,
    )
