"""The trail itself: what a record holds, the named reads, append-only at every level, retention."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.utils import timezone

from opcc.audit.models import AccessEvent, Action, AppendOnlyError
from opcc.audit.services import audit_purge, audit_record
from opcc.audit.tasks import audit_purge_task
from opcc.core import roles
from tests.grants.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def make_request(user=None, path="/grants/organisations/1/", ip="203.0.113.9"):
    request = RequestFactory().get(path, HTTP_USER_AGENT="Browser/1.0 " + "x" * 400, REMOTE_ADDR=ip)
    if user is not None:
        request.user = user
    return request


def test_a_record_keeps_who_where_what_and_the_detail(make_user):
    user = make_user(roles.OFFICE_STAFF, username="alice")
    organisation = OrganisationFactory(name="Friends of the Park")
    event = audit_record(
        action=Action.RECORD_VIEWED,
        request=make_request(user),
        target=organisation,
        detail={"page": "organisation", "when": timezone.localdate(), "ids": {3, 1}, "obj": object()},
    )
    event.refresh_from_db()
    assert (event.user_id, event.username, event.action) == (user.pk, "alice", "record_viewed")
    assert event.ip_address == "203.0.113.9"
    assert event.path == "/grants/organisations/1/"
    assert len(event.user_agent) == 300
    assert (event.object_type, event.object_id, event.object_repr) == (
        "grants.organisation",
        str(organisation.pk),
        "Friends of the Park",
    )
    # A detail that is not JSON does not fail the caller: dates and sets become JSON, the rest text.
    assert event.detail["page"] == "organisation"
    assert event.detail["ids"] == [1, 3]
    assert event.detail["when"] == timezone.localdate().isoformat()
    assert event.detail["obj"].startswith("<object object")


def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError, match="Unknown audit action"):
        audit_record(action="made_up")


def test_a_database_error_is_not_swallowed(monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(AccessEvent, "save", broken)
    with pytest.raises(DatabaseError):
        audit_record(action=Action.SIGN_OUT)


def test_deleting_a_user_leaves_the_log_alone(make_user):
    user = make_user(username="leaver")
    event = audit_record(action=Action.SIGN_OUT, user=user)
    user.delete()
    event = AccessEvent.objects.get(pk=event.pk)
    assert event.username == "leaver" and event.user_id is not None


# --- named reads ------------------------------------------------------------------------------


def test_named_reads(make_user):
    alice, bob = make_user(username="alice"), make_user(username="bob")
    organisation = OrganisationFactory()
    first = audit_record(action=Action.RECORD_VIEWED, user=alice, target=organisation)
    audit_record(action=Action.RECORD_VIEWED, user=bob, target=OrganisationFactory())
    assert set(AccessEvent.objects.for_user(alice).values_list("action", flat=True)) >= {"record_viewed"}
    assert list(AccessEvent.objects.for_object(organisation)) == [first]
    assert list(AccessEvent.objects.for_object("grants.Organisation", organisation.pk)) == [first]
    now = timezone.now()
    assert AccessEvent.objects.between(now - timedelta(minutes=1), now + timedelta(seconds=1)).count() >= 2
    assert not AccessEvent.objects.between(now + timedelta(minutes=1), None).exists()


def test_sign_in_failures_from_counts_one_address_since_a_time():
    since = timezone.now() - timedelta(minutes=15)
    for action in (Action.SIGN_IN_FAILED, Action.MFA_FAILED, Action.SIGN_IN):
        audit_record(action=action, request=make_request(ip="198.51.100.7"), username="x")
    audit_record(action=Action.SIGN_IN_FAILED, request=make_request(ip="198.51.100.8"), username="x")
    old = AccessEvent(
        action=Action.SIGN_IN_FAILED, ip_address="198.51.100.7", occurred_at=since - timedelta(minutes=1)
    )
    old.save()
    assert AccessEvent.objects.sign_in_failures_from("198.51.100.7", since) == 2


def test_the_failure_count_uses_an_index():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = AccessEvent.objects.filter(
            action__in=[Action.SIGN_IN_FAILED, Action.MFA_FAILED],
            ip_address="198.51.100.7",
            occurred_at__gte=timezone.now(),
        ).query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # Which index the planner picks depends on the table's statistics at that moment (autovacuum
    # may re-analyse it mid-suite); what matters is that the count never reads the whole table.
    assert "Seq Scan" not in plan
    assert "Index" in plan


# --- append-only --------------------------------------------------------------------------------


@pytest.fixture
def event():
    return audit_record(action=Action.SIGN_IN, username="alice")


def test_an_event_cannot_be_saved_again(event):
    event.username = "mallory"
    with pytest.raises(AppendOnlyError):
        event.save()
    assert AccessEvent.objects.get(pk=event.pk).username == "alice"


def test_an_event_cannot_be_deleted(event):
    with pytest.raises(AppendOnlyError):
        event.delete()


@pytest.mark.parametrize(
    "attempt",
    [
        lambda qs: qs.update(username="mallory"),
        lambda qs: qs.delete(),
        lambda qs: AccessEvent.objects.bulk_update(list(qs), ["username"]),
        lambda qs: AccessEvent.objects.update_or_create(pk=qs.get().pk, defaults={"username": "mallory"}),
    ],
    ids=["update", "delete", "bulk_update", "update_or_create"],
)
def test_the_queryset_refuses_to_change_or_delete(event, attempt):
    with pytest.raises(AppendOnlyError):
        attempt(AccessEvent.objects.filter(pk=event.pk))
    assert AccessEvent.objects.get(pk=event.pk).username == "alice"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_accessevent SET username = 'mallory' WHERE id = %s",
        "DELETE FROM audit_accessevent WHERE id = %s",
    ],
    ids=["update", "delete"],
)
def test_postgresql_rejects_raw_update_and_delete(event, sql):
    assert connection.vendor == "postgresql"
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    assert AccessEvent.objects.get(pk=event.pk).username == "alice"


def test_the_purge_switch_is_off_again_after_a_purge(event):
    audit_purge(older_than_days=30)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accessevent WHERE id = %s", [event.pk])


# --- retention -------------------------------------------------------------------------------


def aged(days: int, **kwargs) -> AccessEvent:
    event = AccessEvent(action=Action.SIGN_IN, occurred_at=timezone.now() - timedelta(days=days), **kwargs)
    event.save()
    return event


def test_the_purge_deletes_only_what_is_older_than_the_retention(settings):
    settings.AUDIT_RETENTION_DAYS = 100
    old, older = aged(101, username="old"), aged(500, username="older")
    recent, edge = aged(5, username="recent"), aged(99, username="edge")

    assert audit_purge() == 2

    remaining = set(AccessEvent.objects.values_list("username", flat=True))
    assert {"recent", "edge"} <= remaining and not {"old", "older"} & remaining
    purged = AccessEvent.objects.get(action=Action.AUDIT_PURGED)
    assert purged.detail["deleted"] == 2 and purged.detail["older_than_days"] == 100
    assert recent.pk and edge.pk and old.pk and older.pk


def test_the_default_retention_is_six_years(settings):
    from django.conf import settings as live

    assert live.AUDIT_RETENTION_DAYS == 6 * 365 + 2
    aged(6 * 365, username="five-and-a-bit")
    aged(6 * 365 + 3, username="past")
    assert audit_purge() == 1
    assert AccessEvent.objects.filter(username="five-and-a-bit").exists()


def test_the_task_calls_the_purge(settings):
    settings.AUDIT_RETENTION_DAYS = 10
    aged(11)
    assert audit_purge_task.delay().get() == 1


def test_a_retention_under_a_day_is_refused():
    with pytest.raises(ValueError):
        audit_purge(older_than_days=0)


def test_the_purge_is_scheduled_daily():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="opcc.audit.tasks.audit_purge_task")
    assert task.enabled and task.crontab is not None
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week) == ("30", "2", "*")


def test_administrators_hold_the_view_permission():
    group = Group.objects.get(name=roles.ADMINISTRATOR)
    assert group.permissions.filter(codename="view_accessevent").exists()
