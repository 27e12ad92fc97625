"""Themes, the POCA community funds and their lineage, and the grants permissions per role."""

from django.db import migrations

from opcc.core import roles

THEMES = [
    "Anti-social behaviour",
    "County lines",
    "Cybercrime",
    "Domestic abuse",
    "Mental health",
    "Mentoring",
    "Offending",
    "Out of court disposals",
    "Rehabilitation",
    "Serious youth violence",
    "Sexual violence",
    "Sports diversion",
    "Victims of crime",
    "Youth",
    "Youth justice",
]

MODELS = [
    "fund",
    "fundyear",
    "topup",
    "allocationline",
    "theme",
    "organisation",
    "application",
    "assessment",
    "conflictdeclaration",
    "decision",
    "award",
    "payment",
    "monitoringreturn",
    "variation",
]
STAFF_EDITS = [
    "organisation",
    "application",
    "assessment",
    "conflictdeclaration",
    "payment",
    "monitoringreturn",
]


def load(apps, schema_editor):
    Theme = apps.get_model("grants", "Theme")
    Fund = apps.get_model("grants", "Fund")
    for name in THEMES:
        Theme.objects.get_or_create(name=name)
    acf, _ = Fund.objects.get_or_create(
        code="ACF",
        defaults={
            "name": "Active Citizens Fund",
            "source": "poca",
            "active": False,
            "description": "POCA community fund to 2019/20.",
        },
    )
    cif, _ = Fund.objects.get_or_create(
        code="CIF",
        defaults={
            "name": "Community Initiatives Fund",
            "source": "poca",
            "active": False,
            "predecessor": acf,
            "description": "2020/21: groups helping communities recover from COVID-19.",
        },
    )
    Fund.objects.get_or_create(
        code="HCF",
        defaults={
            "name": "Helping Communities Fund",
            "source": "poca",
            "predecessor": cif,
            "description": "Money seized from criminals under the Proceeds of Crime Act "
            "2002, shared between the policing areas.",
        },
    )

    view_all = [f"grants.view_{m}" for m in MODELS]
    staff = view_all + [f"grants.{a}_{m}" for m in STAFF_EDITS for a in ("add", "change")]
    roles.grant_permissions(
        apps,
        {
            roles.OFFICE_STAFF: staff,
            roles.GRANTS_MANAGER: view_all
            + [
                "grants.decide_application",
                "grants.manage_funds",
                "grants.export_publications",
                "grants.add_conflictdeclaration",
            ],
            roles.REPORTS: ["grants.export_publications"],
            roles.ADMINISTRATOR: view_all + [f"grants.{a}_{m}" for m in MODELS for a in ("add", "change")],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_initial"), ("core", "0004_reference_counter")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
