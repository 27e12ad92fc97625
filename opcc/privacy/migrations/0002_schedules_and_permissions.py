"""Celery beat: the nightly disposal dry run (02:45) and the morning reminder digest (06:30),
London time. Administrators manage retention and see the privacy records in the admin."""

from django.db import migrations

from opcc.core import roles

TASKS = {
    "Propose disposals (retention dry run)": (
        "opcc.privacy.tasks.propose_disposals",
        ("45", "2"),
        "Lists the records the retention schedule says are due; nothing changes until an Administrator approves.",
    ),
    "Send the daily reminder digests": (
        "opcc.privacy.tasks.send_daily_digests",
        ("30", "6"),
        "One email per person listing what is theirs and due soon or overdue; never twice a day.",
    ),
}


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, (task, (minute, hour), description) in TASKS.items():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Europe/London",
        )
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={
                "task": task,
                "crontab": crontab,
                "interval": None,
                "enabled": True,
                "description": description,
            },
        )
    roles.grant_permissions(
        apps,
        {
            roles.ADMINISTRATOR: [
                "privacy.manage_retention",
                "privacy.view_retentionrule",
                "privacy.change_retentionrule",
                "privacy.view_legalhold",
                "privacy.view_disposalbatch",
                "privacy.view_disposalentry",
            ]
        },
    )


def unschedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=list(TASKS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("core", "0003_roles"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
