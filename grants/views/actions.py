"""One small page per step of an application's life; each calls exactly one service."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format

from grants import forms, services
from grants.models import ZERO, Application, MonitoringReturn, Status
from grants.services.common import paid_on_award
from grants.workflow import Action, allowed_actions
from opcc.core.money import format_gbp

from .access import CONFLICT_STATUSES
from .applications import budget_context, check_transition_message
from .common import ACCESS, DECIDE, ENTER, ServiceFormView, crumbs


class ApplicationActionView(ServiceFormView):
    """Loads the application, refuses steps the status does not allow, then form -> service."""

    action: Action | None = None
    form_class: type[django_forms.Form] = forms.ConfirmForm
    template_name = "grants/applications/action.html"
    permission_required: tuple[str, ...] = (ACCESS, ENTER)
    intro = ""
    button_style = ""

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.application = get_object_or_404(Application.objects.for_list(), pk=kwargs["pk"])
        if not self.available():
            messages.warning(request, self.unavailable_message())
            return redirect(self.application)
        return super().dispatch(request, *args, **kwargs)

    def available(self) -> bool:
        return self.action is None or self.action in allowed_actions(self.application.status)

    def unavailable_message(self) -> str:
        return check_transition_message(self.application, self.action)

    def get_breadcrumbs(self):
        return crumbs(
            ("Applications", reverse("grants:applications")),
            (self.application.reference, self.application.get_absolute_url()),
        )

    def get_success_url(self):
        return self.application.get_absolute_url()

    def get_cancel_url(self):
        return self.application.get_absolute_url()

    def get_intro(self) -> str:
        return self.intro

    @property
    def award(self):
        return getattr(self.application, "award", None)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            application=self.application,
            caption=f"{self.application.reference}: {self.application.project_title}",
            intro=self.get_intro(),
            button_style=self.button_style,
            **kwargs,
        )


class SubmitView(ApplicationActionView):
    action = Action.SUBMIT
    page_title = "Submit the application"
    submit_label = "Submit"
    intro = "Submit it when the application is complete. The eligibility check comes next."
    success_message = "Application submitted."

    def perform(self, form):
        return services.application_submit(application=self.application, by=self.request.user)


class StartCheckView(ApplicationActionView):
    action = Action.START_CHECK
    page_title = "Start the eligibility check"
    submit_label = "Start the check"
    intro = "The application moves to the eligibility check, ready to be assessed."
    success_message = "Eligibility check started."

    def perform(self, form):
        return services.application_start_check(application=self.application, by=self.request.user)


class AssessView(ApplicationActionView):
    action = Action.ASSESS
    form_class = forms.AssessForm
    template_name = "grants/applications/assess.html"
    page_title = "Assess the application"
    submit_label = "Save the assessment"

    def perform(self, form):
        data = form.cleaned_data
        return services.application_assess(
            application=self.application,
            by=self.request.user,
            in_area="in_area" in data["checks"],
            constituted="constituted" in data["checks"],
            plan_aligned="plan_aligned" in data["checks"],
            recommendation=data["recommendation"],
            recommended_amount=data["recommended_amount"],
            reasons=data["reasons"],
            no_conflict_confirmed=data["no_conflict_confirmed"],
        )

    def get_success_message(self):
        if self.result.status == Status.INELIGIBLE:
            return "Assessment saved. The application failed an eligibility check and is now ineligible."
        return "Assessment saved. The application is ready for a manager's decision."

    def get_context_data(self, **kwargs):
        application = self.application
        return super().get_context_data(
            safeguarding=application.organisation.safeguarding_policy_held,
            max_award=application.fund_year.max_award,
            within_max=application.amount_requested <= application.fund_year.max_award,
            **kwargs,
        )


class ConflictView(ApplicationActionView):
    form_class = forms.ConflictForm
    page_title = "Declare a conflict of interest"
    submit_label = "Declare the conflict"
    intro = "Once declared, you cannot assess or decide this application; a colleague must."
    success_message = "Conflict of interest recorded. A colleague must assess and decide this application."
    permission_required = (ACCESS,)

    def has_permission(self):
        user = self.request.user
        return super().has_permission() and (user.has_perm(ENTER) or user.has_perm(DECIDE))

    def available(self):
        return self.application.status in CONFLICT_STATUSES

    def unavailable_message(self):
        return "Conflicts of interest are declared before the decision."

    def perform(self, form):
        return services.conflict_declare(
            application=self.application, by=self.request.user, details=form.cleaned_data["details"]
        )


class DecisionView(ApplicationActionView):
    permission_required = (ACCESS, DECIDE)
    template_name = "grants/applications/decide.html"

    def get_barriers(self) -> list[str]:
        return services.decision_barriers(application=self.application, user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            barriers=self.get_barriers(),
            assessment=getattr(self.application, "assessment", None),
            budget=budget_context(self.application),
            **kwargs,
        )


class ApproveView(DecisionView):
    action = Action.APPROVE
    form_class = forms.ApproveForm
    page_title = "Approve the application"
    submit_label = "Approve and award"

    def get_initial(self):
        assessment = getattr(self.application, "assessment", None)
        recommended = assessment.recommended_amount if assessment else None
        return {"amount": recommended or self.application.amount_requested}

    def perform(self, form):
        return services.application_approve(
            application=self.application, by=self.request.user, **form.cleaned_data
        )

    def get_success_message(self):
        return f"Approved: {format_gbp(self.result.amount)} awarded to {self.application.organisation}."


class RejectView(DecisionView):
    action = Action.REJECT
    form_class = forms.RejectForm
    page_title = "Reject the application"
    submit_label = "Reject"
    button_style = "warning"
    success_message = "Application rejected."

    def perform(self, form):
        return services.application_reject(
            application=self.application, by=self.request.user, reason=form.cleaned_data["reason"]
        )


class ReturnView(DecisionView):
    action = Action.RETURN
    form_class = forms.ReturnForm
    page_title = "Return for more information"
    submit_label = "Return the application"
    success_message = "Application returned for more information."

    def perform(self, form):
        return services.application_return(
            application=self.application, by=self.request.user, missing=form.cleaned_data["missing"]
        )


class AgreementView(ApplicationActionView):
    action = Action.SIGN_AGREEMENT
    form_class = forms.AgreementForm
    page_title = "Record the signed agreement"
    submit_label = "Save"
    success_message = "Signed agreement recorded. Payments can now be made."

    def perform(self, form):
        return services.agreement_sign(
            application=self.application, by=self.request.user, **form.cleaned_data
        )


class PaymentView(ApplicationActionView):
    action = Action.RECORD_PAYMENT
    form_class = forms.PaymentForm
    template_name = "grants/applications/payment.html"
    permission_required = (ACCESS, "grants.add_payment")
    page_title = "Record a payment"
    submit_label = "Record the payment"

    def perform(self, form):
        return services.payment_record(
            application=self.application, by=self.request.user, **form.cleaned_data
        )

    def get_success_message(self):
        return f"Payment of {format_gbp(self.result.amount)} recorded ({self.result.finance_reference})."

    def get_context_data(self, **kwargs):
        paid = paid_on_award(self.award) if self.award else ZERO
        return super().get_context_data(
            award=self.award,
            paid=paid,
            left_to_pay=(self.award.amount - paid) if self.award else ZERO,
            **kwargs,
        )


class MonitoringScheduleView(ApplicationActionView):
    action = Action.SCHEDULE_MONITORING
    form_class = forms.MonitoringScheduleForm
    permission_required = (ACCESS, "grants.add_monitoringreturn")
    page_title = "Schedule a monitoring return"
    submit_label = "Schedule"

    def perform(self, form):
        return services.monitoring_schedule(
            application=self.application, by=self.request.user, **form.cleaned_data
        )

    def get_success_message(self):
        return f"Monitoring return due {self.result.due_on:%d/%m/%Y} scheduled."


class MonitoringReceiveView(ApplicationActionView):
    action = Action.RECEIVE_MONITORING
    form_class = forms.MonitoringReceiveForm
    permission_required = (ACCESS, "grants.change_monitoringreturn")
    page_title = "Record a monitoring return"
    submit_label = "Save the return"
    success_message = "Monitoring return recorded."

    def available(self):
        self.monitoring_return = get_object_or_404(
            MonitoringReturn, pk=self.kwargs["return_pk"], award__application=self.application
        )
        return super().available() and self.monitoring_return.received_on is None

    def unavailable_message(self):
        if self.monitoring_return.received_on:
            return "This monitoring return has already been recorded."
        return super().unavailable_message()

    def get_intro(self):
        return f"The return was due on {date_format(self.monitoring_return.due_on, 'j F Y')}."

    def perform(self, form):
        return services.monitoring_receive(
            monitoring_return=self.monitoring_return, by=self.request.user, **form.cleaned_data
        )


class VaryView(DecisionView):
    action = Action.VARY
    form_class = forms.VaryForm
    template_name = "grants/applications/vary.html"
    page_title = "Vary the award"
    submit_label = "Save the variation"
    success_message = "Award varied."

    def get_barriers(self):
        # The assessor may approve a variation; entering it or a declared conflict still bar.
        return [b for b in super().get_barriers() if "assessed" not in b]

    def get_context_data(self, **kwargs):
        paid = paid_on_award(self.award) if self.award else ZERO
        return super().get_context_data(award=self.award, paid=paid, **kwargs)

    def perform(self, form):
        return services.award_vary(application=self.application, by=self.request.user, **form.cleaned_data)


class WithdrawView(ApplicationActionView):
    action = Action.WITHDRAW
    form_class = forms.WithdrawForm
    template_name = "grants/applications/withdraw.html"
    page_title = "Withdraw the application"
    submit_label = "Withdraw"
    button_style = "warning"
    success_message = "Application withdrawn."

    def has_permission(self):
        # Staff withdraw applications; a grants manager withdraws an award (checked below).
        user = self.request.user
        return user.has_perm(ACCESS) and (user.has_perm(ENTER) or user.has_perm(DECIDE))

    def available(self):
        user = self.request.user
        if self.award is not None and not user.has_perm(DECIDE):
            raise PermissionDenied("Only a grants manager can withdraw an award.")
        if self.award is None and not user.has_perm(ENTER):
            raise PermissionDenied("Office staff withdraw applications that have no award.")
        return super().available()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "awarded": self.award is not None}

    def get_context_data(self, **kwargs):
        paid = paid_on_award(self.award) if self.award else ZERO
        return super().get_context_data(award=self.award, paid=paid, **kwargs)

    def perform(self, form):
        data = dict(form.cleaned_data)
        recovered = data.pop("recovered_amount", None)
        return services.application_withdraw(
            application=self.application,
            by=self.request.user,
            reason=data["reason"],
            recovered_amount=recovered if recovered is not None else ZERO,
        )


class CloseView(ApplicationActionView):
    action = Action.CLOSE
    page_title = "Close the grant"
    submit_label = "Close the grant"
    intro = "Close the grant when it is paid in full and every monitoring return is in."
    success_message = "Grant closed."

    def perform(self, form):
        return services.application_close(application=self.application, by=self.request.user)
