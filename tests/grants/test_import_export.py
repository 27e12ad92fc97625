"""Imports of organisations and historical awards: row by row, all-or-nothing, errors by row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.models import Application, Award, Organisation, Payment, Status
from grants.resources import HistoricalAwardResource, OrganisationResource, error_lines
from opcc.core import roles
from opcc.core.models import LocalAuthority, PolicingArea, ReferenceCounter
from tests.grants.factories import AllocationLineFactory, FundYearFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ORG_HEADER = (
    "name,type,charity_number,company_number,postcode,areas_served,safeguarding_policy_held,contact_email"
)
GOOD_ORGS = [
    "Aston Boxing Club,Charity,1164883,,b6 5rq,Birmingham,yes,info@aston.example",
    "Coventry Youth CIC,cic,,1234567,CV1 1AA,Coventry; Solihull,no,",
    "Walsall Street Pastors,Faith group,,,WS1 1AA,,yes,",
]


def dataset(header: str, *rows: str) -> tablib.Dataset:
    return tablib.Dataset().load("\n".join([header, *rows]), format="csv")


def import_orgs(*rows: str, dry_run: bool = False, header: str = ORG_HEADER):
    return OrganisationResource().import_data(dataset(header, *rows), dry_run=dry_run)


# --- organisations --------------------------------------------------------------------------------


def test_organisations_dry_run_saves_nothing_then_the_real_import_saves_every_row():
    preview = import_orgs(*GOOD_ORGS, dry_run=True)
    assert not preview.has_errors() and not preview.has_validation_errors()
    assert preview.totals["new"] == 3
    assert Organisation.objects.count() == 0

    result = import_orgs(*GOOD_ORGS)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Organisation.objects.count() == 3
    aston = Organisation.objects.get(charity_number="1164883")
    assert (aston.org_type, aston.postcode, aston.safeguarding_policy_held) == ("charity", "B6 5RQ", True)
    assert [a.name for a in aston.areas_served.all()] == ["Birmingham"]
    cic = Organisation.objects.get(name="Coventry Youth CIC")
    assert cic.company_number == "01234567"  # Companies House keeps the leading zero
    assert {a.name for a in cic.areas_served.all()} == {"Coventry", "Solihull"}
    assert Organisation.objects.get(name="Walsall Street Pastors").org_type == "faith_group"


def test_one_bad_row_means_nothing_is_saved_and_the_error_names_row_3():
    rows = [*GOOD_ORGS[:2], "Bad Numbers Trust,Charity,12AB,,B1 1AA,,yes,", GOOD_ORGS[2]]
    result = import_orgs(*rows)

    assert Organisation.objects.count() == 0
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == 3
    assert invalid.error_dict == {
        "charity_number": ["Enter a charity number like 1164883 (Scotland: SC012345)."]
    }
    assert error_lines(result) == [
        "Row 3: charity_number: Enter a charity number like 1164883 (Scotland: SC012345)."
    ]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("type", "Bank", '"Bank" is not one of: Voluntary and community group, Charity,'),
        ("postcode", "XYZ", "Enter a real postcode, like B1 1AA."),
        ("company_number", "ABC", "Enter a company number of 8 characters"),
        ("areas_served", "Birmingham; Narnia", 'No local authority called "Narnia".'),
        ("safeguarding_policy_held", "maybe", '"maybe" is not one of: yes, no.'),
        ("name", "", "This field cannot be blank."),
    ],
)
def test_each_bad_value_is_a_row_error_naming_the_column(column, value, message):
    values = dict(zip(ORG_HEADER.split(","), GOOD_ORGS[0].split(","), strict=True))
    values[column] = value
    result = import_orgs(GOOD_ORGS[1], ",".join(values.values()))

    assert Organisation.objects.count() == 0
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert message in " ".join(invalid.error_dict[column])


def test_existing_organisations_are_matched_by_charity_then_company_number():
    by_charity = OrganisationFactory(name="Aston Boxing", charity_number="1164883")
    by_company = OrganisationFactory(cic=True, name="Old CIC name", company_number="01234567")

    result = import_orgs(*GOOD_ORGS)

    assert result.totals["update"] == 2 and result.totals["new"] == 1
    assert Organisation.objects.count() == 3
    by_charity.refresh_from_db()
    by_company.refresh_from_db()
    assert by_charity.name == "Aston Boxing Club"
    assert by_company.name == "Coventry Youth CIC"


def test_export_gives_the_rows_and_importing_them_back_matches_by_number():
    import_orgs(*GOOD_ORGS)
    exported = OrganisationResource().export()

    assert exported.headers[:4] == ["name", "type", "charity_number", "company_number"]
    rows = {row["name"]: row for row in exported.dict}
    assert set(rows) == {"Aston Boxing Club", "Coventry Youth CIC", "Walsall Street Pastors"}
    assert rows["Coventry Youth CIC"]["type"] == "Community interest company"
    assert rows["Coventry Youth CIC"]["areas_served"] == "Coventry; Solihull"
    assert rows["Aston Boxing Club"]["safeguarding_policy_held"] == "yes"

    again = OrganisationResource().import_data(tablib.Dataset().load(exported.csv, format="csv"))
    assert not again.has_validation_errors() and not again.has_errors()
    # The two with a number are matched; the faith group has none, so it comes in again as new.
    assert (again.totals["update"], again.totals["new"]) == (2, 1)
    assert Organisation.objects.count() == 4


# --- historical applications and awards -------------------------------------------------------------

AWARD_HEADER = (
    "reference,fund,financial_year,area,organisation,charity_number,project_title,summary,"
    "amount_requested,amount_awarded,date_received,offer_date,status,amount_paid,paid_on"
)


@pytest.fixture
def history(db):
    """HCF 2022/23 with a £40,000 Coventry line and two organisations."""
    fund_year = FundYearFactory(financial_year__start_year=2022, max_award=Decimal("10000.00"))
    coventry = PolicingArea.objects.valid_in(2022).get(name="Coventry")
    AllocationLineFactory(fund_year=fund_year, area=coventry, amount=Decimal("40000.00"))
    OrganisationFactory(name="Aston Boxing Club", charity_number="1164883")
    OrganisationFactory(community_group=True, name="Foleshill Friends")
    return fund_year


def award_row(drop: tuple[str, ...] = (), **changes) -> str:
    values = {
        "reference": "HCF-2022-0012",
        "fund": "HCF",
        "financial_year": "2022/23",
        "area": "Coventry",
        "organisation": "",
        "charity_number": "1164883",
        "project_title": "Boxing nights",
        "summary": "Friday night boxing.",
        "amount_requested": "£5,000",
        "amount_awarded": "4000",
        "date_received": "02/05/2022",
        "offer_date": "15/06/2022",
        "status": "closed",
        "amount_paid": "",
        "paid_on": "",
    }
    values.update(changes)
    return ",".join(f'"{v}"' for k, v in values.items() if k not in drop)


def import_awards(*rows: str, user, dry_run: bool = False, header: str = AWARD_HEADER):
    return HistoricalAwardResource().import_data(dataset(header, *rows), dry_run=dry_run, user=user)


def test_historical_awards_are_imported_with_their_award_and_payment(history, make_user):
    user = make_user(roles.ADMINISTRATOR)
    second = award_row(
        reference="",
        organisation="Foleshill Friends",
        charity_number="",
        status="Paid",
        amount_requested="2500.50",
        amount_awarded="2500.50",
        amount_paid="2500.50",
        paid_on="01/07/2022",
    )
    preview = import_awards(award_row(), second, user=user, dry_run=True)
    assert not preview.has_validation_errors() and not preview.has_errors(), error_lines(preview)
    assert Application.objects.count() == 0

    result = import_awards(award_row(), second, user=user)

    assert not result.has_validation_errors() and not result.has_errors(), error_lines(result)
    first = Application.objects.get(reference="HCF-2022-0012")
    assert (first.status, first.fund_year, first.allocation_line.area.name) == (
        Status.CLOSED,
        history,
        "Coventry",
    )
    assert first.organisation.charity_number == "1164883" and first.entered_by == user
    assert first.received_on == dt.date(2022, 5, 2) and first.amount_requested == Decimal("5000.00")
    assert (first.award.amount, first.award.offered_on, first.award.fund) == (
        Decimal("4000.00"),
        dt.date(2022, 6, 15),
        history.fund,
    )
    assert first.history.first().history_user == user
    # The second row had no reference: it gets the next one after the imported 0012.
    paid = Application.objects.get(organisation__name="Foleshill Friends")
    assert paid.reference == "HCF-2022-0013" and paid.status == Status.PAID
    assert Payment.objects.get(award__application=paid).amount == Decimal("2500.50")
    assert ReferenceCounter.objects.get(key="HCF-2022").last == 13


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"area": "Narnia"}, "area", 'No policing area or pot called "Narnia" in 2022/23.'),
        ({"area": "Dudley"}, "area", 'Helping Communities Fund 2022/23 has no allocation line for "Dudley".'),
        (
            {"amount_awarded": "5000.01"},
            "amount_awarded",
            "The amount awarded (£5,000.01) is more than the amount requested (£5,000).",
        ),
        (
            {"financial_year": "2024/26"},
            "financial_year",
            '"2024/26" is not a financial year: the second year must follow the first.',
        ),
        (
            {"financial_year": "2023/24"},
            "financial_year",
            "Helping Communities Fund has no 2023/24 fund year: add it with its allocation lines first.",
        ),
        ({"fund": "XYZ"}, "fund", 'No fund with the code or name "XYZ".'),
        (
            {"charity_number": "999999"},
            "charity_number",
            'No organisation with charity number "999999": import it first.',
        ),
        (
            {"charity_number": "", "organisation": "Nobody Trust"},
            "organisation",
            'No organisation called "Nobody Trust": import it first.',
        ),
        (
            {"status": "approved"},
            "status",
            'Status "approved" cannot be imported: a historical application is "closed" or "paid".',
        ),
        ({"offer_date": "01/04/2022"}, "offer_date", "The offer date must be on or after the date received."),
        (
            {"date_received": "31/02/2022"},
            "date_received",
            '"31/02/2022" is not a date: write it like 31/03/2024.',
        ),
        (
            {"amount_requested": "12,50.505"},
            "amount_requested",
            '"12,50.505": Enter an amount with no more than 2 decimal places (pence).',
        ),
        (
            {"amount_requested": "20000", "amount_awarded": "12000"},
            "amount_awarded",
            "The maximum single award in Helping Communities Fund 2022/23 is £10,000.",
        ),
        ({"reference": "HCF-2022-0001"}, "reference", "Application HCF-2022-0001 already exists."),
        ({"amount_paid": "100"}, "paid_on", "Enter the date it was paid."),
    ],
)
def test_a_bad_row_is_an_error_naming_row_column_and_value_and_nothing_is_saved(
    history, make_user, changes, column, message
):
    user = make_user(roles.ADMINISTRATOR)
    rows = [award_row(reference="HCF-2022-0001"), award_row(**{"reference": "HCF-2022-0002", **changes})]
    result = import_awards(*rows, user=user)

    assert Application.objects.count() == 0 and Award.objects.count() == 0
    assert not result.has_errors(), error_lines(result)
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert message in invalid.error_dict.get(column, []), invalid.error_dict
    assert f"Row 2: {column}: {message}" in error_lines(result)


def test_awards_beyond_what_is_left_on_the_line_are_refused(history, make_user):
    user = make_user(roles.ADMINISTRATOR)
    rows = [
        award_row(reference=f"HCF-2022-{n:04d}", amount_requested="10000", amount_awarded="10000")
        for n in range(1, 6)
    ]
    result = import_awards(*rows, user=user)

    assert Application.objects.count() == 0
    [invalid] = result.invalid_rows
    assert invalid.number == 5
    assert invalid.error_dict["amount_awarded"] == ["Not enough left in Coventry: £0 remaining."]


def test_a_file_without_a_needed_column_is_refused_whole(history, make_user):
    header = AWARD_HEADER.replace(",offer_date", "")
    result = import_awards(
        award_row(drop=("offer_date",)), user=make_user(roles.ADMINISTRATOR), header=header
    )

    assert result.has_errors()
    assert error_lines(result) == ["File: The file has no column offer_date: nothing was imported."]
    assert Application.objects.count() == 0


def test_export_of_awards_gives_the_imported_rows(history, make_user):
    user = make_user(roles.ADMINISTRATOR)
    import_awards(
        award_row(),
        award_row(reference="HCF-2022-0020", status="paid", amount_paid="4000", paid_on="20/06/2022"),
        user=user,
    )

    exported = HistoricalAwardResource().export()

    assert exported.headers == [
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
    ]
    rows = {row["reference"]: row for row in exported.dict}
    assert set(rows) == {"HCF-2022-0012", "HCF-2022-0020"}
    assert {
        k: rows["HCF-2022-0020"][k]
        for k in (
            "fund",
            "financial_year",
            "area",
            "organisation",
            "charity_number",
            "amount_requested",
            "amount_awarded",
            "date_received",
            "offer_date",
            "status",
            "amount_paid",
            "paid_on",
        )
    } == {
        "fund": "HCF",
        "financial_year": "2022/23",
        "area": "Coventry",
        "organisation": "Aston Boxing Club",
        "charity_number": "1164883",
        "amount_requested": "5000.00",
        "amount_awarded": "4000.00",
        "date_received": "02/05/2022",
        "offer_date": "15/06/2022",
        "status": "paid",
        "amount_paid": "4000.00",
        "paid_on": "20/06/2022",
    }
    assert rows["HCF-2022-0012"]["amount_paid"] == ""


# --- through the admin ---------------------------------------------------------------------------------


def upload(name: str, *lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\n".join(lines).encode(), content_type="text/csv")


def test_admin_import_previews_then_confirms(client_as):
    client = client_as(roles.ADMINISTRATOR)
    url = reverse("admin:grants_organisation_import")
    preview = client.post(url, {"format": "0", "import_file": upload("orgs.csv", ORG_HEADER, *GOOD_ORGS)})

    assert preview.status_code == 200
    assert Organisation.objects.count() == 0
    confirm = preview.context["confirm_form"]
    response = client.post(reverse("admin:grants_organisation_process_import"), confirm.initial)

    assert response.status_code == 302
    assert Organisation.objects.count() == 3
    assert (
        LocalAuthority.objects.get(name="Solihull")
        in Organisation.objects.get(name="Coventry Youth CIC").areas_served.all()
    )


def test_admin_import_with_a_bad_row_lists_it_and_saves_nothing(client_as):
    client = client_as(roles.ADMINISTRATOR)
    bad = [*GOOD_ORGS[:2], "Bad Numbers Trust,Charity,12AB,,B1 1AA,,yes,"]
    response = client.post(
        reverse("admin:grants_organisation_import"),
        {"format": "0", "import_file": upload("orgs.csv", ORG_HEADER, *bad)},
    )

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    messages = [str(m) for m in response.context["messages"]]
    assert messages[0].startswith("Nothing was imported: fix 1 problem")
    assert "Row 3: charity_number: Enter a charity number like 1164883 (Scotland: SC012345)." in messages
    assert Organisation.objects.count() == 0


def test_admin_imports_historical_awards_as_the_signed_in_user(client_as, history):
    client = client_as(roles.ADMINISTRATOR)
    preview = client.post(
        reverse("admin:grants_application_import"),
        {"format": "0", "import_file": upload("awards.csv", AWARD_HEADER, award_row())},
    )
    assert "confirm_form" in preview.context, [str(m) for m in preview.context["messages"]]
    client.post(reverse("admin:grants_application_process_import"), preview.context["confirm_form"].initial)

    application = Application.objects.get(reference="HCF-2022-0012")
    assert application.entered_by == client.user and application.award.approved_by == client.user


def test_admin_confirm_rolls_back_if_a_row_has_become_invalid_since_the_preview(client_as, history):
    client = client_as(roles.ADMINISTRATOR)
    preview = client.post(
        reverse("admin:grants_application_import"),
        {
            "format": "0",
            "import_file": upload(
                "awards.csv",
                AWARD_HEADER,
                award_row(reference="HCF-2022-0001"),
                award_row(reference="HCF-2022-0002"),
            ),
        },
    )
    import_awards(award_row(reference="HCF-2022-0002"), user=client.user)  # someone got there first

    response = client.post(
        reverse("admin:grants_application_process_import"),
        preview.context["confirm_form"].initial,
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("admin:grants_application_import")
    messages = [str(m) for m in response.context["messages"]]
    assert "Row 2: reference: Application HCF-2022-0002 already exists." in messages
    assert list(Application.objects.values_list("reference", flat=True)) == ["HCF-2022-0002"]


@pytest.mark.parametrize("model", ["organisation", "application"])
def test_only_administrators_may_import(client_as, model):
    assert client_as(roles.OFFICE_STAFF).get(reverse(f"admin:grants_{model}_import")).status_code == 403
    assert client_as(roles.ADMINISTRATOR).get(reverse(f"admin:grants_{model}_import")).status_code == 200
