"""Call-out forms: the request, each later step, and the one-page paper return (fast entry).

Dates are typed dd/mm/yyyy and times on the 24-hour clock; the forms read them into moments in
the office's time zone and the services check every rule again (their errors land on these fields
through `ERROR_FIELDS`). People and suites are chosen from bounded lists of ids compared as text,
so an id typed in another script's digits is "not in the list", never record 1.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from opcc.core import widgets as quick
from opcc.core.fields import UKDateField, WholeNumberField, required, text_area
from opcc.core.lists import text_input
from opcc.core.models import CustodySuite
from volunteers.models import (
    CallOutStatus,
    DetaineeAge,
    Outcome,
    Process,
    Rank,
    Scheme,
    UnfilledReason,
    Volunteer,
    Vulnerability,
)
from volunteers.services.callout_rules import MAX_ATTENDANCES, NOTE_LENGTH

from .people import TimeField

# A service's argument -> the form field its message belongs on.
ERROR_FIELDS = {
    "requested_at": "requested_time",
    "assigned_at": "assigned_time",
    "arrived_at": "arrived_time",
    "ended_at": "ended_time",
    "reason": "reason",
}
FINAL_STATUSES = [
    (CallOutStatus.COMPLETED, "Completed: an appropriate adult attended"),
    (CallOutStatus.UNFILLED, "Unfilled: no appropriate adult went"),
    (CallOutStatus.CANCELLED, "Cancelled by the police"),
]


def moment(day: dt.date | None, time: dt.time | None) -> dt.datetime | None:
    """The office's local date and time as an aware moment (None if either is missing)."""
    if day is None or time is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, time))


def after(start: dt.datetime | None, time: dt.time | None) -> dt.datetime | None:
    """`time` on the day of `start`, or the next day if it is earlier (a call-out past midnight)."""
    if start is None or time is None:
        return None
    local = timezone.localtime(start)
    candidate = moment(local.date(), time)
    assert candidate is not None
    return candidate if candidate >= local else moment(local.date() + dt.timedelta(days=1), time)


def _select(**attrs) -> quick.Select:
    return quick.Select(attrs={"class": "govuk-!-width-two-thirds", **attrs})


def _date(label: str, what: str, **kwargs) -> UKDateField:
    return UKDateField(label=label, what=what, not_future=True, **kwargs)


def _note(label: str, *, what: str, optional: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=f"{label} (optional)" if optional else label,
        required=not optional,
        max_length=NOTE_LENGTH,
        widget=text_area(rows),
        error_messages={
            **required(f"Enter {what}"),
            "max_length": f"Shorten {what} to %(limit_value)s characters or fewer (it has %(show_value)s)",
        },
    )


def suite_choices() -> list[tuple[str, str]]:
    """Open suites (reference data: a handful)."""
    today = timezone.localdate()
    suites = CustodySuite.objects.filter(active=True).open_between(today - dt.timedelta(days=366), today)
    return [("", "Choose a suite"), *((str(s.pk), s.name) for s in suites)]


def choose(label: str, choices, *, what: str, radios: bool = False, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect if radios else _select(),
        error_messages={**required(f"Choose {what}"), "invalid_choice": f"Choose {what} from the list"},
        **kwargs,
    )


def several(label: str, choices, *, what: str, **kwargs) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": f"Choose {what} from the list",
            "invalid_list": f"Choose {what} from the list",
        },
        **kwargs,
    )


