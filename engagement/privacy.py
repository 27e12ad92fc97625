"""The people engagement holds (ADR 0018): correspondents, award nominees and nominators, and
Youth Commissioners (minors: their records open only to staff who work with them).

Anonymising keeps what the report pack counts (categories, channels, dates, clocks, outcomes,
areas, statuses). A published award winner or runner-up who agreed to publicity keeps their name:
the published results name them, and the pack's figures must not change.
"""

from django.db.models import Q
from django.urls import reverse

from opcc.privacy.registry import ANONYMISED, PersonalData, RecordType, Trigger

ACCESS = "core.access_engagement"
CLOSED = Q(status="closed", closed_on__isnull=False)
PUBLISHED_NAMES = ("winner", "runner_up")


def _nominee_name(nomination) -> str:
    if nomination.publicity_consent and nomination.status in PUBLISHED_NAMES:
        return nomination.nominee_name
    return ANONYMISED


SOURCES = [
    PersonalData(
        key="engagement.case",
        model="engagement.Case",
        label="Correspondence",
        module="engagement",
        view_perm=(ACCESS, "engagement.view_case"),
        names=("correspondent_name", "on_behalf_of"),
        organisations=("correspondent_organisation",),
        subjects=("subject",),
        emails=("correspondent_email",),
        phones=("correspondent_phone",),
        postcode_text=("correspondent_address",),
        references=("reference",),
        third_party=("on_behalf_of",),
        anonymise={
            "correspondent_name": ANONYMISED,
            "correspondent_email": "",
            "correspondent_phone": "",
            "correspondent_address": "",
            "on_behalf_of": "",
            "summary": "",
            "response_note": "",
            "extension_reason": "",
        },
        title=lambda c: f"{c.reference} {c.correspondent}: {c.subject}",
        disclose=(
            "reference", "received_at", "channel", "category", "correspondent_name",
            "correspondent_organisation", "correspondent_email", "correspondent_phone",
            "correspondent_address", "on_behalf_of", "subject", "summary", "status", "due_on",
            "responded_on", "outcome", "response_note", "closed_on",
        ),
        select_related=("category",),
    ),
    PersonalData(
        key="engagement.nomination",
        model="engagement.Nomination",
        label="Award nomination",
        module="engagement",
        view_perm=(ACCESS, "engagement.view_nomination"),
        names=("nominee_name", "nominator_name"),
        emails=("nominator_contact",),
        phones=("nominator_contact",),
        third_party=("nominator_name", "nominator_contact"),
        anonymise={
            "nominee_name": _nominee_name,
            "nominator_name": ANONYMISED,
            "nominator_contact": "",
            "citation": "",
            "decision_note": "",
        },
        title=lambda n: f"{n.nominee_name}, nominated by {n.nominator_name} ({n.edition})",
        disclose=(
            "edition", "category", "nominee_name", "nominee_kind", "nominator_name", "nominator_contact",
            "citation", "young_person", "publicity_consent", "received_on", "status",
        ),
        select_related=("edition", "category"),
    ),
    PersonalData(
        key="engagement.youth_commissioner",
        model="engagement.YouthCommissioner",
        label="Youth Commissioner",
        module="engagement",
        view_perm=(ACCESS, "engagement.work_with_youth_commissioners"),
        names=("name",),
        anonymise={"name": lambda m: f"Former Youth Commissioner {m.pk}"},
        title=lambda m: f"{m.name} ({m.cohort})",
        disclose=("name", "cohort", "area", "age_band", "status"),
        select_related=("cohort", "area"),
        url=lambda m: reverse("engagement:member", args=[m.pk]),
    ),
]  # fmt: skip


def _case_type(key: str, label: str, regimes: list[str], months: int, note: str) -> RecordType:
    return RecordType(
        key=key,
        source="engagement.case",
        label=label,
        default_months=months,
        default_trigger=Trigger.CLOSURE,
        triggers={Trigger.CLOSURE: "closed_on", Trigger.FINANCIAL_YEAR_END: "received_on"},
        filter=Q(category__regime__in=regimes),
        eligible=CLOSED,
        note=note,
    )


RECORD_TYPES = [
    _case_type("engagement.case.foi", "FOI and EIR requests", ["foi", "eir"], 36,
               "3 years after closure; longer if it went to the ICO or the tribunal (place a legal hold)."),
    _case_type("engagement.case.sar", "Subject access requests", ["sar"], 24, "2 years after closure."),
    _case_type("engagement.case.general", "General correspondence", [""], 24, "2 to 3 years."),
    RecordType(
        key="engagement.nomination",
        source="engagement.nomination",
        label="Award nominations",
        default_months=24,
        default_trigger=Trigger.FINANCIAL_YEAR_END,
        triggers={Trigger.FINANCIAL_YEAR_END: "received_on"},
        eligible=Q(status__in=["winner", "runner_up", "not_selected"]),
        note="Local decision: 2 years after the financial year of the awards.",
    ),
    RecordType(
        key="engagement.youth_commissioner",
        source="engagement.youth_commissioner",
        label="Youth Commissioners",
        default_months=24,
        default_trigger=Trigger.LEAVING,
        triggers={Trigger.LEAVING: "cohort__term_ends_on"},
        eligible=Q(status__in=["term_ended", "stood_down"]),
        note="Local decision: 2 years after the cohort's term ends.",
    ),
]  # fmt: skip
