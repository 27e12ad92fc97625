"""Logging a case, editing its details, assigning it, and linking it to what it became.

The due date is computed here from the category's rule (`engagement.clock`) and every change is
kept as a `DueDateChange` with its reason; the clock actions live in `clock_actions`.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from engagement import clock
from engagement.models import Case, CaseStatus, Category, DueDateChange, Representative, Team
from engagement.workflow import CASE_TRANSITIONS, Action, check_transition
from opcc.core.services import next_reference, save

from .common import RECORD, closures, require_recorder, text

DETAIL_FIELDS = (
    "channel",
    "correspondent_name",
    "correspondent_organisation",
    "correspondent_email",
    "correspondent_phone",
    "correspondent_address",
    "representative",
    "on_behalf_of",
    "subject",
    "summary",
    "area",
)


def stops_of(case: Case) -> list[clock.Stop]:
    return [clock.Stop(s.reason, s.started_on, s.ended_on) for s in case.stops.all()]


def computed_due(case: Case, *, closed: frozenset[dt.date] | None = None) -> dt.date:
    """The due date the case's rule and stops give now (the review's, once reopened)."""
    closed = closures() if closed is None else closed
    if case.status == CaseStatus.REOPENED and case.review_due_on:
        return case.review_due_on
    category = case.category
    return clock.due_date(
        rule=category.rule,
        days=category.days,
        received_on=case.received_on,
        stops=stops_of(case) if case.pk else [],
        extended=case.extended_on is not None,
        closures=closed,
    )


def set_due(case: Case, *, due: dt.date, by, reason: str) -> None:
    """Move the due date, keeping the change and its reason (nothing is kept when it does not move)."""
    if case.due_on == due:
        return
    DueDateChange.objects.create(
        case=case,
        previous_due_on=case.due_on,
        due_on=due,
        reason=reason,
        changed_by=by,
        changed_at=timezone.now(),
    )
    case.due_on = due


def lock(case: Case) -> Case:
    return Case.objects.select_related("category").select_for_update(of=("self",)).get(pk=case.pk)


def _check_details(fields: dict) -> dict:
    cleaned = dict(fields)
    for name, what, limit in (
        ("correspondent_name", "the correspondent's name", 150),
        ("correspondent_organisation", "the organisation", 150),
        ("on_behalf_of", "who they write for", 150),
        ("correspondent_phone", "the phone number", 30),
        ("correspondent_address", "the address", 1_000),
        ("summary", "the summary", 10_000),
    ):
        if name in cleaned:
            cleaned[name] = text(cleaned[name], field=name, what=what, limit=limit)
    if "subject" in cleaned:
        cleaned["subject"] = text(
            cleaned["subject"], field="subject", what="a subject", required=True, limit=200
        )
    if "correspondent_email" in cleaned:
        cleaned["correspondent_email"] = (cleaned["correspondent_email"] or "").strip()
    if "representative" in cleaned and cleaned["representative"] not in Representative.values:
        raise ValidationError({"representative": "Choose whether an MP or councillor wrote."})
    return cleaned


def _check_correspondent(case: Case) -> None:
    if not (case.correspondent_name or case.correspondent_organisation):
        raise ValidationError(
            {
                "correspondent_name": "Enter the correspondent's name or organisation (“Anonymous” if not given)."
            }
        )


def _check_assignee(assignee) -> None:
    if assignee is None:
        return
    if not assignee.is_active or not assignee.has_perm(RECORD):
        raise ValidationError(
            {"assigned_to": f"{assignee.get_full_name() or assignee} cannot handle correspondence."}
        )


@transaction.atomic
def case_create(
    *,
    by,
    received_at: dt.datetime,
    channel: str,
    category: Category,
    subject: str,
    team: str = Team.BUSINESS_SUPPORT,
    assigned_to=None,
    **details,
) -> Case:
    """Log a piece of correspondence; the clock starts from its London date of receipt."""
    require_recorder(by, action="log correspondence")
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown case fields: {', '.join(sorted(unknown))}")
    if timezone.is_naive(received_at):
        received_at = timezone.make_aware(received_at)
    if received_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"received_at": "The date and time received cannot be in the future."})
    if not category.active:
        raise ValidationError({"category": f"“{category}” is no longer used: choose another category."})
    _check_assignee(assigned_to)
    fields = _check_details({"channel": channel, "subject": subject, **details})
    case = Case(
        received_at=received_at,
        received_on=timezone.localdate(received_at),
        category=category,
        team=team,
        assigned_to=assigned_to,
        status=CaseStatus.ASSIGNED if assigned_to else CaseStatus.RECEIVED,
        **fields,
    )
    _check_correspondent(case)
    case.due_on = computed_due(case)
    case.full_clean(exclude=["reference"])
    case.reference = next_reference(prefix="COR", year=case.received_on.year)
    save(case, by=by, reason="Received")
    DueDateChange.objects.create(
        case=case,
        previous_due_on=None,
        due_on=case.due_on,
        reason=f"Received: {category.rule_text}",
        changed_by=by,
        changed_at=timezone.now(),  # read now, not at import: the demo's clock says when it happened
    )
    return case


@transaction.atomic
def case_update(*, case: Case, by, category: Category | None = None, **details) -> Case:
    """Correct the details; a new category moves the due date to the new rule's, with the reason."""
    require_recorder(by, action="edit correspondence")
    case = lock(case)
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown case fields: {', '.join(sorted(unknown))}")
    for name, value in _check_details(details).items():
        setattr(case, name, value)
    _check_correspondent(case)
    if category is not None and category.pk != case.category_id:
        if not case.is_open or case.status == CaseStatus.REOPENED:
            raise ValidationError(
                {"category": "The category cannot change once the case has been responded to."}
            )
        if not category.active:
            raise ValidationError({"category": f"“{category}” is no longer used: choose another category."})
        if case.extended_on and category.rule != case.category.rule:
            raise ValidationError({"category": "An extended subject access request keeps its category."})
        case.category = category
        set_due(
            case,
            due=computed_due(case),
            by=by,
            reason=f"Category changed to {category}: {category.rule_text}",
        )
    return save(case, by=by, reason="Details edited")


