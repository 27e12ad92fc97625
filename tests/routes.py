"""Every named route of the service, one real object for each route's URL, and the checks.

tests/core/test_route_matrix.py holds the rules (who may open what); this module finds the routes
(`named_routes`), makes what their URLs need (`RouteObjects`) and says why a response is not what a
rule expects (`mismatch`), so the rule table stays readable. Objects are made on first use with
the factories, one per kind: each route is visited once per role, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import parse_qs, urlsplit

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from grants.models import MonitoringReturn, Status
from opcc.core.models import FinancialYear
from tests.factories import UserFactory
from tests.grants import factories as grants_factories


@dataclass(frozen=True)
class Route:
    name: str  # namespaces joined: "grants:application", "admin:grants_award_change"
    pattern: str  # the whole path pattern, for messages
    kwargs: tuple[str, ...]  # the URL's arguments in order; "" for an unnamed regex group


def _arguments(entry) -> tuple[str, ...]:
    regex = entry.pattern.regex
    if regex.groupindex:  # with named groups, Django ignores the unnamed ones
        return tuple(regex.groupindex)
    return ("",) * regex.groups


def _walk(patterns, namespaces: tuple[str, ...], prefix: str, kwargs: tuple[str, ...]) -> Iterator[Route]:
    for entry in patterns:
        names = _arguments(entry)
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, inner, prefix + str(entry.pattern), kwargs + names)
        elif isinstance(entry, URLPattern) and entry.name:
            yield Route(":".join((*namespaces, entry.name)), prefix + str(entry.pattern), kwargs + names)


def named_routes() -> list[Route]:
    """Every named route, once per name (unnamed ones, like the admin's `<id>/` redirect, cannot be
    reversed and only redirect to a named one)."""
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns, (), "", ()):
        seen.setdefault(route.name, route)
    return sorted(seen.values(), key=lambda r: r.name)


# --- the admin's generated routes: "<app_label>_<model_name>_<page>" ------------------------------


def admin_models() -> dict[str, type[models.Model]]:
    """Route-name prefix ("grants_award_") -> the model registered with the admin site."""
    return {f"{m._meta.app_label}_{m._meta.model_name}_": m for m in admin.site._registry}


def admin_page(route_name: str) -> tuple[type[models.Model], str] | None:
    """("admin:grants_award_change") -> (Award, "change"); None for the site's own pages."""
    if not route_name.startswith("admin:"):
        return None
    short = route_name.removeprefix("admin:")
    matches = [(prefix, model) for prefix, model in admin_models().items() if short.startswith(prefix)]
    if not matches:
        return None
    prefix, model = max(matches, key=lambda match: len(match[0]))
    return model, short.removeprefix(prefix)


# --- one real object per kind ---------------------------------------------------------------------


class MissingObject(LookupError):
    """No object to fill a URL: the message says what to add."""


