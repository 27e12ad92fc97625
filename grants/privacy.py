"""The people grants holds (ADR 0018): organisations' contacts, and the application files.

Anonymising keeps everything the report pack and the published register read (amounts, dates,
areas, statuses, the organisation's name and the project title); it removes the contact's details
and the office's free-text notes.
"""

from django.db.models import DateField, Max, Q
from django.db.models.functions import Cast, Coalesce

from opcc.privacy.registry import PersonalData, RecordType, Trigger

ACCESS = "core.access_grants"
FINISHED = ["closed", "rejected", "ineligible", "withdrawn"]

SOURCES = [
    PersonalData(
        key="grants.organisation",
        model="grants.Organisation",
        label="Organisation (grant applicant)",
        module="grants",
        view_perm=(ACCESS, "grants.view_organisation"),
        names=("contact_name",),
        organisations=("name",),
        emails=("contact_email",),
        phones=("contact_phone",),
        postcodes=("postcode",),
        references=("charity_number", "company_number"),
        anonymise={"contact_name": "", "contact_email": "", "contact_phone": "", "notes": ""},
        title=lambda o: f"{o.name} (contact: {o.contact_name or 'none'})",
        disclose=(
            "name", "org_type", "charity_number", "company_number", "address", "postcode",
            "contact_name", "contact_email", "contact_phone", "notes",
        ),
    ),
    PersonalData(
        key="grants.application",
        model="grants.Application",
        label="Grant application",
        module="grants",
        view_perm=(ACCESS, "grants.view_application"),
        subjects=("project_title",),
        references=("reference",),
        anonymise={"returned_reason": ""},
        title=lambda a: f"{a.reference} {a.project_title}",
        disclose=(
            "reference", "organisation", "project_title", "summary", "amount_requested", "beneficiaries",
            "received_on", "status", "returned_reason",
        ),
        select_related=("organisation",),
    ),
]  # fmt: skip

RECORD_TYPES = [
    RecordType(
        key="grants.application",
        source="grants.application",
        label="Grant files",
        default_months=72,
        default_trigger=Trigger.LAST_PAYMENT,
        triggers={
            # An application never paid (refused, withdrawn) counts from the date it was received.
            Trigger.LAST_PAYMENT: lambda: Coalesce(Max("award__payments__paid_on"), "received_on"),
            Trigger.FINANCIAL_YEAR_END: "received_on",
        },
        eligible=Q(status__in=FINISHED),
        note="6 years after the final payment or the end of monitoring (7 if the funder requires).",
    ),
    RecordType(
        key="grants.organisation",
        source="grants.organisation",
        label="Organisations' contact details",
        default_months=72,
        default_trigger=Trigger.LAST_PAYMENT,
        triggers={
            Trigger.LAST_PAYMENT: lambda: Coalesce(
                Max("applications__award__payments__paid_on"),
                Max("applications__received_on"),
                Cast("created_at", DateField()),
            ),
        },
        note="Kept while the organisation's grant files are: 6 years after its last payment.",
    ),
]
