"""Call-outs for the tests: a request built through the service, then moved on to any status."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from volunteers import services
from volunteers.models import CallOut, CallOutStatus

HOUR = dt.timedelta(hours=1)


def request_values(suite, **overrides) -> dict:
    values = {
        "requested_at": timezone.now() - 6 * HOUR,
        "suite": suite,
        "officer_rank": "ps",
        "officer_number": "4521",
        "custody_number": "06/12345/24",
        "detainee_age": "adult",
        "vulnerabilities": {"mental_health"},
        "vulnerability_note": "",
    }
    return values | overrides


def callout_in(status: str, *, by, suite, volunteer=None, **overrides) -> CallOut:
    """A call-out walked through the services to `status` (an AA must be given past requested)."""
    callout = services.callout_request(by=by, **request_values(suite, **overrides))
    start = callout.requested_at
    if status == CallOutStatus.REQUESTED:
        return callout
    if status in (CallOutStatus.UNFILLED, CallOutStatus.CANCELLED):
        if status == CallOutStatus.UNFILLED:
            return services.callout_unfill(callout=callout, by=by, reason="no_aa", note="")
        return services.callout_cancel(callout=callout, by=by, note="Detainee released")
    callout = services.callout_assign(
        callout=callout, by=by, volunteer=volunteer, assigned_at=start + dt.timedelta(minutes=10)
    )
    if status == CallOutStatus.ASSIGNED:
        return callout
    callout = services.callout_attend(callout=callout, by=by, arrived_at=start + dt.timedelta(minutes=55))
    if status == CallOutStatus.ATTENDED:
        return callout
    return services.callout_complete(
        callout=callout,
        by=by,
        ended_at=start + 3 * HOUR,
        processes={"rights", "interview"},
        outcome="charged",
    )


def callout_for_routes(status: str) -> CallOut:
    """A call-out in `status` for the route matrix and the page sweep (tests/routes.py): made by a
    new coordinator at an open suite, with a new eligible AA when it needs one."""
    from django.contrib.auth.models import Group

    from opcc.core import roles
    from opcc.core.models import CustodySuite
    from tests.factories import UserFactory
    from tests.volunteers.conftest import build_volunteer

    coordinator = UserFactory()
    coordinator.groups.set(Group.objects.filter(name=roles.VOLUNTEER_COORDINATOR))
    today = timezone.localdate()
    suite = CustodySuite.objects.filter(active=True).open_between(today, today).order_by("pk").first()
    volunteer = (
        None
        if status in (CallOutStatus.REQUESTED, CallOutStatus.UNFILLED, CallOutStatus.CANCELLED)
        else build_volunteer("aa")
    )
    return callout_in(status, by=coordinator, suite=suite, volunteer=volunteer)
