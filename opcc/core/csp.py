"""Where browsers report Content Security Policy violations (ADR 0008).

The policy allows nothing inline, so a report means a template or a library tried something the
policy blocks (or someone is probing the service). Reports are logged, never stored: anyone can
send one, signed in or not, so the endpoint takes a bounded body and writes nothing to the database.
"""

from __future__ import annotations

import json
import logging

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from opcc.accounts.middleware import second_factor_not_required

logger = logging.getLogger(__name__)

# A report is a few hundred bytes; anything much larger is not a report.
MAX_REPORT_BYTES = 8 * 1024
# The fields worth a log line (CSP level 2 "csp-report" names and Reporting API names).
REPORT_FIELDS = (
    "document-uri",
    "documentURL",
    "violated-directive",
    "effective-directive",
    "effectiveDirective",
    "blocked-uri",
    "blockedURL",
    "source-file",
    "sourceFile",
    "line-number",
    "lineNumber",
    "script-sample",
    "sample",
    "disposition",
)


def _summary(body: bytes) -> dict[str, object] | str:
    """The report's useful fields, or a short excerpt when the body is not a JSON report."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return body[:200].decode("utf-8", "replace")
    if isinstance(data, list) and data and isinstance(data[0], dict):  # Reporting API: a list
        data = data[0].get("body", data[0])
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        data = data["csp-report"]
    if not isinstance(data, dict):
        return str(data)[:200]
    return {key: data[key] for key in REPORT_FIELDS if key in data}


@login_not_required
@second_factor_not_required
@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log one violation report at WARNING; 413 for a body over MAX_REPORT_BYTES."""
    try:
        declared = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    body = request.read(MAX_REPORT_BYTES + 1)
    if len(body) > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    logger.warning("Content Security Policy violation: %r", _summary(body))
    return HttpResponse(status=204)
