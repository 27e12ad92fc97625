"""The Helping Communities Fund years as the annual reports publish them, built through the services.

`build_published_year` creates the fund year with its "up to £400,000" envelope, a top-up recording
how far the published lines exceed it, the published allocation lines (domain.md §1b) and, on each
line, as many approved projects as the published table counts, with awards that stay within the
line. The seeder (grants.demo) and the golden-table test both use it.

The services date decisions "today". To give the records a believable history, each step runs on a
simulated day of the fund year (`DemoClock`, which changes what `timezone.localdate()` and
`timezone.now()` return while it runs, and never goes past the real today); every rule of the
services still applies, and the audit history (django-simple-history dates its rows with
`timezone.now()`), timestamps and status times say when each step happened: entered on the day
received, assessed, decided and paid on their own days.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model

from grants import services
from grants.demo.catalogue import GROUP_KINDS, PLACES, POSTCODES, PROJECTS, STREETS
from grants.models import Assessment, Award, Fund, FundYear, Organisation, Theme
from opcc.core.demo import DemoClock, DemoUsersMissing
from opcc.core.models import FinancialYear, LocalAuthority, PolicingArea
from opcc.core.money import format_gbp

ENVELOPE = Decimal("400000")  # "fund up to £400,000" in both reports
MAX_AWARD = Decimal("10000")  # invented: the reports do not publish a maximum award
# (line, allocation in £, number of projects or None): as laid out in the published tables.
PUBLISHED_HCF: dict[int, tuple[tuple[str, int, int | None], ...]] = {
    2022: (
        ("Birmingham East", 82587, 23),
        ("Birmingham West", 86566, 26),
        ("Pan Birmingham (East & West)", 41395, 9),
        ("Coventry", 31743, 8),
        ("Dudley", 48590, 10),
        ("Sandwell", 29806, 6),
        ("Solihull", 35155, 9),
        ("Walsall", 37480, 8),
        ("Wolverhampton", 82587, 23),
    ),
    2024: (
        ("Birmingham", 101762, 21),
        ("Coventry", 28854, 6),
        ("Dudley", 28854, 4),
        ("Sandwell", 21870, 5),
        ("Solihull", 6400, 2),
        ("Walsall", 29980, 6),
        ("Wolverhampton", 36130, 8),
        ("LPA Reserve", 91568, None),
        ("Community Response Fund", 40000, None),
        ("Street Watch", 30000, None),
    ),
}
# Share of each line awarded: 2022/23 is long closed; 2024/25 leaves room for decisions to come.
FILL = {2022: Decimal("0.99"), 2024: Decimal("0.90")}
CONDITIONS = (
    "Spend the grant only on the project described; return any money not spent; send a monitoring "
    "return with the numbers reached and the outcomes; acknowledge the Police and Crime Commissioner."
)


@dataclass(frozen=True)
class Actors:
    staff: object
    assessor: object
    manager: object


def demo_actors() -> Actors:
    """The demo users that seed_demo creates first; a clear error if they are not there."""
    names = ("staff", "assessor", "manager")
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    missing = [n for n in names if n not in users]
    if missing:
        raise DemoUsersMissing(
            f"The demo users {', '.join(missing)} do not exist: run `manage.py seed_demo`, which "
            "creates the demo users before the grants demo data."
        )
    return Actors(**users)


@dataclass
class Registry:
    """Organisations by name and how many each local authority has handed out this year."""

    by_name: dict[str, Organisation]
    authorities: dict[str, LocalAuthority]
    themes: dict[str, Theme]
    used: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Registry:
        return cls(
            by_name={o.name: o for o in Organisation.objects.all()},
            authorities={a.name: a for a in LocalAuthority.objects.all()},
            themes={t.name: t for t in Theme.objects.all()},
        )

    def next_for(self, authority: str, actors: Actors) -> Organisation:
        index = self.used.get(authority, 0)
        self.used[authority] = index + 1
        return self.organisation(authority, index, actors)

    def organisation(self, authority: str, index: int, actors: Actors, **overrides) -> Organisation:
        places = PLACES[authority]
        place = places[index % len(places)]
        kind_name, org_type, numbers = GROUP_KINDS[(index // len(places) + index) % len(GROUP_KINDS)]
        name = overrides.pop("name", kind_name.format(place=place))
        if name in self.by_name:
            return self.by_name[name]
        serial = len(self.by_name) + 1
        outward = POSTCODES[authority][index % len(POSTCODES[authority])]
        fields = {
            "name": name,
            "org_type": org_type,
            "charity_number": str(1100000 + serial * 137) if "charity" in numbers else "",
            "company_number": (
                f"{4000000 + serial * 211:08d}"
                if "charitable_company" in numbers
                else f"{12000000 + serial * 1013:08d}"
                if "company" in numbers
                else ""
            ),
            "address": f"{10 + serial % 80} {STREETS[serial % len(STREETS)]}, {place}",
            "postcode": f"{outward} {serial % 9 + 1}{'ABDEFGHJLNPQRSTUWXYZ'[serial % 20]}{'ABDEFGHJLNPQRSTUWXYZ'[serial * 7 % 20]}",
            "contact_name": f"{('Amira', 'Tom', 'Priya', 'Delroy', 'Siobhan', 'Kamal')[serial % 6]} "
            f"{('Hussain', 'Walker', 'Kaur', 'Campbell', 'Byrne', 'Begum')[serial * 5 % 6]}",
            "contact_email": f"hello{serial}@example.org",
            "contact_phone": f"0121 496 0{serial % 1000:03d}",
            "safeguarding_policy_held": True,
            **overrides,
        }
        organisation = services.organisation_save(
            by=actors.staff, areas_served=[self.authorities[authority]], **fields
        )
        self.by_name[name] = organisation
        return organisation


def authority_of(area: PolicingArea) -> str:
    """The local authority whose groups a line's projects go to (every area line has one)."""
    if area.local_authority is None:
        raise ValueError(f"{area} has no local authority, so it has no local groups to fund.")
    return area.local_authority.name


