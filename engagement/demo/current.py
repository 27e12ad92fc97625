"""This year's correspondence still in hand, made through the services on the days it happened
(`DemoClock`), so the lists, clocks and dashboard panels have work: assigned to the demo user
"staff", one overdue, an FOI request due this week, a subject access request awaiting ID, an FOI
clarified and restarted, an MP's enquiry, and a letter not yet assigned."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from engagement import clock
from engagement.models import Case, Category
from engagement.services import case_assign, case_create, case_start, clock_restart, clock_stop
from engagement.services.common import closures
from opcc.core.demo import DEMO_REQUESTER, DemoClock

from .casework import _received_at


def _received_for_due(category: Category, today: dt.date, closed: frozenset[dt.date]) -> dt.date:
    """A day of receipt whose due date is the first one from today (today, or the next working day)."""
    candidates: dict[dt.date, dt.date] = {}
    for back in range(1, 45):
        day = today - dt.timedelta(days=back)
        due = clock.due_date(rule=category.rule, days=category.days, received_on=day, closures=closed)
        if today <= due <= today + dt.timedelta(days=6):
            candidates.setdefault(due, day)
    return candidates[min(candidates)] if candidates else today - dt.timedelta(days=27)


def seed(rng, today: dt.date, *, staff, assessor) -> list[Case]:
    categories = {c.name: c for c in Category.objects.all()}
    closed = closures()
    demo = DemoClock()
    made: list[Case] = []

    def log(name: str, day: dt.date, subject: str, channel: str = "email", **fields) -> Case:
        with demo.at(day).running():
            case = case_create(
                by=staff,
                received_at=_received_at(rng, day).replace(hour=8)
                if day < today
                else timezone.now() - dt.timedelta(hours=1),
                channel=channel,
                category=categories[name],
                subject=subject,
                correspondent_name=fields.pop("correspondent_name", "Pat Example"),
                **fields,
            )
        made.append(case)
        return case

    def assign(case: Case, day: dt.date, who=staff, *, start: bool = True) -> None:
        with demo.at(day).running():
            case_assign(case=case, by=staff, assignee=who)
            if start:
                case_start(case=case, by=staff)

    overdue_from = today - dt.timedelta(days=30)  # ten working days ran out about two weeks ago
    late = log("General advice", overdue_from, "Speeding on Hill Road", channel="letter")
    assign(late, overdue_from + dt.timedelta(days=1))
    foi_day = _received_for_due(categories["Freedom of information"], today, closed)
    foi = log("Freedom of information", foi_day, "Spending on police overtime", channel="web_form")
    assign(foi, foi_day + dt.timedelta(days=1))
    sar_day = today - dt.timedelta(days=12)
    person = DEMO_REQUESTER
    sar = log(
        "Subject access", sar_day, "Copy of my personal data", correspondent_name=person["name"],
        correspondent_email=person["email"], correspondent_phone=person["phone"],
        correspondent_address=f"{person['address']} {person['postcode']}",
    )  # fmt: skip
    assign(sar, sar_day)
    with demo.at(sar_day + dt.timedelta(days=1)).running():
        clock_stop(case=sar, by=staff, reason="id", started_on=sar_day + dt.timedelta(days=1))
    clarified_day = today - dt.timedelta(days=20)
    clarified = log("Freedom of information", clarified_day, "Number of officers per ward")
    assign(clarified, clarified_day + dt.timedelta(days=1))
    with demo.at(clarified_day + dt.timedelta(days=2)).running():
        clock_stop(
            case=clarified, by=staff, reason="clarification", started_on=clarified_day + dt.timedelta(days=2)
        )
    with demo.at(clarified_day + dt.timedelta(days=9)).running():
        clock_restart(case=clarified, by=staff, ended_on=clarified_day + dt.timedelta(days=9))
    mp = log("Anti-social behaviour", today - dt.timedelta(days=2), "Motorbikes on the estate",
             correspondent_name="Office of the local MP", representative="mp", on_behalf_of="A constituent")  # fmt: skip
    assign(mp, today - dt.timedelta(days=1), start=False)
    other = log("Requests for funding", today - dt.timedelta(days=5), "Funding for a boxing club")
    assign(other, today - dt.timedelta(days=4), assessor)
    log("Event invitation", today, "Invitation to a community iftar", channel="letter",
        correspondent_organisation="Aston Community Mosque")  # fmt: skip
    return made
