"""Historical applications with their awards."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Max, Q, Sum
from django.utils import timezone
from import_export import widgets
from import_export.results import RowResult

from grants import models as m
from opcc.core.models import FinancialYear, PolicingArea, ReferenceCounter
from opcc.core.money import format_gbp
from opcc.core.resources import (
    NOT_RECORDED,
    REFERENCE,
    AllOrNothingResource,
    MoneyWidget,
    TextWidget,
    UKDateWidget,
    _number,
    column,
)
from opcc.core.services import next_reference

# --- historical applications with their awards --------------------------------------------------


class HistoricalAwardResource(AllOrNothingResource):
    """Past funded applications: each row creates a closed or paid Application and its Award."""

    REQUIRED = (
        "fund",
        "financial_year",
        "area",
        "organisation",
        "project_title",
        "summary",
        "amount_requested",
        "amount_awarded",
        "date_received",
        "offer_date",
        "status",
    )
    STATUSES = {m.Status.CLOSED.value: m.Status.CLOSED, m.Status.PAID.value: m.Status.PAID}
    error_columns = {"fund_year": "financial_year", "allocation_line": "area"}

    reference = column("reference")
    fund = column("fund_year__fund__code", "fund", readonly=True)
    financial_year = column("fund_year__financial_year__label", "financial_year", readonly=True)
    area = column("allocation_line__area__name", "area", readonly=True)
    organisation = column("organisation__name", "organisation", readonly=True)
    charity_number = column("organisation__charity_number", "charity_number", readonly=True)
    project_title = column("project_title")
    summary = column("summary")
    amount_requested = column("amount_requested", widget=MoneyWidget())
    amount_awarded = column("award__amount", "amount_awarded", MoneyWidget(), readonly=True)
    date_received = column("received_on", "date_received", UKDateWidget())
    offer_date = column("award__offered_on", "offer_date", UKDateWidget(), readonly=True)
    status = column("status", readonly=True)
    beneficiaries = column("beneficiaries")
    beneficiaries_count = column("beneficiaries_count", widget=widgets.IntegerWidget())
    planned_start = column("planned_start", widget=UKDateWidget())
    planned_end = column("planned_end", widget=UKDateWidget())
    amount_paid = column("total_paid", "amount_paid", MoneyWidget(), readonly=True)
    paid_on = column("last_paid_on", "paid_on", UKDateWidget(), readonly=True)

    class Meta:
        model = m.Application
        name = "Historical applications with their awards"
        fields = (
            "reference",
            "fund",
            "financial_year",
            "area",
            "organisation",
            "charity_number",
            "project_title",
            "summary",
            "amount_requested",
            "amount_awarded",
            "date_received",
            "offer_date",
            "status",
            "beneficiaries",
            "beneficiaries_count",
            "planned_start",
            "planned_end",
            "amount_paid",
            "paid_on",
        )
        use_transactions = True
        clean_model_instances = True
        force_init_instance = True  # every row is a new application; a known reference is an error

    def before_import(self, dataset, **kwargs):
        missing = [c for c in self.REQUIRED if c not in (dataset.headers or [])]
        self._file_error = bool(missing) or kwargs.get("user") is None
        if missing:
            raise ValueError(f"The file has no column {', '.join(missing)}: nothing was imported.")
        if kwargs.get("user") is None:
            raise ValueError("An import of awards needs the user who runs it (it approves them).")

    def import_row(self, row, instance_loader, **kwargs):
        if getattr(self, "_file_error", False):  # the file itself is wrong: no row is read
            row_result = self.get_row_result_class()()
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            return row_result
        return super().import_row(row, instance_loader, **kwargs)

    def filter_export(self, queryset, **kwargs):
        return (
            queryset.filter(award__isnull=False)
            .select_related(
                "organisation",
                "fund_year__fund",
                "fund_year__financial_year",
                "allocation_line__area",
                "award",
            )
            .annotate(total_paid=Sum("award__payments__amount"), last_paid_on=Max("award__payments__paid_on"))
        )

    # -- one row ------------------------------------------------------------------------------

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list[str]] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = {self.column_for(key): messages for key, messages in exc.message_dict.items()}
        instance.entered_by = kwargs["user"]
        fund_year = self._fund_year(row, errors)
        line = self._line(fund_year, row, errors) if fund_year else None
        organisation = self._organisation(row, errors)
        instance.fund_year, instance.allocation_line = fund_year, line
        instance.organisation = organisation
        unresolved = {
            name
            for name, value in [
                ("fund_year", fund_year),
                ("allocation_line", line),
                ("organisation", organisation),
            ]
            if value is None
        }
        status = _text(row, "status").lower()
        if status in self.STATUSES:
            instance.status = self.STATUSES[status]
        else:
            errors["status"] = [
                f'Status "{_text(row, "status")}" cannot be imported: a historical '
                'application is "closed" or "paid".'
            ]
        if not instance.reference:
            unresolved.add("reference")  # issued on save
        elif m.Application.objects.filter(reference=instance.reference).exists():
            errors["reference"] = [f"Application {instance.reference} already exists."]
        instance.beneficiaries = instance.beneficiaries or NOT_RECORDED  # optional columns
        if instance.beneficiaries_count is None:
            instance.beneficiaries_count = 0
        instance.planned_start = instance.planned_start or self._value("offer_date", row, {})
        if instance.planned_end is None and instance.planned_start and fund_year:
            year_end = fund_year.financial_year.end_date
            instance.planned_end = max(year_end, instance.planned_start + dt.timedelta(days=1))
        instance._import_award, instance._import_payment = self._award(
            instance, row, errors, kwargs["user"], fund_year, line
        )
        instance._import_exclude = unresolved
        if errors:
            raise ValidationError(errors)

    def _value(self, name: str, row, errors):
        field = self.fields[name]
        if field.column_name not in row:
            return None
        try:
            return field.widget.clean(row[field.column_name])
        except ValueError as exc:
            errors[field.column_name] = [str(exc)]
            return None

    def _fund_year(self, row, errors) -> m.FundYear | None:
        code, label = _text(row, "fund"), _text(row, "financial_year")
        fund = m.Fund.objects.filter(Q(code__iexact=code) | Q(name__iexact=code)).first() if code else None
        if fund is None:
            errors["fund"] = [f'No fund with the code or name "{code}".']
        try:
            year = FinancialYear.objects.filter(start_year=FinancialYear.parse_label(label)).first()
        except ValueError as exc:
            errors["financial_year"] = [str(exc)]
            return None
        if year is None:
            errors["financial_year"] = [f"Financial year {label} is not set up."]
            return None
        found = m.FundYear.objects.select_related("fund", "financial_year").filter(
            fund=fund, financial_year=year
        )
        fund_year = found.first() if fund else None
        if fund and fund_year is None:
            errors["financial_year"] = [
                f"{fund} has no {year} fund year: add it with its allocation lines first."
            ]
        return fund_year

    def _line(self, fund_year: m.FundYear, row, errors) -> m.AllocationLine | None:
        name, year = _text(row, "area"), fund_year.financial_year
        line = (
            m.AllocationLine.objects.select_for_update(of=("self",))
            .select_related("area")
            .filter(fund_year=fund_year, area__name__iexact=name)
            .first()
        )
        if (
            line is None
            and name
            and PolicingArea.objects.valid_in(year.start_year).filter(name__iexact=name).exists()
        ):
            errors["area"] = [f'{fund_year} has no allocation line for "{name}".']
        elif line is None:
            errors["area"] = [f'No policing area or pot called "{name}" in {year}.']
        return line

    def _organisation(self, row, errors) -> m.Organisation | None:
        charity, name = _number(row.get("charity_number")), _text(row, "organisation")
        if charity:
            found = m.Organisation.objects.filter(charity_number=charity).order_by("pk").first()
            if found is None:
                errors["charity_number"] = [
                    f'No organisation with charity number "{charity}": import it first.'
                ]
            return found
        matches = (
            list(m.Organisation.objects.filter(normalised_name=m.normalise_name(name))[:2]) if name else []
        )
        if not matches:
            errors["organisation"] = [f'No organisation called "{name}": import it first.']
        elif len(matches) > 1:
            errors["organisation"] = [
                f'More than one organisation is called "{name}": give its charity number.'
            ]
        return matches[0] if len(matches) == 1 else None

    def _award(self, instance, row, errors, user, fund_year, line) -> tuple[m.Award | None, m.Payment | None]:
        amount, offered_on = (
            self._value("amount_awarded", row, errors),
            self._value("offer_date", row, errors),
        )
        paid, paid_on = self._value("amount_paid", row, errors), self._value("paid_on", row, errors)
        requested, today = instance.amount_requested, timezone.localdate()
        checks = [
            ("amount_awarded", amount is None, "Enter the amount awarded."),
            (
                "amount_awarded",
                amount and requested and amount > requested,
                f"The amount awarded ({format_gbp(amount)}) is more than the amount requested "
                f"({format_gbp(requested)}).",
            ),
            ("offer_date", offered_on is None, "Enter the offer date."),
            (
                "offer_date",
                offered_on and instance.received_on and offered_on < instance.received_on,
                "The offer date must be on or after the date received.",
            ),
            ("offer_date", offered_on and offered_on > today, "The offer date cannot be in the future."),
            (
                "amount_paid",
                paid and amount and paid > amount,
                "The amount paid is more than the amount awarded.",
            ),
            ("amount_paid", paid is None and paid_on, "Enter the amount paid."),
            ("paid_on", paid is not None and paid_on is None, "Enter the date it was paid."),
            (
                "paid_on",
                paid_on and offered_on and not offered_on <= paid_on <= today,
                "The date paid must be between the offer date and today.",
            ),
        ]
        for name, failed, message in checks:
            if failed and name not in errors:
                errors[name] = [message]
        if amount is not None and "amount_awarded" not in errors and fund_year and line:
            self._check_budget(amount, fund_year, line, errors)
        if amount is None or offered_on is None or fund_year is None:
            return None, None
        award = m.Award(
            fund=fund_year.fund,
            amount=amount,
            original_amount=amount,
            offered_on=offered_on,
            approved_by=user,
            purpose=instance.summary or "",
        )
        payment = (
            None
            if paid is None or paid_on is None
            else m.Payment(
                amount=paid, paid_on=paid_on, finance_reference="Historical import", recorded_by=user
            )
        )
        return award, payment

    @staticmethod
    def _check_budget(amount, fund_year: m.FundYear, line: m.AllocationLine, errors) -> None:
        """The decision rules: at most the maximum award and what is left on the (locked) line."""
        committed = (
            m.Award.objects.filter(application__allocation_line=line).aggregate(
                total=Sum(m.Award.objects.committed_expression())
            )["total"]
            or m.ZERO
        )
        if amount > fund_year.max_award:
            errors["amount_awarded"] = [
                f"The maximum single award in {fund_year} is {format_gbp(fund_year.max_award)}."
            ]
        elif amount > line.amount - committed:
            errors["amount_awarded"] = [
                f"Not enough left in {line}: {format_gbp(line.amount - committed)} remaining."
            ]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        super().validate_instance(instance, import_validation_errors, validate_unique)
        award = instance._import_award
        try:
            award.full_clean(exclude=["application"], validate_unique=False)
        except ValidationError as exc:
            names = {"amount": "amount_awarded", "offered_on": "offer_date"}
            raise ValidationError({names.get(k, k): v for k, v in exc.message_dict.items()}) from exc

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if not instance.reference:
            year = instance.fund_year
            instance.reference = next_reference(prefix=year.fund.code, year=year.financial_year.start_year)
        instance.status_changed_at = timezone.now()

    def after_save_instance(self, instance, row, **kwargs):
        award, payment = instance._import_award, instance._import_payment
        award.application, award._history_user = instance, kwargs["user"]
        award.save()
        instance.award = award
        if payment is not None:
            payment.award, payment._history_user = award, kwargs["user"]
            payment.full_clean()
            payment.save()
            instance.total_paid, instance.last_paid_on = payment.amount, payment.paid_on
        _keep_counter_ahead(instance.reference)


def _text(row, name: str) -> str:
    return TextWidget().clean(row.get(name))


def _keep_counter_ahead(reference: str) -> None:
    """An imported HCF-2022-0012 means the next reference issued for 2022 is at least 0013."""
    match = REFERENCE.match(reference)
    if match:
        ReferenceCounter.objects.get_or_create(key=match["key"])
        counter = ReferenceCounter.objects.select_for_update().get(key=match["key"])
        if counter.last < int(match["number"]):
            counter.last = int(match["number"])
            counter.save(update_fields=["last"])
