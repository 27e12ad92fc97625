"""Fast entry of paper returns: a week of finished call-outs typed one after another.

One form, keyboard only, in the order the paper reads: today's date, the last suite used (kept in
the session), an adult, completed. "Save and add another" (the first button, so Enter does it)
comes back to a fresh form with a banner naming the reference saved; "Save" opens the record.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from volunteers import services
from volunteers.forms.callouts import ERROR_FIELDS, PaperReturnForm
from volunteers.models import CallOutStatus

from .callouts import list_crumbs
from .common import CoordinatorFormView

LAST_SUITE = "volunteers.callouts.last_suite"


class CallOutEntryView(CoordinatorFormView):
    form_class = PaperReturnForm
    template_name = "volunteers/callouts/entry.html"
    page_title = "Enter paper returns"
    error_field_map = ERROR_FIELDS

    def get_breadcrumbs(self):
        return list_crumbs()

    def get_initial(self):
        return {
            "requested_on": timezone.localdate(),
            "suite": self.request.session.get(LAST_SUITE, ""),
            "detainee_age": "adult",
            "status": CallOutStatus.COMPLETED,
            "attendances": 1,
        }

    def get_cancel_url(self):
        return reverse("volunteers:callouts")

    def perform(self, form):
        return services.callout_record(by=self.request.user, **form.service_fields())

    def form_valid(self, form):
        response = super().form_valid(form)
        if getattr(self, "result", None) is not None:
            self.request.session[LAST_SUITE] = str(self.result.suite_id)
        return response

    def get_success_message(self):
        callout = self.result
        return f"Call-out {callout.reference} saved ({CallOutStatus(callout.status).label.lower()})."

    def get_success_url(self):
        if self.request.POST.get("then") == "view":
            return self.result.get_absolute_url()
        return reverse("volunteers:callout_entry")
