"""Rows for the register tests, made straight in the database (quick; the services are tested elsewhere)."""

from __future__ import annotations

import datetime as dt

from complaints.models import DipSample, DipSampleAction, LongInvestigation


def sample(*, month=dt.date(2024, 7, 1), stage=DipSample.Stage.PLANNED, cases=10, **fields) -> DipSample:
    fields.setdefault("scope", DipSample.Scope.COMPLAINTS)
    fields.setdefault("theme", "Police investigations")
    if stage in (DipSample.Stage.REPORTED, DipSample.Stage.CLOSED):
        fields.setdefault("findings", "Letters lacked reasons.")
        fields.setdefault("reported_on", month + dt.timedelta(days=40))
    return DipSample.objects.create(month=month, stage=stage, cases_examined=cases, **fields)


def recommendation(of: DipSample, **fields) -> DipSampleAction:
    fields.setdefault("recommendation", "Explain the reasons in outcome letters.")
    return DipSampleAction.objects.create(dip_sample=of, **fields)


def investigation(*, notified=dt.date(2024, 5, 1), **fields) -> LongInvestigation:
    fields.setdefault("force_reference", f"PSD/{notified:%Y%m%d}")
    fields.setdefault("started_on", notified - dt.timedelta(days=380))
    fields.setdefault("reason_for_delay", "Awaiting forensic results.")
    return LongInvestigation.objects.create(notified_on=notified, **fields)
