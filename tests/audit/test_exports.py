"""Every export goes out formula-safe, through the one helper, and is recorded in the audit trail.

Organisation names and project titles come from the public: each export here is fed the same
hostile values (OWASP CSV injection) and must carry them as text: an apostrophe in CSV, a text cell
with Excel's quote prefix in XLSX, never a formula. Record views, list exports, report downloads
and publication downloads each leave an audit entry.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from import_export.formats.base_formats import CSV, XLSX
from openpyxl import load_workbook

from grants.models import Award, Organisation, Status
from opcc.audit.models import AccessEvent, Action
from opcc.core import roles
from opcc.reports import services as report_services
from opcc.reports.models import ReportRun
from tests.audit.sections import HOSTILE
from tests.grants.factories import ApplicationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

AWARD_DAY = date(2024, 6, 5)


def csv_table(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "a byte-order mark, so Excel reads UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_csv_neutralised(data: bytes) -> list[list[str]]:
    table = csv_table(data)
    cells = {cell for row in table[1:] for cell in row}
    for value in HOSTILE:
        assert "'" + value.replace("\r", "") in cells, value
    assert not any(cell.lstrip().startswith(("=", "+", "@")) for cell in cells)
    assert not any(cell.startswith(("-2", "\t")) for cell in cells)
    return table


def assert_xlsx_neutralised(data: bytes, sheet_name: str | None = None) -> None:
    workbook = load_workbook(io.BytesIO(data))
    sheets = [workbook[sheet_name]] if sheet_name else workbook.worksheets
    found = {}
    for sheet in sheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if cell.value in HOSTILE:
                    found[cell.value] = cell
    assert set(found) == set(HOSTILE)
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in found.values())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in xml and b"<f " not in xml


def last_event(action: str) -> AccessEvent:
    return AccessEvent.objects.filter(action=action).latest("id")


@pytest.fixture
def hostile_awards():
    """An approved application per hostile value: in the organisation's name and the project's."""
    applications = [
        ApplicationFactory(
            status=Status.APPROVED, organisation=OrganisationFactory(name=value), project_title=value
        )
        for value in HOSTILE
    ]
    Award.objects.filter(application__in=applications).update(offered_on=AWARD_DAY, purpose="-1+1")
    return applications


# --- the applications list ----------------------------------------------------------------------


@pytest.fixture
def staff(client_as):
    return client_as(roles.OFFICE_STAFF)


def test_applications_csv_is_neutralised_and_recorded(staff, hostile_awards):
    response = staff.get(reverse("grants:applications_csv"), {"status": Status.APPROVED})
    assert response["Cache-Control"].startswith("private, no-store")
    table = assert_csv_neutralised(body(response))
    assert len(table) == 1 + len(HOSTILE)
    event = last_event(Action.LIST_EXPORTED)
    assert event.user_id == staff.user.pk
    assert event.detail["format"] == "csv" and event.detail["rows"] == len(HOSTILE)
    assert event.detail["filters"] == {"status": "approved"}
    assert event.detail["file_name"].startswith("applications-")


def test_applications_xlsx_is_neutralised_typed_and_recorded(staff, hostile_awards):
    response = staff.get(reverse("grants:applications_xlsx"))
    data = body(response)
    assert_xlsx_neutralised(data)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.cell(row=2, column=11).number_format == "#,##0.00"  # money typed
    assert sheet.cell(row=2, column=14).is_date
    assert last_event(Action.LIST_EXPORTED).detail["format"] == "xlsx"


# --- publications -------------------------------------------------------------------------------


@pytest.fixture
def publisher(client_as):
    return client_as(roles.REPORTS)


RANGE = {"start": "01/06/2024", "end": "30/06/2024"}


def test_360giving_csv_is_neutralised_numbers_stay_numbers_and_recorded(publisher, hostile_awards):
    response = publisher.get(reverse("grants:publications_360giving", args=["csv"]), RANGE)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="360giving-')
    assert response["Cache-Control"].startswith("private, no-store")
    table = assert_csv_neutralised(body(response))
    header = table[0]
    amounts = {row[header.index("Amount Awarded")] for row in table[1:]}
    assert all(a.replace(".", "").isdigit() for a in amounts)
    assert {row[header.index("Description")] for row in table[1:]} == {"'-1+1"}
    event = last_event(Action.PUBLICATION_DOWNLOADED)
    assert event.detail["format"] == "csv" and event.detail["publication"] == "360Giving"
    assert (event.detail["start"], event.detail["end"]) == ("2024-06-01", "2024-06-30")
    assert event.detail["rows"] == len(HOSTILE)


def test_360giving_xlsx_is_neutralised_and_recorded(publisher, hostile_awards):
    response = publisher.get(reverse("grants:publications_360giving", args=["xlsx"]), RANGE)
    data = body(response)
    assert_xlsx_neutralised(data)
    sheet = load_workbook(io.BytesIO(data))["grants"]
    header = [c.value for c in sheet[1]]
    amount = sheet.cell(row=2, column=header.index("Amount Awarded") + 1)
    assert amount.data_type == "n"
    assert last_event(Action.PUBLICATION_DOWNLOADED).detail["format"] == "xlsx"


def test_360giving_json_keeps_the_text_as_it_is_and_is_recorded(publisher, hostile_awards):
    response = publisher.get(reverse("grants:publications_360giving", args=["json"]), RANGE)
    assert '"title": "=HYPERLINK' in body(response).decode()
    assert last_event(Action.PUBLICATION_DOWNLOADED).detail["format"] == "json"


def test_the_register_is_neutralised_and_recorded(publisher, hostile_awards):
    response = publisher.get(reverse("grants:publications_register"), {"year": "2024", "month": "6"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="grants-register-2024-06.csv"'
    table = assert_csv_neutralised(body(response))
    header = table[0]
    assert {row[header.index("Purpose")] for row in table[1:]} == {"'-1+1"}
    assert all(row[header.index("Amount awarded (£)")] == "5000.00" for row in table[1:])
    event = last_event(Action.PUBLICATION_DOWNLOADED)
    assert event.detail["publication"] == "grants register"
    assert (event.detail["start"], event.detail["end"]) == ("2024-06-01", "2024-06-30")


# --- the report pack ----------------------------------------------------------------------------


@pytest.fixture
def built_run(settings, tmp_path, make_user):
    from opcc.core.models import FinancialYear

    settings.REPORT_SECTIONS = ["tests.audit.sections.hostile"]
    settings.MEDIA_ROOT = tmp_path / "media"
    run = ReportRun.objects.create(
        financial_year=FinancialYear.objects.get(start_year=2024),
        sections=settings.REPORT_SECTIONS,
        status=ReportRun.Status.QUEUED,
        attempts=1,
        queued_at=timezone.now(),
        requested_by=make_user(roles.REPORTS),
    )
    report_services.report_run_build(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.SUCCEEDED, run.error if hasattr(run, "error") else run.status
    return run


def test_report_pack_csv_is_neutralised_and_its_download_recorded(publisher, built_run):
    response = publisher.get(reverse("reports:download", args=[built_run.pk, "csv"]))
    table = csv_table(body(response))
    metrics = [row[1] for row in table[1:]]
    assert any("=HYPERLINK" in m for m in metrics)  # inside a longer label, so harmless as it is
    values = [row[3] for row in table[1:] if row[4] == "GBP"]
    assert "-10.00" in values  # a negative amount is a number, not neutralised text
    event = last_event(Action.REPORT_DOWNLOADED)
    assert event.user_id == publisher.user.pk
    assert event.detail == {"run": built_run.pk, "year": "2024/25", "format": "csv"}
    assert (event.object_type, event.object_id) == ("reports.reportrun", str(built_run.pk))


def test_report_pack_xlsx_is_neutralised_and_its_download_recorded(publisher, built_run):
    response = publisher.get(reverse("reports:download", args=[built_run.pk, "xlsx"]))
    data = body(response)
    assert_xlsx_neutralised(data, "Hostile names")
    assert last_event(Action.REPORT_DOWNLOADED).detail["format"] == "xlsx"


def test_the_pack_csv_rule_itself_neutralises_every_hostile_value():
    from opcc.reports.exporters.csv import safe_text

    assert [safe_text(v) for v in HOSTILE] == ["'" + v for v in HOSTILE]


# --- the admin's exports ------------------------------------------------------------------------


@pytest.fixture
def admin_request(make_user):
    request = RequestFactory().get("/admin/grants/organisation/export/", {"o": "1"})
    request.user = make_user(roles.ADMINISTRATOR)
    return request


def test_admin_csv_export_is_neutralised_and_recorded(admin_request):
    for value in HOSTILE:
        OrganisationFactory(name=value)
    model_admin = site._registry[Organisation]
    data = model_admin.get_export_data(CSV(), admin_request, Organisation.objects.all())
    assert_csv_neutralised(data)
    event = last_event(Action.LIST_EXPORTED)
    assert event.detail["list"] == "admin organisations" and event.detail["format"] == "csv"
    assert event.detail["rows"] == len(HOSTILE)


def test_admin_xlsx_export_is_neutralised_and_recorded(admin_request):
    for value in HOSTILE:
        OrganisationFactory(name=value)
    model_admin = site._registry[Organisation]
    assert_xlsx_neutralised(model_admin.get_export_data(XLSX(), admin_request, Organisation.objects.all()))
    assert last_event(Action.LIST_EXPORTED).detail["format"] == "xlsx"


def test_admin_export_through_the_page(client_as):
    OrganisationFactory(name=HOSTILE[0])
    client = client_as(roles.ADMINISTRATOR)
    url = reverse("admin:grants_organisation_export")
    form = client.get(url).context["form"]
    data = {"format": "0", "resource": "0"}
    data.update(
        {
            name: "on"
            for name in form.fields
            if name.startswith(("organisationresource_", "OrganisationResource_"))
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv"), response.content[
        :500
    ]
    names = [row[0] for row in csv_table(body(response))[1:]]
    assert names == ["'" + HOSTILE[0]]
    assert last_event(Action.LIST_EXPORTED).user_id == client.user.pk


# --- record views -------------------------------------------------------------------------------


def test_viewing_an_application_is_recorded(staff):
    application = ApplicationFactory()
    assert staff.get(application.get_absolute_url()).status_code == 200
    event = AccessEvent.objects.for_object(application).get(action=Action.RECORD_VIEWED)
    assert event.user_id == staff.user.pk and event.detail == {"page": "application"}
    assert event.object_repr == str(application)


def test_viewing_an_organisation_is_recorded(staff):
    organisation = OrganisationFactory()
    assert staff.get(organisation.get_absolute_url()).status_code == 200
    event = AccessEvent.objects.for_object(organisation).get(action=Action.RECORD_VIEWED)
    assert event.detail == {"page": "organisation"}


def test_a_refused_or_missing_record_is_not_recorded_as_viewed(client_as):
    organisation = OrganisationFactory()
    assert client_as(roles.REPORTS).get(organisation.get_absolute_url()).status_code == 403
    missing = reverse("grants:organisation", args=[organisation.pk + 1000])
    assert client_as(roles.OFFICE_STAFF).get(missing).status_code == 404
    assert not AccessEvent.objects.filter(action=Action.RECORD_VIEWED).exists()


@pytest.mark.parametrize(
    ("model", "factory", "pages"),
    [
        (Organisation, OrganisationFactory, ["change", "history"]),
        ("application", ApplicationFactory, ["change", "history"]),
    ],
)
def test_the_admin_pages_of_a_record_are_recorded(client_as, model, factory, pages):
    record = factory()
    name = record._meta.model_name
    client = client_as(roles.ADMINISTRATOR)
    for page in pages:
        assert client.get(reverse(f"admin:grants_{name}_{page}", args=[record.pk])).status_code == 200
    seen = AccessEvent.objects.for_object(record).filter(action=Action.RECORD_VIEWED).order_by("id")
    assert [e.detail["page"] for e in seen] == [f"admin {page}" for page in pages]
    version = record.history.latest("history_id")
    url = reverse(f"admin:grants_{name}_simple_history", args=[record.pk, version.history_id])
    assert client.get(url).status_code == 200
    assert AccessEvent.objects.for_object(record).filter(detail__page="admin history version").exists()


def test_other_admin_pages_are_not_recorded(client_as):
    from tests.grants.factories import ThemeFactory

    theme = ThemeFactory()
    client = client_as(roles.ADMINISTRATOR)
    assert client.get(reverse("admin:grants_theme_change", args=[theme.pk])).status_code == 200
    assert not AccessEvent.objects.filter(action=Action.RECORD_VIEWED).exists()
