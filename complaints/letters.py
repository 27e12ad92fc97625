"""The review letters and the review's documents, declared to core (`opcc.core.documents`).

Administrators edit the words in the admin; these are the defaults and the placeholders each letter
may use. Values are plain strings (dates as "4 March 2025"); core escapes them in the PDF.
"""

from __future__ import annotations

from django.conf import settings

from opcc.core.dates import long_date
from opcc.core.documents.registry import register_attachable, register_letter

DOCUMENT_KINDS = [
    "Application",
    "Force outcome letter",
    "Evidence",
    "Review report",
    "Correspondence",
    "Letter",
]

ACKNOWLEDGEMENT = "complaints.acknowledgement"
FORWARDED = "complaints.forwarded_to_iopc"
OUT_OF_TIME = "complaints.out_of_time"
DECISION = "complaints.decision"
COPY_TO_FORCE = "complaints.copy_to_force"

COMMON = {
    "reference": "Our reference (CR-2025-0001)",
    "complainant_name": "The complainant's name",
    "force_name": "The police force",
    "force_reference": "The force's complaint reference",
    "received_on": "The date the application was received",
}


def _force() -> str:
    return getattr(settings, "FORCE_NAME", "the police force")


def _recipient(review) -> dict[str, str]:
    address = [line for line in (review.complainant_address or "").splitlines() if line.strip()]
    if review.complainant_postcode:
        address.append(review.complainant_postcode)
    return {"recipient_name": review.complainant_name, "recipient_address": "\n".join(address)}


def _recommendations(review) -> str:
    texts = [r.text for r in review.recommendations.all()]
    if not texts:
        return "We made no recommendations to the force."
    return "\n".join(f"{number}. {text}" for number, text in enumerate(texts, start=1))


def context(review) -> dict[str, str]:
    from complaints.models import ServiceStandards

    standards = ServiceStandards.current()
    response_due = min((r.response_due for r in review.recommendations.all() if r.response_due), default=None)
    return {
        **_recipient(review),
        "reference": review.reference,
        "complainant_name": review.complainant_name,
        "force_name": _force(),
        "force_reference": review.force_reference,
        "received_on": long_date(review.received_on),
        "window_ends_on": long_date(review.window_ends_on),
        "decide_by": long_date(review.decide_by),
        "decide_working_days": str(standards.decide_working_days),
        "forwarded_on": long_date(review.forwarded_on),
        "result": review.get_result_display().lower() if review.result else "",
        "result_reasons": review.result_reasons,
        "decided_on": long_date(review.decided_on),
        "recommendations": _recommendations(review),
        "response_due": long_date(response_due),
    }


def copy_to_force_context(review) -> dict[str, str]:
    values = context(review)
    values["recipient_name"] = "Head of Professional Standards"
    values["recipient_address"] = _force()
    return values


def sample() -> dict[str, str]:
    return {
        "recipient_name": "Jordan Example",
        "recipient_address": "1 Example Street\nBirmingham\nB1 1AA",
        "reference": "CR-2025-0001",
        "complainant_name": "Jordan Example",
        "force_name": _force(),
        "force_reference": "PSD/2025/0123",
        "received_on": "5 March 2025",
        "window_ends_on": "1 April 2025",
        "decide_by": "11 April 2025",
        "decide_working_days": "28",
        "forwarded_on": "7 March 2025",
        "result": "upheld",
        "result_reasons": "The force did not look at the body-worn video before deciding.",
        "decided_on": "10 April 2025",
        "recommendations": "1. Review the body-worn video and write to the complainant again.",
        "response_due": "8 May 2025",
    }


SIGN_OFF = "Yours sincerely\n\nComplaint Reviews Team"

