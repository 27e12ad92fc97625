"""Helping Communities Fund figures for the annual report pack (opcc.reports, REPORT_SECTIONS).

Pure reads: every function takes the financial year's start year and returns an
`opcc.core.statistics.StatTable`. Sums and counts are done by the database in grouped queries over the
reported year's rows only (filtered aggregates, no subquery per line), so each function runs the
same few queries however many applications there are, and reads one year however many are stored.
Awards and payments carry their application's fund year (`fund_year_id`, migration 0006) so that
they too are read by the year's index, never hash-joined against every year's rows.
A year with no Helping Communities Fund year recorded gives a table with no rows, which the pack
reads as "no data" (it then leaves out the previous-year comparison).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    F,
    FilteredRelation,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from grants.models import MONEY, ZERO, AllocationLine, Application, Award, FundYear, Payment, Status, TopUp
from opcc.core.models import PolicingArea, fy_label
from opcc.core.money import format_gbp
from opcc.core.statistics import Column, StatTable, identical_rows

HCF_CODE = "HCF"
TOPIC = "community_grants"
FUNDED = Q(withdrawn_on__isnull=True)

# Application statuses grouped as the annual report counts them (withdrawn awards count as withdrawn).
APPROVED_STATUSES = (
    Status.APPROVED,
    Status.AGREEMENT_SIGNED,
    Status.PAID,
    Status.MONITORING_DUE,
    Status.CLOSED,
)
IN_PROGRESS_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.ELIGIBILITY_CHECK, Status.ASSESSED)
STATUS_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("approved", "Approved", APPROVED_STATUSES),
    ("rejected", "Rejected", (Status.REJECTED,)),
    ("ineligible", "Ineligible", (Status.INELIGIBLE,)),
    ("returned", "Returned for more information", (Status.RETURNED,)),
    ("withdrawn", "Withdrawn", (Status.WITHDRAWN,)),
    ("in_progress", "In progress", IN_PROGRESS_STATUSES),
)


def gbp(value) -> str:
    return format_gbp(value)


def _money(expression) -> Coalesce:
    return Coalesce(
        expression,
        Value(ZERO),
        output_field=DecimalField(max_digits=MONEY["max_digits"], decimal_places=MONEY["decimal_places"]),
    )


def _budget(fund_year: FundYear) -> tuple[Decimal, Decimal]:
    """(top-ups, envelope plus top-ups) as annotated by FundYear.objects.with_budget()."""
    return fund_year.top_ups_total, fund_year.budget  # type: ignore[attr-defined]


def hcf_fund_year(start_year: int) -> FundYear | None:
    """The Helping Communities Fund year with `top_ups_total` and `budget` annotated (one query)."""
    return (
        FundYear.objects.with_budget()
        .select_related("fund", "financial_year")
        .filter(fund__code=HCF_CODE, financial_year__start_year=start_year)
        .first()
    )


def _empty(table: StatTable, start_year: int) -> StatTable:
    table.notes.append(f"No Helping Communities Fund year is recorded for {fy_label(start_year)}.")
    return table


# --- HCF allocations table -------------------------------------------------------------------


def _lines_with_figures(fund_year: FundYear) -> list[dict]:
    """Each line with its projects, committed and paid money, in the published order.

    Two grouped queries over the year's rows only, never a subquery per line: the lines with their
    applications' awards (each joined on its own `fund_year_id` as well, so only the year's rows
    are read, by index), and the year's payments grouped by line.
    """
    award = "year_award__"
    lines = list(
        AllocationLine.objects.filter(fund_year=fund_year)
        .annotate(year_applications=_of_year("applications", fund_year))
        .annotate(year_award=_of_year("year_applications__award", fund_year))
        .annotate(
            projects=Count(f"{award}pk", filter=Q(**{f"{award}withdrawn_on__isnull": True})),
            approved=_money(
                Sum(F(f"{award}amount") - F(f"{award}released_amount") - F(f"{award}recovered_amount"))
            ),
        )
        .order_by("area__sort_order", "area__name", "pk")
        .values("pk", "area__name", "area__kind", "amount", "projects", "approved")
    )
    paid = dict(
        _payments_of(fund_year)
        .values("award__application__allocation_line")
        .annotate(s=Sum("amount"))
        .values_list("award__application__allocation_line", "s")
        .order_by()
    )
    for line in lines:
        line["paid"] = paid.get(line["pk"], ZERO)
    return lines


def _of_year(relation: str, fund_year: FundYear) -> FilteredRelation:
    """A join that also matches the joined rows' own year, so the planner reads only that year, by index."""
    return FilteredRelation(relation, condition=Q(**{f"{relation}__fund_year": fund_year}))


