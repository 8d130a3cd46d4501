from django import forms
from django.contrib import admin
from django.http import HttpRequest

from screening.auth import ThrottledAdminAuthenticationForm
from screening.models import (
    Application,
    Criterion,
    Lab,
    LabMembership,
    RoleProfile,
    Rubric,
    Stage,
)
from screening.rubric_templates import TEMPLATE_LIST
from screening.services import role_create, role_set_blind_review, role_update
from screening.stages import lab_stages_seed

# The admin's sign-in page says when the shared sign-in throttle refused (screening/auth.py).
admin.site.login_form = ThrottledAdminAuthenticationForm


class LabMembershipInline(admin.TabularInline):
    model = LabMembership
    extra = 1


class StageInline(admin.TabularInline):
    """A lab's pipeline: lab admins rename, reorder (by ``order``) and add stages here. A
    stage applications stand at cannot be deleted (they would lose their place)."""

    model = Stage
    extra = 1
    fields = ["name", "order", "kind"]


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [StageInline, LabMembershipInline]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # A new lab given no stages of its own starts with the default pipeline.
        lab_stages_seed(lab=form.instance)
        # Renamed stages read differently on every shortlist of the lab (cached API answers).
        RoleProfile.shortlists_changed(role_ids=form.instance.roles.values("pk"))


@admin.register(LabMembership)
class LabMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "lab", "role"]
    list_filter = ["lab", "role"]


class VersionsReadOnly:
    """Rubric versions are immutable and made only by ``rubric_revise`` (the editor, the API),
    which checks every rule of a rubric, refuses to overwrite a colleague's edit and rescores the
    role; the admin shows them and never edits one in place."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class RubricInline(VersionsReadOnly, admin.TabularInline):
    model = Rubric
    extra = 0
    show_change_link = True
    fields = readonly_fields = ("version", "note", "created_by", "created_at")


class RoleAddForm(forms.ModelForm):
    """A new role starts from a template, whose rubric becomes its first version."""

    template = forms.ChoiceField(choices=[(t.slug, t.title) for t in TEMPLATE_LIST])

    class Meta:
        model = RoleProfile
        fields = ["lab", "title", "template", "research_area", "job_description"]


@admin.register(RoleProfile)
class RoleProfileAdmin(admin.ModelAdmin):
    """Roles are made and changed by the services the pages and the API use: a new role gets
    its template's rubric (``role_create``), and a change to what is scored rescores the role
    (``role_update``)."""

    list_display = ["title", "lab", "template_slug", "created_at"]
    list_filter = ["lab"]
    search_fields = ["title", "research_area"]
    inlines = [RubricInline]
    # The status changes through role_close / role_reopen / role_archive (the pages, the API).
    readonly_fields = ["template_slug", "status"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = RoleAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj=None):
        if obj is None:
            return list(RoleAddForm.Meta.fields)
        return super().get_fields(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            created = role_create(
                lab=obj.lab,
                title=obj.title,
                template=form.cleaned_data["template"],
                actor=request.user,
                research_area=obj.research_area,
                job_description=obj.job_description,
            )
            # The admin goes on with ``obj`` (the inlines, the log entry, the redirect), so
            # it must stand for the row role_create made, not a second one to insert.
            obj.pk, obj._state.adding = created.pk, False
            return
        before = RoleProfile.objects.get(pk=obj.pk)
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        if "blind_review" in changed:
            role_set_blind_review(role=before, enabled=changed.pop("blind_review"))
        role_update(role=before, changes=changed)


class CriterionInline(VersionsReadOnly, admin.StackedInline):
    model = Criterion
    extra = 0


@admin.register(Rubric)
class RubricAdmin(VersionsReadOnly, admin.ModelAdmin):
    list_display = ["role", "version", "created_by", "created_at"]
    list_filter = ["role__lab"]
    inlines = [CriterionInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Applications are read here; their stage moves through ``applications_move`` (the
    candidate page, the shortlist, the API), which keeps the history and the decisions."""

    list_display = ["candidate", "role", "stage", "stage_since", "created_at"]
    list_filter = ["role", "stage"]
    readonly_fields = ["stage", "stage_since"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Criterion)
class CriterionAdmin(VersionsReadOnly, admin.ModelAdmin):
    list_display = ["name", "rubric", "dimension", "weight", "must_have", "target_level"]
    list_filter = ["dimension", "must_have", "rubric__role__lab"]
