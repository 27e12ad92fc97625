"""Training courses each scheme requires, the fourth custody suite, and the scheme permissions per role.

Courses follow the recruitment steps in regulatory.md §2.3 and §3.3: a custody visitor's initial
training and an appropriate adult's training against the NAAN pack, both once; safeguarding and
data protection refreshed. Coventry is the suite the 2019/20 report's "4 sites" counts besides Perry
Barr, Oldbury and Wolverhampton.
"""

from django.db import migrations

from opcc.core import roles

COURSES = [
    # name, ICV, AA, valid months (None: never expires)
    ("Custody visitor initial training", True, False, None),
    ("Appropriate adult training (NAAN pack)", False, True, None),
    ("Safeguarding", True, True, 36),
    ("Data protection and confidentiality", True, True, 24),
    ("Mental health awareness", False, False, 36),
]
MODELS = [
    "volunteer",
    "course",
    "trainingrecord",
    "availability",
    "custodyvisit",
    "visitcount",
    "visitnotoffered",
    "visitcondition",
    "visitissue",
    "rotaslot",
    "rotaassignment",
    "callout",
]


def load(apps, schema_editor):
    course = apps.get_model("volunteers", "Course")
    for name, icv, aa, months in COURSES:
        course.objects.get_or_create(
            name=name, defaults={"required_for_icv": icv, "required_for_aa": aa, "valid_months": months}
        )
    suite = apps.get_model("core", "CustodySuite")
    area = apps.get_model("core", "PolicingArea").objects.filter(name="Coventry").first()
    suite.objects.get_or_create(name="Coventry", defaults={"policing_area": area})

    view_all = [f"volunteers.view_{m}" for m in MODELS]
    roles.grant_permissions(
        apps,
        {
            roles.OFFICE_STAFF: view_all,
            roles.VOLUNTEER_COORDINATOR: [*view_all, "volunteers.coordinate_volunteers"],
            roles.ADMINISTRATOR: [*view_all, "volunteers.add_course", "volunteers.change_course"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_initial"), ("core", "0006_suite_dates_and_visit_target")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
