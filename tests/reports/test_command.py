"""`manage.py annual_report`: good inputs write the file; bad ones exit non-zero with a clear message."""

import json

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from opcc.core import roles
from opcc.reports.models import ReportRun

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_charts")]


@pytest.mark.parametrize(
    ("fmt", "start"), [("xlsx", b"PK"), ("csv", b"\xef\xbb\xbftopic"), ("pdf", b"%PDF-")]
)
def test_writes_the_chosen_format_in_process(tmp_path, capsys, fmt, start):
    out = tmp_path / f"pack.{fmt}"
    call_command("annual_report", "--year", "2024/25", "--format", fmt, "--out", str(out))
    assert out.read_bytes().startswith(start)
    assert f"Wrote {out} (" in capsys.readouterr().out
    assert not ReportRun.objects.exists()  # in-process: no run, no worker


def test_json_output_and_year_spellings(tmp_path):
    out = tmp_path / "pack.json"
    call_command("annual_report", "--year", "2024-2025", "--format", "JSON", "--out", str(out))
    data = json.loads(out.read_text())
    assert data["financial_year"] == "2024/25"
    assert data["sections"][0]["total"]["allocation"] == "415418.00"


def test_default_file_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    call_command("annual_report", "--year", "2023/24", "--format", "csv")
    assert (tmp_path / "opcc-annual-report-2023-24.csv").exists()


def run_cli(*args):
    """As from a shell: returns the exit code (messages go to stderr)."""
    try:
        execute_from_command_line(["manage.py", "annual_report", *args])
    except SystemExit as exit_:
        return exit_.code
    return 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--year", "2024/26", "--format", "xlsx"],
            '"2024/26" is not a financial year: the second year must follow the first.',
        ),
        (["--year", "24/25", "--format", "xlsx"], '"24/25" is not a financial year: write it like 2024/25.'),
        (
            ["--year", "2040/41", "--format", "xlsx"],
            "The financial year 2040/41 is not set up. Years set up: 2019/20,",
        ),
        (
            ["--year", "2024/25", "--format", "docx"],
            '"docx" is not a format this pack comes in: choose one of xlsx, csv, json, pdf.',
        ),
        (
            ["--year", "2024/25", "--format", "xlsx", "--out", "/nonexistent/dir/pack.xlsx"],
            "The folder /nonexistent/dir does not exist.",
        ),
        (["--year", "2024/25", "--format", "xlsx", "--wait"], "--wait only goes with --via-worker."),
    ],
)
def test_bad_input_exits_non_zero_with_a_clear_message(capsys, args, message):
    assert run_cli(*args) == 1
    assert message in capsys.readouterr().err


def test_missing_arguments_exit_non_zero(capsys):
    assert run_cli("--year", "2024/25") == 2
    assert "the following arguments are required: --format" in capsys.readouterr().err


def test_a_failing_section_exits_non_zero(settings, capsys, tmp_path):
    settings.REPORT_SECTIONS = ["tests.reports.sections.failing"]
    assert run_cli("--year", "2024/25", "--format", "json", "--out", str(tmp_path / "x.json")) == 1
    assert "could not be built: ValueError: the fund for 2024/25 has no envelope" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


@pytest.mark.django_db(transaction=True)
def test_via_worker_and_wait(tmp_path, capsys, make_user):
    # Eager mode: committing the request runs the task at once, as a worker would.
    make_user(roles.REPORTS, username="riley")
    out = tmp_path / "pack.xlsx"
    call_command(
        "annual_report",
        "--year",
        "2024/25",
        "--format",
        "xlsx",
        "--out",
        str(out),
        "--via-worker",
        "--wait",
        "--user",
        "riley",
    )
    run = ReportRun.objects.get()
    assert run.status == ReportRun.Status.SUCCEEDED
    assert run.requested_by.username == "riley"
    assert out.read_bytes() == run.files.get(format="xlsx").file.read()
    output = capsys.readouterr().out
    assert f"Queued report run {run.pk} for 2024/25." in output and f"Wrote {out}" in output


@pytest.mark.django_db(transaction=True)
def test_via_worker_reports_a_failed_run(settings, make_user):
    settings.REPORT_SECTIONS = ["tests.reports.sections.failing"]
    with pytest.raises(CommandError, match=r"Report run \d+ failed: The section “Failing”"):
        call_command("annual_report", "--year", "2024/25", "--format", "pdf", "--via-worker", "--wait")


def test_via_worker_without_wait_only_queues(capsys, tmp_path):
    out = tmp_path / "never.xlsx"
    call_command("annual_report", "--year", "2024/25", "--format", "xlsx", "--out", str(out), "--via-worker")
    run = ReportRun.objects.get()
    assert run.status == ReportRun.Status.QUEUED  # the test transaction never commits, so nothing ran
    assert run.requested_by is None
    assert not out.exists()


def test_via_worker_times_out_clearly(settings):
    with pytest.raises(
        CommandError, match=r"is still queued after 0 s \(0% done\)\. Is a Celery worker running\?"
    ):
        call_command(
            "annual_report",
            "--year",
            "2024/25",
            "--format",
            "xlsx",
            "--via-worker",
            "--wait",
            "--timeout",
            "0",
        )


@pytest.mark.parametrize("role", [roles.OFFICE_STAFF, roles.GRANTS_MANAGER])
def test_via_worker_as_a_user_needs_the_reports_role(make_user, role):
    make_user(role, username="sam")
    with pytest.raises(
        CommandError, match=r"You do not have permission to build the annual report statistics\."
    ):
        call_command(
            "annual_report", "--year", "2024/25", "--format", "xlsx", "--via-worker", "--user", "sam"
        )


def test_via_worker_unknown_user():
    with pytest.raises(CommandError, match=r'There is no user called "nobody"\.'):
        call_command(
            "annual_report", "--year", "2024/25", "--format", "xlsx", "--via-worker", "--user", "nobody"
        )
