"""A report section whose labels are what a hostile person could type (for the pack exporters)."""

from __future__ import annotations

from decimal import Decimal

from opcc.core.models import fy_label
from opcc.core.statistics import Column, StatTable

HOSTILE = ['=HYPERLINK("http://evil","x")', "+cmd", "-2+3", "@SUM(1)", "\t=1"]


def hostile(*, start_year: int) -> StatTable:
    return StatTable(
        key="audit.hostile",
        title="Hostile names",
        topic="community_grants",
        period=fy_label(start_year),
        count_basis="organisations",
        columns=[Column("name", "Organisation"), Column("amount", "Award", "money")],
        rows=[{"name": label, "amount": Decimal(-10 - n)} for n, label in enumerate(HOSTILE)],
        show_total=False,
    )
