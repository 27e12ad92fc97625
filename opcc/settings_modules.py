"""What each module declares to core, in order: kept apart from the environment-driven settings.

Plain lists of dotted paths; `opcc.settings` imports them all.
"""

# Modules in navigation order; each names the permission that opens it (opcc.core.modules).
SERVICE_MODULES = [
    "grants.module.MODULE",
    "complaints.module.MODULE",
    "volunteers.module.MODULE",
    "engagement.module.MODULE",
    "opcc.reports.module.MODULE",
]
# The annual report pack's sections, in report order: dotted paths to statistics functions.
REPORT_SECTIONS: list[str] = [
    "grants.statistics.hcf_allocations",
    "grants.statistics.fund_headline",
    "grants.statistics.applications_summary",
    "complaints.statistics.reviews.reviews_received",
    "complaints.statistics.reviews.reviews_decided",
    "complaints.statistics.reviews.reviews_timeliness",
    "complaints.statistics.reviews.reviews_open",
    "complaints.statistics.reviews.review_recommendations",
    "complaints.statistics.reviews.review_learning",
    "complaints.statistics.oversight.dip_samples",
    "complaints.statistics.oversight.misconduct_hearings",
    "complaints.statistics.oversight.appeals",
    "complaints.statistics.oversight.long_investigations",
    "volunteers.statistics.custody_visiting_summary",
    "volunteers.statistics.visits_by_suite",
    "volunteers.statistics.detainees",
    "volunteers.statistics.visit_issues",
    "volunteers.statistics.aa_summary",
    "volunteers.statistics.aa_unfilled",
    "engagement.statistics.correspondence_summary",
    "engagement.statistics.correspondence_by_category",
    "engagement.statistics.correspondence_by_channel",
    "engagement.statistics.correspondence_timeliness",
    "engagement.statistics.calls_answered",
    "engagement.statistics.events_by_type",
    "engagement.statistics.events_by_area",
    "engagement.statistics.consultations",
    "engagement.statistics.awards",
    "engagement.statistics.youth_commissioners",
    "engagement.statistics.youth_cohorts",
]
# Start years with records, for the Reports page's year list (opcc/reports/years.py): models that
# link to a financial year, and the complaints registers, whose records only carry dates.
REPORT_RECORD_YEARS: list[str] = [
    "opcc.reports.years.linked_years",
    "complaints.statistics.oversight.record_years",
    "complaints.statistics.reviews.record_years",
    "volunteers.statistics.record_years",
    "engagement.statistics.record_years",
]

# Lists people may export (opcc.exports.registry): dotted paths to ExportList declarations.
EXPORT_LISTS: list[str] = [
    "grants.views.exports.APPLICATIONS",
    "grants.views.publications.THREESIXTY",
    "complaints.exports.REVIEWS",
    "volunteers.exports.VOLUNTEERS",
    "volunteers.exports.VISITS",
    "volunteers.exports.ISSUES",
    "volunteers.exports.CALLOUTS",
    "engagement.exports.CASES",
    "engagement.exports.EVENTS",
    "opcc.audit.views.AUDIT_TRAIL",
]

# Functions that add each module's demo records to `manage.py seed_demo`, in order.
DEMO_SEEDERS: list[str] = [
    "grants.demo.seed",
    "complaints.demo.seed",
    "volunteers.demo.seed",
    "engagement.demo.seed",
    "opcc.accounts.demo.seed",
]

# Personal data each module holds (opcc.privacy.registry, ADR 0018): dotted paths to lists of
# PersonalData sources and retention RecordTypes (each module's privacy.py) and due-item providers
# (each module's reminders.py).
PERSONAL_DATA: list[str] = [
    "grants.privacy.SOURCES",
    "complaints.privacy.SOURCES",
    "volunteers.privacy.SOURCES",
    "engagement.privacy.SOURCES",
]
RETENTION_RECORD_TYPES: list[str] = [
    "grants.privacy.RECORD_TYPES",
    "complaints.privacy.RECORD_TYPES",
    "volunteers.privacy.RECORD_TYPES",
    "engagement.privacy.RECORD_TYPES",
]
DUE_ITEMS: list[str] = [
    "grants.reminders.DUE_ITEMS",
    "complaints.reminders.DUE_ITEMS",
    "volunteers.reminders.DUE_ITEMS",
    "engagement.reminders.DUE_ITEMS",
]
