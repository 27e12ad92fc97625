"""The home page's recent activity links each change to its record, or to the record above it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from grants.models import AllocationLine, Application, Award, Payment
from opcc.core import roles
from opcc.core.activity import link_path, recent_activity
from opcc.core.models import ClosureDay
from tests.grants.factories import PaymentFactory

pytestmark = pytest.mark.django_db


def test_records_without_a_page_link_through_their_first_foreign_keys():
    assert link_path(Application) == ""
    assert link_path(Award) == "application"
    assert link_path(Payment) == "award__application"
    assert link_path(AllocationLine) == "fund_year"
    assert link_path(ClosureDay) is None


def test_each_change_links_to_its_record_and_a_deleted_one_to_nothing(client, make_user):
    user = make_user(roles.OFFICE_STAFF)
    payment = PaymentFactory()
    application = payment.award.application
    for obj in (application, payment):
        obj._history_user = user
        obj.save()
    day = ClosureDay(date=dt.date(2025, 9, 19), description="State funeral")
    day._history_user = user
    day.save()
    day.delete()

    entries = recent_activity(user)
    urls = {entry.subject.split(":")[0]: entry.url for entry in entries}
    assert urls["Application"] == application.get_absolute_url()
    assert urls["Payment"] == application.get_absolute_url()
    assert all(not e.url for e in entries if e.subject.startswith("Closure day"))

    client.force_login(user)
    html = client.get(reverse("core:home")).content.decode()
    assert (
        f'<a class="govuk-link" href="{application.get_absolute_url()}">Changed \u2013 Application:' in html
    )
