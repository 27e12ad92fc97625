"""The daily reminder digest (ADR 0018): one email a day listing what is a person's and due.

Each module declares due-item providers in its `reminders.py` (`settings.DUE_ITEMS`):
`provider(user, today, until) -> list[DueItem]`, what is the user's and due by `until` (overdue
included), empty for anyone who may not open those records. Core reads them through the registry
and never names a module. A provider reads one or two queries whatever the rows (`capped`), so a
digest costs the same for a person with 3 items or 3,000, and one email stays readable.

Digests go out on working days only. Sending claims the day first (a unique `ReminderSent` row),
then sends: two workers running at once, or a second run the same day, send nothing more. A failed
send gives the claim back and is logged as an error, so running the task again that day sends
exactly the digests that did not go, instead of the day being silently lost.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from opcc.audit.models import Action
from opcc.audit.services import audit_record
from opcc.core.models import ClosureDay
from opcc.core.workdays import Calendar, add_working_days, is_working_day
from opcc.privacy.models import ReminderPreference, ReminderSent
from opcc.privacy.registry import DueItem, due_providers

logger = logging.getLogger(__name__)

CAP = 50  # items per provider in one digest; the rest are counted ("and 12 more")
CALENDAR = Calendar.ENGLAND_WALES  # the office's working days
DEFAULT_DAYS_AHEAD: int = ReminderPreference._meta.get_field("days_ahead").default  # type: ignore[assignment]


class DueList(list):
    """A provider's items (at most CAP) and how many there are in all."""

    def __init__(self, items: Iterable[DueItem] = (), *, total: int | None = None) -> None:
        super().__init__(items)
        self.total = len(self) if total is None else max(total, len(self))


def capped(queryset: models.QuerySet, item: Callable[[Any], DueItem], *, cap: int = CAP) -> DueList:
    """The first `cap` rows as items; the total is counted only when the cap is reached (one or
    two queries, whatever the rows). Order the queryset soonest due first."""
    rows = list(queryset[:cap])
    total = len(rows) if len(rows) < cap else queryset.order_by().count()
    return DueList([item(row) for row in rows], total=total)


@dataclass(frozen=True)
class DigestGroup:
    """One module's items: the overdue ones first, then the rest soonest first."""

    module: str
    overdue: tuple[DueItem, ...]
    upcoming: tuple[DueItem, ...]
    total: int  # including the items past a provider's cap

    @property
    def shown(self) -> int:
        return len(self.overdue) + len(self.upcoming)

    @property
    def more(self) -> int:
        return self.total - self.shown


@dataclass(frozen=True)
class Digest:
    user: Any
    today: dt.date
    until: dt.date
    days_ahead: int
    groups: tuple[DigestGroup, ...]

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)

    @property
    def overdue_count(self) -> int:
        return sum(len(g.overdue) for g in self.groups)

    def __bool__(self) -> bool:
        return self.total > 0


def preference_for(user) -> ReminderPreference:
    """The user's preference, or the defaults (on, 5 working days) when they never saved one."""
    try:
        return user.reminders
    except ReminderPreference.DoesNotExist:
        return ReminderPreference(user=user)


def window_end(today: dt.date, days_ahead: int, *, closures: Set[dt.date] | None = None) -> dt.date:
    """The last day a digest looks at: `days_ahead` working days after today."""
    closed = ClosureDay.objects.as_dates() if closures is None else closures
    return add_working_days(today, days_ahead, calendar=CALENDAR, closures=closed)


def _group(module: str, items: list[DueItem], total: int, today: dt.date) -> DigestGroup:
    ordered = sorted(items, key=lambda i: (i.due_on, i.title))
    return DigestGroup(
        module=module,
        overdue=tuple(i for i in ordered if i.due_on < today),
        upcoming=tuple(i for i in ordered if i.due_on >= today),
        total=total,
    )


