"""Custody visiting and appropriate adult figures for the report pack (settings.REPORT_SECTIONS).

Each section is `section(*, start_year) -> StatTable` and runs a fixed number of aggregate queries
(grouped and filtered in the database, never a query per row); the pack calls it again for the
previous year and shows that alongside. Years are financial years (1 April to 31 March) by the date
of the visit, the call-out request or the issue. What is counted:
- visits: custody visits dated in the year; suites open: `CustodySuite.objects.open_between`;
- the detainee table: the per-visit counts, laid out as the 2019/20 annual report did (Adult, Young
  people, All ages), with every Total computed (the printed one was nine offers short);
- welfare checks: the detainees who accepted a visit;
- active volunteers at year end: see `volunteers.statistics_base.active_on`;
- AA detainees supported: completed call-outs; attendances: their visits to the suite (summed);
  response time: minutes from the request to the appropriate adult's arrival (the median).
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractMonth

from opcc.core.aggregates import DaysBetween, Median
from opcc.core.models import CustodySuite
from opcc.core.statistics import Column, StatTable
from volunteers.models import (
    AgeGroup,
    CallOut,
    CallOutStatus,
    CustodyVisit,
    IssueCategory,
    Scheme,
    Sex,
    UnfilledReason,
    VisitCount,
    VisitIssue,
    Volunteer,
)

from .statistics_base import (
    CHANGE,
    MEASURE,
    NUMBER,
    active_on,
    change,
    in_scheme,
    labels,
    measure_rows,
    median,
    start_years,
    year_end,
    year_range,
)

CUSTODY = "custody_visiting"
AA = "appropriate_adults"
# The financial year's months in order, as column titles.
MONTHS: tuple[tuple[int, str], ...] = tuple(
    enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)
)[3:] + tuple(enumerate(("Jan", "Feb", "Mar"), 1))
COUNT_FIELDS = ("detained", "offered", "accepted", "refused")


def _table(key: str, title: str, short: str, topic: str, start_year: int, basis: str, columns, **kw):
    return StatTable(
        key=f"volunteers.{key}",
        title=title,
        topic=topic,
        period=labels(start_year)[0],
        count_basis=basis,
        columns=columns,
        short_title=short,
        **kw,
    )


# --- custody visiting ----------------------------------------------------------------------------


def visits_by_suite(*, start_year: int) -> StatTable:
    """Visits per suite and month; every suite open in the year is listed, visited or not."""
    first, last = year_range(start_year)
    columns = [Column("suite", "Custody suite")]
    columns += [Column(f"m{month}", title, "count") for month, title in MONTHS]
    columns.append(Column("visits", "Visits", "count"))
    table = _table(
        "visits_by_suite",
        "Custody visits by suite and month",
        "Custody visits by suite",
        CUSTODY,
        start_year,
        "custody visits made, by the date of the visit",
        columns,
    )
    visits = CustodyVisit.objects.in_year(start_year).order_by()
    counts: dict[tuple[int, int], int] = {}
    for cell in visits.values("suite_id", month=ExtractMonth("visited_on")).annotate(n=Count("pk")):
        counts[(cell["suite_id"], cell["month"])] = cell["n"]
    if not counts:
        table.notes.append(f"No custody visits are recorded in {table.period}.")
        return table
    open_then = CustodySuite.objects.open_between(first, last).filter(pk=OuterRef("pk"))
    suites = (
        CustodySuite.objects.annotate(was_open=Exists(open_then))
        .filter(Q(was_open=True) | Q(pk__in=visits.values("suite_id")))
        .order_by("name", "pk")
    )
    visited = opened = 0
    for suite in suites:
        row: dict = {"suite": suite.name}
        for month, _title in MONTHS:
            row[f"m{month}"] = counts.get((suite.pk, month), 0)
        row["visits"] = sum(row[f"m{month}"] for month, _title in MONTHS)
        table.rows.append(row)
        visited += row["visits"] > 0
        opened += suite.was_open
        if not suite.was_open:
            table.checks.append(f"{suite.name} has visits recorded in {table.period} but was not open then.")
        elif not row["visits"]:
            table.checks.append(f"{suite.name} was open in {table.period} but no visit to it is recorded.")
    table.notes.append(f"{visited} of the {opened} suites open in {table.period} were visited.")
    return table


def custody_visiting_summary(*, start_year: int) -> StatTable:
    """The headline figures of the scheme's year, with the change on the year before."""
    table = _table(
        "custody_visiting_summary",
        "Independent custody visiting",
        "Custody visiting",
        CUSTODY,
        start_year,
        "visits, suites, detainees, issues and volunteers in the year",
        [MEASURE, NUMBER, CHANGE],
        show_total=False,
    )
    now, before = _visiting_figures(start_year)
    if not now["visits"]:
        table.notes.append(f"No custody visits are recorded in {table.period}.")
        return table
    names = (
        ("visits", "Visits made"),
        ("suites_open", "Custody suites open"),
        ("suites_visited", "Custody suites visited"),
        ("detained", "Detainees in custody during visits"),
        ("offered", "Detainees offered a visit"),
        ("accepted", "Welfare checks (detainees who accepted a visit)"),
        ("issues", "Issues raised"),
        ("active", "Active custody visitors at 31 March"),
    )
    table.rows = measure_rows((label, now[key], change(now[key], before[key])) for key, label in names)
    table.notes.append(
        "Active custody visitors: appointed by 31 March and neither left nor suspended by then."
    )
    return table


