"""The six roles as groups, with the module permissions each opens (opcc.core.roles)."""

from django.db import migrations

from opcc.core import roles


def create_roles(apps, schema_editor):
    role_permissions = {
        role: [f"core.access_{module}" for module in modules] for role, modules in roles.MODULE_ACCESS.items()
    }
    role_permissions[roles.ADMINISTRATOR] += [
        f"{app}.{action}_{model}"
        for app, model in [
            ("auth", "user"),
            ("auth", "group"),
            ("core", "financialyear"),
            ("core", "localauthority"),
            ("core", "policingarea"),
            ("core", "custodysuite"),
            ("core", "closureday"),
            ("axes", "accessattempt"),
            ("axes", "accessfailurelog"),
            ("axes", "accesslog"),
        ]
        for action in ("view", "add", "change", "delete")
    ] + ["django_celery_results.view_taskresult"]
    roles.grant_permissions(apps, role_permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("axes", "0010_accessattemptexpiration"),
        ("django_celery_results", "0014_alter_taskresult_status"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
