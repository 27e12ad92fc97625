"""Event and consultation pages: who may do what, the lists' counts and query bounds, the export,
"Save and add another", status steps posted out of turn, and the consultation page's totals."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagement.exports import EVENT_HEADERS
from engagement.models import Consultation, ConsultationPhase, Event, EventStatus
from tests.engagement.event_support import current_area, make_consultation, make_event

pytestmark = pytest.mark.django_db

EVENTS = reverse("engagement:events")
CONSULTATIONS = reverse("engagement:consultations")


def today() -> dt.date:
    return timezone.localdate()


def d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def add_events(n: int, *, start: int = 0, **fields) -> None:
    area = current_area()
    Event.objects.bulk_create(
        Event(
            date=today() - dt.timedelta(days=start + i + 1),
            title=f"Event {start + i}",
            event_type="civic",
            area=area,
            status=EventStatus.ATTENDED,
            commissioner=i % 2 == 0,
            staff=True,
            audience_estimate=10 * i,
            **fields,
        )
        for i in range(n)
    )


def test_the_event_list_counts_the_commissioners_events_in_the_filtered_range(client, eng_users):
    add_events(4)  # days 1-4 ago; the Commissioner at days 1 and 3
    make_event(EventStatus.PLANNED, by=eng_users.staff, commissioner=True)  # planned: not attended
    client.force_login(eng_users.administrator)
    response = client.get(EVENTS)
    assert response.status_code == 200 and response.context["commissioner_count"] == 2
    assert "Record an event" not in response.content.decode()  # the Administrator reads only
    response = client.get(EVENTS, {"date_from": d(today() - dt.timedelta(days=2))})
    assert response.context["commissioner_count"] == 1
    assert len(response.context["table"].page.object_list) == 3  # two attended and the planned one
    response = client.get(EVENTS, {"commissioner": "no"})
    assert response.context["commissioner_count"] == 0
    response = client.get(EVENTS, {"date_from": "31/02/2025", "area": "\u0661", "status": "<script>"})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()


@pytest.mark.parametrize(("url", "make"), [(EVENTS, add_events), (CONSULTATIONS, None)])
def test_lists_take_the_same_queries_for_2_rows_as_for_30(client, eng_users, url, make):
    def grow(n: int, start: int) -> None:
        if make:
            make(n, start=start)
            return
        for i in range(n):
            c = Consultation.objects.create(
                title=f"Consultation {start + i}",
                purpose="plan",
                opens_on=dt.date(2021, 1, 1),
                closes_on=dt.date(2021, 2, 1),
            )
            ConsultationPhase.objects.bulk_create(
                ConsultationPhase(
                    consultation=c,
                    number=n_,
                    phase_type="survey",
                    title="P",
                    starts_on=c.opens_on,
                    ends_on=c.closes_on,
                    measure="responses" if n_ < 3 else "attendees",
                    count=n_,
                )
                for n_ in (1, 2, 3)
            )

    client.force_login(eng_users.staff)
    grow(2, 0)
    client.get(url)  # warm the session and content types
    with CaptureQueriesContext(connection) as few:
        small = client.get(url)
    grow(28, 2)
    with CaptureQueriesContext(connection) as many:
        large = client.get(url)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(large.context["table"].page.object_list) == 25  # a page, whatever the rows
    assert len(large.content) - len(small.content) < 23 * 2_000
    if not make:
        first = large.context["table"].page.object_list[0].record
        assert (first.total_responses, first.total_attendees) == (3, 3)


def rows_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_the_export_keeps_the_filters(client, eng_users):
    consultation = make_consultation(by=eng_users.staff, phases=0)
    make_event(by=eng_users.staff, title="=HYPERLINK(1)", consultation=consultation, deputy=True)
    add_events(3, start=10)
    client.force_login(eng_users.administrator)
    rows = rows_of(
        client.get(reverse("engagement:events_csv"), {"date_from": d(today() - dt.timedelta(days=8))})
    )
    assert rows[0] == EVENT_HEADERS
    titles = [row[1] for row in rows[1:]]
    assert titles == ["'=HYPERLINK(1)"]  # not the roadshow months ago; the formula neutralised
    mine = next(row for row in rows[1:] if row[1] == "'=HYPERLINK(1)")
    assert mine[2:10] == ["Residents' group", "Birmingham", "Attended", "Yes", "Yes", "No", "No", "40"]
    assert mine[10] == consultation.title
    assert client.get(reverse("engagement:events_xlsx")).status_code == 200
    client.force_login(eng_users.coordinator)
    assert client.get(reverse("engagement:events_csv")).status_code == 403


def test_save_and_add_another_keeps_the_day_type_and_who_attended(client, eng_users):
    client.force_login(eng_users.staff)
    day = today() - dt.timedelta(days=3)
    data = {
        "status": "attended",
        "date": d(day),
        "title": "Ward forum, Aston",
        "event_type": "ward_forum",
        "area": current_area().pk,
        "attended_by": ["commissioner", "staff"],
        "audience_estimate": "1,000",
        "next": "another",
    }
    response = client.post(reverse("engagement:event_add"), data)
    assert "govuk-error-summary" in response.content.decode()  # "1,000" is not a whole number as typed
    data["audience_estimate"] = "1000"
    response = client.post(reverse("engagement:event_add"), data)
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("engagement:event_add") + "?"
    )
    event = Event.objects.get()
    assert (event.commissioner, event.staff, event.deputy, event.audience_estimate) == (
        True,
        True,
        False,
        1000,
    )
    form = client.get(response["Location"]).context["form"]
    assert form.initial == {
        "date": day,
        "event_type": "ward_forum",
        "status": "attended",
        "attended_by": ["commissioner", "staff"],
    }
    tampered = client.get(
        reverse("engagement:event_add"), {"date": "31/02/2025", "event_type": "x", "attended_by": "me"}
    )
    assert tampered.context["form"].initial == {}
    del data["next"]
    data["attended_by"] = []
    response = client.post(reverse("engagement:event_add"), data)
    assert response.context["form"].errors["attended_by"] == [
        "Say who attended for the office: tick at least one of the four boxes."
    ]
    assert Event.objects.count() == 1


def test_the_event_page_offers_only_the_allowed_steps_and_refuses_others(client, eng_users):
    planned = make_event(EventStatus.PLANNED, by=eng_users.staff)
    attended = make_event(by=eng_users.staff)
    client.force_login(eng_users.staff)
    page = client.get(planned.get_absolute_url()).content.decode()
    assert 'data-event-step="attend"' in page and 'data-event-step="cancel"' in page
    page = client.get(attended.get_absolute_url()).content.decode()
    assert 'data-event-step="attend"' not in page and 'data-event-step="cancel"' not in page
    step = reverse("engagement:event_step", args=[attended.pk, "cancel"])
    response = client.post(step, follow=True)
    assert "is not possible while the status is attended" in response.content.decode()
    assert Event.objects.get(pk=attended.pk).status == EventStatus.ATTENDED
    assert client.get(reverse("engagement:event_step", args=[planned.pk, "respond"])).status_code == 404
    response = client.post(reverse("engagement:event_step", args=[planned.pk, "attend"]))
    assert "from that day" in response.content.decode()  # planned a fortnight ahead
    assert client.post(reverse("engagement:event_step", args=[planned.pk, "cancel"])).status_code == 302
    assert Event.objects.get(pk=planned.pk).status == EventStatus.CANCELLED
    client.force_login(eng_users.administrator)
    assert client.get(attended.get_absolute_url()).status_code == 200
    again = make_event(EventStatus.PLANNED, by=eng_users.staff)
    for url in (
        reverse("engagement:event_step", args=[again.pk, "cancel"]),
        reverse("engagement:event_edit", args=[again.pk]),
    ):
        assert client.post(url, {"title": "Changed"}).status_code == 403
    again.refresh_from_db()
    assert again.status == EventStatus.PLANNED and again.title == "Handsworth residents' meeting"


def test_the_consultation_page_shows_phases_totals_results_events_and_the_report(client, eng_users):
    consultation = make_consultation(by=eng_users.staff, phases=3)
    client.force_login(eng_users.administrator)
    response = client.get(consultation.get_absolute_url())
    page = response.content.decode()
    assert response.context["totals"] == {"responses": 300, "attendees": 300}
    assert "Total responses" in page and "In favour of the plan&#x27;s priorities" in page and "66%" in page
    assert "Consultation roadshow" in page and consultation.report_url in page
    assert reverse("engagement:phase_add", args=[consultation.pk]) not in page  # read only
    client.force_login(eng_users.staff)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert reverse("engagement:phase_add", args=[consultation.pk]) in page


def test_phases_and_results_through_the_pages(client, eng_users):
    consultation = make_consultation(by=eng_users.staff, phases=1)
    client.force_login(eng_users.staff)
    add = reverse("engagement:phase_add", args=[consultation.pk])
    assert client.get(add).context["form"].initial["number"] == 2
    data = {
        "number": "1",
        "phase_type": "focus_group",
        "title": "Focus groups",
        "starts_on": d(consultation.opens_on),
        "ends_on": d(consultation.closes_on),
        "measure": "attendees",
        "count": "45",
    }
    response = client.post(add, data)
    assert response.context["form"].errors["number"] == ["Phase 1 already exists: choose another number."]
    assert client.post(add, data | {"number": "2"}).status_code == 302
    second = consultation.phases.get(number=2)
    edit = reverse("engagement:phase_edit", args=[consultation.pk, second.pk])
    assert client.post(edit, data | {"number": "2", "count": "50"}).status_code == 302
    assert client.get(consultation.get_absolute_url()).context["totals"] == {
        "responses": 100,
        "attendees": 50,
    }
    other = make_consultation(by=eng_users.staff, title="Another", phases=1)
    wrong = reverse("engagement:phase_delete", args=[other.pk, second.pk])
    assert client.post(wrong).status_code == 404  # a phase of another consultation
    delete = reverse("engagement:phase_delete", args=[consultation.pk, second.pk])
    assert "Delete phase 2" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302 and not consultation.phases.filter(number=2).exists()
    result = reverse("engagement:result_add", args=[consultation.pk])
    response = client.post(result, {"metric": "Support", "value": "101", "unit": "percent"})
    assert response.context["form"].errors["value"] == ["A percentage must be from 0 to 100"]
    assert client.post(result, {"metric": "Support", "value": "66.5%", "unit": "percent"}).status_code == 302
    row = consultation.results.get(metric="Support")
    assert str(row.value) == "66.50"
    gone = reverse("engagement:result_delete", args=[consultation.pk, row.pk])
    assert client.post(gone).status_code == 302 and not consultation.results.filter(metric="Support").exists()
