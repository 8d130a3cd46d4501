from django.contrib import admin

from screening.auth import ThrottledAdminAuthenticationForm
from screening.models import Application, Criterion, Lab, LabMembership, RoleProfile, Rubric

# The admin's sign-in page says when the shared sign-in throttle refused (screening/auth.py).
admin.site.login_form = ThrottledAdminAuthenticationForm


class LabMembershipInline(admin.TabularInline):
    model = LabMembership
    extra = 1


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [LabMembershipInline]


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


@admin.register(RoleProfile)
class RoleProfileAdmin(admin.ModelAdmin):
    list_display = ["title", "lab", "template_slug", "created_at"]
    list_filter = ["lab"]
    search_fields = ["title", "research_area"]
    inlines = [RubricInline]


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
    list_display = ["candidate", "role", "created_at"]
    list_filter = ["role"]


@admin.register(Criterion)
class CriterionAdmin(VersionsReadOnly, admin.ModelAdmin):
    list_display = ["name", "rubric", "dimension", "weight", "must_have", "target_level"]
    list_filter = ["dimension", "must_have", "rubric__role__lab"]
