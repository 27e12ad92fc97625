"""Complaint subjects, learning themes, the service standards row and the complaints permissions per role.

Subjects: the themes the office's reports name (police investigations, incivility, discrimination,
sexual misconduct, stop and search, vetting) and the IOPC's national complaint categories.
"""

from django.db import migrations

from opcc.core import roles

SUBJECTS = [
    "Police investigations",
    "Incivility",
    "Discrimination",
    "Sexual misconduct",
    "Stop and search",
    "Vetting",
    "Delivery of duties and service",
    "Police powers, policies and procedures",
    "Use of force",
    "Arrest",
    "Detention in police custody",
    "Handling of or damage to property",
    "Access to and disclosure of information",
    "Abuse of position or corruption",
    "Individual behaviours",
    "Use of police vehicles",
    "Other",
]
THEMES = [
    "Communication with the complainant",
    "Timeliness",
    "Quality of the investigation",
    "Record keeping",
    "Policy and procedure",
    "Training and supervision",
    "Equality and diversity",
    "Victim care",
]
MODELS = [
    "review",
    "bodycheck",
    "forwardingperiod",
    "conflict",
    "informationrequest",
    "finding",
    "recommendation",
    "learningpoint",
    "subjectcategory",
    "learningtheme",
    "servicestandards",
]
REFERENCE = ["subjectcategory", "learningtheme", "servicestandards"]


def load(apps, schema_editor):
    for model, names in (("SubjectCategory", SUBJECTS), ("LearningTheme", THEMES)):
        klass = apps.get_model("complaints", model)
        for order, name in enumerate(names, start=1):
            klass.objects.get_or_create(name=name, defaults={"sort_order": order})
    standards = apps.get_model("complaints", "ServiceStandards")
    if not standards.objects.exists():
        standards.objects.create()

    view_all = [f"complaints.view_{m}" for m in MODELS]
    roles.grant_permissions(
        apps,
        {
            roles.OFFICE_STAFF: view_all,
            roles.REVIEWS_MANAGER: [*view_all, "complaints.decide_review"],
            roles.ADMINISTRATOR: view_all
            + [f"complaints.{a}_{m}" for m in REFERENCE for a in ("add", "change")],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial"), ("core", "0004_reference_counter")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
