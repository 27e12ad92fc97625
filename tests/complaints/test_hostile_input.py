"""Hostile input on every complaint review form: a message (form error, 403, 404 or 405), never a 500,
and nothing half-saved (the review, its rows and every history table are as they were).

Free text of any script, emoji, SQL and HTML is ordinary text: stored as typed, shown back escaped.
The registers, the quarterly chooser, the lists' filters and exports, URLs and concurrent steps are
in tests/complaints/test_hostile_registers.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms as django_forms
from django.contrib.messages import get_messages
from django.urls import resolve, reverse
from django.utils import timezone

from complaints.models import (
    BodyCheck,
    Conflict,
    Finding,
    ForwardingPeriod,
    InformationRequest,
    LearningPoint,
    LearningTheme,
    Recommendation,
    Review,
    Status,
)
from opcc.core.fields import UKDateField
from tests.complaints.test_actions_views import SPECS, Spec

pytestmark = pytest.mark.django_db
S = Status

ROWS = (
    Review,
    BodyCheck,
    ForwardingPeriod,
    Conflict,
    InformationRequest,
    Finding,
    Recommendation,
    LearningPoint,
)

LONG = "x" * 10_001
NUL = "Jo\x00rdan"
RLO = "Jordan \u202eevil.exe"
ARABIC_DIGITS_DATE = "\u0660\u0661/\u0660\u0662/\u0662\u0660\u0662\u0665"  # 01/02/2025
FULLWIDTH_DATE = "\uff10\uff11/\uff10\uff12/\uff12\uff10\uff12\uff15"
BAD_DATES = [
    ARABIC_DIGITS_DATE,
    FULLWIDTH_DATE,
    "31/02/2025",
    "00/00/0000",
    "01/01/0000",
    "01/01/99999",
    "1/1/1",
    "2025-13-45",
    "'; DROP TABLE complaints_review; --",
    "<script>alert(1)</script>",
    "x" * 200,
    "01/01/2025\x00",
]
BAD_CHOICES = [
    "'; DROP TABLE complaints_review; --",
    "<script>",
    "\x00",
    "\u0661",
    "-1",
    "99999999999999999999",
    "1e3",
    LONG,
]
BAD_TEXT = [LONG, "a\x00b"]
SCRIPTS = [
    "\u0645\u062d\u0645\u062f \u0639\u0628\u062f \u0627\u0644\u0644\u0647",  # Arabic
    "\u738b\u5c0f\u660e",  # Chinese
    "Si\u00e2n Ll\u0177r ap Dafydd",  # Welsh
    "\U0001f600\U0001f525\U0001f308",  # emoji only
]
SQL = "Robert'); DROP TABLE complaints_review;--"
HTML = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def tomorrow() -> str:
    return f"{timezone.localdate() + dt.timedelta(days=1):%d/%m/%Y}"


def snapshot(review: Review | None = None) -> tuple:
    """Every row and history row the review steps write, and the review's own state."""
    counts = tuple((model.objects.count(), model.history.count()) for model in ROWS)  # type: ignore[attr-defined]
    if review is None:
        return counts
    fresh = Review.objects.get(pk=review.pk)
    return (*counts, fresh.status, fresh.reviewer_id, fresh.result, fresh.updated_at)


def bad_values(field: django_forms.Field) -> list[str]:
    if isinstance(field, UKDateField):
        return [*BAD_DATES, tomorrow()]
    if isinstance(field, django_forms.ChoiceField | django_forms.ModelChoiceField):
        return BAD_CHOICES
    if isinstance(field, django_forms.CharField):
        return BAD_TEXT
    raise AssertionError(f"no hostile values for {type(field).__name__}")


def form_fields(url: str) -> dict[str, django_forms.Field]:
    view = resolve(url).func.view_class  # type: ignore[attr-defined]
    return dict(view.form_class().fields)


def client_for(spec: Spec, client_as_user, users):
    return client_as_user(users.manager if spec.actor == "manager" else users.staff)


@pytest.fixture
def client_as_user(client):
    from tests.auth import VerifiedClient

    def make(user):
        c = VerifiedClient()
        c.force_login(user)
        return c

    return make


