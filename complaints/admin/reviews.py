"""Admin for complaint reviews, their vocabularies and the office's service standards.

A review's status, clocks and decision change only through `complaints.services` (the transition
table, the working-day engine, history); here they are read-only, as is everything recorded after
intake (inlines). People with the change permission may correct descriptive intake details: a
misspelt name, a contact detail, the subjects. Dates and the handling type are not editable: they
drive the stored clocks and the right of review. Nothing is deleted, and history is never reverted.

Exports leave out contact details and the special-category field, as the list's export does; their
cells are formula-safe (`grants.admin.base.ImportExportAdmin.get_export_data`). Each view of a
review's page is in the audit trail (personal data).
"""

from __future__ import annotations

from django.contrib import admin
from import_export import resources
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from complaints.filters import review_search
from complaints.models import (
    BodyCheck,
    Conflict,
    Finding,
    ForwardingPeriod,
    InformationRequest,
    LearningPoint,
    LearningTheme,
    Recommendation,
    Result,
    Review,
    ServiceStandards,
    SubjectCategory,
)
from opcc.core.admin import CheckboxesMixin
from opcc.core.admin_base import ImportExportAdmin, OfficeAdmin, ReadOnlyInline
from opcc.core.resources import (
    YES_NO,
    AllOrNothingResource,
    ChoiceWidget,
    NamesWidget,
    UKDateWidget,
    column,
)

from .registers import CountWidget, RegisterImportExportAdmin

# --- a review and what was recorded on it ------------------------------------------------------


class RecordedInline(ReadOnlyInline):
    """What was recorded on a review, one block each: these rows have no admin page of their own to
    link to, and a wide table of them would scroll without anything a keyboard could reach."""

    template = "admin/edit_inline/stacked.html"
    show_change_link = False


class BodyCheckInline(RecordedInline):
    model = BodyCheck
    fields = ("criterion", "answer", "note")


class ForwardingPeriodInline(RecordedInline):
    model = ForwardingPeriod
    fields = ("direction", "received_on", "forwarded_on")


class ConflictInline(RecordedInline):
    model = Conflict
    fields = ("user", "note", "created_at")
    related = ("user",)


class InformationRequestInline(RecordedInline):
    model = InformationRequest
    fields = ("what", "requested_on", "chased_on", "received_on", "requested_by")
    related = ("requested_by",)


class FindingInline(RecordedInline):
    model = Finding
    fields = ("allegation", "outcome", "reasons")


class RecommendationInline(RecordedInline):
    model = Recommendation
    fields = ("text", "sent_on", "response_due", "response_received_on", "response", "action_taken")


class LearningPointInline(RecordedInline):
    model = LearningPoint
    fields = ("theme", "text")
    related = ("theme",)


class ReviewResource(resources.ModelResource):
    """Export only: the list export's columns (no contact details, no special-category data)."""

    reference = column("reference", "Reference")
    force_reference = column("force_reference", "Force reference")
    received_on = column("received_on", "Date received", widget=UKDateWidget())
    status = column("status", "Status", widget=ChoiceWidget(Review.Status.choices))
    subjects = column("subjects", "Subjects", widget=NamesWidget(SubjectCategory))
    reviewer = column("reviewer", "Reviewer")
    decide_by = column("decide_by", "Decide by", widget=UKDateWidget())
    result = column("result", "Result", widget=ChoiceWidget(Result.choices))
    decided_on = column("decided_on", "Date decided", widget=UKDateWidget())

    class Meta:
        model = Review
        fields = (
            "reference",
            "force_reference",
            "received_on",
            "status",
            "subjects",
            "reviewer",
            "decide_by",
            "result",
            "decided_on",
        )
        export_order = fields

    def get_export_queryset(self, request=None):  # type: ignore[override]
        return super().get_export_queryset(request).select_related("reviewer").prefetch_related("subjects")

    def dehydrate_reviewer(self, review: Review) -> str:
        return review.reviewer.get_full_name() if review.reviewer else ""


