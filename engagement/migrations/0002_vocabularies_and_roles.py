"""The correspondence categories with their clock rules, the award categories, and who may do what.

Categories are the annual reports' own (domain.md §1a "Correspondence and casework") plus
environmental information and subject access; FOI and EIR run 20 working days on any UK nation's
holidays, subject access one calendar month, the rest the office's 10-working-day standard.
Youth Commissioners are minors: only office staff, who run the scheme, see the members.
"""

from django.db import migrations

from opcc.core import roles

CATEGORIES = [
    # name, regime, rule, days
    ("Requests for funding", "", "local", 10),
    ("Anti-social behaviour", "", "local", 10),
    ("Complaint about the force", "", "local", 10),
    ("Review of a complaint", "", "local", 10),
    ("Freedom of information", "foi", "foi", 20),
    ("Environmental information", "eir", "foi", 20),
    ("Subject access", "sar", "sar", None),
    ("Mental health", "", "local", 10),
    ("General advice", "", "local", 10),
    ("Event invitation", "", "local", 10),
    ("Work experience and careers", "", "local", 10),
    ("Other", "", "local", 10),
]
AWARD_CATEGORIES = [
    ("Outstanding Citizen", False),
    ("Outstanding Young Citizen", True),
    ("Outstanding Community Project", False),
    ("Outstanding Young Community Project", True),
    ("Special Recognition Award", False),
]
MODELS = [
    "category",
    "case",
    "clockstop",
    "duedatechange",
    "callday",
    "event",
    "consultation",
    "consultationphase",
    "consultationresult",
    "awardcategory",
    "awardedition",
    "nomination",
    "youthcohort",
    "youthactivity",
]


def load(apps, schema_editor):
    category = apps.get_model("engagement", "Category")
    for order, (name, regime, rule, days) in enumerate(CATEGORIES, start=1):
        category.objects.get_or_create(
            name=name, defaults={"regime": regime, "rule": rule, "days": days, "sort_order": order}
        )
    award_category = apps.get_model("engagement", "AwardCategory")
    for order, (name, young) in enumerate(AWARD_CATEGORIES, start=1):
        award_category.objects.get_or_create(
            name=name, defaults={"for_young_people": young, "sort_order": order}
        )

    view_all = [f"engagement.view_{m}" for m in MODELS]
    roles.grant_permissions(
        apps,
        {
            roles.OFFICE_STAFF: [
                *view_all,
                "engagement.view_youthcommissioner",
                "engagement.record_engagement",
                "engagement.work_with_youth_commissioners",
            ],
            roles.ADMINISTRATOR: [
                *view_all,
                "engagement.add_category",
                "engagement.change_category",
                "engagement.add_awardcategory",
                "engagement.change_awardcategory",
            ],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("engagement", "0001_initial"), ("core", "0006_suite_dates_and_visit_target")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
