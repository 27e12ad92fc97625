"""The admin app: the service's site, its widget check, and labelled date-time boxes everywhere."""

from django.contrib.admin import options, widgets
from django.contrib.admin.apps import AdminConfig
from django.db import models


class LabelledSplitDateTime(widgets.AdminSplitDateTime):
    """Django's date and time boxes, each with a name of its own (axe: every input is labelled;
    the field's name is the fieldset's legend, as in GOV.UK's date input)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets[0].attrs.setdefault("aria-label", "Date")
        self.widgets[1].attrs.setdefault("aria-label", "Time")


class OPCCAdminConfig(AdminConfig):
    default_site = "opcc.core.admin_site.OPCCAdminSite"

    def ready(self) -> None:
        # Before the model admins are built (autodiscover, in super().ready()): every admin,
        # ours and third-party ones, then gets the labelled date-time widget.
        options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateTimeField]["widget"] = LabelledSplitDateTime
        super().ready()
        from django.core import checks

        from opcc.core.admin_site import check_admin_widgets

        checks.register(check_admin_widgets, checks.Tags.admin)
