"""The complaint reviews list's filters (GET, bookmarkable; the exports reuse them).

Every option list is bounded (statuses, results, the subject vocabulary, the few Reviews managers);
the search uses the model's indexes: a reference or the force's reference by its start (prefix
indexes on UPPER), words of the complainant's name by trigram.

"Due" and "overdue" follow the clock a row shows (`complaints.clock.clock_for`): acknowledge-by
while an application waits to be acknowledged, decide-by after that until the decision. So the
rows the overdue filter keeps are exactly the rows with a red tag.
"""

from __future__ import annotations

import datetime as dt
import re

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from complaints import clock
from complaints.models import Recommendation, Result, Review, Status, SubjectCategory
from complaints.services import reviewers
from opcc.core import widgets as quick
from opcc.core.filters import UKDateFilter
from opcc.core.lists import contains, looks_like, search_words, text_input

# "CR-2025-0012", "cr-2025", "CR-": an office reference or the start of one.
REFERENCE = r"CR-(\d{1,4}(-\d*)?)?"
MAX_SEARCH = 60
# The clock that runs after acknowledgement (decide-by) and the one before it (acknowledge-by).
DECIDE_CLOCK = (Status.ACKNOWLEDGED, Status.UNDER_REVIEW, Status.AWAITING_FORCE)
MAX_DUE_DAYS = 250


def _select() -> quick.Select:
    return quick.Select(attrs={"class": "govuk-!-width-full"})


def clock_due(lookup: str, day: dt.date) -> Q:
    """Rows whose running clock's due date satisfies `lookup` (lt, lte, gte) against `day`."""
    return Q(status=Status.RECEIVED, **{f"acknowledge_by__{lookup}": day}) | Q(
        status__in=DECIDE_CLOCK, **{f"decide_by__{lookup}": day}
    )


def overdue_q(today: dt.date) -> Q:
    return clock_due("lt", today)


def due_within_q(days: int, *, today: dt.date, closed) -> Q:
    """Due from today up to `days` working days ahead (the overdue ones have their own filter).

    Both bounds sit inside each clock's branch, so (status, decide_by) reads only the rows due."""
    last = clock.due_within(days, today=today, closed=closed)
    return Q(status=Status.RECEIVED, acknowledge_by__gte=today, acknowledge_by__lte=last) | Q(
        status__in=DECIDE_CLOCK, decide_by__gte=today, decide_by__lte=last
    )


def request_closures(request) -> frozenset[dt.date]:
    """The closure days, read once per request however many rows and filters use them."""
    if request is None:
        return clock.closures()
    if not hasattr(request, "_closure_days"):
        request._closure_days = clock.closures()
    return request._closure_days


def outstanding_recommendations() -> QuerySet[Recommendation]:
    """Recommendations sent to the force whose response has not come back (rec_sent_response index)."""
    return Recommendation.objects.filter(sent_on__isnull=False, response_received_on__isnull=True)


def review_search(queryset: QuerySet[Review], text: str) -> QuerySet[Review]:
    """An office reference by its start; a force reference by its start; else words of the name."""
    text = " ".join(text.split())[:MAX_SEARCH]
    if not text:
        return queryset
    if looks_like(REFERENCE, text):
        return queryset.filter(reference__istartswith=text)
    force = Q(force_reference__istartswith=text)
    words = search_words(text)
    if any(ch.isdigit() for ch in text) or not words:
        return queryset.filter(force)
    named = Q()
    for word in words:
        named &= contains("complainant_name", word)
    return queryset.filter(named | force)


