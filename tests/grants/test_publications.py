"""Publication outputs: 360Giving data (validated against the standard's schema) and the SIO register.

Awards are made through the services on chosen days with grants.demo.DemoClock (the services date
a decision "today"), so that date ranges and months have something to include and to leave out.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import tracemalloc
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from grants import services
from grants.publications import register, threesixty
from opcc.audit.models import AccessEvent, Action
from opcc.core import roles
from opcc.core.demo import DemoClock
from opcc.exports.models import ExportJob

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "360giving"
JUNE = (date(2024, 6, 1), date(2024, 6, 30))
CONTACT = {
    "contact_name": "Pat Example",
    "contact_email": "pat@example.org",
    "contact_phone": "0121 496 0999",
}
STANDARD_TITLES = [
    "Identifier", "Title", "Description", "Currency", "Amount Applied For", "Amount Awarded", "Award Date",
    "Recipient Org:Identifier", "Recipient Org:Name", "Recipient Org:Charity Number",
    "Recipient Org:Company Number", "Recipient Org:Postal Code", "Funding Org:Identifier", "Funding Org:Name",
    "Grant Programme:Title", "Planned Dates:Start Date", "Planned Dates:End Date",
    "Beneficiary Location:Name", "From An Open Call?", "Last Modified",
]  # fmt: skip


RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def format_checker() -> jsonschema.FormatChecker:
    """jsonschema checks "date-time" and "uri" only with optional packages; these stand in.

    Without a date-time check every YYYY-MM-DD date would match both branches of the schema's
    `oneOf` (format date-time, or the date pattern) and fail, as in 360Giving's own validator.
    """
    checker = jsonschema.FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def date_time(value) -> bool:
        if not isinstance(value, str):
            return True
        return bool(RFC3339.match(value)) and datetime.fromisoformat(value.replace("Z", "+00:00")) is not None

    @checker.checks("uri")
    def uri(value) -> bool:
        parts = urlsplit(value) if isinstance(value, str) else None
        return parts is None or bool(parts.scheme and parts.netloc)

    return checker


def package_validator() -> jsonschema.protocols.Validator:
    """The package schema, its $ref to the grant schema resolved to the local copy."""
    package = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text())
    grant = json.loads((SCHEMAS / "360-giving-schema.json").read_text())
    # The schemas name draft 2020-12 by its http:// URI, which `referencing` does not detect: say it.
    registry = Registry().with_resource(grant["$id"], DRAFT202012.create_resource(grant))
    validator = jsonschema.Draft202012Validator
    return validator(package, registry=registry, format_checker=format_checker())


@pytest.fixture
def award_on(application_in, grants_users, make_organisation):
    """`award_on(day, **fields)`: an application approved on `day` (entered a week before)."""
    clock = DemoClock()

    def make(day: date, status: str = "approved", **fields):
        fields.setdefault("organisation", make_organisation(**CONTACT))
        with clock.running():
            clock.at(day)
            return application_in(status, **fields)

    return make


@pytest.fixture
def june(award_on, make_organisation):
    """Three awards in June 2024 to organisations with each kind of identifier, one in July."""
    return {
        "charity": award_on(
            date(2024, 6, 3),
            organisation=make_organisation(charity_number="1164883", company_number="07654321", **CONTACT),
            amount_requested=Decimal("2500.00"),
        ),
        "company": award_on(
            date(2024, 6, 17),
            organisation=make_organisation(org_type="cic", company_number="123456", **CONTACT),
            amount_requested=Decimal("1250.50"),
        ),
        "plain": award_on(date(2024, 6, 30), amount_requested=Decimal("800.00")),
        "july": award_on(date(2024, 7, 1), amount_requested=Decimal("999.00")),
    }


# --- 360Giving ---------------------------------------------------------------------------------


def test_package_validates_against_the_360giving_schema(june):
    package = json.loads(threesixty.to_json(threesixty.data_package(*JUNE)))

    errors = sorted(package_validator().iter_errors(package), key=str)

    assert errors == []
    assert len(package["grants"]) == 3
    assert package["version"] == "1.4"
    assert package["publisher"] == {"name": settings.FUNDER_NAME, "identifier": settings.FUNDER_IDENTIFIER}


def test_the_validator_does_catch_a_bad_grant(june):
    package = threesixty.data_package(*JUNE)
    del package["grants"][0]["awardDate"]
    package["grants"][1]["amountAwarded"] = "£1,250.50"
    package["grants"][2]["dateModified"] = "30/06/2024"

    errors = list(package_validator().iter_errors(package))

    assert {tuple(e.absolute_path)[:2] for e in errors} >= {("grants", 0), ("grants", 1), ("grants", 2)}


def test_grant_identifiers_and_plain_number_amounts(june, settings):
    settings.THREESIXTYGIVING_PREFIX = "opcc-wm"
    grants = {g["id"]: g for g in threesixty.data_package(*JUNE)["grants"]}

    charity = june["charity"]
    grant = grants[f"360G-opcc-wm-{charity.reference}"]
    assert grant["amountAwarded"] == 2500 and isinstance(grant["amountAwarded"], int)
    assert grants[f"360G-opcc-wm-{june['company'].reference}"]["amountAwarded"] == 1250.5
    assert grant["awardDate"] == "2024-06-03"
    assert grant["currency"] == "GBP"
    assert grant["fundingOrganization"] == [{"id": settings.FUNDER_IDENTIFIER, "name": settings.FUNDER_NAME}]
    assert grant["grantProgramme"][0]["title"] == "Helping Communities Fund 2024/25"


def test_prefix_characters_that_are_not_allowed_become_underscores(june, settings):
    settings.THREESIXTYGIVING_PREFIX = "opcc wm/1"
    ids = [g["id"] for g in threesixty.data_package(*JUNE)["grants"]]
    assert all(i.startswith("360G-opcc_wm_1-HCF-2024-") for i in ids)


def test_recipient_identifiers(june, make_organisation, settings):
    settings.THREESIXTYGIVING_PREFIX = "opcc-wm"
    recipients = {
        g["recipientOrganization"][0]["name"]: g["recipientOrganization"][0]
        for g in threesixty.data_package(*JUNE)["grants"]
    }
    by_app = {key: recipients[june[key].organisation.name] for key in ("charity", "company", "plain")}

    # A charity number wins over a company number.
    assert by_app["charity"]["id"] == "GB-CHC-1164883"
    assert by_app["charity"]["companyNumber"] == "07654321"
    # Companies House numbers keep their leading zeros (8 characters).
    assert by_app["company"]["id"] == "GB-COH-00123456"
    assert by_app["plain"]["id"] == f"360G-opcc-wm-ORG-{june['plain'].organisation.pk}"
    scottish = make_organisation(charity_number="SC012345")
    assert threesixty.organisation_identifier(scottish) == "GB-SC-SC012345"
    linked = make_organisation(charity_number="1164883-1")
    assert threesixty.organisation_identifier(linked) == "GB-CHC-1164883"


def test_no_personal_contact_data_is_published(june):
    package = threesixty.data_package(*JUNE)
    outputs = [threesixty.to_json(package), threesixty.to_csv(package)]
    sheet = load_workbook(io.BytesIO(threesixty.to_xlsx(package))).active
    outputs.append(json.dumps([[c.value for c in row] for row in sheet.iter_rows()]).encode())

    for output in outputs:
        text = output.decode("utf-8-sig")
        for value in (*CONTACT.values(), "High Street"):
            assert value not in text
    for grant in package["grants"]:
        organisation = grant["recipientOrganization"][0]
        assert set(organisation) <= {"id", "name", "charityNumber", "companyNumber", "postalCode"}


def test_only_awards_in_the_range_and_not_withdrawn(june, make_user):
    administrator = make_user(is_superuser=True)  # withdrawing an award needs enter and decide
    services.application_withdraw(application=june["plain"], by=administrator, reason="Folded")

    ids = {g["id"] for g in threesixty.data_package(*JUNE)["grants"]}

    assert ids == {threesixty.grant_identifier(june[k].reference) for k in ("charity", "company")}
    july = threesixty.data_package(date(2024, 7, 1), date(2024, 7, 1))["grants"]
    assert [g["id"] for g in july] == [threesixty.grant_identifier(june["july"].reference)]


def test_titles_stay_under_140_characters(award_on):
    application = award_on(date(2024, 6, 5), project_title="Y" * 140)
    (grant,) = threesixty.data_package(*JUNE)["grants"]
    assert grant["id"].endswith(application.reference)
    assert len(grant["title"]) < 140


def test_spreadsheets_use_the_standards_column_titles_and_the_jsons_values(june):
    package = threesixty.data_package(*JUNE)

    sheet = load_workbook(io.BytesIO(threesixty.to_xlsx(package))).active
    header = [cell.value for cell in sheet[1]]
    csv_rows = list(csv.reader(io.StringIO(threesixty.to_csv(package).decode("utf-8-sig"))))

    assert set(STANDARD_TITLES) <= set(header)
    assert csv_rows[0] == header
    assert sheet.max_row == len(package["grants"]) + 1 == len(csv_rows)
    first = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    grant = package["grants"][0]
    assert first["Identifier"] == grant["id"]
    assert first["Amount Awarded"] == grant["amountAwarded"]
    assert first["Recipient Org:Identifier"] == grant["recipientOrganization"][0]["id"]
    assert first["Beneficiary Location:Name"] == "Birmingham"
    assert first["Beneficiary Location:Geographic Code"] == "E08000025"


def test_text_that_looks_like_a_formula_is_never_a_formula(award_on):
    award_on(date(2024, 6, 5), project_title='=HYPERLINK("http://evil.example","x")', summary="+1+2")
    package = threesixty.data_package(*JUNE)

    sheet = load_workbook(io.BytesIO(threesixty.to_xlsx(package))).active
    header = [cell.value for cell in sheet[1]]
    title = sheet.cell(row=2, column=header.index("Title") + 1)
    rows = list(csv.DictReader(io.StringIO(threesixty.to_csv(package).decode("utf-8-sig"))))

    assert title.data_type == "s" and title.value.startswith("=HYPERLINK")
    assert rows[0]["Title"].startswith("'=HYPERLINK")
    assert rows[0]["Description"] == "'+1+2"
    assert package["grants"][0]["title"].startswith("=HYPERLINK")  # the JSON keeps the text as it is


# --- Specified Information Order register ------------------------------------------------------


def streamed(response) -> bytes:
    """A download's bytes: files are written to disk and streamed, never held whole in memory."""
    return b"".join(response.streaming_content)


