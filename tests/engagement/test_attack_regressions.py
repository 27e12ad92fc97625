"""Defects found by walking the module as a hostile or careless user, each pinned by a test.

- The audit trail (the Administrator's) named the Youth Commissioner whose page office staff opened.
- `?per_page=` (read by django-tables2 from the address) of -1 or a huge number failed every list
  with a 500, and `?per_page=1000000` sent every row on one page.
- "Received to" 31/12/9999 failed the case list (no day after it).
- A phase or headline result deleted twice at once (a double click, two people) failed the second
  request with a 500 (the row was gone when its lock was taken); so did editing a phase being deleted.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from engagement.services.consultations import phase_delete, phase_update, result_delete
from opcc.audit.models import AccessEvent
from opcc.core.lists import MAX_PER_PAGE

from .award_support import area, build_cohort, build_member
from .event_support import make_consultation

pytestmark = pytest.mark.django_db


def test_the_audit_trail_does_not_name_youth_commissioners(client, eng_users):
    member = build_member(build_cohort(), "Aisha Khan", area=area(0))
    client.force_login(eng_users.staff)
    assert client.get(reverse("engagement:member", args=[member.pk])).status_code == 200
    event = AccessEvent.objects.get(object_type="engagement.youthcommissioner")
    assert event.object_id == str(member.pk) and "Aisha" not in event.object_repr
    client.force_login(eng_users.administrator)
    for url in (reverse("audit:list"), reverse("audit:export_csv")):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200 and b"Aisha" not in body, url
        assert f"Youth Commissioner {member.pk}".encode() in body, url


def test_lists_bound_per_page_and_far_dates(client, eng_users, make_case):
    for _ in range(3):
        make_case()
    client.force_login(eng_users.staff)
    lists = ["cases", "events", "consultations", "editions", "nominations"]
    for name in lists:
        url = reverse(f"engagement:{name}")
        for value in ("-1", "0", "99999999999999999999", "1000000", "abc"):
            response = client.get(url, {"per_page": value})
            assert response.status_code == 200, (name, value)
            table = response.context.get("table")
            if table is not None:
                assert 1 <= table.paginator.per_page <= MAX_PER_PAGE
    cases = reverse("engagement:cases")
    response = client.get(cases, {"per_page": "1"})
    assert response.context["table"].paginator.per_page == 1 and len(response.context["table"].page) == 1
    for day in ("31/12/9999", "30/12/9999", "01/01/0001"):
        for field in ("received_to", "received_from", "due_by"):
            assert client.get(cases, {field: day}).status_code == 200, (field, day)
    assert len(client.get(cases, {"received_to": "31/12/9999"}).context["table"].page) == 3


def test_a_phase_or_result_already_deleted_is_a_message_not_a_500(eng_users):
    consultation = make_consultation(by=eng_users.staff, phases=2)
    phase, result = consultation.phases.get(number=2), consultation.results.get()
    phase_delete(phase=phase, by=eng_users.staff)  # the first request of a double click
    with pytest.raises(ValidationError, match="already been deleted"):
        phase_delete(phase=phase, by=eng_users.other_staff)  # the second held its stale copy
    with pytest.raises(ValidationError, match="already been deleted"):
        phase_update(phase=phase, by=eng_users.other_staff, count=5)
    result_delete(result=result, by=eng_users.staff)
    with pytest.raises(ValidationError, match="already been deleted"):
        result_delete(result=result, by=eng_users.other_staff)
    assert list(consultation.phases.values_list("number", flat=True)) == [1]
