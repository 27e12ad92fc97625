"""Demo data for the grants module, added by `manage.py seed_demo` (settings.DEMO_SEEDERS).

`seed(stdout=...)` runs after seed_demo has created the demo users. It adds the Helping Communities
Fund for 2022/23 and 2024/25 with the published allocation lines and project counts
(grants.demo.published). The 2022/23 projects are signed and paid in full; the 2024/25 ones are at
every later stage (agreement, payment, monitoring returns due, overdue and received, closed), and
2024/25 also has applications in every other status. Everything goes through grants.services acting as
"staff" (enters, pays, records monitoring), "assessor" (assesses) and "manager" (funds, decides).
A fund year that is already there is left alone: running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from django.db import transaction

from grants import services
from grants.models import Award, FundYear, Organisation
from opcc.core.models import fy_label

from .published import (
    ENVELOPE,
    PUBLISHED_HCF,
    Actors,
    DemoClock,
    DemoUsersMissing,
    Plan,
    PublishedYear,
    assess_application,
    authority_of,
    build_published_year,
    demo_actors,
    enter_application,
)

__all__ = [
    "ENVELOPE",
    "PUBLISHED_HCF",
    "Actors",
    "DemoClock",
    "DemoUsersMissing",
    "build_published_year",
    "demo_actors",
    "seed",
]

DAY = dt.timedelta(days=1)
# 2024/25 funded projects by how far they have gone, the most recently received last.
LATER_STAGES_2024 = (
    ("closed", 23),
    ("monitoring_due", 14),
    ("paid", 5),
    ("agreement_signed", 5),
    ("approved", 5),
)
# 2024/25 applications that were not funded: (status, line, amount requested).
OTHER_STATUSES_2024 = (
    ("draft", "Birmingham", 3200),
    ("draft", "Sandwell", 1800),
    ("submitted", "Coventry", 2500),
    ("submitted", "Dudley", 4000),
    ("eligibility_check", "Walsall", 2750),
    ("eligibility_check", "Birmingham", 5000),
    ("assessed", "Birmingham", 2400),
    ("assessed", "Wolverhampton", 1750),
    ("assessed", "Walsall", 1200),
    ("ineligible", "Sandwell", 3000),
    ("ineligible", "Birmingham", 12500),
    ("rejected", "Coventry", 6000),
    ("rejected", "Wolverhampton", 4500),
    ("returned", "Dudley", 3500),
    ("returned", "Birmingham", 2200),
    ("withdrawn", "Solihull", 1500),
    ("withdrawn", "Birmingham", 3000),
)


def seed(*, stdout) -> None:
    started = time.monotonic()
    actors = demo_actors()
    clock = DemoClock()
    with clock.running():
        for start_year in sorted(PUBLISHED_HCF):
            label = fy_label(start_year)
            exists = FundYear.objects.filter(fund__code="HCF", financial_year__start_year=start_year).exists()
            if exists:
                stdout.write(f"Helping Communities Fund {label}: already there, left as it is.")
                continue
            with transaction.atomic():
                built = build_published_year(start_year=start_year, actors=actors, clock=clock)
                if start_year == 2024:
                    _progress_2024(built, actors, clock)
                    others = _other_statuses_2024(built, actors, clock)
                else:
                    # Long finished; signed and paid in full (closing each one too would double the time).
                    for award in built.awards:
                        _take_to(award, "paid", actors, clock, overdue=True)
                    clock.at(built.fund_year.financial_year.end_date + DAY * 30)
                    services.fund_year_update(fund_year=built.fund_year, by=actors.manager, is_open=False)
                    others = 0
            stdout.write(
                f"Helping Communities Fund {label}: {len(built.awards)} funded projects on the published "
                f"lines and {others} other applications added."
            )
    stdout.write(f"Grants demo data ready in {time.monotonic() - started:.1f} s.")


def _progress_2024(built: PublishedYear, actors: Actors, clock: DemoClock) -> None:
    """Earlier applications are further along: closed first, the latest only just approved."""
    awards = iter(built.awards)
    for stage, count in LATER_STAGES_2024:
        for index in range(count):
            award = next(awards, None)
            if award is not None:
                _take_to(award, stage, actors, clock, overdue=index % 2 == 0, part_paid=index < 2)


def _take_to(award: Award, stage: str, actors: Actors, clock: DemoClock, *, overdue: bool, part_paid=False):
    """Agreement, payment in full, a monitoring return scheduled, received and the grant closed."""
    if stage == "approved":
        return
    application = award.application
    signed_on = award.offered_on + DAY * 10
    clock.at(signed_on)
    services.agreement_sign(application=application, by=actors.staff, signed_on=signed_on)
    paid_on = signed_on + DAY * 7
    clock.at(paid_on)
    amount = award.amount if stage != "agreement_signed" else (award.amount / 2).quantize(Decimal("0.01"))
    if stage != "agreement_signed" or part_paid:
        services.payment_record(
            application=application,
            by=actors.staff,
            amount=amount,
            paid_on=paid_on,
            finance_reference=f"FIN-{application.reference}-1",
        )
    if stage in ("agreement_signed", "paid"):
        return
    past_due = stage == "closed" or overdue  # a return received and closed was due in the past
    due_on = application.planned_end + DAY * 28 if past_due else clock.latest + DAY * 90
    item = services.monitoring_schedule(application=application, by=actors.staff, due_on=due_on)
    if stage == "monitoring_due":
        return
    received_on = due_on - DAY * 3
    clock.at(received_on)
    services.monitoring_receive(
        monitoring_return=item,
        by=actors.staff,
        received_on=received_on,
        beneficiaries_reached=application.beneficiaries_count + application.pk % 15,
        outcomes="Sessions ran as planned; partners report fewer incidents in the area during the project.",
        spend_confirmed=award.amount,
    )
    services.application_close(application=application, by=actors.staff)


def _other_statuses_2024(built: PublishedYear, actors: Actors, clock: DemoClock) -> int:
    """One or more 2024/25 applications in each status that a funded project never passes through."""
    fund_year = built.fund_year
    lines = {line.area.name: line for line in fund_year.lines.select_related("area")}
    no_policy = built.registry.organisation(
        "Sandwell",
        0,
        actors,
        name="Tividale Residents Group",
        org_type=Organisation.Type.COMMUNITY_GROUP,
        charity_number="",
        company_number="",
        safeguarding_policy_held=False,
    )
    start = dt.date(2025, 1, 6)
    withdrawn = 0
    for index, (status, line_name, requested) in enumerate(OTHER_STATUSES_2024):
        line = lines[line_name]
        organisation = (
            no_policy
            if (status, line_name) == ("ineligible", "Sandwell")
            else built.registry.next_for(authority_of(line.area), actors)
        )
        plan = Plan(line, organisation, Decimal(requested), None, start + DAY * (4 * index), index * 3)
        application = enter_application(plan, fund_year, actors, clock, built.registry)
        if status != "draft":
            services.application_submit(application=application, by=actors.staff)
        if status == "withdrawn":
            withdrawn += 1
            if withdrawn > 1:  # the second one is withdrawn during its eligibility check
                clock.at(plan.received + DAY * 14)
                services.application_start_check(application=application, by=actors.staff)
            services.application_withdraw(
                application=application,
                by=actors.staff,
                reason="The group found other funding for the project.",
            )
        elif status == "eligibility_check":
            clock.at(plan.received + DAY * 14)
            services.application_start_check(application=application, by=actors.staff)
        elif status in ("assessed", "ineligible", "rejected", "returned"):
            # Ineligible ones fail on the records: no safeguarding policy, or above the maximum award.
            assess_application(application, actors, clock, decline=status == "rejected")
            clock.at(plan.received + DAY * 28)
            if status == "rejected":
                services.application_reject(
                    application=application,
                    by=actors.manager,
                    reason="The project duplicates work already funded in the area this year.",
                )
            elif status == "returned":
                services.application_return(
                    application=application,
                    by=actors.manager,
                    missing="A copy of the group's constitution and a breakdown of the costs.",
                )
    return len(OTHER_STATUSES_2024)
