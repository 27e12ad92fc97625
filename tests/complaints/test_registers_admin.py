"""The registers in the admin: imports all or nothing with the forms' date rules, exports, no deleting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from complaints.models import DipSample, LongInvestigation
from opcc.core import roles
from tests.complaints.test_registers_support import investigation, sample

pytestmark = pytest.mark.django_db

DIP_HEADER = "month,scope,theme,cases_examined,findings,stage,reported_on"
INV_HEADER = "force_reference,started_on,notified_on,reason_for_delay,report_received_on,closed_on"


def upload(*lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("register.csv", "\n".join(lines).encode(), content_type="text/csv")


def preview(client, model: str, *lines: str):
    return client.post(
        reverse(f"admin:complaints_{model}_import"), {"format": "0", "import_file": upload(*lines)}
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_dip_samples_import_after_a_preview(client_as):
    client = client_as(roles.ADMINISTRATOR)
    response = preview(
        client,
        "dipsample",
        DIP_HEADER,
        "01/07/2022,Complaints,Police investigations,49,Letters lacked reasons,Reported,12/09/2022",
        "01/01/2023,complaints,Incivility,49,,planned,",
    )
    assert DipSample.objects.count() == 0
    done = client.post(
        reverse("admin:complaints_dipsample_process_import"), response.context["confirm_form"].initial
    )
    assert done.status_code == 302
    assert sorted(DipSample.objects.values_list("theme", "cases_examined", "stage")) == [
        ("Incivility", 49, "planned"),
        ("Police investigations", 49, "reported"),
    ]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("15/07/2022,complaints,Theme,49,,planned,", "Row 1: month: Enter the month as its first day."),
        ("01/07/2022,complaints,Theme,\u0664\u0669,,planned,", "is not a whole number"),
        ("01/07/2022,complaints,Theme,1000000000000,,planned,", "cases_examined"),
        ("01/07/2022,traffic,Theme,49,,planned,", '"traffic" is not one of'),
        ("01/07/2022,complaints,Theme,49,,reported,01/08/2022", "Enter the findings"),
    ],
)
def test_a_bad_dip_sample_row_saves_nothing(client_as, row, problem):
    good = "01/01/2023,complaints,Incivility,49,,planned,"
    response = preview(client_as(roles.ADMINISTRATOR), "dipsample", DIP_HEADER, row, good)
    listed = messages_of(response)
    assert listed[0].startswith("Nothing was imported")
    assert any(problem in line for line in listed), listed
    assert DipSample.objects.count() == 0


def test_investigations_import_and_a_future_date_is_refused(client_as):
    client = client_as(roles.ADMINISTRATOR)
    future = (timezone.localdate() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    bad = preview(client, "longinvestigation", INV_HEADER, f"PSD/1,01/01/2023,{future},Forensics,,")
    assert any("cannot be in the future" in line for line in messages_of(bad))
    good = preview(
        client,
        "longinvestigation",
        INV_HEADER,
        "PSD/1,01/01/2023,01/02/2024,Forensics,01/03/2024,",
        "PSD/2,,01/03/2024,Witness unavailable,,",
    )
    client.post(
        reverse("admin:complaints_longinvestigation_process_import"), good.context["confirm_form"].initial
    )
    assert LongInvestigation.objects.get(force_reference="PSD/1").report_received_on == dt.date(2024, 3, 1)
    assert LongInvestigation.objects.get(force_reference="PSD/2").history.latest().history_user is not None


def test_export_and_the_admin_refuses_adding_and_deleting(client_as):
    s, inv = sample(stage="reported"), investigation()
    client = client_as(roles.ADMINISTRATOR)
    for model, obj in (("dipsample", s), ("longinvestigation", inv)):
        assert client.get(reverse(f"admin:complaints_{model}_export")).status_code == 200
        assert client.get(reverse(f"admin:complaints_{model}_add")).status_code == 403
        assert client.get(reverse(f"admin:complaints_{model}_delete", args=[obj.pk])).status_code == 403
        assert client.get(reverse(f"admin:complaints_{model}_change", args=[obj.pk])).status_code == 200


def test_the_admin_change_form_applies_the_date_rules(client_as):
    inv = investigation(notified=dt.date(2024, 5, 1))
    client = client_as(roles.ADMINISTRATOR)
    response = client.post(
        reverse("admin:complaints_longinvestigation_change", args=[inv.pk]),
        {
            "force_reference": inv.force_reference,
            "started_on": "01/06/2024",
            "notified_on": "01/05/2024",
            "reason_for_delay": "x",
        },
    )
    assert response.status_code == 200
    assert "The office cannot be notified before it started." in response.content.decode()


def test_only_administrators_may_import(client_as):
    assert client_as(roles.OFFICE_STAFF).get(reverse("admin:complaints_dipsample_import")).status_code == 403
