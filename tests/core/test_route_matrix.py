"""Who may open every route of the service: one table (RULES), every named route, every role.

For each role (and a signed-in user with no role, and an anonymous visitor) every named route is
visited once with real objects in its URL: a GET, and for POST-only routes an empty POST too. A
role the rule names gets what the rule says (200 by default); every other signed-in user gets the
403 page; an anonymous visitor is sent to the login page, except on the deliberately public routes.
A new route without a rule fails `test_every_route_has_a_rule`: add one below.

Failures are collected per role into one message, so one run shows everything that is wrong.
"""

from __future__ import annotations

import contextlib
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings
from django.urls import reverse

from complaints.models import DipSample
from complaints.models import Status as ReviewStatus
from grants.models import Status
from opcc.core import roles
from tests.complaints import test_panels_support as panel_rows
from tests.complaints import test_registers_support as register_rows
from tests.module_data import module_rows
from tests.privacy.test_disclosure_support import sar_bundle_url, sar_find_url, sar_rows
from tests.routes import (
    ADMIN_MAKERS,
    FORBIDDEN,
    LOGIN_PAGE_TEXT,
    NOT_ALLOWED,
    OK,
    TO_LOGIN,
    Args,
    MissingObject,
    Outcome,
    Route,
    RouteObjects,
    Rule,
    admin_models,
    admin_page,
    mismatch,
    named_routes,
    request,
    url_of,
)

DipStage = DipSample.Stage
ANONYMOUS = "(anonymous)"
NO_ROLE = "(no role)"
SIGNED_IN = frozenset({*roles.ROLES, NO_ROLE})
EVERYONE = SIGNED_IN | {ANONYMOUS}
COLUMNS = (*roles.ROLES, NO_ROLE, ANONYMOUS)

ADMINS = frozenset({roles.ADMINISTRATOR})
GRANTS_VIEWERS = frozenset({roles.OFFICE_STAFF, roles.GRANTS_MANAGER, roles.ADMINISTRATOR})
GRANTS_ENTERERS = frozenset({roles.OFFICE_STAFF, roles.ADMINISTRATOR})  # add and change records
GRANTS_MANAGERS = frozenset({roles.GRANTS_MANAGER})  # decide, vary, manage funds (not Administrators)
PUBLISHERS = frozenset({roles.GRANTS_MANAGER, roles.REPORTS})  # "grants.export_publications"
REPORTS_USERS = frozenset({roles.REPORTS, roles.ADMINISTRATOR})
ENGAGEMENT_RECORDERS = frozenset({roles.OFFICE_STAFF})  # "engagement.record_engagement"


def module_users(module: str) -> frozenset[str]:
    """The roles that open a module, as opcc.core.roles.MODULE_ACCESS grants them."""
    return frozenset(role for role, modules in roles.MODULE_ACCESS.items() if module in modules)


def application(status: Status) -> Args:
    return lambda o: [o.application(status).pk]


def view_on_site(o: RouteObjects) -> list:
    obj = o.application(Status.DRAFT)
    return [o.content_type_of(obj), obj.pk]


COMPLAINTS_USERS = module_users("complaints")


def sar_bundle_args(o: RouteObjects, key: str) -> list:
    """A SAR case and its built bundle (tests/privacy/test_disclosure_support.py)."""
    rows = sar_rows(o, key)
    return [rows.case.pk, rows.bundle.pk]


def phase_of(o: RouteObjects) -> list:
    """The consultation and its first phase (engagement's phase pages)."""
    return [o.consultation.pk, o.consultation.phases.earliest("number").pk]


def _register_row(o: RouteObjects, key: str, make):
    """One row per key for this set of objects (the complaints registers' pages)."""
    made = o.__dict__.setdefault("_register_rows", {})
    if key not in made:
        made[key] = make()
    return made[key]


def dip_sample(stage: str) -> Args:
    return lambda o: [_register_row(o, f"dip-{stage}", lambda: register_rows.sample(stage=stage)).pk]


def open_recommendation(o: RouteObjects) -> list:
    sample = _register_row(
        o, f"dip-{DipStage.REPORTED}", lambda: register_rows.sample(stage=DipStage.REPORTED)
    )
    action = _register_row(o, "recommendation", lambda: register_rows.recommendation(sample))
    return [sample.pk, action.pk]


def long_investigation(o: RouteObjects):
    return _register_row(o, "long-investigation", register_rows.investigation)


def panel_row(kind: str, stage: str = "") -> Args:
    """A panel member, or a hearing or appeal in `stage` (tests/complaints/test_panels_support.py)."""
    return lambda o: [
        _register_row(o, f"panel-{kind}-{stage}", lambda: panel_rows.for_routes(kind, stage)).pk
    ]


def panel_seat(kind: str, stage: str, role: str) -> Args:
    return lambda o: [*panel_row(kind, stage)(o), role]


REVIEWS_MANAGERS = frozenset({roles.REVIEWS_MANAGER})  # "complaints.decide_review"


def review(status: str) -> Args:
    """A complaint review walked through the services to `status` (one per status for these objects)."""
    return lambda o: [o.review(status).pk]


def review_request(o: RouteObjects) -> list:
    case = o.review(ReviewStatus.AWAITING_FORCE)
    return [case.pk, case.information_requests.earliest("pk").pk]


def review_recommendation(o: RouteObjects) -> list:
    case = o.review(ReviewStatus.RECOMMENDATIONS_OUTSTANDING)
    return [case.pk, case.recommendations.earliest("pk").pk]


SIGNED_IN_TO_HOME = dict.fromkeys(SIGNED_IN, Outcome(302, "core:home"))