class RequestFields(forms.Form):
    """The request as the custody sergeant gave it: when, where, who asked, who for, and why."""

    requested_on = _date("Date of the request", "date of the request")
    requested_time = TimeField(label="Time of the request", what="time of the request")
    suite = choose("Custody suite", [], what="the custody suite")
    officer_rank = choose(
        "Requesting officer's rank", [("", "Choose a rank"), *Rank.choices], what="the rank"
    )
    officer_number = forms.CharField(
        label="Collar number",
        max_length=10,
        widget=text_input(5),
        error_messages={
            **required("Enter the collar number"),
            "max_length": "Collar numbers have at most 10 characters",
        },
    )
    custody_number = forms.CharField(
        label="Custody number",
        max_length=30,
        widget=text_input(10),
        help_text="The custody record number, like 06/12345/24. Never the detainee's name.",
        error_messages={
            **required("Enter the custody number"),
            "max_length": "Custody numbers have at most 30 characters",
        },
    )
    detainee_age = choose("The detainee is", DetaineeAge.choices, what="adult or juvenile", radios=True)
    vulnerabilities = several(
        "Vulnerability",
        Vulnerability.choices,
        what="vulnerabilities",
        help_text="Select all that apply. An adult needs at least one.",
    )
    vulnerability_note = forms.CharField(
        label="About the vulnerability (optional)",
        required=False,
        max_length=500,
        widget=text_input(30),
        help_text="What “other” means here. No names.",
        error_messages={"max_length": "Shorten the note to %(limit_value)s characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suite"].choices = suite_choices()

    def request_values(self) -> dict:
        data = self.cleaned_data
        suite = CustodySuite.objects.filter(pk=data["suite"]).first()
        return {
            "requested_at": moment(data["requested_on"], data["requested_time"]),
            "suite": suite,
            "officer_rank": data["officer_rank"],
            "officer_number": data["officer_number"],
            "custody_number": data["custody_number"],
            "detainee_age": data["detainee_age"],
            "vulnerabilities": set(data["vulnerabilities"]),
            "vulnerability_note": data["vulnerability_note"],
        }


class RequestForm(RequestFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requested_on"].widget.attrs["autofocus"] = True


def volunteer_label(volunteer: Volunteer) -> str:
    return f"{volunteer.name}{f' ({volunteer.team})' if volunteer.team else ''}"


class AssignForm(forms.Form):
    """An eligible AA: those on the availability rota at the request time first (`candidates`)."""

    volunteer = choose("Appropriate adult", [], what="the appropriate adult")
    assigned_on = _date("Date assigned", "date assigned")
    assigned_time = TimeField(label="Time assigned", what="time assigned")
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, available=(), others=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(v.pk): v for v in [*available, *others]}
        groups: list = [("", "Choose an appropriate adult")]
        if available:
            groups.append(
                ("On the availability rota then", [(str(v.pk), volunteer_label(v)) for v in available])
            )
        if others:
            groups.append(
                ("Other eligible appropriate adults", [(str(v.pk), volunteer_label(v)) for v in others])
            )
        self.fields["volunteer"].choices = groups
        self.fields["volunteer"].widget.attrs["autofocus"] = True

    def clean_seen(self) -> str:
        """The AA the page showed (an id, or blank for none): anything else is a tampered page."""
        seen = self.cleaned_data["seen"]
        if seen and not (seen.isascii() and seen.isdigit() and len(seen) <= 18):
            raise forms.ValidationError("The page was out of date: open the call-out and assign again.")
        return seen

    def chosen(self) -> Volunteer:
        return self.people[self.cleaned_data["volunteer"]]


class AttendForm(forms.Form):
    arrived_on = _date("Date arrived", "date of arrival")
    arrived_time = TimeField(label="Time arrived at the suite", what="arrival time")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arrived_time"].widget.attrs["autofocus"] = True


class CompleteForm(forms.Form):
    ended_on = _date("Date ended", "date it ended")
    ended_time = TimeField(label="Time the support ended", what="end time")
    processes = several(
        "PACE processes attended", Process.choices, what="processes", help_text="Select all that apply."
    )
    outcome = choose("Outcome", Outcome.choices, what="the outcome", radios=True)
    attendances = WholeNumberField(
        label="Attendances",
        min_value=1,
        max_value=MAX_ATTENDANCES,
        initial=1,
        help_text="Visits to the suite for this detainee.",
        error_messages=required("Enter the number of attendances"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_time"].widget.attrs["autofocus"] = True


class UnfillForm(forms.Form):
    reason = choose(
        "Why was it not filled?", UnfilledReason.choices, what="why it was not filled", radios=True
    )
    note = _note("Note", what="a note")


class CancelForm(forms.Form):
    note = _note("Why was it cancelled?", what="why it was cancelled", optional=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].widget.attrs["autofocus"] = True


def paper_aa_choices() -> list[tuple[str, str]]:
    """Active volunteers of the AA scheme (the scheme's size); eligibility on the day is the service's."""
    people = Volunteer.objects.active().in_scheme(Scheme.AA).only("pk", "first_name", "last_name", "team")
    return [("", "None (unfilled or cancelled)"), *((str(v.pk), volunteer_label(v)) for v in people)]


class PaperReturnForm(RequestFields):
    """A finished call-out from a paper return, in the order the paper reads, keyboard only."""

    SECTIONS = (
        (
            "The request",
            (
                "requested_on",
                "requested_time",
                "suite",
                "officer_rank",
                "officer_number",
                "custody_number",
                "detainee_age",
                "vulnerabilities",
                "vulnerability_note",
            ),
        ),
        ("How it ended", ("status",)),
        ("If completed", ("volunteer", "arrived_time", "ended_time", "processes", "outcome", "attendances")),
        ("If unfilled or cancelled", ("unfilled_reason",)),
        ("Anything else", ("note",)),
    )

    status = choose("How it ended", FINAL_STATUSES, what="how the call-out ended", radios=True)
    volunteer = choose("Appropriate adult", [], what="the appropriate adult", required=False)
    arrived_time = TimeField(
        label="Time arrived",
        what="arrival time",
        required=False,
        help_text="24-hour clock. A time earlier than the request is read as the next day.",
    )
    ended_time = TimeField(
        label="Time ended",
        what="end time",
        required=False,
        help_text="24-hour clock. A time earlier than the arrival is read as the next day.",
    )
    processes = several("PACE processes attended", Process.choices, what="processes")
    outcome = choose(
        "Outcome", [("", "Choose an outcome"), *Outcome.choices], what="the outcome", required=False
    )
    attendances = WholeNumberField(
        label="Attendances", min_value=1, max_value=MAX_ATTENDANCES, initial=1, required=False
    )
    unfilled_reason = choose(
        "Why it was not filled",
        [("", "Not unfilled"), *UnfilledReason.choices],
        what="why it was not filled",
        required=False,
    )
    note = _note("Note", what="a note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].choices = paper_aa_choices()
        self.fields["requested_on"].widget.attrs["autofocus"] = True

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        values = self.request_values()
        volunteer = Volunteer.objects.filter(pk=data["volunteer"]).first() if data.get("volunteer") else None
        arrived = after(values["requested_at"], data.get("arrived_time"))
        return values | {
            "status": data["status"],
            "volunteer": volunteer,
            "arrived_at": arrived,
            "ended_at": after(arrived, data.get("ended_time")),
            "processes": set(data.get("processes") or ()),
            "outcome": data.get("outcome") or "",
            "attendances": data.get("attendances") or 1,
            "unfilled_reason": data.get("unfilled_reason") or "",
            "note": data.get("note") or "",
        }
