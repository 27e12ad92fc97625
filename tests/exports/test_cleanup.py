"""Old export jobs go with their files (daily, by Celery beat); recent and running ones stay. The
admin shows jobs read-only and deletes them with their files."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from opcc.core import roles
from opcc.exports import services
from opcc.exports.models import ExportJob
from opcc.exports.tasks import purge_export_jobs

pytestmark = pytest.mark.django_db
Status = ExportJob.Status


@pytest.fixture
def make_job(make_user):
    owner = make_user(roles.OFFICE_STAFF, username="owner")

    def make(status=Status.SUCCEEDED, *, days_ago: float = 0, with_file: bool = True) -> ExportJob:
        when = timezone.now() - timedelta(days=days_ago)
        job = ExportJob.objects.create(
            requested_by=owner, list_name="grants.applications", format="csv", status=status
        )
        if with_file:
            job.file.save("applications.csv", ContentFile(b"a,b\r\n"), save=True)
        finished = when if status in (Status.SUCCEEDED, Status.FAILED) else None
        heartbeat = when if status == Status.RUNNING else None
        ExportJob.objects.filter(pk=job.pk).update(
            created_at=when, finished_at=finished, heartbeat_at=heartbeat
        )
        job.refresh_from_db()
        return job

    return make


def test_an_old_finished_job_goes_with_its_file(make_job, settings):
    settings.EXPORT_JOB_KEEP_DAYS = 7
    old, old_failed = make_job(days_ago=8), make_job(Status.FAILED, days_ago=30, with_file=False)
    recent = make_job(days_ago=6)
    path = old.file.name
    assert default_storage.exists(path)

    assert purge_export_jobs.apply().get() == 2
    assert not default_storage.exists(path)
    assert set(ExportJob.objects.values_list("pk", flat=True)) == {recent.pk}
    assert default_storage.exists(recent.file.name)
    assert old_failed.pk not in ExportJob.objects.values_list("pk", flat=True)


def test_a_running_or_queued_job_is_never_deleted(make_job):
    running, queued = (
        make_job(Status.RUNNING, days_ago=1),
        make_job(Status.QUEUED, days_ago=1, with_file=False),
    )
    abandoned = make_job(Status.RUNNING, days_ago=20, with_file=False)
    assert services.export_jobs_purge(keep_days=7) == 0
    statuses = dict(ExportJob.objects.values_list("pk", "status"))
    assert statuses == {running.pk: Status.RUNNING, queued.pk: Status.QUEUED, abandoned.pk: Status.FAILED}
    abandoned.refresh_from_db()
    assert abandoned.error == services.STALE_REASON, "failed with a reason, deleted a keep period later"
    assert services.export_job_delete(job=running) is False


def test_the_keep_period_is_at_least_a_day():
    with pytest.raises(ValueError):
        services.export_jobs_purge(keep_days=0)


def test_the_daily_purge_is_scheduled():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="opcc.exports.tasks.purge_export_jobs")
    assert task.enabled and task.crontab is not None and task.crontab.hour == "3"


def test_the_admin_lists_jobs_read_only_and_deletes_them_with_their_files(client_as, make_job):
    admin_client = client_as(roles.ADMINISTRATOR)
    done, running = make_job(), make_job(Status.RUNNING, with_file=False)
    changelist = reverse("admin:exports_exportjob_changelist")
    page = admin_client.get(changelist, {"status__exact": "succeeded", "q": "owner"})
    assert page.status_code == 200 and page.context["cl"].result_count == 1
    assert admin_client.get(reverse("admin:exports_exportjob_add")).status_code == 403
    change = admin_client.get(reverse("admin:exports_exportjob_change", args=[done.pk]))
    assert change.status_code == 200 and b'name="_save"' not in change.content
    assert admin_client.get(reverse("admin:exports_exportjob_delete", args=[running.pk])).status_code == 403

    path = done.file.name
    delete = {"action": "delete_selected", "post": "yes"}
    refused = admin_client.post(changelist, {**delete, "_selected_action": [done.pk, running.pk]})
    assert refused.status_code == 403, "a selection with a running job is refused whole"
    response = admin_client.post(changelist, {**delete, "_selected_action": [done.pk]})
    assert response.status_code == 302
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [running.pk]
    assert not default_storage.exists(path)


def test_only_administrators_see_export_jobs_in_the_admin(client_as, make_job):
    make_job()
    assert (
        client_as(roles.GRANTS_MANAGER).get(reverse("admin:exports_exportjob_changelist")).status_code == 403
    )