def _visiting_figures(start_year: int) -> tuple[dict[str, int], dict[str, int]]:
    """This year's figures and last year's, each query covering both years."""
    years = {"now": year_range(start_year), "before": year_range(start_year - 1)}
    both = (years["before"][0], years["now"][1])
    visits = CustodyVisit.objects.filter(visited_on__range=both).aggregate(
        **{
            f"{name}_{key}": aggregate
            for key, span in years.items()
            for name, aggregate in (
                ("visits", Count("pk", filter=Q(visited_on__range=span))),
                ("suites_visited", Count("suite", distinct=True, filter=Q(visited_on__range=span))),
            )
        }
    )
    cells = VisitCount.objects.filter(visit__visited_on__range=both).aggregate(
        **{
            f"{name}_{key}": Sum(name, default=0, filter=Q(visit__visited_on__range=span))
            for key, span in years.items()
            for name in COUNT_FIELDS
        }
    )
    issues = VisitIssue.objects.filter(raised_on__range=both).aggregate(
        **{f"issues_{key}": Count("pk", filter=Q(raised_on__range=span)) for key, span in years.items()}
    )
    active = Volunteer.objects.filter(in_scheme(Scheme.ICV)).aggregate(
        **{f"active_{key}": Count("pk", filter=active_on(span[1])) for key, span in years.items()}
    )
    flat = visits | cells | issues | active
    out: tuple[dict[str, int], dict[str, int]] = ({}, {})
    for index, (key, span) in enumerate(years.items()):
        out[index].update({name[: -len(key) - 1]: v for name, v in flat.items() if name.endswith(f"_{key}")})
        out[index]["suites_open"] = CustodySuite.objects.open_between(*span).count()
    return out


def detainees(*, start_year: int) -> StatTable:
    """Detained, offered, accepted and refused by age group and sex, as the 2019/20 table."""
    first, last = year_range(start_year)
    table = _table(
        "detainees",
        "Detainees in custody during visits: offered, accepted and refused",
        "Detainees offered visits",
        CUSTODY,
        start_year,
        "detainees in custody when a visit was made",
        [
            Column("sex", "Sex"),
            Column("detained", "Detained", "count"),
            Column("offered", "Offered", "count"),
            Column("accepted", "Accepted", "count"),
            Column("refused", "Refused", "count"),
        ],
        group_key="age_group",
        combined_label="All ages",
    )
    sums = (
        VisitCount.objects.filter(visit__visited_on__range=(first, last))
        .order_by()
        .values("age_group", "sex")
        .annotate(**{name: Sum(name) for name in COUNT_FIELDS})
    )
    found = {(row["age_group"], row["sex"]): row for row in sums}
    if not found:
        table.notes.append(f"No detainee counts are recorded in {table.period}.")
        return table
    for age in AgeGroup:
        for sex in Sex:
            cell = found.get((age.value, sex.value), {})
            table.rows.append(
                {"age_group": str(age.label), "sex": str(sex.label)}
                | {name: cell.get(name, 0) for name in COUNT_FIELDS}
            )
    table.notes.append(
        "Offered: offered a visit by the custody visitors; accepted: took it up (a welfare check); "
        "refused: declined it. Every Total is computed from the rows above it."
    )
    return table


def visit_issues(*, start_year: int) -> StatTable:
    """Issues by category: raised and closed in the year, open at its end, median days to close."""
    first, last = year_range(start_year)
    table = _table(
        "visit_issues",
        "Issues raised on custody visits",
        "Custody visit issues",
        CUSTODY,
        start_year,
        "issues raised with custody staff or the force after a visit",
        [
            Column("category", "Category"),
            Column("raised", "Raised", "count"),
            Column("closed", "Closed", "count"),
            Column("open", "Open at 31 March", "count"),
            Column("median_days", "Median days to close", "count", summed=False),
        ],
    )
    raised = Q(raised_on__range=(first, last))
    closed = Q(closed_on__range=(first, last))
    still_open = Q(raised_on__lte=last) & (Q(closed_on__isnull=True) | Q(closed_on__gt=last))
    days = DaysBetween("raised_on", "closed_on")
    issues = VisitIssue.objects.filter(raised | closed | still_open).order_by()
    figures = {
        "raised": Count("pk", filter=raised),
        "closed": Count("pk", filter=closed),
        "open": Count("pk", filter=still_open),
        "median_days": Median(days, filter=closed),
    }
    by_category = {row["category"]: row for row in issues.values("category").annotate(**figures)}
    overall = issues.aggregate(median_days=Median(days, filter=closed))["median_days"]
    if not any(row["raised"] or row["closed"] for row in by_category.values()):
        table.notes.append(f"No issues were raised or closed in {table.period}.")
        return table
    for category in IssueCategory:
        row = by_category.get(category.value, {})
        table.rows.append(
            {
                "category": str(category.label),
                "raised": row.get("raised", 0),
                "closed": row.get("closed", 0),
                "open": row.get("open", 0),
                "median_days": median(row.get("median_days")),
            }
        )
    if overall is not None:
        table.notes.append(
            f"Median days from raising to closing, over every issue closed in {table.period}: "
            f"{median(overall)}."
        )
    return table


