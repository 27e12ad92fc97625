"""Forms of the panel members, hearings and appeals registers and the rota (the services check again)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from complaints.models import Appeal, Hearing, PanelMember, RankBand
from opcc.core.fields import UKDateField, required, text_area

LONG_TEXT = 10_000


def _text(label: str, *, what: str, rows: int = 4, optional: bool = False, max_length: int = LONG_TEXT):
    return forms.CharField(
        label=f"{label} (optional)" if optional else label,
        required=not optional,
        max_length=max_length,
        widget=text_area(rows)
        if max_length > 200
        else forms.TextInput(attrs={"class": "govuk-input--width-20"}),
        error_messages={
            **required(f"Enter {what}"),
            "max_length": f"Shorten {what} to %(limit_value)s characters or fewer (it has %(show_value)s)",
        },
    )


def _date(
    label: str, what: str, *, optional: bool = False, not_future: bool = False, **kwargs
) -> UKDateField:
    return UKDateField(
        label=f"{label} (optional)" if optional else label,
        required=not optional,
        not_future=not_future,
        what=what,
        **kwargs,
    )


def _choice(label: str, choices, what: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, error_messages=required(f"Choose {what}")
    )


class ReferenceField(forms.CharField):
    """The force's case reference: never the officer's name."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Force reference")
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", "The force's case reference. Do not name the officer.")
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"})
        )
        kwargs.setdefault(
            "error_messages",
            {
                **required("Enter the force's reference"),
                "max_length": "Shorten the force reference to 40 characters or fewer",
            },
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = " ".join((super().clean(value) or "").split())
        if self.required and not value:
            raise ValidationError("Enter the force's reference")
        return value


class ServiceForm(forms.Form):
    FIELDS: tuple[str, ...] = ()

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}

    @classmethod
    def initial_for(cls, obj) -> dict:
        return {name: getattr(obj, name) for name in cls.FIELDS}


