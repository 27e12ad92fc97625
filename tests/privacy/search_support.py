"""Rows for the search tests: one person (Jane Smith) in every source, and people who are not her."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import count

from django.db import models
from django.utils import timezone

from complaints.models import PanelMember
from engagement.models import Case, Category
from opcc.core.models import CustodySuite
from tests.complaints.factories import make_review
from tests.engagement.award_support import build_cohort, build_edition, build_member, build_nomination
from tests.grants.factories import ApplicationFactory, OrganisationFactory
from tests.volunteers.conftest import build_volunteer
from tests.volunteers.statistics_support import callout, visit

NUMBERS = count(1)
EMAIL = "jane.smith@example.org"
PHONE = "07700 900123"
POSTCODE = "B36 8AB"


@dataclass
class Person:
    """One record per source key, holding the same person."""

    records: dict[str, models.Model]


def _case(n: int, **fields) -> Case:
    today = timezone.localdate()
    values = {
        "reference": f"COR-S-{n:05d}",
        "received_at": timezone.make_aware(dt.datetime.combine(today, dt.time(10))),
        "received_on": today,
        "channel": "email",
        "category": Category.objects.get(name="General advice"),
        "subject": "Streetlights on the ring road",
        "correspondent_name": f"Pat Other{n}",
        "due_on": today + dt.timedelta(days=14),
        "status": "received",
    } | fields
    return Case.objects.create(**values)


def person_everywhere(
    *,
    first: str = "Jane",
    last: str = "Smith",
    email: str = EMAIL,
    phone: str = PHONE,
    postcode: str = POSTCODE,
) -> Person:
    """The same person in each of the ten sources (the records a SAR must find)."""
    n = next(NUMBERS)
    name = f"{first} {last}"
    suite = CustodySuite.objects.get(name="Perry Barr")
    today = timezone.localdate()
    organisation = OrganisationFactory(
        name=f"Kingstanding Allotments {n}", contact_name=name, contact_email=email, contact_phone=phone,
        postcode=postcode, charity_number=f"55{n:05d}",
    )  # fmt: skip
    application = ApplicationFactory(
        organisation=organisation, project_title=f"Allotment gardening for veterans {n}"
    )
    review = make_review(
        complainant_name=name, complainant_email=email, complainant_phone=phone, complainant_postcode=postcode,
        force_reference=f"PSD/SMITH/{n}",
    )  # fmt: skip
    member = PanelMember.objects.create(
        name=name, role="lqc", email=email, phone=phone, term_starts_on=dt.date(2020, 1, 1),
        term_ends_on=dt.date(2030, 1, 1), vetting_expires_on=dt.date(2030, 1, 1),
    )  # fmt: skip
    volunteer = build_volunteer(first_name=first, last_name=last, email=email, phone=phone, postcode=postcode)
    call = callout(suite, today, volunteer=volunteer, response=30)
    custody_visit = visit(suite, today)
    case = _case(
        n, correspondent_name=name, correspondent_email=email, correspondent_phone=phone,
        correspondent_address=f"1 Ring Road\nBirmingham\n{postcode}",
    )  # fmt: skip
    edition = build_edition(100 + n)
    nomination = build_nomination(
        edition, nominee_name=name, nominator_name="Sam Neighbour", nominator_contact=email
    )
    youth = build_member(build_cohort(f"Search cohort {n}"), name=name)
    return Person(
        records={
            "grants.organisation": organisation,
            "grants.application": application,
            "complaints.review": review,
            "complaints.panel_member": member,
            "volunteers.volunteer": volunteer,
            "volunteers.callout": call,
            "volunteers.visit": custody_visit,
            "engagement.case": case,
            "engagement.nomination": nomination,
            "engagement.youth_commissioner": youth,
        }
    )


def someone_else(n: int) -> None:
    """A different person in the people sources: never in Jane Smith's results."""
    first, last = f"Olu{n}", f"Adebayo{n}"
    name = f"{first} {last}"
    email, phone, code = f"olu{n}@example.net", f"0121 496 {n:04d}", "WS1 1AA"
    OrganisationFactory(
        name=f"Walsall Boxing {n}", contact_name=name, contact_email=email, contact_phone=phone, postcode=code
    )
    make_review(
        complainant_name=name, complainant_email=email, complainant_phone=phone, complainant_postcode=code
    )
    PanelMember.objects.create(
        name=name, role="ipm", email=email, phone=phone, term_starts_on=dt.date(2020, 1, 1),
        term_ends_on=dt.date(2030, 1, 1), vetting_expires_on=dt.date(2030, 1, 1),
    )  # fmt: skip
    build_volunteer(first_name=first, last_name=last, email=email, phone=phone, postcode=code, trained=False)
    _case(1000 + n, correspondent_name=name, correspondent_email=email, correspondent_phone=phone)


def keys(groups) -> set[str]:
    return {g.source for g in groups}


def found(groups) -> dict[str, set[int]]:
    return {g.source: {h.object_id for h in g.results} for g in groups}