def register_rows(year: int, month: int) -> list[dict]:
    return list(csv.DictReader(io.StringIO(register.to_csv(year, month).decode("utf-8-sig"))))


def test_register_lists_every_award_of_the_month(june, make_user):
    administrator = make_user(is_superuser=True)
    services.application_withdraw(application=june["plain"], by=administrator, reason="Folded")

    rows = register_rows(2024, 6)

    assert list(rows[0]) == register.HEADER
    assert [r["Reference"] for r in rows] == [june[k].reference for k in ("charity", "company", "plain")]
    first = rows[0]
    application = june["charity"]
    assert first["Award date"] == "03/06/2024"
    assert first["Recipient"] == application.organisation.name
    assert first["Recipient identifier"] == "GB-CHC-1164883"
    assert first["Amount awarded (£)"] == "2500.00"
    assert first["Purpose"] == application.award.purpose
    assert first["Conditions"] == application.award.conditions
    assert first["How it reduces crime and disorder"] == application.crime_reduction_rationale
    assert (first["Fund"], first["Source of funds"]) == (
        "Helping Communities Fund",
        "Proceeds of Crime Act 2002",
    )
    assert rows[2]["Withdrawn on"] != "" and rows[0]["Withdrawn on"] == ""
    assert [r["Reference"] for r in register_rows(2024, 7)] == [june["july"].reference]
    assert register_rows(2024, 5) == []