def _split(total: Decimal, count: int, rng: random.Random) -> list[Decimal]:
    """`count` awards adding up to no more than `total`, in whole £10s, none above the maximum."""
    if count == 0:
        return []
    weights = [rng.uniform(0.6, 1.4) for _ in range(count)]
    scale = total / Decimal(str(sum(weights)))
    return [
        min(MAX_AWARD, (Decimal(str(w)) * scale / 10).to_integral_value(rounding="ROUND_FLOOR") * 10)
        for w in weights
    ]


@dataclass
class Plan:
    """One application to enter: where it is charged, who asks, for how much, and when."""

    line: object
    organisation: Organisation
    requested: Decimal
    award: Decimal | None
    received: dt.date
    project: int


def enter_application(plan: Plan, fund_year: FundYear, actors: Actors, clock: DemoClock, registry: Registry):
    title, themes, summary, who, rationale = PROJECTS[plan.project % len(PROJECTS)]
    place = plan.organisation.address.rsplit(", ", 1)[-1]
    start = plan.received + dt.timedelta(days=49)
    clock.at(plan.received)
    return services.application_create(
        by=actors.staff,
        fund_year=fund_year,
        themes=[registry.themes[t] for t in themes],
        organisation=plan.organisation,
        allocation_line=plan.line,
        project_title=f"{title} in {place}",
        summary=summary,
        amount_requested=plan.requested,
        beneficiaries=who,
        beneficiaries_count=20 + plan.project * 7 % 180,
        planned_start=start,
        planned_end=start + dt.timedelta(days=182),
        received_on=plan.received,
        crime_reduction_rationale=rationale,
    )


