"""Rows for the panel, hearing and appeal tests, made straight in the database (the services are tested elsewhere)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from complaints.models import Appeal, Appointment, Hearing, PanelMember, RankBand

Role = PanelMember.Role
_numbers = itertools.count(1)


def member(role: str = Role.IPM, **fields) -> PanelMember:
    n = next(_numbers)
    today = timezone.localdate()
    fields.setdefault("name", f"Member {n}")
    fields.setdefault("term_starts_on", dt.date(2020, 1, 1))
    fields.setdefault("term_ends_on", today + dt.timedelta(days=1000))
    fields.setdefault("vetting_expires_on", today + dt.timedelta(days=1000))
    fields.setdefault("email", f"member{n}@example.org")
    return PanelMember.objects.create(role=role, **fields)


def hearing(*, starts_on: dt.date | None = None, **fields) -> Hearing:
    n = next(_numbers)
    today = timezone.localdate()
    starts_on = starts_on or today + dt.timedelta(days=30)
    fields.setdefault("force_reference", f"PSD/MH/{n}")
    fields.setdefault("requested_on", min(today, starts_on) - dt.timedelta(days=10))
    fields.setdefault("kind", Hearing.Kind.MISCONDUCT)
    fields.setdefault("rank_band", RankBand.CONSTABLE_SERGEANT)
    return Hearing.objects.create(starts_on=starts_on, **fields)


def appeal(**fields) -> Appeal:
    n = next(_numbers)
    fields.setdefault("force_reference", f"PSD/PAT/{n}")
    fields.setdefault("received_on", timezone.localdate() - dt.timedelta(days=20))
    fields.setdefault("against", Appeal.Against.DISMISSAL)
    fields.setdefault("rank_band", RankBand.CONSTABLE_SERGEANT)
    return Appeal.objects.create(**fields)


def seat(on: Hearing | Appeal, who: PanelMember, by, **fields) -> Appointment:
    key = "hearing" if isinstance(on, Hearing) else "appeal"
    sits_on = on.starts_on if isinstance(on, Hearing) else on.tribunal_on
    return Appointment.objects.create(
        **{key: on},
        member=who,
        role=who.role,
        sits_on=fields.pop("sits_on", sits_on),
        appointed_by=by,
        **fields,
    )


def for_routes(kind: str, stage: str = ""):
    """A record for the route matrix, the page sweep and the admin sweep: a member, or a hearing or an
    appeal in `stage` (a held or appointed hearing started yesterday; a tribunal is dated when arranged)."""
    from tests.factories import UserFactory

    today = timezone.localdate()
    if kind == "member":
        return member(name="Route Member", region="Coventry")
    if kind == "hearing":
        past = stage in (Hearing.Stage.MEMBERS_APPOINTED, Hearing.Stage.HELD, Hearing.Stage.ADJOURNED)
        starts = today - dt.timedelta(days=1) if past else today + dt.timedelta(days=30)
        made = hearing(
            starts_on=starts, requested_on=dt.date(2024, 1, 10), stage=stage or Hearing.Stage.REQUESTED
        )
        if past:
            by = UserFactory()
            seat(made, member(role=Role.LQC), by)
            seat(made, member(), by)
        return made
    dated = stage in (Appeal.Stage.ARRANGED, Appeal.Stage.HEARD)
    return appeal(
        stage=stage or Appeal.Stage.RECEIVED,
        tribunal_arranged_on=today if dated else None,
        tribunal_on=today + dt.timedelta(days=20) if dated else None,
    )
