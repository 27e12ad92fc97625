"""One small page per step of a review; each POST calls exactly one service.

Every page first checks the step as the service will (`refuse_step`): a role or a declared conflict
that bars it is a 403, a status that does not allow it sends the user back to the case page with
the reason. The service checks again under a row lock; its ValidationError comes back as form errors.
"""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect

from complaints import services
from complaints.forms import actions as forms
from complaints.models import Criterion, InformationRequest, Review, Status
from complaints.workflow import Action
from opcc.core.dates import long_date
from opcc.core.pages import ServiceFormView

from .case import ReviewPage, crumbs, refuse_step


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


class ReviewStepView(ReviewPage, ServiceFormView):
    """Loads the review (and the row a step is on), refuses what may not be done, then form -> service."""

    action: Action = Action.EDIT
    form_class: type[django_forms.Form] = forms.ConfirmForm
    template_name = "complaints/case/action.html"
    intro = ""
    button_style = ""
    error_field_map = {"text": "text_"}

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.review = get_object_or_404(Review.objects.select_related("reviewer"), pk=kwargs["pk"])
        self.load_row(kwargs)
        refused = refuse_step(request, self.review, self.action)
        if refused is not None:
            return refused
        done = self.row_done()
        if done:
            messages.warning(request, done)
            return redirect(self.review)
        return super().dispatch(request, *args, **kwargs)

    def load_row(self, kwargs) -> None:
        """Steps on one request or recommendation find it here (404 when it is not this review's)."""

    def row_done(self) -> str:
        """Why the row's step was already taken, or ""."""
        return ""

    def get_breadcrumbs(self):
        return crumbs((self.review.reference, self.review.get_absolute_url()))

    def get_success_url(self):
        return self.review.get_absolute_url()

    def get_cancel_url(self):
        return self.review.get_absolute_url()

    def get_intro(self) -> str:
        return self.intro

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            review=self.review,
            back_url=self.review.get_absolute_url(),
            caption=f"Review {self.review.reference}",
            intro=self.get_intro(),
            button_style=self.button_style,
            **kwargs,
        )

    service = ""  # the name of the complaints.services function the step calls

    def data(self, form) -> dict:
        return dict(form.cleaned_data)

    def perform(self, form):
        return getattr(services, self.service)(review=self.review, by=self.request.user, **self.data(form))


# --- intake ------------------------------------------------------------------------------------


class AcknowledgeView(ReviewStepView):
    action = Action.ACKNOWLEDGE
    service = "review_acknowledge"
    form_class = forms.AcknowledgeForm
    page_title = "Acknowledge the application"
    submit_label = "Acknowledge"
    intro = "Record that the complainant has been told we received their application."

    def get_success_message(self):
        return f"Acknowledged on {long_date(self.result.acknowledged_on)}."


class BodyCheckView(ReviewStepView):
    action = Action.CHECK_BODY
    service = "body_check_record"
    form_class = forms.BodyCheckForm
    template_name = "complaints/case/body_check.html"
    page_title = "Relevant review body check"
    submit_label = "Save the answers"
    intro = (
        "If any answer is yes, the IOPC is the relevant review body and the application is forwarded "
        "to it. The review can start only when every answer is no."
    )
    error_field_map = {c: f"answer_{c}" for c in Criterion.values}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "checks": list(self.review.body_checks.all())}

    def data(self, form):
        return {"answers": form.answers()}

    def get_success_message(self):
        blockers = services.body_check_blockers(self.result)
        if blockers:
            return "Answers saved. " + " ".join(blockers)
        return "Answers saved. The office is the relevant review body: the review can start."


class ForwardingView(ReviewStepView):
    action = Action.RECORD_FORWARDING
    service = "forwarding_record"
    form_class = forms.ForwardingForm
    page_title = "Record a forwarding period"
    submit_label = "Save the forwarding period"
    intro = (
        "An application sent to the wrong body: the days it spent being forwarded are left out of the "
        "28-day window."
    )

    def get_success_message(self):
        review = Review.objects.get(pk=self.review.pk)
        timing = "in time" if review.in_time else "late"
        return (
            f"Forwarding period recorded ({self.result.days + 1} days). The last day to apply is now "
            f"{long_date(review.window_ends_on)}: it arrived {timing}."
        )


class ForwardToIopcView(ReviewStepView):
    action = Action.FORWARD_TO_IOPC
    service = "review_forward_to_iopc"
    form_class = forms.ForwardToIopcForm
    page_title = "Forward the application to the IOPC"
    submit_label = "Forward to the IOPC"
    intro = "The IOPC is the relevant review body: the office's case ends here."

    def get_success_message(self):
        return f"Forwarded to the IOPC on {long_date(self.result.forwarded_on)}."


