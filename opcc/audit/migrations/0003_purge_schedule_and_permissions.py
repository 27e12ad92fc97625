"""Celery beat purges audit events past the retention period daily at 02:30 (London time);
Administrators may view the trail in the admin."""

from django.db import migrations

from opcc.core import roles

TASK_NAME = "Purge old audit events"
TASK = "opcc.audit.tasks.audit_purge_task"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="2",
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
            "description": "Delete access audit events older than AUDIT_RETENTION_DAYS; the purge is itself recorded.",
        },
    )
    roles.grant_permissions(apps, {roles.ADMINISTRATOR: ["audit.view_accessevent"]})


def unschedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_trigger"),
        ("core", "0003_roles"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
