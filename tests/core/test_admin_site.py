"""The admin site's rules that keep it accessible and ordered (opcc.core.admin_site)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from grants.models import Theme
from opcc.core import roles
from opcc.core.admin_site import TECHNICAL_APPS, check_admin_widgets


def test_no_registered_admin_uses_a_widget_that_fails_axe():
    assert check_admin_widgets() == []


def test_the_check_names_an_admin_with_a_two_box_selector(monkeypatch):
    class TwoBoxes(admin.ModelAdmin):
        filter_horizontal = ("themes",)

    monkeypatch.setitem(admin.site._registry, Theme, TwoBoxes(Theme, admin.site))
    errors = check_admin_widgets()
    assert [e.id for e in errors] == ["opcc.A001"]
    assert "TwoBoxes.filter_horizontal" in errors[0].msg


def test_date_time_boxes_each_have_a_name():
    user_admin = admin.site._registry[get_user_model()]
    field = user_admin.formfield_for_dbfield(get_user_model()._meta.get_field("last_login"), request=None)
    assert isinstance(field.widget, AdminSplitDateTime)
    assert [w.attrs["aria-label"] for w in field.widget.widgets] == ["Date", "Time"]


@pytest.mark.django_db
def test_the_index_lists_office_data_before_technical_records(make_user):
    request = RequestFactory().get("/admin/")
    request.user = make_user(roles.ADMINISTRATOR)
    apps = admin.site.get_app_list(request)
    sections = [app["section"] for app in apps]
    assert sections == sorted(sections, key=lambda section: section == "technical")
    assert [app["name"] for app in apps][:3] == ["Grants", "Annual report", "Reference data"]
    technical = {app["app_label"] for app in apps if app["section"] == "technical"}
    assert technical and technical <= set(TECHNICAL_APPS)