class DaysField(forms.IntegerField):
    """A whole number of working days typed in a text box (GOV.UK: numeric inputmode, no spinner)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_DUE_DAYS)
        kwargs.setdefault("widget", text_input(3, inputmode="numeric"))
        super().__init__(**kwargs)
        self.error_messages["invalid"] = "Enter the number of working days as a whole number, like 5"
        self.error_messages["min_value"] = "The number of working days must be 0 or more"
        self.error_messages["max_value"] = f"The number of working days must be {MAX_DUE_DAYS} or fewer"

    def to_python(self, value):
        """Only the digits 0 to 9 (int() would also read other scripts' digits, and a sign)."""
        if isinstance(value, str) and value.strip() and not re.fullmatch(r"[0-9]{1,4}", value.strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class DaysFilter(django_filters.Filter):
    field_class = DaysField


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class ReviewerFilter(django_filters.ModelChoiceFilter):
    field_class = ReviewerChoiceField


class ReviewFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="search",
        help_text="A reference (or its start, like CR-2025), the force's reference, or the complainant's name.",
        widget=text_input(20),
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=Status.choices, empty_label="All statuses", widget=_select()
    )
    reviewer = ReviewerFilter(
        label="Reviewer",
        queryset=reviewers(),
        empty_label="Anyone",
        widget=_select(),
    )
    subject = django_filters.ModelChoiceFilter(
        label="Subject",
        queryset=SubjectCategory.objects.all(),
        method="by_subject",
        empty_label="All subjects",
        widget=_select(),
    )
    result = django_filters.ChoiceFilter(
        label="Result", choices=Result.choices, empty_label="Any result", widget=_select()
    )
    received_from = UKDateFilter(
        label="Received from", field_name="received_on", lookup_expr="gte", what="“received from” date"
    )
    received_to = UKDateFilter(
        label="Received up to", field_name="received_on", lookup_expr="lte", what="“received up to” date"
    )
    decided_from = UKDateFilter(
        label="Decided from", field_name="decided_on", lookup_expr="gte", what="“decided from” date"
    )
    decided_to = UKDateFilter(
        label="Decided up to",
        field_name="decided_on",
        method="by_decided_to",
        what="“decided up to” date",
    )
    due_within = DaysFilter(
        label="Due within (working days)",
        method="by_due_within",
        help_text="Not yet overdue, due within this many working days. 0 is today.",
    )
    overdue = django_filters.ChoiceFilter(
        label="Overdue",
        choices=[("1", "Overdue only")],
        method="by_overdue",
        empty_label="Any",
        widget=_select(),
    )
    recommendations = django_filters.ChoiceFilter(
        label="Recommendations",
        choices=[("outstanding", "Sent, no force response yet")],
        method="by_recommendations",
        empty_label="Any",
        widget=_select(),
    )
    mine = django_filters.ChoiceFilter(
        label="Awaiting",
        choices=[("1", "My decision")],
        method="awaiting_me",
        empty_label="Anyone",
        widget=_select(),
    )

    class Meta:
        model = Review
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is None or not user.has_perm("complaints.decide_review"):
            del self.filters["mine"]

    def search(self, queryset, name, value):
        return review_search(queryset, value)

    def by_subject(self, queryset, name, value):
        if value is None:
            return queryset
        tagged = Review.subjects.through.objects.filter(review_id=OuterRef("pk"), subjectcategory=value)
        return queryset.filter(Exists(tagged))

    def by_decided_to(self, queryset, name, value):
        """Also bounds `received_on` (a decision never precedes its application): the list's sort
        index then starts at that day instead of walking every later row (100 ms at 200,000)."""
        if value is None:
            return queryset
        return queryset.filter(decided_on__lte=value, received_on__lte=value)

    def by_due_within(self, queryset, name, value):
        if value is None:
            return queryset
        closed = request_closures(self.request)
        return queryset.filter(due_within_q(value, today=timezone.localdate(), closed=closed))

    def by_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q(timezone.localdate())) if value == "1" else queryset

    def by_recommendations(self, queryset, name, value):
        if value != "outstanding":
            return queryset
        return queryset.filter(Exists(outstanding_recommendations().filter(review=OuterRef("pk"))))

    def awaiting_me(self, queryset, name, value):
        if value == "1" and self.request is not None:
            return queryset.awaiting_decision_by(self.request.user)
        return queryset