def assert_refused(response, url: str, field: str, value: str) -> None:
    assert response.status_code == 200, (url, field, repr(value[:40]), response.status_code)
    page = response.content.decode()
    assert "govuk-error-summary" in page, (url, field, repr(value[:40]))


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_every_step_refuses_hostile_values_field_by_field_and_saves_nothing(
    spec, builder, review_users, client_as_user
):
    review = spec.make(builder)
    url = reverse(f"complaints:{spec.name}", args=spec.args(review))
    client = client_for(spec, client_as_user, review_users)
    good = spec.data(review, review_users)
    fields = form_fields(url)
    before = snapshot(review)
    tried = 0
    for name, field in fields.items():
        for value in bad_values(field):
            response = client.post(url, {**good, name: value})
            assert_refused(response, url, name, value)
            tried += 1
    assert snapshot(review) == before
    assert tried == sum(len(bad_values(f)) for f in fields.values())


def test_the_body_check_refuses_hostile_answers_and_notes(review_in, review_users, client_as_user):
    review = review_in(S.ACKNOWLEDGED)
    url = reverse("complaints:review_check_body", args=[review.pk])
    client = client_as_user(review_users.staff)
    good = {"answer_serious": "no"}
    before = snapshot(review)
    for value in BAD_CHOICES:
        assert_refused(client.post(url, {**good, "answer_serious": value}), url, "answer", value)
    for value in BAD_TEXT:
        assert_refused(client.post(url, {**good, "note_serious": value}), url, "note", value)
    assert snapshot(review) == before


INTAKE_POST = {
    "force_reference": "PSD/2025/0123",
    "complaint_made_on": "01/01/2025",
    "handling_type": "investigated",
    "complainant_name": "Jordan Example",
    "preferred_channel": "email",
    "complainant_email": "jordan@example.org",
    "review_info_given_on": "",
    "received_on": "",
    "received_channel": "email",
}


