"""Hostile input at every grants form and filter: a field error (200, or 400), never a server error.

Issue 7, "Found": 27 or more digits in an amount raised decimal.InvalidOperation (a 500) in every
money form and in the list filters and export links; Arabic-Indic and full-width digits were taken as numbers; "-0"
and "£1,2,3" were taken as amounts. Each money entry point is posted each hostile amount here, and
nothing may be saved. Then absurd text (10,000 characters, NUL, right-to-left override, emoji).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
import tablib
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from grants import services
from grants.forms import ApplicationForm
from grants.models import AllocationLine, MonitoringReturn, Organisation, Status, TopUp, normalise_name
from grants.resources import OrganisationResource, error_lines
from opcc.core.models import FinancialYear, PolicingArea
from tests.grants.conftest import today
from tests.grants.test_views_support import d, text, url

pytestmark = pytest.mark.django_db

TOO_LARGE = "Enter an amount less than £10,000,000,000"
OTHER_DIGITS = "Enter the amount with the digits 0 to 9, like 2500 or 2500.50"
NOT_AN_AMOUNT = "Enter an amount in pounds, like 2500 or 2500.50"
HOSTILE_AMOUNTS = {
    "27-digits": ("1" * 27, TOO_LARGE),
    "400-nines": ("9" * 400, TOO_LARGE),
    "arabic-indic": ("\u0661\u0662\u0663", OTHER_DIGITS),
    "full-width": ("\uff11\uff12\uff13", OTHER_DIGITS),
    "exponent": ("1e5", NOT_AN_AMOUNT),
    "nan": ("NaN", NOT_AN_AMOUNT),
    "minus-zero": ("-0", None),  # the field's own minimum message
    "bad-commas": ("£1,2,3", NOT_AN_AMOUNT),
}


def snapshot() -> dict[str, int]:
    """Rows in every grants table, history tables included: any save changes one of them."""
    return {model.__name__: model.objects.count() for model in apps.get_app_config("grants").get_models()}


def refused(response, message: str) -> None:
    assert response.status_code in (200, 400), response.status_code
    page = text(response)
    assert "There is a problem" in page and 'class="govuk-error-summary"' in page
    assert message in page, message


@dataclass(frozen=True)
class Entry:
    """One money field of one form: who posts it, where, with what otherwise good data."""

    field: str
    allow_zero: bool
    prepare: Callable  # (request) -> (user, url, good data)


def _application_form_data(application) -> dict:
    data = ApplicationForm.initial_for(application)
    data["themes"] = [t.pk for t in data["themes"]]
    for name in ("planned_start", "planned_end", "received_on"):
        data[name] = d(data[name])
    return {key: "" if value is None else value for key, value in data.items()}


def _application_add(request):
    users, line = request.getfixturevalue("grants_users"), request.getfixturevalue("line")
    organisation = request.getfixturevalue("organisation")
    data = {
        "fund_year": line.fund_year_id,
        "organisation": organisation.name,
        "project_title": "Saturday football",
        "summary": "Football coaching on Saturday evenings.",
        "allocation_line": line.pk,
        "amount_requested": "2500",
        "beneficiaries": "Young people in Small Heath",
        "beneficiaries_count": "25",
        "planned_start": d(today() + timedelta(days=10)),
        "planned_end": d(today() + timedelta(days=100)),
        "received_on": d(today() - timedelta(days=1)),
    }
    return users.staff, reverse("grants:application_add"), data


def _in(status: Status, who: str, action: str, data: dict, *, extra=None):
    def prepare(request):
        users = request.getfixturevalue("grants_users")
        application = request.getfixturevalue("application_in")(status)
        user = request.getfixturevalue("both") if who == "both" else getattr(users, who)
        args = extra(application) if extra else ()
        good = data(application) if callable(data) else dict(data)
        return user, url(action, application, *args), good

    return prepare


def _monitoring_return(application):
    return [MonitoringReturn.objects.get(award__application=application).pk]


def _fund_year_add(request):
    users, hcf = request.getfixturevalue("grants_users"), request.getfixturevalue("hcf")
    year = FinancialYear.objects.get(start_year=2025)
    data = {"fund": hcf.pk, "financial_year": year.pk, "envelope": "400000", "max_award": "5000"}
    return users.manager, reverse("grants:fund_year_add"), data


def _fund_year(action: str, data: dict, *, line: bool = False):
    def prepare(request):
        users, fund_year = request.getfixturevalue("grants_users"), request.getfixturevalue("fund_year")
        args = [fund_year.pk]
        if line:
            args.append(AllocationLine.objects.get(fund_year=fund_year, area__name="Birmingham").pk)
        return users.manager, reverse(f"grants:{action}", args=args), dict(data)

    return prepare


def _line_add(request):
    """A fund year made without lines, so that the form offers areas to add."""
    users, hcf = request.getfixturevalue("grants_users"), request.getfixturevalue("hcf")
    fund_year = services.fund_year_create(
        fund=hcf,
        financial_year=FinancialYear.objects.get(start_year=2025),
        envelope="1000",
        max_award="500",
        by=users.manager,
        with_lines=False,
    )
    area = PolicingArea.objects.valid_in(2025).first()
    return users.manager, reverse("grants:line_add", args=[fund_year.pk]), {"area": area.pk, "amount": "100"}


ENTRIES = {
    "application-add": Entry("amount_requested", False, _application_add),
    "application-edit": Entry(
        "amount_requested", False, _in(Status.DRAFT, "staff", "edit", _application_form_data)
    ),
    "assess": Entry(
        "recommended_amount",
        False,
        _in(
            Status.ELIGIBILITY_CHECK,
            "assessor",
            "assess",
            {
                "checks": ["in_area", "constituted", "plan_aligned"],
                "recommendation": "fund_in_part",
                "recommended_amount": "1000",
                "reasons": "Clear need.",
                "no_conflict_confirmed": "on",
            },
        ),
    ),
    "approve": Entry("amount", False, _in(Status.ASSESSED, "manager", "approve", {"amount": "1000"})),
    "payment": Entry(
        "amount",
        False,
        _in(
            Status.AGREEMENT_SIGNED,
            "staff",
            "payment",
            {"amount": "500", "paid_on": d(today()), "finance_reference": "AP-1"},
        ),
    ),
    "monitoring": Entry(
        "spend_confirmed",
        True,
        _in(
            Status.MONITORING_DUE,
            "staff",
            "monitoring_receive",
            {
                "received_on": d(today()),
                "beneficiaries_reached": "31",
                "outcomes": "Fewer call-outs.",
                "spend_confirmed": "1500",
            },
            extra=_monitoring_return,
        ),
    ),
    "vary": Entry(
        "new_amount",
        False,
        _in(Status.APPROVED, "manager", "vary", {"new_amount": "1000", "reason": "Less."}),
    ),
    "withdraw": Entry(
        "recovered_amount",
        True,
        _in(Status.PAID, "both", "withdraw", {"reason": "Project stopped.", "recovered_amount": "400"}),
    ),
    "fund-year-add-envelope": Entry("envelope", False, _fund_year_add),
    "fund-year-add-max-award": Entry("max_award", False, _fund_year_add),
    "fund-year-edit": Entry(
        "envelope", False, _fund_year("fund_year_edit", {"envelope": "400000", "max_award": "5000"})
    ),
    "top-up": Entry(
        "amount",
        False,
        _fund_year("top_up_add", {"amount": "100", "date": "01/09/2024", "reason": "More money."}),
    ),
    "line-add": Entry("amount", True, _line_add),
    "line-edit": Entry("amount", True, _fund_year("line_edit", {"amount": "100"}, line=True)),
}


@pytest.mark.parametrize("entry", ENTRIES.values(), ids=ENTRIES.keys())
def test_every_money_form_refuses_every_hostile_amount_and_saves_nothing(request, client, entry):
    user, target, good = entry.prepare(request)
    client.force_login(user)
    before = snapshot()
    for name, (typed, message) in HOSTILE_AMOUNTS.items():
        if message is None:
            message = (
                "Enter an amount of £0 or more" if entry.allow_zero else "Enter an amount greater than £0"
            )
        response = client.post(target, {**good, entry.field: typed})
        refused(response, message)
        assert response.context["form"].has_error(entry.field), name
        assert snapshot() == before, f"{name}: something was saved"


# --- the list's amount filters, on the page and in the export links ---------------------------------

LIST_AND_EXPORTS = ["grants:applications", "grants:applications_csv", "grants:applications_xlsx"]


@pytest.mark.parametrize("route", LIST_AND_EXPORTS)
@pytest.mark.parametrize("param", ["amount_min", "amount_max"])
@pytest.mark.parametrize(("typed", "message"), HOSTILE_AMOUNTS.values(), ids=HOSTILE_AMOUNTS.keys())
def test_amount_filters_refuse_hostile_amounts_on_the_list_and_the_exports(
    client, grants_users, make_application, route, param, typed, message
):
    make_application()
    client.force_login(grants_users.staff)
    response = client.get(reverse(route), {param: typed}, follow=True)
    refused(response, message or "Enter an amount of £0 or more")
    assert response["Content-Type"].startswith("text/html")  # no file of unfiltered rows


@pytest.mark.parametrize("route", LIST_AND_EXPORTS)
@pytest.mark.parametrize(
    "params",
    [
        {"fund_year": "9" * 400},
        {"area": "1" * 30},
        {"organisation": "\u0661\u0662"},
        {"status": "\x00"},
        {"q": "\x00"},
        {"q": "x" * 10_000},
        {"received_from": "\u0660\u0661/\u0660\u0664/\u0662\u0660\u0662\u0664"},
        {"received_to": "\x00"},
    ],
    ids=[
        "huge-id",
        "long-id",
        "other-digits-id",
        "nul-status",
        "nul-search",
        "long-search",
        "date-digits",
        "nul-date",
    ],
)
def test_other_filters_never_give_a_server_error(client, grants_users, make_application, route, params):
    make_application()
    client.force_login(grants_users.staff)
    response = client.get(reverse(route), params, follow=True)
    assert response.status_code in (200, 400)


def test_organisation_search_survives_absurd_text(client, grants_users, make_organisation):
    make_organisation(name="Handsworth Kitchen")
    client.force_login(grants_users.staff)
    for q in ["\x00", "x" * 10_000, "\u202eevil", "🍲", "ہینڈز ورتھ"]:
        assert client.get(reverse("grants:organisations"), {"q": q}).status_code in (200, 400), ascii(q)


# --- absurd text in the text fields -----------------------------------------------------------------

ORGANISATION = {
    "name": "Handsworth Community Kitchen",
    "org_type": "community_group",
    "postcode": "B21 9AA",
    "safeguarding_policy_held": "on",
}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "x" * 10_000}, "Ensure this value has at most 200 characters"),
        ({"name": "Kitchen\x00"}, "Null characters are not allowed"),
        ({"notes": "note\x00"}, "Null characters are not allowed"),
        ({"address": "1 High St\x00"}, "Null characters are not allowed"),
        ({"contact_email": "a\x00@example.org"}, "Enter an email address"),
        ({"postcode": "B21\x009AA"}, "Null characters are not allowed"),
        ({"name": "Kitchen\u202e"}, "Remove the text direction control characters"),
        ({"name": "\U0001f372\U0001f372"}, "Enter a name with at least one letter or number"),
    ],
    ids=[
        "10k-name",
        "nul-name",
        "nul-notes",
        "nul-address",
        "nul-email",
        "nul-postcode",
        "rtl-override",
        "emoji-only",
    ],
)
def test_organisation_form_refuses_absurd_text(client, grants_users, changes, message):
    client.force_login(grants_users.staff)
    response = client.post(reverse("grants:organisation_add"), {**ORGANISATION, **changes})
    refused(response, message)
    assert not Organisation.objects.exists()


def test_organisation_names_in_any_script_and_with_emoji_are_kept_as_typed(client, grants_users):
    client.force_login(grants_users.staff)
    for name in ["ہینڈز ورتھ کمیونٹی کچن", "Cegin Gymunedol Tŷ Hafan", "Handsworth Kitchen 🍲"]:
        response = client.post(reverse("grants:organisation_add"), {**ORGANISATION, "name": name})
        assert response.status_code == 302, text(response)
        assert Organisation.objects.filter(name=name).exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"project_title": "x" * 10_000},
        {"project_title": "Football\x00"},
        {"summary": "y" * 10_000 + "\x00"},
        {"project_title": "\u202eFootball"},
        {"beneficiaries_count": "9" * 400},
        {"beneficiaries_count": "\u0662\u0665"},
        {"planned_start": "\u0660\u0661/\u0660\u0665/\u0662\u0660\u0662\u0665"},
        {"received_on": "\x00"},
        {"organisation": "9" * 400},
        {"allocation_line": "\x00"},
        {"themes": ["9" * 400]},
    ],
    ids=[
        "10k-title",
        "nul-title",
        "nul-summary",
        "rtl-title",
        "huge-count",
        "other-digit-count",
        "other-digit-date",
        "nul-date",
        "huge-organisation-id",
        "nul-line",
        "huge-theme-id",
    ],
)
def test_application_form_refuses_absurd_input_with_a_message(request, client, changes):
    user, target, good = _application_add(request)
    client.force_login(user)
    before = snapshot()
    response = client.post(target, {**good, **changes})
    refused(response, "")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("action", "status", "who", "data"),
    [
        ("reject", Status.ASSESSED, "manager", {"reason": "\x00"}),
        ("return", Status.ASSESSED, "manager", {"missing": "a\x00b"}),
        ("conflict", Status.ELIGIBILITY_CHECK, "assessor", {"details": "\x00" * 5}),
        (
            "payment",
            Status.AGREEMENT_SIGNED,
            "staff",
            {"amount": "5", "paid_on": "", "finance_reference": "\x00"},
        ),
        (
            "agreement",
            Status.APPROVED,
            "staff",
            {"signed_on": "\u0660\u0661/\u0660\u0666/\u0662\u0660\u0662\u0664"},
        ),
    ],
    ids=["reject", "return", "conflict", "payment-reference", "agreement-date"],
)
def test_action_forms_refuse_nul_and_other_digits(request, client, grants_users, action, status, who, data):
    application = request.getfixturevalue("application_in")(status)
    client.force_login(getattr(grants_users, who))
    before = snapshot()
    refused(client.post(url(action, application), data), "")
    assert snapshot() == before


# --- imports: the same rules, as row errors (never an exception from the database) -----------------


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ('"Kitchen\x00",Charity,,,,,yes,', "name", "Remove the null character"),
        ('"\u202eKitchen",Charity,,,,,yes,', "name", "Remove the text direction control characters"),
        ('"x' + "y" * 10_000 + '",Charity,,,,,yes,', "name", "at most 200 characters"),
        ('"\U0001f372",Charity,,,,,yes,', "name", "Enter a name with at least one letter or number."),
    ],
    ids=["nul", "rtl", "10k", "emoji-only"],
)
def test_organisation_import_refuses_absurd_names_as_row_errors(cells, column, message):
    header = (
        "name,type,charity_number,company_number,postcode,areas_served,safeguarding_policy_held,contact_email"
    )
    data = tablib.Dataset().load(f"{header}\n{cells}", format="csv")
    result = OrganisationResource().import_data(data, dry_run=False)
    assert not result.has_errors(), error_lines(result)  # an exception would be has_errors()
    [invalid] = result.invalid_rows
    assert any(message in text for text in invalid.error_dict[column]), invalid.error_dict
    assert not Organisation.objects.exists()


# --- names in every script (issue 7, "Found" 2) ----------------------------------------------------

URDU_KITCHEN = (
    "\u06c1\u06cc\u0646\u0688\u0632 \u0648\u0631\u062a\u06be \u06a9\u0686\u0646"  # Handsworth kitchen
)
URDU_BOXING = (
    "\u0627\u0633\u0679\u0646 \u0628\u0627\u06a9\u0633\u0646\u06af \u06a9\u0644\u0628"  # Aston boxing club
)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Café", "CAFE\u0301"),  # composed and decomposed accents
        ("Cegin Gymunedol Tŷ Hafan", "CEGIN GYMUNEDOL TY\u0302 HAFAN"),
        ("Cegin Gymunedol Tŷ Hafan", "cegin gymunedol ty hafan cyf."),  # Welsh "Cyf." = Ltd
        ("Cymdeithas Gŵyl Dewi", "Cymdeithas  Gwyl-Dewi"),
        ("St. Mary's Youth CIC", "the ST MARYS youth ltd"),
        ("St Mary\u2019s Youth", "St Marys Youth"),  # typographic apostrophe
        (URDU_KITCHEN, f"  {URDU_KITCHEN}  "),
        (URDU_KITCHEN, URDU_KITCHEN.replace(" ", "\u200c ")),  # zero-width non-joiner typed
        (
            "\uff28\uff41\uff4e\uff44\uff53\uff57\uff4f\uff52\uff54\uff48 Kitchen",
            "Handsworth Kitchen",
        ),  # full-width
        ("Straße Project", "STRASSE project"),
    ],
)
def test_names_match_their_own_variants(one, other):
    assert normalise_name(one) == normalise_name(other) != ""


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (URDU_KITCHEN, URDU_BOXING),
        (
            "\u0939\u0948\u0902\u0921\u094d\u0938\u0935\u0930\u094d\u0925",
            "\u090f\u0938\u094d\u091f\u0928",
        ),  # Hindi
        (
            "\u0a39\u0a48\u0a02\u0a21\u0a38\u0a35\u0a30\u0a25",
            "\u0a10\u0a38\u0a1f\u0a28",
        ),  # Punjabi (Gurmukhi)
        ("\u4e2d\u6587\u5b66\u6821", "\u534e\u4eba\u534f\u4f1a"),  # Chinese school / Chinese association
        ("Tŷ Hafan", "Tŷ Hafod"),
    ],
)
def test_different_names_in_any_script_are_not_the_same(one, other):
    assert normalise_name(one) != normalise_name(other)
    assert normalise_name(one) and normalise_name(other)


def test_two_urdu_organisations_are_not_flagged_as_duplicates(make_organisation):
    kitchen = make_organisation(name=URDU_KITCHEN)
    assert kitchen.normalised_name == normalise_name(URDU_KITCHEN) != ""
    assert set(services.organisation_duplicates(name=URDU_BOXING)) == set()
    assert set(services.organisation_duplicates(name=f"{URDU_KITCHEN} ")) == {kitchen}


def test_welsh_names_still_match_their_variants_as_duplicates(make_organisation):
    hafan = make_organisation(name="Cegin Gymunedol Tŷ Hafan")
    assert set(services.organisation_duplicates(name="CEGIN GYMUNEDOL TY HAFAN CYF")) == {hafan}
    assert set(services.organisation_duplicates(name="Cegin Gymunedol Tŷ Hafod")) == set()


def test_a_key_never_outgrows_its_column():
    assert len(normalise_name("&" * 200)) <= Organisation._meta.get_field("normalised_name").max_length
    assert len(normalise_name("\ufdfa" * 200)) <= 200  # one character NFKC turns into 18


def test_the_data_migration_recomputes_stored_keys(make_organisation):
    kitchen = make_organisation(name=URDU_KITCHEN)
    cafe = make_organisation(name="Café Ffrindiau")
    Organisation.objects.update(normalised_name="")  # as the old rule left them
    migration = importlib.import_module("grants.migrations.0003_recompute_normalised_names")

    migration.recompute(apps, None)

    assert Organisation.objects.get(pk=kitchen.pk).normalised_name == normalise_name(URDU_KITCHEN)
    assert Organisation.objects.get(pk=cafe.pk).normalised_name == "cafe ffrindiau"


# --- top-ups dated outside their fund year (issue 7, "Found" 3) -----------------------------------

YEAR_2024 = "The date of the decision must be in 2024/25, between 1 April 2024 and 31 March 2025."


@pytest.mark.parametrize(
    "day", [date(2000, 1, 1), date(2024, 3, 31), date(2025, 4, 1), date(2026, 1, 1)], ids=str
)
def test_the_service_refuses_a_top_up_outside_its_fund_year(fund_year, grants_users, day):
    with pytest.raises(ValidationError) as info:
        services.top_up_add(
            fund_year=fund_year, amount="1000", date=day, reason="More.", by=grants_users.manager
        )
    assert info.value.message_dict == {"date": [YEAR_2024]}
    assert not TopUp.objects.exists()


@pytest.mark.parametrize("day", [date(2024, 4, 1), date(2025, 3, 31)], ids=str)
def test_the_first_and_last_days_of_the_year_are_in_it(fund_year, grants_users, day):
    top_up = services.top_up_add(
        fund_year=fund_year, amount="1000", date=day, reason="More.", by=grants_users.manager
    )
    assert top_up.date == day


def test_the_model_refuses_it_whoever_saves(fund_year, grants_users):
    top_up = TopUp(
        fund_year=fund_year, amount="10", date=date(2000, 1, 1), reason="x", recorded_by=grants_users.manager
    )
    with pytest.raises(ValidationError) as info:
        top_up.full_clean()
    assert info.value.message_dict["date"] == [YEAR_2024]


def test_the_form_refuses_it_naming_the_years_dates(client, fund_year, grants_users):
    client.force_login(grants_users.manager)
    target = reverse("grants:top_up_add", args=[fund_year.pk])
    assert "A date in 2024/25, from 01/04/2024 to 31/03/2025" in text(client.get(target))
    response = client.post(target, {"amount": "1000", "date": "01/01/2000", "reason": "More money."})
    refused(response, YEAR_2024.removesuffix("."))
    assert response.context["form"].has_error("date")
    assert not TopUp.objects.exists()

    response = client.post(target, {"amount": "1000", "date": "01/09/2024", "reason": "More money."})
    assert response.status_code == 302
    assert TopUp.objects.get().date == date(2024, 9, 1)
