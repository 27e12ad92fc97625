"""The approval form and histories show amounts in the one format (issue 9, item 4)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.template import Context, Template

from grants import services
from grants.models import Award, Status
from opcc.core.history import history_for
from tests.grants.test_views_support import done, text, url

pytestmark = pytest.mark.django_db


# --- the approval form, end to end -----------------------------------------------------------------


@pytest.mark.parametrize(("requested", "shown"), [("2400", "2,400"), ("2400.50", "2,400.50")])
def test_the_approval_form_is_prefilled_in_the_one_format_and_accepts_it_back(
    as_user, grants_users, application_in, requested, shown
):
    application = application_in(Status.ASSESSED, amount_requested=requested)
    client = as_user(grants_users.manager)
    page = text(client.get(url("approve", application)))
    field = re.search(r'<input[^>]*name="amount"[^>]*>', page)
    assert field is not None
    assert f'value="{shown}"' in field[0]
    assert 'class="govuk-input__prefix" aria-hidden="true">£</div>' in page
    assert f"£{shown}" in page  # the amount requested, in the summary above the form

    response = client.post(url("approve", application), {"amount": shown, "conditions": ""}, follow=True)
    done(response, application, f"Approved: £{shown} awarded to {application.organisation}.")
    assert Award.objects.get(application=application).amount == Decimal(requested)


def test_history_shows_amounts_in_the_one_format(grants_users, application_in):
    application = application_in(Status.ASSESSED, amount_requested="2960")
    services.application_approve(
        application=application, by=grants_users.manager, amount="2960", conditions=""
    )
    services.award_vary(
        application=application, by=grants_users.manager, new_amount="2,960.50", reason="More sessions."
    )
    award = Award.objects.get(application=application)

    [varied, created] = history_for(award)[:2]
    assert varied.reason == "Varied to £2,960.50"
    assert ("Amount awarded", "£2,960", "£2,960.50") in varied.changes
    assert created.reason == "Awarded £2,960"
    application.refresh_from_db()
    assert "Approved £2,960" in [entry.reason for entry in history_for(application)]
    html = Template("{% load opcc %}{% history_panel obj %}").render(Context({"obj": award}))
    assert "£2,960 → £2,960.50" in html
    assert ".00" not in html