def _payments_of(fund_year: FundYear):
    """The year's payments; the award and application they join are filtered to the year too, so
    every table is read by its year index (not hash-joined against every year's rows)."""
    return Payment.objects.filter(
        fund_year=fund_year, award__fund_year=fund_year, award__application__fund_year=fund_year
    )


def _area_title(kinds: set[str]) -> str:
    """The first column is headed by the kind of area that year (LPAs from 2024/25, NPUs before)."""
    for kind in (PolicingArea.Kind.LPA, PolicingArea.Kind.NPU):
        if kind in kinds:
            return str(kind.label)
    return "Area or pot"


def _overpaid_awards(fund_year: FundYear) -> list[str]:
    """Awards whose payments add up to more than the award (only imported or legacy data can).

    The year's payments grouped by award (integers, no text to sort), then the references of the
    few found, if any: one query, or two when there is something to report.
    """
    overpaid = {
        award: (amount, paid)
        for award, amount, paid in Payment.objects.filter(fund_year=fund_year, award__fund_year=fund_year)
        .values("award")
        .annotate(paid=Sum("amount"))
        .filter(paid__gt=F("award__amount"))
        .values_list("award", "award__amount", "paid")
        .order_by()
    }
    if not overpaid:
        return []
    references = (
        Award.objects.filter(pk__in=overpaid, fund_year=fund_year, application__fund_year=fund_year)
        .order_by("application__reference")
        .values_list("pk", "application__reference")
    )
    return [
        f"{reference}: {gbp(paid)} paid against an award of {gbp(amount)} ({gbp(paid - amount)} too much)."
        for award, reference in references
        for amount, paid in [overpaid[award]]
    ]


def hcf_allocations(*, start_year: int) -> StatTable:
    """One row per allocation line (areas, then pots), as the annual reports print the table."""
    table = StatTable(
        key="grants.hcf_allocations",
        title="Helping Communities Fund allocations",
        short_title="HCF allocations",
        topic=TOPIC,
        period=fy_label(start_year),
        count_basis="projects funded: awards charged to the line and not withdrawn",
        columns=[],
    )
    fund_year = hcf_fund_year(start_year)
    lines = _lines_with_figures(fund_year) if fund_year is not None else []
    table.columns = [
        Column("area", _area_title({line["area__kind"] for line in lines})),
        Column("allocation", "Allocation", "money"),
        Column("projects", "Number of projects", "count"),
        Column("approved", "Approved", "money"),
        Column("paid", "Paid", "money"),
    ]
    if fund_year is None:
        return _empty(table, start_year)
    for line in lines:
        pot_without_projects = (
            line["area__kind"] == PolicingArea.Kind.ALLOCATION_LINE and not line["projects"]
        )
        table.rows.append(
            {
                "area": line["area__name"],
                "allocation": line["amount"],
                "projects": None if pot_without_projects else line["projects"],
                "approved": line["approved"],
                "paid": line["paid"],
            }
        )
    top_ups = list(TopUp.objects.filter(fund_year=fund_year).order_by("date", "pk"))
    table.notes.extend(_budget_notes(fund_year, top_ups))
    table.checks.extend(_allocation_checks(table, fund_year))
    table.checks.extend(_overpaid_awards(fund_year))
    return table


def _budget_notes(fund_year: FundYear, top_ups: list[TopUp]) -> list[str]:
    notes = [
        f"{fund_year.fund.name} {fund_year.financial_year}: envelope of up to {gbp(fund_year.envelope)}."
    ]
    for top_up in top_ups:
        reference = f" (decision {top_up.decision_reference})" if top_up.decision_reference else ""
        notes.append(f"Top-up of {gbp(top_up.amount)} on {top_up.date:%d/%m/%Y}{reference}: {top_up.reason}")
    if top_ups:
        notes.append(f"Budget: {gbp(_budget(fund_year)[1])} (envelope plus top-ups).")
    return notes


def _allocation_checks(table: StatTable, fund_year: FundYear) -> list[str]:
    checks = []
    allocated = sum((row["allocation"] for row in table.rows), ZERO)
    top_ups, budget = _budget(fund_year)
    if allocated > budget:
        checks.append(
            f"Allocation lines total {gbp(allocated)}, {gbp(allocated - budget)} above the "
            f"envelope of {gbp(fund_year.envelope)} plus top-ups of {gbp(top_ups)}."
        )
    checks.extend(identical_rows(table, ignore=("approved", "paid")))
    for row in table.rows:
        if row["approved"] > row["allocation"]:
            checks.append(
                f"{row['area']}: awards of {gbp(row['approved'])} are above its allocation of "
                f"{gbp(row['allocation'])} ({gbp(row['approved'] - row['allocation'])} over)."
            )
    return checks


# --- Fund headline ---------------------------------------------------------------------------