@admin.register(Review)
class ReviewAdmin(CheckboxesMixin, ExportMixin, OfficeAdmin):
    resource_classes = [ReviewResource]
    export_formats = [CSV, XLSX]
    get_export_data = ImportExportAdmin.get_export_data
    has_export_permission = ImportExportAdmin.has_export_permission
    audit_reads = True  # personal data: each view of a record is in the audit trail
    list_display = (
        "reference",
        "force_reference",
        "status",
        "received_on",
        "decide_by",
        "reviewer",
        "result",
        "decided_on",
    )
    list_filter = ("status", "result", "handling_type", "in_time", "subjects")  # bounded lists
    search_help_text = "A reference (or its start), the force's reference, or the complainant's name."
    search_fields = ("reference",)  # shows the box; the search itself is the list's indexed search
    list_select_related = ("reviewer",)
    ordering = ("-received_on", "-pk")
    sortable_by = ("reference", "status", "received_on", "decide_by", "decided_on")
    checkbox_fields = ("subjects",)  # a short vocabulary
    inlines = (
        BodyCheckInline,
        ForwardingPeriodInline,
        ConflictInline,
        InformationRequestInline,
        FindingInline,
        RecommendationInline,
        LearningPointInline,
    )
    fields = (
        "reference",
        "status",
        "status_changed_at",
        "force_reference",
        "complainant_name",
        "complainant_email",
        "complainant_phone",
        "complainant_address",
        "complainant_postcode",
        "preferred_channel",
        "reasonable_adjustments",
        "representative_name",
        "representative_contact",
        "complaint_made_on",
        "handling_type",
        "subjects",
        "summary",
        "review_info_given_on",
        "received_on",
        "received_channel",
        "window_ends_on",
        "in_time",
        "extension_reason",
        "extension_granted_by",
        "extension_granted_on",
        "valid",
        "invalid_reason",
        "invalid_note",
        "forwarded_on",
        "acknowledge_by",
        "acknowledged_on",
        "decide_by",
        "reviewer",
        "result",
        "result_reasons",
        "decided_on",
        "decided_by",
        "closed_on",
        "withdrawn_reason",
        "entered_by",
    )
    editable = (
        "force_reference",
        "complainant_name",
        "complainant_email",
        "complainant_phone",
        "complainant_address",
        "complainant_postcode",
        "preferred_channel",
        "reasonable_adjustments",
        "representative_name",
        "representative_contact",
        "subjects",
        "summary",
        "received_channel",
    )

    def get_search_results(self, request, queryset, search_term):
        """The review list's search: reference and force reference by their start, names by trigram."""
        if not search_term.strip():
            return queryset, False
        return review_search(queryset, search_term), False


# --- vocabularies and the service standards ----------------------------------------------------


class VocabularyResource(AllOrNothingResource):
    """A name, whether it is still offered (yes or no; blank is yes) and its place in the list."""

    name = column("name")
    active = column("active", widget=ChoiceWidget(YES_NO, blank=True))
    sort_order = column("sort_order", widget=CountWidget())

    class Meta:
        fields = ("name", "active", "sort_order")
        import_id_fields = ("name",)
        use_transactions = True
        clean_model_instances = True

    def before_save_instance(self, instance, row, **kwargs):
        if instance.sort_order is None:
            instance.sort_order = 0
        super().before_save_instance(instance, row, **kwargs)


class SubjectCategoryResource(VocabularyResource):
    class Meta(VocabularyResource.Meta):
        model = SubjectCategory
        name = "Subject categories"


class LearningThemeResource(VocabularyResource):
    class Meta(VocabularyResource.Meta):
        model = LearningTheme
        name = "Learning themes"


class VocabularyAdmin(RegisterImportExportAdmin):
    """Added, renamed, reordered or retired (untick active); never deleted: old records name them."""

    can_add = True
    list_display = ("name", "active", "sort_order")
    list_filter = ("active",)
    search_fields = ("name",)
    ordering = ("sort_order", "name")
    fields = ("name", "active", "sort_order")


@admin.register(SubjectCategory)
class SubjectCategoryAdmin(VocabularyAdmin):
    resource_classes = [SubjectCategoryResource]


@admin.register(LearningTheme)
class LearningThemeAdmin(VocabularyAdmin):
    resource_classes = [LearningThemeResource]


@admin.register(ServiceStandards)
class ServiceStandardsAdmin(OfficeAdmin):
    """One row. A change applies to applications recorded after it: stored clocks are not redrawn."""

    list_display = (
        "__str__",
        "acknowledge_working_days",
        "decide_working_days",
        "recommendation_response_days",
        "due_soon_working_days",
    )
    fields = (
        "acknowledge_working_days",
        "decide_working_days",
        "recommendation_response_days",
        "due_soon_working_days",
    )

    def has_add_permission(self, request):
        return not ServiceStandards.objects.exists() and super(OfficeAdmin, self).has_add_permission(request)


__all__ = ["LearningThemeAdmin", "ReviewAdmin", "ServiceStandardsAdmin", "SubjectCategoryAdmin"]
