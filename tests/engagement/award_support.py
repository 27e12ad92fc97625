"""Awards and Youth Commissioner rows for tests, the route matrix, the every-page sweep and the admin
sweep, built with direct ORM writes (the services' paths are tested in test_award_* / test_youth_*).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from engagement.models import (
    AwardCategory,
    AwardEdition,
    Nomination,
    YouthActivity,
    YouthCohort,
    YouthCommissioner,
)
from opcc.core.models import PolicingArea

ROUTES_EDITION = 90
ROUTES_COHORT = "Route matrix cohort"


def area(index: int = 0) -> PolicingArea:
    return PolicingArea.objects.order_by("sort_order", "pk")[index]


def build_edition(number: int = 7, *, categories: list[str] | None = None, **fields) -> AwardEdition:
    today = timezone.localdate()
    values = {
        "nominations_open_on": today - dt.timedelta(days=120),
        "nominations_close_on": today - dt.timedelta(days=30),
        "ceremony_on": today - dt.timedelta(days=10),
    } | fields
    edition = AwardEdition.objects.create(number=number, **values)
    chosen = AwardCategory.objects.filter(name__in=categories) if categories else AwardCategory.objects.all()
    edition.categories.set(chosen)
    return edition


def build_nomination(
    edition: AwardEdition, category: str = "Outstanding Citizen", *, status: str = "received", **fields
) -> Nomination:
    cat = AwardCategory.objects.get(name=category)
    values = {
        "nominee_name": "Jordan Ellis",
        "nominator_name": "Pat Example",
        "nominator_contact": "pat@example.com",
        "citation": "Ran the youth club for ten years.",
        "young_person": cat.for_young_people,
        "publicity_consent": True,
        "received_on": edition.nominations_open_on + dt.timedelta(days=5),
        "area": area(),
    } | fields
    return Nomination.objects.create(edition=edition, category=cat, status=status, **values)


def nomination_for_routes(status: str) -> Nomination:
    """A nomination in `status` in the routes' edition (the one winner there is the winner's)."""
    edition = AwardEdition.objects.filter(number=ROUTES_EDITION).first() or build_edition(ROUTES_EDITION)
    found = edition.nominations.filter(status=status).order_by("pk").first()
    return found or build_nomination(
        edition, status=status, nominee_name=f"Route {status}", decision_note="Panel's note"
    )


def build_cohort(name: str = "2019/20 Youth Commissioners", **fields) -> YouthCohort:
    today = timezone.localdate()
    values = {
        "elected_on": today - dt.timedelta(days=200),
        "term_starts_on": today - dt.timedelta(days=180),
        "term_ends_on": today + dt.timedelta(days=180),
        "votes_cast": 4_210,
    } | fields
    return YouthCohort.objects.create(name=name, **values)


def build_member(cohort: YouthCohort, name: str = "Aisha Khan", **fields) -> YouthCommissioner:
    values = {"area": area(), "age_band": "15-16"} | fields
    return YouthCommissioner.objects.create(cohort=cohort, name=name, **values)


def build_activity(cohort: YouthCohort, **fields) -> YouthActivity:
    values = {
        "kind": "survey",
        "title": "Knife crime survey",
        "date": cohort.term_starts_on + dt.timedelta(days=30),
        "responses": 1_204,
    } | fields
    return YouthActivity.objects.create(cohort=cohort, **values)


def cohort_for_routes() -> YouthCohort:
    """A cohort with one elected member and one survey."""
    cohort = YouthCohort.objects.filter(name=ROUTES_COHORT).first()
    if cohort is None:
        cohort = build_cohort(ROUTES_COHORT)
        build_member(cohort, "Route Member")
        build_activity(cohort)
    return cohort


def for_admin() -> None:
    """One row of each awards and Youth Commissioner model the admin lists."""
    nomination_for_routes("winner")
    cohort_for_routes()
