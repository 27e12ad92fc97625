"""Reports tests run on fake sections (tests/reports/sections.py) and a throwaway media folder."""

from __future__ import annotations

import re
import zlib

import pytest

from opcc.core.models import FinancialYear
from opcc.reports.pack import build_pack

S = "tests.reports.sections."
SECTIONS = [S + "allocations", S + "headline", S + "formulas"]


@pytest.fixture(autouse=True)
def _reports_settings(request, settings, tmp_path):
    settings.REPORT_SECTIONS = list(SECTIONS)
    # The real worker is another process: it keeps the default media folder, so the test must too.
    if "celery_worker_process" not in request.fixturenames:
        settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def year_2024(db):
    return FinancialYear.objects.get(start_year=2024)


@pytest.fixture
def pack(db):
    return build_pack(2024)


def pdf_page_count(data: bytes) -> int:
    """Pages in a PDF: count page objects, inflating compressed object streams (no PDF library)."""
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", chunk)) for chunk in chunks)


@pytest.fixture
def no_charts(monkeypatch):
    """Skip drawing charts (about a second a pack) where a test is about runs, not the PDF's looks.

    test_exporters.py, the worker test and the browser journey draw them for real.
    """
    monkeypatch.setattr("opcc.reports.exporters.pdf.money_chart", lambda table: None)