def test_register_neutralises_formulas(award_on):
    application = award_on(date(2024, 6, 5), summary="-2+3", crime_reduction_rationale="@SUM(1+1)")

    (row,) = register_rows(2024, 6)

    assert row["Reference"] == application.reference
    assert row["Purpose"] == "'-2+3"
    assert row["How it reduces crime and disorder"] == "'@SUM(1+1)"


# --- the page and its downloads ----------------------------------------------------------------

HOME = "grants:publications_home"


@pytest.mark.parametrize("role", [roles.REPORTS, roles.GRANTS_MANAGER])
def test_reports_and_grants_managers_may_publish(client_as, role, june):
    client = client_as(role)

    page = client.get(reverse(HOME), {"start": "01/06/2024", "end": "30/06/2024"})
    data = client.get(
        reverse("grants:publications_360giving", args=["json"]), {"start": "01/06/2024", "end": "30/06/2024"}
    )
    sheet = client.get(
        reverse("grants:publications_360giving", args=["xlsx"]), {"start": "01/06/2024", "end": "30/06/2024"}
    )
    table = client.get(
        reverse("grants:publications_360giving", args=["csv"]), {"start": "01/06/2024", "end": "30/06/2024"}
    )
    month = client.get(reverse("grants:publications_register"), {"month": "6", "year": "2024"})

    assert page.status_code == 200
    assert june["charity"].reference in page.content.decode()
    assert "3 grants" in page.content.decode()
    assert data["Content-Type"] == "application/json"
    assert list(package_validator().iter_errors(json.loads(streamed(data)))) == []
    assert load_workbook(io.BytesIO(streamed(sheet))).active.max_row == 4
    assert streamed(table).decode("utf-8-sig").startswith("Identifier,")
    assert month["Content-Disposition"] == 'attachment; filename="grants-register-2024-06.csv"'
    assert len(register_rows(2024, 6)) == 3


