"""Table bodies drawn from a per-column plan print exactly what django-tables2's own cells printed.

`opcc.core.tables.table_body` replaces the template loop over `row.items` (a dozen calls a cell);
each table in the project, with awkward values (empty, choices, links, dates and times, text a
browser would read as markup), is rendered both ways and compared character for character. Columns
the plan cannot honour (attributes computed per cell, a template of their own) still match, through
django-tables2. The plan does not query per row either.
"""

from __future__ import annotations

import django_tables2 as tables
import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from grants.models import Application, Organisation
from grants.tables import ApplicationTable, OrganisationTable
from grants.views.organisations import organisations_with_figures
from opcc.audit.models import AccessEvent, Action
from opcc.audit.services import audit_record
from opcc.audit.tables import AccessEventTable
from opcc.core import roles
from opcc.core.models import FinancialYear
from opcc.core.tables import table_body
from opcc.reports.models import ReportRun
from opcc.reports.tables import ReportRunTable
from tests.grants.factories import PaymentFactory

pytestmark = pytest.mark.django_db

# The loop templates/includes/table.html ran before the plan (django-tables2 per cell).
REFERENCE = Template(
    "{% for row in table.paginated_rows %}"
    '<tr class="govuk-table__row">'
    "{% for column, cell in row.items %}"
    '<td class="govuk-table__cell{% if column.attrs.td.class %} {{ column.attrs.td.class }}{% endif %}">'
    "{{ cell }}</td>"
    "{% endfor %}</tr>"
    "{% endfor %}"
)
HOSTILE = "<script>alert('x')</script> & \"Friends\" \u0645\u0631\u062d\u0628\u0627"


def reference_body(table) -> str:
    return REFERENCE.render(Context({"table": table}))


def assert_same(table_class, data) -> None:
    fast, slow = table_class(data), table_class(data)
    assert str(table_body(fast)) == reference_body(slow)


@pytest.fixture
def applications(make_application, make_organisation, grants_users):
    hostile = make_organisation(name=HOSTILE, charity_number="", postcode="")
    make_application(project_title=HOSTILE, organisation=hostile)
    make_application(project_title="=SUM(A1:A9)")
    PaymentFactory()  # an application with an award, paid

    return Application.objects.for_list().order_by("pk")


def test_application_rows_match_django_tables2(applications):
    assert applications.count() == 3
    assert_same(ApplicationTable, applications)


def test_organisation_rows_match_including_choices_and_blanks(applications):
    assert Organisation.objects.filter(charity_number="").exists()
    assert_same(OrganisationTable, organisations_with_figures().order_by("pk"))


def test_audit_rows_match(make_user, applications):
    user = make_user(roles.OFFICE_STAFF, username="alice")
    audit_record(
        action=Action.RECORD_VIEWED, user=user, target=applications.first(), detail={"page": HOSTILE}
    )
    audit_record(action=Action.SIGN_IN_FAILED, username=HOSTILE)
    assert_same(AccessEventTable, AccessEvent.objects.order_by("pk"))


def test_report_run_rows_match_with_dates_and_times(make_user):
    year = FinancialYear.objects.get(start_year=2024)
    common = {"financial_year": year, "sections": [], "attempts": 1, "queued_at": timezone.now()}
    ReportRun.objects.create(status=ReportRun.Status.QUEUED, requested_by=make_user(roles.REPORTS), **common)
    ReportRun.objects.create(status=ReportRun.Status.SUCCEEDED, finished_at=timezone.now(), **common)
    assert_same(ReportRunTable, ReportRun.objects.select_related("financial_year", "requested_by"))


class Awkward(tables.Table):
    """Columns the plan leaves to django-tables2, and ones it must treat exactly as django-tables2."""

    name = tables.Column(attrs={"td": {"class": lambda record: f"row-{record['n']}"}})
    shown = tables.TemplateColumn("<em>{{ value }}</em>", accessor="name")
    n = tables.Column(attrs={"td": {"class": "app-money"}})
    missing = tables.Column(accessor="no__such__key", default="none")
    when = tables.DateColumn(format="j F Y")
    anything = tables.Column(accessor="n")

    def render_anything(self, value, record, bound_row, **kwargs):
        return f"{value} of {len(record)} {type(bound_row).__name__} {sorted(kwargs)}"


def test_columns_left_to_django_tables2_and_odd_render_signatures_match():
    data = [
        {"name": HOSTILE, "n": 1234567, "when": timezone.localdate()},
        {"name": "", "n": 0, "when": None},
    ]
    assert_same(Awkward, data)


def test_the_empty_text_spans_every_column():
    html = str(table_body(ApplicationTable([])))
    assert 'colspan="8"' in html and "No applications match." in html


def test_the_plan_runs_no_query_per_row(applications):
    rows = list(applications)
    table = ApplicationTable(rows)
    with CaptureQueriesContext(connection) as captured:
        table_body(table)
    assert len(captured) == 0