def intake_post(**changes) -> dict:
    today = timezone.localdate()
    data = {
        **INTAKE_POST,
        "review_info_given_on": f"{today - dt.timedelta(days=5):%d/%m/%Y}",
        "received_on": f"{today:%d/%m/%Y}",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("action", ["review_add", "review_edit"])
def test_intake_and_its_correction_refuse_hostile_values_field_by_field(
    action, make_review, review_users, client_as_user
):
    review = make_review()
    url = reverse(f"complaints:{action}", args=[review.pk] if action == "review_edit" else [])
    client = client_as_user(review_users.staff)
    before = snapshot(review)
    fields = form_fields(url)
    for name, field in fields.items():
        values = ["999999999", "abc", "\x00", "-1", "\u0661"] if name == "subjects" else bad_values(field)
        for value in values:
            response = client.post(url, intake_post(**{name: value}))
            assert_refused(response, url, name, value)
    for name in ("complainant_name", "representative_name"):
        response = client.post(url, intake_post(**{name: RLO}))
        assert_refused(response, url, name, RLO)
        assert "direction control" in response.content.decode()
    assert snapshot(review) == before


@pytest.mark.parametrize("name", SCRIPTS, ids=["arabic", "chinese", "welsh", "emoji"])
def test_names_of_any_script_are_accepted_and_shown_back(name, review_users, client_as_user):
    client = client_as_user(review_users.staff)
    response = client.post(reverse("complaints:review_add"), intake_post(complainant_name=name))
    assert response.status_code == 302, response.context["form"].errors
    review = Review.objects.get()
    assert review.complainant_name == name
    assert name in client.get(review.get_absolute_url()).content.decode()
    # and the list finds it (emoji-only has no word to search by: it still lists)
    listing = client.get(reverse("complaints:reviews")).content.decode()
    assert review.reference in listing


def test_sql_and_html_are_stored_as_typed_and_escaped_on_the_pages(builder, review_users, client_as_user):
    client = client_as_user(review_users.staff)
    response = client.post(reverse("complaints:review_add"), intake_post(complainant_name=SQL, summary=HTML))
    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.complainant_name, review.summary) == (SQL, HTML)
    page = client.get(review.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "Robert&#x27;); DROP TABLE complaints_review;--" in page
    listing = client.get(reverse("complaints:reviews"), {"q": SQL}).content.decode()
    assert "<script>" not in listing


def test_step_text_of_any_script_or_markup_is_kept_and_escaped(review_in, review_users, client_as_user):
    review = review_in(S.UNDER_REVIEW)
    manager = client_as_user(review_users.manager)
    for i, text in enumerate([*SCRIPTS, SQL, HTML]):
        response = manager.post(
            reverse("complaints:review_record_finding", args=[review.pk]),
            {"allegation": text, "outcome": "reasonable", "reasons": f"{text} {i}"},
        )
        assert response.status_code == 302
    assert sorted(Finding.objects.values_list("allegation", flat=True)) == sorted([*SCRIPTS, SQL, HTML])
    page = manager.get(review.get_absolute_url()).content.decode()
    for text in SCRIPTS:
        assert text in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


# --- ids of other records, of the wrong kind, or of nothing ----------------------------------------


def test_reviewer_ids_that_are_not_a_reviews_manager_are_form_errors(review_in, review_users, client_as_user):
    review = review_in(S.ACKNOWLEDGED)
    from complaints import services
    from tests.complaints.conftest import ALL_NO

    services.body_check_record(review=review, by=review_users.staff, answers=ALL_NO)
    url = reverse("complaints:review_start", args=[review.pk])
    client = client_as_user(review_users.staff)
    before = snapshot(review)
    inactive = review_users.other_manager
    inactive.is_active = False
    inactive.save()
    for value in [
        review_users.staff.pk,
        review_users.grants_manager.pk,
        review_users.administrator.pk,
        inactive.pk,
        999_999_999,
        "abc",
        "",
        "99999999999999999999",
    ]:
        response = client.post(url, {"reviewer": value})
        assert_refused(response, url, "reviewer", str(value))
        assert "Choose a Reviews manager as the reviewer" in response.content.decode()
    assert snapshot(review) == before


def test_a_retired_or_unknown_learning_theme_is_a_form_error(review_in, review_users, client_as_user):
    review = review_in(S.DECIDED)
    retired = LearningTheme.objects.create(name="Retired theme", active=False)
    url = reverse("complaints:review_add_learning", args=[review.pk])
    client = client_as_user(review_users.manager)
    before = snapshot(review)
    for value in [retired.pk, 999_999_999, "x", "99999999999999999999"]:
        response = client.post(url, {"theme": value, "text_": "Call back sooner"})
        assert_refused(response, url, "theme", str(value))
        assert "Choose a learning theme" in response.content.decode()
    assert snapshot(review) == before


def test_rows_of_another_review_or_of_nothing_are_404(review_in, review_users, client_as_user):
    waiting = review_in(S.AWAITING_FORCE)
    other_waiting = review_in(S.AWAITING_FORCE)
    outstanding = review_in(S.RECOMMENDATIONS_OUTSTANDING)
    other_outstanding = review_in(S.RECOMMENDATIONS_OUTSTANDING)
    client = client_as_user(review_users.staff)
    before = snapshot()
    theirs = other_waiting.information_requests.get().pk
    for name in ("information_chase", "information_receive"):
        for pk in (theirs, 999_999_999):
            url = reverse(f"complaints:{name}", args=[waiting.pk, pk])
            assert client.get(url).status_code == 404
            assert client.post(url, {}).status_code == 404
    theirs = other_outstanding.recommendations.get().pk
    for pk in (theirs, 999_999_999):
        url = reverse("complaints:recommendation_response", args=[outstanding.pk, pk])
        assert client.post(url, {"response": "accepted"}).status_code == 404
    assert snapshot() == before


REVIEW_ROUTES = [s.name for s in SPECS if s.args.__name__ == "<lambda>"] + ["review", "review_edit"]


@pytest.mark.parametrize("pk", ["999999999", "99999999999999999999", "0"])
def test_review_urls_with_ids_of_nothing_are_404(pk, review_users, client_as_user):
    client = client_as_user(review_users.manager)
    for name in REVIEW_ROUTES:
        url = reverse(f"complaints:{name}", args=[1]).replace("/1/", f"/{pk}/", 1)
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == (405 if name == "review" else 404), url
    for path in ("reviews/abc/", "reviews/-1/", "reviews/1.5/", "reviews/\u0661/", "reviews/%00/"):
        assert client.get(f"/complaints/{path}").status_code == 404, path


# --- wrong status and double submits --------------------------------------------------------------

STATUS_STEPS = [
    s
    for s in SPECS
    if s.name
    not in {
        # Steps that add a row without changing the status may be taken again (a second finding,
        # recommendation, learning point, conflict note or forwarding period is a real record).
        "review_check_body",
        "review_record_forwarding",
        "review_declare_conflict",
        "review_record_finding",
        "review_add_recommendation",
        "review_add_learning",
        "review_extend",
        "review_reassign",
    }
]


@pytest.mark.parametrize("spec", STATUS_STEPS, ids=[s.name for s in STATUS_STEPS])
def test_a_second_post_of_the_same_step_changes_nothing_and_says_why(
    spec, builder, review_users, client_as_user
):
    review = spec.make(builder)
    url = reverse(f"complaints:{spec.name}", args=spec.args(review))
    client = client_for(spec, client_as_user, review_users)
    data = spec.data(review, review_users)
    first = client.post(url, data)
    assert first.status_code == 302, first.context["form"].errors if first.context else first
    assert spec.done(Review.objects.get(pk=review.pk))
    after_first = snapshot(review)
    second = client.post(url, data)
    if second.status_code == 200:  # the step may be taken again, but not twice the same: a form error
        said = [" ".join(e) for e in second.context["form"].errors.values()]
    else:
        assert second.status_code == 302 and second.url == review.get_absolute_url()
        said = [str(m) for m in get_messages(second.wsgi_request)]
    assert said and any(word in said[-1] for word in ("cannot", "already", "was received", "was recorded")), (
        said
    )
    assert snapshot(review) == after_first


def test_a_new_information_request_or_a_later_chase_is_still_accepted(
    review_in, review_users, client_as_user
):
    review = review_in(S.AWAITING_FORCE)
    client = client_as_user(review_users.staff)
    add = reverse("complaints:review_request_information", args=[review.pk])
    assert client.post(add, {"what": "The custody record"}).status_code == 302
    again = client.post(add, {"what": "  the CUSTODY record "})
    assert "already recorded" in again.content.decode()
    assert review.information_requests.count() == 2
    first = review.information_requests.earliest("pk")
    first.requested_on = first.chased_on = timezone.localdate() - dt.timedelta(days=3)
    first.save()
    chase = reverse("complaints:information_chase", args=[review.pk, first.pk])
    same_day = client.post(chase, {"on": f"{first.chased_on:%d/%m/%Y}"})
    assert "already chased" in same_day.content.decode()
    assert client.post(chase, {}).status_code == 302
    first.refresh_from_db()
    assert first.chased_on == timezone.localdate()


def test_ids_typed_in_other_scripts_digits_are_refused(review_in, review_users, client_as_user):
    """int() reads an Arabic-Indic one as 1: a theme, reviewer or subject id in another script's digits is not an id."""
    from complaints.models import SubjectCategory

    digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    review = review_in(S.UNDER_REVIEW)
    theme = LearningTheme.objects.active().first()
    manager = client_as_user(review_users.manager)
    before = snapshot(review)
    response = manager.post(
        reverse("complaints:review_add_learning", args=[review.pk]),
        {"theme": str(theme.pk).translate(digits), "text_": "Call back sooner"},
    )
    assert "Choose a learning theme" in response.content.decode()
    response = client_as_user(review_users.staff).post(
        reverse("complaints:review_reassign", args=[review.pk]),
        {"reviewer": str(review_users.other_manager.pk).translate(digits)},
    )
    assert "Choose a Reviews manager" in response.content.decode()
    subject = SubjectCategory.objects.active().first()
    response = client_as_user(review_users.staff).post(
        reverse("complaints:review_add"), intake_post(subjects=[str(subject.pk).translate(digits)])
    )
    assert response.status_code == 200 and "subjects" in response.context["form"].errors
    assert snapshot(review) == before


def test_an_html_date_widget_value_or_iso_date_is_a_form_error_not_a_500(
    review_in, review_users, client_as_user
):
    review = review_in(S.RECEIVED)
    url = reverse("complaints:review_acknowledge", args=[review.pk])
    client = client_as_user(review_users.staff)
    for value in ("2025-02-01", "1/2/25", "01.02.2025", " ", "\t01/02/2025\n"):
        response = client.post(url, {"on": value})
        assert response.status_code in (200, 302), value
    assert Review.objects.get(pk=review.pk).status in (S.RECEIVED, S.ACKNOWLEDGED)


def test_unknown_post_fields_and_methods_change_nothing(review_in, review_users, client_as_user):
    review = review_in(S.UNDER_REVIEW)
    client = client_as_user(review_users.manager)
    url = reverse("complaints:review_decide", args=[review.pk])
    before = snapshot(review)
    for method in ("patch", "delete"):
        assert getattr(client, method)(url).status_code == 405
    assert client.put(url).status_code == 200  # Django's FormView treats PUT as POST: a form error
    response = client.post(url, {"result": "upheld", "reasons": "x", "status": "closed", "reviewer": "1"})
    assert response.status_code == 200  # no finding yet: the service refuses with a message
    assert "finding" in response.content.decode().lower()
    assert snapshot(review) == before
