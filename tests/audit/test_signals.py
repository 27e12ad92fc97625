"""Sign-in, sign-out, failed sign-in, role changes (both directions) and (de)activation are recorded."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from simple_history.models import HistoricalRecords

from opcc.audit.models import AccessEvent, Action
from opcc.core import roles
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def events(action):
    return list(AccessEvent.objects.filter(action=action).order_by("id"))


def test_sign_in_and_out_are_recorded(make_user):
    user = make_user(roles.OFFICE_STAFF, username="alice")
    client = Client(REMOTE_ADDR="192.0.2.10")
    response = client.post(reverse("login"), {"username": "alice", "password": TEST_PASSWORD})
    assert response.status_code == 302
    (signed_in,) = events(Action.SIGN_IN)
    assert (signed_in.user_id, signed_in.username, signed_in.ip_address) == (user.pk, "alice", "192.0.2.10")
    client.post(reverse("logout"))
    (signed_out,) = events(Action.SIGN_OUT)
    assert signed_out.user_id == user.pk


def test_a_failed_sign_in_keeps_the_username_typed_never_the_password(make_user):
    make_user(roles.OFFICE_STAFF, username="alice")
    client = Client(REMOTE_ADDR="192.0.2.11")
    client.post(reverse("login"), {"username": "alicee", "password": "Sup3r-secret-guess"})
    (failed,) = events(Action.SIGN_IN_FAILED)
    assert failed.username == "alicee" and failed.user_id is None and failed.ip_address == "192.0.2.11"
    stored = str(failed.detail) + failed.username + failed.path + failed.user_agent
    assert "Sup3r-secret-guess" not in stored and "*****" not in stored


def test_roles_added_and_removed_on_the_user_are_recorded(make_user):
    user = make_user(roles.OFFICE_STAFF, username="bob")
    manager = Group.objects.get(name=roles.GRANTS_MANAGER)
    user.groups.add(manager)
    user.groups.remove(Group.objects.get(name=roles.OFFICE_STAFF))
    user.groups.clear()
    changes = [
        e.detail
        for e in AccessEvent.objects.for_object(user).filter(action=Action.ROLE_CHANGED).order_by("id")
    ]
    assert changes[-3:] == [
        {
            "before": [roles.OFFICE_STAFF],
            "after": [roles.GRANTS_MANAGER, roles.OFFICE_STAFF],
            "added": [roles.GRANTS_MANAGER],
            "removed": [],
            "via": "user",
        },
        {
            "before": [roles.GRANTS_MANAGER, roles.OFFICE_STAFF],
            "after": [roles.GRANTS_MANAGER],
            "added": [],
            "removed": [roles.OFFICE_STAFF],
            "via": "user",
        },
        {
            "before": [roles.GRANTS_MANAGER],
            "after": [],
            "added": [],
            "removed": [roles.GRANTS_MANAGER],
            "via": "user",
        },
    ]


def test_roles_changed_from_the_group_side_are_recorded_per_user(make_user):
    alice, bob = make_user(username="alice"), make_user(username="bob")
    reports = Group.objects.get(name=roles.REPORTS)
    reports.user_set.add(alice, bob)
    reports.user_set.clear()
    added = AccessEvent.objects.filter(
        action=Action.ROLE_CHANGED, detail__via="group", detail__added=[roles.REPORTS]
    )
    cleared = AccessEvent.objects.filter(
        action=Action.ROLE_CHANGED, detail__via="group", detail__removed=[roles.REPORTS]
    )
    assert sorted(added.values_list("object_repr", flat=True)) == ["alice", "bob"]
    assert sorted(cleared.values_list("object_repr", flat=True)) == ["alice", "bob"]
    assert all(e.detail["group"] == roles.REPORTS for e in added)


def test_nothing_is_recorded_when_roles_do_not_change(make_user):
    user = make_user(roles.REPORTS)
    before = AccessEvent.objects.filter(action=Action.ROLE_CHANGED).count()
    user.groups.add(Group.objects.get(name=roles.REPORTS))
    user.groups.set(list(user.groups.all()))
    assert AccessEvent.objects.filter(action=Action.ROLE_CHANGED).count() == before


def test_the_administrator_who_changed_roles_is_recorded(client_as, make_user):
    admin_client = client_as(roles.ADMINISTRATOR)
    target = make_user(roles.OFFICE_STAFF, username="carol")
    url = reverse("admin:auth_user_change", args=[target.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None and k not in ("groups", "user_permissions", "password")
    }
    data.update(
        groups=[Group.objects.get(name=roles.REPORTS).pk],
        last_login_0="",
        last_login_1="",
        date_joined_0="01/01/2025",
        date_joined_1="09:00:00",
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, (
        getattr(response, "context", {}) and response.context["adminform"].form.errors
    )
    change = AccessEvent.objects.for_object(target).filter(action=Action.ROLE_CHANGED).latest("id")
    assert change.user_id == admin_client.user.pk
    assert roles.REPORTS in change.detail["after"]


def test_deactivation_and_activation_are_recorded_with_who_and_why(make_user, rf):
    administrator = make_user(roles.ADMINISTRATOR, username="admin1")
    user = make_user(roles.OFFICE_STAFF, username="dave")
    request = rf.post("/admin/")
    request.user = administrator
    HistoricalRecords.context.request = request
    try:
        user.is_active = False
        user._audit_reason = "Left the office"
        user.save()
    finally:
        del HistoricalRecords.context.request
    (off,) = events(Action.ACCOUNT_DEACTIVATED)
    assert (off.user_id, off.object_id, off.detail) == (
        administrator.pk,
        str(user.pk),
        {"reason": "Left the office"},
    )
    user.is_active = True
    user._audit_reason = ""
    user.save(update_fields=["is_active"])
    (on,) = events(Action.ACCOUNT_ACTIVATED)
    assert on.object_id == str(user.pk) and on.user_id is None


def test_saves_that_do_not_touch_is_active_cost_no_lookup(make_user, django_assert_num_queries):
    user = make_user()
    with django_assert_num_queries(1):
        user.save(update_fields=["last_login"])
