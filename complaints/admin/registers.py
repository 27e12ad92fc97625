"""Admin for the dip sample and investigations-over-12-months registers, with import and export.

Registers kept in spreadsheets before the service come in through the import (all or nothing, the
same date rules as the forms: `complaints.services.registers`). Stages change only on the register
pages (the stage table); the admin corrects descriptive details. Nothing is deleted here.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from complaints.models import DipSample, DipSampleAction, LongInvestigation
from complaints.services.registers import action_problems, dip_sample_problems, investigation_problems
from opcc.core.admin_base import ImportExportAdmin, OfficeAdmin, ReadOnlyInline
from opcc.core.fields import WHOLE_NUMBER
from opcc.core.resources import (
    AllOrNothingResource,
    ChoiceWidget,
    TextWidget,
    UKDateWidget,
    column,
    shorten,
)


class CountWidget(TextWidget):
    """A whole number written with the digits 0 to 9 (int() would also read other scripts' digits)."""

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if text and not WHOLE_NUMBER.fullmatch(text):
            raise ValueError(f'"{shorten(text)}" is not a whole number: write it with the digits 0 to 9.')
        return int(text) if text else None


class RulesForm(forms.ModelForm):
    """The registers' date rules on the admin's change form too."""

    def problems(self, obj) -> dict[str, list[str]]:
        return {}

    def _post_clean(self):
        super()._post_clean()
        for field, messages in self.problems(self.instance).items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class DipSampleForm(RulesForm):
    def problems(self, obj) -> dict[str, list[str]]:
        return dip_sample_problems(obj)


class ActionForm(RulesForm):
    def problems(self, obj) -> dict[str, list[str]]:
        return action_problems(obj)


class InvestigationForm(RulesForm):
    def problems(self, obj) -> dict[str, list[str]]:
        return investigation_problems(obj)


class RulesResource(AllOrNothingResource):
    def problems(self, obj) -> dict[str, list[str]]:
        return {}

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        for field, messages in self.problems(instance).items():
            errors.setdefault(field, []).extend(messages)
        super().validate_instance(instance, errors, validate_unique)


class DipSampleResource(RulesResource):
    """Dip samples; a month is written as its first day (01/07/2022)."""

    def problems(self, obj) -> dict[str, list[str]]:
        return dip_sample_problems(obj)

    month = column("month", widget=UKDateWidget())
    scope = column("scope", widget=ChoiceWidget(DipSample.Scope.choices))
    theme = column("theme")
    cases_examined = column("cases_examined", widget=CountWidget())
    findings = column("findings")
    stage = column("stage", widget=ChoiceWidget(DipSample.Stage.choices, blank=DipSample.Stage.PLANNED))
    reported_on = column("reported_on", widget=UKDateWidget())

    class Meta:
        model = DipSample
        name = "Dip samples"
        fields = ("month", "scope", "theme", "cases_examined", "findings", "stage", "reported_on")
        import_id_fields = ("month", "scope", "theme")
        use_transactions = True
        clean_model_instances = True


class LongInvestigationResource(RulesResource):
    """Investigations over 12 months; an existing one is found by the force's reference."""

    def problems(self, obj) -> dict[str, list[str]]:
        return investigation_problems(obj)

    force_reference = column("force_reference")
    started_on = column("started_on", widget=UKDateWidget())
    notified_on = column("notified_on", widget=UKDateWidget())
    reason_for_delay = column("reason_for_delay")
    report_received_on = column("report_received_on", widget=UKDateWidget())
    closed_on = column("closed_on", widget=UKDateWidget())

    class Meta:
        model = LongInvestigation
        name = "Investigations over 12 months"
        fields = (
            "force_reference",
            "started_on",
            "notified_on",
            "reason_for_delay",
            "report_received_on",
            "closed_on",
        )
        import_id_fields = ("force_reference",)
        use_transactions = True
        clean_model_instances = True


class RegisterImportExportAdmin(ImportExportAdmin):
    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():  # the file changed since the preview
            self.report_errors(request, result)
            return HttpResponseRedirect(reverse(f"admin:complaints_{self.opts.model_name}_import"))
        return super(ImportExportAdmin, self).process_result(result, request)


class ActionInline(ReadOnlyInline):
    model = DipSampleAction
    fields = ("recommendation", "owner", "due_on", "completed_on")


@admin.register(DipSample)
class DipSampleAdmin(RegisterImportExportAdmin):
    resource_classes = [DipSampleResource]
    form = DipSampleForm
    list_display = ("month", "scope", "theme", "cases_examined", "stage", "reported_on")
    list_filter = ("scope", "stage")
    search_fields = ("theme",)
    date_hierarchy = "month"
    ordering = ("-month", "-pk")
    fields = ("month", "scope", "theme", "cases_examined", "findings", "stage", "reported_on")
    editable = ("theme", "cases_examined", "findings")
    inlines = (ActionInline,)


@admin.register(DipSampleAction)
class DipSampleActionAdmin(OfficeAdmin):
    form = ActionForm
    list_display = ("__str__", "dip_sample", "owner", "due_on", "completed_on")
    list_filter = ("dip_sample__scope",)
    list_select_related = ("dip_sample",)
    search_fields = ("recommendation", "owner")
    fields = ("dip_sample", "recommendation", "owner", "due_on", "follow_up", "completed_on")
    editable = ("recommendation", "owner", "due_on", "follow_up")


@admin.register(LongInvestigation)
class LongInvestigationAdmin(RegisterImportExportAdmin):
    resource_classes = [LongInvestigationResource]
    form = InvestigationForm
    audit_reads = True  # free text about a case: each view of a record is in the audit trail
    list_display = ("force_reference", "started_on", "notified_on", "report_received_on", "closed_on")
    search_fields = ("=force_reference",)
    search_help_text = "The force's reference, exactly."
    date_hierarchy = "notified_on"
    ordering = ("-notified_on", "-pk")
    fields = (
        "force_reference",
        "started_on",
        "notified_on",
        "reason_for_delay",
        "report_received_on",
        "closed_on",
    )


__all__ = ["DipSampleActionAdmin", "DipSampleAdmin", "LongInvestigationAdmin"]
