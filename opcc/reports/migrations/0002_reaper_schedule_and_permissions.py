"""Celery beat reaps stale report runs every 5 minutes; Administrators may view runs in the admin."""

from django.db import migrations

from opcc.core import roles

TASK_NAME = "Reap stale report runs"
TASK = "opcc.reports.tasks.reap_stale_report_runs"


def schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME,
        defaults={
            "task": TASK,
            "interval": every_five,
            "enabled": True,
            "description": "Re-queue or fail annual report runs whose worker stopped responding.",
        },
    )
    roles.grant_permissions(
        apps, {roles.ADMINISTRATOR: ["reports.view_reportrun", "reports.view_reportfile"]}
    )


def unschedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("core", "0003_roles"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
