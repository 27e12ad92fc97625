import datetime as dt

import pytest

from engagement.models import CaseStatus
from engagement.services import case_assign, case_close, case_respond, clock_restart, clock_stop

pytestmark = pytest.mark.django_db


def test_letter_journey_through_the_services(eng_users, make_case):
    case = make_case("Freedom of information", received_on=dt.date(2025, 1, 6))
    assert case.reference.startswith("COR-2025-")
    assert case.due_on == dt.date(2025, 2, 3)
    case = case_assign(case=case, by=eng_users.staff, assignee=eng_users.other_staff)
    assert case.status == CaseStatus.ASSIGNED
    clock_stop(case=case, by=eng_users.staff, reason="clarification", started_on=dt.date(2025, 1, 8))
    case = clock_restart(case=case, by=eng_users.staff, ended_on=dt.date(2025, 1, 15))
    assert case.due_on == dt.date(2025, 2, 12)
    assert [c.reason[:30] for c in case.due_changes.all()][-1].startswith("Clock restarted")
    case = case_respond(case=case, by=eng_users.staff, responded_on=dt.date(2025, 2, 10), outcome="full")
    assert case.working_days_taken == 18
    case = case_close(case=case, by=eng_users.staff)
    assert case.status == CaseStatus.CLOSED