RULES = [
    # Sign-in
    Rule("login", EVERYONE, but=SIGNED_IN_TO_HOME),  # a signed-in user is sent home
    Rule("logout", SIGNED_IN, post=Outcome(302, "login")),
    # The second sign-in step and a user's own sign-in methods (opcc/accounts/views.py): every
    # signed-in user. These sessions are verified, so the second step sends them on home.
    Rule("accounts:verify", SIGNED_IN, get=Outcome(302, "core:home")),
    Rule("accounts:recovery", SIGNED_IN, get=Outcome(302, "core:home")),
    Rule("accounts:setup", SIGNED_IN),
    Rule("accounts:setup_app", SIGNED_IN),
    Rule("accounts:recovery_codes", SIGNED_IN),
    Rule("accounts:security", SIGNED_IN),
    Rule("privacy:reminders", SIGNED_IN),  # a person's own digest settings and preview
    # The header search: whoever may open at least one personal data source (all but Reports).
    Rule("privacy:search", SIGNED_IN - {roles.REPORTS, NO_ROLE}, query="q=Smith"),
    # Retention schedule, legal holds and disposals: Administrators (privacy.manage_retention) only.
    Rule("privacy:retention", ADMINS),
    Rule("privacy:retention_dry_run", ADMINS, post=Outcome(302)),
    Rule("privacy:retention_rule_edit", ADMINS, args=lambda o: [o.retention_rule.pk]),
    Rule("privacy:retention_holds", ADMINS),
    Rule("privacy:retention_hold_add", ADMINS),
    Rule("privacy:retention_hold_lift", ADMINS, args=lambda o: [o.legal_hold.pk]),
    Rule("privacy:retention_batches", ADMINS),
    Rule("privacy:retention_batch", ADMINS, args=lambda o: [o.disposal_batch.pk]),
    Rule(
        "privacy:retention_batch_approve",
        ADMINS,
        post=Outcome(302),
        args=lambda o: [o.disposal_batch_to_approve.pk],
    ),
    Rule("privacy:retention_batch_reject", ADMINS, args=lambda o: [o.disposal_batch.pk]),
    Rule("privacy:retention_log", ADMINS),
    Rule(
        "accounts:passkey_remove",
        SIGNED_IN,
        post=Outcome(302, "accounts:security"),
        args=lambda o: [o.passkey.pk],
    ),
    Rule("accounts:session_status", SIGNED_IN),
    Rule("accounts:session_extend", SIGNED_IN, post=OK),
    # The access review and its actions on an account: Administrators only.
    Rule("accounts:review", ADMINS),
    Rule("accounts:user_reset", ADMINS, args=lambda o: [o.other_user.pk]),
    Rule("accounts:user_deactivate", ADMINS, args=lambda o: [o.other_user.pk]),
    # The access audit trail (opcc/audit/views.py): Administrators only.
    Rule("audit:list", ADMINS),
    Rule("audit:export_csv", ADMINS),
    Rule("audit:export_xlsx", ADMINS),
    # Passkey ceremonies (django-otp-webauthn): JSON, POST only, for signed-in users; an empty
    # "complete" has no credential in it (422).
    Rule("otp_webauthn:credential-registration-begin", SIGNED_IN, post=OK),
    Rule("otp_webauthn:credential-registration-complete", SIGNED_IN, post=Outcome(422)),
    Rule("otp_webauthn:credential-authentication-begin", SIGNED_IN, post=OK),
    Rule("otp_webauthn:credential-authentication-complete", SIGNED_IN, post=Outcome(422)),
    Rule("otp_webauthn:js-i18n-catalog", SIGNED_IN),
    # Browsers report Content Security Policy violations here, signed in or not.
    Rule("csp_report", EVERYONE, post=Outcome(204)),
    # Home and the modules
    Rule("core:home", SIGNED_IN),
    Rule("complaints:home", module_users("complaints")),
    # The reviews list and its exports (complaints/urls_review_list.py): the module's users.
    Rule("complaints:reviews", COMPLAINTS_USERS),
    Rule("complaints:reviews_csv", COMPLAINTS_USERS),
    Rule("complaints:reviews_xlsx", COMPLAINTS_USERS),
    # A letter is written by a POST from the case page (GET: 405); a decided review offers the copy to the force.
    Rule(
        "complaints:review_letter",
        module_users("complaints"),
        args=lambda o: [o.review("decided").pk, "complaints.copy_to_force"],
        post=Outcome(302),
    ),
    Rule("volunteers:home", module_users("volunteers")),
    # The visit rota and coverage (volunteers/urls_planning.py): the module's users read, volunteer
    # coordinators alone plan.
    Rule("volunteers:rota", module_users("volunteers")),
    Rule("volunteers:coverage", module_users("volunteers")),
    Rule("volunteers:rota_add", frozenset({roles.VOLUNTEER_COORDINATOR})),
    Rule("volunteers:rota_suggest", frozenset({roles.VOLUNTEER_COORDINATOR})),
    Rule("volunteers:rota_pair", frozenset({roles.VOLUNTEER_COORDINATOR}), args=lambda o: [o.rota_slot.pk]),
    Rule("volunteers:rota_cancel", frozenset({roles.VOLUNTEER_COORDINATOR}), args=lambda o: [o.rota_slot.pk]),
    # Appropriate adult call-outs (volunteers/urls_callouts.py): the module's users read, volunteer
    # coordinators alone record (each step opened on a call-out in a status that allows it).
    Rule("volunteers:callouts", module_users("volunteers")),
    Rule("volunteers:callouts_csv", module_users("volunteers")),
    Rule("volunteers:callouts_xlsx", module_users("volunteers")),
    Rule("volunteers:callout", module_users("volunteers"), args=lambda o: [o.callout("completed").pk]),
    Rule("volunteers:callout_add", frozenset({roles.VOLUNTEER_COORDINATOR})),
    Rule("volunteers:callout_entry", frozenset({roles.VOLUNTEER_COORDINATOR})),
    Rule(
        "volunteers:callout_assign",
        frozenset({roles.VOLUNTEER_COORDINATOR}),
        args=lambda o: [o.callout("requested").pk],
    ),
    Rule(
        "volunteers:callout_attend",
        frozenset({roles.VOLUNTEER_COORDINATOR}),
        args=lambda o: [o.callout("assigned").pk],
    ),
    Rule(
        "volunteers:callout_complete",
        frozenset({roles.VOLUNTEER_COORDINATOR}),
        args=lambda o: [o.callout("attended").pk],
    ),
    Rule(
        "volunteers:callout_unfill",
        frozenset({roles.VOLUNTEER_COORDINATOR}),
        args=lambda o: [o.callout("requested").pk],
    ),
    Rule(
        "volunteers:callout_cancel",
        frozenset({roles.VOLUNTEER_COORDINATOR}),
        args=lambda o: [o.callout("requested").pk],
    ),
    # Custody visits and their issues (volunteers/urls_visits.py): the module's users read, volunteer
    # coordinators alone record; an issue's step opens on an issue whose status allows it.
    Rule("volunteers:visits", module_users("volunteers")),
    Rule("volunteers:visits_csv", module_users("volunteers")),
    Rule("volunteers:visits_xlsx", module_users("volunteers")),
    Rule("volunteers:visit", module_users("volunteers"), args=lambda o: [o.visit_issue().visit.pk]),
    Rule("volunteers:visit_add", frozenset({roles.VOLUNTEER_COORDINATOR})),
    Rule(
        "volunteers:visit_edit",
        frozenset({roles.VOLUNTEER_COORDINATOR}),
        args=lambda o: [o.visit_issue().visit.pk],
    ),
    Rule(
        "volunteers:visit_report",
        frozenset({roles.VOLUNTEER_COORDINATOR}),
        args=lambda o: [o.visit_issue().visit.pk],
    ),
    Rule(
        "volunteers:issue_add",
        frozenset({roles.VOLUNTEER_COORDINATOR}),
        args=lambda o: [o.visit_issue().visit.pk],
    ),
    # The ICV arrangements page and its CSV (volunteers/urls_statistics.py): the module's users read.
    Rule("volunteers:arrangements", module_users("volunteers")),
    Rule("volunteers:arrangements_csv", module_users("volunteers")),
    Rule("volunteers:issues", module_users("volunteers")),
    Rule("volunteers:issues_csv", module_users("volunteers")),
    Rule("volunteers:issues_xlsx", module_users("volunteers")),
    Rule("volunteers:issue", module_users("volunteers"), args=lambda o: [o.visit_issue().pk]),
    Rule(
        "volunteers:issue_escalate",
        frozenset({roles.VOLUNTEER_COORDINATOR}),
        args=lambda o: [o.visit_issue().pk],
    ),
    Rule(
        "volunteers:issue_response",
        frozenset({roles.VOLUNTEER_COORDINATOR}),
        args=lambda o: [o.visit_issue("escalated").pk],
    ),
    Rule(
        "volunteers:issue_close",
        frozenset({roles.VOLUNTEER_COORDINATOR}),
        args=lambda o: [o.visit_issue().pk],
    ),
    Rule("engagement:home", module_users("engagement")),
    # The calls log (engagement/urls_calls.py): the module's users read, office staff record.
    Rule("engagement:calls", module_users("engagement")),
    Rule("engagement:call_day", ENGAGEMENT_RECORDERS),
    Rule("engagement:call_add", ENGAGEMENT_RECORDERS, post=Outcome(302, "engagement:calls")),
    # Correspondence cases (engagement/urls_casework.py): the module's users read, office staff write.
    Rule("engagement:cases", module_users("engagement")),
    Rule("engagement:cases_csv", module_users("engagement")),
    Rule("engagement:cases_xlsx", module_users("engagement")),
    Rule("engagement:case", module_users("engagement"), args=lambda o: [o.case("received").pk]),
    Rule("engagement:case_add", ENGAGEMENT_RECORDERS),
    Rule("engagement:case_edit", ENGAGEMENT_RECORDERS, args=lambda o: [o.case("received").pk]),
    Rule("engagement:case_assign", ENGAGEMENT_RECORDERS, args=lambda o: [o.case("received").pk]),
    Rule("engagement:case_start", ENGAGEMENT_RECORDERS, args=lambda o: [o.case("assigned").pk]),
    Rule("engagement:case_stop", ENGAGEMENT_RECORDERS, args=lambda o: [o.case("in_progress").pk]),
    Rule("engagement:case_restart", ENGAGEMENT_RECORDERS, args=lambda o: [o.case("awaiting_information").pk]),
    Rule(
        "engagement:case_extend",
        ENGAGEMENT_RECORDERS,
        args=lambda o: [o.case("assigned", "Subject access").pk],
    ),
    Rule("engagement:case_respond", ENGAGEMENT_RECORDERS, args=lambda o: [o.case("in_progress").pk]),
    Rule("engagement:case_close", ENGAGEMENT_RECORDERS, args=lambda o: [o.case("responded").pk]),
    Rule("engagement:case_reopen", ENGAGEMENT_RECORDERS, args=lambda o: [o.case("responded").pk]),
    Rule("engagement:case_link", ENGAGEMENT_RECORDERS, args=lambda o: [o.case("received").pk]),
    # Subject access (engagement/urls_subject_access.py): office staff who record correspondence only.
    Rule("engagement:sar_find", ENGAGEMENT_RECORDERS, args=lambda o: [sar_rows(o, "draft").case.pk]),
    Rule(
        "engagement:sar_confirm",
        ENGAGEMENT_RECORDERS,
        post=Outcome(302, sar_find_url("empty")),
        args=lambda o: [sar_rows(o, "empty").case.pk],
    ),
    Rule(
        "engagement:sar_remove",
        ENGAGEMENT_RECORDERS,
        post=Outcome(302, sar_find_url("remove")),
        args=lambda o: [sar_rows(o, "remove").case.pk, sar_rows(o, "remove").match.pk],
    ),
    Rule(
        "engagement:sar_build",
        ENGAGEMENT_RECORDERS,
        post=Outcome(302, sar_find_url("empty")),
        args=lambda o: [sar_rows(o, "empty").case.pk],
    ),
    Rule("engagement:sar_bundle", ENGAGEMENT_RECORDERS, args=lambda o: sar_bundle_args(o, "draft")),
    Rule("engagement:sar_redactions", ENGAGEMENT_RECORDERS, args=lambda o: sar_bundle_args(o, "draft")),
    Rule(
        "engagement:sar_release",
        ENGAGEMENT_RECORDERS,
        post=Outcome(302, sar_bundle_url("release")),
        args=lambda o: sar_bundle_args(o, "release"),
    ),
    Rule(
        "engagement:sar_download", ENGAGEMENT_RECORDERS, args=lambda o: [*sar_bundle_args(o, "draft"), "pdf"]
    ),
    # Events and consultations (engagement/urls_events.py): the module's users read, office staff write.
    Rule("engagement:events", module_users("engagement")),
    Rule("engagement:events_csv", module_users("engagement")),
    Rule("engagement:events_xlsx", module_users("engagement")),
    Rule("engagement:event", module_users("engagement"), args=lambda o: [o.event().pk]),
    Rule("engagement:event_add", ENGAGEMENT_RECORDERS),
    Rule("engagement:event_edit", ENGAGEMENT_RECORDERS, args=lambda o: [o.event().pk]),
    Rule("engagement:event_step", ENGAGEMENT_RECORDERS, args=lambda o: [o.event("planned").pk, "cancel"]),
    # Outstanding Citizens Awards (engagement/urls_awards.py): the module's users read, office staff write.
    Rule("engagement:editions", module_users("engagement")),
    Rule(
        "engagement:edition", module_users("engagement"), args=lambda o: [o.nomination("winner").edition_id]
    ),
    Rule("engagement:edition_add", ENGAGEMENT_RECORDERS),
    Rule("engagement:edition_edit", ENGAGEMENT_RECORDERS, args=lambda o: [o.nomination().edition_id]),
    Rule("engagement:nomination_add", ENGAGEMENT_RECORDERS, args=lambda o: [o.nomination().edition_id]),
    Rule("engagement:nominations", module_users("engagement")),
    Rule("engagement:nomination", module_users("engagement"), args=lambda o: [o.nomination("winner").pk]),
    Rule("engagement:nomination_edit", ENGAGEMENT_RECORDERS, args=lambda o: [o.nomination().pk]),
    Rule(
        "engagement:nomination_decide",
        ENGAGEMENT_RECORDERS,
        args=lambda o: [o.nomination("shortlisted").pk, "runner_up"],
    ),
    # Youth Commissioners (engagement/urls_youth.py): cohorts (member counts, no names) for the module's
    # users; members (minors) and every form for office staff alone, never the Administrator.
    Rule("engagement:cohorts", module_users("engagement")),
    Rule("engagement:cohort", module_users("engagement"), args=lambda o: [o.cohort.pk]),
    Rule("engagement:cohort_add", ENGAGEMENT_RECORDERS),
    Rule("engagement:cohort_edit", ENGAGEMENT_RECORDERS, args=lambda o: [o.cohort.pk]),
    Rule("engagement:activity_add", ENGAGEMENT_RECORDERS, args=lambda o: [o.cohort.pk]),
    Rule("engagement:activity_edit", ENGAGEMENT_RECORDERS, args=lambda o: [o.cohort.activities.get().pk]),
    Rule("engagement:member_add", ENGAGEMENT_RECORDERS, args=lambda o: [o.cohort.pk]),
    Rule("engagement:member", ENGAGEMENT_RECORDERS, args=lambda o: [o.cohort.members.get().pk]),
    Rule("engagement:member_edit", ENGAGEMENT_RECORDERS, args=lambda o: [o.cohort.members.get().pk]),
    Rule(
        "engagement:member_status",
        ENGAGEMENT_RECORDERS,
        args=lambda o: [o.cohort.members.get().pk, "induct"],
    ),
    Rule("engagement:consultations", module_users("engagement")),
    Rule("engagement:consultation", module_users("engagement"), args=lambda o: [o.consultation.pk]),
    Rule("engagement:consultation_add", ENGAGEMENT_RECORDERS),
    Rule("engagement:consultation_edit", ENGAGEMENT_RECORDERS, args=lambda o: [o.consultation.pk]),
    Rule("engagement:phase_add", ENGAGEMENT_RECORDERS, args=lambda o: [o.consultation.pk]),
    Rule("engagement:phase_edit", ENGAGEMENT_RECORDERS, args=phase_of),
    Rule("engagement:phase_delete", ENGAGEMENT_RECORDERS, args=phase_of),
    Rule("engagement:result_add", ENGAGEMENT_RECORDERS, args=lambda o: [o.consultation.pk]),
    Rule(
        "engagement:result_delete",
        ENGAGEMENT_RECORDERS,
        args=lambda o: [o.consultation.pk, o.consultation.results.earliest("pk").pk],
    ),
    # Complaints registers (complaints/urls_registers.py): office staff, Reviews managers, Administrators.
    Rule("complaints:dip_samples", COMPLAINTS_USERS),
    Rule("complaints:dip_sample_add", COMPLAINTS_USERS),
    Rule("complaints:dip_sample", COMPLAINTS_USERS, args=dip_sample(DipStage.REPORTED)),
    Rule("complaints:dip_sample_edit", COMPLAINTS_USERS, args=dip_sample(DipStage.PLANNED)),
    Rule("complaints:dip_sample_fieldwork", COMPLAINTS_USERS, args=dip_sample(DipStage.PLANNED)),
    Rule("complaints:dip_sample_report", COMPLAINTS_USERS, args=dip_sample(DipStage.FIELDWORK)),
    Rule("complaints:dip_sample_close", COMPLAINTS_USERS, args=dip_sample(DipStage.REPORTED)),
    Rule("complaints:dip_sample_recommendation_add", COMPLAINTS_USERS, args=dip_sample(DipStage.REPORTED)),
    Rule("complaints:dip_sample_recommendation_follow_up", COMPLAINTS_USERS, args=open_recommendation),
    Rule("complaints:dip_sample_recommendation_complete", COMPLAINTS_USERS, args=open_recommendation),
    Rule("complaints:long_investigations", COMPLAINTS_USERS),
    Rule("complaints:long_investigation_add", COMPLAINTS_USERS),
    Rule("complaints:long_investigation", COMPLAINTS_USERS, args=lambda o: [long_investigation(o).pk]),
    Rule("complaints:long_investigation_edit", COMPLAINTS_USERS, args=lambda o: [long_investigation(o).pk]),
    # Panel members, hearings and appeals (complaints/urls_panels.py): office staff, Reviews managers,
    # Administrators. A step's page opens in a stage its table allows; a seat's page while it is empty.
    Rule("complaints:panel_members", COMPLAINTS_USERS),
    Rule("complaints:panel_member_add", COMPLAINTS_USERS),
    Rule("complaints:panel_member", COMPLAINTS_USERS, args=panel_row("member")),
    Rule("complaints:panel_member_edit", COMPLAINTS_USERS, args=panel_row("member")),
    Rule("complaints:hearings", COMPLAINTS_USERS),
    Rule("complaints:hearing_add", COMPLAINTS_USERS),
    Rule("complaints:hearing", COMPLAINTS_USERS, args=panel_row("hearing", "members_appointed")),
    Rule("complaints:hearing_edit", COMPLAINTS_USERS, args=panel_row("hearing", "requested")),
    Rule("complaints:hearing_rota", COMPLAINTS_USERS, args=panel_seat("hearing", "requested", "ipm")),
    Rule("complaints:hearing_appoint", COMPLAINTS_USERS, args=panel_seat("hearing", "requested", "lqc")),
    Rule("complaints:hearing_hold", COMPLAINTS_USERS, args=panel_row("hearing", "members_appointed")),
    Rule("complaints:hearing_notify", COMPLAINTS_USERS, args=panel_row("hearing", "held")),
    Rule("complaints:hearing_adjourn", COMPLAINTS_USERS, args=panel_row("hearing", "members_appointed")),
    Rule("complaints:hearing_cancel", COMPLAINTS_USERS, args=panel_row("hearing", "requested")),
    Rule("complaints:appeals", COMPLAINTS_USERS),
    Rule("complaints:appeal_add", COMPLAINTS_USERS),
    Rule("complaints:appeal", COMPLAINTS_USERS, args=panel_row("appeal", "arranged")),
    Rule("complaints:appeal_edit", COMPLAINTS_USERS, args=panel_row("appeal", "received")),
    Rule("complaints:appeal_arrange", COMPLAINTS_USERS, args=panel_row("appeal", "received")),
    Rule("complaints:appeal_rota", COMPLAINTS_USERS, args=panel_seat("appeal", "arranged", "pat_chair")),
    Rule("complaints:appeal_appoint", COMPLAINTS_USERS, args=panel_seat("appeal", "arranged", "pat_member")),
    Rule("complaints:appeal_hear", COMPLAINTS_USERS, args=panel_row("appeal", "arranged")),
    Rule("complaints:appeal_determine", COMPLAINTS_USERS, args=panel_row("appeal", "heard")),
    Rule("complaints:appeal_withdraw", COMPLAINTS_USERS, args=panel_row("appeal", "received")),
    # Quarterly review performance (complaints/urls_statistics.py): figures only, so Reports too.
    Rule("complaints:quarterly", COMPLAINTS_USERS | {roles.REPORTS}),
    Rule("complaints:quarterly_csv", COMPLAINTS_USERS | {roles.REPORTS}),
    # Complaint reviews: the case page and its steps (complaints/urls_review_case.py). A step's page
    # opens for whoever may take it in the status given; a Reviews manager's steps for them alone.
    Rule("complaints:review_add", COMPLAINTS_USERS),
    Rule("complaints:review", COMPLAINTS_USERS, args=review(ReviewStatus.RECOMMENDATIONS_OUTSTANDING)),
    Rule("complaints:review_edit", COMPLAINTS_USERS, args=review(ReviewStatus.RECEIVED)),
    Rule("complaints:review_acknowledge", COMPLAINTS_USERS, args=review(ReviewStatus.RECEIVED)),
    Rule("complaints:review_withdraw", COMPLAINTS_USERS, args=review(ReviewStatus.RECEIVED)),
    Rule("complaints:review_check_body", COMPLAINTS_USERS, args=review(ReviewStatus.ACKNOWLEDGED)),
    Rule("complaints:review_record_forwarding", COMPLAINTS_USERS, args=review(ReviewStatus.ACKNOWLEDGED)),
    Rule("complaints:review_forward_to_iopc", COMPLAINTS_USERS, args=review(ReviewStatus.ACKNOWLEDGED)),
    Rule("complaints:review_start", COMPLAINTS_USERS, args=review(ReviewStatus.ACKNOWLEDGED)),
    Rule("complaints:review_mark_invalid", REVIEWS_MANAGERS, args=review(ReviewStatus.ACKNOWLEDGED)),
    Rule("complaints:review_mark_out_of_time", REVIEWS_MANAGERS, args=review(ReviewStatus.ACKNOWLEDGED)),
    Rule("complaints:review_extend", REVIEWS_MANAGERS, args=review(ReviewStatus.ACKNOWLEDGED)),
    Rule("complaints:review_reassign", COMPLAINTS_USERS, args=review(ReviewStatus.UNDER_REVIEW)),
    Rule("complaints:review_declare_conflict", COMPLAINTS_USERS, args=review(ReviewStatus.UNDER_REVIEW)),
    Rule("complaints:review_request_information", COMPLAINTS_USERS, args=review(ReviewStatus.UNDER_REVIEW)),
    Rule("complaints:review_record_finding", REVIEWS_MANAGERS, args=review(ReviewStatus.UNDER_REVIEW)),
    Rule("complaints:review_decide", REVIEWS_MANAGERS, args=review(ReviewStatus.UNDER_REVIEW)),
    Rule("complaints:information_chase", COMPLAINTS_USERS, args=review_request),
    Rule("complaints:information_receive", COMPLAINTS_USERS, args=review_request),
    Rule("complaints:review_add_recommendation", REVIEWS_MANAGERS, args=review(ReviewStatus.DECIDED)),
    Rule("complaints:review_add_learning", REVIEWS_MANAGERS, args=review(ReviewStatus.DECIDED)),
    Rule("complaints:review_send_recommendations", COMPLAINTS_USERS, args=review(ReviewStatus.DECIDED)),
    Rule("complaints:review_close", REVIEWS_MANAGERS, args=review(ReviewStatus.DECIDED)),
    Rule("complaints:recommendation_response", COMPLAINTS_USERS, args=review_recommendation),
    # Custody scheme volunteers (volunteers/urls_volunteers.py): the module's users read, volunteer
    # coordinators alone write; a status step opens on a volunteer whose status allows it.
    Rule("volunteers:volunteers", module_users("volunteers")),
    Rule("volunteers:volunteers_csv", module_users("volunteers")),
    Rule("volunteers:volunteers_xlsx", module_users("volunteers")),
    Rule("volunteers:volunteer", module_users("volunteers"), args=lambda o: [o.volunteer().pk]),
    Rule("volunteers:volunteer_add", frozenset({roles.VOLUNTEER_COORDINATOR})),
    Rule(
        "volunteers:volunteer_edit",
        frozenset({roles.VOLUNTEER_COORDINATOR}),
        args=lambda o: [o.volunteer().pk],
    ),
    Rule(
        "volunteers:volunteer_status",
        frozenset({roles.VOLUNTEER_COORDINATOR}),
        args=lambda o: [o.volunteer().pk, "suspend"],
    ),
    Rule(
        "volunteers:volunteer_training_add",
        frozenset({roles.VOLUNTEER_COORDINATOR}),
        args=lambda o: [o.volunteer().pk],
    ),
    Rule(
        "volunteers:volunteer_reaccredit",
        frozenset({roles.VOLUNTEER_COORDINATOR}),
        args=lambda o: [o.volunteer().pk],
    ),
    Rule(
        "volunteers:volunteer_availability_add",
        frozenset({roles.VOLUNTEER_COORDINATOR}),
        args=lambda o: [o.volunteer().pk],
    ),
    # Documents (opcc.core.documents): whoever the owner's registration allows; tests/routes.py
    # puts the document on a grants application (view and change: "core.access_grants").
    Rule(
        "core:document_add",
        module_users("grants"),
        args=lambda o: ["grants.application", o.document.object_id],
    ),
    Rule("core:document_download", module_users("grants"), args=lambda o: [o.document.pk]),
    Rule("core:document_delete", module_users("grants"), args=lambda o: [o.document.pk]),
    # Grants: applications
    Rule("grants:home", GRANTS_VIEWERS),
    Rule("grants:applications", GRANTS_VIEWERS),
    Rule("grants:applications_csv", GRANTS_VIEWERS),
    Rule("grants:applications_xlsx", GRANTS_VIEWERS),
    Rule("grants:application", GRANTS_VIEWERS, args=application(Status.DRAFT)),
    Rule("grants:application_add", GRANTS_ENTERERS),
    Rule("grants:application_edit", GRANTS_ENTERERS, args=application(Status.DRAFT)),
    Rule("grants:application_submit", GRANTS_ENTERERS, args=application(Status.DRAFT)),
    Rule("grants:application_start_check", GRANTS_ENTERERS, args=application(Status.SUBMITTED)),
    Rule("grants:application_assess", GRANTS_ENTERERS, args=application(Status.ELIGIBILITY_CHECK)),
    Rule("grants:application_conflict", GRANTS_VIEWERS, args=application(Status.SUBMITTED)),
    Rule("grants:application_approve", GRANTS_MANAGERS, args=application(Status.ASSESSED)),
    Rule("grants:application_reject", GRANTS_MANAGERS, args=application(Status.ASSESSED)),
    Rule("grants:application_return", GRANTS_MANAGERS, args=application(Status.ASSESSED)),
    Rule("grants:application_agreement", GRANTS_ENTERERS, args=application(Status.APPROVED)),
    Rule("grants:application_payment", GRANTS_ENTERERS, args=application(Status.AGREEMENT_SIGNED)),
    Rule("grants:application_monitoring_schedule", GRANTS_ENTERERS, args=application(Status.PAID)),
    Rule(
        "grants:application_monitoring_receive",
        GRANTS_ENTERERS,
        args=lambda o: [o.application(Status.MONITORING_DUE).pk, o.monitoring_return().pk],
    ),
    Rule("grants:application_vary", GRANTS_MANAGERS, args=application(Status.APPROVED)),
    # Staff withdraw an application without an award (a grants manager withdraws an award).
    Rule("grants:application_withdraw", GRANTS_ENTERERS, args=application(Status.DRAFT)),
    Rule("grants:application_close", GRANTS_ENTERERS, args=application(Status.MONITORING_DUE)),
    # Grants: funds and allocations
    Rule("grants:fund_years", GRANTS_VIEWERS),
    Rule("grants:fund_year", GRANTS_VIEWERS, args=lambda o: [o.fund_year.pk]),
    Rule("grants:fund_year_add", GRANTS_MANAGERS),
    Rule("grants:fund_year_edit", GRANTS_MANAGERS, args=lambda o: [o.fund_year.pk]),
    Rule("grants:top_up_add", GRANTS_MANAGERS, args=lambda o: [o.fund_year.pk]),
    Rule("grants:line_add", GRANTS_MANAGERS, args=lambda o: [o.fund_year.pk]),
    Rule("grants:line_edit", GRANTS_MANAGERS, args=lambda o: [o.fund_year.pk, o.line.pk]),
    # Grants: organisations
    Rule("grants:organisations", GRANTS_VIEWERS),
    Rule("grants:organisation", GRANTS_VIEWERS, args=lambda o: [o.organisation.pk]),
    Rule("grants:organisation_add", GRANTS_ENTERERS),
    Rule("grants:organisation_edit", GRANTS_ENTERERS, args=lambda o: [o.organisation.pk]),
    # Grants: publications (without a date range or month the page shows its form again)
    Rule("grants:publications_home", PUBLISHERS),
    Rule("grants:publications_360giving", PUBLISHERS, args=lambda o: ["json"]),
    Rule("grants:publications_register", PUBLISHERS),
    # List export jobs (opcc/exports): the requester's own job, while they may export that list.
    Rule("exports:job", GRANTS_VIEWERS, args=lambda o: [o.export_job.pk]),
    Rule("exports:job_progress", GRANTS_VIEWERS, args=lambda o: [o.export_job.pk]),
    Rule("exports:job_download", GRANTS_VIEWERS, args=lambda o: [o.export_job.pk]),
    # Annual report statistics
    Rule("reports:home", REPORTS_USERS),
    Rule("reports:run", REPORTS_USERS, args=lambda o: [o.report_run.pk]),
    Rule("reports:run_progress", REPORTS_USERS, args=lambda o: [o.report_run.pk]),
    Rule("reports:download", REPORTS_USERS, args=lambda o: [o.report_run.pk, "xlsx"]),
    Rule("reports:preview", REPORTS_USERS, query=lambda o: f"financial_year={o.year.pk}"),
    # The admin backoffice (opcc/core/admin_site.py): Administrators only, every other role 403.
    # The site's own pages:
    Rule("admin:index", ADMINS),
    Rule("admin:app_list", ADMINS, args=lambda o: {"app_label": "grants"}),
    Rule("admin:password_change", ADMINS),
    Rule("admin:password_change_done", ADMINS),
    Rule("admin:jsi18n", ADMINS),
    Rule(
        "admin:autocomplete",
        ADMINS,
        query="app_label=grants&model_name=application&field_name=themes",
    ),
    Rule(
        "admin:view_on_site",
        ADMINS,
        get=Outcome(302, lambda o: o.application(Status.DRAFT).get_absolute_url()),
        args=view_on_site,
    ),
    Rule("admin:logout", ADMINS, post=Outcome(302, "login")),
    # The service has one sign-in page: the admin's sends anonymous visitors there, signed-in
    # Administrators on to the admin, and refuses everyone else.
    Rule("admin:login", ADMINS, get=Outcome(302, "admin:index")),
    # Every model's changelist, add, change, history, delete (and import/export) pages: one rule.
    # Administrators get 200 except where ADMIN_REFUSED says the model's admin refuses them.
    Rule("admin:", ADMINS),
    Rule("admin:grants_application_process_import", ADMINS, post=OK),
    Rule("admin:grants_organisation_process_import", ADMINS, post=OK),
    Rule("admin:complaints_dipsample_process_import", ADMINS, post=OK),
    Rule("admin:complaints_longinvestigation_process_import", ADMINS, post=OK),
    Rule("admin:complaints_panelmember_process_import", ADMINS, post=OK),
    Rule("admin:complaints_subjectcategory_process_import", ADMINS, post=OK),
    Rule("admin:complaints_learningtheme_process_import", ADMINS, post=OK),
]

