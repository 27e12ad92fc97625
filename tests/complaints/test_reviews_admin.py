"""Reviews in the admin: pages open, decided fields cannot be changed by a POST, exports are safe,
the vocabularies import, the one service standards row."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from complaints.admin.reviews import ReviewResource
from complaints.models import LearningTheme, Review, ServiceStandards, Status, SubjectCategory
from opcc.audit.models import AccessEvent, Action
from opcc.core import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, make_user):
    """The first Administrator is a superuser: change permission on reviews too."""
    client.force_login(make_user(roles.ADMINISTRATOR, is_superuser=True))
    return client


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(roles.ADMINISTRATOR))
    return client


@pytest.fixture
def closed(review_in):
    return review_in(Status.CLOSED, complainant_name="Jordan Okafor", complainant_email="j@example.org")


def change_url(review: Review) -> str:
    return reverse("admin:complaints_review_change", args=[review.pk])


def test_review_pages_open_and_reads_are_audited(admin_client, closed):
    assert admin_client.get(reverse("admin:complaints_review_changelist")).status_code == 200
    page = admin_client.get(change_url(closed))
    assert page.status_code == 200
    text = page.content.decode()
    for shown in ("Apologise in writing", "Officer was rude", "The investigation report"):
        assert shown in text  # recommendation, finding, information request inlines
    assert AccessEvent.objects.filter(action=Action.RECORD_VIEWED, object_id=str(closed.pk)).exists()
    history = admin_client.get(reverse("admin:complaints_review_history", args=[closed.pk]))
    assert history.status_code == 200


def test_no_adding_or_deleting_reviews(superuser_client, closed):
    assert superuser_client.get(reverse("admin:complaints_review_add")).status_code == 403
    delete = reverse("admin:complaints_review_delete", args=[closed.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert Review.objects.filter(pk=closed.pk).exists()


def test_search_uses_the_lists_search(admin_client, builder):
    jordan = builder.create(complainant_name="Jordan Okafor", force_reference="PSD/1")
    casey = builder.create(complainant_name="Casey Brennan", force_reference="PSD/2")
    url = reverse("admin:complaints_review_changelist")
    for term, expected in (("okafor", jordan), (casey.reference, casey), ("psd/2", casey)):
        page = admin_client.get(url, {"q": term}).content.decode()
        assert expected.reference in page
        other = casey if expected == jordan else jordan
        assert other.reference not in page


def post_change(client, review: Review, **changes):
    """The change form's own values (as the page shows them), with `changes` on top."""
    data = {
        "force_reference": review.force_reference,
        "complainant_name": review.complainant_name,
        "complainant_email": review.complainant_email,
        "complainant_phone": review.complainant_phone,
        "complainant_address": review.complainant_address,
        "complainant_postcode": review.complainant_postcode,
        "preferred_channel": review.preferred_channel,
        "reasonable_adjustments": review.reasonable_adjustments,
        "representative_name": review.representative_name,
        "representative_contact": review.representative_contact,
        "summary": review.summary,
        "received_channel": review.received_channel,
        "subjects": [s.pk for s in review.subjects.all()],
    }
    for prefix in (
        "body_checks",
        "forwarding_periods",
        "conflicts",
        "information_requests",
        "findings",
        "recommendations",
        "learning_points",
    ):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(changes)
    return client.post(change_url(review), data)


