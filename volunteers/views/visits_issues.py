"""Issues raised on custody visits: the list, the issue page with only the actions allowed now, and
one form per step (raise, escalate, the force's response, close)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from opcc.core.lists import CappedPaginator
from volunteers.filters.visits import OPEN_TOO_LONG_DAYS, IssueFilter
from volunteers.forms.visits import CloseForm, EscalateForm, IssueForm, ResponseForm
from volunteers.models import CustodyVisit, VisitIssue
from volunteers.services import issue_close, issue_escalate, issue_raise, issue_record_response
from volunteers.services.issues import IssueAction, allowed_issue_actions
from volunteers.tables.visits import IssueTable, issue_status_tag

from .common import CoordinatorFormView, VolunteersPage, crumbs
from .visits import PER_PAGE, TEMPLATES, filter_query, visit_crumbs


def issue_crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Visit issues", reverse("volunteers:issues")), *trail)


class IssueListView(VolunteersPage, SingleTableMixin, FilterView):
    template_name = TEMPLATES + "issue_list.html"
    page_title = "Visit issues"
    table_class = IssueTable
    filterset_class = IssueFilter
    table_pagination = {"per_page": PER_PAGE, "paginator_class": CappedPaginator}

    def get_queryset(self):
        return VisitIssue.objects.select_related("visit__suite")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_query"], context["filters_active"] = filter_query(self.request)
        context["open_days"] = OPEN_TOO_LONG_DAYS
        return context


class IssueDetailView(VolunteersPage, DetailView):
    template_name = TEMPLATES + "issue.html"
    context_object_name = "issue"

    def get_queryset(self):
        return VisitIssue.objects.select_related("visit__suite", "follow_up_owner")

    def get_page_title(self):
        return f"Issue {self.object.pk}: {self.object.get_subcategory_display()}"

    def get_breadcrumbs(self):
        return issue_crumbs()

    def get_context_data(self, **kwargs):
        allowed = allowed_issue_actions(self.object.status)
        return super().get_context_data(
            status_tag=issue_status_tag(self.object.status),
            can={action.value: action in allowed for action in IssueAction},
            **kwargs,
        )


class IssueRaiseView(CoordinatorFormView):
    form_class = IssueForm
    page_title = "Raise an issue found on the visit"
    submit_label = "Save issue"

    def dispatch(self, request, *args, **kwargs):
        self.visit = get_object_or_404(CustodyVisit, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return visit_crumbs((self.visit.reference, self.visit.get_absolute_url()))

    def get_cancel_url(self):
        return self.visit.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(caption=f"Visit {self.visit.reference}", **kwargs)

    def perform(self, form):
        return issue_raise(visit=self.visit, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return "Issue raised."

    def get_success_url(self):
        return self.result.get_absolute_url()


class IssueStep(CoordinatorFormView):
    """A step on one issue, open only in the statuses the issue's transitions allow."""

    action: IssueAction = IssueAction.CLOSE

    def dispatch(self, request, *args, **kwargs):
        self.issue = get_object_or_404(VisitIssue.objects.select_related("visit"), pk=kwargs["pk"])
        if request.user.is_authenticated and self.action not in allowed_issue_actions(self.issue.status):
            if not self.has_permission():
                return self.handle_no_permission()
            status = self.issue.get_status_display().lower()
            messages.warning(request, f"That cannot be done: the issue is {status}.")
            return redirect(self.issue)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return issue_crumbs((f"Issue {self.issue.pk}", self.issue.get_absolute_url()))

    def get_cancel_url(self):
        return self.issue.get_absolute_url()

    def get_success_url(self):
        return self.issue.get_absolute_url()

    def get_context_data(self, **kwargs):
        caption = f"Issue {self.issue.pk}: {self.issue.get_subcategory_display()}"
        return super().get_context_data(caption=caption, **kwargs)


class IssueEscalateView(IssueStep):
    action = IssueAction.ESCALATE
    form_class = EscalateForm
    page_title = "Escalate the issue to the force"
    submit_label = "Escalate"

    def perform(self, form):
        return issue_escalate(issue=self.issue, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return "Issue escalated."


class IssueResponseView(IssueStep):
    action = IssueAction.RESPOND
    form_class = ResponseForm
    page_title = "Record the force's response"
    submit_label = "Save response"

    def perform(self, form):
        return issue_record_response(issue=self.issue, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return "Response recorded."


class IssueCloseView(IssueStep):
    action = IssueAction.CLOSE
    form_class = CloseForm
    page_title = "Close the issue"
    submit_label = "Close issue"

    def perform(self, form):
        return issue_close(issue=self.issue, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return "Issue closed."
