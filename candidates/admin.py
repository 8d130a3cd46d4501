from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from candidates.models import (
    Candidate,
    CandidateFeatures,
    Degree,
    Document,
    DocumentKind,
    Evidence,
    PageText,
    Publication,
)
from candidates.services import document_requeue
from candidates.uploads import UploadSource, upload_screen
from screening.applications import documents_store
from screening.models import Lab


class PageTextInline(admin.TabularInline):
    model = PageText
    extra = 0
    can_delete = False
    readonly_fields = ["number", "text"]


# A candidate's page shows this many of each kind of fact; a prolific or hostile publication list
# holds thousands, and a formset of thousands of rows timed the page out. The page links to the
# full, paginated lists instead (CandidateAdmin.facts).
FACTS_SHOWN = 20


class FirstFewInline(admin.TabularInline):
    """The candidate's first ``FACTS_SHOWN`` rows of a kind (CandidateAdmin limits the query)."""

    extra = 0
    can_delete = False


class DocumentInline(FirstFewInline):
    model = Document
    show_change_link = True
    # A tuple, so that one value has the types django-stubs gives both (lists are invariant).
    fields = readonly_fields = ("original_name", "kind", "status", "error", "page_count")


class ReadOnlyInline(FirstFewInline):
    """Facts read from documents: rebuilt by processing, never edited by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class DegreeInline(ReadOnlyInline):
    model = Degree
    fields = ["level", "field", "institution", "year", "status", "page", "quote"]


class PublicationInline(ReadOnlyInline):
    model = Publication
    fields = ["title", "venue", "kind", "tier", "year", "author_position", "page"]


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["dimension", "signal", "quote", "page"]


class FeaturesInline(admin.StackedInline):
    model = CandidateFeatures
    can_delete = False
    fields = readonly_fields = ("values", "version", "computed_at")


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["display_name", "email", "lab", "created_at"]
    list_filter = ["lab"]
    search_fields = ["name", "email"]
    readonly_fields = ["facts"]
    inlines = [DocumentInline, DegreeInline, PublicationInline, EvidenceInline, FeaturesInline]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, FirstFewInline) and obj is not None and obj.pk:
            first = kwargs["queryset"].filter(candidate=obj).values_list("pk", flat=True)
            kwargs["queryset"] = kwargs["queryset"].filter(pk__in=list(first[:FACTS_SHOWN]))
        return kwargs

    @admin.display(description="Documents and facts")
    def facts(self, candidate: Candidate) -> str:
        """How many of each the candidate has, each linked to its full list."""
        if not candidate.pk:
            return "-"
        kinds = [
            (model, model.objects.filter(candidate=candidate).count())
            for model in (Document, Degree, Publication, Evidence)
        ]
        links = format_html_join(
            " · ",
            '<a href="{}?candidate__id__exact={}">{} {}</a>',
            (
                (
                    reverse(f"admin:candidates_{model._meta.model_name}_changelist"),
                    candidate.pk,
                    f"{count:,}",
                    model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural,
                )
                for model, count in kinds
            ),
        )
        return format_html(
            "{}<br>The sections below show the first {} of each.", links, FACTS_SHOWN
        )


class FactAdmin(admin.ModelAdmin):
    """A read-only, paginated list of one kind of fact, filtered to a candidate from their page."""

    list_select_related = ["candidate"]
    list_per_page = 100
    # Counting every row of the table under each filter costs more than it tells.
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Publication)
class PublicationAdmin(FactAdmin):
    list_display = ["title", "venue", "kind", "tier", "year", "author_position", "candidate"]
    list_filter = ["kind", "tier"]
    search_fields = ["title", "venue"]


@admin.register(Evidence)
class EvidenceAdmin(FactAdmin):
    list_display = ["dimension", "signal", "quote", "page", "candidate"]
    list_filter = ["dimension"]
    search_fields = ["signal", "quote"]


@admin.register(Degree)
class DegreeAdmin(FactAdmin):
    list_display = ["level", "field", "institution", "year", "status", "candidate"]
    list_filter = ["level", "status"]


class DocumentUploadForm(forms.ModelForm):
    """The admin's upload form: a file and a lab; everything else comes from the ingest."""

    # An empty file passes the form to be refused by the upload gate, in its words.
    upload = forms.FileField(label="File", allow_empty_file=True)
    kind = forms.ChoiceField(
        choices=[("", "Detect from the file"), *DocumentKind.choices], required=False
    )

    class Meta:
        model = Document
        fields = ["lab", "candidate"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].required = False
        self.fields["lab"].queryset = Lab.objects.all()

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload is not None:
            # The same gate as the upload page, the API and `manage.py ingest`.
            screened = upload_screen(
                sources=[UploadSource.from_upload(upload)], kind=data.get("kind") or None
            )
            if not screened.files:
                self.add_error("upload", screened.refused[0].error.detail)
            data["screened"] = screened
        return data


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = [
        "original_name",
        "kind",
        "status",
        "lab",
        "candidate",
        "page_count",
        "created_at",
    ]
    list_filter = ["status", "kind", "lab"]
    search_fields = ["original_name", "sha256"]
    inlines = [PageTextInline]
    actions = ["requeue"]
    readonly_fields = [
        "lab",
        "candidate",
        "kind",
        "file",
        "original_name",
        "size",
        "sha256",
        "status",
        "error",
        "page_count",
        "attempts",
        "uploaded_by",
        "created_at",
        "started_at",
        "finished_at",
    ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = DocumentUploadForm
        return super().get_form(request, obj, **kwargs)

    def get_inlines(self, request, obj):
        # Page texts exist only once a document has been processed.
        return self.inlines if obj else []

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["lab", "candidate", "kind", "upload"]
        return super().get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return
        screened = form.cleaned_data["screened"]
        for refusal in screened.refused:  # files of a zip that are not CVs or lists
            self.message_user(request, str(refusal.error), level=messages.WARNING)
        items = documents_store(
            lab=form.cleaned_data["lab"],
            files=screened.files,
            candidate=form.cleaned_data["candidate"],
            uploaded_by=request.user,
        )
        stored = [item for item in items if item.document]
        for item in items:
            if item.error:
                self.message_user(request, item.error, level=messages.ERROR)
            elif not item.created:
                self.message_user(
                    request,
                    f"{item.name} was already uploaded; showing the existing document.",
                    level=messages.WARNING,
                )
        if len(stored) > 1:
            self.message_user(request, f"{len(stored)} documents queued from the zip.")
        # The admin's redirect after saving needs the stored document's primary key.
        if stored:
            obj.pk = stored[0].document.pk

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:  # nothing was stored; the reasons are in the messages
            return HttpResponseRedirect(reverse("admin:candidates_document_changelist"))
        return super().response_add(request, obj, post_url_continue)

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    @admin.action(description="Process the selected documents again")
    def requeue(self, request, queryset):
        for document in queryset:
            document_requeue(document=document)
        self.message_user(request, f"{queryset.count()} document(s) queued again.")