LETTERS = [
    {
        "key": ACKNOWLEDGEMENT,
        "label": "Acknowledgement",
        "placeholders": {
            **COMMON,
            "decide_by": "The date we aim to decide by",
            "decide_working_days": "Working days we aim to decide within",
        },
        "title": "Your application for a review of a police complaint",
        "body": (
            "Dear {{ complainant_name }}\n\n"
            "Thank you for your application for a review of the outcome of your complaint to {{ force_name }} "
            "(their reference {{ force_reference }}). We received it on {{ received_on }}. Please quote our "
            "reference, {{ reference }}, if you contact us.\n\n"
            "We will first check that the Police and Crime Commissioner is the right body to review your "
            "complaint and that you applied in time. We aim to decide reviews within {{ decide_working_days }} "
            "working days, so by {{ decide_by }}. We will write to you if it will take longer.\n\n" + SIGN_OFF
        ),
    },
    {
        "key": FORWARDED,
        "label": "Forwarded to the IOPC",
        "placeholders": {**COMMON, "forwarded_on": "The date it was forwarded to the IOPC"},
        "title": "Your application has been sent to the Independent Office for Police Conduct",
        "body": (
            "Dear {{ complainant_name }}\n\n"
            "Thank you for your application for a review of your complaint to {{ force_name }} (their reference "
            "{{ force_reference }}), which we received on {{ received_on }}.\n\n"
            "The Independent Office for Police Conduct (IOPC), not the Police and Crime Commissioner, is the body "
            "that reviews this complaint. As the law requires (paragraph 32 of Schedule 3 to the Police Reform "
            "Act 2002), we sent your application to the IOPC on {{ forwarded_on }}. It counts as made to the IOPC "
            "on that day, and the IOPC will contact you.\n\n" + SIGN_OFF
        ),
    },
    {
        "key": OUT_OF_TIME,
        "label": "Out of time",
        "placeholders": {**COMMON, "window_ends_on": "The last day to apply"},
        "title": "Your application for a review arrived after the time limit",
        "body": (
            "Dear {{ complainant_name }}\n\n"
            "We received your application for a review of your complaint to {{ force_name }} (their reference "
            "{{ force_reference }}) on {{ received_on }}.\n\n"
            "An application must be made within 28 days, starting the day after you were told of your right to "
            "a review. For your complaint the last day was {{ window_ends_on }}. We can accept a late "
            "application only if special circumstances make it just to do so.\n\n"
            "If something stopped you applying in time, please tell us within 14 days, quoting {{ reference }}."
            "\n\n" + SIGN_OFF
        ),
    },
    {
        "key": DECISION,
        "label": "Decision to the complainant",
        "placeholders": {
            **COMMON,
            "result": "upheld or not upheld",
            "result_reasons": "The reasons for the decision",
            "decided_on": "The decision date",
            "recommendations": "The recommendations, numbered",
        },
        "title": "The outcome of your complaint review",
        "body": (
            "Dear {{ complainant_name }}\n\n"
            "We have reviewed how {{ force_name }} handled your complaint (their reference {{ force_reference }}). "
            "We looked at whether the outcome was reasonable and proportionate.\n\n"
            "On {{ decided_on }} we decided that your review is {{ result }}.\n\n"
            "Our reasons: {{ result_reasons }}\n\n"
            "Recommendations to the force:\n{{ recommendations }}\n\n"
            "We have sent a copy of this decision to the force. This is the end of the review process.\n\n"
            + SIGN_OFF
        ),
    },
    {
        "key": COPY_TO_FORCE,
        "label": "Copy of the decision to the force",
        "placeholders": {
            **COMMON,
            "result": "upheld or not upheld",
            "result_reasons": "The reasons for the decision",
            "decided_on": "The decision date",
            "recommendations": "The recommendations, numbered",
            "response_due": "The date the force's response is due",
        },
        "title": "Complaint review decision: {{ force_reference }}",
        "body": (
            "Our review {{ reference }} of complaint {{ force_reference }} was decided on {{ decided_on }}: "
            "{{ result }}.\n\n"
            "Reasons: {{ result_reasons }}\n\n"
            "Recommendations:\n{{ recommendations }}\n\n"
            "Please reply in writing, saying what you will do about each recommendation, by {{ response_due }}."
            "\n\n" + SIGN_OFF
        ),
    },
]


def register() -> None:
    """Called from ComplaintsConfig.ready(): the review's documents and letters."""
    from complaints.models import Review

    register_attachable(
        Review, view_perm="core.access_complaints", change_perm="core.access_complaints", kinds=DOCUMENT_KINDS
    )
    for letter in LETTERS:
        make = copy_to_force_context if letter["key"] == COPY_TO_FORCE else context
        register_letter(context=make, sample=sample, model=Review, **letter)  # type: ignore[arg-type]


def letters_for(review) -> list[tuple[str, str]]:
    """(key, label) of the letters that make sense for the review now, for the case page."""
    from complaints.models import Status

    keys = [ACKNOWLEDGEMENT]
    if review.status == Status.FORWARDED:
        keys = [FORWARDED]
    elif not review.in_time and not review.extension_granted:
        keys.append(OUT_OF_TIME)
    if review.result:
        keys += [DECISION, COPY_TO_FORCE]
    labels = {str(letter["key"]): str(letter["label"]) for letter in LETTERS}
    return [(key, labels[key]) for key in keys]
