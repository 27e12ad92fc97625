"""Organisations import and export."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from grants import models as m
from opcc.core.models import LocalAuthority
from opcc.core.resources import (
    YES_NO,
    AllOrNothingResource,
    ChoiceWidget,
    NamesWidget,
    _number,
    column,
)

# --- organisations -----------------------------------------------------------------------------


class OrganisationResource(AllOrNothingResource):
    """Organisations; an existing one is found by charity number, then company number."""

    name = column("name")
    org_type = column("org_type", "type", ChoiceWidget(m.Organisation.Type.choices))
    charity_number = column("charity_number")
    company_number = column("company_number")
    address = column("address")
    postcode = column("postcode")
    areas_served = column("areas_served", widget=NamesWidget(LocalAuthority))
    contact_name = column("contact_name")
    contact_email = column("contact_email")
    contact_phone = column("contact_phone")
    safeguarding_policy_held = column("safeguarding_policy_held", widget=ChoiceWidget(YES_NO, blank=False))
    notes = column("notes")

    class Meta:
        model = m.Organisation
        name = "Organisations"
        fields = (
            "name",
            "org_type",
            "charity_number",
            "company_number",
            "address",
            "postcode",
            "areas_served",
            "contact_name",
            "contact_email",
            "contact_phone",
            "safeguarding_policy_held",
            "notes",
        )
        use_transactions = True
        clean_model_instances = True

    def get_instance(self, instance_loader, row):
        charity, company = _number(row.get("charity_number")), _number(row.get("company_number"))
        if company.isdigit() and len(company) < 8:
            company = company.zfill(8)
        found = None
        if charity:
            found = m.Organisation.objects.filter(charity_number=charity).order_by("pk").first()
        if found is None and company:
            found = m.Organisation.objects.filter(company_number=company).order_by("pk").first()
        return found

    def import_instance(self, instance, row, **kwargs):
        """Check the areas served now too, so that an unknown one is a row error."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if "areas_served" in row:
            try:
                self.fields["areas_served"].clean(row)
            except ValueError as exc:
                errors["areas_served"] = [str(exc)]
        if errors:
            raise ValidationError(errors)

    def filter_export(self, queryset, **kwargs):
        return queryset.prefetch_related("areas_served")
