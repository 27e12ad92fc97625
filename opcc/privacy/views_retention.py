"""The retention pages for Administrators: the schedule, legal holds, disposal batches and the log.

Thin views: permission (`privacy.manage_retention`, checked again by each service), a form, one
service. Records are shown by their label (reference, or "<kind> <id>"), never by a person's name.
Batches may list 100,000 records: items are read a capped page at a time, counts are aggregates.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from opcc.core.lists import CappedPaginator
from opcc.core.pages import Page, ServiceFormView
from opcc.privacy import holds, registry, retention
from opcc.privacy.forms import HoldForm, LogFilterForm, ReasonForm, RuleForm
from opcc.privacy.models import (
    BatchStatus,
    DisposalBatch,
    DisposalEntry,
    DisposalItem,
    LegalHold,
    RetentionRule,
)

MANAGE = retention.MANAGE
PER_PAGE = 50


def schedule_crumbs(*more: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Home", reverse("core:home")), ("Retention schedule", reverse("privacy:retention")), *more]


def type_label(key: str) -> str:
    try:
        return registry.record_type(key).label
    except LookupError:
        return key  # a record type a module no longer declares: its log rows stay readable


def paged(request, queryset, per_page: int = PER_PAGE):
    """One capped page of rows (a batch may hold 100,000), read once."""
    page = CappedPaginator(queryset, per_page).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return page


class RetentionPage(Page):
    permission_required = MANAGE

    def get_breadcrumbs(self):
        return schedule_crumbs()


class ScheduleView(RetentionPage, TemplateView):
    template_name = "privacy/retention/schedule.html"
    page_title = "Retention schedule"

    def get_breadcrumbs(self):
        return [("Home", reverse("core:home"))]

    def get_context_data(self, **kwargs):
        retention.rules_ensure()
        rules = {r.record_type: r for r in RetentionRule.objects.all()}
        rows = [
            (t, rules[t.key], retention.rule_text(rules[t.key]))
            for t in registry.record_types()
            if t.key in rules
        ]
        waiting = DisposalBatch.objects.filter(status=BatchStatus.PROPOSED).count()
        return super().get_context_data(rows=rows, waiting=waiting, **kwargs)


class DryRunView(RetentionPage, View):
    """POST: write today's dry run now (the nightly task does the same)."""

    http_method_names = ["post"]

    def post(self, request):
        batch = retention.batch_propose(by=request.user)
        if batch is None:
            messages.info(
                request, "Nothing new is due: no batch was written (or today's is already waiting)."
            )
            return redirect("privacy:retention_batches")
        messages.success(
            request, f"Dry run written: {batch.due_count:,} records due, {batch.held_count:,} on hold."
        )
        return redirect("privacy:retention_batch", pk=batch.pk)


class RuleEditView(ServiceFormView):
    permission_required = MANAGE
    form_class = RuleForm
    submit_label = "Save rule"
    success_message = "Rule saved."

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.rule = get_object_or_404(RetentionRule, pk=kwargs["pk"])
        self.record_type = (
            registry.record_type(self.rule.record_type)
            if self.rule.record_type in {t.key for t in registry.record_types()}
            else None
        )
        if self.record_type is None:
            messages.warning(request, "No module declares this record type any more, so it cannot be edited.")
            return redirect("privacy:retention")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "rule": self.rule}

    def get_initial(self):
        r = self.rule
        return {"months": r.months, "trigger": r.trigger, "active": r.active, "note": r.note}

    def get_page_title(self):
        return f"Edit the rule for {self.record_type.label.lower()}" if self.record_type else ""

    def get_breadcrumbs(self):
        return schedule_crumbs()

    def get_success_url(self):
        return reverse("privacy:retention")

    get_cancel_url = get_success_url

    def perform(self, form):
        data = form.cleaned_data
        return retention.rule_update(
            rule=self.rule, months=data["months"], trigger=data["trigger"], active=data["active"],
            note=data["note"], by=self.request.user,
        )  # fmt: skip


class HoldListView(RetentionPage, TemplateView):
    template_name = "privacy/retention/holds.html"
    page_title = "Legal holds"

    def get_context_data(self, **kwargs):
        holds = LegalHold.objects.select_related("placed_by", "lifted_by").order_by("-placed_at", "-pk")
        page = paged(self.request, holds)
        return super().get_context_data(page=page, **kwargs)


