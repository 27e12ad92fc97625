"""A CSV written by PostgreSQL's COPY is the same file, byte for byte, as the one Python writes row by
row: the same cells, the same formula neutralising, the same quoting, CRLF line ends."""

from __future__ import annotations

import io
import sys
from decimal import Decimal

import pytest
from django.db import connection
from django.http import QueryDict

from grants.views.exports import APPLICATIONS, export_queryset, export_rows
from opcc.core import roles
from opcc.core.exports import looks_like_formula
from opcc.exports.writers import write_export
from tests.grants.factories import ApplicationFactory, OrganisationFactory, PaymentFactory, ThemeFactory

pytestmark = pytest.mark.django_db

# Every kind of text csv_cell and the csv module treat specially.
HOSTILE = [
    "=1+1",
    "+SUM(A1:A9)",
    "-2",
    "@cmd",
    "\tTab",
    "\rReturn",
    "  =after spaces",
    "\u00a0\u3000+after unusual spaces",
    "\u2028@line separator",
    " \t",  # whitespace only: not a formula
    " \tword",
    "a,b",
    'say "hi"',
    "two\nlines",
    "cr\rinside",
    "",
    "plain £ text",
    "\\.",
    "'already quoted",
]


def file_bytes(queryset, *, copy: bool) -> bytes:
    handle = io.BytesIO()
    write_export(handle, APPLICATIONS, "csv", export_rows(queryset), queryset=queryset if copy else None)
    return handle.getvalue()


@pytest.fixture
def hostile_applications():
    paid = PaymentFactory(amount=Decimal("100.00"))
    PaymentFactory(award=paid.award, amount=Decimal("50.55"))
    paid.award.application.themes.set([ThemeFactory(name="=Theme"), ThemeFactory(name="Drugs")])
    for n, text in enumerate(HOSTILE):
        organisation = OrganisationFactory(name=text or "x", charity_number=text[:12], company_number="")
        ApplicationFactory(
            project_title=text or "x",
            organisation=organisation,
            beneficiaries=text,
            amount_requested=Decimal(f"{n}.5"),
            beneficiaries_count=n,
        )


def test_the_formula_pattern_is_python_s_rule_for_every_character():
    """The SQL pattern agrees with looks_like_formula for every character, alone and after spaces."""
    from opcc.exports.copy import formula_pattern

    samples = [chr(c) + "x" for c in range(1, 0x3100)] + [" " + chr(c) for c in range(1, 0x3100)]
    samples += [" \u00a0=", "\t\t", " \t ", "\u3000\u3000@"]
    samples = [s for s in samples if "\x00" not in s]
    with connection.cursor() as cursor:
        cursor.execute("SELECT s, s ~ %s FROM unnest(%s::text[]) AS s", [formula_pattern(), samples])
        wrong = [(s, hit) for s, hit in cursor.fetchall() if hit != looks_like_formula(s)]
    assert not wrong, wrong[:10]
    assert sys.maxunicode >= 0x10FFFF


def test_copy_writes_the_same_bytes_as_python(hostile_applications):
    queryset = export_queryset(None, None)
    by_copy, by_python = file_bytes(queryset, copy=True), file_bytes(queryset, copy=False)
    assert by_copy == by_python
    assert by_copy.count(b"'=Theme; Drugs") == 1 and b",150.55," in by_copy
    assert b"'=1+1" in by_copy and b"'  =after spaces" in by_copy


def test_copy_keeps_the_filters_and_the_order(hostile_applications):
    queryset = export_queryset(QueryDict("amount_max=10"), None)
    by_copy = file_bytes(queryset, copy=True)
    assert by_copy == file_bytes(queryset, copy=False)
    assert by_copy.count(b"\r\n") == 11  # the header and 10 rows


def test_copy_counts_and_reports_progress(hostile_applications, monkeypatch):
    monkeypatch.setattr("opcc.exports.copy.ROWS_PER_WRITE", 5)
    seen: list[int] = []
    queryset = export_queryset(None, None)
    count = write_export(
        io.BytesIO(), APPLICATIONS, "csv", export_rows(queryset), queryset=queryset, on_progress=seen.append
    )
    assert count == queryset.count() == len(HOSTILE) + 1
    assert seen == [20], "inside a transaction the COPY shares its connection: progress at the end"


@pytest.mark.django_db(transaction=True)
def test_a_job_copies_on_its_own_connection_and_saves_progress_meanwhile(
    bulk_applications, make_user, monkeypatch
):
    """In the worker (no transaction) progress is saved while COPY runs, which needs a second
    connection: the one running COPY can do nothing else until it ends."""
    from opcc.exports import services
    from opcc.exports.models import ExportJob

    monkeypatch.setattr("opcc.exports.copy.ROWS_PER_WRITE", 10)
    bulk_applications(35)
    job = ExportJob.objects.create(
        requested_by=make_user(roles.OFFICE_STAFF), list_name=APPLICATIONS.name, format="csv"
    )
    saved: list[int] = []
    real = services._progress
    monkeypatch.setattr(services, "_progress", lambda job, done: (saved.append(done), real(job, done)))
    job = services.export_job_build(job_id=job.pk)
    assert job is not None and job.status == ExportJob.Status.SUCCEEDED, job and job.error
    assert (job.row_count, saved) == (35, [10, 20, 30])
    assert job.file.read().count(b"\r\n") == 36
    job.file.delete(save=False)
