"""Recording an application for review and correcting it (the services check every rule again).

Dates are typed as dd/mm/yyyy (`opcc.core.fields.UKDateField`, the office's one date input);
the order of the dates and the direction-control rule on names are the model's, and come back from
the service as errors on these fields.
"""

from __future__ import annotations

from django import forms

from complaints.models import Channel, HandlingType, PreferredChannel, Review, SubjectCategory
from opcc.core.fields import UKDateField, required, text_area
from opcc.core.lists import text_input
from opcc.core.text import other_digits

LONG_TEXT = 10_000  # a page of text, not a pasted file


def long_text(label: str, *, what: str, rows: int = 4, optional: bool = False, help_text: str = ""):
    """A textarea of at most LONG_TEXT characters, with messages that say what to enter."""
    return forms.CharField(
        label=f"{label} (optional)" if optional else label,
        required=not optional,
        max_length=LONG_TEXT,
        widget=text_area(rows),
        help_text=help_text,
        error_messages={
            **required(f"Enter {what}"),
            "max_length": f"Shorten {what} to %(limit_value)s characters or fewer (it has %(show_value)s)",
        },
    )


def short_text(label: str, *, max_length: int, what: str, optional: bool = False, width: int = 20, **kwargs):
    return forms.CharField(
        label=f"{label} (optional)" if optional else label,
        required=not optional,
        max_length=max_length,
        widget=text_input(width),
        error_messages={
            **required(f"Enter {what}"),
            "max_length": f"Shorten {what} to %(limit_value)s characters or fewer (it has %(show_value)s)",
        },
        **kwargs,
    )


def date(label: str, *, what: str, optional: bool = False, help_text: str = "") -> UKDateField:
    kwargs = {"help_text": help_text} if help_text else {}
    return UKDateField(
        label=f"{label} (optional)" if optional else label,
        what=what,
        not_future=True,
        required=not optional,
        **kwargs,
    )


class AsciiKeyMixin:
    """Ids typed with the digits 0 to 9 only: int() would read an Arabic-Indic one as record 1."""

    def to_python(self, value):
        if isinstance(value, str) and other_digits(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)  # type: ignore[misc]

    def _check_values(self, value):
        if any(isinstance(v, str) and other_digits(v) for v in value or ()):
            raise forms.ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value")
        return super()._check_values(value)  # type: ignore[misc]


class SubjectsField(AsciiKeyMixin, forms.ModelMultipleChoiceField):
    """The subject vocabulary is small (under 20 active): checkboxes, not a select."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=SubjectCategory.objects.active(),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            error_messages={
                "invalid_choice": "Choose subjects from the list",
                "invalid_pk_value": "Choose subjects from the list",
                "invalid_list": "Choose subjects from the list",
            },
            **kwargs,
        )


class ReviewForm(forms.Form):
    """The application in three sections; `sections()` gives the template the fields of each."""

    SECTIONS = (
        (
            "The complaint",
            ("force_reference", "complaint_made_on", "handling_type", "subjects", "summary"),
        ),
        (
            "The complainant and any representative",
            (
                "complainant_name",
                "complainant_email",
                "complainant_phone",
                "complainant_address",
                "complainant_postcode",
                "preferred_channel",
                "reasonable_adjustments",
                "representative_name",
                "representative_contact",
            ),
        ),
        ("The application", ("review_info_given_on", "received_on", "received_channel")),
    )

    # The complaint
    force_reference = short_text(
        "The force's complaint reference",
        max_length=40,
        what="the force's complaint reference",
        help_text="As the Professional Standards Department wrote it, for example PSD/2025/0123.",
    )
    complaint_made_on = date("Date the complaint was made", what="date the complaint was made")
    handling_type = forms.ChoiceField(
        label="How the force handled the complaint",
        choices=HandlingType.choices,
        widget=forms.RadioSelect,
        error_messages={
            **required("Choose how the force handled the complaint"),
            "invalid_choice": "Choose how the force handled the complaint",
        },
    )
    subjects = SubjectsField(
        label="What the complaint is about (optional)", help_text="Select all that apply."
    )
    summary = long_text(
        "Summary of the complaint",
        what="the summary",
        optional=True,
        help_text="Describe the conduct complained of. Do not name police officers: use rank bands.",
    )
    # The complainant and any representative
    complainant_name = short_text(
        "Complainant's full name", max_length=150, what="the complainant's name", width=30
    )
    complainant_email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        widget=forms.EmailInput(
            attrs={"class": "govuk-input--width-30", "autocomplete": "off", "spellcheck": "false"}
        ),
        error_messages={
            "invalid": "Enter an email address in the right format, like name@example.com",
            "max_length": "Shorten the email address to %(limit_value)s characters or fewer",
        },
    )
    complainant_phone = short_text("Phone number", max_length=30, what="the phone number", optional=True)
    complainant_address = long_text("Postal address", what="the address", rows=3, optional=True)
    complainant_postcode = short_text("Postcode", max_length=10, what="the postcode", optional=True, width=10)
    preferred_channel = forms.ChoiceField(
        label="How they want us to contact them",
        choices=PreferredChannel.choices,
        widget=forms.RadioSelect,
        error_messages={
            **required("Choose how they want us to contact them"),
            "invalid_choice": "Choose how they want us to contact them",
        },
    )
    reasonable_adjustments = long_text(
        "Reasonable adjustments",
        what="the reasonable adjustments",
        rows=3,
        optional=True,
        help_text=(
            "This is special category data (it may reveal health). Record only what the office needs "
            "to act on, such as large print or a phone call instead of letters."
        ),
    )
    representative_name = short_text(
        "Representative's name", max_length=150, what="the representative's name", optional=True, width=30
    )
    representative_contact = long_text(
        "Representative's contact details", what="the representative's contact details", rows=3, optional=True
    )
    # The application and its 28-day window
    review_info_given_on = date(
        "Date the review information was given",
        what="date the review information was given",
        help_text="The date of the force's outcome letter that told them about the right of review. "
        "For example, 27/03/2025",
    )
    received_on = date("Date the application was received", what="date the application was received")
    received_channel = forms.ChoiceField(
        label="How the application was received",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={
            **required("Choose how the application was received"),
            "invalid_choice": "Choose how the application was received",
        },
    )

    def __init__(self, *args, review: Review | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if review is not None:
            # A subject retired since keeps showing on the records that have it.
            subjects = self.fields["subjects"]
            subjects.queryset = SubjectCategory.objects.filter(  # type: ignore[attr-defined]
                pk__in=SubjectCategory.objects.active().values("pk").union(review.subjects.values("pk"))
            )

    def sections(self) -> list[tuple[str, list]]:
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    @classmethod
    def initial_for(cls, review: Review) -> dict:
        initial = {name: getattr(review, name) for name in cls.base_fields if name != "subjects"}
        initial["subjects"] = list(review.subjects.all())
        return initial

    def service_fields(self) -> dict:
        """Keyword arguments for review_create / review_update."""
        return dict(self.cleaned_data)
