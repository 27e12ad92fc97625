"""The people complaints holds (ADR 0018): complainants and representatives, panel members.

Anonymising a review keeps its dates, statuses, results, subjects and findings (what the report
pack counts); it removes the complainant's and representative's details, the adjustments they
asked for (special category) and the summary of the complaint in their words.
"""

from django.db.models import Q

from opcc.privacy.registry import ANONYMISED, PersonalData, RecordType, Trigger

ACCESS = "core.access_complaints"

SOURCES = [
    PersonalData(
        key="complaints.review",
        model="complaints.Review",
        label="Complaint review",
        module="complaints",
        view_perm=(ACCESS, "complaints.view_review"),
        names=("complainant_name", "representative_name"),
        emails=("complainant_email",),
        phones=("complainant_phone",),
        postcodes=("complainant_postcode",),
        references=("reference", "force_reference"),
        special_category=("reasonable_adjustments",),
        third_party=("representative_name", "representative_contact"),
        anonymise={
            "complainant_name": ANONYMISED,
            "complainant_email": "",
            "complainant_phone": "",
            "complainant_address": "",
            "complainant_postcode": "",
            "reasonable_adjustments": "",
            "representative_name": "",
            "representative_contact": "",
            "summary": "",
        },
        title=lambda r: f"{r.reference} {r.complainant_name}",
        disclose=(
            "reference", "force_reference", "complainant_name", "complainant_email", "complainant_phone",
            "complainant_address", "complainant_postcode", "preferred_channel", "reasonable_adjustments",
            "representative_name", "representative_contact", "complaint_made_on", "summary", "received_on",
            "status", "result", "result_reasons", "decided_on", "closed_on",
        ),
    ),
    PersonalData(
        key="complaints.panel_member",
        model="complaints.PanelMember",
        label="Panel member",
        module="complaints",
        view_perm=(ACCESS,),
        names=("name",),
        emails=("email",),
        phones=("phone",),
        anonymise={
            "name": lambda m: f"Former panel member {m.pk}",
            "email": "",
            "phone": "",
            "training_notes": "",
            "declared_interests": "",
        },
        title=lambda m: f"{m.name} ({m.get_role_display()})",
        disclose=(
            "name", "role", "qualified", "email", "phone", "region", "term_starts_on", "term_ends_on",
            "vetting_expires_on", "last_trained_on", "training_notes", "declared_interests", "active",
        ),
    ),
]  # fmt: skip

RECORD_TYPES = [
    RecordType(
        key="complaints.review",
        source="complaints.review",
        label="Complaint review files",
        default_months=72,
        default_trigger=Trigger.CLOSURE,
        triggers={Trigger.CLOSURE: "closed_on", Trigger.FINANCIAL_YEAR_END: "received_on"},
        eligible=Q(closed_on__isnull=False),
        note="6 years after closure.",
    ),
    RecordType(
        key="complaints.panel_member",
        source="complaints.panel_member",
        label="Panel member (LQC, IPM) appointment records",
        default_months=72,
        default_trigger=Trigger.LEAVING,
        triggers={Trigger.LEAVING: "term_ends_on"},
        eligible=Q(active=False),
        note="6 years after the member leaves the list.",
    ),
]