# Admin pages an Administrator is refused (403), by model: what the ModelAdmin or the role's
# permissions deliberately withhold. Anything not listed must open (200).
BACKOFFICE_PAGES = frozenset({"changelist", "add", "change", "history", "delete"})
ADD_AND_DELETE = frozenset({"add", "delete"})
ADMIN_REFUSED: dict[str, frozenset[str]] = {
    # Sign-in attempts are recorded by django-axes, never added by hand.
    "axes.accessattempt": frozenset({"add"}),
    "axes.accesslog": frozenset({"add"}),
    "axes.accessfailurelog": frozenset({"add"}),
    # The audit trail is append-only: read and searched, never added or deleted by hand.
    "audit.accessevent": ADD_AND_DELETE,
    # Celery's schedules and group results are not given to the Administrator role (superusers
    # only); task results are for reading.
    "django_celery_beat.periodictask": BACKOFFICE_PAGES,
    "django_celery_beat.intervalschedule": BACKOFFICE_PAGES,
    "django_celery_beat.crontabschedule": BACKOFFICE_PAGES,
    "django_celery_beat.solarschedule": BACKOFFICE_PAGES,
    "django_celery_beat.clockedschedule": BACKOFFICE_PAGES,
    "django_celery_results.groupresult": BACKOFFICE_PAGES,
    "django_celery_results.taskresult": ADD_AND_DELETE,
    # Grants records are never deleted in the backoffice (grants/admin/base.py), and only funds
    # and organisations (with their imports) are added there: the rest through the grants screens.
    "grants.application": ADD_AND_DELETE,
    "grants.assessment": ADD_AND_DELETE,
    "grants.conflictdeclaration": ADD_AND_DELETE,
    "grants.decision": ADD_AND_DELETE,
    "grants.award": ADD_AND_DELETE,
    "grants.payment": ADD_AND_DELETE,
    "grants.monitoringreturn": ADD_AND_DELETE,
    "grants.variation": ADD_AND_DELETE,
    "grants.fundyear": ADD_AND_DELETE,
    "grants.topup": ADD_AND_DELETE,
    "grants.allocationline": ADD_AND_DELETE,
    "grants.fund": frozenset({"delete"}),
    "grants.theme": frozenset({"delete"}),
    "grants.organisation": frozenset({"delete"}),
    # The complaints registers: stages change on the register pages, rows come in by import.
    "complaints.dipsample": ADD_AND_DELETE,
    "complaints.dipsampleaction": ADD_AND_DELETE,
    "complaints.longinvestigation": ADD_AND_DELETE,
    # Panel members are added here or imported; hearings and appeals come in on the register pages.
    "complaints.panelmember": frozenset({"delete"}),
    "complaints.hearing": ADD_AND_DELETE,
    "complaints.appeal": ADD_AND_DELETE,
    # Complaint reviews: recorded and moved on through the case pages; the vocabularies are retired
    # (untick active), never deleted; the one service standards row exists from the migrations.
    "complaints.review": ADD_AND_DELETE,
    "complaints.subjectcategory": frozenset({"delete"}),
    "complaints.learningtheme": frozenset({"delete"}),
    "complaints.servicestandards": ADD_AND_DELETE,
    # Custody visits and issues: recorded and moved on through their pages (the count and pairing
    # rules, the issue statuses); the admin reads them and corrects notes and wording.
    "volunteers.custodyvisit": ADD_AND_DELETE,
    "volunteers.visitissue": ADD_AND_DELETE,
    # Custody scheme volunteers: added and moved on through the volunteer pages (statuses through the
    # transition table); courses are the Administrators' reference data, retired rather than deleted.
    "volunteers.volunteer": ADD_AND_DELETE,
    "volunteers.availability": ADD_AND_DELETE,
    "volunteers.course": frozenset({"delete"}),
    # The visit rota: slots are planned, changed and cancelled on the rota pages (eligibility and
    # double-booking checked there); the admin reads them.
    "volunteers.rotaslot": ADD_AND_DELETE,
    # AA call-outs: recorded and moved on through the call-out pages (the transition table, the
    # eligibility rule); the admin reads them.
    "volunteers.callout": ADD_AND_DELETE,
    # Events and consultations: recorded and moved on through their pages (the status table, the
    # area of the event's year, phase numbers); the admin only reads them.
    "engagement.event": ADD_AND_DELETE,
    "engagement.consultation": ADD_AND_DELETE,
    # Correspondence: categories are the Administrator's (retired, never deleted); cases and the
    # calls log move only through their pages (the clock, the status, the due date's trail).
    "engagement.category": frozenset({"delete"}),
    "engagement.case": ADD_AND_DELETE,
    "engagement.callday": ADD_AND_DELETE,
    # Awards: categories are the Administrator's reference data (retired, never deleted); editions
    # and nominations are recorded and judged on their pages. Youth Commissioner cohorts and
    # activities are read here; members (minors) are not the Administrator's to see at all.
    "engagement.awardcategory": frozenset({"delete"}),
    "engagement.awardedition": ADD_AND_DELETE,
    "engagement.nomination": ADD_AND_DELETE,
    "engagement.youthcohort": ADD_AND_DELETE,
    "engagement.youthactivity": ADD_AND_DELETE,
    "engagement.youthcommissioner": frozenset({*BACKOFFICE_PAGES, "simple_history"}),
    # Report runs are records of what the worker did (opcc/reports/admin.py).
    "reports.reportrun": ADD_AND_DELETE,
    "reports.reportfile": ADD_AND_DELETE,
    # Documents come and go through their services (read-only here); letter templates are made
    # from the modules' declarations and never deleted.
    "core.document": ADD_AND_DELETE,
    "core.lettertemplate": ADD_AND_DELETE,
    # Export jobs are records of what the worker wrote: read and deleted, never added or changed.
    "exports.exportjob": frozenset({"add"}),
    # Retention: rules come from the modules' declarations (edited, never added or deleted); holds,
    # batches and the append-only disposal log change only through the retention pages and services.
    "privacy.retentionrule": ADD_AND_DELETE,
    "privacy.legalhold": ADD_AND_DELETE,
    "privacy.disposalbatch": ADD_AND_DELETE,
    "privacy.disposalentry": ADD_AND_DELETE,
    # Logs of what the subject access pages and the digest task did: shown only.
    "privacy.disclosurebundle": ADD_AND_DELETE,
    "privacy.remindersent": ADD_AND_DELETE,
}