class RouteObjects:
    """Objects for URL arguments, each made once, on first use, by the factories."""

    def __init__(self, user=None):
        self.user = user  # the signed-in user: some routes open only that user's own records
        self._applications: dict[Status, object] = {}
        self._reviews: dict[str, object] = {}
        self._instances: dict[type[models.Model], models.Model] = {}

    # Made for the signed-in user (`self.user`): the routes that open them open only one's own.
    USERS_OWN = ("passkey", "export_job")

    def for_user(self, user) -> RouteObjects:
        """The same objects for another signed-in user, who gets their own USERS_OWN made afresh.

        Lets a module make the objects once for all roles (tests/core/test_route_matrix.py). What
        the copy makes later stays in the copy: a test's rows, rolled back after it, never reach
        the next test through these objects.
        """
        remade = self.USERS_OWN if user != self.user else ()
        own = [self.__dict__[name] for name in remade if name in self.__dict__]
        copy = object.__new__(type(self))
        copy.__dict__ = {
            name: dict(value) if isinstance(value, dict) else value
            for name, value in self.__dict__.items()
            if name not in remade
        }
        copy.user = user
        copy._instances = {model: obj for model, obj in self._instances.items() if obj not in own}
        return copy

    # Accounts
    @cached_property
    def other_user(self):
        return UserFactory()

    @cached_property
    def passkey(self):
        """A passkey of the signed-in user (not the factor this session was verified with)."""
        from django_otp_webauthn.models import WebAuthnCredential

        user = self.user or self.other_user
        return WebAuthnCredential.objects.create(
            user=user,
            name="Security key",
            confirmed=True,
            credential_id=f"route-matrix-credential-{user.pk}".encode(),  # one per user: see for_user
            public_key=b"route-matrix-public-key",
        )

    # Grants
    def application(self, status: Status):
        if status not in self._applications:
            self._applications[status] = grants_factories.ApplicationFactory(status=status)
        return self._applications[status]

    def monitoring_return(self, status: Status = Status.MONITORING_DUE) -> MonitoringReturn:
        return MonitoringReturn.objects.filter(award__application=self.application(status)).earliest("pk")

    @cached_property
    def fund_year(self):
        return grants_factories.FundYearFactory()

    @cached_property
    def line(self):
        return grants_factories.line_of(self.fund_year)

    @cached_property
    def organisation(self):
        return grants_factories.OrganisationFactory()

    # Retention (opcc.privacy): a rule, an active hold, and two batches awaiting approval (one for
    # its page and the reject form, one for the approve button).
    @cached_property
    def retention_rule(self):
        from opcc.privacy.models import RetentionRule
        from opcc.privacy.retention import rules_ensure

        rules_ensure()
        rule = RetentionRule.objects.get(record_type="complaints.review")
        rule.save()  # a history version to open
        return rule

    @cached_property
    def legal_hold(self):
        return _retention_row("hold")

    @cached_property
    def disposal_batch(self):
        return _retention_row("batch")

    @cached_property
    def disposal_batch_to_approve(self):
        return _retention_row("batch")

    # Reports
    @cached_property
    def year(self) -> FinancialYear:
        return FinancialYear.objects.get(start_year=grants_factories.DEFAULT_YEAR)

    @cached_property
    def report_run(self):
        """A run that succeeded, with an XLSX file in storage (the download streams it)."""
        from opcc.reports.models import ReportFile, ReportRun

        now = timezone.now()
        run = ReportRun.objects.create(
            financial_year=self.year,
            status=ReportRun.Status.SUCCEEDED,
            progress=100,
            attempts=1,
            queued_at=now,
            started_at=now,
            finished_at=now,
            requested_by=UserFactory(),
        )
        report_file = ReportFile(run=run, format="xlsx", size=4)
        report_file.file.save("pack.xlsx", ContentFile(b"PK\x03\x04"), save=True)
        return run

    @cached_property
    def export_job(self):
        """A finished export of the applications list by the signed-in user, its CSV in storage."""
        from opcc.exports.models import ExportJob

        now = timezone.now()
        job = ExportJob.objects.create(
            requested_by=self.user or self.other_user,
            list_name="grants.applications",
            query="status=draft",
            format="csv",
            status=ExportJob.Status.SUCCEEDED,
            progress=100,
            row_count=1,
            total_rows=1,
            size=4,
            started_at=now,
            finished_at=now,
        )
        job.file.save("applications.csv", ContentFile(b"a\r\n"), save=True)
        return job

    # Documents (opcc.core.documents): one on a draft application, its PDF in storage. Grants does
    # not hold documents yet, so its applications are registered for them here when no module has
    # (a test-only registration that stays for the session).
    @cached_property
    def document(self):
        from grants.models import Application
        from opcc.core.documents import registry
        from opcc.core.documents.services import document_add_bytes

        if registry.attachable_by_label("grants.application") is None:
            registry.register_attachable(
                Application,
                view_perm="core.access_grants",
                change_perm="core.access_grants",
                kinds=["Evidence"],
            )
        return document_add_bytes(
            owner=self.application(Status.DRAFT),
            data=b"%PDF-1.7\n%%EOF\n",
            name="Force outcome.pdf",
            kind=registry.attachable_by_label("grants.application").kinds[0],  # type: ignore[union-attr]
            by=UserFactory(is_superuser=True),
        )

    @cached_property
    def letter_template(self):
        from opcc.core.documents.models import LetterTemplate

        return LetterTemplate.objects.order_by("pk").first() or LetterTemplate.objects.create(
            key="routes.sample_letter", name="Sample letter", title="Sample", body="Dear reader"
        )

    # Custody scheme volunteers (tests/volunteers/conftest.py): an active volunteer of both schemes
    def volunteer(self, status: str = "active"):
        """A volunteer of both schemes who may act today, in `status` (one per status)."""
        from tests.volunteers.conftest import build_volunteer
        from volunteers.models import Availability

        made = self.__dict__.setdefault("_volunteers", {})
        if status not in made:
            made[status] = build_volunteer("both", status=status, status_reason="Moved away", team="Ladywood")
            start = timezone.now().replace(microsecond=0) + dt.timedelta(days=1)
            Availability.objects.create(
                volunteer=made[status], starts_at=start, ends_at=start + dt.timedelta(hours=8)
            )
        return made[status]

    # Complaint reviews
    @cached_property
    def review_users(self):
        from django.contrib.auth.models import Group

        from tests.complaints.conftest import build_review_users

        def make_user(*role_names, **fields):
            user = UserFactory(**fields)
            user.groups.set(Group.objects.filter(name__in=role_names))
            return user

        return build_review_users(make_user)

    def review(self, status: str):
        """A complaint review walked through the services to `status`."""
        from tests.complaints.conftest import ReviewBuilder

        if status not in self._reviews:
            self._reviews[status] = ReviewBuilder(self.review_users).walk(status)
        return self._reviews[status]

    # Appropriate adult call-outs (tests/volunteers/callout_support.py)
    def callout(self, status: str):
        """A call-out walked through the services to `status` (one per status for these objects)."""
        from tests.volunteers.callout_support import callout_for_routes

        made = self.__dict__.setdefault("_callouts", {})
        if status not in made:
            made[status] = callout_for_routes(status)
        return made[status]

    # The visit rota (tests/volunteers/test_rota_support.py)
    @cached_property
    def rota_slot(self):
        from tests.volunteers.test_rota_support import slot_for_routes

        return slot_for_routes()

    # Custody visits (tests/volunteers/test_visit_support.py): an issue walked to `status` through the
    # services, on a visit of its own (report not yet submitted).
    def visit_issue(self, status: str = "open"):
        from tests.volunteers.test_visit_support import make_issue

        made = self.__dict__.setdefault("_visit_issues", {})
        if status not in made:
            made[status] = make_issue(status=status)
        return made[status]

    # Correspondence cases (tests/engagement/case_support.py): walked to `status` through the services
    def case(self, status: str = "received", category: str = "General advice"):
        from tests.engagement.case_support import case_for_routes

        made = self.__dict__.setdefault("_cases", {})
        if (status, category) not in made:
            made[(status, category)] = case_for_routes(status, category)
        return made[(status, category)]

    # Events and consultations (tests/engagement/event_support.py): made through the services
    def event(self, status: str = "attended"):
        from tests.engagement.event_support import for_routes

        made = self.__dict__.setdefault("_events", {})
        if status not in made:
            made[status] = for_routes("event", status)
        return made[status]

    @cached_property
    def consultation(self):
        """A consultation with three phases, a headline result and a linked event."""
        from tests.engagement.event_support import for_routes

        return for_routes("consultation")

    # Awards and Youth Commissioners (tests/engagement/award_support.py): direct ORM rows
    def nomination(self, status: str = "received"):
        """A nomination in `status` (one per status; the routes' edition has one winner)."""
        from tests.engagement.award_support import nomination_for_routes

        made = self.__dict__.setdefault("_nominations", {})
        if status not in made:
            made[status] = nomination_for_routes(status)
        return made[status]

    @cached_property
    def cohort(self):
        """A Youth Commissioner cohort with one elected member and one survey."""
        from tests.engagement.award_support import cohort_for_routes

        return cohort_for_routes()

    # Admin: one row of each registered model
    def instance(self, model: type[models.Model]) -> models.Model:
        if model not in self._instances:
            maker = ADMIN_MAKERS.get(model._meta.label_lower)
            obj = maker(self) if maker else model._default_manager.order_by("pk").first()
            if obj is None:
                raise MissingObject(
                    f"no {model._meta.label} row to open; add a maker for {model._meta.label_lower!r} "
                    "to ADMIN_MAKERS in tests/routes.py"
                )
            self._instances[model] = obj
        return self._instances[model]

    def admin_args(self, route: Route) -> list[str] | dict[str, str]:
        """Arguments of an admin model page: the model's object (and its first version, for the
        history's `<object_id>/history/<version_id>/` page)."""
        found = admin_page(route.name)
        if found is None:
            raise MissingObject(f"{route.name} is not a model page of the admin")
        model, page = found
        obj = self.instance(model)
        values = [str(obj.pk)] * len(route.kwargs)
        if page == "simple_history":
            version = obj.history.order_by("history_id").first()  # type: ignore[attr-defined]
            if version is None:
                raise MissingObject(
                    f"{model._meta.label} {obj.pk} has no history; make one with a factory in ADMIN_MAKERS"
                )
            values[-1] = str(version.history_id)
        if all(route.kwargs):
            return dict(zip(route.kwargs, values, strict=True))
        return values

    def content_type_of(self, obj: models.Model) -> str:
        return str(ContentType.objects.get_for_model(obj).pk)


