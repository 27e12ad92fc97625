"""Every admin page an Administrator can open passes axe and fits the screen.

The pages are found from the admin site's registry, not listed by hand: a new module's model admin
is swept as soon as it is registered (and the sweep fails until `admin_data` makes one of its rows).
Each page is loaded once at 1280 px: axe runs, then the document's width is measured there and
again at 390 px (a resize, no reload). axe also runs at 390 px on the first page of each kind.
Every page it opens is also checked under the Content Security Policy (tests/e2e/test_csp.py's
check), and so are the admin's other pages (delete confirmations, history versions, the password
pages), filled as the route matrix fills them: the one walk of the admin in a browser.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone
from playwright.sync_api import Page
from simple_history.admin import SimpleHistoryAdmin

from opcc.core import roles
from opcc.core.models import ClosureDay, Document, FinancialYear, LetterTemplate
from tests.core.test_route_matrix import rule_for
from tests.e2e.helpers import assert_accessible, screenshot, sign_in
from tests.e2e.test_csp import Watch, is_page, policy_problems
from tests.factories import TEST_PASSWORD
from tests.grants.factories import (
    ApplicationFactory,
    ConflictDeclarationFactory,
    FundYearFactory,
    TopUpFactory,
    VariationFactory,
)
from tests.routes import MissingObject, RouteObjects, admin_models, named_routes, url_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDE, NARROW = 1280, 390


@pytest.fixture
def administrator(make_user):
    """A superuser, as the first Administrator is: every registered model's pages open."""
    return make_user(roles.ADMINISTRATOR, username="ada.admin", first_name="Ada", is_superuser=True)


