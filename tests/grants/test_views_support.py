"""Helpers the grants view tests share (no tests here): reading pages, posting, checking outcomes."""

from __future__ import annotations

import html

from django.urls import reverse

from grants.models import Application

# Hostile amounts every money field must refuse, with the message it gives.
HOSTILE_MONEY = [
    ("1e5", "Enter an amount in pounds, like 2500 or 2500.50"),
    ("12.345", "Enter an amount with no more than 2 decimal places (pence)"),
    ("-5", "Enter an amount greater than £0"),
]


def text(response) -> str:
    """The page as a reader sees it (entities such as &#x27; decoded)."""
    return html.unescape(response.content.decode())


def d(day) -> str:
    """A date as typed into the forms: dd/mm/yyyy."""
    return day.strftime("%d/%m/%Y")


def url(name: str, application, *extra) -> str:
    return reverse(f"grants:application_{name}", args=[application.pk, *extra])


def done(response, application, message: str) -> None:
    """Accepted: redirected to the application's page, which shows the success banner."""
    assert response.redirect_chain, "expected a redirect"
    assert response.redirect_chain[-1][0] == application.get_absolute_url()
    page = text(response)
    assert "govuk-notification-banner--success" in page
    assert message in page


def problem(response, *messages) -> None:
    """Refused: the form again (200) with the GOV.UK error summary and each message."""
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert 'class="govuk-error-summary"' in page
    for message in messages:
        assert message in page, message


def history_size(application) -> int:
    return Application.history.filter(id=application.pk).count()
