"""The calls log: "Add a call" for the phone desk (one press, back with today's total), a day's total
typed at the end of the day, this week's and this financial year's totals, and the weeks of a
financial year (Monday to Sunday) with their totals and a day's average.

Totals are summed in the database: one query for today, the week and the year, one for the weeks
of the year shown (at most 53 rows), one for the years offered.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import TruncWeek
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from engagement.forms.calls import CallDayForm, YearForm
from engagement.models import CallDay
from engagement.services import call_add, call_day_set
from opcc.core.dates import long_date
from opcc.core.models import FinancialYear, fy_label
from opcc.core.pages import Page

from .common import WRITE, EngagementPage, RecorderFormView, crumbs


def year_bounds(start_year: int) -> tuple[dt.date, dt.date]:
    return dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)


def totals(today: dt.date) -> dict[str, int]:
    """Today's, this week's (from Monday) and this financial year's calls, in one query."""
    monday = today - dt.timedelta(days=today.weekday())
    first, _ = year_bounds(FinancialYear.start_year_for(today))
    found = CallDay.objects.filter(date__gte=min(monday, first), date__lte=today).aggregate(
        today=Sum("calls_answered", filter=Q(date=today)),
        week=Sum("calls_answered", filter=Q(date__gte=monday)),
        year=Sum("calls_answered", filter=Q(date__gte=first)),
    )
    return {key: value or 0 for key, value in found.items()}


def years_offered(today: dt.date) -> list[int]:
    """Financial years from the first with calls to this one, newest first (one query)."""
    span = CallDay.objects.aggregate(first=Min("date"), last=Max("date"))
    current = FinancialYear.start_year_for(today)
    first = FinancialYear.start_year_for(span["first"]) if span["first"] else current
    last = max(current, FinancialYear.start_year_for(span["last"]) if span["last"] else current)
    return list(range(last, first - 1, -1))


def weeks(start_year: int) -> list[dict]:
    """Each week (Monday to Sunday) with calls in the financial year: its total and a day's average
    over the days with a figure. A week across 1 April counts only its days in the year."""
    first, last = year_bounds(start_year)
    rows = (
        CallDay.objects.filter(date__gte=first, date__lte=last)
        .annotate(week=TruncWeek("date"))
        .values("week")
        .annotate(total=Sum("calls_answered"), days=Count("pk"))
        .order_by("-week")
    )
    return [
        {
            "monday": row["week"],
            "sunday": row["week"] + dt.timedelta(days=6),
            "total": row["total"],
            "days": row["days"],
            "average": round(row["total"] / row["days"]) if row["days"] else 0,
        }
        for row in rows
    ]


def calls_crumbs() -> list[tuple[str, str]]:
    return crumbs(("Calls", reverse("engagement:calls")))


class CallsView(EngagementPage, TemplateView):
    template_name = "engagement/calls/calls.html"
    page_title = "Calls answered"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        years = years_offered(today)
        current = FinancialYear.start_year_for(today)
        year_form = YearForm(self.request.GET if "year" in self.request.GET else None, years=years)
        shown = year_form.cleaned_data["year"] if year_form.is_valid() else current
        year_weeks = weeks(shown)
        return super().get_context_data(
            today=today,
            totals=totals(today),
            year_label=fy_label(current),
            shown_label=fy_label(shown),
            shown_total=sum(w["total"] for w in year_weeks),
            weeks=year_weeks,
            year_form=year_form,
            day_form=CallDayForm(initial={"date": today.strftime("%d/%m/%Y")}),
            **kwargs,
        )


class CallAddView(Page, View):
    """POST only: one call answered now, then back to the calls page with today's total."""

    permission_required = WRITE
    http_method_names = ["post"]

    def post(self, request):
        try:
            day = call_add(by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            plural = "" if day.calls_answered == 1 else "s"
            messages.success(request, f"Call added: {day.calls_answered} call{plural} answered today.")
        return redirect("engagement:calls")


class CallDaySetView(RecorderFormView):
    """A day's total, typed at the end of the day (typing it again corrects it)."""

    form_class = CallDayForm
    page_title = "Record a day's calls"
    submit_label = "Save the day's total"

    def get_breadcrumbs(self):
        return calls_crumbs()

    def get_cancel_url(self) -> str:
        return reverse("engagement:calls")

    def perform(self, form):
        return call_day_set(by=self.request.user, **form.cleaned_data)

    def get_success_message(self) -> str:
        day = self.result
        plural = "" if day.calls_answered == 1 else "s"
        return f"{day.calls_answered} call{plural} recorded for {long_date(day.date)}."

    def get_success_url(self) -> str:
        return reverse("engagement:calls")