def administrator_refused(route_name: str) -> bool:
    found = admin_page(route_name)
    return found is not None and found[1] in ADMIN_REFUSED.get(found[0]._meta.label_lower, frozenset())


# --- finding the rule and what each column should get --------------------------------------------


def rule_for(route_name: str) -> Rule | None:
    exact = [rule for rule in RULES if rule.route == route_name]
    if exact:
        return exact[0]
    prefixes = [r for r in RULES if r.route.endswith(":") and route_name.startswith(r.route)]
    return max(prefixes, key=lambda r: len(r.route), default=None)


def expected_get(rule: Rule, route: Route, column: str) -> Outcome:
    if column in rule.but:
        return rule.but[column]
    if column in rule.may:
        if rule.route == "admin:" and column == roles.ADMINISTRATOR and administrator_refused(route.name):
            return FORBIDDEN
        return NOT_ALLOWED if rule.post else rule.get
    return TO_LOGIN if column == ANONYMOUS else FORBIDDEN


def expected_post(rule: Rule, column: str) -> Outcome:
    assert rule.post is not None
    if column in rule.may:
        return rule.post
    return TO_LOGIN if column == ANONYMOUS else FORBIDDEN


# --- the tests ------------------------------------------------------------------------------------


def test_every_route_has_a_rule():
    missing = [f"{r.name} ({r.pattern})" for r in named_routes() if rule_for(r.name) is None]
    assert not missing, (
        "These routes have no rule in RULES of tests/core/test_route_matrix.py; add one saying who "
        "may open each:\n  " + "\n  ".join(missing)
    )


