"""Every step page of a review: who may take it, the step end to end, a wrong status, and refusals.

One spec per route: the status the review is walked to, who acts, what they post and what must
have changed. The same specs drive the role and wrong-status tests, so a new step gets them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from complaints import services
from complaints.models import (
    Answer,
    Conflict,
    Criterion,
    Finding,
    ForwardingPeriod,
    LearningTheme,
    Result,
    Review,
    Status,
)
from tests.complaints.conftest import ALL_NO

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
S = Status


def d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def no_answers() -> dict[str, str]:
    return {f"answer_{c}": "no" for c in Criterion.values}


def late(builder) -> Review:
    """An acknowledged application that arrived after the last day to apply."""
    review = builder.create(review_info_given_on=TODAY() - dt.timedelta(days=40))
    return services.review_acknowledge(review=review, by=builder.users.staff)


def with_yes(builder) -> Review:
    review = builder.walk(S.ACKNOWLEDGED)
    answers = {**ALL_NO, Criterion.CHIEF_OFFICER: (Answer.YES, "The chief constable")}
    services.body_check_record(review=review, by=builder.users.staff, answers=answers)
    return review


def checked(builder) -> Review:
    review = builder.walk(S.ACKNOWLEDGED)
    services.body_check_record(review=review, by=builder.users.staff, answers=ALL_NO)
    return review


def with_finding(builder) -> Review:
    review = builder.walk(S.UNDER_REVIEW)
    services.finding_record(
        review=review,
        by=builder.users.manager,
        allegation="Rude on the phone",
        outcome=Finding.Outcome.NOT_REASONABLE,
        reasons="The recording",
    )
    return review


def with_unsent(builder) -> Review:
    review = builder.walk(S.DECIDED)
    services.recommendation_add(review=review, by=builder.users.manager, text_="Apologise in writing")
    return review


def first_request(review) -> list:
    return [review.pk, review.information_requests.earliest("pk").pk]


def first_recommendation(review) -> list:
    return [review.pk, review.recommendations.earliest("pk").pk]


@dataclass
class Spec:
    name: str
    make: Callable  # builder -> review in a status the step allows
    actor: str  # "staff" or "manager" (a Reviews manager, the reviewer)
    data: Callable  # (review, users) -> POST data
    done: Callable  # review (fresh) -> bool
    manager_only: bool = False
    args: Callable = field(default=lambda review: [review.pk])


def walk(status):
    return lambda builder: builder.walk(status)


SPECS = [
    Spec(
        "review_acknowledge", walk(S.RECEIVED), "staff", lambda r, u: {}, lambda r: r.status == S.ACKNOWLEDGED
    ),
    Spec(
        "review_check_body",
        walk(S.ACKNOWLEDGED),
        "staff",
        lambda r, u: {**no_answers(), "note_serious": "No injury alleged"},
        lambda r: (
            set(r.body_checks.values_list("answer", flat=True)) == {"no"}
            and r.body_checks.get(criterion="serious").note == "No injury alleged"
        ),
    ),
    Spec(
        "review_record_forwarding",
        walk(S.ACKNOWLEDGED),
        "staff",
        lambda r, u: {
            "direction": "iopc_to_opcc",
            "received_on": d(TODAY() - dt.timedelta(days=9)),
            "forwarded_on": d(TODAY() - dt.timedelta(days=7)),
        },
        lambda r: ForwardingPeriod.objects.filter(review=r).count() == 1,
    ),
    Spec("review_forward_to_iopc", with_yes, "staff", lambda r, u: {}, lambda r: r.status == S.FORWARDED),
    Spec(
        "review_mark_invalid",
        walk(S.ACKNOWLEDGED),
        "manager",
        lambda r, u: {"reason": "other", "note": "Not about the police"},
        lambda r: r.status == S.INVALID and r.invalid_note == "Not about the police",
        manager_only=True,
    ),
    Spec(
        "review_mark_out_of_time",
        late,
        "manager",
        lambda r, u: {},
        lambda r: r.status == S.OUT_OF_TIME,
        manager_only=True,
    ),
    Spec(
        "review_extend",
        late,
        "manager",
        lambda r, u: {"reason": "In hospital"},
        lambda r: r.extension_reason == "In hospital",
        manager_only=True,
    ),
    Spec(
        "review_withdraw",
        walk(S.RECEIVED),
        "staff",
        lambda r, u: {"reason": "Phoned"},
        lambda r: r.status == S.WITHDRAWN,
    ),
    Spec(
        "review_start",
        checked,
        "staff",
        lambda r, u: {"reviewer": u.manager.pk},
        lambda r: r.status == S.UNDER_REVIEW,
    ),
    Spec(
        "review_reassign",
        walk(S.UNDER_REVIEW),
        "staff",
        lambda r, u: {"reviewer": u.other_manager.pk},
        lambda r: r.reviewer.last_name == "Reid",
    ),
    Spec(
        "review_declare_conflict",
        walk(S.UNDER_REVIEW),
        "manager",
        lambda r, u: {"note": "I know the complainant"},
        lambda r: Conflict.objects.filter(review=r).exists(),
    ),
    Spec(
        "review_request_information",
        walk(S.UNDER_REVIEW),
        "staff",
        lambda r, u: {"what": "The body camera footage"},
        lambda r: r.status == S.AWAITING_FORCE,
    ),
    Spec(
        "information_chase",
        walk(S.AWAITING_FORCE),
        "staff",
        lambda r, u: {},
        lambda r: r.information_requests.get().chased_on == TODAY(),
        args=first_request,
    ),
    Spec(
        "information_receive",
        walk(S.AWAITING_FORCE),
        "staff",
        lambda r, u: {"on": d(TODAY())},
        lambda r: r.status == S.UNDER_REVIEW,
        args=first_request,
    ),
    Spec(
        "review_record_finding",
        walk(S.UNDER_REVIEW),
        "manager",
        lambda r, u: {"allegation": "Rude", "outcome": "reasonable", "reasons": "Recording"},
        lambda r: r.findings.count() == 1,
        manager_only=True,
    ),
    Spec(
        "review_decide",
        with_finding,
        "manager",
        lambda r, u: {"result": "upheld", "reasons": "Not proportionate"},
        lambda r: r.status == S.DECIDED and r.result == Result.UPHELD,
        manager_only=True,
    ),
    Spec(
        "review_add_recommendation",
        walk(S.DECIDED),
        "manager",
        lambda r, u: {"text_": "Train the call handlers"},
        lambda r: r.recommendations.filter(text="Train the call handlers").exists(),
        manager_only=True,
    ),
    Spec(
        "review_send_recommendations",
        with_unsent,
        "staff",
        lambda r, u: {},
        lambda r: r.status == S.RECOMMENDATIONS_OUTSTANDING,
    ),
    Spec(
        "recommendation_response",
        walk(S.RECOMMENDATIONS_OUTSTANDING),
        "staff",
        lambda r, u: {"response": "partly", "action_taken": "Apology sent"},
        lambda r: r.recommendations.get().response == "partly",
        args=first_recommendation,
    ),
    Spec(
        "review_add_learning",
        walk(S.DECIDED),
        "manager",
        lambda r, u: {"theme": LearningTheme.objects.active().first().pk, "text_": "Call back sooner"},
        lambda r: r.learning_points.count() == 1,
        manager_only=True,
    ),
    Spec(
        "review_close",
        walk(S.DECIDED),
        "manager",
        lambda r, u: {},
        lambda r: r.status == S.CLOSED,
        manager_only=True,
    ),
]
BY_NAME = {spec.name: spec for spec in SPECS}
IDS = [spec.name for spec in SPECS]


def url(spec: Spec, review) -> str:
    return reverse(f"complaints:{spec.name}", args=spec.args(review))


def fresh(review) -> Review:
    return Review.objects.get(pk=review.pk)


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_every_step_route_has_a_spec():
    from complaints.urls_review_case import urlpatterns

    steps = {p.name for p in urlpatterns} - {"review", "review_add", "review_edit"}
    assert steps == set(BY_NAME)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_the_allowed_user_opens_the_form_and_takes_the_step(client, builder, review_users, spec):
    review = spec.make(builder)
    client.force_login(getattr(review_users, spec.actor))
    page = client.get(url(spec, review))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="govuk-back-link"' in html and review.get_absolute_url() in html
    assert "csrfmiddlewaretoken" in html
    response = client.post(url(spec, review), spec.data(review, review_users))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == review.get_absolute_url()
    assert flash(response), "a success message"
    assert spec.done(fresh(review))


@pytest.mark.parametrize("spec", [s for s in SPECS if s.manager_only], ids=lambda s: s.name)
def test_office_staff_cannot_take_a_managers_step(client, builder, review_users, spec):
    review = spec.make(builder)
    before = fresh(review).updated_at
    client.force_login(review_users.staff)
    assert client.get(url(spec, review)).status_code == 403
    assert client.post(url(spec, review), spec.data(review, review_users)).status_code == 403
    assert fresh(review).updated_at == before and not spec.done(fresh(review))


@pytest.mark.parametrize("who", ["grants_manager", "coordinator", "reports"])
def test_other_roles_get_403_on_every_step(client, builder, review_users, who):
    client.force_login(getattr(review_users, who))
    made: dict = {}
    for spec in SPECS:
        review = made.get(spec.make) or spec.make(builder)
        made[spec.make] = review
        before = fresh(review).updated_at
        assert client.get(url(spec, review)).status_code == 403, spec.name
        assert client.post(url(spec, review), spec.data(review, review_users)).status_code == 403, spec.name
        assert fresh(review).updated_at == before, spec.name
    for name in ("review_add", "review"):
        args = [] if name == "review_add" else [made[SPECS[0].make].pk]
        assert client.get(reverse(f"complaints:{name}", args=args)).status_code == 403


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_a_step_the_status_does_not_allow_says_why_and_changes_nothing(client, builder, review_users, spec):
    review = builder.walk(S.CLOSED)
    before = (fresh(review).updated_at, fresh(review).history.count())
    client.force_login(review_users.manager if spec.manager_only else review_users.staff)
    for method in (client.get, client.post):
        response = method(url(spec, review), spec.data(review, review_users))
        assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
        assert any("You cannot" in m and "Closed" in m for m in flash(response)), flash(response)
    after = fresh(review)
    assert (after.updated_at, after.history.count()) == before and after.status == S.CLOSED


def test_a_manager_with_a_declared_conflict_cannot_decide(client, builder, review_users):
    review = with_finding(builder)
    services.conflict_declare(review=review, by=review_users.manager, note="Neighbour")
    client.force_login(review_users.manager)
    spec = BY_NAME["review_decide"]
    assert client.get(url(spec, review)).status_code == 403
    assert client.post(url(spec, review), spec.data(review, review_users)).status_code == 403
    assert fresh(review).status == S.UNDER_REVIEW


def test_a_manager_who_is_not_the_reviewer_is_told_and_cannot_decide(client, builder, review_users):
    review = with_finding(builder)
    client.force_login(review_users.other_manager)
    spec = BY_NAME["review_decide"]
    assert "Only the reviewer, Robin Hughes, can decide it" in client.get(url(spec, review)).content.decode()
    response = client.post(url(spec, review), spec.data(review, review_users))
    assert response.status_code == 200
    assert "Only the assigned reviewer can decide it" in response.content.decode()
    assert fresh(review).status == S.UNDER_REVIEW


def test_a_one_click_step_posts_with_nothing_typed_and_dates_today(client, builder, review_users):
    review = builder.walk(S.RECEIVED)
    client.force_login(review_users.staff)
    response = client.post(reverse("complaints:review_acknowledge", args=[review.pk]))
    assert response.status_code == 302
    assert fresh(review).acknowledged_on == TODAY()
    assert flash(response) == [f"Acknowledged on {TODAY().day} {TODAY():%B %Y}."]


# --- bad input: a clear message on the form, never a 500, nothing half-saved ----------------------

LONG = "x" * 10_001
TOMORROW = lambda: d(TODAY() + dt.timedelta(days=1))  # noqa: E731

BAD = [
    ("review_acknowledge", lambda u: {"on": TOMORROW()}, "cannot be in the future"),
    ("review_acknowledge", lambda u: {"on": "31/02/2025"}, "must be a real date"),
    (
        "review_acknowledge",
        lambda u: {"on": "\u0660\u0661/\u0660\u0662/\u0662\u0660\u0662\u0665"},
        "must be a real date",
    ),
    ("review_acknowledge", lambda u: {"on": "1" * 5000}, "must be a real date"),
    ("review_acknowledge", lambda u: {"on": d(TODAY() - dt.timedelta(days=400))}, "cannot be before"),
    ("review_check_body", lambda u: {}, "Choose an answer to (a)"),
    ("review_check_body", lambda u: {**no_answers(), "answer_part": "maybe"}, "Choose an answer to (f)"),
    ("review_check_body", lambda u: {**no_answers(), "note_part": LONG}, "10000 characters or fewer"),
    (
        "review_check_body",
        lambda u: {**no_answers(), "note_part": "a\x00b"},
        "Null characters are not allowed",
    ),
    ("review_record_forwarding", lambda u: {}, "Choose which way it was forwarded"),
    (
        "review_record_forwarding",
        lambda u: {"direction": "sideways", "received_on": "30/02/2025", "forwarded_on": TOMORROW()},
        "must be a real date",
    ),
    (
        "review_record_forwarding",
        lambda u: {
            "direction": "iopc_to_opcc",
            "received_on": d(TODAY() - dt.timedelta(days=3)),
            "forwarded_on": d(TODAY() - dt.timedelta(days=5)),
        },
        "cannot be before the date it was received",
    ),
    (
        "review_record_forwarding",
        lambda u: {
            "direction": "iopc_to_opcc",
            "received_on": d(TODAY() - dt.timedelta(days=300)),
            "forwarded_on": d(TODAY() - dt.timedelta(days=200)),
        },
        "cannot be before the review information was given",
    ),
    ("review_mark_invalid", lambda u: {}, "Choose why the application is invalid"),
    (
        "review_mark_invalid",
        lambda u: {"reason": "other", "note": "  "},
        "Enter why the application is invalid",
    ),
    ("review_mark_out_of_time", lambda u: {}, "It arrived in time"),
    ("review_extend", lambda u: {"reason": LONG}, "Shorten the special circumstances"),
    ("review_extend", lambda u: {"reason": ""}, "Enter the special circumstances"),
    ("review_withdraw", lambda u: {"reason": "\x00"}, "Null characters are not allowed"),
    ("review_start", lambda u: {"reviewer": u.staff.pk}, "Choose a Reviews manager as the reviewer"),
    ("review_start", lambda u: {"reviewer": "٣"}, "Choose a Reviews manager as the reviewer"),
    ("review_start", lambda u: {"reviewer": "1 OR 1=1"}, "Choose a Reviews manager as the reviewer"),
    ("review_reassign", lambda u: {"reviewer": u.manager.pk}, "They are already the reviewer"),
    (
        "review_reassign",
        lambda u: {"reviewer": u.administrator.pk},
        "Choose a Reviews manager as the reviewer",
    ),
    ("review_declare_conflict", lambda u: {"note": ""}, "Enter the conflict of interest"),
    ("review_request_information", lambda u: {"what": LONG}, "Shorten the information requested"),
    (
        "review_request_information",
        lambda u: {"what": "Footage", "on": TOMORROW()},
        "cannot be in the future",
    ),
    ("information_receive", lambda u: {"on": "29/02/2023"}, "must be a real date"),
    (
        "information_chase",
        lambda u: {"on": d(TODAY() - dt.timedelta(days=300))},
        "cannot be before the request",
    ),
    ("review_record_finding", lambda u: {}, "Enter the allegation"),
    (
        "review_record_finding",
        lambda u: {"allegation": "A", "outcome": "maybe", "reasons": "R"},
        "Choose whether",
    ),
    ("review_decide", lambda u: {"result": "not_upheld", "reasons": "R"}, "it is upheld"),
    (
        "review_decide",
        lambda u: {"result": "upheld", "reasons": "R", "on": TOMORROW()},
        "cannot be in the future",
    ),
    ("review_decide", lambda u: {"result": "", "reasons": ""}, "Choose upheld or not upheld"),
    ("review_add_recommendation", lambda u: {"text_": "   "}, "Enter the recommendation"),
    ("recommendation_response", lambda u: {"response": "perhaps"}, "Choose whether the force accepted it"),
    ("review_add_learning", lambda u: {"theme": "999999", "text_": "T"}, "Choose a learning theme"),
    ("review_close", lambda u: {"on": "00/00/0000"}, "must be a real date"),
]


@pytest.mark.parametrize(
    ("name", "data", "message"), BAD, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(BAD)]
)
def test_bad_input_gives_a_clear_message_and_saves_nothing(
    client, builder, review_users, name, data, message
):
    spec = BY_NAME[name]
    # Marking out of time is refused by the service when the application arrived in time.
    review = builder.walk(S.ACKNOWLEDGED) if name == "review_mark_out_of_time" else spec.make(builder)
    before = fresh(review)
    counts = (before.history.count(), before.findings.count(), before.recommendations.count())
    client.force_login(getattr(review_users, spec.actor))
    response = client.post(url(spec, review), data(review_users))
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html.replace("&#x27;", "'"), html[:4000]
    after = fresh(review)
    assert (after.history.count(), after.findings.count(), after.recommendations.count()) == counts
    assert after.status == before.status and after.updated_at == before.updated_at


def test_a_row_of_another_review_is_not_found(client, builder, review_users):
    one, other = builder.walk(S.AWAITING_FORCE), builder.walk(S.AWAITING_FORCE)
    client.force_login(review_users.staff)
    theirs = other.information_requests.get()
    for name in ("information_chase", "information_receive"):
        response = client.post(reverse(f"complaints:{name}", args=[one.pk, theirs.pk]), {})
        assert response.status_code == 404
    assert other.information_requests.get().chased_on is None
    sent = builder.walk(S.RECOMMENDATIONS_OUTSTANDING)
    response = client.post(
        reverse("complaints:recommendation_response", args=[one.pk, sent.recommendations.get().pk]),
        {"response": "accepted"},
    )
    assert response.status_code == 404 and sent.recommendations.get().response == ""


def test_a_row_step_already_taken_says_so(client, builder, review_users):
    review = builder.walk(S.AWAITING_FORCE)
    request = review.information_requests.get()
    services.information_request(review=review, by=review_users.staff, what="More")
    services.information_receive(request=request, by=review_users.staff)
    client.force_login(review_users.staff)
    response = client.post(reverse("complaints:information_receive", args=[review.pk, request.pk]), {})
    assert response.status_code == 302
    assert flash(response) == [f"That information was received on {TODAY().day} {TODAY():%B %Y}."]