@pytest.fixture
def admin_data(administrator, make_user):
    """One real row for every model the Administrator sees in the admin."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )
    from django_celery_results.models import GroupResult, TaskResult

    from opcc.exports.models import ExportJob
    from opcc.reports.models import ReportFile, ReportRun

    fund_year = FundYearFactory()
    TopUpFactory(fund_year=fund_year)
    closed = ApplicationFactory(fund_year=fund_year, closed=True)
    VariationFactory(award=closed.award)
    rejected = ApplicationFactory(fund_year=fund_year, rejected=True)
    ConflictDeclarationFactory(application=rejected)
    ClosureDay.objects.create(date=timezone.localdate(), description="Office closed for training")
    run = ReportRun.objects.create(
        financial_year=FinancialYear.objects.get(start_year=2024),
        sections=[],
        attempts=1,
        queued_at=timezone.now(),
        status=ReportRun.Status.SUCCEEDED,
        finished_at=timezone.now(),
        requested_by=administrator,
    )
    report = ReportFile(run=run, format="csv", size=5)
    report.file.save("pack.csv", ContentFile(b"a,b\r\n"), save=True)
    job = ExportJob.objects.create(
        requested_by=administrator, list_name="grants.applications", format="csv", status="succeeded"
    )
    job.file.save("applications.csv", ContentFile(b"a,b\r\n"), save=True)
    TaskResult.objects.create(task_id="4c1f0a52", task_name="reports.build", status="SUCCESS")
    GroupResult.objects.create(group_id="9d2e7b11", result="[]")
    if not PeriodicTask.objects.exists():  # the migrations schedule the daily clean-up
        every_day = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
        PeriodicTask.objects.create(name="Daily clean-up", task="exports.clean_up", interval=every_day)
    CrontabSchedule.objects.create(minute="0", hour="6")
    SolarSchedule.objects.create(event="sunrise", latitude="52.48", longitude="-1.89")
    ClockedSchedule.objects.create(clocked_time=timezone.now() + timedelta(days=1))
    when = timezone.now() - timedelta(hours=1)
    attempt = {
        "user_agent": "Firefox",
        "ip_address": "192.0.2.1",
        "username": "someone",
        "path_info": "/accounts/login/",
    }
    AccessAttempt.objects.create(**attempt, failures_since_start=2, get_data="", post_data="")
    AccessFailureLog.objects.create(**attempt, attempt_time=when, locked_out=False)
    AccessLog.objects.create(**attempt, attempt_time=when, logout_time=when)
    make_user(roles.OFFICE_STAFF, username="sam.staff")
    from tests.complaints import test_registers_support as register_rows

    register_rows.recommendation(register_rows.sample(stage="reported"), owner="Professional Standards")
    register_rows.investigation()
    from tests.complaints import test_panels_support as panel_rows

    panel_rows.for_routes("member")
    panel_rows.for_routes("hearing", "held")
    panel_rows.for_routes("appeal", "arranged")
    from tests.routes import RouteObjects

    RouteObjects().volunteer()  # a volunteer of both schemes with their training and a time on the AA rota
    from tests.routes import _retention_row

    RouteObjects().retention_rule  # noqa: B018  (every record type's rule; one with a history version)
    _retention_row("hold")
    _retention_row("entry")  # and its batch
    from tests.routes import _privacy_log_row

    _privacy_log_row("bundle")  # a disclosure bundle's log row on a subject access case
    _privacy_log_row("digest")  # a reminder digest sent
    from tests.complaints import factories as review_factories

    review_factories.make_review("closed")  # with body checks, a request, a finding, a recommendation
    from tests.volunteers.test_rota_support import slot_for_routes

    slot_for_routes()  # a planned rota slot with its two visitors
    from tests.volunteers.test_visit_support import for_routes as visit_for_routes

    visit_for_routes()  # a custody visit with its counts, conditions and an open issue
    RouteObjects().callout("completed")  # an appropriate adult call-out walked to completed
    from tests.engagement.event_support import for_routes as engagement_rows

    engagement_rows("event")  # an attended event the Commissioner went to
    engagement_rows("consultation")  # a consultation with three phases, a result and a linked event
    from tests.engagement.award_support import for_admin as award_rows

    award_rows()  # an awards edition with a winner; a Youth Commissioner cohort, member and survey
    from tests.engagement.admin_support import call_day

    call_day()  # a day of the calls log
    RouteObjects().case("awaiting_information", "Freedom of information")  # with its clock stop
    Document.objects.create(
        owner=closed,
        original_name="Force outcome letter.pdf",
        kind="Evidence",
        mime_type="application/pdf",
        size=2048,
        sha256="0" * 64,
        added_by=administrator,
    )
    if not LetterTemplate.objects.exists():  # modules' letters are made from their declarations
        LetterTemplate.objects.create(
            key="grants.sample_letter", name="Sample letter", title="Sample", body="Dear reader"
        )


def admin_pages(user) -> list[tuple[str, str]]:
    """The admin index, then per registered model the Administrator may view: its list, its add
    page (where allowed), one row's change page, its history (simple-history's list, whose columns
    follow the model; Django's own plain list once), and the import and export pages."""
    request = RequestFactory().get("/admin/")
    request.user = user
    pages = [("index", reverse("admin:index"))]
    missing, plain_history = [], False
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label):
        if not (model_admin.has_module_permission(request) and model_admin.has_view_permission(request)):
            continue
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        pages.append(("changelist", reverse(f"{name}_changelist")))
        if model_admin.has_add_permission(request):
            pages.append(("add", reverse(f"{name}_add")))
        row = model_admin.get_queryset(request).order_by("pk").first()
        if row is None:
            missing.append(opts.label)
            continue
        pages.append(("change", reverse(f"{name}_change", args=[row.pk])))
        if isinstance(model_admin, SimpleHistoryAdmin) or not plain_history:
            plain_history |= not isinstance(model_admin, SimpleHistoryAdmin)
            pages.append(("history", reverse(f"{name}_history", args=[row.pk])))
        for extra in ("import", "export"):
            with contextlib.suppress(NoReverseMatch):
                pages.append((extra, reverse(f"{name}_{extra}")))
    assert not missing, f"admin_data makes no row of {missing}: add one so its pages are swept"
    return pages