def _closed(objects: RouteObjects, related: str):
    """A record that a closed grant has: its assessment, award or first payment."""
    application = objects.application(Status.CLOSED)
    if related == "payment":
        return application.award.payments.earliest("pk")
    return getattr(application, related)


def _axes(model_name: str) -> Callable[[RouteObjects], models.Model]:
    def make(objects: RouteObjects):
        from axes import models as axes_models

        fields = {"user_agent": "pytest", "ip_address": "127.0.0.1", "username": "someone", "path_info": "/"}
        if model_name == "AccessAttempt":
            fields.update(get_data="", post_data="", failures_since_start=1)
        return getattr(axes_models, model_name).objects.create(http_accept="text/html", **fields)

    return make


def _beat(model_name: str) -> Callable[[RouteObjects], models.Model]:
    def make(objects: RouteObjects):
        from django_celery_beat import models as beat

        existing = getattr(beat, model_name).objects.order_by("pk").first()
        if existing is not None:
            return existing
        interval, _ = beat.IntervalSchedule.objects.get_or_create(every=1, period=beat.IntervalSchedule.DAYS)
        return {
            "IntervalSchedule": lambda: interval,
            "CrontabSchedule": lambda: beat.CrontabSchedule.objects.create(minute="0", hour="3"),
            "SolarSchedule": lambda: beat.SolarSchedule.objects.create(
                event="sunrise", latitude=52.48, longitude=-1.89
            ),
            "ClockedSchedule": lambda: beat.ClockedSchedule.objects.create(clocked_time=timezone.now()),
            "PeriodicTask": lambda: beat.PeriodicTask.objects.create(
                name="Route matrix", task="opcc.core.tasks.health_check_task", interval=interval
            ),
        }[model_name]()

    return make