def test_descriptive_corrections_but_never_the_status_clock_or_decision(superuser_client, closed):
    before = Review.objects.get(pk=closed.pk)
    response = post_change(
        superuser_client,
        closed,
        complainant_name="Jordan Okafor-Smith",
        status="received",
        result="not_upheld",
        decided_on="01/01/2020",
        decide_by="01/01/2020",
        received_on="01/01/2020",
        reviewer="",
        reference="CR-1999-0001",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    after = Review.objects.get(pk=closed.pk)
    assert after.complainant_name == "Jordan Okafor-Smith"
    for field in ("status", "result", "decided_on", "decide_by", "received_on", "reviewer_id", "reference"):
        assert getattr(after, field) == getattr(before, field), field
    assert after.history.first().history_user is not None


def test_an_administrator_without_the_change_permission_only_reads(admin_client, closed):
    from django.contrib.auth.models import Group

    Group.objects.get(name=roles.ADMINISTRATOR).permissions.remove(
        Permission.objects.get(content_type__app_label="complaints", codename="change_review")
    )
    response = post_change(admin_client, closed, complainant_name="Someone Else")
    assert response.status_code == 403
    assert Review.objects.get(pk=closed.pk).complainant_name == "Jordan Okafor"


def test_export_is_formula_safe_without_contact_details(admin_client, builder):
    builder.create(force_reference="=cmd|' /C calc'!A0", complainant_email="x@example.org")
    url = reverse("admin:complaints_review_export")
    assert admin_client.get(url).status_code == 200
    fields = {f"reviewresource_{name}": "on" for name in ReviewResource().get_export_order()}
    csv_response = admin_client.post(url, {"format": "0", "resource": "0", **fields})
    assert csv_response["Content-Type"].startswith("text/csv")
    body = csv_response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == [
        "Reference",
        "Force reference",
        "Date received",
        "Status",
        "Subjects",
        "Reviewer",
        "Decide by",
        "Result",
        "Date decided",
    ]
    assert rows[1][1] == "'=cmd|' /C calc'!A0"
    assert rows[1][3] == "Received"
    assert "x@example.org" not in body
    assert "Jordan" not in body
    xlsx = admin_client.post(url, {"format": "1", "resource": "0", **fields})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s" and cell.quotePrefix
    assert AccessEvent.objects.filter(action=Action.LIST_EXPORTED).count() == 2


# --- vocabularies and standards ----------------------------------------------------------------


def test_vocabularies_import_all_or_nothing(admin_client):
    url = reverse("admin:complaints_subjectcategory_import")
    upload = SimpleUploadedFile(
        "subjects.csv",
        b"name,active,sort_order\nRoads policing,yes,40\nIncivility,no,2\n",
        content_type="text/csv",
    )
    preview = admin_client.post(url, {"format": "0", "import_file": upload})
    assert preview.status_code == 200
    done = admin_client.post(
        reverse("admin:complaints_subjectcategory_process_import"), preview.context["confirm_form"].initial
    )
    assert done.status_code == 302
    assert SubjectCategory.objects.get(name="Roads policing").sort_order == 40
    assert SubjectCategory.objects.get(name="Incivility").active is False

    bad = SimpleUploadedFile(
        "t.csv", b"name,active,sort_order\nNew theme,yes,1\n,yes,2\n", content_type="text/csv"
    )
    admin_client.post(reverse("admin:complaints_learningtheme_import"), {"format": "0", "import_file": bad})
    assert not LearningTheme.objects.filter(name="New theme").exists()


def test_vocabularies_are_never_deleted(admin_client):
    theme = LearningTheme.objects.first()
    assert (
        admin_client.get(reverse("admin:complaints_learningtheme_delete", args=[theme.pk])).status_code == 403
    )
    assert admin_client.get(reverse("admin:complaints_learningtheme_add")).status_code == 200


def test_service_standards_one_row_edited(admin_client):
    standards = ServiceStandards.objects.get()
    assert admin_client.get(reverse("admin:complaints_servicestandards_add")).status_code == 403
    delete = reverse("admin:complaints_servicestandards_delete", args=[standards.pk])
    assert admin_client.get(delete).status_code == 403
    url = reverse("admin:complaints_servicestandards_change", args=[standards.pk])
    fields = {
        "acknowledge_working_days": "3",
        "decide_working_days": "20",
        "recommendation_response_days": "28",
        "due_soon_working_days": "5",
    }
    assert admin_client.post(url, fields).status_code == 302
    assert ServiceStandards.current().decide_working_days == 20
    refused = admin_client.post(url, {**fields, "decide_working_days": "0"})
    assert refused.status_code == 200
    assert ServiceStandards.current().decide_working_days == 20


def test_the_standards_add_page_opens_when_there_is_no_row(admin_client):
    ServiceStandards.objects.all().delete()
    assert admin_client.get(reverse("admin:complaints_servicestandards_add")).status_code == 200


def test_administrator_role_holds_the_permissions_the_admin_needs():
    """Reference data is the Administrator's to change; reviews' descriptive details to correct
    (complaints migration 0007); adding and deleting reviews is nobody's in the admin."""
    from django.contrib.auth.models import Group

    held = set(
        Permission.objects.filter(
            group__name=roles.ADMINISTRATOR, content_type__app_label="complaints"
        ).values_list("codename", flat=True)
    )
    assert {"change_subjectcategory", "add_learningtheme", "change_servicestandards", "view_review"} <= held
    assert "change_review" in held
    assert not {"add_review", "delete_review"} & held
    assert Group.objects.filter(name=roles.ADMINISTRATOR).exists()