@pytest.mark.parametrize("role", [roles.OFFICE_STAFF, roles.REVIEWS_MANAGER, roles.VOLUNTEER_COORDINATOR])
def test_other_roles_may_not(client_as, role):
    client = client_as(role)
    for url in (
        reverse(HOME),
        reverse("grants:publications_360giving", args=["json"]) + "?start=01/06/2024&end=30/06/2024",
        reverse("grants:publications_register") + "?month=6&year=2024",
    ):
        assert client.get(url).status_code == 403


def test_signed_out_users_are_sent_to_sign_in(client):
    response = client.get(reverse(HOME))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"start": "30/06/2024", "end": "01/06/2024"},
            "The end date must be the same as or after the start date",
        ),
        ({"start": "31/02/2024", "end": "01/06/2024"}, "The start date must be a real date"),
        ({"start": "01/06/2024", "end": "next week"}, "The end date must be a real date"),
        ({"start": "", "end": "01/06/2024"}, "Enter the start date"),
        ({"start": "01/01/2019", "end": "02/01/2024"}, "The dates must be 5 years apart or less"),
    ],
)
@pytest.mark.parametrize("url_name", [HOME, "grants:publications_360giving"])
def test_bad_dates_get_an_error_summary(client_as, query, message, url_name):
    args = ["json"] if url_name != HOME else []
    response = client_as(roles.REPORTS).get(reverse(url_name, args=args), query)

    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content and "There is a problem" in content
    assert message in content
    assert response["Content-Type"].startswith("text/html")


