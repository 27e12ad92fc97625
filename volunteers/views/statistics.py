"""The ICV arrangements page (Specified Information Order, para 8) and its CSV.

The Order asks the office to publish information about the operation of its custody visiting
arrangements. For a chosen financial year the page gives a fixed description of the scheme, then
the year's figures from the report pack's own sections (so the two never disagree): the suites open
and visits to each, visits made, custody visitors active at 31 March, detainees offered a visit and
those who accepted, and the issues raised. Figures only, no personal data: readable by anyone with
the module.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from opcc.core.exports import csv_response
from opcc.core.models import FinancialYear, fy_label
from opcc.core.widgets import Select
from volunteers import statistics

from .common import VolunteersPage, crumbs

# The figures the page publishes: (summary measure, what the page calls it).
FIGURES = (
    ("Custody suites open", "Custody suites open"),
    ("Visits made", "Visits made"),
    ("Active custody visitors at 31 March", "Custody visitors at 31 March"),
    ("Detainees offered a visit", "Detainees offered a visit"),
    ("Welfare checks (detainees who accepted a visit)", "Detainees who accepted a visit"),
    ("Issues raised", "Issues raised with the police"),
)
CSV_HEADER = ("Financial year", "Measure", "Value")


def offered_years(today) -> list[int]:
    """From the first year with visits (or last year) to this one, newest first."""
    current = FinancialYear.start_year_for(today)
    first = min(statistics.record_years(), default=current - 1)
    return list(range(current, min(first, current) - 1, -1))


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="Financial year", coerce=int, widget=Select)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        field.choices = [(y, fy_label(y)) for y in years]  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = field.error_messages["required"] = (
            f"Choose a financial year from {fy_label(years[-1])} to {fy_label(years[0])}."
        )


@dataclass
class Arrangements:
    start_year: int
    figures: list[tuple[str, int]]
    suites: list[tuple[str, int]]

    @property
    def label(self) -> str:
        return fy_label(self.start_year)

    @property
    def visits(self) -> int:
        return sum(visits for _suite, visits in self.suites)

    @property
    def suites_visited(self) -> int:
        return sum(1 for _suite, visits in self.suites if visits)


def arrangements(start_year: int) -> Arrangements:
    summary = {
        row["measure"]: row["number"]
        for row in statistics.custody_visiting_summary(start_year=start_year).rows
    }
    by_suite = statistics.visits_by_suite(start_year=start_year)
    return Arrangements(
        start_year=start_year,
        figures=[(label, summary.get(measure) or 0) for measure, label in FIGURES],
        suites=[(row["suite"], row["visits"]) for row in by_suite.rows],
    )


def chosen_year(request) -> tuple[YearForm, int | None]:
    years = offered_years(timezone.localdate())
    default = years[1] if len(years) > 1 else years[0]  # the last complete year
    data = request.GET if "year" in request.GET else {"year": default}
    form = YearForm(data, years=years)
    return form, form.cleaned_data["year"] if form.is_valid() else None


class ArrangementsView(VolunteersPage, TemplateView):
    template_name = "volunteers/statistics/arrangements.html"
    page_title = "Custody visiting arrangements"

    def get_breadcrumbs(self):
        return crumbs()

    def get(self, request, *args, **kwargs):
        form, year = chosen_year(request)
        context = self.get_context_data(
            form=form,
            arrangements=arrangements(year) if year is not None else None,
            force=settings.FORCE_NAME,
            csv_url=f"{reverse('volunteers:arrangements_csv')}?year={year}" if year is not None else "",
        )
        return self.render_to_response(context, status=200 if year is not None else 400)


class ArrangementsCsvView(ArrangementsView):
    def get(self, request, *args, **kwargs):
        _form, year = chosen_year(request)
        if year is None:
            return super().get(request, *args, **kwargs)
        shown = arrangements(year)
        rows = [(shown.label, label, value) for label, value in shown.figures]
        rows += [(shown.label, f"Visits to {suite}", visits) for suite, visits in shown.suites]
        return csv_response(
            filename=f"custody-visiting-arrangements-{shown.label.replace('/', '-')}",
            header=CSV_HEADER,
            rows=rows,
            request=request,
            audit_detail={"year": shown.label},
        )