class InvalidView(ReviewStepView):
    action = Action.MARK_INVALID
    service = "review_mark_invalid"
    form_class = forms.InvalidForm
    page_title = "Mark the application invalid"
    submit_label = "Mark invalid"
    button_style = "warning"

    def get_success_message(self):
        return f"Marked invalid: {self.result.get_invalid_reason_display()}."


class OutOfTimeView(ReviewStepView):
    action = Action.MARK_OUT_OF_TIME
    service = "review_mark_out_of_time"
    page_title = "Mark the application out of time"
    submit_label = "Mark out of time"
    button_style = "warning"

    def get_intro(self):
        return (
            f"The last day to apply was {long_date(self.review.window_ends_on)}. It is kept as out of time; "
            "an extension can still reopen it."
        )

    def get_success_message(self):
        return "Marked out of time."


class ExtendView(ReviewStepView):
    action = Action.EXTEND
    service = "review_extend"
    form_class = forms.ExtendForm
    page_title = "Extend the time to apply"
    submit_label = "Grant the extension"

    def get_intro(self):
        return f"It arrived after the last day to apply ({long_date(self.review.window_ends_on)})."

    def get_success_message(self):
        return "Extension granted: the application is accepted although it arrived late."


class WithdrawView(ReviewStepView):
    action = Action.WITHDRAW
    service = "review_withdraw"
    form_class = forms.WithdrawForm
    page_title = "Record that the application was withdrawn"
    submit_label = "Record the withdrawal"
    button_style = "warning"

    def get_success_message(self):
        return "Withdrawal recorded. The case is closed as withdrawn."


# --- the review ----------------------------------------------------------------------------------


class StartView(ReviewStepView):
    action = Action.START_REVIEW
    service = "review_start"
    form_class = forms.ReviewerForm
    template_name = "complaints/case/start.html"
    page_title = "Start the review"
    submit_label = "Start the review"

    def get_context_data(self, **kwargs):
        return super().get_context_data(blockers=services.body_check_blockers(self.review), **kwargs)

    def get_success_message(self):
        return f"Review started. The reviewer is {_name(self.result.reviewer)}."


class ReassignView(StartView):
    action = Action.REASSIGN
    service = "review_reassign"
    template_name = "complaints/case/action.html"
    page_title = "Change the reviewer"
    submit_label = "Change the reviewer"

    def get_intro(self):
        return f"The reviewer is {_name(self.review.reviewer)}." if self.review.reviewer else ""

    def get_success_message(self):
        return f"The reviewer is now {_name(self.result.reviewer)}."


class ConflictView(ReviewStepView):
    action = Action.DECLARE_CONFLICT
    service = "conflict_declare"
    form_class = forms.ConflictForm
    page_title = "Declare a conflict of interest"
    submit_label = "Declare the conflict"

    def get_success_message(self):
        return "Conflict of interest recorded. You cannot decide, extend or close this review."


class RequestInformationView(ReviewStepView):
    action = Action.REQUEST_INFORMATION
    service = "information_request"
    form_class = forms.InformationRequestForm
    page_title = "Request information from the force"
    submit_label = "Record the request"

    def get_success_message(self):
        return f"Request recorded on {long_date(self.result.requested_on)}. The review awaits the force's information."


class InformationStep(ReviewStepView):
    """A step on one of the review's information requests."""

    def load_row(self, kwargs):
        self.request_row = get_object_or_404(InformationRequest, pk=kwargs["request_pk"], review=self.review)

    def row_done(self):
        if self.request_row.received_on:
            return f"That information was received on {long_date(self.request_row.received_on)}."
        return ""

    def get_intro(self):
        return f"Requested on {long_date(self.request_row.requested_on)}: {self.request_row.what}"

    def perform(self, form):
        return getattr(services, self.service)(
            request=self.request_row, by=self.request.user, **self.data(form)
        )


class ChaseView(InformationStep):
    action = Action.CHASE_INFORMATION
    service = "information_chase"
    form_class = forms.ChaseForm
    page_title = "Chase the force"
    submit_label = "Record the chase"

    def get_success_message(self):
        return f"Chase recorded on {long_date(self.result.chased_on)}."


class ReceiveView(InformationStep):
    action = Action.RECEIVE_INFORMATION
    service = "information_receive"
    form_class = forms.ReceiveForm
    page_title = "Record the force's information"
    submit_label = "Record as received"

    def get_success_message(self):
        status = Review.objects.values_list("status", flat=True).get(pk=self.review.pk)
        if status == Status.UNDER_REVIEW:
            return "Information received. Nothing else is outstanding: the review carries on."
        return "Information received. Other requests are still outstanding."