def _celery_result(model_name: str) -> Callable[[RouteObjects], models.Model]:
    def make(objects: RouteObjects):
        from django_celery_results.models import GroupResult, TaskResult

        if model_name == "TaskResult":
            return TaskResult.objects.create(task_id="route-matrix-task", status="SUCCESS")
        return GroupResult.objects.create(group_id="route-matrix-group")

    return make


# Models without a row after migrations, or where the first row is a poor choice (a user).
ADMIN_MAKERS: dict[str, Callable[[RouteObjects], models.Model]] = {
    "auth.user": lambda o: UserFactory(),
    "axes.accessattempt": _axes("AccessAttempt"),
    "axes.accesslog": _axes("AccessLog"),
    "axes.accessfailurelog": _axes("AccessFailureLog"),
    "django_celery_results.taskresult": _celery_result("TaskResult"),
    "django_celery_results.groupresult": _celery_result("GroupResult"),
    "django_celery_beat.periodictask": _beat("PeriodicTask"),
    "django_celery_beat.intervalschedule": _beat("IntervalSchedule"),
    "django_celery_beat.crontabschedule": _beat("CrontabSchedule"),
    "django_celery_beat.solarschedule": _beat("SolarSchedule"),
    "django_celery_beat.clockedschedule": _beat("ClockedSchedule"),
    "core.closureday": lambda o: _closure_day(),
    "core.document": lambda o: o.document,
    "core.lettertemplate": lambda o: o.letter_template,
    "audit.accessevent": lambda o: _access_event(),
    "reports.reportrun": lambda o: o.report_run,
    "reports.reportfile": lambda o: o.report_run.files.get(),
    "exports.exportjob": lambda o: o.export_job,
    "grants.application": lambda o: o.application(Status.CLOSED),
    "grants.assessment": lambda o: _closed(o, "assessment"),
    "grants.decision": lambda o: o.application(Status.CLOSED).decisions.earliest("pk"),
    "grants.award": lambda o: _closed(o, "award"),
    "grants.payment": lambda o: _closed(o, "payment"),
    "grants.monitoringreturn": lambda o: o.monitoring_return(Status.CLOSED),
    "grants.variation": lambda o: grants_factories.VariationFactory(award=_closed(o, "award")),
    "grants.conflictdeclaration": lambda o: grants_factories.ConflictDeclarationFactory(
        application=o.application(Status.ASSESSED)
    ),
    "grants.fund": lambda o: grants_factories.FundFactory(police_property=True),
    "grants.fundyear": lambda o: o.fund_year,
    "grants.allocationline": lambda o: o.line,
    "grants.topup": lambda o: grants_factories.TopUpFactory(fund_year=o.fund_year),
    "grants.theme": lambda o: grants_factories.ThemeFactory(),
    "grants.organisation": lambda o: o.organisation,
    "volunteers.volunteer": lambda o: o.volunteer(),
    "volunteers.availability": lambda o: o.volunteer().availability.get(),
    "complaints.dipsample": lambda o: _register_row("dipsample"),
    "complaints.dipsampleaction": lambda o: _register_row("dipsampleaction"),
    "complaints.longinvestigation": lambda o: _register_row("longinvestigation"),
    "complaints.panelmember": lambda o: _panel_row("member"),
    "complaints.hearing": lambda o: _panel_row("hearing", "held"),
    "complaints.appeal": lambda o: _panel_row("appeal", "arranged"),
    "complaints.review": lambda o: _closed_review(),
    "volunteers.callout": lambda o: o.callout("completed"),
    "volunteers.rotaslot": lambda o: o.rota_slot,
    "complaints.subjectcategory": lambda o: _saved_again("SubjectCategory"),
    "complaints.learningtheme": lambda o: _saved_again("LearningTheme"),
    "complaints.servicestandards": lambda o: _saved_again("ServiceStandards"),
    "volunteers.custodyvisit": lambda o: o.visit_issue().visit,
    "volunteers.visitissue": lambda o: o.visit_issue(),
    "engagement.event": lambda o: o.event(),
    "engagement.consultation": lambda o: o.consultation,
    "engagement.category": lambda o: _engagement_admin_row("category"),
    "engagement.case": lambda o: o.case("awaiting_information", "Subject access"),
    "engagement.callday": lambda o: _engagement_admin_row("callday"),
    "engagement.awardedition": lambda o: o.nomination("winner").edition,
    "engagement.nomination": lambda o: o.nomination("winner"),
    "engagement.youthcohort": lambda o: o.cohort,
    "engagement.youthactivity": lambda o: o.cohort.activities.get(),
    "engagement.youthcommissioner": lambda o: o.cohort.members.get(),
    "privacy.retentionrule": lambda o: o.retention_rule,
    "privacy.legalhold": lambda o: o.legal_hold,
    "privacy.disposalbatch": lambda o: o.disposal_batch,
    "privacy.disposalentry": lambda o: _retention_row("entry"),
    "privacy.disclosurebundle": lambda o: _privacy_log_row("bundle"),
    "privacy.remindersent": lambda o: _privacy_log_row("digest"),
}


