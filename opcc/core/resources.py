"""Import and export for the admin backoffice (django-import-export).

Every import is all-or-nothing: one transaction, rolled back when any row has an error, validation
errors included, whoever calls it (admin dry run, admin confirm, a script). Errors are keyed by the
file's column names and numbered by row, row 1 being the first row under the header (the numbering
the admin import page shows).
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import resources, widgets
from import_export.fields import Field

from opcc.core.money import Minimum, parse_gbp
from opcc.core.text import other_digits

NOT_RECORDED = "Not recorded (historical import)"
YES_NO = [(True, "yes"), (False, "no")]
REFERENCE = re.compile(r"^(?P<key>[A-Z]{2,10}-\d{4})-(?P<number>\d{1,6})$")


def shorten(value, limit: int = 40) -> str:
    """A cell quoted in an error message, cut short: a hostile file may hold megabytes in one cell."""
    try:
        text = str(value)
    except ValueError:  # an int of thousands of digits has no str()
        return "a number too long to show"
    return text if len(text) <= limit else f"{text[:limit]}…"


# --- widgets: what people type in spreadsheets; anything else is refused, naming the value -----


class TextWidget(widgets.CharWidget):
    """Trimmed text; whole numbers from spreadsheets (charity numbers) lose their ".0"."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return super().clean(value, row, **kwargs).strip()


class MoneyWidget(widgets.Widget):
    """An amount as typed or a spreadsheet number, read by parse_gbp; above £0 unless told."""

    def __init__(self, *, minimum: Minimum = "penny", **kwargs):
        self.minimum: Minimum = minimum
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and value.strip() == ""):
            return None
        try:
            return parse_gbp(value, minimum=self.minimum)
        except ValidationError as exc:
            raise ValueError(f'"{shorten(value)}": {exc.messages[0]}') from exc

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value:.2f}"


class UKDateWidget(widgets.DateWidget):
    """dd/mm/yyyy first (settings.DATE_INPUT_FORMATS), also ISO and spreadsheet dates."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, str) and (len(value) > 40 or other_digits(value)):
            raise ValueError(f'"{shorten(value)}" is not a date: write it like 31/03/2024.')
        try:
            return super().clean(value.strip() if isinstance(value, str) else value, row, **kwargs)
        except ValueError as exc:
            raise ValueError(f'"{shorten(value)}" is not a date: write it like 31/03/2024.') from exc


class ChoiceWidget(widgets.Widget):
    """A choice given as its code ("cic") or its label ("Community interest company")."""

    def __init__(self, choices, blank="", **kwargs):
        self.choices, self.blank = list(choices), blank
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        for code, label in self.choices:
            if text and text.lower() in (str(code).lower(), str(label).lower()):
                return code
        if text:
            raise ValueError(
                f'"{shorten(text)}" is not one of: {", ".join(str(lb) for _, lb in self.choices)}.'
            )
        return self.blank

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class NamesWidget(widgets.ManyToManyWidget):
    """Names separated by ";"; an unknown name is an error, never silently dropped."""

    def __init__(self, model, **kwargs):
        super().__init__(model, separator=";", field="name", **kwargs)

    def clean(self, value, row=None, **kwargs):
        found = []
        for name in filter(None, (n.strip() for n in str(value or "").split(self.separator))):
            match = self.model.objects.filter(name__iexact=name).first()
            if match is None:
                raise ValueError(f'No {self.model._meta.verbose_name} called "{name}".')
            found.append(match)
        return found

    def render(self, value, obj=None, **kwargs):
        return "; ".join(o.name for o in value.all()) if value is not None else ""


def column(attribute: str, name: str | None = None, widget=None, **kwargs) -> Field:
    return Field(attribute, name or attribute, widget=widget or TextWidget(), **kwargs)


# --- the all-or-nothing base -----------------------------------------------------------------


class AllOrNothingResource(resources.ModelResource):
    """One transaction per import, rolled back on any error or invalid row."""

    #: model field -> column, for model errors on a field that no column sets directly
    error_columns: dict[str, str] = {}

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=None,
        **kwargs,
    ):
        return super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=True,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=True,
            **kwargs,
        )

    def column_for(self, key: str) -> str:
        columns = {f.attribute: f.column_name for f in self.fields.values() if f.attribute}
        return columns.get(key) or self.error_columns.get(key) or key

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """full_clean() like import-export, but every error keyed by the file's column name."""
        errors: dict[str, list[str]] = {}
        for key, value in (import_validation_errors or {}).items():
            errors.setdefault(self.column_for(key), []).extend(ValidationError(value).messages)
        exclude = {f.name for f in instance._meta.fields if self.column_for(f.name) in errors}
        try:
            instance.full_clean(
                exclude=exclude | getattr(instance, "_import_exclude", set()), validate_unique=validate_unique
            )
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                found = errors.setdefault(key if key == NON_FIELD_ERRORS else self.column_for(key), [])
                found.extend(message for message in messages if message not in found)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        if kwargs.get("user") is not None:
            instance._history_user = kwargs["user"]


def error_lines(result) -> list[str]:
    """Every error of an import result as one line, naming the row and the column."""
    lines = [f"File: {error.error}" for error in result.base_errors]
    for number, errors in result.row_errors():
        lines += [f"Row {number}: {error.error}" for error in errors]
    for row in result.invalid_rows:
        for key, messages in row.error_dict.items():
            label = "" if key == NON_FIELD_ERRORS else f"{key}: "
            lines += [f"Row {row.number}: {label}{message}" for message in messages]
    return lines


def _number(value) -> str:
    return TextWidget().clean(value).upper().replace(" ", "")
