"""The call-out admin: read by an Administrator (every field read-only), nothing added or deleted, each view of a call-out (a custody number) in the audit trail."""

from __future__ import annotations

import pytest
from django.urls import reverse

from opcc.audit.models import AccessEvent, Action
from opcc.core import roles
from volunteers.models import CallOutStatus

from .callout_support import callout_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(roles.ADMINISTRATOR))
    return client


def test_callout_admin_reads_audited_and_status_read_only(admin_client, vol_users, suite, make_volunteer):
    callout = callout_in(
        CallOutStatus.COMPLETED, by=vol_users.coordinator, suite=suite, volunteer=make_volunteer("aa")
    )
    listing = admin_client.get(
        reverse("admin:volunteers_callout_changelist"), {"q": callout.custody_number[:4]}
    )
    assert listing.status_code == 200 and callout.reference in listing.content.decode()
    page = admin_client.get(reverse("admin:volunteers_callout_change", args=[callout.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert callout.reference in text
    # The Administrator role reads call-outs (view permission): no field is a form input.
    for locked in ("status", "volunteer", "custody_number", "arrived_at", "outcome", "notes"):
        assert f'name="{locked}"' not in text, locked
    assert AccessEvent.objects.filter(action=Action.RECORD_VIEWED, object_id=str(callout.pk)).exists()
    assert admin_client.get(reverse("admin:volunteers_callout_history", args=[callout.pk])).status_code == 200
    assert admin_client.get(reverse("admin:volunteers_callout_add")).status_code == 403
    delete = reverse("admin:volunteers_callout_delete", args=[callout.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