def test_a_range_without_awards_has_nothing_to_publish(client_as, june):
    client = client_as(roles.REPORTS)
    response = client.get(
        reverse("grants:publications_360giving", args=["json"]), {"start": "01/01/2024", "end": "31/01/2024"}
    )
    assert "No grants were awarded from 01/01/2024 to 31/01/2024" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_an_unknown_format_is_not_found(client_as):
    response = client_as(roles.REPORTS).get(reverse("grants:publications_360giving", args=["pdf"]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"month": "", "year": "2024"}, "Choose the month"),
        ({"month": "13", "year": "2024"}, "Choose a month from the list"),
        ({"month": "6", "year": ""}, "Enter the year"),
        ({"month": "6", "year": "twenty"}, "Enter a whole number"),
        ({"month": "6", "year": "1999"}, "Enter a year from 2000 to"),
        ({"month": "12", "year": "2999"}, "Enter a year from 2000 to"),
    ],
)
def test_bad_register_months_get_an_error_summary(client_as, query, message):
    response = client_as(roles.REPORTS).get(reverse("grants:publications_register"), query)
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert message in content


def test_the_register_month_cannot_be_in_the_future(client_as):
    client = client_as(roles.REPORTS)
    clock = DemoClock()
    with clock.running():
        clock.at(date(2024, 6, 15))
        response = client.get(reverse("grants:publications_register"), {"month": "7", "year": "2024"})
        this_month = client.get(reverse("grants:publications_register"), {"month": "6", "year": "2024"})
    assert "The month cannot be in the future" in response.content.decode()
    assert this_month["Content-Type"].startswith("text/csv")


# --- at scale: written a grant at a time; a large range is an export job ----------------------


def test_json_written_a_grant_at_a_time_reads_back_as_the_package(june):
    package = threesixty.data_package(*JUNE)
    for count in (0, 1, 3):
        part = {**package, "grants": package["grants"][:count]}
        text = threesixty.to_json(part).decode("utf-8")
        assert json.loads(text) == json.loads(json.dumps(part))
        assert text.count("\n    {") == count, "one grant a line"


def synthetic_grants(count: int):
    for index in range(count):
        yield {
            "id": f"360G-TEST-{index}",
            "title": "A project " * 10,
            "description": "=1+1 and some words " * 5,
            "currency": "GBP",
            "amountAwarded": index,
            "awardDate": "2024-06-01",
        }


@pytest.mark.parametrize("file_format", ["json", "csv", "xlsx"])
def test_writing_keeps_memory_flat_in_the_number_of_grants(file_format):
    def peak(count: int) -> int:
        head = {"version": "1.4", "title": "Test"}
        with tempfile.TemporaryFile() as handle:
            tracemalloc.start()
            try:
                assert threesixty.write(handle, file_format, synthetic_grants(count), head=head) == count
                return tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

    small, large = peak(2_000), peak(20_000)
    assert large < small * 1.5, (small, large)


def test_a_large_range_is_written_by_the_worker_and_served_from_storage(
    client_as, june, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORT_XLSX_STREAM_LIMIT = 2  # June has three grants
    client = client_as(roles.REPORTS)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(
            reverse("grants:publications_360giving", args=["json"]),
            {"start": "01/06/2024", "end": "30/06/2024"},
        )
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("exports:job", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.row_count, job.list_name) == ("succeeded", 3, "grants.threesixty"), job.error

    download = client.get(reverse("exports:job_download", args=[job.pk]))
    assert f"360giving-{threesixty.prefix()}-20240601-20240630.json" in download["Content-Disposition"]
    package = json.loads(streamed(download))
    assert list(package_validator().iter_errors(package)) == []
    assert [g["id"] for g in package["grants"]] == [g["id"] for g in threesixty.data_package(*JUNE)["grants"]]
    stages = AccessEvent.objects.filter(action=Action.PUBLICATION_DOWNLOADED).values_list(
        "detail__stage", flat=True
    )
    assert sorted(stages) == ["downloaded", "requested"]