def digest_for(*, user, today: dt.date, closures: Set[dt.date] | None = None) -> Digest:
    """Everything every module says is this user's and due within their window, by module.

    Modules with something overdue come first; within a module, overdue items first, then the
    rest soonest due first. The preview page and the email show exactly this.
    """
    days_ahead = preference_for(user).days_ahead
    until = window_end(today, days_ahead, closures=closures)
    items: dict[str, list[DueItem]] = {}
    totals: dict[str, int] = {}
    if user is not None and user.is_active:
        for provider in due_providers():
            found = provider(user, today, until)
            kept = [i for i in found if i.due_on <= until]
            for item in kept:
                items.setdefault(item.module, []).append(item)
                totals[item.module] = totals.get(item.module, 0) + 1
            beyond_cap = getattr(found, "total", len(found)) - len(found)
            if kept and beyond_cap > 0:
                totals[kept[0].module] += beyond_cap
    groups = [_group(module, found, totals[module], today) for module, found in items.items()]
    groups.sort(key=lambda g: (not g.overdue, (g.overdue or g.upcoming)[0].due_on, g.module))
    return Digest(user=user, today=today, until=until, days_ahead=days_ahead, groups=tuple(groups))


def recipients(today: dt.date) -> models.QuerySet:
    """Active people with an email address who have not switched the digest off (on by default)
    and have not had today's digest yet."""
    sent = ReminderSent.objects.filter(user=models.OuterRef("pk"), day=today)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .exclude(reminders__enabled=False)
        .exclude(models.Exists(sent))
        .select_related("reminders")
        .order_by("pk")
    )


def digest_message(digest: Digest) -> EmailMultiAlternatives:
    """The email: plain text and HTML from the same context, links absolute (settings.SITE_URL)."""
    user = digest.user
    context = {
        "digest": digest,
        "site_url": settings.SITE_URL.rstrip("/"),
        "settings_url": reverse("privacy:reminders"),
        "service_name": settings.SERVICE_NAME,
        "name": user.get_full_name() or user.get_username(),
    }
    subject = render_to_string("privacy/email/digest_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("privacy/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(render_to_string("privacy/email/digest.html", context), "text/html")
    return message


def _claim(user, today: dt.date, count: int) -> ReminderSent | None:
    """Take the day for this user, or None if it is already taken (by this or another run)."""
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(user=user, day=today, sent_at=timezone.now(), item_count=count)
    except IntegrityError:
        return None


def digest_send(*, digest: Digest) -> bool:
    """Send one person's digest unless today's is already claimed; True if it was sent."""
    user = digest.user
    claim = _claim(user, digest.today, digest.total)
    if claim is None:
        return False
    try:
        digest_message(digest).send(fail_silently=False)
    except Exception:
        # Give the day back so the next run can try again; never leave it claimed and unsent.
        ReminderSent.objects.filter(pk=claim.pk).delete()
        logger.exception("Reminder digest to user %s not sent; the day is released for a retry", user.pk)
        return False
    audit_record(
        action=Action.DIGEST_SENT,
        user=user,
        target=user,
        detail={"day": digest.today, "items": digest.total, "overdue": digest.overdue_count},
    )
    return True


def preference_save(*, user, by, enabled: bool, days_ahead: int) -> ReminderPreference:
    """A person turns their own digest on or off and sets how far ahead it looks."""
    if by is None or not by.is_active or by.pk != user.pk:
        raise PermissionDenied("You can only change your own reminders.")
    with transaction.atomic():
        # The row first (get_or_create survives a double-clicked first save: two inserts raced
        # past the lock, which locks nothing before the row exists, and the second was a 500).
        ReminderPreference.objects.get_or_create(user=user)
        preference = ReminderPreference.objects.select_for_update().get(user=user)
        preference.enabled, preference.days_ahead = enabled, days_ahead
        preference.full_clean()
        preference.save()
    user.reminders = preference
    return preference


def digests_send(*, today: dt.date | None = None) -> int:
    """Send today's digest to each person who wants one and has something due; returns how many.

    Closure days are read once for everyone; each person costs a bounded number of queries (their
    permissions, each provider's one or two, the claim and the audit row). One person's failure
    (a provider's error, the mail server refusing) is logged and does not stop the others.
    """
    today = today or timezone.localdate()
    closures = ClosureDay.objects.as_dates()
    if not is_working_day(today, calendar=CALENDAR, closures=closures):
        logger.info("Reminder digests: %s is not a working day, none sent", today)
        return 0
    sent = 0
    for user in recipients(today):
        try:
            digest = digest_for(user=user, today=today, closures=closures)
        except Exception:
            logger.exception("Reminder digest for user %s could not be read", user.pk)
            continue
        if digest and digest_send(digest=digest):
            sent += 1
    logger.info("Reminder digests: %s sent for %s", sent, today)
    return sent
