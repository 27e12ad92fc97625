"""The six roles (Django groups) and the module permissions they carry.

Groups are created by migrations: this module holds the names and the helper those migrations
call, so a later app adds its own permissions to the roles in a migration of its own.
"""

from collections.abc import Iterable, Mapping

OFFICE_STAFF = "Office staff"
GRANTS_MANAGER = "Grants manager"
REVIEWS_MANAGER = "Reviews manager"
VOLUNTEER_COORDINATOR = "Volunteer coordinator"
REPORTS = "Reports"
ADMINISTRATOR = "Administrator"

ROLES = (OFFICE_STAFF, GRANTS_MANAGER, REVIEWS_MANAGER, VOLUNTEER_COORDINATOR, REPORTS, ADMINISTRATOR)

# Which modules each role opens ("core.access_<module>").
MODULE_ACCESS: dict[str, tuple[str, ...]] = {
    OFFICE_STAFF: ("grants", "complaints", "volunteers", "engagement"),
    GRANTS_MANAGER: ("grants",),
    REVIEWS_MANAGER: ("complaints",),
    VOLUNTEER_COORDINATOR: ("volunteers",),
    REPORTS: ("reports",),
    ADMINISTRATOR: ("grants", "complaints", "volunteers", "engagement", "reports", "admin"),
}


def grant_permissions(apps, role_permissions: Mapping[str, Iterable[str]]) -> None:
    """Give each role the listed "app_label.codename" permissions (migration helper).

    Creates any permission a fresh database does not have yet (post_migrate has not run inside
    the migration that needs it) so migrations work from empty and on an existing database.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, perms in role_permissions.items():
        group, _ = group_model.objects.get_or_create(name=role)
        for dotted in perms:
            app_label, codename = dotted.split(".", 1)
            permission = permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            group.permissions.add(permission)
