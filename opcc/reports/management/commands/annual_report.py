"""`manage.py annual_report --year 2024/25 --format xlsx --out PATH`: the pack from the command line.

In-process by default (the same pack and exporters the worker uses). `--via-worker` queues a
report run through Celery instead; with `--wait` it waits for the run and copies the file out.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from opcc.core.models import FinancialYear
from opcc.reports import services
from opcc.reports.exporters import EXPORTERS, FORMATS
from opcc.reports.models import ReportRun
from opcc.reports.pack import SectionError, build_pack


class Command(BaseCommand):
    help = "Build the annual report statistics pack for a financial year in one format."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="Financial year, written like 2024/25.")
        parser.add_argument("--format", required=True, dest="fmt", help=f"One of: {', '.join(FORMATS)}.")
        parser.add_argument(
            "--out", help="File to write (default: opcc-annual-report-2024-25.<format> here)."
        )
        parser.add_argument("--via-worker", action="store_true", help="Queue a report run through Celery.")
        parser.add_argument("--wait", action="store_true", help="With --via-worker: wait and write the file.")
        parser.add_argument("--timeout", type=float, default=600, help="Seconds to wait (default 600).")
        parser.add_argument("--user", help="With --via-worker: record the run as requested by this user.")

    def handle(self, *args, year: str, fmt: str, out: str | None, via_worker: bool, wait: bool, **options):
        financial_year = self._financial_year(year)
        fmt = fmt.strip().lower().lstrip(".")
        if fmt not in EXPORTERS:
            raise CommandError(
                f'"{fmt}" is not a format this pack comes in: choose one of {", ".join(FORMATS)}.'
            )
        label = financial_year.label.replace("/", "-")
        path = Path(out) if out else Path(f"opcc-annual-report-{label}.{fmt}")
        if not path.parent.exists():
            raise CommandError(f"The folder {path.parent} does not exist.")
        if wait and not via_worker:
            raise CommandError("--wait only goes with --via-worker.")

        started = time.monotonic()
        if via_worker:
            data = self._via_worker(
                financial_year, fmt, wait=wait, timeout=options["timeout"], user=options["user"]
            )
            if data is None:
                return
        else:
            try:
                pack = build_pack(financial_year.start_year)
            except SectionError as exc:
                raise CommandError(str(exc)) from exc
            data = EXPORTERS[fmt].export(pack)
        path.write_bytes(data)
        elapsed = time.monotonic() - started
        self.stdout.write(f"Wrote {path} ({len(data):,} bytes) in {elapsed:.1f} s.")

    def _financial_year(self, text: str) -> FinancialYear:
        try:
            start_year = FinancialYear.parse_label(text)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        year = FinancialYear.objects.filter(start_year=start_year).first()
        if year is None:
            known = ", ".join(y.label for y in FinancialYear.objects.order_by("start_year"))
            raise CommandError(f"The financial year {text} is not set up. Years set up: {known or 'none'}.")
        return year

    def _via_worker(self, financial_year, fmt: str, *, wait: bool, timeout: float, user: str | None):
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f'There is no user called "{user}".')
        try:
            run = services.report_run_request(financial_year=financial_year, by=by)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Queued report run {run.pk} for {financial_year.label}.")
        if not wait:
            return None
        deadline = time.monotonic() + timeout
        while True:
            run.refresh_from_db()
            if not run.is_active:
                break
            if time.monotonic() > deadline:
                raise CommandError(
                    f"Report run {run.pk} is still {run.status} after {timeout:.0f} s "
                    f"({run.progress}% done). Is a Celery worker running?"
                )
            time.sleep(0.5)
        if run.status == ReportRun.Status.FAILED:
            raise CommandError(f"Report run {run.pk} failed: {run.error}")
        report_file = run.files.get(format=fmt)
        with report_file.file.open("rb") as handle:
            return handle.read()
