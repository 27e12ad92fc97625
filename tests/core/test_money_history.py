"""Money in and out (GBP, Decimal), and the audit history: the panel and the home page's activity."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.models import registered_models

from opcc.core import roles
from opcc.core.activity import recent_activity
from opcc.core.history import history_for
from opcc.core.models import ClosureDay
from opcc.core.money import format_gbp, parse_gbp

# --- parse_gbp -----------------------------------------------------------------------------------

AMOUNT_MESSAGE = "Enter an amount in pounds, like 1250 or 1250.50."


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("£1,250.50", Decimal("1250.50")),
        ("1250", Decimal("1250.00")),
        (" 1 250 ", Decimal("1250.00")),
        ("£0.5", Decimal("0.50")),
        ("0", Decimal("0.00")),
        (Decimal("12.3"), Decimal("12.30")),
        # The sign is the caller's business (grants' money() refuses it with its own message).
        ("-5", Decimal("-5.00")),
    ],
)
def test_parse_gbp_reads_what_people_type(typed, amount):
    parsed = parse_gbp(typed)
    assert parsed == amount
    assert parsed.as_tuple().exponent == -2


@pytest.mark.parametrize(
    "typed", ["", "  ", "£", "NaN", "nan", "Infinity", "-Infinity", "abc", "12..5", "0x10", "1/2", None]
)
def test_parse_gbp_refuses_what_is_not_an_amount(typed):
    with pytest.raises(ValidationError) as error:
        parse_gbp(typed)
    assert error.value.messages == [AMOUNT_MESSAGE]


@pytest.mark.parametrize("typed", ["12.345", "0.001", "£1,250.505"])
def test_parse_gbp_refuses_fractions_of_a_penny(typed):
    with pytest.raises(ValidationError) as error:
        parse_gbp(typed)
    assert error.value.messages == ["Enter an amount with no more than 2 decimal places (pence)."]


@pytest.mark.parametrize("typed", ["1e3", "1E3", "2e-1", "1_000"])
def test_parse_gbp_refuses_scientific_notation_and_underscores(typed):
    """Nobody types £1,000 as "1e3": a user who did made a typing mistake that must not pass."""
    with pytest.raises(ValidationError):
        parse_gbp(typed)


@pytest.mark.parametrize("typed", ["1e100000", "9" * 40, "99999999999999999999999999999.99"])
def test_parse_gbp_answers_absurd_amounts_with_a_validation_error_not_a_crash(typed):
    with pytest.raises(ValidationError):
        parse_gbp(typed)


def test_parse_gbp_takes_whatever_a_money_column_holds():
    assert parse_gbp("£9,999,999,999.99") == Decimal("9999999999.99")
    with pytest.raises(ValidationError) as error:
        parse_gbp("£10,000,000,000")
    assert error.value.messages == ["Enter an amount less than £10,000,000,000."]


# --- format_gbp and the template filters ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1250.50"), "£1,250.50"),
        (Decimal("1250.5"), "£1,250.50"),
        (75, "£75"),
        (Decimal("75.00"), "£75"),
        (1234567, "£1,234,567"),
        (-5, "-£5"),
        (Decimal("-1234.5"), "-£1,234.50"),
        (Decimal("0.005"), "£0.01"),
        (Decimal("-0.001"), "£0"),
        ("1250.5", "£1,250.50"),
        (None, ""),
        ("", ""),
    ],
)
def test_format_gbp_the_gov_uk_way(value, shown):
    assert format_gbp(value) == shown


def test_format_gbp_can_force_pence():
    assert format_gbp(75, pence=True) == "£75.00"
    assert format_gbp(Decimal("1234.5"), pence=True) == "£1,234.50"


def test_gbp_template_filters():
    rendered = Template("{% load opcc %}{{ a|gbp }} {{ b|gbp }} [{{ d|gbp }}]").render(
        Context({"a": Decimal("1250.50"), "b": 75, "d": None})
    )
    assert rendered == "£1,250.50 £75 []"


# --- History -------------------------------------------------------------------------------------


@pytest.fixture
def edited_closure(make_user):
    creator = make_user(roles.ADMINISTRATOR, first_name="Ada", last_name="Williams")
    editor = make_user(roles.ADMINISTRATOR, first_name="Sam", last_name="Patel")
    closure = ClosureDay(date=dt.date(2022, 9, 19), description="Funeral")
    closure._history_user = creator
    closure.save()
    closure = ClosureDay.objects.get(pk=closure.pk)
    closure.description = "State funeral"
    closure._history_user = editor
    closure.save()
    return closure, creator, editor


@pytest.mark.django_db
def test_history_names_the_acting_user_and_the_changed_fields(edited_closure):
    closure, _creator, _editor = edited_closure

    changed, created = history_for(closure)

    assert (changed.action, changed.who) == ("Changed", "Sam Patel")
    assert changed.changes == [("Description", "Funeral", "State funeral")]
    assert (created.action, created.who, created.changes) == ("Created", "Ada Williams", [])
    assert changed.when >= created.when


@pytest.mark.django_db
def test_history_without_a_user_says_system():
    closure = ClosureDay.objects.create(date=dt.date(2022, 9, 19), description="State funeral")
    [entry] = history_for(closure)
    assert (entry.who, entry.action) == ("System", "Created")


@pytest.mark.django_db
def test_history_is_limited_to_the_newest(make_user):
    closure = ClosureDay.objects.create(date=dt.date(2022, 9, 19), description="v0")
    for n in range(1, 6):
        closure.description = f"v{n}"
        closure.save()
    entries = history_for(closure, limit=3)
    assert [e.changes[0][2] for e in entries] == ["v5", "v4", "v3"]
    assert entries[-1].changes == [("Description", "v2", "v3")]


@pytest.mark.django_db
def test_history_panel_renders_who_and_what(edited_closure):
    closure, _creator, _editor = edited_closure
    html = Template("{% load opcc %}{% history_panel obj %}").render(Context({"obj": closure}))
    assert '<h2 class="govuk-heading-m" id="history">History</h2>' in html
    assert "Sam Patel ·" in html
    assert "Ada Williams ·" in html
    assert "1 field changed" in html
    assert "Description" in html
    assert "Funeral → State funeral" in html


@pytest.mark.django_db
def test_recent_activity_is_the_users_own(edited_closure):
    _closure, creator, editor = edited_closure
    [entry] = recent_activity(editor)
    assert (entry.action, entry.subject) == ("Changed", "Closure day: 19/09/2022 State funeral")
    assert [e.action for e in recent_activity(creator)] == ["Created"]


@pytest.mark.django_db
def test_home_page_shows_recent_activity(client, edited_closure):
    _closure, _creator, editor = edited_closure
    client.force_login(editor)
    html = client.get(reverse("core:home")).content.decode()
    assert "Your recent activity" in html
    assert "Changed \u2013 Closure day: 19/09/2022 State funeral" in html


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("core:home")).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_home_page_queries_are_bounded_and_do_not_grow_with_history(
    client, make_user, django_assert_max_num_queries
):
    user = make_user(roles.ADMINISTRATOR)
    client.force_login(user)
    closure = ClosureDay(date=dt.date(2022, 9, 19), description="v0")
    closure._history_user = user
    closure.save()
    few = _home_queries(client)

    for day in range(20, 24):
        extra = ClosureDay(date=dt.date(2022, 9, day), description="Closed")
        extra._history_user = user
        extra.save()
    for n in range(15):
        closure.description = f"v{n}"
        closure._history_user = user
        closure.save()

    assert _home_queries(client) == few
    # Session, user, roles and permissions, the modules' dashboard panels (a fixed few each; the
    # custody schemes' four are one count each, correspondence's three one query together), then one
    # query per audited model.
    with django_assert_max_num_queries(len(registered_models) + 15):
        client.get(reverse("core:home"))