def _privacy_log_row(kind: str):
    """A built disclosure bundle's log row (no files) on a subject access case, or a digest sent."""
    from django.contrib.contenttypes.models import ContentType

    from engagement.models import Case
    from opcc.privacy.models import BundleStatus, DisclosureBundle, ReminderSent

    officer, now = UserFactory(), timezone.now()
    if kind == "digest":
        return ReminderSent.objects.create(user=officer, day=timezone.localdate(), sent_at=now, item_count=3)
    case = RouteObjects().case("awaiting_information", "Subject access")
    return DisclosureBundle.objects.create(
        request_type=ContentType.objects.get_for_model(Case), request_id=case.pk, status=BundleStatus.DRAFT,
        requested_by=officer, requested_at=now, built_at=now, build_seconds=1.5, record_count=2,
    )  # fmt: skip


def _retention_row(kind: str):
    """A legal hold, a disposal batch awaiting approval (one item), or a disposal log entry, on a
    complaint review made through the services (labels only: no record is changed)."""
    from django.contrib.contenttypes.models import ContentType

    from complaints.models import Review
    from opcc.privacy.models import DisposalBatch, DisposalEntry, DisposalItem, LegalHold
    from tests.complaints.factories import make_review

    review = make_review()
    content_type = ContentType.objects.get_for_model(Review)
    now = timezone.now()
    admin = UserFactory()
    if kind == "hold":
        return LegalHold.objects.create(
            content_type=content_type, object_id=review.pk, source="complaints.review",
            record_label=review.reference, reason="A claim is expected", placed_by=admin, placed_at=now,
        )  # fmt: skip
    batch = DisposalBatch.objects.create(as_of=timezone.localdate(), created_at=now, due_count=1)
    DisposalItem.objects.create(
        batch=batch, record_type="complaints.review", content_type=content_type, object_id=review.pk,
        record_label=review.reference, trigger_date=timezone.localdate(),
    )  # fmt: skip
    if kind == "batch":
        return batch
    return DisposalEntry.objects.create(
        batch=batch, record_type="complaints.review", content_type=content_type, object_id=review.pk,
        record_label=review.reference, rule="72 months after closure", trigger_date=timezone.localdate(),
        approved_by=admin, approved_at=now, done_at=now, outcome=DisposalEntry.Outcome.SKIPPED_HOLD,
    )  # fmt: skip


