"""Correspondence, calls and engagement figures for the report pack (settings.REPORT_SECTIONS).

Each section is `section(*, start_year) -> StatTable`, a fixed number of aggregate queries; the pack
calls it again for the year before and shows that alongside. See `casework` and `engagement` for
what each counts.
"""

from __future__ import annotations

from .casework import (
    calls_answered,
    correspondence_by_category,
    correspondence_by_channel,
    correspondence_summary,
    correspondence_timeliness,
)
from .casework import record_years as casework_years
from .engagement import (
    awards,
    consultations,
    events_by_area,
    events_by_type,
    youth_cohorts,
    youth_commissioners,
)
from .engagement import record_years as engagement_years


def record_years() -> set[int]:
    """Start years with correspondence, calls or engagement: the Reports page offers them."""
    return casework_years() | engagement_years()


__all__ = [
    "awards",
    "calls_answered",
    "consultations",
    "correspondence_by_category",
    "correspondence_by_channel",
    "correspondence_summary",
    "correspondence_timeliness",
    "events_by_area",
    "events_by_type",
    "record_years",
    "youth_cohorts",
    "youth_commissioners",
]
