"""Admin for Youth Commissioners: cohorts and activities read with their history.

Members are minors: their admin opens only with `engagement.view_youthcommissioner`, which office
staff hold and the Administrator does not (Django refuses the pages, and the cohort shows no
members inline). Everything is recorded on the Youth Commissioner pages, where the rules live.
"""

from __future__ import annotations

from django.contrib import admin

from engagement.models import YouthActivity, YouthCohort, YouthCommissioner
from opcc.core.admin_base import ViewOnlyAdmin


@admin.register(YouthCohort)
class YouthCohortAdmin(ViewOnlyAdmin):
    list_display = ("name", "elected_on", "term_starts_on", "term_ends_on", "votes_cast")
    ordering = ("-term_starts_on", "-pk")
    fields = ("name", "elected_on", "term_starts_on", "term_ends_on", "votes_cast")


@admin.register(YouthActivity)
class YouthActivityAdmin(ViewOnlyAdmin):
    list_display = ("date", "title", "kind", "cohort", "responses")
    list_filter = ("kind",)
    list_select_related = ("cohort",)
    search_fields = ("title",)
    ordering = ("-date", "-pk")
    fields = ("cohort", "kind", "title", "date", "responses", "notes")


@admin.register(YouthCommissioner)
class YouthCommissionerAdmin(ViewOnlyAdmin):
    """Seen only with engagement.view_youthcommissioner (Django's own view permission check)."""

    audit_reads = True
    list_display = ("name", "cohort", "area", "age_band", "status")
    list_filter = ("status",)
    list_select_related = ("cohort", "area")
    search_fields = ("name",)
    ordering = ("cohort", "name", "pk")
    fields = ("cohort", "name", "area", "age_band", "status")