@transaction.atomic
def case_assign(*, case: Case, by, assignee, team: str | None = None) -> Case:
    require_recorder(by, action="assign correspondence")
    case = lock(case)
    target = check_transition(CASE_TRANSITIONS, Action.ASSIGN, case.status, CaseStatus)
    if assignee is None:
        raise ValidationError({"assigned_to": "Choose who will handle it."})
    _check_assignee(assignee)
    if team is not None:
        if team not in Team.values:
            raise ValidationError({"team": "Choose a team."})
        case.team = team
    case.assigned_to = assignee
    case.status = target
    return save(case, by=by, reason=f"Assigned to {assignee.get_full_name() or assignee.get_username()}")


@transaction.atomic
def case_start(*, case: Case, by) -> Case:
    require_recorder(by, action="work on correspondence")
    case = lock(case)
    case.status = check_transition(CASE_TRANSITIONS, Action.START, case.status, CaseStatus)
    return save(case, by=by, reason="Work started")


def assignable_users():
    """People who may handle correspondence (the assignee select: one office's staff, not all users)."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(groups__permissions__codename="record_engagement")
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


@transaction.atomic
def case_link(*, case: Case, by, complaint_reference: str = "", application_reference: str = "") -> Case:
    """Point the case at the complaint review or grant application it became (by reference)."""
    require_recorder(by, action="link correspondence")
    case = lock(case)
    complaint_reference = complaint_reference.strip().upper()
    application_reference = application_reference.strip().upper()
    if complaint_reference:
        if not by.has_perm("core.access_complaints"):
            raise PermissionDenied("You do not have access to complaint reviews.")
        review = apps.get_model("complaints", "Review").objects.filter(reference=complaint_reference).first()
        if review is None:
            raise ValidationError(
                {"complaint_reference": f"No complaint review has the reference {complaint_reference}."}
            )
        case.complaint_review = review
    else:
        case.complaint_review = None
    if application_reference:
        if not by.has_perm("core.access_grants"):
            raise PermissionDenied("You do not have access to grants.")
        application = (
            apps.get_model("grants", "Application").objects.filter(reference=application_reference).first()
        )
        if application is None:
            raise ValidationError(
                {"application_reference": f"No grant application has the reference {application_reference}."}
            )
        case.grant_application = application
    else:
        case.grant_application = None
    return save(case, by=by, reason="Links changed")
