"""A review's case page, recording an application and correcting it.

The case page offers exactly the steps `complaints.services.may` allows this user now (status,
role, declared conflict), so a button never leads to a refusal. Its reads are a fixed number of
queries however many findings, requests or recommendations the case has (prefetched).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.generic import DetailView

from complaints import clock, services
from complaints.forms.reviews import ReviewForm
from complaints.models import (
    Conflict,
    Criterion,
    InformationRequest,
    LearningPoint,
    Review,
    ServiceStandards,
    Status,
)
from complaints.services.common import check_actor
from complaints.workflow import Action, check_transition
from opcc.audit.views import RecordViewAudited
from opcc.core.pages import ServiceFormView
from opcc.core.permissions import PermissionMixin

ACCESS = "core.access_complaints"
CRITERIA = list(Criterion.values)

STATUS_COLOURS = {
    Status.RECEIVED: "blue",
    Status.ACKNOWLEDGED: "light-blue",
    Status.FORWARDED: "grey",
    Status.INVALID: "grey",
    Status.OUT_OF_TIME: "orange",
    Status.UNDER_REVIEW: "purple",
    Status.AWAITING_FORCE: "yellow",
    Status.DECIDED: "green",
    Status.RECOMMENDATIONS_OUTSTANDING: "pink",
    Status.CLOSED: "grey",
    Status.WITHDRAWN: "grey",
}


def status_tag(status: str) -> str:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        STATUS_COLOURS[Status(status)],
        Status(status).label,
    )


def crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Complaint reviews", reverse("complaints:home")), *trail]


@dataclass(frozen=True)
class Step:
    """A review-level step on the case page: a link to its form, or a one-click POST button."""

    action: Action
    url_name: str
    label: str
    one_click: bool = False  # POSTed from the case page with nothing typed (dates default to today)
    style: str = "secondary"


# In the order a case moves; the per-row steps (chase, receive, the force's response) sit on their rows.
STEPS = (
    Step(Action.ACKNOWLEDGE, "review_acknowledge", "Acknowledge", one_click=True, style=""),
    Step(Action.CHECK_BODY, "review_check_body", "Relevant review body check"),
    Step(Action.START_REVIEW, "review_start", "Start the review", style=""),
    Step(Action.RECORD_FINDING, "review_record_finding", "Record a finding"),
    Step(Action.DECIDE, "review_decide", "Decide", style=""),
    Step(Action.ADD_RECOMMENDATION, "review_add_recommendation", "Add a recommendation"),
    Step(
        Action.SEND_RECOMMENDATIONS,
        "review_send_recommendations",
        "Send recommendations",
        one_click=True,
        style="",
    ),
    Step(Action.CLOSE, "review_close", "Close the review", one_click=True, style=""),
    Step(Action.REQUEST_INFORMATION, "review_request_information", "Request information"),
    Step(Action.ADD_LEARNING, "review_add_learning", "Add a learning point"),
    Step(Action.REASSIGN, "review_reassign", "Change the reviewer"),
    Step(Action.DECLARE_CONFLICT, "review_declare_conflict", "Declare a conflict of interest"),
    Step(Action.RECORD_FORWARDING, "review_record_forwarding", "Record a forwarding period"),
    Step(Action.EXTEND, "review_extend", "Extend the time to apply"),
    Step(Action.FORWARD_TO_IOPC, "review_forward_to_iopc", "Forward to the IOPC", one_click=True),
    Step(
        Action.MARK_OUT_OF_TIME,
        "review_mark_out_of_time",
        "Mark out of time",
        one_click=True,
        style="warning",
    ),
    Step(Action.MARK_INVALID, "review_mark_invalid", "Mark invalid", style="warning"),
    Step(Action.EDIT, "review_edit", "Change the application"),
    Step(Action.WITHDRAW, "review_withdraw", "Record a withdrawal", style="warning"),
)
# Steps taken on one information request or one recommendation: shown on its row.
ROW_ACTIONS = (Action.CHASE_INFORMATION, Action.RECEIVE_INFORMATION, Action.RECORD_RESPONSE)


def allowed(user, review: Review) -> set[Action]:
    """Every action `may` allows this user on this review now."""
    return {action for action in Action if services.may(user, action, review)}


def refuse_step(request, review: Review, action: Action):
    """None when the user may take `action` on `review` now. Otherwise a role or a declared conflict
    raises PermissionDenied (403), and a status that does not allow it redirects to the case page
    with the reason, so a stale form or a second click changes nothing."""
    check_actor(request.user, action, review)
    try:
        check_transition(review.status, action)
    except ValidationError as exc:
        messages.warning(request, exc.messages[0])
        return redirect(review)
    return None


def case_queryset():
    return Review.objects.select_related(
        "reviewer", "entered_by", "decided_by", "extension_granted_by"
    ).prefetch_related(
        "subjects",
        "body_checks",
        "forwarding_periods",
        "findings",
        "recommendations",
        Prefetch("conflicts", queryset=Conflict.objects.select_related("user")),
        Prefetch("information_requests", queryset=InformationRequest.objects.select_related("requested_by")),
        Prefetch("learning_points", queryset=LearningPoint.objects.select_related("theme")),
    )


class ReviewPage(PermissionMixin):
    """A complaint review page: the module's permission, a title and breadcrumbs or a back link."""

    permission_required: str | tuple[str, ...] | None = (ACCESS,)
    page_title = ""

    def get_breadcrumbs(self) -> list[tuple[str, str]]:
        return crumbs()

    def get_page_title(self) -> str:
        return self.page_title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("page_title", self.get_page_title())
        context.setdefault("breadcrumbs", self.get_breadcrumbs())
        return context