def fund_headline(*, start_year: int) -> StatTable:
    """Envelope, top-ups, budget, lines, projects funded, money awarded and paid (four queries)."""
    table = StatTable(
        key="grants.fund_headline",
        title="Helping Communities Fund headline",
        short_title="HCF headline",
        topic=TOPIC,
        period=fy_label(start_year),
        count_basis="projects funded: awards not withdrawn",
        columns=[
            Column("measure", "Measure"),
            Column("detail", "Detail"),
            Column("amount", "Amount", "money"),
            Column("count", "Number", "count"),
        ],
        show_total=False,
    )
    fund_year = hcf_fund_year(start_year)
    if fund_year is None:
        return _empty(table, start_year)
    lines = AllocationLine.objects.filter(fund_year=fund_year).aggregate(
        n=Count("pk"), total=_money(Sum("amount"))
    )
    top_ups = TopUp.objects.filter(fund_year=fund_year).aggregate(n=Count("pk"))
    awards = Award.objects.filter(fund_year=fund_year).aggregate(
        projects=Count("pk", filter=FUNDED), committed=_money(Sum(Award.objects.committed_expression()))
    )
    paid = Payment.objects.filter(fund_year=fund_year).aggregate(s=_money(Sum("amount")))
    fund = fund_year.fund
    top_ups_total, budget = _budget(fund_year)
    # Each row says what it is, which also keeps rows with equal amounts from looking copied.
    table.rows = [
        {"measure": "Fund", "detail": f"{fund.name} ({fund.get_source_display()})"},
        {"measure": "Envelope", "detail": "The 'up to' amount for the year", "amount": fund_year.envelope},
        {
            "measure": "Top-ups",
            "detail": "Money added during the year",
            "amount": top_ups_total,
            "count": top_ups["n"],
        },
        {"measure": "Budget", "detail": "Envelope plus top-ups", "amount": budget},
        {
            "measure": "Allocated",
            "detail": "Shared between the areas and pots",
            "amount": lines["total"],
            "count": lines["n"],
        },
        {"measure": "Projects funded", "detail": "Awards not withdrawn", "count": awards["projects"]},
        {"measure": "Amount awarded", "detail": "What the awards commit", "amount": awards["committed"]},
        {"measure": "Amount paid", "detail": "Payments made", "amount": paid["s"]},
    ]
    table.notes.append(
        "Amount awarded is what awards still commit: a withdrawn award keeps only what stays paid."
    )
    return table


# --- Applications received, approved, rejected -----------------------------------------------


def applications_summary(*, start_year: int) -> StatTable:
    """Applications to the year's fund by outcome, with the money requested and awarded (two queries)."""
    table = StatTable(
        key="grants.applications_summary",
        title="Helping Communities Fund applications",
        short_title="HCF applications",
        topic=TOPIC,
        period=fy_label(start_year),
        count_basis="applications to the fund year",
        columns=[
            Column("outcome", "Applications"),
            Column("statuses", "Statuses counted"),
            Column("applications", "Number", "count"),
            Column("requested", "Amount requested", "money"),
            Column("awarded", "Amount awarded", "money"),
        ],
        show_total=False,
    )
    fund_year = hcf_fund_year(start_year)
    if fund_year is None:
        return _empty(table, start_year)
    by_status = _applications_by_status(fund_year)
    groups = [("all", "Received", "All", tuple(by_status))]
    groups += [(key, label, _status_labels(statuses), statuses) for key, label, statuses in STATUS_GROUPS]
    for key, label, counted, statuses in groups:
        rows = [by_status[status] for status in statuses if status in by_status]
        row = {
            "outcome": label,
            "statuses": counted,
            "applications": sum(r["n"] for r in rows),
            "requested": sum((r["requested"] for r in rows), ZERO),
        }
        if key == "approved":
            row["awarded"] = sum((r["awarded"] or ZERO for r in rows), ZERO)
        table.rows.append(row)
    table.notes.append(
        f"Every application to {fund_year}, by where it stands now; the outcomes add up to those received."
    )
    return table


def _status_labels(statuses: tuple[str, ...]) -> str:
    return ", ".join(str(Status(status).label) for status in statuses)


def _applications_by_status(fund_year: FundYear) -> dict[str, dict]:
    """Count, money requested and money awarded per status: one grouped query over the year's
    applications and (joined on their own year, by index) its awards; the groups are added up here."""
    rows = (
        Application.objects.filter(fund_year=fund_year)
        .annotate(year_award=_of_year("award", fund_year))
        .values("status")
        .annotate(n=Count("pk"), requested=Sum("amount_requested"), awarded=Sum("year_award__amount"))
        .order_by()
    )
    return {row["status"]: row for row in rows}


__all__ = ["applications_summary", "fund_headline", "hcf_allocations", "hcf_fund_year"]
