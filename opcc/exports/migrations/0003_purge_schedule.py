"""Celery beat deletes export jobs (and their files) older than EXPORT_JOB_KEEP_DAYS daily at 03:15
(London time)."""

from django.db import migrations

TASK_NAME = "Delete old export jobs"
TASK = "opcc.exports.tasks.purge_export_jobs"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="15",
        hour="3",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME,
        defaults={
            "task": TASK,
            "crontab": nightly,
            "interval": None,
            "enabled": True,
            "description": "Delete export jobs that finished more than EXPORT_JOB_KEEP_DAYS ago, with their files.",
        },
    )


def unschedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("exports", "0002_job_json_format"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