def _engagement_admin_row(kind: str):
    """A correspondence category with a history version, or a day of calls (tests/engagement/admin_support.py)."""
    from tests.engagement import admin_support

    return admin_support.category_saved_again() if kind == "category" else admin_support.call_day()


def _saved_again(model_name: str):
    """The first row the migrations made, saved once so it has a history version to open."""
    from django.apps import apps

    row = apps.get_model("complaints", model_name).objects.order_by("pk").first()
    row.save()
    return row


def _closed_review():
    """A review walked to closed through the services: every inline of its admin page has a row."""
    from complaints.models import Review
    from tests.complaints import factories as review_factories

    return Review.objects.filter(status="closed").order_by("pk").first() or review_factories.make_review(
        "closed"
    )


def _register_row(model_name: str):
    """A reported dip sample with a recommendation, or an investigation over 12 months."""
    from complaints.models import DipSampleAction, LongInvestigation
    from tests.complaints import test_registers_support as rows

    if model_name == "longinvestigation":
        return LongInvestigation.objects.order_by("pk").first() or rows.investigation()
    action = DipSampleAction.objects.order_by("pk").first()
    if action is None:
        action = rows.recommendation(rows.sample(stage="reported"))
    return action if model_name == "dipsampleaction" else action.dip_sample


def _panel_row(kind: str, stage: str = ""):
    """A panel member, a held hearing with its members, or an arranged appeal."""
    from tests.complaints import test_panels_support as rows

    return rows.for_routes(kind, stage)