class PanelMemberForm(ServiceForm):
    name = _text("Name", what="the member's name", max_length=150)
    role = _choice("Role", PanelMember.Role.choices, "the member's role")
    qualified = forms.BooleanField(
        label="Has disciplinary qualifications or experience",
        required=False,
        help_text="One of a hearing's two independent members must have them (from 7 May 2024).",
    )
    email = forms.EmailField(
        label="Email (optional)",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    phone = _text("Phone", what="the phone number", optional=True, max_length=30)
    region = _text("Region", what="the region", optional=True, max_length=80)
    term_starts_on = _date("Term starts", "term start date")
    term_ends_on = _date("Term ends", "term end date")
    vetting_expires_on = _date("Vetting expires", "vetting expiry date")
    last_trained_on = _date("Last trained", "training date", optional=True, not_future=True)
    training_notes = _text("Training", what="the training notes", optional=True)
    declared_interests = _text("Declared interests", what="the declared interests", optional=True)
    unavailable_from = _date("Unavailable from", "first unavailable date", optional=True)
    unavailable_until = _date("Unavailable until", "last unavailable date", optional=True)
    active = forms.BooleanField(
        label="On the list (untick when the member leaves)", required=False, initial=True
    )

    FIELDS = (
        "name",
        "role",
        "qualified",
        "email",
        "phone",
        "region",
        "term_starts_on",
        "term_ends_on",
        "vetting_expires_on",
        "last_trained_on",
        "training_notes",
        "declared_interests",
        "unavailable_from",
        "unavailable_until",
        "active",
    )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("term_starts_on"), data.get("term_ends_on")
        if starts and ends and ends < starts:
            self.add_error("term_ends_on", "The term cannot end before it starts")
        away, back = data.get("unavailable_from"), data.get("unavailable_until")
        if away and back and back < away:
            self.add_error("unavailable_until", "The last unavailable date cannot be before the first")
        return data


class HearingForm(ServiceForm):
    force_reference = ReferenceField()
    requested_on = _date("Date the force asked for members", "request date", not_future=True)
    kind = _choice("Type of hearing", Hearing.Kind.choices, "the type of hearing")
    rank_band = _choice("Officer's rank band", RankBand.choices, "the officer's rank band")
    starts_on = _date("First hearing day", "first hearing day")
    ends_on = _date("Last hearing day", "last hearing day", optional=True)

    FIELDS = ("force_reference", "requested_on", "kind", "rank_band", "starts_on", "ends_on")

    def clean(self):
        data = super().clean()
        requested, starts, ends = data.get("requested_on"), data.get("starts_on"), data.get("ends_on")
        if requested and starts and starts < requested:
            self.add_error("starts_on", "The hearing cannot start before the force asked for members")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The last hearing day cannot be before the first")
        return data


class HoldForm(forms.Form):
    outcome = _text("Outcome", what="the outcome of the hearing")
    outcome_notified_on = _date(
        "Date the outcome was notified", "date the outcome was notified", optional=True, not_future=True
    )


class NotifyForm(forms.Form):
    outcome_notified_on = _date(
        "Date the outcome was notified", "date the outcome was notified", not_future=True
    )


class ReasonForm(forms.Form):
    reason = _text("Reason", what="the reason", rows=3, max_length=2_000)


class AppealForm(ServiceForm):
    force_reference = ReferenceField()
    received_on = _date("Date the notice was received", "date the notice was received", not_future=True)
    against = _choice("Appeal against", Appeal.Against.choices, "what the appeal is against")
    rank_band = _choice("Officer's rank band", RankBand.choices, "the officer's rank band")
    hearing = ReferenceField(
        label="Force reference of the hearing appealed against (optional)",
        required=False,
        help_text="Type the hearing's reference exactly as on the register. Leave blank if it is not on it.",
    )

    FIELDS = ("force_reference", "received_on", "against", "rank_band")

    def service_fields(self) -> dict:
        return {**super().service_fields(), "hearing": self.cleaned_data["hearing_record"]}

    @classmethod
    def initial_for(cls, obj) -> dict:
        return {**super().initial_for(obj), "hearing": obj.hearing.force_reference if obj.hearing_id else ""}

    def clean(self):
        from complaints.services.panels import hearing_by_reference

        data = super().clean()
        try:
            data["hearing_record"] = hearing_by_reference(data.get("hearing", ""))
        except ValidationError as exc:
            self.add_error("hearing", exc.message_dict["hearing"])
        return data


class ArrangeForm(forms.Form):
    tribunal_arranged_on = _date("Date arranged", "date the tribunal was arranged", not_future=True)
    tribunal_on = _date("Tribunal hearing date", "tribunal hearing date")


class DetermineForm(forms.Form):
    outcome = _choice("Determination", Appeal.Outcome.choices, "the tribunal's determination")
    outcome_notes = _text("Notes", what="the notes", optional=True)


class ConfirmForm(forms.Form):
    """A step with nothing to type."""


class RotaForm(forms.Form):
    """How many empty seats to fill, and the members with a conflict on this hearing."""

    count = forms.TypedChoiceField(label="Seats to fill", coerce=int, widget=forms.RadioSelect)
    conflicts = forms.TypedMultipleChoiceField(
        label="Members with a conflict of interest on this case (optional)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The rota skips them and records the note.",
    )
    conflict_note = _text("What the conflict is", what="the conflict", optional=True, rows=2, max_length=500)

    def __init__(self, *args, empty: int, members: list[PanelMember], **kwargs):
        super().__init__(*args, **kwargs)
        count = self.fields["count"]
        assert isinstance(count, forms.ChoiceField)
        count.choices, count.initial = [(n, str(n)) for n in range(empty, 0, -1)], empty
        conflicts = self.fields["conflicts"]
        assert isinstance(conflicts, forms.ChoiceField)
        conflicts.choices = [(m.pk, m.name) for m in members]

    def conflicts_map(self) -> dict[int, str]:
        note = self.cleaned_data.get("conflict_note", "") or "conflict of interest declared"
        return dict.fromkeys(self.cleaned_data.get("conflicts", []), note)


class ManualForm(forms.Form):
    member = forms.TypedChoiceField(
        label="Member", coerce=int, widget=forms.RadioSelect, error_messages=required("Choose the member")
    )
    reason = _text(
        "Why outside the rota", what="why the member is appointed outside the rota", rows=3, max_length=2_000
    )

    def __init__(self, *args, members: list[PanelMember], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(m.pk, m.name) for m in members]
