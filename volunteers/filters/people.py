"""The volunteer list's filters (GET, bookmarkable; the export reuses them).

Every option list is bounded (schemes, statuses, the policing areas of the reference data); a
volunteer is found by typed name (trigram index on the last name), never a select of every person.
"Expiring" and "expired" are the same reads the dashboard uses (`Volunteer.objects.expiring` /
`expired`), with the training each scheme requires added to "expired": a volunteer whose required
course has run out (or was never done) cannot be put on a visit or a call-out either.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from opcc.core import widgets as quick
from opcc.core.lists import contains, search_words, text_input
from opcc.core.models import PolicingArea
from volunteers.forms.people import ChoiceOfRows
from volunteers.models import Course, Scheme, TrainingRecord, Volunteer, VolunteerStatus

EXPIRY_DAYS = 60
MAX_SEARCH = 60


def _select() -> quick.Select:
    return quick.Select(attrs={"class": "govuk-!-width-full"})


def training_in_date(course: Course, day: dt.date) -> QuerySet[TrainingRecord]:
    """Completions of `course` that count on `day` (done by then, not yet expired)."""
    return TrainingRecord.objects.filter(
        volunteer=OuterRef("pk"), course=course, completed_on__lte=day
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))


def training_lapsed_q(day: dt.date, courses: list[Course] | None = None) -> Q:
    """Volunteers missing an in-date completion of a course their scheme requires (one EXISTS a course)."""
    lapsed = Q(pk__in=[])
    for course in courses if courses is not None else Course.objects.filter(active=True):
        schemes = [s for s in (Scheme.ICV, Scheme.AA) if course.required_for(frozenset({s}))]
        if schemes:
            in_scheme = Q(scheme__in=[*schemes, Scheme.BOTH])
            lapsed |= in_scheme & Q(~Exists(training_in_date(course, day)))
    return lapsed


def expired(queryset: QuerySet[Volunteer], day: dt.date) -> QuerySet[Volunteer]:
    """Active volunteers who cannot act on `day` because a check ran out: vetting, accreditation
    (`Volunteer.objects.expired`) or a required course."""
    return queryset.filter(
        Q(pk__in=Volunteer.objects.expired(on=day).values("pk"))
        | (Q(status=VolunteerStatus.ACTIVE) & training_lapsed_q(day))
    )


def expiring(queryset: QuerySet[Volunteer], day: dt.date) -> QuerySet[Volunteer]:
    return queryset.filter(pk__in=Volunteer.objects.expiring(on=day, within_days=EXPIRY_DAYS).values("pk"))


def name_search(queryset: QuerySet[Volunteer], text: str) -> QuerySet[Volunteer]:
    """Words of the name: at least one in the last name (trigram index), each in either name."""
    words = search_words(" ".join(text.split())[:MAX_SEARCH])
    if not words:
        return queryset.none() if text.strip() else queryset
    indexed, each = Q(), Q()
    for word in words:
        indexed |= contains("last_name", word)
        each &= contains("last_name", word) | contains("first_name", word)
    return queryset.filter(indexed).filter(each)


class RowFilter(django_filters.ModelChoiceFilter):
    field_class = ChoiceOfRows


class VolunteerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Name",
        method="search",
        help_text="Part of the volunteer's name: at least 3 letters of their last name.",
        widget=text_input(20),
    )
    scheme = django_filters.ChoiceFilter(
        label="Scheme",
        choices=[
            (Scheme.ICV, "Custody visitors (with both schemes)"),
            (Scheme.AA, "Appropriate adults (with both schemes)"),
            (Scheme.BOTH, "Both schemes only"),
        ],
        method="by_scheme",
        empty_label="Both schemes",
        widget=_select(),
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=VolunteerStatus.choices, empty_label="All statuses", widget=_select()
    )
    checks = django_filters.ChoiceFilter(
        label="Vetting, training and accreditation",
        choices=[
            ("expiring", f"Expiring within {EXPIRY_DAYS} days"),
            ("expired", "Expired (cannot act)"),
        ],
        method="by_checks",
        empty_label="Any",
        widget=_select(),
    )
    area = RowFilter(
        label="Area",
        queryset=PolicingArea.objects.all(),
        empty_label="All areas",
        widget=_select(),
    )
    team = django_filters.CharFilter(
        label="Team",
        method="by_team",
        help_text="The start of the team's name.",
        widget=text_input(10),
    )

    class Meta:
        model = Volunteer
        fields: list[str] = []

    def search(self, queryset, name, value):
        return name_search(queryset, value or "")

    def by_scheme(self, queryset, name, value):
        if value == Scheme.BOTH:
            return queryset.filter(scheme=Scheme.BOTH)
        return queryset.in_scheme(value) if value else queryset

    def by_checks(self, queryset, name, value):
        today = timezone.localdate()
        if value == "expired":
            return expired(queryset, today)
        if value == "expiring":
            return expiring(queryset, today)
        return queryset

    def by_team(self, queryset, name, value):
        text = " ".join((value or "").split())[:100]
        return queryset.filter(team__istartswith=text) if text else queryset