def document_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def other_admin_pages(client, user, swept: set[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """The admin's GET pages the sweep does not open, as (route name, path), with objects made as
    the route matrix makes them; and why a route could not be filled. Not pages (a refusal, JSON,
    a redirect) are left out: the route matrix checks what they answer."""
    objects, found, problems = RouteObjects(user), [], []
    for route in named_routes():
        rule = rule_for(route.name)
        if not route.name.startswith("admin:") or route.name in swept or rule is None or rule.post:
            continue
        try:
            path = url_of(rule, route, objects)
        except MissingObject as exc:
            problems.append(f"{route.name}: cannot fill the URL: {exc}")
            continue
        if is_page(client.get(path)):
            found.append((route.name, path))
    return found, problems


def test_every_admin_page_passes_axe_and_fits_the_screen(
    page: Page, live_server, client, administrator, admin_data
):
    pages = admin_pages(administrator)
    print(f"\nadmin sweep: {len(pages)} pages")
    assert len(pages) > 60  # every model of every app, not just the index
    watch = Watch(page)
    sign_in(page, live_server, "ada.admin", TEST_PASSWORD)
    too_wide, kinds_seen, policy = [], set(), []
    for kind, path in pages:
        page.set_viewport_size({"width": WIDE, "height": 900})
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        policy += [f"{path}: {problem}" for problem in policy_problems(page, watch, response)]
        assert_accessible(page)
        if document_width(page) > WIDE:
            too_wide.append((path, WIDE, document_width(page)))
        page.set_viewport_size({"width": NARROW, "height": 900})
        if document_width(page) > NARROW:
            too_wide.append((path, NARROW, document_width(page)))
        if kind not in kinds_seen:  # the narrow layout of each kind of page
            kinds_seen.add(kind)
            assert_accessible(page)
        watch.drain(page)  # what axe's own injected styles set off: not the page's
    assert not too_wide, f"pages wider than the screen (path, viewport, width): {too_wide}"

    swept = {resolve(path.partition("?")[0]).view_name for _, path in pages}
    for model in admin_models().values():
        changelist = f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        assert changelist in swept, f"{changelist} was not swept"
    client.force_login(administrator)
    others, unfilled = other_admin_pages(client, administrator, swept)
    policy += unfilled
    for name, path in others:
        response = page.goto(f"{live_server.url}{path}", wait_until="load")
        policy += [f"{name} {path}: {problem}" for problem in policy_problems(page, watch, response)]
    opened = swept | {name for name, _ in others}
    for name in (
        "admin:index",
        "admin:grants_application_history",
        "admin:grants_application_import",
        "admin:grants_application_export",
        "admin:grants_application_simple_history",
        "admin:auth_user_password_change",
    ):
        assert name in opened, f"{name} was not opened"
    print(f"admin: {len(pages)} pages swept, {len(others)} more under the policy only")
    assert not policy, f"{len(policy)} policy problems:\n  " + "\n  ".join(policy)


def test_the_index_keeps_technical_records_apart(page: Page, live_server, administrator):
    sign_in(page, live_server, "ada.admin", TEST_PASSWORD)
    page.set_viewport_size({"width": WIDE, "height": 900})
    page.goto(f"{live_server.url}{reverse('admin:index')}")
    office = page.locator("section.app-admin-section--office")
    technical = page.locator("section.app-admin-section--technical")
    assert office.get_by_role("heading", name="Office data").is_visible()
    office_apps, technical_apps = office.locator("caption"), technical.locator("caption")
    for name in ("Grants", "Annual report", "Reference data", "People and access", "Audit trail"):
        assert office_apps.get_by_role("link", name=name, exact=True).count() == 1, name
    for name in ("Sign-in attempts", "Task results", "Export jobs"):
        assert technical_apps.get_by_role("link", name=name, exact=True).count() == 1, name
        assert office_apps.get_by_role("link", name=name, exact=True).count() == 0, name
    assert page.locator("#header").get_by_role("link", name="OPCC Case and Grant Management").is_visible()
    screenshot(page, "admin-index-1280")
    page.set_viewport_size({"width": NARROW, "height": 900})
    screenshot(page, "admin-index-390")
