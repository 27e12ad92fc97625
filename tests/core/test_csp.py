"""Content Security Policy and Permissions-Policy (ADR 0008).

The headers are on every kind of response; the policy allows nothing inline and no eval; the
report endpoint logs a report and refuses anything else; and no template of ours has an inline
script, an inline style or an event handler attribute (a static scan, so a new one fails here
before a browser ever refuses it; tests/e2e/test_csp.py checks every page in Chromium).
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import get_template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opcc.core import roles
from opcc.core.csp import MAX_REPORT_BYTES
from opcc.core.models import FinancialYear
from tests.auth import PasswordOnlyClient

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
# Rendered by WeasyPrint into the PDF pack, never served to a browser.
NOT_SERVED = {"reports/pack_pdf.html", "core/letters/letter.html", "privacy/disclosure/bundle_pdf.html"}

REPORT = {
    "csp-report": {
        "document-uri": "http://testserver/grants/",
        "violated-directive": "style-src-attr",
        "effective-directive": "style-src-attr",
        "blocked-uri": "inline",
        "source-file": "http://testserver/grants/",
        "line-number": 12,
    }
}


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.status_code} {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


# --- the headers -----------------------------------------------------------------------------


@pytest.fixture
def responses(db, client, client_as):
    """One response of each kind: a signed-in page, the sign-in page, a 404, a redirect, a 403."""
    anonymous = Client()
    signed_in = client_as(roles.OFFICE_STAFF)
    return {
        "page": signed_in.get(reverse("core:home")),
        "sign-in page": anonymous.get(reverse("login")),
        "not found": signed_in.get("/no-such-page/"),
        "redirect": anonymous.get(reverse("core:home")),
        "forbidden": signed_in.get(reverse("reports:home")),
    }


def test_every_kind_of_response_carries_both_headers(responses):
    statuses = {kind: response.status_code for kind, response in responses.items()}
    assert statuses == {"page": 200, "sign-in page": 200, "not found": 404, "redirect": 302, "forbidden": 403}
    for kind, response in responses.items():
        assert policy(response)["default-src"] == ["'self'"], kind
        assert "camera=()" in response.headers.get("Permissions-Policy", ""), kind


def test_the_policy_allows_nothing_inline_and_no_eval(responses):
    directives = policy(responses["page"])
    header = responses["page"].headers["Content-Security-Policy"]
    for loophole in (
        "'unsafe-inline'",
        "'unsafe-eval'",
        "'unsafe-hashes'",
        "'strict-dynamic'",
        "*",
        "http:",
        "https:",
    ):
        assert loophole not in header.split(), loophole
    assert "nonce-" not in header
    for directive in (
        "default-src",
        "script-src",
        "style-src",
        "font-src",
        "connect-src",
        "form-action",
        "manifest-src",
    ):
        assert directives[directive] == ["'self'"], directive
    assert directives["img-src"] == ["'self'", "data:"]
    for directive in ("object-src", "base-uri", "frame-ancestors"):
        assert directives[directive] == ["'none'"], directive
    assert directives["report-uri"] == [reverse("csp_report")]


def test_permissions_policy_denies_powerful_features_and_allows_passkeys_here(responses):
    features = dict(
        item.strip().split("=", 1) for item in responses["page"].headers["Permissions-Policy"].split(",")
    )
    for denied in (
        "accelerometer",
        "camera",
        "geolocation",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    ):
        assert features[denied] == "()", denied
    assert features["publickey-credentials-get"] == "(self)"
    assert features["publickey-credentials-create"] == "(self)"
    allowed = {name for name, value in features.items() if value != "()"}
    assert allowed == {"publickey-credentials-get", "publickey-credentials-create"}


# --- the report endpoint ---------------------------------------------------------------------


def post_report(client: Client, body: bytes | str, content_type="application/csp-report"):
    return client.post(reverse("csp_report"), data=body, content_type=content_type)


@pytest.mark.django_db
def test_a_report_is_logged_and_nothing_is_written(caplog):
    # enforce_csrf_checks: browsers send reports without a CSRF token.
    anonymous = Client(enforce_csrf_checks=True)
    with (
        caplog.at_level(logging.WARNING, logger="opcc.core.csp"),
        CaptureQueriesContext(connection) as queries,
    ):
        response = post_report(anonymous, json.dumps(REPORT))
    assert response.status_code == 204
    [record] = [r for r in caplog.records if r.name == "opcc.core.csp"]
    assert record.levelno == logging.WARNING
    assert "style-src-attr" in record.getMessage() and "http://testserver/grants/" in record.getMessage()
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == []


@pytest.mark.django_db
def test_a_reporting_api_report_and_a_malformed_body_are_logged_too(caplog):
    anonymous = Client()
    reporting_api = [
        {"type": "csp-violation", "body": {"effectiveDirective": "script-src-elem", "blockedURL": "inline"}}
    ]
    with caplog.at_level(logging.WARNING, logger="opcc.core.csp"):
        assert (
            post_report(anonymous, json.dumps(reporting_api), "application/reports+json").status_code == 204
        )
        assert post_report(anonymous, "not json\nforged line").status_code == 204
    messages = [r.getMessage() for r in caplog.records if r.name == "opcc.core.csp"]
    assert "script-src-elem" in messages[0]
    assert "\n" not in messages[1], "a body cannot write a log line of its own"


@pytest.mark.django_db
def test_a_user_between_password_and_second_factor_can_report(make_user):
    client = PasswordOnlyClient()
    client.force_login(make_user(roles.OFFICE_STAFF))
    assert client.get(reverse("core:home")).status_code == 302, "the second factor is still to do"
    assert post_report(client, json.dumps(REPORT)).status_code == 204


@pytest.mark.django_db
def test_the_endpoint_takes_only_post():
    assert Client().get(reverse("csp_report")).status_code == 405


@pytest.mark.django_db
def test_an_oversize_body_is_refused(caplog):
    padding = "x" * MAX_REPORT_BYTES
    body = json.dumps({"csp-report": {**REPORT["csp-report"], "script-sample": padding}})
    with caplog.at_level(logging.WARNING, logger="opcc.core.csp"):
        response = post_report(Client(), body)
    assert response.status_code == 413
    assert not [r for r in caplog.records if r.name == "opcc.core.csp"]


# --- templates --------------------------------------------------------------------------------

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
TAG = re.compile(r"<[a-zA-Z][^<>]*>")
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"\s(on[a-z]+|hx-on[\w:-]*)\s*=", re.IGNORECASE)
JSON_TYPE = re.compile(r"""\stype\s*=\s*["']application/(ld\+)?json["']""", re.IGNORECASE)


def inline_code(html: str) -> list[str]:
    """What the policy would refuse in this markup: inline scripts, styles and handlers."""
    found = []
    for attrs, body in SCRIPT.findall(html):
        if body.strip() and not JSON_TYPE.search(attrs):
            found.append(f"inline <script>: {body.strip()[:60]!r}")
    if STYLE_ELEMENT.search(html):
        found.append("<style> element")
    for tag in TAG.findall(html):
        if STYLE_ATTRIBUTE.search(tag):
            found.append(f"style attribute: {tag[:80]}")
        if match := HANDLER_ATTRIBUTE.search(tag):
            found.append(f"{match.group(1)} handler: {tag[:80]}")
    if "javascript:" in html.lower():
        found.append("javascript: URL")
    return found


@pytest.mark.parametrize(
    "html",
    [
        "<script>document.body.className += ' js'</script>",
        "<SCRIPT nonce='abc'>\n  go()\n</SCRIPT>",
        "<style>.x { color: red }</style>",
        '<div class="x" style="width: 40%">',
        '<p\n  style="padding: 0">',
        '<input type="checkbox" onchange="toggle(event)">',
        '<button hx-on:click="go()">',
        '<a href="javascript:void(0)">',
    ],
)
def test_the_scan_finds_inline_code(html):
    assert inline_code(html)


@pytest.mark.parametrize(
    "html",
    [
        '<script src="/static/js/init.js" type="module"></script>',
        '<script id="config" type="application/json">{"a": 1}</script>',
        '<form method="post" action="/x/" data-action="extend">',
        '<button type="button" class="govuk-button" data-module="govuk-button">',
        "{% block extrastyle %}{% endblock %}<p>Carry on = next step</p>",
    ],
)
def test_the_scan_passes_clean_markup(html):
    assert inline_code(html) == []


def served_templates() -> list[Path]:
    paths = sorted(TEMPLATES_DIR.rglob("*.html"))
    return [p for p in paths if p.relative_to(TEMPLATES_DIR).as_posix() not in NOT_SERVED]


def test_no_template_has_inline_script_style_or_handlers():
    templates = served_templates()
    assert len(templates) > 30, "the scan found the templates"
    problems = {
        path.relative_to(TEMPLATES_DIR).as_posix(): found
        for path in templates
        if (found := inline_code(path.read_text(encoding="utf-8")))
    }
    assert problems == {}


def test_the_pdf_template_is_the_only_exception_and_still_exists():
    for name in NOT_SERVED:
        assert (TEMPLATES_DIR / name).is_file(), f"{name} is gone: drop it from NOT_SERVED"


def test_the_server_error_page_renders_with_no_context():
    html = get_template("500.html").render()
    assert "Sorry, there is a problem with the service" in html
    assert inline_code(html) == []


@pytest.mark.django_db
def test_the_report_preview_served_to_browsers_has_no_inline_style(client_as):
    year = FinancialYear.objects.get(start_year=2024)
    response = client_as(roles.REPORTS).get(reverse("reports:preview"), {"financial_year": year.pk})
    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []


@pytest.mark.django_db
def test_a_csrf_failure_shows_our_page(make_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(roles.OFFICE_STAFF))
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Sorry, there is a problem" in html
    assert inline_code(html) == []