# --- appropriate adults --------------------------------------------------------------------------


def aa_summary(*, start_year: int) -> StatTable:
    """Requests, detainees supported, attendances, unfilled, response time and volunteers."""
    table = _table(
        "aa_summary",
        "Appropriate adult call-outs",
        "AA call-outs",
        AA,
        start_year,
        "call-outs requested in the year; volunteers at 31 March",
        [MEASURE, NUMBER, CHANGE],
        show_total=False,
    )
    prior_first, _ = year_range(start_year - 1)
    _, last = year_range(start_year)
    figures: dict = {}
    for year in (start_year, start_year - 1):
        span = Q(requested_on__range=year_range(year))
        done = span & Q(status=CallOutStatus.COMPLETED)
        figures |= {
            f"requests{year}": Count("pk", filter=span),
            f"supported{year}": Count("pk", filter=done),
            f"attendances{year}": Sum("attendances", filter=done, default=0),
            f"unfilled{year}": Count("pk", filter=span & Q(status=CallOutStatus.UNFILLED)),
            f"cancelled{year}": Count("pk", filter=span & Q(status=CallOutStatus.CANCELLED)),
            f"response{year}": Median("response_minutes", filter=span & Q(response_minutes__isnull=False)),
        }
    n = CallOut.objects.filter(requested_on__range=(prior_first, last)).aggregate(**figures)
    people = Volunteer.objects.filter(in_scheme(Scheme.AA)).aggregate(
        **{f"active{y}": Count("pk", filter=active_on(year_end(y))) for y in (start_year, start_year - 1)}
    )
    n |= people
    n[f"response{start_year}"] = median(n[f"response{start_year}"])
    n[f"response{start_year - 1}"] = median(n[f"response{start_year - 1}"])
    if not n[f"requests{start_year}"]:
        table.notes.append(f"No appropriate adult call-outs are recorded in {table.period}.")
        return table
    names = (
        ("requests", "Requests from custody"),
        ("supported", "Detainees supported (call-outs completed)"),
        ("attendances", "Attendances (visits to the suite)"),
        ("unfilled", "Unfilled requests"),
        ("cancelled", "Cancelled requests"),
        ("response", "Median response time in minutes"),
        ("active", "Active appropriate adults at 31 March"),
    )
    now, before = start_year, start_year - 1
    table.rows = measure_rows(
        (label, n[f"{key}{now}"], change(n[f"{key}{now}"], n[f"{key}{before}"])) for key, label in names
    )
    table.notes.append(
        "Response time: from the custody request to the appropriate adult's arrival. "
        "Active appropriate adults: appointed by 31 March and neither left nor suspended by then."
    )
    return table


def aa_unfilled(*, start_year: int) -> StatTable:
    """Requests no appropriate adult could take, by the reason recorded (they are never dropped)."""
    table = _table(
        "aa_unfilled",
        "Unfilled appropriate adult requests by reason",
        "Unfilled AA requests",
        AA,
        start_year,
        "call-outs requested in the year and left unfilled",
        [Column("reason", "Reason"), Column("requests", "Requests", "count")],
    )
    rows = (
        CallOut.objects.in_year(start_year)
        .filter(status=CallOutStatus.UNFILLED)
        .order_by()
        .values("unfilled_reason")
        .annotate(n=Count("pk"))
    )
    found = {row["unfilled_reason"]: row["n"] for row in rows}
    if not found:
        table.notes.append(f"No request was left unfilled in {table.period}.")
        return table
    table.rows = [{"reason": str(r.label), "requests": found.get(r.value, 0)} for r in UnfilledReason]
    if found.get(""):
        table.rows.append({"reason": "No reason recorded", "requests": found[""]})
        table.checks.append(f"{found['']} unfilled requests in {table.period} have no reason recorded.")
    return table


def record_years() -> set[int]:
    """Start years with visits or call-outs: the Reports page offers them."""
    return start_years(CustodyVisit.objects.all(), "visited_on") | start_years(
        CallOut.objects.all(), "requested_on"
    )
