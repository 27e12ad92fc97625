"""The custody visit form (one page: times, the pair, the 6 x 4 detainee grid, conditions) and the
issue forms. The services check every rule again; the form only reads what was typed.

The visitor selects list the custody visitors eligible on the visit's day (a bounded list, never
every volunteer); any ICV's id is accepted, so a visitor who was not eligible that day is refused
by the service with a message naming what had expired, not "select a valid choice".
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from opcc.core.fields import UKDateField, WholeNumberField, required, text_area
from opcc.core.models import CustodySuite
from opcc.core.text import other_digits
from volunteers.models import (
    CELLS,
    ConditionItem,
    ConditionResult,
    CustodyVisit,
    IssueCategory,
    Mode,
    NotOfferedReason,
    Scheme,
    Volunteer,
)
from volunteers.models.visits import SUBCATEGORY_CHOICES
from volunteers.services.common import ACCESS, COORDINATE
from volunteers.services.eligibility import eligible
from volunteers.services.visits import MAX_COUNT, MEASURES, cell_key, cell_name

from .people import TimeField

LONG_TEXT = 10_000
VISITOR_FIELDS = ("visitor_1", "visitor_2", "visitor_3")


def _text(label: str, *, what: str, optional: bool = False, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=f"{label} (optional)" if optional else label,
        required=not optional,
        max_length=LONG_TEXT,
        widget=text_area(rows),
        error_messages={
            **required(f"Enter {what}"),
            "max_length": f"Shorten {what} to %(limit_value)s characters or fewer (it has %(show_value)s)",
        },
    )


def _count(label: str, *, what: str, required_: bool = True) -> WholeNumberField:
    field = WholeNumberField(
        label=label,
        min_value=0,
        max_value=MAX_COUNT,
        required=required_,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "class": "govuk-input govuk-input--width-3",
                "spellcheck": "false",
                "autocomplete": "off",
            }
        ),
    )
    field.error_messages.update(
        required=f"Enter {what} (0 if none)",
        invalid=f"{what}: enter a whole number, like 3",
        min_value=f"{what} cannot be negative",
        max_value=f"{what} must be {MAX_COUNT} or less: check the count",
    )
    return field


class VisitorField(forms.ModelChoiceField):
    """Any custody visitor's id is read; the options shown are only those eligible that day."""

    def __init__(self, *, label: str, options: list[tuple[str, str]], **kwargs):
        super().__init__(
            queryset=Volunteer.objects.in_scheme(Scheme.ICV),
            label=label,
            empty_label="Choose a visitor" if kwargs.get("required", True) else "None",
            error_messages={
                "invalid_choice": "Choose a custody visitor from the list",
                **required("Choose a visitor"),
            },
            **kwargs,
        )
        self.widget.choices = [("", self.empty_label), *options]

    def to_python(self, value):
        if isinstance(value, str) and (len(value) > 12 or other_digits(value)):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class VisitForm(forms.Form):
    suite = forms.ModelChoiceField(
        label="Custody suite",
        queryset=CustodySuite.objects.order_by("name"),
        empty_label="Choose a suite",
        error_messages={
            **required("Choose the custody suite"),
            "invalid_choice": "Choose a suite from the list",
        },
    )
    visited_on = UKDateField(label="Date of the visit", not_future=True, what="date of the visit")
    arrived_at = TimeField(label="Time arrived", what="time the visitors arrived")
    admitted_at = TimeField(label="Time admitted", what="time the visitors were admitted")
    left_at = TimeField(label="Time left", what="time the visitors left")
    mode = forms.ChoiceField(
        label="How the visit was made",
        choices=Mode.choices,
        initial=Mode.FACE_TO_FACE,
        widget=forms.RadioSelect,
        error_messages=required("Choose how the visit was made"),
    )
    pair_exception = _text(
        "Why the visit was not made by two custody visitors",
        what="the reason",
        optional=True,
        rows=2,
    )
    detainees_present = _count("Detainees in custody on arrival", what="the detainees in custody on arrival")
    notes = _text("Notes", what="the notes", optional=True)

    def __init__(self, *args, visit: CustodyVisit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        day = self._day()
        shown = {str(v.pk): v.name for v in eligible(scheme=Scheme.ICV, day=day)}
        if visit is not None:  # the visit's own visitors stay choosable when correcting it
            shown |= {str(v.pk): v.name for v in visit.visitors.all()}
        options = sorted(shown.items(), key=lambda item: item[1])
        labels = ("First visitor", "Second visitor", "Third visitor (only with an exception)")
        for index, (name, label) in enumerate(zip(VISITOR_FIELDS, labels, strict=True)):
            self.fields[name] = VisitorField(label=label, options=options, required=index == 0)
        self.fields["visitor_1"].help_text = f"Custody visitors who may visit on {day:%d/%m/%Y}."
        self.order_fields(
            ["suite", "visited_on", "arrived_at", "admitted_at", "left_at", "mode", *VISITOR_FIELDS]
        )
        for age, sex in CELLS:
            for measure in MEASURES:
                what = f"{cell_name(age, sex)}: {measure}"
                self.fields[cell_key(age, sex, measure)] = _count(what, what=what)
        for reason in NotOfferedReason:
            self.fields[f"not_offered_{reason.value}"] = _count(
                reason.label, what=f"Not offered: {reason.label}", required_=False
            )
        for item in ConditionItem:
            self.fields[f"condition_{item.value}"] = forms.ChoiceField(
                label=item.label, choices=ConditionResult.choices, initial=ConditionResult.NOT_CHECKED
            )

    def _day(self) -> dt.date:
        """The visit's date as typed (the list of visitors follows it), or today."""
        field = self.fields["visited_on"]
        raw = (
            self.data.get(self.add_prefix("visited_on")) if self.is_bound else self.initial.get("visited_on")
        )
        if isinstance(raw, dt.date):
            return raw
        try:
            value = field.clean(raw)
        except forms.ValidationError:
            return timezone.localdate()
        return value or timezone.localdate()

    # Groups of fields for the template.
    def grid(self):
        return [(cell_name(age, sex), [self[cell_key(age, sex, m)] for m in MEASURES]) for age, sex in CELLS]

    def not_offered_fields(self):
        return [self[f"not_offered_{r.value}"] for r in NotOfferedReason]

    def condition_fields(self):
        return [self[f"condition_{i.value}"] for i in ConditionItem]

    def visitor_fields(self):
        return [self[name] for name in VISITOR_FIELDS]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "suite": data["suite"],
            "visited_on": data["visited_on"],
            "arrived_at": data["arrived_at"],
            "admitted_at": data["admitted_at"],
            "left_at": data["left_at"],
            "mode": data["mode"],
            "visitors": [data[name] for name in VISITOR_FIELDS if data.get(name)],
            "pair_exception": data["pair_exception"],
            "detainees_present": data["detainees_present"],
            "counts": {(age, sex): {m: data[cell_key(age, sex, m)] for m in MEASURES} for age, sex in CELLS},
            "not_offered": {
                r.value: data[f"not_offered_{r.value}"]
                for r in NotOfferedReason
                if data.get(f"not_offered_{r.value}")
            },
            "conditions": {i.value: data[f"condition_{i.value}"] for i in ConditionItem},
            "notes": data["notes"],
        }

    @staticmethod
    def initial_for(visit: CustodyVisit) -> dict:
        initial: dict = {
            "suite": visit.suite_id,
            "visited_on": visit.visited_on,
            "arrived_at": f"{visit.arrived_at:%H:%M}",
            "admitted_at": f"{visit.admitted_at:%H:%M}",
            "left_at": f"{visit.left_at:%H:%M}",
            "mode": visit.mode,
            "pair_exception": visit.pair_exception,
            "detainees_present": visit.detainees_present,
            "notes": visit.notes,
        }
        for name, volunteer in zip(VISITOR_FIELDS, visit.visitors.order_by("last_name", "pk"), strict=False):
            initial[name] = volunteer.pk
        for row in visit.counts.all():
            for measure in MEASURES:
                initial[cell_key(row.age_group, row.sex, measure)] = getattr(row, measure)
        for reason in visit.not_offered.all():
            initial[f"not_offered_{reason.reason}"] = reason.count
        for condition in visit.conditions.all():
            initial[f"condition_{condition.item}"] = condition.result
        return initial

    @staticmethod
    def blank_initial() -> dict:
        """A new visit starts with zero in every cell (most cells of a night's grid are 0)."""
        return {cell_key(age, sex, m): 0 for age, sex in CELLS for m in MEASURES} | {"detainees_present": 0}