class HoldPlaceView(ServiceFormView):
    permission_required = MANAGE
    form_class = HoldForm
    page_title = "Place a legal hold"
    submit_label = "Place hold"

    def get_breadcrumbs(self):
        return schedule_crumbs(("Legal holds", reverse("privacy:retention_holds")))

    def get_success_url(self):
        return reverse("privacy:retention_holds")

    get_cancel_url = get_success_url

    def get_success_message(self):
        return f"{self.result.record_label} is on legal hold: it will not be disposed of."

    def perform(self, form):
        data = form.cleaned_data
        object_id = holds.record_find(source_key=data["source_key"], reference=data["reference"])
        return holds.hold_place(
            source_key=data["source_key"], object_id=object_id, reason=data["reason"], by=self.request.user
        )


class HoldLiftView(ServiceFormView):
    permission_required = MANAGE
    form_class = ReasonForm
    submit_label = "Lift hold"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.hold = get_object_or_404(LegalHold, pk=kwargs["pk"])
        if not self.hold.active:
            messages.warning(request, "This hold has already been lifted.")
            return redirect("privacy:retention_holds")
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Lift the legal hold on {self.hold.record_label}"

    def get_breadcrumbs(self):
        return schedule_crumbs(("Legal holds", reverse("privacy:retention_holds")))

    def get_success_url(self):
        return reverse("privacy:retention_holds")

    get_cancel_url = get_success_url

    def get_success_message(self):
        return f"The hold on {self.hold.record_label} is lifted."

    def perform(self, form):
        return holds.hold_lift(hold=self.hold, reason=form.cleaned_data["reason"], by=self.request.user)


class BatchListView(RetentionPage, TemplateView):
    template_name = "privacy/retention/batches.html"
    page_title = "Disposal batches"

    def get_context_data(self, **kwargs):
        batches = DisposalBatch.objects.select_related("created_by", "decided_by").order_by(
            "-created_at", "-pk"
        )
        return super().get_context_data(page=paged(self.request, batches), **kwargs)


class BatchDetailView(RetentionPage, TemplateView):
    template_name = "privacy/retention/batch.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.batch = get_object_or_404(
            DisposalBatch.objects.select_related("created_by", "decided_by"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Disposal batch {self.batch.pk}"

    def get_breadcrumbs(self):
        return schedule_crumbs(("Disposal batches", reverse("privacy:retention_batches")))

    def get_context_data(self, **kwargs):
        groups = [
            {**g, "label": type_label(g["record_type"])}
            for g in DisposalItem.objects.filter(batch=self.batch)
            .values("record_type")
            .annotate(total=Count("pk"), held=Count("pk", filter=Q(held=True)))
            .order_by("record_type")
        ]
        items = DisposalItem.objects.filter(batch=self.batch).order_by(
            "record_type", "trigger_date", "object_id", "pk"
        )
        page = paged(self.request, items)
        for item in page.object_list:
            item.type_label = type_label(item.record_type)
        return super().get_context_data(
            batch=self.batch,
            groups=groups,
            page=page,
            proposed=self.batch.status == BatchStatus.PROPOSED,
            **kwargs,
        )


class BatchApproveView(RetentionPage, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        batch = get_object_or_404(DisposalBatch, pk=pk)
        try:
            retention.batch_approve(batch=batch, by=request.user)
        except ValidationError as exc:
            messages.warning(request, exc.messages[0])
        else:
            messages.success(request, "Batch approved: the records are being anonymised.")
        return redirect("privacy:retention_batch", pk=batch.pk)


class BatchRejectView(ServiceFormView):
    permission_required = MANAGE
    form_class = ReasonForm
    submit_label = "Reject batch"
    success_message = "Batch rejected: nothing was changed."

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.batch = get_object_or_404(DisposalBatch, pk=kwargs["pk"])
        if self.batch.status != BatchStatus.PROPOSED:
            messages.warning(request, "This batch is no longer awaiting approval.")
            return redirect("privacy:retention_batch", pk=self.batch.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Reject disposal batch {self.batch.pk}"

    def get_breadcrumbs(self):
        return schedule_crumbs(("Disposal batches", reverse("privacy:retention_batches")))

    def get_success_url(self):
        return reverse("privacy:retention_batch", args=[self.batch.pk])

    get_cancel_url = get_success_url

    def perform(self, form):
        return retention.batch_reject(
            batch=self.batch, by=self.request.user, reason=form.cleaned_data["reason"]
        )


class LogView(RetentionPage, TemplateView):
    template_name = "privacy/retention/log.html"
    page_title = "Disposal log"

    def get_context_data(self, **kwargs):
        form = LogFilterForm(self.request.GET or None)
        entries = DisposalEntry.objects.select_related("approved_by").order_by("-done_at", "-pk")
        if form.is_valid() and form.cleaned_data["record_type"]:
            entries = entries.filter(record_type=form.cleaned_data["record_type"])
        page = paged(self.request, entries)
        for entry in page.object_list:
            entry.type_label = type_label(entry.record_type)
        return super().get_context_data(form=form, page=page, **kwargs)
