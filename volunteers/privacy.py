"""The people volunteers holds (ADR 0018): custody visitors and appropriate adults, and the
call-outs and visit reports (detainees by custody number only).

Anonymising keeps what the report pack counts: visits, counts grids, waits, call-outs, outcomes,
suites and dates. It removes a volunteer's name and contact details, a call-out's custody number,
collar number and notes, and a visit's free-text notes.
"""

from django.db.models import Q

from opcc.privacy.registry import PersonalData, RecordType, Trigger

ACCESS = "core.access_volunteers"

SOURCES = [
    PersonalData(
        key="volunteers.volunteer",
        model="volunteers.Volunteer",
        label="Volunteer",
        module="volunteers",
        view_perm=(ACCESS, "volunteers.view_volunteer"),
        names=("last_name", "first_name"),
        split_name=("first_name", "last_name"),
        emails=("email",),
        phones=("phone",),
        postcodes=("postcode",),
        anonymise={
            "first_name": "Former",
            "last_name": lambda v: f"volunteer {v.pk}",
            "email": "",
            "phone": "",
            "address": "",
            "postcode": "",
            "status_reason": "",
        },
        title=lambda v: f"{v.name} ({v.get_scheme_display()})",
        disclose=(
            "first_name", "last_name", "scheme", "email", "phone", "address", "postcode", "area", "team",
            "status", "status_reason", "applied_on", "appointed_on", "left_on", "vetting_level",
            "vetting_cleared_on", "vetting_expires_on",
        ),
        select_related=("area",),
    ),
    PersonalData(
        key="volunteers.callout",
        model="volunteers.CallOut",
        label="Appropriate adult call-out",
        module="volunteers",
        view_perm=(ACCESS, "volunteers.view_volunteer"),
        references=("reference", "custody_number"),
        special_category=("vulnerability_note",),
        third_party=("officer_number",),
        anonymise={"custody_number": "", "officer_number": "", "vulnerability_note": "", "notes": "", "status_reason": ""},
        title=lambda c: f"{c.reference} custody number {c.custody_number or '(removed)'}",
        disclose=(
            "reference", "requested_at", "suite", "officer_rank", "officer_number", "custody_number",
            "detainee_age", "vulnerability_note", "status", "outcome", "notes",
        ),
        select_related=("suite",),
    ),
    PersonalData(
        key="volunteers.visit",
        model="volunteers.CustodyVisit",
        label="Custody visit report",
        module="volunteers",
        view_perm=(ACCESS, "volunteers.view_volunteer"),
        references=("reference",),
        anonymise={"notes": "", "pair_exception": ""},
        title=lambda v: v.reference,
        disclose=("reference", "suite", "visited_on", "mode", "notes"),
        select_related=("suite",),
    ),
]  # fmt: skip

RECORD_TYPES = [
    RecordType(
        key="volunteers.volunteer",
        source="volunteers.volunteer",
        label="Volunteer files",
        default_months=72,
        default_trigger=Trigger.LEAVING,
        triggers={Trigger.LEAVING: "left_on"},
        eligible=Q(status="left", left_on__isnull=False),
        note="6 years after leaving.",
    ),
    RecordType(
        key="volunteers.callout",
        source="volunteers.callout",
        label="Appropriate adult call-out records",
        default_months=72,
        default_trigger=Trigger.FINANCIAL_YEAR_END,
        triggers={Trigger.FINANCIAL_YEAR_END: "requested_on"},
        eligible=Q(status__in=["completed", "unfilled", "cancelled"]),
        note="As the commissioning contract requires, often 6 years.",
    ),
    RecordType(
        key="volunteers.visit",
        source="volunteers.visit",
        label="Custody visit reports",
        default_months=72,
        default_trigger=Trigger.FINANCIAL_YEAR_END,
        triggers={Trigger.FINANCIAL_YEAR_END: "visited_on"},
        note="3 to 6 years: the longer period is seeded.",
    ),
]