class ReportSubmittedForm(forms.Form):
    on = UKDateField(
        label="Date the report was submitted", not_future=True, what="date the report was submitted"
    )


def coordinators():
    """The follow-up owners to choose from: active volunteer coordinators (a handful of people)."""
    perm = Q(groups__permissions__codename=COORDINATE.split(".")[1]) | Q(
        user_permissions__codename=COORDINATE.split(".")[1]
    )
    access = Q(groups__permissions__codename=ACCESS.split(".")[1]) | Q(
        user_permissions__codename=ACCESS.split(".")[1]
    )
    users = get_user_model().objects.filter(is_active=True)
    return (
        users.filter(pk__in=users.filter(perm).values("pk"))
        .filter(pk__in=users.filter(access).values("pk"))
        .order_by("first_name", "last_name", "pk")
    )


class IssueForm(forms.Form):
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "Choose a category"), *IssueCategory.choices],
        error_messages={
            **required("Choose the category"),
            "invalid_choice": "Choose a category from the list",
        },
    )
    subcategory = forms.ChoiceField(
        label="Sub-category",
        choices=[("", "Choose a sub-category"), *SUBCATEGORY_CHOICES],
        help_text="It must belong to the category.",
        error_messages={
            **required("Choose the sub-category"),
            "invalid_choice": "Choose a sub-category from the list",
        },
    )
    description = _text("What was found", what="what was found")
    raised_at_time = forms.BooleanField(
        label="Raised with custody staff at the time", required=False, initial=True
    )
    staff_response = _text("The custody staff's response", what="the staff's response", optional=True, rows=3)
    follow_up_owner = forms.ModelChoiceField(
        label="Follow-up owner (optional)",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="No one yet",
        error_messages={"invalid_choice": "Choose a coordinator from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["follow_up_owner"]
        field.queryset = coordinators()
        field.label_from_instance = lambda user: user.get_full_name() or user.get_username()


class IssueStepForm(forms.Form):
    on = UKDateField(label="Date", not_future=True, what="date")


class EscalateForm(IssueStepForm):
    note = _text("Who it was taken up with, and how", what="the note", optional=True, rows=3)


class ResponseForm(IssueStepForm):
    response = _text("The force's response", what="the force's response", rows=5)


class CloseForm(IssueStepForm):
    outcome = _text("Outcome", what="the outcome", rows=4)