def _closure_day():
    from opcc.core.models import ClosureDay

    return ClosureDay.objects.create(date=dt.date(2025, 9, 19), description="State funeral")


def _access_event():
    from opcc.audit.services import audit_record

    return audit_record(action="sign_in", user=UserFactory())


# --- what a rule says, and checking a response against it ----------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a request must give: a status and, for a redirect, where it leads."""

    status: int
    to: str | Callable[[RouteObjects], str] | None = None  # a URL name or a function of the objects


OK = Outcome(200)
FORBIDDEN = Outcome(403)  # the service's 403 page, never a redirect
NOT_ALLOWED = Outcome(405)  # a GET of a POST-only route
TO_LOGIN = Outcome(302, "login")  # the service's sign-in page, with ?next= the page asked for
LOGIN_PAGE_TEXT = "Sign in"
FORBIDDEN_PAGE_TEXT = "You do not have access to this page"

Args = Callable[[RouteObjects], list | dict]


@dataclass(frozen=True)
class Rule:
    route: str  # a route name, or a namespace prefix ending in ":" for every route in it
    may: frozenset[str]  # who may open it; every other signed-in user gets 403
    get: Outcome = OK  # what they get from a GET
    post: Outcome | None = None  # POST-only route: their GET is 405 and an empty POST gives this
    args: Args | None = None  # URL arguments, from the objects
    query: str | Callable[[RouteObjects], str] = ""
    but: Mapping[str, Outcome] = field(default_factory=dict)  # a column's GET, where it differs


def url_of(rule: Rule, route: Route, objects: RouteObjects) -> str:
    if rule.args is not None:
        args = rule.args(objects)
    elif route.kwargs and admin_page(route.name):
        args = objects.admin_args(route)
    elif route.kwargs:
        raise MissingObject(f"its URL takes arguments ({route.pattern}): give its rule args=")
    else:
        args = []
    url = reverse(route.name, kwargs=args) if isinstance(args, dict) else reverse(route.name, args=args)
    query = rule.query(objects) if callable(rule.query) else rule.query
    return f"{url}?{query}" if query else url


def _next_of(location) -> str:
    return parse_qs(location.query).get("next", [""])[0]


def login_problem(client, response, url: str) -> str | None:
    """Why an anonymous request was not sent to the login page keeping `url` as its `next`.

    The admin sends visitors to its own login page first, which passes them on: follow up to three
    redirects, and unwrap a `next` that is itself a login page with a `next`.
    """
    login = reverse("login")
    chain = []
    for _ in range(3):
        if response.status_code != 302:
            break
        chain.append(response["Location"])
        location = urlsplit(response["Location"])
        if location.path == login:
            target = _next_of(location)
            while target != url and "next=" in target:
                target = _next_of(urlsplit(target))
            return (
                None if target == url else f"sent to login with next={_next_of(location)!r}, expected {url}"
            )
        response = client.get(response["Location"])
    return f"expected the login page, got {response.status_code} after {chain or 'no redirect'}"


def mismatch(client, response, outcome: Outcome, url: str, objects: RouteObjects) -> str | None:
    """Why the response is not the outcome, or None."""
    if outcome is TO_LOGIN:
        return login_problem(client, response, url)
    got = response.status_code
    if got != outcome.status:
        where = f" to {response['Location']}" if got in (301, 302) else ""
        return f"expected {outcome.status}, got {got}{where}"
    if got == 403 and FORBIDDEN_PAGE_TEXT not in response.content.decode():
        return "403 without the service's 'You do not have access' page"
    if outcome.to is None:
        return None
    target = outcome.to(objects) if callable(outcome.to) else reverse(outcome.to)
    if urlsplit(response["Location"]).path != target:
        return f"redirected to {response['Location']}, expected {target}"
    return None


def request(client, method: str, url: str):
    """One request in a savepoint, so a view's database error cannot spoil the next requests."""
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {})
    if response.streaming:  # read the download to the end, so the client closes the file
        b"".join(response.streaming_content)
    return response
