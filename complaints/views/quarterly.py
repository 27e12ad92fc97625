"""Quarterly review performance: a quarter chooser, the measures for it, and the CSV of them.

Open to the complaints module (office staff, Reviews managers, Administrators) and to the Reports
role: figures only, no personal data. A quarter that is not offered, has not started or is not a
quarter at all is a form error on the page (status 400), never a server error.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from complaints.statistics.quarterly import (
    CSV_HEADER,
    MONTHS,
    Quarter,
    csv_rows,
    offered_years,
    quarter_tables,
)
from opcc.core.exports import csv_response
from opcc.core.models import fy_label
from opcc.core.widgets import Select
from opcc.reports.presentation import display_table

PERMISSIONS = ("core.access_complaints", "core.access_reports")


class QuarterForm(forms.Form):
    year = forms.TypedChoiceField(label="Financial year", coerce=int, widget=Select)
    quarter = forms.TypedChoiceField(
        label="Quarter",
        coerce=int,
        widget=Select,
        choices=[(n, f"Q{n} ({months})") for n, months in MONTHS.items()],
        error_messages={"invalid_choice": "Choose a quarter from Q1 to Q4."},
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        years = offered_years(today)
        field = self.fields["year"]
        field.choices = [(year, fy_label(year)) for year in years]  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = (
            f"Choose a financial year from {fy_label(years[-1])} to {fy_label(years[0])}."
        )

    def clean(self):
        data = super().clean()
        if "year" in data and "quarter" in data:
            quarter = Quarter(data["year"], data["quarter"])
            if quarter.start > self.today:
                raise forms.ValidationError(
                    f"{quarter.label} has not started yet: choose an earlier quarter."
                )
            data["chosen"] = quarter
        return data


def chosen_quarter(request) -> tuple[QuarterForm, Quarter | None]:
    """The quarter asked for, or the last complete one when nothing is asked."""
    today = timezone.localdate()
    if "year" in request.GET or "quarter" in request.GET:
        form = QuarterForm(request.GET, today=today)
    else:
        default = Quarter.last_complete(today)
        form = QuarterForm({"year": default.start_year, "quarter": default.number}, today=today)
    return form, form.cleaned_data["chosen"] if form.is_valid() else None


class QuarterlyAccess:
    def dispatch(self, request, *args, **kwargs):
        if not any(request.user.has_perm(perm) for perm in PERMISSIONS):
            raise PermissionDenied("You do not have permission to see the review performance figures.")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class QuarterlyView(QuarterlyAccess, TemplateView):
    template_name = "complaints/quarterly.html"

    def get(self, request, *args, **kwargs):
        form, quarter = chosen_quarter(request)
        return self.page(form, quarter)

    def page(self, form: QuarterForm, quarter: Quarter | None):
        context = self.get_context_data(
            form=form,
            quarter=quarter,
            page_title="Quarterly review performance",
            tables=[display_table(t) for t in quarter_tables(quarter)] if quarter else [],
            csv_url=f"{reverse('complaints:quarterly_csv')}?{self.request.GET.urlencode()}"
            if self.request.GET
            else reverse("complaints:quarterly_csv"),
        )
        return self.render_to_response(context, status=200 if quarter else 400)


class QuarterlyCsvView(QuarterlyAccess, View):
    def get(self, request, *args, **kwargs):
        form, quarter = chosen_quarter(request)
        if quarter is None:
            page = QuarterlyView(request=request, args=args, kwargs=kwargs)
            return page.page(form, None)
        return csv_response(
            filename=f"complaint-review-performance-{quarter.label.replace('/', '-').replace(' ', '-')}",
            header=CSV_HEADER,
            rows=csv_rows(quarter_tables(quarter)),
            request=request,
            audit_detail={"quarter": quarter.label},
        )