def assess_application(
    application, actors: Actors, clock: DemoClock, *, award=None, eligible=True, decline=False
):
    clock.at(application.received_on + dt.timedelta(days=14))
    services.application_start_check(application=application, by=actors.staff)
    if decline:
        recommendation = Assessment.Recommendation.DECLINE
    elif award is not None and award < application.amount_requested:
        recommendation = Assessment.Recommendation.FUND_IN_PART
    else:
        recommendation = Assessment.Recommendation.FUND_IN_FULL
    return services.application_assess(
        application=application,
        by=actors.assessor,
        in_area=True,
        constituted=eligible,
        plan_aligned=True,
        recommendation=recommendation,
        recommended_amount=award,
        reasons="Checked against the fund criteria and the Police and Crime Plan priorities.",
        no_conflict_confirmed=True,
    )


@dataclass
class PublishedYear:
    fund_year: FundYear
    awards: list[Award]  # in the order the applications were received
    registry: Registry


def _top_up_reason(total: Decimal) -> str:
    return (
        f"Recorded so the published allocations ({format_gbp(total)}) fit the budget: the published "
        f"table exceeds the 'up to {format_gbp(ENVELOPE)}' envelope by {format_gbp(total - ENVELOPE)}."
    )


def _plans(fund_year, published, areas, registry: Registry, actors: Actors, rng) -> list[Plan]:
    """Each line's projects, interleaved across lines so that every line is funded all year."""
    start_year = fund_year.financial_year.start_year
    ranked: list[tuple[float, Plan]] = []
    for name, amount, projects in published:
        line = services.allocation_line_set(
            fund_year=fund_year, area=areas[name], amount=amount, by=actors.manager
        )
        awards = _split(Decimal(amount) * FILL[start_year], projects or 0, rng)
        for index, award in enumerate(awards):
            in_part = index % 4 == 3
            requested = min(MAX_AWARD, award + (Decimal(rng.randrange(25, 100) * 10) if in_part else 0))
            organisation = registry.next_for(authority_of(areas[name]), actors)
            plan = Plan(
                line, organisation, requested, award, fund_year.financial_year.start_date, rng.randrange(1000)
            )
            ranked.append(((index + 0.5) / len(awards), plan))
    ranked.sort(key=lambda item: item[0])
    return [plan for _, plan in ranked]


def build_published_year(*, start_year: int, actors: Actors, clock: DemoClock) -> PublishedYear:
    """The fund year, its top-up, the published lines and their projects, approved (not yet paid)."""
    published = PUBLISHED_HCF[start_year]
    year = FinancialYear.objects.get(start_year=start_year)
    clock.at(year.start_date)
    fund_year = services.fund_year_create(
        fund=Fund.objects.get(code="HCF"),
        financial_year=year,
        envelope=ENVELOPE,
        max_award=MAX_AWARD,
        by=actors.manager,
    )
    total = sum((Decimal(amount) for _, amount, _ in published), Decimal(0))
    if total > ENVELOPE:
        services.top_up_add(
            fund_year=fund_year,
            amount=total - ENVELOPE,
            date=year.start_date,
            reason=_top_up_reason(total),
            by=actors.manager,
        )
    areas = {a.name: a for a in PolicingArea.objects.valid_in(start_year).select_related("local_authority")}
    registry = Registry.load()
    plans = _plans(fund_year, published, areas, registry, actors, random.Random(start_year))  # noqa: S311 (repeatable demo amounts)
    awards = []
    for position, plan in enumerate(plans):
        plan.received = year.start_date + dt.timedelta(days=9 + position * 240 // len(plans))
        application = enter_application(plan, fund_year, actors, clock, registry)
        services.application_submit(application=application, by=actors.staff)
        assess_application(application, actors, clock, award=plan.award)
        clock.at(plan.received + dt.timedelta(days=28))
        awards.append(
            services.application_approve(
                application=application,
                by=actors.manager,
                amount=plan.award,
                conditions=CONDITIONS,
            )
        )
    return PublishedYear(fund_year=fund_year, awards=awards, registry=registry)