class ReviewDetailView(ReviewPage, RecordViewAudited, DetailView):
    template_name = "complaints/case/detail.html"
    context_object_name = "review"
    audit_page = "complaint review"

    def get_queryset(self):
        return case_queryset()

    def get_page_title(self):
        return f"Review {self.object.reference}"

    def get_context_data(self, **kwargs):
        review, user = self.object, self.request.user
        today = timezone.localdate()
        can = allowed(user, review)
        steps = [
            {"step": step, "url": reverse(f"complaints:{step.url_name}", args=[review.pk])}
            for step in STEPS
            if step.action in can
        ]
        the_clock = clock.clock_for(review, today=today, closed=clock.closures())
        periods = list(review.forwarding_periods.all())
        checks = sorted(review.body_checks.all(), key=lambda c: CRITERIA.index(c.criterion))
        return super().get_context_data(
            status_tag=status_tag(review.status),
            clock=the_clock,
            clock_class=the_clock.tag_class(ServiceStandards.current().due_soon_working_days)
            if the_clock
            else "",
            steps=steps,
            can_chase=Action.CHASE_INFORMATION in can,
            can_receive=Action.RECEIVE_INFORMATION in can,
            can_respond=Action.RECORD_RESPONSE in can,
            blockers=services.body_check_blockers(review) if review.status == Status.ACKNOWLEDGED else [],
            subjects=list(review.subjects.all()),
            body_checks=checks,
            forwarding_periods=periods,
            forwarding_days=clock.forwarding_days((p.received_on, p.forwarded_on) for p in periods),
            conflicts=list(review.conflicts.all()),
            information_requests=list(review.information_requests.all()),
            findings=list(review.findings.all()),
            recommendations=list(review.recommendations.all()),
            learning_points=list(review.learning_points.all()),
            **kwargs,
        )


def window_message(review: Review) -> str:
    """What the office needs to know at once: the last day to apply and whether it arrived in time."""
    last_day = f"{review.window_ends_on.day} {review.window_ends_on:%B %Y}"
    if review.in_time:
        return f"Application {review.reference} recorded. The last day to apply was {last_day}: it arrived in time."
    return (
        f"Application {review.reference} recorded. The last day to apply was {last_day}: it arrived late. "
        "A Reviews manager can extend the time, or mark it out of time."
    )


class ReviewCreateView(ReviewPage, ServiceFormView):
    form_class = ReviewForm
    template_name = "complaints/case/review_form.html"
    page_title = "Record an application for review"
    submit_label = "Save the application"

    def get_cancel_url(self):
        return reverse("complaints:home")

    def perform(self, form):
        return services.review_create(by=self.request.user, **form.service_fields())

    def get_success_message(self):
        return window_message(self.result)

    def get_success_url(self):
        return self.result.get_absolute_url()


class ReviewUpdateView(ReviewPage, ServiceFormView):
    form_class = ReviewForm
    template_name = "complaints/case/review_form.html"
    submit_label = "Save changes"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.review = get_object_or_404(Review, pk=kwargs["pk"])
        refused = refuse_step(request, self.review, Action.EDIT)
        return refused or super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Change the application {self.review.reference}"

    def get_breadcrumbs(self):
        return crumbs((self.review.reference, self.review.get_absolute_url()))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "review": self.review}

    def get_initial(self):
        return ReviewForm.initial_for(self.review)

    def get_cancel_url(self):
        return self.review.get_absolute_url()

    def perform(self, form):
        return services.review_update(review=self.review, by=self.request.user, **form.service_fields())

    def get_success_message(self):
        review = self.result
        last_day = f"{review.window_ends_on.day} {review.window_ends_on:%B %Y}"
        timing = "it arrived in time" if review.in_time else "it arrived late"
        return f"Application {review.reference} changed. The last day to apply is {last_day}: {timing}."

    def get_success_url(self):
        return self.review.get_absolute_url()