def test_every_exact_rule_names_a_route():
    """A rule for a route that was renamed or removed protects nothing."""
    names = {r.name for r in named_routes()}
    stale = [rule.route for rule in RULES if not rule.route.endswith(":") and rule.route not in names]
    assert not stale, f"Rules for routes that do not exist (renamed?): {stale}"
    registered = {m._meta.label_lower for m in admin_models().values()}
    assert not set(ADMIN_REFUSED) - registered, "ADMIN_REFUSED names models not in the admin"
    assert not set(ADMIN_MAKERS) - registered, "tests/routes.py ADMIN_MAKERS names models not in the admin"


@pytest.fixture(scope="module")
def module_objects(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every route's objects, made once for all the roles (each role's test is rolled back), with
    the media folder their files are in."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), module_rows(django_db_blocker):
        objects = RouteObjects()
        for route in named_routes():
            rule = rule_for(route.name)
            if rule is not None:
                with contextlib.suppress(MissingObject):  # each role's test reports it
                    url_of(rule, route, objects)
        with django_db_blocker.block():
            yield objects, media


@pytest.mark.django_db
@pytest.mark.parametrize("column", COLUMNS)
def test_route_matrix(client, make_user, column, module_objects, settings):
    shared, settings.MEDIA_ROOT = module_objects
    user = None
    if column != ANONYMOUS:
        user = make_user(*([] if column == NO_ROLE else [column]), username=f"matrix-{column}")
        client.force_login(user)
    objects = shared.for_user(user)
    failures = []
    visited = 0
    for route in named_routes():
        rule = rule_for(route.name)
        if rule is None:
            continue  # test_every_route_has_a_rule names it
        try:
            url = url_of(rule, route, objects)
        except MissingObject as exc:
            failures.append(f"{route.name}: cannot fill the URL: {exc}")
            continue
        checks = [("GET", expected_get(rule, route, column))]
        if rule.post is not None:
            checks.append(("POST", expected_post(rule, column)))
        for method, outcome in checks:
            visited += 1
            try:
                response = request(client, method, url)
            except Exception as exc:  # the test client re-raises a view's exception (a 500)
                failures.append(f"{method} {route.name} {url}: raised {type(exc).__name__}: {exc}")
                continue
            problem = mismatch(client, response, outcome, url, objects)
            if problem:
                failures.append(f"{method} {route.name} {url}: {problem}")
            if method == "POST" and user is not None:
                client.force_login(user)  # the POST may have signed the user out (logout)
    assert visited > 100
    assert not failures, f"{column}: {len(failures)} of {visited} requests wrong:\n  " + "\n  ".join(failures)


@pytest.mark.django_db
def test_the_login_page_an_anonymous_visitor_is_sent_to_renders(client):
    response = client.get(reverse("grants:applications"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert response.status_code == 200
    assert LOGIN_PAGE_TEXT in response.content.decode()


@pytest.mark.django_db
def test_an_administrator_signing_in_from_the_admin_gets_there(client, make_user):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.request["PATH_INFO"] == reverse("login")
    client.force_login(make_user(roles.ADMINISTRATOR))
    after_sign_in = parse_qs(urlsplit(response.redirect_chain[-1][0]).query)["next"][0]
    response = client.get(after_sign_in, follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("admin:index")
