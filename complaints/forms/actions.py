"""One small form per step of a review (complaints/workflow.py); the services check everything again."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms

from complaints.models import (
    Answer,
    BodyCheck,
    Criterion,
    Direction,
    Finding,
    InvalidReason,
    LearningTheme,
    Recommendation,
    Result,
)
from complaints.services import reviewers
from opcc.core.fields import required

from .reviews import AsciiKeyMixin, date, long_text

TODAY = "Leave blank for today. For example, 27/03/2025"


def radios(label: str, choices, *, what: str) -> forms.ChoiceField:
    message = f"Choose {what}"
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={**required(message), "invalid_choice": message},
    )


def date_of(label: str, what: str) -> forms.DateField:
    """An optional date of the step: blank means today (the service's default)."""
    return date(label, what=what, optional=True, help_text=TODAY)


class ConfirmForm(forms.Form):
    """A step that needs nothing but the button (mark out of time)."""


class AcknowledgeForm(forms.Form):
    on = date_of("Date acknowledged", "date acknowledged")


class ForwardToIopcForm(forms.Form):
    on = date_of("Date forwarded to the IOPC", "date forwarded")


class SendRecommendationsForm(forms.Form):
    on = date_of("Date sent to the force", "date sent")


class CloseForm(forms.Form):
    on = date_of("Date closed", "date closed")


class ChaseForm(forms.Form):
    on = date_of("Date chased", "date chased")


class ReceiveForm(forms.Form):
    on = date_of("Date the information was received", "date received")


class BodyCheckForm(forms.Form):
    """The seven relevant review body questions: an answer and an optional note each."""

    def __init__(self, *args, checks: Iterable[BodyCheck] = (), **kwargs):
        super().__init__(*args, **kwargs)
        current = {check.criterion: check for check in checks}
        for criterion in Criterion:
            check = current.get(criterion)
            short = criterion.label[:3] if criterion.label.startswith("(") else "the chief officer question"
            answer = radios(criterion.label, Answer.choices, what=f"an answer to {short}")
            answer.initial = check.answer if check else Answer.UNKNOWN
            note = long_text("Note", what="the note", rows=2, optional=True)
            note.initial = check.note if check else ""
            self.fields[f"answer_{criterion.value}"] = answer
            self.fields[f"note_{criterion.value}"] = note

    def questions(self) -> list[tuple]:
        """(answer field, note field) per criterion, for the template."""
        return [(self[f"answer_{c.value}"], self[f"note_{c.value}"]) for c in Criterion]

    def answers(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {c.value: (data[f"answer_{c.value}"], data[f"note_{c.value}"]) for c in Criterion}


class ForwardingForm(forms.Form):
    direction = radios("Which way was it forwarded?", Direction.choices, what="which way it was forwarded")
    received_on = date("Date the other body received it", what="date the other body received it")
    forwarded_on = date("Date it was forwarded", what="date it was forwarded")

    def clean(self):
        data = super().clean()
        start, end = data.get("received_on"), data.get("forwarded_on")
        if start and end and end < start:
            self.add_error(
                "forwarded_on", "The date it was forwarded cannot be before the date it was received"
            )
        return data


class InvalidForm(forms.Form):
    reason = radios(
        "Why is the application invalid?", InvalidReason.choices, what="why the application is invalid"
    )
    note = long_text(
        "Note",
        what="why the application is invalid",
        optional=True,
        help_text="Required when the reason is Other.",
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == InvalidReason.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", "Enter why the application is invalid")
        return data


class ExtendForm(forms.Form):
    reason = long_text(
        "What are the special circumstances?",
        what="the special circumstances",
        help_text="Why it is just to accept the application although it arrived after the last day to apply.",
    )


class WithdrawForm(forms.Form):
    reason = long_text("How did the complainant withdraw?", what="how the complainant withdrew")


class ReviewerChoiceField(AsciiKeyMixin, forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class ReviewerForm(forms.Form):
    """A Reviews manager (there are a handful): radios."""

    reviewer = ReviewerChoiceField(
        label="Who reviews it?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            **required("Choose a Reviews manager as the reviewer"),
            "invalid_choice": "Choose a Reviews manager as the reviewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers()  # type: ignore[attr-defined]


class ConflictForm(forms.Form):
    note = long_text(
        "Describe the conflict of interest",
        what="the conflict of interest",
        help_text="For example, you know the complainant. You will not be able to decide, extend or close it.",
    )


class InformationRequestForm(forms.Form):
    what = long_text("What information do you need from the force?", what="the information requested")
    on = date_of("Date requested", "date requested")


class FindingForm(forms.Form):
    allegation = long_text("The allegation", what="the allegation", rows=3)
    outcome = radios(
        "Was the handling reasonable and proportionate?",
        Finding.Outcome.choices,
        what="whether the handling was reasonable and proportionate",
    )
    reasons = long_text("Reasons for the finding", what="the reasons for the finding", rows=5)


class DecideForm(forms.Form):
    result = radios("The decision", Result.choices, what="upheld or not upheld")
    reasons = long_text("Reasons for the decision", what="the reasons for the decision", rows=6)
    on = date_of("Date decided", "date decided")


class RecommendationForm(forms.Form):
    text_ = long_text("The recommendation to the force", what="the recommendation", rows=4)


class ResponseForm(forms.Form):
    response = radios(
        "Did the force accept the recommendation?",
        Recommendation.Response.choices,
        what="whether the force accepted it",
    )
    action_taken = long_text("Action the force took", what="the action taken", optional=True)
    on = date_of("Date of the force's response", "date of the response")


class ThemeField(AsciiKeyMixin, forms.ModelChoiceField):
    pass


class LearningForm(forms.Form):
    theme = ThemeField(  # a short vocabulary: radios
        label="Theme",
        queryset=LearningTheme.objects.active(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={**required("Choose a learning theme"), "invalid_choice": "Choose a learning theme"},
    )
    text_ = long_text("The learning point", what="the learning point", rows=4)
